/*
 * src/decode/tables.c - opcode maps and instruction descriptors.
 *
 * Each descriptor row carries the manual's encoding (SDM vol. 2 opcode
 * notation) in a comment.  Opcode-map slots that are not listed are
 * E_UNSUP (0): valid or not, vie does not decode them.
 */
#include "internal.h"

/* Mnemonic names, in Zydis's spelling. */
enum {
	N_NONE, N_ADD, N_OR, N_ADC, N_SBB, N_AND, N_SUB, N_XOR, N_CMP,
	N_TEST, N_XCHG, N_MOV, N_MOVSXD, N_POP, N_PUSH,
	N_MOVS, N_CMPS, N_STOS, N_LODS, N_SCAS, N_INS, N_OUTS,
	N_IMUL, N_NOT, N_NEG, N_MUL, N_DIV, N_IDIV, N_INC, N_DEC,
	N_MOVUPS, N_MOVUPD, N_MOVSS, N_MOVSD, N_MOVAPS, N_MOVAPD,
	N_MOVNTPS, N_MOVNTPD, N_CMOV, N_MOVD, N_MOVQ, N_MOVDQA, N_MOVDQU,
	N_SET, N_BT, N_BTS, N_BTR, N_BTC, N_CLFLUSH, N_CLFLUSHOPT, N_CLWB,
	N_CMPXCHG, N_MOVZX, N_MOVSX, N_XADD, N_MOVNTI, N_CMPXCHGNB,
	N_MOVNTQ, N_MOVNTDQ, N_MOVBE, N_MOVNTDQA,
	N_VMOVUPS, N_VMOVUPD, N_VMOVSS, N_VMOVSD, N_VMOVAPS, N_VMOVAPD,
	N_VMOVNTPS, N_VMOVNTPD, N_VMOVD, N_VMOVQ, N_VMOVDQA, N_VMOVDQU,
	N_VMOVNTDQ, N_VMOVNTDQA, N_BEXTR, N_SHIFT,
	N_COUNT
};

const char *const vd_names[N_COUNT][4] = {
	[N_NONE] = {"invalid"},
	[N_ADD] = {"add"}, [N_OR] = {"or"}, [N_ADC] = {"adc"}, [N_SBB] = {"sbb"},
	[N_AND] = {"and"}, [N_SUB] = {"sub"}, [N_XOR] = {"xor"}, [N_CMP] = {"cmp"},
	[N_TEST] = {"test"}, [N_XCHG] = {"xchg"}, [N_MOV] = {"mov"},
	[N_MOVSXD] = {"movsxd"}, [N_POP] = {"pop"}, [N_PUSH] = {"push"},
	[N_MOVS] = {"movsb", "movsw", "movsd", "movsq"},
	[N_CMPS] = {"cmpsb", "cmpsw", "cmpsd", "cmpsq"},
	[N_STOS] = {"stosb", "stosw", "stosd", "stosq"},
	[N_LODS] = {"lodsb", "lodsw", "lodsd", "lodsq"},
	[N_SCAS] = {"scasb", "scasw", "scasd", "scasq"},
	[N_INS] = {"insb", "insw", "insd", "insd"},
	[N_OUTS] = {"outsb", "outsw", "outsd", "outsd"},
	[N_IMUL] = {"imul"}, [N_NOT] = {"not"}, [N_NEG] = {"neg"}, [N_MUL] = {"mul"},
	[N_DIV] = {"div"}, [N_IDIV] = {"idiv"}, [N_INC] = {"inc"}, [N_DEC] = {"dec"},
	[N_MOVUPS] = {"movups"}, [N_MOVUPD] = {"movupd"}, [N_MOVSS] = {"movss"},
	[N_MOVSD] = {"movsd"}, [N_MOVAPS] = {"movaps"}, [N_MOVAPD] = {"movapd"},
	[N_MOVNTPS] = {"movntps"}, [N_MOVNTPD] = {"movntpd"}, [N_CMOV] = {"cmov"},
	[N_MOVD] = {"movd", "movq"}, [N_MOVQ] = {"movq"}, [N_MOVDQA] = {"movdqa"},
	[N_MOVDQU] = {"movdqu"}, [N_SET] = {"set"}, [N_BT] = {"bt"}, [N_BTS] = {"bts"},
	[N_BTR] = {"btr"}, [N_BTC] = {"btc"}, [N_CLFLUSH] = {"clflush"},
	[N_CLFLUSHOPT] = {"clflushopt"}, [N_CLWB] = {"clwb"},
	[N_CMPXCHG] = {"cmpxchg"}, [N_MOVZX] = {"movzx"}, [N_MOVSX] = {"movsx"},
	[N_XADD] = {"xadd"}, [N_MOVNTI] = {"movnti"},
	[N_CMPXCHGNB] = {"cmpxchg8b", "cmpxchg16b"},
	[N_MOVNTQ] = {"movntq"}, [N_MOVNTDQ] = {"movntdq"}, [N_MOVBE] = {"movbe"},
	[N_MOVNTDQA] = {"movntdqa"},
	[N_VMOVUPS] = {"vmovups"}, [N_VMOVUPD] = {"vmovupd"}, [N_VMOVSS] = {"vmovss"},
	[N_VMOVSD] = {"vmovsd"}, [N_VMOVAPS] = {"vmovaps"}, [N_VMOVAPD] = {"vmovapd"},
	[N_VMOVNTPS] = {"vmovntps"}, [N_VMOVNTPD] = {"vmovntpd"},
	[N_VMOVD] = {"vmovd", "vmovq"}, [N_VMOVQ] = {"vmovq"},
	[N_VMOVDQA] = {"vmovdqa"}, [N_VMOVDQU] = {"vmovdqu"},
	[N_VMOVNTDQ] = {"vmovntdq"}, [N_VMOVNTDQA] = {"vmovntdqa"},
	[N_BEXTR] = {"bextr"}, [N_SHIFT] = {"shift"},
};

