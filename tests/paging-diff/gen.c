/*
 * gen.c - random page tables for the paging differential test: mostly
 * valid walks, with every level perturbed the ways a buggy or hostile
 * guest can (not present, reserved bits below and above MAXPHYADDR, PS
 * where it is reserved, NX without NXE, tables outside RAM, tables that
 * point back at themselves or at an upper level, garbage entries in the
 * slots an aliased walk may read), plus random CR0.WP, CR4.PSE/SMEP/SMAP/
 * PKE/PKS, EFER.NXE, CPL 0/3, RFLAGS.AC and PKRU.
 *
 * Constraints that keep Unicorn observable (see uc_oracle.c): the code
 * path (one top-level slot and private tables) is fixed and pre-accessed,
 * the data walk never shares a slot with it, and nothing the tables point
 * to lies in the page the tested linear address names (Unicorn accesses
 * data at physical = linear).
 */
#include <string.h>

#include "pd.h"

const char *const pd_mode_name[PD_NMODES] = { "32", "pae", "64", "la57" };
const char *const pd_kind_name[PD_NKINDS] = { "read", "write", "fetch",
	"implicit-read", "implicit-write" };

/* High single pages of RAM: at 4 GiB, in the middle and at the very top
 * of the 40-bit physical space. */
static const uint64_t win_gpa[PD_NWIN] = { 0x100000000ull, 0xabcdef0000ull,
	0xfffffff000ull };

uint64_t
pd_page_gpa(unsigned idx)
{
	if (idx < PD_POOL_PAGES)
		return PD_POOL_BASE + (uint64_t)idx * PD_PAGE;
	return win_gpa[idx - PD_POOL_PAGES];
}

int
pd_gpa_page(uint64_t gpa)
{
	if (gpa >= PD_POOL_BASE && gpa < PD_POOL_BASE + PD_POOL_PAGES * PD_PAGE)
		return (int)((gpa - PD_POOL_BASE) / PD_PAGE);
	for (unsigned i = 0; i < PD_NWIN; i++)
		if ((gpa & ~(uint64_t)(PD_PAGE - 1)) == win_gpa[i])
			return (int)(PD_POOL_PAGES + i);
	return -1;
}

uint64_t
pd_code_gla(enum pd_mode m)
{
	switch (m) {
	case PD_M32: return 0xffc00000ull;
	case PD_PAE: return 0xffe00000ull;
	default: return 0x00007f8000000000ull;
	}
}

unsigned
pd_code_slot(enum pd_mode m)
{
	switch (m) {
	case PD_M32: return 1023;
	case PD_PAE: return 3;
	case PD_M64: return 255;
	default: return 0;
	}
}

