/*
 * decode_diff: vie_decode against Zydis 4.0 on three input sets.
 *
 *   decode_diff enum      systematic enumeration (family opcodes x every
 *                         ModRM x SIB/disp/imm x prefixes x modes, plus every
 *                         opcode of every map as neighbours, VEX variants,
 *                         the 15-byte limit, truncations)
 *   decode_diff random N  N biased random byte strings per mode, fixed seed
 *                         (env VIE_DIFF_RANDOM overrides N, VIE_DIFF_SEED the seed)
 *   decode_diff elf       memory-operand instructions of Debian binaries:
 *                         x86-64 ones in 64-bit mode, i386 ones (libc6-i386)
 *                         in prot32 and compat32 (env VIE_DIFF_ELF_FILES
 *                         per kind, VIE_DIFF_ELF_BYTES per section)
 *
 * Prints per-mode and per-family counts and the completeness figure; every
 * disagreement (capped, env VIE_DIFF_PRINT overall, VIE_DIFF_PRINT_FIELD per field) with bytes, mode, field, vie's
 * and Zydis's values.  Exits 1 on any disagreement or if nothing was
 * compared.
 */
#define _GNU_SOURCE
#include "oracle.h"
#include "elftext.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- statistics ---------------------------------------------------- */

#define MAX_FIELDS 64

struct stats {
	const char *set;
	uint64_t cases[DD_NMODES];
	uint64_t zok[DD_NMODES];
	uint64_t infam[DD_NMODES], infam_ok[DD_NMODES];
	uint64_t compared[DD_NMODES][DF_COUNT + 1]; /* last column: outside the filter */
	uint64_t rejects[DD_NMODES], unsupp[DD_NMODES];
	uint64_t disagree[DD_NMODES];
	const char *fname[MAX_FIELDS];
	uint64_t fcount[MAX_FIELDS];
	unsigned fprinted[MAX_FIELDS];
	unsigned nfields;
	unsigned printed, print_cap, per_field_cap;
	unsigned extra_printed;
	char extra_seen[16][24];
};

static struct dd_oracle oracle;

static uint64_t
env_u64(const char *name, uint64_t def)
{
	const char *s = getenv(name);
	if (s == NULL || *s == '\0')
		return def;
	return strtoull(s, NULL, 0);
}

static void
stats_init(struct stats *s, const char *set)
{
	memset(s, 0, sizeof(*s));
	s->set = set;
	s->print_cap = (unsigned)env_u64("VIE_DIFF_PRINT", 200);
	s->per_field_cap = (unsigned)env_u64("VIE_DIFF_PRINT_FIELD", 12);
}

static enum dd_outcome
check(struct stats *s, enum dd_mode m, const uint8_t *b, size_t n, struct dd_result *r)
{
	enum dd_outcome oc = dd_check(&oracle, m, b, n, r);
	s->cases[m]++;
	if (r->zlen)
		s->zok[m]++;
	if (r->in_family) {
		s->infam[m]++;
		if (r->vie_status == VIE_OK)
			s->infam_ok[m]++;
	}
	switch (oc) {
	case DD_AGREE_OK:
		s->compared[m][r->family >= 0 ? r->family : DF_COUNT]++;
		int seen = 0;
		for (unsigned k = 0; r->extra && k < s->extra_printed; k++)
			seen |= strcmp(s->extra_seen[k], r->mnemonic) == 0;
		if (r->extra && !seen && s->extra_printed < 16) {
			/* Not an error: vie decodes more than the issue asks,
			 * and the fields agree.  Shown so the filter can be
			 * reviewed. */
			char hex[64];
			dd_hex(b, r->zlen, hex, sizeof(hex));
			printf("note [%s] mode %s: vie decodes out-of-family %s (%s), fields agree\n",
			    s->set, dd_modes[m].name, hex, r->mnemonic);
			snprintf(s->extra_seen[s->extra_printed], sizeof(s->extra_seen[0]), "%s",
			    r->mnemonic);
			s->extra_printed++;
		}
		break;
	case DD_AGREE_REJECT: s->rejects[m]++; break;
	case DD_VIE_UNSUPP: s->unsupp[m]++; break;
	case DD_DISAGREE: {
		s->disagree[m]++;
		unsigned f;
		for (f = 0; f < s->nfields; f++)
			if (strcmp(s->fname[f], r->field) == 0)
				break;
		if (f == s->nfields && f < MAX_FIELDS) {
			s->fname[f] = r->field;
			s->nfields++;
		}
		if (f < MAX_FIELDS) {
			s->fcount[f]++;
			if (s->printed < s->print_cap && s->fprinted[f] < s->per_field_cap) {
				char hex[200];
				dd_hex(b, n, hex, sizeof(hex));
				printf("DISAGREE [%s] mode %-8s bytes %-44s field %-28s vie %-24s zydis %s%s%s\n",
				    s->set, dd_modes[m].name, hex, r->field, r->vie_val, r->zy_val,
				    r->mnemonic[0] ? "  # " : "", r->mnemonic);
				s->printed++;
				s->fprinted[f]++;
			}
		}
		break;
	}
	}
	return oc;
}

