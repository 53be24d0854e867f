/*
 * tests/decode/test_abi.c - the seed ABI (bhyve's vmm.h): sizes, offsets,
 * bit-field placement, enumerator values, and bhyve's decode entry points.
 * Enumerator values were counted from the seed page
 * (../shared/seed/000_*.txt), not read from vie's header.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "golden.h"

GOLDEN_SUITE(abi);

#define ARR(a) (sizeof(a) / sizeof((a)[0]))

Test(abi, struct_vie_layout)
{
	XEQ(sizeof(struct vie), 64, "sizeof(struct vie) %zu", sizeof(struct vie));
	XEQ(sizeof(struct vie_op), 4, "sizeof(struct vie_op) %zu", sizeof(struct vie_op));
	XEQ(_Alignof(struct vie_op), 2, "alignof(struct vie_op)");
	XEQ(VIE_INST_SIZE, 15, "VIE_INST_SIZE");
	/* the seed's asserts */
	XEQ(offsetof(struct vie, disp_bytes), 22, "disp_bytes");
	XEQ(offsetof(struct vie, scale), 24, "scale");
	XEQ(offsetof(struct vie, base_register), 28, "base_register");
	/* and what follows from its field order on x86-64 */
	XEQ(offsetof(struct vie, inst), 0, "inst");
	XEQ(offsetof(struct vie, num_valid), 15, "num_valid");
	XEQ(offsetof(struct vie, num_processed), 16, "num_processed");
	XEQ(offsetof(struct vie, imm_bytes), 23, "imm_bytes");
	XEQ(offsetof(struct vie, index_register), 32, "index_register");
	XEQ(offsetof(struct vie, segment_register), 36, "segment_register");
	XEQ(offsetof(struct vie, displacement), 40, "displacement");
	XEQ(offsetof(struct vie, immediate), 48, "immediate");
	XEQ(offsetof(struct vie, decoded), 56, "decoded");
	XEQ(offsetof(struct vie, op), 58, "op");
	XEQ(offsetof(struct vie_op, op_byte), 0, "op_byte");
	XEQ(offsetof(struct vie_op, op_type), 1, "op_type");
	XEQ(offsetof(struct vie_op, op_flags), 2, "op_flags");
}

/* Bit-field placement: the seed declares them as uint8_t fields in this
 * order; with the SysV x86-64 ABI they pack LSB-first and never straddle
 * a byte.  Setting one field must touch exactly these bits. */
