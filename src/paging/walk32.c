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

enum pg_result
pg_walk32(struct pg_walk *w)
{
	unsigned m = w->maxpa < 40 ? w->maxpa : 40;
	/* PDE bits 21:(M - 19) reserved for a 4 MiB page (bit 21 always). */
	uint64_t rsvd_4m = pg_bits(21, m - 19);
	struct pg_level lv[2] = {
		{ .shift = 22, .bits = 10,
		  .ps = (w->st->cr4 & VIE_CR4_PSE) != 0,
		  .rsvd = 0, .rsvd_big = rsvd_4m },
		{ .shift = 12, .bits = 10, .ps = 0, .rsvd = 0, .rsvd_big = 0 },
	};
	const struct pg_mode mode = {
		.esize = 4, .nlevels = 2, .pse36 = 1,
		.addr_mask = 0xfffff000ull, .level = lv,
	};
	return pg_walk_levels(w, &mode, w->st->cr3 & 0xfffff000ull);
}
