/*
 * main.c - the paging differential test: vie's walker against Unicorn
 * 2.0.1 on random and hostile page tables, in every paging mode.
 *
 *   paging-diff [--mode 32|pae|64|la57|all] [--cases N] [--seed S]
 *               [--case I] [--selftest] [--quiet]
 *   paging-diff --cli PATH-TO-vie [--cases N] [--mode ...]
 *
 * --selftest checks the oracle itself against walks computed by hand from
 * the SDM, and shows that each Unicorn deviation the comparison masks is
 * real (so the mask fails loudly once Unicorn is fixed).  Without it, N
 * cases per mode (default: meson option paging_cases, or the environment
 * variable VIE_PAGING_CASES) are generated from the seed and compared.
 * --case I reruns only case I of the stream, printing it in full.
 * --cli feeds the reproduction lines of N cases per mode to `vie translate
 * --batch` and checks it reports what the library does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pd.h"

#ifndef PD_DEFAULT_CASES
#define PD_DEFAULT_CASES 100000
#endif

static int quiet;
static unsigned failures, passes;

static void
check(int ok, const char *what)
{
	if (ok) {
		passes++;
		if (!quiet)
			printf("  ok   %s\n", what);
	} else {
		failures++;
		printf("  FAIL %s\n", what);
	}
}

/* ---------------------------------------------------------------- */
/* Self-tests of the oracle: walks whose result follows from the SDM. */

static struct pd_case hc;
static struct pd_uc_result hu;
static struct pd_vie_result hv;

static int
run_uc(struct pd_uc *u, const struct pd_case *c, struct pd_uc_result *r)
{
	char why[256];
	if (pd_uc_run(u, c, r, why, sizeof(why)) < 0) {
		printf("  harness: %s\n", why);
		return 0;
	}
	return 1;
}

/* The entries Unicorn read, as whole entries, in order. */
static int
reads_are(const struct pd_case *c, const struct pd_uc_result *r, const uint64_t *slots,
    unsigned n)
{
	unsigned es = c->mode == PD_M32 ? 4 : 8, k = 0;
	for (unsigned i = 0; i < r->ntrace; i++) {
		if (r->trace[i].write || (es == 8 && (r->trace[i].gpa & 7) == 4))
			continue;
		if (k >= n || r->trace[i].gpa != slots[k])
			return 0;
		k++;
	}
	return k == n;
}

static uint64_t
mem_get(const uint8_t (*mem)[PD_PAGE], uint64_t gpa, unsigned size)
{
	uint64_t v = 0;
	int p = pd_gpa_page(gpa);
	if (p >= 0)
		memcpy(&v, &mem[p][gpa & (PD_PAGE - 1)], size);
	return v;
}

