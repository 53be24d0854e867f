/*
 * src/decode/fast.h - the tables of the decoder's fast path (fast.c), in
 * one block, struct vd_fast_tables, so that the fast path reaches all of
 * them from one base register.  gen_fast.c writes the block's definition,
 * fast_tables.c: the opcode maps and per-opcode templates it derives from
 * tables.c, and the rows below, which follow from the SDM's encoding
 * rules alone, as the *_INIT macros give them.
 *
 * Each row gives its part of struct vie's 8-byte words (w16 at offset 16,
 * w24, w32, w56) already in place, so the fast path combines them with
 * adds and ORs.
 */
#ifndef VIE_DECODE_FAST_H
#define VIE_DECODE_FAST_H

#include <stddef.h>

#include "internal.h"
#include "rules.h"

/*
 * Opcode maps, map[m64][mandatory prefix << 9 | 0F << 8 | opcode] (the
 * prefix: none, 66, F3, F2; it picks an SSE opcode's form and, 66, the
 * sizes) and vmap[m64][map << 8 | opcode] (VEX 0F, 0F 38): a template's
 * byte offset in tpl[] in bits 16-31; FM_GROUP for a group, whose template
 * is at + (ModRM << 3) & FM_GROUP, that is ModRM.reg * 64; in vmap,
 * FM_VEXPP for an opcode whose form VEX.pp picks, whose template is at +
 * ((pp << 9) & FM_VEXPP) >> 3, that is pp * 64; in the legacy maps, in
 * FM_LEN the opcode's length (1, or 2 with 0F) and the immediate's, so
 * that the instruction's length does not wait for the template, except
 * where the immediate's length varies with ModRM.reg or REX.W (F6/F7,
 * Iz after 66): then FM_TPL, and FM_LEN has the opcode's alone.  Offset
 * 0, template 0, sends the instruction to the full decoder.
 */
#define FM_GROUP 0x1C0u
#define FM_VEXPP 0x600u
#define FM_LEN 0x7u     /* legacy maps: the opcode's and the immediate's length */
#define FM_TPL 0x800u   /* legacy maps: the immediate's length is the template's */
_Static_assert(((FM_LEN | FM_TPL) & (0xFFu << 3)) == 0, "(ModRM << 3) & entry picks FM_GROUP's bits alone");
#define FF_NOMODRM 0x01 /* no ModRM byte (string instructions) */
#define FF_BAIL    0x02 /* the full decoder decides */
#define FF_MEMONLY 0x04 /* ModRM.mod == 3 is #UD (bit 2: see the fast path) */
#define FF_SEG_ES  0x08 /* memory operand is ES:rDI, no override (no ModRM) */
#define FF_LOCK    0x10 /* LOCK allowed with a memory operand */
#define FF_VEX_L0  0x20 /* VEX.L = 1 is #UD */
#define FF_NOVVVV  0x40 /* VEX.vvvv other than 1111b is #UD */
#define FF_NOVVVV_MEM 0x80 /* ... for the memory form only */
/* Size-table rows: operand-size rule * FAST_IMM_RULES + immediate rule,
 * where IMM_B zero-extended (VIE_OP_F_IMM_ZX) is a rule of its own. */
#define FAST_IMM_RULES 4
#define FAST_IMM_BZX   3

/* Sizes: struct vie's bits at offset 16 (sizes byte, immediate bytes;
 * the immediate's length also in bits 56-63) and its word at 56: in a
 * template, the template's w56 with the operand-size attribute ORed in,
 * so that the fast path loads the word once.  icnt and izm give the
 * immediate from its raw bytes (rules.h, FAST_ICNT). */
struct vd_fast_sz {
	uint64_t w16;
	uint64_t w56;
	uint32_t icnt;
	uint32_t izm;
};

/* 64 bytes, one cache line. */
struct vd_fast {
	uint64_t w56;      /* struct vie's last eight bytes, opcode byte included,
	                    * without the sizes' bits (sz[] has the whole word) */
	uint32_t desc_w24; /* the descriptor index, placed as in the word at offset 24 */
	uint16_t szbase;   /* size-table row * 16 */
	uint8_t flags;     /* FF_* */
	uint8_t pad_;
	struct vd_fast_sz sz[2]; /* sizes without legacy prefixes, by REX.W */
};
_Static_assert(sizeof(struct vd_fast) == 64, "FM_GROUP and FM_VEXPP count in 64-byte templates");