/* Check an input and, when Zydis found an in-family instruction, also its
 * exact length (vie must not read further) and every shorter prefix of
 * the last two bytes (vie must say TRUNCATED). */
static void
check_with_truncations(struct stats *s, enum dd_mode m, const uint8_t *b, size_t n)
{
	struct dd_result r;
	check(s, m, b, n, &r);
	if (!r.in_family || r.zlen == 0)
		return;
	if (r.zlen < n)
		check(s, m, b, r.zlen, &r);
	if (r.zlen >= 2)
		check(s, m, b, r.zlen - 1, &r);
}

static int
report(const struct stats *s)
{
	uint64_t tot_cmp = 0, tot_dis = 0, tot_inf = 0, tot_inf_ok = 0, tot_cases = 0;
	printf("\n== %s: per mode ==\n", s->set);
	printf("%-9s %11s %11s %11s %11s %9s %11s %11s %8s\n", "mode", "cases", "zydis-ok",
	    "compared", "in-family", "complete", "vie-unsupp", "both-rej", "disagree");
	for (int m = 0; m < DD_NMODES; m++) {
		uint64_t c = 0;
		for (int f = 0; f <= DF_COUNT; f++)
			c += s->compared[m][f];
		char pct[16] = "      n/a"; /* no in-family instruction in this mode */
		if (s->infam[m])
			snprintf(pct, sizeof(pct), "%8.4f%%",
			    100.0 * (double)s->infam_ok[m] / (double)s->infam[m]);
		printf("%-9s %11" PRIu64 " %11" PRIu64 " %11" PRIu64 " %11" PRIu64 " %s %11" PRIu64
		    " %11" PRIu64 " %8" PRIu64 "\n", dd_modes[m].name, s->cases[m], s->zok[m], c,
		    s->infam[m], pct, s->unsupp[m], s->rejects[m], s->disagree[m]);
		tot_cmp += c;
		tot_dis += s->disagree[m];
		tot_inf += s->infam[m];
		tot_inf_ok += s->infam_ok[m];
		tot_cases += s->cases[m];
	}
	printf("\n== %s: instructions compared (both decoded, all fields checked) per family ==\n",
	    s->set);
	printf("%-16s", "family");
	for (int m = 0; m < DD_NMODES; m++)
		printf(" %10s", dd_modes[m].name);
	printf("\n");
	for (int f = 0; f <= DF_COUNT; f++) {
		printf("%-16s", f < DF_COUNT ? dd_family_names[f] : "(outside filter)");
		for (int m = 0; m < DD_NMODES; m++)
			printf(" %10" PRIu64, s->compared[m][f]);
		printf("\n");
	}
	if (s->nfields) {
		printf("\n== %s: disagreements by field ==\n", s->set);
		for (unsigned f = 0; f < s->nfields; f++)
			printf("  %-44s %10" PRIu64 "\n", s->fname[f], s->fcount[f]);
	}
	double pct = tot_inf ? 100.0 * (double)tot_inf_ok / (double)tot_inf : 0.0;
	printf("\n%s: %" PRIu64 " cases, %" PRIu64 " compared, completeness %" PRIu64 "/%" PRIu64
	    " = %.4f%%, %" PRIu64 " disagreements\n", s->set, tot_cases, tot_cmp, tot_inf_ok, tot_inf,
	    pct, tot_dis);
	if (tot_cmp == 0 || tot_inf == 0) {
		printf("FAIL: %s compared nothing\n", s->set);
		return 1;
	}
	return tot_dis != 0;
}

