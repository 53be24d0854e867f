/*
 * src/decode/decode.c - the decoder proper: prefixes, opcode maps, VEX,
 * ModRM/SIB/displacement, immediates.
 *
 * One pass over at most 15 bytes; every read is preceded by a bounds check
 * (NEED) so nothing past 'len' is ever touched.  All per-instruction
 * knowledge lives in tables.c; this file only walks the encoding.
 */
#include <string.h>

#include "internal.h"

/* Prefix classes: bit numbers in the 'pf' mask, then segments, then REX. */
enum { PK_NONE, PK_66, PK_67, PK_LOCK, PK_F2, PK_F3, PK_SEG = 8, PK_REX = 16 };
#define PF(k) (1u << (k))

static const uint8_t pfx_kind[256] = {
	[0x66] = PK_66, [0x67] = PK_67, [0xF0] = PK_LOCK, [0xF2] = PK_F2, [0xF3] = PK_F3,
	[0x26] = PK_SEG + 0, [0x2E] = PK_SEG + 1, [0x36] = PK_SEG + 2, /* ES CS SS */
	[0x3E] = PK_SEG + 3, [0x64] = PK_SEG + 4, [0x65] = PK_SEG + 5, /* DS FS GS */
	[0x40] = PK_REX, [0x41] = PK_REX, [0x42] = PK_REX, [0x43] = PK_REX,
	[0x44] = PK_REX, [0x45] = PK_REX, [0x46] = PK_REX, [0x47] = PK_REX,
	[0x48] = PK_REX, [0x49] = PK_REX, [0x4A] = PK_REX, [0x4B] = PK_REX,
	[0x4C] = PK_REX, [0x4D] = PK_REX, [0x4E] = PK_REX, [0x4F] = PK_REX,
};

/* ModRM/SIB register numbers (SDM order) to bhyve's register names. */
static const uint8_t gpr_vm[16] = {
	VM_REG_GUEST_RAX, VM_REG_GUEST_RCX, VM_REG_GUEST_RDX, VM_REG_GUEST_RBX,
	VM_REG_GUEST_RSP, VM_REG_GUEST_RBP, VM_REG_GUEST_RSI, VM_REG_GUEST_RDI,
	VM_REG_GUEST_R8, VM_REG_GUEST_R9, VM_REG_GUEST_R10, VM_REG_GUEST_R11,
	VM_REG_GUEST_R12, VM_REG_GUEST_R13, VM_REG_GUEST_R14, VM_REG_GUEST_R15,
};

/* 16-bit addressing (SDM vol. 2, table 2-1): base and index by ModRM.rm. */
static const uint8_t base16[8] = {
	VM_REG_GUEST_RBX, VM_REG_GUEST_RBX, VM_REG_GUEST_RBP, VM_REG_GUEST_RBP,
	VM_REG_GUEST_RSI, VM_REG_GUEST_RDI, VM_REG_GUEST_RBP, VM_REG_GUEST_RBX,
};
static const uint8_t index16[8] = {
	VM_REG_GUEST_RSI, VM_REG_GUEST_RDI, VM_REG_GUEST_RSI, VM_REG_GUEST_RDI,
	VM_REG_LAST, VM_REG_LAST, VM_REG_LAST, VM_REG_LAST,
};

/* Little-endian signed read of 1, 2 or 4 bytes; unsigned of 1, 2, 4, 8. */
static inline int64_t
read_s(const uint8_t *p, unsigned size)
{
	switch (size) {
	case 0:
		return 0;
	case 1:
		return (int8_t)p[0];
	case 2:
		return (int16_t)(p[0] | p[1] << 8);
	default:
		return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		    (uint32_t)p[3] << 24);
	}
}

static inline uint64_t
read_u(const uint8_t *p, unsigned size)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/*
 * Store the decoded fields.  struct vie's bit-fields are laid out by the
 * SysV x86-64 ABI (allocated from the low bit of each byte); building the
 * words in registers and storing them whole is several times faster than
 * assigning bit-fields one by one.  tests/layout checks this packing
 * against plain bit-field assignment.
 */
