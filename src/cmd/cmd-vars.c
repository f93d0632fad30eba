/*
 * cmd-vars.c - `vars`: the vectors kept with `as NAME`, and dropping one.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "vecref.h"

static const vs_opt vars_opts[] = {
    {"drop", 0, VS_OPT_STRINGS, "NAME", "forget the vector kept as NAME (repeatable)"},
    {NULL, 0, 0, NULL, NULL}
};

static int exec_vars(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    int k, ndrop = vs_arg_count(a, "drop");
    size_t i;

    for (k = 0; k < ndrop; k++) {
        const char *name = vs_arg_nth(a, "drop", k);
        if (name[0] == '@')
            name++;
        if (vs_session_item_drop(s, VS_VECTOR_KIND, name) < 0)
            return vs_fail(err, "vars: nothing is kept as '%s'; 'vars' lists what is", name);
        vs_result_note(r, "dropped @%s", name);
    }
    if (ndrop > 0)
        return 0;
    for (i = 0; i < s->nitems; i++)
        if (strcmp(s->items[i].kind, VS_VECTOR_KIND) == 0)
            break;
    if (i == s->nitems) {
        vs_result_note(r, "no vector is kept; 'COMMAND ... as NAME' keeps one (vec, embed, ctx)");
        return 0;
    }
    vs_result_table(r, 4, "name", "dims", "model", "made by");
    for (i = 0; i < s->nitems; i++) {
        const vs_session_item *it = &s->items[i];
        const vs_kept_vector *v = it->obj;
        char name[80], dims[32];
        if (strcmp(it->kind, VS_VECTOR_KIND) != 0)
            continue;
        snprintf(name, sizeof name, "@%s", it->name);
        snprintf(dims, sizeof dims, "%zu", v->dim);
        vs_result_row(r, name, dims, v->model, v->source);
    }
    return 0;
}

const vs_cmd vs_cmd_vars = {
    .name = "vars",
    .aliases = (const char *const[]){"kept", "results", NULL},
    .usage = "vars [--drop NAME]",
    .summary = "the vectors kept with 'as NAME', for @NAME in nn, sim, simmat and vec",
    .help = "Lists the vectors kept in this session: a line that ends in 'as NAME'\n"
            "keeps the vector its command gives (vec king - man + woman as q;\n"
            "embed a sentence as s; ctx bank \"the river bank\" as v), and @NAME\n"
            "stands for it in nn, sim, simmat and vec. Each row says how many\n"
            "numbers it has, the model in use when it was made, and the command\n"
            "that made it. --drop NAME forgets one. Keeping under a name that is\n"
            "kept already replaces the vector.",
    .min_args = 0,
    .max_args = 0,
    .complete = "-",
    .opts = vars_opts,
    .flags = 0,
    .exec = exec_vars,
};
