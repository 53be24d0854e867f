/* Figures, table, JSON, chart and decoder footprint (see report.h). */
#define _GNU_SOURCE
#include "report.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const dec_name[NDEC + 1] = {"empty-loop", "vie", "zydis-minimal", "zydis-full"};
static const char *const kind_name[NKIND] = {"throughput", "latency"};

static const char *
mode_name(const struct corpus *c)
{
	switch (c->mode) {
	case CPU_MODE_64BIT:
		return "64-bit";
	case CPU_MODE_PROTECTED:
		return c->cs_d ? "32-bit protected" : "16-bit protected";
	case CPU_MODE_COMPATIBILITY:
		return "compatibility";
	default:
		return "real";
	}
}

static const char *
mix_title(const struct corpus *c)
{
	if (strcmp(c->name, "realistic-64") == 0)
		return "realistic mix (real x86-64 code, by frequency)";
	if (strcmp(c->name, "family-64") == 0)
		return "family-equal mix (each instruction family equally weighted)";
	return c->note[0] ? "32-bit mix (FALLBACK: 64-bit code that decodes alike in 32-bit mode)" :
	    "32-bit mix (real i386 code, by frequency)";
}

void
report_mix_init(struct report_mix *m, const struct corpus *c, const struct stream *s,
    unsigned rounds)
{
	memset(m, 0, sizeof(*m));
	m->c = c;
	m->s = s;
	m->rounds = rounds;
	for (int k = 0; k < NKIND; k++)
		for (int d = 0; d <= NDEC; d++) {
			m->raw_ticks[k][d] = calloc(rounds, sizeof(double));
			m->raw_ns[k][d] = calloc(rounds, sizeof(double));
			if (m->raw_ticks[k][d] == NULL || m->raw_ns[k][d] == NULL)
				exit(2);
		}
}

void
report_mix_free(struct report_mix *m)
{
	for (int k = 0; k < NKIND; k++)
		for (int d = 0; d <= NDEC; d++) {
			free(m->raw_ticks[k][d]);
			free(m->raw_ns[k][d]);
		}
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
median(const double *v, unsigned n)
{
	double *t = malloc(n * sizeof(*t));
	if (t == NULL)
		exit(2);
	memcpy(t, v, n * sizeof(*t));
	qsort(t, n, sizeof(*t), cmp_double);
	double m = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
	free(t);
	return m;
}

/* Per-instruction figures of one loop, 'sub' (a whole-pass figure)
 * subtracted from each round. */
static struct stat3
per_insn(const double *raw, unsigned rounds, double sub, size_t n)
{
	double *v = malloc(rounds * sizeof(*v));
	if (v == NULL)
		exit(2);
	struct stat3 s = {0, 0, 0};
	for (unsigned i = 0; i < rounds; i++) {
		v[i] = (raw[i] - sub) / (double)n;
		if (i == 0 || v[i] < s.min)
			s.min = v[i];
		if (i == 0 || v[i] > s.max)
			s.max = v[i];
	}
	s.med = median(v, rounds);
	free(v);
	return s;
}

void
report_compute(struct report *r)
{
	for (int x = 0; x < NMIX; x++) {
		struct report_mix *m = &r->mix[x];
		size_t n = m->s->n;
		for (int k = 0; k < NKIND; k++) {
			double over_ns = median(m->raw_ns[k][0], m->rounds);
			double over_cyc = median(m->raw_ticks[k][0], m->rounds);
			m->ns[k][0] = per_insn(m->raw_ns[k][0], m->rounds, 0, n);
			m->cyc[k][0] = per_insn(m->raw_ticks[k][0], m->rounds, 0, n);
			for (int d = 1; d <= NDEC; d++) {
				m->ns[k][d] = per_insn(m->raw_ns[k][d], m->rounds, over_ns, n);
				m->cyc[k][d] = per_insn(m->raw_ticks[k][d], m->rounds, over_cyc, n);
				double vn = m->ns[k][DEC_VIE].med, vc = m->cyc[k][DEC_VIE].med;
				m->ratio_ns[k][d] = vn > 0 ? m->ns[k][d].med / vn : 0;
				m->ratio_cyc[k][d] = vc > 0 ? m->cyc[k][d].med / vc : 0;
			}
		}
	}
}

static void
cpu_model(char *out, size_t cap)
{
	snprintf(out, cap, "unknown");
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (f == NULL)
		return;
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':');
		if (strncmp(line, "model name", 10) == 0 && c != NULL) {
			c += 2;
			c[strcspn(c, "\n")] = '\0';
			snprintf(out, cap, "%s", c);
			break;
		}
	}
	fclose(f);
}

