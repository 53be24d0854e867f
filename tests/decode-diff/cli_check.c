/*
 * cli_check VIE: pipes batches of hex lines through `VIE decode --batch`
 * in every mode and checks, line by line, that the JSON parses, that the
 * output keeps the input's order and count, that malformed lines give
 * {"status":"error"}, and that the fields agree with Zydis 4.0 for the
 * same bytes (mnemonic, len, sizes, mem, reg, imm, prefixes).
 */
#define _GNU_SOURCE
#include "oracle.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned failures, checked_ok, checked_err;

#define BAD(...) do { \
	if (failures < 60) { \
		printf("FAIL mode %s line %u [%s]: ", mname, lineno, hex); \
		printf(__VA_ARGS__); \
		printf("\n"); \
	} \
	failures++; \
	return; \
} while (0)

static uint64_t rng = 0x1234abcd5678ef01u;

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * UINT64_C(2685821657736338717);
}

/* Curated lines: one or more of each family, some failures, comments. */
static const char *const curated[] = {
	"8b 04 24", "48 89 44 24 08", "64 48 8b 04 25 28 00 00 00", "88 84 8d 00 01 00 00",
	"8c 18", "a1 88 77 66 55 44 33 22 11", "67 a3 00 00 00 80", "c6 40 10 ff",
	"66 c7 00 34 12", "48 c7 80 80 00 00 00 ff ff ff ff", "0f b6 04 0a", "0f bf 40 fe",
	"48 63 04 8b", "0f 38 f0 07", "66 0f 38 f1 07", "87 18", "f0 86 06", "0f 44 03",
	"0f 94 00", "01 18", "f0 29 0d 78 56 34 12", "3b 44 24 fc", "83 28 01", "81 30 ff 00 00 00",
	"80 38 7f", "85 06", "f6 00 01", "f7 18", "f7 38", "0f af 07", "69 00 10 00 00 00",
	"6b 00 fe", "fe 00", "f0 ff 08", "c1 20 03", "d3 38", "d0 08", "0f a3 07", "0f ba 28 05",
	"f0 0f b1 0f", "f0 0f c1 07", "0f c7 0e", "48 0f c7 0e", "ff 30", "8f 00", "f3 a4",
	"f3 48 a5", "f2 ae", "f3 a6", "aa", "66 ad", "6c", "f3 6f", "26 a4", "0f ae 38",
	"66 0f ae 38", "66 0f ae 30", "0f 10 00", "66 0f 11 00", "f3 0f 10 00", "f2 0f 11 40 10",
	"0f 28 00", "66 0f 29 00", "66 0f 6f 00", "f3 0f 7f 00", "0f 6f 00", "0f 7e 00",
	"66 0f 6e 00", "66 48 0f 7e 00", "66 0f d6 00", "f3 0f 7e 00", "0f c3 00", "0f 2b 00",
	"66 0f e7 00", "66 0f 38 2a 00", "c5 f8 10 00", "c5 fc 11 00", "c5 fa 10 00",
	"c5 f9 6f 00", "c5 fe 7f 00", "c5 f9 6e 00", "c4 e1 f9 7e 00", "c5 f9 d6 00",
	"c5 fd e7 00", "c4 e2 79 2a 00", "c4 e2 78 f7 00", "c4 e2 f8 f7 04 24",
	"8b 05 78 56 34 12", "67 8b 05 78 56 34 12", "8b 00\tthis comment is ignored",
	"8b", "f0 8b 00", "0f 0b", "90", "e8 00 00 00 00",
	"3e 3e 3e 3e 3e 3e 3e 3e 3e 3e 3e 3e 3e 3e 8b 00",
	"zz", "8b0", "", "0x8b00",
};

static void check_obj(enum dd_mode mode, struct dd_oracle *o, const char *hex, json_t *j,
    const char *out_line, unsigned lineno);

