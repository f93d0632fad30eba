/*
 * cmd-use.c - `use NAME`: make an open model the current one.
 */
#include "config.h"

#include "cmd.h"

static int exec_use(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_lookup(s, "use", a->argv[0], err);
    size_t i;

    for (i = 0; m != NULL && i < s->nmodels; i++)
        if (s->models[i] == m) {
            s->cur = (long)i;
            vs_result_note(r, "using %s", m->name);
            return 0;
        }
    return -1;
}

const vs_cmd vs_cmd_use = {
    .name = "use",
    .usage = "use NAME",
    .summary = "make the open model NAME the one queries go to",
    .help = "Switches the current model. 'models' lists the names; a unique\n"
            "prefix of a name is enough.",
    .min_args = 1,
    .max_args = 1,
    .complete = "MODEL",
    .exec = exec_use,
};