/* Group 2 (C0 C1 D0-D3) by ModRM.reg.  /6 is an alias of SHL (/4); Zydis
 * names both "shl". */
const char *const vd_shift_names[8] = {"rol", "ror", "rcl", "rcr", "shl", "shr", "shl", "sar"};


/* Descriptor indices.  0 and 1 are E_UNSUP and E_INVALID. */
enum {
	X_UNSUP_ = 0, X_INVALID_ = 1,
#define ALU_IDS(op) X_##op##_EbGb, X_##op##_EvGv, X_##op##_GbEb, X_##op##_GvEv, \
	X_##op##_80, X_##op##_81, X_##op##_82, X_##op##_83
	ALU_IDS(ADD), ALU_IDS(OR), ALU_IDS(ADC), ALU_IDS(SBB),
	ALU_IDS(AND), ALU_IDS(SUB), ALU_IDS(XOR), ALU_IDS(CMP),
#undef ALU_IDS
	X_TEST_EbGb, X_TEST_EvGv, X_TEST_EbIb, X_TEST_EvIz,
	X_XCHG_EbGb, X_XCHG_EvGv,
	X_MOV_EbGb, X_MOV_EvGv, X_MOV_GbEb, X_MOV_GvEv, X_MOV_EwSw,
	X_MOV_ALOb, X_MOV_eAXOv, X_MOV_ObAL, X_MOV_OveAX, X_MOV_EbIb, X_MOV_EvIz,
	X_MOVSXD, X_POP_Ev, X_PUSH_Ev,
	X_MOVS_B, X_MOVS_V, X_CMPS_B, X_CMPS_V, X_STOS_B, X_STOS_V,
	X_LODS_B, X_LODS_V, X_SCAS_B, X_SCAS_V, X_INS_B, X_INS_Z, X_OUTS_B, X_OUTS_Z,
	X_IMUL_GvEvIz, X_IMUL_GvEvIb, X_IMUL_GvEv,
	X_SHIFT_EbIb, X_SHIFT_EvIb, X_SHIFT_Eb1, X_SHIFT_Ev1, X_SHIFT_EbCL, X_SHIFT_EvCL,
	X_NOT_Eb, X_NEG_Eb, X_MUL_Eb, X_IMUL_Eb, X_DIV_Eb, X_IDIV_Eb,
	X_NOT_Ev, X_NEG_Ev, X_MUL_Ev, X_IMUL_Ev, X_DIV_Ev, X_IDIV_Ev,
	X_INC_Eb, X_DEC_Eb, X_INC_Ev, X_DEC_Ev,
	X_MOVUPS, X_MOVUPD, X_MOVSS, X_MOVSD, X_MOVAPS, X_MOVAPD, X_MOVNTPS, X_MOVNTPD,
	X_CMOV, X_MOVD_MM, X_MOVD_X, X_MOVQ_MM, X_MOVQ_X, X_MOVDQA, X_MOVDQU,
	X_SETCC, X_BT_EvGv, X_BTS_EvGv, X_BTR_EvGv, X_BTC_EvGv,
	X_BT_EvIb, X_BTS_EvIb, X_BTR_EvIb, X_BTC_EvIb,
	X_CLFLUSH, X_CLFLUSHOPT, X_CLWB,
	X_CMPXCHG_EbGb, X_CMPXCHG_EvGv, X_XADD_EbGb, X_XADD_EvGv,
	X_MOVZX_GvEb, X_MOVZX_GvEw, X_MOVSX_GvEb, X_MOVSX_GvEw,
	X_MOVNTI, X_CMPXCHGNB, X_MOVNTQ, X_MOVNTDQ, X_MOVBE, X_MOVNTDQA,
	X_VMOVUPS, X_VMOVUPD, X_VMOVSS, X_VMOVSD, X_VMOVAPS, X_VMOVAPD,
	X_VMOVNTPS, X_VMOVNTPD, X_VMOVD, X_VMOVQ, X_VMOVDQA, X_VMOVDQU,
	X_VMOVNTDQ, X_VMOVNTDQA, X_BEXTR,
	X_COUNT
};

#define F(x) VIE_OP_F_##x
#define T(x) VIE_OP_TYPE_##x
/* type, operand size, immediate, memory size, reg class, name rule, op_flags, decode flags, name */
#define DESC(id, ty, osz, imm, msz, rcls, nr, opf, df, nm) \
	[id] = {T(ty), osz, imm, msz, rcls, nr, opf, df, nm, (uint32_t)(id) << 16, \
	    1 | (uint64_t)T(ty) << 24 | (uint64_t)(opf) << 32}

