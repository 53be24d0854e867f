/*
 * tests/decode/test_mov.c - MOV 88-8B/8C/A0-A3/C6/C7, MOVZX, MOVSX,
 * MOVSXD, MOVBE, XCHG, CMOVcc, SETcc, PUSH FF /6, POP 8F /0.
 * Expectations from the SDM vol. 2 opcode tables and ModRM/SIB tables
 * 2-1..2-3.
 */
#include <stdio.h>
#include <string.h>

#include "golden.h"

GOLDEN_SUITE(mov);

#define ARR(a) (sizeof(a) / sizeof((a)[0]))

/* 64-bit mode */
static const struct golden mov64[] = {
	G(L64, "89 08", MOV, 0x89, "mov", 4, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "ecx"),
	G(L64, "48 89 08", MOV, 0x89, "mov", 8, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 8), NOIMM, "rcx"),
	/* REX.W+R, SIB [rsp] + disp8: SS by default */
	G(L64, "4c 89 44 24 08", MOV, 0x89, "mov", 8, 8, MRM(1, 8, 4),
	    MEM(RSP, NONE, 0, 8, 1, sSS, 0, 8), NOIMM, "r8"),
	G(L64, "66 89 08", MOV, 0x89, "mov", 2, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "cx"),
	/* byte registers 4-7: AH..BH without REX, SPL..DIL with any REX */
	G(L64, "88 20", MOV, 0x88, "mov", 1, 8, MRM(0, 4, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "ah"),
	G(L64, "40 88 20", MOV, 0x88, "mov", 1, 8, MRM(0, 4, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "spl"),
	G(L64, "40 88 38", MOV, 0x88, "mov", 1, 8, MRM(0, 7, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "dil"),
	G(L64, "44 88 00", MOV, 0x88, "mov", 1, 8, MRM(0, 8, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "r8b"),
	G(L64, "44 88 3f", MOV, 0x88, "mov", 1, 8, MRM(0, 15, 7),
	    MEM(RDI, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "r15b"),
	/* RIP-relative: mod 00 rm 101 */
	G(L64, "8a 0d 78 56 34 12", MOV, 0x8a, "mov", 1, 8, MRM(0, 1, 5),
	    MEM(RIP, NONE, 0, 0x12345678, 4, sDS, 0, 1), NOIMM, "cl"),
	G(L64, "8b 05 f0 ff ff ff", MOV, 0x8b, "mov", 4, 8, MRM(0, 0, 5),
	    MEM(RIP, NONE, 0, -16, 4, sDS, 0, 4), NOIMM, "eax"),
	G(L64, "67 8b 05 00 01 00 00", MOV, 0x8b, "mov", 4, 4, MRM(0, 0, 5),
	    MEM(RIP, NONE, 0, 0x100, 4, sDS, 0, 4), NOIMM, "eax"),
	/* SIB with REX.X: index r12 scaled, base 101 + mod 00: disp32 only */
	G(L64, "4a 8b 04 e5 00 10 00 00", MOV, 0x8b, "mov", 8, 8, MRM(0, 0, 4),
	    MEM(NONE, R12, 8, 0x1000, 4, sDS, 0, 8), NOIMM, "rax"),
	/* r13 as base needs mod 01 (mod 00 rm 101 is RIP-relative) */
	G(L64, "41 8b 45 00", MOV, 0x8b, "mov", 4, 8, MRM(1, 0, 13),
	    MEM(R13, NONE, 0, 0, 1, sDS, 0, 4), NOIMM, "eax"),
	/* r12 as base needs a SIB byte; rm with REX.B in SIB/disp32 special
	 * cases is not pinned by the contract (bhyve leaves REX.B out) */
	G(L64, "41 8b 04 24", MOV, 0x8b, "mov", 4, 8, MRM(0, 0, ANY),
	    MEM(R12, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "eax"),
	G(L64, "41 8b 04 25 00 20 00 00", MOV, 0x8b, "mov", 4, 8, MRM(0, 0, ANY),
	    MEM(NONE, NONE, 0, 0x2000, 4, sDS, 0, 4), NOIMM, "eax"),
	G(L64, "41 8b 05 00 20 00 00", MOV, 0x8b, "mov", 4, 8, MRM(0, 0, ANY),
	    MEM(RIP, NONE, 0, 0x2000, 4, sDS, 0, 4), NOIMM, "eax"),
	G(L64, "42 8b 04 24", MOV, 0x8b, "mov", 4, 8, MRM(0, 0, 4),
	    MEM(RSP, R12, 1, 0, 0, sSS, 0, 4), NOIMM, "eax"),
	G(L64, "8b 45 f8", MOV, 0x8b, "mov", 4, 8, MRM(1, 0, 5),
	    MEM(RBP, NONE, 0, -8, 1, sSS, 0, 4), NOIMM, "eax"),
	G(L64, "64 48 8b 04 25 28 00 00 00", MOV, 0x8b, "mov", 8, 8, MRM(0, 0, 4),
	    MEM(NONE, NONE, 0, 0x28, 4, sFS, 1, 8), NOIMM, "rax"),
	/* SIB disp32 without base: sign-extended to 64 bits */
	G(L64, "8b 04 25 00 00 00 80", MOV, 0x8b, "mov", 4, 8, MRM(0, 0, 4),
	    MEM(NONE, NONE, 0, -0x80000000LL, 4, sDS, 0, 4), NOIMM, "eax"),
	G(L64, "65 4c 8b 3c 24", MOV, 0x8b, "mov", 8, 8, MRM(0, 15, 4),
	    MEM(RSP, NONE, 0, 0, 0, sGS, 1, 8), NOIMM, "r15"),
	/* register forms */
	G(L64, "8b c8", MOV, 0x8b, "mov", 4, 8, MRM(3, 1, 0), NOMEM, NOIMM, "ecx"),
	G(L64, "4d 8b c8", MOV, 0x8b, "mov", 8, 8, MRM(3, 9, 8), NOMEM, NOIMM, "r9"),
	G(L64, "88 c4", MOV, 0x88, "mov", 1, 8, MRM(3, 0, 4), NOMEM, NOIMM, "al"),
	/* C6 /0 ib, C7 /0 id (sign-extended to 64 with REX.W) */
	G(L64, "c6 00 7f", MOV, 0xc6, "mov", 1, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), IMMB(0x7f, 1), NULL),
	G(L64, "c6 00 ff", MOV, 0xc6, "mov", 1, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), IMMB(-1, 1), NULL),
	G(L64, "c7 00 78 56 34 12", MOV, 0xc7, "mov", 4, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), IMM(0x12345678, 4), NULL),
	G(L64, "48 c7 00 ff ff ff ff", MOV, 0xc7, "mov", 8, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 8), IMM(-1, 4), NULL),
	G(L64, "48 c7 05 10 00 00 00 00 00 00 80", MOV, 0xc7, "mov", 8, 8,
	    MRM(0, 0, 5), MEM(RIP, NONE, 0, 0x10, 4, sDS, 0, 8),
	    IMM(-0x80000000LL, 4), NULL),
	/* REX.W wins over 66: imm32, not imm16 */
	G(L64, "66 48 c7 00 78 56 34 92", MOV, 0xc7, "mov", 8, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 8), IMM((int32_t)0x92345678, 4), NULL),
	G(L64, "66 48 a1 00 00 00 00 00 00 00 00", MOV, 0xa1, "mov", 8, 8, NOMRM,
	    MOFFS(0, 8, sDS, 0, 8), NOIMM, RN_ANY),
	G(L64, "66 c7 00 34 12", MOV, 0xc7, "mov", 2, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), IMM(0x1234, 2), NULL),
	G(L64, "c7 c0 01 00 00 00", MOV, 0xc7, "mov", 4, 8, MRM(3, 0, 0),
	    NOMEM, IMM(1, 4), NULL),
	/* moffs: 8-byte offset in 64-bit mode, 4 with 67 */
	G(L64, "48 a1 88 77 66 55 44 33 22 11", MOV, 0xa1, "mov", 8, 8, NOMRM,
	    MOFFS(0x1122334455667788LL, 8, sDS, 0, 8), NOIMM, RN_ANY),
	G(L64, "a0 00 10 00 00 00 00 00 00", MOV, 0xa0, "mov", 1, 8, NOMRM,
	    MOFFS(0x1000, 8, sDS, 0, 1), NOIMM, RN_ANY),
	G(L64, "a1 f0 ff ff ff 00 00 00 00", MOV, 0xa1, "mov", 4, 8, NOMRM,
	    MOFFS(0xfffffff0LL, 8, sDS, 0, 4), NOIMM, RN_ANY),
	G(L64, "67 a3 78 56 34 12", MOV, 0xa3, "mov", 4, 4, NOMRM,
	    MOFFS(0x12345678, 4, sDS, 0, 4), NOIMM, RN_ANY),
	/* zero-extended, not sign-extended */
	G(L64, "67 a1 00 00 00 80", MOV, 0xa1, "mov", 4, 4, NOMRM,
	    MOFFS(0x80000000LL, 4, sDS, 0, 4), NOIMM, RN_ANY),
	G(L64, "65 a2 00 00 00 00 00 00 00 80", MOV, 0xa2, "mov", 1, 8, NOMRM,
	    MOFFS((int64_t)0x8000000000000000ULL, 8, sGS, 1, 1), NOIMM, RN_ANY),
	G(L64, "66 a3 08 00 00 00 00 00 00 00", MOV, 0xa3, "mov", 2, 8, NOMRM,
	    MOFFS(8, 8, sDS, 0, 2), NOIMM, RN_ANY),
	/* 8C: MOV r/m16, Sreg; the store is 16 bits at any operand size (the
	 * operand-size column is Zydis's convention, so unchecked) */
	G(L64, "8c 18", MOV, 0x8c, "mov", ANY, 8, MRM(0, 3, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "ds"),
	G(L64, "48 8c 20", MOV, 0x8c, "mov", ANY, 8, MRM(0, 4, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "fs"),
	G(L64, "8c 2c 24", MOV, 0x8c, "mov", ANY, 8, MRM(0, 5, 4),
	    MEM(RSP, NONE, 0, 0, 0, sSS, 0, 2), NOIMM, "gs"),
};

/* 32-bit protected and compatibility mode (CS.D = 1) */
static const struct golden mov32[] = {
	G(P32, "89 08", MOV, 0x89, "mov", 4, 4, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "ecx"),
	G(C32, "89 08", MOV, 0x89, "mov", 4, 4, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "ecx"),
	G(P32, "66 89 08", MOV, 0x89, "mov", 2, 4, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "cx"),
	/* mod 00 rm 101 is disp32 outside 64-bit mode, not RIP-relative */
	G(P32, "8b 0d 78 56 34 12", MOV, 0x8b, "mov", 4, 4, MRM(0, 1, 5),
	    MEM(NONE, NONE, 0, 0x12345678, 4, sDS, 0, 4), NOIMM, "ecx"),
	G(C32, "8b 0d 78 56 34 12", MOV, 0x8b, "mov", 4, 4, MRM(0, 1, 5),
	    MEM(NONE, NONE, 0, 0x12345678, 4, sDS, 0, 4), NOIMM, "ecx"),
	G(P32, "8b 05 00 00 00 80", MOV, 0x8b, "mov", 4, 4, MRM(0, 0, 5),
	    MEM(NONE, NONE, 0, -0x80000000LL, 4, sDS, 0, 4), NOIMM, "eax"),
	G(P32, "8b 44 24 04", MOV, 0x8b, "mov", 4, 4, MRM(1, 0, 4),
	    MEM(RSP, NONE, 0, 4, 1, sSS, 0, 4), NOIMM, "eax"),
	G(P32, "8b 04 8d 00 10 00 00", MOV, 0x8b, "mov", 4, 4, MRM(0, 0, 4),
	    MEM(NONE, RCX, 4, 0x1000, 4, sDS, 0, 4), NOIMM, "eax"),
	G(P32, "8b 44 8d 08", MOV, 0x8b, "mov", 4, 4, MRM(1, 0, 4),
	    MEM(RBP, RCX, 4, 8, 1, sSS, 0, 4), NOIMM, "eax"),
	G(P32, "8b 04 2c", MOV, 0x8b, "mov", 4, 4, MRM(0, 0, 4),
	    MEM(RSP, RBP, 1, 0, 0, sSS, 0, 4), NOIMM, "eax"),
	/* an EBP index does not make the access SS-relative */
	G(P32, "8b 04 28", MOV, 0x8b, "mov", 4, 4, MRM(0, 0, 4),
	    MEM(RAX, RBP, 1, 0, 0, sDS, 0, 4), NOIMM, "eax"),
	/* index 100: no index even with a non-zero scale field */
	G(P32, "8b 04 e0", MOV, 0x8b, "mov", 4, 4, MRM(0, 0, 4),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "eax"),
	G(P32, "8b 84 24 00 01 00 00", MOV, 0x8b, "mov", 4, 4, MRM(2, 0, 4),
	    MEM(RSP, NONE, 0, 0x100, 4, sSS, 0, 4), NOIMM, "eax"),
	G(P32, "8b 80 00 00 00 80", MOV, 0x8b, "mov", 4, 4, MRM(2, 0, 0),
	    MEM(RAX, NONE, 0, -0x80000000LL, 4, sDS, 0, 4), NOIMM, "eax"),
	G(P32, "8a 3c 24", MOV, 0x8a, "mov", 1, 4, MRM(0, 7, 4),
	    MEM(RSP, NONE, 0, 0, 0, sSS, 0, 1), NOIMM, "bh"),
	G(P32, "88 64 24 ff", MOV, 0x88, "mov", 1, 4, MRM(1, 4, 4),
	    MEM(RSP, NONE, 0, -1, 1, sSS, 0, 1), NOIMM, "ah"),
	/* 67: 16-bit addressing in a 32-bit segment */
	G(P32, "67 8b 07", MOV, 0x8b, "mov", 4, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "eax"),
	G(P32, "a1 78 56 34 12", MOV, 0xa1, "mov", 4, 4, NOMRM,
	    MOFFS(0x12345678, 4, sDS, 0, 4), NOIMM, RN_ANY),
	G(P32, "a1 00 00 00 80", MOV, 0xa1, "mov", 4, 4, NOMRM,
	    MOFFS(0x80000000LL, 4, sDS, 0, 4), NOIMM, RN_ANY),
	G(P32, "67 a1 34 12", MOV, 0xa1, "mov", 4, 2, NOMRM,
	    MOFFS(0x1234, 2, sDS, 0, 4), NOIMM, RN_ANY),
	G(P32, "66 67 a3 34 12", MOV, 0xa3, "mov", 2, 2, NOMRM,
	    MOFFS(0x1234, 2, sDS, 0, 2), NOIMM, RN_ANY),
	G(P32, "2e a0 00 00 00 00", MOV, 0xa0, "mov", 1, 4, NOMRM,
	    MOFFS(0, 4, sCS, 1, 1), NOIMM, RN_ANY),
	G(C32, "64 a2 10 00 00 00", MOV, 0xa2, "mov", 1, 4, NOMRM,
	    MOFFS(0x10, 4, sFS, 1, 1), NOIMM, RN_ANY),
	G(P32, "c7 05 00 10 00 00 78 56 34 12", MOV, 0xc7, "mov", 4, 4, MRM(0, 0, 5),
	    MEM(NONE, NONE, 0, 0x1000, 4, sDS, 0, 4), IMM(0x12345678, 4), NULL),
	G(P32, "66 c7 00 00 80", MOV, 0xc7, "mov", 2, 4, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), IMM(-32768, 2), NULL),
	G(P32, "c6 44 24 01 80", MOV, 0xc6, "mov", 1, 4, MRM(1, 0, 4),
	    MEM(RSP, NONE, 0, 1, 1, sSS, 0, 1), IMMB(-128, 1), NULL),
	G(P32, "8c 1d 00 10 00 00", MOV, 0x8c, "mov", ANY, 4, MRM(0, 3, 5),
	    MEM(NONE, NONE, 0, 0x1000, 4, sDS, 0, 2), NOIMM, "ds"),
	G(P32, "8c 00", MOV, 0x8c, "mov", ANY, 4, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "es"),
	G(C32, "8c 08", MOV, 0x8c, "mov", ANY, 4, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "cs"),
	G(P32, "8c 10", MOV, 0x8c, "mov", ANY, 4, MRM(0, 2, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "ss"),
	G(P32, "8b c1", MOV, 0x8b, "mov", 4, 4, MRM(3, 0, 1), NOMEM, NOIMM, "eax"),
};

/* 16-bit: real mode, 16-bit protected and compatibility mode */
static const struct golden mov16[] = {
	G(R16, "89 07", MOV, 0x89, "mov", 2, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "ax"),
	G(P16, "89 07", MOV, 0x89, "mov", 2, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "ax"),
	G(C16, "89 07", MOV, 0x89, "mov", 2, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "ax"),
	G(R16, "66 89 07", MOV, 0x89, "mov", 4, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "eax"),
	G(R16, "88 2f", MOV, 0x88, "mov", 1, 2, MRM(0, 5, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "ch"),
	G(P16, "8b 4e fe", MOV, 0x8b, "mov", 2, 2, MRM(1, 1, 6),
	    MEM(RBP, NONE, 0, -2, 1, sSS, 0, 2), NOIMM, "cx"),
	G(R16, "8b 16 34 12", MOV, 0x8b, "mov", 2, 2, MRM(0, 2, 6),
	    MEM(NONE, NONE, 0, 0x1234, 2, sDS, 0, 2), NOIMM, "dx"),
	G(R16, "67 8b 04 24", MOV, 0x8b, "mov", 2, 4, MRM(0, 0, 4),
	    MEM(RSP, NONE, 0, 0, 0, sSS, 0, 2), NOIMM, "ax"),
	G(R16, "67 66 8b 04 98", MOV, 0x8b, "mov", 4, 4, MRM(0, 0, 4),
	    MEM(RAX, RBX, 4, 0, 0, sDS, 0, 4), NOIMM, "eax"),
	/* disp16 direct addressing is sign-extended like any displacement */
	G(R16, "8b 06 00 80", MOV, 0x8b, "mov", 2, 2, MRM(0, 0, 6),
	    MEM(NONE, NONE, 0, -32768, 2, sDS, 0, 2), NOIMM, "ax"),
	G(R16, "a1 34 12", MOV, 0xa1, "mov", 2, 2, NOMRM,
	    MOFFS(0x1234, 2, sDS, 0, 2), NOIMM, RN_ANY),
	G(P16, "a1 00 80", MOV, 0xa1, "mov", 2, 2, NOMRM,
	    MOFFS(0x8000, 2, sDS, 0, 2), NOIMM, RN_ANY),
	G(R16, "67 a1 78 56 34 12", MOV, 0xa1, "mov", 2, 4, NOMRM,
	    MOFFS(0x12345678, 4, sDS, 0, 2), NOIMM, RN_ANY),
	G(C16, "66 a3 00 01", MOV, 0xa3, "mov", 4, 2, NOMRM,
	    MOFFS(0x100, 2, sDS, 0, 4), NOIMM, RN_ANY),
	G(R16, "26 a0 00 01", MOV, 0xa0, "mov", 1, 2, NOMRM,
	    MOFFS(0x100, 2, sES, 1, 1), NOIMM, RN_ANY),
	G(R16, "c7 06 00 10 34 12", MOV, 0xc7, "mov", 2, 2, MRM(0, 0, 6),
	    MEM(NONE, NONE, 0, 0x1000, 2, sDS, 0, 2), IMM(0x1234, 2), NULL),
	G(P16, "66 c7 07 78 56 34 12", MOV, 0xc7, "mov", 4, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 4), IMM(0x12345678, 4), NULL),
	G(R16, "c6 07 7f", MOV, 0xc6, "mov", 1, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 1), IMMB(0x7f, 1), NULL),
	G(R16, "26 8b 07", MOV, 0x8b, "mov", 2, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sES, 1, 2), NOIMM, "ax"),
	G(R16, "36 8b 07", MOV, 0x8b, "mov", 2, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sSS, 1, 2), NOIMM, "ax"),
	G(R16, "3e 8b 46 00", MOV, 0x8b, "mov", 2, 2, MRM(1, 0, 6),
	    MEM(RBP, NONE, 0, 0, 1, sDS, 1, 2), NOIMM, "ax"),
	G(P16, "8c 1f", MOV, 0x8c, "mov", ANY, 2, MRM(0, 3, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "ds"),
	G(R16, "8b c1", MOV, 0x8b, "mov", 2, 2, MRM(3, 0, 1), NOMEM, NOIMM, "ax"),
};