static void
check_line(enum dd_mode mode, struct dd_oracle *o, const char *in_line, const char *out_line,
    unsigned lineno)
{
	const char *mname = dd_modes[mode].name;
	char hex[200];
	snprintf(hex, sizeof(hex), "%s", in_line);
	char *tab = strchr(hex, '\t');
	if (tab)
		*tab = '\0';

	json_error_t jerr;
	json_t *j = json_loads(out_line, 0, &jerr);
	if (j == NULL || !json_is_object(j)) {
		json_decref(j);
		BAD("output is not a JSON object: %s", out_line);
	}
	check_obj(mode, o, hex, j, out_line, lineno);
	json_decref(j);
}

/* One parsed output object against the input line's bytes. */
static void
check_obj(enum dd_mode mode, struct dd_oracle *o, const char *hex, json_t *j,
    const char *out_line, unsigned lineno)
{
	const char *mname = dd_modes[mode].name;

	/* What the line holds, parsed independently of the CLI. */
	uint8_t b[64];
	size_t n = 0;
	int malformed = 0;
	const char *s = hex;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; ) {
		if (*s == ' ') {
			s++;
			continue;
		}
		unsigned v;
		if (!s[1] || sscanf(s, "%2x", &v) != 1 || strspn(s, "0123456789abcdefABCDEF") < 2) {
			malformed = 1;
			break;
		}
		b[n++] = (uint8_t)v;
		s += 2;
	}
	const char *status = json_string_value(json_object_get(j, "status"));
	if (malformed || n == 0) {
		if (status == NULL || strcmp(status, "error") != 0 ||
		    !json_is_string(json_object_get(j, "error")))
			BAD("malformed line must give status error: %s", out_line);
		checked_err++;
		return;
	}

	ZydisDecodedInstruction in;
	ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
	int zok = ZYAN_SUCCESS(ZydisDecoderDecodeFull(&o->dec[mode], b, n, &in, ops));
	int fam = zok ? dd_family_of(&in, mode) : -1;
	json_t *okv = json_object_get(j, "ok");
	if (!json_is_boolean(okv) || status == NULL)
		BAD("missing ok/status: %s", out_line);
	int ok = json_is_true(okv);
	if (!ok) {
		const char *err = json_string_value(json_object_get(j, "error"));
		if (err == NULL || strcmp(err, status) != 0 ||
		    (strcmp(err, "unsupported") && strcmp(err, "invalid") && strcmp(err, "truncated") &&
		    strcmp(err, "too_long")))
			BAD("failure without a proper error field: %s", out_line);
		if (fam >= 0)
			BAD("zydis decodes in-family %s, vie says %s", ZydisMnemonicGetString(in.mnemonic),
			    err);
		checked_err++;
		return;
	}
	if (!zok)
		BAD("vie decodes what Zydis rejects: %s", out_line);
	if (strcmp(status, "ok") != 0)
		BAD("ok true but status %s", status);

