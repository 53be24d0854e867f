/*
 * tests/decode/golden.c - the checker behind the golden decode tables.
 */
#include "golden.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

unsigned long golden_checks;
static unsigned long golden_rows, status_rows;
const char RN_ANY[] = "<any>";

const int gpr_vm[16] = {
	VM_REG_GUEST_RAX, VM_REG_GUEST_RCX, VM_REG_GUEST_RDX, VM_REG_GUEST_RBX,
	VM_REG_GUEST_RSP, VM_REG_GUEST_RBP, VM_REG_GUEST_RSI, VM_REG_GUEST_RDI,
	VM_REG_GUEST_R8, VM_REG_GUEST_R9, VM_REG_GUEST_R10, VM_REG_GUEST_R11,
	VM_REG_GUEST_R12, VM_REG_GUEST_R13, VM_REG_GUEST_R14, VM_REG_GUEST_R15,
};

enum vm_cpu_mode
tmode_cpu(enum tmode m)
{
	switch (m) {
	case R16: return CPU_MODE_REAL;
	case P16: case P32: return CPU_MODE_PROTECTED;
	case C16: case C32: return CPU_MODE_COMPATIBILITY;
	default: return CPU_MODE_64BIT;
	}
}

int
tmode_csd(enum tmode m)
{
	return m == P32 || m == C32;
}

const char *
tmode_name(enum tmode m)
{
	static const char *const n[TMODE_COUNT] = {
		"real", "prot16", "prot32", "compat16", "compat32", "long64" };
	return m < TMODE_COUNT ? n[m] : "?";
}

size_t
hex2bin(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;
	int hi = -1;

	for (const char *p = hex; *p != '\0'; p++) {
		int d;
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			continue;
		if (hi < 0) {
			hi = d;
			continue;
		}
		cr_assert(n < max, "hex string too long: %s", hex);
		out[n++] = (uint8_t)(hi << 4 | d);
		hi = -1;
	}
	cr_assert(hi < 0, "odd number of hex digits: %s", hex);
	return n;
}

/* Two pages, the second PROT_NONE: bytes copied to its very end make any
 * read beyond the given length fault (the test then crashes = fails). */
static uint8_t *
guard_end(void)
{
	static uint8_t *end;

	if (end == NULL) {
		size_t ps = (size_t)sysconf(_SC_PAGESIZE);
		uint8_t *p = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		cr_assert(p != MAP_FAILED, "mmap");
		cr_assert(mprotect(p + ps, ps, PROT_NONE) == 0, "mprotect");
		end = p + ps;
	}
	return end;
}

const uint8_t *
guarded_copy(const uint8_t *b, size_t n)
{
	uint8_t *dst = guard_end() - n;

	if (n > 0)
		memcpy(dst, b, n);
	return dst;
}

int
guarded_decode(struct vie *v, const uint8_t *b, size_t n, enum tmode m)
{
	return vie_decode(v, guarded_copy(b, n), n, tmode_cpu(m), tmode_csd(m));
}

struct vie
decode_ok(int line, enum tmode m, const char *hex)
{
	uint8_t b[64];
	size_t n = hex2bin(hex, b, sizeof(b));
	struct vie v;
	int st;

	memset(&v, 0, sizeof(v));
	st = guarded_decode(&v, b, n, m);
	golden_checks += 2;
	cr_assert_eq(st, VIE_OK, "line %d [%s] %s: status %s, want ok", line,
	    tmode_name(m), hex, vie_status_name(st));
	cr_assert_eq(v.num_processed, n, "line %d [%s] %s: length %u, want %zu",
	    line, tmode_name(m), hex, v.num_processed, n);
	return v;
}

#define CTX "line %d [%s] %s: "
#define CTXA g->line, tmode_name(g->mode), g->hex

static int64_t
sext(int64_t v, int bytes)
{
	if (bytes >= 8 || bytes <= 0)
		return v;
	int sh = 64 - 8 * bytes;
	return (int64_t)((uint64_t)v << sh) >> sh;
}

static int64_t
zext(int64_t v, int bytes)
{
	if (bytes >= 8 || bytes <= 0)
		return v;
	return (int64_t)((uint64_t)v & ((1ULL << (8 * bytes)) - 1));
}