/* splitmix64: small, fast, and the same on every platform. */
uint64_t
pd_rand(struct pd_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

int
pd_chance(struct pd_rng *r, unsigned num, unsigned den)
{
	return pd_rand(r) % den < num;
}

void
pd_put(struct pd_case *c, uint64_t gpa, uint64_t val, unsigned size)
{
	int p = pd_gpa_page(gpa);
	if (p < 0)
		return;
	memcpy(&c->mem[p][gpa & (PD_PAGE - 1)], &val, size);
}

uint64_t
pd_get(const struct pd_case *c, uint64_t gpa, unsigned size)
{
	uint64_t v = 0;
	int p = pd_gpa_page(gpa);
	if (p >= 0)
		memcpy(&v, &c->mem[p][gpa & (PD_PAGE - 1)], size);
	return v;
}

static uint64_t
bits(unsigned hi, unsigned lo)
{
	return ((hi == 63 ? 0 : (1ull << (hi + 1))) - 1) & ~((1ull << lo) - 1);
}

/* Code-path entries: present, writable, user at the non-leaf levels, A
 * already set so that fetching the code never writes the tables. */
#define CODE_NL 0x27ull /* P RW US A */
#define CODE_SUP 0x23ull /* P RW A: the supervisor stub page */
#define CODE_USR 0x27ull /* the CPL 3 page */

void
pd_install_code_path(struct pd_case *c, unsigned root)
{
	uint64_t rg = pd_page_gpa(root);
	uint64_t leafpa = pd_page_gpa(4); /* never accessed (physical = linear) */
	uint64_t p0 = pd_page_gpa(0), p1 = pd_page_gpa(1), p2 = pd_page_gpa(2),
	    p3 = pd_page_gpa(3);
	switch (c->mode) {
	case PD_M32:
		pd_put(c, rg + 1023 * 4, p1 | CODE_NL, 4);
		pd_put(c, p1 + 0, leafpa | CODE_SUP, 4);
		pd_put(c, p1 + 4, leafpa | CODE_USR, 4);
		break;
	case PD_PAE:
		pd_put(c, (c->cr3 & 0xffffffe0ull) + 3 * 8, p0 | 1, 8);
		pd_put(c, p0 + 511 * 8, p1 | CODE_NL, 8);
		pd_put(c, p1 + 0, leafpa | CODE_SUP, 8);
		pd_put(c, p1 + 8, leafpa | CODE_USR, 8);
		break;
	case PD_LA57:
		pd_put(c, rg + 0, p3 | CODE_NL, 8);
		pd_put(c, p3 + 255 * 8, p0 | CODE_NL, 8);
		goto four;
	case PD_M64:
		pd_put(c, rg + 255 * 8, p0 | CODE_NL, 8);
	four:
		pd_put(c, p0 + 0, p2 | CODE_NL, 8);
		pd_put(c, p2 + 0, p1 | CODE_NL, 8);
		pd_put(c, p1 + 0, leafpa | CODE_SUP, 8);
		pd_put(c, p1 + 8, leafpa | CODE_USR, 8);
		break;
	default:
		break;
	}
}

struct lvl {
	unsigned shift, bits;
	int big;          /* PS = 1 makes a leaf here */
	int ps_reserved;  /* PS is a reserved bit here */
	unsigned big_shift;
};

static unsigned
mode_levels(enum pd_mode m, const struct lvl **out)
{
	static const struct lvl l32[] = { { 22, 10, 1, 0, 22 }, { 12, 10, 0, 0, 12 } };
	static const struct lvl lpae[] = { { 21, 9, 1, 0, 21 }, { 12, 9, 0, 0, 12 } };
	static const struct lvl l64[] = { { 48, 9, 0, 1, 0 }, { 39, 9, 0, 1, 0 },
		{ 30, 9, 1, 0, 30 }, { 21, 9, 1, 0, 21 }, { 12, 9, 0, 0, 12 } };
	switch (m) {
	case PD_M32: *out = l32; return 2;
	case PD_PAE: *out = lpae; return 2;
	case PD_M64: *out = l64 + 1; return 4;
	default: *out = l64; return 5;
	}
}

static int
in_page(uint64_t a, uint64_t page)
{
	return (a & ~(uint64_t)(PD_PAGE - 1)) == (page & ~(uint64_t)(PD_PAGE - 1));
}

/* An address the tested linear address must not share a page with: RAM
 * pages and the code's own pages. */
static int
gla_page_ok(const struct pd_case *c, uint64_t gla)
{
	uint64_t g = c->mode <= PD_PAE ? (gla & 0xffffffffull) : gla;
	if (pd_gpa_page(g) >= 0)
		return 0;
	uint64_t code = pd_code_gla(c->mode);
	return !in_page(g, code) && !in_page(g, code + PD_PAGE);
}

static uint64_t
pick_gla(struct pd_case *c, struct pd_rng *r)
{
	unsigned maxoff;
	switch (c->kind) {
	case PD_FETCH: maxoff = 0xff0; break;
	case PD_IMPL_READ:
	case PD_IMPL_WRITE: maxoff = 0xff0; break;
	default: maxoff = 0xffc; break;
	}
	for (;;) {
		uint64_t v = pd_rand(r), gla;
		switch (c->mode) {
		case PD_M32:
			gla = v & 0xffffffffull;
			if ((gla >> 22) == 1023)
				continue;
			break;
		case PD_PAE:
			gla = v & 0xffffffffull;
			if ((gla >> 30) == 3)
				continue;
			break;
		case PD_M64:
			if (pd_chance(r, 1, 32)) {
				gla = v; /* most such values are not canonical */
			} else {
				gla = v & bits(46, 0);
				if (pd_chance(r, 1, 2))
					gla |= bits(63, 47);
				if (((gla >> 39) & 0x1ff) == 255)
					continue;
			}
			break;
		default:
			if (pd_chance(r, 1, 32)) {
				gla = v;
			} else {
				gla = v & bits(55, 0);
				if (pd_chance(r, 1, 2))
					gla |= bits(63, 56);
				if (((gla >> 48) & 0x1ff) == 0)
					continue;
			}
			break;
		}
		unsigned off = (unsigned)(pd_rand(r) % (maxoff + 1));
		if (c->kind == PD_IMPL_READ || c->kind == PD_IMPL_WRITE) {
			if (off < 8)
				off += 8; /* the GDT base is gla - 8 */
		}
		gla = (gla & ~(uint64_t)(PD_PAGE - 1)) | off;
		if (gla_page_ok(c, gla))
			return gla;
	}
}

/* The slots the walk has filled in; a later level that lands on one of
 * them reads it as it is (aliasing), so the generator stops there. */
struct slots {
	uint64_t a[16];
	unsigned n;
};

static int
slot_used(const struct slots *s, uint64_t a)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->a[i] == a)
			return 1;
	return 0;
}