/* ---- input building ------------------------------------------------ */

struct tmpl {
	uint8_t map; /* 0: one byte, 1: 0F, 2: 0F 38, 3: 0F 3A */
	uint8_t op;
	uint8_t modrm; /* has a ModRM byte */
};

static struct tmpl legacy_t[160];
static unsigned nlegacy;
static struct tmpl vex_t[16];
static unsigned nvex;

static void
add_t(struct tmpl *t, unsigned *n, unsigned max, unsigned map, unsigned op, int modrm)
{
	if (*n < max)
		t[(*n)++] = (struct tmpl){(uint8_t)map, (uint8_t)op, (uint8_t)modrm};
}

/* Opcodes of the families (the family filter decides the rest). */
static void
build_templates(void)
{
	for (unsigned op = 0; op < 0x40; op++)
		if ((op & 7) < 4)
			add_t(legacy_t, &nlegacy, 160, 0, op, 1);
	static const uint8_t m0[] = {0x63, 0x69, 0x6b, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86,
	    0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8f, 0xc0, 0xc1, 0xc6, 0xc7, 0xd0, 0xd1, 0xd2,
	    0xd3, 0xf6, 0xf7, 0xfe, 0xff};
	for (size_t i = 0; i < sizeof(m0); i++)
		add_t(legacy_t, &nlegacy, 160, 0, m0[i], 1);
	static const uint8_t m0n[] = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xaa, 0xab,
	    0xac, 0xad, 0xae, 0xaf, 0x6c, 0x6d, 0x6e, 0x6f};
	for (size_t i = 0; i < sizeof(m0n); i++)
		add_t(legacy_t, &nlegacy, 160, 0, m0n[i], 0);
	static const uint8_t m1[] = {0x10, 0x11, 0x28, 0x29, 0x2b, 0x6e, 0x6f, 0x7e, 0x7f, 0xa3,
	    0xab, 0xae, 0xaf, 0xb0, 0xb1, 0xb3, 0xb6, 0xb7, 0xba, 0xbb, 0xbe, 0xbf, 0xc0, 0xc1,
	    0xc3, 0xc7, 0xd6, 0xe7};
	for (size_t i = 0; i < sizeof(m1); i++)
		add_t(legacy_t, &nlegacy, 160, 1, m1[i], 1);
	for (unsigned op = 0x40; op < 0x50; op++)
		add_t(legacy_t, &nlegacy, 160, 1, op, 1);
	for (unsigned op = 0x90; op < 0xa0; op++)
		add_t(legacy_t, &nlegacy, 160, 1, op, 1);
	add_t(legacy_t, &nlegacy, 160, 2, 0x2a, 1);
	add_t(legacy_t, &nlegacy, 160, 2, 0xf0, 1);
	add_t(legacy_t, &nlegacy, 160, 2, 0xf1, 1);

	static const uint8_t v1[] = {0x10, 0x11, 0x28, 0x29, 0x2b, 0x6e, 0x6f, 0x7e, 0x7f, 0xd6, 0xe7};
	for (size_t i = 0; i < sizeof(v1); i++)
		add_t(vex_t, &nvex, 16, 1, v1[i], 1);
	add_t(vex_t, &nvex, 16, 2, 0x2a, 1);
	add_t(vex_t, &nvex, 16, 2, 0xf7, 1);
}

struct pfx {
	uint8_t n;
	uint8_t b[4];
	uint8_t only64; /* REX bytes */
};

