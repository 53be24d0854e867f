/*
 * src/decode/decode.c - the decoder proper: prefixes, opcode maps, VEX,
 * ModRM/SIB/displacement, immediates.
 *
 * One pass over a zero-padded copy of at most 15 bytes (nothing past 'len'
 * is read).  All per-instruction knowledge lives in tables.c; this file
 * only walks the encoding, with data-dependent branches kept off the
 * common path (no prefix or one REX, one-byte or 0F opcode, ModRM/SIB).
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/*
 * Size tables indexed by the prefix state
 *   st = m64 << 4 | def32 << 3 | p66 << 2 | rex_w << 1 | w
 * where rex_w is REX.W and w is REX.W or (64-bit mode) VEX.W.  Built by
 * macros from the SDM's rules so the hot path is one load per size.
 */
#define ST_M64(st) (((st) >> 4) & 1)
#define ST_D32(st) (((st) >> 3) & 1)
#define ST_66(st) (((st) >> 2) & 1)
#define ST_RW(st) (((st) >> 1) & 1)
#define ST_W(st) ((st) & 1)
/* 16/32/64 by mode, 66 and REX.W (SDM vol. 1, table 3-4). */
#define SZ_V(st) (ST_M64(st) ? (ST_RW(st) ? 8 : ST_66(st) ? 2 : 4) : (ST_D32(st) ^ ST_66(st)) ? 4 : 2)
#define SZ_OF(rule, st)                                                        \
	((rule) == OSZ_B ? 1 : (rule) == OSZ_V64 ? (ST_M64(st) ? (ST_66(st) && !ST_RW(st) ? 2 : 8) : SZ_V(st)) : \
	 (rule) == OSZ_Z ? (SZ_V(st) == 8 ? 4 : SZ_V(st)) :                    \
	 (rule) == OSZ_DQ ? (ST_W(st) ? 8 : 4) : (rule) == OSZ_F4 ? 4 :          \
	 ((rule) == OSZ_V || (rule) == OSZ_SREG) ? SZ_V(st) : 8)
/* log2 of the operand-size attribute Zydis reports; here p66 is the 66
 * that was not a mandatory prefix. */
#define ATTR_OF(rule, st)                                                       \
	((rule) == OSZ_B ? 0 : (rule) == OSZ_CX ? (ST_W(st) ? 3 : 2) :          \
	 ST_M64(st) ? ((ST_W(st) || ((rule) == OSZ_V64 && !ST_66(st))) ? 3 : ST_66(st) ? 1 : 2) : \
	 (ST_D32(st) ^ ST_66(st)) ? 2 : 1)
#define R4(f, r, b) f(r, b), f(r, b + 1), f(r, b + 2), f(r, b + 3)
#define R16(f, r, b) R4(f, r, b), R4(f, r, b + 4), R4(f, r, b + 8), R4(f, r, b + 12)
#define ROW(f, r) [r] = {R16(f, r, 0), R16(f, r, 16)}
#define ROWS(f) ROW(f, OSZ_B), ROW(f, OSZ_V), ROW(f, OSZ_V64), ROW(f, OSZ_Z), ROW(f, OSZ_SREG), \
	ROW(f, OSZ_DQ), ROW(f, OSZ_CX), ROW(f, OSZ_F4), ROW(f, OSZ_F8), ROW(f, OSZ_F16), ROW(f, OSZ_VX)
static const uint8_t osz_tab[OSZ_VX + 1][32] = {ROWS(SZ_OF)};
static const uint8_t attr_tab[OSZ_VX + 1][32] = {ROWS(ATTR_OF)};
/* Address size by m64 << 2 | def32 << 1 | p67. */
static const uint8_t asz_tab[8] = {2, 4, 4, 2, 8, 4, 8, 4};

/* ModRM facts for 32/64-bit addressing (SDM vol. 2, table 2-2). */
#define MI_DISP  0x07 /* displacement bytes: 0, 1 or 4 */
#define MI_SIB   0x08 /* a SIB byte follows */
#define MI_NOREG 0x10 /* mod 00, rm 101: disp32 (RIP-relative in 64-bit mode) */
#define MI_MEM   0x20 /* mod != 11 */
#define MODRM32(m) ((m) >= 0xC0 ? 0 :                                              \
	MI_MEM | (((m) & 7) == 4 ? MI_SIB : 0) |                                       \
	((m) < 0x40 ? (((m) & 7) == 5 ? MI_NOREG | 4 : 0) : (m) < 0x80 ? 1 : 4))
