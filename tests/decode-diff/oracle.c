/*
 * vie_decode against Zydis 4.0 (see oracle.h).
 *
 * Rules (from the issue and ../shared/ORACLES.md):
 *  - Zydis decodes an in-family instruction -> vie must decode it, and every
 *    field must agree (completeness + correctness).
 *  - Zydis decodes something else -> vie may say UNSUPPORTED; if vie decodes
 *    it anyway the fields must agree; INVALID/TRUNCATED/TOO_LONG are wrong
 *    (the bytes are a valid, complete instruction).
 *  - Zydis rejects -> vie must not decode.  When Zydis runs out of bytes and
 *    a padded continuation is an in-family instruction, vie must say
 *    TRUNCATED.  Zydis TOO_LONG -> vie must not say TRUNCATED, and must say
 *    TOO_LONG when dropping repeated prefixes leaves an in-family
 *    instruction.
 */
#define _GNU_SOURCE
#include "oracle.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

const struct dd_mode_info dd_modes[DD_NMODES] = {
	[DD_REAL] = {"real", CPU_MODE_REAL, 0, ZYDIS_MACHINE_MODE_REAL_16, ZYDIS_STACK_WIDTH_16},
	[DD_PROT16] = {"prot16", CPU_MODE_PROTECTED, 0, ZYDIS_MACHINE_MODE_LEGACY_16, ZYDIS_STACK_WIDTH_16},
	[DD_PROT32] = {"prot32", CPU_MODE_PROTECTED, 1, ZYDIS_MACHINE_MODE_LEGACY_32, ZYDIS_STACK_WIDTH_32},
	[DD_COMPAT16] = {"compat16", CPU_MODE_COMPATIBILITY, 0, ZYDIS_MACHINE_MODE_LONG_COMPAT_16,
	    ZYDIS_STACK_WIDTH_16},
	[DD_COMPAT32] = {"compat32", CPU_MODE_COMPATIBILITY, 1, ZYDIS_MACHINE_MODE_LONG_COMPAT_32,
	    ZYDIS_STACK_WIDTH_32},
	[DD_LONG64] = {"64", CPU_MODE_64BIT, 0, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64},
};

const char *const dd_family_names[DF_COUNT] = {
	[DF_MOV] = "mov", [DF_MOVX] = "movzx/movsx", [DF_MOVSXD] = "movsxd",
	[DF_MOVBE] = "movbe", [DF_XCHG] = "xchg", [DF_CMOV] = "cmovcc", [DF_SETCC] = "setcc",
	[DF_ALU] = "alu 00-3b", [DF_GRP1] = "group1 80-83", [DF_TEST] = "test",
	[DF_GRP3] = "group3 f6/f7", [DF_IMUL] = "imul", [DF_INCDEC] = "inc/dec",
	[DF_SHIFT] = "shift/rotate", [DF_BT] = "bt*", [DF_CMPXCHG] = "cmpxchg",
	[DF_XADD] = "xadd", [DF_CMPXCHGNB] = "cmpxchg8b/16b", [DF_PUSHPOP] = "push/pop",
	[DF_STRING] = "string", [DF_CLFLUSH] = "clflush*", [DF_SSE] = "sse/mmx moves",
	[DF_AVX] = "avx moves", [DF_BEXTR] = "bextr",
};

int
dd_oracle_init(struct dd_oracle *o)
{
	memset(o, 0, sizeof(*o));
	for (int m = 0; m < DD_NMODES; m++) {
		if (!ZYAN_SUCCESS(ZydisDecoderInit(&o->dec[m], dd_modes[m].zmode, dd_modes[m].zstack)))
			return -1;
	}
	o->page = (size_t)sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, 2 * o->page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	o->guard = p;
	if (mprotect(o->guard + o->page, o->page, PROT_NONE) != 0)
		return -1;
	return 0;
}

void
dd_oracle_fini(struct dd_oracle *o)
{
	if (o->guard != NULL)
		munmap(o->guard, 2 * o->page);
	o->guard = NULL;
}

void
dd_hex(const uint8_t *b, size_t n, char *buf, size_t bufsz)
{
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && off + 4 < bufsz; i++)
		off += (size_t)snprintf(buf + off, bufsz - off, "%s%02x", i ? " " : "", b[i]);
}

/* x86 register number -> bhyve's VM_REG_GUEST_* */
static const int gpr_to_vm[16] = {
	VM_REG_GUEST_RAX, VM_REG_GUEST_RCX, VM_REG_GUEST_RDX, VM_REG_GUEST_RBX,
	VM_REG_GUEST_RSP, VM_REG_GUEST_RBP, VM_REG_GUEST_RSI, VM_REG_GUEST_RDI,
	VM_REG_GUEST_R8, VM_REG_GUEST_R9, VM_REG_GUEST_R10, VM_REG_GUEST_R11,
	VM_REG_GUEST_R12, VM_REG_GUEST_R13, VM_REG_GUEST_R14, VM_REG_GUEST_R15,
};

