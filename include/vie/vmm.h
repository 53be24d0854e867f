/*
 * vie/vmm.h - the vie-path types of bhyve's <machine/vmm.h>.
 *
 * Names, enumerator values, field order and sizes match FreeBSD bhyve's
 * sys/amd64/include/vmm.h so that code written against bhyve's instruction
 * emulation path compiles against vie unchanged.  Only the spare bits and
 * bytes of struct vie have been given names (see the comments there); the
 * layout, including its 64-byte size, is unchanged and asserted below.
 */
#ifndef VIE_VMM_H
#define VIE_VMM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Architecturally defined registers, as numbered by bhyve. */
enum vm_reg_name {
	VM_REG_GUEST_RAX,
	VM_REG_GUEST_RBX,
	VM_REG_GUEST_RCX,
	VM_REG_GUEST_RDX,
	VM_REG_GUEST_RSI,
	VM_REG_GUEST_RDI,
	VM_REG_GUEST_RBP,
	VM_REG_GUEST_R8,
	VM_REG_GUEST_R9,
	VM_REG_GUEST_R10,
	VM_REG_GUEST_R11,
	VM_REG_GUEST_R12,
	VM_REG_GUEST_R13,
	VM_REG_GUEST_R14,
	VM_REG_GUEST_R15,
	VM_REG_GUEST_CR0,
	VM_REG_GUEST_CR3,
	VM_REG_GUEST_CR4,
	VM_REG_GUEST_DR7,
	VM_REG_GUEST_RSP,
	VM_REG_GUEST_RIP,
	VM_REG_GUEST_RFLAGS,
	VM_REG_GUEST_ES,
	VM_REG_GUEST_CS,
	VM_REG_GUEST_SS,
	VM_REG_GUEST_DS,
	VM_REG_GUEST_FS,
	VM_REG_GUEST_GS,
	VM_REG_GUEST_LDTR,
	VM_REG_GUEST_TR,
	VM_REG_GUEST_IDTR,
	VM_REG_GUEST_GDTR,
	VM_REG_GUEST_EFER,
	VM_REG_GUEST_CR2,
	VM_REG_GUEST_PDPTE0,
	VM_REG_GUEST_PDPTE1,
	VM_REG_GUEST_PDPTE2,
	VM_REG_GUEST_PDPTE3,
	VM_REG_GUEST_INTR_SHADOW,
	VM_REG_GUEST_DR0,
	VM_REG_GUEST_DR1,
	VM_REG_GUEST_DR2,
	VM_REG_GUEST_DR3,
	VM_REG_GUEST_DR6,
	VM_REG_GUEST_ENTRY_INST_LENGTH,
	VM_REG_LAST
};

/* Interruption information (APM vol. 2, EXITINTINFO; SDM vol. 3 IDT-vectoring). */
#define VM_INTINFO_VECTOR(info) ((info) & 0xff)
#define VM_INTINFO_DEL_ERRCODE  0x800
#define VM_INTINFO_RSVD         0x7ffff000
#define VM_INTINFO_VALID        0x80000000
#define VM_INTINFO_TYPE         0x700
#define VM_INTINFO_HWINTR       (0 << 8)
#define VM_INTINFO_NMI          (2 << 8)
#define VM_INTINFO_HWEXCEPTION  (3 << 8)
#define VM_INTINFO_SWINTR       (4 << 8)

/*
 * A segment register's hidden part.  'access' is the VMX access-rights
 * format (SDM vol. 3, "Format of Access Rights"); bit 16 marks the segment
 * unusable.  'limit' is in bytes, granularity already applied.
 */
struct seg_desc {
	uint64_t base;
	uint32_t limit;
	uint32_t access;
};
#define SEG_DESC_TYPE(access)        ((access) & 0x001f)
#define SEG_DESC_DPL(access)         (((access) >> 5) & 0x3)
#define SEG_DESC_PRESENT(access)     (((access) & 0x0080) ? 1 : 0)
#define SEG_DESC_DEF32(access)       (((access) & 0x4000) ? 1 : 0)
#define SEG_DESC_GRANULARITY(access) (((access) & 0x8000) ? 1 : 0)
#define SEG_DESC_UNUSABLE(access)    (((access) & 0x10000) ? 1 : 0)

enum vm_cpu_mode {
	CPU_MODE_REAL,
	CPU_MODE_PROTECTED,
	CPU_MODE_COMPATIBILITY, /* IA-32e mode, CS.L = 0 */
	CPU_MODE_64BIT,         /* IA-32e mode, CS.L = 1 */
};

enum vm_paging_mode {
	PAGING_MODE_FLAT,
	PAGING_MODE_32,
	PAGING_MODE_PAE,
	PAGING_MODE_64,
	PAGING_MODE_64_LA57,
};