static void
selftest_mode(enum pd_mode m, struct pd_uc *u)
{
	char name[512];
	uint64_t slots[5];
	unsigned es = m == PD_M32 ? 4 : 8;
	const char *mn = pd_mode_name[m];

	/* A valid read: every entry read top-down, A set everywhere, D nowhere. */
	unsigned n = pd_hand_case(&hc, m, PD_READ, 0, 0x07, 0x07, slots);
	int ok = run_uc(u, &hc, &hu) && hu.intno < 0 && reads_are(&hc, &hu, slots, n);
	for (unsigned i = (m == PD_PAE); ok && i < n; i++)
		ok = (mem_get(hu.mem, slots[i], es) & (VIE_PTE_A | VIE_PTE_D)) == VIE_PTE_A;
	snprintf(name, sizeof(name), "%s: read walks %u levels, sets A on each, no D", mn, n);
	check(ok, name);

	/* A write also sets D in the leaf only. */
	pd_hand_case(&hc, m, PD_WRITE, 0, 0x07, 0x07, slots);
	ok = run_uc(u, &hc, &hu) && hu.intno < 0 &&
	    (mem_get(hu.mem, slots[n - 1], es) & 0x60) == 0x60 &&
	    (n < 2 || (mem_get(hu.mem, slots[n - 2], es) & 0x60) == 0x20);
	snprintf(name, sizeof(name), "%s: write sets A and D in the leaf", mn);
	check(ok, name);

	/* Leaf not present: #PF(0), CR2 = address, upper A set, leaf as was. */
	pd_hand_case(&hc, m, PD_READ, 0, 0x07, 0x06, slots);
	ok = run_uc(u, &hc, &hu) && hu.intno == 14 && hu.errcode == 0 &&
	    hu.cr2 == hc.gla && mem_get(hu.mem, slots[n - 1], es) == (0x5555000ull | 6) &&
	    (mem_get(hu.mem, slots[n - 2], es) & VIE_PTE_A);
	snprintf(name, sizeof(name), "%s: not-present leaf gives #PF(0), CR2, A above", mn);
	check(ok, name);

	/* CPL 3 read of a supervisor page: #PF(P|U). */
	pd_hand_case(&hc, m, PD_READ, 3, 0x07, 0x03, slots);
	ok = run_uc(u, &hc, &hu) && hu.intno == 14 && hu.errcode == 5;
	snprintf(name, sizeof(name), "%s: CPL 3 read of a supervisor page: #PF(5)", mn);
	check(ok, name);

	/* An implicit access at CPL 3 is a supervisor access: to a user page
	 * with SMAP it faults without U/S. */
	pd_hand_case(&hc, m, PD_IMPL_READ, 3, 0x07, 0x07, slots);
	hc.cr4 |= VIE_CR4_SMAP;
	hc.rflags |= VIE_RFLAGS_AC;
	ok = run_uc(u, &hc, &hu) && hu.intno == 14 && hu.errcode == 1;
	if (!ok) { pd_vie_run(&hc, &hv); pd_print_results(&hc, &hv, &hu); }
	snprintf(name, sizeof(name), "%s: implicit access at CPL 3, SMAP: #PF(1)", mn);
	check(ok, name);

	/* A fetch from an NX page (PAE and up, NXE), or with SMEP from a user
	 * page (32-bit): #PF(P|I/D). */
	pd_hand_case(&hc, m, PD_FETCH, 0, 0x07, m == PD_M32 ? 0x07 : (0x03 | VIE_PTE_XD),
	    slots);
	if (m == PD_M32)
		hc.cr4 |= VIE_CR4_SMEP;
	else
		hc.efer |= VIE_EFER_NXE;
	ok = run_uc(u, &hc, &hu) && hu.intno == 14 && hu.errcode == 0x11;
	snprintf(name, sizeof(name), "%s: fetch from %s page: #PF(0x11)", mn,
	    m == PD_M32 ? "a user (SMEP)" : "an NX");
	check(ok, name);

	/* Reserved bit: above MAXPHYADDR (8-byte entries), PSE-36 bit 21
	 * (32-bit): #PF(P|RSVD). */
	if (m == PD_M32) {
		pd_hand_case(&hc, m, PD_READ, 0, 0x07, 0x07, slots);
		hc.cr4 |= VIE_CR4_PSE;
		pd_put(&hc, slots[0], 0x00400000ull | (1u << 21) | 0x87, 4);
	} else {
		pd_hand_case(&hc, m, PD_READ, 0, 0x07, 0x07 | (1ull << PD_MAXPHY), slots);
	}
	ok = run_uc(u, &hc, &hu) && hu.intno == 14 && hu.errcode == 9;
	snprintf(name, sizeof(name), "%s: reserved bit in the leaf: #PF(9)", mn);
	check(ok, name);

	if (m >= PD_M64) {
		/* Protection keys: PKRU.AD for the leaf's key denies a user read. */
		pd_hand_case(&hc, m, PD_READ, 3, 0x07, 0x07 | (5ull << 59), slots);
		hc.cr4 |= VIE_CR4_PKE;
		hc.pkru = 1u << (2 * 5);
		ok = run_uc(u, &hc, &hu) && hu.intno == 14 && hu.errcode == 0x25;
		snprintf(name, sizeof(name), "%s: PKRU.AD on the leaf's key: #PF(0x25)", mn);
		check(ok, name);
		/* Non-canonical: #GP(0), nothing read. */
		pd_hand_case(&hc, m, PD_READ, 0, 0x07, 0x07, slots);
		hc.gla ^= 1ull << 62;
		ok = run_uc(u, &hc, &hu) && hu.intno == 13 && hu.errcode == 0 && hu.ntrace == 0;
		snprintf(name, sizeof(name), "%s: non-canonical address: #GP(0)", mn);
		check(ok, name);
	}

	/* The same hand cases through vie: they must agree. */
	pd_hand_case(&hc, m, PD_WRITE, 3, 0x07, 0x07, slots);
	char why[256];
	ok = run_uc(u, &hc, &hu);
	pd_vie_run(&hc, &hv);
	ok = ok && pd_compare_raw(&hc, &hv, &hu, why, sizeof(why));
	snprintf(name, sizeof(name), "%s: vie agrees on a plain user write%s%s", mn,
	    ok ? "" : ": ", ok ? "" : why);
	check(ok, name);
}