/* The eight ALU operations: r/m forms and group 1 (80 81 82 83). */
#define ALU(op, lock)                                                                          \
	DESC(X_##op##_EbGb, op, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, F(BYTE_OP), D_MODRM | lock, N_##op),   /* op r/m8, r8 */   \
	DESC(X_##op##_EvGv, op, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM | lock, N_##op),           /* op r/m, r */     \
	DESC(X_##op##_GbEb, op, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, F(BYTE_OP), D_MODRM, N_##op),          /* op r8, r/m8 */   \
	DESC(X_##op##_GvEv, op, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM, N_##op),                  /* op r, r/m */     \
	DESC(X_##op##_80, GROUP1, OSZ_B, IMM_B, MSZ_OSZ, RCL_NONE, NM_ONE, F(IMM8) | F(BYTE_OP), D_MODRM | lock, N_##op), /* 80 /n ib */ \
	DESC(X_##op##_81, GROUP1, OSZ_V, IMM_Z, MSZ_OSZ, RCL_NONE, NM_ONE, F(IMM), D_MODRM | lock, N_##op),      /* 81 /n iz */      \
	DESC(X_##op##_82, GROUP1, OSZ_B, IMM_B, MSZ_OSZ, RCL_NONE, NM_ONE, F(IMM8) | F(BYTE_OP), D_MODRM | D_NO64 | lock, N_##op), /* 82 /n ib, not 64-bit */ \
	DESC(X_##op##_83, GROUP1, OSZ_V, IMM_B, MSZ_OSZ, RCL_NONE, NM_ONE, F(IMM8), D_MODRM | lock, N_##op)       /* 83 /n ib (sign-extended) */

#define STR(id, ty, osz, df, nm) DESC(id, ty, osz, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_SIZE, \
	F(NO_MODRM) | F(STRING) | (osz == OSZ_B ? F(BYTE_OP) : 0), df, nm)

/* Fixed-size SSE/AVX moves: operand size, memory size, reg class. */
#define SIMD(id, osz, msz, rcls, df, nm) DESC(id, SIMD_MOV, osz, IMM_NONE, msz, rcls, NM_ONE, 0, D_MODRM | (df), nm)

const struct vd_desc vd_desc[X_COUNT] = {
	ALU(ADD, D_LOCK), ALU(OR, D_LOCK), ALU(ADC, D_LOCK), ALU(SBB, D_LOCK),
	ALU(AND, D_LOCK), ALU(SUB, D_LOCK), ALU(XOR, D_LOCK), ALU(CMP, 0),
	DESC(X_TEST_EbGb, TEST, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, F(BYTE_OP), D_MODRM, N_TEST),      /* 84 /r */
	DESC(X_TEST_EvGv, TEST, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM, N_TEST),               /* 85 /r */
	DESC(X_TEST_EbIb, TEST, OSZ_B, IMM_B, MSZ_OSZ, RCL_NONE, NM_ONE, F(IMM8) | F(BYTE_OP), D_MODRM, N_TEST), /* F6 /0 ib, F6 /1 ib */
	DESC(X_TEST_EvIz, TEST, OSZ_V, IMM_Z, MSZ_OSZ, RCL_NONE, NM_ONE, F(IMM), D_MODRM, N_TEST),            /* F7 /0 iz, F7 /1 iz */
	DESC(X_XCHG_EbGb, XCHG, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, F(BYTE_OP), D_MODRM | D_LOCK, N_XCHG), /* 86 /r */
	DESC(X_XCHG_EvGv, XCHG, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM | D_LOCK, N_XCHG),      /* 87 /r */
	DESC(X_MOV_EbGb, MOV, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, F(BYTE_OP), D_MODRM, N_MOV),         /* 88 /r */
	DESC(X_MOV_EvGv, MOV, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM, N_MOV),                  /* 89 /r */
	DESC(X_MOV_GbEb, MOV, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, F(BYTE_OP), D_MODRM, N_MOV),         /* 8A /r */
	DESC(X_MOV_GvEv, MOV, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM, N_MOV),                  /* 8B /r */
	DESC(X_MOV_EwSw, MOV, OSZ_SREG, IMM_NONE, MSZ_W, RCL_SREG, NM_ONE, 0, D_MODRM | D_SREG, N_MOV),                /* 8C /r: MOV r/m16, Sreg */
	DESC(X_MOV_ALOb, MOV, OSZ_B, IMM_MOFFS, MSZ_OSZ, RCL_NONE, NM_ONE, F(MOFFSET) | F(NO_MODRM) | F(BYTE_OP), 0, N_MOV), /* A0: MOV AL, moffs8 */
	DESC(X_MOV_eAXOv, MOV, OSZ_V, IMM_MOFFS, MSZ_OSZ, RCL_NONE, NM_ONE, F(MOFFSET) | F(NO_MODRM), 0, N_MOV), /* A1: MOV rAX, moffs */
	DESC(X_MOV_ObAL, MOV, OSZ_B, IMM_MOFFS, MSZ_OSZ, RCL_NONE, NM_ONE, F(MOFFSET) | F(NO_MODRM) | F(BYTE_OP), 0, N_MOV), /* A2: MOV moffs8, AL */
	DESC(X_MOV_OveAX, MOV, OSZ_V, IMM_MOFFS, MSZ_OSZ, RCL_NONE, NM_ONE, F(MOFFSET) | F(NO_MODRM), 0, N_MOV), /* A3: MOV moffs, rAX */
	DESC(X_MOV_EbIb, MOV, OSZ_B, IMM_B, MSZ_OSZ, RCL_NONE, NM_ONE, F(IMM8) | F(BYTE_OP), D_MODRM, N_MOV), /* C6 /0 ib */
	DESC(X_MOV_EvIz, MOV, OSZ_V, IMM_Z, MSZ_OSZ, RCL_NONE, NM_ONE, F(IMM), D_MODRM, N_MOV),              /* C7 /0 iz */
	DESC(X_MOVSXD, MOVSXD, OSZ_V, IMM_NONE, MSZ_MOVSXD, RCL_GPR, NM_ONE, 0, D_MODRM, N_MOVSXD),         /* 63 /r (64-bit mode) */
	DESC(X_POP_Ev, POP, OSZ_V64, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, 0, D_MODRM, N_POP),               /* 8F /0 */
	DESC(X_PUSH_Ev, PUSH, OSZ_V64, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, 0, D_MODRM, N_PUSH),            /* FF /6 */
	STR(X_MOVS_B, MOVS, OSZ_B, D_STRING_SRC, N_MOVS),   /* A4 */
	STR(X_MOVS_V, MOVS, OSZ_V, D_STRING_SRC, N_MOVS),   /* A5 */
	STR(X_CMPS_B, CMPS, OSZ_B, D_STRING_SRC, N_CMPS),   /* A6 */
	STR(X_CMPS_V, CMPS, OSZ_V, D_STRING_SRC, N_CMPS),   /* A7 */
	STR(X_STOS_B, STOS, OSZ_B, D_SEG_ES, N_STOS),       /* AA */
	STR(X_STOS_V, STOS, OSZ_V, D_SEG_ES, N_STOS),       /* AB */
	STR(X_LODS_B, LODS, OSZ_B, D_STRING_SRC, N_LODS),   /* AC */
	STR(X_LODS_V, LODS, OSZ_V, D_STRING_SRC, N_LODS),   /* AD */
	STR(X_SCAS_B, SCAS, OSZ_B, D_SEG_ES, N_SCAS),       /* AE */
	STR(X_SCAS_V, SCAS, OSZ_V, D_SEG_ES, N_SCAS),       /* AF */
	STR(X_INS_B, INS, OSZ_B, D_SEG_ES, N_INS),          /* 6C */
	STR(X_INS_Z, INS, OSZ_Z, D_SEG_ES, N_INS),          /* 6D */
	STR(X_OUTS_B, OUTS, OSZ_B, D_STRING_SRC, N_OUTS),   /* 6E */
	STR(X_OUTS_Z, OUTS, OSZ_Z, D_STRING_SRC, N_OUTS),   /* 6F */
	DESC(X_IMUL_GvEvIz, IMUL, OSZ_V, IMM_Z, MSZ_OSZ, RCL_GPR, NM_ONE, F(IMM), D_MODRM, N_IMUL),        /* 69 /r iz */
	DESC(X_IMUL_GvEvIb, IMUL, OSZ_V, IMM_B, MSZ_OSZ, RCL_GPR, NM_ONE, F(IMM8), D_MODRM, N_IMUL),       /* 6B /r ib */
	DESC(X_IMUL_GvEv, IMUL, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM, N_IMUL),            /* 0F AF /r */
	DESC(X_SHIFT_EbIb, SHIFT, OSZ_B, IMM_B, MSZ_OSZ, RCL_NONE, NM_REG, F(IMM8) | F(BYTE_OP) | F(IMM_ZX), D_MODRM, N_SHIFT), /* C0 /n ib */
	DESC(X_SHIFT_EvIb, SHIFT, OSZ_V, IMM_B, MSZ_OSZ, RCL_NONE, NM_REG, F(IMM8) | F(IMM_ZX), D_MODRM, N_SHIFT),            /* C1 /n ib */
	DESC(X_SHIFT_Eb1, SHIFT, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_REG, F(BYTE_OP), D_MODRM, N_SHIFT),                   /* D0 /n */
	DESC(X_SHIFT_Ev1, SHIFT, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_REG, 0, D_MODRM, N_SHIFT),                            /* D1 /n */
	DESC(X_SHIFT_EbCL, SHIFT, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_REG, F(BYTE_OP), D_MODRM, N_SHIFT),                  /* D2 /n */
	DESC(X_SHIFT_EvCL, SHIFT, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_REG, 0, D_MODRM, N_SHIFT),                           /* D3 /n */
	DESC(X_NOT_Eb, NOT, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, F(BYTE_OP), D_MODRM | D_LOCK, N_NOT), /* F6 /2 */
	DESC(X_NEG_Eb, NEG, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, F(BYTE_OP), D_MODRM | D_LOCK, N_NEG), /* F6 /3 */
	DESC(X_MUL_Eb, MUL, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, F(BYTE_OP), D_MODRM, N_MUL),          /* F6 /4 */
	DESC(X_IMUL_Eb, IMUL, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, F(BYTE_OP), D_MODRM, N_IMUL),       /* F6 /5 */
	DESC(X_DIV_Eb, DIV, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, F(BYTE_OP), D_MODRM, N_DIV),          /* F6 /6 */
	DESC(X_IDIV_Eb, IDIV, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, F(BYTE_OP), D_MODRM, N_IDIV),       /* F6 /7 */
	DESC(X_NOT_Ev, NOT, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, 0, D_MODRM | D_LOCK, N_NOT),          /* F7 /2 */
	DESC(X_NEG_Ev, NEG, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, 0, D_MODRM | D_LOCK, N_NEG),          /* F7 /3 */
	DESC(X_MUL_Ev, MUL, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, 0, D_MODRM, N_MUL),                   /* F7 /4 */
	DESC(X_IMUL_Ev, IMUL, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, 0, D_MODRM, N_IMUL),                /* F7 /5 */
	DESC(X_DIV_Ev, DIV, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, 0, D_MODRM, N_DIV),                   /* F7 /6 */
	DESC(X_IDIV_Ev, IDIV, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, 0, D_MODRM, N_IDIV),                /* F7 /7 */
	DESC(X_INC_Eb, INC, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, F(BYTE_OP), D_MODRM | D_LOCK, N_INC), /* FE /0 */
	DESC(X_DEC_Eb, DEC, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, F(BYTE_OP), D_MODRM | D_LOCK, N_DEC), /* FE /1 */
	DESC(X_INC_Ev, INC, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, 0, D_MODRM | D_LOCK, N_INC),          /* FF /0 */
	DESC(X_DEC_Ev, DEC, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_ONE, 0, D_MODRM | D_LOCK, N_DEC),          /* FF /1 */
	SIMD(X_MOVUPS, OSZ_F16, MSZ_X, RCL_XMM, 0, N_MOVUPS),            /* NP 0F 10/11 /r */
	SIMD(X_MOVUPD, OSZ_F16, MSZ_X, RCL_XMM, 0, N_MOVUPD),            /* 66 0F 10/11 /r */
	SIMD(X_MOVSS, OSZ_F4, MSZ_D, RCL_XMM, 0, N_MOVSS),               /* F3 0F 10/11 /r */
	SIMD(X_MOVSD, OSZ_F8, MSZ_Q, RCL_XMM, 0, N_MOVSD),               /* F2 0F 10/11 /r */
	SIMD(X_MOVAPS, OSZ_F16, MSZ_X, RCL_XMM, 0, N_MOVAPS),            /* NP 0F 28/29 /r */
	SIMD(X_MOVAPD, OSZ_F16, MSZ_X, RCL_XMM, 0, N_MOVAPD),            /* 66 0F 28/29 /r */
	SIMD(X_MOVNTPS, OSZ_F16, MSZ_X, RCL_XMM, D_MEMONLY, N_MOVNTPS),  /* NP 0F 2B /r */
	SIMD(X_MOVNTPD, OSZ_F16, MSZ_X, RCL_XMM, D_MEMONLY, N_MOVNTPD),  /* 66 0F 2B /r */
	DESC(X_CMOV, CMOV, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_CC, 0, D_MODRM, N_CMOV),                     /* 0F 40+cc /r */
	DESC(X_MOVD_MM, SIMD_MOV, OSZ_DQ, IMM_NONE, MSZ_OSZ, RCL_MMX, NM_W, 0, D_MODRM, N_MOVD),             /* NP 0F 6E/7E /r: MOVD/MOVQ mm, r/m */
	DESC(X_MOVD_X, SIMD_MOV, OSZ_DQ, IMM_NONE, MSZ_OSZ, RCL_XMM, NM_W, 0, D_MODRM, N_MOVD),              /* 66 0F 6E/7E /r: MOVD/MOVQ xmm, r/m */
	SIMD(X_MOVQ_MM, OSZ_F8, MSZ_Q, RCL_MMX, 0, N_MOVQ),              /* NP 0F 6F/7F /r: MOVQ mm, mm/m64 */
	SIMD(X_MOVQ_X, OSZ_F8, MSZ_Q, RCL_XMM, 0, N_MOVQ),               /* F3 0F 7E /r, 66 0F D6 /r */
	SIMD(X_MOVDQA, OSZ_F16, MSZ_X, RCL_XMM, 0, N_MOVDQA),            /* 66 0F 6F/7F /r */
	SIMD(X_MOVDQU, OSZ_F16, MSZ_X, RCL_XMM, 0, N_MOVDQU),            /* F3 0F 6F/7F /r */
	DESC(X_SETCC, SETCC, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_CC, F(BYTE_OP), D_MODRM, N_SET),          /* 0F 90+cc /r */
	DESC(X_BT_EvGv, BITTEST, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM, N_BT),                /* 0F A3 /r */
	DESC(X_BTS_EvGv, BTS, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM | D_LOCK, N_BTS),         /* 0F AB /r */
	DESC(X_BTR_EvGv, BTR, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM | D_LOCK, N_BTR),         /* 0F B3 /r */
	DESC(X_BTC_EvGv, BTC, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM | D_LOCK, N_BTC),         /* 0F BB /r */
	DESC(X_BT_EvIb, BITTEST, OSZ_V, IMM_B, MSZ_OSZ, RCL_NONE, NM_ONE, F(IMM8) | F(IMM_ZX), D_MODRM, N_BT),          /* 0F BA /4 ib */
	DESC(X_BTS_EvIb, BTS, OSZ_V, IMM_B, MSZ_OSZ, RCL_NONE, NM_ONE, F(IMM8) | F(IMM_ZX), D_MODRM | D_LOCK, N_BTS),   /* 0F BA /5 ib */
	DESC(X_BTR_EvIb, BTR, OSZ_V, IMM_B, MSZ_OSZ, RCL_NONE, NM_ONE, F(IMM8) | F(IMM_ZX), D_MODRM | D_LOCK, N_BTR),   /* 0F BA /6 ib */
	DESC(X_BTC_EvIb, BTC, OSZ_V, IMM_B, MSZ_OSZ, RCL_NONE, NM_ONE, F(IMM8) | F(IMM_ZX), D_MODRM | D_LOCK, N_BTC),   /* 0F BA /7 ib */
	DESC(X_CLFLUSH, TWOB_GRP15, OSZ_V, IMM_NONE, MSZ_B, RCL_NONE, NM_ONE, 0, D_MODRM | D_MEMONLY, N_CLFLUSH),          /* NP 0F AE /7 (m8) */
	DESC(X_CLFLUSHOPT, TWOB_GRP15, OSZ_DQ, IMM_NONE, MSZ_B, RCL_NONE, NM_ONE, 0, D_MODRM | D_MEMONLY, N_CLFLUSHOPT),    /* 66 0F AE /7 (m8) */
	DESC(X_CLWB, TWOB_GRP15, OSZ_DQ, IMM_NONE, MSZ_B, RCL_NONE, NM_ONE, 0, D_MODRM | D_MEMONLY, N_CLWB),                /* 66 0F AE /6 (m8) */
	DESC(X_CMPXCHG_EbGb, CMPXCHG, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, F(BYTE_OP), D_MODRM | D_LOCK, N_CMPXCHG), /* 0F B0 /r */
	DESC(X_CMPXCHG_EvGv, CMPXCHG, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM | D_LOCK, N_CMPXCHG),          /* 0F B1 /r */
	DESC(X_XADD_EbGb, XADD, OSZ_B, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, F(BYTE_OP), D_MODRM | D_LOCK, N_XADD),          /* 0F C0 /r */
	DESC(X_XADD_EvGv, XADD, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM | D_LOCK, N_XADD),                   /* 0F C1 /r */
	DESC(X_MOVZX_GvEb, MOVZX, OSZ_V, IMM_NONE, MSZ_B, RCL_GPR, NM_ONE, 0, D_MODRM, N_MOVZX),  /* 0F B6 /r */
	DESC(X_MOVZX_GvEw, MOVZX, OSZ_V, IMM_NONE, MSZ_W, RCL_GPR, NM_ONE, 0, D_MODRM, N_MOVZX),  /* 0F B7 /r */
	DESC(X_MOVSX_GvEb, MOVSX, OSZ_V, IMM_NONE, MSZ_B, RCL_GPR, NM_ONE, 0, D_MODRM, N_MOVSX),  /* 0F BE /r */
	DESC(X_MOVSX_GvEw, MOVSX, OSZ_V, IMM_NONE, MSZ_W, RCL_GPR, NM_ONE, 0, D_MODRM, N_MOVSX),  /* 0F BF /r */
	DESC(X_MOVNTI, SIMD_MOV, OSZ_DQ, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM | D_MEMONLY, N_MOVNTI),          /* NP 0F C3 /r */
	DESC(X_CMPXCHGNB, CMPXCHGNB, OSZ_CX, IMM_NONE, MSZ_OSZ, RCL_NONE, NM_W, 0, D_MODRM | D_MEMONLY | D_LOCK, N_CMPXCHGNB), /* 0F C7 /1 */
	SIMD(X_MOVNTQ, OSZ_F8, MSZ_Q, RCL_MMX, D_MEMONLY, N_MOVNTQ),     /* NP 0F E7 /r */
	SIMD(X_MOVNTDQ, OSZ_F16, MSZ_X, RCL_XMM, D_MEMONLY, N_MOVNTDQ),  /* 66 0F E7 /r */
	DESC(X_MOVBE, MOVBE, OSZ_V, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM | D_MEMONLY, N_MOVBE),           /* NP/66 0F 38 F0/F1 /r */
	SIMD(X_MOVNTDQA, OSZ_F16, MSZ_X, RCL_XMM, D_MEMONLY, N_MOVNTDQA), /* 66 0F 38 2A /r */
	SIMD(X_VMOVUPS, OSZ_VX, MSZ_VX, RCL_VX, D_NOVVVV, N_VMOVUPS),    /* VEX.128/256.0F.WIG 10/11 /r */
	SIMD(X_VMOVUPD, OSZ_VX, MSZ_VX, RCL_VX, D_NOVVVV, N_VMOVUPD),    /* VEX.128/256.66.0F.WIG 10/11 /r */
	SIMD(X_VMOVSS, OSZ_F4, MSZ_D, RCL_XMM, D_NOVVVV_MEM, N_VMOVSS),  /* VEX.LIG.F3.0F.WIG 10/11 /r */
	SIMD(X_VMOVSD, OSZ_F8, MSZ_Q, RCL_XMM, D_NOVVVV_MEM, N_VMOVSD),  /* VEX.LIG.F2.0F.WIG 10/11 /r */
	SIMD(X_VMOVAPS, OSZ_VX, MSZ_VX, RCL_VX, D_NOVVVV, N_VMOVAPS),    /* VEX.128/256.0F.WIG 28/29 /r */
	SIMD(X_VMOVAPD, OSZ_VX, MSZ_VX, RCL_VX, D_NOVVVV, N_VMOVAPD),    /* VEX.128/256.66.0F.WIG 28/29 /r */
	SIMD(X_VMOVNTPS, OSZ_VX, MSZ_VX, RCL_VX, D_NOVVVV | D_MEMONLY, N_VMOVNTPS), /* VEX.128/256.0F.WIG 2B /r */
	SIMD(X_VMOVNTPD, OSZ_VX, MSZ_VX, RCL_VX, D_NOVVVV | D_MEMONLY, N_VMOVNTPD), /* VEX.128/256.66.0F.WIG 2B /r */
	DESC(X_VMOVD, SIMD_MOV, OSZ_DQ, IMM_NONE, MSZ_OSZ, RCL_XMM, NM_W, 0, D_MODRM | D_NOVVVV | D_VEX_L0, N_VMOVD), /* VEX.128.66.0F.W0/W1 6E/7E /r */
	SIMD(X_VMOVQ, OSZ_F8, MSZ_Q, RCL_XMM, D_NOVVVV | D_VEX_L0, N_VMOVQ),       /* VEX.128.F3.0F.WIG 7E /r, VEX.128.66.0F.WIG D6 /r */
	SIMD(X_VMOVDQA, OSZ_VX, MSZ_VX, RCL_VX, D_NOVVVV, N_VMOVDQA),    /* VEX.128/256.66.0F.WIG 6F/7F /r */
	SIMD(X_VMOVDQU, OSZ_VX, MSZ_VX, RCL_VX, D_NOVVVV, N_VMOVDQU),    /* VEX.128/256.F3.0F.WIG 6F/7F /r */
	SIMD(X_VMOVNTDQ, OSZ_VX, MSZ_VX, RCL_VX, D_NOVVVV | D_MEMONLY, N_VMOVNTDQ),   /* VEX.128/256.66.0F.WIG E7 /r */
	SIMD(X_VMOVNTDQA, OSZ_VX, MSZ_VX, RCL_VX, D_NOVVVV | D_MEMONLY, N_VMOVNTDQA), /* VEX.128/256.66.0F38.WIG 2A /r */
	DESC(X_BEXTR, BEXTR, OSZ_DQ, IMM_NONE, MSZ_OSZ, RCL_GPR, NM_ONE, 0, D_MODRM | D_VEX_L0, N_BEXTR), /* VEX.LZ.0F38.W0/W1 F7 /r */
};

const unsigned vd_ndesc = X_COUNT;

/* Redirect tables. */
enum {
	P_0F10, P_0F28, P_0F2B, P_0F6E, P_0F6F, P_0F7E, P_0FC3, P_0FD6, P_0FE7,
	P_0FAE_MEM, P_0F38F0, P_0F382A,
	P_V10, P_V28, P_V2B, P_V6E, P_V6F, P_V7E, P_VD6, P_VE7, P_V382A, P_V38F7,
	P_COUNT
};
/* Columns: no mandatory prefix, 66, F3, F2. */
const uint16_t vd_pfx[P_COUNT][4] = {
	[P_0F10] = {X_MOVUPS, X_MOVUPD, X_MOVSS, X_MOVSD},
	[P_0F28] = {X_MOVAPS, X_MOVAPD, E_INVALID, E_INVALID},
	[P_0F2B] = {X_MOVNTPS, X_MOVNTPD, E_UNSUP, E_UNSUP},          /* F3/F2: AMD MOVNTSS/SD */
	[P_0F6E] = {X_MOVD_MM, X_MOVD_X, E_INVALID, E_INVALID},
	[P_0F6F] = {X_MOVQ_MM, X_MOVDQA, X_MOVDQU, E_INVALID},
	[P_0F7E] = {X_MOVD_MM, X_MOVD_X, X_MOVQ_X, E_INVALID},
	[P_0FC3] = {X_MOVNTI, E_INVALID, E_INVALID, E_INVALID},
	[P_0FD6] = {E_INVALID, X_MOVQ_X, E_UNSUP, E_UNSUP},           /* F3/F2: MOVQ2DQ/MOVDQ2Q */
	[P_0FE7] = {X_MOVNTQ, X_MOVNTDQ, E_INVALID, E_INVALID},
	[P_0FAE_MEM] = {REDIR(R_GRP, 0), REDIR(R_GRP, 1), E_UNSUP, E_UNSUP},
	[P_0F38F0] = {X_MOVBE, X_MOVBE, E_INVALID, E_UNSUP},          /* F2: CRC32 */
	[P_0F382A] = {E_INVALID, X_MOVNTDQA, E_INVALID, E_INVALID},
	[P_V10] = {X_VMOVUPS, X_VMOVUPD, X_VMOVSS, X_VMOVSD},
	[P_V28] = {X_VMOVAPS, X_VMOVAPD, E_INVALID, E_INVALID},
	[P_V2B] = {X_VMOVNTPS, X_VMOVNTPD, E_INVALID, E_INVALID},
	[P_V6E] = {E_INVALID, X_VMOVD, E_INVALID, E_INVALID},
	[P_V6F] = {E_INVALID, X_VMOVDQA, X_VMOVDQU, E_INVALID},
	[P_V7E] = {E_INVALID, X_VMOVD, X_VMOVQ, E_INVALID},
	[P_VD6] = {E_INVALID, X_VMOVQ, E_INVALID, E_INVALID},
	[P_VE7] = {E_INVALID, X_VMOVNTDQ, E_INVALID, E_INVALID},
	[P_V382A] = {E_INVALID, X_VMOVNTDQA, E_INVALID, E_INVALID},
	[P_V38F7] = {X_BEXTR, E_UNSUP, E_UNSUP, E_UNSUP},              /* 66/F3/F2: SHLX/SARX/SHRX */
};

enum { M_63, M_COUNT };
/* Columns: outside 64-bit mode, 64-bit mode. */
const uint16_t vd_m64[M_COUNT][2] = {
	[M_63] = {E_UNSUP, X_MOVSXD},                                 /* 63: ARPL outside 64-bit mode */
};

enum { MD_0FAE, MD_XABORT, MD_COUNT };

enum {
	G_0FAE_NP = 0, G_0FAE_66 = 1, /* fixed: referenced from vd_pfx above */
	G_80, G_81, G_82, G_83, G_C6, G_C7, G_F6, G_F7, G_FE, G_FF, G_8F,
	G_0FBA, G_0FC7,
	G_COUNT
};
#define G1ROW(opc) {X_ADD_##opc, X_OR_##opc, X_ADC_##opc, X_SBB_##opc, \
	X_AND_##opc, X_SUB_##opc, X_XOR_##opc, X_CMP_##opc}
/* Columns: ModRM.reg 0..7. */
const uint16_t vd_grp[G_COUNT][8] = {
	[G_0FAE_NP] = {0, 0, 0, 0, 0, 0, 0, X_CLFLUSH},               /* FXSAVE..XSAVEOPT, CLFLUSH */
	[G_0FAE_66] = {0, 0, 0, 0, 0, 0, X_CLWB, X_CLFLUSHOPT},
	[G_80] = G1ROW(80), [G_81] = G1ROW(81), [G_82] = G1ROW(82), [G_83] = G1ROW(83),
	[G_C6] = {X_MOV_EbIb, 1, 1, 1, 1, 1, 1, REDIR(R_MOD, MD_XABORT)},
	[G_C7] = {X_MOV_EvIz, 1, 1, 1, 1, 1, 1, REDIR(R_MOD, MD_XABORT)},
	[G_F6] = {X_TEST_EbIb, X_TEST_EbIb, X_NOT_Eb, X_NEG_Eb, X_MUL_Eb, X_IMUL_Eb, X_DIV_Eb, X_IDIV_Eb},
	[G_F7] = {X_TEST_EvIz, X_TEST_EvIz, X_NOT_Ev, X_NEG_Ev, X_MUL_Ev, X_IMUL_Ev, X_DIV_Ev, X_IDIV_Ev},
	[G_FE] = {X_INC_Eb, X_DEC_Eb, 1, 1, 1, 1, 1, 1},
	[G_FF] = {X_INC_Ev, X_DEC_Ev, 0, 0, 0, 0, X_PUSH_Ev, 1},      /* /2-/5: CALL/JMP */
	[G_8F] = {X_POP_Ev, 0, 0, 0, 0, 0, 0, 0},                     /* /1-/7: XOP escape on AMD */
	[G_0FBA] = {1, 1, 1, 1, X_BT_EvIb, X_BTS_EvIb, X_BTR_EvIb, X_BTC_EvIb},
	[G_0FC7] = {1, X_CMPXCHGNB, 1, 0, 0, 0, 0, 0},                /* /3-/7: XRSTORS.. VMPTRLD, RDRAND.. */
};

/* Columns: memory operand (mod != 3), register (mod == 3). */
const uint16_t vd_mod[MD_COUNT][2] = {
	[MD_0FAE] = {REDIR(R_PFX, P_0FAE_MEM), E_UNSUP},              /* register forms: fences, RDFSBASE... */
	[MD_XABORT] = {E_INVALID, E_UNSUP},                           /* C6/C7 /7: only C6 F8 (XABORT), C7 F8 (XBEGIN) */
};

#define ALU_MAP(base, op) [base] = X_##op##_EbGb, [base + 1] = X_##op##_EvGv, \
	[base + 2] = X_##op##_GbEb, [base + 3] = X_##op##_GvEv

/* One-byte map ([0]) and 0F map ([1]); C4/C5 (VEX) and 0F 38 / 0F 3A are
 * escapes the decoder handles itself. */
const uint16_t vd_map_legacy[2][256] = {
[0] = {
	ALU_MAP(0x00, ADD), ALU_MAP(0x08, OR), ALU_MAP(0x10, ADC), ALU_MAP(0x18, SBB),
	ALU_MAP(0x20, AND), ALU_MAP(0x28, SUB), ALU_MAP(0x30, XOR), ALU_MAP(0x38, CMP),
	[0x63] = REDIR(R_M64, M_63),
	[0x69] = X_IMUL_GvEvIz, [0x6B] = X_IMUL_GvEvIb,
	[0x6C] = X_INS_B, [0x6D] = X_INS_Z, [0x6E] = X_OUTS_B, [0x6F] = X_OUTS_Z,
	[0x80] = REDIR(R_GRP, G_80), [0x81] = REDIR(R_GRP, G_81),
	[0x82] = REDIR(R_GRP, G_82), [0x83] = REDIR(R_GRP, G_83),
	[0x84] = X_TEST_EbGb, [0x85] = X_TEST_EvGv, [0x86] = X_XCHG_EbGb, [0x87] = X_XCHG_EvGv,
	[0x88] = X_MOV_EbGb, [0x89] = X_MOV_EvGv, [0x8A] = X_MOV_GbEb, [0x8B] = X_MOV_GvEv,
	[0x8C] = X_MOV_EwSw, [0x8F] = REDIR(R_GRP, G_8F),
	[0xA0] = X_MOV_ALOb, [0xA1] = X_MOV_eAXOv, [0xA2] = X_MOV_ObAL, [0xA3] = X_MOV_OveAX,
	[0xA4] = X_MOVS_B, [0xA5] = X_MOVS_V, [0xA6] = X_CMPS_B, [0xA7] = X_CMPS_V,
	[0xAA] = X_STOS_B, [0xAB] = X_STOS_V, [0xAC] = X_LODS_B, [0xAD] = X_LODS_V,
	[0xAE] = X_SCAS_B, [0xAF] = X_SCAS_V,
	[0xC0] = X_SHIFT_EbIb, [0xC1] = X_SHIFT_EvIb,
	[0xC6] = REDIR(R_GRP, G_C6), [0xC7] = REDIR(R_GRP, G_C7),
	[0xD0] = X_SHIFT_Eb1, [0xD1] = X_SHIFT_Ev1, [0xD2] = X_SHIFT_EbCL, [0xD3] = X_SHIFT_EvCL,
	[0xF6] = REDIR(R_GRP, G_F6), [0xF7] = REDIR(R_GRP, G_F7),
	[0xFE] = REDIR(R_GRP, G_FE), [0xFF] = REDIR(R_GRP, G_FF),
	[0xC4] = REDIR(R_ESC, ESC_VEX3), [0xC5] = REDIR(R_ESC, ESC_VEX2),
},

#define CC16(base, x) [base + 0] = x, [base + 1] = x, [base + 2] = x, [base + 3] = x, \
	[base + 4] = x, [base + 5] = x, [base + 6] = x, [base + 7] = x, [base + 8] = x,     \
	[base + 9] = x, [base + 10] = x, [base + 11] = x, [base + 12] = x, [base + 13] = x, \
	[base + 14] = x, [base + 15] = x

[1] = {
	[0x10] = REDIR(R_PFX, P_0F10), [0x11] = REDIR(R_PFX, P_0F10),
	[0x28] = REDIR(R_PFX, P_0F28), [0x29] = REDIR(R_PFX, P_0F28),
	[0x2B] = REDIR(R_PFX, P_0F2B),
	CC16(0x40, X_CMOV),
	[0x6E] = REDIR(R_PFX, P_0F6E), [0x6F] = REDIR(R_PFX, P_0F6F),
	[0x7E] = REDIR(R_PFX, P_0F7E), [0x7F] = REDIR(R_PFX, P_0F6F),
	CC16(0x90, X_SETCC),
	[0xA3] = X_BT_EvGv, [0xAB] = X_BTS_EvGv, [0xB3] = X_BTR_EvGv, [0xBB] = X_BTC_EvGv,
	[0xAE] = REDIR(R_MOD, MD_0FAE), [0xAF] = X_IMUL_GvEv,
	[0xB0] = X_CMPXCHG_EbGb, [0xB1] = X_CMPXCHG_EvGv,
	[0xB6] = X_MOVZX_GvEb, [0xB7] = X_MOVZX_GvEw, [0xBE] = X_MOVSX_GvEb, [0xBF] = X_MOVSX_GvEw,
	[0xBA] = REDIR(R_GRP, G_0FBA),
	[0xC0] = X_XADD_EbGb, [0xC1] = X_XADD_EvGv, [0xC3] = REDIR(R_PFX, P_0FC3),
	[0xC7] = REDIR(R_GRP, G_0FC7),
	[0xD6] = REDIR(R_PFX, P_0FD6), [0xE7] = REDIR(R_PFX, P_0FE7),
	[0x38] = REDIR(R_ESC, ESC_0F38), [0x3A] = REDIR(R_ESC, ESC_0F3A),
},
};

const uint16_t vd_map_0f38[256] = {
	[0x2A] = REDIR(R_PFX, P_0F382A),
	[0xF0] = REDIR(R_PFX, P_0F38F0), [0xF1] = REDIR(R_PFX, P_0F38F0),
};

const uint16_t vd_vex_0f[256] = {
	[0x10] = REDIR(R_PFX, P_V10), [0x11] = REDIR(R_PFX, P_V10),
	[0x28] = REDIR(R_PFX, P_V28), [0x29] = REDIR(R_PFX, P_V28),
	[0x2B] = REDIR(R_PFX, P_V2B),
	[0x6E] = REDIR(R_PFX, P_V6E), [0x6F] = REDIR(R_PFX, P_V6F),
	[0x7E] = REDIR(R_PFX, P_V7E), [0x7F] = REDIR(R_PFX, P_V6F),
	[0xD6] = REDIR(R_PFX, P_VD6), [0xE7] = REDIR(R_PFX, P_VE7),
};

const uint16_t vd_vex_0f38[256] = {
	[0x2A] = REDIR(R_PFX, P_V382A),
	[0xF7] = REDIR(R_PFX, P_V38F7),
};