struct vm_guest_paging {
	uint64_t cr3;
	int cpl;
	enum vm_cpu_mode cpu_mode;
	enum vm_paging_mode paging_mode;
};

/*
 * The decoded opcode.  op_type is one of VIE_OP_TYPE_* (vie/decode.h),
 * op_flags a set of VIE_OP_F_*.
 */
struct vie_op {
	uint8_t op_byte;  /* the opcode byte (the last one for 0F xx forms) */
	uint8_t op_type;  /* VIE_OP_TYPE_* */
	uint16_t op_flags; /* VIE_OP_F_* */
};
_Static_assert(sizeof(struct vie_op) == 4, "ABI");
_Static_assert(_Alignof(struct vie_op) == 2, "ABI");

#define VIE_INST_SIZE 15

/*
 * One decoded instruction: a single 64-byte cache line, bhyve's layout.
 *
 * Register fields hold VM_REG_GUEST_* values, or VM_REG_LAST when absent.
 * segment_register always holds the segment the memory operand uses
 * (the override if one is in effect, else DS, or SS for rSP/rBP bases);
 * segment_override says whether a prefix chose it.
 *
 * bhyve left the following spare; vie names them:
 *   lock_present   the LOCK (F0) prefix was present
 *   vex_w          VEX.W (also copied to rex_w for VEX forms)
 *   desc           index of the decoder's descriptor for this instruction
 *                  (mnemonic, operand classes, memory size; see decode.h)
 *   rep_last       1 when the last of F2/F3 seen was F3 (for string ops
 *                  carrying both, the last one decides)
 *   seg_prefix     the last segment-override prefix seen, even where the
 *                  mode or instruction ignores it: 0 none, else
 *                  1 + (VM_REG_GUEST_xS - VM_REG_GUEST_ES)
 *   osz_attr       the operand-size attribute (log2 bytes) that prefixes
 *                  and mode select, even where the data moved is another
 *                  size (MOV r/m16,Sreg; SSE moves); see vie_operand_size
 */
struct vie {
	uint8_t inst[VIE_INST_SIZE]; /* instruction bytes */
	uint8_t num_valid;           /* number of valid bytes in inst[] */

/* The following fields are all zeroed upon restart. */
#define vie_startzero num_processed
	uint8_t num_processed;       /* length of the decoded instruction */

	uint8_t addrsize:4, opsize:4; /* address and operand sizes, in bytes */
	uint8_t rex_w:1,              /* REX prefix */
	        rex_r:1,
	        rex_x:1,
	        rex_b:1,
	        rex_present:1,
	        repz_present:1,       /* REP/REPE/REPZ prefix (F3) */
	        repnz_present:1,      /* REPNE/REPNZ prefix (F2) */
	        opsize_override:1,    /* 66 prefix */
	        addrsize_override:1,  /* 67 prefix */
	        segment_override:1;   /* an effective segment-override prefix */

	uint8_t mod:2,                /* ModRM byte; reg and rm include REX.R/B */
	        reg:4,
	        rm:4;

	uint8_t ss:2,                 /* SIB byte */
	        vex_present:1,        /* VEX prefixed */
	        vex_l:1,              /* VEX.L */
	        index:4,              /* SIB index, including REX.X */
	        base:4;               /* SIB base, including REX.B */

	uint8_t disp_bytes;
	uint8_t imm_bytes;

	uint8_t scale;

	uint8_t vex_reg:4,            /* VEX.vvvv, un-inverted */
	        vex_pp:2,             /* VEX.pp */
	        lock_present:1,       /* bhyve: _sparebits */
	        vex_w:1;

	uint16_t desc;                /* bhyve: _sparebytes[2] */

	int base_register;            /* VM_REG_GUEST_xyz or VM_REG_LAST */
	int index_register;           /* VM_REG_GUEST_xyz or VM_REG_LAST */
	int segment_register;         /* VM_REG_GUEST_xyz */

	int64_t displacement;         /* sign-extended displacement, or moffs */
	int64_t immediate;            /* sign- or zero-extended as the opcode says */

	uint8_t decoded;              /* 1 once successfully decoded */

	uint8_t rep_last:1,           /* bhyve: _sparebyte */
	        seg_prefix:3,
	        osz_attr:2,           /* operand-size attribute: 1 << osz_attr bytes */
	        _sparebits:2;

	struct vie_op op;             /* opcode description */
};
_Static_assert(sizeof(struct vie) == 64, "ABI");
_Static_assert(offsetof(struct vie, disp_bytes) == 22, "ABI");
_Static_assert(offsetof(struct vie, scale) == 24, "ABI");
_Static_assert(offsetof(struct vie, base_register) == 28, "ABI");