int
dd_vm_reg(ZydisRegister r)
{
	if (r == ZYDIS_REGISTER_NONE)
		return VM_REG_LAST;
	switch (ZydisRegisterGetClass(r)) {
	case ZYDIS_REGCLASS_GPR16:
	case ZYDIS_REGCLASS_GPR32:
	case ZYDIS_REGCLASS_GPR64:
		return gpr_to_vm[ZydisRegisterGetId(r) & 15];
	case ZYDIS_REGCLASS_IP:
		return VM_REG_GUEST_RIP; /* RIP, or EIP under 67 in 64-bit mode */
	default:
		break;
	}
	switch (r) {
	case ZYDIS_REGISTER_ES: return VM_REG_GUEST_ES;
	case ZYDIS_REGISTER_CS: return VM_REG_GUEST_CS;
	case ZYDIS_REGISTER_SS: return VM_REG_GUEST_SS;
	case ZYDIS_REGISTER_DS: return VM_REG_GUEST_DS;
	case ZYDIS_REGISTER_FS: return VM_REG_GUEST_FS;
	case ZYDIS_REGISTER_GS: return VM_REG_GUEST_GS;
	default: return -2; /* a register vie has no name for: never equal */
	}
}

/* The prefix Zydis consumed as an opcode extension (0 if none).  The last
 * F2/F3 outranks 66, as Zydis and the SDM tables have it. */
static unsigned
mandatory_prefix(const ZydisDecodedInstruction *in)
{
	if (in->encoding == ZYDIS_INSTRUCTION_ENCODING_VEX) {
		static const unsigned pp[4] = {0, 0x66, 0xf3, 0xf2};
		return pp[in->raw.vex.pp & 3];
	}
	unsigned rep = 0, opsz = 0;
	for (unsigned i = 0; i < in->raw.prefix_count; i++) {
		if (in->raw.prefixes[i].type != ZYDIS_PREFIX_TYPE_MANDATORY)
			continue;
		unsigned v = in->raw.prefixes[i].value;
		if (v == 0xf2 || v == 0xf3)
			rep = v;
		else if (v == 0x66)
			opsz = v;
	}
	return rep ? rep : opsz;
}

