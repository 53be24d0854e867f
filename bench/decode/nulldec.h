/* bench/decode/nulldec.h - a do-nothing decoder for loop-overhead timing. */
#ifndef VIE_BENCH_NULLDEC_H
#define VIE_BENCH_NULLDEC_H

#include <stddef.h>
#include <stdint.h>

#include <vie/vie.h>

/* The stream being timed and its per-offset instruction lengths. */
extern const uint8_t *nulldec_base;
extern const uint8_t *nulldec_lenat;

/* vie_decode's signature; sets num_processed from nulldec_lenat. */
int nulldec_decode(struct vie *vie, const uint8_t *bytes, size_t len, enum vm_cpu_mode mode,
    int cs_d);

#endif
