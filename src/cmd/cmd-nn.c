/*
 * cmd-nn.c - `nn QUERY`: nearest neighbours by cosine similarity.
 */
#include "config.h"

#include <stdlib.h>

#include "cmd.h"
#include "query.h"
#include "xalloc.h"

static const vs_opt nn_opts[] = {
    {"k", 'k', VS_OPT_INT, "K", "how many neighbours (default 10)"},
    {"restrict", 0, VS_OPT_INT, "N", "search only the first N words"},
    {"exact-scan", 0, VS_OPT_FLAG, NULL, "score every row in f32 (the same answer; "
                                         "for comparison)"},
    {NULL, 0, 0, NULL, NULL}
};

static int exec_nn(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m = vs_session_model(s);
    vs_term *terms = xmallocarray((size_t)a->argc, sizeof *terms);
    size_t nterms, k = vs_arg_at_most(a, "k", 10, m->n), nhits = 0;
    vs_hit *hits;
    int rc;

    if (vs_query_parse(a->argc, a->argv, terms, &nterms, err) < 0) {
        free(terms);
        return vs_fail_prefix(err, "nn");
    }
    hits = xmallocarray(k ? k : 1, sizeof *hits);
    rc = vs_most_similar(m, terms, nterms, k, (size_t)vs_arg_int(a, "restrict", 0),
                         vs_arg_set(a, "exact-scan") ? VS_SCAN_F32 : VS_SCAN_8BIT, hits,
                         &nhits, err);
    if (rc == 0) {
        char *q = vs_join_words(a->argc, a->argv);
        vs_result_title(r, "nearest to %s in %s", q, m->name);
        free(q);
        vs_hits_to_result(m, hits, nhits, r);
    }
    free(hits);
    free(terms);
    return rc;
}

const vs_cmd vs_cmd_nn = {
    .name = "nn",
    .aliases = (const char *const[]){"neighbors", "neighbours", "similar", NULL},
    .usage = "nn QUERY [-k K] [--restrict N] [--exact-scan]",
    .summary = "nearest neighbours of a word, or of WORD + WORD - WORD",
    .help = "Lists the K words whose vectors have the highest cosine similarity to\n"
            "the query. The query is a word, or words joined by ' + ' and ' - '\n"
            "(king - man + woman): their unit vectors are added or subtracted and\n"
            "averaged, as gensim's most_similar(positive, negative) does, and the\n"
            "query's own words are left out of the answer. --restrict N searches\n"
            "only the first N words (the most frequent, in most files).\n"
            "The search reads an 8-bit copy of the unit vectors (a quarter of the\n"
            "bytes), bounds every row's error, and scores in f32 only the rows that\n"
            "could be among the K best: the answer is exactly the f32 one.\n"
            "--exact-scan scores every row in f32 instead (the same answer).",
    .min_args = 1,
    .max_args = -1,
    .opts = nn_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_nn,
};
