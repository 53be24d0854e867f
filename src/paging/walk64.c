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

enum pg_result
pg_walk64(struct pg_walk *w, int la57)
{
	const struct vie_paging_state *st = w->st;
	uint64_t rsvd = pg_bits(51, w->maxpa);
	if (!(st->efer & VIE_EFER_NXE))
		rsvd |= VIE_PTE_XD;
	int have_1g = (st->flags & VIE_PG_1G) != 0;
	const struct pg_level lv[5] = {
		/* PML5E (LA57 only) */
		{ .shift = 48, .bits = 9, .ps = 0, .rsvd = rsvd | VIE_PTE_PS },
		/* PML4E */
		{ .shift = 39, .bits = 9, .ps = 0, .rsvd = rsvd | VIE_PTE_PS },
		/* PDPTE */
		{ .shift = 30, .bits = 9, .ps = (uint8_t)have_1g,
		  .rsvd = rsvd | (have_1g ? 0 : VIE_PTE_PS),
		  .rsvd_big = rsvd | pg_bits(29, 13) },
		/* PDE */
		{ .shift = 21, .bits = 9, .ps = 1,
		  .rsvd = rsvd, .rsvd_big = rsvd | pg_bits(20, 13) },
		/* PTE */
		{ .shift = 12, .bits = 9, .ps = 0, .rsvd = rsvd },
	};
	const struct pg_mode mode = {
		.esize = 8, .nlevels = la57 ? 5 : 4, .pse36 = 0,
		.addr_mask = pg_bits(w->maxpa - 1, 12), .level = la57 ? lv : lv + 1,
	};
	return pg_walk_levels(w, &mode, st->cr3 & pg_bits(w->maxpa - 1, 12));
}
