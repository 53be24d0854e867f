/*
 * vie decode: decode instructions with libvie and print them for people
 * (default), as JSON (--json) or as JSON Lines from stdin (--batch).
 * Field names and spelling follow DESIGN.md ("The vie command line").
 */
#include "cli.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <vie/vie.h>

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: vie decode [-m MODE] [--cs-d] [--json] [--batch] HEX...\n"
	    "\n"
	    "Decode x86 instructions given as hex bytes (\"48 8b 04 24\" or 488b0424;\n"
	    "one argument per instruction; bytes after the instruction are ignored).\n"
	    "\n"
	    "  -m, --mode MODE  CPU mode (default 64):\n"
	    "                     64        64-bit mode\n"
	    "                     32        32-bit protected mode (CS.D = 1)\n"
	    "                     16, real  real mode (16-bit defaults)\n"
	    "                     protected, compat   protected / compatibility mode,\n"
	    "                               16-bit defaults unless --cs-d is given\n"
	    "                     prot16, prot32, compat16, compat32   the same, spelled out\n"
	    "  --cs-d           CS.D = 1 (32-bit defaults) for protected/compat; -m 32\n"
	    "                   implies it; meaningless in real and 64-bit mode\n"
	    "  --json           print one JSON object per instruction\n"
	    "  --batch          read one hex instruction per line from stdin (text after a\n"
	    "                   tab is ignored) and print one JSON object per line, in order;\n"
	    "                   a malformed line prints {\"status\":\"error\",\"error\":...}\n"
	    "\n"
	    "JSON fields: ok, status, len, mnemonic (as Zydis prints it), opsize and\n"
	    "addrsize (bytes), memsize (bytes the memory operand accesses, per iteration\n"
	    "for string instructions), mem {seg, base, index, scale, disp, riprel} (for\n"
	    "string instructions: the rSI source operand if there is one, else ES:rDI),\n"
	    "reg (the ModRM.reg operand), imm (as the instruction extends it, so it can be\n"
	    "negative), prefixes {lock, rep, repne, seg} (rep/repne: the last of F3/F2\n"
	    "present; seg: the override in effect), and on failure error (unsupported,\n"
	    "invalid, truncated, too_long).  Numbers are hex strings (\"0x..\", \"-0x..\"),\n"
	    "absent operands null.  Exit status: 0, or 1 if an argument is not hex.\n");
}

/* x86 register number of a VM_REG_GUEST_* GPR, -1 otherwise. */
static int
gpr_num(int vm_reg)
{
	static const int map[][2] = {
		{VM_REG_GUEST_RAX, 0}, {VM_REG_GUEST_RCX, 1}, {VM_REG_GUEST_RDX, 2},
		{VM_REG_GUEST_RBX, 3}, {VM_REG_GUEST_RSP, 4}, {VM_REG_GUEST_RBP, 5},
		{VM_REG_GUEST_RSI, 6}, {VM_REG_GUEST_RDI, 7}, {VM_REG_GUEST_R8, 8},
		{VM_REG_GUEST_R9, 9}, {VM_REG_GUEST_R10, 10}, {VM_REG_GUEST_R11, 11},
		{VM_REG_GUEST_R12, 12}, {VM_REG_GUEST_R13, 13}, {VM_REG_GUEST_R14, 14},
		{VM_REG_GUEST_R15, 15},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i][0] == vm_reg)
			return map[i][1];
	return -1;
}

/* An address register as Zydis names it at the address size. */
static const char *
addr_reg_name(int vm_reg, unsigned addrsize)
{
	if (vm_reg == VM_REG_GUEST_RIP)
		return addrsize == 4 ? "eip" : "rip";
	int n = gpr_num(vm_reg);
	if (n < 0)
		return NULL;
	return vie_gpr_name((unsigned)n, addrsize, 0);
}

static json_t *
name_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

struct mem_view {
	int present;
	const char *seg, *base, *index;
	unsigned scale;
	int64_t disp;
	int riprel;
};

/* The memory operand as the CLI shows it (see usage()). */
static struct mem_view
mem_of(const struct vie *v)
{
	struct mem_view mv = {0};
	int kind = vie_mem_kind(v);
	if (kind == 0)
		return mv;
	mv.present = 1;
	if (kind == 1) {
		mv.seg = vie_vm_reg_name(v->segment_register);
		mv.base = addr_reg_name(v->base_register, v->addrsize);
		mv.index = addr_reg_name(v->index_register, v->addrsize);
		mv.scale = v->scale;
		mv.disp = v->displacement;
		mv.riprel = v->base_register == VM_REG_GUEST_RIP;
		return mv;
	}
	switch (v->op.op_type) {
	case VIE_OP_TYPE_MOVS:
	case VIE_OP_TYPE_CMPS:
	case VIE_OP_TYPE_LODS:
	case VIE_OP_TYPE_OUTS:
		/* the overridable source, DS:rSI by default */
		mv.seg = vie_vm_reg_name(v->segment_register);
		mv.base = vie_gpr_name(6, v->addrsize, 0);
		break;
	default:
		/* STOS, SCAS, INS: only ES:rDI, which no prefix overrides */
		mv.seg = "es";
		mv.base = vie_gpr_name(7, v->addrsize, 0);
		break;
	}
	return mv;
}

