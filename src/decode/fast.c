/*
 * src/decode/fast.c - vie_decode and its fast path.
 *
 * The fast path takes at most one legacy prefix, an optional REX, the
 * one-byte and 0F maps and 32/64-bit addressing in a mode with a 32-bit
 * default: about 99% of the memory instructions in real code.  Its tables
 * (fast.h) are one generated block, fast_tables.c; each row gives its part
 * of struct vie's words already in place, so the result is a few adds and
 * ORs.  Anything else, and every status other than VIE_OK, goes to the
 * full decoder (decode.c) before anything is written, so both paths leave
 * identical results; tests/decode/test_fast.c checks that byte for byte.
 *
 * Two facts of the machine shape it (bench/decode/README.md): its
 * throughput is bounded by the integer units, so the words that nothing
 * waits for are combined in the vector unit, which is otherwise idle; and
 * a caller waits for the length alone, so that is found on a short chain
 * of its own, from the bytes and the map entry.
 */
#include <string.h>
/* The vector unit's part (x86-64's baseline SSE2): the instruction's bytes
 * in one register, and the displacement's and immediate's extension.
 * VD_FAST_NO_SIMD builds the scalar code instead, as other targets do
 * (the test 'decode-fast-equiv-c' checks it). */
#if defined(__SSE2__) && !defined(VD_FAST_NO_SIMD)
#define VD_FAST_SIMD 1
#include <emmintrin.h>
#endif

#include "fast.h"

/* The table block, through a pointer the compiler cannot see through: it
 * keeps one base register for every table instead of an address (and a
 * register) per table, which position-independent code needs. */
static inline const struct vd_fast_tables *
fast_tables(void)
{
	const struct vd_fast_tables *t = &vd_fast_tab;
	__asm__("" : "+r"(t));
	return t;
}

/* struct vie's first 16 bytes: the instruction's bytes 0-7 and 7-14
 * (nothing past 15 is read), and num_valid.  Loaded first, so that the
 * caller's pointer need not stay live; stored (store_inst) in one piece,
 * so that the displacement and immediate can be read back from it
 * (forwarded). */
#ifdef VD_FAST_SIMD
typedef __m128i inst16;
static inline inst16
load_inst(const uint8_t *src, unsigned n)
{
	const __m128i hi8 = _mm_srli_epi64(_mm_loadl_epi64((const __m128i *)(src + 7)), 8);
	const __m128i all = _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)src), hi8);
	return _mm_or_si128(all, _mm_set_epi64x((long long)((uint64_t)n << 56), 0));
}

static inline void
store_inst(uint8_t *out, inst16 v)
{
	_mm_storeu_si128((__m128i *)out, v);
}
#else
typedef struct {
	uint64_t lo, hi;
} inst16;
static inline inst16
load_inst(const uint8_t *src, unsigned n)
{
	inst16 v;
	memcpy(&v.lo, src, 8);
	memcpy(&v.hi, src + 7, 8);
	v.hi = v.hi >> 8 | (uint64_t)n << 56;
	return v;
}

static inline void
store_inst(uint8_t *out, inst16 v)
{
	memcpy(out, &v, 16);
}
#endif

/*
 * The bytes q past a REX prefix, if q starts with one, and its REX.X and
 * REX.B as REX.XB << 9 (sib[]'s index; REX.B is bit 9), 0 without REX:
 * conditional moves, as in past_0f, so that ModRM's and SIB's rows do not
 * wait for REX's.
 *
 * Here and in past_0f the moves are written in assembly because gcc makes
 * the C below a branch, which the instruction bytes decide and no
 * predictor learns.  The C is what other compilers and targets build (and
 * VD_FAST_NO_ASM; the test 'decode-fast-equiv-c' checks it).
 */
struct past_rex {
	uint64_t q, xb, len; /* len: REX's length, 1 or 0 */
};

