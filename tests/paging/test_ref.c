/*
 * test_ref.c - random page tables checked against a second, deliberately
 * plain model of the SDM's walk (refmodel.c: one hand-written function per
 * paging mode, no tables, no shared code with src/paging/).
 *
 * The model reads the same guest RAM and writes its A/D updates to a log;
 * vie's updates come through the fixture's cmpxchg log.  For every case
 * the two must agree on the status, the physical address, the exception
 * (vector, error code, CR2) and the A/D updates (address, size, value, in
 * order).  This covers the combinations the hand-written unit tests do
 * not enumerate, including what Unicorn cannot check (PKS, SMAP on
 * implicit accesses, PDPTE reserved bits, PSE-36 below MAXPHYADDR 40).
 *
 * Cases: VIE_PAGING_REF_CASES (default 100000) with a fixed seed.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "pgtest.h"
#include "refmodel.h"

#define BIT(v, b) (((v) >> (b)) & 1)

TestSuite(ref, .init = pgt_reset);

/* ------------------------------------------------------------------ */
/* Random cases                                                        */

#define ARENA 0x10000u     /* tables live in the first 64 KiB */

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* 1 with probability n/d */
static int
chance(uint64_t *s, unsigned n, unsigned d)
{
	return rnd(s) % d < n;
}

/* Random flags for an entry: mostly present, any R/W U/S A D XD, keys. */
static uint64_t
rnd_flags(uint64_t *s, int esize8)
{
	uint64_t f = 0;
	if (!chance(s, 1, 25))
		f |= P;
	if (!chance(s, 1, 6))
		f |= RW;
	if (!chance(s, 1, 4))
		f |= US;
	if (chance(s, 1, 2))
		f |= ACC;
	if (chance(s, 1, 3))
		f |= DRT;
	f |= rnd(s) & 0x18; /* PWT PCD */
	if (esize8) {
		if (chance(s, 1, 6))
			f |= XD;
		f |= (rnd(s) & 0xf) << 59; /* key / ignored */
		if (chance(s, 1, 20))
			f |= 1ull << (12 + rnd(s) % 40); /* maybe reserved */
	} else if (chance(s, 1, 20)) {
		f |= 1ull << (13 + rnd(s) % 9);
	}
	return f;
}

/* Next table page for the generator: usually fresh, sometimes an
 * existing one (self-reference), sometimes outside RAM. */
static uint64_t
rnd_table(uint64_t *s, unsigned *next)
{
	if (chance(s, 1, 30))
		return 0x1000ull * (1 + rnd(s) % (*next - 1)); /* reuse */
	if (chance(s, 1, 40))
		return 0x7fff000ull; /* not RAM */
	uint64_t t = 0x1000ull * (*next);
	if (*next < ARENA / 0x1000 - 1)
		(*next)++;
	return t;
}