static const struct pfx pfx_all[] = {
	{0, {0}, 0}, {1, {0x66}, 0}, {1, {0x67}, 0}, {2, {0x66, 0x67}, 0}, {1, {0xf0}, 0},
	{1, {0xf2}, 0}, {1, {0xf3}, 0}, {2, {0x66, 0xf2}, 0}, {2, {0x66, 0xf3}, 0},
	{2, {0xf3, 0x66}, 0}, {2, {0xf2, 0xf3}, 0}, {2, {0xf3, 0xf2}, 0}, {2, {0xf0, 0x66}, 0},
	{2, {0xf2, 0xf0}, 0}, {1, {0x26}, 0}, {1, {0x2e}, 0}, {1, {0x36}, 0}, {1, {0x3e}, 0},
	{1, {0x64}, 0}, {1, {0x65}, 0}, {2, {0x64, 0x3e}, 0}, {2, {0x3e, 0x64}, 0},
	{2, {0x2e, 0x67}, 0}, {3, {0xf0, 0x65, 0x67}, 0},
	/* REX: plain, with W/R/X/B, not last (ignored), twice (last counts) */
	{1, {0x40}, 1}, {1, {0x41}, 1}, {1, {0x42}, 1}, {1, {0x44}, 1}, {1, {0x48}, 1},
	{1, {0x4f}, 1}, {2, {0x48, 0x66}, 1}, {2, {0x66, 0x48}, 1}, {2, {0x66, 0x4c}, 1},
	{2, {0xf0, 0x48}, 1}, {2, {0x48, 0xf0}, 1}, {2, {0x41, 0x48}, 1}, {2, {0x67, 0x48}, 1},
	{2, {0xf3, 0x48}, 1}, {2, {0x64, 0x41}, 1}, {2, {0x65, 0x4b}, 1}, {2, {0x4d, 0x3e}, 1},
};
#define NPFX (sizeof(pfx_all) / sizeof(pfx_all[0]))

/* Representative SIB bytes: no index, index with each scale, base 5. */
static const uint8_t sibs[] = {0x24, 0x25, 0x00, 0x4c, 0x65, 0xa3, 0xdd, 0xf5};

/* Tails after ModRM/SIB: displacement and immediate bytes of both signs. */
static const uint8_t tails[3][14] = {
	{0x78, 0x56, 0x34, 0x12, 0xf0, 0xde, 0xbc, 0x9a, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66},
	{0x80, 0xff, 0xff, 0xff, 0x80, 0x00, 0x00, 0x80, 0xff, 0x7f, 0x01, 0x02, 0x03, 0x04},
	{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x00, 0x00, 0x00, 0x00},
};

static size_t
put_map(uint8_t *b, size_t n, unsigned map)
{
	if (map >= 1)
		b[n++] = 0x0f;
	if (map == 2)
		b[n++] = 0x38;
	if (map == 3)
		b[n++] = 0x3a;
	return n;
}

/* One opcode with every ModRM (and SIB variants) after prefix bytes p. */
static void
sweep_modrm(struct stats *s, enum dd_mode m, const uint8_t *p, size_t pn, unsigned map,
    unsigned op, int has_modrm, int all_tails, int modrm_stride)
{
	uint8_t b[48];
	size_t n = 0;
	memcpy(b, p, pn);
	n = put_map(b, pn, map);
	b[n++] = (uint8_t)op;
	if (!has_modrm) {
		for (int t = 0; t < 3; t++) {
			memcpy(b + n, tails[t], 14);
			check_with_truncations(s, m, b, n + 14);
		}
		return;
	}
	for (unsigned modrm = 0; modrm < 256; modrm += (unsigned)modrm_stride) {
		b[n] = (uint8_t)modrm;
		int t0 = all_tails ? 0 : (int)(modrm % 3), t1 = all_tails ? 3 : t0 + 1;
		int has_sib = (modrm & 7) == 4 && (modrm >> 6) != 3;
		size_t nsib = has_sib ? sizeof(sibs) : 1;
		for (size_t si = 0; si < nsib; si++) {
			size_t k = n + 1;
			if (has_sib)
				b[k++] = sibs[si];
			for (int t = t0; t < t1; t++) {
				memcpy(b + k, tails[t], 14);
				check_with_truncations(s, m, b, k + 14);
			}
		}
	}
}