struct vd_fields {
	unsigned len, asz, osz, rex_w, rex_r, rex_x, rex_b, rex_present, f3, f2, p66, p67;
	unsigned seg_override, mod, reg, rm, ss, vex, vl, index, base, disp_bytes, imm_bytes;
	unsigned scale, vvvv, pp, lock, vw, desc, base_reg, index_reg, segreg, rep_last;
	unsigned seg_prefix, osz_attr, opc, op_type, op_flags;
	int64_t disp, imm;
};

static inline void
store_fields(struct vie *vie, const struct vd_fields *f)
{
	uint64_t w16 = (uint64_t)f->len | (uint64_t)(f->asz | f->osz << 4) << 8 |
	    (uint64_t)(f->rex_w | f->rex_r << 1 | f->rex_x << 2 | f->rex_b << 3 |
	        f->rex_present << 4 | f->f3 << 5 | f->f2 << 6 | f->p66 << 7 | f->p67 << 8 |
	        f->seg_override << 9 | f->mod << 10 | f->reg << 12 | f->rm << 16 | f->ss << 20 |
	        f->vex << 22 | f->vl << 23 | f->index << 24 | (uint32_t)f->base << 28) << 16 |
	    (uint64_t)f->disp_bytes << 48 | (uint64_t)f->imm_bytes << 56;
	uint64_t w24 = (uint64_t)f->scale | (uint64_t)(f->vvvv | f->pp << 4 | f->lock << 6 | f->vw << 7) << 8 |
	    (uint64_t)f->desc << 16 | (uint64_t)f->base_reg << 32;
	uint64_t w32 = (uint64_t)f->index_reg | (uint64_t)f->segreg << 32;
	uint64_t w56 = 1 | (uint64_t)(f->rep_last | f->seg_prefix << 1 | f->osz_attr << 4) << 8 |
	    (uint64_t)f->opc << 16 | (uint64_t)f->op_type << 24 | (uint64_t)f->op_flags << 32;
	uint8_t *p = (uint8_t *)vie;
	memcpy(p + 16, &w16, 8);
	memcpy(p + 24, &w24, 8);
	memcpy(p + 32, &w32, 8);
	memcpy(p + 40, &f->disp, 8);
	memcpy(p + 48, &f->imm, 8);
	memcpy(p + 56, &w56, 8);
}