int
dd_family_of(const ZydisDecodedInstruction *in, enum dd_mode mode)
{
	unsigned op = in->opcode, reg = in->raw.modrm.reg, mod = in->raw.modrm.mod;
	unsigned mp = mandatory_prefix(in);
	int mem = (in->attributes & ZYDIS_ATTRIB_HAS_MODRM) && mod != 3;

	if (in->encoding == ZYDIS_INSTRUCTION_ENCODING_VEX) {
		if (in->opcode_map == ZYDIS_OPCODE_MAP_0F) {
			switch (op) {
			case 0x10: case 0x11: /* VMOVUPS/UPD/SS/SD */
				return DF_AVX;
			case 0x28: case 0x29: /* VMOVAPS/APD */
				return (mp == 0 || mp == 0x66) ? DF_AVX : -1;
			case 0x2b: /* VMOVNTPS/PD */
				return ((mp == 0 || mp == 0x66) && mem) ? DF_AVX : -1;
			case 0x6f: case 0x7f: /* VMOVDQA/VMOVDQU */
				return (mp == 0x66 || mp == 0xf3) ? DF_AVX : -1;
			case 0x6e: /* VMOVD/VMOVQ xmm, r/m */
				return mp == 0x66 ? DF_AVX : -1;
			case 0x7e: /* VMOVD/VMOVQ r/m, xmm; VMOVQ xmm, xmm/m64 */
				return (mp == 0x66 || mp == 0xf3) ? DF_AVX : -1;
			case 0xd6: /* VMOVQ xmm/m64, xmm */
				return mp == 0x66 ? DF_AVX : -1;
			case 0xe7: /* VMOVNTDQ */
				return (mp == 0x66 && mem) ? DF_AVX : -1;
			}
		} else if (in->opcode_map == ZYDIS_OPCODE_MAP_0F38) {
			if (op == 0x2a && mp == 0x66 && mem) /* VMOVNTDQA */
				return DF_AVX;
			if (op == 0xf7 && mp == 0) /* BEXTR (66/F2/F3: SHLX/SHRX/SARX) */
				return DF_BEXTR;
		}
		return -1;
	}
	if (in->encoding != ZYDIS_INSTRUCTION_ENCODING_LEGACY)
		return -1;

	if (in->opcode_map == ZYDIS_OPCODE_MAP_DEFAULT) {
		if (op < 0x40 && (op & 7) < 4)
			return DF_ALU;
		switch (op) {
		case 0x63: return mode == DD_LONG64 ? DF_MOVSXD : -1; /* else ARPL */
		case 0x69: case 0x6b: return DF_IMUL;
		case 0x6c: case 0x6d: case 0x6e: case 0x6f: return DF_STRING;
		case 0x80: case 0x81: case 0x83: return DF_GRP1;
		case 0x82: return mode == DD_LONG64 ? -1 : DF_GRP1;
		case 0x84: case 0x85: return DF_TEST;
		case 0x86: case 0x87: return DF_XCHG;
		case 0x88: case 0x89: case 0x8a: case 0x8b: case 0x8c: return DF_MOV;
		case 0x8f: return reg == 0 ? DF_PUSHPOP : -1;
		case 0xa0: case 0xa1: case 0xa2: case 0xa3: return DF_MOV;
		case 0xa4: case 0xa5: case 0xa6: case 0xa7:
		case 0xaa: case 0xab: case 0xac: case 0xad: case 0xae: case 0xaf:
			return DF_STRING;
		case 0xc0: case 0xc1: case 0xd0: case 0xd1: case 0xd2: case 0xd3:
			return DF_SHIFT;
		case 0xc6: case 0xc7: return reg == 0 ? DF_MOV : -1; /* /7 is XABORT/XBEGIN */
		case 0xf6: case 0xf7: return reg < 2 ? DF_TEST : DF_GRP3;
		case 0xfe: return reg < 2 ? DF_INCDEC : -1;
		case 0xff: return reg < 2 ? DF_INCDEC : reg == 6 ? DF_PUSHPOP : -1;
		}
		return -1;
	}
	if (in->opcode_map == ZYDIS_OPCODE_MAP_0F) {
		if (op >= 0x40 && op <= 0x4f)
			return DF_CMOV;
		if (op >= 0x90 && op <= 0x9f)
			return DF_SETCC;
		switch (op) {
		case 0x10: case 0x11: return DF_SSE; /* MOVUPS/UPD/SS/SD */
		case 0x28: case 0x29: return (mp == 0 || mp == 0x66) ? DF_SSE : -1;
		case 0x2b: /* MOVNTPS/PD; F2/F3 are AMD's MOVNTSD/SS */
			return ((mp == 0 || mp == 0x66) && mem) ? DF_SSE : -1;
		case 0x6e: return (mp == 0 || mp == 0x66) ? DF_SSE : -1;
		case 0x7e: return (mp == 0 || mp == 0x66 || mp == 0xf3) ? DF_SSE : -1;
		case 0x6f: case 0x7f: return (mp == 0 || mp == 0x66 || mp == 0xf3) ? DF_SSE : -1;
		case 0xd6: return mp == 0x66 ? DF_SSE : -1; /* F2/F3: MOVDQ2Q/MOVQ2DQ */
		case 0xe7: return (mp == 0x66 && mem) ? DF_SSE : -1; /* no prefix: MOVNTQ */
		case 0xc3: return (mp == 0 && mem) ? DF_SSE : -1; /* MOVNTI */
		case 0xa3: case 0xab: case 0xb3: case 0xbb: return DF_BT;
		case 0xba: return reg >= 4 ? DF_BT : -1;
		case 0xae: /* mod 3 forms are fences / TPAUSE etc. */
			if (!mem)
				return -1;
			if (reg == 7 && (mp == 0 || mp == 0x66))
				return DF_CLFLUSH;
			if (reg == 6 && mp == 0x66)
				return DF_CLFLUSH;
			return -1;
		case 0xaf: return DF_IMUL;
		case 0xb0: case 0xb1: return DF_CMPXCHG;
		case 0xc0: case 0xc1: return DF_XADD;
		case 0xb6: case 0xb7: case 0xbe: case 0xbf: return DF_MOVX;
		case 0xc7: return (reg == 1 && mem) ? DF_CMPXCHGNB : -1;
		}
		return -1;
	}
	if (in->opcode_map == ZYDIS_OPCODE_MAP_0F38) {
		if (op == 0x2a && mp == 0x66 && mem) /* MOVNTDQA */
			return DF_SSE;
		if ((op == 0xf0 || op == 0xf1) && (mp == 0 || mp == 0x66) && mem) /* F2: CRC32 */
			return DF_MOVBE;
	}
	return -1;
}

