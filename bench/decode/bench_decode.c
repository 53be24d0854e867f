/*
 * vie-bench-decode: decode latency and throughput of vie_decode against
 * Zydis 4.0 (minimal mode and DecodeFull), on three instruction mixes.
 *
 *   vie-bench-decode [--rounds N] [--out DIR] [--stream N] [--smoke] ...
 *
 * See bench/decode/README.md for the method and the options.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "corpus.h"
#include "nulldec.h"
#include "report.h"

/* ---- timing primitives --------------------------------------------- */

/* lfence before rdtsc waits for earlier instructions to finish, the one
 * after keeps later ones from starting early; rdtscp + lfence closes the
 * window the same way at the end. */
static inline uint64_t
tsc_begin(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t
tsc_end(void)
{
	uint32_t lo, hi, aux;
	__asm__ volatile("rdtscp\n\tlfence" : "=a"(lo), "=d"(hi), "=c"(aux) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

static uint64_t
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * The core clock, estimated from a chain of dependent ADDs (one cycle
 * each on every x86 core of the last decade): the TSC runs at a fixed
 * reference rate, so this is what turns ns into core cycles when the
 * performance counters are not available (as in this VM).  Best of 3
 * short runs; called once per round, since a shared host's clock moves.
 */
static double
core_ghz(void)
{
	double best = 0;
	for (int t = 0; t < 3; t++) {
		uint64_t x = 0, iters = 1u << 18;
		uint64_t n0 = now_ns();
		__asm__ volatile("1:\n\t"
		    "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
		    "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
		    "dec %1\n\tjnz 1b"
		    : "+r"(x), "+r"(iters) : : "cc");
		uint64_t n1 = now_ns();
		double ghz = 8.0 * (double)(1u << 18) / (double)(n1 - n0);
		if (ghz > best)
			best = ghz;
	}
	return best;
}

/* ---- the timed loops ------------------------------------------------ */

struct runner {
	const struct stream *s;
	struct vie v;
	ZydisDecoder zmin, zfull;
	ZydisDecodedInstruction insn;
	ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
};

/*
 * Throughput loops decode instruction i at a precomputed offset, so
 * consecutive decodes are independent and the CPU may overlap them.
 * Latency loops find instruction i+1 at (offset of i) + (length decode i
 * returned): each decode waits for the previous result.  All return the
 * bytes consumed, or UINT64_MAX if any decode failed.
 */
#define ZBAD(st) ((uint32_t)(st) & 0x80000000u)

/*
 * Both loops for one decoder, from its call on bytes p (DECODE, whose
 * status is ORed into 'bad') and the length it decoded (LEN).  Each
 * decoder gets functions of its own so its call is made directly in the
 * loop, as a hypervisor would make it, not through a pointer.
 */
#define PASS_LOOPS(name, bad_t, DECODE, LEN)                                   \
	static uint64_t tp_##name(struct runner *r, size_t i0, size_t i1)       \
	{                                                                       \
		const struct stream *s = r->s;                                  \
		uint64_t sum = 0;                                               \
		bad_t bad = 0;                                                  \
		for (size_t i = i0; i < i1; i++) {                              \
			bad |= DECODE(s->bytes + s->off[i]);                    \
			sum += LEN;                                             \
		}                                                               \
		return bad ? UINT64_MAX : sum;                                  \
	}                                                                       \
	static uint64_t lat_##name(struct runner *r, size_t i0, size_t i1)      \
	{                                                                       \
		const struct stream *s = r->s;                                  \
		size_t off = s->off[i0];                                        \
		bad_t bad = 0;                                                  \
		for (size_t i = i0; i < i1; i++) {                              \
			bad |= DECODE(s->bytes + off);                          \
			off += LEN;                                             \
		}                                                               \
		return bad ? UINT64_MAX : off - s->off[i0];                     \
	}

#define DEC_NULL(p) nulldec_decode(&r->v, (p), 15, s->mode, s->cs_d)
#define DEC_VIE(p) vie_decode(&r->v, (p), 15, s->mode, s->cs_d)
#define DEC_ZMIN(p) ZBAD(ZydisDecoderDecodeInstruction(&r->zmin, NULL, (p), 15, &r->insn))
#define DEC_ZFULL(p) ZBAD(ZydisDecoderDecodeFull(&r->zfull, (p), 15, &r->insn, r->ops))
PASS_LOOPS(null, int, DEC_NULL, r->v.num_processed)
PASS_LOOPS(vie, int, DEC_VIE, r->v.num_processed)
PASS_LOOPS(zmin, uint32_t, DEC_ZMIN, r->insn.length)
PASS_LOOPS(zfull, uint32_t, DEC_ZFULL, r->insn.length)

typedef uint64_t (*pass_fn)(struct runner *, size_t, size_t);
/* Index 0 is the empty loop; 1.. are the decoders in DEC_* order. */
static const pass_fn passes[NKIND][NDEC + 1] = {
	{tp_null, tp_vie, tp_zmin, tp_zfull},
	{lat_null, lat_vie, lat_zmin, lat_zfull},
};

static void
runner_init(struct runner *r, const struct stream *s)
{
	memset(r, 0, sizeof(*r));
	r->s = s;
	if (ZYAN_FAILED(ZydisDecoderInit(&r->zmin, s->zmode, s->zwidth)) ||
	    ZYAN_FAILED(ZydisDecoderEnableMode(&r->zmin, ZYDIS_DECODER_MODE_MINIMAL, ZYAN_TRUE)) ||
	    ZYAN_FAILED(ZydisDecoderInit(&r->zfull, s->zmode, s->zwidth))) {
		fprintf(stderr, "vie-bench-decode: Zydis decoder setup failed\n");
		exit(2);
	}
	nulldec_base = s->bytes;
	nulldec_lenat = s->lenat;
}

/*
 * Before timing: every decoder must decode every stream instruction to
 * the length the corpus recorded (vie and Zydis agreed on it when the
 * corpus was built), else the comparison would not be like for like.
 */
static int
verify_stream(struct runner *r, const char *label)
{
	const struct stream *s = r->s;
	int errors = 0;
	for (size_t i = 0; i < s->n && errors < 5; i++) {
		const uint8_t *p = s->bytes + s->off[i];
		unsigned want = s->lenat[s->off[i]];
		int st = vie_decode(&r->v, p, 15, s->mode, s->cs_d);
		ZyanStatus z1 = ZydisDecoderDecodeInstruction(&r->zmin, NULL, p, 15, &r->insn);
		unsigned l1 = r->insn.length;
		ZyanStatus z2 = ZydisDecoderDecodeFull(&r->zfull, p, 15, &r->insn, r->ops);
		unsigned l2 = r->insn.length;
		if (st != VIE_OK || r->v.num_processed != want || ZYAN_FAILED(z1) || l1 != want ||
		    ZYAN_FAILED(z2) || l2 != want) {
			fprintf(stderr, "%s: instruction %zu (", label, i);
			for (unsigned k = 0; k < want; k++)
				fprintf(stderr, "%02x", p[k]);
			fprintf(stderr, ") length %u: vie status %d len %u, zydis-minimal %s len %u, "
			    "zydis-full %s len %u\n", want, st, r->v.num_processed,
			    ZYAN_FAILED(z1) ? "fail" : "ok", l1, ZYAN_FAILED(z2) ? "fail" : "ok", l2);
			errors++;
		}
	}
	for (int k = 0; k < NKIND; k++)
		for (int d = 0; d <= NDEC; d++)
			if (passes[k][d](r, 0, s->n) != s->nbytes) {
				fprintf(stderr, "%s: %s pass %d consumed the wrong number of bytes\n",
				    label, k ? "latency" : "throughput", d);
				errors++;
			}
	return errors;
}

/* Context switches of this thread so far (voluntary + involuntary). */
static long
switches(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_THREAD, &ru) != 0)
		return 0;
	return ru.ru_nvcsw + ru.ru_nivcsw;
}

struct pass_time {
	uint64_t ticks, ns;
	unsigned reruns;    /* chunks re-timed because the thread was switched out */
	unsigned disturbed; /* chunks kept although switched out every time */
};

/*
 * Time one pass over the stream as consecutive chunks of 'chunk'
 * instructions.  A chunk during which the thread was descheduled (other
 * jobs share these CPUs) is timed again, up to 10 times, so a pass sums
 * undisturbed chunk times; chunks are short enough (well under a
 * scheduler slice) for that to succeed on a loaded machine.  Returns the
 * bytes consumed, or UINT64_MAX if a decode failed.
 */
static uint64_t
timed_pass(struct runner *r, pass_fn fn, size_t chunk, struct pass_time *pt)
{
	const struct stream *s = r->s;
	uint64_t bytes = 0;
	memset(pt, 0, sizeof(*pt));
	for (size_t i0 = 0; i0 < s->n; i0 += chunk) {
		size_t i1 = i0 + chunk < s->n ? i0 + chunk : s->n;
		uint64_t got = 0, dt = 0, dn = 0;
		for (unsigned tries = 0;; tries++) {
			long sw = switches();
			uint64_t n0 = now_ns();
			uint64_t c0 = tsc_begin();
			got = fn(r, i0, i1);
			uint64_t c1 = tsc_end();
			uint64_t n1 = now_ns();
			dt = c1 - c0;
			dn = n1 - n0;
			if (switches() == sw)
				break;
			if (tries == 9) {
				pt->disturbed++;
				break;
			}
			pt->reruns++;
		}
		if (got == UINT64_MAX)
			return UINT64_MAX;
		bytes += got;
		pt->ticks += dt;
		pt->ns += dn;
	}
	return bytes;
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/*
 * Per-family figures on the family-equal stream: each family's
 * instructions (in stream order) as a stream of their own, timed like
 * the throughput loop.  Shows which families make vie slow.
 */

/*
 * Median ns per instruction of vie and of Zydis minimal on stream 'sub'
 * (Zydis skipped, 0, with --only vie), over 'rounds' alternating rounds;
 * vv and zz are scratch arrays of 'rounds' entries.
 */
static void
median_vie_zmin(const struct report *rep, const struct stream *sub, unsigned rounds, size_t chunk,
    double over_ns, double *vv, double *zz, double *vie_ns, double *zmin_ns)
{
	static struct runner r;
	runner_init(&r, sub);
	(void)tp_vie(&r, 0, sub->n);
	(void)tp_zmin(&r, 0, sub->n);
	for (unsigned rd = 0; rd < rounds; rd++) {
		struct pass_time pt;
		timed_pass(&r, tp_vie, chunk, &pt);
		vv[rd] = (double)pt.ns / (double)sub->n - over_ns;
		zz[rd] = 0;
		if (!rep->only_vie) {
			timed_pass(&r, tp_zmin, chunk, &pt);
			zz[rd] = (double)pt.ns / (double)sub->n - over_ns;
		}
	}
	qsort(vv, rounds, sizeof(*vv), cmp_dbl);
	qsort(zz, rounds, sizeof(*zz), cmp_dbl);
	*vie_ns = vv[rounds / 2];
	*zmin_ns = zz[rounds / 2];
}

static const uint8_t *sort_base;

static int
cmp_insn(const void *a, const void *b)
{
	const uint8_t *x = sort_base + *(const uint32_t *)a, *y = sort_base + *(const uint32_t *)b;
	return memcmp(x, y, 15);
}

/* A legacy prefix or VEX first: the instructions vie takes out of line. */
static int
prefixed(const uint8_t *b)
{
	static const uint8_t first[] = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3,
	    0xC4, 0xC5};
	return memchr(first, b[0], sizeof(first)) != NULL;
}

/* Time the throughput of n of s's instructions in the order off[] gives,
 * copied back to back as a stream of their own, so that the order is the
 * only difference (reading them in place would scatter the reads). */
static void
time_order(const struct report *rep, const struct stream *s, const uint32_t *off, size_t n,
    unsigned rounds, size_t chunk, double over_ns, double *vie_ns, double *zmin_ns)
{
	*vie_ns = *zmin_ns = 0;
	if (n == 0)
		return;
	struct stream sub = *s;
	sub.n = n;
	sub.bytes = calloc(s->nbytes + 15, 1);
	sub.lenat = calloc(s->nbytes + 15, 1);
	sub.off = malloc(s->n * sizeof(*sub.off));
	double *vv = malloc(rounds * sizeof(*vv)), *zz = malloc(rounds * sizeof(*zz));
	if (sub.bytes == NULL || sub.lenat == NULL || sub.off == NULL || vv == NULL || zz == NULL)
		exit(2);
	uint32_t at = 0;
	for (size_t i = 0; i < n; i++) {
		const unsigned len = s->lenat[off[i]];
		memcpy(sub.bytes + at, s->bytes + off[i], len);
		sub.lenat[at] = (uint8_t)len;
		sub.off[i] = at;
		at += len;
	}
	sub.nbytes = at;
	median_vie_zmin(rep, &sub, rounds, chunk, over_ns, vv, zz, vie_ns, zmin_ns);
	free(sub.bytes);
	free(sub.lenat);
	free(sub.off);
	free(vv);
	free(zz);
}

/* Each family's instructions of stream s alone, laid out anew as in
 * time_order. */
static void
time_families(struct report *rep, const struct stream *s, const struct corpus *c, unsigned rounds,
    size_t chunk, double over_ns)
{
	uint32_t *off = malloc(s->n * sizeof(*off));
	if (off == NULL)
		exit(2);
	for (unsigned f = 0; f < c->nfamily; f++) {
		size_t n = 0;
		for (size_t i = 0; i < s->n; i++)
			if (s->fam[i] == f)
				off[n++] = s->off[i];
		if (n == 0)
			continue;
		struct fam_time *ft = &rep->fam[rep->nfam++];
		ft->name = c->family_name[f];
		ft->n = n;
		time_order(rep, s, off, n, rounds, chunk, over_ns, &ft->vie_ns, &ft->zmin_ns);
	}
	free(off);
}

/*
 * The realistic stream reordered: the same instructions, laid out back to
 * back, with those that have a legacy prefix or VEX after all the others
 * ('grouped'), and with identical instructions adjacent ('sorted').  Both
 * are easy on the branch predictor; the difference from the shuffled
 * stream is what data-dependent control flow costs.  The two halves of
 * 'grouped' are also timed alone.
 */
static void
time_reordered(struct report *rep, const struct stream *s, unsigned rounds, size_t chunk,
    double over_ns)
{
	uint32_t *off = malloc(s->n * sizeof(*off));
	if (off == NULL)
		exit(2);
	size_t k = 0, nplain = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < s->n; i++)
			if (prefixed(s->bytes + s->off[i]) == pass)
				off[k++] = s->off[i];
		if (pass == 0)
			nplain = k;
	}
	rep->nprefixed = s->n - nplain;
	time_order(rep, s, off, s->n, rounds, chunk, over_ns, &rep->grouped_vie_ns, &rep->grouped_zmin_ns);
	time_order(rep, s, off, nplain, rounds, chunk, over_ns, &rep->plain_vie_ns, &rep->plain_zmin_ns);
	time_order(rep, s, off + nplain, s->n - nplain, rounds, chunk, over_ns, &rep->prefixed_vie_ns,
	    &rep->prefixed_zmin_ns);
	memcpy(off, s->off, s->n * sizeof(*off));
	sort_base = s->bytes;
	qsort(off, s->n, sizeof(*off), cmp_insn);
	time_order(rep, s, off, s->n, rounds, chunk, over_ns, &rep->sorted_vie_ns, &rep->sorted_zmin_ns);
	free(off);
}