/* A RAM page for the next table (or a hostile non-RAM address). */
static uint64_t
pick_table(struct pd_case *c, struct pd_rng *r, uint64_t cur, const uint64_t *used,
    unsigned nused, unsigned esize, int hostile)
{
	unsigned k = (unsigned)(pd_rand(r) % 100);
	if (!hostile && k >= 10 && k < 15)
		k = 50; /* RAM only */
	uint64_t limit = esize == 4 ? 0x100000000ull : (1ull << PD_MAXPHY);
	if (k < 5)
		return cur & ~(uint64_t)(PD_PAGE - 1); /* itself */
	if (k < 10 && nused > 0)
		return used[pd_rand(r) % nused]; /* an upper level */
	if (k < 15) {
		for (;;) { /* not RAM */
			uint64_t a = (pd_rand(r) % limit) & ~(uint64_t)(PD_PAGE - 1);
			if (pd_gpa_page(a) < 0 && !in_page(a, c->gla) &&
			    !in_page(a, pd_code_gla(c->mode)) &&
			    !in_page(a, pd_code_gla(c->mode) + PD_PAGE))
				return a;
		}
	}
	if (k < 22 && esize == 8)
		return pd_page_gpa(PD_POOL_PAGES + (unsigned)(pd_rand(r) % PD_NWIN));
	return pd_page_gpa(PD_CODE_PAGES +
	    (unsigned)(pd_rand(r) % (PD_POOL_PAGES - PD_CODE_PAGES)));
}

/* Flag bits every entry gets at random. */
static uint64_t
random_flags(struct pd_rng *r, int leaf, int hostile)
{
	uint64_t e = 0;
	if (!hostile || pd_chance(r, 15, 16)) e |= VIE_PTE_P;
	if (pd_chance(r, 4, 5)) e |= VIE_PTE_RW;
	if (pd_chance(r, 4, 5)) e |= VIE_PTE_US;
	if (pd_chance(r, 1, 4)) e |= VIE_PTE_PWT;
	if (pd_chance(r, 1, 4)) e |= VIE_PTE_PCD;
	if (pd_chance(r, 1, 2)) e |= VIE_PTE_A;
	if (pd_chance(r, 1, 2)) e |= VIE_PTE_D; /* ignored in non-leaf entries */
	if (leaf && pd_chance(r, 1, 4)) e |= VIE_PTE_G;
	e |= (pd_rand(r) & 7) << 9; /* available to software */
	return e;
}