void
report_print(const struct report *r, FILE *f)
{
	char cpu[128];
	cpu_model(cpu, sizeof(cpu));
	fprintf(f, "\nCPU: %s (pinned to %d), TSC %.3f GHz, core clock ~%.2f GHz [%.2f .. %.2f] "
	    "(dependent-add chain, per round); %u rounds, %zu-instruction chunks, corpus built in "
	    "%.0f ms, timing took %.0f ms\n", cpu, r->cpu, r->tsc_ghz, r->core_ghz, r->core_ghz_min,
	    r->core_ghz_max, r->rounds, r->chunk, r->corpus_ms, r->timing_ms);
	fprintf(f, "cyc = TSC reference cycles (lfence;rdtsc / rdtscp;lfence); all figures per "
	    "instruction, median over rounds [min..max], the empty loop's median subtracted;\n"
	    "x vie = decoder median / vie median.  throughput: independent decodes back to back; "
	    "latency: each decode's input offset = previous offset + its decoded length.\n"
	    "Passes are timed in chunks; a chunk during which the thread was switched out is "
	    "timed again (reruns = how many times, summed over rounds).\n");
	if (r->smoke)
		fprintf(f, "SMOKE MODE: tiny corpus and few rounds; these figures are not "
		    "measurements.\n");
	for (int x = 0; x < NMIX; x++) {
		const struct report_mix *m = &r->mix[x];
		fprintf(f, "\n== %s: %s, %s mode ==\n", m->c->name, mix_title(m->c), mode_name(m->c));
		fprintf(f, "stream: %zu instructions (%zu bytes, %zu distinct byte strings, %u "
		    "families) from %llu kept occurrences (%zu distinct) in %u files\n",
		    m->s->n, m->s->nbytes, m->s->distinct, m->s->families,
		    (unsigned long long)m->c->total, m->c->n, m->c->files);
		for (int k = 0; k < NKIND; k++) {
			fprintf(f, "  %-10s %-14s %8s %19s %8s %19s %7s %7s %7s\n", kind_name[k], "decoder",
			    "ns", "[min .. max]", "cyc", "[min .. max]", "x vie", "x(cyc)", "reruns");
			for (int d = 1; d <= (r->only_vie ? 1 : NDEC); d++)
				fprintf(f, "  %-10s %-14s %8.2f [%7.2f .. %7.2f] %8.2f [%7.2f .. %7.2f] "
				    "%7.2f %7.2f %7lu%s\n", "", dec_name[d], m->ns[k][d].med, m->ns[k][d].min,
				    m->ns[k][d].max, m->cyc[k][d].med, m->cyc[k][d].min, m->cyc[k][d].max,
				    m->ratio_ns[k][d], m->ratio_cyc[k][d], m->reruns[k][d],
				    m->disturbed[k][d] ? " (some chunks disturbed)" : "");
			fprintf(f, "  %-10s %-14s %8.2f %19s %8.2f %19s %15s %7lu\n", "",
			    "(empty loop)", m->ns[k][0].med, "", m->cyc[k][0].med, "", "(subtracted)",
			    m->reruns[k][0]);
		}
	}
	if (!r->only_vie) {
		const struct report_mix *m = &r->mix[0];
		double ratio = m->ratio_ns[0][DEC_ZMIN];
		fprintf(f, "\ntarget (issue 4): vie >= 10x faster than Zydis minimal on the realistic "
		    "64-bit mix: throughput %.1fx, latency %.1fx -> %s%s\n", ratio,
		    m->ratio_ns[1][DEC_ZMIN], ratio >= 10 && m->ratio_ns[1][DEC_ZMIN] >= 10 ? "met" :
		    "NOT met", r->smoke ? " (smoke mode: meaningless)" : "");
	}
	if (r->nfam) {
		/* Slowest first: where vie's time goes. */
		unsigned idx[CORPUS_MAX_FAMILIES];
		for (unsigned i = 0; i < r->nfam; i++)
			idx[i] = i;
		for (unsigned i = 1; i < r->nfam; i++)
			for (unsigned j = i; j > 0 && r->fam[idx[j]].vie_ns > r->fam[idx[j - 1]].vie_ns; j--) {
				unsigned t = idx[j];
				idx[j] = idx[j - 1];
				idx[j - 1] = t;
			}
		fprintf(f, "\nper family (family-64 stream, throughput, median ns; slowest for vie "
		    "first):\n");
		for (unsigned i = 0; i < r->nfam; i++) {
			const struct fam_time *t = &r->fam[idx[i]];
			fprintf(f, "  %-12s %6zu insns  vie %7.2f  zydis-minimal %7.2f  x %5.2f%s",
			    t->name, t->n, t->vie_ns, t->zmin_ns, t->vie_ns > 0 ? t->zmin_ns / t->vie_ns : 0,
			    i % 2 ? "\n" : "   |");
		}
		if (r->nfam % 2)
			fprintf(f, "\n");
	}
	char without[40], with[40];
	snprintf(without, sizeof(without), "only those without (%zu)", r->mix[0].s->n - r->nprefixed);
	snprintf(with, sizeof(with), "only those with (%zu)", r->nprefixed);
	fprintf(f, "\nrealistic-64 reordered (the same instructions laid out anew; predictable "
	    "branches), throughput, median ns:\n");
	fprintf(f, "  %-36s vie %6.2f  zydis-minimal %6.2f\n", "shuffled (as timed above)",
	    r->mix[0].ns[0][DEC_VIE].med, r->mix[0].ns[0][DEC_ZMIN].med);
	fprintf(f, "  %-36s vie %6.2f  zydis-minimal %6.2f\n", "legacy prefix or VEX after the rest",
	    r->grouped_vie_ns, r->grouped_zmin_ns);
	fprintf(f, "  %-36s vie %6.2f  zydis-minimal %6.2f\n", "sorted, identical ones adjacent",
	    r->sorted_vie_ns, r->sorted_zmin_ns);
	fprintf(f, "  %-36s vie %6.2f  zydis-minimal %6.2f\n", without, r->plain_vie_ns, r->plain_zmin_ns);
	fprintf(f, "  %-36s vie %6.2f  zydis-minimal %6.2f\n", with, r->prefixed_vie_ns, r->prefixed_zmin_ns);
	if (r->core_ghz > 0)
		fprintf(f, "vie on the realistic mix: ~%.0f core cycles per decode (throughput), ~%.0f "
		    "(latency), at the estimated core clock\n", r->mix[0].ns[0][DEC_VIE].med * r->core_ghz,
		    r->mix[0].ns[1][DEC_VIE].med * r->core_ghz);
	fprintf(f, "\nstruct vie: sizeof %zu, alignof %zu\n", sizeof(struct vie),
	    alignof(struct vie));
	if (r->have_sections) {
		fprintf(f, "decoder objects (src/decode in %s): .text %lu, .rodata %lu, .data "
		    "(incl. .data.rel.ro) %lu, .bss %lu bytes\n", r->lib, r->sec_text, r->sec_rodata,
		    r->sec_data, r->sec_bss);
		if (r->nsym) {
			fprintf(f, "largest decoder data objects:");
			for (unsigned i = 0; i < r->nsym; i++)
				fprintf(f, "%s %s %lu (%c)", i ? "," : "", r->sym[i].name, r->sym[i].size,
				    r->sym[i].type);
			fprintf(f, "\n");
		}
	}
	if (r->footprint_note[0])
		fprintf(f, "footprint: %s\n", r->footprint_note);
}

