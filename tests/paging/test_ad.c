/*
 * test_ad.c - accessed and dirty bits (SDM vol. 3 sec. 4.8): A on every
 * entry used, D on the leaf for writes, each update a compare-and-exchange
 * of the whole entry, a lost race restarting the walk.
 */
#include <criterion/criterion.h>

#include "pgtest.h"

TestSuite(ad, .init = pgt_reset);

#define GLA4 0x00007f8040403456ull

static struct vie_paging_state
tables(uint64_t flags)
{
	put64(0x17f8, 0x2000 | flags);
	put64(0x2008, 0x3000 | flags);
	put64(0x3010, 0x4000 | flags);
	put64(0x4018, 0xabcde000ull | flags);
	return st_64(1);
}

static void
expect_log(unsigned i, uint64_t gpa, unsigned size, uint64_t value)
{
	cr_assert(i < G->nlog, "only %u A/D updates, want entry %u", G->nlog, i);
	cr_assert_eq(G->log[i].gpa, gpa, "update %u at 0x%llx, want 0x%llx", i,
	    (unsigned long long)G->log[i].gpa, (unsigned long long)gpa);
	cr_assert_eq(G->log[i].size, size);
	cr_assert_eq(G->log[i].value, value, "update %u value 0x%llx, want 0x%llx", i,
	    (unsigned long long)G->log[i].value, (unsigned long long)value);
}

Test(ad, read_sets_a_top_down)
{
	struct vie_paging_state s = tables(P | RW);
	EXPECT_GPA(&s, GLA4, R, 0xabcde456ull);
	cr_assert_eq(G->nlog, 4);
	expect_log(0, 0x17f8, 8, 0x2000 | P | RW | ACC);
	expect_log(1, 0x2008, 8, 0x3000 | P | RW | ACC);
	expect_log(2, 0x3010, 8, 0x4000 | P | RW | ACC);
	expect_log(3, 0x4018, 8, 0xabcde000ull | P | RW | ACC);
	/* A second walk finds everything set and writes nothing. */
	G->nlog = 0;
	EXPECT_GPA(&s, GLA4, R, 0xabcde456ull);
	cr_assert_eq(G->nlog, 0);
	cr_assert_eq(G->cmpxchg_calls, 4);
}

Test(ad, write_sets_a_and_d_on_leaf_in_one_update)
{
	struct vie_paging_state s = tables(P | RW);
	EXPECT_GPA(&s, GLA4, W, 0xabcde456ull);
	cr_assert_eq(G->nlog, 4);
	expect_log(2, 0x3010, 8, 0x4000 | P | RW | ACC); /* no D above the leaf */
	expect_log(3, 0x4018, 8, 0xabcde000ull | P | RW | ACC | DRT);
}

Test(ad, write_after_read_sets_only_d)
{
	struct vie_paging_state s = tables(P | RW | ACC);
	EXPECT_GPA(&s, GLA4, W, 0xabcde456ull);
	cr_assert_eq(G->nlog, 1);
	expect_log(0, 0x4018, 8, 0xabcde000ull | P | RW | ACC | DRT);
	G->nlog = 0;
	EXPECT_GPA(&s, GLA4, W, 0xabcde456ull);
	cr_assert_eq(G->nlog, 0);
}

Test(ad, large_page_leaf_gets_d)
{
	struct vie_paging_state s = tables(P | RW);
	put64(0x3010, 0x40000000ull | P | RW | PS);
	EXPECT_GPA(&s, GLA4, W, 0x40003456ull);
	cr_assert_eq(G->nlog, 3);
	expect_log(2, 0x3010, 8, 0x40000000ull | P | RW | PS | ACC | DRT);
	/* 1 GiB */
	pgt_reset();
	s = tables(P | RW);
	put64(0x2008, 0x40000000ull | P | RW | PS);
	EXPECT_GPA(&s, GLA4, W, 0x40403456ull);
	cr_assert_eq(G->nlog, 2);
	expect_log(1, 0x2008, 8, 0x40000000ull | P | RW | PS | ACC | DRT);
}

