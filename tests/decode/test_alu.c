/*
 * tests/decode/test_alu.c - ADD OR ADC SBB AND SUB XOR CMP (00-3B),
 * group 1 (80 81 82 83), TEST (84 85, F6/F7 /0 /1), group 3 (F6/F7 /2-/7),
 * IMUL (0F AF, 69, 6B), INC/DEC (FE/FF /0 /1).  SDM vol. 2 opcode map
 * (tables) and the instruction pages.
 */
#include <stdio.h>
#include <string.h>

#include "golden.h"

GOLDEN_SUITE(alu);

#define ARR(a) (sizeof(a) / sizeof((a)[0]))

/* Per-mode setup shared by the generated rows: a prefix, operand and
 * address size, the ModRM byte 0x08 | (reg << 3) addressing [rAX] (or
 * [bx+si] with 16-bit addressing), and the names of register 1 (cl/cx...). */
struct mctx {
	enum tmode m;
	const char *pfx;
	int osz, asz;
	int base, index, scale;
	const char *r8, *rv; /* byte and full-size name of register 1 */
};

static const struct mctx ctxs[] = {
	{ L64, "", 4, 8, RAX, NONE, 0, "cl", "ecx" },
	{ L64, "48", 8, 8, RAX, NONE, 0, "cl", "rcx" },
	{ L64, "66", 2, 8, RAX, NONE, 0, "cl", "cx" },
	{ L64, "67", 4, 4, RAX, NONE, 0, "cl", "ecx" },
	{ P32, "", 4, 4, RAX, NONE, 0, "cl", "ecx" },
	{ C32, "66", 2, 4, RAX, NONE, 0, "cl", "cx" },
	{ P16, "", 2, 2, RBX, RSI, 1, "cl", "cx" },
	{ C16, "", 2, 2, RBX, RSI, 1, "cl", "cx" },
	{ R16, "", 2, 2, RBX, RSI, 1, "cl", "cx" },
	{ R16, "66", 4, 2, RBX, RSI, 1, "cl", "ecx" },
};

static const struct {
	int type;
	const char *mn;
} alu[8] = {
	{ VIE_OP_TYPE_ADD, "add" }, { VIE_OP_TYPE_OR, "or" },
	{ VIE_OP_TYPE_ADC, "adc" }, { VIE_OP_TYPE_SBB, "sbb" },
	{ VIE_OP_TYPE_AND, "and" }, { VIE_OP_TYPE_SUB, "sub" },
	{ VIE_OP_TYPE_XOR, "xor" }, { VIE_OP_TYPE_CMP, "cmp" },
};

static struct golden
row(const struct mctx *c, char *hex, int type, int opb, const char *mn,
    int osz, int reg, int64_t imm, int ibytes, int either, const char *rn)
{
	struct golden g = G(c->m, hex, NONE, opb, mn, osz, c->asz,
	    MRM(0, reg, 0), MEM(c->base, c->index, c->scale, 0, 0, sDS, 0, osz),
	    IMM(imm, ibytes), rn);
	g.type = type;
	g.imm_either = either;
	g.line = __LINE__;
	return g;
}

/* 00+8k .. 03+8k: Eb,Gb / Ev,Gv / Gb,Eb / Gv,Ev */
Test(alu, rm_forms_all_modes)
{
	for (size_t i = 0; i < ARR(ctxs); i++) {
		const struct mctx *c = &ctxs[i];
		for (int op = 0; op < 8; op++) {
			for (int f = 0; f < 4; f++) {
				char hex[32];
				int opb = op * 8 + f;
				int byte = (f & 1) == 0;
				snprintf(hex, sizeof(hex), "%s %02x 08", c->pfx, opb);
				struct golden g = row(c, hex, alu[op].type, opb, alu[op].mn,
				    byte ? 1 : c->osz, 1, 0, 0, 0, byte ? c->r8 : c->rv);
				check_golden_row(&g);
			}
		}
	}
}

/* 80 /r ib, 81 /r iz, 83 /r ib (sign-extended), 82 /r ib (not 64-bit) */
Test(alu, group1_all_modes)
{
	for (size_t i = 0; i < ARR(ctxs); i++) {
		const struct mctx *c = &ctxs[i];
		for (int r = 0; r < 8; r++) {
			char h80[32], h81[48], h83[32], h82[32];
			int modrm = r << 3; /* [rAX] / [bx+si] */
			snprintf(h80, sizeof(h80), "%s 80 %02x 9c", c->pfx, modrm);
			struct golden g = row(c, h80, VIE_OP_TYPE_GROUP1, 0x80,
			    alu[r].mn, 1, r, (int8_t)0x9c, 1, 1, NULL);
			check_golden_row(&g);

			if (c->osz == 2) {
				snprintf(h81, sizeof(h81), "%s 81 %02x 34 92", c->pfx, modrm);
				g = row(c, h81, VIE_OP_TYPE_GROUP1, 0x81, alu[r].mn, 2, r,
				    (int16_t)0x9234, 2, 0, NULL);
			} else {
				snprintf(h81, sizeof(h81), "%s 81 %02x 78 56 34 92", c->pfx, modrm);
				g = row(c, h81, VIE_OP_TYPE_GROUP1, 0x81, alu[r].mn, c->osz, r,
				    (int32_t)0x92345678, 4, 0, NULL);
			}
			check_golden_row(&g);

			snprintf(h83, sizeof(h83), "%s 83 %02x f0", c->pfx, modrm);
			g = row(c, h83, VIE_OP_TYPE_GROUP1, 0x83, alu[r].mn, c->osz, r,
			    -16, 1, 0, NULL);
			check_golden_row(&g);

			if (c->m != L64) {
				snprintf(h82, sizeof(h82), "%s 82 %02x 01", c->pfx, modrm);
				g = row(c, h82, VIE_OP_TYPE_GROUP1, 0x82, alu[r].mn, 1, r,
				    1, 1, 1, NULL);
				check_golden_row(&g);
			}
		}
	}
}

