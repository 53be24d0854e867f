/*
 * tests/decode/golden.h - golden decode cases written from the Intel SDM.
 *
 * A golden row lists what the manual says an encoding is; check_golden()
 * decodes it (from a buffer that ends right before a PROT_NONE page, so a
 * read past the given length crashes the test) and compares every field.
 * It also cuts the instruction at every shorter length and expects
 * VIE_TRUNCATED, and appends trailing bytes and expects the same length.
 */
#ifndef VIE_TESTS_GOLDEN_H
#define VIE_TESTS_GOLDEN_H

#include <stddef.h>
#include <stdint.h>

#include <criterion/criterion.h>
#include <vie/vie.h>

/* The execution modes a test names: mode plus CS.D. */
enum tmode { R16, P16, P32, C16, C32, L64, TMODE_COUNT };

enum vm_cpu_mode tmode_cpu(enum tmode m);
int tmode_csd(enum tmode m);
const char *tmode_name(enum tmode m);

/* Short register names for expectations (bhyve's numbering). */
#define NONE VM_REG_LAST
#define RAX VM_REG_GUEST_RAX
#define RCX VM_REG_GUEST_RCX
#define RDX VM_REG_GUEST_RDX
#define RBX VM_REG_GUEST_RBX
#define RSP VM_REG_GUEST_RSP
#define RBP VM_REG_GUEST_RBP
#define RSI VM_REG_GUEST_RSI
#define RDI VM_REG_GUEST_RDI
#define R8 VM_REG_GUEST_R8
#define R9 VM_REG_GUEST_R9
#define R10 VM_REG_GUEST_R10
#define R11 VM_REG_GUEST_R11
#define R12 VM_REG_GUEST_R12
#define R13 VM_REG_GUEST_R13
#define R14 VM_REG_GUEST_R14
#define R15 VM_REG_GUEST_R15
#define RIP VM_REG_GUEST_RIP
#define sES VM_REG_GUEST_ES
#define sCS VM_REG_GUEST_CS
#define sSS VM_REG_GUEST_SS
#define sDS VM_REG_GUEST_DS
#define sFS VM_REG_GUEST_FS
#define sGS VM_REG_GUEST_GS

/* VM_REG_GUEST_* of hardware GPR number 0-15 (rax rcx rdx rbx rsp ...). */
extern const int gpr_vm[16];

/* "don't check" marker for integer columns */
#define ANY (-1000)
/* op_type column for MOVNTI: decode.h files MOVNT* under SIMD_MOV, but a
 * GPR store emulated as MOV is as good; either is accepted */
#define VIE_OP_TYPE_MOV_OR_SIMD (-2)

struct gmem {
	int kind;          /* vie_mem_kind(): 0 none, 1 explicit, 2 string */
	int base, index;   /* VM_REG_* (ANY: not checked, e.g. strings) */
	int scale;
	int64_t disp;
	int dbytes;
	int seg, ovr;      /* seg ANY: not checked */
	int size;          /* vie_mem_size(); ANY: not checked */
};

struct golden {
	int line;
	enum tmode mode;
	const char *hex;
	int type, opb;
	const char *mn;
	int opsz, asz;     /* opsz ANY: not checked (see the row's comment) */
	int mod, reg, rm;  /* mod ANY: no ModRM; rm ANY: ambiguous, unchecked */
	struct gmem mem;
	int64_t imm;
	int ibytes;
	int imm_either;    /* 1: only the low ibytes matter (byte ops, counts) */
	const char *rname; /* ModRM.reg operand name; NULL: none; RN_ANY */
	int rsz;           /* vie_reg_operand() size (vector width of SIMD
	                    * moves: 8/16/32); 0: not checked */
};

extern const char RN_ANY[];

#define G(m, hex, type, opb, mn, osz, asz, modrm, mem, imm, rn) \
	{ __LINE__, m, hex, VIE_OP_TYPE_##type, opb, mn, osz, asz, modrm, mem, imm, rn, 0 }
/* G with a check of the ModRM.reg operand's size (SIMD register width) */
#define GV(m, hex, type, opb, mn, osz, asz, modrm, mem, imm, rn, rsz) \
	{ __LINE__, m, hex, VIE_OP_TYPE_##type, opb, mn, osz, asz, modrm, mem, imm, rn, rsz }
#define MRM(mod, reg, rm) mod, reg, rm
#define NOMRM ANY, 0, 0
#define MEM(b, i, s, d, db, seg, o, sz) { 1, b, i, s, d, db, seg, o, sz }
#define NOMEM { 0, NONE, NONE, 0, 0, 0, ANY, 0, 0 }
#define STR(seg, o, sz) { 2, ANY, ANY, 0, 0, 0, seg, o, sz }
#define MOFFS(d, db, seg, o, sz) { 1, NONE, NONE, 0, d, db, seg, o, sz }
#define IMM(v, n) v, n, 0
#define IMMB(v, n) v, n, 1
#define NOIMM 0, 0, 0

/* Expected status of an encoding (negative cases). st2: a second status
 * that is also acceptable (ANY if only st is). */
struct gstatus {
	int line;
	enum tmode mode;
	const char *hex;
	int st, st2;
};
#define S(m, hex, st) { __LINE__, m, hex, st, ANY }
#define S2(m, hex, st, st2) { __LINE__, m, hex, st, st2 }
/* Valid x86 outside the contract's families: vie may decode it (then it
 * must consume exactly these bytes) or call it unsupported, never invalid */
#define SV(m, hex) S2(m, hex, VIE_UNSUPPORTED, VIE_OK)

/* Hex string ("48 89 08", spaces optional) to bytes; returns the count. */
size_t hex2bin(const char *hex, uint8_t *out, size_t max);

/* Copy n bytes to right before an inaccessible page; returns the copy. */
const uint8_t *guarded_copy(const uint8_t *b, size_t n);
/* Decode n bytes placed right before an inaccessible page. */
int guarded_decode(struct vie *v, const uint8_t *b, size_t n, enum tmode m);

void check_golden_row(const struct golden *g);
void check_golden(const struct golden *g, size_t n);
void check_status(const struct gstatus *s, size_t n);

/* Decode and assert VIE_OK and the full length (fatal); for ad-hoc checks. */
struct vie decode_ok(int line, enum tmode m, const char *hex);
#define DEC(m, hex) decode_ok(__LINE__, m, hex)

/* Every expectation goes through these so the file can count them. */
extern unsigned long golden_checks;
#define XEQ(got, want, ...) do { golden_checks++; \
	cr_expect((long long)(got) == (long long)(want), __VA_ARGS__); } while (0)
#define XSTR(got, want, ...) do { golden_checks++; \
	const char *g_ = (got), *w_ = (want); \
	cr_expect((g_ == NULL && w_ == NULL) || \
	    (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0), __VA_ARGS__); } while (0)
/* Shorthand for ad-hoc field checks: message includes the field name. */
#define FEQ(v, field, want) XEQ((v).field, want, "line %d: " #field " = %lld, want %lld", \
	__LINE__, (long long)(v).field, (long long)(want))

/* Print the number of checks done by the test if VIE_TEST_COUNT is set. */
void golden_report(void);
/* A suite whose tests report their check counts (VIE_TEST_COUNT=1). */
#define GOLDEN_SUITE(name) TestSuite(name, .fini = golden_report)

#endif /* VIE_TESTS_GOLDEN_H */
