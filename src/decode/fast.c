/*
 * src/decode/fast.c - vie_decode and its fast path.
 *
 * The fast path takes at most one legacy prefix, an optional REX, the
 * one-byte and 0F maps and 32/64-bit addressing in a mode with a 32-bit
 * default: about 99% of the memory instructions in real code.  Per-opcode
 * knowledge comes from the generated fast_tables.c, the rest from the
 * tables below; each gives its part of struct vie's words already in
 * place, so the result is a few adds and ORs.  Anything else, and every
 * status other than VIE_OK, goes to the full decoder (decode.c) before
 * anything is written, so both paths leave identical results;
 * tests/decode/test_fast.c checks that byte for byte.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"
#include "rules.h"

/*
 * By mode and legacy prefix (numbered as in fp_class): the prefix's part.
 *   c: bit 0 a legacy prefix; bit 1 (FP_BAIL) for the full decoder: 67
 *      outside 64-bit mode (16-bit addressing); bits 2-3 66, 67 in the
 *      size state's positions; bits 4-5 the mandatory-prefix number (66 1,
 *      F3 2, F2 3); bit 6 (FP_LOCK) LOCK; bits 8-15 the register of an
 *      effective segment override, 0 for none.
 *   w16, w56: the prefix's bits of struct vie's words at offsets 16 and 56
 *      (w16 also counts the byte in its low byte, the length).
 */
struct fp_pfx {
	uint64_t w16;
	uint32_t c;
	uint32_t w56;
};
#define FP_BAIL 2u
#define FP_LOCK 0x40u
#define PF_SEGNO(b) ((b) == 0x26 ? 0 : (b) == 0x2E ? 1 : (b) == 0x36 ? 2 : (b) == 0x3E ? 3 : \
	(b) == 0x64 ? 4 : (b) == 0x65 ? 5 : -1)
/* A segment override that takes effect: not ES/CS/SS/DS in 64-bit mode. */
#define PF_SEGEFF(m64, b) (PF_SEGNO(b) >= 0 && (!(m64) || PF_SEGNO(b) >= 4))
#define PF_HDR(m64, b) ((b) == 0x66 ? 1u << H_66 : (b) == 0x67 ? 1u << H_67 :              \
	(b) == 0xF2 ? 1u << H_F2 : (b) == 0xF3 ? 1u << H_F3 : PF_SEGEFF(m64, b) ? 1u << H_SEGOVR : 0u)
#define PF_C(m64, b)                                                                        \
	((b) == 0x66 ? 1u | 1u << 2 | 1u << 4 : (b) == 0x67 ? ((m64) ? 1u | 1u << 3 : 1u | FP_BAIL) : \
	 (b) == 0xF0 ? 1u | FP_LOCK : (b) == 0xF2 ? 1u | 3u << 4 : (b) == 0xF3 ? 1u | 2u << 4 :        \
	 PF_SEGNO(b) >= 0 ? 1u | (PF_SEGEFF(m64, b) ? (unsigned)(VM_REG_GUEST_ES + PF_SEGNO(b)) << 8 : 0u) : 0u)
/* struct vie byte 57: rep_last (F3), seg_prefix (any segment prefix + 1). */
#define PF_W56(b) ((b) == 0xF3 ? 1u << 8 : PF_SEGNO(b) >= 0 ? (unsigned)(PF_SEGNO(b) + 1) << 9 : 0u)
#define PF(m64, b) {(uint64_t)PF_HDR(m64, b) << 16 | 1u, PF_C(m64, b), PF_W56(b)}
/* The eleven, in the order of their numbers in fp_class (1..11). */
#define PF_ALL(m64) {{0, 0, 0}, PF(m64, 0x26), PF(m64, 0x2E), PF(m64, 0x36), PF(m64, 0x3E),  \
	PF(m64, 0x64), PF(m64, 0x65), PF(m64, 0x66), PF(m64, 0x67), PF(m64, 0xF0), PF(m64, 0xF2), \
	PF(m64, 0xF3)}
