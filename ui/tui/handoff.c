/*
 * handoff.c - handing the shown map or attention matrix to the plotter: F9
 * draws it over the whole terminal (sixel through gnuplot where the
 * terminal shows it, else vecscope's characters), and s there writes it
 * into a file named on the command line (.png, .svg, .pdf). A command's
 * own --plot (pca --plot, attn --plot) comes here too.
 *
 * The plotting is src/plot.c's vs_plot_result, shared with the prompt. To
 * draw in the terminal, curses lets go of it (def_prog_mode, endwin), the
 * terminal is put back on the alternate screen that the interface uses
 * (smcup) and cleared, the picture is drawn there, a key is awaited, and the
 * screen comes back (reset_prog_mode, a full redraw). The picture never
 * reaches the normal screen, so nothing of it is left under the prompt
 * when the interface ends.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
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
        ui_message(u, 0, "only a map or an attention matrix can be drawn");
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
    /* back on the alternate screen, cleared (endwin left it) */
    {
        const char *alt = tigetstr("smcup"), *wipe = tigetstr("clear");
        if (alt != NULL && alt != (char *)-1)
            putp(alt);
        if (wipe != NULL && wipe != (char *)-1)
            putp(wipe);
    }
    fflush(stdout);
    rc = vs_plot_result(&u->res, &o, &err);
    if (rc < 0 && o.term == VS_PLOT_SIXEL) {
        /* a terminal that says it shows sixel, but gnuplot cannot make
         * them: the characters instead */
        o.term = VS_PLOT_TEXT;
        vs_error_clear(&err);
        rc = vs_plot_result(&u->res, &o, &err);
    }
    if (rc < 0)
        fprintf(stdout, "error: %s\n", err.msg);
    fputs("[a key goes back to vecscope; s saves the picture to a file]", stdout);
    fflush(stdout);
    reset_prog_mode();  /* cbreak and no echo again: one key is enough */
    c = 0;
    while (read(STDIN_FILENO, &c, 1) < 0 && errno == EINTR && !vs_interrupted)
        ;
    vs_interrupted = 0;
    /* the key's other bytes (an arrow's escape sequence) are not keys */
    tcflush(STDIN_FILENO, TCIFLUSH);
    clear();
    clearok(curscr, TRUE);
    refresh();
    if (rc < 0)
        ui_message(u, 1, "%s", err.msg);
    else
        ui_message(u, 0, "drew the %s", u->res.kind == VS_RESULT_POINTS ? "map" : "matrix");
    if (c == 's' || c == 'S')
        ui_ask(u, UI_ASK_FILE, "plot to file (.png .svg .pdf): ");
}
