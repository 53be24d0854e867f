/*
 * test_ref.c - random page tables checked against a second, deliberately
 * plain model of the SDM's walk (one hand-written function per paging
 * mode, no tables, no shared code with src/paging/).
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

TestSuite(ref, .init = pgt_reset);

/* ------------------------------------------------------------------ */
/* The model                                                           */

struct model {
	uint8_t *ram;
	size_t size;
	const struct vie_paging_state *st;
	uint64_t gla;
	int write, fetch, implicit, stack, nofault;
	/* outputs */
	int status;
	uint64_t gpa;
	uint32_t err;
	uint8_t vector;
	uint64_t cr2;
	struct pgt_log log[16];
	unsigned nlog;
};

static int
m_read(struct model *m, uint64_t gpa, unsigned size, uint64_t *v)
{
	if (gpa >= m->size || size > m->size - gpa)
		return 0;
	*v = 0;
	memcpy(v, m->ram + gpa, size);
	return 1;
}

static void
m_write(struct model *m, uint64_t gpa, unsigned size, uint64_t v)
{
	if (m->nofault)
		return;
	memcpy(m->ram + gpa, &v, size);
	if (m->nlog < 16)
		m->log[m->nlog++] = (struct pgt_log){ gpa, size, v };
}

/* Bit b of v. */
#define BIT(v, b) (((v) >> (b)) & 1)

/* Any bit set in lo..hi (inclusive) of v. */
static int
any_bits(uint64_t v, unsigned lo, unsigned hi)
{
	for (unsigned b = lo; b <= hi; b++)
		if (BIT(v, b))
			return 1;
	return 0;
}

static void
m_pf(struct model *m, uint32_t why)
{
	int user = m->st->cpl == 3 && !m->implicit;
	m->status = VIE_EXCEPTION;
	m->vector = 14;
	m->err = why | (m->write ? 2u : 0) | (user ? 4u : 0);
	int pae = BIT(m->st->cr4, 5), nxe = BIT(m->st->efer, 11), smep = BIT(m->st->cr4, 20);
	if (m->fetch && (smep || (pae && nxe)))
		m->err |= 0x10;
	m->cr2 = m->gla;
}

/*
 * The leaf decision for a translation whose entries had R/W all-ones
 * 'rw', U/S all-ones 'us', some XD 'xd'; 'key' is the leaf's protection
 * key and 'ia32e' says whether keys exist.  Returns 0 if the access may
 * go on, else the P/PK part of the error code.
 */
static uint32_t
m_rights(struct model *m, int rw, int us, int xd, unsigned key, int ia32e)
{
	const struct vie_paging_state *st = m->st;
	int user = st->cpl == 3 && !m->implicit;
	int wp = BIT(st->cr0, 16), smep = BIT(st->cr4, 20), smap = BIT(st->cr4, 21);
	int ac = BIT(st->rflags, 18);
	int ok;

	if (user && !us)
		return 1; /* no key check for a supervisor page at CPL 3 */

	if (m->fetch) {
		if (user)
			ok = !xd;
		else
			ok = !xd && !(us && smep);
		return ok ? 0 : 1;
	}

	/* Data access.  Paging rights first... */
	if (user) {
		ok = m->write ? rw : 1;
	} else if (us) {
		int smap_blocks = smap && (m->implicit || !ac);
		ok = !smap_blocks && (!m->write || rw || !wp);
	} else {
		ok = !m->write || rw || !wp;
	}
	/* ...then keys, which report PK whatever the paging rights said. */
	if (ia32e) {
		int on = us ? BIT(st->cr4, 22) : BIT(st->cr4, 24);
		uint32_t reg = us ? st->pkru : st->pkrs;
		if (on) {
			int kad = BIT(reg, 2 * key), kwd = BIT(reg, 2 * key + 1);
			if (kad || (kwd && m->write && (user || wp)))
				return 0x21;
		}
	}
	return ok ? 0 : 1;
}

/* Finish at a leaf entry at 'addr' (size 'sz'): rights, then A/D. */
static void
m_leaf(struct model *m, uint64_t addr, unsigned sz, uint64_t e, uint64_t pa,
    int rw, int us, int xd, int ia32e)
{
	unsigned key = ia32e ? (unsigned)(e >> 59) & 15 : 0;
	uint32_t why = m_rights(m, rw, us, xd, key, ia32e);
	if (why) {
		m_pf(m, why);
		return;
	}
	uint64_t n = e | 0x20 | (m->write ? 0x40 : 0);
	if (n != e)
		m_write(m, addr, sz, n);
	m->status = VIE_OK;
	m->gpa = pa;
}