static const struct fp_pfx fp_pfx[2][12] = {PF_ALL(0), PF_ALL(1)};

/* By mode and byte: FC_LEGACY for a legacy prefix, with its number in
 * fp_pfx in bits 2-5 and its mandatory-prefix number in bits 6-7 (so that
 * the template does not wait for fp_pfx); FC_VEX for C4/C5 (VEX, or
 * LES/LDS outside 64-bit mode); for REX (64-bit mode) its fp_rex row,
 * 16 | WRXB, in bits 4-8 (so FC_REX is set).  0 for any other byte. */
#define FC_LEGACY 1
#define FC_VEX 2
#define FC_REX 0x100
#define PF_NO(b) ((b) == 0x26 ? 1 : (b) == 0x2E ? 2 : (b) == 0x36 ? 3 : (b) == 0x3E ? 4 :   \
	(b) == 0x64 ? 5 : (b) == 0x65 ? 6 : (b) == 0x66 ? 7 : (b) == 0x67 ? 8 : (b) == 0xF0 ? 9 : \
	(b) == 0xF2 ? 10 : (b) == 0xF3 ? 11 : 0)
#define FCLS(m64, u, b) (uint16_t)(PF_NO(b) ? FC_LEGACY | PF_NO(b) << 2 | (PF_C(m64, b) >> 4 & 3) << 6 : \
	((b) & 0xFE) == 0xC4 ? FC_VEX : (m64) && ((b) & 0xF0) == 0x40 ? (16 | ((b) & 15)) << 4 : 0)
static const uint16_t fp_class[2][256] = {{REP256(FCLS, 0, 0)}, {REP256(FCLS, 1, 0)}};

/*
 * By present << 4 | WRXB: REX's part of the word at offset 16 (the low
 * byte counts its length); REX.B and REX.XB as offsets into fp_mrm and
 * fp_sib; REX.W as the byte offset of the sizes in struct vd_fast.
 */
struct fp_rex {
	uint64_t w16;
	uint16_t mro;
	uint16_t sbo;
	uint32_t szo;
};
#define FREX(a, b, i) {(i) & 16 ? (uint64_t)REXH(i) << 16 | 1u : 0u, ((i) & 1) << 8, ((i) & 3) << 9, \
	(uint32_t)(offsetof(struct vd_fast, sz) + (((i) >> 3) & 1) * sizeof(struct vd_fast_sz))}
static const struct fp_rex fp_rex[32] = {REP16(FREX, 0, 0, 0), REP16(FREX, 0, 0, 16)};
_Static_assert(sizeof(struct fp_rex) == 16, "fp_class holds fp_rex byte offsets");

/*
 * By mode and REX.B << 8 | ModRM: ModRM's part, in struct vie's words:
 *   w16: mod/reg/rm bits | displacement bytes << 48 | the length of ModRM,
 *        SIB and displacement in the low byte
 *   bsc: base register << 32 (w24's bits) and is: index register |
 *        default segment << 32 (w32), when there is no SIB; 0 with a SIB
 *   srow, smask: the fp_sib row is (smask & (REX.XB << 9 | SIB)) | srow,
 *        that is FP_NOSIB without a SIB
 *   bail: the template flags that send this form to the full decoder
 *        (FF_MEMONLY for a register operand)
 */
struct fp_mrm {
	uint64_t w16;
	uint64_t bsc;
	uint64_t is;
	uint16_t srow;
	uint16_t smask;
	uint32_t bail;
};
#define FP_NOSIB 2048
#define FM_DB(m) ((m) >= 0xC0 ? 0u : ((m) < 0x40 && ((m) & 7) == 5) ? 4u : ((m) >> 6) == 1 ? 1u : \
	((m) >> 6) == 2 ? 4u : 0u)
#define FM_SIB(m) ((m) < 0xC0 && ((m) & 7) == 4)
#define FM_IS(i, s) ((uint64_t)(i) | (uint64_t)(s) << 32)
#define FM_BASE(m64, rb, m)                                                                  \
	((m) >= 0xC0 ? VM_REG_LAST : ((m) < 0x40 && ((m) & 7) == 5) ? ((m64) ? VM_REG_GUEST_RIP : VM_REG_LAST) : \
	 VMGPR(((m) & 7) | (rb) << 3))