VIE_API int
vie_decode(struct vie *vie, const uint8_t *bytes, size_t len, enum vm_cpu_mode mode, int cs_d)
{
	if (vie == NULL || (bytes == NULL && len != 0) || (unsigned)mode > CPU_MODE_64BIT)
		return VIE_BAD_ARGUMENT;
	vie->decoded = 0;

	/*
	 * Decode from a zero-padded copy so that reads need no bounds checks:
	 * the longest path reads 15 + 8 bytes.  A decision taken on padding
	 * always shows up as pos > n, checked on every exit (DONE_OR).
	 */
	uint8_t ib[32];
	const unsigned n = len < VIE_INST_SIZE ? (unsigned)len : VIE_INST_SIZE;
	memset(ib + 16, 0, 16);
	if (len >= VIE_INST_SIZE) {
		/* Two overlapping 8-byte moves: bytes 0-14, byte 15 zero. */
		uint64_t lo, hi;
		memcpy(&lo, bytes, 8);
		memcpy(&hi, bytes + 7, 8);
		hi >>= 8;
		memcpy(ib, &lo, 8);
		memcpy(ib + 8, &hi, 8);
	} else {
		memset(ib, 0, 16);
		memcpy(ib, bytes, len);
	}
	const unsigned m64 = mode == CPU_MODE_64BIT;
	const unsigned def32 = m64 || (mode != CPU_MODE_REAL && cs_d);
	unsigned pos = 0;

/* Return 'st', unless the bytes ran out first: then the instruction is
 * truncated, or too long if 15 bytes were there and not enough. */
#define DONE_OR(st) return pos > n ? (len >= VIE_INST_SIZE ? VIE_TOO_LONG : VIE_TRUNCATED) : (st)

	/* Legacy prefixes and REX.  A REX followed by another prefix is
	 * ignored, so any legacy prefix clears it. */
	unsigned pf = 0, rex = 0, seg = 7, rep_last = 0;
	unsigned b;
	for (;;) {
		b = ib[pos];
		unsigned k = pfx_kind[b];
		if (k == PK_NONE || (k == PK_REX && !m64) || pos >= 16)
			break;
		pos++;
		if (k == PK_REX) {
			rex = b;
			continue;
		}
		rex = 0;
		if (k >= PK_SEG) {
			seg = k - PK_SEG;
		} else {
			pf |= PF(k);
			if (k == PK_F2 || k == PK_F3)
				rep_last = k == PK_F3;
		}
	}
	pos++; /* the opcode byte */

	/* Opcode map, and VEX. */
	const uint16_t *map = vd_map_1b;
	unsigned opc = b, vex = 0, vvvv = 0, vl = 0, pp = 0, vw = 0;
	unsigned rex_r = (rex >> 2) & 1, rex_x = (rex >> 1) & 1, rex_b = rex & 1;
	if (b == 0x0F) {
		opc = ib[pos++];
		if (opc == 0x38) {
			opc = ib[pos++];
			map = vd_map_0f38;
		} else if (opc == 0x3A) {
			DONE_OR(VIE_UNSUPPORTED);
		} else {
			map = vd_map_0f;
		}
	} else if ((b & 0xFE) == 0xC4) {
		/* C4/C5 are LES/LDS in real mode and, outside 64-bit mode,
		 * whenever the next byte's ModRM.mod is not 11b. */
		if (mode == CPU_MODE_REAL)
			DONE_OR(VIE_UNSUPPORTED);
		unsigned v1 = ib[pos];
		if (!m64 && v1 < 0xC0) {
			pos++;
			DONE_OR(VIE_UNSUPPORTED);
		}
		pos++;
		/* VEX after 66/F2/F3/LOCK/REX is #UD. */
		if ((pf & (PF(PK_66) | PF(PK_F2) | PF(PK_F3) | PF(PK_LOCK))) || rex)
			DONE_OR(VIE_INVALID);
		unsigned mm = 1, v2 = v1;
		if (b == 0xC4) {
			v2 = ib[pos++];
			rex_x = !(v1 & 0x40);
			rex_b = !(v1 & 0x20);
			mm = v1 & 0x1F;
			vw = v2 >> 7;
		}
		rex_r = !(v1 & 0x80);
		vvvv = (~v2 >> 3) & 15;
		vl = (v2 >> 2) & 1;
		pp = v2 & 3;
		if (!m64) {
			/* Only eight registers outside 64-bit mode. */
			rex_r = rex_x = rex_b = 0;
			vvvv &= 7;
		}
		if (mm == 1)
			map = vd_vex_0f;
		else if (mm == 2)
			map = vd_vex_0f38;
		else
			DONE_OR(mm == 3 ? VIE_UNSUPPORTED : VIE_INVALID);
		opc = ib[pos++];
		vex = 1;
	}

	/* Resolve redirects: mandatory prefix (F2/F3, the last one wins, over
	 * 66; VEX.pp for VEX), mode, ModRM.mod and ModRM.reg. */
	unsigned e = map[opc];
	unsigned modrm = 0, have_modrm = 0, p66_mandatory = 0;
	while (e & E_REDIR) {
		unsigned kind = (e >> 10) & 7, idx = e & 0x3FF;
		if (kind == R_PFX) {
			unsigned mpfx = vex ? pp :
			    (pf & (PF(PK_F2) | PF(PK_F3))) ? (rep_last ? 2u : 3u) : (pf & PF(PK_66)) ? 1u : 0u;
			e = vd_pfx[idx][mpfx];
			p66_mandatory = mpfx != 0;
		} else if (kind == R_M64) {
			e = vd_m64[idx][m64];
		} else {
			if (!have_modrm) {
				modrm = ib[pos++];
				have_modrm = 1;
			}
			e = kind == R_GRP ? vd_grp[idx][(modrm >> 3) & 7] : vd_mod[idx][modrm >= 0xC0];
		}
	}
	if (e <= E_INVALID)
		DONE_OR(e == E_UNSUP ? VIE_UNSUPPORTED : VIE_INVALID);

	const struct vd_desc *d = &vd_desc[e];
	const unsigned df = d->dflags;
	if ((df & D_MODRM) && !have_modrm)
		modrm = ib[pos++];
	const unsigned mod = modrm >> 6;
	if (((df & D_NO64) && m64) ||
	    ((pf & PF(PK_LOCK)) && (!(df & D_LOCK) || mod == 3)) ||
	    ((df & D_MEMONLY) && mod == 3) ||
	    (vex && (((df & D_VEX_L0) && vl) || ((df & D_NOVVVV) && vvvv) ||
	        ((df & D_NOVVVV_MEM) && mod != 3 && vvvv))) ||
	    (d->rcls == RCL_SREG && ((modrm >> 3) & 7) > 5))
		DONE_OR(VIE_INVALID);

	/* Operand and address size (SDM vol. 1, "Operand-size and
	 * address-size attributes"). */
	const unsigned p66 = (pf >> PK_66) & 1, p67 = (pf >> PK_67) & 1;
	const unsigned w = vex ? (m64 & vw) : (rex >> 3) & 1;
	const unsigned osz_v = m64 ? ((rex & 8) ? 8 : p66 ? 2 : 4) : (def32 ^ p66) ? 4 : 2;
	const unsigned asz = m64 ? (p67 ? 4 : 8) : (def32 ^ p67) ? 4 : 2;
	unsigned osz;
	switch (d->osz) {
	case OSZ_V:
		osz = osz_v;
		break;
	case OSZ_B:
		osz = 1;
		break;
	case OSZ_V64:
		osz = m64 ? (p66 ? 2 : 8) : osz_v;
		break;
	case OSZ_Z:
		osz = osz_v == 8 ? 4 : osz_v;
		break;
	case OSZ_SREG:
		osz = mod == 3 ? osz_v : 2;
		break;
	case OSZ_DQ:
		osz = w ? 8 : 4;
		break;
	case OSZ_F4:
		osz = 4;
		break;
	default: /* OSZ_CX, OSZ_F8, OSZ_F16, OSZ_VX: wider sizes come from the queries */
		osz = 8;
		break;
	}

	/* The operand-size attribute Zydis reports: 66 does not shrink it when
	 * a mandatory prefix selected the instruction; VEX.W widens it. */
	unsigned osz_attr;
	if (df & D_OSZ66)
		p66_mandatory = 0;
	if (d->osz == OSZ_CX)
		osz_attr = w ? 3 : 2;
	else if (d->op_flags & VIE_OP_F_BYTE_OP)
		osz_attr = 0;
	else if (m64)
		osz_attr = (w || (d->osz == OSZ_V64 && !p66)) ? 3 : (p66 && !p66_mandatory) ? 1 : 2;
	else
		osz_attr = (def32 ^ (p66 & !p66_mandatory)) ? 2 : 1;

	/* Memory operand. */
	unsigned base_reg = VM_REG_LAST, index_reg = VM_REG_LAST, seg_default = VM_REG_GUEST_DS;
	unsigned ss = 0, sib_index = 0, sib_base = 0, scale = 0, disp_bytes = 0;
	int64_t disp = 0;
	const unsigned reg = ((modrm >> 3) & 7) | rex_r << 3;
	const unsigned rm = (modrm & 7) | rex_b << 3;
	if (mod != 3 && (df & D_MODRM)) {
		if (asz == 2) {
			if (mod == 0 && (modrm & 7) == 6) {
				disp_bytes = 2;
			} else {
				base_reg = base16[modrm & 7];
				index_reg = index16[modrm & 7];
				disp_bytes = mod; /* 0, 1 or 2 */
			}
			scale = index_reg != VM_REG_LAST;
		} else {
			if ((modrm & 7) == 4) {
				unsigned sib = ib[pos++];
				ss = sib >> 6;
				sib_index = ((sib >> 3) & 7) | rex_x << 3;
				sib_base = (sib & 7) | rex_b << 3;
				if (sib_index != 4) {
					index_reg = gpr_vm[sib_index];
					scale = 1u << ss;
				}
				if ((sib & 7) == 5 && mod == 0)
					disp_bytes = 4;
				else
					base_reg = gpr_vm[sib_base];
			} else if (mod == 0 && (modrm & 7) == 5) {
				disp_bytes = 4;
				if (m64)
					base_reg = VM_REG_GUEST_RIP;
			} else {
				base_reg = gpr_vm[rm];
			}
			if (mod != 0)
				disp_bytes = mod == 1 ? 1 : 4;
		}
		disp = read_s(ib + pos, disp_bytes);
		pos += disp_bytes;
		if (base_reg == VM_REG_GUEST_RSP || base_reg == VM_REG_GUEST_RBP)
			seg_default = VM_REG_GUEST_SS;
	}

	/* Immediate or memory offset. */
	int64_t imm = 0;
	unsigned imm_bytes = 0;
	if (d->imm != IMM_NONE) {
		if (d->imm == IMM_MOFFS) {
			disp_bytes = asz;
			disp = (int64_t)read_u(ib + pos, asz);
			pos += asz;
		} else {
			imm_bytes = d->imm == IMM_B ? 1 : osz == 2 ? 2 : 4;
			imm = (d->op_flags & VIE_OP_F_IMM_ZX) ? (int64_t)ib[pos] : read_s(ib + pos, imm_bytes);
			pos += imm_bytes;
		}
	}
	if (pos > n)
		DONE_OR(VIE_OK);

	/* Segment: an override counts unless the operand is ES:rDI or, in
	 * 64-bit mode, the prefix is ES/CS/SS/DS (SDM vol. 1, 3.3.7.1). */
	unsigned segreg = seg_default, seg_override = 0;
	if (df & D_SEG_ES) {
		segreg = VM_REG_GUEST_ES;
	} else if (seg != 7 && (!m64 || seg >= 4)) {
		segreg = VM_REG_GUEST_ES + seg;
		seg_override = 1;
	}

	memcpy(vie->inst, ib, 16);
	vie->num_valid = (uint8_t)n;
	const struct vd_fields f = {
		.len = pos, .asz = asz, .osz = osz, .rex_w = w, .rex_r = rex_r, .rex_x = rex_x,
		.rex_b = rex_b, .rex_present = rex != 0, .f3 = (pf >> PK_F3) & 1,
		.f2 = (pf >> PK_F2) & 1, .p66 = p66, .p67 = p67, .seg_override = seg_override,
		.mod = mod, .reg = reg, .rm = rm, .ss = ss, .vex = vex, .vl = vl,
		.index = sib_index, .base = sib_base, .disp_bytes = disp_bytes,
		.imm_bytes = imm_bytes, .scale = scale, .vvvv = vvvv, .pp = pp,
		.lock = (pf >> PK_LOCK) & 1, .vw = vw, .desc = e, .base_reg = base_reg,
		.index_reg = index_reg, .segreg = segreg, .rep_last = rep_last,
		.seg_prefix = seg == 7 ? 0 : seg + 1, .osz_attr = osz_attr, .opc = opc,
		.op_type = d->op_type, .op_flags = d->op_flags, .disp = disp, .imm = imm,
	};
	store_fields(vie, &f);
	return VIE_OK;
#undef DONE_OR
}

VIE_API void
vie_init(struct vie *vie, const char *inst_bytes, int inst_length)
{
	if (vie == NULL)
		return;
	memset(vie, 0, sizeof(*vie));
	if (inst_bytes == NULL || inst_length <= 0)
		return;
	unsigned n = inst_length > VIE_INST_SIZE ? VIE_INST_SIZE : (unsigned)inst_length;
	memcpy(vie->inst, inst_bytes, n);
	vie->num_valid = (uint8_t)n;
}

VIE_API int
vmm_decode_instruction(enum vm_cpu_mode cpu_mode, int cs_d, struct vie *vie)
{
	if (vie == NULL)
		return -1;
	uint8_t buf[VIE_INST_SIZE];
	unsigned n = vie->num_valid > VIE_INST_SIZE ? VIE_INST_SIZE : vie->num_valid;
	memcpy(buf, vie->inst, n);
	return vie_decode(vie, buf, n, cpu_mode, cs_d) == VIE_OK ? 0 : -1;
}
