/*
 * cmd-odd.c - `odd W1 W2 ...`: the word that does not belong.
 */
#include "config.h"

#include <stdlib.h>

#include "cmd.h"
#include "query.h"
#include "xalloc.h"

static int exec_odd(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    size_t n = (size_t)a->argc, i;
    size_t *order = xmallocarray(n, sizeof *order);
    float *cos = xmallocarray(n, sizeof *cos);
    int rc = vs_doesnt_match(vs_session_model(s), a->argv, n, order, cos, err);

    if (rc == 0) {
        vs_result_title(r, "odd one out: %s (cosine to the mean, lowest first)",
                        a->argv[order[0]]);
        r->kind = VS_RESULT_RANKED;
        r->score_name = "cosine to mean";
        for (i = 0; i < n; i++)
            vs_result_add_ranked(r, a->argv[order[i]], cos[i]);
    }
    free(order);
    free(cos);
    return rc;
}

const vs_cmd vs_cmd_odd = {
    .name = "odd",
    .aliases = (const char *const[]){"doesnt-match", "odd-one-out", NULL},
    .usage = "odd W1 W2 W3 ...",
    .summary = "which word does not belong with the others",
    .help = "Averages the unit vectors of the words and lists each word with its\n"
            "cosine to that mean, lowest first: the first is the odd one out, as\n"
            "gensim's doesnt_match answers.",
    .min_args = 2,
    .max_args = -1,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_odd,
};