#define M4(b) MODRM32(b), MODRM32(b + 1), MODRM32(b + 2), MODRM32(b + 3)
#define M16(b) M4(b), M4(b + 4), M4(b + 8), M4(b + 12)
#define M64(b) M16(b), M16(b + 16), M16(b + 32), M16(b + 48)
static const uint8_t modrm32[256] = {M64(0), M64(64), M64(128), M64(192)};


/*
 * struct vie's 32-bit word at offset 18 (rex_w .. base) holds bit-fields
 * from REX/VEX, the legacy prefixes, ModRM and SIB.  These tables give
 * each source's bits already in place, so the word is a few ORs.
 */
#define H_REXW 0
#define H_REXR 1
#define H_REXX 2
#define H_REXB 3
#define H_REXP 4
#define H_F3 5
#define H_F2 6
#define H_66 7
#define H_67 8
#define H_SEGOVR 9
#define H_MOD 10
#define H_REG 12
#define H_RM 16
#define H_SS 20
#define H_VEX 22
#define H_VEXL 23
#define H_INDEX 24
#define H_BASE 28
/* Index: present << 4 | W R X B.  REX.R and REX.B also extend reg and rm;
 * REX.X and REX.B extend the SIB fields (sib_rex below). */
#define REXH(i) (((i) >> 3 & 1) << H_REXW | ((i) >> 2 & 1) << H_REXR | ((i) >> 1 & 1) << H_REXX | 	((i) & 1) << H_REXB | ((i) >> 4 & 1) << H_REXP | ((i) >> 2 & 1) << (H_REG + 3) |         	((i) & 1) << (H_RM + 3))
#define X4(f, b) f(b), f(b + 1), f(b + 2), f(b + 3)
#define X16(f, b) X4(f, b), X4(f, b + 4), X4(f, b + 8), X4(f, b + 12)
#define X64(f, b) X16(f, b), X16(f, b + 16), X16(f, b + 32), X16(f, b + 48)
#define X256(f) X64(f, 0), X64(f, 64), X64(f, 128), X64(f, 192)
static const uint32_t rex_hdr[32] = {X16(REXH, 0), X16(REXH, 16)};
#define MODRMH(m) ((uint32_t)((m) >> 6) << H_MOD | (uint32_t)((m) >> 3 & 7) << H_REG | (uint32_t)((m) & 7) << H_RM)
static const uint32_t modrm_hdr[256] = {X256(MODRMH)};
#define SIBH(s) ((uint32_t)((s) >> 6) << H_SS | (uint32_t)((s) >> 3 & 7) << H_INDEX | (uint32_t)((s) & 7) << H_BASE)
static const uint32_t sib_hdr[256] = {X256(SIBH)};

/* Sign-extend the low 'size' bytes (0, 1, 2, 4) of raw; 0 for size 0. */
static inline int64_t
sext(uint32_t raw, unsigned size)
{
	unsigned sh = size ? 64 - 8 * size : 63;
	int64_t v = (int64_t)((uint64_t)raw << sh) >> sh;
	return size ? v : 0;
}

static inline uint32_t
load32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/*
 * Copy up to 15 bytes into ib[0..31], zero-padded.  Each half is written
 * by one 16-byte store, so the narrower loads that follow are forwarded
 * from a single store (a load spanning two stores stalls for many cycles).
 */
