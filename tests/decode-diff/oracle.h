/*
 * tests/decode-diff/oracle.h - vie_decode against Zydis 4.0, one input at a
 * time.  Shared by the differential test, the CLI check, the libFuzzer
 * target and its replay driver, so all of them judge vie by the same rules.
 */
#ifndef VIE_DD_ORACLE_H
#define VIE_DD_ORACLE_H

#include <stddef.h>
#include <stdint.h>

#include <Zydis/Zydis.h>
#include <vie/vie.h>

/* The six (CPU mode, CS.D) combinations vie distinguishes. */
enum dd_mode {
	DD_REAL,
	DD_PROT16,
	DD_PROT32,
	DD_COMPAT16,
	DD_COMPAT32,
	DD_LONG64,
	DD_NMODES
};

struct dd_mode_info {
	const char *name;
	enum vm_cpu_mode cpu_mode;
	int cs_d;
	ZydisMachineMode zmode;
	ZydisStackWidth zstack;
};
extern const struct dd_mode_info dd_modes[DD_NMODES];

/*
 * Instruction families of issue 2, as this test classifies Zydis's decode
 * (opcode map, opcode, ModRM.reg/mod, mandatory prefix, VEX) - written from
 * the issue and the SDM, independently of vie's tables.
 */
enum dd_family {
	DF_MOV,      /* 88-8B, 8C, A0-A3, C6 /0, C7 /0 */
	DF_MOVX,     /* 0F B6 B7 BE BF */
	DF_MOVSXD,   /* 63 in 64-bit mode */
	DF_MOVBE,    /* 0F 38 F0/F1 */
	DF_XCHG,     /* 86 87 */
	DF_CMOV,     /* 0F 40-4F */
	DF_SETCC,    /* 0F 90-9F */
	DF_ALU,      /* 00-3B r/m forms */
	DF_GRP1,     /* 80-83 */
	DF_TEST,     /* 84 85, F6/F7 /0 /1 */
	DF_GRP3,     /* F6/F7 /2-/7 */
	DF_IMUL,     /* 0F AF, 69, 6B */
	DF_INCDEC,   /* FE/FF /0 /1 */
	DF_SHIFT,    /* C0 C1 D0-D3 */
	DF_BT,       /* 0F A3 AB B3 BB, 0F BA /4-/7 */
	DF_CMPXCHG,  /* 0F B0 B1 */
	DF_XADD,     /* 0F C0 C1 */
	DF_CMPXCHGNB,/* 0F C7 /1 */
	DF_PUSHPOP,  /* FF /6, 8F /0 */
	DF_STRING,   /* A4-A7 AA-AF 6C-6F */
	DF_CLFLUSH,  /* 0F AE /7, 66 0F AE /7 /6 */
	DF_SSE,      /* legacy SSE/MMX data moves */
	DF_AVX,      /* VEX data moves */
	DF_BEXTR,    /* VEX.0F38 F7 */
	DF_COUNT
};
extern const char *const dd_family_names[DF_COUNT];

/* Outcome of one comparison. */
enum dd_outcome {
	DD_AGREE_OK,       /* both decoded, every field agrees */
	DD_AGREE_REJECT,   /* both rejected (statuses compatible) */
	DD_VIE_UNSUPP,     /* Zydis decoded an out-of-family instruction, vie UNSUPPORTED */
	DD_DISAGREE,       /* see field / vie_val / zy_val */
};

struct dd_result {
	enum dd_outcome outcome;
	int family;            /* enum dd_family of Zydis's decode, -1 if none */
	int vie_status;
	ZyanStatus zstatus;
	unsigned zlen;         /* Zydis length (0 if it failed) */
	int extra;             /* vie decoded something outside the family filter */
	int in_family;         /* Zydis decoded an in-family instruction (completeness) */
	char mnemonic[24];     /* Zydis's, when it decoded */
	const char *field;     /* first disagreeing field */
	char vie_val[80];
	char zy_val[80];
};

struct dd_oracle {
	ZydisDecoder dec[DD_NMODES];
	uint8_t *guard;        /* page followed by an inaccessible page */
	size_t page;
};

/* 0 on success. */
int dd_oracle_init(struct dd_oracle *o);
void dd_oracle_fini(struct dd_oracle *o);

/* Compare vie and Zydis on bytes[0..len) (len <= 64).  vie reads its input
 * from the end of a page followed by an unmapped one, so an over-read
 * faults.  Returns r->outcome. */
enum dd_outcome dd_check(struct dd_oracle *o, enum dd_mode mode, const uint8_t *bytes,
    size_t len, struct dd_result *r);

/* Classify a Zydis decode; -1 when it is outside the families. */
int dd_family_of(const ZydisDecodedInstruction *in, enum dd_mode mode);

/*
 * Zydis 4.0 defects, masked narrowly where fields are compared; each has a
 * test (zydis_defects.c) that fails once Zydis no longer shows it.
 *
 * r13d: 64-bit mode, 67 prefix, REX.B=1 (or VEX.B), ModRM.mod=00, SIB.base=101.  The
 *   SDM (vol. 2, table 2-5) says REX.B is not decoded here: no base,
 *   disp32.  Zydis consumes the disp32 but reports base r13d and no
 *   displacement (it is right without the 67 prefix).
 * movsxd16: 66 63 /r in 64-bit mode.  The SDM lists MOVSXD r16, r/m16 (a
 *   word access); Zydis gives the memory operand 32 bits.
 */
/*
 * clflush: CLFLUSH, CLFLUSHOPT and CLWB take m8 in the SDM (the byte whose
 *   cache line is flushed); Zydis sizes the operand as the 64-byte line.
 *   vie reports the m8.  Returns the size to expect given Zydis's.
 */
/*
 * knc: Zydis 4.0 decodes the Knights Corner mask branches JKZD/JKNZD
 *   (VEX.0F 84/85, e.g. c5 fc 84 rel32) even with its KNC mode off.  They
 *   are #UD on every CPU vie serves, so such decodes count as invalid.
 */
int dd_zydis_knc(const ZydisDecodedInstruction *in);
unsigned dd_zydis_clflush_size(const ZydisDecodedInstruction *in, unsigned zydis_bytes);
int dd_zydis_r13d_defect(const ZydisDecodedInstruction *in);
int dd_zydis_movsxd16_defect(const ZydisDecodedInstruction *in);

/* "66 8b 00" into buf. */
void dd_hex(const uint8_t *b, size_t n, char *buf, size_t bufsz);

/* Zydis GPR/IP/segment register -> VM_REG_GUEST_*, VM_REG_LAST if none. */
int dd_vm_reg(ZydisRegister r);

#endif
