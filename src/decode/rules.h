/*
 * src/decode/rules.h - the manual's decoding rules as preprocessor
 * macros, from which decode.c builds its tables at compile time and
 * gen_fast.c its generated ones: operand and address sizes, the bits of
 * struct vie's word at offset 18, 32/64-bit addressing.
 */
#ifndef VIE_DECODE_RULES_H
#define VIE_DECODE_RULES_H

#include "internal.h"

/*
 * Tables below are built by the preprocessor from the manual's rules:
 * REPn(f, a, b, i) expands to f(a, b, i), f(a, b, i + 1), ... n entries.
 */
#define REP4(f, a, b, i) f(a, b, i), f(a, b, (i) + 1), f(a, b, (i) + 2), f(a, b, (i) + 3)
#define REP16(f, a, b, i) REP4(f, a, b, i), REP4(f, a, b, (i) + 4), REP4(f, a, b, (i) + 8), \
	REP4(f, a, b, (i) + 12)
#define REP64(f, a, b, i) REP16(f, a, b, i), REP16(f, a, b, (i) + 16), REP16(f, a, b, (i) + 32), \
	REP16(f, a, b, (i) + 48)
#define REP256(f, a, b) REP64(f, a, b, 0), REP64(f, a, b, 64), REP64(f, a, b, 128), \
	REP64(f, a, b, 192)

/*
 * Sizes, by the operand-size rule and the prefix state
 *   st = m64 << 5 | def32 << 4 | p67 << 3 | p66 << 2 | rex_w << 1 | w
 * where rex_w is REX.W and w is REX.W or (64-bit mode) VEX.W.  Each entry
 * is struct vie's byte 17 (addrsize | opsize << 4) plus, in bits 8-9, the
 * log2 of the operand-size attribute Zydis reports.  Built by macros from
 * the SDM's rules (vol. 1, 3.6, table 3-4); decode.c tabulates them
 * (vd_size_tab), one load per instruction.
 */
#define ST_M64(st) (((st) >> 5) & 1)
#define ST_D32(st) (((st) >> 4) & 1)
#define ST_67(st) (((st) >> 3) & 1)
#define ST_66(st) (((st) >> 2) & 1)
#define ST_RW(st) (((st) >> 1) & 1)
#define ST_W(st) ((st) & 1)
#define SZ_V(st) (ST_M64(st) ? (ST_RW(st) ? 8 : ST_66(st) ? 2 : 4) : (ST_D32(st) ^ ST_66(st)) ? 4 : 2)
#define SZ_OF(rule, st)                                                        \
	((rule) == OSZ_B ? 1 : (rule) == OSZ_V64 ? (ST_M64(st) ? (ST_66(st) && !ST_RW(st) ? 2 : 8) : SZ_V(st)) : \
	 (rule) == OSZ_Z ? (SZ_V(st) == 8 ? 4 : SZ_V(st)) :                    \
	 (rule) == OSZ_DQ ? (ST_W(st) ? 8 : 4) : (rule) == OSZ_F4 ? 4 :          \
	 ((rule) == OSZ_V || (rule) == OSZ_SREG) ? SZ_V(st) : 8)
/* SSE/AVX moves reach their descriptor through a mandatory prefix, so a 66
 * there never sizes the attribute (MOVBE, whose 66 does, is OSZ_V). */
#define SIMD_RULE(rule) ((rule) == OSZ_DQ || (rule) == OSZ_F4 || (rule) == OSZ_F8 || \
	(rule) == OSZ_F16 || (rule) == OSZ_VX)
#define A66(rule, st) (ST_66(st) && !SIMD_RULE(rule))
#define ATTR_OF(rule, st)                                                       \
	((rule) == OSZ_B ? 0 : (rule) == OSZ_CX ? (ST_W(st) ? 3 : 2) :          \
	 ST_M64(st) ? ((ST_W(st) || ((rule) == OSZ_V64 && !A66(rule, st))) ? 3 : A66(rule, st) ? 1 : 2) : \
	 (ST_D32(st) ^ A66(rule, st)) ? 2 : 1)
#define ASZ_OF(st) (ST_M64(st) ? (ST_67(st) ? 4 : 8) : (ST_D32(st) ^ ST_67(st)) ? 4 : 2)
#define SIZES(rule, st) (ASZ_OF(st) | SZ_OF(rule, st) << 4 | ATTR_OF(rule, st) << 8)
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
#define REXH(i) (((i) >> 3 & 1) << H_REXW | ((i) >> 2 & 1) << H_REXR | ((i) >> 1 & 1) << H_REXX | \
	((i) & 1) << H_REXB | ((i) >> 4 & 1) << H_REXP | ((i) >> 2 & 1) << (H_REG + 3) |         \
	((i) & 1) << (H_RM + 3))
#define MODRMH(m) ((uint32_t)((m) >> 6) << H_MOD | (uint32_t)((m) >> 3 & 7) << H_REG | (uint32_t)((m) & 7) << H_RM)

/*
 * 32/64-bit addressing (SDM vol. 2, tables 2-2 and 2-3).  decode.c builds
 * from these the full decoder's two tables, so that the memory operand
 * costs two loads and a few masks, and the fast path's mrm[]/sib[]:
 *
 * mrm_tab[m64][REX.B][ModRM]: base register | displacement bytes << 8 |
 *   a SIB follows << 12 | SS is the default segment << 13.  mod 00 rm 101b
 *   is disp32 with no base, RIP-relative in 64-bit mode.
 * sib_tab[REX.X | REX.B << 1][mod == 00][SIB]: the SIB's bits of struct
 *   vie's word at offset 18 (ss, index, base with REX folded in) | base
 *   register << 32 | index register << 40 | scale << 48 | disp32 with no
 *   base (base 101b, mod 00) << 58 | SS default << 59.  Index 100b
 *   without REX.X is no index.
 */
