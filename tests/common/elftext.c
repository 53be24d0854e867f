/* Reads the executable sections of ELF64 x86-64 files (see elftext.h). */
#define _GNU_SOURCE
#include "elftext.h"

#include <dirent.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int
elftext_load(const char *path, struct elftext *et)
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

	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)et->image;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_machine != EM_X86_64 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    eh->e_shoff == 0 || eh->e_shoff > et->image_len ||
	    (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) > et->image_len - eh->e_shoff) {
		elftext_free(et);
		return -1;
	}
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(et->image + eh->e_shoff);
	for (unsigned i = 0; i < eh->e_shnum && et->nsec < 16; i++) {
		if (sh[i].sh_type != SHT_PROGBITS || !(sh[i].sh_flags & SHF_EXECINSTR))
			continue;
		if (sh[i].sh_offset > et->image_len || sh[i].sh_size > et->image_len - sh[i].sh_offset)
			continue;
		et->sec[et->nsec].bytes = et->image + sh[i].sh_offset;
		et->sec[et->nsec].len = sh[i].sh_size;
		et->sec[et->nsec].addr = sh[i].sh_addr;
		et->nsec++;
	}
	return 0;
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
elftext_find_system(char **paths, unsigned max)
{
	static const char *const dirs[] = {"/usr/lib/x86_64-linux-gnu", "/usr/bin", "/usr/sbin"};
	unsigned n = 0;
	for (unsigned d = 0; d < sizeof(dirs) / sizeof(dirs[0]) && n < max; d++) {
		DIR *dir = opendir(dirs[d]);
		if (dir == NULL)
			continue;
		struct dirent *de;
		while ((de = readdir(dir)) != NULL && n < max) {
			if (de->d_name[0] == '.')
				continue;
			char *p;
			if (asprintf(&p, "%s/%s", dirs[d], de->d_name) < 0)
				continue;
			struct stat st;
			unsigned char magic[4];
			FILE *f = NULL;
			if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 4096 &&
			    (f = fopen(p, "rb")) != NULL && fread(magic, 1, 4, f) == 4 &&
			    memcmp(magic, ELFMAG, 4) == 0) {
				paths[n++] = p;
				p = NULL;
			}
			if (f != NULL)
				fclose(f);
			free(p);
		}
		closedir(dir);
	}
	qsort(paths, n, sizeof(paths[0]), cmp_str);
	return n;
}