/* ---- options -------------------------------------------------------- */

struct opts {
	unsigned rounds, warmup;
	size_t stream_n, chunk;
	const char *out, *lib, *only, *insn;
	int smoke, no_install, no_chart, dump, cpu;
	uint64_t seed;
	struct harvest_opts h64, h32;
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: vie-bench-decode [options]\n"
	    "  --rounds N      timed rounds per decoder and mix (default 51)\n"
	    "  --warmup N      untimed passes of each loop first (default 3)\n"
	    "  --stream N      instructions per stream (default 65536)\n"
	    "  --chunk N       instructions per timed chunk (default 2048)\n"
	    "  --out DIR       where results.json, chart.png go (default build/bench-out)\n"
	    "  --lib PATH      libvie.a, for the decoder's section/table sizes\n"
	    "  --budget BYTES  64-bit executable bytes to sweep for the corpus (default 16M)\n"
	    "  --budget32 B    i386 executable bytes to sweep (default 8M)\n"
	    "  --seed N        corpus/stream seed (default 1)\n"
	    "  --cpu N         CPU to pin to (default: the last allowed one)\n"
	    "  --only vie      time only vie (for profilers; no ratios)\n"
	    "  --i386-dir DIR  scan DIR for i386 ELF files instead of /lib32, /usr/lib32\n"
	    "  --no-install    do not apt-get install libc6-i386 when i386 code is missing\n"
	    "  --no-chart      skip the gnuplot chart\n"
	    "  --dump          also write each stream to OUT/<mix>.hex, one instruction per line\n"
	    "                  (the format of 'vie decode --batch')\n"
	    "  --smoke         tiny corpus, 2 rounds: checks the pipeline, no timing claims\n"
	    "  --insn HEX      time one 64-bit instruction, repeated, instead of the mixes\n"
	    "                  (caches warm, branches predicted; no files written)\n");
}

