/*
 * tui.c - the full-screen interface: the loop, the layout, running commands.
 *
 *   +--------------------------------------------------------------+
 *   | title of the result shown                                    |
 *   | models    |  results pane (a view chosen by the result kind) |
 *   | * books   |                                                  |
 *   | trail     |                                                  |
 *   | message line (an error, a note)                              |
 *   | status: model | progress | keys that work here               |
 *   | books> command line (readline)                               |
 *   +--------------------------------------------------------------+
 *
 * Every line typed is a command of the table (vs_cmd_run); its typed result
 * picks the view: a ranked list, an attention matrix, a map, or the text
 * renderer's output. Each view is an entry of one table (views, below:
 * struct ui_view_ops) with its own state; the loop reaches the view shown
 * only through it. Keys go to the focused pane: the command line, the
 * results, or the models. Curses owns the terminal from vs_tui until it
 * returns; a fatal signal or exit() on the way restores it first.
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

static void layout(ui *u)
{
    int sw;

    getmaxyx(stdscr, u->rows, u->cols);
    sw = u->cols >= 110 ? 24 : u->cols >= 70 ? 16 : 0;
    u->title = (ui_rect){0, 0, 1, u->cols};
    u->side = (ui_rect){1, 0, u->rows - 4 > 0 ? u->rows - 4 : 0, sw};
    u->pane = (ui_rect){1, sw ? sw + 1 : 0, u->side.h, u->cols - (sw ? sw + 1 : 0)};
    u->msg = (ui_rect){u->rows - 3, 0, 1, u->cols};
    u->status = (ui_rect){u->rows - 2, 0, 1, u->cols};
    u->cmd = (ui_rect){u->rows - 1, 0, 1, u->cols};
}

/* --- the fixed parts --- */

static const char *view_keys(const ui *u)
{
    const struct ui_view_ops *v = views[u->view];
    const char *keys = NULL;

    if (u->focus == UI_FOCUS_CMD)
        return u->ask_file ? "Enter plot  Ctrl-C cancel"
                           : "Enter run  Tab complete  Esc results  F1 help  F10 quit";
    if (u->focus == UI_FOCUS_MODELS)
        return "Up/Down select  Enter use  Tab next pane  ? help";
    if (v->hint != NULL)
        keys = v->hint(u);
    return keys != NULL ? keys : "arrows PgUp PgDn scroll  Tab next pane  ? help";
}

static void draw_status(ui *u)
{
    const vs_model *m = vs_session_model(u->s);
    char left[256];
    int x;

    move(u->status.y, 0);
    attron(A_REVERSE);
    ui_fill(u->status.y, 0, u->cols, " ");
    snprintf(left, sizeof left, " %s ", m ? m->name : "no model");
    x = ui_put(u->status.y, 0, left, u->cols / 3);
    ui_fill(u->status.y, x, 1, "|");
    x += 2;
    if (u->progress[0])
        x += ui_put(u->status.y, x, u->progress, u->cols - x);
    else
        x += ui_put(u->status.y, x, view_keys(u), u->cols - x);
    attroff(A_REVERSE);
}

static void draw_title(ui *u)
{
    const struct ui_view_ops *v = views[u->view];
    const char *t = v->title != NULL ? v->title(u) : u->res.title;
    char buf[64];

    move(0, 0);
    clrtoeol();
    attron(A_BOLD);
    if (t == NULL)
        t = "vecscope";
    ui_put(0, 1, t, u->cols - 2);
    attroff(A_BOLD);
    if (u->focus == UI_FOCUS_RESULTS && u->cols > 20) {
        snprintf(buf, sizeof buf, "[results]");
        mvaddstr(0, u->cols - 10, buf);
    }
}

