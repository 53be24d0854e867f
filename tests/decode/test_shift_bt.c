/*
 * tests/decode/test_shift_bt.c - shifts and rotates (C0 C1 D0-D3 /0-/7)
 * and bit tests (0F A3/AB/B3/BB, 0F BA /4-/7).  SDM vol. 2, group 2 and
 * group 8 of the opcode map (table A-6).
 */
#include <stdio.h>
#include <string.h>

#include "golden.h"

GOLDEN_SUITE(shift_bt);

#define ARR(a) (sizeof(a) / sizeof((a)[0]))

struct mctx {
	enum tmode m;
	const char *pfx;
	int osz, asz;
	int base, index, scale, seg;
	const char *rv; /* full-size name of register 1 */
};

/* ModRM 0x08 | reg << 3 style bytes below address [rAX] / [bx+si] */
static const struct mctx ctxs[] = {
	{ L64, "", 4, 8, RAX, NONE, 0, sDS, "ecx" },
	{ L64, "48", 8, 8, RAX, NONE, 0, sDS, "rcx" },
	{ L64, "66", 2, 8, RAX, NONE, 0, sDS, "cx" },
	{ P32, "", 4, 4, RAX, NONE, 0, sDS, "ecx" },
	{ C32, "", 4, 4, RAX, NONE, 0, sDS, "ecx" },
	{ P32, "66 67", 2, 2, RBX, RSI, 1, sDS, "cx" },
	{ P16, "", 2, 2, RBX, RSI, 1, sDS, "cx" },
	{ C16, "66", 4, 2, RBX, RSI, 1, sDS, "ecx" },
	{ R16, "", 2, 2, RBX, RSI, 1, sDS, "cx" },
};

static struct golden
row(const struct mctx *c, const char *hex, int type, int opb, const char *mn,
    int osz, int reg, int64_t imm, int ibytes, const char *rn)
{
	struct golden g = G(c->m, hex, NONE, opb, mn, osz, c->asz, MRM(0, reg, 0),
	    MEM(c->base, c->index, c->scale, 0, 0, c->seg, 0, osz), IMMB(imm, ibytes), rn);
	g.type = type;
	return g;
}

/* Group 2: /6 is SAL, an alias Zydis prints as "shl" */
static const char *const g2[8] = { "rol", "ror", "rcl", "rcr", "shl", "shr", "shl", "sar" };

Test(shift_bt, group2_all_modes)
{
	for (size_t i = 0; i < ARR(ctxs); i++) {
		const struct mctx *c = &ctxs[i];
		for (int r = 0; r < 8; r++) {
			static const int ops[6] = { 0xc0, 0xc1, 0xd0, 0xd1, 0xd2, 0xd3 };
			for (int k = 0; k < 6; k++) {
				char hex[32];
				int op = ops[k];
				int byte = (op & 1) == 0;
				int has_imm = op < 0xd0;
				snprintf(hex, sizeof(hex), "%s %02x %02x%s", c->pfx, op, r << 3,
				    has_imm ? " 05" : "");
				struct golden g = row(c, hex, VIE_OP_TYPE_SHIFT, op, g2[r],
				    byte ? 1 : c->osz, r, has_imm ? 5 : 0, has_imm ? 1 : 0, NULL);
				check_golden_row(&g);
			}
		}
	}
}

