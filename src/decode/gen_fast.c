/*
 * src/decode/gen_fast.c - generates fast_tables.c, the tables of the
 * decoder's fast path, from the opcode maps and descriptors in tables.c.
 *
 *   gen_fast > src/decode/fast_tables.c
 *
 * The fast path (fast.c) handles at most one legacy prefix, an optional
 * REX or VEX, the one-byte, 0F, VEX 0F and VEX 0F 38 maps, and 32/64-bit
 * addressing.  For each CPU mode class (outside 64-bit mode with a 32-bit
 * default, and 64-bit mode), each mandatory prefix (none, 66, F3, F2) and
 * each opcode key (0F << 8 | opcode) the generator resolves the redirects
 * that depend only on these, and emits the table block struct
 * vd_fast_tables (fast.h):
 *
 *   map[m64][prefix << 9 | key] (and vmap for the VEX 0F and 0F 38 maps,
 *     by key alone): a template's byte offset, with a mask that adds
 *     ModRM.reg (a group) or, in vmap, VEX.pp (the form of an SSE opcode)
 *     times the template size.  A template reached after 66 has 66's
 *     sizes.  Keys the fast path does not take point at template 0, which
 *     bails.
 *   tpl[]: one template per resolved descriptor and opcode: the
 *     descriptor's words of struct vie with the opcode byte folded in, the
 *     size-table row and the FF_* flags.
 *   the other rows, which follow from the encoding rules alone, as
 *     fast.h's *_INIT macros.
 *
 * An opcode by ModRM.mod (0F AE) is taken through its memory forms,
 * which must all be memory-only, so that a register form bails.
 * Everything else (other redirects, escapes, VEX, moffs, segment-register
 * moves, #UD rules other than LOCK and memory-only) bails to the full
 * decoder.  The output is committed; the test 'decode-fast-tables' checks
 * that it matches this generator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fast.h"

#define MAX_TPL 1024
/* A map entry holds a template's byte offset in 16 bits. */
_Static_assert(MAX_TPL * sizeof(struct vd_fast) <= 0x10000, "template offsets overflow");

static struct vd_fast tpl[MAX_TPL];
static unsigned ntpl;
static uint32_t fmap[2][4][512], vmap[2][512];

/* Index of a template, adding it if new.  Identical templates share. */
static unsigned
add_tpl(const struct vd_fast *t)
{
	for (unsigned i = 0; i < ntpl; i++)
		if (memcmp(&tpl[i], t, sizeof(*t)) == 0)
			return i;
	if (ntpl == MAX_TPL) {
		fprintf(stderr, "gen_fast: too many templates\n");
		exit(1);
	}
	tpl[ntpl] = *t;
	return ntpl++;
}

static const struct vd_fast bail_tpl = {.flags = FF_BAIL};

/* The template for map entry e (after prefix/group selection) without
 * its sizes, or the bail template when e is not a descriptor the fast
 * path can finish. */