static int
eff_rep(const struct vie *v)
{
	return v->repz_present && (!v->repnz_present || v->rep_last);
}

static int
eff_repne(const struct vie *v)
{
	return v->repnz_present && !(v->repz_present && v->rep_last);
}

static json_t *
decode_json(const uint8_t *b, size_t n, enum vm_cpu_mode mode, int cs_d)
{
	struct vie v;
	int st = vie_decode(&v, b, n, mode, cs_d);
	json_t *o = json_object();
	json_object_set_new(o, "ok", json_boolean(st == VIE_OK));
	json_object_set_new(o, "status", json_string(vie_status_name(st)));
	if (st != VIE_OK) {
		json_object_set_new(o, "error", json_string(vie_status_name(st)));
		return o;
	}
	json_object_set_new(o, "len", cli_hex(v.num_processed));
	json_object_set_new(o, "mnemonic", json_string(vie_mnemonic(&v)));
	json_object_set_new(o, "opsize", cli_hex(vie_operand_size(&v)));
	json_object_set_new(o, "addrsize", cli_hex(v.addrsize));
	json_object_set_new(o, "memsize", cli_hex(vie_mem_size(&v)));
	struct mem_view mv = mem_of(&v);
	if (mv.present) {
		json_t *m = json_object();
		json_object_set_new(m, "seg", name_or_null(mv.seg));
		json_object_set_new(m, "base", name_or_null(mv.base));
		json_object_set_new(m, "index", name_or_null(mv.index));
		json_object_set_new(m, "scale", cli_hex(mv.scale));
		json_object_set_new(m, "disp", cli_shex(mv.disp));
		json_object_set_new(m, "riprel", json_boolean(mv.riprel));
		json_object_set_new(o, "mem", m);
	} else {
		json_object_set_new(o, "mem", json_null());
	}
	json_object_set_new(o, "reg", name_or_null(vie_reg_operand_name(&v)));
	json_object_set_new(o, "imm", v.imm_bytes ? cli_shex(v.immediate) : json_null());
	json_t *p = json_object();
	json_object_set_new(p, "lock", json_boolean(v.lock_present));
	json_object_set_new(p, "rep", json_boolean(eff_rep(&v)));
	json_object_set_new(p, "repne", json_boolean(eff_repne(&v)));
	json_object_set_new(p, "seg", v.segment_override ?
	    name_or_null(vie_vm_reg_name(v.segment_register)) : json_null());
	json_object_set_new(o, "prefixes", p);
	return o;
}

static void
print_human(const uint8_t *b, size_t n, enum vm_cpu_mode mode, int cs_d)
{
	struct vie v;
	int st = vie_decode(&v, b, n, mode, cs_d);
	size_t shown = st == VIE_OK ? v.num_processed : n;
	for (size_t i = 0; i < shown; i++)
		printf("%s%02x", i ? " " : "", b[i]);
	if (st != VIE_OK) {
		printf("  error: %s\n", vie_status_name(st));
		return;
	}
	printf("  %s", vie_mnemonic(&v));
	printf("  len %u  opsize %u  addrsize %u", v.num_processed, vie_operand_size(&v), v.addrsize);
	const char *reg = vie_reg_operand_name(&v);
	if (reg != NULL)
		printf("  reg %s", reg);
	struct mem_view mv = mem_of(&v);
	if (mv.present) {
		printf("  mem %s:[", mv.seg ? mv.seg : "?");
		int any = 0;
		if (mv.base) {
			printf("%s", mv.base);
			any = 1;
		}
		if (mv.index) {
			printf("%s%s*%u", any ? "+" : "", mv.index, mv.scale);
			any = 1;
		}
		if (mv.disp != 0 || !any) {
			uint64_t mag = mv.disp < 0 ? (uint64_t)0 - (uint64_t)mv.disp : (uint64_t)mv.disp;
			printf("%s0x%" PRIx64, mv.disp < 0 ? "-" : any ? "+" : "", mag);
		}
		printf("] size %u", vie_mem_size(&v));
	}
	if (v.imm_bytes) {
		uint64_t mag = v.immediate < 0 ? (uint64_t)0 - (uint64_t)v.immediate :
		    (uint64_t)v.immediate;
		printf("  imm %s0x%" PRIx64, v.immediate < 0 ? "-" : "", mag);
	}
	if (v.lock_present)
		printf("  lock");
	if (eff_rep(&v))
		printf("  rep");
	if (eff_repne(&v))
		printf("  repne");
	if (v.segment_override)
		printf("  seg %s", vie_vm_reg_name(v.segment_register));
	printf("\n");
}

