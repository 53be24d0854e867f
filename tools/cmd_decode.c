/* vie decode: placeholder until its layer lands. */
#include "cli.h"

int
cmd_decode(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "vie decode: not built yet\n");
	return 2;
}
