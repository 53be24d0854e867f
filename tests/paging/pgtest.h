/*
 * pgtest.h - guest-memory fixture for the paging unit tests.
 *
 * Guest RAM is PGT_RAM bytes at guest-physical 0; everything above is not
 * RAM.  The cmpxchg callback logs every A/D update in order and can be
 * told to lose races, as if another vCPU wrote the entry in between.
 */
#ifndef PGTEST_H
#define PGTEST_H

#include <stdint.h>
#include <string.h>

#include <vie/vie.h>

#define PGT_RAM (4u << 20)

/* Entry bits, short names for hand-built tables. */
#define P   0x001ull
#define RW  0x002ull
#define US  0x004ull
#define ACC 0x020ull
#define DRT 0x040ull
#define PS  0x080ull
#define XD  (1ull << 63)

struct pgt_log {
	uint64_t gpa;
	unsigned size;
	uint64_t value;
};

struct pgt_guest {
	uint8_t ram[PGT_RAM];
	struct pgt_log log[64];
	unsigned nlog;
	unsigned cmpxchg_calls;
	long maps, unmaps;
	/* Race simulation: when races > 0, the next cmpxchg first applies
	 * race_or / race_andnot / race_xor to the entry (another vCPU's write), fails,
	 * and decrements races. */
	int races;
	uint64_t race_or, race_andnot, race_xor;
	int cmpxchg_not_ram;    /* cmpxchg reports "not RAM" */
	unsigned map_delay;     /* spin this long in map(write = 1) */
	uint64_t ram_limit;     /* RAM ends here (<= PGT_RAM) */
	uint64_t next_table;    /* bump allocator for builder tables */
};

extern struct pgt_guest *G;
extern const struct vie_guest_mem_ops pgt_ops;        /* with cmpxchg */
extern const struct vie_guest_mem_ops pgt_ops_nocas;  /* cmpxchg NULL */

void pgt_reset(void);
void put32(uint64_t gpa, uint32_t v);
void put64(uint64_t gpa, uint64_t v);
uint32_t get32(uint64_t gpa);
uint64_t get64(uint64_t gpa);
uint64_t pgt_alloc(void);

/* States: CPL 0, WP = 1, maxphyaddr 52, 1 GiB pages allowed. */
struct vie_paging_state st_flat(void);
struct vie_paging_state st_32(int pse);
struct vie_paging_state st_pae(int nxe);
struct vie_paging_state st_64(int nxe);
struct vie_paging_state st_57(int nxe);

/*
 * Builders: map gla -> gpa with a leaf at 'leaf_shift' (12, 21, 30 for
 * IA-32e and PAE; 12 or 22 for 32-bit), giving every non-leaf entry
 * 'upper' flags and the leaf 'leaf' flags (P and PS are up to the
 * caller).  Tables come from pgt_alloc.  Returns the leaf's gpa.
 */
uint64_t build64(uint64_t cr3, int levels, uint64_t gla, uint64_t gpa,
    unsigned leaf_shift, uint64_t upper, uint64_t leaf);
uint64_t build32(uint64_t cr3, uint32_t gla, uint64_t pa, unsigned leaf_shift,
    uint32_t upper, uint32_t leaf);
uint64_t buildpae(uint64_t cr3, uint32_t gla, uint64_t gpa, unsigned leaf_shift,
    uint64_t upper, uint64_t leaf);

/* Translate; on #PF returns the error code in *err (else ~0u). */
int tr(const struct vie_paging_state *st, uint64_t gla, unsigned acc,
    uint64_t *gpa, struct vie_exception *exc);

#endif

/* Expect a translation to succeed with 'want' as the physical address. */
#define EXPECT_GPA(st, gla, acc, want) do { \
	uint64_t gpa_; struct vie_exception exc_; \
	int r_ = tr((st), (gla), (acc), &gpa_, &exc_); \
	cr_assert_eq(r_, VIE_OK, "gla 0x%llx: status %s (vector %u errcode 0x%x), want ok", \
	    (unsigned long long)(gla), vie_status_name(r_), exc_.vector, exc_.errcode); \
	cr_assert_eq(gpa_, (uint64_t)(want), "gla 0x%llx: gpa 0x%llx, want 0x%llx", \
	    (unsigned long long)(gla), (unsigned long long)gpa_, (unsigned long long)(want)); \
} while (0)

/* Expect a #PF with error code 'err' and CR2 'cr2v'. */
#define EXPECT_PF2(st, gla, acc, err, cr2v) do { \
	uint64_t gpa_; struct vie_exception exc_; \
	int r_ = tr((st), (gla), (acc), &gpa_, &exc_); \
	cr_assert_eq(r_, VIE_EXCEPTION, "gla 0x%llx: status %s, want exception", \
	    (unsigned long long)(gla), vie_status_name(r_)); \
	cr_assert_eq(exc_.vector, VIE_VEC_PF, "vector %u, want 14", exc_.vector); \
	cr_assert_eq(exc_.errcode_valid, 1); \
	cr_assert_eq(exc_.errcode, (uint32_t)(err), "gla 0x%llx: errcode 0x%x, want 0x%x", \
	    (unsigned long long)(gla), exc_.errcode, (unsigned)(err)); \
	cr_assert_eq(exc_.cr2, (uint64_t)(cr2v), "cr2 0x%llx", (unsigned long long)exc_.cr2); \
} while (0)
#define EXPECT_PF(st, gla, acc, err) EXPECT_PF2(st, gla, acc, err, gla)

#define EXPECT_STATUS(st, gla, acc, want) do { \
	uint64_t gpa_; struct vie_exception exc_; \
	int r_ = tr((st), (gla), (acc), &gpa_, &exc_); \
	cr_assert_eq(r_, (want), "gla 0x%llx: status %s, want %s", \
	    (unsigned long long)(gla), vie_status_name(r_), vie_status_name(want)); \
} while (0)

#define R VIE_ACC_READ
#define W VIE_ACC_WRITE
#define F VIE_ACC_FETCH
