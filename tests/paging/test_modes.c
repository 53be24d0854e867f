/*
 * test_modes.c - one walk per paging mode and page size, with the tables
 * written out entry by entry and the expected physical addresses worked
 * out by hand from the SDM vol. 3 ch. 4 address formats.
 */
#include <criterion/criterion.h>

#include "pgtest.h"

TestSuite(modes, .init = pgt_reset);

/* ---- mode selection (SDM vol. 3 sec. 4.1.1, table 4-1) ---- */

Test(modes, mode_of)
{
	struct vie_paging_state s = st_flat();
	cr_assert_eq(vie_paging_mode_of(&s), PAGING_MODE_FLAT);
	s = st_32(1);
	cr_assert_eq(vie_paging_mode_of(&s), PAGING_MODE_32);
	s = st_pae(0);
	cr_assert_eq(vie_paging_mode_of(&s), PAGING_MODE_PAE);
	s = st_64(0);
	cr_assert_eq(vie_paging_mode_of(&s), PAGING_MODE_64);
	s = st_57(0);
	cr_assert_eq(vie_paging_mode_of(&s), PAGING_MODE_64_LA57);
	/* LA57 without long mode does nothing: still PAE. */
	s = st_pae(0);
	s.cr4 |= VIE_CR4_LA57;
	cr_assert_eq(vie_paging_mode_of(&s), PAGING_MODE_PAE);
	/* LME without LMA but with PG counts as long mode. */
	s = st_64(0);
	s.efer &= ~VIE_EFER_LMA;
	cr_assert_eq(vie_paging_mode_of(&s), PAGING_MODE_64);
	/* PG off wins over everything. */
	s = st_57(1);
	s.cr0 &= ~VIE_CR0_PG;
	cr_assert_eq(vie_paging_mode_of(&s), PAGING_MODE_FLAT);
}

Test(modes, flat_is_identity_32bit)
{
	struct vie_paging_state s = st_flat();
	EXPECT_GPA(&s, 0x12345678, W, 0x12345678);
	/* Outside IA-32e mode linear addresses are 32 bits. */
	EXPECT_GPA(&s, 0xabc0000012345678ull, R, 0x12345678);
	/* Flat mode reads no tables. */
	cr_assert_eq(G->maps, 0);
}

/* ---- 32-bit paging (sec. 4.3) ---- */

Test(modes, p32_4k)
{
	struct vie_paging_state s = st_32(0);
	/* gla 0x00403123: PDE index 1, PTE index 3, offset 0x123. */
	put32(0x1004, 0x2000 | P | RW);
	put32(0x200c, 0x00055000 | P | RW);
	EXPECT_GPA(&s, 0x00403123, R, 0x55123);
	/* Bits above 31 of the linear address are ignored. */
	EXPECT_GPA(&s, 0xffffffff00403123ull, R, 0x55123);
	/* CR3 bits 11:0 (PWT, PCD, ...) are not address bits. */
	s.cr3 = 0x1018;
	EXPECT_GPA(&s, 0x00403123, R, 0x55123);
}

Test(modes, p32_4m_pse)
{
	struct vie_paging_state s = st_32(1);
	/* PDE 1 maps the 4 MiB page at 0x00c00000. */
	put32(0x1004, 0x00c00000 | P | RW | PS);
	EXPECT_GPA(&s, 0x00412345, R, 0x00c12345);
	EXPECT_GPA(&s, 0x007fffff, W, 0x00ffffff);
}

Test(modes, p32_ps_ignored_without_pse)
{
	struct vie_paging_state s = st_32(0);
	/* Without CR4.PSE the PDE points to a page table at 0x00c00000 + ...
	 * here that table is at 0x3000 so the walk goes on as 4 KiB. */
	put32(0x1004, 0x3000 | P | RW | PS);
	put32(0x3000 + 0x12 * 4, 0x77000 | P);
	EXPECT_GPA(&s, 0x00412345, R, 0x77345);
}

