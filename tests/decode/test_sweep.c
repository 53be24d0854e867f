/*
 * tests/decode/test_sweep.c - every ModRM-based family of the contract in
 * every mode and prefix context, with the operand and address size the
 * SDM's attribute rules give (vol. 1 3.6, vol. 2 2.2.1.2):
 *   16-bit code: 2/2, 66 -> 4, 67 -> 4;  32-bit code: 4/4, 66 -> 2, 67 -> 2;
 *   64-bit: 4/8, 66 -> 2, REX.W -> 8, 67 -> address 4; near stack ops 8/2.
 * ModRM 0x08 | digit: [rAX] (or [eAX] with 67) / [bx+si] with 16-bit
 * addressing, ModRM.reg = 1 (cl, cx, ecx, rcx) for /r forms.
 */
#include <stdio.h>
#include <string.h>

#include "golden.h"

GOLDEN_SUITE(sweep);

#define ARR(a) (sizeof(a) / sizeof((a)[0]))

struct mctx {
	enum tmode m;
	const char *pfx;
	int osz, asz, stack_osz;
	int base, index, scale;
	const char *rv; /* register 1 at osz */
};

static const struct mctx ctxs[] = {
	{ L64, "", 4, 8, 8, RAX, NONE, 0, "ecx" },
	{ L64, "48", 8, 8, 8, RAX, NONE, 0, "rcx" },
	{ L64, "66", 2, 8, 2, RAX, NONE, 0, "cx" },
	{ L64, "66 48", 8, 8, 8, RAX, NONE, 0, "rcx" },
	{ L64, "67", 4, 4, 8, RAX, NONE, 0, "ecx" },
	{ L64, "67 66", 2, 4, 2, RAX, NONE, 0, "cx" },
	{ P32, "", 4, 4, 4, RAX, NONE, 0, "ecx" },
	{ P32, "66", 2, 4, 2, RAX, NONE, 0, "cx" },
	{ P32, "67", 4, 2, 4, RBX, RSI, 1, "ecx" },
	{ C32, "", 4, 4, 4, RAX, NONE, 0, "ecx" },
	{ C32, "66 67", 2, 2, 2, RBX, RSI, 1, "cx" },
	{ P16, "", 2, 2, 2, RBX, RSI, 1, "cx" },
	{ P16, "66", 4, 2, 4, RBX, RSI, 1, "ecx" },
	{ P16, "67", 2, 4, 2, RAX, NONE, 0, "cx" },
	{ C16, "", 2, 2, 2, RBX, RSI, 1, "cx" },
	{ C16, "66 67", 4, 4, 4, RAX, NONE, 0, "ecx" },
	{ R16, "", 2, 2, 2, RBX, RSI, 1, "cx" },
	{ R16, "66", 4, 2, 4, RBX, RSI, 1, "ecx" },
	{ R16, "67", 2, 4, 2, RAX, NONE, 0, "cx" },
};

enum sz { SZ_B, SZ_V, SZ_STACK, SZ_1, SZ_2, SZ_4, SZ_8_16 };
enum rn { RN_NONE, RN_B, RN_V };
enum im { IM_NONE, IM_B, IM_Z, IM_SB };