int
dd_zydis_r13d_defect(const ZydisDecodedInstruction *in)
{
	int b = 0;
	if (in->encoding == ZYDIS_INSTRUCTION_ENCODING_VEX)
		b = !in->raw.vex.B; /* stored inverted, as encoded */
	else if (in->attributes & ZYDIS_ATTRIB_HAS_REX)
		b = in->raw.rex.B;
	return in->machine_mode == ZYDIS_MACHINE_MODE_LONG_64 && in->address_width == 32 &&
	    (in->attributes & ZYDIS_ATTRIB_HAS_SIB) && b && in->raw.modrm.mod == 0 &&
	    in->raw.sib.base == 5;
}

int
dd_zydis_movsxd16_defect(const ZydisDecodedInstruction *in)
{
	return in->encoding == ZYDIS_INSTRUCTION_ENCODING_LEGACY &&
	    in->opcode_map == ZYDIS_OPCODE_MAP_DEFAULT && in->opcode == 0x63 &&
	    in->machine_mode == ZYDIS_MACHINE_MODE_LONG_64 && in->operand_width == 16;
}

int
dd_zydis_knc(const ZydisDecodedInstruction *in)
{
	return in->meta.isa_ext == ZYDIS_ISA_EXT_KNC || in->meta.isa_ext == ZYDIS_ISA_EXT_KNCE ||
	    in->meta.isa_ext == ZYDIS_ISA_EXT_KNCV;
}

unsigned
dd_zydis_clflush_size(const ZydisDecodedInstruction *in, unsigned zydis_bytes)
{
	(void)in;
	return zydis_bytes == 64 ? 1 : zydis_bytes;
}

#define FAIL(r, f, ...) do { \
	(r)->field = (f); \
	snprintf((r)->vie_val, sizeof((r)->vie_val), "%s", "?"); \
	__VA_ARGS__; \
	(r)->outcome = DD_DISAGREE; \
	return DD_DISAGREE; \
} while (0)

/* Compare one numeric field. */
#define CMP(r, name, vie_v, zy_v) do { \
	long long vv_ = (long long)(vie_v), zv_ = (long long)(zy_v); \
	if (vv_ != zv_) \
		FAIL(r, name, snprintf((r)->vie_val, sizeof((r)->vie_val), "%lld (0x%llx)", vv_, \
		    (unsigned long long)vv_), \
		    snprintf((r)->zy_val, sizeof((r)->zy_val), "%lld (0x%llx)", zv_, \
		    (unsigned long long)zv_)); \
} while (0)

#define CMPS(r, name, vie_s, zy_s) do { \
	const char *vs_ = (vie_s), *zs_ = (zy_s); \
	if ((vs_ == NULL) != (zs_ == NULL) || (vs_ != NULL && strcmp(vs_, zs_) != 0)) \
		FAIL(r, name, snprintf((r)->vie_val, sizeof((r)->vie_val), "%s", vs_ ? vs_ : "(none)"), \
		    snprintf((r)->zy_val, sizeof((r)->zy_val), "%s", zs_ ? zs_ : "(none)")); \
} while (0)

static const char *
vm_reg_str(int r)
{
	if (r == VM_REG_LAST)
		return "(none)";
	const char *s = vie_vm_reg_name(r);
	return s ? s : "(unnamed)";
}

#define CMPREG(r, name, vie_v, zy_v) do { \
	int vr_ = (vie_v), zr_ = (zy_v); \
	if (vr_ != zr_) \
		FAIL(r, name, snprintf((r)->vie_val, sizeof((r)->vie_val), "%s", vm_reg_str(vr_)), \
		    snprintf((r)->zy_val, sizeof((r)->zy_val), "%s", vm_reg_str(zr_))); \
} while (0)

