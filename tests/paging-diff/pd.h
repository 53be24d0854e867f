/*
 * pd.h - shared declarations of the paging differential test (vie's walker
 * against Unicorn 2.0.1).
 *
 * Guest-physical layout used by every case (the same for vie and Unicorn):
 *   pool     PD_POOL_PAGES pages at PD_POOL_BASE; pages 0..PD_CODE_PAGES-1
 *            hold the code path's private tables, the rest are the data
 *            pool the generator builds the tested tables in.
 *   windows  PD_NWIN single pages high in the 40-bit physical space, also
 *            usable as tables in PAE and IA-32e modes.
 *   anything else is not RAM (vie's map fails; Unicorn sees an MMIO hole
 *   that reads as zero and logs the access).
 * MAXPHYADDR is 40, as Unicorn's CPU reports (CPUID 80000008h).
 */
#ifndef PD_H
#define PD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <vie/paging.h>

#define PD_PAGE 4096u
#define PD_POOL_BASE 0x100000ull
#define PD_POOL_PAGES 32u
#define PD_CODE_PAGES 8u
#define PD_NWIN 3u
#define PD_NPAGES (PD_POOL_PAGES + PD_NWIN)
#define PD_MAXPHY 40u

enum pd_mode { PD_M32, PD_PAE, PD_M64, PD_LA57, PD_NMODES };

/* What the one instruction Unicorn runs does at the case's address. */
enum pd_kind {
	PD_READ,       /* mov eax, [rbx] */
	PD_WRITE,      /* mov [rbx], eax */
	PD_FETCH,      /* jump (CPL 0) or SYSEXIT (CPL 3) to the address */
	PD_IMPL_READ,  /* lsl eax, ebp: GDT descriptor read (implicit) */
	PD_IMPL_WRITE, /* mov ds, ebp: descriptor read, then its A bit is
	                  written (implicit read, then implicit write at +4) */
	PD_NKINDS
};

struct pd_case {
	enum pd_mode mode;
	enum pd_kind kind;
	uint64_t cr0, cr3, cr4, efer, rflags;
	uint32_t pkru, pkrs;
	uint8_t cpl;
	uint64_t gla;
	uint8_t mem[PD_NPAGES][PD_PAGE];
};

extern const char *const pd_mode_name[PD_NMODES];
extern const char *const pd_kind_name[PD_NKINDS];

/* Guest-physical address of RAM page 'idx' (0 .. PD_NPAGES-1). */
uint64_t pd_page_gpa(unsigned idx);
/* RAM page holding 'gpa', or -1 if it is not RAM. */
int pd_gpa_page(uint64_t gpa);

/* The two pages the code runs from: linear = physical (see uc_oracle.c)
 * and outside the tested translations. */
uint64_t pd_code_gla(enum pd_mode m);
/* The top-level slot the code path uses (the data walk never does). */
unsigned pd_code_slot(enum pd_mode m);

/* --- gen.c: random, valid and hostile cases ------------------------- */
struct pd_rng { uint64_t s; };
uint64_t pd_rand(struct pd_rng *r);
/* 1 with probability num/den */
int pd_chance(struct pd_rng *r, unsigned num, unsigned den);

/* Fill 'c' with case number 'index' of the stream (mode, seed).  The same
 * (mode, seed, index) always gives the same case. */
void pd_generate(struct pd_case *c, enum pd_mode mode, uint64_t seed,
    uint64_t index);
/* Write the code path's tables into c->mem (also used by hand-made cases).
 * 'root' is the RAM page of the top-level table. */
void pd_install_code_path(struct pd_case *c, unsigned root);
/* A hand-made case: a valid walk of 4 KiB pages to a fixed address, all
 * non-leaf entries 'nonleaf' (PAE PDPTE: P only), the leaf 'leaf' (flag
 * bits) pointing at 0x5555000.  Returns the number of entries; their
 * addresses go to slots[] (top first) if not NULL. */
unsigned pd_hand_case(struct pd_case *c, enum pd_mode m, enum pd_kind k,
    uint8_t cpl, uint64_t nonleaf, uint64_t leaf, uint64_t *slots);