static const struct op {
	const char *bytes; /* opcode bytes before ModRM */
	int digit;         /* ModRM.reg for /digit forms, -1 for /r */
	int type, opb;
	const char *mn;
	enum sz osz, msz;  /* operand size, memory size */
	enum rn rn;
	enum im im;
	int lockable;
} ops[] = {
	{ "88", -1, VIE_OP_TYPE_MOV, 0x88, "mov", SZ_B, SZ_B, RN_B, IM_NONE, 0 },
	{ "89", -1, VIE_OP_TYPE_MOV, 0x89, "mov", SZ_V, SZ_V, RN_V, IM_NONE, 0 },
	{ "8a", -1, VIE_OP_TYPE_MOV, 0x8a, "mov", SZ_B, SZ_B, RN_B, IM_NONE, 0 },
	{ "8b", -1, VIE_OP_TYPE_MOV, 0x8b, "mov", SZ_V, SZ_V, RN_V, IM_NONE, 0 },
	{ "c6", 0, VIE_OP_TYPE_MOV, 0xc6, "mov", SZ_B, SZ_B, RN_NONE, IM_B, 0 },
	{ "c7", 0, VIE_OP_TYPE_MOV, 0xc7, "mov", SZ_V, SZ_V, RN_NONE, IM_Z, 0 },
	{ "0f b6", -1, VIE_OP_TYPE_MOVZX, 0xb6, "movzx", SZ_V, SZ_1, RN_V, IM_NONE, 0 },
	{ "0f b7", -1, VIE_OP_TYPE_MOVZX, 0xb7, "movzx", SZ_V, SZ_2, RN_V, IM_NONE, 0 },
	{ "0f be", -1, VIE_OP_TYPE_MOVSX, 0xbe, "movsx", SZ_V, SZ_1, RN_V, IM_NONE, 0 },
	{ "0f bf", -1, VIE_OP_TYPE_MOVSX, 0xbf, "movsx", SZ_V, SZ_2, RN_V, IM_NONE, 0 },
	{ "0f 38 f0", -1, VIE_OP_TYPE_MOVBE, 0xf0, "movbe", SZ_V, SZ_V, RN_V, IM_NONE, 0 },
	{ "0f 38 f1", -1, VIE_OP_TYPE_MOVBE, 0xf1, "movbe", SZ_V, SZ_V, RN_V, IM_NONE, 0 },
	{ "86", -1, VIE_OP_TYPE_XCHG, 0x86, "xchg", SZ_B, SZ_B, RN_B, IM_NONE, 1 },
	{ "87", -1, VIE_OP_TYPE_XCHG, 0x87, "xchg", SZ_V, SZ_V, RN_V, IM_NONE, 1 },
	{ "84", -1, VIE_OP_TYPE_TEST, 0x84, "test", SZ_B, SZ_B, RN_B, IM_NONE, 0 },
	{ "85", -1, VIE_OP_TYPE_TEST, 0x85, "test", SZ_V, SZ_V, RN_V, IM_NONE, 0 },
	{ "0f af", -1, VIE_OP_TYPE_IMUL, 0xaf, "imul", SZ_V, SZ_V, RN_V, IM_NONE, 0 },
	{ "69", -1, VIE_OP_TYPE_IMUL, 0x69, "imul", SZ_V, SZ_V, RN_V, IM_Z, 0 },
	{ "6b", -1, VIE_OP_TYPE_IMUL, 0x6b, "imul", SZ_V, SZ_V, RN_V, IM_SB, 0 },
	{ "0f b0", -1, VIE_OP_TYPE_CMPXCHG, 0xb0, "cmpxchg", SZ_B, SZ_B, RN_B, IM_NONE, 1 },
	{ "0f b1", -1, VIE_OP_TYPE_CMPXCHG, 0xb1, "cmpxchg", SZ_V, SZ_V, RN_V, IM_NONE, 1 },
	{ "0f c0", -1, VIE_OP_TYPE_XADD, 0xc0, "xadd", SZ_B, SZ_B, RN_B, IM_NONE, 1 },
	{ "0f c1", -1, VIE_OP_TYPE_XADD, 0xc1, "xadd", SZ_V, SZ_V, RN_V, IM_NONE, 1 },
	{ "ff", 6, VIE_OP_TYPE_PUSH, 0xff, "push", SZ_STACK, SZ_STACK, RN_NONE, IM_NONE, 0 },
	{ "8f", 0, VIE_OP_TYPE_POP, 0x8f, "pop", SZ_STACK, SZ_STACK, RN_NONE, IM_NONE, 0 },
	{ "0f c7", 1, VIE_OP_TYPE_CMPXCHGNB, 0xc7, NULL, ANY, SZ_8_16, RN_NONE, IM_NONE, 1 },
	{ "0f ae", 7, VIE_OP_TYPE_TWOB_GRP15, 0xae, "clflush", ANY, ANY, RN_NONE, IM_NONE, 0 },
	{ "0f c3", -1, VIE_OP_TYPE_MOV_OR_SIMD, 0xc3, "movnti", SZ_V, SZ_V, RN_V, IM_NONE, 0 },
};