#define FM_SEG(rb, m) ((m) < 0xC0 && !((m) < 0x40 && ((m) & 7) == 5) && IS_SSBASE(((m) & 7) | (rb) << 3) ? \
	VM_REG_GUEST_SS : VM_REG_GUEST_DS)
#define FMRM(m64, rb, m)                                                                    \
	{(uint64_t)MODRMH(m) << 16 | (uint64_t)FM_DB(m) << 48 | (1u + FM_SIB(m) + FM_DB(m)),        \
	 FM_SIB(m) ? 0 : (uint64_t)FM_BASE(m64, rb, m) << 32,                                      \
	 FM_SIB(m) ? 0 : FM_IS(VM_REG_LAST, FM_SEG(rb, m)),                                       \
	 FM_SIB(m) ? ((m) < 0x40) << 8 : FP_NOSIB, FM_SIB(m) ? 0x6FF : 0,                          \
	 FF_BAIL | ((m) >= 0xC0 ? FF_MEMONLY : 0)}
static const struct fp_mrm fp_mrm[2][2 * 256] = {
	{REP256(FMRM, 0, 0), REP256(FMRM, 0, 1)}, {REP256(FMRM, 1, 0), REP256(FMRM, 1, 1)},
};
/* No ModRM (string instructions): no base or index; DS, or ES:rDI. */
static const struct fp_mrm fp_mrm_none[2] = {
	{0, (uint64_t)VM_REG_LAST << 32, FM_IS(VM_REG_LAST, VM_REG_GUEST_DS), FP_NOSIB, 0, FF_BAIL},
	{0, (uint64_t)VM_REG_LAST << 32, FM_IS(VM_REG_LAST, VM_REG_GUEST_ES), FP_NOSIB, 0, FF_BAIL},
};

/*
 * By REX.XB << 9 | (mod == 00) << 8 | SIB, and a last row for no SIB: the
 * SIB's part, in fp_mrm's layout, with the scale in bsc's low byte.
 */
struct fp_sib {
	uint64_t w16;
	uint64_t bsc;
	uint64_t is;
};
#define FS_BASEREG(rb, m0, s) (SIB_NOBASE(m0, s) ? VM_REG_LAST : VMGPR(SIB_BASE(rb, s)))
#define FS_IDXREG(rx, s) (SIB_IDX(rx, s) == 4 ? VM_REG_LAST : VMGPR(SIB_IDX(rx, s)))
#define FS_SEG(rb, m0, s) (!SIB_NOBASE(m0, s) && IS_SSBASE(SIB_BASE(rb, s)) ? VM_REG_GUEST_SS : VM_REG_GUEST_DS)
#define FS_SCALE(rx, s) (SIB_IDX(rx, s) == 4 ? 0u : 1u << ((s) >> 6))
/* FSIB(rxb, ...) takes REX.X | REX.B << 1, as SIB() does. */
#define FSIB(rxb, m0, s)                                                                     \
	{(uint64_t)((s) >> 6 << H_SS | (unsigned)SIB_IDX((rxb) & 1, s) << H_INDEX |              \
	    (unsigned)SIB_BASE((rxb) >> 1, s) << H_BASE) << 16 |                                    \
	    (SIB_NOBASE(m0, s) ? (uint64_t)4 << 48 | 4u : 0u),                                     \
	 FS_SCALE((rxb) & 1, s) | (uint64_t)FS_BASEREG((rxb) >> 1, m0, s) << 32,                  \
	 FM_IS(FS_IDXREG((rxb) & 1, s), FS_SEG((rxb) >> 1, m0, s))}
