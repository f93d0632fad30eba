/*
 * tui.c - the full-screen interface: the loop, the layout, running commands.
 *
 *   ┌ models ─────┐┌ title of the result shown ─────────────────────┐
 *   │* books      ││ results pane (a view chosen by the result kind) │
 *   │ ── trail ── ││                                                 │
 *   │ whale       ││                                                 │
 *   └─────────────┘└──────────────────────────── lines 1-20 of 33 ─┘
 *    message line (an error, a note; up to three lines)
 *    books  F1 help  keys that work here                  (status)
 *    books> command line (readline)
 *
 * Every line typed is a command of the table (vs_cmd_run); its typed result
 * picks the view: a ranked list, an attention matrix, a map, or the text
 * renderer's output. Each view is an entry of one table (views, below:
 * struct ui_view_ops) with its own state; the loop reaches the view shown
 * only through it. Keys go to the focused pane: the command line, the
 * results, or the models; a character typed on a pane that has no use for
 * it goes to the command line, so typing is never lost, and Enter on a pane
 * runs the command line when it holds text. Alt-1 .. Alt-0 stand for F1 ..
 * F10 (as in Midnight Commander) for terminals that keep the function keys
 * to themselves, and Ctrl-Q leaves. Curses owns the terminal from vs_tui
 * until it returns; a fatal signal or exit() on the way restores it first.
 */
#include "config.h"

#include <assert.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "frontend.h"
#include "render.h"
#include "tui.h"
#include "filemap.h"
#include "palette.h"
#include "ui.h"
#include "utf8.h"
#include "xalloc.h"

static volatile sig_atomic_t curses_on;

/* The views of the results pane, by kind; view_<name>.c defines each entry. */
static const struct ui_view_ops *const views[UI_NVIEWS] = {
    [UI_VIEW_NONE] = &ui_view_welcome,
    [UI_VIEW_LIST] = &ui_view_list,
    [UI_VIEW_FORM] = &ui_view_form,
    [UI_VIEW_TEXT] = &ui_view_text,
    [UI_VIEW_ATTN] = &ui_view_attn,
    [UI_VIEW_MAP] = &ui_view_map,
};

/* --- restoring the terminal --- */

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
                                    SIGTERM, SIGHUP, SIGQUIT};
static struct sigaction old_actions[sizeof fatal_signals / sizeof fatal_signals[0]];

/* A fatal signal: give the terminal back, then die of the same signal (the
 * handler is reset and the signal not blocked, so raise delivers it). */
static void on_fatal(int sig)
{
    if (curses_on) {
        curses_on = 0;
        endwin();
    }
    raise(sig);
}

/* SIGBUS from a mapped model file that shrank is survived (filemap.h);
 * any other is fatal as above. */
static void on_bus(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    if (vs_filemap_fault(info->si_addr))
        return;
    signal(sig, SIG_DFL);  /* not reset by the kernel: SA_RESETHAND is off */
    on_fatal(sig);
}

static void at_exit(void)
{
    if (curses_on) {
        curses_on = 0;
        endwin();
    }
}

static void fatal_handlers(int on)
{
    size_t i;

    for (i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
        if (on) {
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sigemptyset(&sa.sa_mask);
            if (fatal_signals[i] == SIGBUS) {
                sa.sa_sigaction = on_bus;
                sa.sa_flags = SA_SIGINFO | SA_NODEFER;
            } else {
                sa.sa_handler = on_fatal;
                sa.sa_flags = SA_RESETHAND | SA_NODEFER;
            }
            sigaction(fatal_signals[i], &sa, &old_actions[i]);
        } else {
            sigaction(fatal_signals[i], &old_actions[i], NULL);
        }
    }
}

/* --- messages and progress --- */

void ui_message(ui *u, int error, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(u->msgbuf, sizeof u->msgbuf, fmt, ap);
    va_end(ap);
    u->msg_err = error;
}

static void draw_status(ui *u);

/* The session's progress reporter while the interface runs: the status
 * line shows what and how far; Ctrl-C (SIGINT) cancels as everywhere. */
static void report(void *ud, const char *what, double fraction)
{
    ui *u = ud;

    if (fraction < 0) {
        u->progress[0] = '\0';
    } else {
        int pct = (int)(fraction * 100.0);
        snprintf(u->progress, sizeof u->progress, "%.60s %3d%% (Ctrl-C cancels)", what,
                 pct > 100 ? 100 : pct);
    }
    if (curses_on) {
        draw_status(u);
        refresh();
    }
}

