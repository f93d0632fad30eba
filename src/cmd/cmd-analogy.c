/*
 * cmd-analogy.c - `analogy A B C`: A is to B as C is to what?
 */
#include "config.h"

#include <stdlib.h>

#include "cmd.h"
#include "query.h"
#include "xalloc.h"

static const vs_opt analogy_opts[] = {
    {"k", 'k', VS_OPT_INT, "K", "how many answers (default 10)"},
    {"mul", 0, VS_OPT_FLAG, NULL, "3CosMul (Levy & Goldberg) instead of 3CosAdd"},
    {"restrict", 0, VS_OPT_INT, "N", "search only the first N words"},
    {"exact-scan", 0, VS_OPT_FLAG, NULL, "score every row in f32 (the same answer; "
                                         "for comparison)"},
    {NULL, 0, 0, NULL, NULL}
};

static int exec_analogy(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m = vs_session_model(s);
    /* b - a + c: positive B and C, negative A, as gensim's argument order */
    vs_term terms[3] = {
        {a->argv[1], 1.0f, NULL}, {a->argv[2], 1.0f, NULL}, {a->argv[0], -1.0f, NULL}
    };
    size_t k = vs_arg_at_most(a, "k", 10, m->n), nhits = 0;
    size_t limit = (size_t)vs_arg_int(a, "restrict", 0);
    int mul = vs_arg_set(a, "mul"), rc;
    vs_hit *hits = xmallocarray(k ? k : 1, sizeof *hits);
    enum vs_scan scan = vs_arg_set(a, "exact-scan") ? VS_SCAN_F32 : VS_SCAN_8BIT;

    rc = mul ? vs_most_similar_cosmul(m, terms, 3, k, limit, scan, hits, &nhits, err)
             : vs_most_similar(m, terms, 3, k, limit, scan, hits, &nhits, err);
    if (rc == 0) {
        vs_result_title(r, "%s is to %s as %s is to ... (%s, %s)", a->argv[0], a->argv[1],
                        a->argv[2], mul ? "3CosMul" : "3CosAdd", m->name);
        vs_hits_to_result(m, hits, nhits, r);
        r->score_name = mul ? "score" : "cosine";
    }
    free(hits);
    return rc;
}

const vs_cmd vs_cmd_analogy = {
    .name = "analogy",
    .aliases = (const char *const[]){"an", NULL},
    .usage = "analogy A B C [-k K] [--mul] [--restrict N] [--exact-scan]",
    .summary = "A is to B as C is to ?  (3CosAdd, or 3CosMul with --mul)",
    .help = "Answers the analogy A : B :: C : ?. By default 3CosAdd: the words\n"
            "nearest to B - A + C, as gensim most_similar(positive=[B, C],\n"
            "negative=[A]). With --mul, 3CosMul (Levy & Goldberg 2014), as gensim\n"
            "most_similar_cosmul: cosines are shifted to [0, 1] and the score is\n"
            "cos(x, B) cos(x, C) / (cos(x, A) + 1e-6). A, B and C are left out.\n"
            "The search goes through an 8-bit copy of the vectors with proven error\n"
            "bounds, as nn's does; --exact-scan scores every row in f32 (the same\n"
            "answer). Example: analogy man king woman",
    .min_args = 3,
    .max_args = 3,
    .opts = analogy_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_analogy,
};