#define FSIB_NONE {0, 0, 0}
static const struct fp_sib fp_sib[FP_NOSIB + 1] = {
	/* REX.XB = 00, 01 (B), 10 (X), 11 */
	REP256(FSIB, 0, 0), REP256(FSIB, 0, 1), REP256(FSIB, 2, 0), REP256(FSIB, 2, 1),
	REP256(FSIB, 1, 0), REP256(FSIB, 1, 1), REP256(FSIB, 3, 0), REP256(FSIB, 3, 1), FSIB_NONE,
};

/* struct vie's first 16 bytes: the instruction's bytes 0-7 and 7-14
 * (nothing past 15 is read), and num_valid.  One store, so that the
 * displacement and immediate can be read back from it (forwarded). */
static inline void
store_inst(uint8_t *out, const uint8_t *src, unsigned n)
{
#ifdef __SSE2__
	const __m128i hi8 = _mm_srli_epi64(_mm_loadl_epi64((const __m128i *)(src + 7)), 8);
	const __m128i all = _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)src), hi8);
	_mm_storeu_si128((__m128i *)out, _mm_or_si128(all, _mm_set_epi64x((long long)((uint64_t)n << 56), 0)));
#else
	uint64_t lo, hi;
	memcpy(&lo, src, 8);
	memcpy(&hi, src + 7, 8);
	hi = hi >> 8 | (uint64_t)n << 56;
	memcpy(out, &lo, 8);
	memcpy(out + 8, &hi, 8);
#endif
}

/* The SIB's part: the SIB byte's row when mr says one follows, else the
 * no-SIB row. */
static inline const struct fp_sib *
sib_part(const struct fp_mrm *mr, const struct fp_rex *rx, unsigned sib)
{
	return &fp_sib[(mr->smask & (rx->sbo | sib)) | mr->srow];
}

/* By displacement length (0, 1 or 4): its mask and sign bit. */
static const struct fp_dsx {
	uint32_t mask, sign;
} fp_dsx[5] = {{0, 0}, {0xFF, 0x80}, {0, 0}, {0, 0}, {0xFFFFFFFF, 0x80000000}};

/*
 * With the instruction stored (store_inst), read back the displacement
 * and the immediate, sign- or zero-extended.  ipos is where the immediate
 * starts; mem16 (ModRM's and SIB's parts of the word at offset 16) gives
 * the displacement's length, 0, 1 or 4, ending there.  Bytes past either
 * may be read, never used.
 */
static inline void
read_operands(const uint8_t *out, unsigned ipos, uint64_t mem16, const struct vd_fast_sz *sz,
    int64_t *disp, int64_t *imm)
{
	const unsigned dbytes = (unsigned)(mem16 >> 48) & 0xFF;
	const struct fp_dsx *d = &fp_dsx[dbytes];
	*disp = (int32_t)(((vd_load32(out + ipos - dbytes) & d->mask) ^ d->sign) - d->sign);
	*imm = (int32_t)(((vd_load32(out + ipos) & sz->imask) ^ sz->isign) - sz->isign);
}

/*
 * The fast path proper, for one mode and prefix count (m64 and npfx are
 * constants at each call: the compiler makes four copies, so that the
 * common unprefixed case does not wait for the prefix table).  src has 15
 * readable bytes (a zero-padded copy when the caller gave fewer), of which
 * n count.  Returns -1 when the full decoder must decide; then it has
 * written nothing.
 *
 * struct vie's word at offset 16 is a sum of its sources' parts (bit
 * fields that do not overlap, and in the low byte each part's length), so
 * the length falls out of it.
 */
