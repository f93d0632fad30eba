/*
 * lineedit.c - see lineedit.h. The prompt and the full-screen interface
 * both edit lines with readline; what they have in common lives here once.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cmd/cmd.h"
#include "cmd/vecref.h"
#include "lineedit.h"
#include "utf8.h"
#include "xalloc.h"

#define HISTORY_LINES 2000

static vs_session *edit_session;
static char *hist_path;

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

/* Words of the current model starting with text. Readline prints the
 * candidates itself, so words that would need escaping (control
 * characters, escape sequences) are not offered. */
static char *complete_word(const char *text, int state)
{
    static size_t id;
    size_t len = strlen(text);
    vs_model *m = vs_session_model(edit_session);

    if (state == 0)
        id = 0;
    if (m == NULL || m->vocab == NULL)
        return NULL;
    for (; id < m->n; id++) {
        const char *w = vs_vocab_word(m->vocab, id);
        if (strncmp(w, text, len) == 0 &&
            vs_printable(w, vs_vocab_len(m->vocab, id))) {
            id++;
            return xstrdup(w);
        }
    }
    return NULL;
}

/* "@NAME" for the vectors kept with `as NAME` (cmd/vecref.h) whose name
 * starts with what follows the '@' of text. */
static char *complete_kept(const char *text, int state)
{
    static size_t i;
    size_t len = strlen(text + 1);

    if (state == 0)
        i = 0;
    for (; i < edit_session->nitems; i++) {
        const vs_session_item *it = &edit_session->items[i];
        if (strcmp(it->kind, VS_VECTOR_KIND) == 0 && strncmp(it->name, text + 1, len) == 0)
            return xasprintf("@%s", edit_session->items[i++].name);
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
    if (text[0] == '@')
        return rl_completion_matches(text, complete_kept);
    return rl_completion_matches(text, complete_word);
}

/* --- set-up and history --- */

/* The history file must be a regular file (or not exist yet): readline
 * would block on a FIFO and read a device forever. Otherwise history is not
 * kept, and the user is told once. */
static int history_file_ok(const char *path)
{
    struct stat st;
    char *e;

    if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
        return 1;
    e = vs_escape(path, strlen(path));
    fprintf(stderr, "vecscope: %s is not a regular file; history is not kept this time\n", e);
    free(e);
    return 0;
}

void vs_lineedit_init(vs_session *s)
{
    static int history_read;

    edit_session = s;
    rl_readline_name = "vecscope";
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = " \t\"";
    rl_catch_signals = 0;
    if (history_read)
        return;
    history_read = 1;
    using_history();
    stifle_history(HISTORY_LINES);
    hist_path = vs_history_path();
    if (hist_path != NULL && !history_file_ok(hist_path)) {
        free(hist_path);
        hist_path = NULL;
    }
    if (hist_path != NULL)
        read_history(hist_path);
}

void vs_lineedit_remember(const char *line)
{
    if (line[strspn(line, " \t")] == '\0')
        return;
    add_history(line);
    if (hist_path == NULL)
        return;
    make_parent(hist_path);
    if (append_history(1, hist_path) != 0)
        write_history(hist_path);
    history_truncate_file(hist_path, HISTORY_LINES);
}
