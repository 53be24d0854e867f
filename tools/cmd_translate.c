/*
 * vie translate --batch: walk a guest's page tables the way the CPU would,
 * one JSON machine state per input line, one JSON result per output line
 * (DESIGN.md, "The vie command line").
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include <vie/vie.h>

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: vie translate --batch\n"
	    "\n"
	    "Translate guest linear addresses through guest page tables.  Each stdin\n"
	    "line is a JSON object:\n"
	    "  cr0 cr3 cr4 efer cpl rflags pkru pkrs maxphyaddr   (missing = 0;\n"
	    "                          maxphyaddr 0 = 52; the mode follows CR0/CR4/EFER)\n"
	    "  ram [{gpa, hex}]        guest RAM holding the page tables\n"
	    "  gla                     the linear address\n"
	    "  access                  \"read\" (default), \"write\" or \"fetch\"\n"
	    "  implicit                true: an implicit supervisor access (GDT, IDT, ...)\n"
	    "  stack                   true: a stack access (#SS instead of #GP)\n"
	    "  nofault                 true: check only, write no A/D bits\n"
	    "  page1gb                 false: a CPU without 1 GiB pages (default true)\n"
	    "  pdptes [4 numbers]      PAE only: the PDPTEs loaded at MOV CR3\n"
	    "Numbers are JSON integers or \"0x...\" strings.  Each output line has\n"
	    "status, gpa (on ok), exception {vector, errcode, cr2} (on a fault),\n"
	    "ad [{gpa, size, value}] (A/D updates written, in order), walk [{gpa,\n"
	    "value}] (the entries used, as read), page_size (on ok) and error (a\n"
	    "message when status is not ok or exception).\n");
}

#define MAX_AD 16

struct tr_range {
	uint64_t gpa;
	size_t len;
	uint8_t *buf;
};

struct tr_ctx {
	struct tr_range *ram;
	size_t nram;
	struct {
		uint64_t gpa;
		unsigned size;
		uint64_t value;
	} ad[MAX_AD];
	unsigned nad;
	int not_ram;          /* a callback found no RAM at not_ram_gpa */
	uint64_t not_ram_gpa;
};

static uint8_t *
find(struct tr_ctx *c, uint64_t gpa, size_t len)
{
	for (size_t i = 0; i < c->nram; i++) {
		struct tr_range *r = &c->ram[i];
		if (gpa >= r->gpa && gpa - r->gpa < r->len && len <= r->len - (gpa - r->gpa))
			return r->buf + (gpa - r->gpa);
	}
	if (!c->not_ram) {
		c->not_ram = 1;
		c->not_ram_gpa = gpa;
	}
	return NULL;
}

static void *
tr_map(void *ctx, uint64_t gpa, size_t len, int write)
{
	(void)write;
	return find(ctx, gpa, len);
}

static int
tr_cmpxchg(void *ctx, uint64_t gpa, unsigned size, uint64_t *expected, uint64_t desired)
{
	struct tr_ctx *c = ctx;
	uint8_t *p = find(c, gpa, size);
	if (p == NULL)
		return -1;
	uint64_t cur = 0;
	memcpy(&cur, p, size); /* little-endian host, as the guest */
	if (cur != *expected) {
		*expected = cur;
		return 1;
	}
	memcpy(p, &desired, size);
	if (c->nad < MAX_AD) {
		c->ad[c->nad].gpa = gpa;
		c->ad[c->nad].size = size;
		c->ad[c->nad].value = desired;
		c->nad++;
	}
	return 0;
}

static void
free_ram(struct tr_ctx *c)
{
	for (size_t i = 0; i < c->nram; i++)
		free(c->ram[i].buf);
	free(c->ram);
	c->ram = NULL;
	c->nram = 0;
}

/* Optional number field; missing = 0.  Returns 0 or -1 with *err set. */
static int
opt_u64(json_t *o, const char *key, uint64_t *out, const char **err)
{
	json_t *v = json_object_get(o, key);
	*out = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (cli_json_u64(v, out, err) < 0)
		return -1;
	return 0;
}

/* Optional boolean (true/false or 0/1); missing = dflt. */
static int
opt_bool(json_t *o, const char *key, int dflt, int *out, const char **err)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL || json_is_null(v)) {
		*out = dflt;
		return 0;
	}
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return 0;
	}
	if (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1)) {
		*out = (int)json_integer_value(v);
		return 0;
	}
	*err = "expected true or false";
	return -1;
}

