/*
 * libFuzzer target: vie_decode with Zydis 4.0 as the oracle, and
 * vie_decode's fast path against its full decoder.
 *
 * Input: byte 0 selects the mode (real, prot16, prot32, compat16,
 * compat32, 64; modulo 6), the rest are instruction bytes (at most 32 are
 * used).  Any disagreement in the fields the differential test compares
 * (tests/decode-diff/oracle.c) aborts with the bytes, field and values;
 * so does any difference between vie_decode and vd_decode_full (the full
 * decoder the fast path falls back to) in status or in the 64 bytes of
 * struct vie.  The same function runs under the gcc-built replay driver
 * (replay.c) in `meson test`.
 */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h" /* vd_decode_full */

/* The fast path and the full decoder must leave the same result. */
static void
check_fast_path(enum dd_mode m, const uint8_t *bytes, size_t n)
{
	struct vie a, b;
	memset(&a, 0x5A, sizeof(a));
	memset(&b, 0x5A, sizeof(b));
	int sa = vie_decode(&a, bytes, n, dd_modes[m].cpu_mode, dd_modes[m].cs_d);
	int sb = vd_decode_full(&b, bytes, n, dd_modes[m].cpu_mode, dd_modes[m].cs_d);
	if (sa != sb || memcmp(&a, &b, sizeof(a)) != 0) {
		char hex[200];
		dd_hex(bytes, n, hex, sizeof(hex));
		fprintf(stderr, "fast path/full decoder difference: mode %s bytes %s: status %d / %d\n",
		    dd_modes[m].name, hex, sa, sb);
		for (size_t i = 0; i < sizeof(a); i++)
			if (((uint8_t *)&a)[i] != ((uint8_t *)&b)[i])
				fprintf(stderr, "  byte %zu: fast %02x full %02x\n", i, ((uint8_t *)&a)[i],
				    ((uint8_t *)&b)[i]);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dd_oracle o;
	static int ready;
	if (!ready) {
		if (dd_oracle_init(&o) != 0)
			abort();
		ready = 1;
	}
	if (size < 1)
		return 0;
	enum dd_mode m = (enum dd_mode)(data[0] % DD_NMODES);
	size_t n = size - 1 > 32 ? 32 : size - 1;
	check_fast_path(m, data + 1, n);
	struct dd_result r;
	if (dd_check(&o, m, data + 1, n, &r) == DD_DISAGREE) {
		char hex[200];
		dd_hex(data + 1, n, hex, sizeof(hex));
		fprintf(stderr, "vie/Zydis disagreement: mode %s bytes %s field %s: vie %s, zydis %s%s%s\n",
		    dd_modes[m].name, hex, r.field, r.vie_val, r.zy_val, r.mnemonic[0] ? " # " : "",
		    r.mnemonic);
		abort();
	}
	return 0;
}
