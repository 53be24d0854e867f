/*
 * uc_oracle.c - Unicorn 2.0.1 as the paging oracle.
 *
 * What this Unicorn does, as found on this machine (and why the harness is
 * built the way it is):
 *  - It walks the guest's page tables with QEMU's walker (physical reads
 *    and A/D writes of the entries), but performs the final access at
 *    physical = linear; it also checks that the *linear* address is mapped
 *    before it walks at all.  So the whole address space is mapped: RAM
 *    for the two code pages (at linear = physical) and, everywhere else,
 *    MMIO whose callbacks serve the page-table RAM of the case and log
 *    every access with its physical address.  The walk is observed
 *    through that log (entries read, in order) and the A/D bits it wrote;
 *    the physical address of a successful access is that of the leaf
 *    entry it read (compare.c).
 *  - Its TLB is not flushed by uc_reg_write of CR0/CR3/CR4 (nor by
 *    uc_ctl_flush_tlb), and CR4.SMAP written that way has no effect on
 *    any access; so every run starts with MOV CR4 and MOV CR3 executed by
 *    the guest, which flush the TLB and do enable SMAP.
 *  - Exceptions do not go through the guest IDT: UC_HOOK_INTR reports the
 *    vector; the error code and CR2 are read from a saved CPU context at
 *    offsets calibrated at open (uc_reg_read of CR2 returns a wrong value
 *    in 64-bit mode).  QEMU's "exception in flight" state is never reset
 *    either (the next #PF becomes #DF), so each run restores a clean
 *    context first.
 *  - WRMSR to EFER drops NXE (the CPUID TCG reports lacks NX), so NXE is
 *    poked into the saved context at a calibrated offset.
 *  - CPL 3 is reached with SYSEXIT (no memory access); PKRU is loaded with
 *    WRPKRU; an implicit supervisor access is a GDT descriptor read by LSL
 *    or MOV DS (which also writes the descriptor's A bit).
 *  - The log keeps only the tested instruction's walk: it restarts when
 *    that instruction (or, for a fetch, the jump to the address) begins
 *    (all code fetches are done by then), stops at a fault or at the next
 *    instruction (Unicorn fetches code again after an exception), and
 *    loses its tail if that is the walk Unicorn makes of the 'until'
 *    address when uc_emu_start returns (the code path, A bits preset).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicorn/unicorn.h>

#include "pd.h"

#define CODE_STUB_OFF(v) ((v) * 0x80u)
/* user-page offsets of the access instructions */
#define U_READ 0x000u
#define U_WRITE 0x010u
#define U_LSL 0x020u
#define U_MOVDS 0x030u

struct region {
	struct pd_uc *u;
	uint64_t base;
};

struct pd_uc {
	uc_engine *uc;
	enum pd_mode mode;
	int m64;
	uc_context *base[2]; /* EFER.NXE clear / set */
	uc_context *scratch;
	size_t ctxsz;
	long off_cr0, off_err, off_efer;
	uint8_t (*ram)[PD_PAGE];
	uint8_t *code; /* 2 pages */
	struct region reg[16];
	unsigned nreg;
	uc_hook hook;
	/* per run */
	const struct pd_case *cur;
	struct pd_uc_result *res;
	uint64_t data_page;
	uint64_t boundary;  /* the instruction whose access is tested */
	int phase;          /* 0 before it, 1 during it, 2 after it or a fault */
	uc_hook code_hook;
	int intno;
	uint64_t rip;
};

/* A saved context is an opaque block of uc_context_size() bytes; the
 * fields are found by calibration. */
static uint64_t
ctx_u64(const uc_context *ctx, long off)
{
	uint64_t v;
	memcpy(&v, (const uint8_t *)ctx + off, 8);
	return v;
}

