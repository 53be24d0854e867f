/*
 * tests/decode/test_string.c - MOVS CMPS STOS LODS SCAS INS OUTS with
 * REP/REPE/REPNE, operand/address-size prefixes and segment overrides.
 * SDM vol. 2: the string instructions use DS:rSI (overridable) and ES:rDI
 * (never overridable); their address size picks SI/ESI/RSI.
 */
#include <stdio.h>
#include <string.h>

#include "golden.h"

GOLDEN_SUITE(string);

#define ARR(a) (sizeof(a) / sizeof((a)[0]))

/* STRS: string rows; the DS:rSI segment is checked only for the ops that
 * read through it (MOVS CMPS LODS OUTS), per the contract's wording. */
#define STRS(m, hex, type, opb, mn, osz, asz, seg, ovr) \
	G(m, hex, type, opb, mn, osz, asz, NOMRM, STR(seg, ovr, osz), NOIMM, RN_ANY)
#define STRD(m, hex, type, opb, mn, osz, asz) \
	G(m, hex, type, opb, mn, osz, asz, NOMRM, STR(ANY, 0, osz), NOIMM, RN_ANY)

static const struct golden rows[] = {
	/* 64-bit mode */
	STRS(L64, "a4", MOVS, 0xa4, "movsb", 1, 8, sDS, 0),
	STRS(L64, "a5", MOVS, 0xa5, "movsd", 4, 8, sDS, 0),
	STRS(L64, "66 a5", MOVS, 0xa5, "movsw", 2, 8, sDS, 0),
	STRS(L64, "48 a5", MOVS, 0xa5, "movsq", 8, 8, sDS, 0),
	STRS(L64, "f3 48 a5", MOVS, 0xa5, "movsq", 8, 8, sDS, 0),
	STRS(L64, "66 48 a5", MOVS, 0xa5, "movsq", 8, 8, sDS, 0),
	STRS(L64, "67 a4", MOVS, 0xa4, "movsb", 1, 4, sDS, 0),
	STRS(L64, "f3 67 66 a5", MOVS, 0xa5, "movsw", 2, 4, sDS, 0),
	STRS(L64, "64 a4", MOVS, 0xa4, "movsb", 1, 8, sFS, 1),
	STRS(L64, "65 f3 a5", MOVS, 0xa5, "movsd", 4, 8, sGS, 1),
	/* ES/CS/SS/DS overrides are ignored in 64-bit mode */
	STRS(L64, "26 a4", MOVS, 0xa4, "movsb", 1, 8, sDS, 0),
	STRS(L64, "2e a4", MOVS, 0xa4, "movsb", 1, 8, sDS, 0),
	STRS(L64, "36 a4", MOVS, 0xa4, "movsb", 1, 8, sDS, 0),
	STRS(L64, "3e a4", MOVS, 0xa4, "movsb", 1, 8, sDS, 0),
	STRS(L64, "a6", CMPS, 0xa6, "cmpsb", 1, 8, sDS, 0),
	STRS(L64, "f3 a7", CMPS, 0xa7, "cmpsd", 4, 8, sDS, 0),
	STRS(L64, "f2 48 a7", CMPS, 0xa7, "cmpsq", 8, 8, sDS, 0),
	STRD(L64, "aa", STOS, 0xaa, "stosb", 1, 8),
	STRD(L64, "f3 48 ab", STOS, 0xab, "stosq", 8, 8),
	STRD(L64, "66 ab", STOS, 0xab, "stosw", 2, 8),
	STRS(L64, "ac", LODS, 0xac, "lodsb", 1, 8, sDS, 0),
	STRS(L64, "48 ad", LODS, 0xad, "lodsq", 8, 8, sDS, 0),
	STRS(L64, "65 ad", LODS, 0xad, "lodsd", 4, 8, sGS, 1),
	STRD(L64, "ae", SCAS, 0xae, "scasb", 1, 8),
	STRD(L64, "f2 af", SCAS, 0xaf, "scasd", 4, 8),
	STRD(L64, "f3 66 af", SCAS, 0xaf, "scasw", 2, 8),
	STRD(L64, "6c", INS, 0x6c, "insb", 1, 8),
	STRD(L64, "6d", INS, 0x6d, "insd", 4, 8),
	STRD(L64, "66 6d", INS, 0x6d, "insw", 2, 8),
	STRD(L64, "f3 67 6c", INS, 0x6c, "insb", 1, 4),
	STRS(L64, "6e", OUTS, 0x6e, "outsb", 1, 8, sDS, 0),
	STRS(L64, "f3 6f", OUTS, 0x6f, "outsd", 4, 8, sDS, 0),
	STRS(L64, "66 6f", OUTS, 0x6f, "outsw", 2, 8, sDS, 0),
	STRS(L64, "64 6e", OUTS, 0x6e, "outsb", 1, 8, sFS, 1),
	/* 32-bit */
	STRS(P32, "a4", MOVS, 0xa4, "movsb", 1, 4, sDS, 0),
	STRS(P32, "a5", MOVS, 0xa5, "movsd", 4, 4, sDS, 0),
	STRS(P32, "66 a5", MOVS, 0xa5, "movsw", 2, 4, sDS, 0),
	STRS(P32, "67 a5", MOVS, 0xa5, "movsd", 4, 2, sDS, 0),
	STRS(P32, "26 a4", MOVS, 0xa4, "movsb", 1, 4, sES, 1),
	STRS(P32, "2e f3 a5", MOVS, 0xa5, "movsd", 4, 4, sCS, 1),
	STRS(C32, "36 a5", MOVS, 0xa5, "movsd", 4, 4, sSS, 1),
	STRS(C32, "f3 a6", CMPS, 0xa6, "cmpsb", 1, 4, sDS, 0),
	STRS(P32, "f2 66 a7", CMPS, 0xa7, "cmpsw", 2, 4, sDS, 0),
	STRD(P32, "f3 ab", STOS, 0xab, "stosd", 4, 4),
	STRD(C32, "aa", STOS, 0xaa, "stosb", 1, 4),
	STRS(P32, "ad", LODS, 0xad, "lodsd", 4, 4, sDS, 0),
	STRS(P32, "64 66 ad", LODS, 0xad, "lodsw", 2, 4, sFS, 1),
	STRD(P32, "f2 ae", SCAS, 0xae, "scasb", 1, 4),
	STRD(P32, "f3 6d", INS, 0x6d, "insd", 4, 4),
	STRD(C32, "66 6d", INS, 0x6d, "insw", 2, 4),
	STRS(P32, "f3 6e", OUTS, 0x6e, "outsb", 1, 4, sDS, 0),
	STRS(P32, "26 6f", OUTS, 0x6f, "outsd", 4, 4, sES, 1),
	STRS(P32, "67 66 6f", OUTS, 0x6f, "outsw", 2, 2, sDS, 0),
	/* 16-bit */
	STRS(R16, "a4", MOVS, 0xa4, "movsb", 1, 2, sDS, 0),
	STRS(R16, "a5", MOVS, 0xa5, "movsw", 2, 2, sDS, 0),
	STRS(R16, "66 a5", MOVS, 0xa5, "movsd", 4, 2, sDS, 0),
	STRS(R16, "67 a5", MOVS, 0xa5, "movsw", 2, 4, sDS, 0),
	STRS(R16, "f3 26 a5", MOVS, 0xa5, "movsw", 2, 2, sES, 1),
	STRS(P16, "a7", CMPS, 0xa7, "cmpsw", 2, 2, sDS, 0),
	STRD(C16, "f3 ab", STOS, 0xab, "stosw", 2, 2),
	STRD(R16, "66 ab", STOS, 0xab, "stosd", 4, 2),
	STRS(P16, "ac", LODS, 0xac, "lodsb", 1, 2, sDS, 0),
	STRS(R16, "2e ad", LODS, 0xad, "lodsw", 2, 2, sCS, 1),
	STRD(R16, "f2 af", SCAS, 0xaf, "scasw", 2, 2),
	STRD(R16, "6d", INS, 0x6d, "insw", 2, 2),
	STRD(P16, "66 6d", INS, 0x6d, "insd", 4, 2),
	STRS(R16, "6f", OUTS, 0x6f, "outsw", 2, 2, sDS, 0),
	STRS(C16, "36 6e", OUTS, 0x6e, "outsb", 1, 2, sSS, 1),
};

