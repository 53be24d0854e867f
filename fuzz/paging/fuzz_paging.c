/*
 * fuzz_paging.c - libFuzzer target for the guest page walker.
 *
 * The input is a 64-byte header (control registers, access, which entry
 * point) followed by guest RAM, mapped at guest-physical 0.  Page tables
 * therefore come straight from the fuzzer: hostile by construction.
 *
 * Checked on every input (abort on violation):
 *  - the status is one the API documents for that entry point;
 *  - an OK translation lies below 2^MAXPHYADDR (2^32 without paging);
 *  - an exception is #PF/#GP/#SS with only defined error-code bits;
 *  - a VIE_ACC_NOFAULT walk writes nothing and reaches the same result as
 *    the normal walk that follows it (A/D updates never change a result);
 *  - without races, the walk agrees with the plain model of the SDM in
 *    tests/paging/refmodel.c on status, address, exception and the guest
 *    RAM it leaves (every A/D bit);
 *  - every map is unmapped, every access stays inside RAM (ASan).
 *
 * Header layout (little-endian):
 *   0  sel     bits 2:0 mode (0 flat, 1 32-bit, 2 PAE, 3 4-level,
 *              4+ 5-level), 4:3 entry point (gla2gpa, walk, copy, fetch),
 *              5 no cmpxchg callback, 6 no unmap callback
 *   1  crbits  WP PSE SMEP SMAP PKE PKS NXE AC (bit 0 .. 7)
 *   2  misc    1:0 CPL, 2 1-GiB pages, 3 cached PDPTEs, 4 LME without LMA
 *   3  maxphy  32 + v % 21, or 0 when v == 255
 *   4  access  1:0 READ/WRITE/FETCH/(invalid), 2 IMPLICIT, 3 STACK,
 *              4 NOFAULT, 5 skip the NOFAULT comparison
 *   5  races   cmpxchg calls that lose a race (flip bit 9)
 *   6  u16     copy / fetch length
 *   8  u32 pkru   12 u32 pkrs   16 u64 cr3   24 u64 gla   32 u64 pdpte[4]
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vie/vie.h>

#include "refmodel.h"

#define HDR 64
#define MAX_RAM (1u << 20)

struct fz {
	uint8_t *ram;
	size_t len;
	long maps;
	unsigned races;
	int wrote;
};

static void *
fz_map(void *ctx, uint64_t gpa, size_t len, int write)
{
	struct fz *f = ctx;
	if (gpa >= f->len || len > f->len - gpa)
		return NULL;
	f->maps++;
	if (write)
		f->wrote = 1;
	return f->ram + gpa;
}

static void
fz_unmap(void *ctx, void *hva, uint64_t gpa, size_t len)
{
	struct fz *f = ctx;
	if (hva != f->ram + gpa || gpa + len > f->len)
		abort();
	f->maps--;
}

static int
fz_cmpxchg(void *ctx, uint64_t gpa, unsigned size, uint64_t *expected, uint64_t desired)
{
	struct fz *f = ctx;
	if ((size != 4 && size != 8) || gpa % size != 0)
		abort();
	if (gpa >= f->len || size > f->len - gpa)
		return -1;
	f->wrote = 1;
	uint64_t cur = 0;
	memcpy(&cur, f->ram + gpa, size);
	if (f->races > 0) {
		f->races--;
		cur ^= 1u << 9;
		memcpy(f->ram + gpa, &cur, size);
	}
	if (cur != *expected) {
		*expected = cur;
		return 1;
	}
	memcpy(f->ram + gpa, &desired, size);
	return 0;
}

static uint64_t
le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void
check_exc(int r, const struct vie_exception *e)
{
	if (r != VIE_EXCEPTION)
		return;
	if (e->vector != VIE_VEC_PF && e->vector != VIE_VEC_GP && e->vector != VIE_VEC_SS)
		abort();
	if (e->errcode & ~0x3fu || !e->errcode_valid)
		abort();
	if (e->vector != VIE_VEC_PF && (e->errcode != 0 || e->cr2 != 0))
		abort();
}

/* The walk entry points; returns the status. */
static int
run(const struct vie_paging_state *st, const struct vie_guest_mem_ops *ops,
    struct fz *f, unsigned api, uint64_t gla, unsigned acc, unsigned len,
    uint64_t *gpa, struct vie_exception *exc)
{
	int r;
	*gpa = 0;
	switch (api) {
	case 0:
		r = vie_gla2gpa(st, ops, f, gla, acc, gpa, exc);
		break;
	case 1: {
		struct vie_walk wk;
		r = vie_walk(st, ops, f, gla, acc, gpa, exc, &wk);
		if (wk.levels > 5 || (r == VIE_OK && st->cr0 & VIE_CR0_PG &&
		    wk.page_shift != 12 && wk.page_shift != 21 && wk.page_shift != 22 &&
		    wk.page_shift != 30))
			abort();
		break;
	}
	case 2: {
		struct vm_copyinfo ci[4];
		size_t n = len % (3 * 4096 + 1);
		r = vie_copy_setup(st, ops, f, gla, n, acc, ci, 4, exc);
		if (r == VIE_OK) {
			uint8_t buf[3 * 4096];
			size_t sum = 0;
			for (unsigned i = 0; i < 4; i++)
				sum += ci[i].len;
			if (sum != n)
				abort();
			if (acc & VIE_ACC_WRITE) {
				vie_copyin(ci, buf, n);
				vie_copyout(buf, ci, n);
			} else {
				vie_copyin(ci, buf, n);
			}
			*gpa = ci[0].gpa;
		} else {
			for (unsigned i = 0; i < 4; i++)
				if (ci[i].hva != NULL && r != VIE_BAD_ARGUMENT)
					abort();
		}
		vie_copy_teardown(ops, f, ci, 4);
		break;
	}
	default: {
		uint8_t buf[15];
		unsigned got = 99;
		unsigned n = 1 + len % 15;
		r = vie_fetch(st, ops, f, gla, buf, n, acc & VIE_ACC_NOFAULT, &got, exc);
		if (r != VIE_BAD_ARGUMENT && (got > n || (r == VIE_OK) != (got == n)))
			abort();
		*gpa = got;
		break;
	}
	}
	if (r != VIE_OK && r != VIE_EXCEPTION && r != VIE_CALLBACK &&
	    r != VIE_RESTART && r != VIE_BAD_ARGUMENT)
		abort();
	check_exc(r, exc);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < HDR)
		return 0;
	static const unsigned modes[] = { 0, 1, 2, 3, 4, 4, 4, 4 };
	unsigned sel = data[0], crb = data[1], misc = data[2], acb = data[4];
	unsigned mode = modes[sel & 7], api = (sel >> 3) & 3;

	struct vie_paging_state st;
	memset(&st, 0, sizeof(st));
	st.cr0 = 0x11 | (mode ? VIE_CR0_PG : 0) | ((crb & 1) ? VIE_CR0_WP : 0);
	st.cr4 = ((crb & 2) ? VIE_CR4_PSE : 0) | ((crb & 4) ? VIE_CR4_SMEP : 0) |
	    ((crb & 8) ? VIE_CR4_SMAP : 0) | ((crb & 16) ? VIE_CR4_PKE : 0) |
	    ((crb & 32) ? VIE_CR4_PKS : 0) | (mode >= 2 ? VIE_CR4_PAE : 0) |
	    (mode == 4 ? VIE_CR4_LA57 : 0);
	st.efer = ((crb & 64) ? VIE_EFER_NXE : 0) |
	    (mode >= 3 ? VIE_EFER_LME | ((misc & 16) ? 0 : VIE_EFER_LMA) : 0);
	st.rflags = (crb & 128) ? VIE_RFLAGS_AC : 0;
	st.cpl = misc & 3;
	st.flags = ((misc & 4) ? VIE_PG_1G : 0) | ((misc & 8) ? VIE_PG_PDPTES : 0);
	st.maxphyaddr = data[3] == 255 ? 0 : (uint8_t)(32 + data[3] % 21);
	st.pkru = (uint32_t)le(data + 8, 4);
	st.pkrs = (uint32_t)le(data + 12, 4);
	st.cr3 = le(data + 16, 8);
	uint64_t gla = le(data + 24, 8);
	for (unsigned i = 0; i < 4; i++)
		st.pdpte[i] = le(data + 32 + 8 * i, 8);
	static const unsigned kinds[] = { VIE_ACC_READ, VIE_ACC_WRITE, VIE_ACC_FETCH,
		VIE_ACC_READ | VIE_ACC_WRITE };
	unsigned acc = kinds[acb & 3] | ((acb & 4) ? VIE_ACC_IMPLICIT : 0) |
	    ((acb & 8) ? VIE_ACC_STACK : 0) | ((acb & 16) ? VIE_ACC_NOFAULT : 0);
	unsigned len = (unsigned)le(data + 6, 2);

	size_t ramlen = size - HDR;
	if (ramlen > MAX_RAM)
		ramlen = MAX_RAM;
	/* Own copies: the walk writes A/D bits; the input is const. */
	uint8_t *ram = malloc(ramlen ? ramlen : 1);
	uint8_t *ram0 = malloc(ramlen ? ramlen : 1);
	if (ram == NULL || ram0 == NULL)
		abort();
	memcpy(ram, data + HDR, ramlen);
	memcpy(ram0, data + HDR, ramlen);
	struct fz f = { .ram = ram, .len = ramlen };
	struct vie_guest_mem_ops ops = {
		fz_map, (sel & 64) ? NULL : fz_unmap, (sel & 32) ? NULL : fz_cmpxchg,
	};
	uint64_t gpa1 = 0, gpa2 = 0;
	struct vie_exception e1, e2;
	memset(&e1, 0, sizeof(e1));
	memset(&e2, 0, sizeof(e2));

	/* 1: check only.  Nothing may be written. */
	int r1 = run(&st, &ops, &f, api, gla, acc | VIE_ACC_NOFAULT, len, &gpa1, &e1);
	if (memcmp(ram, ram0, ramlen) != 0)
		abort();
	if (r1 == VIE_OK && api <= 1) {
		uint64_t lim = (st.cr0 & VIE_CR0_PG) ?
		    1ull << (st.maxphyaddr ? st.maxphyaddr : 52) : 1ull << 32;
		if (gpa1 >= lim)
			abort();
	}

	/* 2: the access as given, racing as the input says. */
	f.races = data[5];
	int r2 = run(&st, &ops, &f, api, gla, acc, len, &gpa2, &e2);
	if (ops.unmap != NULL && f.maps != 0)
		abort();
	/* Without races (and for walks, whose result does not depend on the
	 * data bytes the copy writes) both runs must agree. */
	if (data[5] == 0 && api <= 1 && !(acb & 32)) {
		if (r1 != r2 || (r1 == VIE_OK && gpa1 != gpa2))
			abort();
		if (r1 == VIE_EXCEPTION && (e1.vector != e2.vector ||
		    e1.errcode != e2.errcode || e1.cr2 != e2.cr2))
			abort();
		if ((acb & 3) != 3 && r2 != VIE_BAD_ARGUMENT) {
			struct model m;
			model_translate(&m, ram0, ramlen, &st, gla, acc);
			if (m.status != r2 || (r2 == VIE_OK && m.gpa != gpa2))
				abort();
			if (r2 == VIE_EXCEPTION && (m.vector != e2.vector ||
			    m.err != e2.errcode || m.cr2 != e2.cr2))
				abort();
			if (memcmp(ram, ram0, ramlen) != 0)
				abort(); /* different A/D updates */
		}
	}
	free(ram);
	free(ram0);
	return 0;
}
