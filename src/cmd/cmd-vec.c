/*
 * cmd-vec.c - `vec WORD`: a word's vector.
 */
#include "config.h"

#include <stdlib.h>

#include "cmd.h"
#include "query.h"
#include "xalloc.h"

static int exec_vec(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m = vs_session_model(s);
    float *v = xmallocarray(m->dim ? m->dim : 1, sizeof *v);
    long id;
    int rc = vs_word_vector(m, a->argv[0], v, &id, err);

    if (rc == 0) {
        vs_result_title(r, "%s%s (%zu dimensions)", a->argv[0],
                        id < 0 ? ", built from subwords" : "", m->dim);
        vs_result_set_vector(r, a->argv[0], v, m->dim);
    }
    free(v);
    return rc;
}

const vs_cmd vs_cmd_vec = {
    .name = "vec",
    .aliases = (const char *const[]){"vector", NULL},
    .usage = "vec WORD",
    .summary = "print the vector of a word",
    .help = "Prints the word's vector. With --tsv: one line of numbers written with\n"
            "9 significant digits, which read back as the same float32 values.",
    .min_args = 1,
    .max_args = 1,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_vec,
};