static inline struct past_rex
past_rex(uint64_t q)
{
	struct past_rex r = {q, 0, 0};
	const uint64_t xb = (q << 9) & 0x600;
#if defined(__x86_64__) && defined(__GNUC__) && !defined(VD_FAST_NO_ASM)
	const uint64_t hi = q & 0xF0;
	__asm__("cmpl $0x40, %k3\n\tcmove %4, %0\n\tcmove %5, %1\n\tsete %b2"
	    : "+&r"(r.q), "+&r"(r.xb), "+&q"(r.len) : "r"(hi), "r"(q >> 8), "r"(xb) : "cc");
#else
	if ((q & 0xF0) == 0x40)
		r = (struct past_rex){q >> 8, xb, 1};
#endif
	return r;
}

/* From the bytes q after any prefix and REX: the opcode key (0F << 8 |
 * opcode), ModRM and the byte after it, each chosen between the two places
 * it can be without a branch (which comes follows the instruction bytes,
 * which no predictor learns) and without waiting for a shift. */
static inline void
past_0f(uint64_t q, uint64_t *key, uint64_t *modrm, uint64_t *sib)
{
	const uint64_t b0 = q & 0xFF, b1 = (q >> 8) & 0xFF, b2 = (q >> 16) & 0xFF, b3 = (uint32_t)q >> 24;
	uint64_t k = b0, m = b1, s = b2;
#if defined(__x86_64__) && defined(__GNUC__) && !defined(VD_FAST_NO_ASM)
	/* The compare is on q's low byte itself, so that it does not wait
	 * for b0 to be extracted. */
	__asm__("cmpb $0x0f, %b6\n\tcmove %3, %0\n\tcmove %4, %1\n\tcmove %5, %2"
	    : "+r"(k), "+r"(m), "+r"(s) : "r"(b1 + 0x100), "r"(b2), "r"(b3), "q"(q) : "cc");
#else
	if (b0 == 0x0F)
		k = 0x100 | b1, m = b2, s = b3;
#endif
	*key = k;
	*modrm = m;
	*sib = s;
}

/* REX's part, by its row's byte offset in rex[].  Outside 64-bit mode
 * there is none (40-4F are INC and DEC): a constant, so the compiler need
 * not load it. */
static const struct fp_rex no_rex = FREX(0, 0, 0);

static inline const struct fp_rex *
rex_part(const struct vd_fast_tables *T, const unsigned m64, unsigned off)
{
	return m64 ? (const struct fp_rex *)((const char *)T->rex + off) : &no_rex;
}

/* ModRM's row by REX's: rx->mro is where REX.B's rows for the mode start.
 * (VEX; the legacy path takes REX.B from the byte, past_rex.) */
static inline const struct fp_mrm *
mrm_row(const struct vd_fast_tables *T, const struct fp_rex *rx, unsigned modrm)
{
	return (const struct fp_mrm *)((const char *)T + rx->mro + modrm * sizeof(struct fp_mrm));
}

/* The SIB's row: the row of the byte after ModRM, loaded whether or not
 * it is a SIB, so that the load does not wait for ModRM's row, and kept
 * (keep, all ones) where that row says it is one.  sbo is REX.XB << 9. */
struct sib_sel {
	const struct fp_sib *s;
	uint64_t keep;
};

static inline struct sib_sel
sib_row(const struct vd_fast_tables *T, const struct fp_mrm *mr, uint64_t sbo, uint64_t modrm, uint64_t sib)
{
	return (struct sib_sel){&T->sib[sbo | ((modrm + 0xC0) & 0x100) | sib], (uint64_t)(int64_t)mr->sib};
}

/*
 * Store struct vie's words at 16, 24 and 32.  The word at 16 is the sum
 * of ModRM's and SIB's parts and those w16a, w16b and (when given) w16c
 * point to: REX's, the sizes', a prefix's.  The words at 24 and 32 (base,
 * scale, descriptor; index, segment) are ModRM's and SIB's parts ORed
 * with the template's descriptor, then & keep | or when given (a
 * prefix's: pfx[]).  SIB's parts count where ModRM's row
 * says there is a SIB.  In the vector unit: the integer units are what
 * bounds the decoder's throughput (bench/decode/README.md), the vector
 * unit is otherwise idle.
 */