static vs_progress ui_progress = {report, NULL};

/* --- layout --- */

/* Where everything goes; the message line grows to three lines for a long
 * message, and a view that wants the width (UI_VIEW_WIDE) has the models
 * pane only on a wide screen. */
static void layout(ui *u)
{
    int sw, mh;

    getmaxyx(stdscr, u->rows, u->cols);
    sw = u->cols >= 110 ? 26 : u->cols >= 70 ? 20 : 0;
    if ((views[u->view]->flags & UI_VIEW_WIDE) && u->cols < 110)
        sw = 0;
    mh = ui_wrap(0, 0, u->msgbuf, u->cols - (u->msg_err ? 7 : 0), 3, 0);
    if (mh < 1)
        mh = 1;
    if (u->rows - 2 - mh < 8)
        mh = 1;
    u->frame = (ui_rect){0, sw, u->rows - 2 - mh, u->cols - sw};
    if (u->frame.h < 3)
        u->frame.h = 3;
    u->side = (ui_rect){0, 0, u->frame.h, sw};
    u->pane = (ui_rect){1, sw + 1, u->frame.h - 2, u->frame.w - 2};
    u->msg = (ui_rect){u->rows - 2 - mh, 0, mh, u->cols};
    u->status = (ui_rect){u->rows - 2, 0, 1, u->cols};
    u->cmd = (ui_rect){u->rows - 1, 0, 1, u->cols};
}

/* --- the fixed parts --- */

/* The keys that work where the focus is: "KEY label" pairs, two blanks
 * apart, the most useful first. */
static const char *view_keys(const ui *u)
{
    const struct ui_view_ops *v = views[u->view];
    const char *keys = NULL;

    if (u->focus == UI_FOCUS_CMD)
        return u->ask != UI_ASK_NONE ? "Enter ok  Esc cancel"
                                     : "Enter run  Tab complete  \u2191\u2193 history  "
                                       "Esc results  F10 quit";
    if (u->focus == UI_FOCUS_MODELS)
        return "\u2191\u2193 select  Enter use  Tab next pane  F10 quit";
    if (v->hint != NULL)
        keys = v->hint(u);
    return keys != NULL ? keys : "\u2191\u2193\u2190\u2192 scroll  PgUp/PgDn page  Tab next pane  F10 quit";
}

/* The status line, as htop's: the model in use, then each key in its own
 * colour and what it does, as many as fit; or the progress of long work. */
static void draw_status(ui *u)
{
    const vs_model *m = vs_session_model(u->s);
    char badge[96];
    const char *p;
    int x, y = u->status.y, base = u->colors ? COLOR_PAIR(UI_C_SBAR) : A_REVERSE;

    attron(base);
    ui_fill(y, 0, u->cols, " ");
    attroff(base);
    snprintf(badge, sizeof badge, " %s ", m ? m->name : "no model");
    attron(A_BOLD | (u->colors ? COLOR_PAIR(UI_C_SMODEL) : A_REVERSE));
    x = ui_put_cut(y, 0, badge, u->cols / 3);
    attroff(A_BOLD | (u->colors ? COLOR_PAIR(UI_C_SMODEL) : A_REVERSE));
    x++;
    if (u->progress[0]) {
        attron(base | A_BOLD);
        ui_put_cut(y, x, u->progress, u->cols - x);
        attroff(base | A_BOLD);
        return;
    }
    /* F1 first, then the view's keys while whole pairs fit */
    for (p = "F1 help"; p != NULL;) {
        const char *end = strstr(p, "  ");
        size_t n = end ? (size_t)(end - p) : strlen(p), k = strcspn(p, " ");
        char key[64], label[128];
        int w;
        if (k > n)
            k = n;
        snprintf(key, sizeof key, "%.*s", (int)k, p);
        snprintf(label, sizeof label, "%.*s", (int)(n > k ? n - k - 1 : 0), p + k + 1);
        w = ui_width(key) + (label[0] ? 1 + ui_width(label) : 0);
        if (x + w > u->cols)
            break;
        attron(A_BOLD | (u->colors ? COLOR_PAIR(UI_C_SKEY) : 0));
        x += ui_put(y, x, key, u->cols - x);
        attroff(A_BOLD | (u->colors ? COLOR_PAIR(UI_C_SKEY) : 0));
        attron(base);
        if (label[0]) {
            x += ui_put(y, x, " ", 1);
            x += ui_put(y, x, label, u->cols - x);
        }
        x += ui_put(y, x, "  ", u->cols - x);
        attroff(base);
        if (p[0] == 'F' && p[1] == '1' && p[2] == ' ' && strcmp(p, "F1 help") == 0)
            p = view_keys(u);
        else
            p = end ? end + 2 : NULL;
    }
}