/* VEX prefix bytes for map (1: 0F, 2: 0F38, 3: 0F3A). */
static size_t
put_vex(uint8_t *b, int c5, unsigned R, unsigned X, unsigned B, unsigned map, unsigned W,
    unsigned vvvv, unsigned L, unsigned pp)
{
	if (c5) {
		b[0] = 0xc5;
		b[1] = (uint8_t)((!R) << 7 | ((~vvvv) & 15) << 3 | L << 2 | pp);
		return 2;
	}
	b[0] = 0xc4;
	b[1] = (uint8_t)((!R) << 7 | (!X) << 6 | (!B) << 5 | map);
	b[2] = (uint8_t)(W << 7 | ((~vvvv) & 15) << 3 | L << 2 | pp);
	return 3;
}

static void
enum_vex(struct stats *s, enum dd_mode m)
{
	static const struct pfx vpfx[] = {
		{0, {0}, 0}, {1, {0x66}, 0}, {1, {0xf3}, 0}, {1, {0xf0}, 0}, {1, {0x67}, 0},
		{1, {0x64}, 0}, {1, {0x2e}, 0}, {1, {0x48}, 1},
	};
	uint8_t b[48];
	for (unsigned t = 0; t < nvex; t++) {
		for (size_t pi = 0; pi < sizeof(vpfx) / sizeof(vpfx[0]); pi++) {
			if (vpfx[pi].only64 && m != DD_LONG64)
				continue;
			/* Full ModRM sweep over pp x L x W x form with plain
			 * prefixes, a lighter one for the unusual prefixes. */
			int stride = pi == 0 ? 1 : 7;
			for (unsigned pp = 0; pp < 4; pp++)
				for (unsigned L = 0; L < 2; L++)
					for (unsigned W = 0; W < 2; W++)
						for (int c5 = 0; c5 < 2; c5++) {
							if (c5 && (W || vex_t[t].map != 1))
								continue;
							unsigned rxb = m == DD_LONG64 ? (pp ^ L ^ W) & 1 : 0;
							size_t n = vpfx[pi].n;
							memcpy(b, vpfx[pi].b, n);
							n += put_vex(b + n, c5, rxb, rxb, rxb, vex_t[t].map, W,
							    0, L, pp);
							sweep_modrm(s, m, b, n, 0, vex_t[t].op, 1, 0, stride);
						}
		}
		/* Every value of the VEX payload bytes, with a few ModRMs. */
		static const uint8_t modrms[] = {0x00, 0x05, 0x44, 0xc1, 0x9c, 0x3f};
		for (unsigned v1 = 0; v1 < 256; v1++) {
			for (size_t k = 0; k < sizeof(modrms); k++) {
				size_t n = 0;
				b[n++] = 0xc5;
				b[n++] = (uint8_t)v1;
				if (vex_t[t].map != 1)
					break; /* C5 only reaches map 0F */
				b[n++] = vex_t[t].op;
				b[n++] = modrms[k];
				if (modrms[k] == 0x44 || modrms[k] == 0x9c)
					b[n++] = 0x24;
				memcpy(b + n, tails[k % 3], 14);
				check_with_truncations(s, m, b, n + 14);
			}
			for (unsigned v2 = 0; v2 < 256; v2 += 5) {
				size_t n = 0;
				b[n++] = 0xc4;
				b[n++] = (uint8_t)((v1 & 0xe0) | vex_t[t].map);
				if ((v1 & 0x1f) == 0x1f) /* sometimes an invalid map */
					b[n - 1] = (uint8_t)v1;
				b[n++] = (uint8_t)(v2 ^ (v1 & 0x1f) << 3);
				b[n++] = vex_t[t].op;
				b[n++] = modrms[v1 % sizeof(modrms)];
				memcpy(b + n, tails[v2 % 3], 14);
				check_with_truncations(s, m, b, n + 14);
			}
		}
	}
}