static struct vd_fast
make_tpl_base(unsigned e, unsigned m64, unsigned opc, unsigned vex)
{
	if (e & E_REDIR) {
		unsigned kind = (e >> 10) & 7, idx = e & 0x3FF;
		if (kind != R_M64)
			return bail_tpl;
		e = vd_m64[idx][m64];
		if (e & E_REDIR)
			return bail_tpl;
	}
	if (e <= E_INVALID)
		return bail_tpl;
	const struct vd_desc *d = &vd_desc[e];
	/* VEX's #UD rules are flags only on VEX templates (a legacy form of
	 * the same descriptor bails); VEX forms all have a ModRM. */
	if (d->imm == IMM_MOFFS || (d->dflags & D_SREG) || ((d->dflags & D_NO64) && m64) ||
	    (!vex && (d->dflags & (D_VEX_L0 | D_NOVVVV | D_NOVVVV_MEM))) || (vex && !(d->dflags & D_MODRM)))
		return bail_tpl;
	struct vd_fast t = {0};
	t.w56 = d->tail_w56 | (uint64_t)opc << 16;
	t.desc_w24 = d->desc_w24;
	t.szbase = (uint16_t)(16 * (d->osz * FAST_IMM_RULES +
	    (d->imm == IMM_B && (d->op_flags & VIE_OP_F_IMM_ZX) ? FAST_IMM_BZX : d->imm)));
	t.flags = (uint8_t)(((d->dflags & D_MODRM) ? 0 : FF_NOMODRM) | ((d->dflags & D_MEMONLY) ? FF_MEMONLY : 0) |
	    ((d->dflags & D_SEG_ES) ? FF_SEG_ES : 0) | ((d->dflags & D_LOCK) ? FF_LOCK : 0) |
	    ((d->dflags & D_VEX_L0) ? FF_VEX_L0 : 0) | ((d->dflags & D_NOVVVV) ? FF_NOVVVV : 0) |
	    ((d->dflags & D_NOVVVV_MEM) ? FF_NOVVVV_MEM : 0));
	return t;
}

/* The same with its sizes (REX.W or VEX.W 0 and 1), with 66 when st66
 * is 4 (the size state's 66 bit), without when 0. */
static struct vd_fast
make_tpl(unsigned e, unsigned m64, unsigned opc, unsigned vex, unsigned st66)
{
	struct vd_fast t = make_tpl_base(e, m64, opc, vex);
	if (!(t.flags & FF_BAIL)) {
		const unsigned row = t.szbase / 16;
		/* No REX.W or VEX.W size outside 64-bit mode: sz[1] stays zero
		 * there.  The size state: REX.W sets rex_w and w, VEX.W only w. */
		for (unsigned w = 0; w < 1 + m64; w++)
			t.sz[w] = (struct vd_fast_sz)FAST_SZ(m64, row, vex ? w : st66 | w * 3, t.w56);
	}
	return t;
}

/* Bytes the fast path treats as prefixes or escapes, never as an opcode key. */
static int
is_prefix_key(unsigned key, unsigned m64)
{
	static const uint8_t pfx[] = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3, 0x0F};
	if (key >= 256)
		return 0;
	for (size_t i = 0; i < sizeof(pfx); i++)
		if (key == pfx[i])
			return 1;
	return m64 && (key & 0xF0) == 0x40;
}

/* The fast-map entry for map entry e (opcode byte opc): for the legacy
 * maps (vex 0) after mandatory prefix pfx (none, 66, F3, F2: 0-3), which
 * selects among an SSE opcode's forms and, 66, the sizes. */
static uint32_t
map_entry(unsigned e, unsigned m64, unsigned opc, unsigned vex, unsigned pfx)
{
	const unsigned st66 = pfx == 1 ? 4 : 0;
	if ((e & E_REDIR) && ((e >> 10) & 7) == R_M64)
		e = vd_m64[e & 0x3FF][m64];
	/* By ModRM.mod (0F AE): the memory forms, all memory-only
	 * (checked in build()), so that a register form goes to the full
	 * decoder. */
	if (!vex && (e & E_REDIR) && ((e >> 10) & 7) == R_MOD)
		e = vd_mod[e & 0x3FF][0];
	if (!vex && (e & E_REDIR) && ((e >> 10) & 7) == R_PFX)
		e = vd_pfx[e & 0x3FF][pfx];
	unsigned kind = (e & E_REDIR) ? (e >> 10) & 7 : 99;
	if (!vex && kind == R_PFX) { /* the legacy maps have no pp-style runs */
		fprintf(stderr, "gen_fast: nested mandatory-prefix redirect\n");
		exit(1);
	}
	if (kind == R_GRP || kind == R_PFX) {
		/* Eight (group) or four (prefix) consecutive templates. */
		unsigned n = kind == R_GRP ? 8 : 4, idx = e & 0x3FF;
		struct vd_fast row[8];
		for (unsigned i = 0; i < n; i++)
			row[i] = make_tpl(kind == R_GRP ? vd_grp[idx][i] : vd_pfx[idx][i], m64, opc, vex, st66);
		/* Reuse an identical run if one exists. */
		unsigned at = ntpl;
		for (unsigned s = 1; s + n <= ntpl; s++)
			if (memcmp(&tpl[s], row, n * sizeof(row[0])) == 0) {
				at = s;
				break;
			}
		if (at == ntpl) {
			if (ntpl + n > MAX_TPL) {
				fprintf(stderr, "gen_fast: too many templates\n");
				exit(1);
			}
			memcpy(&tpl[ntpl], row, n * sizeof(row[0]));
			ntpl += n;
		}
		return at * (unsigned)sizeof(struct vd_fast) << 16 | (kind == R_GRP ? FM_GROUP : FM_VEXPP);
	}
	if (!(e & E_REDIR)) {
		struct vd_fast t = make_tpl(e, m64, opc, vex, st66);
		return t.flags & FF_BAIL ? 0 : add_tpl(&t) * (unsigned)sizeof(struct vd_fast) << 16;
	}
	return 0; /* template 0: bail */
}