Test(shift_bt, bittest_all_modes)
{
	static const struct {
		int type, opb;
		const char *mn;
	} rf[4] = {
		{ VIE_OP_TYPE_BITTEST, 0xa3, "bt" }, { VIE_OP_TYPE_BTS, 0xab, "bts" },
		{ VIE_OP_TYPE_BTR, 0xb3, "btr" }, { VIE_OP_TYPE_BTC, 0xbb, "btc" },
	};
	for (size_t i = 0; i < ARR(ctxs); i++) {
		const struct mctx *c = &ctxs[i];
		for (int k = 0; k < 4; k++) {
			char hex[32], hexi[32];
			/* 0F xx /r: bit offset in ModRM.reg (register 1) */
			snprintf(hex, sizeof(hex), "%s 0f %02x 08", c->pfx, rf[k].opb);
			struct golden g = row(c, hex, rf[k].type, rf[k].opb, rf[k].mn,
			    c->osz, 1, 0, 0, c->rv);
			check_golden_row(&g);
			/* 0F BA /4+k ib */
			snprintf(hexi, sizeof(hexi), "%s 0f ba %02x 21", c->pfx, (4 + k) << 3);
			g = row(c, hexi, rf[k].type, 0xba, rf[k].mn, c->osz, 4 + k, 0x21, 1, NULL);
			check_golden_row(&g);
		}
	}
}

static const struct golden misc[] = {
	/* register forms */
	G(L64, "d1 e0", SHIFT, 0xd1, "shl", 4, 8, MRM(3, 4, 0), NOMEM, NOIMM, NULL),
	G(L64, "49 c1 f8 3f", SHIFT, 0xc1, "sar", 8, 8, MRM(3, 7, 8), NOMEM,
	    IMMB(0x3f, 1), NULL),
	G(L64, "0f a3 c8", BITTEST, 0xa3, "bt", 4, 8, MRM(3, 1, 0), NOMEM, NOIMM, "ecx"),
	G(L64, "48 0f ba e0 3f", BITTEST, 0xba, "bt", 8, 8, MRM(3, 4, 0), NOMEM,
	    IMMB(0x3f, 1), NULL),
	/* shift count 0xff, bit offset 0x80: the low byte is what matters */
	G(P32, "c0 00 ff", SHIFT, 0xc0, "rol", 1, 4, MRM(0, 0, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), IMMB(0xff, 1), NULL),
	G(P32, "0f ba 68 04 80", BTS, 0xba, "bts", 4, 4, MRM(1, 5, 0),
	    MEM(RAX, NONE, 0, 4, 1, sDS, 0, 4), IMMB(0x80, 1), NULL),
	/* memory operands with SIB, RIP, disp16 */
	G(L64, "48 0f ab 0c 88", BTS, 0xab, "bts", 8, 8, MRM(0, 1, 4),
	    MEM(RAX, RCX, 4, 0, 0, sDS, 0, 8), NOIMM, "rcx"),
	G(L64, "0f b3 0d 00 01 00 00", BTR, 0xb3, "btr", 4, 8, MRM(0, 1, 5),
	    MEM(RIP, NONE, 0, 0x100, 4, sDS, 0, 4), NOIMM, "ecx"),
	G(L64, "d3 65 08", SHIFT, 0xd3, "shl", 4, 8, MRM(1, 4, 5),
	    MEM(RBP, NONE, 0, 8, 1, sSS, 0, 4), NOIMM, NULL),
	G(R16, "0f bb 0e 00 20", BTC, 0xbb, "btc", 2, 2, MRM(0, 1, 6),
	    MEM(NONE, NONE, 0, 0x2000, 2, sDS, 0, 2), NOIMM, "cx"),
	G(R16, "d0 2e 00 20", SHIFT, 0xd0, "shr", 1, 2, MRM(0, 5, 6),
	    MEM(NONE, NONE, 0, 0x2000, 2, sDS, 0, 1), NOIMM, NULL),
};

static const struct gstatus bad[] = {
	/* 0F BA /0../3: #UD */
	S(L64, "0f ba 00 01", VIE_INVALID),
	S(L64, "0f ba 08 01", VIE_INVALID),
	S(P32, "0f ba 10 01", VIE_INVALID),
	S(R16, "0f ba 18 01", VIE_INVALID),
	/* SHLD/SHRD, BSF/BSR are not families vie decodes */
	SV(L64, "0f a4 00 01"),
	SV(L64, "0f bc 00"),
};

Test(shift_bt, misc) { check_golden(misc, ARR(misc)); }
Test(shift_bt, invalid_and_unsupported) { check_status(bad, ARR(bad)); }