/* ---- footprint -------------------------------------------------------- */

/* Members of libvie.a that come from src/decode: Meson names the object
 * of src/decode/x.c "decode_x.c.o" within the src/ target. */
static int
decode_member(const char *name)
{
	return strncmp(name, "decode_", 7) == 0;
}

void
report_footprint(struct report *r, const char *lib)
{
	char guess[512];
	if (lib == NULL) {
		/* Beside the build tree layout: build/bench/decode/x -> build/src. */
		char self[400];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n > 0) {
			self[n] = '\0';
			char *s = strrchr(self, '/');
			if (s)
				*s = '\0';
			snprintf(guess, sizeof(guess), "%s/../../src/libvie.a", self);
			lib = guess;
		}
	}
	if (lib == NULL || access(lib, R_OK) != 0) {
		snprintf(r->footprint_note, sizeof(r->footprint_note),
		    "libvie.a not found (pass --lib build/src/libvie.a) - no section sizes");
		return;
	}
	snprintf(r->lib, sizeof(r->lib), "%s", lib);
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "size -A '%s' 2>/dev/null", lib);
	FILE *p = popen(cmd, "r");
	if (p == NULL) {
		snprintf(r->footprint_note, sizeof(r->footprint_note), "cannot run size(1)");
		return;
	}
	char line[512];
	int in = 0;
	while (fgets(line, sizeof(line), p)) {
		char a[256];
		unsigned long sz;
		if (strstr(line, "(ex ") != NULL) {
			/* "decode_decode.c.o   (ex path/libvie.a):" */
			in = sscanf(line, "%255s", a) == 1 && decode_member(a);
			continue;
		}
		if (!in || sscanf(line, "%255s %lu", a, &sz) != 2 || a[0] != '.')
			continue;
		if (strncmp(a, ".text", 5) == 0)
			r->sec_text += sz;
		else if (strncmp(a, ".rodata", 7) == 0)
			r->sec_rodata += sz;
		else if (strncmp(a, ".data", 5) == 0)
			r->sec_data += sz;
		else if (strncmp(a, ".bss", 4) == 0)
			r->sec_bss += sz;
		r->have_sections = 1;
	}
	pclose(p);
	if (!r->have_sections) {
		snprintf(r->footprint_note, sizeof(r->footprint_note),
		    "size(1) printed no sections for src/decode members of %.180s", lib);
		return;
	}
	snprintf(cmd, sizeof(cmd), "nm -S --size-sort -t d '%s' 2>/dev/null", lib);
	p = popen(cmd, "r");
	if (p == NULL)
		return;
	in = 0;
	while (fgets(line, sizeof(line), p)) {
		size_t l = strlen(line);
		while (l && (line[l - 1] == '\n' || line[l - 1] == ' '))
			line[--l] = '\0';
		if (l > 0 && line[l - 1] == ':') {
			line[l - 1] = '\0';
			in = decode_member(line);
			continue;
		}
		unsigned long addr, sz;
		char t, name[256];
		if (!in || sscanf(line, "%lu %lu %c %255s", &addr, &sz, &t, name) != 4)
			continue;
		if (strchr("rRdDbB", t) == NULL)
			continue;
		/* Keep the largest 12, sorted descending. */
		unsigned pos = r->nsym;
		while (pos > 0 && r->sym[pos - 1].size < sz)
			pos--;
		if (pos >= 12)
			continue;
		unsigned last = r->nsym < 12 ? r->nsym : 11;
		for (unsigned i = last; i > pos; i--)
			r->sym[i] = r->sym[i - 1];
		snprintf(r->sym[pos].name, sizeof(r->sym[pos].name), "%.95s", name);
		r->sym[pos].size = sz;
		r->sym[pos].type = t;
		if (r->nsym < 12)
			r->nsym++;
	}
	pclose(p);
}