static void
log_access(struct pd_uc *u, uint64_t gpa, uint64_t val, unsigned size, int write,
    int hole)
{
	struct pd_uc_result *r = u->res;
	if (r == NULL || u->phase == 2)
		return;
	if (r->ntrace == PD_TRACE_MAX) {
		r->trace_overflow = 1;
		return;
	}
	struct pd_access *a = &r->trace[r->ntrace++];
	a->gpa = gpa;
	a->value = val;
	a->size = (uint8_t)size;
	a->write = (uint8_t)write;
	a->hole = (uint8_t)hole;
}

static uint64_t
ram_read(uc_engine *uc, uint64_t off, unsigned size, void *ud)
{
	struct region *rg = ud;
	struct pd_uc *u = rg->u;
	uint64_t gpa = rg->base + off, v = 0;
	int p = pd_gpa_page(gpa);
	(void)uc;
	if (p >= 0 && (gpa & (PD_PAGE - 1)) + size <= PD_PAGE)
		memcpy(&v, &u->ram[p][gpa & (PD_PAGE - 1)], size);
	log_access(u, gpa, v, size, 0, 0);
	return v;
}

static void
ram_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t v, void *ud)
{
	struct region *rg = ud;
	struct pd_uc *u = rg->u;
	uint64_t gpa = rg->base + off;
	int p = pd_gpa_page(gpa);
	(void)uc;
	if (p >= 0 && (gpa & (PD_PAGE - 1)) + size <= PD_PAGE)
		memcpy(&u->ram[p][gpa & (PD_PAGE - 1)], &v, size);
	log_access(u, gpa, v, size, 1, 0);
}

/* The case's own page (linear = physical): what the instruction reads
 * there, byte by byte (QEMU turns a misaligned MMIO access into the
 * aligned accesses around it).  A fetch
 * sees NOP, then a jump to itself that ends QEMU's translation block
 * before the page ends; a descriptor read sees a present DPL 3 data
 * segment with A clear. */
static uint8_t
data_byte(const struct pd_uc *u, uint64_t gpa)
{
	static const uint8_t desc[8] = { 0xff, 0xff, 0, 0, 0, 0xf2, 0xcf, 0 };
	uint64_t gla = u->cur->gla;
	if (u->cur->mode <= PD_PAE)
		gla &= 0xffffffffull;
	switch (u->cur->kind) {
	case PD_FETCH:
		return gpa == gla ? 0x90 : gpa == gla + 1 ? 0xeb : gpa == gla + 2 ? 0xfe : 0xcc;
	case PD_IMPL_READ:
	case PD_IMPL_WRITE:
		return gpa >= gla && gpa < gla + 8 ? desc[gpa - gla] : 0;
	default:
		return 0;
	}
}

static uint64_t
data_value(const struct pd_uc *u, uint64_t gpa, unsigned size)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < size && i < 8; i++)
		v |= (uint64_t)data_byte(u, gpa + i) << (8 * i);
	return v;
}

/* An access by the test instruction to its data page: counted, and not
 * logged as a page-table access. */
static int
data_access(struct pd_uc *u, uint64_t gpa)
{
	if (u->cur == NULL || (gpa & ~(uint64_t)(PD_PAGE - 1)) != u->data_page)
		return 0;
	if (u->res)
		u->res->ndata++;
	return 1;
}

static uint64_t
hole_read(uc_engine *uc, uint64_t off, unsigned size, void *ud)
{
	struct region *rg = ud;
	uint64_t gpa = rg->base + off;
	(void)uc;
	if (data_access(rg->u, gpa))
		return data_value(rg->u, gpa, size);
	log_access(rg->u, gpa, 0, size, 0, 1);
	return 0;
}

static void
hole_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t v, void *ud)
{
	struct region *rg = ud;
	uint64_t gpa = rg->base + off;
	(void)uc;
	if (!data_access(rg->u, gpa))
		log_access(rg->u, gpa, v, size, 1, 1);
}

/* The tested instruction starts: every code fetch (and its walk) is done,
 * so what the log holds so far is not the tested walk. */
static void
on_code(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct pd_uc *u = ud;
	(void)uc;
	(void)size;
	if (addr == u->boundary && u->res != NULL) {
		u->res->ntrace = 0;
		u->res->trace_overflow = 0;
		u->phase = 1;
	} else if (u->phase == 1) {
		u->phase = 2; /* the next instruction: nothing more to log */
	}
}