static inline __attribute__((always_inline)) int
fast_decode(struct vie *vie, const uint8_t *src, unsigned n, const unsigned m64, const unsigned npfx,
    const unsigned cls)
{
	uint64_t lo;
	memcpy(&lo, src, 8);
	const struct fp_pfx *pf = &fp_pfx[m64][(cls >> 2) & 15];
	const uint32_t c = npfx ? pf->c : 0;
	uint64_t q = npfx ? lo >> 8 : lo;
	/* The class of the byte after any prefix: REX, or none; another
	 * legacy prefix or VEX goes to the full decoder. */
	const unsigned rc = npfx ? fp_class[m64][q & 0xFF] : cls;
	if (npfx && (rc & (FC_LEGACY | FC_VEX)))
		return -1;
	const struct fp_rex *rx = &fp_rex[rc >> 4];
	q >>= (rc >> 5) & 8; /* past REX */
	const unsigned is0f = (q & 0xFF) == 0x0F;
	q >>= 8 * is0f;
	const unsigned modrm = (q >> 8) & 0xFF;

	/* Template: the opcode's, plus ModRM.reg for a group or the
	 * mandatory prefix for an SSE opcode (FM_GMASK, FM_PMASK). */
	const uint32_t fm = vd_fast_map[m64][is0f << 8 | (q & 0xFF)];
	unsigned toff = (fm & 0xFFFF) + ((modrm << 3) & (fm >> 13));
	if (npfx)
		toff += cls & (fm >> 24);
	const struct vd_fast *t = (const struct vd_fast *)((const char *)vd_fast + toff);
	const unsigned fl = t->flags;

	/* Memory operand (taken from the byte after the opcode before the
	 * template says it is a ModRM: a predicted branch, not a wait). */
	const struct fp_mrm *mr = &fp_mrm[m64][rx->mro + modrm];
	if (__builtin_expect(!(fl & FF_MODRM), 0))
		mr = &fp_mrm_none[(fl / FF_SEG_ES) & 1];
	if (__builtin_expect((fl & mr->bail) | (c & FP_BAIL), 0))
		return -1;
	/* LOCK: where the full decoder would not take it, it decides (#UD). */
	const unsigned lock = npfx && (c & FP_LOCK);
	if (lock && (!(fl & FF_LOCK) || modrm >= 0xC0))
		return -1;
	const struct fp_sib *sb = sib_part(mr, rx, (q >> 16) & 0xFF);

	/* Sizes: the template's, unless a 66 or 67 (64-bit mode) changes
	 * them: then from vd_size_tab as the full decoder does. */
	struct vd_fast_sz psz;
	const struct vd_fast_sz *sz = (const struct vd_fast_sz *)((const char *)t + rx->szo);
	if (npfx && (c & 0xC)) {
		const unsigned row = t->szbase / 16;
		const unsigned w = rx->szo != offsetof(struct vd_fast, sz);
		const unsigned sizes = vd_size_tab[F_RULE(row)][F_ST(m64, (c & 0xC) | w * 3)];
		const unsigned ib = F_IMMB(F_IMM(row), (sizes >> 4) & 15);
		psz = (struct vd_fast_sz)FAST_SZ_OF(sizes, F_IMM(row), ib);
		sz = &psz;
	}
	/* Up to the immediate, the length is the prefixes', the opcode's and
	 * ModRM's, SIB's and the displacement's; where the displacement and
	 * immediate start does not wait for the template. */
	const uint64_t mem16 = mr->w16 + sb->w16;
	uint64_t w16 = rx->w16 + mem16 + 1 + is0f;
	if (npfx)
		w16 += pf->w16;
	const unsigned ipos = w16 & 0xFF;
	w16 += sz->w16;
	/* With a whole fetch (n == 15) no instruction taken here (one prefix,
	 * REX, 0F, opcode, ModRM, SIB, disp32, imm32: 14 bytes) is too long. */
	if (__builtin_expect(n < VIE_INST_SIZE && (w16 & 0xFF) > n, 0))
		return -1;

	/* The instruction bytes first: the displacement and immediate are
	 * read back from them (forwarded from this one store).  Bytes past
	 * the instruction may be read, never used. */
	uint8_t *out = (uint8_t *)vie;
	store_inst(out, src, n);
	int64_t disp, imm;
	read_operands(out, ipos, mem16, sz, &disp, &imm);

	const uint64_t w24 = t->desc_w24 | mr->bsc | sb->bsc | (uint64_t)lock << 14;
	uint64_t w32 = mr->is | sb->is;
	if (npfx && (c >> 8) & 0xFF) { /* an effective segment override */
		if (fl & FF_SEG_ES) /* ES:rDI takes none */
			w16 &= ~((uint64_t)1 << (16 + H_SEGOVR));
		else
			w32 = (w32 & 0xFFFFFFFFu) | (uint64_t)((c >> 8) & 0xFF) << 32;
	}
	uint64_t w56 = t->w56 | sz->w56;
	if (npfx)
		w56 |= pf->w56;
	vd_store_words(out, w16, w24, w32, disp, imm, w56);
	return VIE_OK;
}