Test(ad, fault_at_leaf_leaves_leaf_alone)
{
	struct vie_paging_state s = tables(P);
	EXPECT_PF(&s, GLA4, W, 0x3);
	/* Upper levels were used: their A bits are set.  The leaf is not. */
	cr_assert_eq(G->nlog, 3);
	cr_assert_eq(get64(0x4018), 0xabcde000ull | P);
	cr_assert_eq(get64(0x3010), 0x4000 | P | ACC);
}

Test(ad, fault_at_upper_level_permission_is_decided_at_the_leaf)
{
	/* R/W = 0 in the PML4E: the walk still reaches the leaf (it needs it
	 * to know the access is a fault), setting A on the three upper
	 * entries; the leaf stays untouched. */
	struct vie_paging_state s = tables(P | RW);
	put64(0x17f8, 0x2000 | P);
	EXPECT_PF(&s, GLA4, W, 0x3);
	cr_assert_eq(G->nlog, 3);
	cr_assert_eq(get64(0x4018), 0xabcde000ull | P | RW);
}

Test(ad, not_present_and_reserved_stop_the_walk)
{
	struct vie_paging_state s = tables(P | RW);
	put64(0x3010, 0x4000 | RW); /* PDE not present */
	EXPECT_PF(&s, GLA4, R, 0x0);
	cr_assert_eq(G->nlog, 2);
	expect_log(0, 0x17f8, 8, 0x2000 | P | RW | ACC);
	expect_log(1, 0x2008, 8, 0x3000 | P | RW | ACC);
	cr_assert_eq(get64(0x3010), 0x4000 | RW);

	pgt_reset();
	s = tables(P | RW);
	s.maxphyaddr = 40;
	put64(0x2008, 0x3000 | P | RW | (1ull << 45)); /* PDPTE reserved */
	EXPECT_PF(&s, GLA4, R, 0x9);
	cr_assert_eq(G->nlog, 1);
	cr_assert_eq(get64(0x2008), 0x3000 | P | RW | (1ull << 45));
}

Test(ad, entries_of_32bit_paging_are_4_bytes)
{
	struct vie_paging_state s = st_32(1);
	put32(0x1004, 0x2000 | P | RW);
	put32(0x200c, 0x00055000 | P | RW);
	EXPECT_GPA(&s, 0x00403123, W, 0x55123);
	cr_assert_eq(G->nlog, 2);
	expect_log(0, 0x1004, 4, 0x2000 | P | RW | ACC);
	expect_log(1, 0x200c, 4, 0x00055000 | P | RW | ACC | DRT);
	/* 4 MiB page: the PDE is the leaf and gets D. */
	put32(0x1008, 0x00c00000 | P | RW | PS);
	G->nlog = 0;
	EXPECT_GPA(&s, 0x00812345, W, 0xc12345);
	cr_assert_eq(G->nlog, 1);
	expect_log(0, 0x1008, 4, 0x00c00000 | P | RW | PS | ACC | DRT);
}

Test(ad, pae_pdpte_untouched)
{
	struct vie_paging_state s = st_pae(1);
	put64(0x1000, 0x4000 | P);
	put64(0x4000, 0x5000 | P | RW);
	put64(0x5000, 0x9000 | P | RW);
	EXPECT_GPA(&s, 0x10, W, 0x9010);
	cr_assert_eq(G->nlog, 2);
	expect_log(0, 0x4000, 8, 0x5000 | P | RW | ACC);
	expect_log(1, 0x5000, 8, 0x9000 | P | RW | ACC | DRT);
	cr_assert_eq(get64(0x1000), 0x4000 | P);
}

Test(ad, nofault_writes_nothing)
{
	struct vie_paging_state s = tables(P | RW);
	uint8_t before[0x5000];
	memcpy(before, G->ram, sizeof(before));
	EXPECT_GPA(&s, GLA4, W | VIE_ACC_NOFAULT, 0xabcde456ull);
	cr_assert_eq(G->cmpxchg_calls, 0);
	cr_assert_eq(memcmp(before, G->ram, sizeof(before)), 0);
	/* Faults are reported the same way, still without writes. */
	put64(0x4018, 0xabcde000ull | P);
	memcpy(before, G->ram, sizeof(before));
	EXPECT_PF(&s, GLA4, W | VIE_ACC_NOFAULT, 0x3);
	cr_assert_eq(G->cmpxchg_calls, 0);
	cr_assert_eq(memcmp(before, G->ram, sizeof(before)), 0);
}