/* Both decoded: compare every field the contract defines. */
static enum dd_outcome
compare_fields(enum dd_mode mode, const struct vie *v, const ZydisDecodedInstruction *in,
    const ZydisDecodedOperand *ops, struct dd_result *r)
{
	const int m64 = mode == DD_LONG64;
	const int is_vex = in->encoding == ZYDIS_INSTRUCTION_ENCODING_VEX;
	const uint64_t at = in->attributes;

	CMP(r, "length", v->num_processed, in->length);
	CMPS(r, "mnemonic", vie_mnemonic(v), ZydisMnemonicGetString(in->mnemonic));
	CMP(r, "opsize", vie_operand_size(v), in->operand_width / 8);
	/* struct vie's opsize is the integer operand size (for BEXTR in
	 * 16-bit modes that of its r32 operands, while Zydis's operand_width
	 * says 2); for SIMD moves and CMPXCHG8B/16B it is the
	 * decoder's own data size. */
	if (r->family >= 0 && r->family != DF_SSE && r->family != DF_AVX &&
	    r->family != DF_CMPXCHGNB && r->family != DF_CLFLUSH &&
	    !(in->opcode_map == ZYDIS_OPCODE_MAP_DEFAULT && in->opcode == 0x8c))
		/* (MOV r/m, Sreg stores 16 bits to memory whatever the
		 * operand size; the struct field says what is accessed) */
	{
		unsigned want = in->operand_width / 8;
		if (r->family == DF_BEXTR)
			want = ops[0].size / 8;
		if (r->family == DF_STRING) /* INSD/OUTSD stay 4 under REX.W */
			for (unsigned i = 0; i < in->operand_count; i++)
				if (ops[i].type == ZYDIS_OPERAND_TYPE_MEMORY) {
					want = ops[i].size / 8;
					break;
				}
		CMP(r, "opsize(struct field)", v->opsize, want);
	}
	CMP(r, "addrsize", v->addrsize, in->address_width / 8);

	/* REX / VEX bits as the decoder folds them. */
	unsigned R = 0, X = 0, B = 0;
	if (is_vex) {
		/* Outside 64-bit mode VEX.R/X must be 1 (else LES/LDS), VEX.B
		 * and VEX.vvvv[3] are ignored (SDM vol. 2 2.3.5). */
		if (m64) {
			R = !in->raw.vex.R;
			X = !in->raw.vex.X;
			B = !in->raw.vex.B;
		}
		CMP(r, "vex_present", v->vex_present, 1);
		CMP(r, "vex_l", v->vex_l, in->raw.vex.L);
		CMP(r, "vex_pp", v->vex_pp, in->raw.vex.pp);
		CMP(r, "vex_w", v->vex_w, in->raw.vex.W);
		CMP(r, "vex_reg", v->vex_reg, (~in->raw.vex.vvvv) & (m64 ? 15 : 7));
	} else {
		CMP(r, "vex_present", v->vex_present, 0);
		const int has_rex = (at & ZYDIS_ATTRIB_HAS_REX) != 0;
		CMP(r, "rex_present", v->rex_present, has_rex);
		if (has_rex) {
			R = in->raw.rex.R;
			X = in->raw.rex.X;
			B = in->raw.rex.B;
			CMP(r, "rex_w", v->rex_w, in->raw.rex.W);
			CMP(r, "rex_r", v->rex_r, R);
			CMP(r, "rex_x", v->rex_x, X);
			CMP(r, "rex_b", v->rex_b, B);
		}
	}

	if (at & ZYDIS_ATTRIB_HAS_MODRM) {
		CMP(r, "modrm.mod", v->mod, in->raw.modrm.mod);
		CMP(r, "modrm.reg", v->reg, in->raw.modrm.reg | R << 3);
		CMP(r, "modrm.rm", v->rm, in->raw.modrm.rm | B << 3);
	}
	if (at & ZYDIS_ATTRIB_HAS_SIB) {
		CMP(r, "sib.ss", v->ss, in->raw.sib.scale);
		CMP(r, "sib.index", v->index, in->raw.sib.index | X << 3);
		CMP(r, "sib.base", v->base, in->raw.sib.base | B << 3);
	}

	/* The ModRM.reg operand. */
	const char *zreg = NULL;
	const ZydisDecodedOperand *expl = NULL, *src_str = NULL, *any_hidden = NULL;
	for (unsigned i = 0; i < in->operand_count; i++) {
		const ZydisDecodedOperand *o = &ops[i];
		if (o->type == ZYDIS_OPERAND_TYPE_REGISTER &&
		    o->encoding == ZYDIS_OPERAND_ENCODING_MODRM_REG)
			zreg = ZydisRegisterGetString(o->reg.value);
		if (o->type != ZYDIS_OPERAND_TYPE_MEMORY || o->mem.type != ZYDIS_MEMOP_TYPE_MEM)
			continue;
		if (o->visibility == ZYDIS_OPERAND_VISIBILITY_EXPLICIT) {
			if (expl == NULL)
				expl = o;
		} else if (o->visibility == ZYDIS_OPERAND_VISIBILITY_HIDDEN) {
			if (any_hidden == NULL)
				any_hidden = o;
			if (ZydisRegisterGetId(o->mem.base) == 6) /* rSI: the string source */
				src_str = o;
		}
	}
	CMPS(r, "reg operand", vie_reg_operand_name(v), zreg);

	/* Memory operand. */
	/* Implicit addressing counts only for string instructions (PUSH/POP
	 * r/m also have a hidden stack operand). */
	const int kind = expl ? 1 : (any_hidden && r->family == DF_STRING) ? 2 : 0;
	CMP(r, "mem kind", vie_mem_kind(v), kind);
	if (kind != 0) {
		/* In 64-bit mode only FS/GS overrides take effect (ORACLES.md). */
		const uint64_t seg_attr = m64 ?
		    (ZYDIS_ATTRIB_HAS_SEGMENT_FS | ZYDIS_ATTRIB_HAS_SEGMENT_GS) : ZYDIS_ATTRIB_HAS_SEGMENT;
		CMP(r, "segment override", v->segment_override, (at & seg_attr) != 0);
	}
	if (kind == 1) {
		const ZydisDecodedOperandMem *mm = &expl->mem;
		int zbase = dd_vm_reg(mm->base);
		int64_t zd = mm->disp.has_displacement ? mm->disp.value : 0;
		if (dd_zydis_r13d_defect(in)) {
			/* Zydis defect (see oracle.h): no base, disp32. */
			zbase = VM_REG_LAST;
			zd = in->raw.disp.value;
		}
		CMPREG(r, "mem.seg", v->segment_register, dd_vm_reg(mm->segment));
		CMPREG(r, "mem.base", v->base_register, zbase);
		CMPREG(r, "mem.index", v->index_register, dd_vm_reg(mm->index));
		CMP(r, "mem.scale", v->scale, mm->scale);
		CMP(r, "mem.riprel", v->base_register == VM_REG_GUEST_RIP,
		    ZydisRegisterGetClass(mm->base) == ZYDIS_REGCLASS_IP);
		CMP(r, "disp_bytes", v->disp_bytes, in->raw.disp.size / 8);
		if (expl->encoding == ZYDIS_OPERAND_ENCODING_DISP16_32_64 && in->raw.disp.size < 64) {
			/* moffs: vie zero-extends the offset, Zydis sign-extends it. */
			zd = (int64_t)((uint64_t)zd & ((UINT64_C(1) << in->raw.disp.size) - 1));
		}
		CMP(r, "mem.disp", v->displacement, zd);
		unsigned zms = expl->size / 8;
		if (dd_zydis_movsxd16_defect(in))
			zms = 2; /* Zydis defect (see oracle.h): r/m16 per the SDM */
		if (r->family == DF_CLFLUSH)
			zms = dd_zydis_clflush_size(in, zms);
		CMP(r, "memsize", vie_mem_size(v), zms);
	} else if (kind == 2) {
		if (src_str != NULL)
			CMPREG(r, "mem.seg (string source)", v->segment_register,
			    dd_vm_reg(src_str->mem.segment));
		CMP(r, "memsize", vie_mem_size(v), any_hidden->size / 8);
	} else {
		CMP(r, "memsize", vie_mem_size(v), 0);
	}

	/* Immediate: the encoded width and its low bits. */
	unsigned isz = in->raw.imm[0].size;
	CMP(r, "imm_bytes", v->imm_bytes, isz / 8);
	if (isz != 0) {
		uint64_t mask = isz >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << isz) - 1;
		CMP(r, "immediate", (uint64_t)v->immediate & mask, in->raw.imm[0].value.u & mask);
	}

	/* Prefixes. */
	CMP(r, "lock", v->lock_present, (at & ZYDIS_ATTRIB_HAS_LOCK) != 0);
	CMP(r, "addrsize_override", v->addrsize_override, (at & ZYDIS_ATTRIB_HAS_ADDRESSSIZE) != 0);
	if (at & (ZYDIS_ATTRIB_ACCEPTS_REP | ZYDIS_ATTRIB_ACCEPTS_REPE | ZYDIS_ATTRIB_ACCEPTS_REPNE)) {
		/* Of F2/F3 the last one counts. */
		int rep = v->repz_present && (!v->repnz_present || v->rep_last);
		int repne = v->repnz_present && !(v->repz_present && v->rep_last);
		CMP(r, "rep", rep, (at & (ZYDIS_ATTRIB_HAS_REP | ZYDIS_ATTRIB_HAS_REPE)) != 0);
		CMP(r, "repne", repne, (at & ZYDIS_ATTRIB_HAS_REPNE) != 0);
	}
	r->outcome = DD_AGREE_OK;
	return DD_AGREE_OK;
}