Test(modes, p32_pse36_high_bits)
{
	struct vie_paging_state s = st_32(1);
	s.maxphyaddr = 40;
	/* PDE bits 20:13 = 0x12 give address bits 39:32. */
	put32(0x1004, 0x00c00000 | (0x12u << 13) | P | PS);
	EXPECT_GPA(&s, 0x00412345, R, 0x1200c12345ull);
	/* MAXPHYADDR 52 is capped at 40 for 32-bit paging: same result. */
	s.maxphyaddr = 52;
	EXPECT_GPA(&s, 0x00412345, R, 0x1200c12345ull);
	/* MAXPHYADDR 36: only bits 16:13 are address, 21:17 reserved.
	 * 0x12 has bit 4 (PDE bit 17) set. */
	s.maxphyaddr = 36;
	EXPECT_PF(&s, 0x00412345, R, VIE_PF_P | VIE_PF_RSVD);
	put32(0x1004, 0x00c00000 | (0x5u << 13) | P | PS);
	EXPECT_GPA(&s, 0x00412345, R, 0x500c12345ull);
}

Test(modes, p32_4m_bit21_reserved)
{
	struct vie_paging_state s = st_32(1);
	put32(0x1004, 0x00c00000 | (1u << 21) | P | PS);
	EXPECT_PF(&s, 0x00412345, R, VIE_PF_P | VIE_PF_RSVD);
	/* The same bit in a 4 KiB PTE is an address bit: no fault. */
	struct vie_paging_state s2 = st_32(1);
	put32(0x1008, 0x2000 | P);
	put32(0x2000, 0x00200000 | P);
	EXPECT_GPA(&s2, 0x00800000, R, 0x00200000);
}

Test(modes, p32_pte_has_no_reserved_bits)
{
	struct vie_paging_state s = st_32(1);
	s.maxphyaddr = 32;
	/* PAT (bit 7), G (bit 8), AVL (11:9) in a PTE never fault. */
	put32(0x1004, 0x2000 | P | RW | US | 0xe00);
	put32(0x200c, 0xfffff000u | P | 0x180 | 0xe00);
	EXPECT_GPA(&s, 0x00403ffe, R, 0xfffffffeull);
}

/* ---- PAE paging (sec. 4.4) ---- */

Test(modes, pae_4k)
{
	struct vie_paging_state s = st_pae(0);
	/* CR3 need only be 32-byte aligned: PDPT at 0x3020.  gla 0xc0201123:
	 * PDPTE 3 (at 0x3038), PDE 1, PTE 1, offset 0x123. */
	s.cr3 = 0x3020;
	put64(0x3038, 0x4000 | P);
	put64(0x4008, 0x5000 | P | RW);
	put64(0x5008, 0x123456000ull | P | RW);
	EXPECT_GPA(&s, 0xc0201123, R, 0x123456123ull);
	/* The PDPTE gets no accessed bit: it has none. */
	cr_assert_eq(get64(0x3038), 0x4000 | P);
	cr_assert_eq(get64(0x4008), 0x5000 | P | RW | ACC);
}

Test(modes, pae_2m)
{
	struct vie_paging_state s = st_pae(0);
	put64(0x1000, 0x4000 | P);
	/* PDE 3 maps 2 MiB at 0x7fe00000. */
	put64(0x4018, 0x7fe00000ull | P | PS);
	EXPECT_GPA(&s, 0x006abcde, R, 0x7feabcde);
	/* A reserved bit among 20:13 of a 2 MiB PDE. */
	put64(0x4018, 0x7fe00000ull | (1u << 13) | P | PS);
	EXPECT_PF(&s, 0x006abcde, R, VIE_PF_P | VIE_PF_RSVD);
	/* PAT (bit 12) is not reserved. */
	put64(0x4018, 0x7fe00000ull | (1u << 12) | P | PS);
	EXPECT_GPA(&s, 0x006abcde, R, 0x7feabcde);
}

Test(modes, pae_pdpte_reserved_and_absent)
{
	struct vie_paging_state s = st_pae(1);
	put64(0x4000, 0x5000 | P);
	put64(0x5000, 0x9000 | P);
	put64(0x1000, 0x4000 | P);
	EXPECT_GPA(&s, 0x00000abc, R, 0x9abc);
	static const uint64_t bad[] = { 1u << 1, 1u << 2, 1u << 5, 1u << 6,
		1u << 7, 1u << 8, 1ull << 63, 1ull << 52 };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put64(0x1000, 0x4000 | P | bad[i]);
		EXPECT_PF(&s, 0x00000abc, R, VIE_PF_P | VIE_PF_RSVD);
	}
	/* PWT/PCD and the ignored bits 11:9 are fine. */
	put64(0x1000, 0x4000 | P | 0x18 | 0xe00);
	EXPECT_GPA(&s, 0x00000abc, R, 0x9abc);
	/* MAXPHYADDR 36: bit 36 reserved. */
	s.maxphyaddr = 36;
	put64(0x1000, 0x4000 | P | (1ull << 36));
	EXPECT_PF(&s, 0x00000abc, R, VIE_PF_P | VIE_PF_RSVD);
	put64(0x1000, 0x4000);
	EXPECT_PF(&s, 0x00000abc, W, VIE_PF_W);
}