/* Each mask: a case where the raw comparison disagrees exactly as the
 * mask says (if Unicorn is fixed, this fails: remove the mask). */
static void
selftest_masks(struct pd_uc *engines[PD_NMODES])
{
	char why[256], name[400];
	uint64_t slots[5];
	struct pd_uc *u;

	/* PAE PDPTE with bit 1 set: the SDM makes it reserved. */
	if ((u = engines[PD_PAE]) != NULL) {
		pd_hand_case(&hc, PD_PAE, PD_READ, 0, 0x07, 0x07, slots);
		pd_put(&hc, slots[0], pd_get(&hc, slots[0], 8) | 2, 8);
		int ok = run_uc(u, &hc, &hu);
		pd_vie_run(&hc, &hv);
		int raw = ok && pd_compare_raw(&hc, &hv, &hu, why, sizeof(why));
		int deviation = ok && hu.intno < 0; /* Unicorn walks on */
		int masked = ok && pd_judge(u, &hc, &hv, &hu, why, sizeof(why)) ==
		    PD_MASK_PDPTE_RSVD;
		snprintf(name, sizeof(name), "mask pae-pdpte-reserved: Unicorn ignores PDPTE "
		    "bit 1 (%s), raw comparison disagrees (%s), mask applies (%s)",
		    deviation ? "yes" : "NO", raw ? "NO" : "yes", masked ? "yes" : "NO");
		check(deviation && !raw && masked, name);
	}
	/* 1 GiB leaf, CPL 3 read of a supervisor page: faults, and the CPU
	 * leaves the leaf's A bit clear. */
	if ((u = engines[PD_M64]) != NULL) {
		pd_hand_case(&hc, PD_M64, PD_READ, 3, 0x07, 0x07, slots);
		pd_put(&hc, slots[1], 0x40000000ull | 0x83, 8); /* P RW PS, U/S = 0, A = 0 */
		int ok = run_uc(u, &hc, &hu);
		pd_vie_run(&hc, &hv);
		int raw = ok && pd_compare_raw(&hc, &hv, &hu, why, sizeof(why));
		int deviation = ok && hu.intno == 14 &&
		    (mem_get(hu.mem, slots[1], 8) & VIE_PTE_A);
		int masked = ok && pd_judge(u, &hc, &hv, &hu, why, sizeof(why)) == PD_MASK_1G_A;
		snprintf(name, sizeof(name), "mask 1g-leaf-accessed: Unicorn sets A on a "
		    "faulting 1 GiB leaf (%s), raw comparison disagrees (%s), mask applies (%s)",
		    deviation ? "yes" : "NO", raw ? "NO" : "yes", masked ? "yes" : "NO");
		check(deviation && !raw && masked, name);
	}
	/* Implicit supervisor read of a user page at CPL 0 with SMAP and
	 * AC = 1: the SDM says SMAP applies to implicit accesses anyway. */
	if ((u = engines[PD_M64]) != NULL) {
		pd_hand_case(&hc, PD_M64, PD_IMPL_READ, 0, 0x07, 0x07, slots);
		hc.cr4 |= VIE_CR4_SMAP;
		hc.rflags |= VIE_RFLAGS_AC;
		int ok = run_uc(u, &hc, &hu);
		pd_vie_run(&hc, &hv);
		int raw = ok && pd_compare_raw(&hc, &hv, &hu, why, sizeof(why));
		int deviation = ok && hu.intno < 0;
		int masked = ok && pd_judge(u, &hc, &hv, &hu, why, sizeof(why)) ==
		    PD_MASK_SMAP_IMPL;
		snprintf(name, sizeof(name), "mask smap-implicit-ac: Unicorn lets an implicit "
		    "CPL 0 access with AC = 1 reach a user page under SMAP (%s), raw "
		    "comparison disagrees (%s), mask applies (%s)",
		    deviation ? "yes" : "NO", raw ? "NO" : "yes", masked ? "yes" : "NO");
		check(deviation && !raw && masked, name);
	}
}

