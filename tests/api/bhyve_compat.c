/*
 * Code written the way bhyve's instruction-emulation path uses vmm.h must
 * compile against vie's headers and behave as bhyve documents: this file
 * uses only bhyve's names (struct vm_exit, inst_emul, struct vie fields,
 * vie_init, vmm_decode_instruction, VIE_OP_TYPE_*, VM_REG_*, SEG_DESC_*).
 */
#include <stdio.h>
#include <string.h>

#include <vie/vie.h>

static int failures;
#define CHECK(c)                                                      \
	do {                                                          \
		if (!(c)) {                                           \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
			failures++;                                   \
		}                                                     \
	} while (0)

int
main(void)
{
	struct vm_exit vme;
	memset(&vme, 0, sizeof(vme));
	vme.exitcode = VM_EXITCODE_INST_EMUL;
	vme.u.inst_emul.gpa = 0xfee00000;
	vme.u.inst_emul.cs_d = 0;
	vme.u.inst_emul.paging.cpu_mode = CPU_MODE_64BIT;
	vme.u.inst_emul.paging.paging_mode = PAGING_MODE_64;

	/* mov %eax, 0x10(%rbx): 89 43 10 (SDM: MOV r/m32, r32). */
	struct vie *vie = &vme.u.inst_emul.vie;
	vie_init(vie, "\x89\x43\x10", 3);
	CHECK(vie->num_valid == 3);
	CHECK(vmm_decode_instruction(vme.u.inst_emul.paging.cpu_mode, vme.u.inst_emul.cs_d, vie) == 0);
	CHECK(vie->decoded == 1);
	CHECK(vie->num_processed == 3);
	CHECK(vie->op.op_type == VIE_OP_TYPE_MOV && vie->op.op_byte == 0x89);
	CHECK(vie->opsize == 4 && vie->addrsize == 8);
	CHECK(vie->mod == 1 && vie->reg == 0 && vie->rm == 3);
	CHECK(vie->base_register == VM_REG_GUEST_RBX);
	CHECK(vie->index_register == VM_REG_LAST);
	CHECK(vie->displacement == 0x10 && vie->disp_bytes == 1);

	/* A failed decode returns -1, as bhyve's does: 0F 0B is UD2. */
	vie_init(vie, "\x0f\x0b", 2);
	CHECK(vmm_decode_instruction(CPU_MODE_64BIT, 0, vie) == -1);
	CHECK(vie->decoded == 0);

	/* Group 1 keeps bhyve's GROUP1 type with the operation in reg:
	 * 83 /4 ib is AND r/m32, imm8. */
	vie_init(vie, "\x83\x60\x04\xf0", 4);
	CHECK(vmm_decode_instruction(CPU_MODE_PROTECTED, 1, vie) == 0);
	CHECK(vie->op.op_type == VIE_OP_TYPE_GROUP1 && vie->reg == 4);
	CHECK(vie->immediate == -16 && vie->imm_bytes == 1);

	/* Segment descriptor helpers. */
	struct seg_desc sd = {.base = 0, .limit = 0xffffffff, .access = 0xc093};
	CHECK(SEG_DESC_PRESENT(sd.access) && SEG_DESC_DEF32(sd.access) && SEG_DESC_GRANULARITY(sd.access));
	CHECK(SEG_DESC_TYPE(sd.access) == 0x13 && /* S=1, read/write accessed */ SEG_DESC_DPL(sd.access) == 0 && !SEG_DESC_UNUSABLE(sd.access));

	/* bhyve restarts decoding by zeroing from vie_startzero. */
	CHECK(offsetof(struct vie, vie_startzero) == 16);

	printf("bhyve_compat: %d failures\n", failures);
	return failures != 0;
}
