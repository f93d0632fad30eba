/*
 * cmd-models.c - `models`: list the open models.
 */
#include "config.h"

#include <stdio.h>

#include "cmd.h"

static int exec_models(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    size_t i;

    if (s->nmodels == 0) {
        vs_result_note(r, "no model is open; open one with 'load PATH'");
        return 0;
    }
    vs_result_table(r, 6, "", "name", "words", "dim", "format", "file");
    for (i = 0; i < s->nmodels; i++) {
        const vs_model *m = s->models[i];
        char words[32], dim[32];
        snprintf(words, sizeof words, "%zu", m->n);
        snprintf(dim, sizeof dim, "%zu", m->dim);
        vs_result_row(r, (long)i == s->cur ? "*" : "", m->name, words, dim, m->format, m->path);
    }
    return 0;
}

const vs_cmd vs_cmd_models = {
    .name = "models",
    .aliases = (const char *const[]){"ls", NULL},
    .usage = "models",
    .summary = "list the open models (* marks the one in use)",
    .help = "Lists every open model with its size, format and file. The model in\n"
            "use, which queries go to, is marked with *; 'use NAME' changes it.",
    .min_args = 0,
    .max_args = 0,
    .complete = "-",
    .exec = exec_models,
};