void
check_golden_row(const struct golden *g)
{
	uint8_t b[64], t[80];
	size_t n = hex2bin(g->hex, b, sizeof(b));
	struct vie v;
	int st;

	golden_rows++;
	memset(&v, 0, sizeof(v));
	st = guarded_decode(&v, b, n, g->mode);
	XEQ(st, VIE_OK, CTX "status %s, want ok", CTXA, vie_status_name(st));
	if (st != VIE_OK)
		return; /* the fields are unspecified; the failure is reported */

	XEQ(v.num_processed, n, CTX "length %u, want %zu", CTXA, v.num_processed, n);
	XEQ(v.decoded, 1, CTX "decoded = %u", CTXA, v.decoded);
	if (g->type == VIE_OP_TYPE_MOV_OR_SIMD)
		XEQ(v.op.op_type == VIE_OP_TYPE_MOV || v.op.op_type == VIE_OP_TYPE_SIMD_MOV,
		    1, CTX "op_type %u, want MOV or SIMD_MOV", CTXA, v.op.op_type);
	else
		XEQ(v.op.op_type, g->type, CTX "op_type %u, want %d", CTXA,
		    v.op.op_type, g->type);
	XEQ(v.op.op_byte, g->opb, CTX "op_byte %#x, want %#x", CTXA, v.op.op_byte, g->opb);
	XSTR(vie_mnemonic(&v), g->mn, CTX "mnemonic %s, want %s", CTXA,
	    vie_mnemonic(&v) ? vie_mnemonic(&v) : "(null)", g->mn);
	if (g->opsz != ANY)
		XEQ(v.opsize, g->opsz, CTX "opsize %u, want %d", CTXA, v.opsize, g->opsz);
	XEQ(v.addrsize, g->asz, CTX "addrsize %u, want %d", CTXA, v.addrsize, g->asz);
	if (g->rsz != 0) {
		unsigned rsz = 0;
		vie_reg_operand(&v, &rsz);
		XEQ(rsz, g->rsz, CTX "reg operand size %u, want %d", CTXA, rsz, g->rsz);
	}

	if (g->mod != ANY) {
		XEQ(v.mod, g->mod, CTX "mod %u, want %d", CTXA, v.mod, g->mod);
		XEQ(v.reg, g->reg, CTX "reg %u, want %d", CTXA, v.reg, g->reg);
		if (g->rm != ANY)
			XEQ(v.rm, g->rm, CTX "rm %u, want %d", CTXA, v.rm, g->rm);
	}

	const struct gmem *m = &g->mem;
	XEQ(vie_mem_kind(&v), m->kind, CTX "mem_kind %d, want %d", CTXA,
	    vie_mem_kind(&v), m->kind);
	if (m->size != ANY)
		XEQ(vie_mem_size(&v), m->size, CTX "mem_size %u, want %d", CTXA,
		    vie_mem_size(&v), m->size);
	if (m->base != ANY)
		XEQ(v.base_register, m->base, CTX "base_register %d, want %d", CTXA,
		    v.base_register, m->base);
	if (m->index != ANY)
		XEQ(v.index_register, m->index, CTX "index_register %d, want %d",
		    CTXA, v.index_register, m->index);
	if (m->kind == 1) {
		XEQ(v.scale, m->scale, CTX "scale %u, want %d", CTXA, v.scale, m->scale);
		XEQ(v.displacement, m->disp, CTX "displacement %lld, want %lld", CTXA,
		    (long long)v.displacement, (long long)m->disp);
	}
	XEQ(v.disp_bytes, m->dbytes, CTX "disp_bytes %u, want %d", CTXA,
	    v.disp_bytes, m->dbytes);
	if (m->seg != ANY) {
		XEQ(v.segment_register, m->seg, CTX "segment_register %d, want %d",
		    CTXA, v.segment_register, m->seg);
		XEQ(v.segment_override, m->ovr, CTX "segment_override %u, want %d",
		    CTXA, v.segment_override, m->ovr);
	}

	XEQ(v.imm_bytes, g->ibytes, CTX "imm_bytes %u, want %d", CTXA, v.imm_bytes,
	    g->ibytes);
	if (g->ibytes > 0) {
		int zx = (v.op.op_flags & VIE_OP_F_IMM_ZX) != 0;
		int64_t want = sext(g->imm, g->ibytes);
		if (g->imm_either && zx)
			want = zext(g->imm, g->ibytes);
		else if (!g->imm_either)
			XEQ(zx, 0, CTX "VIE_OP_F_IMM_ZX set, the SDM sign-extends", CTXA);
		XEQ(v.immediate, want, CTX "immediate %#llx, want %#llx", CTXA,
		    (unsigned long long)v.immediate, (unsigned long long)want);
	}

	if (g->rname != RN_ANY) {
		const char *rn = vie_reg_operand_name(&v);
		XSTR(rn, g->rname, CTX "reg operand %s, want %s", CTXA,
		    rn ? rn : "(none)", g->rname ? g->rname : "(none)");
	}

	/* A pure function: the result does not depend on what the struct
	 * held before (bytes 16..61; inst[]/num_valid are bhyve's input and
	 * 62..63 are padding). */
	{
		struct vie w;
		size_t lo = offsetof(struct vie, num_processed);
		size_t hi = offsetof(struct vie, op) + sizeof(w.op);
		memset(&w, 0xff, sizeof(w));
		st = guarded_decode(&w, b, n, g->mode);
		XEQ(st == VIE_OK && memcmp((uint8_t *)&w + lo, (uint8_t *)&v + lo,
		    hi - lo) == 0, 1, CTX "result depends on the struct's old contents",
		    CTXA);
	}

	/* Every proper prefix of the instruction needs more bytes. */
	for (size_t k = 0; k < n; k++) {
		struct vie tv;
		st = guarded_decode(&tv, b, k, g->mode);
		XEQ(st, VIE_TRUNCATED, CTX "cut to %zu bytes: status %s, want truncated",
		    CTXA, k, vie_status_name(st));
	}
	/* Bytes after the instruction do not change it. */
	memcpy(t, b, n);
	memset(t + n, 0x0f, 16);
	{
		struct vie tv;
		st = guarded_decode(&tv, t, n + 16, g->mode);
		XEQ(st, VIE_OK, CTX "with 16 trailing bytes: status %s", CTXA,
		    vie_status_name(st));
		if (st == VIE_OK)
			XEQ(tv.num_processed, n, CTX "with trailing bytes: length %u",
			    CTXA, tv.num_processed);
	}
}