#define HEXFIELD(obj, key, out) do { \
	const char *hs_ = json_string_value(json_object_get((obj), (key))); \
	if (hs_ == NULL) \
		BAD("field %s is not a hex string: %s", (key), out_line); \
	int neg_ = hs_[0] == '-'; \
	if (strncmp(hs_ + neg_, "0x", 2) != 0) \
		BAD("field %s is not a hex string: %s", (key), hs_); \
	uint64_t v_ = strtoull(hs_ + neg_ + 2, NULL, 16); \
	(out) = neg_ ? (uint64_t)0 - v_ : v_; \
} while (0)
#define STRFIELD(obj, key, want) do { \
	json_t *sv_ = json_object_get((obj), (key)); \
	const char *w_ = (want); \
	if (w_ == NULL ? !json_is_null(sv_) : \
	    (!json_is_string(sv_) || strcmp(json_string_value(sv_), w_) != 0)) \
		BAD("field %s: cli %s, zydis %s", (key), json_is_string(sv_) ? \
		    json_string_value(sv_) : "(null/missing)", w_ ? w_ : "null"); \
} while (0)
#define BOOLFIELD(obj, key, want) do { \
	json_t *bv_ = json_object_get((obj), (key)); \
	if (!json_is_boolean(bv_) || json_is_true(bv_) != !!(want)) \
		BAD("field %s: want %s: %s", (key), (want) ? "true" : "false", out_line); \
} while (0)

	uint64_t u;
	HEXFIELD(j, "len", u);
	if (u != in.length)
		BAD("len 0x%" PRIx64 ", zydis %u", u, in.length);
	STRFIELD(j, "mnemonic", ZydisMnemonicGetString(in.mnemonic));
	HEXFIELD(j, "opsize", u);
	if (u != in.operand_width / 8u)
		BAD("opsize 0x%" PRIx64 ", zydis %u", u, in.operand_width / 8u);
	HEXFIELD(j, "addrsize", u);
	if (u != in.address_width / 8u)
		BAD("addrsize 0x%" PRIx64 ", zydis %u", u, in.address_width / 8u);

	const ZydisDecodedOperand *mem = NULL, *src = NULL, *dst = NULL;
	const char *zreg = NULL;
	for (unsigned i = 0; i < in.operand_count; i++) {
		const ZydisDecodedOperand *op = &ops[i];
		if (op->type == ZYDIS_OPERAND_TYPE_REGISTER &&
		    op->encoding == ZYDIS_OPERAND_ENCODING_MODRM_REG)
			zreg = ZydisRegisterGetString(op->reg.value);
		if (op->type != ZYDIS_OPERAND_TYPE_MEMORY || op->mem.type != ZYDIS_MEMOP_TYPE_MEM)
			continue;
		if (op->visibility == ZYDIS_OPERAND_VISIBILITY_EXPLICIT && mem == NULL)
			mem = op;
		else if (op->visibility == ZYDIS_OPERAND_VISIBILITY_HIDDEN && fam == DF_STRING)
			/* (PUSH/POP also have a hidden stack operand: not shown) */
			*(ZydisRegisterGetId(op->mem.base) == 6 ? &src : &dst) = op;
	}
	STRFIELD(j, "reg", zreg);
	const ZydisDecodedOperand *shown = mem ? mem : src ? src : dst;
	json_t *jm = json_object_get(j, "mem");
	HEXFIELD(j, "memsize", u);
	if (shown == NULL) {
		if (!json_is_null(jm))
			BAD("mem should be null");
		if (u != 0)
			BAD("memsize 0x%" PRIx64 " without a memory operand", u);
	} else {
		if (!json_is_object(jm))
			BAD("mem missing: %s", out_line);
		unsigned zms = shown->size / 8u;
		if (mem != NULL && dd_zydis_movsxd16_defect(&in))
			zms = 2; /* see oracle.h */
		if (mem != NULL && fam == DF_CLFLUSH)
			zms = dd_zydis_clflush_size(&in, zms);
		if (u != zms)
			BAD("memsize 0x%" PRIx64 ", zydis %u", u, zms);
		int defect = mem != NULL && dd_zydis_r13d_defect(&in); /* see oracle.h */
		STRFIELD(jm, "seg", ZydisRegisterGetString(shown->mem.segment));
		STRFIELD(jm, "base", shown->mem.base && !defect ?
		    ZydisRegisterGetString(shown->mem.base) : NULL);
		STRFIELD(jm, "index", shown->mem.index ? ZydisRegisterGetString(shown->mem.index) : NULL);
		HEXFIELD(jm, "scale", u);
		if (u != shown->mem.scale)
			BAD("scale 0x%" PRIx64 ", zydis %u", u, shown->mem.scale);
		HEXFIELD(jm, "disp", u);
		uint64_t zd = shown->mem.disp.has_displacement ? (uint64_t)shown->mem.disp.value : 0;
		if (defect)
			zd = (uint64_t)in.raw.disp.value;
		if (shown->encoding == ZYDIS_OPERAND_ENCODING_DISP16_32_64 && in.raw.disp.size < 64)
			zd &= (UINT64_C(1) << in.raw.disp.size) - 1; /* moffs: zero-extended */
		if (u != zd)
			BAD("disp 0x%" PRIx64 ", zydis 0x%" PRIx64, u, zd);
		BOOLFIELD(jm, "riprel", ZydisRegisterGetClass(shown->mem.base) == ZYDIS_REGCLASS_IP);
	}
	json_t *ji = json_object_get(j, "imm");
	if (in.raw.imm[0].size == 0) {
		if (!json_is_null(ji))
			BAD("imm should be null");
	} else {
		HEXFIELD(j, "imm", u);
		unsigned isz = in.raw.imm[0].size;
		uint64_t mask = isz >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << isz) - 1;
		if ((u & mask) != (in.raw.imm[0].value.u & mask))
			BAD("imm 0x%" PRIx64 ", zydis 0x%" PRIx64, u, in.raw.imm[0].value.u);
	}
	json_t *jp = json_object_get(j, "prefixes");
	if (!json_is_object(jp))
		BAD("prefixes missing");
	const uint64_t at = in.attributes;
	BOOLFIELD(jp, "lock", at & ZYDIS_ATTRIB_HAS_LOCK);
	if (at & (ZYDIS_ATTRIB_ACCEPTS_REP | ZYDIS_ATTRIB_ACCEPTS_REPE | ZYDIS_ATTRIB_ACCEPTS_REPNE)) {
		BOOLFIELD(jp, "rep", at & (ZYDIS_ATTRIB_HAS_REP | ZYDIS_ATTRIB_HAS_REPE));
		BOOLFIELD(jp, "repne", at & ZYDIS_ATTRIB_HAS_REPNE);
	}
	if (shown != NULL) {
		const uint64_t seg_attr = mode == DD_LONG64 ?
		    (ZYDIS_ATTRIB_HAS_SEGMENT_FS | ZYDIS_ATTRIB_HAS_SEGMENT_GS) : ZYDIS_ATTRIB_HAS_SEGMENT;
		/* The override applies to the explicit / rSI operand. */
		const ZydisDecodedOperand *ov = mem ? mem : src;
		const char *want = (at & seg_attr) && ov ? ZydisRegisterGetString(ov->mem.segment) : NULL;
		if (ov != NULL || !(at & seg_attr))
			STRFIELD(jp, "seg", want);
	}
	checked_ok++;
}

