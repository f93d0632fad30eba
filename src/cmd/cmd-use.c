/*
 * cmd-use.c - `use NAME`: make an open model the current one.
 */
#include "config.h"

#include <string.h>

#include "cmd.h"

static int exec_use(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    size_t i;

    for (i = 0; i < s->nmodels; i++) {
        if (strcmp(s->models[i]->name, a->argv[0]) == 0) {
            s->cur = (long)i;
            vs_result_note(r, "using %s", s->models[i]->name);
            return 0;
        }
    }
    return vs_fail(err, "use: no open model is called '%s'; 'models' lists them", a->argv[0]);
}

const vs_cmd vs_cmd_use = {
    .name = "use",
    .usage = "use NAME",
    .summary = "make the open model NAME the one queries go to",
    .help = "Switches the current model. 'models' lists the names.",
    .min_args = 1,
    .max_args = 1,
    .exec = exec_use,
};