/* ---------------------------------------------------------------- */

static struct pd_case gc;
static struct pd_vie_result gv;
static struct pd_uc_result gu;

static int
run_mode(enum pd_mode m, struct pd_uc *u, uint64_t ncases, uint64_t seed, int64_t only)
{
	uint64_t verdict[PD_NVERDICTS] = { 0 }, harness = 0;
	uint64_t outcome[4] = { 0 }, kinds[PD_NKINDS] = { 0 }, pks = 0;
	uint64_t okpage[4] = { 0 }; /* 4 KiB, 2 MiB, 4 MiB, 1 GiB */
	unsigned shown = 0;
	char why[512];
	uint64_t first = only >= 0 ? (uint64_t)only : 0;
	uint64_t end = only >= 0 ? (uint64_t)only + 1 : ncases;

	for (uint64_t i = first; i < end; i++) {
		pd_generate(&gc, m, seed, i);
		pd_vie_run(&gc, &gv);
		kinds[gc.kind]++;
		if (gc.cr4 & VIE_CR4_PKS)
			pks++;
		int st = gv.status[gv.n - 1];
		outcome[st == VIE_OK ? 0 : st == VIE_EXCEPTION ?
		    (gv.exc.vector == VIE_VEC_PF ? 1 : 2) : 3]++;
		if (st == VIE_OK) {
			unsigned sh = gv.walk[0].page_shift;
			okpage[sh == 12 ? 0 : sh == 21 ? 1 : sh == 22 ? 2 : 3]++;
		}
		enum pd_verdict vd;
		if (pd_uc_run(u, &gc, &gu, why, sizeof(why)) < 0) {
			harness++;
			vd = PD_DISAGREE;
			if (shown < 3 || only >= 0)
				printf("paging-diff %s case %llu: HARNESS: %s\n", pd_mode_name[m],
				    (unsigned long long)i, why);
		} else {
			vd = pd_judge(u, &gc, &gv, &gu, why, sizeof(why));
			verdict[vd]++;
			if (vd == PD_DISAGREE && (shown < 3 || only >= 0))
				printf("paging-diff %s case %llu (seed %#llx): DISAGREE: %s\n",
				    pd_mode_name[m], (unsigned long long)i,
				    (unsigned long long)seed, why);
		}
		if ((vd == PD_DISAGREE && shown < 3) || only >= 0) {
			pd_print_results(&gc, &gv, &gu);
			printf("  rerun: paging-diff --mode %s --seed %#llx --case %llu\n",
			    pd_mode_name[m], (unsigned long long)seed, (unsigned long long)i);
			pd_print_json(stdout, &gc, &gv, &gu, "  vie translate --batch <<< ", 0);
			shown++;
		}
	}
	uint64_t n = end - first;
	printf("paging-diff mode %s: %llu cases: %llu agree, masked %llu "
	    "(pae-pdpte-reserved %llu, 1g-leaf-accessed %llu, smap-implicit-ac %llu), "
	    "%llu disagree, %llu harness errors\n", pd_mode_name[m], (unsigned long long)n,
	    (unsigned long long)verdict[PD_AGREE],
	    (unsigned long long)(verdict[PD_MASK_PDPTE_RSVD] + verdict[PD_MASK_1G_A] +
	    verdict[PD_MASK_SMAP_IMPL]),
	    (unsigned long long)verdict[PD_MASK_PDPTE_RSVD],
	    (unsigned long long)verdict[PD_MASK_1G_A],
	    (unsigned long long)verdict[PD_MASK_SMAP_IMPL],
	    (unsigned long long)verdict[PD_DISAGREE], (unsigned long long)harness);
	printf("  vie outcomes: ok %llu, #PF %llu, #GP %llu, table not RAM %llu; kinds:",
	    (unsigned long long)outcome[0], (unsigned long long)outcome[1],
	    (unsigned long long)outcome[2], (unsigned long long)outcome[3]);
	for (unsigned k = 0; k < PD_NKINDS; k++)
		printf(" %s %llu", pd_kind_name[k], (unsigned long long)kinds[k]);
	printf("; CR4.PKS set (PKRS 0) in %llu\n", (unsigned long long)pks);
	printf("  translations that succeeded, by page size: 4K %llu, 2M %llu, 4M %llu, "
	    "1G %llu\n", (unsigned long long)okpage[0], (unsigned long long)okpage[1],
	    (unsigned long long)okpage[2], (unsigned long long)okpage[3]);
	return verdict[PD_DISAGREE] == 0 && harness == 0;
}

