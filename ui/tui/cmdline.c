/*
 * cmdline.c - readline on the bottom line of the screen.
 *
 * readline's callback interface, kept off the terminal: curses reads the
 * keys, each character's bytes go into a small queue that readline takes
 * from through rl_getc_function, and rl_redisplay_function draws the line
 * with curses. readline never prepares the terminal, catches no signal and
 * writes nothing (its output stream is /dev/null). Editing keys that curses
 * has already decoded (arrows, Home, End, Delete) call readline's own
 * functions. History and Tab completion are lineedit.c's, shared with the
 * prompt.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "lineedit.h"
#include "ui.h"
#include "utf8.h"
#include "xalloc.h"

static ui *cur_ui;
static unsigned char queue[64];
static size_t qhead, qlen;
static int cursor_col;
static char prompt_buf[160];
static char ask_prompt[96];  /* what ui_ask asks, while it asks */

/* what readline had before, restored on leaving */
static struct {
    rl_getc_func_t *getc;
    rl_hook_func_t *avail;
    rl_voidfunc_t *redisplay;
    rl_vintfunc_t *prep;
    rl_voidfunc_t *deprep;
    rl_compdisp_func_t *matches;
    FILE *out;
    int change_env, catch_winch;
} saved;
static FILE *devnull;

static int q_getc(FILE *f)
{
    unsigned char c;

    (void)f;
    if (qlen == 0)
        return EOF;
    c = queue[qhead];
    qhead = (qhead + 1) % sizeof queue;
    qlen--;
    return c;
}

static int q_available(void)
{
    return qlen > 0;
}

static void q_push(unsigned char c)
{
    if (qlen < sizeof queue) {
        queue[(qhead + qlen) % sizeof queue] = c;
        qlen++;
    }
}

static void no_prep(int meta)
{
    (void)meta;
}

static void no_deprep(void)
{
}

static void redisplay(void)
{
    if (cur_ui == NULL)
        return;
    ui_cmdline_draw(cur_ui);
    move(cur_ui->cmd.y, cursor_col);
    refresh();
}

/* Several completions: list them on the message line instead of letting
 * readline print them. */
static void show_matches(char **matches, int n, int maxlen)
{
    char buf[1024];
    size_t len = 0;
    int i;

    (void)maxlen;
    buf[0] = '\0';
    for (i = 1; i <= n && len + 2 < sizeof buf; i++) {
        int k = snprintf(buf + len, sizeof buf - len, "%s%s", i > 1 ? "  " : "", matches[i]);
        if (k < 0)
            break;
        len += (size_t)k;
    }
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    buf[len] = '\0';
    ui_message(cur_ui, 0, "%d completions: %s", n, buf);
    ui_draw(cur_ui);
}

static void on_line(char *line);

void ui_cmdline_prompt(ui *u)
{
    const vs_model *m = vs_session_model(u->s);
    char *name = vs_escape(m ? m->name : "vecscope", strlen(m ? m->name : "vecscope"));

    if (u->ask != UI_ASK_NONE)
        snprintf(prompt_buf, sizeof prompt_buf, "%s", ask_prompt);
    else
        snprintf(prompt_buf, sizeof prompt_buf, "%.40s> ", name);
    free(name);
    rl_callback_handler_remove();
    rl_callback_handler_install(prompt_buf, on_line);
}

void ui_cmdline_open(ui *u)
{
    cur_ui = u;
    vs_lineedit_init(u->s);
    saved.getc = rl_getc_function;
    saved.avail = rl_input_available_hook;
    saved.redisplay = rl_redisplay_function;
    saved.prep = rl_prep_term_function;
    saved.deprep = rl_deprep_term_function;
    saved.matches = rl_completion_display_matches_hook;
    saved.out = rl_outstream;
    saved.change_env = rl_change_environment;
    saved.catch_winch = rl_catch_sigwinch;
    if (devnull == NULL)
        devnull = fopen("/dev/null", "w");
    rl_getc_function = q_getc;
    rl_input_available_hook = q_available;
    rl_redisplay_function = redisplay;
    rl_prep_term_function = no_prep;
    rl_deprep_term_function = no_deprep;
    rl_completion_display_matches_hook = show_matches;
    rl_outstream = devnull;
    rl_change_environment = 0;  /* no LINES/COLUMNS: curses tracks the size */
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_variable_bind("bell-style", "none");
    ui_cmdline_prompt(u);
}

void ui_cmdline_close(void)
{
    rl_callback_handler_remove();
    rl_getc_function = saved.getc;
    rl_input_available_hook = saved.avail;
    rl_redisplay_function = saved.redisplay;
    rl_prep_term_function = saved.prep;
    rl_deprep_term_function = saved.deprep;
    rl_completion_display_matches_hook = saved.matches;
    rl_outstream = saved.out;
    rl_change_environment = saved.change_env;
    rl_catch_sigwinch = saved.catch_winch;
    cur_ui = NULL;
}