static void
on_intr(uc_engine *uc, uint32_t intno, void *ud)
{
	struct pd_uc *u = ud;
	u->intno = (int)intno;
	/* Unicorn looks up code again after an exception: not the walk */
	u->phase = 2;
	uint64_t rip = 0;
	if (u->m64) {
		uc_reg_read(uc, UC_X86_REG_RIP, &rip);
	} else {
		uint32_t e = 0;
		uc_reg_read(uc, UC_X86_REG_EIP, &e);
		rip = e;
	}
	u->rip = rip;
	uc_context_save(uc, u->scratch);
	uc_emu_stop(uc);
}

/* Guest code: one stub per (PKE, what) at CODE_STUB_OFF, each starting
 * with MOV CR3, rSI (the TLB flush) and ending in a jump to itself. */
enum stub { S_READ, S_WRITE, S_FETCH, S_LSL, S_MOVDS, S_USER, S_N };

static void
build_code(struct pd_uc *u)
{
	uint8_t *sp = u->code, *up = u->code + PD_PAGE;
	memset(u->code, 0xcc, 2 * PD_PAGE);
	for (unsigned pke = 0; pke < 2; pke++) {
		for (unsigned s = 0; s < S_N; s++) {
			uint8_t *p = sp + CODE_STUB_OFF(s * 2 + pke);
			*p++ = 0x0f; *p++ = 0x22; *p++ = 0xe1;       /* mov cr4, rcx */
			*p++ = 0x0f; *p++ = 0x22; *p++ = 0xde;       /* mov cr3, rsi */
			*p++ = 0x31; *p++ = 0xc9;                    /* xor ecx, ecx */
			if (pke) {
				*p++ = 0x0f; *p++ = 0x01; *p++ = 0xef; /* wrpkru */
			}
			switch (s) {
			case S_READ: *p++ = 0x8b; *p++ = 0x03; break;  /* mov eax, [rbx] */
			case S_WRITE: *p++ = 0x89; *p++ = 0x03; break; /* mov [rbx], eax */
			case S_FETCH: *p++ = 0xff; *p++ = 0xe7; break; /* jmp rdi */
			case S_LSL: *p++ = 0x0f; *p++ = 0x03; *p++ = 0xc5; break;
			case S_MOVDS: *p++ = 0x8e; *p++ = 0xdd; break;
			default:
				if (u->m64)
					*p++ = 0x48;
				*p++ = 0x89; *p++ = 0xfa;              /* mov rdx, rdi */
				if (u->m64)
					*p++ = 0x48;
				*p++ = 0x0f; *p++ = 0x35;              /* sysexit */
				break;
			}
			*p++ = 0xeb; *p++ = 0xfe;
		}
	}
	memcpy(up + U_READ, "\x8b\x03\xeb\xfe", 4);
	memcpy(up + U_WRITE, "\x89\x03\xeb\xfe", 4);
	memcpy(up + U_LSL, "\x0f\x03\xc5\xeb\xfe", 5);
	memcpy(up + U_MOVDS, "\x8e\xdd\xeb\xfe", 4);
}

/* When uc_emu_start returns, Unicorn translates the 'until' address (in
 * the stub page) once more: a walk of the code path at the current CPL,
 * after the tested access.  These are the reads it makes, in order. */