/* The models pane: the open models (the one in use starred), then the
 * trail of lists left behind. */
static void draw_side(ui *u)
{
    ui_rect r = u->side;
    size_t i;
    int y = r.y + 1, w = r.w - 2;

    if (r.w == 0 || r.h <= 2)
        return;
    ui_box(u, r, "models", NULL, NULL, u->focus == UI_FOCUS_MODELS);
    if (u->s->nmodels == 0 && y < r.y + r.h - 1)
        ui_put_cut(y++, r.x + 2, "(none: load)", w - 1);
    for (i = 0; i < u->s->nmodels && y < r.y + r.h - 1; i++, y++) {
        int sel = u->focus == UI_FOCUS_MODELS && (int)i == u->model_sel;
        if (sel)
            attron(A_REVERSE);
        ui_put(y, r.x + 1, (long)i == u->s->cur ? "*" : " ", 1);
        ui_put_cut(y, r.x + 2, u->s->models[i]->name, w - 1);
        attroff(A_REVERSE);
    }
    if (u->ntrail > 0 && y + 1 < r.y + r.h - 1) {
        size_t k = u->ntrail > (size_t)(r.y + r.h - 2 - y) ? u->ntrail - (size_t)(r.y + r.h - 2 - y) : 0;
        y++;
        attron(A_DIM);
        ui_put_cut(y++, r.x + 1, "trail (Bksp)", w);
        attroff(A_DIM);
        for (; k < u->ntrail && y < r.y + r.h - 1; k++) {
            const char *l = u->trail[k].line, *sp = strchr(l, ' ');
            ui_put_cut(y++, r.x + 2, sp ? sp + 1 : l, w - 1);
        }
    }
}

static void draw_msg(ui *u)
{
    int i;

    for (i = 0; i < u->msg.h; i++) {
        move(u->msg.y + i, 0);
        clrtoeol();
    }
    if (u->msgbuf[0] == '\0')
        return;
    ui_colour(u, u->msg_err ? UI_C_ERROR : UI_C_NOTE, 1);
    if (u->msg_err) {
        attron(A_BOLD);
        ui_put(u->msg.y, 0, "error: ", 7);
    }
    ui_wrap(u->msg.y, u->msg_err ? 7 : 0, u->msgbuf, u->cols - (u->msg_err ? 7 : 0), u->msg.h, 1);
    attroff(A_BOLD);
    ui_colour(u, u->msg_err ? UI_C_ERROR : UI_C_NOTE, 0);
}

static const char *const help_lines[] = {
    "Keys (F1, Alt-1 or ?; arrows scroll this, any other key closes it)",
    "",
    "Typing anywhere goes to the command line, and Enter runs it (on a pane",
    "too, when the line holds text). Alt-1 .. Alt-0 (Esc, then a digit) stand",
    "for F1 .. F10 where the terminal keeps the function keys to itself.",
    "",
    "everywhere   F1 Alt-1 ?  help        F2 Alt-2  command line",
    "             F3 Alt-3  results       F4 Alt-4  models",
    "             F5 Alt-5  analogy form  F6 Alt-6  3CosAdd/3CosMul",
    "             F7 Alt-7  the view's other display (attention: heatmap,",
    "                       lines, every head; map: the next colouring)",
    "             F8 Alt-8  attention: sqrt/linear; map: k-means clusters",
    "             F9 Alt-9  the map or head as a picture over the whole",
    "                       terminal (sixel or characters; s there: to a file)",
    "             F10 Alt-0 Ctrl-Q  quit (or quit, Ctrl-D on an empty line)",
    "             PgUp/PgDn scroll the results; Tab the next pane; clicks",
    "command line Enter runs any command; Tab completes; Up/Down history;",
    "             Ctrl-C clears the line or cancels a running command;",
    "             Esc goes to the results",
    "neighbours   \u2191\u2193 select  Enter the word's neighbours",
    "             Backspace back along the trail, to the row left",
    "text         \u2191\u2193\u2190\u2192 PgUp PgDn Home End scroll; \u2039 \u203a mark cut lines",
    "attention    \u2191\u2193\u2190\u2192 the query (row) and key (column) selected;",
    "             [ ] previous/next head, < > (or , .) previous/next layer;",
    "             \u25c0 \u25b6 \u25b2 \u25bc mark what is off screen; every head:",
    "             arrows pick one, Enter opens it, PgUp/PgDn pages",
    "map          \u2191\u2193\u2190\u2192 select the nearest point that way; Enter",
    "             its neighbours in the model; / search (a regular",
    "             expression); [ ] previous/next match; + - zoom; * zoom",
    "             to the matches or neighbours; 0 or Home the whole map;",
    "             Shift+arrows pan; Esc clears the search; a 3-D map:",
    "             < > (or , .) turn it, { } tilt it",
    "models       \u2191\u2193 select  Enter makes it the model in use",
};

