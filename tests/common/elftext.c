/* Reads the executable sections of ELF files (see elftext.h). */
#define _GNU_SOURCE
#include "elftext.h"

#include <dirent.h>
#include <elf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The section-header fields elftext needs, read from either class. */
struct shdr {
	uint32_t type;
	uint64_t flags, addr, offset, size;
};

static void
read_shdr(const uint8_t *p, unsigned bits, struct shdr *out)
{
	if (bits == 64) {
		Elf64_Shdr s;
		memcpy(&s, p, sizeof(s));
		*out = (struct shdr){s.sh_type, s.sh_flags, s.sh_addr, s.sh_offset, s.sh_size};
	} else {
		Elf32_Shdr s;
		memcpy(&s, p, sizeof(s));
		*out = (struct shdr){s.sh_type, s.sh_flags, s.sh_addr, s.sh_offset, s.sh_size};
	}
}

int
elftext_load_bits(const char *path, struct elftext *et, unsigned bits)
{
	memset(et, 0, sizeof(*et));
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
		fclose(f);
		return -1;
	}
	et->image_len = (size_t)st.st_size;
	et->image = malloc(et->image_len);
	if (et->image == NULL || fread(et->image, 1, et->image_len, f) != et->image_len) {
		fclose(f);
		elftext_free(et);
		return -1;
	}
	fclose(f);

	/* The ELF header: class, machine and where the section headers are. */
	const unsigned char *id = et->image;
	uint64_t shoff;
	unsigned shnum, shentsize, machine;
	if (bits == 64) {
		Elf64_Ehdr eh;
		memcpy(&eh, et->image, sizeof(eh));
		shoff = eh.e_shoff, shnum = eh.e_shnum, shentsize = eh.e_shentsize, machine = eh.e_machine;
	} else {
		Elf32_Ehdr eh;
		memcpy(&eh, et->image, sizeof(eh));
		shoff = eh.e_shoff, shnum = eh.e_shnum, shentsize = eh.e_shentsize, machine = eh.e_machine;
	}
	const size_t want_ent = bits == 64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	if (memcmp(id, ELFMAG, SELFMAG) != 0 ||
	    id[EI_CLASS] != (bits == 64 ? ELFCLASS64 : ELFCLASS32) ||
	    machine != (bits == 64 ? EM_X86_64 : EM_386) || shentsize != want_ent || shoff == 0 ||
	    shoff > et->image_len || (uint64_t)shnum * want_ent > et->image_len - shoff) {
		elftext_free(et);
		return -1;
	}
	for (unsigned i = 0; i < shnum && et->nsec < 16; i++) {
		struct shdr sh;
		read_shdr(et->image + shoff + (size_t)i * want_ent, bits, &sh);
		if (sh.type != SHT_PROGBITS || !(sh.flags & SHF_EXECINSTR))
			continue;
		if (sh.offset > et->image_len || sh.size > et->image_len - sh.offset)
			continue;
		et->sec[et->nsec].bytes = et->image + sh.offset;
		et->sec[et->nsec].len = sh.size;
		et->sec[et->nsec].addr = sh.addr;
		et->nsec++;
	}
	return 0;
}

int
elftext_load(const char *path, struct elftext *et)
{
	return elftext_load_bits(path, et, 64);
}

void
elftext_free(struct elftext *et)
{
	free(et->image);
	memset(et, 0, sizeof(*et));
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

unsigned
elftext_find(const char *const *dirs, unsigned ndirs, unsigned bits, char **paths, unsigned max)
{
	unsigned n = 0;
	char *seen[16] = {0};
	for (unsigned d = 0; d < ndirs && d < 16 && n < max; d++) {
		/* /lib32 links to /usr/lib32 on merged-/usr systems: read each
		 * real folder once. */
		char *real = realpath(dirs[d], NULL);
		int dup = real == NULL;
		for (unsigned j = 0; j < d && !dup; j++)
			dup = seen[j] != NULL && strcmp(seen[j], real) == 0;
		seen[d] = real;
		DIR *dir = dup ? NULL : opendir(real);
		if (dir == NULL)
			continue;
		struct dirent *de;
		while ((de = readdir(dir)) != NULL && n < max) {
			if (de->d_name[0] == '.')
				continue;
			char *p;
			if (asprintf(&p, "%s/%s", real, de->d_name) < 0)
				continue;
			struct stat st;
			unsigned char ident[EI_NIDENT];
			FILE *f = NULL;
			if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 4096 &&
			    (f = fopen(p, "rb")) != NULL && fread(ident, 1, sizeof(ident), f) == sizeof(ident) &&
			    memcmp(ident, ELFMAG, SELFMAG) == 0 &&
			    ident[EI_CLASS] == (bits == 64 ? ELFCLASS64 : ELFCLASS32)) {
				paths[n++] = p;
				p = NULL;
			}
			if (f != NULL)
				fclose(f);
			free(p);
		}
		closedir(dir);
	}
	for (unsigned d = 0; d < ndirs && d < 16; d++)
		free(seen[d]);
	qsort(paths, n, sizeof(paths[0]), cmp_str);
	return n;
}

unsigned
elftext_find_system(char **paths, unsigned max)
{
	static const char *const dirs[] = {"/usr/lib/x86_64-linux-gnu", "/usr/bin", "/usr/sbin"};
	return elftext_find(dirs, 3, 64, paths, max);
}
