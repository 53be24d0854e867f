/*
 * tests/decode/test_prefixes.c - legacy prefixes and REX: 66/67 per mode,
 * REX.W over 66, REX not last (ignored), duplicates, segment overrides
 * (64-bit rules), LOCK legality, the 15-byte limit and truncation.
 * SDM vol. 2 ch. 2.1-2.2 and the LOCK instruction page.
 */
#include <stdio.h>
#include <string.h>

#include "golden.h"

GOLDEN_SUITE(prefixes);

#define ARR(a) (sizeof(a) / sizeof((a)[0]))

/* opsize/addrsize and the prefix flags for MOV r/m, r (89) */
Test(prefixes, operand_address_size)
{
	static const struct {
		enum tmode m;
		const char *hex;
		int osz, asz, o66, a67, rexp, rexw, base;
	} t[] = {
		{ R16, "89 07", 2, 2, 0, 0, 0, 0, RBX },
		{ R16, "66 89 07", 4, 2, 1, 0, 0, 0, RBX },
		{ R16, "67 89 00", 2, 4, 0, 1, 0, 0, RAX },
		{ R16, "66 67 89 00", 4, 4, 1, 1, 0, 0, RAX },
		{ P16, "89 07", 2, 2, 0, 0, 0, 0, RBX },
		{ P16, "66 89 07", 4, 2, 1, 0, 0, 0, RBX },
		{ P16, "67 89 00", 2, 4, 0, 1, 0, 0, RAX },
		{ C16, "66 67 89 00", 4, 4, 1, 1, 0, 0, RAX },
		{ P32, "89 00", 4, 4, 0, 0, 0, 0, RAX },
		{ P32, "66 89 00", 2, 4, 1, 0, 0, 0, RAX },
		{ P32, "67 89 07", 4, 2, 0, 1, 0, 0, RBX },
		{ C32, "66 67 89 07", 2, 2, 1, 1, 0, 0, RBX },
		{ L64, "89 00", 4, 8, 0, 0, 0, 0, RAX },
		{ L64, "66 89 00", 2, 8, 1, 0, 0, 0, RAX },
		{ L64, "67 89 00", 4, 4, 0, 1, 0, 0, RAX },
		{ L64, "48 89 00", 8, 8, 0, 0, 1, 1, RAX },
		/* REX.W takes precedence over 66 */
		{ L64, "66 48 89 00", 8, 8, 1, 0, 1, 1, RAX },
		/* a REX that is not the last prefix is ignored */
		{ L64, "48 66 89 00", 2, 8, 1, 0, 0, 0, RAX },
		{ L64, "41 67 89 00", 4, 4, 0, 1, 0, 0, RAX },
		{ L64, "49 f0 01 00", 4, 8, 0, 0, 0, 0, RAX },
		{ L64, "4c 64 89 00", 4, 8, 0, 0, 0, 0, RAX },
		/* of two REX prefixes only the last one counts */
		{ L64, "48 41 89 00", 4, 8, 0, 0, 1, 0, R8 },
		{ L64, "41 48 89 00", 8, 8, 0, 0, 1, 1, RAX },
		/* duplicates do not toggle back */
		{ P32, "66 66 89 00", 2, 4, 1, 0, 0, 0, RAX },
		{ P32, "67 67 89 07", 4, 2, 0, 1, 0, 0, RBX },
		{ L64, "66 66 66 89 00", 2, 8, 1, 0, 0, 0, RAX },
		{ L64, "67 67 89 00", 4, 4, 0, 1, 0, 0, RAX },
		{ R16, "66 66 67 67 89 00", 4, 4, 1, 1, 0, 0, RAX },
		/* byte operations stay 1 byte under 66 and REX.W */
		{ L64, "66 88 00", 1, 8, 1, 0, 0, 0, RAX },
		{ L64, "48 88 00", 1, 8, 0, 0, 1, 1, RAX },
		{ P32, "66 c6 00 01", 1, 4, 1, 0, 0, 0, RAX },
		{ R16, "66 80 07 01", 1, 2, 1, 0, 0, 0, RBX },
		/* CS.D is ignored in real and 64-bit mode: see cs_d_ignored */
	};
	for (size_t i = 0; i < ARR(t); i++) {
		struct vie v = DEC(t[i].m, t[i].hex);
#define F(field, want) XEQ(v.field, want, "[%s] %s: " #field " %lld, want %lld", \
	tmode_name(t[i].m), t[i].hex, (long long)v.field, (long long)(want))
		F(opsize, t[i].osz);
		F(addrsize, t[i].asz);
		F(opsize_override, t[i].o66);
		F(addrsize_override, t[i].a67);
		F(rex_present, t[i].rexp);
		F(rex_w, t[i].rexw);
		F(base_register, t[i].base);
#undef F
	}
}

