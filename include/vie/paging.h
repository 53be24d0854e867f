/*
 * vie/paging.h - guest paging: linear -> physical translation, copy in/out
 * of guest linear memory, instruction fetch.
 *
 * API stability: this header is the contract the paging unit tests, the
 * Unicorn differential test (tests/paging-diff/), the fuzzer and the CLI
 * are written against.  Changes after the first commit are listed here:
 *   (none yet)
 *
 * Model: the walker does exactly what the CPU's page walker does (Intel
 * SDM vol. 3 ch. 4, AMD APM vol. 2 ch. 5) for one access, given the
 * control registers in struct vie_paging_state.  It touches guest memory
 * only through the caller's struct vie_guest_mem_ops, keeps no state
 * between calls and allocates nothing, so any number of vCPUs can walk at
 * once.  Every walk is bounded (at most 5 levels, at most
 * VIE_PAGING_MAX_RESTARTS restarts), so hostile page tables (pointers
 * outside RAM, self-references, reserved bits, anything) end in a defined
 * status.
 *
 * Accessed/dirty bits: as on the CPU, the walker sets A in every
 * paging-structure entry it uses (not in PAE PDPTEs, which have none) as
 * it goes down, before it knows whether the access will succeed; it sets
 * A (and, for writes, D) in the leaf entry only when the access is
 * permitted, both bits in one update.  Each update is a compare-and-
 * exchange of the whole entry, so a concurrent change by another vCPU is
 * never overwritten: if the entry changed since it was read, the walk
 * restarts from the top.  VIE_ACC_NOFAULT walks write nothing.
 */
#ifndef VIE_PAGING_H
#define VIE_PAGING_H

#include <stddef.h>
#include <stdint.h>

#include <vie/status.h>
#include <vie/vmm.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Control-register bits the walker reads (SDM vol. 3 sec. 2.5, 2.2.1). */
#define VIE_CR0_WP     (1ull << 16)
#define VIE_CR0_PG     (1ull << 31)
#define VIE_CR4_PSE    (1ull << 4)
#define VIE_CR4_PAE    (1ull << 5)
#define VIE_CR4_LA57   (1ull << 12)
#define VIE_CR4_SMEP   (1ull << 20)
#define VIE_CR4_SMAP   (1ull << 21)
#define VIE_CR4_PKE    (1ull << 22)
#define VIE_CR4_PKS    (1ull << 24)
#define VIE_EFER_LME   (1ull << 8)
#define VIE_EFER_LMA   (1ull << 10)
#define VIE_EFER_NXE   (1ull << 11)
#define VIE_RFLAGS_AC  (1ull << 18)

/* Page-fault error code bits (SDM vol. 3 sec. 4.7). */
#define VIE_PF_P    (1u << 0) /* 0: not present; 1: protection (or RSVD) */
#define VIE_PF_W    (1u << 1) /* the access was a write */
#define VIE_PF_U    (1u << 2) /* user-mode access (CPL 3, not implicit) */
#define VIE_PF_RSVD (1u << 3) /* a reserved bit was set in an entry */
#define VIE_PF_ID   (1u << 4) /* instruction fetch (only with SMEP or PAE+NXE) */
#define VIE_PF_PK   (1u << 5) /* protection-key violation (PKRU or PKRS) */

/* Page-table entry bits, for callers that build or inspect tables. */
#define VIE_PTE_P   (1ull << 0)
#define VIE_PTE_RW  (1ull << 1)
#define VIE_PTE_US  (1ull << 2)
#define VIE_PTE_PWT (1ull << 3)
#define VIE_PTE_PCD (1ull << 4)
#define VIE_PTE_A   (1ull << 5)
#define VIE_PTE_D   (1ull << 6)
#define VIE_PTE_PS  (1ull << 7)
#define VIE_PTE_G   (1ull << 8)
#define VIE_PTE_XD  (1ull << 63)

