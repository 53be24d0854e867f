/*
 * test_perm.c - the access-rights model of SDM vol. 3 sec. 4.6 and the
 * #PF error code of sec. 4.7, one rule at a time.  Expected error codes
 * are written out from the bit definitions: P=1 W=2 U=4 RSVD=8 ID=0x10
 * PK=0x20.
 */
#include <criterion/criterion.h>

#include "pgtest.h"

TestSuite(perm, .init = pgt_reset);

#define GLA 0x0000000040201abcull
#define PA  0x00009000ull

static struct vie_paging_state
setup(uint64_t upper, uint64_t leaf, int cpl)
{
	struct vie_paging_state s = st_64(1);
	s.cpl = (uint8_t)cpl;
	build64(s.cr3, 4, GLA, PA, 12, upper, leaf);
	return s;
}

Test(perm, user_reads_supervisor_page)
{
	struct vie_paging_state s = setup(P | RW | US, P | RW, 3);
	EXPECT_PF(&s, GLA, R, 0x5);
	EXPECT_PF(&s, GLA, W, 0x7);
	s.cpl = 0;
	EXPECT_GPA(&s, GLA, R, PA | 0xabc);
	/* CPL 1 and 2 are supervisor too. */
	s.cpl = 2;
	EXPECT_GPA(&s, GLA, W, PA | 0xabc);
}

Test(perm, us_must_be_set_at_every_level)
{
	struct vie_paging_state s = setup(P | RW | US, P | RW | US, 3);
	EXPECT_GPA(&s, GLA, R, PA | 0xabc);
	put64(0x1000, get64(0x1000) & ~US); /* PML4E index 0 */
	EXPECT_PF(&s, GLA, R, 0x5);
}

Test(perm, user_write_readonly)
{
	struct vie_paging_state s = setup(P | RW | US, P | US, 3);
	EXPECT_GPA(&s, GLA, R, PA | 0xabc);
	EXPECT_PF(&s, GLA, W, 0x7);
	/* WP does not matter for user-mode writes. */
	s.cr0 &= ~VIE_CR0_WP;
	EXPECT_PF(&s, GLA, W, 0x7);
}

Test(perm, rw_must_be_set_at_every_level)
{
	struct vie_paging_state s = setup(P | RW | US, P | RW | US, 3);
	uint64_t pdpte = 0x100000; /* first table the builder allocated */
	put64(pdpte + 1 * 8, get64(pdpte + 8) & ~RW); /* gla bits 38:30 = 1 */
	EXPECT_PF(&s, GLA, W, 0x7);
	s.cpl = 0;
	EXPECT_PF(&s, GLA, W, 0x3);
	s.cr0 &= ~VIE_CR0_WP;
	EXPECT_GPA(&s, GLA, W, PA | 0xabc);
}

Test(perm, supervisor_write_wp)
{
	struct vie_paging_state s = setup(P | RW, P, 0);
	EXPECT_PF(&s, GLA, W, 0x3);
	s.cr0 &= ~VIE_CR0_WP;
	EXPECT_GPA(&s, GLA, W, PA | 0xabc);
}

Test(perm, nx)
{
	struct vie_paging_state s = setup(P | RW | US, P | RW | US | XD, 3);
	EXPECT_GPA(&s, GLA, R, PA | 0xabc);
	EXPECT_PF(&s, GLA, F, 0x15);
	s.cpl = 0;
	EXPECT_PF(&s, GLA, F, 0x11);
	/* XD in a non-leaf entry counts too. */
	struct vie_paging_state s2 = setup(P | RW | US, P | RW | US, 0);
	put64(0x1000, get64(0x1000) | XD);
	EXPECT_PF(&s2, GLA, F, 0x11);
}

Test(perm, not_present_error_codes)
{
	struct vie_paging_state s = setup(P | RW | US, RW | US, 3);
	EXPECT_PF(&s, GLA, R, 0x4);
	EXPECT_PF(&s, GLA, W, 0x6);
	EXPECT_PF(&s, GLA, F, 0x14); /* NXE=1: I/D reported */
	s.cpl = 0;
	EXPECT_PF(&s, GLA, R, 0x0);
	EXPECT_PF(&s, GLA, F, 0x10);
	/* Neither NXE nor SMEP: I/D is 0 even for a fetch. */
	s.efer &= ~VIE_EFER_NXE;
	EXPECT_PF(&s, GLA, F, 0x0);
	s.cr4 |= VIE_CR4_SMEP;
	EXPECT_PF(&s, GLA, F, 0x10);
}

Test(perm, id_bit_in_32bit_paging)
{
	/* I/D needs SMEP, or CR4.PAE with NXE; 32-bit paging has PAE = 0. */
	struct vie_paging_state s = st_32(0);
	s.efer = VIE_EFER_NXE;
	put32(0x1000, 0x2000 | P | RW);
	put32(0x2000, 0);
	EXPECT_PF(&s, 0x10, F, 0x0);
	s.cr4 |= VIE_CR4_SMEP;
	EXPECT_PF(&s, 0x10, F, 0x10);
}

