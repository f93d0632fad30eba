/*
 * cmd-align.c - `align MODEL1 MODEL2 [as NAME]`: rotate MODEL2 onto MODEL1
 * by orthogonal Procrustes on their shared words; the rotated copy opens as
 * a model, and the words that moved most are listed with their cosine
 * between MODEL1 and the aligned copy (engine: compare.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "modelpair.h"
#include "xalloc.h"

static const vs_opt align_opts[] = {
    {"top", 0, VS_OPT_INT, "N", "fit on the N most frequent shared words (default: all)"},
    {"show", 0, VS_OPT_INT, "N", "list the N words that moved most (default 20)"},
    {NULL, 0, 0, NULL, NULL}
};

static const vs_alignment *sort_res;

/* Lower cosine first, then the more frequent word. */
static int by_cosine(const void *x, const void *y)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;

    if (sort_res->cosine[i] != sort_res->cosine[j])
        return sort_res->cosine[i] < sort_res->cosine[j] ? -1 : 1;
    return i < j ? -1 : i > j;
}

/* A copy of v (which may be borrowed from a mapping). */
static vs_vocab *copy_vocab(const vs_vocab *v)
{
    vs_vocab *c = vs_vocab_new(v->n);
    size_t i;

    for (i = 0; i < v->n; i++)
        vs_vocab_add(c, vs_vocab_word(v, i), vs_vocab_len(v, i), NULL);
    return c;
}

static int exec_align(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m1, *m2, *m;
    vs_alignment res;
    size_t top, show, i, *order;
    char *name;

    if (a->argc == 3 || (a->argc == 4 && strcmp(a->argv[2], "as") != 0))
        return vs_fail(err, "align: usage: %s", a->cmd->usage);
    if (vs_model_pair(s, a, &m1, &m2, err) < 0 || vs_count_opt(a, "top", 0, 0, &top, err) < 0 ||
        vs_count_opt(a, "show", 20, 0, &show, err) < 0)
        return -1;
    if (vs_align_run(m1, m2, top, s->progress, &res, err) < 0) {
        if (vs_interrupted)
            return vs_fail(err, "align: interrupted by Ctrl-C; nothing was opened");
        return vs_fail_prefix(err, "align");
    }

    /* the aligned copy: MODEL2's words, its rows rotated */
    m = vs_model_new(m2->path, "aligned", copy_vocab(m2->vocab), res.vecs, m2->n, m2->dim);
    res.vecs = NULL;
    name = a->argc == 4 ? xstrdup(a->argv[3]) : xasprintf("%s-aligned", m2->name);
    vs_model_set_name(m, name);
    free(name);

    order = xmallocarray(res.n, sizeof *order);
    for (i = 0; i < res.n; i++)
        order[i] = i;
    sort_res = &res;
    qsort(order, res.n, sizeof *order, by_cosine);
    sort_res = NULL;
    for (i = 0; i < res.n && i < show; i++)
        vs_result_add_ranked(r, vs_vocab_word(m1->vocab, res.rows[order[i]]),
                             res.cosine[order[i]]);
    r->score_name = "cosine";
    free(order);
    vs_result_title(r, "%s rotated onto %s (fitted on %zu shared words): mean cosine %.6f",
                    m2->name, m1->name, res.n, res.mean);
    vs_session_add(s, m);
    vs_result_note(r, "%zu words shared; the words listed moved most (lowest cosine between "
                   "%s and the aligned copy)", res.shared, m1->name);
    vs_result_note(r, "the aligned copy of %s is open as %s, the current model", m2->name,
                   m->name);
    vs_alignment_free(&res);
    return 0;
}

const vs_cmd vs_cmd_align = {
    .name = "align",
    .usage = "align MODEL1 MODEL2 [--top N] [--show N] [as NAME]",
    .summary = "rotate one open model onto another (orthogonal Procrustes)",
    .help = "Finds the rotation R that brings the vectors of MODEL2 closest to those\n"
            "of MODEL1 on the words they share (orthogonal Procrustes on the unit\n"
            "vectors of the N most frequent shared words, --top, default all: with\n"
            "B^T A = U S V^T, R = U V^T), and opens MODEL2's rows times R as a new\n"
            "model (NAME, default MODEL2-aligned), the current one. A rotation keeps\n"
            "MODEL2's cosines, so the copy has its neighbours, now in MODEL1's\n"
            "coordinates. Lists the --show words (default 20) that moved most: the\n"
            "lowest cosine between MODEL1 and the aligned copy. Both models need the\n"
            "same number of dimensions.",
    .min_args = 2,
    .max_args = 4,
    .opts = align_opts,
    .flags = VS_CMD_OWN_AS,
    .exec = exec_align,
};
