/*
 * refmodel.h - a deliberately plain model of the SDM's page walk (one
 * hand-written function per paging mode, no tables, no code shared with
 * src/paging/), for checking vie's walker on random and fuzzed tables.
 * Used by test_ref.c and by the paging fuzz target.
 */
#ifndef REFMODEL_H
#define REFMODEL_H

#include <stddef.h>
#include <stdint.h>

#include <vie/vie.h>

struct ref_update {
	uint64_t gpa;
	unsigned size;
	uint64_t value;
};

struct model {
	/* inputs: RAM is [0, size) and is updated in place (A/D bits) */
	uint8_t *ram;
	size_t size;
	const struct vie_paging_state *st;
	uint64_t gla;
	int write, fetch, implicit, stack, nofault;
	/* outputs: status as vie's (VIE_OK, VIE_EXCEPTION, VIE_CALLBACK) */
	int status;
	uint64_t gpa;
	uint32_t err;
	uint8_t vector;
	uint64_t cr2;
	struct ref_update log[16];
	unsigned nlog;
};

/* Set up m for an access given as VIE_ACC_* flags and run it. */
void model_translate(struct model *m, uint8_t *ram, size_t size,
    const struct vie_paging_state *st, uint64_t gla, unsigned acc);

#endif
