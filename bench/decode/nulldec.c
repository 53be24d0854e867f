/*
 * The empty decoder whose loop is timed and subtracted as loop overhead.
 * It lives in its own file so the compiler cannot see through the call,
 * exactly as it cannot see into libvie or libZydis.
 */
#include "nulldec.h"

const uint8_t *nulldec_base;
const uint8_t *nulldec_lenat;

int
nulldec_decode(struct vie *vie, const uint8_t *bytes, size_t len, enum vm_cpu_mode mode, int cs_d)
{
	(void)len;
	(void)mode;
	(void)cs_d;
	/* One table load gives the length a latency chain needs to go on. */
	vie->num_processed = nulldec_lenat[bytes - nulldec_base];
	return 0;
}