static int
zydis_decode(struct dd_oracle *o, enum dd_mode mode, const uint8_t *b, size_t len,
    ZydisDecodedInstruction *in, ZydisDecodedOperand *ops, ZyanStatus *st)
{
	*st = ZydisDecoderDecodeFull(&o->dec[mode], b, len, in, ops);
	return ZYAN_SUCCESS(*st);
}

/* Does some continuation of a truncated input make an in-family
 * instruction?  Tries a few fill bytes that select common ModRM.reg values. */
static int
truncated_in_family(struct dd_oracle *o, enum dd_mode mode, const uint8_t *b, size_t len)
{
	static const uint8_t fills[] = {0x00, 0x08, 0x30, 0x38, 0xc0, 0x05};
	uint8_t buf[32];
	if (len >= 15)
		return 0;
	for (size_t f = 0; f < sizeof(fills); f++) {
		memcpy(buf, b, len);
		memset(buf + len, fills[f], sizeof(buf) - len);
		ZydisDecodedInstruction in;
		ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
		ZyanStatus st;
		if (zydis_decode(o, mode, buf, sizeof(buf), &in, ops, &st) && in.length > len &&
		    dd_family_of(&in, mode) >= 0)
			return 1;
	}
	return 0;
}

/* For a Zydis TOO_LONG input: drop leading prefixes that are repeated
 * later in the prefix run (so the instruction's meaning is unchanged)
 * until Zydis decodes it.  Returns 1 if that instruction is in-family:
 * then the original is that instruction made too long, and vie must say
 * TOO_LONG. */
