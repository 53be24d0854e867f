/*
 * walk32.c - 32-bit paging (CR0.PG = 1, CR4.PAE = 0): SDM vol. 3 sec. 4.3.
 *
 * Two levels of 4-byte entries indexed by linear bits 31:22 and 21:12.
 * With CR4.PSE = 1 a PDE with PS = 1 maps a 4 MiB page whose address bits
 * 39:32 (PSE-36) sit in PDE bits 20:13; bit 21 and the PSE-36 bits at and
 * above min(MAXPHYADDR, 40) are reserved.  Nothing else is ever reserved
 * in 32-bit paging, and there is no XD bit.
 */
#include "paging_int.h"

static const struct pg_level lv_pse[2] = {
	{ .shift = 22, .ps = 1 },
	{ .shift = 12, .ps = 0 },
};
static const struct pg_level lv_nopse[2] = {
	{ .shift = 22, .ps = 0 },
	{ .shift = 12, .ps = 0 },
};

enum pg_result
pg_walk32(struct pg_walk *w)
{
	unsigned m = w->maxpa < 40 ? w->maxpa : 40;
	const struct pg_mode mode = {
		.esize = 4, .nlevels = 2, .pse36 = 1, .idx_mask = 0x3ff,
		.addr_mask = 0xfffff000ull,
		.rsvd = 0,
		/* PDE bits 21:(M - 19) of a 4 MiB page (bit 21 always). */
		.rsvd_big = pg_bits(21, m - 19),
		.level = (w->st->cr4 & VIE_CR4_PSE) ? lv_pse : lv_nopse,
	};
	return pg_walk_levels(w, &mode, w->st->cr3 & 0xfffff000ull);
}