static int
parse_ram(json_t *o, struct tr_ctx *c, char *msg, size_t msglen)
{
	json_t *ram = json_object_get(o, "ram");
	if (ram == NULL || json_is_null(ram))
		return 0;
	if (!json_is_array(ram)) {
		snprintf(msg, msglen, "ram: expected an array of {gpa, hex}");
		return -1;
	}
	size_t n = json_array_size(ram);
	c->ram = calloc(n ? n : 1, sizeof(*c->ram));
	if (c->ram == NULL) {
		snprintf(msg, msglen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(ram, i);
		const char *err = NULL;
		uint64_t gpa;
		json_t *hex = json_is_object(e) ? json_object_get(e, "hex") : NULL;
		if (!json_is_object(e) || cli_json_u64(json_object_get(e, "gpa"), &gpa, &err) < 0 ||
		    !json_is_string(hex)) {
			snprintf(msg, msglen, "ram[%zu]: expected {gpa, hex}%s%s", i,
			    err ? ": " : "", err ? err : "");
			return -1;
		}
		const char *s = json_string_value(hex);
		size_t max = strlen(s) / 2 + 1;
		uint8_t *buf = malloc(max);
		if (buf == NULL) {
			snprintf(msg, msglen, "out of memory");
			return -1;
		}
		long len = cli_parse_hex_bytes(s, buf, max);
		if (len < 0) {
			free(buf);
			snprintf(msg, msglen, "ram[%zu]: bad hex", i);
			return -1;
		}
		if (len > 0 && gpa + (uint64_t)len - 1 < gpa) {
			free(buf);
			snprintf(msg, msglen, "ram[%zu]: range wraps past 2^64", i);
			return -1;
		}
		c->ram[c->nram].gpa = gpa;
		c->ram[c->nram].len = (size_t)len;
		c->ram[c->nram].buf = buf;
		c->nram++;
	}
	return 0;
}

/* Fill the state and access from the line; -1 with msg on malformed input. */
static int
parse_line(json_t *o, struct vie_paging_state *st, uint64_t *gla, unsigned *acc,
    struct tr_ctx *c, char *msg, size_t msglen)
{
	static const char *const regs[] = { "cr0", "cr3", "cr4", "efer", "rflags",
		"cpl", "pkru", "pkrs", "maxphyaddr" };
	uint64_t v[9];
	const char *err = NULL;
	for (unsigned i = 0; i < 9; i++) {
		if (opt_u64(o, regs[i], &v[i], &err) < 0) {
			snprintf(msg, msglen, "%s: %s", regs[i], err);
			return -1;
		}
	}
	memset(st, 0, sizeof(*st));
	st->cr0 = v[0];
	st->cr3 = v[1];
	st->cr4 = v[2];
	st->efer = v[3];
	st->rflags = v[4];
	if (v[5] > 3) {
		snprintf(msg, msglen, "cpl: must be 0..3");
		return -1;
	}
	st->cpl = (uint8_t)v[5];
	if (v[6] > 0xffffffffu || v[7] > 0xffffffffu) {
		snprintf(msg, msglen, "pkru/pkrs: 32-bit registers");
		return -1;
	}
	st->pkru = (uint32_t)v[6];
	st->pkrs = (uint32_t)v[7];
	if (v[8] != 0 && (v[8] < 32 || v[8] > 52)) {
		snprintf(msg, msglen, "maxphyaddr: must be 32..52 (or 0 for 52)");
		return -1;
	}
	st->maxphyaddr = (uint8_t)v[8];

	int page1g, implicit, stack, nofault;
	if (opt_bool(o, "page1gb", 1, &page1g, &err) < 0 ||
	    opt_bool(o, "implicit", 0, &implicit, &err) < 0 ||
	    opt_bool(o, "stack", 0, &stack, &err) < 0 ||
	    opt_bool(o, "nofault", 0, &nofault, &err) < 0) {
		snprintf(msg, msglen, "page1gb/implicit/stack/nofault: %s", err);
		return -1;
	}
	st->flags = page1g ? VIE_PG_1G : 0;

	json_t *pd = json_object_get(o, "pdptes");
	if (pd != NULL && !json_is_null(pd)) {
		if (!json_is_array(pd) || json_array_size(pd) != 4) {
			snprintf(msg, msglen, "pdptes: expected 4 numbers");
			return -1;
		}
		for (unsigned i = 0; i < 4; i++) {
			if (cli_json_u64(json_array_get(pd, i), &st->pdpte[i], &err) < 0) {
				snprintf(msg, msglen, "pdptes[%u]: %s", i, err);
				return -1;
			}
		}
		st->flags |= VIE_PG_PDPTES;
	}

	json_t *g = json_object_get(o, "gla");
	if (g == NULL) {
		snprintf(msg, msglen, "gla: missing");
		return -1;
	}
	if (cli_json_u64(g, gla, &err) < 0) {
		snprintf(msg, msglen, "gla: %s", err);
		return -1;
	}

	json_t *a = json_object_get(o, "access");
	const char *as = a == NULL ? "read" : json_string_value(a);
	if (as == NULL) {
		snprintf(msg, msglen, "access: expected \"read\", \"write\" or \"fetch\"");
		return -1;
	}
	if (strcmp(as, "read") == 0)
		*acc = VIE_ACC_READ;
	else if (strcmp(as, "write") == 0)
		*acc = VIE_ACC_WRITE;
	else if (strcmp(as, "fetch") == 0)
		*acc = VIE_ACC_FETCH;
	else {
		snprintf(msg, msglen, "access: expected \"read\", \"write\" or \"fetch\"");
		return -1;
	}
	if (implicit)
		*acc |= VIE_ACC_IMPLICIT;
	if (stack)
		*acc |= VIE_ACC_STACK;
	if (nofault)
		*acc |= VIE_ACC_NOFAULT;
	return parse_ram(o, c, msg, msglen);
}

static void
translate_line(const char *line)
{
	json_error_t jerr;
	json_t *o = json_loads(line, 0, &jerr);
	if (o == NULL || !json_is_object(o)) {
		char msg[256];
		snprintf(msg, sizeof(msg), "bad JSON: %s", o == NULL ? jerr.text : "not an object");
		cli_emit_error(msg);
		json_decref(o);
		return;
	}
	struct tr_ctx c;
	memset(&c, 0, sizeof(c));
	struct vie_paging_state st;
	uint64_t gla = 0;
	unsigned acc = 0;
	char msg[256];
	if (parse_line(o, &st, &gla, &acc, &c, msg, sizeof(msg)) < 0) {
		cli_emit_error(msg);
		free_ram(&c);
		json_decref(o);
		return;
	}
	json_decref(o);

	static const struct vie_guest_mem_ops ops = { tr_map, NULL, tr_cmpxchg };
	uint64_t gpa = 0;
	struct vie_exception exc;
	struct vie_walk walk;
	memset(&exc, 0, sizeof(exc));
	int r = vie_walk(&st, &ops, &c, gla, acc, &gpa, &exc, &walk);

	json_t *out = json_object();
	json_object_set_new(out, "status", json_string(vie_status_name(r)));
	if (r == VIE_OK) {
		json_object_set_new(out, "gpa", cli_hex(gpa));
		json_object_set_new(out, "page_size",
		    cli_hex(walk.page_shift ? 1ull << walk.page_shift : 0));
	}
	if (r == VIE_EXCEPTION) {
		json_t *e = json_object();
		json_object_set_new(e, "vector", cli_hex(exc.vector));
		json_object_set_new(e, "errcode", cli_hex(exc.errcode));
		json_object_set_new(e, "cr2", cli_hex(exc.cr2));
		json_object_set_new(out, "exception", e);
	}
	json_t *ad = json_array();
	for (unsigned i = 0; i < c.nad; i++) {
		json_t *e = json_object();
		json_object_set_new(e, "gpa", cli_hex(c.ad[i].gpa));
		json_object_set_new(e, "size", cli_hex(c.ad[i].size));
		json_object_set_new(e, "value", cli_hex(c.ad[i].value));
		json_array_append_new(ad, e);
	}
	json_object_set_new(out, "ad", ad);
	if (r != VIE_BAD_ARGUMENT) {
		json_t *wk = json_array();
		for (unsigned i = 0; i < walk.levels; i++) {
			json_t *e = json_object();
			json_object_set_new(e, "gpa", cli_hex(walk.entry[i].gpa));
			json_object_set_new(e, "value", cli_hex(walk.entry[i].value));
			json_array_append_new(wk, e);
		}
		json_object_set_new(out, "walk", wk);
	}
	if (r == VIE_CALLBACK && c.not_ram) {
		snprintf(msg, sizeof(msg), "guest-physical 0x%llx is not in any ram range",
		    (unsigned long long)c.not_ram_gpa);
		json_object_set_new(out, "error", json_string(msg));
	} else if (r == VIE_RESTART) {
		json_object_set_new(out, "error", json_string("A/D update kept losing its race"));
	} else if (r == VIE_BAD_ARGUMENT) {
		json_object_set_new(out, "error",
		    json_string("impossible state (e.g. long mode without CR4.PAE)"));
	}
	cli_emit(out);
	json_decref(out);
	free_ram(&c);
}

int
cmd_translate(int argc, char **argv)
{
	int batch = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--batch") == 0) {
			batch = 1;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "vie translate: unknown argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (!batch) {
		usage(stderr);
		return 2;
	}
	char *line = NULL;
	size_t cap = 0;
	long n;
	while ((n = cli_getline(&line, &cap, stdin)) >= 0) {
		if (n == 0)
			continue;
		translate_line(line);
	}
	free(line);
	return 0;
}
