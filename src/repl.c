/*
 * repl.c - the interactive prompt.
 *
 * readline's callback interface is fed from a select() loop, so that Ctrl-C
 * at the prompt (which only sets vs_interrupted, see frontend.c) can throw
 * the half-typed line away and show a fresh prompt, and Ctrl-C during a
 * command cancels just that command. History persists in the XDG state
 * folder; Tab completes command names, option names, and the current
 * model's words.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "frontend.h"
#include "repl.h"
#include "xalloc.h"

#define HISTORY_LINES 2000

static vs_session *repl_session;
static char *pending_line;
static int got_line, got_eof;

char *vs_history_path(void)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

    if (state != NULL && state[0] == '/')
        return xasprintf("%s/vecscope/history", state);
    if (home != NULL && home[0] != '\0')
        return xasprintf("%s/.local/state/vecscope/history", home);
    return NULL;
}

/* mkdir -p of the folder holding path. */
static void make_parent(const char *path)
{
    char *dir = xstrdup(path), *p;

    for (p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(dir, 0700);
        *p = '/';
    }
    free(dir);
}

/* --- completion --- */

/* Command names and aliases starting with text. */
static char *complete_command(const char *text, int state)
{
    static size_t i, j;
    size_t len = strlen(text);

    if (state == 0)
        i = j = 0;
    for (; vs_cmd_table[i] != NULL; i++, j = 0) {
        const vs_cmd *c = vs_cmd_table[i];
        if (j == 0) {
            j = 1;
            if (strncmp(c->name, text, len) == 0)
                return xstrdup(c->name);
        }
        for (; c->aliases != NULL && c->aliases[j - 1] != NULL; j++)
            if (strncmp(c->aliases[j - 1], text, len) == 0)
                return xstrdup(c->aliases[j++ - 1]);
    }
    return NULL;
}

static const vs_cmd *completing_cmd;

/* The command's options starting with text. */
static char *complete_option(const char *text, int state)
{
    static int i;
    size_t len = strlen(text);
    const vs_opt *o = completing_cmd ? completing_cmd->opts : NULL;

    if (state == 0)
        i = 0;
    for (; o != NULL && o[i].name != NULL; i++) {
        char *full = xasprintf("--%s", o[i].name);
        if (strncmp(full, text, len) == 0) {
            i++;
            return full;
        }
        free(full);
    }
    return NULL;
}

/* Words of the current model starting with text. */
static char *complete_word(const char *text, int state)
{
    static size_t id;
    size_t len = strlen(text);
    vs_model *m = vs_session_model(repl_session);

    if (state == 0)
        id = 0;
    if (m == NULL || m->vocab == NULL)
        return NULL;
    for (; id < m->n; id++) {
        const char *w = vs_vocab_word(m->vocab, id);
        if (strncmp(w, text, len) == 0) {
            id++;
            return xstrdup(w);
        }
    }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    char first[64];
    size_t i = 0;
    const char *p = rl_line_buffer;
    vs_error err;

    (void)end;
    rl_attempted_completion_over = 1;
    while (*p == ' ')
        p++;
    if (p - rl_line_buffer >= start)
        return rl_completion_matches(text, complete_command);
    while (*p && *p != ' ' && i + 1 < sizeof first)
        first[i++] = *p++;
    first[i] = '\0';
    completing_cmd = vs_cmd_lookup(first, &err);
    if (text[0] == '-')
        return rl_completion_matches(text, complete_option);
    if (completing_cmd == &vs_cmd_load || completing_cmd == &vs_cmd_save) {
        rl_attempted_completion_over = 0;  /* file names */
        return NULL;
    }
    if (completing_cmd == &vs_cmd_help)
        return rl_completion_matches(text, complete_command);
    return rl_completion_matches(text, complete_word);
}

/* --- the loop --- */

static void on_line(char *line)
{
    if (line == NULL)
        got_eof = 1;
    else
        pending_line = line;
    got_line = 1;
    rl_callback_handler_remove();
}

static const char *prompt(void)
{
    static char buf[128];
    const vs_model *m = vs_session_model(repl_session);

    snprintf(buf, sizeof buf, "%.60s> ", m ? m->name : "vecscope");
    return buf;
}

int vs_repl(vs_session *s, enum vs_output out, const vs_render_opts *o)
{
    char *hist = vs_history_path();

    repl_session = s;
    rl_readline_name = "vecscope";
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = " \t\"";
    rl_catch_signals = 0;
    using_history();
    stifle_history(HISTORY_LINES);
    if (hist != NULL)
        read_history(hist);
    if (s->nmodels == 0)
        fprintf(o->msg, "vecscope %s: no model is open. 'load PATH' opens one; 'help' lists "
                "the commands.\n", PACKAGE_VERSION);
    else
        fprintf(o->msg, "vecscope %s: 'help' lists the commands; Ctrl-D leaves.\n",
                PACKAGE_VERSION);

    while (!s->quit) {
        got_line = got_eof = 0;
        pending_line = NULL;
        rl_callback_handler_install(prompt(), on_line);
        while (!got_line) {
            fd_set fds;
            FD_ZERO(&fds);
            FD_SET(STDIN_FILENO, &fds);
            if (select(STDIN_FILENO + 1, &fds, NULL, NULL, NULL) < 0) {
                if (errno == EINTR && vs_interrupted) {
                    /* Ctrl-C at the prompt: drop the line, fresh prompt */
                    vs_interrupted = 0;
                    rl_replace_line("", 0);
                    rl_crlf();
                    rl_on_new_line();
                    rl_redisplay();
                }
                continue;
            }
            rl_callback_read_char();
        }
        if (got_eof) {
            fputc('\n', o->out);
            break;
        }
        if (pending_line[strspn(pending_line, " \t")] != '\0') {
            add_history(pending_line);
            if (hist != NULL) {
                make_parent(hist);
                if (append_history(1, hist) != 0)
                    write_history(hist);
                history_truncate_file(hist, HISTORY_LINES);
            }
            vs_frontend_run(s, pending_line, NULL, out, o);
        }
        free(pending_line);
    }
    free(hist);
    return 0;
}