/* The templates map entry fm reaches: n of them (a group's eight, or
 * one) from the returned one. */
static const struct vd_fast *
entry_tpls(uint32_t fm, unsigned *n)
{
	*n = (fm & FM_GROUP) ? 8 : 1;
	return &tpl[(fm >> 16) / sizeof(struct vd_fast)];
}

/* The immediate's length every template of legacy map entry fm gives
 * (a group's members that do not bail; REX.W 0 and, in 64-bit mode, 1),
 * or -1 when they differ: then the fast path takes it from the template
 * (FM_TPL). */
static int
entry_imm(uint32_t fm, unsigned m64)
{
	unsigned n;
	const struct vd_fast *t = entry_tpls(fm, &n);
	int imm = -1;
	for (unsigned i = 0; i < n; i++) {
		if (t[i].flags & FF_BAIL)
			continue;
		for (unsigned w = 0; w < 1 + m64; w++) {
			const int b = (int)(t[i].sz[w].w16 & 0xFF);
			if (imm >= 0 && imm != b)
				return -1;
			imm = b;
		}
	}
	return imm < 0 ? 0 : imm;
}

/* Whether map entry fm (key) is fine to take through its memory form:
 * an entry by ModRM.mod must reach only memory-only templates. */
static int
memonly_ok(uint32_t fm, unsigned key)
{
	const uint16_t e = vd_map_legacy[key >> 8][key & 0xFF];
	if (!(e & E_REDIR) || ((e >> 10) & 7) != R_MOD)
		return 1;
	unsigned n;
	const struct vd_fast *t = entry_tpls(fm, &n);
	for (unsigned i = 0; i < n; i++)
		if (!(t[i].flags & (FF_BAIL | FF_MEMONLY)))
			return 0;
	return 1;
}

static void
build(void)
{
	add_tpl(&bail_tpl); /* template 0 */
	for (unsigned m64 = 0; m64 < 2; m64++) {
		for (unsigned key = 0; key < 512; key++) {
			unsigned opc = key & 0xFF;
			for (unsigned p = 0; p < 4; p++) {
				fmap[m64][p][key] = is_prefix_key(key, m64) ? 0 :
				    map_entry(vd_map_legacy[key >> 8][opc], m64, opc, 0, p);
				if (fmap[m64][p][key] != 0 && !memonly_ok(fmap[m64][p][key], key)) {
					fprintf(stderr, "gen_fast: a by-mod entry's memory form is not memory-only\n");
					exit(1);
				}
				if (fmap[m64][p][key] != 0) { /* the opcode's and immediate's length */
					const int imm = entry_imm(fmap[m64][p][key], m64);
					fmap[m64][p][key] |= (1 + (key >> 8) + (imm < 0 ? 0 : (unsigned)imm)) |
					    (imm < 0 ? FM_TPL : 0);
				}
			}
			vmap[m64][key] = map_entry((key >> 8 ? vd_vex_0f38 : vd_vex_0f)[opc], m64, opc, 1, 0);
		}
	}
}

