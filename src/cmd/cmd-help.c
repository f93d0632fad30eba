/*
 * cmd-help.c - `help [CMD]`: the command list, or one command in full.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"

static void help_list(vs_result *r)
{
    const vs_cmd *const *c;

    vs_result_printf(r, "Commands (a unique prefix is enough; 'help CMD' for more):\n\n");
    for (c = vs_cmd_table; *c != NULL; c++)
        vs_result_printf(r, "  %-10s %s\n", (*c)->name, (*c)->summary);
    vs_result_printf(r, "\nEvery command takes --tsv (tab-separated, for scripts) and --json.\n"
                        "Quote words with spaces: nn \"new york\". Ctrl-C cancels a command.\n");
}

static void help_cmd(const vs_cmd *c, vs_result *r)
{
    const char *const *al;
    int i;

    vs_result_printf(r, "usage: %s\n\n%s\n", c->usage, c->help);
    if (c->opts != NULL && c->opts[0].name != NULL) {
        vs_result_printf(r, "\noptions:\n");
        for (i = 0; c->opts[i].name != NULL; i++) {
            char spec[64];
            const vs_opt *o = &c->opts[i];
            if (o->short_name && strlen(o->name) == 1)
                snprintf(spec, sizeof spec, "-%s%s%s", o->name, o->arg_name ? " " : "",
                         o->arg_name ? o->arg_name : "");
            else if (o->short_name)
                snprintf(spec, sizeof spec, "-%c, --%s%s%s", o->short_name, o->name,
                         o->arg_name ? " " : "", o->arg_name ? o->arg_name : "");
            else
                snprintf(spec, sizeof spec, "--%s%s%s", o->name, o->arg_name ? " " : "",
                         o->arg_name ? o->arg_name : "");
            vs_result_printf(r, "  %-26s %s\n", spec, o->help);
        }
    }
    if (c->aliases != NULL && c->aliases[0] != NULL) {
        vs_result_printf(r, "\naliases:");
        for (al = c->aliases; *al != NULL; al++)
            vs_result_printf(r, " %s", *al);
        vs_result_printf(r, "\n");
    }
}

static int exec_help(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_cmd *c;

    if (a->argc == 0) {
        help_list(r);
        return 0;
    }
    c = vs_cmd_lookup(a->argv[0], err);
    if (c == NULL)
        return -1;
    help_cmd(c, r);
    return 0;
}

const vs_cmd vs_cmd_help = {
    .name = "help",
    .aliases = (const char *const[]){"?", NULL},
    .usage = "help [COMMAND]",
    .summary = "list the commands, or explain one",
    .help = "Without an argument, lists every command. With one, shows its usage,\n"
            "options and aliases.",
    .min_args = 0,
    .max_args = 1,
    .complete = "COMMAND",
    .exec = exec_help,
};