/* REX.R/X/B bits land in the flags and in reg/index/base */
Test(prefixes, rex_bits)
{
	struct vie v = DEC(L64, "4f 89 04 e5 00 00 00 00"); /* mov [r12*8+0], r8 */
	FEQ(v, rex_present, 1);
	FEQ(v, rex_w, 1);
	FEQ(v, rex_r, 1);
	FEQ(v, rex_x, 1);
	FEQ(v, rex_b, 1);
	FEQ(v, reg, 8);
	FEQ(v, index_register, R12);
	FEQ(v, base_register, NONE);
	v = DEC(L64, "40 88 20"); /* REX with no bits set still selects spl */
	FEQ(v, rex_present, 1);
	FEQ(v, rex_w, 0);
	FEQ(v, rex_r, 0);
	XSTR(vie_reg_operand_name(&v), "spl", "40 88 20: reg %s",
	    vie_reg_operand_name(&v) ? vie_reg_operand_name(&v) : "(null)");
	/* the REX before 26 is ignored: AH, not SPL */
	v = DEC(L64, "40 26 88 20");
	FEQ(v, rex_present, 0);
	XSTR(vie_reg_operand_name(&v), "ah", "40 26 88 20: reg %s",
	    vie_reg_operand_name(&v) ? vie_reg_operand_name(&v) : "(null)");
	v = DEC(L64, "44 f3 a4");
	FEQ(v, rex_present, 0);
	FEQ(v, rex_r, 0);
	v = DEC(L64, "89 00");
	FEQ(v, rex_present, 0);
}

