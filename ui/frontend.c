/*
 * frontend.c - see frontend.h.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "filemap.h"
#include "frontend.h"
#include "notebook.h"
#include "plot.h"
#include "termquery.h"
#include "utf8.h"

static void on_sigint(int sig)
{
    (void)sig;
    vs_interrupted = 1;
}

void vs_frontend_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  /* no SA_RESTART: a blocking read returns EINTR */
    sigaction(SIGINT, &sa, NULL);
    /* a closed pipe is seen as EPIPE by the writer (check_output), not as
     * a signal that kills the session */
    signal(SIGPIPE, SIG_IGN);
    /* a mapped model file that shrinks gives zeros and an error, not death */
    vs_filemap_catch_sigbus();
}

/* The bar: "what [#######.......]  45%", redrawn only when the percentage
 * changes, and erased when the work is over. */
struct bar_state {
    int shown;
    int last;
};

static struct bar_state bar;

static void draw_bar(void *ud, const char *what, double fraction)
{
    int pct, i, fill;
    char *label;

    (void)ud;
    if (!isatty(STDERR_FILENO))
        return;
    if (fraction < 0) {
        if (bar.shown)
            fputs("\r\033[K", stderr);
        bar.shown = 0;
        bar.last = -1;
        return;
    }
    pct = (int)(fraction * 100.0);
    if (pct > 100)
        pct = 100;
    if (bar.shown && pct == bar.last)
        return;
    fill = pct * 30 / 100;
    label = vs_escape(what, strlen(what));
    fprintf(stderr, "\r\033[K%.50s [", label);
    for (i = 0; i < 30; i++)
        fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, "] %3d%%", pct);
    fflush(stderr);
    free(label);
    bar.shown = 1;
    bar.last = pct;
}

const vs_progress vs_stderr_progress = {draw_bar, NULL};

int vs_frontend_output_status;

/* After a failed write to the data stream (errno e): a reader that went
 * away (EPIPE: `vecscope ... | head`) ends the session quietly; any other
 * failure (a full disk) is reported once and ends it with status 1. */
static int output_failed(vs_session *s, int e, FILE *msg)
{
    s->quit = 1;
    if (e == EPIPE) {
        vs_frontend_output_status = 1;
        return -1;
    }
    if (vs_frontend_output_status != 2)
        fprintf(msg, "vecscope: cannot write the output: %s\n", strerror(e));
    vs_frontend_output_status = 2;
    return -1;
}

int vs_frontend_record(vs_session *s, const char *line, int rc, const vs_result *r,
                       enum vs_output mode, const char *errmsg, vs_error *err)
{
    vs_notebook *nb = vs_notebook_of(s);
    const char *p = line + strspn(line, " \t");
    int done;

    if (nb == NULL || *p == '\0')
        return 0;
    if (*p == '#') {
        done = vs_notebook_comment(nb, p, err);
    } else {
        char first[32];
        size_t n = strcspn(p, " \t");
        vs_error lerr;
        const vs_cmd *c;
        snprintf(first, sizeof first, "%.*s", (int)(n < sizeof first ? n : sizeof first - 1), p);
        c = vs_cmd_lookup(first, &lerr);
        if (c == &vs_cmd_record || c == &vs_cmd_quit || c == &vs_cmd_tui)
            return 0;
        done = vs_notebook_add(nb, line, rc, r, mode, errmsg, err);
    }
    if (done < 0) {
        vs_fail_prefix(err, "record: recording to %s stopped", vs_notebook_path(nb));
        vs_notebook_detach(s);
        return -1;
    }
    return 0;
}

int vs_frontend_run(vs_session *s, const char *line, const char *where,
                    enum vs_output out, const vs_render_opts *o)
{
    vs_result r;
    vs_error err;
    vs_render_opts ro = *o;
    enum vs_output mode;
    int rc, prc, wrote = 0;

