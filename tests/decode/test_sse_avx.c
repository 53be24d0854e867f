/*
 * tests/decode/test_sse_avx.c - SSE/MMX data moves, MOVD/MOVQ, MOVNT*,
 * CLFLUSH/CLFLUSHOPT/CLWB, their VEX forms and BEXTR.  SDM vol. 2
 * instruction pages (opcode/operand tables) and section 2.3 (VEX: R X B
 * vvvv inverted, L, pp, mmmmm; #UD for 66/F2/F3/REX/LOCK before VEX).
 */
#include <stdio.h>
#include <string.h>

#include "golden.h"

GOLDEN_SUITE(sse_avx);

#define ARR(a) (sizeof(a) / sizeof((a)[0]))

#define MRAX(sz) MEM(RAX, NONE, 0, 0, 0, sDS, 0, sz)
#define MEAX(sz) MEM(RAX, NONE, 0, 0, 0, sDS, 0, sz)

/* Full-vector moves: opsize (the data size, capped at 8) is 8 and the
 * register operand is 16 (XMM) or 32 (YMM) bytes.  Scalar and MOVD/MOVQ
 * forms: the memory size is checked; opsize is left unchecked. */
static const struct golden sse[] = {
	GV(L64, "0f 10 00", SIMD_MOV, 0x10, "movups", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	GV(L64, "0f 11 08", SIMD_MOV, 0x11, "movups", 8, 8, MRM(0, 1, 0), MRAX(16),
	    NOIMM, "xmm1", 16),
	GV(L64, "44 0f 10 00", SIMD_MOV, 0x10, "movups", 8, 8, MRM(0, 8, 0), MRAX(16),
	    NOIMM, "xmm8", 16),
	GV(L64, "45 0f 11 7d 08", SIMD_MOV, 0x11, "movups", 8, 8, MRM(1, 15, 13),
	    MEM(R13, NONE, 0, 8, 1, sDS, 0, 16), NOIMM, "xmm15", 16),
	GV(L64, "66 0f 10 00", SIMD_MOV, 0x10, "movupd", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	G(L64, "f3 0f 10 00", SIMD_MOV, 0x10, "movss", ANY, 8, MRM(0, 0, 0), MRAX(4),
	    NOIMM, "xmm0"),
	G(L64, "f2 0f 11 10", SIMD_MOV, 0x11, "movsd", ANY, 8, MRM(0, 2, 0), MRAX(8),
	    NOIMM, "xmm2"),
	/* with 66 and F3 both present, F3 selects the instruction */
	G(L64, "66 f3 0f 10 00", SIMD_MOV, 0x10, "movss", ANY, 8, MRM(0, 0, 0), MRAX(4),
	    NOIMM, "xmm0"),
	GV(L64, "0f 28 00", SIMD_MOV, 0x28, "movaps", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	GV(L64, "66 0f 29 00", SIMD_MOV, 0x29, "movapd", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	GV(L64, "66 0f 6f 00", SIMD_MOV, 0x6f, "movdqa", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	GV(L64, "f3 0f 7f 18", SIMD_MOV, 0x7f, "movdqu", 8, 8, MRM(0, 3, 0), MRAX(16),
	    NOIMM, "xmm3", 16),
	GV(L64, "f3 44 0f 6f 04 24", SIMD_MOV, 0x6f, "movdqu", 8, 8, MRM(0, 8, 4),
	    MEM(RSP, NONE, 0, 0, 0, sSS, 0, 16), NOIMM, "xmm8", 16),
	/* MMX MOVQ 0F 6F/7F */
	G(L64, "0f 6f 00", SIMD_MOV, 0x6f, "movq", ANY, 8, MRM(0, 0, 0), MRAX(8),
	    NOIMM, "mm0"),
	G(L64, "0f 7f 08", SIMD_MOV, 0x7f, "movq", ANY, 8, MRM(0, 1, 0), MRAX(8),
	    NOIMM, "mm1"),
	/* MOVD/MOVQ 0F 6E/7E, MMX and XMM, W0/W1 */
	G(L64, "0f 6e 00", SIMD_MOV, 0x6e, "movd", ANY, 8, MRM(0, 0, 0), MRAX(4),
	    NOIMM, "mm0"),
	G(L64, "48 0f 6e 00", SIMD_MOV, 0x6e, "movq", ANY, 8, MRM(0, 0, 0), MRAX(8),
	    NOIMM, "mm0"),
	G(L64, "66 0f 6e 00", SIMD_MOV, 0x6e, "movd", ANY, 8, MRM(0, 0, 0), MRAX(4),
	    NOIMM, "xmm0"),
	G(L64, "66 48 0f 6e 00", SIMD_MOV, 0x6e, "movq", ANY, 8, MRM(0, 0, 0), MRAX(8),
	    NOIMM, "xmm0"),
	G(L64, "66 4c 0f 6e 00", SIMD_MOV, 0x6e, "movq", ANY, 8, MRM(0, 8, 0), MRAX(8),
	    NOIMM, "xmm8"),
	G(L64, "0f 7e 00", SIMD_MOV, 0x7e, "movd", ANY, 8, MRM(0, 0, 0), MRAX(4),
	    NOIMM, "mm0"),
	G(L64, "66 0f 7e 00", SIMD_MOV, 0x7e, "movd", ANY, 8, MRM(0, 0, 0), MRAX(4),
	    NOIMM, "xmm0"),
	G(L64, "66 48 0f 7e 00", SIMD_MOV, 0x7e, "movq", ANY, 8, MRM(0, 0, 0), MRAX(8),
	    NOIMM, "xmm0"),
	G(L64, "f3 0f 7e 00", SIMD_MOV, 0x7e, "movq", ANY, 8, MRM(0, 0, 0), MRAX(8),
	    NOIMM, "xmm0"),
	G(L64, "66 0f d6 00", SIMD_MOV, 0xd6, "movq", ANY, 8, MRM(0, 0, 0), MRAX(8),
	    NOIMM, "xmm0"),
	/* MOVNTI (a GPR store) and the MOVNT vector stores/loads */
	G(L64, "0f c3 00", MOV_OR_SIMD, 0xc3, "movnti", 4, 8, MRM(0, 0, 0), MRAX(4),
	    NOIMM, "eax"),
	G(L64, "48 0f c3 08", MOV_OR_SIMD, 0xc3, "movnti", 8, 8, MRM(0, 1, 0), MRAX(8),
	    NOIMM, "rcx"),
	GV(L64, "0f 2b 00", SIMD_MOV, 0x2b, "movntps", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	GV(L64, "66 0f 2b 00", SIMD_MOV, 0x2b, "movntpd", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	GV(L64, "66 0f e7 00", SIMD_MOV, 0xe7, "movntdq", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	GV(L64, "66 0f 38 2a 00", SIMD_MOV, 0x2a, "movntdqa", 8, 8, MRM(0, 0, 0),
	    MRAX(16), NOIMM, "xmm0", 16),
	/* register forms of the plain moves */
	GV(L64, "0f 10 c1", SIMD_MOV, 0x10, "movups", 8, 8, MRM(3, 0, 1), NOMEM, NOIMM,
	    "xmm0", 16),
	G(L64, "66 0f 6e c0", SIMD_MOV, 0x6e, "movd", ANY, 8, MRM(3, 0, 0), NOMEM, NOIMM,
	    "xmm0"),
	GV(L64, "66 45 0f 6f c1", SIMD_MOV, 0x6f, "movdqa", 8, 8, MRM(3, 8, 9), NOMEM,
	    NOIMM, "xmm8", 16),
	G(L64, "c5 f9 7e c0", SIMD_MOV, 0x7e, "vmovd", ANY, 8, MRM(3, 0, 0), NOMEM, NOIMM,
	    "xmm0"),
	G(L64, "c4 e1 79 6e 00", SIMD_MOV, 0x6e, "vmovd", ANY, 8, MRM(0, 0, 0), MRAX(4),
	    NOIMM, "xmm0"),
	/* 32-bit and 16-bit modes */
	GV(P32, "0f 10 00", SIMD_MOV, 0x10, "movups", 8, 4, MRM(0, 0, 0), MEAX(16),
	    NOIMM, "xmm0", 16),
	GV(C32, "66 0f 6f 4c 24 10", SIMD_MOV, 0x6f, "movdqa", 8, 4, MRM(1, 1, 4),
	    MEM(RSP, NONE, 0, 16, 1, sSS, 0, 16), NOIMM, "xmm1", 16),
	G(P32, "f2 0f 10 05 00 10 00 00", SIMD_MOV, 0x10, "movsd", ANY, 4, MRM(0, 0, 5),
	    MEM(NONE, NONE, 0, 0x1000, 4, sDS, 0, 8), NOIMM, "xmm0"),
	G(P32, "0f 6e 00", SIMD_MOV, 0x6e, "movd", ANY, 4, MRM(0, 0, 0), MEAX(4),
	    NOIMM, "mm0"),
	G(P32, "0f c3 00", MOV_OR_SIMD, 0xc3, "movnti", 4, 4, MRM(0, 0, 0), MEAX(4),
	    NOIMM, "eax"),
	/* MOVNTI in 16-bit code still stores 32 bits (no m16 form) */
	G(R16, "0f c3 07", MOV_OR_SIMD, 0xc3, "movnti", 4, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "eax"),
	GV(R16, "0f 29 07", SIMD_MOV, 0x29, "movaps", 8, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 16), NOIMM, "xmm0", 16),
	G(P16, "66 0f d6 46 02", SIMD_MOV, 0xd6, "movq", ANY, 2, MRM(1, 0, 6),
	    MEM(RBP, NONE, 0, 2, 1, sSS, 0, 8), NOIMM, "xmm0"),
	GV(C16, "66 0f e7 0f", SIMD_MOV, 0xe7, "movntdq", 8, 2, MRM(0, 1, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 16), NOIMM, "xmm1", 16),
};

Test(sse_avx, sse) { check_golden(sse, ARR(sse)); }

/* CLFLUSH 0F AE /7, CLFLUSHOPT 66 0F AE /7, CLWB 66 0F AE /6: memory only.
 * Their memory size is m8 in the SDM but a cache line to Zydis; unchecked. */
static const struct golden flush[] = {
	G(L64, "0f ae 38", TWOB_GRP15, 0xae, "clflush", ANY, 8, MRM(0, 7, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, ANY), NOIMM, NULL),
	G(L64, "66 0f ae 38", TWOB_GRP15, 0xae, "clflushopt", ANY, 8, MRM(0, 7, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, ANY), NOIMM, NULL),
	G(L64, "66 0f ae 30", TWOB_GRP15, 0xae, "clwb", ANY, 8, MRM(0, 6, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, ANY), NOIMM, NULL),
	G(L64, "41 0f ae 7c 24 40", TWOB_GRP15, 0xae, "clflush", ANY, 8,
	    MRM(1, 7, ANY), MEM(R12, NONE, 0, 0x40, 1, sDS, 0, ANY), NOIMM, NULL),
	G(L64, "64 0f ae 3c 25 00 10 00 00", TWOB_GRP15, 0xae, "clflush", ANY, 8,
	    MRM(0, 7, 4), MEM(NONE, NONE, 0, 0x1000, 4, sFS, 1, ANY), NOIMM, NULL),
	G(P32, "0f ae 3d 00 10 00 00", TWOB_GRP15, 0xae, "clflush", ANY, 4,
	    MRM(0, 7, 5), MEM(NONE, NONE, 0, 0x1000, 4, sDS, 0, ANY), NOIMM, NULL),
	G(C32, "66 0f ae 3c 24", TWOB_GRP15, 0xae, "clflushopt", ANY, 4,
	    MRM(0, 7, 4), MEM(RSP, NONE, 0, 0, 0, sSS, 0, ANY), NOIMM, NULL),
	G(R16, "0f ae 3f", TWOB_GRP15, 0xae, "clflush", ANY, 2, MRM(0, 7, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, ANY), NOIMM, NULL),
	G(P16, "66 0f ae 32", TWOB_GRP15, 0xae, "clwb", ANY, 2, MRM(0, 6, 2),
	    MEM(RBP, RSI, 1, 0, 0, sSS, 0, ANY), NOIMM, NULL),
};

Test(sse_avx, clflush_clflushopt_clwb) { check_golden(flush, ARR(flush)); }

/* VEX.  C5 [~R vvvv L pp], C4 [~R ~X ~B mmmmm] [W vvvv L pp]. */
static const struct golden vex[] = {
	GV(L64, "c5 f8 10 00", SIMD_MOV, 0x10, "vmovups", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	GV(L64, "c5 fc 11 08", SIMD_MOV, 0x11, "vmovups", 8, 8, MRM(0, 1, 0), MRAX(32),
	    NOIMM, "ymm1", 32),
	GV(L64, "c5 79 10 00", SIMD_MOV, 0x10, "vmovupd", 8, 8, MRM(0, 8, 0), MRAX(16),
	    NOIMM, "xmm8", 16),
	GV(L64, "c4 c1 78 10 00", SIMD_MOV, 0x10, "vmovups", 8, 8, MRM(0, 0, 8),
	    MEM(R8, NONE, 0, 0, 0, sDS, 0, 16), NOIMM, "xmm0", 16),
	GV(L64, "c4 a1 78 10 04 c8", SIMD_MOV, 0x10, "vmovups", 8, 8, MRM(0, 0, 4),
	    MEM(RAX, R9, 8, 0, 0, sDS, 0, 16), NOIMM, "xmm0", 16),
	GV(L64, "c4 41 7c 11 7d 00", SIMD_MOV, 0x11, "vmovups", 8, 8, MRM(1, 15, 13),
	    MEM(R13, NONE, 0, 0, 1, sDS, 0, 32), NOIMM, "ymm15", 32),
	/* W is ignored (WIG) for VMOVUPS */
	GV(L64, "c4 e1 f8 10 00", SIMD_MOV, 0x10, "vmovups", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	G(L64, "c5 fa 10 00", SIMD_MOV, 0x10, "vmovss", ANY, 8, MRM(0, 0, 0), MRAX(4),
	    NOIMM, "xmm0"),
	G(L64, "c5 fb 11 00", SIMD_MOV, 0x11, "vmovsd", ANY, 8, MRM(0, 0, 0), MRAX(8),
	    NOIMM, "xmm0"),
	GV(L64, "c5 f8 28 00", SIMD_MOV, 0x28, "vmovaps", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	GV(L64, "c5 fd 29 00", SIMD_MOV, 0x29, "vmovapd", 8, 8, MRM(0, 0, 0), MRAX(32),
	    NOIMM, "ymm0", 32),
	GV(L64, "c5 f9 6f 00", SIMD_MOV, 0x6f, "vmovdqa", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	GV(L64, "c5 fe 6f 00", SIMD_MOV, 0x6f, "vmovdqu", 8, 8, MRM(0, 0, 0), MRAX(32),
	    NOIMM, "ymm0", 32),
	GV(L64, "c5 fa 7f 05 00 01 00 00", SIMD_MOV, 0x7f, "vmovdqu", 8, 8,
	    MRM(0, 0, 5), MEM(RIP, NONE, 0, 0x100, 4, sDS, 0, 16), NOIMM, "xmm0", 16),
	G(L64, "c5 f9 6e 00", SIMD_MOV, 0x6e, "vmovd", ANY, 8, MRM(0, 0, 0), MRAX(4),
	    NOIMM, "xmm0"),
	G(L64, "c4 e1 f9 6e 00", SIMD_MOV, 0x6e, "vmovq", ANY, 8, MRM(0, 0, 0), MRAX(8),
	    NOIMM, "xmm0"),
	G(L64, "c5 f9 7e 00", SIMD_MOV, 0x7e, "vmovd", ANY, 8, MRM(0, 0, 0), MRAX(4),
	    NOIMM, "xmm0"),
	G(L64, "c4 e1 f9 7e 00", SIMD_MOV, 0x7e, "vmovq", ANY, 8, MRM(0, 0, 0), MRAX(8),
	    NOIMM, "xmm0"),
	G(L64, "c5 fa 7e 00", SIMD_MOV, 0x7e, "vmovq", ANY, 8, MRM(0, 0, 0), MRAX(8),
	    NOIMM, "xmm0"),
	G(L64, "c5 f9 d6 00", SIMD_MOV, 0xd6, "vmovq", ANY, 8, MRM(0, 0, 0), MRAX(8),
	    NOIMM, "xmm0"),
	GV(L64, "c5 f9 e7 00", SIMD_MOV, 0xe7, "vmovntdq", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	GV(L64, "c5 fd e7 00", SIMD_MOV, 0xe7, "vmovntdq", 8, 8, MRM(0, 0, 0), MRAX(32),
	    NOIMM, "ymm0", 32),
	GV(L64, "c5 f8 2b 00", SIMD_MOV, 0x2b, "vmovntps", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	GV(L64, "c5 f9 2b 00", SIMD_MOV, 0x2b, "vmovntpd", 8, 8, MRM(0, 0, 0), MRAX(16),
	    NOIMM, "xmm0", 16),
	GV(L64, "c4 e2 79 2a 00", SIMD_MOV, 0x2a, "vmovntdqa", 8, 8, MRM(0, 0, 0),
	    MRAX(16), NOIMM, "xmm0", 16),
	GV(L64, "c4 e2 7d 2a 00", SIMD_MOV, 0x2a, "vmovntdqa", 8, 8, MRM(0, 0, 0),
	    MRAX(32), NOIMM, "ymm0", 32),
	/* VEX with segment override and 67: both are fine before VEX */
	GV(L64, "64 67 c5 f8 10 00", SIMD_MOV, 0x10, "vmovups", 8, 4, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sFS, 1, 16), NOIMM, "xmm0", 16),
	/* BEXTR VEX.LZ.0F38.W0/W1 F7 /r: r, r/m, r(vvvv) */
	G(L64, "c4 e2 68 f7 00", BEXTR, 0xf7, "bextr", 4, 8, MRM(0, 0, 0), MRAX(4),
	    NOIMM, "eax"),
	G(L64, "c4 e2 e8 f7 00", BEXTR, 0xf7, "bextr", 8, 8, MRM(0, 0, 0), MRAX(8),
	    NOIMM, "rax"),
	G(L64, "c4 62 68 f7 00", BEXTR, 0xf7, "bextr", 4, 8, MRM(0, 8, 0), MRAX(4),
	    NOIMM, "r8d"),
	G(L64, "c4 e2 78 f7 c1", BEXTR, 0xf7, "bextr", 4, 8, MRM(3, 0, 1), NOMEM,
	    NOIMM, "eax"),
	/* 32-bit and 16-bit protected mode: C4/C5 with ModRM.mod == 11 is VEX */
	GV(P32, "c5 f8 10 00", SIMD_MOV, 0x10, "vmovups", 8, 4, MRM(0, 0, 0), MEAX(16),
	    NOIMM, "xmm0", 16),
	GV(C32, "c5 fc 11 44 24 20", SIMD_MOV, 0x11, "vmovups", 8, 4, MRM(1, 0, 4),
	    MEM(RSP, NONE, 0, 32, 1, sSS, 0, 32), NOIMM, "ymm0", 32),
	/* VEX.~B (and REX-style register bit 3) is ignored outside 64-bit
	 * mode: [eax], not [r8] */
	GV(P32, "c4 c1 78 10 00", SIMD_MOV, 0x10, "vmovups", 8, 4, MRM(0, 0, ANY),
	    MEAX(16), NOIMM, "xmm0", 16),
	/* VEX.W1 is ignored outside 64-bit mode: VMOVD, 32-bit BEXTR */
	G(P32, "c4 e1 f9 6e 00", SIMD_MOV, 0x6e, "vmovd", ANY, 4, MRM(0, 0, 0), MEAX(4),
	    NOIMM, "xmm0"),
	G(P32, "c4 e2 e8 f7 00", BEXTR, 0xf7, "bextr", 4, 4, MRM(0, 0, 0), MEAX(4),
	    NOIMM, "eax"),
	G(P32, "c4 e2 68 f7 00", BEXTR, 0xf7, "bextr", 4, 4, MRM(0, 0, 0), MEAX(4),
	    NOIMM, "eax"),
	G(C32, "c5 f9 6e 00", SIMD_MOV, 0x6e, "vmovd", ANY, 4, MRM(0, 0, 0), MEAX(4),
	    NOIMM, "xmm0"),
	GV(P32, "67 c5 f8 10 07", SIMD_MOV, 0x10, "vmovups", 8, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 16), NOIMM, "xmm0", 16),
	GV(C16, "c5 fd 6f 46 fe", SIMD_MOV, 0x6f, "vmovdqa", 8, 2, MRM(1, 0, 6),
	    MEM(RBP, NONE, 0, -2, 1, sSS, 0, 32), NOIMM, "ymm0", 32),
	GV(P16, "c5 f8 10 07", SIMD_MOV, 0x10, "vmovups", 8, 2, MRM(0, 0, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 16), NOIMM, "xmm0", 16),
};

Test(sse_avx, vex) { check_golden(vex, ARR(vex)); }

/* VEX field decoding: vex_present, vex_l, vex_reg (vvvv un-inverted),
 * vex_pp, vex_w == rex_w. */
Test(sse_avx, vex_fields)
{
	static const struct {
		enum tmode m;
		const char *hex;
		int l, vreg, pp, w;
	} t[] = {
		{ L64, "c5 f8 10 00", 0, 0, 0, 0 },
		{ L64, "c5 fc 10 00", 1, 0, 0, 0 },
		{ L64, "c5 f9 6f 00", 0, 0, 1, 0 },
		{ L64, "c5 fe 6f 00", 1, 0, 2, 0 },
		{ L64, "c5 fb 10 00", 0, 0, 3, 0 },
		{ L64, "c4 e1 f9 6e 00", 0, 0, 1, 1 },
		{ L64, "c4 e2 68 f7 00", 0, 2, 0, 0 },
		{ L64, "c4 e2 80 f7 00", 0, 15, 0, 1 },
		{ P32, "c4 e2 40 f7 00", 0, 7, 0, 0 },
	};
	for (size_t i = 0; i < ARR(t); i++) {
		struct vie v = DEC(t[i].m, t[i].hex);
		XEQ(v.vex_present, 1, "%s: vex_present %u", t[i].hex, v.vex_present);
		XEQ(v.vex_l, t[i].l, "%s: vex_l %u", t[i].hex, v.vex_l);
		XEQ(v.vex_reg, t[i].vreg, "%s: vex_reg %u", t[i].hex, v.vex_reg);
		XEQ(v.vex_pp, t[i].pp, "%s: vex_pp %u", t[i].hex, v.vex_pp);
		XEQ(v.vex_w, t[i].w, "%s: vex_w %u", t[i].hex, v.vex_w);
		XEQ(v.rex_w, t[i].w, "%s: rex_w %u", t[i].hex, v.rex_w);
	}
	struct vie v = DEC(L64, "66 0f 10 00");
	XEQ(v.vex_present, 0, "legacy SSE: vex_present %u", v.vex_present);
}

static const struct gstatus bad[] = {
	/* memory-only forms with a register operand: #UD */
	S(L64, "0f c3 c0", VIE_INVALID),
	S(L64, "0f 2b c0", VIE_INVALID),
	S(L64, "66 0f 2b c0", VIE_INVALID),
	S(L64, "66 0f e7 c0", VIE_INVALID),
	S(L64, "66 0f 38 2a c0", VIE_INVALID),
	S(L64, "c5 f9 e7 c0", VIE_INVALID),
	S(L64, "c4 e2 79 2a c0", VIE_INVALID),
	/* 0F AE with mod 11 are the fences / TPAUSE; /6 without 66 is XSAVEOPT */
	SV(L64, "0f ae f8"),
	SV(L64, "0f ae 30"),
	SV(L64, "66 0f ae f0"),
	/* VMOVD/VMOVQ with VEX.L = 1: #UD */
	S(L64, "c5 fd 6e 00", VIE_INVALID),
	S(L64, "c4 e1 fd 6e 00", VIE_INVALID),
	S(L64, "c5 fd 7e 00", VIE_INVALID),
	S(L64, "c5 fe 7e 00", VIE_INVALID),
	S(L64, "c5 fd d6 00", VIE_INVALID),
	/* 66/F2/F3/REX/LOCK before VEX: #UD */
	S(L64, "66 c5 f8 10 00", VIE_INVALID),
	S(L64, "f2 c5 f8 10 00", VIE_INVALID),
	S(L64, "f3 c5 f8 10 00", VIE_INVALID),
	S(L64, "40 c5 f8 10 00", VIE_INVALID),
	S(L64, "48 c4 e2 68 f7 00", VIE_INVALID),
	S(L64, "f0 c5 f8 11 00", VIE_INVALID),
	S(P32, "66 c5 f8 10 00", VIE_INVALID),
	S(P32, "f0 c5 f8 11 00", VIE_INVALID),
	/* vvvv must be 1111 where it names no operand: #UD */
	S(L64, "c5 f0 10 00", VIE_INVALID),
	S(L64, "c5 b9 6f 00", VIE_INVALID),
	S(L64, "c5 f1 6e 00", VIE_INVALID),
	S(L64, "c5 f2 10 00", VIE_INVALID),     /* VMOVSS m32 form */
	/* prefix/opcode combinations the SDM does not define (NP forms with
	 * 66/F2/F3, VEX forms with the wrong pp): #UD */
	S(L64, "f2 0f 6f 00", VIE_INVALID),
	S(L64, "0f 38 2a 00", VIE_INVALID),
	S(L64, "66 0f c3 00", VIE_INVALID),
	S(L64, "f3 0f c3 00", VIE_INVALID),
	S(R16, "66 0f c3 07", VIE_INVALID),
	S(L64, "f3 0f e7 00", VIE_INVALID),
	S(L64, "0f d6 00", VIE_INVALID),
	S(L64, "c5 f8 e7 00", VIE_INVALID),
	S(L64, "c5 f8 6e 00", VIE_INVALID),
	S(L64, "c5 fb 7e 00", VIE_INVALID),
	S(L64, "f3 0f 38 f0 00", VIE_INVALID),
	/* valid, other families: CRC32 (F2 0F 38 F0), MOVDQ2Q */
	SV(L64, "f2 0f 38 f0 00"),
	SV(L64, "f2 0f d6 c0"),
	SV(L64, "66 f2 0f 38 f1 00"), /* F2 beats 66: CRC32 */
	/* BEXTR with VEX.L = 1: #UD; VEX map 0: #UD */
	S(L64, "c4 e2 6c f7 00", VIE_INVALID),
	S(L64, "c4 e0 78 10 00", VIE_INVALID),
	/* outside 64-bit mode C4/C5 with ModRM.mod != 11 are LES/LDS */
	SV(P32, "c4 00"),
	SV(P32, "c5 00"),
	SV(C32, "c5 44 24 04"),
	SV(P16, "c4 07"),
	SV(C16, "c5 87 00 10"),
	SV(R16, "c4 07"),
	/* real mode has no VEX; C5 with mod 11 is LDS with a register: #UD */
	S(R16, "c5 f8 10 00", VIE_INVALID),
	/* the byte after C4/C5 decides: without it, more bytes are needed */
	S(P32, "c5", VIE_TRUNCATED),
	S(L64, "c4", VIE_TRUNCATED),
	S(L64, "c4 e2", VIE_TRUNCATED),
	S(L64, "c4 e2 68", VIE_TRUNCATED),
	S(P32, "c5 f8", VIE_TRUNCATED),
};

Test(sse_avx, invalid_and_unsupported) { check_status(bad, ARR(bad)); }