/* 'hostile' walks get not-present entries, reserved bits and tables
 * outside RAM at every level; the others only the permission bits, so
 * that enough walks reach the leaf. */
static void
gen_walk(struct pd_case *c, struct pd_rng *r, int hostile)
{
	int nxe = (c->efer & VIE_EFER_NXE) != 0;
	const struct lvl *lv;
	unsigned n = mode_levels(c->mode, &lv);
	unsigned esize = c->mode == PD_M32 ? 4 : 8;
	int pse = (c->cr4 & VIE_CR4_PSE) != 0;
	uint64_t gla = c->gla;
	uint64_t table;
	uint64_t used[6] = { 0 };
	unsigned nused = 0;
	struct slots s = { .n = 0 };
	uint64_t root = c->mode == PD_PAE ? (c->cr3 & 0xffffffe0ull)
	    : (c->cr3 & ~(uint64_t)(PD_PAGE - 1));
	uint64_t code_slot = root + (uint64_t)pd_code_slot(c->mode) *
	    (c->mode == PD_M32 ? 4 : 8);
	s.a[s.n++] = code_slot;

	if (c->mode == PD_PAE) {
		/* The PDPTE: no A, R/W, U/S or XD; bits 2:1, 8:5 and 63:52
		 * reserved, as are those at and above MAXPHYADDR. */
		uint64_t slot = root + ((gla >> 30) & 3) * 8;
		uint64_t e = 0;
		if (!hostile || pd_chance(r, 15, 16)) e |= VIE_PTE_P;
		if (pd_chance(r, 1, 4)) e |= VIE_PTE_PWT;
		if (pd_chance(r, 1, 4)) e |= VIE_PTE_PCD;
		e |= (pd_rand(r) & 7) << 9;
		if (hostile) {
			if (pd_chance(r, 1, 8)) e |= (pd_rand(r) & 0x1e6) | 2; /* 2:1, 8:5 */
			if (pd_chance(r, 1, 30)) e |= VIE_PTE_XD;
			if (pd_chance(r, 1, 30)) e |= 1ull << (52 + pd_rand(r) % 11);
			if (pd_chance(r, 1, 30))
				e |= 1ull << (PD_MAXPHY + pd_rand(r) % (52 - PD_MAXPHY));
		}
		for (unsigned tries = 0;; tries++) {
			table = pick_table(c, r, root, used, nused, 8, hostile);
			/* the PD must not put the walk on the code's PDPTE */
			if (table + ((gla >> 21) & 0x1ff) * 8 != code_slot || tries > 20)
				break;
		}
		pd_put(c, slot, e | table, 8);
		s.a[s.n++] = slot;
		used[nused++] = root & ~(uint64_t)(PD_PAGE - 1);
		if (!(e & VIE_PTE_P))
			return;
	} else {
		table = root;
	}

	for (unsigned i = 0; i < n; i++) {
		const struct lvl *l = &lv[i];
		uint64_t slot = table + ((gla >> l->shift) & ((1ull << l->bits) - 1)) * esize;
		if (slot_used(&s, slot) || s.n == 16)
			return; /* the walk reads what is there already */
		int last = i + 1 == n;
		uint64_t e = random_flags(r, 1, hostile);
		int ps = 0;
		if (l->big && pd_chance(r, 1, 3))
			ps = 1;
		else if (!last && (!pse || (hostile && l->ps_reserved)) && pd_chance(r, 1, 24))
			ps = 1; /* reserved (PML4E/PML5E) or ignored (PSE = 0) */
		if (ps)
			e |= VIE_PTE_PS;
		int leaf = last || (ps && l->big && (c->mode != PD_M32 || pse));
		if (esize == 8) {
			if ((hostile || nxe) && pd_chance(r, 1, 4))
				e |= VIE_PTE_XD; /* reserved without NXE */
			if (c->mode == PD_PAE) {
				if (hostile && pd_chance(r, 1, 24)) /* reserved in PAE */
					e |= 1ull << (52 + pd_rand(r) % 11);
			} else {
				/* ignored bits, and the protection key */
				e |= (pd_rand(r) & 0x7f) << 52;
				if (leaf)
					e |= (pd_rand(r) & 0xf) << 59;
			}
		}
		/* reserved bits: above MAXPHYADDR, or inside a large page's
		 * address field */
		if (hostile && pd_chance(r, 1, 12)) {
			if (leaf && !last && pd_chance(r, 1, 2)) {
				if (c->mode == PD_M32)
					e |= 1ull << 21;
				else
					e |= 1ull << (13 + pd_rand(r) % (l->big_shift - 13));
			} else if (esize == 8) {
				e |= 1ull << (PD_MAXPHY + pd_rand(r) % (52 - PD_MAXPHY));
			}
		}
		uint64_t addr;
		if (leaf) {
			unsigned sh = last ? 12 : l->big_shift;
			if (c->mode == PD_M32) {
				addr = pd_rand(r) & bits(31, sh);
				if (!last && pd_chance(r, 1, 2))
					addr |= pd_rand(r) & bits(20, 13); /* PSE-36 */
			} else {
				addr = pd_rand(r) & bits(PD_MAXPHY - 1, sh);
			}
		} else {
			for (unsigned tries = 0;; tries++) {
				addr = pick_table(c, r, table, used, nused, esize, hostile);
				uint64_t next = addr + ((gla >> lv[i + 1].shift) &
				    ((1ull << lv[i + 1].bits) - 1)) * esize;
				/* never share the code path's top-level slot */
				if (next != code_slot || tries > 20)
					break;
			}
		}
		pd_put(c, slot, e | addr, esize);
		s.a[s.n++] = slot;
		used[nused++] = table & ~(uint64_t)(PD_PAGE - 1);
		if (leaf || !(e & VIE_PTE_P))
			return;
		table = addr;
	}
}

