/*
 * cmd-plugins.c - `plugins`: the projection plugins found, and the files that
 * were refused (wrong ABI, not loadable) with the reason.
 */
#include "config.h"

#include "cmd.h"
#include "plugin.h"

static int exec_plugins(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    size_t n, np, i;
    const char *const *probs;
    const vs_plugin *p = vs_plugins(&n, &probs, &np);

    (void)s;
    (void)a;
    (void)err;
    vs_result_title(r, "plugins (ABI %d)", VS_PLUGIN_ABI);
    vs_result_table(r, 3, "name", "file", "help");
    for (i = 0; i < n; i++)
        vs_result_row(r, p[i].proj->name, p[i].file,
                      p[i].proj->help ? p[i].proj->help : "");
    for (i = 0; i < np; i++)
        vs_result_note(r, "warning: %s", probs[i]);
    return 0;
}

const vs_cmd vs_cmd_plugins = {
    .name = "plugins",
    .aliases = NULL,
    .usage = "plugins",
    .summary = "list the projection plugins loaded (pca, ...)",
    .help = "Lists each projection plugin found: its name, its file and what it\n"
            "does. Plugins are searched in the build tree when vecscope runs from\n"
            "it, then in each folder of $VECSCOPE_PLUGIN_PATH, then in the\n"
            "installed plugin folder; never in the current directory. A plugin\n"
            "built for another plugin ABI is refused with a warning.",
    .min_args = 0,
    .max_args = 0,
    .flags = 0,
    .complete = "-",
    .exec = exec_plugins,
};
