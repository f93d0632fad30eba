/*
 * frontend.h - what the terminal front ends (REPL, batch) share: running one
 * line and showing its result, the progress bar, and Ctrl-C.
 */
#ifndef VS_FRONTEND_H
#define VS_FRONTEND_H

#include "cmd/cmd.h"
#include "plot.h"
#include "render.h"
#include "session.h"

/* Installs the SIGINT handler that sets vs_interrupted (and does nothing
 * else), so Ctrl-C cancels the running command instead of the program. */
void vs_frontend_signals(void);

/* A progress reporter drawing a bar on stderr when stderr is a terminal
 * (and doing nothing otherwise). */
extern const vs_progress vs_stderr_progress;

/* Runs one line and renders its result, or its error prefixed by where
 * ("script.vs:3", may be NULL). Returns 0 or -1. Then checks the data
 * stream: when a write to it failed the session is told to quit (s->quit)
 * and vs_frontend_output_status says why. */
int vs_frontend_run(vs_session *s, const char *line, const char *where,
                    enum vs_output out, const vs_render_opts *o);

/* The hook of `record FILE.md` (notebook.h), for every front end: when s
 * is recording, writes line down in its notebook with what it gave (r and
 * mode when rc is 0, else the error errmsg); a comment line becomes a
 * paragraph; the lines of record, quit and tui are left out. When the
 * notebook cannot be written, recording stops and the return is -1 with
 * why in err. */
int vs_frontend_record(vs_session *s, const char *line, int rc, const vs_result *r,
                       enum vs_output mode, const char *errmsg, vs_error *err);

/* Fills in po what the terminal on fd tells of itself for a --plot
 * drawing: its size in characters (less a line for the prompt) and pixels,
 * its colours (none unless color), and how to draw: $VECSCOPE_PLOT (text,
 * sixel or dumb) when set, else sixel when the terminal shows it (asked
 * with a device-attributes query, see termquery.h), else vecscope's own
 * characters. */
void vs_frontend_plot_target(int fd, int color, vs_plot_opts *po);

/* 0: the output took everything; 1: its reader went away (a closed pipe:
 * not an error); 2: a write failed (reported on the message stream). */
extern int vs_frontend_output_status;

/* Whether colour may be used on the stream: a terminal, and NO_COLOR unset
 * or empty. */
int vs_frontend_color(FILE *f);

#endif
