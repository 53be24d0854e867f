/*
 * copy.c - copy to and from guest linear memory (bhyve's vm_copy_setup /
 * vm_copyin / vm_copyout / vm_copy_teardown shape).
 *
 * The whole range is translated first, page by page, and only then mapped,
 * so a fault on any page leaves guest data untouched.
 */
#include <string.h>

#include "paging_int.h"

#define PAGE 4096u

int
vie_copy_setup(const struct vie_paging_state *st,
    const struct vie_guest_mem_ops *ops, void *ctx, uint64_t gla, size_t len,
    unsigned access, struct vm_copyinfo *ci, unsigned num_ci,
    struct vie_exception *exc)
{
	if (ci == NULL || len == 0 || pg_check_args(st, ops) != VIE_OK)
		return VIE_BAD_ARGUMENT;
	int lma = pg_long_mode(st);
	uint64_t amask = lma ? ~0ull : 0xffffffffull;
	gla &= amask;
	uint64_t first_off = gla & (PAGE - 1);
	/* Pages touched, computed without overflowing for huge len. */
	if (len > (size_t)num_ci * PAGE)
		return VIE_BAD_ARGUMENT;
	uint64_t pieces = (first_off + len + PAGE - 1) / PAGE;
	if (pieces > num_ci)
		return VIE_BAD_ARGUMENT;

	memset(ci, 0, sizeof(*ci) * num_ci);
	uint64_t cur = gla;
	size_t left = len;
	for (unsigned i = 0; left > 0; i++) {
		size_t n = PAGE - (size_t)(cur & (PAGE - 1));
		if (n > left)
			n = left;
		uint64_t gpa;
		int r = vie_gla2gpa(st, ops, ctx, cur, access, &gpa, exc);
		if (r != VIE_OK) {
			memset(ci, 0, sizeof(*ci) * num_ci);
			return r;
		}
		ci[i].gpa = gpa;
		ci[i].len = n;
		left -= n;
		cur = (cur + n) & amask;
	}

	int write = (access & VIE_ACC_WRITE) != 0;
	for (unsigned i = 0; i < num_ci && ci[i].len != 0; i++) {
		ci[i].hva = ops->map(ctx, ci[i].gpa, ci[i].len, write);
		if (ci[i].hva == NULL) {
			vie_copy_teardown(ops, ctx, ci, num_ci);
			return VIE_CALLBACK;
		}
	}
	return VIE_OK;
}

void
vie_copyin(const struct vm_copyinfo *ci, void *dst, size_t len)
{
	uint8_t *d = dst;
	for (; len > 0 && ci->len != 0; ci++) {
		size_t n = ci->len < len ? ci->len : len;
		memcpy(d, ci->hva, n);
		d += n;
		len -= n;
	}
}

void
vie_copyout(const void *src, const struct vm_copyinfo *ci, size_t len)
{
	const uint8_t *s = src;
	for (; len > 0 && ci->len != 0; ci++) {
		size_t n = ci->len < len ? ci->len : len;
		memcpy(ci->hva, s, n);
		s += n;
		len -= n;
	}
}

void
vie_copy_teardown(const struct vie_guest_mem_ops *ops, void *ctx,
    struct vm_copyinfo *ci, unsigned num_ci)
{
	if (ci == NULL)
		return;
	for (unsigned i = 0; i < num_ci; i++) {
		if (ci[i].hva != NULL && ops != NULL && ops->unmap != NULL)
			ops->unmap(ctx, ci[i].hva, ci[i].gpa, ci[i].len);
	}
	memset(ci, 0, sizeof(*ci) * num_ci);
}
