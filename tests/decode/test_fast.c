/*
 * tests/decode/test_fast.c - the decoder's fast path against its reference.
 *
 * vie_decode() takes a fast path for the common encodings and falls back
 * to vd_decode_full() (src/decode/internal.h) for everything else.  The
 * contract is that the two are indistinguishable: for every input (any
 * bytes, any length, any mode value, cs_d, NULL pointers) they return the
 * same status and leave the same 64 bytes in struct vie.  This program
 * checks that, byte for byte, with each struct pre-filled with two
 * patterns (0x5A, 0xA5) so that a field one path writes and the other
 * leaves alone shows up whatever its value.
 *
 *   structured  every mode x prefix set x REX placement x opcode map x
 *               opcode byte x ModRM byte (every k-th ModRM for --scale k,
 *               a different k-th for each opcode and combination), the
 *               SIB byte cycling through all 256 values, then PRNG bytes;
 *               15 bytes ending right before a PROT_NONE page
 *   vex         every C5 payload byte and every C4 payload pair, with the
 *               VEX maps' opcodes and ModRM bytes for each addressing form
 *   truncated   every 97th structured and every 128th random case again
 *               at every length 0..14 and at 16, 17, 64 and a page, each
 *               buffer exactly that long and ending right before the
 *               PROT_NONE page, so that a read past the length faults
 *               (a fault handler names the input)
 *   random      PRNG byte strings per mode, half of them shaped like
 *               common code (prefix, REX, 0F, frequent opcodes)
 *   arguments   NULL vie, NULL bytes, invalid mode values, odd cs_d
 *
 * Deterministic (fixed seed).  --scale k (or VIE_FAST_EQUIV_SCALE=k,
 * which wins) divides the work by about k: every k-th ModRM byte, 4M/k
 * random strings per mode.  The default is 2 (about 6 s at -O2); 1 is the
 * whole cross product.  --seed s changes the PRNG seed.  Exit status 0
 * when everything matched, 1 on any mismatch (the first few are printed
 * in full), 2 on a usage or setup error.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <vie/decode.h>

#include "internal.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_PRINT 8      /* mismatches printed in full */
#define MAX_MISMATCH 1000 /* stop early after this many */

/* The modes, as the golden tests name them.  cs_d is ignored in real and
 * 64-bit mode; there it alternates from one case to the next. */
struct tmode {
	const char *name;
	enum vm_cpu_mode mode;
	int cs_d;
	int csd_ignored;
};
static const struct tmode tmodes[] = {
	{"real", CPU_MODE_REAL, 0, 1},
	{"prot16", CPU_MODE_PROTECTED, 0, 0},
	{"prot32", CPU_MODE_PROTECTED, 1, 0},
	{"compat16", CPU_MODE_COMPATIBILITY, 0, 0},
	{"compat32", CPU_MODE_COMPATIBILITY, 1, 0},
	{"long64", CPU_MODE_64BIT, 0, 1},
};
#define NMODES ARRAY_LEN(tmodes)
#define MODE_ARGS NMODES /* the row of the argument checks */

enum { S_STRUCT, S_VEX, S_TRUNC, S_RANDOM, S_ARGS, NSECT };
static const char *const sect_name[NSECT] = {"structured", "vex", "truncated", "random", "arguments"};

struct counts {
	uint64_t cases, ok;
};
static struct counts counts[NSECT][NMODES + 1];
static uint64_t mismatches;

/*
 * The call in progress, for the fault handler: a read past the end of
 * the bytes hits the PROT_NONE page, and the handler names the input
 * before the fault is handled as before (default action, or the
 * sanitizer's report).
 */
static struct {
	const char *decoder;
	const char *mode_name;
	const uint8_t *bytes;
	size_t len;
	int cs_d;
} cur;
static struct sigaction old_segv, old_bus;

/* The end of the readable page: the PROT_NONE page starts here. */
static uint8_t *guard;
static size_t page_size;

/* splitmix64 */
static uint64_t rng;