static void draw_help(ui *u)
{
    int n = (int)(sizeof help_lines / sizeof help_lines[0]), w = 78, i;
    int h = n + 2, y0, x0, inner;
    ui_rect r;
    char foot[32];

    if (w > u->cols - 2)
        w = u->cols - 2;
    if (h > u->rows - 1)
        h = u->rows - 1;
    inner = h - 2;
    if (u->help_top > n - inner)
        u->help_top = n - inner > 0 ? n - inner : 0;
    if (u->help_top < 0)
        u->help_top = 0;
    y0 = (u->rows - h) / 2;
    x0 = (u->cols - w) / 2;
    for (i = 0; i < h; i++)
        ui_fill(y0 + i, x0, w, " ");
    r = (ui_rect){y0, x0, h, w};
    snprintf(foot, sizeof foot, "%d-%d of %d%s", u->help_top + 1, u->help_top + inner, n,
             u->help_top + inner < n ? " \u25bc" : "");
    ui_box(u, r, "keys", NULL, inner < n ? foot : NULL, 1);
    for (i = 0; i < inner && u->help_top + i < n; i++) {
        if (u->help_top + i == 0)
            attron(A_BOLD);
        ui_put_cut(y0 + 1 + i, x0 + 2, help_lines[u->help_top + i], w - 4);
        attroff(A_BOLD);
    }
}

void ui_draw(ui *u)
{
    const struct ui_view_ops *v;
    const char *t;

    layout(u);
    erase();
    if (u->rows < 8 || u->cols < 30) {
        ui_put_cut(0, 0, "vecscope: the window is too small (30 x 8 at least)", u->cols);
        refresh();
        return;
    }
    v = views[u->view];
    t = v->title != NULL ? v->title(u) : u->res.title;
    draw_side(u);
    u->foot[0] = '\0';
    v->draw(u, u->pane);
    ui_box(u, u->frame, t != NULL ? t : "vecscope", NULL, u->foot, u->focus == UI_FOCUS_RESULTS);
    draw_msg(u);
    draw_status(u);
    ui_cmdline_draw(u);
    if (u->help)
        draw_help(u);
    if (u->focus == UI_FOCUS_CMD && !u->help) {
        curs_set(1);
        move(u->cmd.y, ui_cmdline_cursor());
    } else {
        curs_set(0);
    }
    refresh();
}

/* --- running commands --- */

const vs_cmd *ui_line_cmd(const char *line)
{
    char **argv;
    int argc;
    vs_error err;
    const vs_cmd *c = NULL;

    if (line == NULL || vs_split_words(line, &argc, &argv, &err) < 0)
        return NULL;
    if (argc > 0)
        c = vs_cmd_lookup(argv[0], &err);
    vs_argv_free(argc, argv);
    return c;
}

char *ui_quote(const char *word)
{
    size_t len = strlen(word), i, k = 0;
    char *q;

    if (len > 0 && strpbrk(word, " \t\"\\#;") == NULL && word[0] != '-')
        return xstrdup(word);
    q = xmalloc(2 * len + 3);
    q[k++] = '"';
    for (i = 0; i < len; i++) {
        if (word[i] == '"' || word[i] == '\\')
            q[k++] = '\\';
        q[k++] = word[i];
    }
    q[k++] = '"';
    q[k] = '\0';
    return q;
}

static void notes_to_message(ui *u, const vs_result *r)
{
    size_t i, len = 0;

    if (r->nnotes == 0)
        return;
    u->msgbuf[0] = '\0';
    u->msg_err = 0;
    for (i = 0; i < r->nnotes && len + 3 < sizeof u->msgbuf; i++) {
        int k = snprintf(u->msgbuf + len, sizeof u->msgbuf - len, "%s%s", i ? "; " : "",
                         r->notes[i]);
        if (k < 0)
            break;
        len += (size_t)k;
    }
}