static void
enum_mode(struct stats *s, enum dd_mode m)
{
	/* (1) family opcodes x every ModRM x SIB x prefixes */
	for (size_t pi = 0; pi < NPFX; pi++) {
		if (pfx_all[pi].only64 && m != DD_LONG64)
			continue;
		for (unsigned t = 0; t < nlegacy; t++)
			sweep_modrm(s, m, pfx_all[pi].b, pfx_all[pi].n, legacy_t[t].map, legacy_t[t].op,
			    legacy_t[t].modrm, pi == 0, 1);
	}
	/* (2) neighbours: every opcode of every map, so an in-family
	 * instruction this test's template list forgot still counts for
	 * completeness, and vie is seen rejecting the rest. */
	static const struct pfx npfx[] = {
		{0, {0}, 0}, {1, {0x66}, 0}, {1, {0xf3}, 0}, {1, {0xf2}, 0}, {1, {0x48}, 1},
	};
	for (unsigned map = 0; map < 4; map++)
		for (unsigned op = 0; op < 256; op++)
			for (size_t pi = 0; pi < sizeof(npfx) / sizeof(npfx[0]); pi++) {
				if (npfx[pi].only64 && m != DD_LONG64)
					continue;
				sweep_modrm(s, m, npfx[pi].b, npfx[pi].n, map, op, 1, 0, pi == 0 ? 1 : 3);
			}
	/* (3) VEX */
	enum_vex(s, m);
	/* (4) the 15-byte limit: k redundant prefixes before instructions of
	 * 1 to 10 bytes, whole and cut at every length. */
	static const struct {
		uint8_t n;
		uint8_t b[12];
	} longi[] = {
		{2, {0x8b, 0x00}},
		{7, {0x8b, 0x84, 0x24, 0x11, 0x22, 0x33, 0x44}},
		{10, {0xc7, 0x80, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}},
		{1, {0xa5}},
		{5, {0xc5, 0xfa, 0x6f, 0x44, 0x00}},
		{6, {0x87, 0xae, 0x35, 0x11, 0x22, 0x33}},
		{8, {0x0f, 0xba, 0xac, 0x24, 0x11, 0x22, 0x33, 0x44}},
		/* F6/F7: only /0 and /1 carry an immediate */
		{2, {0xf7, 0xd0}},
		{3, {0xf6, 0x00, 0x11}},
	};
	static const uint8_t fillers[] = {0x3e, 0x66, 0x2e, 0xf3, 0x67, 0xf2, 0x64};
	for (size_t i = 0; i < sizeof(longi) / sizeof(longi[0]); i++)
		for (size_t f = 0; f < sizeof(fillers); f++)
			for (unsigned k = 0; k <= 16; k++) {
				uint8_t b[40];
				memset(b, fillers[f], k);
				memcpy(b + k, longi[i].b, longi[i].n);
				memcpy(b + k + longi[i].n, tails[0], 14);
				check_with_truncations(s, m, b, k + longi[i].n + 14);
				/* every cut: once the known length passes 15
				 * bytes the answer is TOO_LONG, not TRUNCATED */
				for (size_t cut = 1; cut <= k + longi[i].n; cut++)
					check(s, m, b, cut, &(struct dd_result){0});
			}
}

/* ---- random -------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	/* xorshift64*: fixed seed, same sequence everywhere */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(2685821657736338717);
}

