/* pgtest.c - the fixture of pgtest.h. */
#include "pgtest.h"

#include <stdlib.h>

#include <criterion/criterion.h>

struct pgt_guest *G;

static void *
g_map(void *ctx, uint64_t gpa, size_t len, int write)
{
	struct pgt_guest *g = ctx;
	if (gpa >= g->ram_limit || len > g->ram_limit - gpa)
		return NULL;
	/* Widens the window between reading an entry and updating it. */
	if (write)
		for (volatile unsigned k = 0; k < g->map_delay; k++)
			;
	__atomic_add_fetch(&g->maps, 1, __ATOMIC_RELAXED);
	return g->ram + gpa;
}

static void
g_unmap(void *ctx, void *hva, uint64_t gpa, size_t len)
{
	struct pgt_guest *g = ctx;
	cr_assert_eq(hva, g->ram + gpa, "unmap of a pointer map did not return");
	(void)len;
	__atomic_add_fetch(&g->unmaps, 1, __ATOMIC_RELAXED);
}

static int
g_cmpxchg(void *ctx, uint64_t gpa, unsigned size, uint64_t *expected,
    uint64_t desired)
{
	struct pgt_guest *g = ctx;
	g->cmpxchg_calls++;
	cr_assert(size == 4 || size == 8, "cmpxchg size %u", size);
	cr_assert_eq(gpa % size, 0, "cmpxchg gpa 0x%llx misaligned", (unsigned long long)gpa);
	if (g->cmpxchg_not_ram || gpa + size > g->ram_limit)
		return -1;
	uint64_t cur = size == 8 ? get64(gpa) : get32(gpa);
	if (g->races > 0) {
		g->races--;
		cur = ((cur | g->race_or) & ~g->race_andnot) ^ g->race_xor;
		if (size == 8)
			put64(gpa, cur);
		else
			put32(gpa, (uint32_t)cur);
	}
	if (cur != *expected) {
		*expected = cur;
		return 1;
	}
	if (size == 8)
		put64(gpa, desired);
	else
		put32(gpa, (uint32_t)desired);
	if (g->nlog < 64)
		g->log[g->nlog++] = (struct pgt_log){ gpa, size, desired };
	return 0;
}

const struct vie_guest_mem_ops pgt_ops = { g_map, g_unmap, g_cmpxchg };
const struct vie_guest_mem_ops pgt_ops_nocas = { g_map, g_unmap, NULL };

void
pgt_reset(void)
{
	if (G == NULL)
		G = malloc(sizeof(*G));
	cr_assert_not_null(G);
	memset(G, 0, sizeof(*G));
	G->next_table = 0x100000;
	G->ram_limit = PGT_RAM;
}

void put32(uint64_t gpa, uint32_t v) { memcpy(G->ram + gpa, &v, 4); }
void put64(uint64_t gpa, uint64_t v) { memcpy(G->ram + gpa, &v, 8); }
uint32_t get32(uint64_t gpa) { uint32_t v; memcpy(&v, G->ram + gpa, 4); return v; }
uint64_t get64(uint64_t gpa) { uint64_t v; memcpy(&v, G->ram + gpa, 8); return v; }

uint64_t
pgt_alloc(void)
{
	uint64_t t = G->next_table;
	G->next_table += 0x1000;
	cr_assert(G->next_table <= PGT_RAM, "fixture out of table space");
	memset(G->ram + t, 0, 0x1000);
	return t;
}

static struct vie_paging_state
st_base(void)
{
	struct vie_paging_state s;
	memset(&s, 0, sizeof(s));
	s.cr0 = 0x80010011ull; /* PG WP ET PE */
	s.cr3 = 0x1000;
	s.maxphyaddr = 52;
	s.flags = VIE_PG_1G;
	return s;
}

struct vie_paging_state
st_flat(void)
{
	struct vie_paging_state s = st_base();
	s.cr0 = 0x11;
	return s;
}

struct vie_paging_state
st_32(int pse)
{
	struct vie_paging_state s = st_base();
	s.cr4 = pse ? VIE_CR4_PSE : 0;
	return s;
}

struct vie_paging_state
st_pae(int nxe)
{
	struct vie_paging_state s = st_base();
	s.cr4 = VIE_CR4_PAE;
	s.efer = nxe ? VIE_EFER_NXE : 0;
	return s;
}

struct vie_paging_state
st_64(int nxe)
{
	struct vie_paging_state s = st_base();
	s.cr4 = VIE_CR4_PAE;
	s.efer = VIE_EFER_LME | VIE_EFER_LMA | (nxe ? VIE_EFER_NXE : 0);
	return s;
}

struct vie_paging_state
st_57(int nxe)
{
	struct vie_paging_state s = st_64(nxe);
	s.cr4 |= VIE_CR4_LA57;
	return s;
}

uint64_t
build64(uint64_t cr3, int levels, uint64_t gla, uint64_t gpa,
    unsigned leaf_shift, uint64_t upper, uint64_t leaf)
{
	uint64_t table = cr3 & ~0xfffull;
	unsigned shift = levels == 5 ? 48 : 39;
	for (;; shift -= 9) {
		uint64_t e = table + ((gla >> shift) & 0x1ff) * 8;
		if (shift == leaf_shift) {
			put64(e, gpa | leaf);
			return e;
		}
		uint64_t cur = get64(e);
		uint64_t next = (cur & P) ? (cur & 0x000ffffffffff000ull) : pgt_alloc();
		put64(e, next | upper);
		table = next;
	}
}

uint64_t
build32(uint64_t cr3, uint32_t gla, uint64_t pa, unsigned leaf_shift,
    uint32_t upper, uint32_t leaf)
{
	uint64_t pde = (cr3 & 0xfffff000u) + ((gla >> 22) & 0x3ff) * 4;
	if (leaf_shift == 22) {
		put32(pde, (uint32_t)pa | leaf);
		return pde;
	}
	uint32_t cur = get32(pde);
	uint64_t pt = (cur & P) ? (cur & 0xfffff000u) : pgt_alloc();
	put32(pde, (uint32_t)pt | upper);
	uint64_t pte = pt + ((gla >> 12) & 0x3ff) * 4;
	put32(pte, (uint32_t)pa | leaf);
	return pte;
}

uint64_t
buildpae(uint64_t cr3, uint32_t gla, uint64_t gpa, unsigned leaf_shift,
    uint64_t upper, uint64_t leaf)
{
	uint64_t pdpte = (cr3 & 0xffffffe0u) + ((gla >> 30) & 3) * 8;
	uint64_t cur = get64(pdpte);
	uint64_t pd = (cur & P) ? (cur & 0x000ffffffffff000ull) : pgt_alloc();
	put64(pdpte, pd | P); /* PDPTEs: P only (no R/W, U/S, A) */
	uint64_t pde = pd + ((gla >> 21) & 0x1ff) * 8;
	if (leaf_shift == 21) {
		put64(pde, gpa | leaf);
		return pde;
	}
	cur = get64(pde);
	uint64_t pt = (cur & P) ? (cur & 0x000ffffffffff000ull) : pgt_alloc();
	put64(pde, pt | upper);
	uint64_t pte = pt + ((gla >> 12) & 0x1ff) * 8;
	put64(pte, gpa | leaf);
	return pte;
}

int
tr(const struct vie_paging_state *st, uint64_t gla, unsigned acc,
    uint64_t *gpa, struct vie_exception *exc)
{
	*gpa = ~0ull;
	memset(exc, 0xee, sizeof(*exc));
	return vie_gla2gpa(st, &pgt_ops, G, gla, acc, gpa, exc);
}
