/*
 * walkpae.c - PAE paging (CR0.PG = 1, CR4.PAE = 1, not IA-32e): SDM vol. 3
 * sec. 4.4.
 *
 * Linear bits 31:30 select one of four PDPTEs at CR3[31:5].  The CPU loads
 * them at MOV CR3 and uses the loaded copies; vie reads them from guest
 * memory unless the caller passes the loaded values (VIE_PG_PDPTES).
 * PDPTEs have no R/W, U/S, XD or A bits.  Their reserved bits (2:1, 8:5,
 * 63:MAXPHYADDR) are reported as a #PF reserved-bit violation, since a
 * walk has no MOV CR3 to fail.  Below them, two levels of 8-byte entries
 * (PD: 2 MiB pages, PT), with bits 62:MAXPHYADDR reserved and bit 63 XD
 * (reserved without EFER.NXE).
 */
#include "paging_int.h"

/* PD (2 MiB pages), PT. */
static const struct pg_level lv[2] = {
	{ .shift = 21, .ps = 1 },
	{ .shift = 12, .ps = 0 },
};

enum pg_result
pg_walk_pae(struct pg_walk *w)
{
	const struct vie_paging_state *st = w->st;
	unsigned idx = (unsigned)(w->gla >> 30) & 3;
	uint64_t pdpte_gpa = (st->cr3 & 0xffffffe0ull) + idx * 8;
	uint64_t pdpte;

	if (st->flags & VIE_PG_PDPTES) {
		pdpte = st->pdpte[idx];
	} else {
		enum pg_result r = pg_read_entry(w, pdpte_gpa, 8, &pdpte);
		if (r != PG_OK)
			return r;
	}
	pg_record(w, pdpte_gpa, pdpte);
	if (!(pdpte & VIE_PTE_P)) {
		w->pferr = 0;
		return PG_FAULT;
	}
	if (pdpte & (pg_bits(63, w->maxpa) | pg_bits(8, 5) | pg_bits(2, 1))) {
		w->pferr = VIE_PF_P | VIE_PF_RSVD;
		return PG_FAULT;
	}

	uint64_t rsvd = pg_bits(62, w->maxpa);
	if (!(st->efer & VIE_EFER_NXE))
		rsvd |= VIE_PTE_XD;
	const struct pg_mode mode = {
		.esize = 8, .nlevels = 2, .pse36 = 0, .idx_mask = 0x1ff,
		.addr_mask = pg_bits(w->maxpa - 1, 12),
		.rsvd = rsvd, .rsvd_big = pg_bits(20, 13), .level = lv,
	};
	return pg_walk_levels(w, &mode, pdpte & pg_bits(w->maxpa - 1, 12));
}