static void
random_mode(struct stats *s, enum dd_mode m, uint64_t count)
{
	static const uint8_t legacy_pfx[] = {0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36,
	    0x3e, 0x64, 0x65, 0x66, 0xf3, 0x66, 0x67};
	uint8_t b[32];
	for (uint64_t i = 0; i < count; i++) {
		uint64_t r = rnd();
		size_t n = 0;
		for (size_t k = 0; k < sizeof(b); k += 8) {
			uint64_t x = rnd();
			memcpy(b + k, &x, 8);
		}
		unsigned kind = (unsigned)(r % 100);
		r /= 100;
		if (kind >= 20) {
			/* structured: prefixes, REX, opcode of a family, random rest */
			uint8_t tail[32];
			memcpy(tail, b, sizeof(tail));
			unsigned np = (unsigned)(r % 7);
			r /= 7;
			np = np > 3 ? 0 : np;
			for (unsigned k = 0; k < np; k++) {
				b[n++] = legacy_pfx[r % sizeof(legacy_pfx)];
				r /= sizeof(legacy_pfx);
			}
			if (m == DD_LONG64 && r % 3 == 0) {
				b[n++] = (uint8_t)(0x40 | (r >> 2 & 15));
				if (r % 17 == 0)
					b[n++] = legacy_pfx[r % sizeof(legacy_pfx)]; /* REX not last */
			}
			r /= 64;
			if (kind < 35) {
				/* VEX */
				const struct tmpl *t = &vex_t[r % nvex];
				r /= nvex;
				if (t->map == 1 && r % 2) {
					b[n++] = 0xc5;
					b[n++] = tail[0];
				} else {
					b[n++] = 0xc4;
					b[n++] = (uint8_t)((tail[0] & 0xe0) | t->map);
					b[n++] = tail[1];
				}
				b[n++] = t->op;
			} else if (kind < 92) {
				const struct tmpl *t = &legacy_t[r % nlegacy];
				n = put_map(b, n, t->map);
				b[n++] = t->op;
			} else {
				/* any opcode of any map */
				n = put_map(b, n, (unsigned)(r % 4));
				b[n++] = (uint8_t)(r >> 8);
			}
			size_t k = sizeof(b) - n;
			if (k > sizeof(tail) - 2)
				k = sizeof(tail) - 2;
			memcpy(b + n, tail + 2, k);
		}
		size_t len = 15 + (size_t)(rnd() % 4);
		if (rnd() % 8 == 0)
			len = (size_t)(rnd() % 15);
		check_with_truncations(s, m, b, len);
	}
}

/* ---- real code ----------------------------------------------------- */

/* Walk the executable sections of 'want' files spread evenly over
 * paths[0..np) linearly with Zydis in 'walk_mode', and check every
 * instruction with a memory operand in each of modes[0..nmodes).
 * Returns the number of files used. */
static unsigned
elf_walk(struct stats *s, char **paths, unsigned np, unsigned want, unsigned bits,
    enum dd_mode walk_mode, const enum dd_mode *modes, unsigned nmodes, uint64_t *walked,
    uint64_t *insns)
{
	uint64_t max_bytes = env_u64("VIE_DIFF_ELF_BYTES", 1u << 20);
	/* Evenly spaced over the sorted list: many different packages. */
	unsigned step = np > want ? np / want : 1, used = 0;
	for (unsigned i = 0; i < np && used < want; i += step) {
		struct elftext et;
		if (elftext_load_bits(paths[i], &et, bits) != 0)
			continue;
		used++;
		for (unsigned sct = 0; sct < et.nsec; sct++) {
			const uint8_t *p = et.sec[sct].bytes;
			size_t len = et.sec[sct].len < max_bytes ? et.sec[sct].len : max_bytes;
			size_t off = 0;
			while (off < len) {
				ZydisDecodedInstruction in;
				ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
				size_t avail = len - off < 15 ? len - off : 15;
				if (!ZYAN_SUCCESS(ZydisDecoderDecodeFull(&oracle.dec[walk_mode], p + off,
				    avail, &in, ops))) {
					off++;
					continue;
				}
				(*walked)++;
				int has_mem = 0;
				for (unsigned k = 0; k < in.operand_count_visible; k++)
					if (ops[k].type == ZYDIS_OPERAND_TYPE_MEMORY &&
					    ops[k].mem.type == ZYDIS_MEMOP_TYPE_MEM)
						has_mem = 1;
				/* string instructions address memory implicitly */
				if (!has_mem && in.opcode_map == ZYDIS_OPCODE_MAP_DEFAULT &&
				    dd_family_of(&in, walk_mode) == DF_STRING)
					has_mem = 1;
				if (has_mem) {
					struct dd_result r;
					for (unsigned m = 0; m < nmodes; m++)
						check(s, modes[m], p + off, avail, &r);
					(*insns)++;
				}
				off += in.length;
			}
		}
		elftext_free(&et);
	}
	return used;
}

