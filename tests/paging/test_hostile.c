/*
 * test_hostile.c - page tables a guest can point anywhere: outside RAM,
 * at themselves, full of garbage.  Every walk must end in a defined
 * status, read only through the callbacks and never loop.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "pgtest.h"

TestSuite(hostile, .init = pgt_reset);

Test(hostile, cr3_outside_ram)
{
	struct vie_paging_state s = st_64(1);
	s.cr3 = 0x7fff0000000ull;
	EXPECT_STATUS(&s, 0x1000, R, VIE_CALLBACK);
	s = st_32(1);
	s.cr3 = 0xfffff000u;
	EXPECT_STATUS(&s, 0x1000, R, VIE_CALLBACK);
	s = st_pae(1);
	s.cr3 = 0xffffffe0u;
	EXPECT_STATUS(&s, 0xc0000000u, R, VIE_CALLBACK);
}

Test(hostile, entry_points_outside_ram)
{
	struct vie_paging_state s = st_64(1);
	put64(0x1000, 0x40000000000ull | P | RW); /* PDPT at 4 TiB */
	EXPECT_STATUS(&s, 0x1000, R, VIE_CALLBACK);
	/* The A bit of the PML4E was set before the walk went on. */
	cr_assert_eq(get64(0x1000) & ACC, ACC);
	/* A table whose last entry is the last 8 bytes of RAM is fine. */
	put64(0x1000, (PGT_RAM - 0x1000) | P | RW);
	put64(PGT_RAM - 8, 0x3000 | P | RW); /* PDPT index 511 */
	put64(0x3000, 0x4000 | P);
	put64(0x4000, 0x5000 | P);
	EXPECT_GPA(&s, 0x0000007fc0000123ull, R, 0x5123);
}

Test(hostile, recursive_self_map)
{
	/* PML4E 511 points at the PML4 itself: the classic recursive map.
	 * All four indices 511 walk the same entry four times and the "page"
	 * is the PML4 page. */
	struct vie_paging_state s = st_64(1);
	put64(0x1ff8, 0x1000 | P | RW);
	EXPECT_GPA(&s, 0xfffffffffffff123ull, R, 0x1123);
	struct vie_walk wk;
	uint64_t gpa;
	struct vie_exception exc;
	cr_assert_eq(vie_walk(&s, &pgt_ops, G, 0xfffffffffffff123ull, W, &gpa, &exc, &wk), VIE_OK);
	cr_assert_eq(wk.levels, 4);
	/* The entry is now its own leaf, written dirty. */
	cr_assert_eq(get64(0x1ff8), 0x1000 | P | RW | ACC | DRT);
	/* With PS set it is a reserved-bit fault at the top. */
	put64(0x1ff8, 0x1000 | P | RW | PS);
	EXPECT_PF(&s, 0xfffffffffffff123ull, R, 0x9);
}

Test(hostile, self_map_32bit_and_pae)
{
	struct vie_paging_state s = st_32(1);
	put32(0x1ffc, 0x1000 | P | RW); /* PDE 1023 -> the PD */
	EXPECT_GPA(&s, 0xfffff123u, R, 0x1123);
	pgt_reset();
	s = st_pae(1);
	/* PDPT at 0x1000; PDPTE 3 -> PD at 0x1000 too (the PDPT page);
	 * PDE index 0x1ff is at 0x1ff8: point it at 0x1000 as well. */
	put64(0x1018, 0x1000 | P);
	put64(0x1ff8, 0x1000 | P | RW);
	/* PT index 0x1ff -> 0x1ff8 again, the leaf maps page 0x1000. */
	EXPECT_GPA(&s, 0xfffff123u, R, 0x1123);
}

static int
ok_status(int r)
{
	return r == VIE_OK || r == VIE_EXCEPTION || r == VIE_CALLBACK || r == VIE_RESTART;
}

Test(hostile, random_garbage_tables)
{
	/* Garbage in the first 64 KiB, tables pointing into it with high
	 * probability: every status must be one of the defined ones, every
	 * OK translation below 2^MAXPHYADDR, and every #PF well-formed. */
	unsigned seed = 12345;
	unsigned n = getenv("VIE_PAGING_GARBAGE") ? (unsigned)atoi(getenv("VIE_PAGING_GARBAGE")) : 20000;
	unsigned counts[VIE_STATUS_COUNT] = { 0 };
	for (unsigned i = 0; i < n; i++) {
		if (i % 64 == 0) {
			for (unsigned j = 0; j < 0x10000; j += 4) {
				uint32_t v = (uint32_t)rand_r(&seed) << 1 ^ (uint32_t)rand_r(&seed);
				/* Keep most addresses inside the garbage area. */
				if (rand_r(&seed) % 4)
					v &= 0xffffu | 0xfffu;
				put32(j, v);
			}
		}
		struct vie_paging_state s;
		static const int modes[] = { 0, 1, 2, 3, 4 };
		int m = modes[rand_r(&seed) % 5];
		s = m == 0 ? st_flat() : m == 1 ? st_32(rand_r(&seed) & 1) :
		    m == 2 ? st_pae(rand_r(&seed) & 1) : m == 3 ? st_64(rand_r(&seed) & 1) :
		    st_57(rand_r(&seed) & 1);
		s.cr3 = (uint64_t)(rand_r(&seed) % 16) << 12 | (uint64_t)(rand_r(&seed) & 0xfe0);
		s.cpl = (uint8_t)(rand_r(&seed) % 4);
		s.cr4 |= (uint64_t)(rand_r(&seed) & 7) << 20; /* SMEP SMAP PKE */
		s.maxphyaddr = (uint8_t)(32 + rand_r(&seed) % 21);
		s.pkru = (uint32_t)rand_r(&seed);
		s.flags = (uint16_t)(rand_r(&seed) & 1);
		uint64_t gla = (uint64_t)rand_r(&seed) << 33 ^ (uint64_t)rand_r(&seed) << 2 ^
		    (uint64_t)rand_r(&seed);
		if (rand_r(&seed) & 1)
			gla = (uint64_t)((int64_t)(gla << 16) >> 16);
		unsigned acc = (1u << (rand_r(&seed) % 3)) | ((unsigned)rand_r(&seed) & 0x38);
		uint64_t gpa;
		struct vie_exception exc;
		int r = tr(&s, gla, acc, &gpa, &exc);
		cr_assert(ok_status(r), "case %u: status %d", i, r);
		counts[r]++;
		if (r == VIE_OK)
			cr_assert(gpa < (1ull << s.maxphyaddr), "case %u: gpa 0x%llx beyond MAXPHYADDR",
			    i, (unsigned long long)gpa);
		if (r == VIE_EXCEPTION) {
			cr_assert(exc.vector == VIE_VEC_PF || exc.vector == VIE_VEC_GP ||
			    exc.vector == VIE_VEC_SS);
			cr_assert_eq(exc.errcode & ~0x3fu, 0);
		}
	}
	cr_assert(counts[VIE_OK] > 0 && counts[VIE_EXCEPTION] > 0 && counts[VIE_CALLBACK] > 0,
	    "garbage should produce ok (%u), exception (%u) and callback (%u)",
	    counts[VIE_OK], counts[VIE_EXCEPTION], counts[VIE_CALLBACK]);
	cr_assert_eq(G->maps, G->unmaps);
}