static uint64_t
parse_size(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno != 0 || end == s)
		goto bad;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	if (*end != '\0')
		goto bad;
	return v;
bad:
	fprintf(stderr, "vie-bench-decode: bad number '%s'\n", s);
	exit(2);
}

static void
parse_opts(int argc, char **argv, struct opts *o)
{
	memset(o, 0, sizeof(*o));
	o->rounds = 51;
	o->warmup = 3;
	o->stream_n = 65536;
	o->chunk = 2048;
	o->out = "build/bench-out";
	o->seed = 1;
	o->cpu = -1;
	o->h64 = (struct harvest_opts){16u << 20, 1u << 20, 1, NULL};
	o->h32 = (struct harvest_opts){8u << 20, 2u << 20, 1, NULL};
	int rounds_set = 0, stream_set = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		int takes = 1;
		if (strcmp(a, "--rounds") == 0 && v)
			o->rounds = (unsigned)parse_size(v), rounds_set = 1;
		else if (strcmp(a, "--warmup") == 0 && v)
			o->warmup = (unsigned)parse_size(v);
		else if (strcmp(a, "--stream") == 0 && v)
			o->stream_n = (size_t)parse_size(v), stream_set = 1;
		else if (strcmp(a, "--i386-dir") == 0 && v)
			o->h32.dir = v;
		else if (strcmp(a, "--chunk") == 0 && v)
			o->chunk = (size_t)parse_size(v);
		else if (strcmp(a, "--out") == 0 && v)
			o->out = v;
		else if (strcmp(a, "--lib") == 0 && v)
			o->lib = v;
		else if (strcmp(a, "--budget") == 0 && v)
			o->h64.budget = parse_size(v);
		else if (strcmp(a, "--budget32") == 0 && v)
			o->h32.budget = parse_size(v);
		else if (strcmp(a, "--seed") == 0 && v)
			o->seed = parse_size(v);
		else if (strcmp(a, "--cpu") == 0 && v)
			o->cpu = (int)parse_size(v);
		else if (strcmp(a, "--only") == 0 && v)
			o->only = v;
		else if (strcmp(a, "--insn") == 0 && v)
			o->insn = v;
		else {
			takes = 0;
			if (strcmp(a, "--smoke") == 0)
				o->smoke = 1;
			else if (strcmp(a, "--no-install") == 0)
				o->no_install = 1;
			else if (strcmp(a, "--no-chart") == 0)
				o->no_chart = 1;
			else if (strcmp(a, "--dump") == 0)
				o->dump = 1;
			else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
				usage(stdout);
				exit(0);
			} else {
				usage(stderr);
				exit(2);
			}
		}
		i += takes;
	}
	if (o->only != NULL && strcmp(o->only, "vie") != 0) {
		fprintf(stderr, "vie-bench-decode: --only takes 'vie'\n");
		exit(2);
	}
	if (o->smoke) {
		o->h64.budget = 256u << 10;
		o->h64.per_file = 128u << 10;
		o->h32.budget = 128u << 10;
		o->h32.per_file = 128u << 10;
		o->warmup = 1;
		if (!rounds_set)
			o->rounds = 2;
		if (!stream_set)
			o->stream_n = 2000;
	}
	if (o->rounds < 1 || o->stream_n < 1 || o->chunk < 1) {
		fprintf(stderr, "vie-bench-decode: --rounds, --stream and --chunk must be at least 1\n");
		exit(2);
	}
	o->h64.seed = o->h32.seed = o->seed;
}

