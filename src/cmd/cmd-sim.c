/*
 * cmd-sim.c - `sim A B`: cosine similarity of two words (or vectors);
 * `sim A B ... ||| X Y ...`: the matrix of cosines between two sets.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "plotopts.h"
#include "query.h"
#include "vecref.h"
#include "xalloc.h"

static const vs_opt sim_opts[] = {
    {"plot", 0, VS_OPT_FLAG, NULL, "sets: draw the matrix as a heatmap with gnuplot"},
    {"out", 0, VS_OPT_STRING, "FILE",
     "sets: write the matrix to FILE: a heatmap if it ends in .png, .svg or .pdf, else TSV"},
    {NULL, 0, 0, NULL, NULL}
};

/* out (n, dim) = the vectors of items[0..n): words or references. */
static int item_vectors(vs_session *s, vs_model *m, char *const *items, size_t n,
                        float *out, vs_result *r, vs_error *err)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (vs_vecref_vector("sim", s, m, items[i], out + i * m->dim, r, err) < 0)
            return -1;
    return 0;
}

/* sim A ||| X: the matrix, rows before "|||", columns after it. */
static int sim_sets(vs_session *s, const vs_args *a, int bar, vs_result *r, vs_error *err)
{
    vs_model *m = vs_session_model(s);
    size_t na = (size_t)bar, nb = (size_t)(a->argc - bar - 1), dim = m->dim;
    float *A, *B, *c;
    int rc;

    if (na == 0 || nb == 0)
        return vs_fail(err, "sim: a set is empty; write sim A B ... ||| X Y ... with words on "
                            "both sides of |||");
    if (vs_plot_request(a, r, err) < 0)
        return -1;
    A = xmallocarray(na * dim + 1, sizeof *A);
    B = xmallocarray(nb * dim + 1, sizeof *B);
    c = xmallocarray(na * nb, sizeof *c);
    rc = item_vectors(s, m, a->argv, na, A, r, err);
    if (rc == 0)
        rc = item_vectors(s, m, a->argv + bar + 1, nb, B, r, err);
    if (rc == 0) {
        vs_cosine_matrix(A, na, B, nb, dim, c);
        vs_result_title(r, "cosine similarity in %s (rows: the words before |||)", m->name);
        vs_result_set_matrix(r, na, nb, (const char *const *)a->argv,
                             (const char *const *)a->argv + bar + 1, c);
        vs_result_matrix_scale(r, "word", "word", "cosine", -1.0, 1.0);
        if (vs_arg_set(a, "out"))
            r->out_path = xstrdup(vs_arg_str(a, "out", NULL));
    }
    free(A);
    free(B);
    free(c);
    return rc;
}

static int exec_sim(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m = vs_session_model(s);
    int i, bar = -1;
    float *v;
    double sim;

    for (i = 0; i < a->argc; i++)
        if (strcmp(a->argv[i], "|||") == 0) {
            if (bar >= 0)
                return vs_fail(err, "sim: '|||' twice; it separates two sets");
            bar = i;
        }
    if (bar >= 0)
        return sim_sets(s, a, bar, r, err);
    if (a->argc != 2)
        return vs_fail(err, "sim: %d words; compare two (sim A B), or two sets "
                            "(sim A B ... ||| X Y ...), or all pairs of a list (simmat)",
                       a->argc);
    if (vs_arg_set(a, "plot") || vs_arg_set(a, "out"))
        return vs_fail(err, "sim: --plot and --out go with two sets (sim A B ... ||| X Y ...)");
    if (a->argv[0][0] != '@' && a->argv[1][0] != '@') {
        /* two words: gensim's similarity */
        if (vs_similarity(m, a->argv[0], a->argv[1], &sim, err) < 0)
            return -1;
    } else {
        v = xmallocarray(2 * m->dim + 1, sizeof *v);
        if (item_vectors(s, m, a->argv, 2, v, r, err) < 0) {
            free(v);
            return -1;
        }
        {
            float c;
            vs_cosine_matrix(v, 1, v + m->dim, 1, m->dim, &c);
            sim = c;
        }
        free(v);
    }
    vs_result_title(r, "cosine(%s, %s)", a->argv[0], a->argv[1]);
    vs_result_set_scalar(r, "cosine", sim);
    return 0;
}

const vs_cmd vs_cmd_sim = {
    .name = "sim",
    .aliases = (const char *const[]){"similarity", "cos", NULL},
    .usage = "sim A B | sim A B ... ||| X Y ... [--plot] [--out FILE]",
    .summary = "cosine similarity of two words, or the matrix of two sets",
    .help = "Prints the cosine of the angle between the vectors of A and B\n"
            "(1 = same direction, 0 = unrelated, -1 = opposite). A or B may be\n"
            "@NAME, a vector kept with 'as NAME', or @FILE, a vector in a file.\n"
            "\n"
            "Two sets separated by ||| give the matrix of their cosines: a row per\n"
            "word before |||, a column per word after it, shown as a heatmap from\n"
            "-1 to 1. --plot draws it with gnuplot; --out FILE writes it (a\n"
            "picture for .png, .svg or .pdf, else TSV: a row's word, then its\n"
            "cosines).",
    .min_args = 2,
    .max_args = -1,
    .opts = sim_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_sim,
};