int ui_query(ui *u, const char *line, vs_result *r)
{
    vs_error err;
    enum vs_output mode;
    int rc;

    vs_error_clear(&err);
    vs_result_init(r);
    rc = vs_cmd_run(u->s, line, VS_OUT_TEXT, &mode, r, &err);
    vs_progress_done(u->s->progress);
    if (rc < 0) {
        ui_message(u, 1, "%s", err.msg[0] ? err.msg : "command failed");
        vs_result_clear(r);
    }
    vs_interrupted = 0;
    return rc;
}

/* The result shown is about to be replaced: every view drops what it built
 * from it. */
static void leave_all(ui *u)
{
    int k;

    for (k = 0; k < UI_NVIEWS; k++)
        if (views[k]->leave != NULL)
            views[k]->leave(u);
}

void ui_set_result(ui *u, vs_result *r, char *line)
{
    leave_all(u);
    vs_result_clear(&u->res);
    u->res = *r;
    vs_result_init(r);
    free(u->line);
    u->line = line;
}

/* Shows view kind: for a new result, or the form on F5. */
static void show(ui *u, enum ui_view kind)
{
    u->view = kind;
    if (views[kind]->enter != NULL)
        views[kind]->enter(u);
}

/* The view for a result in output mode: TSV and JSON, and any result
 * without a view of its own, are text. */
static enum ui_view view_for(const vs_result *r, enum vs_output mode)
{
    if (mode != VS_OUT_TEXT)
        return UI_VIEW_TEXT;
    switch (r->kind) {
    case VS_RESULT_RANKED: return UI_VIEW_LIST;
    case VS_RESULT_MATRIX: return UI_VIEW_ATTN;
    case VS_RESULT_POINTS: return UI_VIEW_MAP;
    default: return UI_VIEW_TEXT;
    }
}

/* The list shown goes on the trail, with the row selected in it. */
static void push_trail(ui *u)
{
    struct ui_trail *t;

    u->trail = xreallocarray(u->trail, u->ntrail + 1, sizeof *u->trail);
    t = &u->trail[u->ntrail++];
    t->line = xstrdup(u->line);
    ui_list_where(u, &t->sel, &t->top);
}

int ui_run(ui *u, const char *line, int push)
{
    vs_result r;
    vs_error err;
    enum vs_output mode;
    int rc;
    long before = u->s->cur;
    size_t nbefore = u->s->nmodels;

    vs_error_clear(&err);
    vs_result_init(&r);
    snprintf(u->progress, sizeof u->progress, "running...");
    draw_status(u);
    refresh();
    rc = vs_cmd_run(u->s, line, VS_OUT_TEXT, &mode, &r, &err);
    vs_progress_done(u->s->progress);
    u->progress[0] = '\0';
    vs_interrupted = 0;
    {
        /* `record FILE.md`: the line goes in the notebook too */
        vs_error rerr;
        if (vs_frontend_record(u->s, line, rc, &r, mode, err.msg, &rerr) < 0) {
            if (rc == 0) {
                vs_result_note(&r, "warning: %s", rerr.msg);
            } else {
                vs_fail_prefix(&rerr, "%s; and", err.msg[0] ? err.msg : "command failed");
                err = rerr;
            }
        }
    }
    if (u->s->quit) {
        u->quit = 1;
        vs_result_clear(&r);
        return 0;
    }
    if (u->s->cur != before || u->s->nmodels != nbefore)
        u->model_sel = (int)(u->s->cur >= 0 ? u->s->cur : 0);
    if (rc < 0) {
        ui_message(u, 1, "%s", err.msg[0] ? err.msg : "command failed");
        vs_result_clear(&r);
        return -1;
    }
    u->msgbuf[0] = '\0';
    notes_to_message(u, &r);
    if (r.kind == VS_RESULT_NONE) {
        /* load, use, close: the notes say it; the view stays */
        if (r.nnotes == 0)
            ui_message(u, 0, "done: %s", line);
        vs_result_clear(&r);
        return 0;
    }
    if (push && u->line != NULL && (views[u->view]->flags & UI_VIEW_RANKED) &&
        r.kind == VS_RESULT_RANKED && u->res.kind == VS_RESULT_RANKED)
        push_trail(u);
    ui_set_result(u, &r, xstrdup(line));
    u->mode = mode;
    show(u, view_for(&u->res, mode));
    /* the arrows move about the new result; typing still goes to the line */
    u->focus = UI_FOCUS_RESULTS;
    /* the command's --plot: the view, and the picture in this terminal */
    if (mode == VS_OUT_TEXT && u->res.plot && u->res.out_path == NULL)
        ui_plot(u, NULL);
    return 0;
}