/* The reproduction lines, fed to `vie translate --batch`: the CLI must
 * give what the library gave (status, gpa or vector/error code/CR2). */
static int
cli_check(const char *vie, enum pd_mode m, uint64_t ncases, uint64_t seed)
{
	char path[] = "/tmp/paging-diff-cli-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f == NULL) {
		printf("paging-diff cli %s: cannot create a temporary file\n", pd_mode_name[m]);
		return 0;
	}
	for (uint64_t i = 0; i < ncases; i++) {
		pd_generate(&gc, m, seed, i);
		pd_vie_run(&gc, &gv);
		pd_print_json(f, &gc, &gv, NULL, "", 1);
	}
	fclose(f);
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "'%s' translate --batch < '%s'", vie, path);
	FILE *p = popen(cmd, "r");
	char *line = NULL;
	size_t cap = 0;
	uint64_t i = 0, bad = 0;
	while (p != NULL && i < ncases && getline(&line, &cap, p) > 0) {
		char want[3][96];
		unsigned nw = 0;
		pd_generate(&gc, m, seed, i);
		pd_vie_run(&gc, &gv);
		snprintf(want[nw++], sizeof(want[0]), "\"status\":\"%s\"",
		    vie_status_name(gv.status[0]));
		if (gv.status[0] == VIE_OK) {
			snprintf(want[nw++], sizeof(want[0]), "\"gpa\":\"0x%llx\"",
			    (unsigned long long)gv.gpa[0]);
		} else if (gv.status[0] == VIE_EXCEPTION) {
			/* for implicit-write the first translation decides */
			struct pd_vie_result *v = &gv;
			snprintf(want[nw++], sizeof(want[0]),
			    "\"vector\":\"0x%x\",\"errcode\":\"0x%x\"", v->exc.vector,
			    v->exc.errcode);
			snprintf(want[nw++], sizeof(want[0]), "\"cr2\":\"0x%llx\"",
			    (unsigned long long)v->exc.cr2);
		}
		for (unsigned k = 0; k < nw; k++) {
			if (strstr(line, want[k]) == NULL) {
				if (bad++ < 3)
					printf("paging-diff cli %s case %llu: expected %s in: %.300s\n",
					    pd_mode_name[m], (unsigned long long)i, want[k], line);
				break;
			}
		}
		i++;
	}
	free(line);
	int rc = p != NULL ? pclose(p) : -1;
	unlink(path);
	printf("paging-diff cli %s: %llu of %llu reproduction lines give vie's result "
	    "through `vie translate --batch`%s\n", pd_mode_name[m],
	    (unsigned long long)(i - bad), (unsigned long long)ncases,
	    rc == 0 ? "" : " (the CLI failed)");
	return rc == 0 && i == ncases && bad == 0;
}

static void
notes(void)
{
	printf("paging-diff: oracle Unicorn %s, CPU model Icelake-Server, MAXPHYADDR %u\n",
	    "2.0.1", PD_MAXPHY);
	printf("  not checkable by Unicorn (covered by tests/paging unit tests):\n"
	    "   - PKS: Unicorn has none; cases set CR4.PKS only with PKRS = 0\n"
	    "   - CPL 1 and 2 as such: Unicorn runs those cases at CPL 0 (paging tells "
	    "only CPL 3\n     from CPL < 3)\n"
	    "   - the physical address itself: Unicorn accesses data at physical = "
	    "linear, so the\n     gpa checked is the one the leaf entry Unicorn read "
	    "maps to (with the entries read in\n     order and the A/D bits written)\n"
	    "   - 1 GiB pages on a CPU without them: Unicorn's walker maps them whatever "
	    "its CPUID says\n");
}