static inline void
store_rows(uint8_t *out, const struct vd_fast *t, const struct fp_mrm *mr, struct sib_sel sb,
    const uint64_t *w16a, const uint64_t *w16b, const uint64_t *w16c, const uint64_t *keep, const uint64_t *or)
{
#ifdef VD_FAST_SIMD
	const __m128i k = _mm_shuffle_epi32(_mm_loadu_si32(&mr->sib), 0);
	__m128i w16 = _mm_add_epi64(_mm_loadl_epi64((const __m128i *)&mr->w16),
	    _mm_and_si128(_mm_loadl_epi64((const __m128i *)&sb.s->w16), k));
	w16 = _mm_add_epi64(w16, _mm_add_epi64(_mm_loadl_epi64((const __m128i *)w16a),
	    _mm_loadl_epi64((const __m128i *)w16b)));
	if (w16c)
		w16 = _mm_add_epi64(w16, _mm_loadl_epi64((const __m128i *)w16c));
	__m128i v = _mm_and_si128(_mm_loadu_si128((const __m128i *)&sb.s->bsc), k);
	v = _mm_or_si128(_mm_or_si128(v, _mm_loadu_si128((const __m128i *)&mr->bsc)), _mm_loadu_si32(&t->desc_w24));
	if (keep)
		v = _mm_or_si128(_mm_and_si128(v, _mm_loadu_si128((const __m128i *)keep)),
		    _mm_loadu_si128((const __m128i *)or));
	_mm_storel_epi64((__m128i *)(out + 16), w16);
	_mm_storeu_si128((__m128i *)(out + 24), v);
#else
	uint64_t w16 = mr->w16 + (sb.s->w16 & sb.keep) + *w16a + *w16b;
	if (w16c)
		w16 += *w16c;
	uint64_t w24 = t->desc_w24 | mr->bsc | (sb.s->bsc & sb.keep), w32 = mr->is | (sb.s->is & sb.keep);
	if (keep)
		w24 = (w24 & keep[0]) | or[0], w32 = (w32 & keep[1]) | or[1];
	vd_store64(out + 16, w16);
	vd_store64(out + 24, w24);
	vd_store64(out + 32, w32);
#endif
}

#ifndef VD_FAST_SIMD
/* raw << cnt, shifted back arithmetically (0 for cnt 32), & zm, as a
 * 64-bit integer: the scalar form of store_operands' vector steps. */
static inline int64_t
ext32(uint32_t raw, uint32_t cnt, uint32_t zm)
{
	const uint32_t sh = cnt & 31, bits = cnt < 32 ? (raw << sh) >> sh : 0;
	const uint64_t sign = zm == ~0u && cnt < 32 ? (uint64_t)1 << (31 - sh) : 0;
	return (int64_t)(((uint64_t)(bits & zm) ^ sign) - sign);
}
#endif

/*
 * Store the instruction's bytes (store_inst), then struct vie's
 * displacement and immediate, read back from them (forwarded from that one
 * store) and sign- or zero-extended.  ipos is where the immediate starts
 * and the displacement, dbytes long (0, 1 or 4), ends.  Each is four bytes
 * from where it starts, shifted up and back (dcnt[], the sizes' icnt),
 * so bytes past it are read, never used; no read passes struct vie's
 * end.  The vector unit does the extension: the integer units are what
 * bounds the decoder's throughput (bench/decode/README.md).
 */
static inline void
store_operands(const struct vd_fast_tables *T, uint8_t *out, inst16 inst, unsigned ipos, uint64_t dbytes,
    const struct vd_fast_sz *sz)
{
	store_inst(out, inst);
#ifdef VD_FAST_SIMD
	const __m128i dc = _mm_loadl_epi64((const __m128i *)&T->dcnt[dbytes]);
	__m128i d = _mm_loadu_si32(out + ipos - dbytes);
	d = _mm_sra_epi32(_mm_sll_epi32(d, dc), dc);
	_mm_storel_epi64((__m128i *)(out + 40), _mm_unpacklo_epi32(d, _mm_srai_epi32(d, 31)));
	const __m128i ic = _mm_loadu_si32(&sz->icnt);
	__m128i i = _mm_loadu_si32(out + ipos);
	i = _mm_and_si128(_mm_sra_epi32(_mm_sll_epi32(i, ic), ic), _mm_loadu_si32(&sz->izm));
	_mm_storel_epi64((__m128i *)(out + 48), _mm_unpacklo_epi32(i, _mm_srai_epi32(i, 31)));
#else
	vd_store64(out + 40, (uint64_t)ext32(vd_load32(out + ipos - dbytes), (uint32_t)T->dcnt[dbytes], ~0u));
	vd_store64(out + 48, (uint64_t)ext32(vd_load32(out + ipos), sz->icnt, sz->izm));
#endif
}

