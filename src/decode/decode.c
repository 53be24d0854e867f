/*
 * src/decode/decode.c - the full decoder: every mode, prefix run, map,
 * VEX, ModRM/SIB/displacement and immediate, and every status.  vie_decode
 * (fast.c) hands it what its fast path does not finish; it is also the
 * reference the fast path is tested against (tests/decode/test_fast.c).
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
#include "rules.h"

/* Prefix classes: legacy prefixes, the six segments (PK_SEG + ES..GS), REX. */
enum { PK_NONE, PK_66, PK_67, PK_LOCK, PK_F2, PK_F3, PK_SEG = 8, PK_REX = 16 };

static const uint8_t pfx_kind[256] = {
	[0x66] = PK_66, [0x67] = PK_67, [0xF0] = PK_LOCK, [0xF2] = PK_F2, [0xF3] = PK_F3,
	[0x26] = PK_SEG + 0, [0x2E] = PK_SEG + 1, [0x36] = PK_SEG + 2, /* ES CS SS */
	[0x3E] = PK_SEG + 3, [0x64] = PK_SEG + 4, [0x65] = PK_SEG + 5, /* DS FS GS */
	[0x40] = PK_REX, [0x41] = PK_REX, [0x42] = PK_REX, [0x43] = PK_REX,
	[0x44] = PK_REX, [0x45] = PK_REX, [0x46] = PK_REX, [0x47] = PK_REX,
	[0x48] = PK_REX, [0x49] = PK_REX, [0x4A] = PK_REX, [0x4B] = PK_REX,
	[0x4C] = PK_REX, [0x4D] = PK_REX, [0x4E] = PK_REX, [0x4F] = PK_REX,
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

#define SIZES3(rule, unused, st) SIZES(rule, st)
#define ROW(r) [r] = {REP64(SIZES3, r, 0, 0)}
const uint16_t vd_size_tab[OSZ_VX + 1][64] = {
	ROW(OSZ_B), ROW(OSZ_V), ROW(OSZ_V64), ROW(OSZ_Z),
	ROW(OSZ_SREG), ROW(OSZ_DQ), ROW(OSZ_CX), ROW(OSZ_F4),
	ROW(OSZ_F8), ROW(OSZ_F16), ROW(OSZ_VX),
};

#define REXH3(a, b, i) REXH(i)
static const uint32_t rex_hdr[32] = {REP16(REXH3, 0, 0, 0), REP16(REXH3, 0, 0, 16)};
#define MODRMH3(a, b, m) MODRMH(m)
static const uint32_t modrm_hdr[256] = {REP256(MODRMH3, 0, 0)};

static const uint16_t mrm_tab[2][2][256] = {
	{{REP256(MRM, 0, 0)}, {REP256(MRM, 0, 1)}}, {{REP256(MRM, 1, 0)}, {REP256(MRM, 1, 1)}},
};
static const uint64_t sib_tab[4][2][256] = {
	{{REP256(SIB, 0, 0)}, {REP256(SIB, 0, 1)}}, {{REP256(SIB, 1, 0)}, {REP256(SIB, 1, 1)}},
	{{REP256(SIB, 2, 0)}, {REP256(SIB, 2, 1)}}, {{REP256(SIB, 3, 0)}, {REP256(SIB, 3, 1)}},
};

/* Sign-extend the low 'size' bytes (0, 1, 2, 4) of raw; 0 for size 0.
 * Table-driven: the size differs from one instruction to the next, so a
 * branch on it would be mispredicted. */
static inline int64_t
sext(uint32_t raw, unsigned size)
{
	static const uint8_t shift[5] = {63, 56, 48, 0, 32};
	static const int64_t keep[5] = {0, -1, -1, 0, -1};
	const unsigned sh = shift[size];
	return ((int64_t)((uint64_t)raw << sh) >> sh) & keep[size];
}

/* Byte p of the instruction held as two little-endian words (bytes 0-15);
 * zero past them, like the padding in ib. */
static inline unsigned
byte_of(uint64_t lo, uint64_t hi, unsigned p)
{
	const unsigned v = (unsigned)((p < 8 ? lo : hi) >> (8 * (p & 7))) & 0xFF;
	return p < 16 ? v : 0;
}

/*
 * Copy up to 15 bytes into ib[0..31], zero-padded, and hand the first 16
 * back as two little-endian words too (bytes 0-7, 8-15).  The hot path
 * takes its bytes from the words with shifts: a byte load from ib right
 * after these stores would wait for store forwarding on every step of the
 * byte-by-byte chain.  The out-of-line slow paths read ib.
 */
static inline void
load_padded(uint8_t ib[32], const uint8_t *bytes, size_t len, uint64_t *lo, uint64_t *hi)
{
	if (len >= VIE_INST_SIZE) {
		/* Bytes 0-7 and 7-14 (overlapping): nothing past 15 is read. */
		memcpy(lo, bytes, 8);
		memcpy(hi, bytes + 7, 8);
		*hi >>= 8;
	} else {
		uint8_t tmp[16] = {0};
		if (len != 0) /* bytes may be NULL then */
			memcpy(tmp, bytes, len);
		memcpy(lo, tmp, 8);
		memcpy(hi, tmp + 8, 8);
	}
#ifdef __SSE2__
	/* One 16-byte store, so that a 4-byte displacement or immediate load
	 * across byte 8 is still forwarded from a single store. */
	_mm_storeu_si128((__m128i *)ib, _mm_set_epi64x((long long)*hi, (long long)*lo));
	_mm_storeu_si128((__m128i *)(ib + 16), _mm_setzero_si128());
#else
	memcpy(ib, lo, 8);
	memcpy(ib + 8, hi, 8);
	memset(ib + 16, 0, 16);
#endif
}

/*
 * Decoder state shared with the out-of-line slow paths.  'pf' is built
 * directly in the layout of struct vie's word at offset 18 (H_* bits);
 * 'xb' collects the rest of the prefix state.
 */
#define XB_BYTE25   0x00FFu /* vvvv | pp << 4 | lock << 6 | vex.w << 7 (struct vie byte 25) */
#define XB_LOCK     0x0040u
#define XB_REPLAST  8       /* 1 bit: the last of F2/F3 was F3 */
#define XB_SEGLAST  9       /* 3 bits: last segment prefix + 1, 0 none (vie->seg_prefix) */
#define XB_SEG      12      /* 3 bits: effective segment override, 7 none */
#define XB_VEX      (1u << 15)
#define XB_INIT     (7u << XB_SEG)

struct dstate {
	const uint8_t *ib;
	unsigned pos;
	unsigned peek;   /* 1 if a ModRM byte was looked at but not consumed */
	unsigned m64, real;
	uint32_t pf;
	uint32_t xb;
	unsigned opc;
	unsigned modrm;
};

/* The legacy-prefix loop (runs of prefixes, REX not last).  Restarts from
 * byte 0; leaves pos at the opcode byte. */
static __attribute__((noinline)) void
scan_prefixes(struct dstate *ds)
{
	const uint8_t *ib = ds->ib;
	unsigned pos = 0, rex = 0;
	uint32_t pf = 0, xb = XB_INIT;
	for (; pos < 16; pos++) {
		unsigned b = ib[pos], k = pfx_kind[b];
		if (k == PK_NONE || (k == PK_REX && !ds->m64))
			break;
		if (k == PK_REX) {
			rex = 16 | (b & 15);
			continue;
		}
		rex = 0; /* a REX followed by another prefix is ignored */
		switch (k) {
		case PK_66:
			pf |= 1u << H_66;
			break;
		case PK_67:
			pf |= 1u << H_67;
			break;
		case PK_LOCK:
			xb |= XB_LOCK;
			break;
		case PK_F2:
			pf |= 1u << H_F2;
			xb &= ~(1u << XB_REPLAST);
			break;
		case PK_F3:
			pf |= 1u << H_F3;
			xb |= 1u << XB_REPLAST;
			break;
		default: {
			/* In 64-bit mode ES/CS/SS/DS overrides are null prefixes:
			 * they do not displace an FS/GS. */
			unsigned seg = k - PK_SEG;
			xb = (xb & ~(7u << XB_SEGLAST)) | (seg + 1) << XB_SEGLAST;
			if (!ds->m64 || seg >= 4)
				xb = (xb & ~(7u << XB_SEG)) | seg << XB_SEG;
			break;
		}
		}
	}
	ds->pos = pos;
	ds->pf = pf | (rex ? rex_hdr[rex] : 0);
	ds->xb = xb;
}

/* VEX (C4 3-byte, C5 2-byte; SDM vol. 2, 2.3).  Returns the opcode-map
 * entry, or a status (negative) for #UD / not VEX / truncation. */
static int
parse_vex(struct dstate *ds, unsigned b)
{
	const uint8_t *ib = ds->ib;
	unsigned v1 = ib[ds->pos];
	/* C4/C5 are LES/LDS in real mode (#UD with a register operand) and,
	 * outside 64-bit mode, whenever the next byte's mod is not 11b. */
	if (ds->real || (!ds->m64 && v1 < 0xC0)) {
		ds->pos++;
		return ds->real && v1 >= 0xC0 ? -VIE_INVALID : -VIE_UNSUPPORTED;
	}
	ds->pos++;
	/* VEX after 66/F2/F3/LOCK/REX is #UD. */
	if ((ds->pf & (1u << H_66 | 1u << H_F2 | 1u << H_F3 | 1u << H_REXP)) || (ds->xb & XB_LOCK))
		return -VIE_INVALID;
	unsigned mm = 1, v2 = v1, vw = 0;
	if (b == 0xC4) {
		v2 = ib[ds->pos++];
		mm = v1 & 0x1F;
		vw = v2 >> 7;
	}
	/* R X B are stored inverted; C5 has only R.  Outside 64-bit mode
	 * there are eight registers: R/X/B and VEX.W-as-REX.W are ignored
	 * (the top bit of a vvvv register number too, but a vvvv that must
	 * be 1111b is still checked in full). */
	unsigned rxb = (~v1 >> 5 & 7) & (b == 0xC4 ? 7u : 4u);
	if (ds->m64)
		ds->pf = (ds->pf & (1u << H_67)) | (rex_hdr[16 | vw << 3 | rxb] & ~(1u << H_REXP));
	unsigned vvvv = (~v2 >> 3) & 15;
	ds->xb |= vvvv | (v2 & 3) << 4 | vw << 7 | XB_VEX;
	ds->pf |= 1u << H_VEX | ((v2 >> 2) & 1) << H_VEXL;
	if (mm != 1 && mm != 2)
		return mm == 3 ? -VIE_UNSUPPORTED : -VIE_INVALID;
	ds->opc = ib[ds->pos++];
	return (mm == 1 ? vd_vex_0f : vd_vex_0f38)[ds->opc];
}

/* Follow redirects from opcode-map entry e: escapes, mandatory prefix
 * (F2/F3, the last one wins, over 66; VEX.pp for VEX), mode, ModRM.mod
 * and ModRM.reg.  The ModRM byte is only peeked at.  Returns a descriptor
 * index, or a status (negative). */
static __attribute__((noinline)) int
resolve(struct dstate *ds, unsigned e, unsigned b)
{
	while (e & E_REDIR) {
		unsigned kind = (e >> 10) & 7, idx = e & 0x3FF;
		switch (kind) {
		case R_ESC:
			if (idx == ESC_0F3A)
				return -VIE_UNSUPPORTED;
			if (idx == ESC_0F38) {
				ds->opc = ds->ib[ds->pos++];
				e = vd_map_0f38[ds->opc];
			} else {
				int r = parse_vex(ds, b);
				if (r < 0)
					return r;
				e = (unsigned)r;
			}
			ds->modrm = ds->ib[ds->pos];
			break;
		case R_PFX: {
			unsigned mpfx;
			if (ds->xb & XB_VEX)
				mpfx = (ds->xb >> 4) & 3;
			else if (ds->pf & (1u << H_F2 | 1u << H_F3))
				mpfx = (ds->xb >> XB_REPLAST) & 1 ? 2 : 3;
			else
				mpfx = (ds->pf >> H_66) & 1;
			e = vd_pfx[idx][mpfx];
			break;
		}
		case R_M64:
			e = vd_m64[idx][ds->m64];
			break;
		case R_GRP:
			ds->peek = 1;
			e = vd_grp[idx][(ds->modrm >> 3) & 7];
			break;
		default:
			ds->peek = 1;
			e = vd_mod[idx][ds->modrm >= 0xC0];
			break;
		}
	}
	if (e <= E_INVALID)
		return e == E_UNSUP ? -VIE_UNSUPPORTED : -VIE_INVALID;
	return (int)e;
}

/* The #UD rules that are rare enough to check out of line. */
static __attribute__((noinline)) int
invalid_slow(const struct dstate *ds, const struct vd_desc *d, unsigned modrm)
{
	const unsigned df = d->dflags, mod = modrm >> 6, vvvv = ds->xb & 15;
	const unsigned vl = (ds->pf >> H_VEXL) & 1;
	return ((df & D_NO64) && ds->m64) ||
	    ((ds->xb & XB_LOCK) && (!(df & D_LOCK) || mod == 3)) ||
	    ((df & D_MEMONLY) && mod == 3) ||
	    ((ds->xb & XB_VEX) && (((df & D_VEX_L0) && vl) || ((df & D_NOVVVV) && vvvv) ||
	        ((df & D_NOVVVV_MEM) && mod != 3 && vvvv))) ||
	    ((df & D_SREG) && ((modrm >> 3) & 7) > 5);
}

/* 16-bit addressing (SDM vol. 2, table 2-1). */
static __attribute__((noinline)) unsigned
mem16(unsigned modrm, unsigned *base_reg, unsigned *index_reg, unsigned *scale)
{
	const unsigned mod = modrm >> 6;
	if (mod == 0 && (modrm & 7) == 6)
		return 2;
	*base_reg = base16[modrm & 7];
	*index_reg = index16[modrm & 7];
	*scale = *index_reg != VM_REG_LAST;
	return mod; /* displacement bytes: 0, 1 or 2 */
}

/*
 * The status when decoding needed 'need' bytes but had fewer.  Too long
 * when 15 bytes were there, or when the bytes that decide the length
 * (prefixes, opcode, ModRM, SIB: 'decided' of them) were all real and
 * already imply more than 15.  A length decided on zero padding proves
 * nothing (padding as ModRM selects /0, which may carry an immediate).
 */
static int
short_status(unsigned need, size_t len, unsigned decided, unsigned n)
{
	if (len >= VIE_INST_SIZE || (need > VIE_INST_SIZE && decided <= n))
		return VIE_TOO_LONG;
	return VIE_TRUNCATED;
}

/* Flags that send a descriptor through invalid_slow(). */
#define D_CHECK (D_NO64 | D_MEMONLY | D_VEX_L0 | D_NOVVVV | D_NOVVVV_MEM | D_SREG)
#define E_GROUP_TAG ((E_REDIR >> 10) | R_GRP)

__attribute__((noinline)) int
vd_decode_full(struct vie *vie, const uint8_t *bytes, size_t len, enum vm_cpu_mode mode, int cs_d)
{
	if (vie == NULL || (bytes == NULL && len != 0) || (unsigned)mode > CPU_MODE_64BIT)
		return VIE_BAD_ARGUMENT;

	/*
	 * Decode from a zero-padded copy so that reads need no bounds checks:
	 * the longest path reads 15 + 8 bytes.  A decision taken on padding
	 * always shows up as pos > n, checked on every exit (DONE_OR).
	 */
	uint8_t ib[32];
	const unsigned n = len < VIE_INST_SIZE ? (unsigned)len : VIE_INST_SIZE;
	uint64_t qlo, qhi; /* the front end (prefix, opcode, ModRM, SIB) reads these */
	load_padded(ib, bytes, len, &qlo, &qhi);
	const unsigned m64 = mode == CPU_MODE_64BIT, real = mode == CPU_MODE_REAL;
	const unsigned def32 = m64 || (!real && cs_d);
	unsigned pos, peek = 0;

/* Return 'st', unless the bytes ran out first (counting a ModRM byte that
 * was only peeked at): then see short_status(). */
#define DONE_OR(st)                                                                  \
	do {                                                                         \
		vie->decoded = 0;                                                    \
		return pos + peek > n ? short_status(pos + peek, len, pos + peek, n) : (st); \
	} while (0)

	/* Prefixes: none, or one REX, without a branch on which; runs of
	 * legacy prefixes out of line.  The slow paths get the state in a
	 * struct of their own so that the hot path keeps it in registers. */
	unsigned b = (unsigned)qlo & 0xFF, k;
	const unsigned isrex = m64 & ((b & 0xF0) == 0x40); /* REX: 40-4F */
	uint32_t pf = rex_hdr[(16 | (b & 15)) & (0u - isrex)], xb = XB_INIT;
	/* REX.X | REX.B << 1 straight from the byte as well: the ModRM/SIB
	 * lookups below need them and should not wait for the rex_hdr load.
	 * The slow paths recompute it from pf. */
	unsigned rex_xb = (((b >> 1) & 1) | (b & 1) << 1) & (0u - isrex);
	pos = isrex;
	b = byte_of(qlo, qhi, pos);
	k = pfx_kind[b];
	if (__builtin_expect(k != PK_NONE && (k != PK_REX || m64), 0)) {
		struct dstate t = {.ib = ib, .m64 = m64};
		scan_prefixes(&t);
		pos = t.pos;
		pf = t.pf;
		xb = t.xb;
		b = ib[pos];
		rex_xb = ((pf >> H_REXX) & 1) | ((pf >> H_REXB) & 1) << 1;
	}
	pos++; /* the opcode byte */

	/* Opcode: one-byte or 0F map, and a ModRM.reg group; the other
	 * redirects and the escapes out of line. */
	const unsigned is0f = b == 0x0F;
	unsigned opc = b;
	if (is0f) /* a branch for the same reason as the group below */
		opc = byte_of(qlo, qhi, pos++);
	unsigned modrm = byte_of(qlo, qhi, pos);
	const unsigned e0 = vd_map_legacy[is0f][opc];
	unsigned e = e0;
	/* A branch, not a select: predicted, it lets the descriptor load
	 * start as soon as the map entry is in, where a select would wait for
	 * the group-table load too. */
	if ((e0 >> 10) == E_GROUP_TAG) {
		e = vd_grp[e0 & 0x3FF][(modrm >> 3) & 7];
		peek = 1;
	}
	if (__builtin_expect((e & E_REDIR) || e <= E_INVALID, 0)) {
		struct dstate t = {.ib = ib, .pos = pos, .m64 = m64, .real = real,
		    .pf = pf, .xb = xb, .opc = opc, .modrm = modrm};
		int r = resolve(&t, e0, b);
		pos = t.pos;
		peek = t.peek;
		pf = t.pf;
		xb = t.xb;
		opc = t.opc;
		modrm = t.modrm;
		rex_xb = ((pf >> H_REXX) & 1) | ((pf >> H_REXB) & 1) << 1;
		if (r < 0)
			DONE_OR(-r);
		e = (unsigned)r;
	}
	/*
	 * The 32/64-bit memory operand, decoded speculatively from the byte
	 * after the opcode before the descriptor says whether it is a ModRM:
	 * these loads then do not wait for the opcode-map and descriptor
	 * loads, which shortens the chain of dependent loads per decode.
	 */
	const unsigned mpos = pos; /* where a ModRM byte would be */
	const unsigned mw = mrm_tab[m64][rex_xb >> 1][modrm];
	const uint64_t sw = sib_tab[rex_xb][modrm < 0x40][byte_of(qlo, qhi, mpos + 1)];
	const unsigned has_sib = (mw >> 12) & 1;
	const uint64_t sib_mask = 0 - (uint64_t)has_sib;
	const unsigned disp32_bytes = ((mw >> 8) & 7) | ((unsigned)((sw & sib_mask) >> 56) & 4);
	const int64_t disp32 = sext(vd_load32(ib + mpos + 1 + has_sib), disp32_bytes);

	const struct vd_desc *d = &vd_desc[e];
	const unsigned df = d->dflags;
	const unsigned has_modrm = df & D_MODRM;
	modrm = has_modrm ? modrm : 0;
	pos += has_modrm;
	peek = 0;
	const unsigned mod = modrm >> 6;
	if (__builtin_expect((df & D_CHECK) || (xb & (XB_LOCK | XB_VEX)), 0)) {
		const struct dstate t = {.m64 = m64, .pf = pf, .xb = xb};
		if (invalid_slow(&t, d, modrm))
			DONE_OR(VIE_INVALID);
	}

	/* Sizes: one load. */
	const unsigned w = pf & 1, rexw = w & !(xb & XB_VEX);
	const unsigned st = m64 << 5 | def32 << 4 | ((pf >> (H_66 - 2)) & 0xC) | rexw << 1 | w;
	unsigned sizes = vd_size_tab[d->osz][st];
	if (__builtin_expect(df & D_SREG, 0) && mod != 3)
		sizes = (sizes & ~0xF0u) | 2 << 4; /* MOV m16, Sreg */
	const unsigned asz = sizes & 15, osz = (sizes >> 4) & 15;

	/* Memory operand. */
	unsigned base_reg = VM_REG_LAST, index_reg = VM_REG_LAST, scale = 0, disp_bytes = 0;
	unsigned ss_default = 0, decided = pos; /* bytes that decide the length */
	int64_t disp = 0;
	uint32_t hdr = pf | modrm_hdr[modrm];
	if (has_modrm && mod != 3) {
		if (__builtin_expect(asz != 2, 1)) {
			pos += has_sib;
			hdr |= (uint32_t)(sw & sib_mask);
			base_reg = has_sib ? (unsigned)(sw >> 32) & 0xFF : mw & 0xFF;
			index_reg = has_sib ? (unsigned)(sw >> 40) & 0xFF : VM_REG_LAST;
			scale = (unsigned)((sw & sib_mask) >> 48) & 0xFF;
			ss_default = (mw >> 13 | (unsigned)((sw & sib_mask) >> 59)) & 1;
			disp_bytes = disp32_bytes;
			disp = disp32;
		} else {
			disp_bytes = mem16(modrm, &base_reg, &index_reg, &scale);
			ss_default = base_reg == VM_REG_GUEST_RBP;
			disp = sext(vd_load32(ib + pos), disp_bytes);
		}
		decided = pos;
		pos += disp_bytes;
	}

	/* Immediate or memory offset. */
	int64_t imm = 0;
	unsigned imm_bytes = 0;
	if (__builtin_expect(d->imm == IMM_MOFFS, 0)) {
		disp_bytes = asz;
		uint64_t off;
		memcpy(&off, ib + pos, 8);
		disp = (int64_t)(asz == 8 ? off : off & ((1ull << (8 * asz)) - 1));
		pos += asz;
	} else {
		/* Size by rule and 16-bit operand size; sign- or zero-extended
		 * by mask rather than by branch. */
		static const uint8_t imm_size[3][2] = {[IMM_NONE] = {0, 0}, [IMM_B] = {1, 1}, [IMM_Z] = {4, 2}};
		imm_bytes = imm_size[d->imm][osz == 2];
		const uint32_t raw = vd_load32(ib + pos);
		const int64_t zx_mask = -(int64_t)((d->op_flags & VIE_OP_F_IMM_ZX) != 0);
		imm = (sext(raw, imm_bytes) & ~zx_mask) | ((int64_t)(raw & 0xFF) & zx_mask);
		pos += imm_bytes;
	}
	if (pos > n) {
		vie->decoded = 0;
		return short_status(pos, len, decided, n);
	}

	/* Segment: SS for rSP/rBP-based addressing, else DS; an effective
	 * override replaces it unless the operand is ES:rDI. */
	const unsigned seg = (xb >> XB_SEG) & 7;
	const unsigned seg_override = (seg != 7) & !(df & D_SEG_ES);
	_Static_assert(VM_REG_GUEST_SS + 1 == VM_REG_GUEST_DS, "segment numbering");
	unsigned segreg = VM_REG_GUEST_DS - ss_default;
	segreg = seg_override ? VM_REG_GUEST_ES + seg : segreg;
	segreg = (df & D_SEG_ES) ? VM_REG_GUEST_ES : segreg;

	/*
	 * Store.  struct vie's bit-fields are laid out by the SysV x86-64 ABI
	 * (allocated from the low bit of each byte); building the words in
	 * registers and storing them whole is several times faster than
	 * assigning bit-fields one by one.  tests/decode checks this packing
	 * against plain bit-field reads.
	 */
	memcpy(vie->inst, ib, 16);
	vie->num_valid = (uint8_t)n;
	hdr |= seg_override << H_SEGOVR;
	const unsigned vvvv = m64 ? (xb & 15) : (xb & 7);
	const uint64_t w16 = pos | (sizes & 0xFF) << 8 | (uint64_t)hdr << 16 |
	    (uint64_t)disp_bytes << 48 | (uint64_t)imm_bytes << 56;
	const uint64_t w24 = d->desc_w24 | scale | ((xb & 0xF0) | vvvv) << 8 | (uint64_t)base_reg << 32;
	const uint64_t w32 = index_reg | (uint64_t)segreg << 32;
	const uint64_t w56 = d->tail_w56 | (((xb >> XB_REPLAST) & 15) | (sizes >> 8) << 4) << 8 | opc << 16;
	vd_store_words(vie, w16, w24, w32, disp, imm, w56);
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