static void
m_walk32(struct model *m)
{
	const struct vie_paging_state *st = m->st;
	uint32_t la = (uint32_t)m->gla;
	uint64_t pde_at = (st->cr3 & 0xfffff000u) | ((la >> 22) << 2);
	uint64_t pde;
	if (!m_read(m, pde_at, 4, &pde)) {
		m->status = VIE_CALLBACK;
		return;
	}
	if (!BIT(pde, 0)) {
		m_pf(m, 0);
		return;
	}
	if (BIT(st->cr4, 4) && BIT(pde, 7)) {
		unsigned mx = st->maxphyaddr ? st->maxphyaddr : 52;
		if (mx > 40)
			mx = 40;
		/* bit 21 and PDE bits (M-19)..20 are reserved */
		if (BIT(pde, 21) || (mx < 40 && any_bits(pde, mx - 19, 20))) {
			m_pf(m, 9);
			return;
		}
		uint64_t pa = (pde & 0xffc00000u) + ((uint64_t)((pde >> 13) & 0xff) << 32) +
		    (la & 0x3fffff);
		m_leaf(m, pde_at, 4, pde, pa, BIT(pde, 1), BIT(pde, 2), 0, 0);
		return;
	}
	if (!BIT(pde, 5))
		m_write(m, pde_at, 4, pde | 0x20);
	uint64_t pte_at = (pde & 0xfffff000u) | (((la >> 12) & 0x3ff) << 2);
	uint64_t pte;
	if (!m_read(m, pte_at, 4, &pte)) {
		m->status = VIE_CALLBACK;
		return;
	}
	if (!BIT(pte, 0)) {
		m_pf(m, 0);
		return;
	}
	m_leaf(m, pte_at, 4, pte, (pte & 0xfffff000u) | (la & 0xfff),
	    BIT(pde, 1) & BIT(pte, 1), BIT(pde, 2) & BIT(pte, 2), 0, 0);
}

/* One 8-byte entry of PAE or IA-32e paging: fetch and basic checks.
 * Returns 1 to go on. */
static int
m_entry8(struct model *m, uint64_t at, uint64_t *e, uint64_t rsvd)
{
	if (!m_read(m, at, 8, e)) {
		m->status = VIE_CALLBACK;
		return 0;
	}
	if (!BIT(*e, 0)) {
		m_pf(m, 0);
		return 0;
	}
	if (*e & rsvd) {
		m_pf(m, 9);
		return 0;
	}
	return 1;
}

static uint64_t
addr_bits(uint64_t e, unsigned lo, unsigned mx)
{
	uint64_t v = 0;
	for (unsigned b = lo; b < mx; b++)
		v |= e & (1ull << b);
	return v;
}

static void
m_walk_pae(struct model *m)
{
	const struct vie_paging_state *st = m->st;
	unsigned mx = st->maxphyaddr ? st->maxphyaddr : 52;
	uint32_t la = (uint32_t)m->gla;
	unsigned i = la >> 30;
	uint64_t pdpte_at = (st->cr3 & 0xffffffe0u) + 8 * i, pdpte;
	if (BIT(st->flags, 1)) {
		pdpte = st->pdpte[i];
	} else if (!m_read(m, pdpte_at, 8, &pdpte)) {
		m->status = VIE_CALLBACK;
		return;
	}
	if (!BIT(pdpte, 0)) {
		m_pf(m, 0);
		return;
	}
	if (any_bits(pdpte, 1, 2) || any_bits(pdpte, 5, 8) || any_bits(pdpte, mx, 63)) {
		m_pf(m, 9);
		return;
	}
	int nxe = BIT(st->efer, 11);
	uint64_t rsvd = 0;
	for (unsigned b = mx; b <= 62; b++)
		rsvd |= 1ull << b;
	if (!nxe)
		rsvd |= 1ull << 63;
	uint64_t pde_at = addr_bits(pdpte, 12, mx) + 8 * ((la >> 21) & 511), pde;
	if (!m_entry8(m, pde_at, &pde, rsvd))
		return;
	if (BIT(pde, 7)) {
		if (any_bits(pde, 13, 20)) {
			m_pf(m, 9);
			return;
		}
		uint64_t pa = addr_bits(pde, 21, mx) | (la & 0x1fffff);
		m_leaf(m, pde_at, 8, pde, pa, BIT(pde, 1), BIT(pde, 2), nxe && BIT(pde, 63), 0);
		return;
	}
	if (!BIT(pde, 5))
		m_write(m, pde_at, 8, pde | 0x20);
	uint64_t pte_at = addr_bits(pde, 12, mx) + 8 * ((la >> 12) & 511), pte;
	if (!m_entry8(m, pte_at, &pte, rsvd))
		return;
	m_leaf(m, pte_at, 8, pte, addr_bits(pte, 12, mx) | (la & 0xfff),
	    BIT(pde, 1) & BIT(pte, 1), BIT(pde, 2) & BIT(pte, 2),
	    nxe && (BIT(pde, 63) | BIT(pte, 63)), 0);
}

