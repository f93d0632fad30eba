/*
 * cmd-sim.c - `sim A B`: cosine similarity of two words.
 */
#include "config.h"

#include "cmd.h"
#include "query.h"

static int exec_sim(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    double sim;

    if (vs_similarity(vs_session_model(s), a->argv[0], a->argv[1], &sim, err) < 0)
        return -1;
    vs_result_title(r, "cosine(%s, %s)", a->argv[0], a->argv[1]);
    vs_result_set_scalar(r, "cosine", sim);
    return 0;
}

const vs_cmd vs_cmd_sim = {
    .name = "sim",
    .aliases = (const char *const[]){"similarity", "cos", NULL},
    .usage = "sim A B",
    .summary = "cosine similarity of two words",
    .help = "Prints the cosine of the angle between the vectors of A and B\n"
            "(1 = same direction, 0 = unrelated, -1 = opposite).",
    .min_args = 2,
    .max_args = 2,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_sim,
};