Test(modes, pae_cached_pdptes)
{
	struct vie_paging_state s = st_pae(0);
	/* Memory says not present; the loaded PDPTE says present. */
	put64(0x1008, 0);
	put64(0x4000, 0x5000 | P);
	put64(0x5000, 0x9000 | P);
	s.flags |= VIE_PG_PDPTES;
	s.pdpte[1] = 0x4000 | P;
	EXPECT_GPA(&s, 0x40000010, R, 0x9010);
	s.flags &= ~VIE_PG_PDPTES;
	EXPECT_PF(&s, 0x40000010, R, 0);
}

Test(modes, pae_xd_and_high_bits)
{
	struct vie_paging_state s = st_pae(0);
	put64(0x1000, 0x4000 | P);
	put64(0x4000, 0x5000 | P | RW);
	put64(0x5000, 0x9000 | P | XD);
	/* Without NXE bit 63 is reserved. */
	EXPECT_PF(&s, 0x123, R, VIE_PF_P | VIE_PF_RSVD);
	s.efer |= VIE_EFER_NXE;
	EXPECT_GPA(&s, 0x123, R, 0x9123);
	EXPECT_PF(&s, 0x123, F, VIE_PF_P | VIE_PF_ID);
	/* PAE: bits 62:MAXPHYADDR are reserved (unlike 4-level paging). */
	put64(0x5000, 0x9000 | P | (1ull << 62));
	EXPECT_PF(&s, 0x123, R, VIE_PF_P | VIE_PF_RSVD);
	put64(0x5000, 0x9000 | P | (1ull << 52));
	EXPECT_PF(&s, 0x123, R, VIE_PF_P | VIE_PF_RSVD);
}

/* ---- 4-level paging (sec. 4.5) ---- */

/* gla 0x7f8040403456: PML4 0xff, PDPT 1, PD 2, PT 3, offset 0x456. */
#define GLA4 0x00007f8040403456ull

static void
tables4(void)
{
	put64(0x1000 + 0xff * 8, 0x2000 | P | RW | US);
	put64(0x2000 + 1 * 8, 0x3000 | P | RW | US);
	put64(0x3000 + 2 * 8, 0x4000 | P | RW | US);
	put64(0x4000 + 3 * 8, 0xabcde000ull | P | RW | US);
}

Test(modes, l4_4k)
{
	struct vie_paging_state s = st_64(1);
	tables4();
	EXPECT_GPA(&s, GLA4, R, 0xabcde456ull);
	/* CR3 PCID bits and bit 63 are not address bits. */
	s.cr3 = 0x8000000000001fffull;
	EXPECT_GPA(&s, GLA4, R, 0xabcde456ull);
}

Test(modes, l4_2m)
{
	struct vie_paging_state s = st_64(1);
	tables4();
	put64(0x3010, 0x40000000ull | P | RW | PS);
	EXPECT_GPA(&s, GLA4, R, 0x40003456ull);
	put64(0x3010, 0x40000000ull | (1u << 20) | P | RW | PS);
	EXPECT_PF(&s, GLA4, R, VIE_PF_P | VIE_PF_RSVD);
}

Test(modes, l4_1g)
{
	struct vie_paging_state s = st_64(1);
	tables4();
	put64(0x2008, 0x140000000ull | P | RW | PS);
	EXPECT_GPA(&s, GLA4, R, 0x140403456ull);
	/* Bits 29:13 of a 1 GiB PDPTE are reserved. */
	put64(0x2008, 0x140000000ull | (1u << 29) | P | RW | PS);
	EXPECT_PF(&s, GLA4, R, VIE_PF_P | VIE_PF_RSVD);
	put64(0x2008, 0x140000000ull | (1u << 13) | P | RW | PS);
	EXPECT_PF(&s, GLA4, R, VIE_PF_P | VIE_PF_RSVD);
	/* A CPU without 1 GiB pages: PS in a PDPTE is reserved. */
	put64(0x2008, 0x140000000ull | P | RW | PS);
	s.flags &= ~VIE_PG_1G;
	EXPECT_PF(&s, GLA4, R, VIE_PF_P | VIE_PF_RSVD);
}

