/*
 * tests/decode/test_status.c - the status type (DESIGN.md "Status
 * contract"), its names, and vie_decode's argument checks and failure
 * state (decoded = 0 on every failing status).
 */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "golden.h"

GOLDEN_SUITE(status);

#define ARR(a) (sizeof(a) / sizeof((a)[0]))

Test(status, names)
{
	static const struct { int st; const char *n; } t[] = {
		{ VIE_OK, "ok" }, { VIE_EXCEPTION, "exception" }, { VIE_RESTART, "restart" },
		{ VIE_UNSUPPORTED, "unsupported" }, { VIE_INVALID, "invalid" },
		{ VIE_TRUNCATED, "truncated" }, { VIE_TOO_LONG, "too_long" },
		{ VIE_CALLBACK, "callback" }, { VIE_BAD_ARGUMENT, "bad_argument" },
		{ -1, "unknown" }, { VIE_STATUS_COUNT, "unknown" }, { 1000, "unknown" },
	};
	for (size_t i = 0; i < ARR(t); i++)
		XSTR(vie_status_name(t[i].st), t[i].n, "vie_status_name(%d) = %s, want %s",
		    t[i].st, vie_status_name(t[i].st) ? vie_status_name(t[i].st) : "(null)",
		    t[i].n);
	/* DESIGN.md: the OK status is 0; all statuses are distinct */
	XEQ(VIE_OK, 0, "VIE_OK is 0");
	XEQ(VIE_STATUS_COUNT, 9, "nine statuses");
	for (int a = 0; a < VIE_STATUS_COUNT; a++)
		for (int b = a + 1; b < VIE_STATUS_COUNT; b++)
			XEQ(strcmp(vie_status_name(a), vie_status_name(b)) != 0, 1,
			    "statuses %d and %d share a name", a, b);
}

Test(status, bad_arguments)
{
	struct vie v;
	static const uint8_t b[] = { 0x89, 0x00 };
	int st;

	st = vie_decode(NULL, b, sizeof(b), CPU_MODE_64BIT, 0);
	XEQ(st, VIE_BAD_ARGUMENT, "vie NULL: %s", vie_status_name(st));
	st = vie_decode(&v, NULL, 2, CPU_MODE_64BIT, 0);
	XEQ(st, VIE_BAD_ARGUMENT, "bytes NULL with len 2: %s", vie_status_name(st));
	st = vie_decode(&v, b, sizeof(b), (enum vm_cpu_mode)4, 0);
	XEQ(st, VIE_BAD_ARGUMENT, "mode 4: %s", vie_status_name(st));
	st = vie_decode(&v, b, sizeof(b), (enum vm_cpu_mode)-1, 0);
	XEQ(st, VIE_BAD_ARGUMENT, "mode -1: %s", vie_status_name(st));
	/* NULL is allowed with len 0, and then more bytes are needed */
	st = vie_decode(&v, NULL, 0, CPU_MODE_64BIT, 0);
	XEQ(st, VIE_TRUNCATED, "NULL, 0: %s", vie_status_name(st));
}

/* On every failing status vie->decoded is 0, even if it was 1 before */
Test(status, failure_leaves_decoded_zero)
{
	static const struct gstatus t[] = {
		S(L64, "f0 89 00", VIE_INVALID),
		S(L64, "f4", VIE_UNSUPPORTED), /* HLT */
		S(L64, "48 89", VIE_TRUNCATED),
		S(L64, "66 66 66 66 66 66 66 66 66 66 66 66 66 66 66 89 00", VIE_TOO_LONG),
	};
	for (size_t i = 0; i < ARR(t); i++) {
		uint8_t b[32];
		size_t n = hex2bin(t[i].hex, b, sizeof(b));
		struct vie v = DEC(L64, "89 00");
		FEQ(v, decoded, 1);
		int st = guarded_decode(&v, b, n, t[i].mode);
		XEQ(st, t[i].st, "%s: status %s, want %s", t[i].hex, vie_status_name(st),
		    vie_status_name(t[i].st));
		XEQ(v.decoded, 0, "%s: decoded %u after %s", t[i].hex, v.decoded,
		    vie_status_name(st));
	}
}

/* Decoding twice into the same struct gives the same result: no state
 * leaks from a previous decode (e.g. prefixes, REX, displacement). */
Test(status, no_leftover_state)
{
	struct vie a = DEC(L64, "65 66 4f 89 84 e5 78 56 34 12");
	struct vie b = DEC(L64, "89 00");
	struct vie c = a;
	uint8_t bytes[] = { 0x89, 0x00 };
	int st = vie_decode(&c, bytes, 2, CPU_MODE_64BIT, 0);
	XEQ(st, VIE_OK, "redecode: %s", vie_status_name(st));
	/* compare the decoded fields, not inst[]/num_valid (bhyve's input) */
	size_t end = offsetof(struct vie, op) + sizeof(c.op); /* then padding */
	XEQ(memcmp((uint8_t *)&c + 16, (uint8_t *)&b + 16, end - 16), 0,
	    "struct vie after 89 00 depends on the previous decode");
	FEQ(c, segment_override, 0);
	FEQ(c, rex_present, 0);
	FEQ(c, repz_present, 0);
	FEQ(c, disp_bytes, 0);
	FEQ(c, displacement, 0);
	FEQ(c, index_register, VM_REG_LAST);
}

/* The guard page behind every decoded buffer really faults: a read one
 * byte past the given length kills the process (so an over-reading
 * decoder crashes the golden tests).  ASan turns the SIGSEGV into its own
 * report and exit, so the check only runs without it. */
#if defined(__SANITIZE_ADDRESS__)
#define GUARD_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GUARD_ASAN 1
#endif
#endif

#ifndef GUARD_ASAN
Test(status, guard_page_faults, .signal = SIGSEGV)
{
	static const uint8_t b[2] = { 0x89, 0x00 };
	const volatile uint8_t *p = guarded_copy(b, sizeof(b));
	golden_checks++;
	cr_expect(p[1] == 0x00, "copy intact");
	(void)p[2]; /* must fault */
	cr_assert_fail("read past the guarded buffer did not fault");
}
#else
Test(status, guard_page_faults)
{
	cr_skip_test("guard-page self-test skipped under ASan (ASan handles SIGSEGV itself)");
}
#endif
