/*
 * cmd-close.c - `close [NAME]`: close a model and free its memory.
 */
#include "config.h"

#include <stdlib.h>

#include "cmd.h"
#include "xalloc.h"

static int exec_close(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = a->argc ? vs_session_lookup(s, "close", a->argv[0], err)
                                : vs_session_model(s);
    char *name;

    if (m == NULL)
        return a->argc ? -1 : vs_fail(err, "close: no model is open");
    name = xstrdup(m->name);
    vs_session_close(s, name);
    vs_result_note(r, "closed %s", name);
    free(name);
    return 0;
}

const vs_cmd vs_cmd_close = {
    .name = "close",
    .usage = "close [NAME]",
    .summary = "close a model (the current one by default)",
    .help = "Closes the model NAME (a unique prefix is enough), or the current\n"
            "model, and frees its memory.",
    .min_args = 0,
    .max_args = 1,
    .complete = "MODEL",
    .exec = exec_close,
};