/*
 * VEX without a legacy prefix (SDM vol. 2, 2.3): C5 R vvvv L pp, or C4
 * RXB mmmmm, W vvvv L pp, then the opcode of map 0F (mmmmm 1) or 0F 38
 * (2).  As fast_decode, with VEX's fields in place of REX's and the
 * prefixes', and VEX's #UD rules from the template.
 */
static inline __attribute__((always_inline)) int
fast_vex(struct vie *vie, const uint8_t *src, unsigned n, const unsigned m64)
{
	uint64_t lo;
	memcpy(&lo, src, 8);
	const unsigned v1 = (lo >> 8) & 0xFF;
	if (!m64 && v1 < 0xC0)
		return -1; /* LES/LDS */
	const unsigned c4 = (lo & 1) == 0, v2 = c4 ? (lo >> 16) & 0xFF : v1;
	const unsigned map = c4 ? (v1 & 0x1F) - 1 : 0; /* 0F 0, 0F 38 1 */
	if (map > 1)
		return -1; /* 0F 3A, or #UD */
	/* R X B are stored inverted; C5 has only R.  Outside 64-bit mode they
	 * and VEX.W-as-REX.W do not count (VEX.W is still reported). */
	const unsigned vw = c4 ? v2 >> 7 : 0;
	const unsigned rex = m64 ? 16 | vw << 3 | ((~v1 >> 5) & (c4 ? 7u : 4u)) : 0;
	const unsigned vvvv = (~v2 >> 3) & 15, vl = (v2 >> 2) & 1, pp = v2 & 3;
	const unsigned vlen = 2 + c4;
	const uint64_t q = lo >> (8 * vlen);
	const unsigned modrm = (q >> 8) & 0xFF, mod3 = modrm >= 0xC0;

	const uint32_t fm = vd_fast_vmap[m64][map << 8 | (q & 0xFF)];
	const struct vd_fast *t = (const struct vd_fast *)((const char *)vd_fast + (fm & 0xFFFF) +
	    ((modrm << 3) & (fm >> 13)) + ((pp << 6) & (fm >> 24)));
	const unsigned fl = t->flags;
	if (__builtin_expect((fl & FF_BAIL) || ((fl & FF_MEMONLY) && mod3) || ((fl & FF_VEX_L0) && vl) ||
	        ((fl & FF_NOVVVV) && vvvv) || ((fl & FF_NOVVVV_MEM) && !mod3 && vvvv), 0))
		return -1;

	const struct fp_rex *rx = &fp_rex[rex];
	const struct fp_mrm *mr = &fp_mrm[m64][rx->mro + modrm];
	const struct fp_sib *sb = sib_part(mr, rx, (q >> 16) & 0xFF);
	const struct vd_fast_sz *sz = &t->sz[rex >> 3 & 1];
	const uint64_t mem16 = mr->w16 + sb->w16;
	const unsigned ipos = vlen + 1 + (unsigned)(mem16 & 0xFF);
	/* REX's bits of the word at offset 16, but not rex_present or REX's
	 * length; then VEX and VEX.L. */
	const uint64_t rexbits = rx->w16 & ~((uint64_t)1 << (16 + H_REXP) | 0xFF);
	const uint64_t w16 = rexbits + mem16 + sz->w16 + vlen + 1 +
	    ((uint64_t)(1u << H_VEX | vl << H_VEXL) << 16);
	if (__builtin_expect((w16 & 0xFF) > n, 0))
		return -1;

	uint8_t *out = (uint8_t *)vie;
	store_inst(out, src, n);
	int64_t disp, imm;
	read_operands(out, ipos, mem16, sz, &disp, &imm);
	const uint64_t w24 = t->desc_w24 | mr->bsc | sb->bsc |
	    (uint64_t)((m64 ? vvvv : vvvv & 7) | pp << 4 | vw << 7) << 8;
	vd_store_words(out, w16, w24, mr->is | sb->is, disp, imm, t->w56 | sz->w56);
	return VIE_OK;
}

