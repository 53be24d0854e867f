/*
 * vie/decode.h - the instruction decoder.
 *
 * A pure function of (bytes, length, CPU mode, CS.D): no callbacks, no
 * global state, no allocation.  It never reads past the length it is
 * given.  The result is bhyve's struct vie (vie/vmm.h), so bhyve-style
 * emulation code can consume it, plus query functions below for what
 * struct vie only encodes indirectly (mnemonic, operand classes, memory
 * access size).
 */
#ifndef VIE_DECODE_H
#define VIE_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include <vie/status.h>
#include <vie/vmm.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * struct vie_op.op_type.  Values 0..18 are bhyve's and keep bhyve's
 * meaning (GROUP1 is 80/81/83 with the operation in ModRM.reg; BITTEST is
 * BT; TWOB_GRP15 is 0F AE: CLFLUSH, CLFLUSHOPT, CLWB).  Later values are
 * vie's own.
 */
enum {
	VIE_OP_TYPE_NONE = 0,
	VIE_OP_TYPE_MOV,
	VIE_OP_TYPE_MOVSX,
	VIE_OP_TYPE_MOVZX,
	VIE_OP_TYPE_AND,
	VIE_OP_TYPE_OR,
	VIE_OP_TYPE_SUB,
	VIE_OP_TYPE_TWO_BYTE,
	VIE_OP_TYPE_PUSH,
	VIE_OP_TYPE_CMP,
	VIE_OP_TYPE_POP,
	VIE_OP_TYPE_MOVS,
	VIE_OP_TYPE_GROUP1,
	VIE_OP_TYPE_STOS,
	VIE_OP_TYPE_BITTEST,
	VIE_OP_TYPE_TWOB_GRP15,
	VIE_OP_TYPE_ADD,
	VIE_OP_TYPE_TEST,
	VIE_OP_TYPE_BEXTR,
	/* vie's additions */
	VIE_OP_TYPE_XOR,
	VIE_OP_TYPE_ADC,
	VIE_OP_TYPE_SBB,
	VIE_OP_TYPE_MOVSXD,
	VIE_OP_TYPE_MOVBE,
	VIE_OP_TYPE_XCHG,
	VIE_OP_TYPE_CMOV,      /* condition in op_byte & 0xf */
	VIE_OP_TYPE_SETCC,     /* condition in op_byte & 0xf */
	VIE_OP_TYPE_NOT,
	VIE_OP_TYPE_NEG,
	VIE_OP_TYPE_MUL,
	VIE_OP_TYPE_IMUL,      /* F6/F7 /5 (one operand), 0F AF, 69, 6B */
	VIE_OP_TYPE_DIV,
	VIE_OP_TYPE_IDIV,
	VIE_OP_TYPE_INC,
	VIE_OP_TYPE_DEC,
	VIE_OP_TYPE_SHIFT,     /* C0 C1 D0-D3: ROL ROR RCL RCR SHL SHR SAL SAR in reg */
	VIE_OP_TYPE_BTS,
	VIE_OP_TYPE_BTR,
	VIE_OP_TYPE_BTC,
	VIE_OP_TYPE_CMPXCHG,
	VIE_OP_TYPE_CMPXCHGNB, /* CMPXCHG8B / CMPXCHG16B (opsize 8 / 16) */
	VIE_OP_TYPE_XADD,
	VIE_OP_TYPE_CMPS,
	VIE_OP_TYPE_LODS,
	VIE_OP_TYPE_SCAS,
	VIE_OP_TYPE_INS,
	VIE_OP_TYPE_OUTS,
	VIE_OP_TYPE_SIMD_MOV,  /* SSE/AVX/MMX data moves, MOVD/MOVQ, MOVNT* */
	VIE_OP_TYPE_LAST
};

/* struct vie_op.op_flags.  The first five are bhyve's. */
#define VIE_OP_F_IMM           (1 << 0) /* 16/32-bit immediate operand */
#define VIE_OP_F_IMM8          (1 << 1) /* 8-bit immediate operand */
#define VIE_OP_F_MOFFSET       (1 << 2) /* 16/32/64-bit immediate moffset */
#define VIE_OP_F_NO_MODRM      (1 << 3) /* no ModRM byte */
#define VIE_OP_F_NO_GROUP_TEST (1 << 4)
#define VIE_OP_F_BYTE_OP       (1 << 5) /* 8-bit operand size */
#define VIE_OP_F_STRING        (1 << 6) /* string instruction: implicit rSI/rDI */
#define VIE_OP_F_IMM_ZX        (1 << 7) /* immediate zero-extended, not sign-extended */

