/*
 * walk.c - what every paging mode shares: argument checks, entry access
 * through the caller's callbacks, the generic level loop, the permission
 * model of SDM vol. 3 sec. 4.6 and the public vie_gla2gpa / vie_walk.
 */
#include <string.h>

#include "paging_int.h"

int
pg_long_mode(const struct vie_paging_state *st)
{
	/* LME alone counts only once paging is on: that is when the CPU sets
	 * LMA, and a caller may hold only the LME the guest wrote. */
	if (st->efer & VIE_EFER_LMA)
		return 1;
	return (st->efer & VIE_EFER_LME) && (st->cr0 & VIE_CR0_PG);
}

enum vm_paging_mode
vie_paging_mode_of(const struct vie_paging_state *st)
{
	if (st == NULL || !(st->cr0 & VIE_CR0_PG))
		return PAGING_MODE_FLAT;
	if (pg_long_mode(st))
		return (st->cr4 & VIE_CR4_LA57) ? PAGING_MODE_64_LA57 : PAGING_MODE_64;
	if (!(st->cr4 & VIE_CR4_PAE))
		return PAGING_MODE_32;
	return PAGING_MODE_PAE;
}

int
pg_check_args(const struct vie_paging_state *st, const struct vie_guest_mem_ops *ops)
{
	if (st == NULL || ops == NULL || ops->map == NULL)
		return VIE_BAD_ARGUMENT;
	if (st->cpl > 3 || st->flags & ~(VIE_PG_1G | VIE_PG_PDPTES))
		return VIE_BAD_ARGUMENT;
	if (st->maxphyaddr != 0 && (st->maxphyaddr < 32 || st->maxphyaddr > 52))
		return VIE_BAD_ARGUMENT;
	/* IA-32e mode cannot be entered without PAE (#GP on the way in). */
	if ((st->cr0 & VIE_CR0_PG) && pg_long_mode(st) && !(st->cr4 & VIE_CR4_PAE))
		return VIE_BAD_ARGUMENT;
	return VIE_OK;
}

static int
aligned(const void *p, unsigned size)
{
	return ((uintptr_t)p & (size - 1)) == 0;
}

/* One load, so an entry another vCPU is rewriting is seen whole. */
static inline enum pg_result
read_entry(struct pg_walk *w, uint64_t gpa, unsigned size, uint64_t *val)
{
	void *p = w->ops->map(w->ctx, gpa, size, 0);
	if (p == NULL)
		return PG_NOT_RAM;
	if (size == 8) {
		uint64_t v;
		if (aligned(p, 8))
			v = __atomic_load_n((uint64_t *)p, __ATOMIC_ACQUIRE);
		else
			memcpy(&v, p, 8);
		*val = v;
	} else {
		uint32_t v;
		if (aligned(p, 4))
			v = __atomic_load_n((uint32_t *)p, __ATOMIC_ACQUIRE);
		else
			memcpy(&v, p, 4);
		*val = v;
	}
	if (w->ops->unmap != NULL)
		w->ops->unmap(w->ctx, p, gpa, size);
	return PG_OK;
}

enum pg_result
pg_read_entry(struct pg_walk *w, uint64_t gpa, unsigned size, uint64_t *val)
{
	return read_entry(w, gpa, size, val);
}