/*
 * Everything about the vCPU that decides a translation.
 *
 * cr0, cr4, efer  as the guest sees them.  The paging mode follows from
 *                 them as on the CPU (vie_paging_mode_of).  Long mode is
 *                 EFER.LMA, or EFER.LME with CR0.PG (so a caller that has
 *                 only the LME the guest wrote gets the same answer).
 * cr3             page-table root.  Bits the mode does not use as an
 *                 address (PCID, PWT/PCD, bit 63, bits above MAXPHYADDR)
 *                 are ignored.
 * rflags          only AC (bit 18) matters (SMAP).
 * cpl             current privilege level, 0..3.  CPL 3 accesses are
 *                 user-mode accesses unless VIE_ACC_IMPLICIT.
 * pkru            PKRU register (CR4.PKE, user-mode addresses, IA-32e).
 * pkrs            IA32_PKRS MSR (CR4.PKS, supervisor-mode addresses, IA-32e).
 * maxphyaddr      physical-address width, 32..52; 0 means 52.  Entry bits
 *                 at and above it (below bit 52) are reserved.  32-bit
 *                 paging's PSE-36 uses min(maxphyaddr, 40).
 * flags           VIE_PG_* below.
 * pdpte           the four PAE PDPTEs the CPU loaded at the last MOV CR3
 *                 (the VMCS guest PDPTE fields), used only in PAE mode and
 *                 only with VIE_PG_PDPTES; otherwise the walker reads them
 *                 from guest memory at CR3[31:5].
 */
struct vie_paging_state {
	uint64_t cr0;
	uint64_t cr3;
	uint64_t cr4;
	uint64_t efer;
	uint64_t rflags;
	uint32_t pkru;
	uint32_t pkrs;
	uint8_t cpl;
	uint8_t maxphyaddr;
	uint16_t flags;
	uint32_t _reserved; /* set to 0 (ignored; room for later fields) */
	uint64_t pdpte[4];
};

/* The CPU supports 1 GiB pages (CPUID 80000001h:EDX.Page1GB).  Without
 * it, PS = 1 in a PDPTE is a reserved-bit violation, as on such CPUs. */
#define VIE_PG_1G     (1u << 0)
/* Use state->pdpte[] in PAE mode instead of reading guest memory. */
#define VIE_PG_PDPTES (1u << 1)

/* Access flags.  Exactly one of READ, WRITE, FETCH. */
#define VIE_ACC_READ     (1u << 0)
#define VIE_ACC_WRITE    (1u << 1) /* a read-modify-write is a write */
#define VIE_ACC_FETCH    (1u << 2)
/* An implicit supervisor-mode access made by the CPU itself (GDT/LDT/IDT/
 * TSS accesses, ...): supervisor even at CPL 3, and SMAP applies whatever
 * RFLAGS.AC says. */
#define VIE_ACC_IMPLICIT (1u << 3)
/* A stack access (SS segment): a non-canonical address gives #SS(0)
 * instead of #GP(0). */
#define VIE_ACC_STACK    (1u << 4)
/* Check only: do the full walk and report the same status and exception,
 * but write nothing to guest memory (no A/D bits, cmpxchg never called).
 * bhyve's vm_gla2gpa_nofault. */
#define VIE_ACC_NOFAULT  (1u << 5)

/* How often a walk restarts after losing an A/D compare-and-exchange race
 * before giving up with VIE_RESTART. */
#define VIE_PAGING_MAX_RESTARTS 16

/*
 * Guest RAM, as the caller's hypervisor sees it.
 *
 * map      required.  Returns a host pointer to 'len' bytes of guest RAM at
 *          guest-physical 'gpa' (the range never crosses a 4 KiB page), or
 *          NULL if any of it is not RAM (MMIO, unbacked, beyond the guest).
 *          'write' is 1 when vie will store through the pointer.  vie
 *          reads page-table entries through it with single aligned loads
 *          of 4 or 8 bytes.  The pointer must stay valid until the matching
 *          unmap (or, without unmap, for as long as the call that mapped
 *          it; for vie_copy_setup until vie_copy_teardown).
 * unmap    optional (NULL: nothing to release).  Called once for every
 *          successful map, with the same gpa and len, when vie is done.
 * cmpxchg  optional.  Atomically: if the 'size' (4 or 8) bytes at 'gpa'
 *          equal *expected, store 'desired' and return 0; otherwise store
 *          the current value in *expected and return 1.  Return a
 *          negative value if 'gpa' is not RAM.  'gpa' is aligned to
 *          'size'.  NULL: vie maps the entry for writing and uses the
 *          compiler's atomic compare-and-exchange on the host pointer.
 *          This is the only way vie writes page tables, so a caller that
 *          wants to see the A/D updates wraps it.
 */