static int
elf_set(struct stats *s)
{
	unsigned want = (unsigned)env_u64("VIE_DIFF_ELF_FILES", 100);
	enum { MAXP = 20000 };
	char **paths = calloc(MAXP, sizeof(char *));
	int rc = 0;

	/* x86-64 code in 64-bit mode */
	unsigned np = elftext_find_system(paths, MAXP);
	uint64_t insns = 0, walked = 0;
	static const enum dd_mode m64[] = {DD_LONG64};
	unsigned used = elf_walk(s, paths, np, want, 64, DD_LONG64, m64, 1, &walked, &insns);
	printf("elf: %u x86-64 files (of %u found), %" PRIu64 " instructions walked, %" PRIu64
	    " with memory operands checked in 64-bit mode\n", used, np, walked, insns);
	if (used == 0) {
		printf("FAIL: no readable ELF64 x86-64 file in the Debian library folders\n");
		rc = 1;
	}
	for (unsigned i = 0; i < np; i++)
		free(paths[i]);

	/* i386 code (libc6-i386, which scripts/deps.sh installs) in 32-bit
	 * protected and compatibility mode */
	static const char *const dirs32[] = {"/lib32", "/usr/lib32"};
	np = elftext_find(dirs32, 2, 32, paths, MAXP);
	insns = walked = 0;
	static const enum dd_mode m32[] = {DD_PROT32, DD_COMPAT32};
	used = elf_walk(s, paths, np, want, 32, DD_PROT32, m32, 2, &walked, &insns);
	if (used == 0)
		printf("elf: no i386 ELF files in /lib32 or /usr/lib32 (Debian package libc6-i386): "
		    "the 32-bit real-code part is skipped\n");
	else
		printf("elf: %u i386 files (of %u found), %" PRIu64 " instructions walked, %" PRIu64
		    " with memory operands checked in prot32 and compat32 mode\n", used, np, walked,
		    insns);
	for (unsigned i = 0; i < np; i++)
		free(paths[i]);
	free(paths);
	return rc;
}

/* ---- main ---------------------------------------------------------- */

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		fprintf(stderr, "usage: decode_diff enum | random [N] | elf\n");
		return 2;
	}
	if (dd_oracle_init(&oracle) != 0) {
		fprintf(stderr, "decode_diff: Zydis or mmap initialisation failed\n");
		return 2;
	}
	build_templates();
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct stats *s = calloc(1, sizeof(*s));
	int rc = 0;
	if (strcmp(argv[1], "enum") == 0) {
		stats_init(s, "enum");
		for (int m = 0; m < DD_NMODES; m++)
			enum_mode(s, (enum dd_mode)m);
	} else if (strcmp(argv[1], "random") == 0) {
		stats_init(s, "random");
		uint64_t n = argc > 2 ? strtoull(argv[2], NULL, 0) : 1000000;
		n = env_u64("VIE_DIFF_RANDOM", n);
		uint64_t seed = env_u64("VIE_DIFF_SEED", UINT64_C(0x5eedf00dcafe1234));
		printf("random: %" PRIu64 " byte strings per mode, seed 0x%" PRIx64 "\n", n, seed);
		for (int m = 0; m < DD_NMODES; m++) {
			rng_state = seed ^ (uint64_t)(m + 1) * UINT64_C(0x9e3779b97f4a7c15);
			random_mode(s, (enum dd_mode)m, n);
		}
	} else if (strcmp(argv[1], "elf") == 0) {
		stats_init(s, "elf");
		rc |= elf_set(s);
	} else {
		fprintf(stderr, "decode_diff: unknown set '%s'\n", argv[1]);
		return 2;
	}
	rc |= report(s);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%s: %.1f s\n", s->set, (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	free(s);
	dd_oracle_fini(&oracle);
	return rc;
}