void
pd_generate(struct pd_case *c, enum pd_mode mode, uint64_t seed, uint64_t index)
{
	struct pd_rng rs = { seed * 0x100000001b3ull ^ ((uint64_t)mode << 56) ^
	    (index * 0xd6e8feb86659fd93ull) };
	struct pd_rng *r = &rs;
	pd_rand(r);
	memset(c, 0, sizeof(*c));
	c->mode = mode;

	unsigned k = (unsigned)(pd_rand(r) % 100);
	c->kind = k < 35 ? PD_READ : k < 65 ? PD_WRITE : k < 82 ? PD_FETCH
	    : k < 94 ? PD_IMPL_READ : PD_IMPL_WRITE;
	/* CPL 1 and 2 are supervisor levels like 0 for paging (the SDM tells
	 * only CPL 3 from CPL < 3); Unicorn runs them at CPL 0. */
	c->cpl = pd_chance(r, 1, 2) ? 3 : (uint8_t)(pd_rand(r) % 3);
	c->rflags = 2 | (pd_chance(r, 1, 2) ? VIE_RFLAGS_AC : 0);
	c->pkru = pd_chance(r, 1, 3) ? 0 : (uint32_t)pd_rand(r);
	c->pkrs = 0; /* Unicorn has no PKS: see main.c */
	c->cr0 = 0x80000011ull | (pd_chance(r, 1, 2) ? VIE_CR0_WP : 0);
	c->cr4 = 0;
	if (mode == PD_M32 ? pd_chance(r, 2, 3) : pd_chance(r, 1, 2))
		c->cr4 |= VIE_CR4_PSE;
	if (mode != PD_M32)
		c->cr4 |= VIE_CR4_PAE;
	if (mode == PD_LA57)
		c->cr4 |= VIE_CR4_LA57;
	if (pd_chance(r, 2, 5)) c->cr4 |= VIE_CR4_SMEP;
	if (pd_chance(r, 2, 5)) c->cr4 |= VIE_CR4_SMAP;
	if (pd_chance(r, 2, 5)) c->cr4 |= VIE_CR4_PKE;
	if (pd_chance(r, 1, 5)) c->cr4 |= VIE_CR4_PKS;
	if (pd_chance(r, 1, 2)) c->cr4 |= 1ull << 7; /* PGE: no effect on a walk */
	c->efer = (mode >= PD_M64 ? (VIE_EFER_LME | VIE_EFER_LMA) : 0) |
	    (pd_chance(r, 3, 5) ? VIE_EFER_NXE : 0);

	/* garbage in random slots of some pool pages: what aliased walks read */
	for (unsigned p = PD_CODE_PAGES; p < PD_NPAGES; p++) {
		if (!pd_chance(r, 1, 3))
			continue;
		unsigned cnt = 1 + (unsigned)(pd_rand(r) % 6);
		for (unsigned i = 0; i < cnt; i++) {
			unsigned off = (unsigned)(pd_rand(r) % (PD_PAGE / 8)) * 8;
			uint64_t v = pd_rand(r);
			memcpy(&c->mem[p][off], &v, 8);
		}
	}

	unsigned root = PD_CODE_PAGES +
	    (unsigned)(pd_rand(r) % (PD_POOL_PAGES - PD_CODE_PAGES));
	uint64_t rg = pd_page_gpa(root);
	if (mode == PD_PAE)
		c->cr3 = rg + (pd_rand(r) % 128) * 32 + (pd_rand(r) & 0x18);
	else
		c->cr3 = rg | (pd_rand(r) & 0x18); /* PWT, PCD */
	c->gla = pick_gla(c, r);
	/* the garbage must not sit in the code path's top-level slot */
	pd_install_code_path(c, root);
	gen_walk(c, r, pd_chance(r, 3, 5));
}

