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

/* The command's options starting with text: --name, or -k for an option
 * whose name is its one-letter short form. */
static char *complete_option(const char *text, int state)
{
    static int i;
    size_t len = strlen(text);
    const vs_opt *o = completing_cmd ? completing_cmd->opts : NULL;

    if (state == 0)
        i = 0;
    for (; o != NULL && o[i].name != NULL; i++) {
        char *full = o[i].short_name != 0 && o[i].name[1] == '\0'
                         ? xasprintf("-%c", o[i].short_name)
                         : xasprintf("--%s", o[i].name);
        if (strncmp(full, text, len) == 0) {
            i++;
            return full;
        }
        free(full);
    }
    return NULL;
}

/* The values of an enumeration ("sqrt|linear") starting with text. */
static const char *completing_values;

static char *complete_value(const char *text, int state)
{
    static const char *p;
    size_t len = strlen(text);

    if (state == 0)
        p = completing_values;
    while (p != NULL && *p != '\0') {
        size_t n = strcspn(p, "|");
        const char *v = p;
        p += n;
        if (*p == '|')
            p++;
        if (n >= len && strncmp(v, text, len) == 0)
            return xstrndup(v, n);
    }
    return NULL;
}

/* The open models' names starting with text. */
static char *complete_model(const char *text, int state)
{
    static size_t i;
    size_t len = strlen(text);

    if (state == 0)
        i = 0;
    for (; edit_session != NULL && i < edit_session->nmodels; i++) {
        const char *name = edit_session->models[i]->name;
        if (strncmp(name, text, len) == 0 && vs_printable(name, strlen(name))) {
            i++;
            return xstrdup(name);
        }
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

/* Completion of one value described by kind: "a|b|c", FILE/F/DIR, MODEL,
 * COMMAND, WORD (the model's words, as NULL; "@..." a kept vector's name),
 * "-" or any other name (a number, a name of the user's: nothing is
 * offered). */
static char **complete_kind(const char *text, const char *kind)
{
    if (text[0] == '@' && (kind == NULL || strcmp(kind, "WORD") == 0))
        return rl_completion_matches(text, complete_kept);
    if (kind == NULL)
        return rl_completion_matches(text, complete_word);
    if (strcmp(kind, "FILE") == 0 || strcmp(kind, "F") == 0 || strcmp(kind, "DIR") == 0) {
        rl_attempted_completion_over = 0;  /* readline's file names */
        return NULL;
    }
    if (strcmp(kind, "MODEL") == 0)
        return rl_completion_matches(text, complete_model);
    if (strcmp(kind, "WORD") == 0)
        return rl_completion_matches(text, complete_word);
    if (strcmp(kind, "COMMAND") == 0)
        return rl_completion_matches(text, complete_command);
    if (strchr(kind, '|') != NULL) {
        completing_values = kind;
        return rl_completion_matches(text, complete_value);
    }
    return NULL;
}

/* The option of the command written w ("--name", "-k"), or NULL. */
static const vs_opt *option_named(const vs_cmd *c, const char *w, size_t len)
{
    const vs_opt *o;

    for (o = c != NULL ? c->opts : NULL; o != NULL && o->name != NULL; o++) {
        if (len == strlen(o->name) + 2 && strncmp(w, "--", 2) == 0 &&
            strncmp(w + 2, o->name, len - 2) == 0)
            return o;
        if (len == 2 && w[0] == '-' && o->short_name != 0 && w[1] == o->short_name)
            return o;
    }
    return NULL;
}

/* The kind of the n-th positional argument (from 0) in the command's
 * completion spec ("analogy|sim FILE": the last word stands for the rest),
 * copied into buf; NULL for the model's words. */
static const char *positional_kind(const vs_cmd *c, int n, char *buf, size_t size)
{
    const char *p = c != NULL ? c->complete : NULL;
    size_t len;

    if (p == NULL)
        return NULL;
    for (;;) {
        len = strcspn(p, " ");
        if (n == 0 || p[len] == '\0')
            break;
        p += len + 1;
        n--;
    }
    snprintf(buf, size, "%.*s", (int)len, p);
    return buf;
}

/* What to offer at the word being completed (text, at start in the line):
 * the commands for the first word; then, by what the words before it are,
 * an option's name, an option's values (an enumeration, file names, or
 * nothing for a number), or what the command's positional arguments take
 * (cmd->complete). */
static char **complete(const char *text, int start, int end)
{
    char *before = xstrndup(rl_line_buffer, (size_t)start), kind[128];
    char **words = NULL, **m = NULL;
    const vs_opt *pending = NULL;
    int nwords = 0, i, npos = 0;
    vs_error err;

    (void)end;
    rl_attempted_completion_over = 1;
    if (vs_split_words(before, &nwords, &words, &err) < 0)
        nwords = 0;  /* an open quote: complete as a word */
    free(before);
    if (nwords == 0) {
        vs_argv_free(nwords, words);
        return rl_completion_matches(text, complete_command);
    }
    completing_cmd = vs_cmd_lookup(words[0], &err);
    /* the words before this one: options, the values they take, positionals */
    for (i = 1; i < nwords; i++) {
        const char *w = words[i];
        const vs_opt *o = w[0] == '-' ? option_named(completing_cmd, w, strcspn(w, "=")) : NULL;
        if (pending != NULL)
            pending = NULL;
        else if (o != NULL && o->type != VS_OPT_FLAG && strchr(w, '=') == NULL)
            pending = o;
        else if (o == NULL && w[0] != '-')
            npos++;
    }
    vs_argv_free(nwords, words);
    if (pending != NULL)
        m = complete_kind(text, pending->arg_name != NULL ? pending->arg_name : "-");
    else if (text[0] == '-')
        m = rl_completion_matches(text, complete_option);
    else
        m = complete_kind(text, positional_kind(completing_cmd, npos, kind, sizeof kind));
    return m;
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
