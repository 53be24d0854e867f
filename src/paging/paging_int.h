/*
 * paging_int.h - internals shared by the paging walkers (not installed).
 *
 * A walk is one pass of a mode-specific walker (walk32.c, walkpae.c,
 * walk64.c) over a struct pg_walk.  The walkers describe their levels with
 * a small table (struct pg_level) and hand it to the generic level loop in
 * walk.c, which reads entries, checks reserved bits, sets accessed bits
 * and accumulates the permission bits; walk.c then applies the permission
 * model to the leaf.
 */
#ifndef VIE_PAGING_INT_H
#define VIE_PAGING_INT_H

#include <stdint.h>

#include <vie/paging.h>

/* Outcome of one pass of a walker. */
enum pg_result {
	PG_OK = 0,    /* leaf found, permitted, A/D done: w->gpa valid */
	PG_FAULT,     /* #PF with w->pferr (P / RSVD / PK part) */
	PG_NOT_RAM,   /* an entry the walk needs is not RAM */
	PG_RACE,      /* an A/D compare-and-exchange lost: walk again */
};

struct pg_walk {
	/* inputs */
	const struct vie_paging_state *st;
	const struct vie_guest_mem_ops *ops;
	void *ctx;
	uint64_t gla;
	unsigned acc;
	unsigned maxpa;     /* resolved MAXPHYADDR, 32..52 */
	int lma;            /* IA-32e mode */
	/* accumulated over the levels used */
	int rw;             /* R/W = 1 in every entry */
	int us;             /* U/S = 1 in every entry (user-mode address) */
	int xd;             /* XD = 1 in some entry (only counted with NXE) */
	/* results */
	uint64_t gpa;
	uint32_t pferr;     /* P, RSVD, PK bits of a fault */
	struct vie_walk *rec; /* optional record (NULL: none) */
};

/* One level of a walk, top level first.  Static tables: what varies with
 * the vCPU (MAXPHYADDR, NXE) is in struct pg_mode. */
struct pg_level {
	uint8_t shift;      /* lowest linear-address bit this level indexes */
	uint8_t ps;         /* 1: PS = 1 maps a page of 1 << shift bytes; 0:
	                       bit 7 is not PS here (a level where PS = 1 is
	                       reserved has bit 7 in rsvd instead) */
	uint64_t rsvd;      /* reserved bits this level adds to mode->rsvd */
	uint64_t rsvd_big;  /* ... and adds for an entry with PS = 1 */
};

/* How the generic loop reads a level table. */
struct pg_mode {
	uint8_t esize;           /* entry size: 4 or 8 */
	uint8_t nlevels;
	uint8_t pse36;           /* 32-bit paging's 4 MiB page address format */
	uint64_t idx_mask;       /* index width: 0x3ff or 0x1ff */
	uint64_t addr_mask;      /* table / 4 KiB page address bits of an entry */
	uint64_t rsvd;           /* reserved in every entry (MAXPHYADDR, XD) */
	uint64_t rsvd_big;       /* reserved in every PS = 1 entry */
	const struct pg_level *level;
};

/* Mask of bits lo..hi inclusive (hi >= lo, hi < 64). */
static inline uint64_t
pg_bits(unsigned hi, unsigned lo)
{
	return (~0ull >> (63 - hi)) & ~((1ull << lo) - 1);
}

/* walk.c */
enum pg_result pg_walk_levels(struct pg_walk *w, const struct pg_mode *m,
    uint64_t table);
enum pg_result pg_read_entry(struct pg_walk *w, uint64_t gpa, unsigned size,
    uint64_t *val);
enum pg_result pg_update_entry(struct pg_walk *w, uint64_t gpa, unsigned size,
    uint64_t old, uint64_t new_val);
void pg_record(struct pg_walk *w, uint64_t gpa, uint64_t val);

/* The mode walkers: one pass each. */
enum pg_result pg_walk32(struct pg_walk *w);
enum pg_result pg_walk_pae(struct pg_walk *w);
enum pg_result pg_walk64(struct pg_walk *w, int la57);

/* walk64.c: 1 if gla is canonical for 48- (la57 = 0) or 57-bit addresses. */
int pg_canonical(uint64_t gla, int la57);

/* walk.c: shared argument checks; returns VIE_OK or VIE_BAD_ARGUMENT. */
int pg_check_args(const struct vie_paging_state *st,
    const struct vie_guest_mem_ops *ops);
/* walk.c: 1 if the state is in IA-32e mode. */
int pg_long_mode(const struct vie_paging_state *st);

#endif /* VIE_PAGING_INT_H */