static void draw_side(ui *u)
{
    ui_rect r = u->side;
    size_t i;
    int y = r.y;

    if (r.w == 0 || r.h <= 0)
        return;
    for (i = 0; (int)i < r.h; i++)
        ui_glyph(r.y + (int)i, r.w, "\u2502");
    attron(A_BOLD | (u->focus == UI_FOCUS_MODELS ? A_REVERSE : 0));
    ui_put(y++, 0, " models ", r.w);
    attroff(A_BOLD | A_REVERSE);
    if (u->s->nmodels == 0 && y < r.y + r.h)
        ui_put(y++, 1, "(none: load)", r.w - 1);
    for (i = 0; i < u->s->nmodels && y < r.y + r.h - 1; i++, y++) {
        int sel = u->focus == UI_FOCUS_MODELS && (int)i == u->model_sel;
        if (sel)
            attron(A_REVERSE);
        ui_glyph(y, 0, (long)i == u->s->cur ? "*" : " ");
        ui_put(y, 1, u->s->models[i]->name, r.w - 1);
        if (sel)
            attroff(A_REVERSE);
    }
    if (u->ntrail > 0 && y + 2 < r.y + r.h) {
        size_t k, first;
        y++;
        attron(A_BOLD);
        ui_put(y++, 0, " trail (Bksp) ", r.w);
        attroff(A_BOLD);
        first = u->ntrail > (size_t)(r.y + r.h - y) ? u->ntrail - (size_t)(r.y + r.h - y) : 0;
        for (k = first; k < u->ntrail && y < r.y + r.h; k++) {
            const char *l = u->trail[k], *sp = strchr(l, ' ');
            ui_put(y++, 1, sp ? sp + 1 : l, r.w - 1);
        }
    }
}

static void draw_msg(ui *u)
{
    move(u->msg.y, 0);
    clrtoeol();
    if (u->msgbuf[0] == '\0')
        return;
    if (u->colors)
        attron(COLOR_PAIR(u->msg_err ? UI_C_ERROR : UI_C_NOTE));
    if (u->msg_err)
        attron(A_BOLD);
    ui_put(u->msg.y, 0, u->msg_err ? "error: " : "", 7);
    ui_put(u->msg.y, u->msg_err ? 7 : 0, u->msgbuf, u->cols - (u->msg_err ? 7 : 0));
    attroff(A_BOLD);
    if (u->colors)
        attroff(COLOR_PAIR(u->msg_err ? UI_C_ERROR : UI_C_NOTE));
}

static const char *const help_lines[] = {
    "Keys (F1 or ? shows this; any key closes it)",
    "",
    "everywhere   F1 help  F2 command line  F3 results  F4 models",
    "             F5 analogy form  F6 3CosAdd/3CosMul  F10 quit",
    "             PgUp/PgDn scroll the results; mouse: click to select",
    "command line Enter runs any command; Tab completes; Up/Down history;",
    "             Ctrl-C clears the line or cancels a running command;",
    "             Esc goes to the results; quit or Ctrl-D leaves",
    "other panes  Tab moves to the next pane; : goes to the command line",
    "neighbours   Up/Down select  Enter the word's neighbours",
    "             Backspace back along the trail  m 3CosAdd/3CosMul",
    "attention    Left/Right head  Up/Down layer  j/k query token",
    "             o every head (Enter opens the one under the cursor);",
    "             o on the table of 'attn TEXT' opens every head too;",
    "             g / G the head to gnuplot, as for a map",
    "text         arrows, PgUp/PgDn scroll (Left/Right: long lines)",
    "map          arrows pan  + - zoom  0 whole map",
    "             g gnuplot in this terminal  G gnuplot into a file",
    "models       Up/Down select  Enter makes it the model in use",
};

static void draw_help(ui *u)
{
    int n = (int)(sizeof help_lines / sizeof help_lines[0]), w = 72, i;
    int h = n + 2, y0, x0;

    if (w > u->cols - 2)
        w = u->cols - 2;
    if (h > u->rows - 1)
        h = u->rows - 1;
    y0 = (u->rows - h) / 2;
    x0 = (u->cols - w) / 2;
    for (i = 0; i < h; i++) {
        move(y0 + i, x0);
        ui_fill(y0 + i, x0, w, " ");
        ui_glyph(y0 + i, x0, "\u2502");
        ui_glyph(y0 + i, x0 + w - 1, "\u2502");
    }
    ui_fill(y0, x0, w, "\u2500");
    ui_fill(y0 + h - 1, x0, w, "\u2500");
    for (i = 0; i < n && i + 1 < h - 1; i++) {
        if (i == 0)
            attron(A_BOLD);
        ui_put(y0 + 1 + i, x0 + 2, help_lines[i], w - 4);
        attroff(A_BOLD);
    }
}