static void
m_walk64(struct model *m, int levels)
{
	const struct vie_paging_state *st = m->st;
	unsigned mx = st->maxphyaddr ? st->maxphyaddr : 52;
	int nxe = BIT(st->efer, 11);
	uint64_t rsvd = 0;
	for (unsigned b = mx; b <= 51; b++)
		rsvd |= 1ull << b;
	if (!nxe)
		rsvd |= 1ull << 63;
	uint64_t table = addr_bits(st->cr3, 12, mx);
	int rw = 1, us = 1, xd = 0;
	/* level 5 = PML5 ... 1 = PT; shift = 12 + 9 * (level - 1) */
	for (int level = levels; level >= 1; level--) {
		unsigned shift = 12 + 9 * (unsigned)(level - 1);
		uint64_t at = table + 8 * ((m->gla >> shift) & 511), e;
		uint64_t r = rsvd;
		if (level >= 4)
			r |= 0x80; /* PS reserved in PML4E/PML5E */
		if (level == 3 && !BIT(st->flags, 0))
			r |= 0x80; /* no 1 GiB pages */
		if (!m_entry8(m, at, &e, r))
			return;
		rw &= (int)BIT(e, 1);
		us &= (int)BIT(e, 2);
		xd |= nxe && BIT(e, 63);
		int large = (level == 2 || level == 3) && BIT(e, 7);
		if (large) {
			if (any_bits(e, 13, shift - 1)) {
				m_pf(m, 9);
				return;
			}
		}
		if (large || level == 1) {
			uint64_t pa = addr_bits(e, shift, mx) | (m->gla & ((1ull << shift) - 1));
			m_leaf(m, at, 8, e, pa, rw, us, xd, 1);
			return;
		}
		if (!BIT(e, 5))
			m_write(m, at, 8, e | 0x20);
		table = addr_bits(e, 12, mx);
	}
}

static void
model_run(struct model *m)
{
	const struct vie_paging_state *st = m->st;
	m->nlog = 0;
	m->status = -1;
	int pg = BIT(st->cr0, 31);
	int lma = BIT(st->efer, 10) || (pg && BIT(st->efer, 8));
	if (!lma)
		m->gla &= 0xffffffffu;
	if (!pg) {
		m->status = VIE_OK;
		m->gpa = m->gla;
		return;
	}
	if (lma) {
		int la57 = BIT(st->cr4, 12);
		unsigned top = la57 ? 56 : 47;
		int ok = 1;
		for (unsigned b = top + 1; b < 64; b++)
			if (BIT(m->gla, b) != BIT(m->gla, top))
				ok = 0;
		if (!ok) {
			m->status = VIE_EXCEPTION;
			m->vector = m->stack ? 12 : 13;
			m->err = 0;
			m->cr2 = 0;
			return;
		}
		m_walk64(m, la57 ? 5 : 4);
	} else if (BIT(st->cr4, 5)) {
		m_walk_pae(m);
	} else {
		m_walk32(m);
	}
}

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
		memset(&m, 0, sizeof(m));
		memcpy(mram, G->ram, ARENA);
		m.ram = mram;
		m.size = ARENA;
		m.st = &st;
		m.gla = gla;
		m.write = (acc & VIE_ACC_WRITE) != 0;
		m.fetch = (acc & VIE_ACC_FETCH) != 0;
		m.implicit = (acc & VIE_ACC_IMPLICIT) != 0;
		m.stack = (acc & VIE_ACC_STACK) != 0;
		m.nofault = (acc & VIE_ACC_NOFAULT) != 0;
		model_run(&m);

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