/* ---- JSON ----------------------------------------------------------- */

static void
json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void
json_stat(FILE *f, const char *key, struct stat3 s)
{
	fprintf(f, "\"%s\": {\"median\": %.4f, \"min\": %.4f, \"max\": %.4f}", key, s.med, s.min,
	    s.max);
}

static void
json_rounds(FILE *f, const char *key, const double *v, unsigned n)
{
	fprintf(f, "\"%s\": [", key);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, "%s%.0f", i ? ", " : "", v[i]);
	fprintf(f, "]");
}

/* One reordered stream's figures (report.h): ',' then "key": {...}, with
 * its instruction count when n is given. */
static void
json_order(FILE *f, const char *key, const char *note, const size_t *n, double vie_ns, double zmin_ns)
{
	fprintf(f, ",\n  \"%s\": {\"note\": \"%s; throughput, median ns\"", key, note);
	if (n != NULL)
		fprintf(f, ", \"instructions\": %zu", *n);
	fprintf(f, ", \"vie_ns\": %.4f, \"zydis_minimal_ns\": %.4f}", vie_ns, zmin_ns);
}

int
report_write_json(const struct report *r, const char *dir)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/results.json", dir);
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		fprintf(stderr, "vie-bench-decode: cannot write %s\n", path);
		return -1;
	}
	char cpu[128];
	cpu_model(cpu, sizeof(cpu));
	fprintf(f, "{\n  \"benchmark\": \"vie-bench-decode\",\n  \"vie_version\": ");
	json_str(f, vie_version());
	fprintf(f, ",\n  \"zydis_version\": \"%d.%d.%d\",\n  \"cpu\": ",
	    (int)ZYDIS_VERSION_MAJOR(ZydisGetVersion()), (int)ZYDIS_VERSION_MINOR(ZydisGetVersion()),
	    (int)ZYDIS_VERSION_PATCH(ZydisGetVersion()));
	json_str(f, cpu);
	fprintf(f, ",\n  \"pinned_cpu\": %d,\n  \"tsc_ghz\": %.4f,\n  \"core_ghz_estimate\": {\"median\": %.4f, \"min\": %.4f, \"max\": %.4f},\n  \"smoke\": %s,\n"
	    "  \"rounds\": %u,\n  \"chunk\": %zu,\n  \"seed\": %llu,\n  \"corpus_ms\": %.1f,\n  \"timing_ms\": %.1f,\n",
	    r->cpu, r->tsc_ghz, r->core_ghz, r->core_ghz_min, r->core_ghz_max, r->smoke ? "true" : "false", r->rounds, r->chunk, (unsigned long long)r->seed,
	    r->corpus_ms, r->timing_ms);
	fprintf(f, "  \"units\": {\"ns\": \"nanoseconds per instruction\", \"cycles\": \"TSC "
	    "reference cycles per instruction\", \"subtracted\": \"median of the empty loop over "
	    "the same stream\", \"raw\": \"whole-pass figures per round, not subtracted\"},\n");
	fprintf(f, "  \"struct_vie\": {\"sizeof\": %zu, \"alignof\": %zu},\n", sizeof(struct vie),
	    alignof(struct vie));
	fprintf(f, "  \"decoder_footprint\": {\"available\": %s, \"lib\": ",
	    r->have_sections ? "true" : "false");
	json_str(f, r->lib);
	fprintf(f, ", \"text\": %lu, \"rodata\": %lu, \"data\": %lu, \"bss\": %lu, \"note\": ",
	    r->sec_text, r->sec_rodata, r->sec_data, r->sec_bss);
	json_str(f, r->footprint_note);
	fprintf(f, ", \"largest_objects\": [");
	for (unsigned i = 0; i < r->nsym; i++) {
		fprintf(f, "%s{\"name\": ", i ? ", " : "");
		json_str(f, r->sym[i].name);
		fprintf(f, ", \"size\": %lu, \"type\": \"%c\"}", r->sym[i].size, r->sym[i].type);
	}
	fprintf(f, "]},\n  \"mixes\": [\n");
	for (int x = 0; x < NMIX; x++) {
		const struct report_mix *m = &r->mix[x];
		const struct corpus *c = m->c;
		fprintf(f, "    {\"name\": ");
		json_str(f, c->name);
		fprintf(f, ", \"title\": ");
		json_str(f, mix_title(c));
		fprintf(f, ", \"mode\": ");
		json_str(f, mode_name(c));
		fprintf(f, ",\n     \"corpus\": {\"files\": %u, \"text_bytes\": %llu, \"instructions\": "
		    "%llu, \"zydis_undecodable_bytes\": %llu, \"vie_ok\": %llu, \"vie_ok_no_memory\": "
		    "%llu, \"length_disagreements\": %llu, \"kept_occurrences\": %llu, \"distinct\": "
		    "%zu, \"families\": %u, \"synthetic\": %llu, \"note\": ",
		    c->files, (unsigned long long)c->text_bytes, (unsigned long long)c->insns,
		    (unsigned long long)c->zydis_bad, (unsigned long long)c->vie_ok,
		    (unsigned long long)c->vie_ok_nomem, (unsigned long long)c->len_mismatch,
		    (unsigned long long)c->total, c->n, c->nfamily, (unsigned long long)c->synthetic);
		json_str(f, c->note);
		fprintf(f, ", \"family_names\": [");
		for (unsigned i = 0; i < c->nfamily; i++) {
			fprintf(f, "%s", i ? ", " : "");
			json_str(f, c->family_name[i]);
		}
		fprintf(f, "]},\n     \"stream\": {\"instructions\": %zu, \"bytes\": %zu, \"distinct\": "
		    "%zu, \"families\": %u},\n     \"results\": {\n", m->s->n, m->s->nbytes,
		    m->s->distinct, m->s->families);
		for (int k = 0; k < NKIND; k++) {
			fprintf(f, "      \"%s\": {\n", kind_name[k]);
			for (int d = 0; d <= NDEC; d++) {
				fprintf(f, "        \"%s\": {", dec_name[d]);
				json_stat(f, "ns", m->ns[k][d]);
				fprintf(f, ", ");
				json_stat(f, "cycles", m->cyc[k][d]);
				if (d > 0)
					fprintf(f, ", \"ratio_to_vie_ns\": %.4f, \"ratio_to_vie_cycles\": %.4f",
					    m->ratio_ns[k][d], m->ratio_cyc[k][d]);
				fprintf(f, ", \"chunk_reruns\": %lu, \"chunks_disturbed\": %lu",
				    m->reruns[k][d], m->disturbed[k][d]);
				fprintf(f, ",\n          ");
				json_rounds(f, "raw_pass_ns", m->raw_ns[k][d], m->rounds);
				fprintf(f, ",\n          ");
				json_rounds(f, "raw_pass_cycles", m->raw_ticks[k][d], m->rounds);
				fprintf(f, "}%s\n", d < NDEC ? "," : "");
			}
			fprintf(f, "      }%s\n", k < NKIND - 1 ? "," : "");
		}
		fprintf(f, "     }}%s\n", x < NMIX - 1 ? "," : "");
	}
	fprintf(f, "  ],\n  \"families\": [");
	for (unsigned i = 0; i < r->nfam; i++) {
		fprintf(f, "%s\n    {\"family\": ", i ? "," : "");
		json_str(f, r->fam[i].name);
		fprintf(f, ", \"instructions\": %zu, \"vie_ns\": %.4f, \"zydis_minimal_ns\": %.4f}",
		    r->fam[i].n, r->fam[i].vie_ns, r->fam[i].zmin_ns);
	}
	fprintf(f, "\n  ]");
	const size_t nplain = r->mix[0].s->n - r->nprefixed;
	json_order(f, "realistic_64_grouped", "same instructions laid out anew, legacy-prefixed and "
	    "VEX ones after the rest", NULL, r->grouped_vie_ns, r->grouped_zmin_ns);
	json_order(f, "realistic_64_unprefixed", "the instructions without a legacy prefix or VEX "
	    "alone", &nplain, r->plain_vie_ns, r->plain_zmin_ns);
	json_order(f, "realistic_64_prefixed", "the instructions with a legacy prefix or VEX alone",
	    &r->nprefixed, r->prefixed_vie_ns, r->prefixed_zmin_ns);
	json_order(f, "realistic_64_sorted", "same instructions laid out anew, identical ones adjacent",
	    NULL, r->sorted_vie_ns, r->sorted_zmin_ns);
	const struct report_mix *m = &r->mix[0];
	fprintf(f, ",\n  \"target\": {\"goal\": \"vie >= 10x faster than zydis-minimal on "
	    "realistic-64\", \"throughput_ratio\": %.4f, \"latency_ratio\": %.4f, \"met\": %s}\n}\n",
	    m->ratio_ns[0][DEC_ZMIN], m->ratio_ns[1][DEC_ZMIN],
	    !r->only_vie && m->ratio_ns[0][DEC_ZMIN] >= 10 && m->ratio_ns[1][DEC_ZMIN] >= 10 ?
	    "true" : "false");
	int bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		fprintf(stderr, "vie-bench-decode: error writing %s\n", path);
		return -1;
	}
	printf("results: %s\n", path);
	return 0;
}

