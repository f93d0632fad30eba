/*
 * cmd-overlap.c - `overlap MODEL1 MODEL2`: how much the neighbourhoods of
 * two open models agree: the mean Jaccard index of each shared word's k
 * nearest neighbours in the two, over the most frequent shared words, and
 * the words whose neighbourhoods differ most (engine: compare.h).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "compare.h"
#include "modelpair.h"
#include "xalloc.h"

static const vs_opt overlap_opts[] = {
    {"top", 0, VS_OPT_INT, "N", "compare the N most frequent shared words (default 10000; 0 = all)"},
    {"k", 'k', VS_OPT_INT, "K", "neighbours of each word (default 10)"},
    {"show", 0, VS_OPT_INT, "N",
     "list the N words whose neighbourhoods differ most (default 20; 0: the mean alone)"},
    {NULL, 0, 0, NULL, NULL}
};

static const vs_overlap *sort_res;

/* Lower Jaccard first, then the more frequent word. */
static int by_jaccard(const void *x, const void *y)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;

    if (sort_res->jaccard[i] != sort_res->jaccard[j])
        return sort_res->jaccard[i] < sort_res->jaccard[j] ? -1 : 1;
    return i < j ? -1 : i > j;
}

static int exec_overlap(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m1, *m2;
    vs_overlap res;
    size_t top, k, show, i, *order;

    if (vs_model_pair(s, a, &m1, &m2, err) < 0 ||
        vs_count_opt(a, "top", 10000, 0, &top, err) < 0 ||
        vs_count_opt(a, "k", 10, 1, &k, err) < 0 ||
        vs_count_opt(a, "show", 20, 0, &show, err) < 0)
        return -1;
    if (vs_overlap_run(m1, m2, top, k, s->threads, s->progress, &res, err) < 0) {
        if (vs_interrupted)
            return vs_fail(err, "overlap: interrupted by Ctrl-C");
        return vs_fail_prefix(err, "overlap");
    }
    if (show == 0) {
        vs_result_set_scalar(r, "mean jaccard", res.mean);
    } else {
        order = xmallocarray(res.n ? res.n : 1, sizeof *order);
        for (i = 0; i < res.n; i++)
            order[i] = i;
        sort_res = &res;
        qsort(order, res.n, sizeof *order, by_jaccard);
        sort_res = NULL;
        for (i = 0; i < res.n && i < show; i++)
            vs_result_add_ranked(r, vs_vocab_word(m1->vocab, res.rows[order[i]]),
                                 res.jaccard[order[i]]);
        r->score_name = "jaccard";
        free(order);
    }
    vs_result_title(r, "neighbourhood overlap of %s and %s: mean Jaccard %.6f over %zu words "
                    "(k = %zu)", m1->name, m2->name, res.mean, res.n, res.k);
    vs_result_note(r, "%zu words shared; each word's %zu nearest among them in each model; "
                   "the words listed have the least overlap", res.shared, res.k);
    if (res.zero > 0)
        vs_result_note(r, "%zu of the most frequent shared words left out: a zero vector in "
                       "one model", res.zero);
    vs_overlap_free(&res);
    return 0;
}

const vs_cmd vs_cmd_overlap = {
    .name = "overlap",
    .usage = "overlap MODEL1 MODEL2 [--top N] [-k K] [--show N]",
    .summary = "how much the neighbourhoods of two open models agree (mean Jaccard)",
    .help = "For each of the N most frequent words that the open models MODEL1 and\n"
            "MODEL2 share (in MODEL1's order; --top, default 10000, 0 = all), its\n"
            "K nearest neighbours by cosine in each model (-k, default 10), searched\n"
            "among the shared words, and the Jaccard index of the two sets (the\n"
            "words in both over the words in either). Prints the mean in the title\n"
            "and lists the --show words (default 20) whose neighbourhoods differ most,\n"
            "least overlap first; --show 0 gives the mean alone. The searches are a\n"
            "batched k-NN: matrix products over blocks of words, not one pass over\n"
            "the matrix per word. Ctrl-C stops it.",
    .min_args = 2,
    .max_args = 2,
    .opts = overlap_opts,
    .flags = 0,
    .exec = exec_overlap,
};