static inline void
load_padded(uint8_t ib[32], const uint8_t *bytes, size_t len)
{
#ifdef __SSE2__
	__m128i v;
	if (len >= 16) {
		v = _mm_loadu_si128((const __m128i *)bytes);
		v = _mm_and_si128(v, _mm_set_epi64x(0x00FFFFFFFFFFFFFFll, -1));
	} else if (len == VIE_INST_SIZE) {
		uint64_t lo, hi;
		memcpy(&lo, bytes, 8);
		memcpy(&hi, bytes + 7, 8);
		v = _mm_set_epi64x((long long)(hi >> 8), (long long)lo);
	} else {
		uint8_t tmp[16] = {0};
		memcpy(tmp, bytes, len);
		v = _mm_loadu_si128((const __m128i *)tmp);
	}
	_mm_storeu_si128((__m128i *)ib, v);
	_mm_storeu_si128((__m128i *)(ib + 16), _mm_setzero_si128());
#else
	size_t n = len < VIE_INST_SIZE ? len : VIE_INST_SIZE;
	memset(ib, 0, 32);
	memcpy(ib, bytes, n);
#endif
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
	load_padded(ib, bytes, len);
	const unsigned m64 = mode == CPU_MODE_64BIT;
	const unsigned def32 = m64 || (mode != CPU_MODE_REAL && cs_d);
	unsigned pos = 0, peek = 0;

/* Return 'st', unless the bytes ran out first (counting a ModRM byte that
 * was only peeked at): then the instruction is truncated, or too long if
 * 15 bytes were there and not enough. */
#define DONE_OR(st) \
	return pos + peek > n ? (len >= VIE_INST_SIZE ? VIE_TOO_LONG : VIE_TRUNCATED) : (st)

	/*
	 * Prefixes.  The common cases (none, or one REX) take no branch that
	 * depends on the data; runs of legacy prefixes, and a REX that is
	 * not last (ignored, SDM vol. 2, 2.2.1), take the loop.
	 */
	unsigned pf = 0, rex = 0, seg = 7, seg_last = 7, rep_last = 0;
	unsigned b = ib[0];
	unsigned k = pfx_kind[b];
	if (m64 && k == PK_REX) {
		rex = b;
		b = ib[++pos];
		k = pfx_kind[b];
	}
	if (k != PK_NONE && (k != PK_REX || m64)) {
		for (;;) {
			b = ib[pos];
			k = pfx_kind[b];
			if (k == PK_NONE || (k == PK_REX && !m64) || pos >= 16)
				break;
			pos++;
			if (k == PK_REX) {
				rex = b;
				continue;
			}
			rex = 0;
			if (k >= PK_SEG) {
				/* In 64-bit mode ES/CS/SS/DS overrides are null
				 * prefixes: they do not displace an FS/GS. */
				seg_last = k - PK_SEG;
				if (!m64 || seg_last >= 4)
					seg = seg_last;
			} else {
				pf |= PF(k);
				if (k == PK_F2 || k == PK_F3)
					rep_last = k == PK_F3;
			}
		}
	}
	pos++; /* the opcode byte */

	/* Opcode map (one byte or 0F without a branch), then the rare
	 * escapes: 0F 38, 0F 3A and VEX. */
	const unsigned is0f = b == 0x0F;
	unsigned opc = is0f ? ib[pos] : b;
	pos += is0f;
	const uint16_t *map = is0f ? vd_map_0f : vd_map_1b;
	unsigned vex = 0, vvvv = 0, vl = 0, pp = 0, vw = 0;
	/* W R X B from REX (or VEX below), and whether a REX is in effect. */
	unsigned rxb = rex & 15, rexp = rex != 0;
	if (is0f && (opc & 0xFD) == 0x38) {
		if (opc == 0x3A)
			DONE_OR(VIE_UNSUPPORTED);
		opc = ib[pos++];
		map = vd_map_0f38;
	} else if ((b & 0xFE) == 0xC4) {
		/* C4/C5 are LES/LDS in real mode and, outside 64-bit mode,
		 * whenever the next byte's ModRM.mod is not 11b. */
		unsigned v1 = ib[pos];
		if (mode == CPU_MODE_REAL) {
			/* No VEX in real mode: LES/LDS, #UD with a register operand. */
			pos++;
			DONE_OR(v1 >= 0xC0 ? VIE_INVALID : VIE_UNSUPPORTED);
		}
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
			mm = v1 & 0x1F;
			vw = v2 >> 7;
		}
		/* VEX holds R X B inverted; W only in C4 and only in 64-bit
		 * mode does it act as REX.W. */
		rxb = (~v1 >> 5 & 7) & (b == 0xC4 ? 7u : 4u);
		if (m64)
			rxb |= vw << 3;
		vvvv = (~v2 >> 3) & 15;
		vl = (v2 >> 2) & 1;
		pp = v2 & 3;
		/* Outside 64-bit mode there are eight registers: VEX.R/X/B
		 * and the top bit of a vvvv register number are ignored
		 * (a vvvv that must be 1111b is still checked in full). */
		if (!m64)
			rxb &= 8;
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
	 * 66; VEX.pp for VEX), mode, ModRM.mod and ModRM.reg.  The ModRM byte
	 * is peeked at here and consumed once the descriptor says it exists. */
	unsigned modrm = ib[pos];
	unsigned e = map[opc];
	unsigned p66_mandatory = 0;
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
			peek = 1;
			e = kind == R_GRP ? vd_grp[idx][(modrm >> 3) & 7] : vd_mod[idx][modrm >= 0xC0];
		}
	}
	if (e <= E_INVALID)
		DONE_OR(e == E_UNSUP ? VIE_UNSUPPORTED : VIE_INVALID);

	const struct vd_desc *d = &vd_desc[e];
	const unsigned df = d->dflags;
	const unsigned has_modrm = df & D_MODRM;
	modrm = has_modrm ? modrm : 0;
	pos += has_modrm;
	peek = 0;
	const unsigned mod = modrm >> 6;
	if (((df & D_NO64) && m64) ||
	    ((pf & PF(PK_LOCK)) && (!(df & D_LOCK) || mod == 3)) ||
	    ((df & D_MEMONLY) && mod == 3) ||
	    (vex && (((df & D_VEX_L0) && vl) || ((df & D_NOVVVV) && vvvv) ||
	        ((df & D_NOVVVV_MEM) && mod != 3 && vvvv))) ||
	    (d->rcls == RCL_SREG && ((modrm >> 3) & 7) > 5))
		DONE_OR(VIE_INVALID);

	/* Sizes (SDM vol. 1, "Operand-size and address-size attributes"). */
	const unsigned p66 = (pf >> PK_66) & 1, p67 = (pf >> PK_67) & 1;
	const unsigned w = rxb >> 3, rexw = w & !vex;
	const unsigned st = m64 << 4 | def32 << 3 | rexw << 1 | w;
	const unsigned rule = d->osz;
	unsigned osz = osz_tab[rule][st | p66 << 2];
	if (rule == OSZ_SREG && mod != 3)
		osz = 2;
	/* The attribute Zydis reports ignores a 66 that chose the
	 * instruction (unless it also sizes it, as for MOVBE). */
	const unsigned p66_attr = p66 & (!p66_mandatory | ((df & D_OSZ66) != 0));
	const unsigned osz_attr = attr_tab[rule][st | p66_attr << 2];
	const unsigned asz = asz_tab[m64 << 2 | def32 << 1 | p67];

	/* Memory operand. */
	unsigned base_reg = VM_REG_LAST, index_reg = VM_REG_LAST;
	unsigned scale = 0, disp_bytes = 0;
	int64_t disp = 0;
	const unsigned rm = (modrm & 7) | (rxb & 1) << 3;
	uint32_t hdr = rex_hdr[rexp << 4 | rxb] | modrm_hdr[modrm] | vex << H_VEX | vl << H_VEXL;
	if (has_modrm && mod != 3) {
		if (asz != 2) {
			const unsigned mi = modrm32[modrm];
			const unsigned sib = ib[pos];
			const unsigned has_sib = (mi & MI_SIB) != 0;
			pos += has_sib;
			disp_bytes = mi & MI_DISP;
			/* SIB: index 100b (without REX.X) is none; base 101b
			 * with mod 00 is none plus disp32. */
			const unsigned si = ((sib >> 3) & 7) | (rxb & 2) << 2;
			const unsigned sb = (sib & 7) | (rxb & 1) << 3;
			const unsigned sib_nobase = has_sib & ((sib & 7) == 5) & (mod == 0);
			const unsigned ss = sib >> 6;
			hdr |= has_sib ? sib_hdr[sib] | (rxb & 2) << (H_INDEX + 2) | (rxb & 1) << (H_BASE + 3) : 0;
			const unsigned has_index = has_sib & (si != 4);
			index_reg = has_index ? gpr_vm[si] : VM_REG_LAST;
			scale = has_index ? 1u << ss : 0;
			base_reg = has_sib ? gpr_vm[sb] : gpr_vm[rm];
			if (mi & MI_NOREG)
				base_reg = m64 ? VM_REG_GUEST_RIP : VM_REG_LAST;
			if (sib_nobase) {
				base_reg = VM_REG_LAST;
				disp_bytes = 4;
			}
		} else {
			/* 16-bit addressing (SDM vol. 2, table 2-1). */
			if (mod == 0 && (modrm & 7) == 6) {
				disp_bytes = 2;
			} else {
				base_reg = base16[modrm & 7];
				index_reg = index16[modrm & 7];
				disp_bytes = mod; /* 0, 1 or 2 */
			}
			scale = index_reg != VM_REG_LAST;
		}
		disp = sext(load32(ib + pos), disp_bytes);
		pos += disp_bytes;
	}

	/* Immediate or memory offset. */
	int64_t imm = 0;
	unsigned imm_bytes = 0;
	if (d->imm == IMM_MOFFS) {
		disp_bytes = asz;
		uint64_t off;
		memcpy(&off, ib + pos, 8);
		disp = (int64_t)(asz == 8 ? off : off & ((1ull << (8 * asz)) - 1));
		pos += asz;
	} else {
		imm_bytes = d->imm == IMM_NONE ? 0 : d->imm == IMM_B ? 1 : osz == 2 ? 2 : 4;
		const uint32_t raw = load32(ib + pos);
		imm = (d->op_flags & VIE_OP_F_IMM_ZX) ? (int64_t)(raw & 0xFF) : sext(raw, imm_bytes);
		pos += imm_bytes;
	}
	if (pos > n)
		DONE_OR(VIE_OK);

	/* Segment: an override counts unless the operand is ES:rDI or, in
	 * 64-bit mode, the prefix is ES/CS/SS/DS (SDM vol. 1, 3.3.7.1). */
	/* SS is the default for rSP/rBP-based addressing. */
	unsigned segreg = (base_reg == VM_REG_GUEST_RSP || base_reg == VM_REG_GUEST_RBP) ?
	    VM_REG_GUEST_SS : VM_REG_GUEST_DS;
	unsigned seg_override = 0;
	if (df & D_SEG_ES) {
		segreg = VM_REG_GUEST_ES;
	} else if (seg != 7) {
		segreg = VM_REG_GUEST_ES + seg;
		seg_override = 1;
	}

	/*
	 * Store.  struct vie's bit-fields are laid out by the SysV x86-64 ABI
	 * (allocated from the low bit of each byte); building the words in
	 * registers and storing them whole is several times faster than
	 * assigning bit-fields one by one.  tests/layout checks this packing
	 * against plain bit-field assignment.
	 */
	memcpy(vie->inst, ib, 16);
	vie->num_valid = (uint8_t)n;
	hdr |= ((pf >> PK_F3) & 1) << H_F3 | ((pf >> PK_F2) & 1) << H_F2 | p66 << H_66 |
	    p67 << H_67 | seg_override << H_SEGOVR;
	const uint64_t w16 = pos | (asz | osz << 4) << 8 | (uint64_t)hdr << 16 |
	    (uint64_t)disp_bytes << 48 | (uint64_t)imm_bytes << 56;
	const uint64_t w24 = scale | ((m64 ? vvvv : vvvv & 7) | pp << 4 | ((pf >> PK_LOCK) & 1) << 6 | vw << 7) << 8 |
	    e << 16 | (uint64_t)base_reg << 32;
	const uint64_t w32 = index_reg | (uint64_t)segreg << 32;
	const uint64_t w56 = 1 | (rep_last | (seg_last == 7 ? 0 : seg_last + 1) << 1 | osz_attr << 4) << 8 |
	    opc << 16 | (uint64_t)d->op_type << 24 | (uint64_t)d->op_flags << 32;
	uint8_t *out = (uint8_t *)vie;
	memcpy(out + 16, &w16, 8);
	memcpy(out + 24, &w24, 8);
	memcpy(out + 32, &w32, 8);
	memcpy(out + 40, &disp, 8);
	memcpy(out + 48, &imm, 8);
	memcpy(out + 56, &w56, 8);
	return VIE_OK;
#undef DONE_OR
}

VIE_API void
vie_init(struct vie *vie, const char *inst_bytes, int inst_length)
{
	if (vie == NULL)
		return;
	memset(vie, 0, sizeof(*vie));
	/* As bhyve's vie_init: no registers until decoded. */
	vie->base_register = VM_REG_LAST;
	vie->index_register = VM_REG_LAST;
	vie->segment_register = VM_REG_LAST;
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