/* Effective segment and segment_override, 32-bit and 64-bit rules */
Test(prefixes, segment_overrides)
{
	static const struct {
		enum tmode m;
		const char *hex;
		int seg, ovr;
	} t[] = {
		{ P32, "8b 00", sDS, 0 },
		{ P32, "8b 04 24", sSS, 0 },
		{ P32, "8b 45 00", sSS, 0 },
		{ P32, "26 8b 00", sES, 1 },
		{ P32, "2e 8b 00", sCS, 1 },
		{ P32, "36 8b 00", sSS, 1 },
		{ P32, "3e 8b 04 24", sDS, 1 },
		{ P32, "64 8b 45 00", sFS, 1 },
		{ P32, "65 8b 00", sGS, 1 },
		{ C32, "26 8b 04 24", sES, 1 },
		/* the last segment prefix wins */
		{ P32, "26 64 8b 00", sFS, 1 },
		{ P32, "64 26 8b 00", sES, 1 },
		{ P32, "3e 3e 8b 00", sDS, 1 },
		{ R16, "8b 02", sSS, 0 },
		{ R16, "3e 8b 02", sDS, 1 },
		{ R16, "64 8b 07", sFS, 1 },
		{ P16, "65 8b 46 00", sGS, 1 },
		/* 64-bit mode: ES/CS/SS/DS ignored, FS/GS honoured */
		{ L64, "8b 00", sDS, 0 },
		{ L64, "8b 04 24", sSS, 0 },
		{ L64, "26 8b 00", sDS, 0 },
		{ L64, "2e 8b 00", sDS, 0 },
		{ L64, "36 8b 00", sDS, 0 },
		{ L64, "3e 8b 00", sDS, 0 },
		{ L64, "3e 8b 04 24", sSS, 0 },
		{ L64, "26 8b 45 00", sSS, 0 },
		{ L64, "64 8b 00", sFS, 1 },
		{ L64, "65 8b 04 24", sGS, 1 },
		{ L64, "65 8b 05 00 00 00 00", sGS, 1 },
		{ L64, "64 64 8b 00", sFS, 1 },
		{ L64, "26 65 8b 00", sGS, 1 },
		{ L64, "26 a1 00 00 00 00 00 00 00 00", sDS, 0 },
		{ L64, "36 a1 00 00 00 00 00 00 00 00", sDS, 0 },
		{ L64, "64 a1 00 00 00 00 00 00 00 00", sFS, 1 },
		{ P32, "36 a1 00 00 00 00", sSS, 1 },
	};
	for (size_t i = 0; i < ARR(t); i++) {
		struct vie v = DEC(t[i].m, t[i].hex);
		XEQ(v.segment_register, t[i].seg, "[%s] %s: segment_register %d, want %d",
		    tmode_name(t[i].m), t[i].hex, v.segment_register, t[i].seg);
		XEQ(v.segment_override, t[i].ovr, "[%s] %s: segment_override %u, want %d",
		    tmode_name(t[i].m), t[i].hex, v.segment_override, t[i].ovr);
	}
}

static const struct gstatus lock_bad[] = {
	/* not lockable at all */
	S(L64, "f0 89 00", VIE_INVALID),        /* MOV */
	S(L64, "f0 8b 00", VIE_INVALID),
	S(L64, "f0 c7 00 01 00 00 00", VIE_INVALID),
	S(L64, "f0 39 00", VIE_INVALID),        /* CMP */
	S(L64, "f0 38 00", VIE_INVALID),
	S(L64, "f0 80 38 01", VIE_INVALID),     /* CMP imm (group 1 /7) */
	S(L64, "f0 83 38 01", VIE_INVALID),
	S(L64, "f0 85 00", VIE_INVALID),        /* TEST */
	S(L64, "f0 f7 00 01 00 00 00", VIE_INVALID),
	S(L64, "f0 f7 20", VIE_INVALID),        /* MUL */
	S(L64, "f0 f7 38", VIE_INVALID),        /* IDIV */
	S(L64, "f0 0f af 00", VIE_INVALID),     /* IMUL */
	S(L64, "f0 0f a3 00", VIE_INVALID),     /* BT */
	S(L64, "f0 0f ba 20 01", VIE_INVALID),
	S(L64, "f0 d1 20", VIE_INVALID),        /* SHL */
	S(L64, "f0 0f b6 00", VIE_INVALID),     /* MOVZX */
	S(L64, "f0 63 00", VIE_INVALID),        /* MOVSXD */
	S(L64, "f0 0f 38 f1 00", VIE_INVALID),  /* MOVBE */
	S(L64, "f0 0f 44 00", VIE_INVALID),     /* CMOVZ */
	S(L64, "f0 0f 94 00", VIE_INVALID),     /* SETZ */
	S(L64, "f0 ff 30", VIE_INVALID),        /* PUSH */
	S(L64, "f0 8f 00", VIE_INVALID),        /* POP */
	S(L64, "f0 0f 10 00", VIE_INVALID),     /* MOVUPS */
	S(L64, "f0 0f ae 38", VIE_INVALID),     /* CLFLUSH */
	S(L64, "f0 8c 18", VIE_INVALID),        /* MOV Sreg */
	S(L64, "f0 a1 00 00 00 00 00 00 00 00", VIE_INVALID),
	/* lockable, but with a register destination */
	S(L64, "f0 01 c0", VIE_INVALID),
	S(L64, "f0 03 00", VIE_INVALID),        /* ADD r, r/m: dest is a register */
	S(L64, "f0 13 00", VIE_INVALID),        /* ADC r, r/m */
	S(L64, "f0 83 c0 01", VIE_INVALID),
	S(L64, "f0 87 c8", VIE_INVALID),        /* XCHG reg, reg */
	S(L64, "f0 ff c0", VIE_INVALID),
	S(L64, "f0 f7 d0", VIE_INVALID),        /* NOT reg */
	S(L64, "f0 0f ab c0", VIE_INVALID),
	S(L64, "f0 0f b1 c8", VIE_INVALID),
	S(L64, "f0 0f c1 c8", VIE_INVALID),
	S(P32, "f0 89 00", VIE_INVALID),
	S(P32, "f0 3b 00", VIE_INVALID),
	/* LOCK DEC eax: #UD, but 48 is outside the families, so vie may
	 * also call it unsupported (it never causes a memory exit) */
	S2(P32, "f0 48", VIE_INVALID, VIE_UNSUPPORTED),
	S(R16, "f0 88 07", VIE_INVALID),
	S(R16, "f0 00 c0", VIE_INVALID),
	S(C32, "f0 86 c0", VIE_INVALID),
};

