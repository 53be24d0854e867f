/* Instruction corpora for the decode benchmark (see corpus.h). */
#define _GNU_SOURCE
#include "corpus.h"

#include <dirent.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "elftext.h"

uint64_t
bench_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL) {
		fprintf(stderr, "vie-bench-decode: out of memory\n");
		exit(2);
	}
	return p;
}

static void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);
	if (p == NULL) {
		fprintf(stderr, "vie-bench-decode: out of memory\n");
		exit(2);
	}
	return p;
}

static void
zydis_init_for(ZydisDecoder *dec, const struct corpus *c)
{
	if (ZYAN_FAILED(ZydisDecoderInit(dec, c->zmode, c->zwidth))) {
		fprintf(stderr, "vie-bench-decode: ZydisDecoderInit failed\n");
		exit(2);
	}
}

void
corpus_init(struct corpus *c, const char *name, enum vm_cpu_mode mode, int cs_d)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->mode = mode;
	c->cs_d = cs_d;
	if (mode == CPU_MODE_64BIT) {
		c->zmode = ZYDIS_MACHINE_MODE_LONG_64;
		c->zwidth = ZYDIS_STACK_WIDTH_64;
	} else if (mode == CPU_MODE_REAL) {
		c->zmode = ZYDIS_MACHINE_MODE_REAL_16;
		c->zwidth = ZYDIS_STACK_WIDTH_16;
	} else if (cs_d) {
		c->zmode = mode == CPU_MODE_COMPATIBILITY ? ZYDIS_MACHINE_MODE_LONG_COMPAT_32 :
		    ZYDIS_MACHINE_MODE_LEGACY_32;
		c->zwidth = ZYDIS_STACK_WIDTH_32;
	} else {
		c->zmode = mode == CPU_MODE_COMPATIBILITY ? ZYDIS_MACHINE_MODE_LONG_COMPAT_16 :
		    ZYDIS_MACHINE_MODE_LEGACY_16;
		c->zwidth = ZYDIS_STACK_WIDTH_16;
	}
	c->nslot = 1u << 12;
	c->slot = xcalloc(c->nslot, sizeof(c->slot[0]));
}

void
corpus_free(struct corpus *c)
{
	free(c->e);
	free(c->slot);
	for (unsigned i = 0; i < c->nfamily; i++)
		free((char *)c->family_name[i]);
	memset(c, 0, sizeof(*c));
}