static void
emit_rows(const uint32_t map[512], const char *map0, const char *map1, const char *indent)
{
	for (unsigned k = 0; k < 512; k += 8) {
		printf("%s", indent);
		for (unsigned j = 0; j < 8; j++)
			printf("0x%08x,%s", map[k + j], j == 7 ? "" : " ");
		printf(" /* %s%02X */\n", k >= 256 ? map1 : map0, k & 0xFF);
	}
}

static const char *const mode_name[2] = {"32-bit default, outside 64-bit mode", "64-bit mode"};

static void
emit_maps(void)
{
	static const char *const pfx_name[4] = {"no mandatory prefix", "66", "F3", "F2"};
	printf("\t.map = {\n");
	for (unsigned m = 0; m < 2; m++) {
		printf("\t\t[%u] = { /* %s */\n", m, mode_name[m]);
		for (unsigned p = 0; p < 4; p++) {
			printf("\t\t\t/* %s */\n", pfx_name[p]);
			emit_rows(fmap[m][p], "", "0F ", "\t\t\t");
		}
		printf("\t\t},\n");
	}
	printf("\t},\n\t.vmap = {\n");
	for (unsigned m = 0; m < 2; m++) {
		printf("\t\t[%u] = { /* %s */\n", m, mode_name[m]);
		emit_rows(vmap[m], "VEX 0F ", "VEX 0F38 ", "\t\t\t");
		printf("\t\t},\n");
	}
	printf("\t},\n");
}

static void
emit(void)
{
	printf("/* Generated by src/decode/gen_fast.c; do not edit.  Regenerate with\n"
	       " *   build/src/decode/gen_fast > src/decode/fast_tables.c\n"
	       " * The test 'decode-fast-tables' fails when this file is stale. */\n");
	printf("#include \"fast.h\"\n\n");
	printf("const struct vd_fast_tables vd_fast_tab = {\n");
	emit_maps();
	/* The rows that follow from the encoding rules alone (fast.h). */
	printf("\t.cls = FP_CLASS_INIT,\n\t.rex = FP_REX_INIT,\n\t.pfx = FP_PFX_INIT,\n\t.dcnt = FP_DCNT_INIT,\n"
	       "\t.mslen = FP_MSLEN_INIT,\n\t.msdisp = FP_MSDISP_INIT,\n"
	       "\t.mrm_none = FP_MRM_NONE_INIT,\n\t.mrm = FP_MRM_INIT,\n\t.sib = FP_SIB_INIT,\n");
	printf("\t/* w56, desc_w24, size row * 16, flags, then the sizes without and with REX.W:\n"
	       "\t * {w16, w56, icnt, izm} */\n");
	printf("\t.tpl = {\n");
	for (unsigned i = 0; i < ntpl; i++) {
		const struct vd_fast *t = &tpl[i];
		unsigned desc = t->desc_w24 >> 16;
		printf("\t\t{0x%016llxull, 0x%08x, %3u, 0x%02x, 0, /* %u: %s */\n",
		    (unsigned long long)t->w56, t->desc_w24, t->szbase, t->flags, i,
		    (t->flags & FF_BAIL) ? "bail" : vd_names[vd_desc[desc].names][0]);
		printf("\t\t    {");
		for (unsigned w = 0; w < 2; w++)
			printf("{0x%llx, 0x%llx, 0x%x, 0x%x}%s",
			    (unsigned long long)t->sz[w].w16, (unsigned long long)t->sz[w].w56, t->sz[w].icnt, t->sz[w].izm,
			    w ? "" : ", ");
		printf("}},\n");
	}
	printf("\t},\n};\n");
}

int
main(void)
{
	build();
	emit();
	return 0;
}
