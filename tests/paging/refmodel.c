/* refmodel.c - see refmodel.h. */
#include "refmodel.h"

#include <string.h>

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
		m->log[m->nlog++] = (struct ref_update){ gpa, size, v };
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

void
model_translate(struct model *m, uint8_t *ram, size_t size,
    const struct vie_paging_state *st, uint64_t gla, unsigned acc)
{
	memset(m, 0, sizeof(*m));
	m->ram = ram;
	m->size = size;
	m->st = st;
	m->gla = gla;
	m->write = (acc & VIE_ACC_WRITE) != 0;
	m->fetch = (acc & VIE_ACC_FETCH) != 0;
	m->implicit = (acc & VIE_ACC_IMPLICIT) != 0;
	m->stack = (acc & VIE_ACC_STACK) != 0;
	m->nofault = (acc & VIE_ACC_NOFAULT) != 0;
	model_run(m);
}
