/*
 * cmd-nn.c - `nn QUERY`: nearest neighbours by cosine similarity.
 */
#include "config.h"

#include <stdlib.h>

#include "cmd.h"
#include "query.h"
#include "vecref.h"
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
    vs_vecrefs refs = {NULL, 0};
    vs_hit *hits;
    int rc;

    if (vs_query_parse(a->argc, a->argv, terms, &nterms, err) < 0) {
        free(terms);
        return vs_fail_prefix(err, "nn");
    }
    if (vs_vecref_terms("nn", s, m, terms, nterms, &refs, r, err) < 0) {
        vs_vecrefs_free(&refs);
        free(terms);
        return -1;
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
    vs_vecrefs_free(&refs);
    return rc;
}

const vs_cmd vs_cmd_nn = {
    .name = "nn",
    .aliases = (const char *const[]){"neighbors", "neighbours", "similar", NULL},
    .usage = "nn QUERY [-k K] [--restrict N] [--exact-scan]",
    .summary = "nearest neighbours of a word, of WORD + WORD - WORD, or of a vector",
    .help = "Lists the K words whose vectors have the highest cosine similarity to\n"
            "the query. The query is a word, or words joined by ' + ' and ' - '\n"
            "(king - man + woman): their unit vectors are added or subtracted and\n"
            "averaged, as gensim's most_similar(positive, negative) does, and the\n"
            "query's own words are left out of the answer. --restrict N searches\n"
            "only the first N words (the most frequent, in most files).\n"
            "The search reads an 8-bit copy of the unit vectors (a quarter of the\n"
            "bytes), bounds every row's error, and scores in f32 only the rows that\n"
            "could be among the K best: the answer is exactly the f32 one.\n"
            "--exact-scan scores every row in f32 instead (the same answer).\n"
            "\n"
            "A term may be a vector instead of a word: @NAME, a vector kept with\n"
            "'COMMAND ... as NAME' (ctx bank \"the river bank\" as v; nn @v), or\n"
            "@FILE, a file name with a '.' or '/' in it holding one line of numbers\n"
            "(what vec --tsv prints). A vector enters as it is, not made unit, as a\n"
            "numpy array does in gensim's most_similar, and leaves no word out of\n"
            "the answer. It must have as many numbers as the model has dimensions.",
    .min_args = 1,
    .max_args = -1,
    .opts = nn_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_nn,
};