/* num_processed, after the word at 16 that holds it too: a load of it
 * is forwarded from this store, whose value is ready sooner.  Written as
 * an asm so that the compiler neither merges it into the word's store nor
 * drops the word's low byte. */
static inline void
store_len(uint8_t *out, unsigned len)
{
#if defined(__x86_64__) && defined(__GNUC__) && !defined(VD_FAST_NO_ASM)
	__asm__("movb %b1, %0" : "=m"(out[offsetof(struct vie, num_processed)]) : "q"(len));
#else
	out[offsetof(struct vie, num_processed)] = (uint8_t)len;
#endif
}

/*
 * The fast path proper, for one mode and prefix count (m64, npfx and hot
 * are constants at each call: the compiler makes a copy for each, so that
 * the common unprefixed case does not wait for the prefix table).  src
 * has 15 readable bytes (a zero-padded copy when the caller gave fewer),
 * of which n count; inst is load_inst(src, n), loaded by the caller so
 * that the unprefixed path can hand it to its fallback (decode64_rest).
 * Returns -1 when the full decoder must decide, or, when hot,
 * FAST_NOMODRM for an instruction without ModRM, which the path without
 * 'hot' takes (hot takes one test fewer and a register fewer); then it
 * has written nothing.
 *
 * struct vie's word at offset 16 is a sum of its sources' parts (bit
 * fields that do not overlap); its low byte, the length, is stored again
 * from the short chain (store_len).
 */
#define FAST_NOMODRM (-2)