/* -m argument -> (mode, cs_d).  Returns -1 if unknown; *cs_d_forced is
 * set where the spelling fixes CS.D. */
static int
parse_mode(const char *s, enum vm_cpu_mode *mode, int *cs_d, int *fixed)
{
	static const struct {
		const char *name;
		enum vm_cpu_mode mode;
		int cs_d;  /* -1: from --cs-d */
	} names[] = {
		{"64", CPU_MODE_64BIT, 0}, {"long", CPU_MODE_64BIT, 0},
		{"32", CPU_MODE_PROTECTED, 1}, {"prot32", CPU_MODE_PROTECTED, 1},
		{"16", CPU_MODE_REAL, 0}, {"real", CPU_MODE_REAL, 0},
		{"prot16", CPU_MODE_PROTECTED, 0}, {"compat16", CPU_MODE_COMPATIBILITY, 0},
		{"compat32", CPU_MODE_COMPATIBILITY, 1},
		{"protected", CPU_MODE_PROTECTED, -1}, {"compat", CPU_MODE_COMPATIBILITY, -1},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i].name) != 0)
			continue;
		*mode = names[i].mode;
		*fixed = names[i].cs_d >= 0;
		*cs_d = names[i].cs_d > 0;
		return 0;
	}
	return -1;
}

/* One batch line -> one output line. */
static void
batch_line(char *line, enum vm_cpu_mode mode, int cs_d)
{
	char *tab = strchr(line, '\t');
	if (tab != NULL)
		*tab = '\0';
	uint8_t buf[64];
	long n = cli_parse_hex_bytes(line, buf, sizeof(buf));
	if (n < 0) {
		cli_emit_error("malformed hex (expected pairs of hex digits, at most 64 bytes)");
		return;
	}
	if (n == 0) {
		cli_emit_error("empty line: no instruction bytes");
		return;
	}
	json_t *o = decode_json(buf, (size_t)n, mode, cs_d);
	cli_emit(o);
	json_decref(o);
}

int
cmd_decode(int argc, char **argv)
{
	enum vm_cpu_mode mode = CPU_MODE_64BIT;
	int cs_d = 0, cs_d_flag = 0, fixed = 1, json = 0, batch = 0;
	int first_hex = argc;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-m") == 0 || strcmp(a, "--mode") == 0) {
			if (i + 1 >= argc || parse_mode(argv[i + 1], &mode, &cs_d, &fixed) != 0) {
				fprintf(stderr, "vie decode: -m needs one of 16, 32, 64, real, "
				    "protected, compat, prot16, prot32, compat16, compat32\n");
				return 2;
			}
			i++;
		} else if (strcmp(a, "--cs-d") == 0) {
			cs_d_flag = 1;
		} else if (strcmp(a, "--json") == 0) {
			json = 1;
		} else if (strcmp(a, "--batch") == 0) {
			batch = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--") == 0) {
			first_hex = i + 1;
			break;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "vie decode: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		} else {
			first_hex = i;
			break;
		}
	}
	if (!fixed)
		cs_d = cs_d_flag;
	else if (cs_d_flag && mode != CPU_MODE_REAL && mode != CPU_MODE_64BIT)
		cs_d = 1; /* e.g. -m prot16 --cs-d: the flag wins */

	if (batch) {
		if (first_hex < argc) {
			fprintf(stderr, "vie decode: --batch reads stdin; no HEX arguments\n");
			return 2;
		}
		char *line = NULL;
		size_t cap = 0;
		while (cli_getline(&line, &cap, stdin) >= 0)
			batch_line(line, mode, cs_d);
		free(line);
		return 0;
	}
	if (first_hex >= argc) {
		usage(stderr);
		return 2;
	}
	int rc = 0;
	for (int i = first_hex; i < argc; i++) {
		uint8_t buf[64];
		long n = cli_parse_hex_bytes(argv[i], buf, sizeof(buf));
		if (n <= 0) {
			if (json)
				cli_emit_error("malformed hex");
			else
				fprintf(stderr, "vie decode: malformed hex '%s'\n", argv[i]);
			rc = 1;
			continue;
		}
		if (json) {
			json_t *o = decode_json(buf, (size_t)n, mode, cs_d);
			cli_emit(o);
			json_decref(o);
		} else {
			print_human(buf, (size_t)n, mode, cs_d);
		}
	}
	return rc;
}
