/*
 * tests/decode/test_modes.c - every ModRM/SIB addressing form in every
 * mode (SDM vol. 2 tables 2-1 16-bit, 2-2 32-bit, 2-3 SIB; 2.2.1 REX
 * special cases and RIP-relative addressing), and mode-specific validity.
 * Expectations are computed from those tables' rules, not from vie.
 */
#include <stdio.h>
#include <string.h>

#include "golden.h"

GOLDEN_SUITE(modes);

#define ARR(a) (sizeof(a) / sizeof((a)[0]))

/* 16-bit r/m table: base, index, SS-default */
static const struct { int base, index, ss; } rm16[8] = {
	{ RBX, RSI, 0 }, { RBX, RDI, 0 }, { RBP, RSI, 1 }, { RBP, RDI, 1 },
	{ RSI, NONE, 0 }, { RDI, NONE, 0 }, { RBP, NONE, 1 }, { RBX, NONE, 0 },
};

static const char *const gpr16[8] = { "ax", "cx", "dx", "bx", "sp", "bp", "si", "di" };
static const char *const gpr32[16] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi",
	"edi", "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d" };

/* MOV r16, r/m16 (8B) with every ModRM memory form, 16-bit addressing:
 * natively in 16-bit modes and with 67 in 32-bit modes. */
Test(modes, addressing16)
{
	static const struct { enum tmode m; const char *pfx; int osz; } md[] = {
		{ R16, "", 2 }, { P16, "", 2 }, { C16, "", 2 },
		{ P32, "67", 4 }, { C32, "67", 4 }, { R16, "26", 2 },
	};
	for (size_t k = 0; k < ARR(md); k++) {
		for (int mod = 0; mod < 3; mod++) {
			for (int reg = 0; reg < 8; reg += 3) {
				for (int rm = 0; rm < 8; rm++) {
					char hex[48];
					int modrm = mod << 6 | reg << 3 | rm;
					int base = rm16[rm].base, index = rm16[rm].index;
					int64_t disp = 0;
					int db = 0;
					const char *dh = "";
					if (mod == 0 && rm == 6) {
						base = NONE; /* [disp16] */
						disp = 0x1234;
						db = 2;
						dh = " 34 12";
					} else if (mod == 1) {
						disp = -16;
						db = 1;
						dh = " f0";
					} else if (mod == 2) {
						disp = -32767; /* 0x8001 sign-extended */
						db = 2;
						dh = " 01 80";
					}
					int seg = (rm16[rm].ss && base != NONE) ? sSS : sDS;
					int ovr = 0;
					if (strcmp(md[k].pfx, "26") == 0) {
						seg = sES;
						ovr = 1;
					}
					snprintf(hex, sizeof(hex), "%s 8b %02x%s", md[k].pfx, modrm, dh);
					struct golden g = G(md[k].m, hex, MOV, 0x8b, "mov",
					    md[k].osz, 2, MRM(mod, reg, rm),
					    MEM(base, index, index == NONE ? 0 : 1, disp, db, seg,
						ovr, md[k].osz),
					    NOIMM, md[k].osz == 2 ? gpr16[reg] : gpr32[reg]);
					check_golden_row(&g);
				}
			}
		}
	}
}

/* The 32/64-bit ModRM + SIB forms.  For every mode with 32- or 64-bit
 * addressing and every REX.X/REX.B (64-bit only), mod 0-2, rm 0-7 and,
 * for rm 100, every SIB byte. */
