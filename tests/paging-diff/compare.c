/*
 * compare.c - does vie's walk agree with Unicorn's, and if not, is it one
 * of Unicorn's known deviations (each mask below is narrow: it applies
 * only when the difference is exactly that deviation, proven by re-running
 * the case with the triggering condition removed).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pd.h"

const char *const pd_verdict_name[PD_NVERDICTS] = {
	"agree", "mask:pae-pdpte-reserved", "mask:1g-leaf-accessed",
	"mask:smap-implicit-ac", "DISAGREE" };

struct entry {
	uint64_t gpa, value;
	int hole;
	int pdpte; /* a PAE PDPTE (compared without bits 2:1, 8:5 under mask 1) */
};

/* PAE PDPTE bits the SDM reserves and Unicorn ignores (mask 1). */
#define PDPTE_UNCHECKED 0x1e6ull

static void
say(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

/* Unicorn's page-table reads as whole entries (8-byte entries arrive as
 * two 4-byte halves). */
static unsigned
uc_entries(const struct pd_case *c, const struct pd_uc_result *u, struct entry *e,
    unsigned max)
{
	unsigned n = 0;
	unsigned es = c->mode == PD_M32 ? 4 : 8;
	for (unsigned i = 0; i < u->ntrace; i++) {
		const struct pd_access *a = &u->trace[i];
		if (a->write)
			continue;
		if (es == 8 && (a->gpa & 7) == 4 && n > 0 && e[n - 1].gpa + 4 == a->gpa &&
		    a->size == 4) {
			e[n - 1].value |= a->value << 32;
			continue;
		}
		if (n == max)
			break;
		e[n].gpa = a->gpa;
		e[n].value = a->size == 8 ? a->value : (a->value & 0xffffffffull);
		e[n].hole = a->hole;
		n++;
	}
	return n;
}

/* The physical address a leaf entry maps 'gla' to, from the number of
 * entries the walk used (which says the page size). */
static uint64_t
leaf_gpa(enum pd_mode m, unsigned nentries, uint64_t e, uint64_t gla)
{
	unsigned shift;
	uint64_t base;
	const uint64_t addr40 = 0xfffffff000ull; /* bits 39:12 (MAXPHYADDR 40) */
	switch (m) {
	case PD_M32:
		if (nentries == 1) /* 4 MiB: PSE-36 bits 20:13 are bits 39:32 */
			return (e & 0xffc00000ull) | (((e >> 13) & 0xff) << 32) |
			    (gla & 0x3fffff);
		return (e & 0xfffff000ull) | (gla & 0xfff);
	case PD_PAE:
		shift = nentries == 2 ? 21 : 12;
		break;
	case PD_M64:
		shift = nentries == 2 ? 30 : nentries == 3 ? 21 : 12;
		break;
	default:
		shift = nentries == 3 ? 30 : nentries == 4 ? 21 : 12;
		break;
	}
	base = e & addr40 & ~((1ull << shift) - 1);
	return base | (gla & ((1ull << shift) - 1));
}

static int
first_mem_diff(const uint8_t (*a)[PD_PAGE], const uint8_t (*b)[PD_PAGE],
    uint64_t *gpa)
{
	for (unsigned p = 0; p < PD_NPAGES; p++) {
		if (memcmp(a[p], b[p], PD_PAGE) == 0)
			continue;
		for (unsigned o = 0; o < PD_PAGE; o++)
			if (a[p][o] != b[p][o]) {
				*gpa = pd_page_gpa(p) + o;
				return 1;
			}
	}
	return 0;
}

static int
compare(const struct pd_case *c, const struct pd_vie_result *v,
    const struct pd_uc_result *u, char *why, size_t whylen, int pdpte_unchecked)
{
	struct entry ue[24];
	unsigned nu = uc_entries(c, u, ue, 24);
	unsigned es = c->mode == PD_M32 ? 4 : 8;
	uint64_t emask = es == 4 ? 0xffffffffull : ~0ull;
	int last = (int)v->n - 1;
	int vst = v->status[last];

	if (u->trace_overflow) {
		say(why, whylen, "Unicorn trace overflowed");
		return 0;
	}
	/* the entries vie used, in order, as Unicorn read them */
	struct entry ve[12];
	unsigned nv = 0;
	for (unsigned t = 0; t < v->n; t++) {
		/* QEMU keeps a writable TLB entry from the read when the leaf is
		 * already dirty and writable; the write then needs no walk. */
		if (t == 1 && v->status[1] == VIE_OK && v->walk[1].levels > 0 &&
		    (v->walk[1].entry[v->walk[1].levels - 1].value & VIE_PTE_D))
			break;
		for (unsigned i = 0; i < v->walk[t].levels; i++) {
			ve[nv].gpa = v->walk[t].entry[i].gpa;
			ve[nv].value = v->walk[t].entry[i].value & emask;
			ve[nv].hole = 0;
			ve[nv].pdpte = c->mode == PD_PAE && i == 0;
			nv++;
		}
	}
	unsigned want = nv + (vst == VIE_CALLBACK ? 1 : 0);
	if (nu != want) {
		say(why, whylen, "walk length: Unicorn read %u entries, vie used %u%s", nu, nv,
		    vst == VIE_CALLBACK ? " (+1 not RAM)" : "");
		return 0;
	}
	for (unsigned i = 0; i < nv; i++) {
		uint64_t ign = pdpte_unchecked && ve[i].pdpte ? PDPTE_UNCHECKED : 0;
		if (ue[i].gpa != ve[i].gpa || ((ue[i].value ^ ve[i].value) & ~ign)) {
			say(why, whylen, "walk entry %u: Unicorn %#llx=%#llx, vie %#llx=%#llx", i,
			    (unsigned long long)ue[i].gpa, (unsigned long long)ue[i].value,
			    (unsigned long long)ve[i].gpa, (unsigned long long)ve[i].value);
			return 0;
		}
	}

	switch (vst) {
	case VIE_OK:
		if (u->intno >= 0) {
			say(why, whylen, "vie ok (gpa %#llx), Unicorn vector %d errcode %#x",
			    (unsigned long long)v->gpa[last], u->intno, u->errcode);
			return 0;
		}
		for (unsigned t = 0; t < v->n; t++) {
			/* the second translation (same page) may have been served
			 * by the TLB entry of the first: then its leaf is walk 0's */
			int skipped = t == 1 && nv == v->walk[0].levels;
			unsigned n = skipped ? v->walk[0].levels : v->walk[t].levels;
			unsigned at = (t == 0 || skipped) ? 0 : v->walk[0].levels;
			uint64_t g = c->mode <= PD_PAE ? (c->gla & 0xffffffffull) : c->gla;
			g += 4 * t;
			uint64_t want_gpa = leaf_gpa(c->mode, n, ue[at + n - 1].value, g);
			if (want_gpa != v->gpa[t]) {
				say(why, whylen, "gpa: vie %#llx, Unicorn's leaf %#llx gives %#llx",
				    (unsigned long long)v->gpa[t],
				    (unsigned long long)ue[at + n - 1].value,
				    (unsigned long long)want_gpa);
				return 0;
			}
		}
		break;
	case VIE_EXCEPTION:
		if (u->intno != v->exc.vector) {
			say(why, whylen, "vie vector %u errcode %#x, Unicorn %s%d errcode %#x",
			    v->exc.vector, v->exc.errcode, u->intno < 0 ? "ok " : "vector ",
			    u->intno, u->errcode);
			return 0;
		}
		if (u->errcode != v->exc.errcode) {
			say(why, whylen, "errcode: vie %#x, Unicorn %#x (vector %u)",
			    v->exc.errcode, u->errcode, v->exc.vector);
			return 0;
		}
		if (v->exc.vector == VIE_VEC_PF && u->cr2 != v->exc.cr2) {
			say(why, whylen, "cr2: vie %#llx, Unicorn %#llx",
			    (unsigned long long)v->exc.cr2, (unsigned long long)u->cr2);
			return 0;
		}
		break;
	case VIE_CALLBACK:
		if (!ue[nv].hole || u->intno != VIE_VEC_PF || (u->errcode & VIE_PF_P)) {
			say(why, whylen, "vie callback (table not RAM), Unicorn read %#llx%s, "
			    "vector %d errcode %#x", (unsigned long long)ue[nv].gpa,
			    ue[nv].hole ? " (not RAM)" : " (RAM)", u->intno, u->errcode);
			return 0;
		}
		break;
	default:
		say(why, whylen, "vie status %s", vie_status_name(vst));
		return 0;
	}

	uint64_t dg;
	if (first_mem_diff(u->mem, v->mem, &dg)) {
		int p = pd_gpa_page(dg);
		uint64_t o = (dg & (PD_PAGE - 1)) & ~(uint64_t)(es - 1);
		uint64_t a = 0, b = 0;
		memcpy(&a, &u->mem[p][o], es);
		memcpy(&b, &v->mem[p][o], es);
		say(why, whylen, "memory at %#llx: after Unicorn %#llx, after vie %#llx",
		    (unsigned long long)(pd_page_gpa((unsigned)p) + o), (unsigned long long)a,
		    (unsigned long long)b);
		return 0;
	}
	return 1;
}

int
pd_compare_raw(const struct pd_case *c, const struct pd_vie_result *v,
    const struct pd_uc_result *u, char *why, size_t whylen)
{
	return compare(c, v, u, why, whylen, 0);
}

#define NO_PDPTE 1u
#define NO_1G 2u
#define NO_SMAP 4u
static enum pd_verdict judge(struct pd_uc *eng, const struct pd_case *c,
    const struct pd_vie_result *v, const struct pd_uc_result *u, unsigned off);

/* Mask 1: QEMU does not check PAE PDPTE bits 2:1 and 8:5 (SDM: reserved,
 * MOV CR3 would #GP; vie reports a reserved-bit #PF).  Applies when vie
 * stopped at a PDPTE for those bits alone, and vie given that PDPTE
 * without them (as the loaded PDPTE, guest memory unchanged) agrees with
 * Unicorn, PDPTEs compared without those bits. */
static int
mask_pdpte(struct pd_uc *eng, const struct pd_case *c, const struct pd_vie_result *v,
    const struct pd_uc_result *u, unsigned off)
{
	unsigned t = v->n - 1;
	if (c->mode != PD_PAE || v->status[t] != VIE_EXCEPTION ||
	    v->exc.vector != VIE_VEC_PF || v->walk[t].levels != 1 ||
	    !(v->exc.errcode & VIE_PF_RSVD))
		return 0;
	uint64_t pdpte = v->walk[t].entry[0].value;
	if (!(pdpte & PDPTE_UNCHECKED) || (pdpte & 0xffffff0000000000ull))
		return 0;
	struct vie_paging_state st;
	pd_vie_state(c, &st);
	st.flags |= VIE_PG_PDPTES;
	uint64_t base = c->cr3 & 0xffffffe0ull;
	for (unsigned i = 0; i < 4; i++)
		st.pdpte[i] = pd_get(c, base + 8 * i, 8) & ~PDPTE_UNCHECKED;
	st.pdpte[(c->gla >> 30) & 3] = pdpte & ~PDPTE_UNCHECKED;
	struct pd_vie_result *v2 = malloc(sizeof(*v2));
	if (v2 == NULL)
		return 0;
	pd_vie_run_st(c, &st, v2);
	int ok = judge(eng, c, v2, u, off | NO_PDPTE) != PD_DISAGREE;
	free(v2);
	return ok;
}

/* Mask 2: QEMU sets A in a PDPTE that maps a 1 GiB page before checking
 * the access, so a faulting access leaves it set (the CPU sets a leaf's A
 * only for an access it allows).  Applies when everything agrees except
 * that one A bit. */
static int
mask_1g(struct pd_uc *eng, const struct pd_case *c, const struct pd_vie_result *v,
    const struct pd_uc_result *u, unsigned off)
{
	if ((c->mode != PD_M64 && c->mode != PD_LA57) || u->intno != VIE_VEC_PF)
		return 0;
	unsigned t = v->n - 1;
	unsigned lv = v->walk[t].levels;
	if (v->status[t] != VIE_EXCEPTION || lv != (c->mode == PD_LA57 ? 3u : 2u))
		return 0;
	uint64_t leaf = v->walk[t].entry[lv - 1].value, gpa = v->walk[t].entry[lv - 1].gpa;
	if (!(leaf & VIE_PTE_PS) || (leaf & VIE_PTE_A))
		return 0;
	/* compare with the A bit put where Unicorn put it */
	struct pd_vie_result *v2 = malloc(sizeof(*v2));
	int ok = 0;
	if (v2 == NULL)
		return 0;
	memcpy(v2, v, sizeof(*v2));
	int p = pd_gpa_page(gpa);
	if (p >= 0) {
		uint64_t cur;
		memcpy(&cur, &v2->mem[p][gpa & (PD_PAGE - 1)], 8);
		cur |= VIE_PTE_A;
		memcpy(&v2->mem[p][gpa & (PD_PAGE - 1)], &cur, 8);
		ok = judge(eng, c, v2, u, off | NO_1G) != PD_DISAGREE;
	}
	free(v2);
	return ok;
}

/* Mask 3: QEMU applies no SMAP to implicit supervisor accesses at CPL < 3
 * when RFLAGS.AC = 1 (the SDM: implicit accesses are always checked).
 * Applies when vie's fault is an SMAP-only one and Unicorn, run with
 * AC = 0, agrees with vie exactly. */
static int
mask_smap(struct pd_uc *eng, const struct pd_case *c, const struct pd_vie_result *v,
    unsigned off)
{
	if ((c->kind != PD_IMPL_READ && c->kind != PD_IMPL_WRITE) || c->cpl == 3 ||
	    !(c->rflags & VIE_RFLAGS_AC) || !(c->cr4 & VIE_CR4_SMAP))
		return 0;
	unsigned t = v->n - 1;
	if (v->status[t] != VIE_EXCEPTION || v->exc.vector != VIE_VEC_PF ||
	    (v->exc.errcode & ~(uint32_t)VIE_PF_W) != VIE_PF_P)
		return 0;
	struct pd_case *c2 = malloc(sizeof(*c2));
	struct pd_uc_result *u2 = malloc(sizeof(*u2));
	char why[256];
	int ok = 0;
	if (c2 != NULL && u2 != NULL) {
		*c2 = *c;
		c2->rflags &= ~VIE_RFLAGS_AC;
		ok = pd_uc_run(eng, c2, u2, why, sizeof(why)) == 0 &&
		    judge(eng, c, v, u2, off | NO_SMAP) != PD_DISAGREE;
	}
	free(c2);
	free(u2);
	return ok;
}

/* The masks may combine (a case can meet two deviations): each one that
 * re-runs judges the re-run with the masks not yet used. */
static enum pd_verdict
judge(struct pd_uc *eng, const struct pd_case *c, const struct pd_vie_result *v,
    const struct pd_uc_result *u, unsigned off)
{
	char why[256];
	if (compare(c, v, u, why, sizeof(why), (off & NO_PDPTE) != 0))
		return PD_AGREE;
	if (!(off & NO_PDPTE) && mask_pdpte(eng, c, v, u, off))
		return PD_MASK_PDPTE_RSVD;
	if (!(off & NO_1G) && mask_1g(eng, c, v, u, off))
		return PD_MASK_1G_A;
	if (!(off & NO_SMAP) && mask_smap(eng, c, v, off))
		return PD_MASK_SMAP_IMPL;
	return PD_DISAGREE;
}

enum pd_verdict
pd_judge(struct pd_uc *eng, const struct pd_case *c, const struct pd_vie_result *v,
    const struct pd_uc_result *u, char *why, size_t whylen)
{
	if (pd_compare_raw(c, v, u, why, whylen))
		return PD_AGREE;
	return judge(eng, c, v, u, 0);
}

static void
print_hex_u64(FILE *f, const char *k, uint64_t v, int comma)
{
	fprintf(f, "\"%s\":\"0x%llx\"%s", k, (unsigned long long)v, comma ? "," : "");
}

/* The RAM pages a reproduction needs: those either walk touched (a page
 * left out would be "not RAM" to `vie translate`). */
static void
touched_pages(const struct pd_case *c, const struct pd_vie_result *v,
    const struct pd_uc_result *u, uint8_t *need)
{
	memset(need, 0, PD_NPAGES);
	int p;
	if ((p = pd_gpa_page(c->mode == PD_PAE ? (c->cr3 & 0xffffffe0ull) : c->cr3)) >= 0)
		need[p] = 1;
	for (unsigned t = 0; v != NULL && t < v->n; t++)
		for (unsigned i = 0; i < v->walk[t].levels; i++)
			if ((p = pd_gpa_page(v->walk[t].entry[i].gpa)) >= 0)
				need[p] = 1;
	for (unsigned i = 0; u != NULL && i < u->ntrace; i++)
		if ((p = pd_gpa_page(u->trace[i].gpa)) >= 0)
			need[p] = 1;
}

static void
json_line(FILE *f, const struct pd_case *c, const uint8_t *need, const char *prefix,
    uint64_t gla, const char *access)
{
	fprintf(f, "%s{", prefix);
	print_hex_u64(f, "cr0", c->cr0, 1);
	print_hex_u64(f, "cr3", c->cr3, 1);
	print_hex_u64(f, "cr4", c->cr4, 1);
	print_hex_u64(f, "efer", c->efer, 1);
	fprintf(f, "\"cpl\":%u,", c->cpl);
	print_hex_u64(f, "rflags", c->rflags, 1);
	print_hex_u64(f, "pkru", c->pkru, 1);
	print_hex_u64(f, "pkrs", c->pkrs, 1);
	fprintf(f, "\"maxphyaddr\":%u,\"page1gb\":true,", PD_MAXPHY);
	print_hex_u64(f, "gla", gla, 1);
	fprintf(f, "\"access\":\"%s\",\"implicit\":%s,\"ram\":[", access,
	    (c->kind == PD_IMPL_READ || c->kind == PD_IMPL_WRITE) ? "true" : "false");
	int first = 1;
	for (unsigned p = 0; p < PD_NPAGES; p++) {
		if (!need[p])
			continue;
		fprintf(f, "%s{\"gpa\":\"0x%llx\",\"hex\":\"", first ? "" : ",",
		    (unsigned long long)pd_page_gpa(p));
		for (unsigned i = 0; i < PD_PAGE; i++)
			fprintf(f, "%02x", c->mem[p][i]);
		fprintf(f, "\"}");
		first = 0;
	}
	fprintf(f, "]}\n");
}

void
pd_print_json(FILE *f, const struct pd_case *c, const struct pd_vie_result *v,
    const struct pd_uc_result *u, const char *prefix, int first_only)
{
	static const char *const acc[] = { "read", "write", "fetch", "read", "read" };
	uint8_t need[PD_NPAGES];
	touched_pages(c, v, u, need);
	json_line(f, c, need, prefix, c->gla, acc[c->kind]);
	if (c->kind == PD_IMPL_WRITE && !first_only) /* then the descriptor's A bit */
		json_line(f, c, need, prefix, c->gla + 4, "write");
}

void
pd_print_results(const struct pd_case *c, const struct pd_vie_result *v,
    const struct pd_uc_result *u)
{
	printf("  case: mode %s, %s at gla %#llx, cpl %u, cr0 %#llx cr3 %#llx cr4 %#llx "
	    "efer %#llx rflags %#llx pkru %#x\n", pd_mode_name[c->mode],
	    pd_kind_name[c->kind], (unsigned long long)c->gla, c->cpl,
	    (unsigned long long)c->cr0, (unsigned long long)c->cr3,
	    (unsigned long long)c->cr4, (unsigned long long)c->efer,
	    (unsigned long long)c->rflags, c->pkru);
	for (unsigned t = 0; t < v->n; t++) {
		printf("  vie[%u]: %s", t, vie_status_name(v->status[t]));
		if (v->status[t] == VIE_OK)
			printf(" gpa %#llx", (unsigned long long)v->gpa[t]);
		if (v->status[t] == VIE_EXCEPTION)
			printf(" vector %u errcode %#x cr2 %#llx", v->exc.vector,
			    v->exc.errcode, (unsigned long long)v->exc.cr2);
		printf("; walk:");
		for (unsigned i = 0; i < v->walk[t].levels; i++)
			printf(" %#llx=%#llx", (unsigned long long)v->walk[t].entry[i].gpa,
			    (unsigned long long)v->walk[t].entry[i].value);
		printf("\n");
	}
	printf("  unicorn: ");
	if (u->intno >= 0)
		printf("vector %d errcode %#x cr2 %#llx", u->intno, u->errcode,
		    (unsigned long long)u->cr2);
	else
		printf("ok (%u accesses at the address)", u->ndata);
	printf("; page-table accesses:");
	for (unsigned i = 0; i < u->ntrace; i++)
		printf(" %c%#llx/%u=%#llx%s", u->trace[i].write ? 'W' : 'R',
		    (unsigned long long)u->trace[i].gpa, u->trace[i].size,
		    (unsigned long long)u->trace[i].value, u->trace[i].hole ? "(not RAM)" : "");
	printf("\n");
}