static int
too_long_in_family(struct dd_oracle *o, enum dd_mode mode, const uint8_t *b, size_t len)
{
	static const uint8_t legacy[] = {0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e,
	    0x64, 0x65};
	size_t start = 0;
	while (start + 1 < len && memchr(legacy, b[start], sizeof(legacy)) != NULL) {
		size_t run = start + 1;
		int again = 0;
		while (run < len && memchr(legacy, b[run], sizeof(legacy)) != NULL) {
			again |= b[run] == b[start];
			run++;
		}
		if (!again)
			return 0;
		start++;
		ZydisDecodedInstruction in;
		ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
		ZyanStatus st;
		if (zydis_decode(o, mode, b + start, len - start, &in, ops, &st))
			return dd_family_of(&in, mode) >= 0;
		if (st != ZYDIS_STATUS_INSTRUCTION_TOO_LONG)
			return 0;
	}
	return 0;
}

/* Every decoded field of two struct vie (field by field: the bitfields'
 * spare bits and the padding are not part of the result). */
static int
same_decode(const struct vie *a, const struct vie *b)
{
#define SAME(f) (a->f == b->f)
	return SAME(num_processed) && SAME(addrsize) && SAME(opsize) && SAME(rex_w) &&
	    SAME(rex_r) && SAME(rex_x) && SAME(rex_b) && SAME(rex_present) && SAME(repz_present) &&
	    SAME(repnz_present) && SAME(opsize_override) && SAME(addrsize_override) &&
	    SAME(segment_override) && SAME(mod) && SAME(reg) && SAME(rm) && SAME(ss) &&
	    SAME(vex_present) && SAME(vex_l) && SAME(index) && SAME(base) && SAME(disp_bytes) &&
	    SAME(imm_bytes) && SAME(scale) && SAME(vex_reg) && SAME(vex_pp) && SAME(lock_present) &&
	    SAME(vex_w) && SAME(desc) && SAME(base_register) && SAME(index_register) &&
	    SAME(segment_register) && SAME(displacement) && SAME(immediate) && SAME(decoded) &&
	    SAME(rep_last) && SAME(op.op_byte) && SAME(op.op_type) && SAME(op.op_flags);
#undef SAME
}

enum dd_outcome
dd_check(struct dd_oracle *o, enum dd_mode mode, const uint8_t *bytes, size_t len,
    struct dd_result *r)
{
	memset(r, 0, sizeof(*r));
	r->family = -1;
	if (len > 64)
		len = 64;

	/* vie reads from the very end of a readable page. */
	uint8_t *vb = o->guard + o->page - len;
	memcpy(vb, bytes, len);
	struct vie v;
	memset(&v, 0xa5, sizeof(v)); /* garbage in: vie must set what it reports */
	r->vie_status = vie_decode(&v, vb, len, dd_modes[mode].cpu_mode, dd_modes[mode].cs_d);

	/* decode.h: vie->decoded is 1 exactly on VIE_OK. */
	if (v.decoded != (r->vie_status == VIE_OK))
		FAIL(r, "decoded flag", snprintf(r->vie_val, sizeof(r->vie_val), "%u with %s",
		    v.decoded, vie_status_name(r->vie_status)),
		    snprintf(r->zy_val, sizeof(r->zy_val), "(contract)"));
	/* CS.D is ignored in real and 64-bit mode: same answer with it set. */
	if (mode == DD_REAL || mode == DD_LONG64) {
		struct vie v2;
		memset(&v2, 0xa5, sizeof(v2));
		int st2 = vie_decode(&v2, vb, len, dd_modes[mode].cpu_mode, 1);
		if (st2 != r->vie_status || (st2 == VIE_OK && !same_decode(&v, &v2)))
			FAIL(r, "cs_d ignored", snprintf(r->vie_val, sizeof(r->vie_val),
			    "cs_d=1: %s, differs", vie_status_name(st2)),
			    snprintf(r->zy_val, sizeof(r->zy_val), "cs_d=0: %s",
			    vie_status_name(r->vie_status)));
	}

