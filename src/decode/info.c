/*
 * src/decode/info.c - queries on a decoded struct vie: mnemonic, operand
 * and memory sizes, register-operand names.  All table lookups on the
 * descriptor the decoder left in vie->desc.
 */
#include "internal.h"

static const struct vd_desc *
desc_of(const struct vie *vie)
{
	if (vie == NULL || !vie->decoded || vie->desc < 2 || vie->desc >= vd_ndesc)
		return NULL;
	return &vd_desc[vie->desc];
}

/* Condition codes (SDM vol. 1, "EFLAGS Condition Codes") as Zydis spells
 * them in CMOVcc and SETcc. */
static const char *const cmov_names[16] = {
	"cmovo", "cmovno", "cmovb", "cmovnb", "cmovz", "cmovnz", "cmovbe", "cmovnbe",
	"cmovs", "cmovns", "cmovp", "cmovnp", "cmovl", "cmovnl", "cmovle", "cmovnle",
};
static const char *const set_names[16] = {
	"seto", "setno", "setb", "setnb", "setz", "setnz", "setbe", "setnbe",
	"sets", "setns", "setp", "setnp", "setl", "setnl", "setle", "setnle",
};

static unsigned
size_index(unsigned size)
{
	return size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;
}

VIE_API unsigned
vie_operand_size(const struct vie *vie)
{
	return desc_of(vie) == NULL ? 0 : 1u << vie->osz_attr;
}

/* The bytes a SIMD register operand or CMPXCHG8B/16B moves. */
static unsigned
data_size(const struct vie *vie, const struct vd_desc *d)
{
	switch (d->osz) {
	case OSZ_F16:
		return 16;
	case OSZ_VX:
		return vie->vex_l ? 32 : 16;
	case OSZ_CX:
		return vie->rex_w ? 16 : 8;
	default:
		return vie->opsize;
	}
}

VIE_API const char *
vie_mnemonic(const struct vie *vie)
{
	const struct vd_desc *d = desc_of(vie);
	if (d == NULL)
		return NULL;
	const char *const *names = vd_names[d->names];
	switch (d->nrule) {
	case NM_SIZE:
		return names[size_index(vie->opsize)];
	case NM_W:
		return names[d->osz == OSZ_CX ? vie->rex_w : vie->opsize == 8];
	case NM_CC:
		return (d->op_type == VIE_OP_TYPE_CMOV ? cmov_names : set_names)[vie->op.op_byte & 15];
	case NM_REG:
		return vd_shift_names[vie->reg & 7];
	default:
		return names[0];
	}
}

VIE_API int
vie_mem_kind(const struct vie *vie)
{
	const struct vd_desc *d = desc_of(vie);
	if (d == NULL)
		return 0;
	if (d->op_flags & VIE_OP_F_STRING)
		return 2;
	if (d->op_flags & VIE_OP_F_MOFFSET)
		return 1;
	return (d->dflags & D_MODRM) && vie->mod != 3;
}

VIE_API unsigned
vie_mem_size(const struct vie *vie)
{
	const struct vd_desc *d = desc_of(vie);
	if (d == NULL || vie_mem_kind(vie) == 0)
		return 0;
	switch (d->msz) {
	case MSZ_B:
		return 1;
	case MSZ_W:
		return 2;
	case MSZ_D:
		return 4;
	case MSZ_Q:
		return 8;
	case MSZ_X:
		return 16;
	case MSZ_VX:
		return vie->vex_l ? 32 : 16;
	case MSZ_MOVSXD:
		return vie->opsize == 8 ? 4 : vie->opsize;
	default:
		return data_size(vie, d);
	}
}

VIE_API enum vie_reg_class
vie_reg_operand(const struct vie *vie, unsigned *size)
{
	const struct vd_desc *d = desc_of(vie);
	unsigned sz = 0;
	enum vie_reg_class rc = VIE_RC_NONE;
	if (d != NULL) {
		switch (d->rcls) {
		case RCL_GPR:
			rc = VIE_RC_GPR;
			sz = vie->opsize;
			break;
		case RCL_SREG:
			rc = VIE_RC_SREG;
			sz = 2;
			break;
		case RCL_MMX:
			rc = VIE_RC_MMX;
			sz = 8;
			break;
		case RCL_XMM:
			rc = VIE_RC_XMM;
			sz = 16;
			break;
		case RCL_VX:
			rc = vie->vex_l ? VIE_RC_YMM : VIE_RC_XMM;
			sz = vie->vex_l ? 32 : 16;
			break;
		default:
			break;
		}
	}
	if (size != NULL)
		*size = sz;
	return rc;
}

