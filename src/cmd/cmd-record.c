/*
 * cmd-record.c - `record FILE.md`: write down every command that follows,
 * its result and its pictures, in a Markdown notebook, until `record stop`.
 *
 * The command only starts and stops the notebook (notebook.h); the front
 * ends (ui/frontend.c, the TUI) hand it each line they run.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "notebook.h"
#include "xalloc.h"

/* "load PATH as NAME" for model m, the path in double quotes. */
static char *load_line(const vs_model *m)
{
    size_t len = strlen(m->path), i, k = 0;
    char *q = xmalloc(2 * len + 1), *line;

    for (i = 0; i < len; i++) {
        if (m->path[i] == '"' || m->path[i] == '\\')
            q[k++] = '\\';
        q[k++] = m->path[i];
    }
    q[k] = '\0';
    line = xasprintf("load \"%s\" as %s", q, m->name);
    free(q);
    return line;
}

/* The notebook's first block: load the models open now, and use the
 * current one, so that a replay starts where this recording does. */
static int setup(vs_session *s, vs_notebook *nb, vs_error *err)
{
    char **lines = xmallocarray(s->nmodels + 1, sizeof *lines);
    size_t i, n = 0;
    int rc;

    for (i = 0; i < s->nmodels; i++)
        lines[n++] = load_line(s->models[i]);
    if (s->cur >= 0 && (size_t)s->cur + 1 < s->nmodels)
        lines[n++] = xasprintf("use %s", s->models[s->cur]->name);
    rc = vs_notebook_setup(nb, lines, n, err);
    vs_argv_free((int)n, lines);
    return rc;
}

static int exec_record(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_notebook *nb = vs_notebook_of(s);

    if (a->argc == 0) {
        if (nb == NULL)
            vs_result_note(r, "not recording; 'record FILE.md' starts");
        else
            vs_result_note(r, "recording to %s: %zu command%s so far; 'record stop' ends it",
                           vs_notebook_path(nb), vs_notebook_count(nb),
                           vs_notebook_count(nb) == 1 ? "" : "s");
        return 0;
    }
    if (strcmp(a->argv[0], "stop") == 0) {
        if (nb == NULL)
            return vs_fail(err, "record: not recording; 'record FILE.md' starts");
        vs_result_note(r, "stopped recording: %zu command%s in %s", vs_notebook_count(nb),
                       vs_notebook_count(nb) == 1 ? "" : "s", vs_notebook_path(nb));
        vs_notebook_detach(s);
        return 0;
    }
    if (nb != NULL)
        return vs_fail(err, "record: recording to %s already; 'record stop' first",
                       vs_notebook_path(nb));
    if (vs_notebook_open(a->argv[0], &nb, err) < 0 || setup(s, nb, err) < 0) {
        vs_notebook_free(nb);
        return vs_fail_prefix(err, "record");
    }
    vs_notebook_attach(s, nb);
    vs_result_note(r, "recording to %s: every command, its result and its pictures, until "
                      "'record stop'", a->argv[0]);
    return 0;
}

const vs_cmd vs_cmd_record = {
    .name = "record",
    .usage = "record FILE.md | record stop | record",
    .summary = "write the session down as a Markdown notebook, to replay it later",
    .help = "Starts writing every command that follows, its result as the terminal\n"
            "shows it, and its pictures (--plot, as PNG files beside the notebook:\n"
            "FILE-1.png, ...) into FILE.md, until 'record stop'. A line typed as a\n"
            "comment (# text) goes in as a paragraph; ## starts a heading. A\n"
            "command that fails is written down with its error. The file is\n"
            "written again after every command, so it is whole at every moment.\n"
            "'record' alone says whether a notebook is being written.\n"
            "\n"
            "'vecscope --replay FILE.md' runs the notebook's commands again, in\n"
            "order: a demo prepared once and shown many times. The notebook starts\n"
            "by loading the models that were open when recording began (their\n"
            "paths as given then: replay from the same folder). Commands go in\n"
            "```vecscope blocks, which may be edited by hand like the rest; a\n"
            "failure stops the replay, unless it was recorded (```vecscope fails).",
    .min_args = 0,
    .max_args = 1,
    .complete = "FILE",
    .flags = 0,
    .exec = exec_record,
};
