/*
 * tests/common/elftext.h - the executable sections of an ELF64 x86-64 file,
 * for feeding real code to the differential tests and the benchmark.
 */
#ifndef VIE_TESTS_ELFTEXT_H
#define VIE_TESTS_ELFTEXT_H

#include <stddef.h>
#include <stdint.h>

struct elftext_section {
	const uint8_t *bytes; /* points into elftext.image */
	size_t len;
	uint64_t addr;        /* sh_addr */
};

struct elftext {
	uint8_t *image;       /* the whole file, malloc'd */
	size_t image_len;
	struct elftext_section sec[16];
	unsigned nsec;
};

/* Load 'path' and find its SHF_EXECINSTR PROGBITS sections.  Returns 0 on
 * success, -1 if the file is unreadable or not ELF64 x86-64. */
int elftext_load(const char *path, struct elftext *et);
void elftext_free(struct elftext *et);

/* Fill 'paths' with up to 'max' ELF shared objects/executables found in
 * the usual Debian library and binary folders, sorted by name so the set
 * is deterministic on one machine.  Returns how many; the strings are
 * malloc'd (free each). */
unsigned elftext_find_system(char **paths, unsigned max);

#endif