static inline __attribute__((always_inline)) int
fast_decode(struct vie *vie, const uint8_t *src, unsigned n, const unsigned m64, const unsigned npfx,
    const uint64_t cls, const unsigned hot, const inst16 inst)
{
	const struct vd_fast_tables *T = fast_tables();
	uint64_t lo;
	memcpy(&lo, src, 8);
	const struct fp_pfx *pf = &T->pfx[m64][(cls >> 2) & 15];
	const uint32_t c = npfx ? pf->c : 0;
	uint64_t q = npfx ? lo >> 8 : lo;
	/* The class of the byte after any prefix: REX, or none; another
	 * legacy prefix or VEX goes to the full decoder. */
	const unsigned rc = npfx ? T->cls[m64][q & 0xFF] : cls;
	if (npfx && (rc & (FC_LEGACY | FC_VEX)))
		return -1;
	/* A byte that is neither a legacy prefix nor VEX has for class its
	 * REX row's byte offset (0: no REX). */
	const struct fp_rex *rx = rex_part(T, m64, rc);
	/* Past REX, with REX.X and REX.B: from the byte itself, so that
	 * finding the opcode, ModRM's row and SIB's does not wait for the
	 * class table and REX's row; that row gives what is needed later,
	 * REX's bits of the word and REX.W's sizes.  rexb is REX.B * 256
	 * rows of mrm[]. */
	uint64_t rexb = 0, rexxb = 0, rexlen = 0;
	if (m64) {
		const struct past_rex pr = past_rex(q);
		q = pr.q;
		rexxb = pr.xb;
		rexlen = pr.len;
		rexb = (rexxb & 0x200) * (sizeof(struct fp_mrm[256]) >> 9);
	}
	/* Past 0F: the opcode, ModRM and SIB chosen between the two places
	 * each can be, without a branch and without waiting for a shift. */
	uint64_t op, modrm, sibb;
	past_0f(q, &op, &modrm, &sibb);

	/* Template: the opcode's in the map of its mandatory prefix (cls
	 * bits 6-7), plus ModRM.reg for a group (FM_GROUP; the legacy maps
	 * have no other mask bits). */
	const uint64_t key = (npfx ? (cls & 0xC0) << 3 : 0) | op;
	const uint32_t fm = T->map[m64][key];
	const uint64_t toff = (fm >> 16) + ((modrm << 3) & fm);
	const struct vd_fast *t = (const struct vd_fast *)((const char *)T->tpl + toff);
	const unsigned fl = t->flags;

	/* Memory operand (taken from the byte after the opcode before the
	 * template says it is a ModRM: a predicted branch, not a wait). */
	const struct fp_mrm *mr = (const struct fp_mrm *)((const char *)T->mrm[m64] + rexb +
	    modrm * sizeof(struct fp_mrm));
	/* ModRM's, SIB's and the displacement's length, and the
	 * displacement's, from the bytes */
	const uint64_t msi = (modrm << 3) | (sibb & 7);
	uint64_t ms = T->mslen[msi], dbytes = T->msdisp[msi];
	if (!hot && __builtin_expect(fl & FF_NOMODRM, 0)) {
		mr = &T->mrm_none[(fl / FF_SEG_ES) & 1];
		ms = dbytes = 0;
	}
	const unsigned bad = (fl & mr->bail) | (c & FP_BAIL);
	if (__builtin_expect(bad, 0)) /* mr->bail has FF_NOMODRM */
		return hot && (bad & FF_NOMODRM) ? FAST_NOMODRM : -1;
	/* LOCK: where the full decoder would not take it, it decides (#UD). */
	const unsigned lock = npfx && (c & FP_LOCK);
	if (lock && (!(fl & FF_LOCK) || modrm >= 0xC0))
		return -1;
	const struct sib_sel sb = sib_row(T, mr, rexxb, modrm, sibb);

	/* Sizes: the template's (the 66 map's templates have 66's), unless a
	 * 67 (64-bit mode) changes them: then from vd_size_tab as the full
	 * decoder finds them. */
	struct vd_fast_sz psz;
	/* The sizes' address from the template's offset and a base that has
	 * REX.W's offset in it already (REX's row is there before the map
	 * entry is): one add after the map entry, not two. */
	const char *szbase = (const char *)T + rx->szo;
	__asm__("" : "+r"(szbase));
	const struct vd_fast_sz *sz = (const struct vd_fast_sz *)(szbase + toff);
	if (npfx && __builtin_expect(c & 8, 0)) {
		const unsigned row = t->szbase / 16;
		const unsigned w = rx->szo != FP_SZO(0);
		const unsigned sizes = vd_size_tab[F_RULE(row)][F_ST(m64, (c & 0xC) | w * 3)];
		const unsigned ib = F_IMMB(F_IMM(row), (sizes >> 4) & 15);
		psz = (struct vd_fast_sz)FAST_SZ_OF(sizes, F_IMM(row), ib, t->w56);
		sz = &psz;
	}
	/* The instruction's length from the bytes (REX's, ModRM's, SIB's and
	 * the displacement's: past_rex, mslen[]) and the map entry (the
	 * opcode's and the immediate's): it waits for neither ModRM's and
	 * SIB's rows nor the template, unless FM_TPL says the immediate's
	 * length is the template's (a branch: F6/F7 and 66's Iz are rare).
	 * It is stored on its own after the word at 16 (store_len), so that a
	 * caller reading it next has it that much sooner; that word's low
	 * byte, which the rows' parts sum to, is overwritten. */
	uint64_t len = npfx + rexlen + ms + (fm & FM_LEN);
	const uint64_t szimm = sz->w16 & 0xFF;
	if (__builtin_expect(fm & FM_TPL, 0)) {
		len += szimm;
		__asm__("" : "+r"(len)); /* not a conditional move, which would wait */
	}
	const unsigned ipos = (unsigned)(len - szimm); /* where the immediate starts */
	/* With a whole fetch (n == 15) no instruction taken here (one prefix,
	 * REX, 0F, opcode, ModRM, SIB, disp32, imm32: 14 bytes) is too long. */
	if (__builtin_expect(n < VIE_INST_SIZE && len > n, 0))
		return -1;

	/* Nothing can fail from here. */
	uint8_t *out = (uint8_t *)vie;
	if (npfx) {
		/* A prefix's part of the words at 24 and 32 (LOCK, a segment
		 * override), but for ES:rDI, which takes no override. */
		const int es = !hot && __builtin_expect(fl & FF_SEG_ES, 0);
		const struct fp_pfx *pw = es ? &T->pfx[m64][0] : pf;
		store_rows(out, t, mr, sb, &rx->w16, &sz->w16, &pf->w16, pw->keep, pw->or);
		if (es && (c & 0xFF00))
			vd_store64(out + 16, vd_load64(out + 16) & ~((uint64_t)1 << (16 + H_SEGOVR)));
	} else {
		store_rows(out, t, mr, sb, &rx->w16, &sz->w16, NULL, NULL, NULL);
	}
	store_len(out, (unsigned)len);
	store_operands(T, out, inst, ipos, dbytes, sz);
	uint64_t w56 = sz->w56;
	if (npfx)
		w56 |= pf->w56;
	vd_store64(out + 56, w56);
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
	const struct vd_fast_tables *T = fast_tables();
	uint64_t lo;
	memcpy(&lo, src, 8);
	const inst16 inst = load_inst(src, n);
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

	const uint32_t fm = T->vmap[m64][map << 8 | (q & 0xFF)];
	const struct vd_fast *t = (const struct vd_fast *)((const char *)T->tpl + (fm >> 16) +
	    ((modrm << 3) & fm & FM_GROUP) + (((pp << 9) & fm) >> 3));
	const unsigned fl = t->flags;
	if (__builtin_expect((fl & FF_BAIL) || ((fl & FF_MEMONLY) && mod3) || ((fl & FF_VEX_L0) && vl) ||
	        ((fl & FF_NOVVVV) && vvvv) || ((fl & FF_NOVVVV_MEM) && !mod3 && vvvv), 0))
		return -1;

	const struct fp_rex *rx = rex_part(T, m64, rex * (unsigned)sizeof(struct fp_rex));
	const struct fp_mrm *mr = mrm_row(T, rx, modrm);
	const struct sib_sel sb = sib_row(T, mr, rx->sbo, modrm, (q >> 16) & 0xFF);
	const struct vd_fast_sz *sz = &t->sz[rex >> 3 & 1];
	const uint64_t mem16 = mr->w16 + (sb.s->w16 & sb.keep);
	const unsigned ipos = vlen + 1 + (unsigned)(mem16 & 0xFF);
	/* REX's bits of the word at offset 16, but not rex_present or REX's
	 * length; then VEX and VEX.L. */
	const uint64_t rexbits = rx->w16 & ~((uint64_t)1 << (16 + H_REXP) | 0xFF);
	const uint64_t w16 = rexbits + mem16 + sz->w16 + vlen + 1 +
	    ((uint64_t)(1u << H_VEX | vl << H_VEXL) << 16);
	/* With a whole fetch nothing taken here (C4, opcode, ModRM, SIB,
	 * disp32, imm8: 11 bytes) is too long. */
	if (__builtin_expect(n < VIE_INST_SIZE && (w16 & 0xFF) > n, 0))
		return -1;

	/* VEX is rare on the mix: its words are combined here, in the
	 * integer units (store_rows takes only rows from memory). */
	uint8_t *out = (uint8_t *)vie;
	vd_store64(out + 16, w16);
	vd_store64(out + 24, t->desc_w24 | mr->bsc | (sb.s->bsc & sb.keep) |
	    (uint64_t)((m64 ? vvvv : vvvv & 7) | pp << 4 | vw << 7) << 8);
	vd_store64(out + 32, mr->is | (sb.s->is & sb.keep));
	store_operands(T, out, inst, ipos, mem16 >> 48, sz);
	vd_store64(out + 56, sz->w56);
	return VIE_OK;
}