static unsigned
probe_reads(const struct pd_case *c, uint64_t *a)
{
	uint64_t p0 = pd_page_gpa(0), p1 = pd_page_gpa(1), p2 = pd_page_gpa(2),
	    p3 = pd_page_gpa(3);
	uint64_t e[5];
	unsigned n = 0, k = 0;
	switch (c->mode) {
	case PD_M32:
		a[0] = (c->cr3 & 0xfffff000ull) + 1023 * 4;
		a[1] = p1;
		return 2;
	case PD_PAE:
		e[n++] = (c->cr3 & 0xffffffe0ull) + 3 * 8;
		e[n++] = p0 + 511 * 8;
		e[n++] = p1;
		break;
	case PD_LA57:
		e[n++] = (c->cr3 & ~(uint64_t)(PD_PAGE - 1));
		e[n++] = p3 + 255 * 8;
		goto four;
	default:
		e[n++] = (c->cr3 & ~(uint64_t)(PD_PAGE - 1)) + 255 * 8;
	four:
		e[n++] = p0;
		e[n++] = p2;
		e[n++] = p1;
		break;
	}
	for (unsigned i = 0; i < n; i++) { /* 8-byte entries come in halves */
		a[k++] = e[i];
		a[k++] = e[i] + 4;
	}
	return k;
}

static void
strip_probe(const struct pd_case *c, struct pd_uc_result *r)
{
	uint64_t a[10];
	unsigned n = probe_reads(c, a);
	if (r->ntrace < n)
		return;
	const struct pd_access *t = &r->trace[r->ntrace - n];
	for (unsigned i = 0; i < n; i++)
		if (t[i].write || t[i].size != 4 || t[i].gpa != a[i])
			return;
	r->ntrace -= n;
}

static int
map_all(struct pd_uc *u, char *why, size_t whylen)
{
	/* special ranges, sorted: pool, code (2 pages), windows */
	struct { uint64_t a, len; int kind; } sp[8];
	unsigned n = 0;
	sp[n].a = PD_POOL_BASE; sp[n].len = PD_POOL_PAGES * PD_PAGE; sp[n++].kind = 0;
	for (unsigned i = 0; i < PD_NWIN; i++) {
		sp[n].a = pd_page_gpa(PD_POOL_PAGES + i);
		sp[n].len = PD_PAGE;
		sp[n++].kind = 0;
	}
	sp[n].a = pd_code_gla(u->mode); sp[n].len = 2 * PD_PAGE; sp[n++].kind = 1;
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = i + 1; j < n; j++)
			if (sp[j].a < sp[i].a) {
				__typeof__(sp[0]) t = sp[i];
				sp[i] = sp[j];
				sp[j] = t;
			}
	uint64_t at = 0;
	const uint64_t top = 0xfffffffffffff000ull;
	for (unsigned i = 0; i <= n; i++) {
		uint64_t next = i < n ? sp[i].a : top;
		if (next > at) {
			struct region *rg = &u->reg[u->nreg++];
			rg->u = u;
			rg->base = at;
			if (uc_mmio_map(u->uc, at, next - at, hole_read, rg, hole_write, rg) ||
			    uc_mem_protect(u->uc, at, next - at, UC_PROT_ALL)) {
				snprintf(why, whylen, "cannot map MMIO hole at %#llx",
				    (unsigned long long)at);
				return -1;
			}
		}
		if (i == n)
			break;
		if (sp[i].kind == 1) {
			if (uc_mem_map_ptr(u->uc, sp[i].a, sp[i].len, UC_PROT_ALL, u->code)) {
				snprintf(why, whylen, "cannot map code RAM");
				return -1;
			}
		} else {
			struct region *rg = &u->reg[u->nreg++];
			rg->u = u;
			rg->base = sp[i].a;
			if (uc_mmio_map(u->uc, sp[i].a, sp[i].len, ram_read, rg, ram_write, rg)) {
				snprintf(why, whylen, "cannot map table RAM as MMIO");
				return -1;
			}
		}
		at = sp[i].a + sp[i].len;
	}
	return 0;
}

static void
wreg(struct pd_uc *u, int r64, int r32, uint64_t v)
{
	if (u->m64) {
		uc_reg_write(u->uc, r64, &v);
	} else {
		uint32_t x = (uint32_t)v;
		uc_reg_write(u->uc, r32, &x);
	}
}

static void
write_crs(struct pd_uc *u, uint64_t cr0, uint64_t cr3, uint64_t cr4)
{
	wreg(u, UC_X86_REG_CR4, UC_X86_REG_CR4, cr4);
	wreg(u, UC_X86_REG_CR3, UC_X86_REG_CR3, cr3);
	wreg(u, UC_X86_REG_CR0, UC_X86_REG_CR0, cr0);
}