/*
 * pfx[], by mode and legacy prefix (numbered as in cls[]): its part.
 *   c: bit 0 a legacy prefix; bit 1 (FP_BAIL) for the full decoder: 67
 *      outside 64-bit mode (16-bit addressing); bits 2-3 66, 67 in the
 *      size state's positions; bits 4-5 the mandatory-prefix number (66 1,
 *      F3 2, F2 3); bit 6 (FP_LOCK) LOCK; bits 8-15 the register of an
 *      effective segment override, 0 for none.
 *   w16, w56: the prefix's bits of struct vie's words at offsets 16 and 56
 *      (w16 also counts the byte in its low byte, the length).
 *   keep, or: the words at 24 and 32 become (word & keep) | or: LOCK's
 *      bit, an effective segment override in place of the default.
 */
struct fp_pfx {
	uint64_t w16;
	uint32_t c;
	uint32_t w56;
	uint64_t keep[2];
	uint64_t or[2];
	uint64_t pad_[2]; /* 64 bytes: a row's offset is its number << 6 */
};
#define FP_BAIL 2u
#define FP_LOCK 0x40u
#define PF_SEGNO(b) ((b) == 0x26 ? 0 : (b) == 0x2E ? 1 : (b) == 0x36 ? 2 : (b) == 0x3E ? 3 : \
	(b) == 0x64 ? 4 : (b) == 0x65 ? 5 : -1)
/* A segment override that takes effect: not ES/CS/SS/DS in 64-bit mode. */
#define PF_SEGEFF(m64, b) (PF_SEGNO(b) >= 0 && (!(m64) || PF_SEGNO(b) >= 4))
#define PF_HDR(m64, b) ((b) == 0x66 ? 1u << H_66 : (b) == 0x67 ? 1u << H_67 :              \
	(b) == 0xF2 ? 1u << H_F2 : (b) == 0xF3 ? 1u << H_F3 : PF_SEGEFF(m64, b) ? 1u << H_SEGOVR : 0u)
#define PF_C(m64, b)                                                                        \
	((b) == 0x66 ? 1u | 1u << 2 | 1u << 4 : (b) == 0x67 ? ((m64) ? 1u | 1u << 3 : 1u | FP_BAIL) : \
	 (b) == 0xF0 ? 1u | FP_LOCK : (b) == 0xF2 ? 1u | 3u << 4 : (b) == 0xF3 ? 1u | 2u << 4 :        \
	 PF_SEGNO(b) >= 0 ? 1u | (PF_SEGEFF(m64, b) ? (unsigned)(VM_REG_GUEST_ES + PF_SEGNO(b)) << 8 : 0u) : 0u)
/* struct vie byte 57: rep_last (F3), seg_prefix (any segment prefix + 1). */
#define PF_W56(b) ((b) == 0xF3 ? 1u << 8 : PF_SEGNO(b) >= 0 ? (unsigned)(PF_SEGNO(b) + 1) << 9 : 0u)
#define PF(m64, b) {(uint64_t)PF_HDR(m64, b) << 16 | 1u, PF_C(m64, b), PF_W56(b),              \
	{~(uint64_t)0, PF_SEGEFF(m64, b) ? 0xFFFFFFFFu : ~(uint64_t)0},                              \
	{(b) == 0xF0 ? 1u << 14 : 0u, PF_SEGEFF(m64, b) ? (uint64_t)(VM_REG_GUEST_ES + PF_SEGNO(b)) << 32 : 0u}, {0, 0}}
#define PF_NONE {0, 0, 0, {~(uint64_t)0, ~(uint64_t)0}, {0, 0}, {0, 0}}
/* The eleven, in the order of their numbers in cls[] (1..11). */
#define PF_ALL(m64) {PF_NONE, PF(m64, 0x26), PF(m64, 0x2E), PF(m64, 0x36), PF(m64, 0x3E),  \
	PF(m64, 0x64), PF(m64, 0x65), PF(m64, 0x66), PF(m64, 0x67), PF(m64, 0xF0), PF(m64, 0xF2), \
	PF(m64, 0xF3)}