void ui_answer(ui *u, enum ui_ask ask, const char *text)
{
    if (views[u->view]->answer != NULL)
        views[u->view]->answer(u, ask, text);
}

void ui_back(ui *u)
{
    struct ui_trail t;

    if (u->ntrail == 0) {
        ui_message(u, 0, "the trail is empty: nothing to go back to");
        return;
    }
    t = u->trail[--u->ntrail];
    if (ui_run(u, t.line, 0) == 0)
        ui_list_goto(u, t.sel, t.top);
    free(t.line);
}

/* --- keys --- */

static void next_focus(ui *u)
{
    u->focus = u->focus == UI_FOCUS_CMD ? UI_FOCUS_RESULTS
             : u->focus == UI_FOCUS_RESULTS ? (u->side.w ? UI_FOCUS_MODELS : UI_FOCUS_CMD)
             : UI_FOCUS_CMD;
}

static void use_model(ui *u, int i)
{
    char *q, *line;

    if (i < 0 || (size_t)i >= u->s->nmodels)
        return;
    q = ui_quote(u->s->models[i]->name);
    line = xasprintf("use %s", q);
    ui_run(u, line, 0);
    ui_cmdline_prompt(u);
    free(line);
    free(q);
}

static int models_key(ui *u, int is_key, wint_t ch)
{
    int n = (int)u->s->nmodels;

    if (is_key && ch == KEY_UP && u->model_sel > 0)
        u->model_sel--;
    else if (is_key && ch == KEY_DOWN && u->model_sel + 1 < n)
        u->model_sel++;
    else if ((is_key && ch == KEY_ENTER) || (!is_key && (ch == '\n' || ch == '\r')))
        use_model(u, u->model_sel);
    else
        return is_key && (ch == KEY_UP || ch == KEY_DOWN);
    return 1;
}

static int results_key(ui *u, int is_key, wint_t ch)
{
    const struct ui_view_ops *v = views[u->view];

    return v->key != NULL ? v->key(u, is_key, ch) : 0;
}

static void mouse(ui *u)
{
    MEVENT ev;

    if (getmouse(&ev) != OK)
        return;
    if (ev.bstate & (BUTTON4_PRESSED)) {
        results_key(u, 1, KEY_UP);
        return;
    }
#ifdef BUTTON5_PRESSED
    if (ev.bstate & BUTTON5_PRESSED) {
        results_key(u, 1, KEY_DOWN);
        return;
    }
#endif
    if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)))
        return;
    if (ev.y == u->cmd.y) {
        u->focus = UI_FOCUS_CMD;
    } else if (ev.x < u->side.w && ev.y > u->side.y && ev.y < u->side.y + u->side.h - 1) {
        int i = ev.y - u->side.y - 1;
        u->focus = UI_FOCUS_MODELS;
        if (i >= 0 && (size_t)i < u->s->nmodels) {
            u->model_sel = i;
            use_model(u, i);
        }
    } else if (ev.y >= u->pane.y && ev.y < u->pane.y + u->pane.h && ev.x >= u->pane.x &&
               ev.x < u->pane.x + u->pane.w) {
        u->focus = UI_FOCUS_RESULTS;
        if (views[u->view]->click != NULL)
            views[u->view]->click(u, ev.y, ev.x);
    }
}

/* Esc read alone is Esc; followed at once by a digit, Alt-digit: F1..F10
 * (Alt-0 is F10); followed by another key, Alt-key: Esc, then the key. */
static int alt_key(ui *u, wint_t *ch, int *is_key)
{
    wint_t c2;
    int r;

    timeout(0);
    r = get_wch(&c2);
    timeout(-1);
    if (r == ERR)
        return 0;
    if (r == OK && c2 >= '0' && c2 <= '9') {
        *is_key = 1;
        *ch = KEY_F(c2 == '0' ? 10 : (int)(c2 - '0'));
        return 0;
    }
    if (r == KEY_CODE_YES)
        ungetch((int)c2);
    else
        unget_wch(c2);
    (void)u;
    return 0;
}

