/*
 * vie_side.c - run vie's walker on a case, over a private copy of the
 * case's guest RAM, doing the same translations the instruction Unicorn
 * runs makes.
 */
#include <string.h>

#include "pd.h"

static void *
ram_map(void *ctx, uint64_t gpa, size_t len, int write)
{
	uint8_t (*mem)[PD_PAGE] = ctx;
	(void)write;
	int p = pd_gpa_page(gpa);
	if (p < 0 || (gpa & (PD_PAGE - 1)) + len > PD_PAGE)
		return NULL;
	return &mem[p][gpa & (PD_PAGE - 1)];
}

static const struct vie_guest_mem_ops ram_ops = { .map = ram_map };

void
pd_vie_state(const struct pd_case *c, struct vie_paging_state *st)
{
	memset(st, 0, sizeof(*st));
	st->cr0 = c->cr0;
	st->cr3 = c->cr3;
	st->cr4 = c->cr4;
	st->efer = c->efer;
	st->rflags = c->rflags;
	st->pkru = c->pkru;
	st->pkrs = c->pkrs;
	st->cpl = c->cpl;
	st->maxphyaddr = PD_MAXPHY;
	/* Unicorn's walker takes PS = 1 in a PDPTE as a 1 GiB page whatever
	 * its CPUID says. */
	st->flags = VIE_PG_1G;
}

void
pd_vie_run(const struct pd_case *c, struct pd_vie_result *r)
{
	struct vie_paging_state st;
	pd_vie_state(c, &st);
	pd_vie_run_st(c, &st, r);
}

void
pd_vie_run_st(const struct pd_case *c, const struct vie_paging_state *stp,
    struct pd_vie_result *r)
{
	const struct vie_paging_state st = *stp;
	memset(r, 0, offsetof(struct pd_vie_result, mem));
	memcpy(r->mem, c->mem, sizeof(r->mem));

	unsigned acc;
	switch (c->kind) {
	case PD_READ: acc = VIE_ACC_READ; break;
	case PD_WRITE: acc = VIE_ACC_WRITE; break;
	case PD_FETCH: acc = VIE_ACC_FETCH; break;
	default: acc = VIE_ACC_READ | VIE_ACC_IMPLICIT; break;
	}
	r->n = 1;
	r->status[0] = vie_walk(&st, &ram_ops, r->mem, c->gla, acc, &r->gpa[0],
	    &r->exc, &r->walk[0]);
	/* Loading a descriptor whose A bit is clear reads it, then writes
	 * the A bit (the dword at +4) as a second, implicit write access. */
	if (c->kind == PD_IMPL_WRITE && r->status[0] == VIE_OK) {
		r->n = 2;
		r->status[1] = vie_walk(&st, &ram_ops, r->mem, c->gla + 4,
		    VIE_ACC_WRITE | VIE_ACC_IMPLICIT, &r->gpa[1], &r->exc,
		    &r->walk[1]);
	}
}