/*
 * --insn: one instruction (hex bytes, 64-bit mode) repeated back to back,
 * timed as the mixes are (all decoders, both modes, the empty loop's
 * median subtracted), for a look at one form with warm caches and
 * predicted branches.  Returns the exit status.
 */
static int
time_one_insn(const struct opts *o)
{
	uint8_t ins[15];
	size_t len = 0;
	for (const char *p = o->insn; *p != '\0';) {
		if (*p == ' ' || *p == ':') {
			p++;
			continue;
		}
		if (len == sizeof(ins) || !isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1])) {
			fprintf(stderr, "vie-bench-decode: --insn takes up to 15 bytes in hex\n");
			return 2;
		}
		const char hex[3] = {p[0], p[1], '\0'};
		ins[len++] = (uint8_t)strtoul(hex, NULL, 16);
		p += 2;
	}
	if (len == 0) {
		fprintf(stderr, "vie-bench-decode: --insn takes up to 15 bytes in hex\n");
		return 2;
	}
	struct stream s = {.name = "insn", .mode = CPU_MODE_64BIT, .cs_d = 0,
	    .zmode = ZYDIS_MACHINE_MODE_LONG_64, .zwidth = ZYDIS_STACK_WIDTH_64};
	s.n = o->stream_n < 4096 ? o->stream_n : 4096;
	s.nbytes = s.n * len;
	s.bytes = calloc(s.nbytes + 15, 1);
	s.lenat = calloc(s.nbytes + 15, 1);
	s.off = malloc(s.n * sizeof(*s.off));
	if (s.bytes == NULL || s.lenat == NULL || s.off == NULL)
		return 2;
	for (size_t i = 0; i < s.n; i++) {
		memcpy(s.bytes + i * len, ins, len);
		s.lenat[i * len] = (uint8_t)len;
		s.off[i] = (uint32_t)(i * len);
	}
	static struct runner r;
	runner_init(&r, &s);
	if (verify_stream(&r, "insn") != 0) {
		fprintf(stderr, "vie-bench-decode: FAILED: the decoders do not all decode it to %zu bytes\n",
		    len);
		return 1;
	}
	for (unsigned w = 0; w < o->warmup; w++)
		for (int k = 0; k < NKIND; k++)
			for (int d = 0; d <= NDEC; d++)
				(void)passes[k][d](&r, 0, s.n);
	double *t = malloc((size_t)NKIND * (NDEC + 1) * o->rounds * sizeof(*t));
	if (t == NULL)
		return 2;
	double ghz = 0;
	for (unsigned rd = 0; rd < o->rounds; rd++) {
		const double g = core_ghz();
		ghz = g > ghz ? g : ghz;
		for (int k = 0; k < NKIND; k++)
			for (int d = 0; d <= NDEC; d++) {
				struct pass_time pt;
				(void)timed_pass(&r, passes[k][d], o->chunk, &pt);
				t[((size_t)k * (NDEC + 1) + (size_t)d) * o->rounds + rd] = (double)pt.ns / (double)s.n;
			}
	}
	static const char *const name[NDEC + 1] = {"(empty loop)", "vie", "zydis-minimal", "zydis-full"};
	printf("one instruction, 64-bit mode, %zu bytes:", len);
	for (size_t k = 0; k < len; k++)
		printf(" %02x", ins[k]);
	printf("\n%zu copies, %u rounds; median ns per instruction, the empty loop's subtracted, and "
	    "core cycles at ~%.2f GHz\n", s.n, o->rounds, ghz);
	for (int k = 0; k < NKIND; k++) {
		double med[NDEC + 1];
		for (int d = 0; d <= NDEC; d++) {
			double *v = &t[((size_t)k * (NDEC + 1) + (size_t)d) * o->rounds];
			qsort(v, o->rounds, sizeof(*v), cmp_dbl);
			med[d] = v[o->rounds / 2];
		}
		for (int d = 1; d <= NDEC; d++)
			printf("  %-10s %-13s %7.2f ns  %6.1f cycles  x vie %5.2f\n", k ? "latency" : "throughput",
			    name[d], med[d] - med[0], (med[d] - med[0]) * ghz, (med[d] - med[0]) / (med[1] - med[0]));
	}
	free(t);
	free(s.bytes);
	free(s.lenat);
	free(s.off);
	return 0;
}