static void
gen_case(uint64_t *s, struct vie_paging_state *st, uint64_t *gla, unsigned *acc)
{
	memset(G->ram, 0, ARENA);
	memset(st, 0, sizeof(*st));
	unsigned mode = (unsigned)(rnd(s) % 5);
	st->cr0 = 0x11 | (mode ? VIE_CR0_PG : 0) | (chance(s, 3, 4) ? VIE_CR0_WP : 0);
	st->cr3 = 0x1000 | (rnd(s) & 0xfe0 & (mode == 2 ? ~0ull : 0));
	st->cr4 = (chance(s, 1, 2) ? VIE_CR4_PSE : 0) | (chance(s, 1, 3) ? VIE_CR4_SMEP : 0) |
	    (chance(s, 1, 3) ? VIE_CR4_SMAP : 0) | (chance(s, 1, 3) ? VIE_CR4_PKE : 0) |
	    (chance(s, 1, 3) ? VIE_CR4_PKS : 0);
	if (mode >= 2)
		st->cr4 |= VIE_CR4_PAE;
	if (mode == 4)
		st->cr4 |= VIE_CR4_LA57;
	st->efer = chance(s, 2, 3) ? VIE_EFER_NXE : 0;
	if (mode >= 3)
		st->efer |= VIE_EFER_LME | VIE_EFER_LMA;
	st->rflags = chance(s, 1, 2) ? VIE_RFLAGS_AC : 0;
	st->cpl = (uint8_t)(chance(s, 1, 2) ? 3 : rnd(s) % 3);
	st->pkru = chance(s, 1, 2) ? (uint32_t)rnd(s) : 0;
	st->pkrs = chance(s, 1, 2) ? (uint32_t)rnd(s) : 0;
	static const uint8_t mx[] = { 0, 36, 39, 40, 46, 52 };
	st->maxphyaddr = mx[rnd(s) % 6];
	st->flags = chance(s, 3, 4) ? VIE_PG_1G : 0;

	static const unsigned kinds[] = { VIE_ACC_READ, VIE_ACC_WRITE, VIE_ACC_FETCH };
	*acc = kinds[rnd(s) % 3] | (chance(s, 1, 5) ? VIE_ACC_IMPLICIT : 0) |
	    (chance(s, 1, 8) ? VIE_ACC_STACK : 0) | (chance(s, 1, 8) ? VIE_ACC_NOFAULT : 0);

	uint64_t la = rnd(s);
	if (mode >= 3 && !chance(s, 1, 50)) {
		unsigned top = mode == 4 ? 56 : 47;
		la = (uint64_t)((int64_t)(la << (63 - top)) >> (63 - top));
	}
	*gla = la;
	unsigned next = 2; /* page 1 is CR3's table */

	/* Lay the path of gla with random entries. */
	if (mode == 1) {
		uint64_t pde_at = 0x1000 + ((la >> 22) & 0x3ff) * 4;
		uint64_t f = rnd_flags(s, 0);
		if (chance(s, 1, 3))
			f |= PS;
		uint64_t t = rnd_table(s, &next);
		if (f & PS)
			t = (rnd(s) & 0xffc00000u) | ((rnd(s) & 0xff) << 13);
		put32(pde_at, (uint32_t)(t | f));
		if (!(f & PS) && t < ARENA) {
			uint64_t pte_at = t + ((la >> 12) & 0x3ff) * 4;
			put32(pte_at, (uint32_t)((rnd(s) & 0xfffff000u) | rnd_flags(s, 0)));
		}
	} else if (mode >= 2) {
		uint64_t table = st->cr3 & (mode == 2 ? 0xffffffe0u : 0xfffff000u);
		if (mode == 2) {
			uint64_t at = table + ((la >> 30) & 3) * 8;
			uint64_t pd = rnd_table(s, &next);
			uint64_t f = chance(s, 1, 20) ? P : (P | (rnd(s) & 0x1e6) * chance(s, 1, 10));
			if (chance(s, 1, 30))
				f = 0;
			put64(at, pd | f);
			if (chance(s, 1, 8)) {
				st->flags |= VIE_PG_PDPTES;
				st->pdpte[(la >> 30) & 3] = pd | P;
			}
			table = pd;
		}
		int levels = mode == 2 ? 2 : mode == 3 ? 4 : 5;
		for (int l = levels; l >= 1 && table < ARENA; l--) {
			unsigned shift = 12 + 9 * (unsigned)(l - 1);
			uint64_t at = table + ((la >> shift) & 511) * 8;
			uint64_t f = rnd_flags(s, 1);
			int big = (l == 2 || l == 3) && chance(s, 1, 4);
			if (l >= 4 && chance(s, 1, 40))
				big = 1; /* PS where it is reserved */
			uint64_t t;
			if (big || l == 1) {
				f |= big ? PS : 0;
				t = (rnd(s) & 0x000ffffffffff000ull) & ~((1ull << (big ? shift : 12)) - 1);
				if (big && chance(s, 1, 10))
					t |= 1ull << (13 + rnd(s) % (shift - 13)); /* low reserved */
				put64(at, t | f);
				break;
			}
			t = rnd_table(s, &next);
			put64(at, t | f);
			table = t;
		}
	}
}

