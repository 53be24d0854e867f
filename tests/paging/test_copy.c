/*
 * test_copy.c - vie_copy_setup / copyin / copyout / teardown over ranges
 * that cross pages, and instruction fetch across a page boundary.
 */
#include <criterion/criterion.h>

#include "pgtest.h"

TestSuite(copy, .init = pgt_reset);

/* Linear pages 0x400000 and 0x401000 map to physical 0x21000 and 0x13000
 * (deliberately out of order). */
static struct vie_paging_state
two_pages(uint64_t leaf1, uint64_t leaf2)
{
	struct vie_paging_state s = st_64(1);
	build64(s.cr3, 4, 0x400000, 0x21000, 12, P | RW | US, leaf1);
	build64(s.cr3, 4, 0x401000, 0x13000, 12, P | RW | US, leaf2);
	for (unsigned i = 0; i < 0x1000; i++) {
		G->ram[0x21000 + i] = (uint8_t)i;
		G->ram[0x13000 + i] = (uint8_t)(0x80 + i);
	}
	return s;
}

Test(copy, copyin_across_pages)
{
	struct vie_paging_state s = two_pages(P | RW, P | RW);
	struct vm_copyinfo ci[3];
	struct vie_exception exc;
	int r = vie_copy_setup(&s, &pgt_ops, G, 0x400ffa, 12, R, ci, 3, &exc);
	cr_assert_eq(r, VIE_OK);
	cr_assert_eq(ci[0].gpa, 0x21ffa);
	cr_assert_eq(ci[0].len, 6);
	cr_assert_eq(ci[1].gpa, 0x13000);
	cr_assert_eq(ci[1].len, 6);
	cr_assert_eq(ci[2].len, 0);
	uint8_t buf[12];
	vie_copyin(ci, buf, sizeof(buf));
	static const uint8_t want[12] = { 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
		0x80, 0x81, 0x82, 0x83, 0x84, 0x85 };
	cr_assert_arr_eq(buf, want, 12);
	vie_copy_teardown(&pgt_ops, G, ci, 3);
	cr_assert_eq(G->maps, G->unmaps);
	cr_assert_eq(ci[0].hva, NULL);
}

Test(copy, copyout_across_pages_sets_d_on_both)
{
	struct vie_paging_state s = two_pages(P | RW, P | RW);
	struct vm_copyinfo ci[2];
	struct vie_exception exc;
	cr_assert_eq(vie_copy_setup(&s, &pgt_ops, G, 0x400ffe, 4, W, ci, 2, &exc), VIE_OK);
	static const uint8_t data[4] = { 0xde, 0xad, 0xbe, 0xef };
	vie_copyout(data, ci, 4);
	vie_copy_teardown(&pgt_ops, G, ci, 2);
	cr_assert_eq(G->ram[0x21ffe], 0xde);
	cr_assert_eq(G->ram[0x21fff], 0xad);
	cr_assert_eq(G->ram[0x13000], 0xbe);
	cr_assert_eq(G->ram[0x13001], 0xef);
	cr_assert_eq(G->ram[0x13002], 0x82);
	/* Both leaves dirty. */
	/* The builder made PDPT 0x100000, PD 0x101000, PT 0x102000; the PTEs
	 * of 0x400000 and 0x401000 are PT entries 0 and 1. */
	cr_assert_eq(get64(0x102000) & (ACC | DRT), ACC | DRT);
	cr_assert_eq(get64(0x102008) & (ACC | DRT), ACC | DRT);
}

Test(copy, fault_on_second_page_moves_nothing)
{
	struct vie_paging_state s = two_pages(P | RW, P); /* second read-only */
	struct vm_copyinfo ci[2];
	struct vie_exception exc;
	uint8_t before[0x30000];
	memcpy(before, G->ram, sizeof(before));
	int r = vie_copy_setup(&s, &pgt_ops, G, 0x400ff0, 0x20, W, ci, 2, &exc);
	cr_assert_eq(r, VIE_EXCEPTION);
	cr_assert_eq(exc.vector, VIE_VEC_PF);
	cr_assert_eq(exc.errcode, 0x3);
	cr_assert_eq(exc.cr2, 0x401000, "cr2 is the first byte of the faulting page");
	/* Data pages untouched (A/D of the first page may be set, as the CPU
	 * may; the data is what matters). */
	cr_assert_eq(memcmp(before + 0x13000, G->ram + 0x13000, 0x1000), 0);
	cr_assert_eq(memcmp(before + 0x21000, G->ram + 0x21000, 0x1000), 0);
	cr_assert_eq(ci[0].len, 0);
	cr_assert_eq(ci[0].hva, NULL);
	cr_assert_eq(G->maps, G->unmaps);
}

Test(copy, not_present_first_page)
{
	struct vie_paging_state s = two_pages(RW, P | RW);
	struct vm_copyinfo ci[2];
	struct vie_exception exc;
	cr_assert_eq(vie_copy_setup(&s, &pgt_ops, G, 0x400800, 0x1000, R, ci, 2, &exc), VIE_EXCEPTION);
	cr_assert_eq(exc.errcode, 0x0);
	cr_assert_eq(exc.cr2, 0x400800);
}

