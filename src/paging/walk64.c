/*
 * walk64.c - 4-level and 5-level paging (IA-32e mode): SDM vol. 3
 * sec. 4.5.
 *
 * Four (or, with CR4.LA57, five) levels of 8-byte entries indexed by nine
 * linear bits each, from bit 39 (or 48) down to bit 12.  PS is reserved in
 * PML5Es and PML4Es; in a PDPTE it maps a 1 GiB page where the CPU has
 * them (VIE_PG_1G) and is reserved otherwise; in a PDE it maps 2 MiB.
 * Bits 51:MAXPHYADDR are reserved everywhere, bit 63 (XD) without
 * EFER.NXE, and the low address bits of a large page above PAT (20:13,
 * 29:13).  Bits 62:52 are ignored (62:59 being the protection key of a
 * leaf under CR4.PKE/PKS).
 */
#include "paging_int.h"

int
pg_canonical(uint64_t gla, int la57)
{
	/* Bits 63:47 (or 63:56) must all equal the top implemented bit. */
	unsigned top = la57 ? 56 : 47;
	int64_t s = (int64_t)(gla << (63 - top)) >> (63 - top);
	return (uint64_t)s == gla;
}

/* PML5E (LA57 only), PML4E, PDPTE, PDE, PTE; with and without 1 GiB
 * pages.  The reserved low bits of a large page sit above PAT (bit 12). */
#define LEVELS(pdpt_ps) { \
	{ .shift = 48, .ps = 0, .rsvd = VIE_PTE_PS }, \
	{ .shift = 39, .ps = 0, .rsvd = VIE_PTE_PS }, \
	{ .shift = 30, .ps = (pdpt_ps), .rsvd = (pdpt_ps) ? 0 : VIE_PTE_PS, \
	  .rsvd_big = 0x3fffe000ull /* 29:13 */ }, \
	{ .shift = 21, .ps = 1, .rsvd_big = 0x1fe000ull /* 20:13 */ }, \
	{ .shift = 12, .ps = 0 }, \
}
static const struct pg_level lv_1g[5] = LEVELS(1);
static const struct pg_level lv_no1g[5] = LEVELS(0);

enum pg_result
pg_walk64(struct pg_walk *w, int la57)
{
	const struct vie_paging_state *st = w->st;
	uint64_t rsvd = pg_bits(51, w->maxpa);
	if (!(st->efer & VIE_EFER_NXE))
		rsvd |= VIE_PTE_XD;
	const struct pg_level *lv = (st->flags & VIE_PG_1G) ? lv_1g : lv_no1g;
	const struct pg_mode mode = {
		.esize = 8, .nlevels = la57 ? 5 : 4, .pse36 = 0, .idx_mask = 0x1ff,
		.addr_mask = pg_bits(w->maxpa - 1, 12), .rsvd = rsvd, .rsvd_big = 0,
		.level = la57 ? lv : lv + 1,
	};
	return pg_walk_levels(w, &mode, st->cr3 & pg_bits(w->maxpa - 1, 12));
}