enum vm_exitcode {
	VM_EXITCODE_INOUT,
	VM_EXITCODE_VMX,
	VM_EXITCODE_BOGUS,
	VM_EXITCODE_RDMSR,
	VM_EXITCODE_WRMSR,
	VM_EXITCODE_HLT,
	VM_EXITCODE_MTRAP,
	VM_EXITCODE_PAUSE,
	VM_EXITCODE_PAGING,
	VM_EXITCODE_INST_EMUL,
	VM_EXITCODE_SPINUP_AP,
	VM_EXITCODE_DEPRECATED1, /* used to be SPINDOWN_CPU */
	VM_EXITCODE_RENDEZVOUS,
	VM_EXITCODE_IOAPIC_EOI,
	VM_EXITCODE_SUSPENDED,
	VM_EXITCODE_INOUT_STR,
	VM_EXITCODE_TASK_SWITCH,
	VM_EXITCODE_MONITOR,
	VM_EXITCODE_MWAIT,
	VM_EXITCODE_SVM,
	VM_EXITCODE_REQIDLE,
	VM_EXITCODE_DEBUG,
	VM_EXITCODE_VMINSN,
	VM_EXITCODE_BPT,
	VM_EXITCODE_IPI,
	VM_EXITCODE_MAX
};

enum vm_suspend_how {
	VM_SUSPEND_NONE,
	VM_SUSPEND_RESET,
	VM_SUSPEND_POWEROFF,
	VM_SUSPEND_HALT,
	VM_SUSPEND_TRIPLEFAULT,
	VM_SUSPEND_LAST
};

struct vm_inout {
	uint16_t bytes:3;  /* 1 or 2 or 4 */
	uint16_t in:1;
	uint16_t string:1;
	uint16_t rep:1;
	uint16_t port;
	uint32_t eax;      /* valid for out */
};

struct vm_inout_str {
	struct vm_inout inout; /* must be the first element */
	struct vm_guest_paging paging;
	uint64_t rflags;
	uint64_t cr0;
	uint64_t index;
	uint64_t count;        /* rep=1 (%rcx), rep=0 (1) */
	int addrsize;
	enum vm_reg_name seg_name;
	struct seg_desc seg_desc;
};

enum task_switch_reason {
	TSR_CALL,
	TSR_IRET,
	TSR_JMP,
	TSR_IDT_GATE, /* task gate in IDT */
};

struct vm_task_switch {
	uint16_t tsssel;   /* new TSS selector */
	int ext;           /* task switch due to external event */
	uint32_t errcode;
	int errcode_valid; /* push 'errcode' on the new stack */
	enum task_switch_reason reason;
	struct vm_guest_paging paging;
};

/* bhyve's cpuset_t on amd64 (CPU_MAXSIZE 256): only sized, never used by vie. */
typedef struct {
	unsigned long __bits[256 / (8 * sizeof(unsigned long))];
} vie_cpuset_t;

struct vm_exit {
	enum vm_exitcode exitcode;
	int inst_length; /* 0 means unknown */
	uint64_t rip;
	union {
		struct vm_inout inout;
		struct vm_inout_str inout_str;
		struct {
			uint64_t gpa;
			int fault_type;
		} paging;
		struct {
			uint64_t gpa;
			uint64_t gla;
			uint64_t cs_base;
			int cs_d; /* CS.D */
			struct vm_guest_paging paging;
			struct vie vie;
		} inst_emul;
		/* VMX payload when there is no better exit code. */
		struct {
			int status; /* vmx inst status */
			uint32_t exit_reason;
			uint64_t exit_qualification;
			int inst_type;
			int inst_error;
		} vmx;
		/* SVM payload. */
		struct {
			uint64_t exitcode;
			uint64_t exitinfo1;
			uint64_t exitinfo2;
		} svm;
		struct {
			int inst_length;
		} bpt;
		struct {
			uint32_t code; /* ecx value */
			uint64_t wval;
		} msr;
		struct {
			int vcpu;
			uint64_t rip;
		} spinup_ap;
		struct {
			uint64_t rflags;
			uint64_t intr_status;
		} hlt;
		struct {
			int vector;
		} ioapic_eoi;
		struct {
			enum vm_suspend_how how;
		} suspended;
		struct {
			uint32_t mode;
			uint8_t vector;
			vie_cpuset_t dmask;
		} ipi;
		struct vm_task_switch task_switch;
	} u;
};

/*
 * One piece of a guest-linear range mapped for copying (bhyve's shape).
 * 'hva' is the host address of the piece, 'cookie' belongs to whoever
 * mapped it.
 */
struct vm_copyinfo {
	uint64_t gpa;
	size_t len;
	void *hva;
	void *cookie;
};

#ifdef __cplusplus
}
#endif

#endif /* VIE_VMM_H */