void ui_cmdline_clear(void)
{
    rl_replace_line("", 0);
    rl_point = rl_end = 0;
    qlen = 0;
}

int ui_cmdline_empty(void)
{
    return rl_line_buffer == NULL || rl_end == 0;
}

void ui_ask(ui *u, enum ui_ask ask, const char *prompt)
{
    snprintf(ask_prompt, sizeof ask_prompt, "%s", prompt);
    u->ask = ask;
    u->focus = UI_FOCUS_CMD;
    ui_cmdline_clear();
    ui_cmdline_prompt(u);
}

/* The answer to ui_ask: a file to plot into, or the view's question. */
static void answer(ui *u, enum ui_ask ask, const char *line)
{
    const char *text = line + strspn(line, " \t");

    u->focus = UI_FOCUS_RESULTS;
    if (ask == UI_ASK_FILE) {
        if (*text != '\0')
            ui_plot(u, text);
        else
            ui_message(u, 0, "no file name: nothing plotted");
    } else {
        ui_answer(u, ask, text);
    }
}

static void on_line(char *line)
{
    ui *u = cur_ui;
    enum ui_ask ask = u->ask;

    rl_callback_handler_remove();
    u->ask = UI_ASK_NONE;
    if (line == NULL) {          /* Ctrl-D on an empty line */
        if (ask == UI_ASK_NONE) {
            u->quit = 1;
            return;
        }
    } else if (ask != UI_ASK_NONE) {
        answer(u, ask, line);
    } else if (line[strspn(line, " \t")] != '\0') {
        vs_lineedit_remember(line);
        ui_run(u, line, 1);
    }
    free(line);
    if (!u->quit)
        ui_cmdline_prompt(u);
}

static void feed(void)
{
    while (qlen > 0 && cur_ui != NULL && !cur_ui->quit)
        rl_callback_read_char();
}

void ui_cmdline_key(ui *u, int is_key, wint_t ch)
{
    if (is_key) {
        switch (ch) {
        case KEY_LEFT: rl_backward_char(1, 0); break;
        case KEY_RIGHT: rl_forward_char(1, 0); break;
        case KEY_HOME: rl_beg_of_line(1, 0); break;
        case KEY_END: rl_end_of_line(1, 0); break;
        case KEY_UP: rl_get_previous_history(1, 0); break;
        case KEY_DOWN: rl_get_next_history(1, 0); break;
        case KEY_DC: rl_delete(1, 0); break;
        case KEY_BACKSPACE: q_push(127); feed(); return;
        case KEY_ENTER: q_push('\r'); feed(); return;
        default: return;
        }
        if (cur_ui != NULL)
            redisplay();
        return;
    }
    if (ch < 0x80) {
        q_push((unsigned char)ch);
    } else {
        char mb[MB_LEN_MAX];
        mbstate_t st;
        size_t n, i;
        memset(&st, 0, sizeof st);
        n = wcrtomb(mb, (wchar_t)ch, &st);
        if (n == (size_t)-1)
            return;
        for (i = 0; i < n; i++)
            q_push((unsigned char)mb[i]);
    }
    feed();
}

/* The prompt and the line, scrolled so the cursor stays in view. */
void ui_cmdline_draw(ui *u)
{
    const char *buf = rl_line_buffer ? rl_line_buffer : "";
    /* readline's prompt of the moment: ours, or its search prompt (Ctrl-R) */
    const char *prompt = rl_display_prompt ? rl_display_prompt : prompt_buf;
    char *before = xstrndup(buf, (size_t)(rl_point >= 0 ? rl_point : 0));
    int pw = ui_width(prompt), cw = ui_width(before), avail = u->cmd.w - pw - 1;
    int skip = 0, x;

    move(u->cmd.y, 0);
    clrtoeol();
    if (u->focus == UI_FOCUS_CMD)
        attron(A_BOLD);
    x = ui_put(u->cmd.y, 0, prompt, u->cmd.w);
    attroff(A_BOLD);
    if (avail < 1)
        avail = 1;
    if (cw > avail)
        skip = cw - avail;
    /* draw the line from the first character past `skip` columns */
    {
        char *e = vs_escape(buf, strlen(buf));
        const char *p = e;
        int w = 0;
        while (*p && w < skip) {
            char one[8];
            size_t n = 1;
            while ((p[n] & 0xC0) == 0x80)
                n++;
            memcpy(one, p, n);
            one[n] = '\0';
            w += ui_width(one);
            p += n;
        }
        ui_put(u->cmd.y, x, p, u->cmd.w - x);
        free(e);
    }
    cursor_col = x + cw - skip;
    if (cursor_col >= u->cmd.w)
        cursor_col = u->cmd.w - 1;
    free(before);
}

int ui_cmdline_cursor(void)
{
    return cursor_col;
}