Test(abi, bitfield_placement)
{
	struct vie v;
	const uint8_t *p = (const uint8_t *)&v;
#define BF(field, val, byte, mask) do { \
	memset(&v, 0, sizeof(v)); \
	v.field = val; \
	XEQ(p[byte], mask, #field ": byte %d = %#x, want %#x", byte, p[byte], mask); \
	int others_ = 0; \
	for (size_t i_ = 0; i_ < sizeof(v); i_++) \
		if (i_ != (size_t)(byte) && p[i_] != 0) \
			others_++; \
	XEQ(others_, 0, #field ": other bytes changed"); \
} while (0)
	BF(addrsize, 0xf, 17, 0x0f);
	BF(opsize, 0xf, 17, 0xf0);
	BF(rex_w, 1, 18, 0x01);
	BF(rex_r, 1, 18, 0x02);
	BF(rex_x, 1, 18, 0x04);
	BF(rex_b, 1, 18, 0x08);
	BF(rex_present, 1, 18, 0x10);
	BF(repz_present, 1, 18, 0x20);
	BF(repnz_present, 1, 18, 0x40);
	BF(opsize_override, 1, 18, 0x80);
	BF(addrsize_override, 1, 19, 0x01);
	BF(segment_override, 1, 19, 0x02);
	BF(mod, 3, 19, 0x0c);
	BF(reg, 0xf, 19, 0xf0);
	BF(rm, 0xf, 20, 0x0f);
	BF(ss, 3, 20, 0x30);
	BF(vex_present, 1, 20, 0x40);
	BF(vex_l, 1, 20, 0x80);
	BF(index, 0xf, 21, 0x0f);
	BF(base, 0xf, 21, 0xf0);
	BF(vex_reg, 0xf, 25, 0x0f);
	BF(vex_pp, 3, 25, 0x30);
#undef BF
}

Test(abi, vm_reg_name_values)
{
	static const struct { int v, want; const char *n; } t[] = {
		{ VM_REG_GUEST_RAX, 0, "RAX" }, { VM_REG_GUEST_RBX, 1, "RBX" },
		{ VM_REG_GUEST_RCX, 2, "RCX" }, { VM_REG_GUEST_RDX, 3, "RDX" },
		{ VM_REG_GUEST_RSI, 4, "RSI" }, { VM_REG_GUEST_RDI, 5, "RDI" },
		{ VM_REG_GUEST_RBP, 6, "RBP" }, { VM_REG_GUEST_R8, 7, "R8" },
		{ VM_REG_GUEST_R9, 8, "R9" }, { VM_REG_GUEST_R10, 9, "R10" },
		{ VM_REG_GUEST_R11, 10, "R11" }, { VM_REG_GUEST_R12, 11, "R12" },
		{ VM_REG_GUEST_R13, 12, "R13" }, { VM_REG_GUEST_R14, 13, "R14" },
		{ VM_REG_GUEST_R15, 14, "R15" }, { VM_REG_GUEST_CR0, 15, "CR0" },
		{ VM_REG_GUEST_CR3, 16, "CR3" }, { VM_REG_GUEST_CR4, 17, "CR4" },
		{ VM_REG_GUEST_DR7, 18, "DR7" }, { VM_REG_GUEST_RSP, 19, "RSP" },
		{ VM_REG_GUEST_RIP, 20, "RIP" }, { VM_REG_GUEST_RFLAGS, 21, "RFLAGS" },
		{ VM_REG_GUEST_ES, 22, "ES" }, { VM_REG_GUEST_CS, 23, "CS" },
		{ VM_REG_GUEST_SS, 24, "SS" }, { VM_REG_GUEST_DS, 25, "DS" },
		{ VM_REG_GUEST_FS, 26, "FS" }, { VM_REG_GUEST_GS, 27, "GS" },
		{ VM_REG_GUEST_LDTR, 28, "LDTR" }, { VM_REG_GUEST_TR, 29, "TR" },
		{ VM_REG_GUEST_IDTR, 30, "IDTR" }, { VM_REG_GUEST_GDTR, 31, "GDTR" },
		{ VM_REG_GUEST_EFER, 32, "EFER" }, { VM_REG_GUEST_CR2, 33, "CR2" },
		{ VM_REG_GUEST_PDPTE0, 34, "PDPTE0" }, { VM_REG_GUEST_PDPTE1, 35, "PDPTE1" },
		{ VM_REG_GUEST_PDPTE2, 36, "PDPTE2" }, { VM_REG_GUEST_PDPTE3, 37, "PDPTE3" },
		{ VM_REG_GUEST_INTR_SHADOW, 38, "INTR_SHADOW" },
		{ VM_REG_GUEST_DR0, 39, "DR0" }, { VM_REG_GUEST_DR1, 40, "DR1" },
		{ VM_REG_GUEST_DR2, 41, "DR2" }, { VM_REG_GUEST_DR3, 42, "DR3" },
		{ VM_REG_GUEST_DR6, 43, "DR6" },
		{ VM_REG_GUEST_ENTRY_INST_LENGTH, 44, "ENTRY_INST_LENGTH" },
		{ VM_REG_LAST, 45, "LAST" },
	};
	for (size_t i = 0; i < ARR(t); i++)
		XEQ(t[i].v, t[i].want, "VM_REG_%s = %d, want %d", t[i].n, t[i].v, t[i].want);
}

Test(abi, other_enums)
{
	static const struct { int v, want; const char *n; } t[] = {
		{ VM_EXITCODE_INOUT, 0, "INOUT" }, { VM_EXITCODE_VMX, 1, "VMX" },
		{ VM_EXITCODE_BOGUS, 2, "BOGUS" }, { VM_EXITCODE_RDMSR, 3, "RDMSR" },
		{ VM_EXITCODE_WRMSR, 4, "WRMSR" }, { VM_EXITCODE_HLT, 5, "HLT" },
		{ VM_EXITCODE_MTRAP, 6, "MTRAP" }, { VM_EXITCODE_PAUSE, 7, "PAUSE" },
		{ VM_EXITCODE_PAGING, 8, "PAGING" }, { VM_EXITCODE_INST_EMUL, 9, "INST_EMUL" },
		{ VM_EXITCODE_SPINUP_AP, 10, "SPINUP_AP" },
		{ VM_EXITCODE_DEPRECATED1, 11, "DEPRECATED1" },
		{ VM_EXITCODE_RENDEZVOUS, 12, "RENDEZVOUS" },
		{ VM_EXITCODE_IOAPIC_EOI, 13, "IOAPIC_EOI" },
		{ VM_EXITCODE_SUSPENDED, 14, "SUSPENDED" },
		{ VM_EXITCODE_INOUT_STR, 15, "INOUT_STR" },
		{ VM_EXITCODE_TASK_SWITCH, 16, "TASK_SWITCH" },
		{ VM_EXITCODE_MONITOR, 17, "MONITOR" }, { VM_EXITCODE_MWAIT, 18, "MWAIT" },
		{ VM_EXITCODE_SVM, 19, "SVM" }, { VM_EXITCODE_REQIDLE, 20, "REQIDLE" },
		{ VM_EXITCODE_DEBUG, 21, "DEBUG" }, { VM_EXITCODE_VMINSN, 22, "VMINSN" },
		{ VM_EXITCODE_BPT, 23, "BPT" }, { VM_EXITCODE_IPI, 24, "IPI" },
		{ VM_EXITCODE_MAX, 25, "MAX" },
		{ CPU_MODE_REAL, 0, "CPU_MODE_REAL" },
		{ CPU_MODE_PROTECTED, 1, "CPU_MODE_PROTECTED" },
		{ CPU_MODE_COMPATIBILITY, 2, "CPU_MODE_COMPATIBILITY" },
		{ CPU_MODE_64BIT, 3, "CPU_MODE_64BIT" },
		{ PAGING_MODE_FLAT, 0, "PAGING_MODE_FLAT" }, { PAGING_MODE_32, 1, "PAGING_MODE_32" },
		{ PAGING_MODE_PAE, 2, "PAGING_MODE_PAE" }, { PAGING_MODE_64, 3, "PAGING_MODE_64" },
		{ PAGING_MODE_64_LA57, 4, "PAGING_MODE_64_LA57" },
		/* bhyve's VIE_OP_TYPE_* 0..18 and VIE_OP_F_* (vmm_instruction_emul.c) */
		{ VIE_OP_TYPE_NONE, 0, "OP_TYPE_NONE" }, { VIE_OP_TYPE_MOV, 1, "MOV" },
		{ VIE_OP_TYPE_MOVSX, 2, "MOVSX" }, { VIE_OP_TYPE_MOVZX, 3, "MOVZX" },
		{ VIE_OP_TYPE_AND, 4, "AND" }, { VIE_OP_TYPE_OR, 5, "OR" },
		{ VIE_OP_TYPE_SUB, 6, "SUB" }, { VIE_OP_TYPE_TWO_BYTE, 7, "TWO_BYTE" },
		{ VIE_OP_TYPE_PUSH, 8, "PUSH" }, { VIE_OP_TYPE_CMP, 9, "CMP" },
		{ VIE_OP_TYPE_POP, 10, "POP" }, { VIE_OP_TYPE_MOVS, 11, "MOVS" },
		{ VIE_OP_TYPE_GROUP1, 12, "GROUP1" }, { VIE_OP_TYPE_STOS, 13, "STOS" },
		{ VIE_OP_TYPE_BITTEST, 14, "BITTEST" }, { VIE_OP_TYPE_TWOB_GRP15, 15, "TWOB_GRP15" },
		{ VIE_OP_TYPE_ADD, 16, "ADD" }, { VIE_OP_TYPE_TEST, 17, "TEST" },
		{ VIE_OP_TYPE_BEXTR, 18, "BEXTR" },
		{ VIE_OP_F_IMM, 1, "F_IMM" }, { VIE_OP_F_IMM8, 2, "F_IMM8" },
		{ VIE_OP_F_MOFFSET, 4, "F_MOFFSET" }, { VIE_OP_F_NO_MODRM, 8, "F_NO_MODRM" },
		{ VIE_OP_F_NO_GROUP_TEST, 16, "F_NO_GROUP_TEST" },
	};
	for (size_t i = 0; i < ARR(t); i++)
		XEQ(t[i].v, t[i].want, "%s = %d, want %d", t[i].n, t[i].v, t[i].want);
	XEQ(sizeof(struct seg_desc), 16, "sizeof(struct seg_desc)");
	XEQ(offsetof(struct vm_guest_paging, cpl), 8, "vm_guest_paging.cpl");
	XEQ(offsetof(struct vm_guest_paging, paging_mode), 16, "paging_mode");
	XEQ(SEG_DESC_DEF32(0x4000), 1, "SEG_DESC_DEF32");
	XEQ(SEG_DESC_UNUSABLE(0x10000), 1, "SEG_DESC_UNUSABLE");
	XEQ(SEG_DESC_DPL(0x60), 3, "SEG_DESC_DPL");
}

/* bhyve's flow: vie_init() then vmm_decode_instruction(), 0 or -1 */
Test(abi, bhyve_entry_points)
{
	struct vie v;
	static const char mov[] = "\x48\x89\x08\xcc\xcc"; /* mov [rax], rcx + junk */

	memset(&v, 0x5a, sizeof(v));
	vie_init(&v, mov, 5);
	FEQ(v, num_valid, 5);
	XEQ(memcmp(v.inst, mov, 5), 0, "vie_init copies the bytes");
	FEQ(v, num_processed, 0);
	FEQ(v, decoded, 0);
	/* bhyve's vie_init marks the operand registers absent */
	FEQ(v, base_register, VM_REG_LAST);
	FEQ(v, index_register, VM_REG_LAST);
	FEQ(v, segment_register, VM_REG_LAST);

	XEQ(vmm_decode_instruction(CPU_MODE_64BIT, 0, &v), 0, "decode returns 0");
	FEQ(v, decoded, 1);
	FEQ(v, num_processed, 3);
	FEQ(v, op.op_type, VIE_OP_TYPE_MOV);
	FEQ(v, opsize, 8);
	FEQ(v, reg, 1);
	FEQ(v, base_register, VM_REG_GUEST_RAX);

	/* a #UD encoding (LOCK MOV) */
	vie_init(&v, "\xf0\x89\x08", 3);
	XEQ(vmm_decode_instruction(CPU_MODE_64BIT, 0, &v), -1, "invalid returns -1");
	FEQ(v, decoded, 0);
	/* too few valid bytes */
	vie_init(&v, "\x48\x89", 2);
	XEQ(vmm_decode_instruction(CPU_MODE_64BIT, 0, &v), -1, "truncated returns -1");
	/* unsupported */
	vie_init(&v, "\xf4", 1); /* HLT */
	XEQ(vmm_decode_instruction(CPU_MODE_64BIT, 0, &v), -1, "unsupported returns -1");
	/* 32-bit protected mode with CS.D */
	vie_init(&v, "\x66\x89\x08", 3);
	XEQ(vmm_decode_instruction(CPU_MODE_PROTECTED, 1, &v), 0, "prot32 returns 0");
	FEQ(v, opsize, 2);
	FEQ(v, addrsize, 4);
	vie_init(&v, "\x66\x89\x08", 3);
	XEQ(vmm_decode_instruction(CPU_MODE_PROTECTED, 0, &v), 0, "prot16 returns 0");
	FEQ(v, opsize, 4);
	FEQ(v, addrsize, 2);
	FEQ(v, base_register, VM_REG_GUEST_RBX); /* [bx+si] */
	FEQ(v, index_register, VM_REG_GUEST_RSI);
	/* empty */
	vie_init(&v, "", 0);
	FEQ(v, num_valid, 0);
	XEQ(vmm_decode_instruction(CPU_MODE_64BIT, 0, &v), -1, "empty returns -1");
	/* a full 15-byte instruction */
	vie_init(&v, "\x64\x67\x66\x48\xc7\x84\x24\x00\x01\x00\x00\x00\x01\x00\x00", 15);
	XEQ(vmm_decode_instruction(CPU_MODE_64BIT, 0, &v), 0, "15 bytes returns 0");
	FEQ(v, num_processed, 15);
	FEQ(v, immediate, 0x100);
	FEQ(v, displacement, 0x100);
}

/* Name helpers: Zydis spellings */
Test(abi, names)
{
	static const struct { int r; const char *n; } vm[] = {
		{ VM_REG_GUEST_RAX, "rax" }, { VM_REG_GUEST_RBX, "rbx" },
		{ VM_REG_GUEST_RSP, "rsp" }, { VM_REG_GUEST_RBP, "rbp" },
		{ VM_REG_GUEST_R8, "r8" }, { VM_REG_GUEST_R15, "r15" },
		{ VM_REG_GUEST_RIP, "rip" }, { VM_REG_GUEST_ES, "es" },
		{ VM_REG_GUEST_CS, "cs" }, { VM_REG_GUEST_SS, "ss" },
		{ VM_REG_GUEST_DS, "ds" }, { VM_REG_GUEST_FS, "fs" },
		{ VM_REG_GUEST_GS, "gs" }, { VM_REG_LAST, NULL }, { -1, NULL },
		{ 1000, NULL },
	};
	for (size_t i = 0; i < ARR(vm); i++) {
		const char *n = vie_vm_reg_name(vm[i].r);
		XSTR(n, vm[i].n, "vie_vm_reg_name(%d) = %s, want %s", vm[i].r,
		    n ? n : "(null)", vm[i].n ? vm[i].n : "(null)");
	}
	static const struct { unsigned num, size; int rex; const char *n; } g[] = {
		{ 0, 8, 0, "rax" }, { 1, 4, 0, "ecx" }, { 2, 2, 0, "dx" }, { 3, 1, 0, "bl" },
		{ 4, 1, 0, "ah" }, { 5, 1, 0, "ch" }, { 6, 1, 0, "dh" }, { 7, 1, 0, "bh" },
		{ 4, 1, 1, "spl" }, { 5, 1, 1, "bpl" }, { 6, 1, 1, "sil" }, { 7, 1, 1, "dil" },
		{ 0, 1, 1, "al" }, { 4, 8, 0, "rsp" }, { 5, 2, 0, "bp" }, { 6, 4, 0, "esi" },
		{ 8, 1, 1, "r8b" }, { 9, 2, 1, "r9w" }, { 12, 4, 1, "r12d" }, { 13, 8, 1, "r13" },
		{ 15, 1, 1, "r15b" }, { 15, 8, 1, "r15" }, { 10, 4, 1, "r10d" },
	};
	for (size_t i = 0; i < ARR(g); i++) {
		const char *n = vie_gpr_name(g[i].num, g[i].size, g[i].rex);
		XSTR(n, g[i].n, "vie_gpr_name(%u, %u, %d) = %s, want %s", g[i].num,
		    g[i].size, g[i].rex, n ? n : "(null)", g[i].n);
	}
}

/* vie_reg_operand(): class and size of the ModRM.reg operand */
Test(abi, reg_operand_class)
{
	static const struct { enum tmode m; const char *hex; int rc; unsigned size; } t[] = {
		{ L64, "48 89 08", VIE_RC_GPR, 8 },
		{ L64, "88 20", VIE_RC_GPR, 1 },
		{ R16, "89 07", VIE_RC_GPR, 2 },
		{ L64, "8c 18", VIE_RC_SREG, 2 },
		{ L64, "0f 6f 00", VIE_RC_MMX, 8 },
		{ L64, "0f 10 00", VIE_RC_XMM, 16 },
		{ L64, "c5 fc 10 00", VIE_RC_YMM, 32 },
		{ L64, "c7 00 00 00 00 00", VIE_RC_NONE, ANY },
		{ L64, "f7 18", VIE_RC_NONE, ANY },
		{ L64, "a4", VIE_RC_NONE, ANY },
	};
	for (size_t i = 0; i < ARR(t); i++) {
		struct vie v = DEC(t[i].m, t[i].hex);
		unsigned size = 12345;
		enum vie_reg_class rc = vie_reg_operand(&v, &size);
		XEQ(rc, t[i].rc, "%s: reg class %d, want %d", t[i].hex, rc, t[i].rc);
		if (t[i].size != (unsigned)ANY)
			XEQ(size, t[i].size, "%s: reg size %u, want %u", t[i].hex, size,
			    t[i].size);
	}
}

/* struct vie_op.op_flags as decode.h defines them (bhyve's first five) */
Test(abi, op_flags)
{
	enum { B = VIE_OP_F_BYTE_OP, I = VIE_OP_F_IMM, I8 = VIE_OP_F_IMM8,
	       MO = VIE_OP_F_MOFFSET, NM = VIE_OP_F_NO_MODRM, ST = VIE_OP_F_STRING };
	static const struct { enum tmode m; const char *hex; int set, clear; } t[] = {
		{ L64, "88 00", B, I | I8 | NM | MO | ST },
		{ L64, "89 00", 0, B | I | I8 | NM | MO | ST },
		{ L64, "c6 00 01", B | I8, I | NM },
		{ L64, "c7 00 01 00 00 00", I, B | I8 | NM },
		{ P32, "80 00 01", B | I8, I },
		{ P32, "81 00 01 00 00 00", I, B | I8 },
		{ P32, "83 00 01", I8, B | I },
		{ R16, "81 07 01 00", I, B | I8 },
		{ L64, "f6 00 01", B | I8, I },
		{ L64, "f7 00 01 00 00 00", I, B | I8 },
		{ L64, "69 00 01 00 00 00", I, I8 },
		{ L64, "6b 00 01", I8, I },
		{ L64, "c1 00 01", I8, B | I },
		{ L64, "d1 00", 0, B | I | I8 },
		{ L64, "0f ba 20 01", I8, I },
		{ L64, "a0 00 00 00 00 00 00 00 00", MO | NM | B, I | I8 | ST },
		{ P32, "a1 00 00 00 00", MO | NM, B | I | I8 | ST },
		{ L64, "a4", NM | ST, MO | I | I8 },
		{ L64, "48 ab", NM | ST, B | MO },
		{ L64, "6c", NM | ST, MO },
		{ L64, "0f b6 00", 0, NM | ST | MO },
	};
	for (size_t i = 0; i < ARR(t); i++) {
		struct vie v = DEC(t[i].m, t[i].hex);
		XEQ(v.op.op_flags & t[i].set, t[i].set, "%s: op_flags %#x lacks %#x",
		    t[i].hex, v.op.op_flags, t[i].set);
		XEQ(v.op.op_flags & t[i].clear, 0, "%s: op_flags %#x has %#x",
		    t[i].hex, v.op.op_flags, v.op.op_flags & t[i].clear);
	}
}