static void
one_form(enum tmode m, const char *pfx, int asz, int rex, int mod, int rm, int sib)
{
	int is64 = m == L64;
	int rx = (rex >> 1) & 1, rb = rex & 1;
	int base, index = NONE, scale = 0;
	int64_t disp = 0;
	int db = 0;
	int special = 0; /* SIB or disp32/RIP: rm's REX.B fold not pinned */
	char hex[64], rexs[8] = "";
	const char *dh = "";

	if (rex)
		snprintf(rexs, sizeof(rexs), "%02x", 0x40 | rex);
	if (mod == 1) {
		disp = -128;
		db = 1;
		dh = " 80";
	} else if (mod == 2) {
		disp = 0x7ffffff0;
		db = 4;
		dh = " f0 ff ff 7f";
	}
	if (rm == 4) {
		int ss = sib >> 6, idx = ((sib >> 3) & 7) | (rx << 3), b = sib & 7;
		special = 1;
		if (idx != 4) { /* 100 without REX.X: no index */
			index = gpr_vm[idx];
			scale = 1 << ss;
		}
		if (b == 5 && mod == 0) {
			base = NONE; /* [index*scale + disp32] */
			disp = -0x10000;
			db = 4;
			dh = " 00 00 ff ff";
		} else {
			base = gpr_vm[b | rb << 3];
		}
	} else if (rm == 5 && mod == 0) {
		special = 1;
		base = is64 ? RIP : NONE; /* RIP-relative in 64-bit mode only */
		disp = 0x12345678;
		db = 4;
		dh = " 78 56 34 12";
	} else {
		base = gpr_vm[rm | rb << 3];
	}
	int seg = (base == RSP || base == RBP) ? sSS : sDS;
	int modrm = mod << 6 | 2 << 3 | rm;
	if (rm == 4)
		snprintf(hex, sizeof(hex), "%s %s 8b %02x %02x%s", pfx, rexs, modrm, sib, dh);
	else
		snprintf(hex, sizeof(hex), "%s %s 8b %02x%s", pfx, rexs, modrm, dh);

	struct golden g = G(m, hex, MOV, 0x8b, "mov", 4, asz,
	    MRM(mod, 2, special && rb ? ANY : rm | rb << 3),
	    MEM(base, index, scale, disp, db, seg, 0, 4), NOIMM, "edx");
	check_golden_row(&g);

	if (rm == 4) {
		/* raw SIB fields, REX.X/B folded in (the row above already
		 * reported a failing status) */
		uint8_t b[32];
		struct vie v;
		size_t n = hex2bin(hex, b, sizeof(b));
		if (guarded_decode(&v, b, n, m) != VIE_OK)
			return;
		XEQ(v.ss, sib >> 6, "[%s] %s: ss %u", tmode_name(m), hex, v.ss);
		XEQ(v.index, ((sib >> 3) & 7) | rx << 3, "[%s] %s: index %u",
		    tmode_name(m), hex, v.index);
		XEQ(v.base, (sib & 7) | rb << 3, "[%s] %s: base %u", tmode_name(m),
		    hex, v.base);
	}
}

static void
all_forms(enum tmode m, const char *pfx, int asz, int rex, int sib_step)
{
	for (int mod = 0; mod < 3; mod++)
		for (int rm = 0; rm < 8; rm++) {
			if (rm != 4) {
				one_form(m, pfx, asz, rex, mod, rm, 0);
				continue;
			}
			for (int sib = 0; sib < 256; sib += sib_step)
				one_form(m, pfx, asz, rex, mod, rm, sib);
		}
}

Test(modes, addressing32_all_sib)
{
	all_forms(P32, "", 4, 0, 1);
	all_forms(C32, "", 4, 0, 3);
	all_forms(P16, "67 66", 4, 0, 5);
	all_forms(R16, "66 67", 4, 0, 7);
}

Test(modes, addressing64_all_sib_rex)
{
	/* every SIB byte under each REX.X/B combination */
	for (int rex = 0; rex < 4; rex++)
		all_forms(L64, "", 8, rex, 1);
	/* 67: 32-bit addresses (and EIP-relative) */
	for (int rex = 0; rex < 4; rex++)
		all_forms(L64, "67", 4, rex, 3);
}

/* register operands (mod 11) with REX.R/B in 64-bit mode */
Test(modes, register_forms)
{
	for (int rex = 0; rex < 8; rex++) {
		for (int reg = 0; reg < 8; reg++) {
			for (int rm = 0; rm < 8; rm += 3) {
				char hex[32];
				int r = reg | ((rex >> 2) & 1) << 3, b = rm | (rex & 1) << 3;
				snprintf(hex, sizeof(hex), "%02x 8b %02x", 0x40 | rex,
				    0xc0 | reg << 3 | rm);
				struct golden g = G(L64, hex, MOV, 0x8b, "mov", 4, 8,
				    MRM(3, r, b), NOMEM, NOIMM, gpr32[r]);
				check_golden_row(&g);
			}
		}
	}
}

