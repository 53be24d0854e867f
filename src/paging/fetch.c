/*
 * fetch.c - instruction fetch: up to 15 bytes at CS:RIP through the page
 * tables with fetch permissions, stopping at the first page that cannot be
 * read so that the decoder sees exactly the bytes the CPU could fetch.
 */
#include <string.h>

#include "paging_int.h"

int
vie_fetch(const struct vie_paging_state *st, const struct vie_guest_mem_ops *ops,
    void *ctx, uint64_t gla, uint8_t *buf, unsigned len, unsigned access,
    unsigned *got, struct vie_exception *exc)
{
	if (buf == NULL || got == NULL || len == 0 || len > 15 ||
	    (access & ~VIE_ACC_NOFAULT) || pg_check_args(st, ops) != VIE_OK)
		return VIE_BAD_ARGUMENT;
	uint64_t amask = pg_long_mode(st) ? ~0ull : 0xffffffffull;
	unsigned done = 0;
	*got = 0;
	while (done < len) {
		uint64_t cur = (gla + done) & amask;
		unsigned n = 4096 - (unsigned)(cur & 4095);
		if (n > len - done)
			n = len - done;
		uint64_t gpa;
		int r = vie_gla2gpa(st, ops, ctx, cur, VIE_ACC_FETCH | access, &gpa, exc);
		if (r != VIE_OK)
			return r;
		void *p = ops->map(ctx, gpa, n, 0);
		if (p == NULL)
			return VIE_CALLBACK;
		memcpy(buf + done, p, n);
		if (ops->unmap != NULL)
			ops->unmap(ctx, p, gpa, n);
		done += n;
		*got = done;
	}
	return VIE_OK;
}