#define VMGPR(n) ((n) == 0 ? VM_REG_GUEST_RAX : (n) == 1 ? VM_REG_GUEST_RCX :      \
	(n) == 2 ? VM_REG_GUEST_RDX : (n) == 3 ? VM_REG_GUEST_RBX :                  \
	(n) == 4 ? VM_REG_GUEST_RSP : (n) == 5 ? VM_REG_GUEST_RBP :                  \
	(n) == 6 ? VM_REG_GUEST_RSI : (n) == 7 ? VM_REG_GUEST_RDI :                  \
	VM_REG_GUEST_R8 + (n) - 8)
#define IS_SSBASE(n) ((n) == 4 || (n) == 5)
#define MRM(m64, rb, m)                                                              \
	((m) >= 0xC0 ? 0u :                                                              \
	 ((m) & 7) == 4 ? (1u << 12 | ((m) >> 6 == 1 ? 1u : (m) >> 6 == 2 ? 4u : 0u) << 8) : \
	 ((m) < 0x40 && ((m) & 7) == 5) ? ((m64) ? (unsigned)VM_REG_GUEST_RIP : (unsigned)VM_REG_LAST) | 4u << 8 : \
	 (unsigned)VMGPR(((m) & 7) | (rb) << 3) | ((m) >> 6 == 1 ? 1u : (m) >> 6 == 2 ? 4u : 0u) << 8 | \
	 (unsigned)IS_SSBASE(((m) & 7) | (rb) << 3) << 13)
#define SIB_IDX(rx, s) ((((s) >> 3) & 7) | (rx) << 3)
#define SIB_BASE(rb, s) (((s) & 7) | (rb) << 3)
#define SIB_NOBASE(mod0, s) ((mod0) && ((s) & 7) == 5)
#define SIB(rxb, mod0, s)                                                               \
	((uint64_t)((s) >> 6) << H_SS | (uint64_t)SIB_IDX((rxb) & 1, s) << H_INDEX |          \
	 (uint64_t)SIB_BASE((rxb) >> 1, s) << H_BASE |                                         \
	 (uint64_t)(SIB_NOBASE(mod0, s) ? VM_REG_LAST : VMGPR(SIB_BASE((rxb) >> 1, s))) << 32 |  \
	 (uint64_t)(SIB_IDX((rxb) & 1, s) == 4 ? VM_REG_LAST : VMGPR(SIB_IDX((rxb) & 1, s))) << 40 | \
	 (uint64_t)(SIB_IDX((rxb) & 1, s) == 4 ? 0 : 1u << ((s) >> 6)) << 48 |                \
	 (uint64_t)SIB_NOBASE(mod0, s) << 58 |                                                  \
	 (uint64_t)(!SIB_NOBASE(mod0, s) && IS_SSBASE(SIB_BASE((rxb) >> 1, s))) << 59)
/*
 * The fast path's sizes (struct vd_fast_sz) for a 32-bit default, by mode,
 * row (operand-size rule * FAST_IMM_RULES + immediate rule) and state
 * st4 = 67 << 3 | 66 << 2 | REX.W << 1 | REX.W.  w16's low byte is the
 * immediate's length, which the fast path adds to the instruction's.
 */
/* The immediate from the four bytes where it starts, raw: raw << icnt,
 * shifted back arithmetically by icnt (32 - 8 * its length; 32, no
 * immediate, leaves 0), & izm: 0xFF for an imm8 zero-extended
 * (VIE_OP_F_IMM_ZX), else all ones; then sign-extended from 32 bits. */
#define FAST_ICNT(ib) (32u - 8u * (ib))
#define FAST_IZM(imm, ib) ((imm) == FAST_IMM_BZX ? (uint32_t)((1ull << (8 * (ib))) - 1) : 0xFFFFFFFFu)
#define F_IMMB(imm, osz) ((imm) == IMM_B || (imm) == FAST_IMM_BZX ? 1u : (imm) == IMM_Z ? ((osz) == 2 ? 2u : 4u) : 0u)
#define F_ST(m64, st4) ((unsigned)(m64) << 5 | 1u << 4 | (st4))
#define F_RULE(row) ((row) / FAST_IMM_RULES)
#define F_IMM(row) ((row) % FAST_IMM_RULES)
/* From a size_tab entry (SIZES), the immediate rule and its length, and
 * the template's own bits of the word at 56 (tail), which the sizes'
 * bits complete. */
#define FAST_SZ_OF(sizes, imm, ib, tail)                                                        \
	{(uint64_t)((sizes) & 0xFF) << 8 | (uint64_t)(ib) << 56 | (ib),                            \
	 (uint64_t)(tail) | (uint64_t)((sizes) >> 8) << 12, FAST_ICNT(ib), FAST_IZM(imm, ib)}
#define FAST_SZ(m64, row, st4, tail) FAST_SZ_OF(SIZES(F_RULE(row), F_ST(m64, st4)), F_IMM(row),      \
	F_IMMB(F_IMM(row), SZ_OF(F_RULE(row), F_ST(m64, st4))), tail)

#endif /* VIE_DECODE_RULES_H */