/* The offset of EFER in a saved context, found in a 64-bit engine (the
 * only one whose CPUID lets WRMSR change EFER.LME; the context layout is
 * the same for both): the one field that follows an LME toggle. */
static long
find_efer(uc_engine *uc64, char *why, size_t whylen)
{
	uc_engine *uc = uc64;
	uc_context *a = NULL, *b = NULL;
	long off = -1;
	if (uc == NULL && (uc_open(UC_ARCH_X86, UC_MODE_64, &uc) != UC_ERR_OK ||
	    uc_ctl_set_cpu_model(uc, UC_CPU_X86_ICELAKE_SERVER) != UC_ERR_OK)) {
		snprintf(why, whylen, "cannot open a 64-bit engine to find EFER");
		return -1;
	}
	size_t sz = uc_context_size(uc);
	if (uc_context_alloc(uc, &a) || uc_context_alloc(uc, &b)) {
		snprintf(why, whylen, "uc_context_alloc failed");
		goto out;
	}
	uc_x86_msr m = { .rid = 0xc0000080u, .value = 0 };
	uc_reg_read(uc, UC_X86_REG_MSR, &m);
	uint64_t before = m.value;
	uc_context_save(uc, a);
	m.value = before ^ VIE_EFER_LME;
	uc_reg_write(uc, UC_X86_REG_MSR, &m);
	uc_context_save(uc, b);
	for (long o = 0; o + 8 <= (long)sz; o += 8) {
		uint64_t x, y;
		memcpy(&x, (uint8_t *)a + o, 8);
		memcpy(&y, (uint8_t *)b + o, 8);
		if (x == before && y == (before ^ VIE_EFER_LME)) {
			if (off >= 0) {
				snprintf(why, whylen, "EFER found twice in the context");
				off = -1;
				goto out;
			}
			off = o;
		}
	}
	if (off < 0)
		snprintf(why, whylen, "EFER not found in the saved context");
	else
		uc_context_restore(uc, a);
out:
	if (a) uc_context_free(a);
	if (b) uc_context_free(b);
	if (uc != uc64)
		uc_close(uc);
	return off;
}

/* Find where the saved context keeps CR0..CR4 and EFER. */
static int
calibrate_regs(struct pd_uc *u, char *why, size_t whylen)
{
	const uint64_t c0 = 0x80010011ull, c3 = 0x123000ull, c4 = 0x30ull;
	uc_context_restore(u->uc, u->base[0]);
	write_crs(u, c0, c3, c4);
	uc_context_save(u->uc, u->scratch);
	u->off_cr0 = -1;
	for (long o = 0; o + 40 <= (long)u->ctxsz; o += 8) {
		if (ctx_u64(u->scratch, o) == c0 && ctx_u64(u->scratch, o + 24) == c3 &&
		    ctx_u64(u->scratch, o + 32) == c4) {
			if (u->off_cr0 >= 0) {
				snprintf(why, whylen, "CR0..CR4 found twice in the context");
				return -1;
			}
			u->off_cr0 = o;
		}
	}
	if (u->off_cr0 < 0) {
		snprintf(why, whylen, "CR0..CR4 not found in the saved context");
		return -1;
	}

	u->off_efer = find_efer(u->m64 ? u->uc : NULL, why, whylen);
	if (u->off_efer < 0)
		return -1;
	/* base[1] = base[0] with EFER.NXE */
	memcpy(u->base[1], u->base[0], u->ctxsz);
	uint64_t e = ctx_u64(u->base[1], u->off_efer) | VIE_EFER_NXE;
	memcpy((uint8_t *)u->base[1] + u->off_efer, &e, 8);
	/* check: RDMSR now reads EFER.NXE back */
	uc_context_restore(u->uc, u->base[1]);
	uc_x86_msr m = { .rid = 0xc0000080u, .value = 0 };
	uc_reg_read(u->uc, UC_X86_REG_MSR, &m);
	uc_context_restore(u->uc, u->base[0]);
	if (!(m.value & VIE_EFER_NXE)) {
		snprintf(why, whylen, "EFER.NXE poked into the context does not read back");
		return -1;
	}
	return 0;
}