int
main(int argc, char **argv)
{
	uint64_t ncases = PD_DEFAULT_CASES, seed = 0x5eed;
	int64_t only = -1;
	int selftest = 0, modes[PD_NMODES] = { 1, 1, 1, 1 };
	const char *cli = NULL;
	const char *env = getenv("VIE_PAGING_CASES");
	if (env != NULL && *env)
		ncases = strtoull(env, NULL, 0);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc) {
			const char *m = argv[++i];
			if (strcmp(m, "all") != 0) {
				int found = 0;
				for (unsigned k = 0; k < PD_NMODES; k++) {
					modes[k] = strcmp(m, pd_mode_name[k]) == 0;
					found |= modes[k];
				}
				if (!found) {
					fprintf(stderr, "unknown mode %s\n", m);
					return 2;
				}
			}
		} else if (strcmp(argv[i], "--cases") == 0 && i + 1 < argc) {
			ncases = strtoull(argv[++i], NULL, 0);
		} else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			seed = strtoull(argv[++i], NULL, 0);
		} else if (strcmp(argv[i], "--case") == 0 && i + 1 < argc) {
			only = (int64_t)strtoull(argv[++i], NULL, 0);
		} else if (strcmp(argv[i], "--cli") == 0 && i + 1 < argc) {
			cli = argv[++i];
		} else if (strcmp(argv[i], "--selftest") == 0) {
			selftest = 1;
		} else if (strcmp(argv[i], "--quiet") == 0) {
			quiet = 1;
		} else {
			fprintf(stderr, "usage: %s [--mode 32|pae|64|la57|all] [--cases N] "
			    "[--seed S] [--case I] [--selftest] [--quiet] [--cli VIE]\n", argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (cli != NULL) {
		/* no Unicorn needed: vie's library against vie's CLI */
		for (unsigned m = 0; m < PD_NMODES; m++) {
			if (!modes[m])
				continue;
			if (cli_check(cli, (enum pd_mode)m, ncases, seed))
				passes++;
			else
				failures++;
		}
		printf("paging-diff: %u passed, %u failed\n", passes, failures);
		return failures ? 1 : 0;
	}
	notes();

	struct pd_uc *eng[PD_NMODES] = { NULL };
	for (unsigned m = 0; m < PD_NMODES; m++) {
		if (!modes[m] && !(selftest && (m == PD_PAE || m == PD_M64)))
			continue;
		char why[256];
		eng[m] = pd_uc_open((enum pd_mode)m, why, sizeof(why));
		if (eng[m] == NULL) {
			if (m == PD_LA57) {
				/* say so, and check the rest */
				printf("paging-diff mode la57: Unicorn cannot run 5-level paging "
				    "(%s): not checked here; tests/paging unit tests cover it\n", why);
				modes[m] = 0;
				continue;
			}
			printf("paging-diff mode %s: cannot set up Unicorn: %s\n",
			    pd_mode_name[m], why);
			failures++;
			modes[m] = 0;
		}
	}

	if (eng[PD_LA57] != NULL && modes[PD_LA57])
		printf("paging-diff mode la57: Unicorn's walker handles CR4.LA57 (5 levels, "
		    "57-bit canonical check): checked\n");
	if (selftest) {
		for (unsigned m = 0; m < PD_NMODES; m++)
			if (modes[m] && eng[m] != NULL)
				selftest_mode((enum pd_mode)m, eng[m]);
		selftest_masks(eng);
	} else {
		for (unsigned m = 0; m < PD_NMODES; m++) {
			if (!modes[m] || eng[m] == NULL)
				continue;
			if (run_mode((enum pd_mode)m, eng[m], ncases, seed, only))
				passes++;
			else
				failures++;
		}
	}
	for (unsigned m = 0; m < PD_NMODES; m++)
		pd_uc_close(eng[m]);
	printf("paging-diff: %u passed, %u failed\n", passes, failures);
	if (failures == 0 && passes == 0)
		return 77; /* nothing could be checked: meson reports a skip */
	return failures ? 1 : 0;
}
