/*
 * libFuzzer target: vie_decode with Zydis 4.0 as the oracle.
 *
 * Input: byte 0 selects the mode (real, prot16, prot32, compat16,
 * compat32, 64; modulo 6), the rest are instruction bytes (at most 32 are
 * used).  Any disagreement in the fields the differential test compares
 * (tests/decode-diff/oracle.c) aborts with the bytes, field and values.
 * The same function runs under the gcc-built replay driver (replay.c) in
 * `meson test`.
 */
#include "oracle.h"

#include <stdio.h>
#include <stdlib.h>

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
