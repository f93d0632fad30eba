/*
 * cmd-simmat.c - `simmat WORDS...`: the cosine of every pair of a list of
 * words, as a matrix (a heatmap in the terminal, gnuplot or a file).
 */
#include "config.h"

#include <stdlib.h>

#include "plotopts.h"
#include "query.h"
#include "selection.h"
#include "vecref.h"
#include "xalloc.h"

/* A matrix of n x n cells: 2000 words is 16 MB of cosines, and already far
 * more than a screen or a picture shows. */
#define SIMMAT_MAX 2000

static const vs_opt simmat_opts[] = {
    VS_SELECTION_OPTS,
    {"plot", 0, VS_OPT_FLAG, NULL, "draw the matrix as a heatmap with gnuplot"},
    {"out", 0, VS_OPT_STRING, "FILE",
     "write the matrix to FILE: a heatmap if it ends in .png, .svg or .pdf, else TSV"},
    {NULL, 0, 0, NULL, NULL}
};

static int exec_simmat(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m = vs_session_model(s);
    vs_selection sel;
    float *x = NULL, *c = NULL;
    size_t i;
    int rc = -1;

    if (vs_plot_request(a, r, err) < 0 || vs_select(m, a, &sel, err) < 0)
        return -1;
    if (sel.n > SIMMAT_MAX) {
        vs_fail(err, "simmat: %zu words make a %zu x %zu matrix; at most %d words", sel.n,
                sel.n, sel.n, SIMMAT_MAX);
        goto out;
    }
    /* x (n, dim): the words' vectors; c (n, n) their cosines */
    x = xmallocarray(sel.n * m->dim + 1, sizeof *x);
    for (i = 0; i < sel.n; i++)
        if (vs_vecref_vector("simmat", s, m, sel.words[i], x + i * m->dim, r, err) < 0)
            goto out;
    c = xmallocarray(sel.n * sel.n + 1, sizeof *c);
    vs_cosine_matrix(x, sel.n, x, sel.n, m->dim, c);
    vs_result_title(r, "cosine similarity of %zu words in %s", sel.n, m->name);
    vs_result_set_matrix(r, sel.n, sel.n, (const char *const *)sel.words,
                         (const char *const *)sel.words, c);
    vs_result_matrix_scale(r, "word", "word", "cosine", -1.0, 1.0);
    if (sel.dropped > 0)
        vs_result_note(r, "warning: %zu repeated word%s left out", sel.dropped,
                       sel.dropped == 1 ? "" : "s");
    if (vs_arg_set(a, "out"))
        r->out_path = xstrdup(vs_arg_str(a, "out", NULL));
    rc = 0;
out:
    free(x);
    free(c);
    vs_selection_free(&sel);
    return rc;
}

const vs_cmd vs_cmd_simmat = {
    .name = "simmat",
    .usage = "simmat " VS_SELECTION_USAGE " [--plot] [--out FILE]",
    .summary = "the cosine similarity of every pair of words, as a heatmap",
    .help = "Computes the cosine of every pair of the words and shows the matrix as\n"
            "a heatmap from -1 (light) to 1 (dark), two decimals a cell. The words\n"
            "are listed, or --top N (the first N of the vocabulary), --file F (one\n"
            "a line), or --near WORD -k K (a word and its neighbours); a word may\n"
            "be @NAME or @FILE, a vector (see nn). At most 2000 words. --plot\n"
            "draws it with gnuplot; --out FILE writes it (a picture for .png, .svg\n"
            "or .pdf, else TSV: a row's word, then its cosines).",
    .min_args = 0,
    .max_args = -1,
    .opts = simmat_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_simmat,
};