    vs_result_init(&r);
    vs_error_clear(&err);
    rc = vs_cmd_run(s, line, out, &mode, &r, &err);
    vs_progress_done(&vs_stderr_progress);
    ro.mode = mode;
    if (rc == 0 && r.plot) {
        /* --plot: the notes (and the line naming an --out file), then the
         * picture in place of the data */
        vs_result shown = r;
        vs_plot_opts po;
        if (!r.out_written)
            shown.kind = VS_RESULT_NONE;
        if (vs_render(&shown, &ro) < 0)
            wrote = errno;
        memset(&po, 0, sizeof po);
        po.labels = r.plot_labels;
        po.stream = ro.out;
        vs_frontend_plot_target(fileno(ro.out), ro.color, &po);
        fflush(ro.out);
        prc = vs_plot_result(&r, &po, &err);
        if (prc < 0 && po.term == VS_PLOT_SIXEL) {
            /* a terminal that says it shows sixel, but gnuplot cannot make
             * them: the characters instead, and why */
            fprintf(ro.msg, "warning: no sixel picture (%s): drawing in characters\n",
                    err.msg);
            po.term = VS_PLOT_TEXT;
            prc = vs_plot_result(&r, &po, &err);
        }
        if (prc < 0) {
            vs_render_error(where, err.msg, &ro);
            rc = -1;
        }
    } else if (rc == 0) {
        if (vs_render(&r, &ro) < 0)
            wrote = errno;
    } else {
        vs_render_error(where, err.msg[0] ? err.msg : "command failed", &ro);
    }
    {
        vs_error rerr;
        if (vs_frontend_record(s, line, rc, &r, mode, err.msg, &rerr) < 0)
            vs_render_error(where, rerr.msg, &ro);
    }
    vs_result_clear(&r);
    vs_interrupted = 0;
    if (wrote != 0) {
        output_failed(s, wrote, ro.msg);
        rc = -1;
    }
    return rc;
}

/* Does this terminal show sixel images? $VECSCOPE_SIXEL=1 says yes, =0 no;
 * unset, the terminal's own answer to the device-attributes query (asked
 * once a session), and when it gives none, the terminals known to: $TERM
 * mlterm*, yaft*, foot*, contour*, or $TERM_PROGRAM WezTerm. */
static int term_sixel(int fd)
{
    static const char *const known[] = {"mlterm", "yaft", "foot", "contour", NULL};
    static int asked = -2;
    const char *v = getenv("VECSCOPE_SIXEL"), *term = getenv("TERM"),
               *prog = getenv("TERM_PROGRAM");
    int k;

    if (!isatty(fd))
        return 0;
    if (v != NULL && *v != '\0')
        return strcmp(v, "0") != 0;
    if (asked == -2)
        asked = isatty(STDIN_FILENO) ? vs_term_query_sixel(300) : -1;
    if (asked >= 0)
        return asked;
    for (k = 0; term != NULL && known[k] != NULL; k++)
        if (strncmp(term, known[k], strlen(known[k])) == 0)
            return 1;
    return prog != NULL && strcmp(prog, "WezTerm") == 0;
}

/* The colours a terminal drawing may use: none when the data stream is not
 * coloured, 256 when $TERM or $COLORTERM say so, else the 8 basic ones. */
static int term_colours(int color)
{
    const char *term = getenv("TERM"), *ct = getenv("COLORTERM");

    if (!color)
        return 0;
    if ((ct != NULL && *ct != '\0') || (term != NULL && strstr(term, "256") != NULL))
        return 256;
    return 8;
}

void vs_frontend_plot_target(int fd, int color, vs_plot_opts *po)
{
    struct winsize ws;
    const char *how = getenv("VECSCOPE_PLOT");

    po->colours = term_colours(color);
    if (how != NULL && strcmp(how, "dumb") == 0)
        po->term = VS_PLOT_DUMB;
    else if (how != NULL && strcmp(how, "sixel") == 0)
        po->term = VS_PLOT_SIXEL;
    else if (how != NULL && strcmp(how, "text") == 0)
        po->term = VS_PLOT_TEXT;
    else
        po->term = term_sixel(fd) ? VS_PLOT_SIXEL : VS_PLOT_TEXT;
    if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 1) {
        po->cols = ws.ws_col;
        po->rows = ws.ws_row - 1;  /* a line for the prompt */
        /* the window in pixels, when the terminal tells */
        po->px = ws.ws_xpixel;
        po->py = ws.ws_ypixel > 0 ? ws.ws_ypixel - ws.ws_ypixel / ws.ws_row : 0;
    }
}

int vs_frontend_color(FILE *f)
{
    const char *nc = getenv("NO_COLOR");

    if (nc != NULL && nc[0] != '\0')
        return 0;
    return isatty(fileno(f));
}
