/*
 * tools/cli.h - shared pieces of the vie command-line tool.
 */
#ifndef VIE_TOOLS_CLI_H
#define VIE_TOOLS_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

/* Subcommands: each gets argv starting at the subcommand's name and
 * returns the process exit status. */
int cmd_decode(int argc, char **argv);
int cmd_translate(int argc, char **argv);

/* JSON number as DESIGN.md has it: "0x..." / "-0x..." hex strings or JSON
 * integers.  Returns 0 on success, -1 (with *err set) otherwise. */
int cli_json_u64(const json_t *v, uint64_t *out, const char **err);

/* "0x..." for an unsigned value, "-0x..." for a negative signed one. */
json_t *cli_hex(uint64_t v);
json_t *cli_shex(int64_t v);

/* Parse a hex byte string (optional "0x", optional spaces) into buf.
 * Returns the byte count, or -1 if malformed or longer than max. */
long cli_parse_hex_bytes(const char *s, uint8_t *buf, size_t max);

/* Print one JSON object on its own line to stdout and flush. */
void cli_emit(json_t *obj);

/* {"status":"error","error":msg} on its own line. */
void cli_emit_error(const char *msg);

/* Read one line of any length from f into *buf (grown as needed); returns
 * its length without the newline, or -1 at end of input. */
long cli_getline(char **buf, size_t *cap, FILE *f);

#endif /* VIE_TOOLS_CLI_H */