static const char *const cli_mode_args[DD_NMODES] = {
	[DD_REAL] = "-m 16", [DD_PROT16] = "-m protected", [DD_PROT32] = "-m 32",
	[DD_COMPAT16] = "-m compat16", [DD_COMPAT32] = "-m compat --cs-d", [DD_LONG64] = "-m 64",
};

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: cli_check PATH-TO-vie\n");
		return 2;
	}
	struct dd_oracle o;
	if (dd_oracle_init(&o) != 0)
		return 2;
	static const uint8_t ops1[] = {0x00, 0x01, 0x02, 0x03, 0x29, 0x3b, 0x63, 0x69, 0x6b, 0x80,
	    0x81, 0x83, 0x84, 0x86, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8f, 0xa0, 0xa1, 0xa2, 0xa3,
	    0xa4, 0xa5, 0xa6, 0xab, 0xac, 0xaf, 0x6c, 0x6f, 0xc0, 0xc6, 0xc7, 0xd1, 0xd3, 0xf6,
	    0xf7, 0xfe, 0xff};
	static const uint8_t ops2[] = {0x10, 0x11, 0x28, 0x29, 0x2b, 0x6e, 0x6f, 0x7e, 0x7f, 0xa3,
	    0xab, 0xae, 0xaf, 0xb0, 0xb1, 0xb6, 0xbf, 0xba, 0xc0, 0xc1, 0xc3, 0xc7, 0xd6, 0xe7,
	    0x44, 0x9f};
	static const uint8_t pfx[] = {0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65};
	char tmpl[] = "/tmp/vie-cli-check-XXXXXX";
	int fd = mkstemp(tmpl);
	if (fd < 0) {
		perror("mkstemp");
		return 2;
	}
	close(fd);
	unsigned total_lines = 0;
	for (int m = 0; m < DD_NMODES; m++) {
		/* The batch: curated lines, then random family-shaped ones. */
		enum { NRAND = 500 };
		static char lines[sizeof(curated) / sizeof(curated[0]) + NRAND][120];
		unsigned nl = 0;
		for (size_t i = 0; i < sizeof(curated) / sizeof(curated[0]); i++)
			snprintf(lines[nl++], sizeof(lines[0]), "%s", curated[i]);
		for (unsigned i = 0; i < NRAND; i++) {
			uint8_t b[20];
			size_t n = 0;
			unsigned np = (unsigned)(rnd() % 4);
			for (unsigned k = 0; k < np && k < 2; k++)
				b[n++] = pfx[rnd() % sizeof(pfx)];
			if (m == DD_LONG64 && rnd() % 3 == 0)
				b[n++] = (uint8_t)(0x40 | (rnd() & 15));
			if (rnd() % 3 == 0) {
				b[n++] = 0x0f;
				b[n++] = ops2[rnd() % sizeof(ops2)];
			} else {
				b[n++] = ops1[rnd() % sizeof(ops1)];
			}
			while (n < 15)
				b[n++] = (uint8_t)rnd();
			dd_hex(b, n, lines[nl], sizeof(lines[0]));
			nl++;
		}
		FILE *f = fopen(tmpl, "w");
		for (unsigned i = 0; i < nl; i++)
			fprintf(f, "%s\n", lines[i]);
		fclose(f);
		char cmd[1024];
		snprintf(cmd, sizeof(cmd), "'%s' decode --batch %s < '%s'", argv[1], cli_mode_args[m], tmpl);
		FILE *p = popen(cmd, "r");
		if (p == NULL) {
			perror("popen");
			return 2;
		}
		char *out = NULL;
		size_t cap = 0;
		unsigned got = 0;
		ssize_t len;
		while ((len = getline(&out, &cap, p)) >= 0) {
			while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
				out[--len] = '\0';
			if (got < nl)
				check_line((enum dd_mode)m, &o, lines[got], out, got + 1);
			got++;
		}
		free(out);
		int st = pclose(p);
		if (st != 0) {
			printf("FAIL mode %s: `%s` exited with status %d\n", dd_modes[m].name, cmd, st);
			failures++;
		}
		if (got != nl) {
			printf("FAIL mode %s: %u input lines, %u output lines\n", dd_modes[m].name, nl, got);
			failures++;
		}
		total_lines += nl;
	}
	unlink(tmpl);

	/* Argument mode: --json gives the same objects as --batch, the human
	 * form names the instruction, bad usage exits 2. */
	static const struct {
		const char *args;
		int status;
		const char *want;
	} runs[] = {
		{"decode --json -m 32 '8b 04 24' 'f3 a4'", 0,
		    "{\"ok\":true,\"status\":\"ok\",\"len\":\"0x3\",\"mnemonic\":\"mov\","},
		{"decode -m 64 '64 48 8b 04 25 28 00 00 00'", 0, "mov"},
		{"decode -m 16 8b", 0, "truncated"},
		{"decode --json zz", 1, "{\"status\":\"error\""},
		{"decode", 2, NULL},
		{"decode -m 48 90", 2, NULL},
		{"decode --help", 0, "usage: vie decode"},
	};
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		char cmd[512];
		snprintf(cmd, sizeof(cmd), "'%s' %s 2>/dev/null", argv[1], runs[i].args);
		FILE *p = popen(cmd, "r");
		char buf[4096] = "";
		size_t got = p ? fread(buf, 1, sizeof(buf) - 1, p) : 0;
		buf[got] = '\0';
		int st = p ? pclose(p) : -1;
		int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		if (code != runs[i].status || (runs[i].want && strstr(buf, runs[i].want) == NULL)) {
			printf("FAIL `vie %s`: exit %d (want %d), output: %s\n", runs[i].args, code,
			    runs[i].status, buf);
			failures++;
		}
		if (i == 0 && failures == 0) {
			/* two objects, the second the movsb */
			char *nl = strchr(buf, '\n');
			if (nl == NULL || strstr(nl + 1, "\"mnemonic\":\"movsb\"") == NULL) {
				printf("FAIL `vie %s`: want two JSON lines: %s\n", runs[i].args, buf);
				failures++;
			}
		}
	}
	dd_oracle_fini(&o);
	printf("cli_check: %u lines through `vie decode --batch` in 6 modes: %u decoded and checked "
	    "against Zydis, %u failures/errors checked, %u mismatches\n", total_lines, checked_ok,
	    checked_err, failures);
	if (checked_ok == 0) {
		printf("FAIL: no line was decoded\n");
		return 1;
	}
	return failures != 0;
}