#define FP_PFX_INIT {PF_ALL(0), PF_ALL(1)}

/* cls[], by mode and byte: FC_LEGACY for a legacy prefix, with its
 * number in pfx[] in bits 2-5 and its mandatory-prefix number in bits 6-7
 * (it picks the opcode map, without waiting for pfx[]); FC_VEX for C4/C5 (VEX,
 * or LES/LDS outside 64-bit mode); for REX (64-bit mode) its row's byte
 * offset in rex[], (16 | WRXB) * 16, which the fast path adds as it is.
 * 0 for any other byte. */
#define FC_LEGACY 1
#define FC_VEX 2
#define PF_NO(b) ((b) == 0x26 ? 1 : (b) == 0x2E ? 2 : (b) == 0x36 ? 3 : (b) == 0x3E ? 4 :   \
	(b) == 0x64 ? 5 : (b) == 0x65 ? 6 : (b) == 0x66 ? 7 : (b) == 0x67 ? 8 : (b) == 0xF0 ? 9 : \
	(b) == 0xF2 ? 10 : (b) == 0xF3 ? 11 : 0)
#define FCLS(m64, u, b) (uint16_t)(PF_NO(b) ? FC_LEGACY | PF_NO(b) << 2 | (PF_C(m64, b) >> 4 & 3) << 6 : \
	((b) & 0xFE) == 0xC4 ? FC_VEX : (m64) && ((b) & 0xF0) == 0x40 ? (16 | ((b) & 15)) << 4 : 0)
#define FP_CLASS_INIT {{REP256(FCLS, 0, 0)}, {REP256(FCLS, 1, 0)}}

/*
 * rex[], by present << 4 | WRXB (64-bit mode): REX's part of the word at
 * offset 16 (the low byte counts its length); with REX.B, the byte offset
 * in the table block of the mrm[] rows it selects (so that a row's address
 * is one add and one shift of ModRM away); REX.XB as an offset into
 * sib[]; REX.W as the byte offset in the table block of template 0's
 * sizes for it (so that a template's are one add away, and no register
 * holds tpl[]'s address).  (The legacy path takes REX.X and REX.B from
 * the byte itself, and uses these rows for the rest; VEX uses all of
 * them.)
 */
struct fp_rex {
	uint64_t w16;
	uint16_t mro;
	uint16_t sbo;
	uint32_t szo;
};
/* Template 0's sizes for REX.W = w, as a byte offset in the table block */
#define FP_SZO(w) (offsetof(struct vd_fast_tables, tpl) + offsetof(struct vd_fast, sz) + \
	(w) * sizeof(struct vd_fast_sz))
#define FREX(m64, b, i) {(i) & 16 ? (uint64_t)REXH(i) << 16 | 1u : 0u,                      \
	(uint16_t)(offsetof(struct vd_fast_tables, mrm) + (m64) * sizeof(struct fp_mrm[2 * 256]) + \
	    ((i) & 1) * sizeof(struct fp_mrm[256])),                                              \
	((i) & 3) << 9, (uint32_t)FP_SZO(((i) >> 3) & 1)}
_Static_assert(sizeof(struct fp_rex) == 16, "cls[] holds REX's row offset as row << 4");
#define FP_REX_INIT {REP16(FREX, 1, 0, 0), REP16(FREX, 1, 0, 16)}

/*
 * mrm[], by mode and REX.B << 8 | ModRM: ModRM's part, in struct vie's
 * words:
 *   w16: mod/reg/rm bits | displacement bytes << 48 | the length of ModRM,
 *        SIB and displacement in the low byte; nothing above bit 55, in
 *        this part or SIB's, so that their sum shifted right by 48 is the
 *        displacement's length
 *   bsc: base register << 32 (w24's bits) and is: index register |
 *        default segment << 32 (w32), when there is no SIB; 0 with a SIB
 *   sib: -1 when a SIB byte follows, else 0: the mask for sib[]'s part
 *   bail: the template flags that send this form elsewhere: FF_BAIL;
 *        FF_MEMONLY for a register operand; FF_NOMODRM, because a
 *        template without ModRM uses mrm_none[] instead
 */
