/*
 * tests/common/elftext.h - the executable sections of ELF files (x86-64
 * ELF64 or i386 ELF32), for feeding real code to the differential tests
 * and the benchmark.
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

/* Load 'path' and find its SHF_EXECINSTR PROGBITS sections.  'bits' picks
 * the kind of file accepted: 64 for ELF64 x86-64, 32 for ELF32 i386.
 * Returns 0 on success, -1 if the file is unreadable or not that kind. */
int elftext_load_bits(const char *path, struct elftext *et, unsigned bits);
/* elftext_load_bits(path, et, 64). */
int elftext_load(const char *path, struct elftext *et);
void elftext_free(struct elftext *et);

/* Fill 'paths' with up to 'max' ELF files of the given class (64 or 32)
 * found in the folders 'dirs' (each read once, even when one is a link to
 * another), sorted by name so the set is deterministic on one machine.
 * Returns how many; the strings are malloc'd (free each). */
unsigned elftext_find(const char *const *dirs, unsigned ndirs, unsigned bits, char **paths,
    unsigned max);
/* elftext_find over the usual Debian x86-64 library and binary folders. */
unsigned elftext_find_system(char **paths, unsigned max);

#endif