/* Pin to one CPU so the TSC, caches and branch predictors are the same
 * for every round. */
static int
pin_cpu(int want)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return -1;
	int cpu = want;
	if (cpu < 0)
		for (int c = CPU_SETSIZE - 1; c >= 0; c--)
			if (CPU_ISSET(c, &set)) {
				cpu = c;
				break;
			}
	if (cpu < 0 || !CPU_ISSET(cpu, &set))
		return -1;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) == 0 ? cpu : -1;
}

static void
mkdir_p(const char *path)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
	mkdir(buf, 0755);
}

/* The stream as hex lines, for other tools (vie decode --batch, perf). */
static void
dump_stream(const struct stream *s, const char *dir)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s.hex", dir, s->name);
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		fprintf(stderr, "vie-bench-decode: cannot write %s\n", path);
		return;
	}
	for (size_t i = 0; i < s->n; i++) {
		const uint8_t *p = s->bytes + s->off[i];
		for (unsigned k = 0; k < s->lenat[s->off[i]]; k++)
			fprintf(f, "%02x", p[k]);
		fputc('\n', f);
	}
	fclose(f);
	printf("stream written to %s\n", path);
}

/* ---- main ------------------------------------------------------------ */

static void
print_corpus(const struct corpus *c)
{
	printf("  corpus %-13s %u files, %.1f MiB swept, %llu instructions; vie decoded %llu "
	    "(%llu without memory operand, %llu length disagreements); kept %llu occurrences, "
	    "%zu distinct, %u families%s%llu synthetic\n",
	    c->name, c->files, (double)c->text_bytes / (1 << 20), (unsigned long long)c->insns,
	    (unsigned long long)c->vie_ok, (unsigned long long)c->vie_ok_nomem,
	    (unsigned long long)c->len_mismatch, (unsigned long long)c->total, c->n, c->nfamily,
	    c->synthetic ? ", " : ", ", (unsigned long long)c->synthetic);
	if (c->note[0])
		printf("  note: %s\n", c->note);
}