Test(string, golden) { check_golden(rows, ARR(rows)); }

/* INS has no 64-bit form: REX.W leaves the element at 4 bytes */
Test(string, ins_rexw)
{
	struct vie v = DEC(L64, "48 6d");
	XEQ(vie_mem_size(&v), 4, "48 6d: mem_size %u", vie_mem_size(&v));
	XEQ(v.op.op_type, VIE_OP_TYPE_INS, "48 6d: op_type %u", v.op.op_type);
	v = DEC(L64, "48 6f");
	XEQ(vie_mem_size(&v), 4, "48 6f: mem_size %u", vie_mem_size(&v));
}

/* REP prefix flags: F3 -> repz_present, F2 -> repnz_present; with both,
 * the last one decides (rep_last) */
Test(string, rep_flags)
{
	static const struct {
		enum tmode m;
		const char *hex;
		int z, nz, last;
	} t[] = {
		{ L64, "a4", 0, 0, ANY },
		{ L64, "f3 a4", 1, 0, 1 },
		{ L64, "f2 a6", 0, 1, 0 },
		{ L64, "f3 a6", 1, 0, 1 },
		{ L64, "f2 f3 a6", 1, 1, 1 },
		{ L64, "f3 f2 a6", 1, 1, 0 },
		{ L64, "f3 48 ab", 1, 0, 1 },
		{ L64, "f3 67 6c", 1, 0, 1 },
		{ P32, "f2 ae", 0, 1, 0 },
		{ P32, "f3 f3 6e", 1, 0, 1 },
		{ R16, "f3 a5", 1, 0, 1 },
		{ C16, "f2 66 af", 0, 1, 0 },
	};
	for (size_t i = 0; i < ARR(t); i++) {
		struct vie v = DEC(t[i].m, t[i].hex);
		XEQ(v.repz_present, t[i].z, "[%s] %s: repz_present %u",
		    tmode_name(t[i].m), t[i].hex, v.repz_present);
		XEQ(v.repnz_present, t[i].nz, "[%s] %s: repnz_present %u",
		    tmode_name(t[i].m), t[i].hex, v.repnz_present);
		if (t[i].last != ANY)
			XEQ(v.rep_last, t[i].last, "[%s] %s: rep_last %u",
			    tmode_name(t[i].m), t[i].hex, v.rep_last);
		XEQ(v.op.op_flags & VIE_OP_F_STRING, VIE_OP_F_STRING,
		    "[%s] %s: VIE_OP_F_STRING missing", tmode_name(t[i].m), t[i].hex);
	}
}

static const struct gstatus bad[] = {
	/* LOCK on string instructions: #UD */
	S(L64, "f0 a4", VIE_INVALID),
	S(P32, "f0 f3 a5", VIE_INVALID),
	S(R16, "f0 aa", VIE_INVALID),
	S(L64, "f0 6c", VIE_INVALID),
	/* prefixes alone need the opcode */
	S(L64, "f3", VIE_TRUNCATED),
	S(L64, "f3 48", VIE_TRUNCATED),
	S(P32, "f2 66 67", VIE_TRUNCATED),
};

Test(string, invalid) { check_status(bad, ARR(bad)); }