void ui_draw(ui *u)
{
    erase();
    if (u->rows < 6 || u->cols < 30) {
        ui_put(0, 0, "vecscope: the window is too small", u->cols);
        refresh();
        return;
    }
    draw_title(u);
    draw_side(u);
    views[u->view]->draw(u, u->pane);
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
        r.kind == VS_RESULT_RANKED && u->res.kind == VS_RESULT_RANKED) {
        u->trail = xreallocarray(u->trail, u->ntrail + 1, sizeof *u->trail);
        u->trail[u->ntrail++] = xstrdup(u->line);
    }
    ui_set_result(u, &r, xstrdup(line));
    u->mode = mode;
    show(u, view_for(&u->res, mode));
    /* the command's --plot: the view, and the picture in this terminal */
    if (mode == VS_OUT_TEXT && u->res.plot && u->res.out_path == NULL)
        ui_plot(u, NULL);
    return 0;
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

static void models_key(ui *u, int is_key, wint_t ch)
{
    int n = (int)u->s->nmodels;

    if (is_key && ch == KEY_UP && u->model_sel > 0)
        u->model_sel--;
    else if (is_key && ch == KEY_DOWN && u->model_sel + 1 < n)
        u->model_sel++;
    else if ((is_key && ch == KEY_ENTER) || (!is_key && (ch == '\n' || ch == '\r')))
        use_model(u, u->model_sel);
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
    } else if (ev.x < u->side.w && ev.y > u->side.y && ev.y < u->side.y + u->side.h) {
        int i = ev.y - u->side.y - 1;
        u->focus = UI_FOCUS_MODELS;
        if (i >= 0 && (size_t)i < u->s->nmodels) {
            u->model_sel = i;
            use_model(u, i);
        }
    } else if (ev.y >= u->pane.y && ev.y < u->pane.y + u->pane.h && ev.x >= u->pane.x) {
        u->focus = UI_FOCUS_RESULTS;
        if (views[u->view]->click != NULL)
            views[u->view]->click(u, ev.y, ev.x);
    }
}

static void key(ui *u, int is_key, wint_t ch)
{
    if (u->help) {
        u->help = 0;
        return;
    }
    if (is_key) {
        switch (ch) {
        case KEY_F(1): u->help = 1; return;
        case KEY_F(2): u->focus = UI_FOCUS_CMD; return;
        case KEY_F(3): u->focus = UI_FOCUS_RESULTS; return;
        case KEY_F(4): if (u->side.w) u->focus = UI_FOCUS_MODELS; return;
        case KEY_F(5): show(u, UI_VIEW_FORM); return;
        case KEY_F(6): ui_list_toggle_mul(u); return;
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
            if (u->ask_file) {
                u->ask_file = 0;
                ui_cmdline_clear();
                ui_cmdline_prompt(u);
                ui_message(u, 0, "nothing plotted");
            }
            u->focus = UI_FOCUS_RESULTS;
            return;
        }
        ui_cmdline_key(u, is_key, ch);
        return;
    }
    if (!is_key && ch == '\t' && !(views[u->view]->flags & UI_VIEW_TYPING)) {
        next_focus(u);
        return;
    }
    if (!is_key && ch == '?' && !(views[u->view]->flags & UI_VIEW_TYPING)) {
        u->help = 1;
        return;
    }
    if (!is_key && ch == 4) {  /* Ctrl-D */
        u->quit = 1;
        return;
    }
    if (u->focus == UI_FOCUS_MODELS) {
        models_key(u, is_key, ch);
        return;
    }
    if (!results_key(u, is_key, ch) && !is_key && ch == ':') {
        u->focus = UI_FOCUS_CMD;  /* ':' jumps to the command line */
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
    u->colors = COLORS >= 256 && COLOR_PAIRS > UI_C_RAMP0 + UI_C_NRAMP ? 256 : 8;
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
        }
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
                if (u.ask_file) {
                    u.ask_file = 0;
                    ui_cmdline_prompt(&u);
                }
                ui_cmdline_clear();
                u.focus = UI_FOCUS_CMD;
                ui_message(&u, 0, "Ctrl-C: line cleared (quit, Ctrl-D or F10 leaves)");
            }
            continue;
        }
        if (r == KEY_CODE_YES && ch == KEY_RESIZE) {
            layout(&u);
            continue;
        }
        key(&u, r == KEY_CODE_YES, ch);
    }

    ui_cmdline_close();
    leave_all(&u);
    for (k = 0; k < UI_NVIEWS; k++)
        if (views[k]->free != NULL)
            views[k]->free(u.views[k]);
    vs_result_clear(&u.res);
    free(u.line);
    vs_argv_free((int)u.ntrail, u.trail);
    s->progress = old_progress;
    s->in_tui = 0;
    endwin();
    curses_on = 0;
    fatal_handlers(0);
    delscreen(scr);
    return 0;
}