struct fp_mrm {
	uint64_t w16;
	uint64_t bsc;
	uint64_t is;
	uint32_t bail;
	int32_t sib;
};
#define FM_DB(m) ((m) >= 0xC0 ? 0u : ((m) < 0x40 && ((m) & 7) == 5) ? 4u : ((m) >> 6) == 1 ? 1u : \
	((m) >> 6) == 2 ? 4u : 0u)
#define FM_SIB(m) ((m) < 0xC0 && ((m) & 7) == 4)
#define FM_IS(i, s) ((uint64_t)(i) | (uint64_t)(s) << 32)
#define FM_BASE(m64, rb, m)                                                                  \
	((m) >= 0xC0 ? VM_REG_LAST : ((m) < 0x40 && ((m) & 7) == 5) ? ((m64) ? VM_REG_GUEST_RIP : VM_REG_LAST) : \
	 VMGPR(((m) & 7) | (rb) << 3))
#define FM_SEG(rb, m) ((m) < 0xC0 && !((m) < 0x40 && ((m) & 7) == 5) && IS_SSBASE(((m) & 7) | (rb) << 3) ? \
	VM_REG_GUEST_SS : VM_REG_GUEST_DS)
#define FMRM(m64, rb, m)                                                                    \
	{(uint64_t)MODRMH(m) << 16 | (uint64_t)FM_DB(m) << 48 | (1u + FM_SIB(m) + FM_DB(m)),        \
	 FM_SIB(m) ? 0 : (uint64_t)FM_BASE(m64, rb, m) << 32,                                      \
	 FM_SIB(m) ? 0 : FM_IS(VM_REG_LAST, FM_SEG(rb, m)),                                       \
	 FF_BAIL | FF_NOMODRM | ((m) >= 0xC0 ? FF_MEMONLY : 0), FM_SIB(m) ? -1 : 0}
#define FP_MRM_INIT {{REP256(FMRM, 0, 0), REP256(FMRM, 0, 1)}, {REP256(FMRM, 1, 0), REP256(FMRM, 1, 1)}}
/* No ModRM (string instructions): no base or index; DS, or ES:rDI. */
#define FP_MRM_NONE_INIT {                                                                  \
	{0, (uint64_t)VM_REG_LAST << 32, FM_IS(VM_REG_LAST, VM_REG_GUEST_DS), FF_BAIL, 0}, \
	{0, (uint64_t)VM_REG_LAST << 32, FM_IS(VM_REG_LAST, VM_REG_GUEST_ES), FF_BAIL, 0}, \
}

/*
 * sib[], by REX.XB << 9 | (mod != 00) << 8 | SIB: the SIB's part, in
 * mrm[]'s layout, with the scale in bsc's low byte.
 */
#define FP_SIB_ROWS 2048
struct fp_sib {
	uint64_t w16;
	uint64_t bsc;
	uint64_t is;
};
#define FS_BASEREG(rb, m0, s) (SIB_NOBASE(m0, s) ? VM_REG_LAST : VMGPR(SIB_BASE(rb, s)))
#define FS_IDXREG(rx, s) (SIB_IDX(rx, s) == 4 ? VM_REG_LAST : VMGPR(SIB_IDX(rx, s)))
#define FS_SEG(rb, m0, s) (!SIB_NOBASE(m0, s) && IS_SSBASE(SIB_BASE(rb, s)) ? VM_REG_GUEST_SS : VM_REG_GUEST_DS)
#define FS_SCALE(rx, s) (SIB_IDX(rx, s) == 4 ? 0u : 1u << ((s) >> 6))
/* FSIB(rxb, ...) takes REX.X | REX.B << 1, as SIB() does. */
#define FSIB(rxb, m0, s)                                                                     \
	{(uint64_t)((s) >> 6 << H_SS | (unsigned)SIB_IDX((rxb) & 1, s) << H_INDEX |              \
	    (unsigned)SIB_BASE((rxb) >> 1, s) << H_BASE) << 16 |                                    \
	    (SIB_NOBASE(m0, s) ? (uint64_t)4 << 48 | 4u : 0u),                                     \
	 FS_SCALE((rxb) & 1, s) | (uint64_t)FS_BASEREG((rxb) >> 1, m0, s) << 32,                  \
	 FM_IS(FS_IDXREG((rxb) & 1, s), FS_SEG((rxb) >> 1, m0, s))}