void
check_golden(const struct golden *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_golden_row(&g[i]);
}

void
check_status(const struct gstatus *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t b[64];
		size_t len = hex2bin(s[i].hex, b, sizeof(b));
		struct vie v;
		int st;

		status_rows++;
		memset(&v, 0xa5, sizeof(v));
		st = guarded_decode(&v, b, len, s[i].mode);
		golden_checks++;
		cr_expect(st == s[i].st || (s[i].st2 != ANY && st == s[i].st2),
		    "line %d [%s] %s: status %s, want %s%s%s", s[i].line,
		    tmode_name(s[i].mode), s[i].hex, vie_status_name(st),
		    vie_status_name(s[i].st), s[i].st2 != ANY ? " or " : "",
		    s[i].st2 != ANY ? vie_status_name(s[i].st2) : "");
		if (st == VIE_OK)
			XEQ(v.num_processed, len, "line %d [%s] %s: decoded with length %u",
			    s[i].line, tmode_name(s[i].mode), s[i].hex, v.num_processed);
		if (st != VIE_OK)
			XEQ(v.decoded, 0, "line %d [%s] %s: decoded must be 0 on %s",
			    s[i].line, tmode_name(s[i].mode), s[i].hex, vie_status_name(st));
	}
}

void
golden_report(void)
{
	if (getenv("VIE_TEST_COUNT") != NULL)
		fprintf(stderr, "checks %s %s %lu golden %lu status %lu\n",
		    criterion_current_test->category, criterion_current_test->name,
		    golden_checks, golden_rows, status_rows);
}