/* The fast path for one mode, by the first byte's class cls (cls[]):
 * without a legacy prefix, with one, or VEX.  A branch: predicted, the
 * common case does not wait for the table. */
static inline __attribute__((always_inline)) int
fast_mode(struct vie *vie, const uint8_t *src, unsigned n, const unsigned m64, unsigned cls)
{
	if (__builtin_expect(cls & (FC_LEGACY | FC_VEX), 0))
		return cls & FC_LEGACY ? fast_decode(vie, src, n, m64, 1, cls, 0, load_inst(src, n)) :
		    fast_vex(vie, src, n, m64);
	return fast_decode(vie, src, n, m64, 0, cls, 0, load_inst(src, n));
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
		const struct vd_fast_tables *T = fast_tables();
		const int r = m64 ? fast_mode(vie, src, n, 1, T->cls[1][src[0]]) :
		    fast_mode(vie, src, n, 0, T->cls[0][src[0]]);
		if (r >= 0)
			return r;
	}
	return vd_decode_full(vie, bytes, len, mode, cs_d);
}

/* A whole fetch in 64-bit mode that starts with VEX, or that the paths
 * below did not take (no ModRM, or the full decoder's): the fast path as
 * for any other call (fast_mode), else the full decoder.  Out of line, so
 * that those paths save fewer registers.  It finds the first byte's
 * class again rather than being given it: that keeps one register fewer
 * live across the unprefixed path (bench/decode/README.md). */