static uint64_t
hash_bytes(const uint8_t *p, unsigned len)
{
	uint64_t h = 0xcbf29ce484222325ull ^ len;
	for (unsigned i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h ^ (h >> 29);
}

static void
rehash(struct corpus *c)
{
	free(c->slot);
	c->nslot *= 2;
	c->slot = xcalloc(c->nslot, sizeof(c->slot[0]));
	for (size_t i = 0; i < c->n; i++) {
		size_t h = hash_bytes(c->e[i].bytes, c->e[i].len) & (c->nslot - 1);
		while (c->slot[h] != 0)
			h = (h + 1) & (c->nslot - 1);
		c->slot[h] = (uint32_t)(i + 1);
	}
}

static unsigned
family_id(struct corpus *c, const char *name)
{
	for (unsigned i = 0; i < c->nfamily; i++)
		if (strcmp(c->family_name[i], name) == 0)
			return i;
	if (c->nfamily == CORPUS_MAX_FAMILIES) {
		fprintf(stderr, "vie-bench-decode: more than %d families\n", CORPUS_MAX_FAMILIES);
		exit(2);
	}
	c->family_name[c->nfamily] = strdup(name);
	if (c->family_name[c->nfamily] == NULL)
		exit(2);
	return c->nfamily++;
}

static void
corpus_add(struct corpus *c, const uint8_t *p, unsigned len, const char *family,
    uint32_t count, int synthetic)
{
	if ((c->n + 1) * 2 > c->nslot)
		rehash(c);
	size_t h = hash_bytes(p, len) & (c->nslot - 1);
	while (c->slot[h] != 0) {
		struct corpus_entry *e = &c->e[c->slot[h] - 1];
		if (e->len == len && memcmp(e->bytes, p, len) == 0) {
			e->count += count;
			c->total += count;
			c->kept += count;
			return;
		}
		h = (h + 1) & (c->nslot - 1);
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		struct corpus_entry *ne = realloc(c->e, c->cap * sizeof(*ne));
		if (ne == NULL)
			exit(2);
		c->e = ne;
	}
	struct corpus_entry *e = &c->e[c->n];
	memset(e, 0, sizeof(*e));
	memcpy(e->bytes, p, len);
	e->len = (uint8_t)len;
	e->count = count;
	e->family = (uint16_t)family_id(c, family);
	e->synthetic = (uint8_t)synthetic;
	c->slot[h] = (uint32_t)++c->n;
	c->total += count;
	c->kept += count;
	if (synthetic)
		c->synthetic++;
}

/*
 * The family of an instruction: its Zydis mnemonic, with the condition
 * codes of CMOVcc/SETcc and the width suffix of string instructions
 * folded, so "each family equally weighted" means each instruction kind.
 */
static void
family_of(const ZydisDecodedInstruction *insn, char *out, size_t cap)
{
	const char *m = ZydisMnemonicGetString(insn->mnemonic);
	if (m == NULL)
		m = "?";
	if (insn->meta.category == ZYDIS_CATEGORY_CMOV)
		snprintf(out, cap, "cmovcc");
	else if (insn->meta.category == ZYDIS_CATEGORY_SETCC)
		snprintf(out, cap, "setcc");
	else if (insn->meta.category == ZYDIS_CATEGORY_STRINGOP ||
	    insn->meta.category == ZYDIS_CATEGORY_IOSTRINGOP) {
		size_t n = strlen(m);
		snprintf(out, cap, "%.*s", (int)(n > 1 ? n - 1 : n), m);
	} else
		snprintf(out, cap, "%s", m);
}

/* Address generation and hints have memory-shaped operands that access
 * nothing; the brief excludes them even if a decoder accepted them. */
static int
nop_like(const char *fam)
{
	return strcmp(fam, "lea") == 0 || strcmp(fam, "nop") == 0 ||
	    strncmp(fam, "prefetch", 8) == 0 || strcmp(fam, "bndmk") == 0;
}

enum verdict { V_KEEP, V_VIE_REJECTS, V_NOMEM, V_LEN, V_ZYDIS_REJECTS };

/* vie has accepted p (length vie_len); does Zydis agree it is a memory
 * instruction of that length? */
static enum verdict
classify(const ZydisDecoder *dec, ZydisDecoderContext *ctx, const ZydisDecodedInstruction *insn,
    unsigned vie_len, char *fam, size_t famcap)
{
	ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
	if (ZYAN_FAILED(ZydisDecoderDecodeOperands(dec, ctx, insn, ops, insn->operand_count)))
		return V_ZYDIS_REJECTS;
	int mem = 0;
	for (unsigned i = 0; i < insn->operand_count; i++)
		if (ops[i].type == ZYDIS_OPERAND_TYPE_MEMORY && ops[i].mem.type == ZYDIS_MEMOP_TYPE_MEM)
			mem = 1;
	family_of(insn, fam, famcap);
	if (!mem || nop_like(fam))
		return V_NOMEM;
	if (insn->length != vie_len)
		return V_LEN;
	return V_KEEP;
}

void
corpus_merge(struct corpus *dst, const struct corpus *src)
{
	for (size_t i = 0; i < src->n; i++)
		corpus_add(dst, src->e[i].bytes, src->e[i].len, src->family_name[src->e[i].family],
		    src->e[i].count, src->e[i].synthetic);
}

/* Linear sweep of one executable section. */
static void
sweep(struct corpus *c, const ZydisDecoder *dec, const uint8_t *p, size_t len)
{
	size_t off = 0;
	while (off < len) {
		size_t avail = len - off;
		if (avail > 15)
			avail = 15;
		ZydisDecoderContext ctx;
		ZydisDecodedInstruction insn;
		if (ZYAN_FAILED(ZydisDecoderDecodeInstruction(dec, &ctx, p + off, avail, &insn))) {
			c->zydis_bad++;
			off++;
			continue;
		}
		c->insns++;
		struct vie v;
		if (vie_decode(&v, p + off, avail, c->mode, c->cs_d) == VIE_OK) {
			char fam[32];
			c->vie_ok++;
			switch (classify(dec, &ctx, &insn, v.num_processed, fam, sizeof(fam))) {
			case V_KEEP:
				corpus_add(c, p + off, insn.length, fam, 1, 0);
				break;
			case V_NOMEM:
				c->vie_ok_nomem++;
				break;
			case V_LEN:
				c->len_mismatch++;
				break;
			default:
				break;
			}
		}
		off += insn.length;
	}
}

static void
harvest_files(struct corpus *c, char **paths, unsigned np, const struct harvest_opts *o,
    int (*load)(const char *, struct elftext *))
{
	ZydisDecoder dec;
	zydis_init_for(&dec, c);
	/* Shuffle the (name-sorted) file list so the budget samples all of
	 * the system rather than the alphabetical head. */
	unsigned *order = xmalloc((np ? np : 1) * sizeof(*order));
	for (unsigned i = 0; i < np; i++)
		order[i] = i;
	uint64_t st = o->seed;
	for (unsigned i = np; i > 1; i--) {
		unsigned j = (unsigned)(bench_rand(&st) % i);
		unsigned t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	for (unsigned k = 0; k < np && c->text_bytes < o->budget; k++) {
		struct elftext et;
		if (load(paths[order[k]], &et) != 0)
			continue;
		uint64_t taken = 0;
		for (unsigned s = 0; s < et.nsec; s++) {
			uint64_t n = et.sec[s].len;
			if (n > o->per_file - taken)
				n = o->per_file - taken;
			if (n > o->budget - c->text_bytes)
				n = o->budget - c->text_bytes;
			sweep(c, &dec, et.sec[s].bytes, (size_t)n);
			taken += n;
			c->text_bytes += n;
		}
		if (taken > 0)
			c->files++;
		elftext_free(&et);
	}
	free(order);
}

void
corpus_harvest64(struct corpus *c, const struct harvest_opts *o)
{
	enum { MAXF = 8192 };
	char **paths = xcalloc(MAXF, sizeof(*paths));
	unsigned np = elftext_find_system(paths, MAXF);
	harvest_files(c, paths, np, o, elftext_load);
	for (unsigned i = 0; i < np; i++)
		free(paths[i]);
	free(paths);
}

/* i386 files for the 32-bit mix. */
static int
elf32_load(const char *path, struct elftext *et)
{
	return elftext_load_bits(path, et, 32);
}

unsigned
corpus_harvest32(struct corpus *c, const struct harvest_opts *o)
{
	const char *const dirs[] = {o->dir ? o->dir : "/lib32", o->dir ? o->dir : "/usr/lib32"};
	enum { MAXF = 1024 };
	char *paths[MAXF];
	unsigned np = elftext_find(dirs, 2, 32, paths, MAXF);
	harvest_files(c, paths, np, o, elf32_load);
	for (unsigned i = 0; i < np; i++)
		free(paths[i]);
	return np;
}

void
corpus_from64(struct corpus *c32, const struct corpus *c64)
{
	ZydisDecoder dec;
	zydis_init_for(&dec, c32);
	for (size_t i = 0; i < c64->n; i++) {
		const struct corpus_entry *e = &c64->e[i];
		struct vie v;
		ZydisDecoderContext ctx;
		ZydisDecodedInstruction insn;
		if (vie_decode(&v, e->bytes, e->len, c32->mode, c32->cs_d) != VIE_OK ||
		    v.num_processed != e->len ||
		    ZYAN_FAILED(ZydisDecoderDecodeInstruction(&dec, &ctx, e->bytes, e->len, &insn)))
			continue;
		char fam[32];
		if (classify(&dec, &ctx, &insn, v.num_processed, fam, sizeof(fam)) == V_KEEP)
			corpus_add(c32, e->bytes, e->len, fam, e->count, 0);
	}
	c32->files = c64->files;
	c32->text_bytes = c64->text_bytes;
	snprintf(c32->note, sizeof(c32->note),
	    "fallback: no i386 code found (apt-get install -y libc6-i386); using the 64-bit "
	    "corpus entries that decode to the same length in 32-bit protected mode");
}

/*
 * Synthetic encodings.  One template per opcode of the decoder contract;
 * the generator fills ModRM (memory forms), SIB, displacement, immediate
 * and optional REX with random bytes and keeps what both decoders accept
 * as a memory instruction of the same length.
 */
enum { T_MODRM, T_NOMODRM, T_VEX };
struct tmpl {
	uint8_t pfx;   /* mandatory/REP prefix or 0 */
	uint8_t map;   /* 0: one byte, 1: 0F, 2: 0F 38 */
	uint8_t op;
	int8_t reg;    /* ModRM.reg, -1 for any */
	uint8_t kind;
};

static const struct tmpl templates[] = {
	/* MOV, MOVZX/MOVSX/MOVSXD, MOVBE, XCHG */
	{0, 0, 0x88, -1, T_MODRM}, {0, 0, 0x89, -1, T_MODRM}, {0, 0, 0x8a, -1, T_MODRM},
	{0, 0, 0x8b, -1, T_MODRM}, {0, 0, 0x8c, -1, T_MODRM}, {0, 0, 0xa0, -1, T_NOMODRM},
	{0, 0, 0xa1, -1, T_NOMODRM}, {0, 0, 0xa2, -1, T_NOMODRM}, {0, 0, 0xa3, -1, T_NOMODRM},
	{0, 0, 0xc6, 0, T_MODRM}, {0, 0, 0xc7, 0, T_MODRM},
	{0, 1, 0xb6, -1, T_MODRM}, {0, 1, 0xb7, -1, T_MODRM}, {0, 1, 0xbe, -1, T_MODRM},
	{0, 1, 0xbf, -1, T_MODRM}, {0, 0, 0x63, -1, T_MODRM},
	{0, 2, 0xf0, -1, T_MODRM}, {0, 2, 0xf1, -1, T_MODRM},
	{0, 0, 0x86, -1, T_MODRM}, {0, 0, 0x87, -1, T_MODRM},
	/* CMOVcc, SETcc (one representative each; the family folds cc) */
	{0, 1, 0x44, -1, T_MODRM}, {0, 1, 0x94, 0, T_MODRM},
	/* ALU r/m forms and groups 1, 2, 3, 4, 5 */
	{0, 0, 0x00, -1, T_MODRM}, {0, 0, 0x09, -1, T_MODRM}, {0, 0, 0x12, -1, T_MODRM},
	{0, 0, 0x1b, -1, T_MODRM}, {0, 0, 0x21, -1, T_MODRM}, {0, 0, 0x29, -1, T_MODRM},
	{0, 0, 0x33, -1, T_MODRM}, {0, 0, 0x39, -1, T_MODRM},
	{0, 0, 0x80, -1, T_MODRM}, {0, 0, 0x81, -1, T_MODRM}, {0, 0, 0x83, -1, T_MODRM},
	{0, 0, 0x84, -1, T_MODRM}, {0, 0, 0x85, -1, T_MODRM},
	{0, 0, 0xf6, -1, T_MODRM}, {0, 0, 0xf7, -1, T_MODRM},
	{0, 1, 0xaf, -1, T_MODRM}, {0, 0, 0x69, -1, T_MODRM}, {0, 0, 0x6b, -1, T_MODRM},
	{0, 0, 0xfe, -1, T_MODRM}, {0, 0, 0xff, 0, T_MODRM}, {0, 0, 0xff, 1, T_MODRM},
	{0, 0, 0xff, 6, T_MODRM}, {0, 0, 0x8f, 0, T_MODRM},
	{0, 0, 0xc0, -1, T_MODRM}, {0, 0, 0xc1, -1, T_MODRM}, {0, 0, 0xd0, -1, T_MODRM},
	{0, 0, 0xd1, -1, T_MODRM}, {0, 0, 0xd2, -1, T_MODRM}, {0, 0, 0xd3, -1, T_MODRM},
	/* bit tests, CMPXCHG, XADD, CMPXCHG8B/16B */
	{0, 1, 0xa3, -1, T_MODRM}, {0, 1, 0xab, -1, T_MODRM}, {0, 1, 0xb3, -1, T_MODRM},
	{0, 1, 0xbb, -1, T_MODRM}, {0, 1, 0xba, -1, T_MODRM},
	{0, 1, 0xb0, -1, T_MODRM}, {0, 1, 0xb1, -1, T_MODRM}, {0, 1, 0xc0, -1, T_MODRM},
	{0, 1, 0xc1, -1, T_MODRM}, {0, 1, 0xc7, 1, T_MODRM},
	/* string instructions, plain and with REP */
	{0, 0, 0xa4, -1, T_NOMODRM}, {0xf3, 0, 0xa5, -1, T_NOMODRM}, {0xf3, 0, 0xa6, -1, T_NOMODRM},
	{0, 0, 0xa7, -1, T_NOMODRM}, {0xf3, 0, 0xaa, -1, T_NOMODRM}, {0, 0, 0xab, -1, T_NOMODRM},
	{0, 0, 0xac, -1, T_NOMODRM}, {0, 0, 0xad, -1, T_NOMODRM}, {0xf2, 0, 0xae, -1, T_NOMODRM},
	{0, 0, 0xaf, -1, T_NOMODRM}, {0xf3, 0, 0x6c, -1, T_NOMODRM}, {0, 0, 0x6d, -1, T_NOMODRM},
	{0xf3, 0, 0x6e, -1, T_NOMODRM}, {0, 0, 0x6f, -1, T_NOMODRM},
	/* cache line flushes */
	{0, 1, 0xae, 7, T_MODRM}, {0x66, 1, 0xae, 7, T_MODRM}, {0x66, 1, 0xae, 6, T_MODRM},
	/* SSE/MMX data moves */
	{0, 1, 0x10, -1, T_MODRM}, {0x66, 1, 0x11, -1, T_MODRM}, {0xf3, 1, 0x10, -1, T_MODRM},
	{0xf2, 1, 0x11, -1, T_MODRM}, {0, 1, 0x28, -1, T_MODRM}, {0x66, 1, 0x29, -1, T_MODRM},
	{0x66, 1, 0x6f, -1, T_MODRM}, {0xf3, 1, 0x7f, -1, T_MODRM}, {0, 1, 0x6e, -1, T_MODRM},
	{0x66, 1, 0x7e, -1, T_MODRM}, {0x66, 1, 0xd6, -1, T_MODRM}, {0xf3, 1, 0x7e, -1, T_MODRM},
	{0, 1, 0x6f, -1, T_MODRM}, {0, 1, 0xc3, -1, T_MODRM}, {0, 1, 0x2b, -1, T_MODRM},
	{0x66, 1, 0x2b, -1, T_MODRM}, {0x66, 1, 0xe7, -1, T_MODRM}, {0x66, 2, 0x2a, -1, T_MODRM},
	/* VEX forms: pfx is VEX.pp's prefix */
	{0, 1, 0x10, -1, T_VEX}, {0x66, 1, 0x11, -1, T_VEX}, {0xf3, 1, 0x10, -1, T_VEX},
	{0xf2, 1, 0x11, -1, T_VEX}, {0, 1, 0x28, -1, T_VEX}, {0x66, 1, 0x29, -1, T_VEX},
	{0xf3, 1, 0x6f, -1, T_VEX}, {0x66, 1, 0x7f, -1, T_VEX}, {0x66, 1, 0x6e, -1, T_VEX},
	{0x66, 1, 0x7e, -1, T_VEX}, {0xf3, 1, 0x7e, -1, T_VEX}, {0x66, 1, 0xd6, -1, T_VEX},
	{0x66, 1, 0xe7, -1, T_VEX}, {0, 1, 0x2b, -1, T_VEX}, {0x66, 2, 0x2a, -1, T_VEX},
	{0, 2, 0xf7, -1, T_VEX},
};

static unsigned
pp_of(uint8_t pfx)
{
	return pfx == 0x66 ? 1 : pfx == 0xf3 ? 2 : pfx == 0xf2 ? 3 : 0;
}

/* One random encoding of template t into buf (15 bytes). */
static void
gen_one(const struct tmpl *t, uint64_t *st, uint8_t buf[15], int mode64)
{
	uint64_t r = bench_rand(st);
	unsigned n = 0;
	if (t->kind == T_VEX) {
		unsigned vvvv = t->op == 0xf7 ? (unsigned)(r >> 8) & 15 : 0;
		unsigned rxb = mode64 ? (unsigned)(r >> 12) & 7 : 0;
		buf[n++] = 0xc4;
		buf[n++] = (uint8_t)(((~rxb & 7) << 5) | (t->map == 2 ? 2 : 1));
		buf[n++] = (uint8_t)(((r >> 16) & 1) << 7 | ((~vvvv & 15) << 3) |
		    (((r >> 17) & 1) << 2) | pp_of(t->pfx));
		buf[n++] = t->op;
	} else {
		if (t->pfx != 0)
			buf[n++] = t->pfx;
		if (mode64 && (r & 1))
			buf[n++] = (uint8_t)(0x40 | ((r >> 1) & 15));
		if (t->map >= 1)
			buf[n++] = 0x0f;
		if (t->map == 2)
			buf[n++] = 0x38;
		buf[n++] = t->op;
	}
	if (t->kind != T_NOMODRM) {
		unsigned mod = (unsigned)(r >> 20) % 3; /* memory forms only */
		unsigned reg = t->reg >= 0 ? (unsigned)t->reg : (unsigned)(r >> 24) & 7;
		unsigned rm = (unsigned)(r >> 28) & 7;
		buf[n++] = (uint8_t)(mod << 6 | reg << 3 | rm);
	}
	while (n < 15)
		buf[n++] = (uint8_t)bench_rand(st);
}

void
corpus_synthesize_missing(struct corpus *c, const struct corpus *have, uint64_t seed)
{
	ZydisDecoder dec;
	zydis_init_for(&dec, c);
	uint64_t st = seed;
	int mode64 = c->mode == CPU_MODE_64BIT;
	for (size_t t = 0; t < sizeof(templates) / sizeof(templates[0]); t++) {
		unsigned kept = 0;
		for (unsigned tries = 0; tries < 400 && kept < 16; tries++) {
			uint8_t buf[15];
			gen_one(&templates[t], &st, buf, mode64);
			struct vie v;
			ZydisDecoderContext ctx;
			ZydisDecodedInstruction insn;
			if (vie_decode(&v, buf, sizeof(buf), c->mode, c->cs_d) != VIE_OK ||
			    ZYAN_FAILED(ZydisDecoderDecodeInstruction(&dec, &ctx, buf, sizeof(buf), &insn)))
				continue;
			char fam[32];
			if (classify(&dec, &ctx, &insn, v.num_processed, fam, sizeof(fam)) != V_KEEP)
				continue;
			int present = 0;
			for (unsigned f = 0; f < have->nfamily && !present; f++)
				present = strcmp(have->family_name[f], fam) == 0;
			if (present)
				continue; /* real code has this family: no synthetic stand-in */
			corpus_add(c, buf, insn.length, fam, 1, 1);
			kept++;
		}
	}
}

static const uint64_t *sort_rem;

/* Larger remainder first; ties to the lower index, for determinism. */
static int
cmp_rem(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	if (sort_rem[i] != sort_rem[j])
		return sort_rem[i] > sort_rem[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* Largest-remainder apportionment of 'slots' among m entries by weight. */
static void
apportion(const uint64_t *w, size_t m, size_t slots, uint32_t *q)
{
	uint64_t total = 0;
	for (size_t i = 0; i < m; i++)
		total += w[i];
	if (total == 0 || m == 0)
		return;
	size_t given = 0;
	uint64_t *rem = xmalloc(m * sizeof(*rem));
	size_t *order = xmalloc(m * sizeof(*order));
	for (size_t i = 0; i < m; i++) {
		unsigned __int128 x = (unsigned __int128)w[i] * slots;
		q[i] = (uint32_t)(x / total);
		rem[i] = (uint64_t)(x % total);
		order[i] = i;
		given += q[i];
	}
	/* Fewer than m slots are left: one each to the largest remainders. */
	sort_rem = rem;
	qsort(order, m, sizeof(*order), cmp_rem);
	for (size_t k = 0; given < slots; k++, given++)
		q[order[k]]++;
	free(order);
	free(rem);
}

/* Lay out the chosen entry indices (shuffled) as a stream. */
static int
stream_layout(struct stream *s, const struct corpus *c, uint32_t *idx, size_t n, uint64_t seed)
{
	uint64_t st = seed;
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(bench_rand(&st) % i);
		uint32_t t = idx[i - 1];
		idx[i - 1] = idx[j];
		idx[j] = t;
	}
	memset(s, 0, sizeof(*s));
	s->name = c->name;
	s->mode = c->mode;
	s->cs_d = c->cs_d;
	s->zmode = c->zmode;
	s->zwidth = c->zwidth;
	size_t nbytes = 0;
	for (size_t i = 0; i < n; i++)
		nbytes += c->e[idx[i]].len;
	s->bytes = xcalloc(nbytes + 15, 1);
	s->lenat = xcalloc(nbytes + 15, 1);
	s->off = xmalloc((n ? n : 1) * sizeof(*s->off));
	s->fam = xmalloc((n ? n : 1) * sizeof(*s->fam));
	uint8_t *seen = xcalloc(c->n, 1);
	uint8_t *famseen = xcalloc(CORPUS_MAX_FAMILIES, 1);
	size_t off = 0;
	for (size_t i = 0; i < n; i++) {
		const struct corpus_entry *e = &c->e[idx[i]];
		memcpy(s->bytes + off, e->bytes, e->len);
		s->lenat[off] = e->len;
		s->fam[i] = e->family;
		s->off[i] = (uint32_t)off;
		off += e->len;
		if (!seen[idx[i]]) {
			seen[idx[i]] = 1;
			s->distinct++;
		}
		if (!famseen[e->family]) {
			famseen[e->family] = 1;
			s->families++;
		}
	}
	free(seen);
	free(famseen);
	s->nbytes = nbytes;
	s->n = n;
	return n > 0 ? 0 : -1;
}

int
stream_by_count(struct stream *s, const struct corpus *c, size_t n, uint64_t seed)
{
	memset(s, 0, sizeof(*s));
	if (c->n == 0)
		return -1;
	uint64_t *w = xmalloc(c->n * sizeof(*w));
	uint32_t *q = xcalloc(c->n, sizeof(*q));
	for (size_t i = 0; i < c->n; i++)
		w[i] = c->e[i].count;
	apportion(w, c->n, n, q);
	uint32_t *idx = xmalloc(n * sizeof(*idx));
	size_t k = 0;
	for (size_t i = 0; i < c->n; i++)
		for (uint32_t j = 0; j < q[i]; j++)
			idx[k++] = (uint32_t)i;
	int rc = stream_layout(s, c, idx, k, seed);
	free(idx);
	free(q);
	free(w);
	return rc;
}

int
stream_by_family(struct stream *s, const struct corpus *c, size_t n, uint64_t seed)
{
	memset(s, 0, sizeof(*s));
	if (c->n == 0 || c->nfamily == 0)
		return -1;
	uint32_t *idx = xmalloc(n * sizeof(*idx));
	uint64_t *w = xmalloc(c->n * sizeof(*w));
	uint32_t *q = xcalloc(c->n, sizeof(*q));
	uint32_t *members = xmalloc(c->n * sizeof(*members));
	size_t k = 0;
	for (unsigned f = 0; f < c->nfamily; f++) {
		size_t share = n / c->nfamily + (f < n % c->nfamily ? 1 : 0);
		size_t m = 0;
		for (size_t i = 0; i < c->n; i++)
			if (c->e[i].family == f) {
				members[m] = (uint32_t)i;
				w[m++] = c->e[i].count;
			}
		memset(q, 0, m * sizeof(*q));
		apportion(w, m, share, q);
		for (size_t i = 0; i < m; i++)
			for (uint32_t j = 0; j < q[i]; j++)
				idx[k++] = members[i];
	}
	int rc = stream_layout(s, c, idx, k, seed);
	free(members);
	free(q);
	free(w);
	free(idx);
	return rc;
}

void
stream_free(struct stream *s)
{
	free(s->bytes);
	free(s->lenat);
	free(s->fam);
	free(s->off);
	memset(s, 0, sizeof(*s));
}
