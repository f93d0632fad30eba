/*
 * cmd-save.c - `save PATH`: write the current model as a vecscope cache.
 */
#include "config.h"

#include "cmd.h"
#include "format/format.h"

static int exec_save(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m = vs_session_model(s);

    if (m->kind == VS_MODEL_ENCODER)
        return vs_fail(err, "save: save writes word-vector caches; a BERT folder is "
                            "already its own format");
    if (vs_cache_save(m, a->argv[0], s->progress, err) < 0)
        return -1;
    vs_result_note(r, "saved %s to %s; 'load %s' opens it in milliseconds", m->name,
                   a->argv[0], a->argv[0]);
    return 0;
}

const vs_cmd vs_cmd_save = {
    .name = "save",
    .usage = "save PATH",
    .summary = "write the current model as a vecscope cache (opens instantly)",
    .help = "Writes the current model in vecscope's own cache format, which 'load'\n"
            "opens by mapping the file: no parsing, so a 400,000-word model opens\n"
            "in milliseconds. The file is written under a temporary name and\n"
            "renamed, so an interrupted save never leaves a half file.",
    .min_args = 1,
    .max_args = 1,
    .flags = VS_CMD_NEEDS_MODEL,
    .complete = "FILE",
    .exec = exec_save,
};
