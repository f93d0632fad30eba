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
            "a pane listing the open models, and a status line of the keys that\n"
            "work. Typing anywhere goes to the command line. Results are drawn as\n"
            "views: neighbours with a bar per row (arrows select, Enter follows a\n"
            "word, Backspace goes back to the row left, F6 switches an analogy\n"
            "between 3CosAdd and 3CosMul); attention as a heatmap that scrolls both\n"
            "ways (arrows select a query and a key, [ ] the head, < > the layer),\n"
            "as bertviz's head view or as every head of a layer (F7), by the square\n"
            "root of the weight or the weight (F8); maps in Braille dots (arrows\n"
            "select a point, Enter lists its neighbours, / searches with a regular\n"
            "expression, + - * 0 zoom, F7 colours by groups or clusters, F8 by\n"
            "k-means); and the text of any other command, its cut lines marked.\n"
            "F9 hands a map or a head to gnuplot.\n"
            "\n"
            "Keys: Tab (outside the command line) and F2/F3/F4 move between the\n"
            "command line, the results and the models; Esc leaves the command line\n"
            "for the results; F1 or ? shows every key; F5 opens the analogy form.\n"
            "Alt-1 .. Alt-0 stand for F1 .. F10. Ctrl-C cancels a running command,\n"
            "or clears the command line. 'quit', Ctrl-D on an empty line, Ctrl-Q\n"
            "or F10 leave; started from the prompt, they return to it. Also\n"
            "'vecscope --tui [MODEL...]'.",
    .min_args = 0,
    .max_args = 0,
    .complete = "-",
    .exec = exec_tui,
};