/* Find the error code in the saved context: the offset that holds the
 * expected error code (SDM vol. 3 sec. 4.7) after each of several faults. */
static int
calibrate_errcode(struct pd_uc *u, char *why, size_t whylen)
{
	static const struct { enum pd_kind k; uint8_t cpl; uint64_t leaf; uint32_t err; } t[] = {
		{ PD_READ, 0, 0, 0 },
		{ PD_WRITE, 0, 0, 2 },
		{ PD_WRITE, 3, 0, 6 },
		{ PD_WRITE, 0, 0x25, 3 },  /* read-only, CR0.WP */
		{ PD_WRITE, 3, 0x25, 7 },
		{ PD_READ, 3, 0x21, 5 },   /* supervisor page */
	};
	uint8_t *cand = malloc(u->ctxsz);
	struct pd_case *c = malloc(sizeof(*c));
	struct pd_uc_result *r = malloc(sizeof(*r));
	int ret = -1;
	if (cand == NULL || c == NULL || r == NULL) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	memset(cand, 1, u->ctxsz);
	u->off_err = -1;
	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		pd_hand_case(c, u->mode, t[i].k, t[i].cpl, 0x27, t[i].leaf, NULL);
		if (pd_uc_run(u, c, r, why, whylen) < 0)
			goto out;
		if (r->intno != 14) {
			snprintf(why, whylen, "calibration fault %u: got vector %d, not #PF",
			    i, r->intno);
			goto out;
		}
		for (size_t o = 0; o + 4 <= u->ctxsz; o += 4) {
			uint32_t x;
			memcpy(&x, (uint8_t *)u->scratch + o, 4);
			if (x != t[i].err)
				cand[o] = 0;
		}
	}
	for (size_t o = 0; o + 4 <= u->ctxsz; o += 4) {
		if (!cand[o])
			continue;
		if (u->off_err >= 0) {
			snprintf(why, whylen, "error code offset ambiguous");
			goto out;
		}
		u->off_err = (long)o;
	}
	if (u->off_err < 0) {
		snprintf(why, whylen, "error code not found in the saved context");
		goto out;
	}
	ret = 0;
out:
	free(cand);
	free(c);
	free(r);
	return ret;
}

struct pd_uc *
pd_uc_open(enum pd_mode mode, char *why, size_t whylen)
{
	struct pd_uc *u = calloc(1, sizeof(*u));
	if (u == NULL) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	u->mode = mode;
	u->m64 = mode >= PD_M64;
	u->ram = calloc(PD_NPAGES, PD_PAGE);
	u->code = calloc(2, PD_PAGE);
	u->off_err = -1;
	if (u->ram == NULL || u->code == NULL) {
		snprintf(why, whylen, "out of memory");
		goto fail;
	}
	if (uc_open(UC_ARCH_X86, u->m64 ? UC_MODE_64 : UC_MODE_32, &u->uc) != UC_ERR_OK) {
		snprintf(why, whylen, "uc_open failed");
		u->uc = NULL;
		goto fail;
	}
	if (uc_ctl_set_cpu_model(u->uc, UC_CPU_X86_ICELAKE_SERVER) != UC_ERR_OK) {
		snprintf(why, whylen, "cannot select the Icelake-Server CPU model");
		goto fail;
	}
	build_code(u);
	if (map_all(u, why, whylen) < 0)
		goto fail;
	uint64_t code = pd_code_gla(mode);
	if (uc_hook_add(u->uc, &u->hook, UC_HOOK_INTR, (void *)on_intr, u, 1, 0) != UC_ERR_OK ||
	    uc_hook_add(u->uc, &u->code_hook, UC_HOOK_CODE, (void *)on_code, u, code,
	    code + 2 * PD_PAGE - 1) != UC_ERR_OK) {
		snprintf(why, whylen, "cannot hook interrupts");
		goto fail;
	}
	/* SYSEXIT needs a non-null SYSENTER_CS; the selectors it makes are
	 * never looked up (it loads fixed flat descriptors). */
	uc_x86_msr m = { .rid = 0x174, .value = 0x10 };
	uc_reg_write(u->uc, UC_X86_REG_MSR, &m);
	u->ctxsz = uc_context_size(u->uc);
	if (uc_context_alloc(u->uc, &u->base[0]) || uc_context_alloc(u->uc, &u->base[1]) ||
	    uc_context_alloc(u->uc, &u->scratch)) {
		snprintf(why, whylen, "uc_context_alloc failed");
		goto fail;
	}
	uc_context_save(u->uc, u->base[0]);
	if (calibrate_regs(u, why, whylen) < 0 || calibrate_errcode(u, why, whylen) < 0)
		goto fail;
	return u;
fail:
	pd_uc_close(u);
	return NULL;
}