static const struct gstatus validity[] = {
	/* 82 is an alias of 80 outside 64-bit mode only */
	S(L64, "82 00 01", VIE_INVALID),
	/* REX does not exist outside 64-bit mode: 48 is DEC eAX (see also
	 * no_rex_outside_64) */
	SV(C32, "48"),
	SV(P32, "41"),
	SV(C16, "4c"),
	/* 63 is MOVSXD only in 64-bit mode */
	SV(C32, "63 00"),
	SV(C16, "63 07"),
	/* LES/LDS outside 64-bit mode (mod != 11) */
	SV(C32, "c4 00"),
	SV(P16, "c5 07"),
	/* moffs truncated inside the offset (8 bytes in 64-bit mode) */
	S(L64, "a1 00 00 00 00", VIE_TRUNCATED),
	S(L64, "48 a1 00 00 00 00 00 00 00", VIE_TRUNCATED),
	S(L64, "67 a1 00 00 00", VIE_TRUNCATED),
	S(R16, "a1 00", VIE_TRUNCATED),
	S(P32, "67 a1 00", VIE_TRUNCATED),
};

Test(modes, validity) { check_status(validity, ARR(validity)); }

/* CS.D is ignored in real and 64-bit mode; it picks 16/32 elsewhere */
Test(modes, cs_d)
{
	static const uint8_t b[] = { 0x89, 0x00 };
	static const struct { enum vm_cpu_mode m; int csd, osz, asz; } t[] = {
		{ CPU_MODE_REAL, 0, 2, 2 }, { CPU_MODE_REAL, 1, 2, 2 },
		{ CPU_MODE_64BIT, 0, 4, 8 }, { CPU_MODE_64BIT, 1, 4, 8 },
		{ CPU_MODE_PROTECTED, 0, 2, 2 }, { CPU_MODE_PROTECTED, 1, 4, 4 },
		{ CPU_MODE_COMPATIBILITY, 0, 2, 2 }, { CPU_MODE_COMPATIBILITY, 1, 4, 4 },
	};
	for (size_t i = 0; i < ARR(t); i++) {
		struct vie v;
		int st = vie_decode(&v, b, sizeof(b), t[i].m, t[i].csd);
		XEQ(st, VIE_OK, "mode %d cs_d %d: status %s", t[i].m, t[i].csd,
		    vie_status_name(st));
		XEQ(v.opsize, t[i].osz, "mode %d cs_d %d: opsize %u", t[i].m, t[i].csd,
		    v.opsize);
		XEQ(v.addrsize, t[i].asz, "mode %d cs_d %d: addrsize %u", t[i].m,
		    t[i].csd, v.addrsize);
	}
}

/* Outside 64-bit mode 40-4F never act as REX: "48 89 00" is DEC eAX
 * followed by another instruction, whatever vie makes of the DEC. */
Test(modes, no_rex_outside_64)
{
	static const struct { enum tmode m; const char *hex; } t[] = {
		{ C32, "48 89 00" }, { P32, "41 8b 00" }, { C16, "4c 89 07" },
		{ R16, "48 c7 07 01 00" },
	};
	for (size_t i = 0; i < ARR(t); i++) {
		uint8_t b[16];
		struct vie v;
		size_t n = hex2bin(t[i].hex, b, sizeof(b));
		int st = guarded_decode(&v, b, n, t[i].m);
		XEQ(st == VIE_OK || st == VIE_UNSUPPORTED, 1, "[%s] %s: status %s",
		    tmode_name(t[i].m), t[i].hex, vie_status_name(st));
		if (st == VIE_OK)
			XEQ(v.num_processed, 1, "[%s] %s: length %u, want 1 (DEC/INC)",
			    tmode_name(t[i].m), t[i].hex, v.num_processed);
	}
}
