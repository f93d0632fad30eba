/*
 * cmd-compare.c - `compare MODEL1 MODEL2 QUERY`: the same neighbours query
 * (a word, or words joined by + and -, as nn takes) in two open models,
 * side by side, the words both lists hold marked.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modelpair.h"
#include "query.h"
#include "vecref.h"
#include "xalloc.h"

static const vs_opt compare_opts[] = {
    {"k", 'k', VS_OPT_INT, "K", "how many neighbours in each model (default 10)"},
    {NULL, 0, 0, NULL, NULL}
};

/* Whether hits[0..n) of m hold word. */
static int in_list(const vs_model *m, const vs_hit *hits, size_t n, const char *word)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(vs_vocab_word(m->vocab, hits[i].id), word) == 0)
            return 1;
    return 0;
}

/* The mark of word from list (m, hits) against the other list: "*" in
 * both, "-" when the other model does not have the word, else "". */
static const char *mark(const vs_model *other, const vs_hit *ohits, size_t on, const char *word)
{
    if (in_list(other, ohits, on, word))
        return "*";
    return vs_model_find(other, word) < 0 ? "-" : "";
}

static int exec_compare(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m[2];
    vs_term *terms = xmallocarray((size_t)a->argc, sizeof *terms);
    vs_hit *hits[2] = {NULL, NULL};
    size_t nterms, k, n[2] = {0, 0}, i, both = 0;
    vs_vecrefs refs = {NULL, 0};
    char *q = NULL;
    int rc = -1, j;

    if (vs_model_pair(s, a, &m[0], &m[1], err) < 0 || vs_count_opt(a, "k", 10, 1, &k, err) < 0)
        goto out;
    for (j = 0; j < 2; j++) {
        size_t kk = k < m[j]->n ? k : m[j]->n;
        /* the query, its @references read against this model */
        if (vs_query_parse(a->argc - 2, a->argv + 2, terms, &nterms, err) < 0) {
            vs_fail_prefix(err, "compare");
            goto out;
        }
        if (vs_vecref_terms("compare", s, m[j], terms, nterms, &refs, r, err) < 0)
            goto out;
        hits[j] = xmallocarray(kk ? kk : 1, sizeof *hits[j]);
        if (vs_most_similar(m[j], terms, nterms, kk, 0, VS_SCAN_8BIT, hits[j], &n[j], err) < 0) {
            vs_fail_prefix(err, "compare: %s", m[j]->name);
            goto out;
        }
    }
    q = vs_join_words(a->argc - 2, a->argv + 2);
    vs_result_title(r, "nearest to %s in %s and %s", q, m[0]->name, m[1]->name);
    vs_result_table(r, 7, "rank", "", m[0]->name, "cosine", "", m[1]->name, "cosine");
    for (i = 0; i < n[0] || i < n[1]; i++) {
        char rank[32], c0[32] = "", c1[32] = "";
        const char *w0 = "", *w1 = "", *k0 = "", *k1 = "";
        snprintf(rank, sizeof rank, "%zu", i + 1);
        if (i < n[0]) {
            w0 = vs_vocab_word(m[0]->vocab, hits[0][i].id);
            snprintf(c0, sizeof c0, "%.6f", hits[0][i].score);
            k0 = mark(m[1], hits[1], n[1], w0);
            both += k0[0] == '*';
        }
        if (i < n[1]) {
            w1 = vs_vocab_word(m[1]->vocab, hits[1][i].id);
            snprintf(c1, sizeof c1, "%.6f", hits[1][i].score);
            k1 = mark(m[0], hits[0], n[0], w1);
        }
        vs_result_row(r, rank, k0, w0, c0, k1, w1, c1);
    }
    vs_result_note(r, "%zu of the %zu neighbours are in both lists (*); - : the other model "
                   "does not have the word", both, n[0]);
    rc = 0;
out:
    free(q);
    free(hits[0]);
    free(hits[1]);
    free(terms);
    vs_vecrefs_free(&refs);
    return rc;
}

const vs_cmd vs_cmd_compare = {
    .name = "compare",
    .usage = "compare MODEL1 MODEL2 QUERY [-k K]",
    .summary = "the same neighbours query in two open models, side by side",
    .help = "Runs the nn query QUERY (a word, or words joined by ' + ' and ' - ') in\n"
            "the open models MODEL1 and MODEL2, each over its whole vocabulary, and\n"
            "shows the two lists side by side: * marks a word that is in both\n"
            "lists, - a word the other model does not have. The note counts the\n"
            "neighbours the lists share. A term may be a kept vector (@NAME) or a\n"
            "vector file (@FILE), as nn takes it: it must fit both models.",
    .min_args = 3,
    .max_args = -1,
    .opts = compare_opts,
    .flags = 0,
    .exec = exec_compare,
};
