/* bench/decode/report.h - figures, table, JSON, chart and footprint. */
#ifndef VIE_BENCH_REPORT_H
#define VIE_BENCH_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "corpus.h"

#define NMIX 3  /* realistic-64, family-64, real-32 */
#define NKIND 2 /* 0: throughput, 1: latency */
#define NDEC 3  /* vie, zydis-minimal, zydis-full; index 0 is the empty loop */
enum { DEC_NULL = 0, DEC_VIE, DEC_ZMIN, DEC_ZFULL };

struct stat3 {
	double med, min, max;
};

struct report_mix {
	const struct corpus *c;
	const struct stream *s;
	unsigned rounds;
	/* Raw per-pass figures, [kind][decoder][round]. */
	double *raw_ticks[NKIND][NDEC + 1];
	double *raw_ns[NKIND][NDEC + 1];
	/* Per instruction, empty-loop median subtracted (index 0: the empty
	 * loop itself, not subtracted). */
	struct stat3 ns[NKIND][NDEC + 1], cyc[NKIND][NDEC + 1];
	double ratio_ns[NKIND][NDEC + 1], ratio_cyc[NKIND][NDEC + 1];
	/* Chunks re-timed after a context switch; chunks kept disturbed. */
	unsigned long reruns[NKIND][NDEC + 1], disturbed[NKIND][NDEC + 1];
};

struct footprint_sym {
	char name[96];
	char type;
	unsigned long size;
};

/* vie and Zydis minimal per family (family-64 stream, throughput). */
struct fam_time {
	const char *name;
	size_t n;              /* stream instructions of this family */
	double vie_ns, zmin_ns; /* median per instruction, empty loop subtracted */
};

struct report {
	int smoke, only_vie, cpu;
	unsigned rounds;
	size_t chunk;
	uint64_t seed;
	double corpus_ms, timing_ms, tsc_ghz;
	double core_ghz, core_ghz_min, core_ghz_max; /* estimated per round (bench_decode.c) */
	struct report_mix mix[NMIX];

	/* realistic-64 reordered and laid out anew, throughput: legacy-prefixed
	 * and VEX instructions after the others; identical ones adjacent. */
	double grouped_vie_ns, grouped_zmin_ns;
	double sorted_vie_ns, sorted_zmin_ns;
	/* The two parts of 'grouped' alone. */
	double plain_vie_ns, plain_zmin_ns, prefixed_vie_ns, prefixed_zmin_ns;
	size_t nprefixed;
	struct fam_time fam[CORPUS_MAX_FAMILIES];
	unsigned nfam;

	/* Cache footprint of the decoder. */
	int have_sections;
	char lib[512];
	unsigned long sec_text, sec_rodata, sec_data, sec_bss;
	struct footprint_sym sym[12];
	unsigned nsym;
	char footprint_note[256];
};

void report_mix_init(struct report_mix *m, const struct corpus *c, const struct stream *s,
    unsigned rounds);
void report_mix_free(struct report_mix *m);

/* Section sizes of libvie.a's src/decode members (via size/nm) and the
 * largest data objects among them; notes why if unavailable. */
void report_footprint(struct report *r, const char *lib);

void report_compute(struct report *r);
void report_print(const struct report *r, FILE *f);
/* DIR/results.json; 0 on success. */
int report_write_json(const struct report *r, const char *dir);
/* DIR/chart.png through gnuplot (DIR/chart.dat, DIR/chart.gp kept). */
void report_chart(const struct report *r, const char *dir);

#endif