int
main(int argc, char **argv)
{
	struct opts o;
	parse_opts(argc, argv, &o);
	setvbuf(stdout, NULL, _IOLBF, 0);

	struct report rep;
	memset(&rep, 0, sizeof(rep));
	rep.smoke = o.smoke;
	rep.rounds = o.rounds;
	rep.chunk = o.chunk;
	rep.seed = o.seed;
	rep.only_vie = o.only != NULL;
	rep.cpu = pin_cpu(o.cpu);
	if (rep.cpu < 0)
		printf("warning: could not pin to one CPU; figures will be noisier\n");

	if (o.insn != NULL)
		return time_one_insn(&o);
	printf("vie decode benchmark%s: vie %s vs Zydis %d.%d.%d, pinned to CPU %d\n",
	    o.smoke ? " (smoke mode: tiny corpus, no timing claims)" : "", vie_version(),
	    (int)ZYDIS_VERSION_MAJOR(ZydisGetVersion()), (int)ZYDIS_VERSION_MINOR(ZydisGetVersion()),
	    (int)ZYDIS_VERSION_PATCH(ZydisGetVersion()), rep.cpu);

	/* Corpora.  The family mix is the realistic corpus plus synthetic
	 * encodings for the families real code does not contain. */
	uint64_t t0 = now_ns();
	static struct corpus c64, cfam, csyn, c32;
	corpus_init(&c64, "realistic-64", CPU_MODE_64BIT, 0);
	corpus_harvest64(&c64, &o.h64);
	corpus_init(&cfam, "family-64", CPU_MODE_64BIT, 0);
	corpus_init(&csyn, "synthetic-64", CPU_MODE_64BIT, 0);
	corpus_merge(&cfam, &c64);
	corpus_synthesize_missing(&csyn, &c64, o.seed);
	corpus_merge(&cfam, &csyn);
	cfam.files = c64.files;
	cfam.text_bytes = c64.text_bytes;
	cfam.insns = c64.insns;
	cfam.vie_ok = c64.vie_ok;
	cfam.vie_ok_nomem = c64.vie_ok_nomem;
	cfam.len_mismatch = c64.len_mismatch;
	if (csyn.n)
		snprintf(cfam.note, sizeof(cfam.note), "%zu synthetic encodings stand in for %u "
		    "families absent from the scanned code", csyn.n, csyn.nfamily);

	corpus_init(&c32, "real-32", CPU_MODE_PROTECTED, 1);
	unsigned n32 = corpus_harvest32(&c32, &o.h32);
	if (n32 == 0 && !o.no_install && !o.smoke && geteuid() == 0 &&
	    access("/usr/bin/apt-get", X_OK) == 0) {
		printf("no i386 code found: running apt-get install -y libc6-i386\n");
		if (system("apt-get install -y -q libc6-i386 >&2") == 0)
			n32 = corpus_harvest32(&c32, &o.h32);
	}
	if (n32 == 0) {
		printf("note: no i386 ELF files in %s (Debian package libc6-i386 "
		    "provides them: apt-get install -y libc6-i386); the 32-bit mix falls back to "
		    "64-bit code that decodes identically in 32-bit mode\n",
		    o.h32.dir ? o.h32.dir : "/lib32 or /usr/lib32");
		corpus_free(&c32);
		corpus_init(&c32, "real-32", CPU_MODE_PROTECTED, 1);
		corpus_from64(&c32, &c64);
	}
	rep.corpus_ms = (double)(now_ns() - t0) / 1e6;
	print_corpus(&c64);
	print_corpus(&cfam);
	print_corpus(&c32);

	const struct corpus *cs[NMIX] = {&c64, &cfam, &c32};
	static struct stream st[NMIX];
	int failed = 0;
	for (int m = 0; m < NMIX; m++) {
		int rc = m == 1 ? stream_by_family(&st[m], cs[m], o.stream_n, o.seed + 7) :
		    stream_by_count(&st[m], cs[m], o.stream_n, o.seed + 3 + (uint64_t)m);
		if (rc != 0) {
			fprintf(stderr, "vie-bench-decode: mix %s is empty: vie_decode accepted no "
			    "memory instruction of the scanned code (decoder missing?)\n", cs[m]->name);
			failed = 1;
			continue;
		}
		static struct runner r;
		runner_init(&r, &st[m]);
		if (verify_stream(&r, cs[m]->name) != 0)
			failed = 1;
	}
	if (failed) {
		fprintf(stderr, "vie-bench-decode: FAILED: streams are empty or decoders disagree\n");
		return 1;
	}
	if (o.dump) {
		mkdir_p(o.out);
		for (int m = 0; m < NMIX; m++)
			dump_stream(&st[m], o.out);
	}

	/* Alternating rounds: every loop of every mix runs once per round, in
	 * an order rotated per round, so drift (frequency, other load) hits
	 * all of them alike. */
	t0 = now_ns();
	static struct runner runners[NMIX];
	for (int m = 0; m < NMIX; m++) {
		runner_init(&runners[m], &st[m]);
		report_mix_init(&rep.mix[m], cs[m], &st[m], o.rounds);
	}
	int ndec = rep.only_vie ? 2 : NDEC + 1;
	for (unsigned w = 0; w < o.warmup; w++)
		for (int m = 0; m < NMIX; m++) {
			nulldec_base = st[m].bytes;
			nulldec_lenat = st[m].lenat;
			for (int k = 0; k < NKIND; k++)
				for (int d = 0; d < ndec; d++)
					(void)passes[k][d](&runners[m], 0, st[m].n);
		}
	uint64_t tot_ticks = 0, tot_ns = 0;
	double *ghz = malloc(o.rounds * sizeof(*ghz));
	if (ghz == NULL)
		return 2;
	for (unsigned rd = 0; rd < o.rounds; rd++) {
		ghz[rd] = core_ghz();
		for (int m = 0; m < NMIX; m++) {
			struct runner *r = &runners[m];
			nulldec_base = st[m].bytes;
			nulldec_lenat = st[m].lenat;
			for (int k = 0; k < NKIND; k++)
				for (int j = 0; j < ndec; j++) {
					int d = (int)((j + rd) % (unsigned)ndec);
					struct pass_time pt;
					if (timed_pass(r, passes[k][d], o.chunk, &pt) != st[m].nbytes) {
						fprintf(stderr, "vie-bench-decode: FAILED: a timed pass "
						    "decoded differently than verified\n");
						return 1;
					}
					rep.mix[m].raw_ticks[k][d][rd] = (double)pt.ticks;
					rep.mix[m].raw_ns[k][d][rd] = (double)pt.ns;
					rep.mix[m].reruns[k][d] += pt.reruns;
					rep.mix[m].disturbed[k][d] += pt.disturbed;
					tot_ticks += pt.ticks;
					tot_ns += pt.ns;
				}
		}
	}
	rep.timing_ms = (double)(now_ns() - t0) / 1e6;
	qsort(ghz, o.rounds, sizeof(*ghz), cmp_dbl);
	rep.core_ghz = ghz[o.rounds / 2];
	rep.core_ghz_min = ghz[0];
	rep.core_ghz_max = ghz[o.rounds - 1];
	free(ghz);
	mkdir_p(o.out);
	report_footprint(&rep, o.lib);
	report_compute(&rep);
	time_families(&rep, &st[1], cs[1], o.rounds < 15 ? o.rounds : 15, o.chunk,
	    rep.mix[1].ns[0][DEC_NULL].med);
	time_reordered(&rep, &st[0], o.rounds < 15 ? o.rounds : 15, o.chunk, rep.mix[0].ns[0][DEC_NULL].med);
	rep.tsc_ghz = tot_ns ? (double)tot_ticks / (double)tot_ns : 0;

	report_print(&rep, stdout);
	int rc = report_write_json(&rep, o.out);
	if (!o.no_chart)
		report_chart(&rep, o.out);
	for (int m = 0; m < NMIX; m++) {
		report_mix_free(&rep.mix[m]);
		stream_free(&st[m]);
	}
	corpus_free(&c64);
	corpus_free(&cfam);
	corpus_free(&csyn);
	corpus_free(&c32);
	return rc == 0 ? 0 : 1;
}
