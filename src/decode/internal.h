/*
 * src/decode/internal.h - the decoder's tables, shared by the full
 * decoder (decode.c), its tables (tables.c), the query functions (info.c)
 * and the fast path (fast.h, fast.c, gen_fast.c).
 *
 * Opcode tables map an opcode byte to a 16-bit entry: either a descriptor
 * index (one instruction variant: operation, operand-size rule, immediate,
 * memory size, mnemonic) or a redirect that picks among entries by
 * mandatory prefix, CPU mode, ModRM.mod or ModRM.reg.
 */
#ifndef VIE_DECODE_INTERNAL_H
#define VIE_DECODE_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include <vie/decode.h>

/* Table entries. */
#define E_UNSUP   0u        /* valid x86 that vie does not decode */
#define E_INVALID 1u        /* #UD */
#define E_REDIR   0x8000u   /* redirect: kind in bits 12..10, index below */
#define R_PFX     0u        /* by mandatory prefix: none, 66, F3, F2 */
#define R_M64     1u        /* by mode: outside 64-bit, 64-bit */
#define R_GRP     2u        /* by ModRM.reg */
#define R_MOD     3u        /* by ModRM.mod: memory, register */
#define R_ESC     4u        /* an escape to another map: ESC_* below */
#define ESC_VEX3  0u
#define ESC_VEX2  1u
#define ESC_0F38  2u
#define ESC_0F3A  3u
#define REDIR(kind, idx) ((uint16_t)(E_REDIR | (kind) << 10 | (idx)))

/* Operand-size rules (struct vd_desc.osz). */
enum {
	OSZ_B = 1,  /* 8-bit */
	OSZ_V,      /* 16/32/64 by mode, 66, REX.W */
	OSZ_V64,    /* as OSZ_V, but 64 by default in 64-bit mode (PUSH/POP) */
	OSZ_Z,      /* 16/32 only (INS/OUTS) */
	OSZ_SREG,   /* MOV r/m, Sreg: 16 for memory, OSZ_V for a register */
	OSZ_DQ,     /* 32, or 64 with REX.W/VEX.W in 64-bit mode (MOVD/MOVQ, BEXTR, MOVNTI) */
	OSZ_CX,     /* CMPXCHG8B (8) / CMPXCHG16B (16, REX.W) */
	OSZ_F4,
	OSZ_F8,
	OSZ_F16,
	OSZ_VX,     /* 16, or 32 with VEX.L */
};

/* Immediate rules (struct vd_desc.imm). */
enum {
	IMM_NONE = 0,
	IMM_B,      /* 8 bits */
	IMM_Z,      /* 16 with a 16-bit operand size, else 32 */
	IMM_MOFFS,  /* address-size offset (A0-A3) */
};

/* Memory-size rules (struct vd_desc.msz). */
enum {
	MSZ_OSZ = 0, /* the operand size */
	MSZ_B,
	MSZ_W,
	MSZ_D,
	MSZ_Q,
	MSZ_X,       /* 16 */
	MSZ_VX,      /* 16, or 32 with VEX.L */
	MSZ_MOVSXD,  /* 32 for a 64-bit operand size, else the operand size */
};

/* Register classes of ModRM.reg (struct vd_desc.rcls). */
enum {
	RCL_NONE = 0,
	RCL_GPR,     /* sized by the operand size */
	RCL_SREG,
	RCL_MMX,
	RCL_XMM,
	RCL_VX,      /* xmm, or ymm with VEX.L */
};

/* Mnemonic rules (struct vd_desc.nrule). */
enum {
	NM_ONE = 0,  /* names[0] */
	NM_SIZE,     /* names[log2(opsize)]: movsb movsw movsd movsq */
	NM_W,        /* names[1] for a 64-bit (or 16-byte CX) size, else names[0] */
	NM_CC,       /* names[0] + condition suffix from the opcode's low nibble */
	NM_REG,      /* vd_shift_names[ModRM.reg] */
};