Test(perm, smep)
{
	struct vie_paging_state s = setup(P | RW | US, P | RW | US, 0);
	EXPECT_GPA(&s, GLA, F, PA | 0xabc);
	s.cr4 |= VIE_CR4_SMEP;
	EXPECT_PF(&s, GLA, F, 0x11);
	/* SMEP does not restrict data accesses, nor user-mode fetches. */
	EXPECT_GPA(&s, GLA, R, PA | 0xabc);
	s.cpl = 3;
	EXPECT_GPA(&s, GLA, F, PA | 0xabc);
	/* Supervisor fetch from a supervisor page is fine. */
	struct vie_paging_state s2 = setup(P | RW, P | RW, 0);
	s2.cr4 |= VIE_CR4_SMEP;
	EXPECT_GPA(&s2, GLA, F, PA | 0xabc);
}

Test(perm, smep_32bit_paging)
{
	struct vie_paging_state s = st_32(0);
	s.cr4 |= VIE_CR4_SMEP;
	put32(0x1000, 0x2000 | P | RW | US);
	put32(0x2000, 0x5000 | P | RW | US);
	EXPECT_PF(&s, 0x10, F, 0x11);
}

Test(perm, smap)
{
	struct vie_paging_state s = setup(P | RW | US, P | RW | US, 0);
	EXPECT_GPA(&s, GLA, R, PA | 0xabc);
	s.cr4 |= VIE_CR4_SMAP;
	EXPECT_PF(&s, GLA, R, 0x1);
	EXPECT_PF(&s, GLA, W, 0x3);
	/* AC = 1 lifts SMAP for explicit accesses... */
	s.rflags = VIE_RFLAGS_AC;
	EXPECT_GPA(&s, GLA, R, PA | 0xabc);
	EXPECT_GPA(&s, GLA, W, PA | 0xabc);
	/* ...but never for implicit ones. */
	EXPECT_PF(&s, GLA, R | VIE_ACC_IMPLICIT, 0x1);
	EXPECT_PF(&s, GLA, W | VIE_ACC_IMPLICIT, 0x3);
	/* SMAP does not apply to fetches, nor to user-mode accesses. */
	EXPECT_GPA(&s, GLA, F, PA | 0xabc);
	s.cpl = 3;
	s.rflags = 0;
	EXPECT_GPA(&s, GLA, W, PA | 0xabc);
	/* Implicit accesses at CPL 3 are supervisor accesses: SMAP applies
	 * and the U/S bit of the error code is 0. */
	s.rflags = VIE_RFLAGS_AC;
	EXPECT_PF(&s, GLA, R | VIE_ACC_IMPLICIT, 0x1);
}

Test(perm, smap_with_readonly_and_wp)
{
	struct vie_paging_state s = setup(P | RW | US, P | US, 0);
	s.cr4 |= VIE_CR4_SMAP;
	s.rflags = VIE_RFLAGS_AC;
	EXPECT_PF(&s, GLA, W, 0x3);
	s.cr0 &= ~VIE_CR0_WP;
	EXPECT_GPA(&s, GLA, W, PA | 0xabc);
}

Test(perm, implicit_at_cpl3_is_supervisor)
{
	struct vie_paging_state s = setup(P | RW, P | RW, 3);
	EXPECT_PF(&s, GLA, R, 0x5);
	EXPECT_GPA(&s, GLA, R | VIE_ACC_IMPLICIT, PA | 0xabc);
	/* Its faults carry U/S = 0. */
	put64(0x1000, 0);
	EXPECT_PF(&s, GLA, W | VIE_ACC_IMPLICIT, 0x2);
}

/* Protection key 5 in bits 62:59 of the leaf. */
#define KEY5 (5ull << 59)
#define AD5 (1u << 10)
#define WD5 (1u << 11)

Test(perm, pku_access_disable)
{
	struct vie_paging_state s = setup(P | RW | US, P | RW | US | KEY5, 3);
	s.pkru = AD5;
	EXPECT_GPA(&s, GLA, R, PA | 0xabc); /* PKE off */
	s.cr4 |= VIE_CR4_PKE;
	EXPECT_PF(&s, GLA, R, 0x25);
	EXPECT_PF(&s, GLA, W, 0x27);
	/* Keys do not apply to instruction fetches. */
	EXPECT_GPA(&s, GLA, F, PA | 0xabc);
	/* Supervisor data accesses to user pages are subject to PKRU too. */
	s.cpl = 0;
	EXPECT_PF(&s, GLA, R, 0x21);
	/* Other keys' bits do not matter. */
	s.pkru = ~(uint32_t)(AD5 | WD5);
	s.cpl = 3;
	EXPECT_GPA(&s, GLA, W, PA | 0xabc);
}