struct vie_guest_mem_ops {
	void *(*map)(void *ctx, uint64_t gpa, size_t len, int write);
	void (*unmap)(void *ctx, void *hva, uint64_t gpa, size_t len);
	int (*cmpxchg)(void *ctx, uint64_t gpa, unsigned size,
	    uint64_t *expected, uint64_t desired);
};

/* What a walk used, for debuggers and tests (optional output). */
struct vie_walk_entry {
	uint64_t gpa;   /* where the entry is */
	uint64_t value; /* what it held when the walker used it (before any
	                   A/D update) */
};
struct vie_walk {
	enum vm_paging_mode mode;
	unsigned levels;            /* entries used, top first (0 for flat) */
	struct vie_walk_entry entry[5];
	unsigned page_shift;        /* 12, 21, 22, 30; valid on VIE_OK */
	unsigned restarts;          /* A/D races lost */
	unsigned pkey;              /* protection key of the leaf (IA-32e) */
};

/*
 * The paging mode the CPU is in for these control registers:
 * CR0.PG = 0: FLAT; CR4.PAE = 0: 32; long mode (EFER.LMA, or EFER.LME):
 * 64 or 64_LA57 (CR4.LA57); else PAE.  Long mode with CR4.PAE = 0 cannot
 * happen on a CPU; it is reported as PAGING_MODE_64(_LA57) and the walk
 * functions reject it with VIE_BAD_ARGUMENT.
 */
VIE_API enum vm_paging_mode vie_paging_mode_of(const struct vie_paging_state *st);

/*
 * Translate one guest linear address for one access.
 *
 * @param st     the vCPU's paging state.
 * @param ops    guest memory callbacks (ops->map required).
 * @param ctx    passed to every callback.
 * @param gla    the linear address.  Outside IA-32e mode linear addresses
 *               are 32 bits: higher bits are ignored (CR2 gets the 32-bit
 *               value).
 * @param access VIE_ACC_* flags.
 * @param gpa    out, on VIE_OK: the guest-physical address.
 * @param exc    out, on VIE_EXCEPTION: the fault.  May be NULL.
 * @param walk   out, optional (NULL): the entries used.  Filled on every
 *               status except VIE_BAD_ARGUMENT, up to the entry that
 *               stopped the walk.
 * @return
 *   VIE_OK          *gpa set.  A/D bits set as described at the top
 *                   (none with VIE_ACC_NOFAULT).
 *   VIE_EXCEPTION   *exc: #PF (vector 14, error code VIE_PF_*, cr2 = gla),
 *                   or #GP(0) / #SS(0) (VIE_ACC_STACK) for a non-canonical
 *                   address in IA-32e mode (cr2 = 0, nothing read).  A
 *                   bits of the non-leaf entries used before the fault are
 *                   set (as the CPU sets them), nothing else is written.
 *   VIE_CALLBACK    a page-table entry the walk needed is not RAM (map or
 *                   cmpxchg failed).  A bits of entries above it may have
 *                   been set.
 *   VIE_RESTART     the walk lost the A/D race VIE_PAGING_MAX_RESTARTS
 *                   times in a row; nothing translated.  Re-enter the
 *                   guest without advancing RIP (it will retry).
 *   VIE_BAD_ARGUMENT NULL st/ops/ops->map/gpa, no or several of READ/
 *                   WRITE/FETCH, unknown flag bits, cpl > 3, maxphyaddr
 *                   out of range, long mode without CR4.PAE.  Nothing
 *                   touched.
 */
VIE_API int vie_gla2gpa(const struct vie_paging_state *st,
    const struct vie_guest_mem_ops *ops, void *ctx, uint64_t gla,
    unsigned access, uint64_t *gpa, struct vie_exception *exc);

