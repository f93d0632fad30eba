/*
 * cmd-tui.c - `tui`: open the full-screen interface from the prompt.
 *
 * The library does not draw, so the command only asks: it sets the session's
 * open_tui and the prompt (repl.c) opens the interface (ui/) when the command
 * is over.
 */
#include "config.h"

#include "cmd.h"

static int exec_tui(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    if (s->in_tui) {
        vs_result_note(r, "this is the full-screen interface already; F1 or ? lists its keys");
        return 0;
    }
    if (!s->interactive)
        return vs_fail(err, "tui: the full-screen interface needs a terminal; type 'tui' "
                            "at the prompt or run 'vecscope --tui'");
    s->open_tui = 1;
    return 0;
}

const vs_cmd vs_cmd_tui = {
    .name = "tui",
    .usage = "tui",
    .summary = "open the full-screen interface (views of neighbours, attention, maps)",
    .help = "Opens the full-screen interface: a command line at the bottom where\n"
            "every command works (with history and Tab completion), a results pane,\n"
            "a pane listing the open models, and a status line. Results are drawn\n"
            "as views: neighbours with a bar per row (Enter follows a word,\n"
            "Backspace goes back, m switches an analogy between 3CosAdd and\n"
            "3CosMul), attention heatmaps (arrows: heads and layers; o: every head),\n"
            "maps drawn with Braille dots (arrows pan, + and - zoom, g hands the\n"
            "map to gnuplot), and the text of any other command.\n"
            "\n"
            "Keys: Tab (outside the command line) and F2/F3/F4 move between the\n"
            "command line, the results and the models; Esc leaves the command line\n"
            "for the results; F1 or ? shows every key; F5 opens the analogy form.\n"
            "Ctrl-C cancels a running command, or clears the command line. 'quit',\n"
            "Ctrl-D on an empty line or F10 leave; started from the prompt, they\n"
            "return to it. Also 'vecscope --tui [MODEL...]'.",
    .min_args = 0,
    .max_args = 0,
    .complete = "-",
    .exec = exec_tui,
};
