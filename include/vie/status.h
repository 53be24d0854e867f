/*
 * vie/status.h - the one status type of the whole library.
 *
 * Every entry point returns a vie_status.  Each value says what state the
 * call leaves behind (guest registers, guest memory, the output structure),
 * so a caller can act on it without reading the implementation.
 */
#ifndef VIE_STATUS_H
#define VIE_STATUS_H

#include <stdint.h>

/* Marks the symbols libvie exports (the rest is hidden and, by the
 * version script, local). */
#define VIE_API __attribute__((visibility("default")))

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vie_status {
	/* Done.  Guest state modified as the instruction defines, RIP advanced.
	 * For vie_decode: the struct vie holds the instruction. */
	VIE_OK = 0,
	/* The guest must take an exception; the struct vie_exception passed to
	 * the call holds vector, error code and (for #PF) CR2.  Guest state
	 * unchanged. */
	VIE_EXCEPTION = 1,
	/* A REP string instruction did part of its iterations: registers are
	 * advanced for the iterations done, RIP is not advanced.  Re-enter. */
	VIE_RESTART = 2,
	/* Valid x86 that vie does not emulate or decode.  State unchanged. */
	VIE_UNSUPPORTED = 3,
	/* Not a valid encoding in this mode: the guest takes #UD.  State
	 * unchanged. */
	VIE_INVALID = 4,
	/* The decoder needs more bytes than it was given.  State unchanged. */
	VIE_TRUNCATED = 5,
	/* The instruction exceeds 15 bytes (#GP(0) on hardware).  State
	 * unchanged. */
	VIE_TOO_LONG = 6,
	/* A hypervisor callback failed (for paging: a guest-physical address
	 * the walk needed is not RAM).  What was done before the failing call
	 * is documented at each call site. */
	VIE_CALLBACK = 7,
	/* The caller broke the API contract (NULL pointer, out-of-range
	 * enumerator, impossible combination).  Nothing was touched. */
	VIE_BAD_ARGUMENT = 8,
} vie_status;

#define VIE_STATUS_COUNT 9

/* Lowercase name of a status ("ok", "exception", ...), as the CLI prints
 * it; "unknown" for values outside the enumeration. */
VIE_API const char *vie_status_name(int status);

/* Exception vectors vie raises (SDM vol. 3, "Exception and Interrupt
 * Vectors"). */
#define VIE_VEC_DE 0
#define VIE_VEC_UD 6
#define VIE_VEC_NM 7
#define VIE_VEC_TS 10
#define VIE_VEC_NP 11
#define VIE_VEC_SS 12
#define VIE_VEC_GP 13
#define VIE_VEC_PF 14
#define VIE_VEC_AC 17

/* The exception a VIE_EXCEPTION status asks the hypervisor to inject. */
struct vie_exception {
	uint8_t vector;        /* VIE_VEC_* */
	uint8_t errcode_valid; /* 1 if errcode is delivered */
	uint32_t errcode;      /* error code (#PF: P W/R U/S RSVD I/D PK ...) */
	uint64_t cr2;          /* faulting linear address, #PF only */
};

#ifdef __cplusplus
}
#endif

#endif /* VIE_STATUS_H */