unsigned
pd_hand_case(struct pd_case *c, enum pd_mode m, enum pd_kind k, uint8_t cpl,
    uint64_t nonleaf, uint64_t leaf, uint64_t *slots)
{
	static const unsigned sh32[] = { 22, 12 }, shpae[] = { 30, 21, 12 },
	    sh64[] = { 48, 39, 30, 21, 12 };
	memset(c, 0, sizeof(*c));
	c->mode = m;
	c->kind = k;
	c->cpl = cpl;
	c->rflags = 2;
	c->cr0 = 0x80010011ull; /* PG WP ET PE */
	c->cr4 = m == PD_M32 ? 0 : VIE_CR4_PAE;
	if (m == PD_LA57)
		c->cr4 |= VIE_CR4_LA57;
	c->efer = m >= PD_M64 ? VIE_EFER_LME | VIE_EFER_LMA : 0;
	c->gla = m == PD_LA57 ? 0x0023456789abc040ull
	    : m == PD_M64 ? 0x00001234567f8040ull : 0x12345040ull;
	unsigned es = m == PD_M32 ? 4 : 8;
	unsigned nl = m == PD_M32 ? 2 : m == PD_PAE ? 3 : m == PD_M64 ? 4 : 5;
	const unsigned *sh = m == PD_M32 ? sh32 : m == PD_PAE ? shpae
	    : m == PD_M64 ? sh64 + 1 : sh64;
	unsigned root = PD_CODE_PAGES;
	c->cr3 = pd_page_gpa(root);
	pd_install_code_path(c, root);
	uint64_t table = c->cr3;
	for (unsigned i = 0; i < nl; i++) {
		unsigned b = m == PD_M32 ? 10 : (m == PD_PAE && i == 0) ? 2 : 9;
		uint64_t slot = table + ((c->gla >> sh[i]) & ((1u << b) - 1)) * es;
		if (slots != NULL)
			slots[i] = slot;
		if (i + 1 == nl) {
			pd_put(c, slot, 0x5555000ull | leaf, es);
		} else {
			uint64_t next = pd_page_gpa(root + 1 + i);
			pd_put(c, slot, next | (m == PD_PAE && i == 0 ? 1 : nonleaf), es);
			table = next;
		}
	}
	return nl;
}