/* Compare-and-exchange on a host pointer, for callers without cmpxchg. */
static int
host_cmpxchg(void *p, unsigned size, uint64_t *expected, uint64_t desired)
{
	if (size == 8 && aligned(p, 8)) {
		uint64_t exp = *expected;
		if (__atomic_compare_exchange_n((uint64_t *)p, &exp, desired, 0,
		    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return 0;
		*expected = exp;
		return 1;
	}
	if (size == 4 && aligned(p, 4)) {
		uint32_t exp = (uint32_t)*expected;
		if (__atomic_compare_exchange_n((uint32_t *)p, &exp, (uint32_t)desired,
		    0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return 0;
		*expected = exp;
		return 1;
	}
	/* A misaligned host mapping cannot be updated atomically; such a
	 * caller has no concurrent vCPUs to race with anyway. */
	uint64_t cur = 0;
	memcpy(&cur, p, size);
	if (cur != *expected) {
		*expected = cur;
		return 1;
	}
	memcpy(p, &desired, size);
	return 0;
}

enum pg_result
pg_update_entry(struct pg_walk *w, uint64_t gpa, unsigned size, uint64_t old,
    uint64_t new_val)
{
	if (w->acc & VIE_ACC_NOFAULT)
		return PG_OK;
	uint64_t exp = old;
	int r;
	if (w->ops->cmpxchg != NULL) {
		r = w->ops->cmpxchg(w->ctx, gpa, size, &exp, new_val);
	} else {
		void *p = w->ops->map(w->ctx, gpa, size, 1);
		if (p == NULL)
			return PG_NOT_RAM;
		r = host_cmpxchg(p, size, &exp, new_val);
		if (w->ops->unmap != NULL)
			w->ops->unmap(w->ctx, p, gpa, size);
	}
	if (r < 0)
		return PG_NOT_RAM;
	/* The entry changed under us (another vCPU): what we decided from the
	 * old value may be stale, so the whole walk starts again. */
	return r == 0 ? PG_OK : PG_RACE;
}

void
pg_record(struct pg_walk *w, uint64_t gpa, uint64_t val)
{
	struct vie_walk *r = w->rec;
	if (r != NULL && r->levels < 5) {
		r->entry[r->levels].gpa = gpa;
		r->entry[r->levels].value = val;
		r->levels++;
	}
}

/* 1 for a user-mode access: CPL 3 and not an implicit supervisor access. */
static int
user_access(const struct pg_walk *w)
{
	return w->st->cpl == 3 && !(w->acc & VIE_ACC_IMPLICIT);
}

/*
 * The access rights of SDM vol. 3 sec. 4.6 for the accumulated R/W, U/S
 * and XD bits and the leaf's protection key.  Returns 0 if permitted,
 * else the P (and PK) bits of the #PF error code.
 */
static uint32_t
pg_rights(const struct pg_walk *w, unsigned pkey)
{
	const struct vie_paging_state *st = w->st;
	int user = user_access(w);
	int write = (w->acc & VIE_ACC_WRITE) != 0;
	int fetch = (w->acc & VIE_ACC_FETCH) != 0;
	int wp = (st->cr0 & VIE_CR0_WP) != 0;
	int deny = 0;

	if (user) {
		/* A user-mode access to a supervisor-mode address faults
		 * before protection keys are looked at. */
		if (!w->us)
			return VIE_PF_P;
		if ((write && !w->rw) || (fetch && w->xd))
			deny = 1;
	} else if (fetch) {
		if ((w->us && (st->cr4 & VIE_CR4_SMEP)) || w->xd)
			deny = 1;
	} else {
		/* SMAP: explicit accesses may reach user pages with AC = 1;
		 * implicit ones never. */
		if (w->us && (st->cr4 & VIE_CR4_SMAP) &&
		    ((w->acc & VIE_ACC_IMPLICIT) || !(st->rflags & VIE_RFLAGS_AC)))
			deny = 1;
		if (write && !w->rw && wp)
			deny = 1;
	}

	/* Protection keys: IA-32e only, data accesses only.  The PK bit is
	 * reported whenever the key denies the access, even if the paging
	 * rights above deny it too (SDM vol. 3 sec. 4.7). */
	if (!fetch && w->lma) {
		uint32_t reg = 0;
		int applies = 0;
		if (w->us && (st->cr4 & VIE_CR4_PKE)) {
			reg = st->pkru;
			applies = 1;
		} else if (!w->us && (st->cr4 & VIE_CR4_PKS)) {
			reg = st->pkrs;
			applies = 1;
		}
		if (applies) {
			int ad = (reg >> (2 * pkey)) & 1;
			int wd = (reg >> (2 * pkey + 1)) & 1;
			if (ad || (wd && write && (user || wp)))
				return VIE_PF_P | VIE_PF_PK;
		}
	}
	return deny ? VIE_PF_P : 0;
}

/* The leaf: address, rights, then A (and D for writes) in one update. */
static enum pg_result
pg_leaf(struct pg_walk *w, const struct pg_mode *m, uint64_t egpa, uint64_t e,
    unsigned shift, int big)
{
	uint64_t off = (1ull << shift) - 1;
	uint64_t base;
	if (big && m->pse36) {
		/* 4 MiB PDE: bits 31:22 are address bits 31:22, bits 20:13
		 * address bits 39:32 (those above MAXPHYADDR are reserved and
		 * were checked already). */
		base = (e & 0xffc00000ull) | (((e >> 13) & 0xffull) << 32);
	} else {
		base = e & m->addr_mask & ~off;
	}
	unsigned pkey = m->esize == 8 ? (unsigned)(e >> 59) & 0xf : 0;
	if (w->rec != NULL) {
		w->rec->pkey = pkey;
		w->rec->page_shift = shift;
	}

	uint32_t err = pg_rights(w, pkey);
	if (err != 0) {
		w->pferr = err;
		return PG_FAULT;
	}
	uint64_t want = e | VIE_PTE_A;
	if (w->acc & VIE_ACC_WRITE)
		want |= VIE_PTE_D;
	if (want != e) {
		enum pg_result r = pg_update_entry(w, egpa, m->esize, e, want);
		if (r != PG_OK)
			return r;
	}
	w->gpa = base | (w->gla & off);
	return PG_OK;
}

enum pg_result
pg_walk_levels(struct pg_walk *w, const struct pg_mode *m, uint64_t table)
{
	/* R/W and U/S must be 1 in every entry, XD 1 in any: track the AND
	 * and the OR of all entries used. */
	uint64_t all = ~0ull, any = 0;
	for (unsigned i = 0; i < m->nlevels; i++) {
		const struct pg_level *l = &m->level[i];
		uint64_t egpa = table + ((w->gla >> l->shift) & m->idx_mask) * m->esize;
		uint64_t e;
		enum pg_result r = read_entry(w, egpa, m->esize, &e);
		if (r != PG_OK)
			return r;
		pg_record(w, egpa, e);
		if (!(e & VIE_PTE_P)) {
			w->pferr = 0;
			return PG_FAULT;
		}
		int last = i + 1 == m->nlevels;
		int big = !last && l->ps && (e & VIE_PTE_PS);
		uint64_t rsvd = m->rsvd | l->rsvd;
		if (big)
			rsvd |= m->rsvd_big | l->rsvd_big;
		if (e & rsvd) {
			w->pferr = VIE_PF_P | VIE_PF_RSVD;
			return PG_FAULT;
		}
		all &= e;
		any |= e;
		if (last || big) {
			w->rw &= (int)(all >> 1) & 1;
			w->us &= (int)(all >> 2) & 1;
			/* Bit 63 is XD only in 8-byte entries, and only with NXE;
			 * without NXE it is reserved and was rejected above. */
			w->xd |= (int)(any >> 63);
			return pg_leaf(w, m, egpa, e, l->shift, big);
		}
		/* A on a non-leaf entry is set as the walk passes, whether or
		 * not the access later succeeds. */
		if (!(e & VIE_PTE_A)) {
			r = pg_update_entry(w, egpa, m->esize, e, e | VIE_PTE_A);
			if (r != PG_OK)
				return r;
		}
		table = e & m->addr_mask;
	}
	/* Not reached: the last level is always a leaf. */
	return PG_NOT_RAM;
}

static unsigned
check_access(unsigned access)
{
	unsigned kind = access & (VIE_ACC_READ | VIE_ACC_WRITE | VIE_ACC_FETCH);
	if (access & ~(VIE_ACC_READ | VIE_ACC_WRITE | VIE_ACC_FETCH |
	    VIE_ACC_IMPLICIT | VIE_ACC_STACK | VIE_ACC_NOFAULT))
		return 0;
	/* exactly one kind */
	return kind != 0 && (kind & (kind - 1)) == 0;
}

int
vie_walk(const struct vie_paging_state *st, const struct vie_guest_mem_ops *ops,
    void *ctx, uint64_t gla, unsigned access, uint64_t *gpa,
    struct vie_exception *exc, struct vie_walk *walk)
{
	if (gpa == NULL || !check_access(access) || pg_check_args(st, ops) != VIE_OK)
		return VIE_BAD_ARGUMENT;
	enum vm_paging_mode mode = vie_paging_mode_of(st);
	int lma = pg_long_mode(st);
	if (walk != NULL) {
		memset(walk, 0, sizeof(*walk));
		walk->mode = mode;
	}
	if (!lma)
		gla &= 0xffffffffull; /* linear addresses are 32 bits here */
	if (mode == PAGING_MODE_FLAT) {
		*gpa = gla;
		return VIE_OK;
	}
	if (lma && !pg_canonical(gla, mode == PAGING_MODE_64_LA57)) {
		if (exc != NULL) {
			exc->vector = (access & VIE_ACC_STACK) ? VIE_VEC_SS : VIE_VEC_GP;
			exc->errcode_valid = 1;
			exc->errcode = 0;
			exc->cr2 = 0;
		}
		return VIE_EXCEPTION;
	}

	struct pg_walk w = {
		.st = st, .ops = ops, .ctx = ctx, .gla = gla, .acc = access,
		.maxpa = st->maxphyaddr ? st->maxphyaddr : 52, .lma = lma,
		.rec = walk,
	};
	enum pg_result r;
	for (unsigned attempt = 0;; attempt++) {
		w.rw = 1;
		w.us = 1;
		w.xd = 0;
		w.pferr = 0;
		if (walk != NULL) {
			walk->levels = 0;
			walk->page_shift = 0;
		}
		switch (mode) {
		case PAGING_MODE_32:
			r = pg_walk32(&w);
			break;
		case PAGING_MODE_PAE:
			r = pg_walk_pae(&w);
			break;
		default:
			r = pg_walk64(&w, mode == PAGING_MODE_64_LA57);
			break;
		}
		if (r != PG_RACE)
			break;
		if (walk != NULL)
			walk->restarts = attempt + 1;
		if (attempt + 1 >= VIE_PAGING_MAX_RESTARTS)
			return VIE_RESTART;
	}

	switch (r) {
	case PG_OK:
		*gpa = w.gpa;
		return VIE_OK;
	case PG_FAULT:
		if (exc != NULL) {
			uint32_t err = w.pferr;
			if (access & VIE_ACC_WRITE)
				err |= VIE_PF_W;
			if (user_access(&w))
				err |= VIE_PF_U;
			/* I/D is reported only where NX or SMEP could have caused
			 * a fetch fault (SDM vol. 3 sec. 4.7). */
			if ((access & VIE_ACC_FETCH) &&
			    ((st->cr4 & VIE_CR4_SMEP) ||
			    ((st->cr4 & VIE_CR4_PAE) && (st->efer & VIE_EFER_NXE))))
				err |= VIE_PF_ID;
			exc->vector = VIE_VEC_PF;
			exc->errcode_valid = 1;
			exc->errcode = err;
			exc->cr2 = gla;
		}
		return VIE_EXCEPTION;
	default:
		return VIE_CALLBACK;
	}
}

int
vie_gla2gpa(const struct vie_paging_state *st, const struct vie_guest_mem_ops *ops,
    void *ctx, uint64_t gla, unsigned access, uint64_t *gpa,
    struct vie_exception *exc)
{
	return vie_walk(st, ops, ctx, gla, access, gpa, exc, NULL);
}