static __attribute__((noinline)) int
decode64_other(struct vie *vie, const uint8_t *bytes)
{
	if (fast_mode(vie, bytes, VIE_INST_SIZE, 1, fast_tables()->cls[1][bytes[0]]) == 0)
		return VIE_OK;
	return vd_decode_full(vie, bytes, VIE_INST_SIZE, CPU_MODE_64BIT, 1);
}

/* A whole fetch in 64-bit mode that the paths below did not take, from
 * the 15 bytes they loaded (nothing reads more), so that they need not
 * keep the caller's pointer live: an instruction without ModRM
 * (FAST_NOMODRM) to decode64_other, anything else to the full decoder. */
static __attribute__((noinline)) int
decode64_rest(struct vie *vie, inst16 inst, int why)
{
	uint8_t buf[16];
	store_inst(buf, inst);
	if (why == FAST_NOMODRM)
		return decode64_other(vie, buf);
	return vd_decode_full(vie, buf, VIE_INST_SIZE, CPU_MODE_64BIT, 1);
}

/* A whole fetch in 64-bit mode that starts with a legacy prefix: the
 * prefixed fast path, given the first byte's class, else the full
 * decoder (decode64_rest).  Not 'hot': a prefixed string instruction
 * (REP MOVS, ...) is taken here, not after a failed try.  A function of
 * its own, entered before the unprefixed path saves any register, so
 * that a prefixed instruction (whose branch is the one the mix
 * mispredicts) starts its work with the least done first. */
static __attribute__((noinline)) int
decode64_pfx(struct vie *vie, const uint8_t *bytes, uint64_t cls)
{
	const inst16 inst = load_inst(bytes, VIE_INST_SIZE);
	const int r = fast_decode(vie, bytes, VIE_INST_SIZE, 1, 1, cls, 0, inst);
	if (r == 0)
		return VIE_OK;
	return decode64_rest(vie, inst, r);
}

/* Aligned to a cache line, so that where the linker puts it does not
 * move its hot part across more fetch blocks. */
VIE_API __attribute__((aligned(64))) int
vie_decode(struct vie *vie, const uint8_t *bytes, size_t len, enum vm_cpu_mode mode, int cs_d)
{
	/* The common call, a whole fetch (15 bytes or more) in 64-bit mode,
	 * with nothing else live: the fast path reads bytes 0-14 only, and
	 * the full decoder decides a longer buffer as it does 15 bytes. */
	if (__builtin_expect(mode == CPU_MODE_64BIT && len >= VIE_INST_SIZE && bytes != NULL && vie != NULL, 1)) {
		const uint64_t cls = fast_tables()->cls[1][bytes[0]];
		if (__builtin_expect(cls & (FC_LEGACY | FC_VEX), 0))
			return cls & FC_LEGACY ? decode64_pfx(vie, bytes, cls) : decode64_other(vie, bytes);
		const inst16 inst = load_inst(bytes, VIE_INST_SIZE);
		const int r = fast_decode(vie, bytes, VIE_INST_SIZE, 1, 0, cls, 1, inst);
		if (__builtin_expect(r == 0, 1))
			return VIE_OK;
		return decode64_rest(vie, inst, r);
	}
	return decode_other(vie, bytes, len, mode, cs_d);
}