static void key(ui *u, int is_key, wint_t ch)
{
    if (!is_key && ch == 27)
        alt_key(u, &ch, &is_key);
    if (u->help) {
        int page = u->rows > 6 ? u->rows - 4 : 1;
        if (is_key && (ch == KEY_UP || ch == KEY_DOWN || ch == KEY_PPAGE || ch == KEY_NPAGE)) {
            u->help_top += ch == KEY_UP ? -1 : ch == KEY_DOWN ? 1 : ch == KEY_PPAGE ? -page : page;
            return;
        }
        u->help = 0;
        return;
    }
    if (!is_key && ch == 17) {  /* Ctrl-Q */
        u->quit = 1;
        return;
    }
    if (is_key) {
        switch (ch) {
        case KEY_F(1): u->help = 1; u->help_top = 0; return;
        case KEY_F(2): u->focus = UI_FOCUS_CMD; return;
        case KEY_F(3): u->focus = UI_FOCUS_RESULTS; return;
        case KEY_F(4): if (u->side.w) u->focus = UI_FOCUS_MODELS; return;
        case KEY_F(5): show(u, UI_VIEW_FORM); return;
        case KEY_F(6): ui_list_toggle_mul(u); return;
        case KEY_F(7): case KEY_F(8): case KEY_F(9):
            if (!results_key(u, 1, ch))
                ui_message(u, 0, "F%d does nothing in this view", (int)(ch - KEY_F(0)));
            return;
        case KEY_F(10): u->quit = 1; return;
        case KEY_MOUSE: mouse(u); return;
        case KEY_NPAGE: case KEY_PPAGE:
            if (u->focus == UI_FOCUS_CMD) {
                results_key(u, 1, ch);
                return;
            }
            break;
        default: break;
        }
    }
    if (u->focus == UI_FOCUS_CMD) {
        if (!is_key && ch == 27) {  /* Esc */
            if (u->ask != UI_ASK_NONE) {
                u->ask = UI_ASK_NONE;
                ui_cmdline_clear();
                ui_cmdline_prompt(u);
                ui_message(u, 0, "cancelled");
            }
            u->focus = UI_FOCUS_RESULTS;
            return;
        }
        ui_cmdline_key(u, is_key, ch);
        return;
    }
    /* the analogy form takes every key typed */
    if (u->focus == UI_FOCUS_RESULTS && (views[u->view]->flags & UI_VIEW_TYPING)) {
        results_key(u, is_key, ch);
        return;
    }
    if (!is_key && ch == '\t') {
        next_focus(u);
        return;
    }
    if (!is_key && ch == '?') {
        u->help = 1;
        u->help_top = 0;
        return;
    }
    if (!is_key && ch == 4 && ui_cmdline_empty()) {  /* Ctrl-D */
        u->quit = 1;
        return;
    }
    /* Enter and Backspace act on the pane when the command line is empty,
     * else on the command line */
    if (!ui_cmdline_empty() &&
        ((is_key && (ch == KEY_ENTER || ch == KEY_BACKSPACE)) ||
         (!is_key && (ch == '\n' || ch == '\r' || ch == 127 || ch == 8)))) {
        u->focus = UI_FOCUS_CMD;
        ui_cmdline_key(u, is_key, ch);
        return;
    }
    if (u->focus == UI_FOCUS_MODELS ? models_key(u, is_key, ch) : results_key(u, is_key, ch))
        return;
    /* anything else typed goes to the command line */
    if (!is_key && ch >= 0x20 && ch != 0x7f) {
        u->focus = UI_FOCUS_CMD;
        ui_cmdline_key(u, is_key, ch);
    }
}

/* --- set-up and the loop --- */

