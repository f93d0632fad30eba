/*
 * cmd-quit.c - `quit`: leave the REPL.
 */
#include "config.h"

#include "cmd.h"

static int exec_quit(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    s->quit = 1;
    return 0;
}

const vs_cmd vs_cmd_quit = {
    .name = "quit",
    .aliases = (const char *const[]){"exit", "q", NULL},
    .usage = "quit",
    .summary = "leave vecscope (Ctrl-D does the same)",
    .help = "Leaves vecscope. In a script, stops the script with success.",
    .min_args = 0,
    .max_args = 0,
    .complete = "-",
    .exec = exec_quit,
};
