/*
 * tests/decode/test_atomic.c - CMPXCHG 0F B0/B1, XADD 0F C0/C1,
 * CMPXCHG8B/16B 0F C7 /1, and the LOCK prefix where the SDM allows it
 * ("LOCK - Assert LOCK# Signal Prefix": ADD ADC AND BTC BTR BTS CMPXCHG
 * CMPXCH8B CMPXCHG16B DEC INC NEG NOT OR SBB SUB XOR XADD XCHG, memory
 * destination only; #UD otherwise).
 */
#include <stdio.h>
#include <string.h>

#include "golden.h"

GOLDEN_SUITE(atomic);

#define ARR(a) (sizeof(a) / sizeof((a)[0]))

static const struct golden rows[] = {
	G(L64, "0f b0 08", CMPXCHG, 0xb0, "cmpxchg", 1, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "cl"),
	G(L64, "0f b1 08", CMPXCHG, 0xb1, "cmpxchg", 4, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "ecx"),
	G(L64, "f0 48 0f b1 0c 24", CMPXCHG, 0xb1, "cmpxchg", 8, 8, MRM(0, 1, 4),
	    MEM(RSP, NONE, 0, 0, 0, sSS, 0, 8), NOIMM, "rcx"),
	G(L64, "66 44 0f b1 05 00 01 00 00", CMPXCHG, 0xb1, "cmpxchg", 2, 8,
	    MRM(0, 8, 5), MEM(RIP, NONE, 0, 0x100, 4, sDS, 0, 2), NOIMM, "r8w"),
	G(L64, "0f c0 30", XADD, 0xc0, "xadd", 1, 8, MRM(0, 6, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "dh"),
	G(L64, "40 0f c0 30", XADD, 0xc0, "xadd", 1, 8, MRM(0, 6, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "sil"),
	G(L64, "f0 48 0f c1 03", XADD, 0xc1, "xadd", 8, 8, MRM(0, 0, 3),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 8), NOIMM, "rax"),
	G(L64, "0f c1 c8", XADD, 0xc1, "xadd", 4, 8, MRM(3, 1, 0), NOMEM, NOIMM, "ecx"),
	G(L64, "0f b1 c8", CMPXCHG, 0xb1, "cmpxchg", 4, 8, MRM(3, 1, 0), NOMEM,
	    NOIMM, "ecx"),
	/* CMPXCHG8B m64 / CMPXCHG16B m128 (REX.W); no ModRM.reg operand.  The
	 * operand-size column is Zydis's convention for these, unchecked. */
	G(L64, "0f c7 08", CMPXCHGNB, 0xc7, "cmpxchg8b", ANY, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 8), NOIMM, NULL),
	G(L64, "48 0f c7 08", CMPXCHGNB, 0xc7, "cmpxchg16b", ANY, 8, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 16), NOIMM, NULL),
	G(L64, "f0 49 0f c7 4c 24 10", CMPXCHGNB, 0xc7, "cmpxchg16b", ANY, 8,
	    MRM(1, 1, ANY), MEM(R12, NONE, 0, 16, 1, sDS, 0, 16), NOIMM, NULL),
	G(P32, "f0 0f c7 0d 00 10 00 00", CMPXCHGNB, 0xc7, "cmpxchg8b", ANY, 4,
	    MRM(0, 1, 5), MEM(NONE, NONE, 0, 0x1000, 4, sDS, 0, 8), NOIMM, NULL),
	G(C32, "0f c7 0c 24", CMPXCHGNB, 0xc7, "cmpxchg8b", ANY, 4,
	    MRM(0, 1, 4), MEM(RSP, NONE, 0, 0, 0, sSS, 0, 8), NOIMM, NULL),
	G(R16, "0f c7 0f", CMPXCHGNB, 0xc7, "cmpxchg8b", ANY, 2,
	    MRM(0, 1, 7), MEM(RBX, NONE, 0, 0, 0, sDS, 0, 8), NOIMM, NULL),
	G(P16, "0f c7 4e 04", CMPXCHGNB, 0xc7, "cmpxchg8b", ANY, 2,
	    MRM(1, 1, 6), MEM(RBP, NONE, 0, 4, 1, sSS, 0, 8), NOIMM, NULL),
	G(P32, "0f b0 0b", CMPXCHG, 0xb0, "cmpxchg", 1, 4, MRM(0, 1, 3),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 1), NOIMM, "cl"),
	G(C32, "66 0f c1 08", XADD, 0xc1, "xadd", 2, 4, MRM(0, 1, 0),
	    MEM(RAX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "cx"),
	G(R16, "0f b1 0f", CMPXCHG, 0xb1, "cmpxchg", 2, 2, MRM(0, 1, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 2), NOIMM, "cx"),
	G(C16, "66 0f c1 0f", XADD, 0xc1, "xadd", 4, 2, MRM(0, 1, 7),
	    MEM(RBX, NONE, 0, 0, 0, sDS, 0, 4), NOIMM, "ecx"),
};