/* vie_gla2gpa plus the optional walk record. */
VIE_API int vie_walk(const struct vie_paging_state *st,
    const struct vie_guest_mem_ops *ops, void *ctx, uint64_t gla,
    unsigned access, uint64_t *gpa, struct vie_exception *exc,
    struct vie_walk *walk);

/*
 * Prepare a copy to or from 'len' bytes of guest linear memory at 'gla'
 * (bhyve's vm_copy_setup).  Every page of the range is translated for
 * 'access' (VIE_ACC_READ for copyin, VIE_ACC_WRITE for copyout, plus
 * IMPLICIT/STACK/NOFAULT as wanted) before anything is mapped, then each
 * piece is mapped.  The range wraps at 4 GiB outside IA-32e mode.
 *
 * @param ci     out: one struct vm_copyinfo per page piece (gpa, len, hva;
 *               cookie is unused and set to NULL); entries past the last
 *               piece are zeroed.
 * @param num_ci how many entries 'ci' has.  A range of len bytes needs at
 *               most (len + 4095) / 4096 + 1.
 * @return VIE_OK (ci filled, pieces mapped: call vie_copyin/vie_copyout,
 *         then vie_copy_teardown), VIE_EXCEPTION (*exc: the fault of the
 *         first page that faults; nothing mapped; A/D bits of the pages
 *         before it may have been set, as the CPU may; guest data
 *         untouched), VIE_CALLBACK (a page-table entry or a piece is not
 *         RAM; nothing left mapped), VIE_RESTART (as vie_gla2gpa),
 *         VIE_BAD_ARGUMENT (as vie_gla2gpa, or len == 0, or num_ci too
 *         small; nothing touched).
 */
VIE_API int vie_copy_setup(const struct vie_paging_state *st,
    const struct vie_guest_mem_ops *ops, void *ctx, uint64_t gla, size_t len,
    unsigned access, struct vm_copyinfo *ci, unsigned num_ci,
    struct vie_exception *exc);

/* Copy 'len' bytes out of the mapped pieces into 'dst' (len must not
 * exceed the set-up length). */
VIE_API void vie_copyin(const struct vm_copyinfo *ci, void *dst, size_t len);

/* Copy 'len' bytes from 'src' into the mapped pieces (set up with
 * VIE_ACC_WRITE). */
VIE_API void vie_copyout(const void *src, const struct vm_copyinfo *ci, size_t len);

/* Release the pieces (ops->unmap for each, if set) and zero 'ci'. */
VIE_API void vie_copy_teardown(const struct vie_guest_mem_ops *ops, void *ctx,
    struct vm_copyinfo *ci, unsigned num_ci);

/*
 * Fetch up to 'len' (1..15) instruction bytes at linear address 'gla'
 * (CS.base + RIP, computed by the caller) with instruction-fetch
 * permissions (NX, SMEP).  Outside IA-32e mode the address wraps at 4 GiB.
 *
 * @param buf    out: the bytes; buf[0 .. *got) are valid on every status.
 * @param access 0, or VIE_ACC_NOFAULT (FETCH is implied).
 * @param got    out: how many bytes were fetched.
 * @return VIE_OK (*got == len), or the status of the first page that
 *         could not be read: VIE_EXCEPTION (*exc), VIE_CALLBACK (not RAM)
 *         or VIE_RESTART, with *got the bytes before that page (0 if it
 *         was the first).  A decoder given buf[0 .. *got) either succeeds
 *         (the instruction did not need the failed page: ignore the
 *         status) or says TRUNCATED (inject *exc).
 *         VIE_BAD_ARGUMENT: as vie_gla2gpa, or len not in 1..15.
 * Each page's walk sets A bits as a data walk does, so a 15-byte window
 * that reaches into the next page sets that page's A bits even if the
 * instruction ends before it.  A caller that wants only the pages the
 * instruction occupies marked fetches with VIE_ACC_NOFAULT, decodes, and
 * fetches the decoded length again without it.
 */
VIE_API int vie_fetch(const struct vie_paging_state *st,
    const struct vie_guest_mem_ops *ops, void *ctx, uint64_t gla,
    uint8_t *buf, unsigned len, unsigned access, unsigned *got,
    struct vie_exception *exc);

#ifdef __cplusplus
}
#endif

#endif /* VIE_PAGING_H */