Test(prefixes, lock_illegal) { check_status(lock_bad, ARR(lock_bad)); }

static void
repeat(char *out, size_t sz, const char *pfx, int n, const char *tail)
{
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		o += (size_t)snprintf(out + o, sz - o, "%s ", pfx);
	snprintf(out + o, sz - o, "%s", tail);
}

/* 15 bytes is the architectural maximum (SDM 2.3.11: #GP beyond it) */
Test(prefixes, fifteen_byte_limit)
{
	static const struct {
		enum tmode m;
		const char *pfx;
		const char *tail; /* the instruction after the prefixes */
		int tail_len;
	} t[] = {
		{ P32, "3e", "8b 00", 2 },
		{ L64, "66", "89 00", 2 },
		{ L64, "64", "a4", 1 },
		{ R16, "26", "8b 07", 2 },
		{ L64, "f3", "48 ab", 2 },
		{ P32, "2e", "c7 00 78 56 34 12", 6 },
	};
	for (size_t i = 0; i < ARR(t); i++) {
		char hex[256];
		uint8_t b[64];
		struct vie v;
		int ok_n = 15 - t[i].tail_len;

		/* exactly 15 bytes: fine */
		repeat(hex, sizeof(hex), t[i].pfx, ok_n, t[i].tail);
		v = decode_ok(__LINE__, t[i].m, hex);
		FEQ(v, num_processed, 15);

		/* one more prefix: 16 bytes, too long, however many bytes given */
		repeat(hex, sizeof(hex), t[i].pfx, ok_n + 1, t[i].tail);
		size_t n = hex2bin(hex, b, sizeof(b));
		int st = guarded_decode(&v, b, n, t[i].m);
		XEQ(st, VIE_TOO_LONG, "[%s] %s: status %s, want too_long",
		    tmode_name(t[i].m), hex, vie_status_name(st));
		/* cut at 15: more bytes would not help either */
		st = guarded_decode(&v, b, 15, t[i].m);
		XEQ(st, VIE_TOO_LONG, "[%s] %s cut to 15: status %s, want too_long",
		    tmode_name(t[i].m), hex, vie_status_name(st));
		/* cut shorter: still only prefixes/partial, so truncated */
		st = guarded_decode(&v, b, 14 - t[i].tail_len, t[i].m);
		XEQ(st, VIE_TRUNCATED, "[%s] %s cut to %d: status %s, want truncated",
		    tmode_name(t[i].m), hex, 14 - t[i].tail_len, vie_status_name(st));
	}
}