static const char *const gpr_names[4][16] = {
	{"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh",
	 "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"},
	{"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
	 "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"},
	{"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
	 "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"},
	{"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	 "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"},
};
static const char *const byte_rex_names[4] = {"spl", "bpl", "sil", "dil"};
static const char *const sreg_names[6] = {"es", "cs", "ss", "ds", "fs", "gs"};
static const char *const mmx_names[8] = {"mm0", "mm1", "mm2", "mm3", "mm4", "mm5", "mm6", "mm7"};
static const char *const xmm_names[16] = {
	"xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
	"xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
};
static const char *const ymm_names[16] = {
	"ymm0", "ymm1", "ymm2", "ymm3", "ymm4", "ymm5", "ymm6", "ymm7",
	"ymm8", "ymm9", "ymm10", "ymm11", "ymm12", "ymm13", "ymm14", "ymm15",
};

VIE_API const char *
vie_gpr_name(unsigned num, unsigned size, int rex)
{
	if (num > 15 || (size != 1 && size != 2 && size != 4 && size != 8))
		return NULL;
	if (size == 1 && rex && num >= 4 && num < 8)
		return byte_rex_names[num - 4];
	return gpr_names[size_index(size)][num];
}

VIE_API const char *
vie_reg_operand_name(const struct vie *vie)
{
	unsigned size;
	switch (vie_reg_operand(vie, &size)) {
	case VIE_RC_GPR:
		return vie_gpr_name(vie->reg, vie->opsize, vie->rex_present);
	case VIE_RC_SREG:
		return sreg_names[vie->reg & 7];
	case VIE_RC_MMX:
		return mmx_names[vie->reg & 7];
	case VIE_RC_XMM:
		return xmm_names[vie->reg];
	case VIE_RC_YMM:
		return ymm_names[vie->reg];
	default:
		return NULL;
	}
}

static const char *const vm_reg_names[VM_REG_LAST] = {
	[VM_REG_GUEST_RAX] = "rax", [VM_REG_GUEST_RBX] = "rbx", [VM_REG_GUEST_RCX] = "rcx",
	[VM_REG_GUEST_RDX] = "rdx", [VM_REG_GUEST_RSI] = "rsi", [VM_REG_GUEST_RDI] = "rdi",
	[VM_REG_GUEST_RBP] = "rbp", [VM_REG_GUEST_R8] = "r8", [VM_REG_GUEST_R9] = "r9",
	[VM_REG_GUEST_R10] = "r10", [VM_REG_GUEST_R11] = "r11", [VM_REG_GUEST_R12] = "r12",
	[VM_REG_GUEST_R13] = "r13", [VM_REG_GUEST_R14] = "r14", [VM_REG_GUEST_R15] = "r15",
	[VM_REG_GUEST_CR0] = "cr0", [VM_REG_GUEST_CR3] = "cr3", [VM_REG_GUEST_CR4] = "cr4",
	[VM_REG_GUEST_DR7] = "dr7", [VM_REG_GUEST_RSP] = "rsp", [VM_REG_GUEST_RIP] = "rip",
	[VM_REG_GUEST_RFLAGS] = "rflags", [VM_REG_GUEST_ES] = "es", [VM_REG_GUEST_CS] = "cs",
	[VM_REG_GUEST_SS] = "ss", [VM_REG_GUEST_DS] = "ds", [VM_REG_GUEST_FS] = "fs",
	[VM_REG_GUEST_GS] = "gs", [VM_REG_GUEST_LDTR] = "ldtr", [VM_REG_GUEST_TR] = "tr",
	[VM_REG_GUEST_IDTR] = "idtr", [VM_REG_GUEST_GDTR] = "gdtr", [VM_REG_GUEST_EFER] = "efer",
	[VM_REG_GUEST_CR2] = "cr2", [VM_REG_GUEST_PDPTE0] = "pdpte0",
	[VM_REG_GUEST_PDPTE1] = "pdpte1", [VM_REG_GUEST_PDPTE2] = "pdpte2",
	[VM_REG_GUEST_PDPTE3] = "pdpte3", [VM_REG_GUEST_INTR_SHADOW] = "intr_shadow",
	[VM_REG_GUEST_DR0] = "dr0", [VM_REG_GUEST_DR1] = "dr1", [VM_REG_GUEST_DR2] = "dr2",
	[VM_REG_GUEST_DR3] = "dr3", [VM_REG_GUEST_DR6] = "dr6",
	[VM_REG_GUEST_ENTRY_INST_LENGTH] = "entry_inst_length",
};

VIE_API const char *
vie_vm_reg_name(int reg)
{
	if (reg < 0 || reg >= VM_REG_LAST)
		return NULL;
	return vm_reg_names[reg];
}