Test(atomic, golden) { check_golden(rows, ARR(rows)); }

static const struct gstatus bad[] = {
	/* CMPXCHG8B/16B with a register operand: #UD */
	S(L64, "0f c7 c8", VIE_INVALID),
	S(L64, "48 0f c7 c9", VIE_INVALID),
	S(P32, "0f c7 c8", VIE_INVALID),
	S(R16, "0f c7 cf", VIE_INVALID),
	/* 0F C7 /0 on memory: #UD */
	S(L64, "0f c7 00", VIE_INVALID),
	S(P32, "0f c7 00", VIE_INVALID),
};

Test(atomic, invalid) { check_status(bad, ARR(bad)); }

/* LOCK on every family the SDM allows it for, memory destination: OK and
 * lock_present = 1.  The hex is given without the F0. */
Test(atomic, lock_legal)
{
	static const struct {
		enum tmode m;
		const char *hex;
	} ok[] = {
		{ L64, "00 08" }, { L64, "01 08" }, { L64, "09 08" }, { L64, "11 08" },
		{ L64, "19 08" }, { L64, "21 08" }, { L64, "29 08" }, { L64, "31 08" },
		{ L64, "80 00 01" }, { L64, "81 08 00 01 00 00" }, { L64, "83 10 01" },
		{ L64, "83 18 01" }, { L64, "80 20 01" }, { L64, "83 28 01" },
		{ L64, "83 30 01" }, { P32, "82 00 01" },
		{ L64, "86 08" }, { L64, "87 08" }, { L64, "48 87 0c 24" },
		{ L64, "fe 00" }, { L64, "fe 08" }, { L64, "ff 00" }, { L64, "48 ff 08" },
		{ L64, "f6 10" }, { L64, "f7 10" }, { L64, "f6 18" }, { L64, "f7 18" },
		{ L64, "0f ab 08" }, { L64, "0f b3 08" }, { L64, "0f bb 08" },
		{ L64, "0f ba 28 01" }, { L64, "0f ba 30 01" }, { L64, "0f ba 38 01" },
		{ L64, "0f b0 08" }, { L64, "0f b1 08" }, { L64, "0f c7 08" },
		{ L64, "48 0f c7 08" }, { L64, "0f c0 08" }, { L64, "0f c1 08" },
		{ P32, "0f c7 08" }, { P32, "01 08" }, { C32, "87 08" },
		{ R16, "01 07" }, { R16, "0f ab 07" }, { P16, "ff 07" },
		{ L64, "66 01 08" }, { L64, "65 f7 1c 25 00 00 00 00" },
	};
	for (size_t i = 0; i < ARR(ok); i++) {
		char hex[64];
		snprintf(hex, sizeof(hex), "f0 %s", ok[i].hex);
		struct vie v = decode_ok(__LINE__, ok[i].m, hex);
		XEQ(v.lock_present, 1, "[%s] %s: lock_present %u", tmode_name(ok[i].m),
		    hex, v.lock_present);
		/* LOCK after other prefixes is the same */
		if (ok[i].hex[0] == '6') {
			snprintf(hex, sizeof(hex), "%.2s f0 %s", ok[i].hex, ok[i].hex + 3);
			v = decode_ok(__LINE__, ok[i].m, hex);
			XEQ(v.lock_present, 1, "[%s] %s: lock_present %u",
			    tmode_name(ok[i].m), hex, v.lock_present);
		}
		/* and without it, lock_present stays 0 */
		v = decode_ok(__LINE__, ok[i].m, ok[i].hex);
		XEQ(v.lock_present, 0, "[%s] %s: lock_present %u", tmode_name(ok[i].m),
		    ok[i].hex, v.lock_present);
	}
	/* a second LOCK is redundant, not an error */
	struct vie v = DEC(L64, "f0 f0 01 08");
	FEQ(v, lock_present, 1);
}
