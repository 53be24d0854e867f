/* vie translate: placeholder until its layer lands. */
#include "cli.h"

int
cmd_translate(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "vie translate: not built yet\n");
	return 2;
}
