/*
 * The Zydis 4.0 defects the differential test masks (oracle.h) still
 * exist.  When Zydis is fixed this test fails, and the mask should go.
 * It also checks that each mask predicate matches the defective decode,
 * so the mask cannot silently widen or drift.
 */
#include "oracle.h"

#include <stdio.h>
#include <string.h>

static int fails;

#define EXPECT(cond, ...) do { \
	if (!(cond)) { \
		printf("FAIL: " __VA_ARGS__); \
		printf("\n"); \
		fails++; \
	} \
} while (0)

static const ZydisDecodedOperand *
first_explicit_mem(const ZydisDecodedInstruction *in, const ZydisDecodedOperand *ops)
{
	for (unsigned i = 0; i < in->operand_count; i++)
		if (ops[i].type == ZYDIS_OPERAND_TYPE_MEMORY &&
		    ops[i].visibility == ZYDIS_OPERAND_VISIBILITY_EXPLICIT)
			return &ops[i];
	return NULL;
}

int
main(void)
{
	struct dd_oracle o;
	if (dd_oracle_init(&o) != 0)
		return 2;
	ZydisDecodedInstruction in;
	ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];

	/* mov eax, [disp32] with 67 and REX.B: SIB base 101, mod 00. */
	static const uint8_t r13d[] = {0x67, 0x41, 0x8b, 0x04, 0x25, 0x78, 0x56, 0x34, 0x12};
	EXPECT(ZYAN_SUCCESS(ZydisDecoderDecodeFull(&o.dec[DD_LONG64], r13d, sizeof(r13d), &in, ops)),
	    "67 41 8b 04 25 ..: Zydis no longer decodes it");
	const ZydisDecodedOperand *m = first_explicit_mem(&in, ops);
	EXPECT(in.length == 9 && in.raw.disp.size == 32 && in.raw.disp.value == 0x12345678,
	    "r13d: Zydis should consume the disp32");
	EXPECT(m && m->mem.base == ZYDIS_REGISTER_R13D && !m->mem.disp.has_displacement,
	    "r13d defect is gone (Zydis reports the right base/disp now): remove the mask");
	EXPECT(dd_zydis_r13d_defect(&in), "r13d mask predicate does not match the defect");
	/* Without 67 Zydis is right, and the mask must not apply. */
	EXPECT(ZYAN_SUCCESS(ZydisDecoderDecodeFull(&o.dec[DD_LONG64], r13d + 1, sizeof(r13d) - 1,
	    &in, ops)), "41 8b 04 25 ..: not decoded");
	m = first_explicit_mem(&in, ops);
	EXPECT(m && m->mem.base == ZYDIS_REGISTER_NONE && m->mem.disp.value == 0x12345678,
	    "41 8b 04 25: expected no base, disp32");
	EXPECT(!dd_zydis_r13d_defect(&in), "r13d mask applies where Zydis is right");

	/* The same through VEX.B: vmovups xmm11, [disp32 + r12d]. */
	static const uint8_t vr13d[] = {0x67, 0xc4, 0x01, 0xf8, 0x10, 0x1c, 0x25, 0x78, 0x56, 0x34,
	    0x12};
	EXPECT(ZYAN_SUCCESS(ZydisDecoderDecodeFull(&o.dec[DD_LONG64], vr13d, sizeof(vr13d), &in,
	    ops)), "67 c4 01 f8 10 1c 25 ..: not decoded");
	m = first_explicit_mem(&in, ops);
	EXPECT(in.length == 11 && m && m->mem.base == ZYDIS_REGISTER_R13D &&
	    !m->mem.disp.has_displacement, "VEX r13d defect is gone: remove the mask");
	EXPECT(dd_zydis_r13d_defect(&in), "r13d mask predicate does not match the VEX form");

	/* movsxd ax, word [rax]: 66 63 00. */
	static const uint8_t mx[] = {0x66, 0x63, 0x00};
	EXPECT(ZYAN_SUCCESS(ZydisDecoderDecodeFull(&o.dec[DD_LONG64], mx, sizeof(mx), &in, ops)),
	    "66 63 00: not decoded");
	m = first_explicit_mem(&in, ops);
	EXPECT(in.operand_width == 16 && m && m->size == 32,
	    "movsxd16 defect is gone (memory operand now %u bits): remove the mask", m ? m->size : 0);
	EXPECT(dd_zydis_movsxd16_defect(&in), "movsxd16 mask predicate does not match the defect");
	static const uint8_t mx32[] = {0x63, 0x00};
	EXPECT(ZYAN_SUCCESS(ZydisDecoderDecodeFull(&o.dec[DD_LONG64], mx32, sizeof(mx32), &in, ops)),
	    "63 00: not decoded");
	EXPECT(!dd_zydis_movsxd16_defect(&in), "movsxd16 mask applies to the 32-bit form");

	/* clflush [rax], clflushopt [rax], clwb [rax]: m8 in the SDM. */
	static const uint8_t cl[3][4] = {{0x0f, 0xae, 0x38}, {0x66, 0x0f, 0xae, 0x38},
	    {0x66, 0x0f, 0xae, 0x30}};
	static const size_t cl_len[3] = {3, 4, 4};
	for (int i = 0; i < 3; i++) {
		EXPECT(ZYAN_SUCCESS(ZydisDecoderDecodeFull(&o.dec[DD_LONG64], cl[i], cl_len[i], &in,
		    ops)), "clflush form %d: not decoded", i);
		m = first_explicit_mem(&in, ops);
		EXPECT(m && m->size == 512, "clflush form %d: Zydis now sizes the operand %u bits: "
		    "remove the mask", i, m ? m->size : 0);
		EXPECT(dd_zydis_clflush_size(&in, 64) == 1, "clflush mask does not map 64 to 1");
	}

	/* c5 fc 84 rel32: KNC's jkzd, decoded although KNC mode is off. */
	static const uint8_t knc[] = {0xc5, 0xfc, 0x84, 0x00, 0x00, 0x00, 0x00};
	int knc_ok = ZYAN_SUCCESS(ZydisDecoderDecodeFull(&o.dec[DD_LONG64], knc, sizeof(knc), &in,
	    ops));
	EXPECT(knc_ok && in.mnemonic == ZYDIS_MNEMONIC_JKZD,
	    "knc defect is gone (c5 fc 84 no longer decodes as jkzd): remove the mask");
	EXPECT(knc_ok && dd_zydis_knc(&in), "knc mask predicate does not match jkzd");
	static const uint8_t mov[] = {0x8b, 0x00};
	EXPECT(ZYAN_SUCCESS(ZydisDecoderDecodeFull(&o.dec[DD_LONG64], mov, sizeof(mov), &in, ops)) &&
	    !dd_zydis_knc(&in), "knc mask applies to mov");

	dd_oracle_fini(&o);
	printf("%s: Zydis defects masked by the decode differential test still present\n",
	    fails ? "FAIL" : "ok");
	return fails != 0;
}
