/*
 * cmd-info.c - `info [NAME]`: what a model is.
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "qscan.h"

/* "1.5 GiB"-style size. */
static void human_size(double bytes, char *buf, size_t size)
{
    const char *unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;

    while (bytes >= 1024.0 && u < 4) {
        bytes /= 1024.0;
        u++;
    }
    snprintf(buf, size, u == 0 ? "%.0f %s" : "%.1f %s", bytes, unit[u]);
}

static int exec_info(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = a->argc ? vs_session_lookup(s, "info", a->argv[0], err)
                                : vs_session_model(s);
    char buf[64];

    if (m == NULL)
        return a->argc ? -1 : vs_fail(err, "info: no model is open; open one with 'load PATH'");
    vs_result_table(r, 2, "field", "value");
    vs_result_row(r, "name", m->name);
    vs_result_row(r, "file", m->path);
    vs_result_row(r, "format", m->format);
    snprintf(buf, sizeof buf, "%zu", m->n);
    vs_result_row(r, "words", buf);
    snprintf(buf, sizeof buf, "%zu", m->dim);
    vs_result_row(r, "dimension", buf);
    human_size((double)m->file_size, buf, sizeof buf);
    vs_result_row(r, "file size", buf);
    human_size((double)vs_model_memory(m), buf, sizeof buf);
    vs_result_row(r, "memory", buf);
    vs_result_row(r, "storage", m->map != NULL ? "mapped from the file" : "in memory");
    snprintf(buf, sizeof buf, "%zu", m->duplicates);
    vs_result_row(r, "duplicates skipped", buf);
    if (m->bad_utf8 > 0) {
        snprintf(buf, sizeof buf, "%zu", m->bad_utf8);
        vs_result_row(r, "words with bad UTF-8", buf);
    }
    vs_result_row(r, "unknown words", m->oov_vector ? "vectors from subwords" : "an error");
    vs_result_row(r, "neighbour search",
                  m->qindex == NULL        ? "exact, through an 8-bit copy built at the first query"
                  : m->qindex_memory == 0 ? "exact, through the 8-bit copy in the cache"
                                          : "exact, through an 8-bit copy");
    vs_result_row(r, "scan instructions", vs_qscan_isa());
    if (m->describe != NULL)  /* fastText's minn/maxn/bucket, BERT's layers/heads */
        m->describe(m, r);
    return 0;
}

const vs_cmd vs_cmd_info = {
    .name = "info",
    .usage = "info [NAME]",
    .summary = "show words, dimension, format, file and memory of a model",
    .help = "Describes the current model, or the open model NAME.",
    .min_args = 0,
    .max_args = 1,
    .complete = "MODEL",
    .exec = exec_info,
};