/* F6/F7 /0../7: TEST TEST NOT NEG MUL IMUL DIV IDIV; FE/FF /0 /1 */
Test(alu, group3_incdec_all_modes)
{
	static const struct {
		int type;
		const char *mn;
	} g3[8] = {
		{ VIE_OP_TYPE_TEST, "test" }, { VIE_OP_TYPE_TEST, "test" },
		{ VIE_OP_TYPE_NOT, "not" }, { VIE_OP_TYPE_NEG, "neg" },
		{ VIE_OP_TYPE_MUL, "mul" }, { VIE_OP_TYPE_IMUL, "imul" },
		{ VIE_OP_TYPE_DIV, "div" }, { VIE_OP_TYPE_IDIV, "idiv" },
	};
	for (size_t i = 0; i < ARR(ctxs); i++) {
		const struct mctx *c = &ctxs[i];
		for (int r = 0; r < 8; r++) {
			char h6[32], h7[48];
			int modrm = r << 3;
			struct golden g;
			if (r < 2) {
				snprintf(h6, sizeof(h6), "%s f6 %02x 80", c->pfx, modrm);
				g = row(c, h6, g3[r].type, 0xf6, g3[r].mn, 1, r,
				    (int8_t)0x80, 1, 1, NULL);
			} else {
				snprintf(h6, sizeof(h6), "%s f6 %02x", c->pfx, modrm);
				g = row(c, h6, g3[r].type, 0xf6, g3[r].mn, 1, r, 0, 0, 0, NULL);
			}
			check_golden_row(&g);

			if (r < 2 && c->osz == 2) {
				snprintf(h7, sizeof(h7), "%s f7 %02x ff 7f", c->pfx, modrm);
				g = row(c, h7, g3[r].type, 0xf7, g3[r].mn, 2, r, 0x7fff, 2, 0, NULL);
			} else if (r < 2) {
				snprintf(h7, sizeof(h7), "%s f7 %02x 00 00 00 80", c->pfx, modrm);
				g = row(c, h7, g3[r].type, 0xf7, g3[r].mn, c->osz, r,
				    -0x80000000LL, 4, 0, NULL);
			} else {
				snprintf(h7, sizeof(h7), "%s f7 %02x", c->pfx, modrm);
				g = row(c, h7, g3[r].type, 0xf7, g3[r].mn, c->osz, r, 0, 0, 0, NULL);
			}
			check_golden_row(&g);
		}
		for (int r = 0; r < 2; r++) {
			char hfe[32], hff[32];
			int type = r ? VIE_OP_TYPE_DEC : VIE_OP_TYPE_INC;
			const char *mn = r ? "dec" : "inc";
			snprintf(hfe, sizeof(hfe), "%s fe %02x", c->pfx, r << 3);
			struct golden g = row(c, hfe, type, 0xfe, mn, 1, r, 0, 0, 0, NULL);
			check_golden_row(&g);
			snprintf(hff, sizeof(hff), "%s ff %02x", c->pfx, r << 3);
			g = row(c, hff, type, 0xff, mn, c->osz, r, 0, 0, 0, NULL);
			check_golden_row(&g);
		}
	}
}