static inline uint64_t
rnd(void)
{
	uint64_t z = (rng += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static inline void
fill15(uint8_t *b)
{
	const uint64_t a = rnd(), c = rnd();
	memcpy(b, &a, 8);
	memcpy(b + 8, &c, 7);
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Which field of struct vie a byte offset belongs to. */
static const char *
field_at(unsigned off)
{
	if (off < 15)
		return "inst";
	static const struct {
		unsigned end;
		const char *name;
	} f[] = {
		{16, "num_valid"}, {17, "num_processed"}, {18, "addrsize/opsize"},
		{20, "rex_*/rep*/66/67/segment_override/mod/reg"}, {21, "rm/ss/vex_present/vex_l"},
		{22, "index/base"}, {23, "disp_bytes"}, {24, "imm_bytes"}, {25, "scale"},
		{26, "vex_reg/vex_pp/lock_present/vex_w"}, {28, "desc"}, {32, "base_register"},
		{36, "index_register"}, {40, "segment_register"}, {48, "displacement"},
		{56, "immediate"}, {57, "decoded"}, {58, "rep_last/seg_prefix/osz_attr"},
		{59, "op.op_byte"}, {60, "op.op_type"}, {62, "op.op_flags"}, {64, "padding"},
	};
	for (size_t i = 0; i < ARRAY_LEN(f); i++)
		if (off < f[i].end)
			return f[i].name;
	return "?";
}

static void
dump_vie(const char *who, const uint8_t *p, const uint8_t *other)
{
	for (unsigned row = 0; row < 64; row += 16) {
		printf("    %-15s %02u:", row == 0 ? who : "", row);
		for (unsigned i = row; i < row + 16; i++)
			printf(" %02x", p[i]);
		printf("\n");
		if (other != NULL && memcmp(p + row, other + row, 16) != 0) {
			printf("    %-15s    ", "");
			for (unsigned i = row; i < row + 16; i++)
				printf(" %s", p[i] != other[i] ? "^^" : "  ");
			printf("\n");
		}
	}
}

static void
report(unsigned sect, const char *mode_name, unsigned mode, int cs_d, const uint8_t *bytes,
    size_t len, uint8_t pat, int ra, int rb, const struct vie *a, const struct vie *b)
{
	mismatches++;
	if (mismatches > MAX_PRINT)
		return;
	printf("MISMATCH #%" PRIu64 " [%s] mode %s (%u) cs_d %d len %zu, struct pre-filled with 0x%02X\n",
	    mismatches, sect_name[sect], mode_name, mode, cs_d, len, pat);
	printf("    bytes:");
	if (bytes == NULL)
		printf(" (NULL)");
	else
		for (size_t i = 0; i < len && i < 16; i++)
			printf(" %02x", bytes[i]);
	if (bytes != NULL && len > 16)
		printf(" ... (%zu bytes)", len);
	printf("\n    vie_decode     -> %d (%s)\n    vd_decode_full -> %d (%s)\n", ra,
	    vie_status_name(ra), rb, vie_status_name(rb));
	if (a == NULL)
		return;
	const uint8_t *pa = (const uint8_t *)a, *pb = (const uint8_t *)b;
	dump_vie("vie_decode", pa, pb);
	dump_vie("vd_decode_full", pb, NULL);
	printf("    differing bytes:");
	for (unsigned i = 0; i < 64; i++)
		if (pa[i] != pb[i])
			printf(" %u(%s)", i, field_at(i));
	printf("\n");
}

/* Async-signal-safe output for the fault handler. */
static void
put(const char *str)
{
	size_t n = strlen(str);
	while (n > 0) {
		const ssize_t w = write(STDOUT_FILENO, str, n);
		if (w <= 0)
			return;
		str += w;
		n -= (size_t)w;
	}
}

static void
put_num(uint64_t v)
{
	char b[24];
	unsigned i = sizeof(b);
	b[--i] = '\0';
	do
		b[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0 && i > 0);
	put(b + i);
}

static void
on_fault(int sig)
{
	static const char hex[] = "0123456789abcdef";
	put("\nFAULT (signal ");
	put_num((uint64_t)sig);
	put(") in ");
	put(cur.decoder != NULL ? cur.decoder : "(the test)");
	put(": mode ");
	put(cur.mode_name != NULL ? cur.mode_name : "?");
	put(" cs_d ");
	put_num((uint64_t)(int64_t)cur.cs_d);
	put(" len ");
	put_num(cur.len);
	put(" bytes");
	if (cur.bytes == NULL)
		put(" (NULL)");
	for (size_t i = 0; cur.bytes != NULL && i < cur.len && i < 16; i++) {
		const char h[4] = {' ', hex[cur.bytes[i] >> 4], hex[cur.bytes[i] & 15], '\0'};
		put(h);
	}
	put("\n  (a read past the given length, if the address is the guard page)\n");
	/* Back to the previous handlers; the faulting access runs again. */
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
}

/* Decode with both, from both fill patterns; compare status and struct. */
static int
check(unsigned sect, unsigned row, const char *mode_name, enum vm_cpu_mode mode, int cs_d,
    const uint8_t *bytes, size_t len)
{
	static const uint8_t pats[2] = {0x5A, 0xA5};
	int st = -1;
	cur.mode_name = mode_name;
	cur.bytes = bytes;
	cur.len = len;
	cur.cs_d = cs_d;
	for (unsigned p = 0; p < 2; p++) {
		struct vie a, b;
		memset(&a, pats[p], sizeof(a));
		memset(&b, pats[p], sizeof(b));
		cur.decoder = "vie_decode";
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		const int ra = vie_decode(&a, bytes, len, mode, cs_d);
		cur.decoder = "vd_decode_full";
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		const int rb = vd_decode_full(&b, bytes, len, mode, cs_d);
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		cur.decoder = NULL;
		if (ra != rb || memcmp(&a, &b, sizeof(a)) != 0)
			report(sect, mode_name, (unsigned)mode, cs_d, bytes, len, pats[p], ra, rb, &a, &b);
		st = rb;
	}
	counts[sect][row].cases++;
	counts[sect][row].ok += st == VIE_OK;
	if (mismatches >= MAX_MISMATCH) {
		printf("FAIL: %d mismatches, stopping early\n", MAX_MISMATCH);
		exit(1);
	}
	return st;
}

static inline int
check_mode(unsigned sect, unsigned mi, int cs_d, const uint8_t *bytes, size_t len)
{
	return check(sect, mi, tmodes[mi].name, tmodes[mi].mode, cs_d, bytes, len);
}

/* Copy n bytes so that they end right before the PROT_NONE page. */
static const uint8_t *
at_guard(const uint8_t *src, size_t n)
{
	uint8_t *p = guard - n;
	memmove(p, src, n);
	return p;
}

/*
 * The instruction in c[0..15) again at every shorter length, and at lengths
 * past 15 (the bytes after the 15th are whatever the page holds: only the
 * first 15 may count).
 */
static void
check_lengths(unsigned mi, int cs_d, const uint8_t *c)
{
	uint8_t keep[VIE_INST_SIZE];
	memcpy(keep, c, sizeof(keep));
	for (size_t len = 0; len < VIE_INST_SIZE; len++)
		check_mode(S_TRUNC, mi, cs_d, at_guard(keep, len), len);
	const size_t longer[] = {16, 17, 64, page_size};
	for (size_t i = 0; i < ARRAY_LEN(longer); i++) {
		uint8_t *p = guard - longer[i];
		memcpy(p, keep, sizeof(keep));
		check_mode(S_TRUNC, mi, cs_d, p, longer[i]);
	}
}

/* ---- 1. structured enumeration ---------------------------------------- */

struct seq {
	uint8_t n;
	uint8_t b[3];
};

/* Legacy prefix sets: none, each of the eleven, and some pairs. */
static const struct seq pfx_sets[] = {
	{0, {0}},
	{1, {0x26}}, {1, {0x2E}}, {1, {0x36}}, {1, {0x3E}}, {1, {0x64}}, {1, {0x65}},
	{1, {0x66}}, {1, {0x67}}, {1, {0xF0}}, {1, {0xF2}}, {1, {0xF3}},
	{2, {0x66, 0xF3}}, {2, {0xF3, 0x66}}, {2, {0x64, 0x66}}, {2, {0xF0, 0x66}},
	{2, {0x66, 0x66}},
};

/* REX placements (64-bit mode only: elsewhere 40-4F are opcodes, which the
 * opcode enumeration covers).  'before' goes ahead of the legacy prefixes,
 * where the legacy prefix that follows makes the CPU ignore it. */
struct rexv {
	struct seq before, after;
};
static const struct rexv rex_none = {{0, {0}}, {0, {0}}};
static const struct rexv rex_vars[] = {
	{{0, {0}}, {0, {0}}},
	{{0, {0}}, {1, {0x40}}}, {{0, {0}}, {1, {0x41}}}, {{0, {0}}, {1, {0x42}}},
	{{0, {0}}, {1, {0x44}}}, {{0, {0}}, {1, {0x48}}}, {{0, {0}}, {1, {0x4F}}},
	{{0, {0}}, {2, {0x41, 0x48}}}, /* two REX: the last one counts */
	/* these two only with a legacy prefix */
	{{1, {0x48}}, {0, {0}}}, {{1, {0x4D}}, {1, {0x41}}},
};

/* Opcode maps: one-byte, 0F, 0F 38, 0F 3A, C5 and C4 VEX (register-form
 * second bytes, so that they are VEX outside 64-bit mode too). */
static const struct seq maps[] = {
	{0, {0}}, {1, {0x0F}}, {2, {0x0F, 0x38}}, {2, {0x0F, 0x3A}},
	{2, {0xC5, 0xF8}}, {2, {0xC5, 0xFD}}, {3, {0xC4, 0xE2, 0x79}},
};

static void
append(uint8_t *head, unsigned *hn, const struct seq *s)
{
	memcpy(head + *hn, s->b, s->n);
	*hn += s->n;
}

static void
run_structured(unsigned scale)
{
	uint8_t *const buf = guard - VIE_INST_SIZE;
	uint64_t combo = 0, idx = 0;
	for (unsigned mi = 0; mi < NMODES; mi++) {
		const int m64 = tmodes[mi].mode == CPU_MODE_64BIT;
		const size_t nrex = m64 ? ARRAY_LEN(rex_vars) : 1;
		for (size_t pi = 0; pi < ARRAY_LEN(pfx_sets); pi++) {
			for (size_t ri = 0; ri < nrex; ri++) {
				const struct rexv *rv = m64 ? &rex_vars[ri] : &rex_none;
				if (rv->before.n != 0 && pfx_sets[pi].n == 0)
					continue;
				for (size_t mpi = 0; mpi < ARRAY_LEN(maps); mpi++, combo++) {
					uint8_t head[12];
					unsigned hn = 0;
					append(head, &hn, &rv->before);
					append(head, &hn, &pfx_sets[pi]);
					append(head, &hn, &rv->after);
					append(head, &hn, &maps[mpi]);
					for (unsigned op = 0; op < 256; op++) {
						for (unsigned m = (unsigned)((op + combo) % scale); m < 256;
						    m += scale, idx++) {
							fill15(buf);
							memcpy(buf, head, hn);
							buf[hn] = (uint8_t)op;
							buf[hn + 1] = (uint8_t)m;
							/* SIB: for each combination, mod and reg
							 * the opcodes run through all 256 (every
							 * k-th at --scale k) */
							if ((m & 7) == 4 && m < 0xC0)
								buf[hn + 2] = (uint8_t)(op + 32 * ((m >> 3) & 7) +
								    85 * (m >> 6) + 7 * combo);
							const int cs_d = tmodes[mi].cs_d ^
							    (tmodes[mi].csd_ignored & (int)(idx & 1));
							check_mode(S_STRUCT, mi, cs_d, buf, VIE_INST_SIZE);
							if (idx % 97 == 0)
								check_lengths(mi, cs_d, buf);
						}
					}
				}
			}
		}
	}
}

/* ---- 2. VEX ------------------------------------------------------------- */

/*
 * Every C5 payload byte, and every C4 pair of payload bytes (RXB mmmmm,
 * W vvvv L pp), with the opcodes of vie's VEX maps and a few others, and
 * ModRM bytes that reach memory, registers, SIB and disp32: all of VEX's
 * fields and #UD rules, in every mode (outside 64-bit mode a payload below
 * C0 makes C4/C5 LES/LDS).
 */
static const uint8_t vex_ops[] = {0x10, 0x11, 0x28, 0x29, 0x2B, 0x6E, 0x6F, 0x7E, 0x7F, 0xD6, 0xE7,
	0x2A, 0xF7, 0x00, 0x58};
static const uint8_t vex_modrm[] = {0x00, 0x05, 0x04, 0x44, 0x84, 0xC1, 0x4D, 0x97};

static void
run_vex(unsigned scale)
{
	uint8_t *const buf = guard - VIE_INST_SIZE;
	uint64_t idx = 0;
	for (unsigned mi = 0; mi < NMODES; mi++) {
		for (unsigned v = 0; v < 65536 + 256; v++) {
			for (size_t oi = 0; oi < ARRAY_LEN(vex_ops); oi++, idx++) {
				if (idx % scale != 0)
					continue;
				fill15(buf);
				unsigned hn;
				if (v < 256) { /* C5 v */
					buf[0] = 0xC5;
					buf[1] = (uint8_t)v;
					hn = 2;
				} else { /* C4 v1 v2 */
					buf[0] = 0xC4;
					buf[1] = (uint8_t)((v - 256) >> 8);
					buf[2] = (uint8_t)(v - 256);
					hn = 3;
				}
				buf[hn] = vex_ops[oi];
				buf[hn + 1] = vex_modrm[(idx / scale) % ARRAY_LEN(vex_modrm)];
				const int cs_d = tmodes[mi].cs_d ^ (tmodes[mi].csd_ignored & (int)(idx & 1));
				check_mode(S_VEX, mi, cs_d, buf, VIE_INST_SIZE);
				if (idx % (97 * scale) == 0)
					check_lengths(mi, cs_d, buf);
			}
		}
	}
}

/* ---- 3. random byte strings --------------------------------------------- */

static const uint8_t legacy[] = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3};
static const uint8_t common_first[] = {0x48, 0x4C, 0x49, 0x41, 0x66, 0xF3, 0xF2, 0x64, 0x65, 0x0F, 0x67};
static const uint8_t common_op[] = {
	0x88, 0x89, 0x8A, 0x8B, 0xC6, 0xC7, 0x80, 0x81, 0x83, 0x84, 0x85, 0x01, 0x03, 0x09, 0x0B,
	0x21, 0x23, 0x29, 0x2B, 0x31, 0x33, 0x39, 0x3B, 0x63, 0x69, 0x6B, 0x86, 0x87, 0x8C, 0x8E,
	0xA4, 0xA5, 0xAA, 0xAB, 0xA0, 0xA1, 0xA2, 0xA3, 0xF6, 0xF7, 0xFE, 0xFF, 0xC0, 0xC1, 0xD1,
	0xD3, 0x8F, 0x8D,
};
static const uint8_t common_0f[] = {
	0xB6, 0xB7, 0xBE, 0xBF, 0x10, 0x11, 0x28, 0x29, 0x6F, 0x7F, 0x6E, 0x7E, 0xD6, 0xE7, 0x2B,
	0xC3, 0xB0, 0xB1, 0xC0, 0xC1, 0xC7, 0xA3, 0xAB, 0xB3, 0xBB, 0xBA, 0xAE, 0xAF, 0x40, 0x44,
	0x4F, 0x90, 0x94, 0x9F, 0x38, 0x3A,
};

static void
gen_random(uint8_t *b)
{
	fill15(b);
	const uint64_t r = rnd();
	if (r & 1)
		return; /* uniformly random */
	unsigned pos = 0;
	if ((r >> 1) & 1) {
		b[pos++] = common_first[(r >> 8) % ARRAY_LEN(common_first)];
	} else {
		unsigned np = (r >> 2) & 3; /* legacy prefixes: 0..2, mostly 0 or 1 */
		np = np == 3 ? 2 : np == 2 ? 0 : np;
		for (unsigned i = 0; i < np; i++)
			b[pos++] = legacy[(r >> (16 + 4 * i)) % ARRAY_LEN(legacy)];
		if ((r >> 4) & 1)
			b[pos++] = (uint8_t)(0x40 | ((r >> 24) & 15));
	}
	const unsigned kind = (r >> 28) & 7;
	if (kind < 3) {
		b[pos++] = 0x0F;
		b[pos++] = (r >> 31) & 1 ? common_0f[(r >> 32) % ARRAY_LEN(common_0f)] : (uint8_t)(r >> 40);
	} else if (kind < 7) {
		b[pos++] = common_op[(r >> 32) % ARRAY_LEN(common_op)];
	}
	/* else: the opcode stays random */
	(void)pos;
}

static void
run_random(uint64_t per_mode)
{
	uint8_t *const buf = guard - VIE_INST_SIZE;
	for (unsigned mi = 0; mi < NMODES; mi++) {
		for (uint64_t i = 0; i < per_mode; i++) {
			gen_random(buf);
			const int cs_d = tmodes[mi].cs_d ^ (tmodes[mi].csd_ignored & (int)(i & 1));
			check_mode(S_RANDOM, mi, cs_d, buf, VIE_INST_SIZE);
			if (i % 128 == 0)
				check_lengths(mi, cs_d, buf);
		}
	}
}

/* ---- 4. arguments -------------------------------------------------------- */

static void
run_args(void)
{
	/* Mode values: the valid ones and some that are not. */
	static const unsigned mvals[] = {0, 1, 2, 3, 4, 5, 99, 0x7FFFFFFFu, 0xFFFFFFFFu};
	static const int csds[] = {0, 1, 2, -1};
	static const size_t lens[] = {0, 1, 5, 14, 15, 16};
	static const uint8_t samples[][VIE_INST_SIZE] = {
		{0x8B, 0x04, 0x24},                   /* mov eax, [esp] */
		{0x48, 0x89, 0x44, 0x24, 0x08},       /* mov [rsp+8], rax */
		{0x66, 0xC7, 0x05, 1, 2, 3, 4, 5, 6}, /* mov word [rip+x], imm16 */
		{0x0F, 0xB6, 0x40, 0x01},             /* movzx eax, byte [rax+1] */
		{0xF3, 0xA4},                         /* rep movsb */
		{0x90},                               /* nop: unsupported */
	};
	struct vie v;
	for (size_t mv = 0; mv < ARRAY_LEN(mvals); mv++) {
		const enum vm_cpu_mode mode = (enum vm_cpu_mode)mvals[mv];
		char name[24];
		snprintf(name, sizeof(name), "mode=%u", mvals[mv]);
		for (size_t ci = 0; ci < ARRAY_LEN(csds); ci++) {
			const int cs_d = csds[ci];
			for (size_t li = 0; li < ARRAY_LEN(lens); li++) {
				const size_t len = lens[li];
				/* vie NULL: statuses only. */
				for (size_t si = 0; si < ARRAY_LEN(samples); si++) {
					const uint8_t *p;
					if (len <= VIE_INST_SIZE) {
						p = at_guard(samples[si], len);
					} else {
						memcpy(guard - len, samples[si], VIE_INST_SIZE);
						p = guard - len;
					}
					const int ra = vie_decode(NULL, p, len, mode, cs_d);
					const int rb = vd_decode_full(NULL, p, len, mode, cs_d);
					counts[S_ARGS][MODE_ARGS].cases++;
					if (ra != rb)
						report(S_ARGS, "(vie NULL)", mvals[mv], cs_d, p, len, 0, ra, rb,
						    NULL, NULL);
					/* with a struct */
					check(S_ARGS, MODE_ARGS, name, mode, cs_d, p, len);
				}
				/* bytes NULL, with and without a struct */
				const int ra = vie_decode(NULL, NULL, len, mode, cs_d);
				const int rb = vd_decode_full(NULL, NULL, len, mode, cs_d);
				counts[S_ARGS][MODE_ARGS].cases++;
				if (ra != rb)
					report(S_ARGS, "(vie NULL)", mvals[mv], cs_d, NULL, len, 0, ra, rb, NULL, NULL);
				check(S_ARGS, MODE_ARGS, name, mode, cs_d, NULL, len);
			}
		}
	}
	/* The documented statuses of the plainly bad calls, for the record:
	 * both must agree (checked above), and they must be BAD_ARGUMENT. */
	const uint8_t *p = at_guard(samples[0], 3);
	const struct {
		int got;
		const char *what;
	} bad[] = {
		{vie_decode(NULL, p, 3, CPU_MODE_64BIT, 0), "vie NULL"},
		{vie_decode(&v, NULL, 5, CPU_MODE_64BIT, 0), "bytes NULL, len 5"},
		{vie_decode(&v, p, 3, (enum vm_cpu_mode)4, 0), "mode 4"},
		{vie_decode(&v, p, 3, (enum vm_cpu_mode)99, 1), "mode 99"},
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		if (bad[i].got != VIE_BAD_ARGUMENT) {
			printf("MISMATCH: vie_decode(%s) -> %d (%s), want bad_argument\n", bad[i].what,
			    bad[i].got, vie_status_name(bad[i].got));
			mismatches++;
		}
	}
}

/* ---- main ------------------------------------------------------------- */

static unsigned long
parse_num(const char *s, const char *what)
{
	char *end;
	const unsigned long v = strtoul(s, &end, 0);
	if (*s == '\0' || *end != '\0' || v == 0) {
		fprintf(stderr, "test_fast: bad %s '%s' (want a positive number)\n", what, s);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	unsigned long scale = 2; /* about 6 s in a -O2 build */
	uint64_t seed = 0x76696566617374ull; /* "viefast" */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc) {
			scale = parse_num(argv[++i], "--scale");
		} else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			seed = strtoull(argv[++i], NULL, 0);
		} else {
			fprintf(stderr, "usage: %s [--scale K] [--seed S]\n"
			    "  K divides the work (structured: every K-th ModRM; random: 4M/K\n"
			    "  per mode); default 2, 1 is the whole enumeration;\n"
			    "  VIE_FAST_EQUIV_SCALE=K overrides --scale\n", argv[0]);
			return 2;
		}
	}
	const char *env = getenv("VIE_FAST_EQUIV_SCALE");
	if (env != NULL && *env != '\0')
		scale = parse_num(env, "VIE_FAST_EQUIV_SCALE");
	if (scale > 256)
		scale = 256;
	rng = seed;
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);

	/* Two pages, the second PROT_NONE: 'guard' is where it starts. */
	const long ps = sysconf(_SC_PAGESIZE);
	page_size = ps > 0 ? (size_t)ps : 4096;
	uint8_t *map = mmap(NULL, 2 * page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED || mprotect(map + page_size, page_size, PROT_NONE) != 0) {
		perror("test_fast: mmap/mprotect");
		return 2;
	}
	guard = map + page_size;
	for (size_t i = 0; i < page_size; i += 8) {
		const uint64_t r = rnd();
		memcpy(map + i, &r, 8);
	}

	const uint64_t random_per_mode = 4000000 / scale;
	printf("vie_decode vs vd_decode_full: scale %lu, seed %#" PRIx64 ", %" PRIu64
	    " random cases per mode\n", scale, seed, random_per_mode);
	fflush(stdout);

	double t[NSECT + 1];
	t[0] = now();
	run_structured((unsigned)scale);
	run_vex((unsigned)scale);
	t[1] = now();
	run_random(random_per_mode);
	t[2] = now();
	run_args();
	t[3] = now();

	uint64_t total = 0, total_ok = 0;
	printf("%-10s %-10s %12s %12s\n", "section", "mode", "cases", "VIE_OK");
	for (unsigned s = 0; s < NSECT; s++) {
		for (unsigned mi = 0; mi <= NMODES; mi++) {
			const struct counts *c = &counts[s][mi];
			if (c->cases == 0)
				continue;
			printf("%-10s %-10s %12" PRIu64 " %12" PRIu64 "\n", sect_name[s],
			    mi < NMODES ? tmodes[mi].name : "(various)", c->cases, c->ok);
			total += c->cases;
			total_ok += c->ok;
		}
	}
	printf("time: structured+vex+truncated %.2f s, random %.2f s, arguments %.2f s\n", t[1] - t[0],
	    t[2] - t[1], t[3] - t[2]);
	printf("%" PRIu64 " cases compared (each from two fill patterns), %" PRIu64 " VIE_OK, %" PRIu64
	    " mismatches\n", total, total_ok, mismatches);
	munmap(map, 2 * page_size);
	if (mismatches != 0) {
		printf("FAIL\n");
		return 1;
	}
	printf("PASS\n");
	return 0;
}
