/*
 * bench/decode/corpus.h - instruction corpora for the decode benchmark.
 *
 * A corpus is a multiset of distinct instruction byte strings (each with
 * its occurrence count and a family), harvested from real code by a
 * linear Zydis sweep and filtered to what vie decodes and Zydis says
 * touches memory.  A stream is a benchmark input built from a corpus:
 * N instructions laid back to back, replicated by weight, in a seeded
 * shuffled order.
 */
#ifndef VIE_BENCH_CORPUS_H
#define VIE_BENCH_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include <vie/vie.h>
#include <Zydis/Zydis.h>

#define CORPUS_MAX_FAMILIES 256

struct corpus_entry {
	uint8_t bytes[15];
	uint8_t len;
	uint32_t count;   /* occurrences in the scanned code (1 for synthetic) */
	uint16_t family;  /* index into corpus.family_name */
	uint8_t synthetic;
};

struct corpus {
	const char *name;
	enum vm_cpu_mode mode;
	int cs_d;
	ZydisMachineMode zmode;
	ZydisStackWidth zwidth;

	struct corpus_entry *e;
	size_t n, cap;
	uint32_t *slot;          /* open-addressing hash of e[] indices + 1 */
	size_t nslot;
	uint64_t total;          /* sum of counts */

	const char *family_name[CORPUS_MAX_FAMILIES];
	unsigned nfamily;

	/* Harvest statistics, reported next to the results. */
	unsigned files;
	uint64_t text_bytes;     /* executable bytes swept */
	uint64_t insns;          /* instructions Zydis decoded in the sweep */
	uint64_t zydis_bad;      /* bytes Zydis could not decode (skipped) */
	uint64_t vie_ok;         /* of insns: vie_decode returned VIE_OK */
	uint64_t vie_ok_nomem;   /* VIE_OK but no Zydis memory operand (mod 3) */
	uint64_t len_mismatch;   /* VIE_OK, memory, but lengths disagree */
	uint64_t kept;           /* occurrences kept (== total) */
	uint64_t synthetic;      /* synthetic entries added */
	char note[256];          /* e.g. why a fallback was used */
};

struct harvest_opts {
	uint64_t budget;         /* executable bytes to sweep in all */
	uint64_t per_file;       /* at most this many bytes per file */
	uint64_t seed;           /* file-order shuffle */
	const char *dir;         /* i386 only: folder to scan instead of /lib32, /usr/lib32 */
};

void corpus_init(struct corpus *c, const char *name, enum vm_cpu_mode mode, int cs_d);
void corpus_free(struct corpus *c);

/* Sweep 64-bit Debian code (elftext_find_system) into c. */
void corpus_harvest64(struct corpus *c, const struct harvest_opts *o);

/* Sweep i386 code (/lib32, /usr/lib32) into c in 32-bit protected mode.
 * Returns the number of files found (0: libc6-i386 missing). */
unsigned corpus_harvest32(struct corpus *c, const struct harvest_opts *o);

/* Fallback 32-bit corpus: the entries of a 64-bit corpus without REX,
 * VEX or RIP-relative addressing that vie and Zydis also accept in 32-bit
 * protected mode, with their 64-bit counts. */
void corpus_from64(struct corpus *c32, const struct corpus *c64);

/* Add synthetic encodings, from templates of every family vie decodes,
 * for families (64-bit mode) that 'have' does not contain. */
void corpus_synthesize_missing(struct corpus *c, const struct corpus *have, uint64_t seed);

/* Add every entry of src (with its count) to dst. */
void corpus_merge(struct corpus *dst, const struct corpus *src);

struct stream {
	const char *name;
	enum vm_cpu_mode mode;
	int cs_d;
	ZydisMachineMode zmode;
	ZydisStackWidth zwidth;

	uint8_t *bytes;          /* instructions back to back + 15 bytes pad */
	size_t nbytes;           /* without the pad */
	uint32_t *off;           /* off[i]: where instruction i starts */
	uint8_t *lenat;          /* lenat[off[i]] = its length (for the empty loop) */
	uint16_t *fam;           /* fam[i]: family of instruction i (corpus numbering) */
	size_t n;
	size_t distinct;         /* distinct byte strings in the stream */
	unsigned families;       /* families present in the stream */
};

/* Stream of n instructions: each entry replicated in proportion to its
 * count (largest-remainder apportionment), shuffled with seed. */
int stream_by_count(struct stream *s, const struct corpus *c, size_t n, uint64_t seed);

/* Stream of n instructions, each family of c getting an equal share,
 * split within the family by count. */
int stream_by_family(struct stream *s, const struct corpus *c, size_t n, uint64_t seed);

void stream_free(struct stream *s);

/* Deterministic PRNG (splitmix64). */
uint64_t bench_rand(uint64_t *state);

#endif