/* The fast path for one mode: without a legacy prefix, with one, or VEX.
 * A branch: predicted, the common case does not wait for the table. */
static inline __attribute__((always_inline)) int
fast_mode(struct vie *vie, const uint8_t *src, unsigned n, const unsigned m64)
{
	const unsigned cls = fp_class[m64][src[0]];
	if (__builtin_expect(cls & (FC_LEGACY | FC_VEX), 0))
		return cls & FC_LEGACY ? fast_decode(vie, src, n, m64, 1, cls) : fast_vex(vie, src, n, m64);
	return fast_decode(vie, src, n, m64, 0, cls);
}

/*
 * Everything but a whole fetch in 64-bit mode: a 32-bit default mode takes
 * the fast path too (from a zero-padded copy when shorter than 15 bytes),
 * the rest the full decoder.  A full decoder given more than 15 bytes
 * decides exactly as with 15.
 */
static __attribute__((noinline)) int
decode_other(struct vie *vie, const uint8_t *bytes, size_t len, enum vm_cpu_mode mode, int cs_d)
{
	const unsigned m64 = mode == CPU_MODE_64BIT;
	if (vie != NULL && (bytes != NULL || len == 0) &&
	    (m64 || ((mode == CPU_MODE_PROTECTED || mode == CPU_MODE_COMPATIBILITY) && cs_d))) {
		uint8_t tmp[16] = {0};
		const uint8_t *src = bytes;
		unsigned n = VIE_INST_SIZE;
		if (len < VIE_INST_SIZE) {
			if (len != 0)
				memcpy(tmp, bytes, len);
			src = tmp;
			n = (unsigned)len;
		}
		const int r = m64 ? fast_mode(vie, src, n, 1) : fast_mode(vie, src, n, 0);
		if (r >= 0)
			return r;
	}
	return vd_decode_full(vie, bytes, len, mode, cs_d);
}

/* A whole fetch in 64-bit mode that starts with a legacy prefix or VEX:
 * out of line, so that the unprefixed path needs no saved registers. */
static __attribute__((noinline)) int
decode64_prefixed(struct vie *vie, const uint8_t *bytes, unsigned cls)
{
	const int r = cls & FC_LEGACY ? fast_decode(vie, bytes, VIE_INST_SIZE, 1, 1, cls) :
	    fast_vex(vie, bytes, VIE_INST_SIZE, 1);
	if (r >= 0)
		return r;
	return vd_decode_full(vie, bytes, VIE_INST_SIZE, CPU_MODE_64BIT, 1);
}

VIE_API int
vie_decode(struct vie *vie, const uint8_t *bytes, size_t len, enum vm_cpu_mode mode, int cs_d)
{
	/* The common call, a whole fetch (15 bytes or more) in 64-bit mode,
	 * with nothing else live: the fast path reads bytes 0-14 only, and
	 * the full decoder decides a longer buffer as it does 15 bytes. */
	if (__builtin_expect(mode == CPU_MODE_64BIT && len >= VIE_INST_SIZE && bytes != NULL && vie != NULL, 1)) {
		const unsigned cls = fp_class[1][bytes[0]];
		if (__builtin_expect(cls & (FC_LEGACY | FC_VEX), 0))
			return decode64_prefixed(vie, bytes, cls);
		if (__builtin_expect(fast_decode(vie, bytes, VIE_INST_SIZE, 1, 0, cls) == 0, 1))
			return VIE_OK;
		return vd_decode_full(vie, bytes, VIE_INST_SIZE, CPU_MODE_64BIT, 1);
	}
	return decode_other(vie, bytes, len, mode, cs_d);
}
