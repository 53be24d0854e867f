/* vie: the command-line face of libvie (see DESIGN.md, "The vie command line"). */
#include "cli.h"

#include <string.h>

#include <vie/vie.h>

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: vie COMMAND [OPTIONS]\n"
	    "\n"
	    "commands:\n"
	    "  decode [-m 16|32|64] [--cs-d] [--json] [--batch] HEX...\n"
	    "            decode instructions (--batch: one hex instruction per line on stdin)\n"
	    "  translate --batch\n"
	    "            walk guest page tables: one JSON machine state per line on stdin\n"
	    "  version   print the library version\n");
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "decode") == 0)
		return cmd_decode(argc - 1, argv + 1);
	if (strcmp(cmd, "translate") == 0)
		return cmd_translate(argc - 1, argv + 1);
	if (strcmp(cmd, "version") == 0) {
		printf("vie %s\n", vie_version());
		return 0;
	}
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "vie: unknown command '%s' (emulate and run are not built yet)\n", cmd);
	usage(stderr);
	return 2;
}
