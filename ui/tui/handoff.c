/*
 * handoff.c - handing the shown map or attention matrix to the plotter: g
 * draws it over the whole terminal (sixel through gnuplot where the
 * terminal shows it, else vecscope's characters), G into a file named on
 * the command line (.png, .svg, .pdf). A command's own --plot (pca --plot,
 * attn --plot) comes here too.
 *
 * The plotting is src/plot.c's vs_plot_result, shared with the prompt. To
 * draw in the terminal, curses lets go of it (def_prog_mode, endwin),
 * gnuplot draws, a key is awaited, and the screen comes back
 * (reset_prog_mode, a full redraw).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "frontend.h"
#include "plot.h"
#include "ui.h"

void ui_plot(ui *u, const char *out)
{
    vs_plot_opts o;
    vs_error err;
    int rc;
    char c;

    if (u->res.kind != VS_RESULT_POINTS && u->res.kind != VS_RESULT_MATRIX) {
        ui_message(u, 0, "only a map or an attention matrix can be handed to gnuplot");
        return;
    }
    memset(&o, 0, sizeof o);
    o.out = out;
    o.labels = u->res.plot_labels;
    if (out == NULL)
        vs_frontend_plot_target(STDOUT_FILENO, u->colors != 0, &o);
    vs_error_clear(&err);
    if (out != NULL) {
        if (vs_plot_result(&u->res, &o, &err) < 0)
            ui_message(u, 1, "%s", err.msg);
        else
            ui_message(u, 0, "wrote %s", out);
        return;
    }
    def_prog_mode();
    endwin();
    fflush(stdout);
    rc = vs_plot_result(&u->res, &o, &err);
    if (rc < 0)
        fprintf(stdout, "error: %s\n", err.msg);
    fputs("[a key goes back to vecscope]", stdout);
    fflush(stdout);
    reset_prog_mode();  /* cbreak and no echo again: one key is enough */
    while (read(STDIN_FILENO, &c, 1) < 0 && errno == EINTR && !vs_interrupted)
        ;
    vs_interrupted = 0;
    clearok(curscr, TRUE);
    refresh();
    if (rc < 0)
        ui_message(u, 1, "%s", err.msg);
    else
        ui_message(u, 0, "drew the %s", u->res.kind == VS_RESULT_POINTS ? "map" : "matrix");
}

void ui_plot_ask(ui *u)
{
    u->ask_file = 1;
    u->focus = UI_FOCUS_CMD;
    ui_cmdline_clear();
    ui_cmdline_prompt(u);
}