	/* bhyve's entry points give the same answer (inputs that fit in
	 * struct vie's 15-byte buffer). */
	if (len <= VIE_INST_SIZE) {
		struct vie b;
		vie_init(&b, (const char *)vb, (int)len);
		int brc = vmm_decode_instruction(dd_modes[mode].cpu_mode, dd_modes[mode].cs_d, &b);
		if ((brc == 0) != (r->vie_status == VIE_OK) || (brc == 0 && !same_decode(&v, &b)))
			FAIL(r, "bhyve entry point", snprintf(r->vie_val, sizeof(r->vie_val),
			    "vmm_decode_instruction %d, fields %s", brc,
			    brc == 0 && !same_decode(&v, &b) ? "differ" : "same"),
			    snprintf(r->zy_val, sizeof(r->zy_val), "vie_decode %s",
			    vie_status_name(r->vie_status)));
	}

	ZydisDecodedInstruction in;
	ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
	ZyanStatus st;
	int zok = zydis_decode(o, mode, bytes, len, &in, ops, &st);
	if (zok && dd_zydis_knc(&in)) {
		/* Zydis defect (oracle.h): not an instruction on the CPUs vie
		 * serves; judge vie as for an invalid encoding. */
		zok = 0;
		st = ZYDIS_STATUS_DECODING_ERROR;
	}
	r->zstatus = st;
	snprintf(r->zy_val, sizeof(r->zy_val), "?");

	if (zok) {
		r->zlen = in.length;
		r->family = dd_family_of(&in, mode);
		r->in_family = r->family >= 0;
		snprintf(r->mnemonic, sizeof(r->mnemonic), "%s", ZydisMnemonicGetString(in.mnemonic));
		if (r->vie_status == VIE_OK) {
			r->extra = !r->in_family;
			return compare_fields(mode, &v, &in, ops, r);
		}
		if (r->vie_status == VIE_UNSUPPORTED && !r->in_family) {
			r->outcome = DD_VIE_UNSUPP;
			return r->outcome;
		}
		FAIL(r, r->in_family ? "status (completeness)" : "status (zydis decoded it)",
		    snprintf(r->vie_val, sizeof(r->vie_val), "%s", vie_status_name(r->vie_status)),
		    snprintf(r->zy_val, sizeof(r->zy_val), "ok %s len %u", r->mnemonic, in.length));
	}

	/* Zydis rejected the bytes. */
	const char *zs = st == ZYDIS_STATUS_NO_MORE_DATA ? "no_more_data" :
	    st == ZYDIS_STATUS_INSTRUCTION_TOO_LONG ? "too_long" : "invalid";
	if (r->vie_status == VIE_OK)
		FAIL(r, "status (vie accepts what zydis rejects)",
		    snprintf(r->vie_val, sizeof(r->vie_val), "ok %s len %u", vie_mnemonic(&v),
		    v.num_processed),
		    snprintf(r->zy_val, sizeof(r->zy_val), "%s (0x%08x)", zs, (unsigned)st));
	if (r->vie_status == VIE_BAD_ARGUMENT)
		FAIL(r, "status", snprintf(r->vie_val, sizeof(r->vie_val), "bad_argument"),
		    snprintf(r->zy_val, sizeof(r->zy_val), "%s", zs));
	if (st == ZYDIS_STATUS_INSTRUCTION_TOO_LONG && r->vie_status == VIE_TRUNCATED)
		FAIL(r, "status (too long, not truncated)",
		    snprintf(r->vie_val, sizeof(r->vie_val), "truncated"),
		    snprintf(r->zy_val, sizeof(r->zy_val), "%s", zs));
	if (st == ZYDIS_STATUS_INSTRUCTION_TOO_LONG && r->vie_status != VIE_TOO_LONG &&
	    too_long_in_family(o, mode, bytes, len))
		FAIL(r, "status (in-family instruction over 15 bytes)",
		    snprintf(r->vie_val, sizeof(r->vie_val), "%s", vie_status_name(r->vie_status)),
		    snprintf(r->zy_val, sizeof(r->zy_val), "%s", zs));
	/* A Zydis-decodable continuation of at most 15 bytes exists, so
	 * neither TOO_LONG nor UNSUPPORTED/INVALID is right. */
	if (st == ZYDIS_STATUS_NO_MORE_DATA && r->vie_status != VIE_TRUNCATED &&
	    truncated_in_family(o, mode, bytes, len))
		FAIL(r, "status (in-family prefix of an instruction)",
		    snprintf(r->vie_val, sizeof(r->vie_val), "%s", vie_status_name(r->vie_status)),
		    snprintf(r->zy_val, sizeof(r->zy_val), "%s", zs));
	r->outcome = DD_AGREE_REJECT;
	return r->outcome;
}