/*
 * Decode one instruction.
 *
 * @param vie    out: the decoded instruction.  Written only on VIE_OK
 *               (on any other status its contents are unspecified but
 *               vie->decoded is 0).
 * @param bytes  the instruction bytes; may be NULL only if len is 0.
 * @param len    how many bytes are valid at 'bytes'; the decoder reads no
 *               further.  More than 15 is allowed: only the first 15 can
 *               belong to an instruction.
 * @param mode   CPU mode (real, protected, compatibility, 64-bit).
 * @param cs_d   CS.D (default operand/address size 32 when 1); ignored in
 *               real and 64-bit mode.
 * @return VIE_OK (vie->num_processed = length), VIE_TRUNCATED (more bytes
 *         would be needed), VIE_TOO_LONG (longer than 15 bytes),
 *         VIE_INVALID (#UD encoding in this mode), VIE_UNSUPPORTED (valid,
 *         but not an instruction vie decodes), VIE_BAD_ARGUMENT.
 *
 * Speed: with len >= 15 in 64-bit mode, or in protected/compatibility mode
 * with CS.D = 1, the common encodings (one legacy prefix at most, REX or
 * VEX, 32/64-bit addressing) take a table-driven fast path; the result is
 * the same either way.  No state is kept between calls.
 */
VIE_API int vie_decode(struct vie *vie, const uint8_t *bytes, size_t len,
    enum vm_cpu_mode mode, int cs_d);

/*
 * bhyve's entry points.  vie_init() copies up to VIE_INST_SIZE bytes into
 * vie->inst and resets the decoded fields; vmm_decode_instruction()
 * decodes vie->inst[0..num_valid) and returns 0 on success, -1 otherwise.
 * cpu_mode/cs_d are as for vie_decode.
 */
VIE_API void vie_init(struct vie *vie, const char *inst_bytes, int inst_length);
VIE_API int vmm_decode_instruction(enum vm_cpu_mode cpu_mode, int cs_d,
    struct vie *vie);

/* Register classes of the ModRM.reg operand (and of r/m when mod == 3). */
enum vie_reg_class {
	VIE_RC_NONE = 0, /* no such operand */
	VIE_RC_GPR,      /* general purpose, sized by vie_reg_operand_size */
	VIE_RC_SREG,     /* ES CS SS DS FS GS */
	VIE_RC_MMX,
	VIE_RC_XMM,
	VIE_RC_YMM,
};

/*
 * Queries on a successfully decoded instruction (vie->decoded == 1).
 * They are table lookups; none of them fails on a decoded instruction.
 */

/* The mnemonic in Zydis's spelling (ZydisMnemonicGetString), lowercase,
 * e.g. "mov", "movsxd", "stosq", "cmpxchg16b", "setnz", "vmovdqu". */
VIE_API const char *vie_mnemonic(const struct vie *vie);

/* The instruction's operand-size attribute in bytes, as Zydis reports it
 * (operand_width / 8): 1 for byte operations, else 2, 4 or 8 as the mode,
 * 66 and REX.W select (PUSH/POP default to 8 in 64-bit mode).  This is the
 * attribute, not the data size: MOV m16,Sreg has attribute 4 in 32-bit
 * code, MOVAPS has 4 too.  vie->opsize is the data size the emulator
 * moves (1, 2, 4, 8; 8 for 16/32-byte SIMD moves, whose size is
 * vie_mem_size / vie_reg_operand). */
VIE_API unsigned vie_operand_size(const struct vie *vie);

/* 1 if the instruction reads or writes memory through an explicit ModRM
 * memory operand or a moffs, 2 if through implicit string addressing
 * (rSI/rDI), 0 if not at all (e.g. mod == 3). */
VIE_API int vie_mem_kind(const struct vie *vie);

/* Bytes the memory operand accesses (per iteration for string ops); 0 if
 * the instruction has no memory operand. */
VIE_API unsigned vie_mem_size(const struct vie *vie);

/* Class and size (bytes) of the ModRM.reg operand; VIE_RC_NONE if the
 * instruction has none (e.g. C7 /0, group 1, F6 /2). */
VIE_API enum vie_reg_class vie_reg_operand(const struct vie *vie, unsigned *size);

/* Zydis-style name of the ModRM.reg operand ("eax", "r9b", "spl", "ah",
 * "xmm12", "ymm3", "mm1", "ds"), or NULL if there is none. */
VIE_API const char *vie_reg_operand_name(const struct vie *vie);

/* Lowercase name of a VM_REG_GUEST_* register as a 64-bit GPR, segment
 * or "rip"; NULL for VM_REG_LAST and out-of-range values. */
VIE_API const char *vie_vm_reg_name(int reg);

/* Name a GPR (0-15) at a size (1, 2, 4, 8 bytes); 'rex' selects spl..dil
 * over ah..bh for byte registers 4-7. */
VIE_API const char *vie_gpr_name(unsigned num, unsigned size, int rex);

#ifdef __cplusplus
}
#endif

#endif /* VIE_DECODE_H */