Test(ad, lost_race_restarts)
{
	/* Another vCPU sets A in the PDPTE between our read and our
	 * compare-and-exchange: the walk restarts and completes. */
	struct vie_paging_state s = tables(P | RW);
	put64(0x17f8, 0x2000 | P | RW | ACC);
	G->races = 1;
	G->race_or = ACC;
	struct vie_walk wk;
	uint64_t gpa;
	struct vie_exception exc;
	int r = vie_walk(&s, &pgt_ops, G, GLA4, R, &gpa, &exc, &wk);
	cr_assert_eq(r, VIE_OK);
	cr_assert_eq(gpa, 0xabcde456ull);
	cr_assert_eq(wk.restarts, 1);
	/* The PDPTE has A (from the other vCPU); our log has PDE and PTE. */
	cr_assert_eq(get64(0x2008), 0x3000 | P | RW | ACC);
	cr_assert_eq(G->nlog, 2);
	expect_log(0, 0x3010, 8, 0x4000 | P | RW | ACC);
}

Test(ad, race_that_removes_the_page_is_seen)
{
	/* The other vCPU clears P in the leaf while we set A: after the
	 * restart the walk sees a not-present PTE. */
	struct vie_paging_state s = tables(P | RW | ACC);
	put64(0x4018, 0xabcde000ull | P | RW);
	G->races = 1;
	G->race_andnot = P;
	EXPECT_PF(&s, GLA4, R, 0x0);
	cr_assert_eq(get64(0x4018), 0xabcde000ull | RW);
}

Test(ad, endless_race_is_bounded)
{
	struct vie_paging_state s = tables(P | RW);
	G->races = 1000;
	G->race_xor = 1ull << 9; /* keeps flipping an ignored bit */
	EXPECT_STATUS(&s, GLA4, R, VIE_RESTART);
	cr_assert_eq(G->cmpxchg_calls, VIE_PAGING_MAX_RESTARTS);
}

Test(ad, default_cmpxchg_on_host_pointer)
{
	struct vie_paging_state s = tables(P | RW);
	uint64_t gpa;
	struct vie_exception exc;
	int r = vie_gla2gpa(&s, &pgt_ops_nocas, G, GLA4, W, &gpa, &exc);
	cr_assert_eq(r, VIE_OK);
	cr_assert_eq(gpa, 0xabcde456ull);
	cr_assert_eq(get64(0x17f8), 0x2000 | P | RW | ACC);
	cr_assert_eq(get64(0x4018), 0xabcde000ull | P | RW | ACC | DRT);
	cr_assert_eq(G->maps, G->unmaps, "every map is unmapped");
}

Test(ad, cmpxchg_not_ram_is_callback)
{
	struct vie_paging_state s = tables(P | RW);
	G->cmpxchg_not_ram = 1;
	EXPECT_STATUS(&s, GLA4, R, VIE_CALLBACK);
}

Test(ad, maps_balanced)
{
	struct vie_paging_state s = tables(P | RW);
	EXPECT_GPA(&s, GLA4, W, 0xabcde456ull);
	cr_assert_eq(G->maps, 4);
	cr_assert_eq(G->unmaps, 4);
}

Test(ad, pae_2m_leaf_gets_d)
{
	struct vie_paging_state s = st_pae(1);
	put64(0x1000, 0x4000 | P);
	put64(0x4008, 0x00600000ull | P | RW | PS); /* PDE 1: 2 MiB at 6 MiB */
	EXPECT_GPA(&s, 0x00312345, W, 0x00712345);
	cr_assert_eq(G->nlog, 1);
	expect_log(0, 0x4008, 8, 0x00600000ull | P | RW | PS | ACC | DRT);
}