/* Entry helpers for hand-made cases. */
void pd_put(struct pd_case *c, uint64_t gpa, uint64_t val, unsigned size);
uint64_t pd_get(const struct pd_case *c, uint64_t gpa, unsigned size);

/* --- vie_side.c ------------------------------------------------------ */
struct pd_vie_result {
	unsigned n;                 /* translations done (1 or 2) */
	int status[2];
	uint64_t gpa[2];
	struct vie_exception exc;   /* of the last translation */
	struct vie_walk walk[2];
	uint8_t mem[PD_NPAGES][PD_PAGE]; /* RAM after the walk(s) */
};
void pd_vie_state(const struct pd_case *c, struct vie_paging_state *st);
void pd_vie_run(const struct pd_case *c, struct pd_vie_result *r);
/* The same with a given paging state (for the masks). */
void pd_vie_run_st(const struct pd_case *c, const struct vie_paging_state *st,
    struct pd_vie_result *r);

/* --- uc_oracle.c ----------------------------------------------------- */
#define PD_TRACE_MAX 96
struct pd_access {
	uint64_t gpa;
	uint64_t value;
	uint8_t size;
	uint8_t write;
	uint8_t hole; /* not RAM */
};
struct pd_uc_result {
	int intno;          /* exception vector, -1 if none */
	uint32_t errcode;
	uint64_t cr2;
	uint64_t fault_rip;
	int uc_err;         /* uc_emu_start's return */
	unsigned ntrace;
	int trace_overflow;
	struct pd_access trace[PD_TRACE_MAX]; /* page-table side, in order */
	unsigned ndata;     /* accesses at the case's own address */
	uint8_t mem[PD_NPAGES][PD_PAGE];
};
struct pd_uc;
/* Open and calibrate an engine for 'mode'; NULL with a message in 'why'
 * if that cannot be done. */
struct pd_uc *pd_uc_open(enum pd_mode mode, char *why, size_t whylen);
void pd_uc_close(struct pd_uc *u);
/* Run the case's one access.  Returns 0, or -1 with a message in 'why'
 * when the harness itself failed (not a paging result). */
int pd_uc_run(struct pd_uc *u, const struct pd_case *c, struct pd_uc_result *r,
    char *why, size_t whylen);

/* --- compare.c ------------------------------------------------------- */
enum pd_verdict {
	PD_AGREE,
	PD_MASK_PDPTE_RSVD,  /* Unicorn: PAE PDPTE bits 2:1, 8:5 unchecked */
	PD_MASK_1G_A,        /* Unicorn: A set on a 1 GiB leaf that faults */
	PD_MASK_SMAP_IMPL,   /* Unicorn: no SMAP on implicit CPL<3 AC=1 */
	PD_DISAGREE,
	PD_NVERDICTS
};
extern const char *const pd_verdict_name[PD_NVERDICTS];
/* Compare without any mask: 1 if vie and Unicorn agree; else 0 and a
 * description in 'why'. */
int pd_compare_raw(const struct pd_case *c, const struct pd_vie_result *v,
    const struct pd_uc_result *u, char *why, size_t whylen);
/* Compare, then try the documented masks.  May re-run Unicorn or vie on
 * a modified case to prove a mask applies. */
enum pd_verdict pd_judge(struct pd_uc *eng, const struct pd_case *c,
    const struct pd_vie_result *v, const struct pd_uc_result *u, char *why,
    size_t whylen);
/* Print the case as one JSON line for `vie translate --batch` (two for
 * implicit-write: the read, then the write at +4), with the RAM pages
 * either walk touched (v, u may be NULL). */
void pd_print_json(FILE *f, const struct pd_case *c, const struct pd_vie_result *v,
    const struct pd_uc_result *u, const char *prefix, int first_only);
/* Print both results in detail. */
void pd_print_results(const struct pd_case *c, const struct pd_vie_result *v,
    const struct pd_uc_result *u);

#endif /* PD_H */