static const struct golden misc[] = {
	/* TEST 84/85: ModRM.reg is the second operand */
	G(L64, "84 08", TEST, 0x84, "test", 1, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "cl"),
	G(L64, "48 85 0c 24", TEST, 0x85, "test", 8, 8, MRM(0, 1, 4),
	    MEM(RSP, NONE, 0, 0, 0, sSS, 0, 8), NOIMM, "rcx"),
	G(P32, "85 48 10", TEST, 0x85, "test", 4, 4, MRM(1, 1, 0),
	    MEM(RAX, NONE, 0, 16, 1, sDS, 0, 4), NOIMM, "ecx"),
	G(R16, "84 27", TEST, 0x84, "test", 1, 2, MRM(0, 4, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "ah"),
	G(L64, "85 c8", TEST, 0x85, "test", 4, 8, MRM(3, 1, 0), NOMEM, NOIMM, "ecx"),
	/* F7 /0 id with REX.W: imm32 sign-extended to 64 */
	G(L64, "48 f7 05 00 01 00 00 ff ff ff ff", TEST, 0xf7, "test", 8, 8,
	    MRM(0, 0, 5), MEM(RIP, NONE, 0, 0x100, 4, sDS, 0, 8), IMM(-1, 4), NULL),
	/* IMUL 0F AF /r, 69 /r iz, 6B /r ib */
	G(L64, "0f af 08", IMUL, 0xaf, "imul", 4, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "ecx"),
	G(L64, "4c 0f af 00", IMUL, 0xaf, "imul", 8, 8, MRM(0, 8, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 8), NOIMM, "r8"),
	G(L64, "69 08 78 56 34 12", IMUL, 0x69, "imul", 4, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), IMM(0x12345678, 4), "ecx"),
	G(L64, "48 69 08 00 00 00 80", IMUL, 0x69, "imul", 8, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 8), IMM(-0x80000000LL, 4), "rcx"),
	G(L64, "6b 08 fe", IMUL, 0x6b, "imul", 4, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), IMM(-2, 1), "ecx"),
	G(L64, "66 6b 08 7f", IMUL, 0x6b, "imul", 2, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), IMM(0x7f, 1), "cx"),
	G(P32, "0f af 4c 24 04", IMUL, 0xaf, "imul", 4, 4, MRM(1, 1, 4),
	    MEM(RSP, NONE, 0, 4, 1, sSS, 0, 4), NOIMM, "ecx"),
	G(C32, "69 08 78 56 34 12", IMUL, 0x69, "imul", 4, 4, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), IMM(0x12345678, 4), "ecx"),
	G(R16, "69 0f 34 12", IMUL, 0x69, "imul", 2, 2, MRM(0, 1, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 2), IMM(0x1234, 2), "cx"),
	G(R16, "66 69 0f 78 56 34 12", IMUL, 0x69, "imul", 4, 2, MRM(0, 1, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 4), IMM(0x12345678, 4), "ecx"),
	G(L64, "66 48 81 00 00 00 00 80", GROUP1, 0x81, "add", 8, 8, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 8), IMM(-0x80000000LL, 4), NULL),
	G(P16, "6b 0f 80", IMUL, 0x6b, "imul", 2, 2, MRM(0, 1, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 2), IMM(-128, 1), "cx"),
	G(C16, "0f af 0f", IMUL, 0xaf, "imul", 2, 2, MRM(0, 1, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "cx"),
	/* ALU register forms */
	G(L64, "01 c8", ADD, 0x01, "add", 4, 8, MRM(3, 1, 0), NOMEM, NOIMM, "ecx"),
	G(L64, "4d 31 c8", XOR, 0x31, "xor", 8, 8, MRM(3, 9, 8), NOMEM, NOIMM, "r9"),
	G(L64, "83 c0 01", GROUP1, 0x83, "add", 4, 8, MRM(3, 0, 0), NOMEM,
	    IMM(1, 1), NULL),
	/* ALU with a 64-bit SIB operand */
	G(L64, "4b 01 4c e5 08", ADD, 0x01, "add", 8, 8, MRM(1, 1, ANY),
	    MEM(R13, R12, 8, 8, 1, sDS, 0, 8), NOIMM, "rcx"),
	G(L64, "48 81 7c 24 08 00 10 00 00", GROUP1, 0x81, "cmp", 8, 8,
	    MRM(1, 7, 4), MEM(RSP, NONE, 0, 8, 1, sSS, 0, 8), IMM(0x1000, 4), NULL),
	G(L64, "64 80 0c 25 10 00 00 00 01", GROUP1, 0x80, "or", 1, 8,
	    MRM(0, 1, 4), MEM(NONE, NONE, 0, 0x10, 4, sFS, 1, 1), IMMB(1, 1), NULL),
};

static const struct gstatus bad[] = {
	/* 82 is invalid in 64-bit mode */
	S(L64, "82 00 01", VIE_INVALID),
	S(L64, "82 38 01", VIE_INVALID),
	/* FE /2../7: #UD */
	S(L64, "fe 10", VIE_INVALID),
	S(P32, "fe 38", VIE_INVALID),
	/* the accumulator-immediate forms are outside the families */
	SV(L64, "04 01"),
	SV(P32, "3d 00 00 00 00"),
	SV(R16, "3d 00 00"),
	/* 40-4F are one-byte INC/DEC outside 64-bit mode */
	SV(P32, "40"),
	SV(C32, "48"),
	SV(R16, "4f"),
	/* FF /2-/5 are CALL/JMP; FF /7 is #UD */
	SV(L64, "ff 10"),
	S(L64, "ff 38", VIE_INVALID),
};

Test(alu, misc) { check_golden(misc, ARR(misc)); }
Test(alu, invalid_and_unsupported) { check_status(bad, ARR(bad)); }