Test(copy, data_not_ram)
{
	struct vie_paging_state s = st_64(1);
	build64(s.cr3, 4, 0x400000, 0x21000, 12, P | RW, P | RW);
	build64(s.cr3, 4, 0x401000, 0x80000000ull, 12, P | RW, P | RW);
	struct vm_copyinfo ci[2];
	struct vie_exception exc;
	cr_assert_eq(vie_copy_setup(&s, &pgt_ops, G, 0x400ff0, 0x20, R, ci, 2, &exc), VIE_CALLBACK);
	cr_assert_eq(G->maps, G->unmaps, "the mapped first piece is released");
	cr_assert_eq(ci[0].hva, NULL);
}

Test(copy, bad_arguments)
{
	struct vie_paging_state s = two_pages(P | RW, P | RW);
	struct vm_copyinfo ci[2];
	struct vie_exception exc;
	/* 0x2000 bytes from mid-page touch 3 pages. */
	cr_assert_eq(vie_copy_setup(&s, &pgt_ops, G, 0x400800, 0x2000, R, ci, 2, &exc), VIE_BAD_ARGUMENT);
	cr_assert_eq(vie_copy_setup(&s, &pgt_ops, G, 0x400800, 0, R, ci, 2, &exc), VIE_BAD_ARGUMENT);
	cr_assert_eq(vie_copy_setup(&s, &pgt_ops, G, 0x400800, 4, 0, ci, 2, &exc), VIE_BAD_ARGUMENT);
	cr_assert_eq(vie_copy_setup(&s, &pgt_ops, G, 0x400800, ~(size_t)0, R, ci, 2, &exc), VIE_BAD_ARGUMENT);
	cr_assert_eq(G->maps, 0);
}

Test(copy, wraps_at_4g_outside_ia32e)
{
	struct vie_paging_state s = st_32(0);
	build32(s.cr3, 0xfffff000u, 0x7000, 12, P | RW, P | RW);
	build32(s.cr3, 0x00000000u, 0x8000, 12, P | RW, P | RW);
	G->ram[0x7fff] = 0x11;
	G->ram[0x8000] = 0x22;
	struct vm_copyinfo ci[2];
	struct vie_exception exc;
	cr_assert_eq(vie_copy_setup(&s, &pgt_ops, G, 0xffffffffu, 2, R, ci, 2, &exc), VIE_OK);
	uint8_t b[2];
	vie_copyin(ci, b, 2);
	cr_assert_eq(b[0], 0x11);
	cr_assert_eq(b[1], 0x22);
	vie_copy_teardown(&pgt_ops, G, ci, 2);
}

Test(copy, noncanonical_tail_in_64bit)
{
	struct vie_paging_state s = st_64(1);
	build64(s.cr3, 4, 0x00007ffffffff000ull, 0x7000, 12, P | RW, P | RW);
	struct vm_copyinfo ci[2];
	struct vie_exception exc;
	cr_assert_eq(vie_copy_setup(&s, &pgt_ops, G, 0x00007ffffffffffcull, 8, R, ci, 2, &exc),
	    VIE_EXCEPTION);
	cr_assert_eq(exc.vector, VIE_VEC_GP);
	cr_assert_eq(vie_copy_setup(&s, &pgt_ops, G, 0x00007ffffffffffcull, 8, R | VIE_ACC_STACK,
	    ci, 2, &exc), VIE_EXCEPTION);
	cr_assert_eq(exc.vector, VIE_VEC_SS);
}

/* ---- instruction fetch ---- */

Test(copy, fetch_across_boundary)
{
	struct vie_paging_state s = two_pages(P | RW, P | RW);
	uint8_t buf[15];
	unsigned got = 99;
	struct vie_exception exc;
	int r = vie_fetch(&s, &pgt_ops, G, 0x400ff8, buf, 15, 0, &got, &exc);
	cr_assert_eq(r, VIE_OK);
	cr_assert_eq(got, 15);
	static const uint8_t want[15] = { 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
		0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86 };
	cr_assert_arr_eq(buf, want, 15);
}

Test(copy, fetch_second_page_faults)
{
	struct vie_paging_state s = two_pages(P | RW, RW);
	uint8_t buf[15];
	unsigned got = 99;
	struct vie_exception exc;
	int r = vie_fetch(&s, &pgt_ops, G, 0x400ffb, buf, 15, 0, &got, &exc);
	cr_assert_eq(r, VIE_EXCEPTION);
	cr_assert_eq(got, 5, "the 5 bytes of the first page are valid");
	cr_assert_eq(buf[0], 0xfb);
	cr_assert_eq(buf[4], 0xff);
	cr_assert_eq(exc.vector, VIE_VEC_PF);
	cr_assert_eq(exc.errcode, 0x10, "not present, supervisor fetch, NXE: I/D");
	cr_assert_eq(exc.cr2, 0x401000);
	/* A fetch that ends within the first page never looks at the second. */
	r = vie_fetch(&s, &pgt_ops, G, 0x400ff0, buf, 15, 0, &got, &exc);
	cr_assert_eq(r, VIE_OK);
	cr_assert_eq(got, 15);
}