Test(modes, l4_pml4_ps_reserved)
{
	struct vie_paging_state s = st_64(1);
	tables4();
	put64(0x17f8, 0x2000 | P | RW | US | PS);
	EXPECT_PF(&s, GLA4, R, VIE_PF_P | VIE_PF_RSVD);
}

Test(modes, l4_maxphyaddr)
{
	struct vie_paging_state s = st_64(1);
	tables4();
	put64(0x4018, (1ull << 36) | P);
	EXPECT_GPA(&s, GLA4, R, (1ull << 36) | 0x456);
	s.maxphyaddr = 36;
	EXPECT_PF(&s, GLA4, R, VIE_PF_P | VIE_PF_RSVD);
	/* A reserved address bit in a non-leaf entry. */
	put64(0x4018, 0xabcde000ull | P);
	put64(0x3010, 0x4000 | (1ull << 40) | P);
	EXPECT_PF(&s, GLA4, R, VIE_PF_P | VIE_PF_RSVD);
	s.maxphyaddr = 41;
	EXPECT_STATUS(&s, GLA4, R, VIE_CALLBACK); /* table at 1 TiB: not RAM */
}

Test(modes, l4_ignored_high_bits)
{
	struct vie_paging_state s = st_64(1);
	tables4();
	/* Bits 62:52 are ignored in 4-level paging (keys only with PKE). */
	put64(0x4018, 0xabcde000ull | P | (0x7ffull << 52));
	EXPECT_GPA(&s, GLA4, R, 0xabcde456ull);
	/* Bit 63 is reserved without NXE. */
	s.efer &= ~VIE_EFER_NXE;
	put64(0x4018, 0xabcde000ull | P | XD);
	EXPECT_PF(&s, GLA4, R, VIE_PF_P | VIE_PF_RSVD);
}

Test(modes, l4_canonical)
{
	struct vie_paging_state s = st_64(1);
	uint64_t gpa;
	struct vie_exception exc;
	int r = tr(&s, 0x0000800000000000ull, R, &gpa, &exc);
	cr_assert_eq(r, VIE_EXCEPTION);
	cr_assert_eq(exc.vector, VIE_VEC_GP);
	cr_assert_eq(exc.errcode_valid, 1);
	cr_assert_eq(exc.errcode, 0);
	r = tr(&s, 0xffff7fffffffffffull, W | VIE_ACC_STACK, &gpa, &exc);
	cr_assert_eq(r, VIE_EXCEPTION);
	cr_assert_eq(exc.vector, VIE_VEC_SS);
	cr_assert_eq(exc.errcode, 0);
	cr_assert_eq(G->maps, 0, "non-canonical address must not read tables");
	/* 0xffff800000000000 is canonical: PML4 index 0x100. */
	put64(0x1800, 0x2000 | P);
	put64(0x2000, 0x3000 | P);
	put64(0x3000, 0x4000 | P);
	put64(0x4000, 0x8000 | P);
	EXPECT_GPA(&s, 0xffff800000000010ull, R, 0x8010);
}

/* ---- 5-level paging (sec. 4.5, CR4.LA57) ---- */

Test(modes, l5_walk_and_canonical)
{
	struct vie_paging_state s = st_57(1);
	/* gla 0x0000800000000123 is canonical only with LA57: PML5 index 0,
	 * PML4 index 0x100 (bit 47), rest 0. */
	put64(0x1000, 0x2000 | P | RW);
	put64(0x2800, 0x3000 | P | RW);
	put64(0x3000, 0x4000 | P | RW);
	put64(0x4000, 0x5000 | P | RW);
	put64(0x5000, 0x6000 | P | RW);
	EXPECT_GPA(&s, 0x0000800000000123ull, W, 0x6123);
	cr_assert_eq(get64(0x1000), 0x2000 | P | RW | ACC, "PML5E A bit");
	cr_assert_eq(get64(0x5000), 0x6000 | P | RW | ACC | DRT);
	/* Bit 56 set with 63:57 clear: non-canonical. */
	EXPECT_STATUS(&s, 0x0100000000000000ull, R, VIE_EXCEPTION);
	/* 0xff00000000000000 is canonical (PML5 index 0x100). */
	put64(0x1800, 0x2000 | P);
	put64(0x2000, 0x7000 | P);
	put64(0x7000, 0x4000 | P);
	EXPECT_GPA(&s, 0xff00000000000abcull, R, 0x6abc);
	/* The same address under 4-level paging is non-canonical. */
	struct vie_paging_state s4 = st_64(1);
	EXPECT_STATUS(&s4, 0x0000800000000123ull, R, VIE_EXCEPTION);
}

