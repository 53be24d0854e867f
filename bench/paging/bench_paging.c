/*
 * bench_paging.c - latency of one guest page walk (vie_gla2gpa) with the
 * accessed and dirty bits already set, per paging mode.
 *
 * Guest RAM is a host buffer; the map callback is a bounds check and a
 * pointer add, as in a hypervisor with guest memory mapped contiguously.
 * Each mode gets NPAGES random linear pages with their own tables.  A
 * warm-up pass sets every A bit, so the timed walks only read.
 *
 * Latency: each access's address depends on the previous translation's
 * result, so walks cannot overlap; the time per access is what one
 * emulated instruction pays for one translation, with 1024 pages' tables
 * (about 3 MiB in the 4-level case) competing for the caches.  Hot: the
 * same page over and over, everything in L1: the walker's own cost.
 * Medians (and min/max) over rounds;
 * nanoseconds from CLOCK_MONOTONIC, cycles from the TSC (reference
 * cycles at the TSC rate, not core cycles).
 *
 * usage: bench_paging [--rounds N] [--iters N] [--json]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define HAVE_TSC 1
#else
#define HAVE_TSC 0
#endif

#include <vie/vie.h>

#define RAM_SIZE (96u << 20)
#define NPAGES 1024u

struct guest {
	uint8_t *ram;
	uint64_t next;
};

static void *
g_map(void *ctx, uint64_t gpa, size_t len, int write)
{
	struct guest *g = ctx;
	(void)write;
	if (gpa >= RAM_SIZE || len > RAM_SIZE - gpa)
		return NULL;
	return g->ram + gpa;
}

static const struct vie_guest_mem_ops ops = { g_map, NULL, NULL };

static uint64_t
rng(uint64_t *s)
{
	/* xorshift64*: reproducible addresses */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static uint64_t
alloc_table(struct guest *g)
{
	uint64_t t = g->next;
	g->next += 4096;
	if (g->next > RAM_SIZE) {
		fprintf(stderr, "bench_paging: out of table space\n");
		exit(1);
	}
	memset(g->ram + t, 0, 4096);
	return t;
}

/* Map one 4 KiB page through 8-byte-entry tables (PAE's PDPT is handled
 * by the caller passing it as the top table with 'shift' 30). */
static void
map8(struct guest *g, uint64_t top, unsigned shift, uint64_t gla, uint64_t pa)
{
	uint64_t table = top;
	for (;; shift -= 9) {
		unsigned bits = shift == 30 && top < 4096 * 2 ? 2 : 9;
		(void)bits;
		uint64_t e = table + ((gla >> shift) & 0x1ff) * 8;
		uint64_t v;
		memcpy(&v, g->ram + e, 8);
		if (shift == 12) {
			v = pa | 0x67; /* P RW US A D */
			memcpy(g->ram + e, &v, 8);
			return;
		}
		if (!(v & 1)) {
			v = alloc_table(g) | 0x27;
			memcpy(g->ram + e, &v, 8);
		}
		table = v & 0x000ffffffffff000ull;
	}
}

static void
map4(struct guest *g, uint64_t cr3, uint32_t gla, uint32_t pa)
{
	uint64_t pde = cr3 + (gla >> 22) * 4;
	uint32_t v;
	memcpy(&v, g->ram + pde, 4);
	if (!(v & 1)) {
		v = (uint32_t)alloc_table(g) | 0x27;
		memcpy(g->ram + pde, &v, 4);
	}
	uint64_t pte = (v & 0xfffff000u) + ((gla >> 12) & 0x3ff) * 4;
	v = pa | 0x67;
	memcpy(g->ram + pte, &v, 4);
}

struct mode_case {
	const char *name;
	struct vie_paging_state st;
	uint64_t gla[NPAGES];
};

static void
build(struct guest *g, struct mode_case *m, enum vm_paging_mode mode)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull ^ (uint64_t)mode;
	memset(&m->st, 0, sizeof(m->st));
	m->st.cr0 = 0x80010011ull;
	m->st.maxphyaddr = 46;
	m->st.flags = VIE_PG_1G;
	g->next = 0x10000;
	uint64_t cr3 = alloc_table(g);
	m->st.cr3 = cr3;
	switch (mode) {
	case PAGING_MODE_32:
		m->name = "32-bit";
		m->st.cr4 = VIE_CR4_PSE;
		break;
	case PAGING_MODE_PAE:
		m->name = "PAE";
		m->st.cr4 = VIE_CR4_PAE;
		m->st.efer = VIE_EFER_NXE;
		break;
	case PAGING_MODE_64:
		m->name = "4-level";
		m->st.cr4 = VIE_CR4_PAE;
		m->st.efer = VIE_EFER_LME | VIE_EFER_LMA | VIE_EFER_NXE;
		break;
	default:
		m->name = "5-level";
		m->st.cr4 = VIE_CR4_PAE | VIE_CR4_LA57;
		m->st.efer = VIE_EFER_LME | VIE_EFER_LMA | VIE_EFER_NXE;
		break;
	}
	for (unsigned i = 0; i < NPAGES; i++) {
		uint64_t r = rng(&seed);
		uint64_t pa = 0x100000000ull + (uint64_t)i * 4096; /* data: never read */
		uint64_t gla;
		if (mode == PAGING_MODE_32) {
			gla = r & 0xfffff000u;
			map4(g, cr3, (uint32_t)gla, (uint32_t)(pa & 0xfffff000u));
		} else if (mode == PAGING_MODE_PAE) {
			gla = r & 0xfffff000u;
			/* PDPTE (no A bit) -> PD -> PT */
			uint64_t pdpte = cr3 + (gla >> 30) * 8, v;
			memcpy(&v, g->ram + pdpte, 8);
			if (!(v & 1)) {
				v = alloc_table(g) | 1;
				memcpy(g->ram + pdpte, &v, 8);
			}
			map8(g, v & ~0xfffull, 21, gla, pa);
		} else if (mode == PAGING_MODE_64) {
			gla = (uint64_t)((int64_t)(r << 16) >> 16) & ~0xfffull;
			map8(g, cr3, 39, gla, pa);
		} else {
			gla = (uint64_t)((int64_t)(r << 7) >> 7) & ~0xfffull;
			map8(g, cr3, 48, gla, pa);
		}
		m->gla[i] = gla | (r >> 52); /* some offset in the page */
	}
}