Test(copy, fetch_nx_and_smep)
{
	struct vie_paging_state s = two_pages(P | RW | XD, P | RW);
	uint8_t buf[15];
	unsigned got = 99;
	struct vie_exception exc;
	cr_assert_eq(vie_fetch(&s, &pgt_ops, G, 0x400ffb, buf, 15, 0, &got, &exc), VIE_EXCEPTION);
	cr_assert_eq(got, 0);
	cr_assert_eq(exc.errcode, 0x11);
	cr_assert_eq(exc.cr2, 0x400ffb);
	/* NX on the second page: partial. */
	pgt_reset();
	s = two_pages(P | RW, P | RW | XD);
	cr_assert_eq(vie_fetch(&s, &pgt_ops, G, 0x400ffb, buf, 15, 0, &got, &exc), VIE_EXCEPTION);
	cr_assert_eq(got, 5);
	cr_assert_eq(exc.errcode, 0x11);
	/* SMEP: user pages (the builder sets U/S) at CPL 0. */
	pgt_reset();
	s = two_pages(P | RW | US, P | RW | US);
	s.cr4 |= VIE_CR4_SMEP;
	cr_assert_eq(vie_fetch(&s, &pgt_ops, G, 0x400ffb, buf, 15, 0, &got, &exc), VIE_EXCEPTION);
	cr_assert_eq(got, 0);
	cr_assert_eq(exc.errcode, 0x11);
	s.cpl = 3;
	cr_assert_eq(vie_fetch(&s, &pgt_ops, G, 0x400ffb, buf, 15, 0, &got, &exc), VIE_OK);
}

Test(copy, fetch_arguments_and_nofault)
{
	struct vie_paging_state s = two_pages(P | RW, P | RW);
	uint8_t buf[16];
	unsigned got;
	struct vie_exception exc;
	cr_assert_eq(vie_fetch(&s, &pgt_ops, G, 0x400000, buf, 16, 0, &got, &exc), VIE_BAD_ARGUMENT);
	cr_assert_eq(vie_fetch(&s, &pgt_ops, G, 0x400000, buf, 0, 0, &got, &exc), VIE_BAD_ARGUMENT);
	cr_assert_eq(vie_fetch(&s, &pgt_ops, G, 0x400000, buf, 4, W, &got, &exc), VIE_BAD_ARGUMENT);
	cr_assert_eq(vie_fetch(&s, &pgt_ops, G, 0x400ff8, buf, 15, VIE_ACC_NOFAULT, &got, &exc), VIE_OK);
	cr_assert_eq(G->cmpxchg_calls, 0);
	cr_assert_eq(got, 15);
}

Test(copy, fetch_wraps_in_32bit)
{
	struct vie_paging_state s = st_32(0);
	build32(s.cr3, 0xfffff000u, 0x7000, 12, P | RW, P | RW);
	build32(s.cr3, 0x00000000u, 0x8000, 12, P | RW, P | RW);
	G->ram[0x7fff] = 0x90;
	G->ram[0x8000] = 0xc3;
	uint8_t buf[2];
	unsigned got;
	struct vie_exception exc;
	cr_assert_eq(vie_fetch(&s, &pgt_ops, G, 0xffffffffu, buf, 2, 0, &got, &exc), VIE_OK);
	cr_assert_eq(buf[0], 0x90);
	cr_assert_eq(buf[1], 0xc3);
}

Test(copy, flat_mode_copy_and_fetch)
{
	struct vie_paging_state s = st_flat();
	G->ram[0x5fff] = 0x0f;
	G->ram[0x6000] = 0x0b;
	struct vm_copyinfo ci[2];
	struct vie_exception exc;
	cr_assert_eq(vie_copy_setup(&s, &pgt_ops, G, 0x5fff, 2, W, ci, 2, &exc), VIE_OK);
	cr_assert_eq(ci[0].gpa, 0x5fff);
	cr_assert_eq(ci[0].len, 1);
	cr_assert_eq(ci[1].gpa, 0x6000);
	vie_copy_teardown(&pgt_ops, G, ci, 2);
	uint8_t buf[2];
	unsigned got;
	cr_assert_eq(vie_fetch(&s, &pgt_ops, G, 0x5fff, buf, 2, 0, &got, &exc), VIE_OK);
	cr_assert_eq(buf[0], 0x0f);
	cr_assert_eq(buf[1], 0x0b);
	/* Code outside RAM: nothing fetched, CALLBACK. */
	cr_assert_eq(vie_fetch(&s, &pgt_ops, G, PGT_RAM - 1, buf, 2, 0, &got, &exc), VIE_CALLBACK);
	cr_assert_eq(got, 1, "the last byte of RAM was fetched");
	cr_assert_eq(G->maps, G->unmaps);
}