Test(ad, walk_record_on_fault)
{
	struct vie_paging_state s = tables(P | RW);
	put64(0x3010, 0x4000 | RW);
	struct vie_walk wk;
	uint64_t gpa;
	struct vie_exception exc;
	cr_assert_eq(vie_walk(&s, &pgt_ops, G, GLA4, R, &gpa, &exc, &wk), VIE_EXCEPTION);
	cr_assert_eq(wk.levels, 3, "the not-present PDE is the last entry recorded");
	cr_assert_eq(wk.entry[2].gpa, 0x3010);
	cr_assert_eq(wk.entry[2].value, 0x4000 | RW);
}

/* ---- a real second vCPU ---- */

#include <pthread.h>

struct other_vcpu {
	uint64_t *pte;
	unsigned min_iters, min_walks;
	unsigned iters;     /* updates it made */
	unsigned walks;     /* walks the test thread finished so far */
	int done;
};

/* Counts in bits 58:52 (ignored by 4-level paging) and clears A, each
 * step one atomic compare-and-exchange, as another CPU's OS would.  It
 * keeps going until the walking thread has done min_walks walks, so the
 * two always overlap. */
static void *
other_vcpu_main(void *arg)
{
	struct other_vcpu *o = arg;
	unsigned i = 0;
	while (i < o->min_iters || __atomic_load_n(&o->walks, __ATOMIC_SEQ_CST) < o->min_walks) {
		uint64_t old = __atomic_load_n(o->pte, __ATOMIC_SEQ_CST), nv;
		do {
			uint64_t cnt = ((old >> 52) + 1) & 0x7f;
			nv = (old & ~(0x7full << 52) & ~ACC) | cnt << 52;
		} while (!__atomic_compare_exchange_n(o->pte, &old, nv, 0,
		    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
		i++;
		/* a little other work, so walks can win sometimes */
		for (volatile unsigned k = 0; k < (i & 63); k++)
			;
	}
	o->iters = i;
	__atomic_store_n(&o->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

Test(ad, concurrent_updates_are_never_lost)
{
	/* vie sets A in the PTE (default host compare-and-exchange) while
	 * another thread keeps changing the same PTE.  If vie ever wrote back
	 * a stale value, the other thread's counter would go backwards.  How
	 * often the two really overlap depends on the machine's load; the
	 * deterministic version of this is lost_race_restarts. */
	struct vie_paging_state s = tables(P | RW | ACC);
	uint64_t *pte = (uint64_t *)(void *)(G->ram + 0x4018);
	cr_assert_eq((uintptr_t)pte % 8, 0);
	struct other_vcpu o = { pte, 100000, 20000, 0, 0, 0 };
	G->map_delay = 200;
	pthread_t t;
	cr_assert_eq(pthread_create(&t, NULL, other_vcpu_main, &o), 0);
	unsigned ok = 0, restart = 0;
	while (!__atomic_load_n(&o.done, __ATOMIC_SEQ_CST)) {
		uint64_t gpa;
		struct vie_exception exc;
		int r = vie_gla2gpa(&s, &pgt_ops_nocas, G, GLA4, R, &gpa, &exc);
		cr_assert(r == VIE_OK || r == VIE_RESTART, "status %s", vie_status_name(r));
		if (r == VIE_OK) {
			cr_assert_eq(gpa, 0xabcde456ull);
			ok++;
		} else {
			restart++;
		}
		__atomic_store_n(&o.walks, ok + restart, __ATOMIC_SEQ_CST);
	}
	pthread_join(t, NULL);
	cr_log_info("concurrent walks: %u ok, %u gave up racing; %u updates by the other thread",
	    ok, restart, o.iters);
	cr_assert(ok + restart >= 20000);
	cr_assert_eq((*pte >> 52) & 0x7f, o.iters % 128, "other vCPU's counter lost updates");
	/* Alone again, the walk succeeds and sets A without touching the
	 * counter. */
	uint64_t gpa;
	struct vie_exception exc;
	cr_assert_eq(vie_gla2gpa(&s, &pgt_ops_nocas, G, GLA4, R, &gpa, &exc), VIE_OK);
	cr_assert_eq(*pte, 0xabcde000ull | P | RW | ACC | (uint64_t)(o.iters % 128) << 52);
}