static void colours(ui *u)
{
    const char *nc = getenv("NO_COLOR");
    int i;

    u->colors = 0;
    if ((nc != NULL && nc[0] != '\0') || !has_colors())
        return;
    start_color();
    use_default_colors();
    u->colors = COLORS >= 256 && COLOR_PAIRS > UI_C_LAST ? 256 : 8;
    init_pair(UI_C_ERROR, COLOR_RED, -1);
    init_pair(UI_C_NOTE, COLOR_CYAN, -1);
    init_pair(UI_C_BAR, COLOR_CYAN, -1);
    init_pair(UI_C_TITLE, COLOR_YELLOW, -1);
    /* the groups and the ramp: the pictures' palette (src/palette.h) */
    for (i = 0; i < UI_C_NGROUPS; i++) {
        const vs_colour *k = vs_palette_group((size_t)i);
        init_pair((short)(UI_C_GROUP0 + i), u->colors == 256 && k->xterm >= 0 ? k->xterm
                                                                               : k->ansi, -1);
    }
    if (u->colors == 256)
        for (i = 0; i < UI_C_NRAMP; i++) {
            unsigned char rgb[3];
            vs_palette_ramp((double)i / (UI_C_NRAMP - 1), rgb);
            init_pair((short)(UI_C_RAMP0 + i), i < UI_C_NRAMP / 2 ? 255 : 16,
                      (short)vs_palette_xterm(rgb[0], rgb[1], rgb[2]));
            init_pair((short)(UI_C_INK0 + i), (short)vs_palette_xterm(rgb[0], rgb[1], rgb[2]),
                      -1);
        }
    init_pair(UI_C_FRAME, COLOR_BLUE, -1);
    init_pair(UI_C_FOCUS, COLOR_CYAN, -1);
    init_pair(UI_C_SBAR, COLOR_BLACK, COLOR_CYAN);
    init_pair(UI_C_SKEY, COLOR_WHITE, COLOR_BLUE);
    init_pair(UI_C_SMODEL, COLOR_BLACK, COLOR_GREEN);
    init_pair(UI_C_MATCH, COLOR_BLACK, COLOR_YELLOW);
    init_pair(UI_C_MARK, COLOR_YELLOW, -1);
}

int vs_tui(vs_session *s, vs_error *err)
{
    ui u;
    const vs_progress *old_progress = s->progress;
    static int registered;
    SCREEN *scr;
    int k;

    if (ui_terminal_ok(err) < 0)
        return -1;
    setlocale(LC_CTYPE, "");
    memset(&u, 0, sizeof u);
    u.s = s;
    vs_result_init(&u.res);
    if (!registered) {
        atexit(at_exit);
        registered = 1;
    }
    scr = newterm(NULL, stdout, stdin);
    if (scr == NULL)
        return vs_fail(err, "curses could not start on this terminal");
    curses_on = 1;
    fatal_handlers(1);
    cbreak();     /* Ctrl-C stays a signal: the handler of frontend.c sets vs_interrupted */
    noecho();
    {
        /* no XON/XOFF flow control: Ctrl-Q and Ctrl-S reach the interface
         * (Ctrl-Q leaves); endwin gives the old modes back */
        struct termios tio;
        if (tcgetattr(STDIN_FILENO, &tio) == 0) {
            tio.c_iflag &= ~(tcflag_t)IXON;
            tcsetattr(STDIN_FILENO, TCSANOW, &tio);
        }
        def_prog_mode();
    }
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
                  | BUTTON5_PRESSED
#endif
              , NULL);
    mouseinterval(0);
    colours(&u);
    layout(&u);
    ui_progress.ud = &u;
    s->progress = &ui_progress;
    s->in_tui = 1;
    u.model_sel = s->cur >= 0 ? (int)s->cur : 0;
    for (k = 0; k < UI_NVIEWS; k++) {
        assert(views[k] != NULL && views[k]->draw != NULL);
        u.views[k] = views[k]->init != NULL ? views[k]->init() : NULL;
    }
    ui_cmdline_open(&u);

    while (!u.quit && !s->quit) {
        wint_t ch;
        int r;

        ui_draw(&u);
        r = get_wch(&ch);
        if (r == ERR) {
            if (vs_interrupted) {  /* Ctrl-C while idle: clear the line */
                vs_interrupted = 0;
                if (u.ask != UI_ASK_NONE) {
                    u.ask = UI_ASK_NONE;
                    ui_cmdline_prompt(&u);
                }
                ui_cmdline_clear();
                u.focus = UI_FOCUS_CMD;
                ui_message(&u, 0, "Ctrl-C: line cleared (quit, Ctrl-D, F10 or Ctrl-Q leaves)");
            }
            continue;
        }
        if (r == KEY_CODE_YES && ch == KEY_RESIZE)
            continue;  /* ui_draw lays the screen out again */
        key(&u, r == KEY_CODE_YES, ch);
    }

    ui_cmdline_close();
    leave_all(&u);
    for (k = 0; k < UI_NVIEWS; k++)
        if (views[k]->free != NULL)
            views[k]->free(u.views[k]);
    vs_result_clear(&u.res);
    free(u.line);
    for (k = 0; k < (int)u.ntrail; k++)
        free(u.trail[k].line);
    free(u.trail);
    s->progress = old_progress;
    s->in_tui = 0;
    endwin();
    curses_on = 0;
    fatal_handlers(0);
    delscreen(scr);
    return 0;
}