/* ---- chart ------------------------------------------------------------ */

void
report_chart(const struct report *r, const char *dir)
{
	if (system("command -v gnuplot >/dev/null 2>&1") != 0) {
		printf("chart: gnuplot not found (Debian package gnuplot-nox); no PNG written\n");
		return;
	}
	char path[4096];
	snprintf(path, sizeof(path), "%s/chart.dat", dir);
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		printf("chart: cannot write %s\n", path);
		return;
	}
	fprintf(f, "# mix/kind vie zydis-minimal zydis-full (median ns per instruction)\n");
	for (int x = 0; x < NMIX; x++)
		for (int k = 0; k < NKIND; k++) {
			const struct report_mix *m = &r->mix[x];
			fprintf(f, "\"%s\\n%s\"", m->c->name, kind_name[k]);
			/* The log axis needs positive values; an overhead-dominated
			 * smoke figure can dip to or below zero. */
			for (int d = 1; d <= NDEC; d++)
				fprintf(f, " %.4f", m->ns[k][d].med > 0.01 ? m->ns[k][d].med : 0.01);
			fprintf(f, "\n");
		}
	fclose(f);
	snprintf(path, sizeof(path), "%s/chart.gp", dir);
	f = fopen(path, "w");
	if (f == NULL)
		return;
	fprintf(f,
	    "set terminal pngcairo size 1200,640 font 'sans,10'\n"
	    "set output '%s/chart.png'\n"
	    "set title 'Decode time per instruction, median of %u rounds (lower is better)%s'\n"
	    "set style data histograms\n"
	    "set style histogram clustered gap 1\n"
	    "set style fill solid 0.85 border -1\n"
	    "set boxwidth 0.9\n"
	    "set logscale y\n"
	    "set yrange [0.5:*]\n"
	    "set ylabel 'ns per instruction (log scale)'\n"
	    "set grid ytics\n"
	    "set bmargin 4\n"
	    "set key top left\n"
	    "plot '%s/chart.dat' using 2:xtic(1) title 'vie' lc rgb '#2e7d32', "
	    "'' using 3 title 'Zydis 4.0 minimal' lc rgb '#1565c0', "
	    "'' using 4 title 'Zydis 4.0 DecodeFull' lc rgb '#c62828', "
	    "'' using ($0-0.25):2:(sprintf('%%.1f',$2)) with labels offset 0,0.7 notitle, "
	    "'' using ($0):3:(sprintf('%%.1f',$3)) with labels offset 0,0.7 notitle, "
	    "'' using ($0+0.25):4:(sprintf('%%.1f',$4)) with labels offset 0,0.7 notitle\n",
	    dir, r->rounds, r->smoke ? " [SMOKE: not a measurement]" : "", dir);
	fclose(f);
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "gnuplot '%s'", path);
	if (system(cmd) == 0)
		printf("chart: %s/chart.png\n", dir);
	else
		printf("chart: gnuplot failed on %s\n", path);
}