void
pd_uc_close(struct pd_uc *u)
{
	if (u == NULL)
		return;
	if (u->base[0]) uc_context_free(u->base[0]);
	if (u->base[1]) uc_context_free(u->base[1]);
	if (u->scratch) uc_context_free(u->scratch);
	if (u->uc)
		uc_close(u->uc);
	free(u->ram);
	free(u->code);
	free(u);
}

int
pd_uc_run(struct pd_uc *u, const struct pd_case *c, struct pd_uc_result *r,
    char *why, size_t whylen)
{
	int pke = (c->cr4 & VIE_CR4_PKE) != 0;
	uint64_t gla = c->mode <= PD_PAE ? (c->gla & 0xffffffffull) : c->gla;
	uint64_t code = pd_code_gla(c->mode);
	enum stub s;
	uint64_t rdi = 0, access_rip;
	unsigned count = 3 + (unsigned)pke;

	memset(r, 0, offsetof(struct pd_uc_result, mem));
	r->intno = -1;
	if (c->mode != u->mode) {
		snprintf(why, whylen, "case mode does not match the engine");
		return -1;
	}
	uc_context_restore(u->uc, u->base[(c->efer & VIE_EFER_NXE) ? 1 : 0]);
	memcpy(u->ram, c->mem, sizeof(c->mem));
	u->cur = c;
	u->res = r;
	u->data_page = gla & ~(uint64_t)(PD_PAGE - 1);
	u->intno = -1;
	u->phase = 0;

	if (c->cpl == 3) {
		s = S_USER;
		count += 3; /* mov rdx, rdi; sysexit; the access */
		switch (c->kind) {
		case PD_READ: rdi = code + PD_PAGE + U_READ; break;
		case PD_WRITE: rdi = code + PD_PAGE + U_WRITE; break;
		case PD_FETCH: rdi = gla; break;
		case PD_IMPL_READ: rdi = code + PD_PAGE + U_LSL; break;
		default: rdi = code + PD_PAGE + U_MOVDS; break;
		}
		access_rip = rdi;
	} else {
		switch (c->kind) {
		case PD_READ: s = S_READ; break;
		case PD_WRITE: s = S_WRITE; break;
		case PD_FETCH: s = S_FETCH; break;
		case PD_IMPL_READ: s = S_LSL; break;
		default: s = S_MOVDS; break;
		}
		count += 1;
		if (c->kind == PD_FETCH) {
			rdi = gla;
			count += 1;
			access_rip = gla;
		} else {
			access_rip = code + CODE_STUB_OFF(s * 2 + (unsigned)pke) + 8 +
			    (pke ? 3 : 0); /* see after_prologue */
		}
	}
	uint64_t start = code + CODE_STUB_OFF(s * 2 + (unsigned)pke);
	/* stub: mov cr4 (3 bytes), mov cr3 (3), xor ecx (2), [wrpkru (3)] */
	uint64_t after_prologue = start + 8 + (pke ? 3 : 0);
	if (c->kind != PD_FETCH)
		u->boundary = access_rip;
	else if (c->cpl == 3) /* the SYSEXIT, after mov rdx, rdi */
		u->boundary = after_prologue + (u->m64 ? 3 : 2);
	else /* the JMP */
		u->boundary = after_prologue;

	write_crs(u, c->cr0, c->cr3, c->cr4);
	if (u->m64) {
		uint64_t fl = c->rflags;
		uc_reg_write(u->uc, UC_X86_REG_RFLAGS, &fl);
	} else {
		uint32_t fl = (uint32_t)c->rflags;
		uc_reg_write(u->uc, UC_X86_REG_EFLAGS, &fl);
	}
	wreg(u, UC_X86_REG_RSI, UC_X86_REG_ESI, c->cr3);
	wreg(u, UC_X86_REG_RAX, UC_X86_REG_EAX, c->pkru);
	wreg(u, UC_X86_REG_RCX, UC_X86_REG_ECX, c->cr4);
	wreg(u, UC_X86_REG_RDX, UC_X86_REG_EDX, 0);
	wreg(u, UC_X86_REG_RBX, UC_X86_REG_EBX, gla);
	wreg(u, UC_X86_REG_RBP, UC_X86_REG_EBP, 8u | c->cpl);
	wreg(u, UC_X86_REG_RDI, UC_X86_REG_EDI, rdi);
	uc_x86_mmr gdtr = { .selector = 0, .base = gla - 8, .limit = 0xffff, .flags = 0 };
	if (!u->m64)
		gdtr.base &= 0xffffffffull;
	uc_reg_write(u->uc, UC_X86_REG_GDTR, &gdtr);

	/* Unicorn must hold exactly the control registers asked for (CR4.PKS,
	 * unknown to it, may be dropped: cases with PKS have PKRS = 0). */
	uc_context_save(u->uc, u->scratch);
	uint64_t got4 = ctx_u64(u->scratch, u->off_cr0 + 32);
	uint64_t gotefer = ctx_u64(u->scratch, u->off_efer);
	if ((got4 & ~VIE_CR4_PKS) != (c->cr4 & ~VIE_CR4_PKS) ||
	    ctx_u64(u->scratch, u->off_cr0 + 24) != c->cr3 ||
	    ((gotefer ^ c->efer) & VIE_EFER_NXE)) {
		snprintf(why, whylen, "Unicorn did not take the control registers: "
		    "cr4 %#llx (asked %#llx), efer %#llx (asked %#llx)",
		    (unsigned long long)got4, (unsigned long long)c->cr4,
		    (unsigned long long)gotefer, (unsigned long long)c->efer);
		u->cur = NULL;
		u->res = NULL;
		return -1;
	}

	uc_err e = uc_emu_start(u->uc, start, code + PD_PAGE - 16, 0, count);
	r->uc_err = (int)e;
	if (!r->trace_overflow)
		strip_probe(c, r);
	u->cur = NULL;
	u->res = NULL;
	memcpy(r->mem, u->ram, sizeof(r->mem));
	if (e != UC_ERR_OK) {
		snprintf(why, whylen, "uc_emu_start: %s", uc_strerror(e));
		return -1;
	}
	if (u->intno >= 0) {
		r->intno = u->intno;
		r->fault_rip = u->rip;
		r->cr2 = ctx_u64(u->scratch, u->off_cr0 + 16);
		if (u->off_err >= 0) {
			uint32_t ec;
			memcpy(&ec, (uint8_t *)u->scratch + u->off_err, 4);
			r->errcode = ec;
		}
		if (u->rip != access_rip) {
			snprintf(why, whylen, "vector %d at rip %#llx, not at the access "
			    "(%#llx): the harness stub faulted", u->intno,
			    (unsigned long long)u->rip, (unsigned long long)access_rip);
			return -1;
		}
	} else if (r->ndata == 0) {
		snprintf(why, whylen, "no fault, but the access never happened");
		return -1;
	}
	return 0;
}