/* Rows by REX.XB = 00, 01 (B), 10 (X), 11. */
#define FP_SIB_INIT {                                                                       \
	REP256(FSIB, 0, 1), REP256(FSIB, 0, 0), REP256(FSIB, 2, 1), REP256(FSIB, 2, 0),           \
	REP256(FSIB, 1, 1), REP256(FSIB, 1, 0), REP256(FSIB, 3, 1), REP256(FSIB, 3, 0),            \
}

/* dcnt[], by displacement length (0, 1 or 4): 32 - 8 * the length, the
 * shift there and back that sign-extends it (32 leaves 0). */
#define FP_DCNT_INIT {32, 24, 0, 0, 0}

/* mslen[] and msdisp[], by ModRM << 3 | the next byte's low three bits
 * (a SIB's base): ModRM's, SIB's and the displacement's length, and the
 * displacement's, from the bytes alone, so that neither waits for ModRM's
 * and SIB's rows.  The same in both modes (32-bit addressing). */
/* ModRM's displacement (FM_DB), or a SIB's without base (mod 00, base 5) */
#define MS_DISP(m, b) (FM_DB(m) + (FM_SIB(m) && SIB_NOBASE((m) < 0x40, b) ? 4u : 0u))
#define MS(m, b) (uint8_t)(1u + FM_SIB(m) + MS_DISP(m, b))
#define MSD(m, b) (uint8_t)MS_DISP(m, b)
/* f for ModRM m and each of the eight SIB bases (REP256's row) */
#define BY_BASE(f, m) f(m, 0), f(m, 1), f(m, 2), f(m, 3), f(m, 4), f(m, 5), f(m, 6), f(m, 7)
#define MS8(u, v, m) BY_BASE(MS, m)
#define MSD8(u, v, m) BY_BASE(MSD, m)
#define FP_MSLEN_INIT {REP256(MS8, 0, 0)}
#define FP_MSDISP_INIT {REP256(MSD8, 0, 0)}

struct vd_fast_tables {
	uint32_t map[2][4 * 512];       /* by mode, mandatory prefix << 9 | 0F << 8 | opcode */
	uint32_t vmap[2][512];          /* by mode: VEX 0F and 0F 38 maps */
	uint16_t cls[2][256];           /* by mode and byte: FC_* */
	struct fp_rex rex[32];          /* by REX present << 4 | WRXB */
	struct fp_pfx pfx[2][12];       /* by mode and prefix number */
	uint64_t dcnt[5];               /* by displacement length */
	uint8_t mslen[256 * 8];         /* by ModRM << 3 | SIB & 7 */
	uint8_t msdisp[256 * 8];        /* by ModRM << 3 | SIB & 7 */
	struct fp_mrm mrm_none[2];      /* no ModRM: DS, ES:rDI */
	struct fp_mrm mrm[2][2 * 256];  /* by mode and REX.B << 8 | ModRM */
	struct fp_sib sib[FP_SIB_ROWS]; /* by REX.XB << 9 | (mod != 00) << 8 | SIB */
	struct vd_fast tpl[];           /* templates; 0 bails */
};
_Static_assert(offsetof(struct vd_fast_tables, mrm) + sizeof(((struct vd_fast_tables *)0)->mrm) <= 0x10000,
    "fp_rex.mro holds an offset into mrm[] in 16 bits");

/* tpl[] is a flexible array member initialized in fast_tables.c: a GNU C
 * extension (gcc, clang), so that the generator alone knows its length. */

extern VD_HIDDEN const struct vd_fast_tables vd_fast_tab;

#endif /* VIE_DECODE_FAST_H */
