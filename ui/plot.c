/*
 * plot.c - handing the map to gnuplot: g draws it in this terminal, G into
 * a file named on the command line (.png, .svg, .pdf).
 *
 * The plotting itself is src/plot.c's vs_plot_result, shared with the
 * command line. To draw in the terminal, curses lets go of it
 * (def_prog_mode, endwin), gnuplot draws, a key is awaited, and the screen
 * comes back (reset_prog_mode, a full redraw). Until src/plot.h is in the
 * tree, the keys say so.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"

#if defined(__has_include)
#if __has_include("../src/plot.h")
#define VS_UI_HAVE_PLOT 1
#include "plot.h"
#endif
#endif

void ui_plot(ui *u, const char *out)
{
#ifdef VS_UI_HAVE_PLOT
    vs_plot_opts o;
    vs_error err;
    int rc;

    if (u->res.kind != VS_RESULT_POINTS) {
        ui_message(u, 0, "only a map can be handed to gnuplot");
        return;
    }
    memset(&o, 0, sizeof o);
    o.out = out;
    o.labels = VS_PLOT_LABELS_AUTO;
    vs_error_clear(&err);
    if (out != NULL) {
        rc = vs_plot_result(&u->res, &o, &err);
        if (rc < 0)
            ui_message(u, 1, "%s", err.msg);
        else
            ui_message(u, 0, "wrote %s", out);
        return;
    }
    def_prog_mode();
    endwin();
    o.cols = 0;
    o.rows = 0;
    rc = vs_plot_result(&u->res, &o, &err);
    if (rc < 0)
        fprintf(stderr, "error: %s\n", err.msg);
    fputs("\n[press a key to go back]", stdout);
    fflush(stdout);
    {
        char c;
        reset_prog_mode();   /* cbreak again: one key is enough */
        if (read(STDIN_FILENO, &c, 1) < 0)
            c = 0;
    }
    clearok(curscr, TRUE);
    refresh();
    if (rc < 0)
        ui_message(u, 1, "%s", err.msg);
#else
    (void)out;
    ui_message(u, 1, "gnuplot plotting is not built in yet");
#endif
}
