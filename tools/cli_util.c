/* Shared helpers of the vie command-line tool: JSON numbers, hex, lines. */
#include "cli.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

int
cli_json_u64(const json_t *v, uint64_t *out, const char **err)
{
	if (v == NULL) {
		*err = "missing number";
		return -1;
	}
	if (json_is_integer(v)) {
		*out = (uint64_t)json_integer_value(v);
		return 0;
	}
	if (!json_is_string(v)) {
		*err = "number must be an integer or a \"0x...\" string";
		return -1;
	}
	const char *s = json_string_value(v);
	int neg = 0;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || s[2] == '\0') {
		*err = "hex string must start with 0x";
		return -1;
	}
	s += 2;
	uint64_t val = 0;
	for (; *s != '\0'; s++) {
		int d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else {
			*err = "bad hex digit";
			return -1;
		}
		if (val >> 60) {
			*err = "hex number wider than 64 bits";
			return -1;
		}
		val = val << 4 | (uint64_t)d;
	}
	*out = neg ? (uint64_t)0 - val : val;
	return 0;
}

json_t *
cli_hex(uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return json_string(buf);
}

json_t *
cli_shex(int64_t v)
{
	char buf[24];
	if (v < 0)
		snprintf(buf, sizeof(buf), "-0x%" PRIx64, (uint64_t)0 - (uint64_t)v);
	else
		snprintf(buf, sizeof(buf), "0x%" PRIx64, (uint64_t)v);
	return json_string(buf);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

long
cli_parse_hex_bytes(const char *s, uint8_t *buf, size_t max)
{
	size_t n = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	while (*s != '\0') {
		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		int hi = hexval((unsigned char)s[0]);
		int lo = hi < 0 ? -1 : hexval((unsigned char)s[1]);
		if (hi < 0 || lo < 0 || n >= max)
			return -1;
		buf[n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	return (long)n;
}

void
cli_emit(json_t *obj)
{
	char *text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text != NULL) {
		fputs(text, stdout);
		fputc('\n', stdout);
		free(text);
	}
	fflush(stdout);
}

void
cli_emit_error(const char *msg)
{
	json_t *o = json_object();
	json_object_set_new(o, "status", json_string("error"));
	json_object_set_new(o, "error", json_string(msg));
	cli_emit(o);
	json_decref(o);
}

long
cli_getline(char **buf, size_t *cap, FILE *f)
{
	ssize_t n = getline(buf, cap, f);
	if (n < 0)
		return -1;
	while (n > 0 && ((*buf)[n - 1] == '\n' || (*buf)[n - 1] == '\r'))
		(*buf)[--n] = '\0';
	return (long)n;
}