/* MOVZX, MOVSX, MOVSXD, MOVBE, XCHG: destination-sized opsize, source-
 * sized memory access */
static const struct golden ext[] = {
	G(L64, "0f b6 00", MOVZX, 0xb6, "movzx", 4, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "eax"),
	G(L64, "48 0f b7 08", MOVZX, 0xb7, "movzx", 8, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "rcx"),
	G(L64, "66 0f b6 00", MOVZX, 0xb6, "movzx", 2, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "ax"),
	G(L64, "0f be 00", MOVSX, 0xbe, "movsx", 4, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "eax"),
	G(L64, "4c 0f bf 00", MOVSX, 0xbf, "movsx", 8, 8, MRM(0, 8, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "r8"),
	G(L64, "0f b6 c1", MOVZX, 0xb6, "movzx", 4, 8, MRM(3, 0, 1),
	    NOMEM, NOIMM, "eax"),
	G(P32, "0f b6 00", MOVZX, 0xb6, "movzx", 4, 4, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "eax"),
	G(C32, "66 0f be 00", MOVSX, 0xbe, "movsx", 2, 4, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "ax"),
	G(P32, "0f bf 4d 08", MOVSX, 0xbf, "movsx", 4, 4, MRM(1, 1, 5),
	    MEM(RBP, NONE, 0, 8, 1, sSS, 0, 2), NOIMM, "ecx"),
	G(R16, "0f b6 07", MOVZX, 0xb6, "movzx", 2, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "ax"),
	G(P16, "66 0f b7 07", MOVZX, 0xb7, "movzx", 4, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "eax"),
	G(C16, "0f be 04", MOVSX, 0xbe, "movsx", 2, 2, MRM(0, 0, 4),
	    MEM(RSI, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "ax"),
	/* MOVSXD (64-bit mode only) */
	G(L64, "48 63 00", MOVSXD, 0x63, "movsxd", 8, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "rax"),
	G(L64, "63 08", MOVSXD, 0x63, "movsxd", 4, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "ecx"),
	G(L64, "4c 63 04 88", MOVSXD, 0x63, "movsxd", 8, 8, MRM(0, 8, 4),
	    MEM(RAX, RCX, 4, 0, 0, sDS, 0, 4), NOIMM, "r8"),
	G(L64, "48 63 c1", MOVSXD, 0x63, "movsxd", 8, 8, MRM(3, 0, 1),
	    NOMEM, NOIMM, "rax"),
	/* MOVBE (memory forms only) */
	G(L64, "0f 38 f0 00", MOVBE, 0xf0, "movbe", 4, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "eax"),
	G(L64, "48 0f 38 f1 08", MOVBE, 0xf1, "movbe", 8, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 8), NOIMM, "rcx"),
	G(L64, "66 0f 38 f1 08", MOVBE, 0xf1, "movbe", 2, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "cx"),
	G(P32, "0f 38 f0 44 24 04", MOVBE, 0xf0, "movbe", 4, 4, MRM(1, 0, 4),
	    MEM(RSP, NONE, 0, 4, 1, sSS, 0, 4), NOIMM, "eax"),
	G(R16, "0f 38 f0 07", MOVBE, 0xf0, "movbe", 2, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "ax"),
	/* XCHG 86/87 */
	G(L64, "86 08", XCHG, 0x86, "xchg", 1, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "cl"),
	G(L64, "48 87 08", XCHG, 0x87, "xchg", 8, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 8), NOIMM, "rcx"),
	G(L64, "87 c8", XCHG, 0x87, "xchg", 4, 8, MRM(3, 1, 0), NOMEM, NOIMM, "ecx"),
	G(P32, "87 00", XCHG, 0x87, "xchg", 4, 4, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "eax"),
	G(R16, "86 07", XCHG, 0x86, "xchg", 1, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "al"),
	G(C16, "87 1c", XCHG, 0x87, "xchg", 2, 2, MRM(0, 3, 4),
	    MEM(RSI, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "bx"),
	/* PUSH FF /6, POP 8F /0: 64-bit default, no 32-bit form in 64-bit
	 * mode (REX.W changes nothing, 66 gives 16) */
	G(L64, "ff 30", PUSH, 0xff, "push", 8, 8, MRM(0, 6, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 8), NOIMM, NULL),
	G(L64, "48 ff 30", PUSH, 0xff, "push", 8, 8, MRM(0, 6, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 8), NOIMM, NULL),
	G(L64, "66 ff 30", PUSH, 0xff, "push", 2, 8, MRM(0, 6, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, NULL),
	/* REX.W wins over 66 here too: 64-bit push/pop */
	G(L64, "66 48 ff 30", PUSH, 0xff, "push", 8, 8, MRM(0, 6, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 8), NOIMM, NULL),
	G(L64, "66 48 8f 00", POP, 0x8f, "pop", 8, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 8), NOIMM, NULL),
	G(L64, "41 ff 74 24 08", PUSH, 0xff, "push", 8, 8, MRM(1, 6, ANY),
	    MEM(R12, NONE, 0, 8, 1, sDS, 0, 8), NOIMM, NULL),
	G(L64, "8f 00", POP, 0x8f, "pop", 8, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 8), NOIMM, NULL),
	G(L64, "66 8f 05 00 01 00 00", POP, 0x8f, "pop", 2, 8, MRM(0, 0, 5),
	    MEM(RIP, NONE, 0, 0x100, 4, sDS, 0, 2), NOIMM, NULL),
	G(P32, "ff 30", PUSH, 0xff, "push", 4, 4, MRM(0, 6, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, NULL),
	G(C32, "66 ff 30", PUSH, 0xff, "push", 2, 4, MRM(0, 6, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, NULL),
	G(P32, "8f 05 00 10 00 00", POP, 0x8f, "pop", 4, 4, MRM(0, 0, 5),
	    MEM(NONE, NONE, 0, 0x1000, 4, sDS, 0, 4), NOIMM, NULL),
	G(R16, "ff 37", PUSH, 0xff, "push", 2, 2, MRM(0, 6, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, NULL),
	G(P16, "66 ff 37", PUSH, 0xff, "push", 4, 2, MRM(0, 6, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, NULL),
	G(R16, "8f 46 02", POP, 0x8f, "pop", 2, 2, MRM(1, 0, 6),
	    MEM(RBP, NONE, 0, 2, 1, sSS, 0, 2), NOIMM, NULL),
};

static const struct gstatus bad[] = {
	/* 8C with Sreg field 6/7: reserved, #UD */
	S(L64, "8c 30", VIE_INVALID),
	S(P32, "8c 38", VIE_INVALID),
	/* C6/C7 with /1../7 on memory: #UD (only C6/C7 F8 are XABORT/XBEGIN) */
	S(L64, "c6 08 00", VIE_INVALID),
	S(P32, "c7 10 00 00 00 00", VIE_INVALID),
	S(R16, "c6 38 00", VIE_INVALID),
	/* XABORT/XBEGIN are C6 F8 / C7 F8 only: /7 with memory is #UD */
	S(L64, "c6 38 00", VIE_INVALID),
	S(P32, "c7 3d 00 10 00 00 00 00 00 00", VIE_INVALID),
	/* MOVBE register forms: #UD */
	S(L64, "0f 38 f0 c0", VIE_INVALID),
	S(P32, "0f 38 f1 c8", VIE_INVALID),
	/* 63 is ARPL outside 64-bit mode (and #UD in real mode) */
	SV(P32, "63 00"),
	SV(C32, "63 00"),
	SV(P16, "63 07"),
	S2(R16, "63 07", VIE_INVALID, VIE_UNSUPPORTED),
	/* MOV Sreg, r/m: outside the families; valid either way */
	SV(L64, "8e 18"),
	SV(P32, "8e d8"),
};

Test(mov, long64) { check_golden(mov64, ARR(mov64)); }
Test(mov, prot32_compat32) { check_golden(mov32, ARR(mov32)); }
Test(mov, mode16) { check_golden(mov16, ARR(mov16)); }
Test(mov, movzx_movsx_movsxd_movbe_xchg_push_pop) { check_golden(ext, ARR(ext)); }
Test(mov, invalid_and_unsupported) { check_status(bad, ARR(bad)); }

/* CMOVcc 0F 40+cc and SETcc 0F 90+cc in every mode; Zydis's condition
 * spellings (SDM "cc" table, canonical names). */
static const char *const cc_name[16] = {
	"o", "no", "b", "nb", "z", "nz", "be", "nbe",
	"s", "ns", "p", "np", "l", "nl", "le", "nle",
};

Test(mov, cmovcc_setcc)
{
	/* modrm for [rAX] (32/64) or [bx+si] (16) with reg = 1 (cx/ecx) */
	static const struct { enum tmode m; const char *pfx; int osz, asz; int base, index, scale; const char *rn; } md[] = {
		{ L64, "", 4, 8, RAX, NONE, 0, "ecx" },
		{ L64, "48", 8, 8, RAX, NONE, 0, "rcx" },
		{ L64, "66", 2, 8, RAX, NONE, 0, "cx" },
		{ P32, "", 4, 4, RAX, NONE, 0, "ecx" },
		{ C32, "", 4, 4, RAX, NONE, 0, "ecx" },
		{ P16, "", 2, 2, RBX, RSI, 1, "cx" },
		{ C16, "66", 4, 2, RBX, RSI, 1, "ecx" },
		{ R16, "", 2, 2, RBX, RSI, 1, "cx" },
	};
	for (size_t i = 0; i < ARR(md); i++) {
		for (int cc = 0; cc < 16; cc++) {
			char hex[32], mn[16], hex2[32], mn2[16];
			snprintf(hex, sizeof(hex), "%s 0f %02x 08", md[i].pfx, 0x40 + cc);
			snprintf(mn, sizeof(mn), "cmov%s", cc_name[cc]);
			struct golden g = G(md[i].m, hex, CMOV, 0x40 + cc, mn,
			    md[i].osz, md[i].asz, MRM(0, 1, 0),
			    MEM(md[i].base, md[i].index, md[i].scale, 0, 0, sDS, 0, md[i].osz),
			    NOIMM, md[i].rn);
			check_golden_row(&g);

			/* SETcc r/m8: ModRM.reg is ignored, always a byte */
			snprintf(hex2, sizeof(hex2), "%s 0f %02x 08", md[i].pfx, 0x90 + cc);
			snprintf(mn2, sizeof(mn2), "set%s", cc_name[cc]);
			struct golden s = G(md[i].m, hex2, SETCC, 0x90 + cc, mn2, 1,
			    md[i].asz, MRM(0, 1, 0),
			    MEM(md[i].base, md[i].index, md[i].scale, 0, 0, sDS, 0, 1),
			    NOIMM, NULL);
			check_golden_row(&s);
		}
	}
	/* register forms */
	struct golden r1 = G(L64, "0f 44 c1", CMOV, 0x44, "cmovz", 4, 8, MRM(3, 0, 1),
	    NOMEM, NOIMM, "eax");
	struct golden r3 = G(L64, "48 0f 94 00", SETCC, 0x94, "setz", 1, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, NULL);
	check_golden_row(&r3);
	struct golden r2 = G(L64, "41 0f 95 c0", SETCC, 0x95, "setnz", 1, 8, MRM(3, 0, 8),
	    NOMEM, NOIMM, NULL);
	check_golden_row(&r1);
	check_golden_row(&r2);
}