Test(modes, l5_pml5_ps_reserved)
{
	struct vie_paging_state s = st_57(1);
	put64(0x1000, 0x2000 | P | PS);
	EXPECT_PF(&s, 0x123, R, VIE_PF_P | VIE_PF_RSVD);
	put64(0x1000, 0x2000);
	EXPECT_PF(&s, 0x123, R, 0);
}

Test(modes, l5_1g)
{
	struct vie_paging_state s = st_57(1);
	put64(0x1000 + 0x1ff * 8, 0x2000 | P); /* PML5 index 0x1ff: gla bits 56:48 */
	put64(0x2000 + 0x1ff * 8, 0x3000 | P); /* PML4 0x1ff */
	put64(0x3000 + 0x1ff * 8, 0xc0000000ull | P | PS); /* PDPT 0x1ff: 1 GiB */
	EXPECT_GPA(&s, 0xffffffffc1234567ull, R, 0xc1234567ull);
}

/* ---- argument checks ---- */

Test(modes, bad_arguments)
{
	struct vie_paging_state s = st_64(1);
	uint64_t gpa;
	struct vie_exception exc;
	cr_assert_eq(tr(&s, 0, 0, &gpa, &exc), VIE_BAD_ARGUMENT);
	cr_assert_eq(tr(&s, 0, R | W, &gpa, &exc), VIE_BAD_ARGUMENT);
	cr_assert_eq(tr(&s, 0, R | 0x100, &gpa, &exc), VIE_BAD_ARGUMENT);
	cr_assert_eq(vie_gla2gpa(&s, &pgt_ops, G, 0, R, NULL, &exc), VIE_BAD_ARGUMENT);
	cr_assert_eq(vie_gla2gpa(NULL, &pgt_ops, G, 0, R, &gpa, &exc), VIE_BAD_ARGUMENT);
	struct vie_guest_mem_ops nomap = { NULL, NULL, NULL };
	cr_assert_eq(vie_gla2gpa(&s, &nomap, G, 0, R, &gpa, &exc), VIE_BAD_ARGUMENT);
	s.cpl = 4;
	cr_assert_eq(tr(&s, 0, R, &gpa, &exc), VIE_BAD_ARGUMENT);
	s = st_64(1);
	s.maxphyaddr = 31;
	cr_assert_eq(tr(&s, 0, R, &gpa, &exc), VIE_BAD_ARGUMENT);
	s.maxphyaddr = 53;
	cr_assert_eq(tr(&s, 0, R, &gpa, &exc), VIE_BAD_ARGUMENT);
	s = st_64(1);
	s.cr4 &= ~VIE_CR4_PAE; /* long mode without PAE */
	cr_assert_eq(tr(&s, 0, R, &gpa, &exc), VIE_BAD_ARGUMENT);
	s = st_64(1);
	s.flags |= 0x80;
	cr_assert_eq(tr(&s, 0, R, &gpa, &exc), VIE_BAD_ARGUMENT);
	cr_assert_eq(G->maps, 0);
}

Test(modes, maxphyaddr_zero_means_52)
{
	struct vie_paging_state s = st_64(1);
	tables4();
	put64(0x4018, (1ull << 51) | P);
	s.maxphyaddr = 0;
	EXPECT_GPA(&s, GLA4, R, (1ull << 51) | 0x456);
}

Test(modes, walk_record)
{
	struct vie_paging_state s = st_64(1);
	tables4();
	put64(0x3010, 0x40000000ull | P | RW | PS | ACC);
	struct vie_walk wk;
	uint64_t gpa;
	struct vie_exception exc;
	int r = vie_walk(&s, &pgt_ops, G, GLA4, R, &gpa, &exc, &wk);
	cr_assert_eq(r, VIE_OK);
	cr_assert_eq(wk.mode, PAGING_MODE_64);
	cr_assert_eq(wk.levels, 3);
	cr_assert_eq(wk.page_shift, 21);
	cr_assert_eq(wk.entry[0].gpa, 0x17f8);
	cr_assert_eq(wk.entry[0].value, 0x2000 | P | RW | US, "value before the A update");
	cr_assert_eq(wk.entry[1].gpa, 0x2008);
	cr_assert_eq(wk.entry[2].gpa, 0x3010);
	cr_assert_eq(wk.restarts, 0);
}