/* Decode constraints (struct vd_desc.dflags). */
#define D_MODRM       0x0001 /* has a ModRM byte */
#define D_LOCK        0x0002 /* LOCK allowed with a memory operand */
#define D_MEMONLY     0x0004 /* ModRM.mod == 3 is #UD */
#define D_NO64        0x0008 /* #UD in 64-bit mode */
#define D_VEX_L0      0x0010 /* VEX.L = 1 is #UD */
#define D_NOVVVV      0x0020 /* VEX.vvvv other than 1111b is #UD */
#define D_NOVVVV_MEM  0x0040 /* ... for the memory form only */
#define D_SEG_ES      0x0080 /* memory operand is ES:rDI, no override */
#define D_STRING_SRC  0x0100 /* string op with a DS:rSI (overridable) operand */
#define D_SREG        0x0200 /* ModRM.reg names a segment register (6, 7: #UD) */

/* Internal symbols: hidden, so that even the shared library reaches them
 * directly rather than through the GOT. */
#define VD_HIDDEN __attribute__((visibility("hidden")))

struct vd_desc {
	uint8_t op_type;   /* VIE_OP_TYPE_* */
	uint8_t osz;       /* OSZ_* */
	uint8_t imm;       /* IMM_* */
	uint8_t msz;       /* MSZ_* */
	uint8_t rcls;      /* RCL_* */
	uint8_t nrule;     /* NM_* */
	uint16_t op_flags; /* VIE_OP_F_* copied into vie->op.op_flags */
	uint16_t dflags;   /* D_* */
	uint16_t names;    /* index into vd_names */
	/* struct vie's last eight bytes (decoded, op.op_type, op.op_flags)
	 * and this descriptor's index placed as in the word at offset 24, so
	 * the decoder stores them with one OR each. */
	uint32_t desc_w24;
	uint64_t tail_w56;
};

extern VD_HIDDEN const struct vd_desc vd_desc[];
extern VD_HIDDEN const unsigned vd_ndesc;
extern VD_HIDDEN const char *const vd_names[][4];
extern VD_HIDDEN const char *const vd_shift_names[8];

/* Opcode maps: one byte and 0F, 0F 38 (legacy), VEX 0F, VEX 0F 38. */
extern VD_HIDDEN const uint16_t vd_map_legacy[2][256];
extern VD_HIDDEN const uint16_t vd_map_0f38[256];
extern VD_HIDDEN const uint16_t vd_vex_0f[256];
extern VD_HIDDEN const uint16_t vd_vex_0f38[256];
/* Redirect targets. */
extern VD_HIDDEN const uint16_t vd_pfx[][4];
extern VD_HIDDEN const uint16_t vd_m64[][2];
extern VD_HIDDEN const uint16_t vd_grp[][8];
extern VD_HIDDEN const uint16_t vd_mod[][2];

/* Sizes by operand-size rule and prefix state (rules.h, SIZES). */
extern VD_HIDDEN const uint16_t vd_size_tab[OSZ_VX + 1][64];

/* Four bytes at p, little-endian, unaligned. */
static inline uint32_t
vd_load32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* Load one of struct vie's 8-byte words at p. */
static inline uint64_t
vd_load64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

/* Store one of struct vie's 8-byte words at p. */
static inline void
vd_store64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

/* Store struct vie's bytes 16-63 as six words (offsets 16, 24, 32: the
 * bit-field words and registers; 40 displacement; 48 immediate; 56 the
 * tail), as both decoders build them. */
static inline void
vd_store_words(void *vie, uint64_t w16, uint64_t w24, uint64_t w32, int64_t disp, int64_t imm,
    uint64_t w56)
{
	uint8_t *out = (uint8_t *)vie;
	vd_store64(out + 16, w16);
	vd_store64(out + 24, w24);
	vd_store64(out + 32, w32);
	vd_store64(out + 40, (uint64_t)disp);
	vd_store64(out + 48, (uint64_t)imm);
	vd_store64(out + 56, w56);
}

/* The full decoder (every mode, prefix run and escape); the fast path's
 * fallback, and the reference the fast path is tested against. */
VD_HIDDEN int vd_decode_full(struct vie *vie, const uint8_t *bytes, size_t len,
    enum vm_cpu_mode mode, int cs_d);

#endif /* VIE_DECODE_INTERNAL_H */