Test(perm, pku_write_disable)
{
	struct vie_paging_state s = setup(P | RW | US, P | RW | US | KEY5, 3);
	s.cr4 |= VIE_CR4_PKE;
	s.pkru = WD5;
	EXPECT_GPA(&s, GLA, R, PA | 0xabc);
	EXPECT_PF(&s, GLA, W, 0x27);
	s.cpl = 0;
	EXPECT_PF(&s, GLA, W, 0x23);
	s.cr0 &= ~VIE_CR0_WP; /* WD does not stop supervisor writes if WP=0 */
	EXPECT_GPA(&s, GLA, W, PA | 0xabc);
}

Test(perm, pku_reported_with_other_violation)
{
	/* Read-only page and WD: the PK bit is still set. */
	struct vie_paging_state s = setup(P | RW | US, P | US | KEY5, 3);
	s.cr4 |= VIE_CR4_PKE;
	s.pkru = WD5;
	EXPECT_PF(&s, GLA, W, 0x27);
	s.pkru = 0;
	EXPECT_PF(&s, GLA, W, 0x7);
}

Test(perm, pku_only_user_pages)
{
	struct vie_paging_state s = setup(P | RW, P | RW | KEY5, 0);
	s.cr4 |= VIE_CR4_PKE;
	s.pkru = AD5;
	EXPECT_GPA(&s, GLA, W, PA | 0xabc);
}

Test(perm, pks)
{
	/* Supervisor page, key 3: PKRS AD3 = bit 6, WD3 = bit 7. */
	struct vie_paging_state s = setup(P | RW, P | RW | (3ull << 59), 0);
	s.pkrs = 1u << 6;
	EXPECT_GPA(&s, GLA, R, PA | 0xabc); /* PKS off */
	s.cr4 |= VIE_CR4_PKS;
	EXPECT_PF(&s, GLA, R, 0x21);
	EXPECT_PF(&s, GLA, W | VIE_ACC_IMPLICIT, 0x23);
	EXPECT_GPA(&s, GLA, F, PA | 0xabc);
	s.pkrs = 1u << 7;
	EXPECT_GPA(&s, GLA, R, PA | 0xabc);
	EXPECT_PF(&s, GLA, W, 0x23);
	s.cr0 &= ~VIE_CR0_WP;
	EXPECT_GPA(&s, GLA, W, PA | 0xabc);
	/* A user access to a supervisor page faults without PK. */
	s.pkrs = 1u << 6;
	s.cpl = 3;
	EXPECT_PF(&s, GLA, R, 0x5);
	/* PKRU governs user pages, PKRS does not. */
	struct vie_paging_state u = setup(P | RW | US, P | RW | US | (3ull << 59), 3);
	u.cr4 |= VIE_CR4_PKS;
	u.pkrs = 1u << 6;
	EXPECT_GPA(&u, GLA, R, PA | 0xabc);
}

Test(perm, keys_need_ia32e)
{
	/* PAE has no key field (bits 62:59 are reserved there). */
	struct vie_paging_state s = st_pae(1);
	s.cr4 |= VIE_CR4_PKE;
	s.pkru = 0xffffffffu;
	s.cpl = 3;
	buildpae(s.cr3, 0x00201000, 0x9000, 12, P | RW | US, P | RW | US);
	EXPECT_GPA(&s, 0x00201000, W, 0x9000);
}

Test(perm, errcode_every_bit)
{
	/* One fault for each bit of the error code, alone where possible. */
	struct vie_paging_state s = setup(P | RW | US, US | RW, 0);
	EXPECT_PF(&s, GLA, R, 0);                 /* nothing */
	EXPECT_PF(&s, GLA, W, VIE_PF_W);          /* W */
	s.cpl = 3;
	EXPECT_PF(&s, GLA, R, VIE_PF_U);          /* U */
	s.cpl = 0;
	EXPECT_PF(&s, GLA, F, VIE_PF_ID);         /* I/D */
	struct vie_paging_state p = setup(P | RW | US, P | US, 0);
	EXPECT_PF(&p, GLA, W, VIE_PF_P | VIE_PF_W);   /* P */
	struct vie_paging_state rs = setup(P | RW | US, P | RW | US | (1ull << 51), 0);
	rs.maxphyaddr = 48;
	EXPECT_PF(&rs, GLA, R, VIE_PF_P | VIE_PF_RSVD); /* RSVD */
	struct vie_paging_state pk = setup(P | RW | US, P | RW | US | KEY5, 0);
	pk.cr4 |= VIE_CR4_PKE;
	pk.pkru = AD5;
	EXPECT_PF(&pk, GLA, R, VIE_PF_P | VIE_PF_PK);   /* PK */
	cr_assert_eq(VIE_PF_P | VIE_PF_W | VIE_PF_U | VIE_PF_RSVD | VIE_PF_ID | VIE_PF_PK, 0x3f);
}