static int
ref_cases(void)
{
	const char *e = getenv("VIE_PAGING_REF_CASES");
	return e != NULL ? atoi(e) : 100000;
}

Test(ref, random_tables_agree_with_the_model, .timeout = 120)
{
	uint64_t seed = 0x5eed0f0a9e5ull;
	unsigned n = (unsigned)ref_cases();
	unsigned by_status[VIE_STATUS_COUNT] = { 0 }, pf_bits[6] = { 0 };
	uint8_t *mram = malloc(ARENA);
	cr_assert_not_null(mram);
	G->ram_limit = ARENA; /* vie and the model see the same RAM */
	for (unsigned i = 0; i < n; i++) {
		struct vie_paging_state st;
		uint64_t gla;
		unsigned acc;
		gen_case(&seed, &st, &gla, &acc);

		struct model m;
		memcpy(mram, G->ram, ARENA);
		model_translate(&m, mram, ARENA, &st, gla, acc);

		G->nlog = 0;
		uint64_t gpa = 0;
		struct vie_exception exc;
		memset(&exc, 0, sizeof(exc));
		int r = vie_gla2gpa(&st, &pgt_ops, G, gla, acc, &gpa, &exc);
		cr_assert_eq(r, m.status, "case %u: vie %s, model %s (mode %d gla 0x%llx acc 0x%x)",
		    i, vie_status_name(r), vie_status_name(m.status), vie_paging_mode_of(&st),
		    (unsigned long long)gla, acc);
		by_status[r]++;
		if (r == VIE_OK)
			cr_assert_eq(gpa, m.gpa, "case %u: gpa 0x%llx, model 0x%llx", i,
			    (unsigned long long)gpa, (unsigned long long)m.gpa);
		if (r == VIE_EXCEPTION) {
			cr_assert_eq(exc.vector, m.vector, "case %u: vector", i);
			cr_assert_eq(exc.errcode, m.err, "case %u: errcode 0x%x, model 0x%x (mode %d acc 0x%x cpl %u)",
			    i, exc.errcode, m.err, vie_paging_mode_of(&st), acc, st.cpl);
			cr_assert_eq(exc.cr2, m.cr2, "case %u: cr2", i);
			for (unsigned b = 0; b < 6; b++)
				pf_bits[b] += exc.vector == 14 && BIT(exc.errcode, b);
		}
		cr_assert_eq(G->nlog, m.nlog, "case %u: %u A/D updates, model %u", i, G->nlog, m.nlog);
		for (unsigned j = 0; j < m.nlog; j++) {
			cr_assert_eq(G->log[j].gpa, m.log[j].gpa, "case %u update %u gpa", i, j);
			cr_assert_eq(G->log[j].size, m.log[j].size, "case %u update %u size", i, j);
			cr_assert_eq(G->log[j].value, m.log[j].value, "case %u update %u value", i, j);
		}
	}
	free(mram);
	cr_log_info("%u cases: ok %u, exception %u, callback %u; #PF bits P %u W %u U %u "
	    "RSVD %u I/D %u PK %u", n, by_status[VIE_OK], by_status[VIE_EXCEPTION],
	    by_status[VIE_CALLBACK], pf_bits[0], pf_bits[1], pf_bits[2], pf_bits[3],
	    pf_bits[4], pf_bits[5]);
	/* The generator must reach every outcome, or the comparison proves
	 * little. */
	if (n >= 10000) {
		cr_assert(by_status[VIE_OK] > n / 20 && by_status[VIE_CALLBACK] > 0);
		for (unsigned b = 0; b < 6; b++)
			cr_assert(pf_bits[b] > 0, "no #PF with error-code bit %u", b);
	}
}