static double
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint64_t
ticks(void)
{
#if HAVE_TSC
	return __rdtsc();
#else
	return 0;
#endif
}

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct result {
	double ns_med, ns_min, ns_max, tk_med;
};

/* One timed pass; returns per-access ns and ticks.  'dep' chains each
 * address on the previous result. */
static void
pass(struct guest *g, const struct mode_case *m, unsigned iters, int dep,
    double *ns, double *tk, uint64_t *sink)
{
	uint64_t acc = 0;
	unsigned idx = 0;
	double t0 = now_ns();
	uint64_t k0 = ticks();
	for (unsigned i = 0; i < iters; i++) {
		uint64_t gpa = 0;
		int r = vie_gla2gpa(&m->st, &ops, g, m->gla[idx], VIE_ACC_WRITE, &gpa, NULL);
		if (r != VIE_OK) {
			fprintf(stderr, "bench_paging: %s walk failed (%s)\n", m->name,
			    vie_status_name(r));
			exit(1);
		}
		acc += gpa;
		/* dependent: next index from this result; else a fixed stride */
		idx = dep ? (unsigned)((gpa >> 12) * 613 + (gpa & 7)) % NPAGES
		          : (unsigned)(gpa & 7); /* hot: page 0 again */
	}
	uint64_t k1 = ticks();
	double t1 = now_ns();
	*ns = (t1 - t0) / iters;
	*tk = (double)(k1 - k0) / iters;
	*sink += acc;
}

static struct result
measure(struct guest *g, const struct mode_case *m, unsigned rounds, unsigned iters,
    int dep, uint64_t *sink)
{
	double *ns = calloc(rounds, sizeof(double)), *tk = calloc(rounds, sizeof(double));
	if (ns == NULL || tk == NULL)
		exit(1);
	for (unsigned r = 0; r < rounds; r++)
		pass(g, m, iters, dep, &ns[r], &tk[r], sink);
	qsort(ns, rounds, sizeof(double), cmp_d);
	qsort(tk, rounds, sizeof(double), cmp_d);
	struct result res = { ns[rounds / 2], ns[0], ns[rounds - 1], tk[rounds / 2] };
	free(ns);
	free(tk);
	return res;
}

int
main(int argc, char **argv)
{
	unsigned rounds = 21, iters = 200000;
	int json = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
			rounds = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "--iters") == 0 && i + 1 < argc)
			iters = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else {
			fprintf(stderr, "usage: bench_paging [--rounds N] [--iters N] [--json]\n");
			return 2;
		}
	}
	if (rounds == 0 || iters == 0)
		return 2;
	const char *smoke = getenv("VIE_BENCH_SMOKE");
	if (smoke != NULL && *smoke != '\0' && *smoke != '0') {
		rounds = 3;
		iters = 20000;
	}

	struct guest g;
	g.ram = calloc(1, RAM_SIZE);
	if (g.ram == NULL)
		return 1;
	static struct mode_case m;
	static const enum vm_paging_mode modes[] = { PAGING_MODE_64, PAGING_MODE_64_LA57,
		PAGING_MODE_PAE, PAGING_MODE_32 };
	uint64_t sink = 0;
	if (!json) {
		printf("vie_gla2gpa, write access, A/D already set, %u random pages per mode,\n"
		    "%u rounds x %u walks; median [min..max] per walk\n\n", NPAGES, rounds, iters);
		printf("%-8s %-10s %10s %20s %12s\n", "mode", "kind", "ns", "[min..max] ns",
		    HAVE_TSC ? "TSC ticks" : "ticks(n/a)");
	} else {
		printf("[");
	}
	for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		memset(g.ram, 0, RAM_SIZE);
		build(&g, &m, modes[i]);
		/* Warm-up: sets the A/D bits the tables do not have yet and
		 * checks every page translates. */
		for (unsigned j = 0; j < NPAGES; j++) {
			uint64_t gpa;
			if (vie_gla2gpa(&m.st, &ops, &g, m.gla[j], VIE_ACC_WRITE, &gpa, NULL) != VIE_OK) {
				fprintf(stderr, "bench_paging: %s page %u does not translate\n", m.name, j);
				return 1;
			}
		}
		for (int dep = 1; dep >= 0; dep--) {
			struct result r = measure(&g, &m, rounds, iters, dep, &sink);
			const char *kind = dep ? "latency" : "hot";
			if (json)
				printf("%s{\"mode\":\"%s\",\"kind\":\"%s\",\"ns\":%.2f,\"ns_min\":%.2f,"
				    "\"ns_max\":%.2f,\"tsc\":%.1f}", (i || !dep) ? "," : "", m.name, kind,
				    r.ns_med, r.ns_min, r.ns_max, r.tk_med);
			else
				printf("%-8s %-10s %10.2f %9.2f..%-9.2f %12.1f\n", m.name, kind,
				    r.ns_med, r.ns_min, r.ns_max, r.tk_med);
		}
	}
	if (json)
		printf("]\n");
	fflush(stdout);
	fprintf(stderr, "(checksum %" PRIx64 ")\n", sink);
	free(g.ram);
	return 0;
}