static int
size_of(enum sz s, const struct mctx *c)
{
	switch (s) {
	case SZ_B: case SZ_1: return 1;
	case SZ_2: return 2;
	case SZ_4: return 4;
	case SZ_V: return c->osz;
	case SZ_STACK: return c->stack_osz;
	case SZ_8_16: return c->osz == 8 ? 16 : 8;
	default: return ANY;
	}
}

static const char *const byte1 = "cl";

Test(sweep, families_all_contexts)
{
	for (size_t i = 0; i < ARR(ctxs); i++) {
		const struct mctx *c = &ctxs[i];
		for (size_t k = 0; k < ARR(ops); k++) {
			const struct op *o = &ops[k];
			char hex[96], imm[24] = "";
			int osz = o->osz == (enum sz)ANY ? ANY : size_of(o->osz, c);
			int64_t iv = 0;
			int ib = 0, either = 0;

			/* MOVNTI is NP (66 0F C3 is #UD) and has no 16-bit
			 * form; test_sse_avx covers it in 16-bit code */
			if (o->opb == 0xc3 && (c->osz == 2 || strstr(c->pfx, "66")))
				continue;
			switch (o->im) {
			case IM_B:
				strcpy(imm, " 9c");
				iv = (int8_t)0x9c;
				ib = 1;
				either = 1;
				break;
			case IM_SB:
				strcpy(imm, " f0");
				iv = -16;
				ib = 1;
				break;
			case IM_Z:
				if (c->osz == 2) {
					strcpy(imm, " 34 92");
					iv = (int16_t)0x9234;
					ib = 2;
				} else {
					strcpy(imm, " 78 56 34 92");
					iv = (int32_t)0x92345678;
					ib = 4;
				}
				break;
			default:
				break;
			}
			int reg = o->digit >= 0 ? o->digit : 1;
			snprintf(hex, sizeof(hex), "%s %s %02x%s", c->pfx, o->bytes, reg << 3, imm);
			const char *mn = o->mn;
			if (mn == NULL)
				mn = c->osz == 8 ? "cmpxchg16b" : "cmpxchg8b";
			/* 66 0F AE /7 is CLFLUSHOPT */
			if (o->opb == 0xae && strstr(c->pfx, "66") != NULL)
				mn = "clflushopt";
			const char *rn = o->rn == RN_NONE ? NULL : o->rn == RN_B ? byte1 : c->rv;
			int msz = o->msz == (enum sz)ANY ? ANY : size_of(o->msz, c);
			struct golden g = G(c->m, hex, NONE, o->opb, mn, osz, c->asz,
			    MRM(0, reg, 0), MEM(c->base, c->index, c->scale, 0, 0, sDS, 0, msz),
			    IMM(iv, ib), rn);
			g.type = o->type;
			g.imm_either = either;
			g.line = __LINE__;
			check_golden_row(&g);

			/* LOCK: legal exactly on the lockable ones (memory form) */
			char lhex[112];
			uint8_t b[48];
			struct vie v;
			snprintf(lhex, sizeof(lhex), "f0 %s", hex);
			size_t n = hex2bin(lhex, b, sizeof(b));
			int st = guarded_decode(&v, b, n, c->m);
			XEQ(st, o->lockable ? VIE_OK : VIE_INVALID,
			    "[%s] %s: status %s, LOCK is %s", tmode_name(c->m), lhex,
			    vie_status_name(st), o->lockable ? "legal" : "#UD");
		}
	}
}