static const struct gstatus limits[] = {
	/* 15 prefixes + opcode */
	S(P32, "66 66 66 66 66 66 66 66 66 66 66 66 66 66 66 89 00", VIE_TOO_LONG),
	S(L64, "26 26 26 26 26 26 26 26 26 26 26 26 26 26 26 a4", VIE_TOO_LONG),
	/* 15 prefixes and nothing else: no instruction can follow */
	S(L64, "66 66 66 66 66 66 66 66 66 66 66 66 66 66 66", VIE_TOO_LONG),
	/* 14 prefixes + a one-byte opcode that needs a ModRM: 16 bytes */
	S(P32, "3e 3e 3e 3e 3e 3e 3e 3e 3e 3e 3e 3e 3e 3e 8b", VIE_TOO_LONG),
	/* a long valid instruction grown past 15 by its own bytes */
	S(L64, "64 67 66 48 c7 84 24 00 01 00 00 00 01 00 00", VIE_OK),
	S(L64, "64 67 66 66 48 c7 84 24 00 01 00 00 00 01 00 00", VIE_TOO_LONG),
	/* prefixes only, few of them: more bytes would help */
	S(L64, "", VIE_TRUNCATED),
	S(L64, "66", VIE_TRUNCATED),
	S(L64, "48", VIE_TRUNCATED),
	S(L64, "f0 48", VIE_TRUNCATED),
	S(P32, "0f", VIE_TRUNCATED),
	S(P32, "0f 38", VIE_TRUNCATED),
	S(R16, "26 66 67", VIE_TRUNCATED),
	S(P32, "66 66 66 66 66 66 66 66 66 66", VIE_TRUNCATED),
};

Test(prefixes, limits_and_truncation) { check_status(limits, ARR(limits)); }

/* More than 15 bytes may be passed: only the instruction is consumed */
Test(prefixes, long_buffer)
{
	uint8_t b[40];
	struct vie v;
	memset(b, 0x90, sizeof(b));
	b[0] = 0x89;
	b[1] = 0x00;
	int st = guarded_decode(&v, b, sizeof(b), P32);
	XEQ(st, VIE_OK, "long buffer: status %s", vie_status_name(st));
	FEQ(v, num_processed, 2);
}

/* vie_operand_size(): the operand-size attribute (SDM vol. 1 3.6 and
 * vol. 2 2.2.1.2): CS.D / mode default, 66 toggles, REX.W forces 64;
 * near stack operations default to 64 in 64-bit mode. */
Test(prefixes, operand_size_attribute)
{
	static const struct { enum tmode m; const char *hex; unsigned want; } t[] = {
		{ L64, "89 00", 4 }, { L64, "66 89 00", 2 }, { L64, "48 89 00", 8 },
		{ L64, "88 00", 1 }, { P32, "89 00", 4 }, { P32, "66 89 00", 2 },
		{ R16, "89 07", 2 }, { R16, "66 89 07", 4 }, { P16, "89 07", 2 },
		{ L64, "ff 30", 8 }, { L64, "66 ff 30", 2 }, { P32, "ff 30", 4 },
		/* MOV m16, Sreg: the attribute, not the 2-byte store */
		{ P32, "8c 18", 4 }, { L64, "48 8c 18", 8 }, { R16, "8c 1f", 2 },
		/* SSE moves carry the attribute of the mode as well */
		{ L64, "0f 28 00", 4 }, { R16, "0f 28 07", 2 },
		{ L64, "0f b6 00", 4 }, { L64, "48 0f be 00", 8 },
		{ L64, "48 63 00", 8 }, { L64, "a4", 1 }, { L64, "48 a5", 8 },
	};
	for (size_t i = 0; i < ARR(t); i++) {
		struct vie v = DEC(t[i].m, t[i].hex);
		XEQ(vie_operand_size(&v), t[i].want, "[%s] %s: vie_operand_size %u, want %u",
		    tmode_name(t[i].m), t[i].hex, vie_operand_size(&v), t[i].want);
	}
}
