/*
 * selection.c - choosing the words of a map (see selection.h).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "readfile.h"
#include "selection.h"
#include "xalloc.h"

/* A set of the words already chosen, so each word is one point. */
typedef struct seen {
    const char **slot;
    size_t cap;
} seen;

static size_t str_hash(const char *s)
{
    size_t h = 1469598103934665603ULL;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

/* 1 if w was new (and is now in the set), 0 if it was there. */
static int seen_add(seen *t, const char *w, size_t count)
{
    size_t i;

    if (2 * (count + 1) > t->cap) {
        seen old = *t;
        t->cap = t->cap ? 2 * t->cap : 64;
        t->slot = xcalloc(t->cap, sizeof *t->slot);
        for (i = 0; i < old.cap; i++)
            if (old.slot[i] != NULL) {
                size_t j = str_hash(old.slot[i]) & (t->cap - 1);
                while (t->slot[j] != NULL)
                    j = (j + 1) & (t->cap - 1);
                t->slot[j] = old.slot[i];
            }
        free(old.slot);
    }
    for (i = str_hash(w) & (t->cap - 1); t->slot[i] != NULL; i = (i + 1) & (t->cap - 1))
        if (strcmp(t->slot[i], w) == 0)
            return 0;
    t->slot[i] = w;
    return 1;
}

static void sel_add(vs_selection *s, seen *t, const char *word, const char *group)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->words = xreallocarray(s->words, s->cap, sizeof *s->words);
        s->groups = xreallocarray(s->groups, s->cap, sizeof *s->groups);
    }
    s->words[s->n] = xstrdup(word);
    if (!seen_add(t, s->words[s->n], s->n)) {
        free(s->words[s->n]);
        s->dropped++;
        return;
    }
    s->groups[s->n] = group ? xstrdup(group) : NULL;
    s->n++;
}

void vs_selection_free(vs_selection *s)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        free(s->words[i]);
        if (s->groups != NULL)
            free(s->groups[i]);
    }
    free(s->words);
    free(s->groups);
    memset(s, 0, sizeof *s);
}

/* The largest --file (or --groups) read: a word list, not a corpus. */
#define WORD_FILE_MAX ((size_t)256 << 20)

/* Read whole through the one reader of user files (a regular file,
 * bounded); a NUL byte is an error naming its line. */
int vs_word_file_read(const char *cmd, const char *path,
                      void (*add)(void *ud, const char *word, const char *group),
                      void *ud, vs_error *err)
{
    char *buf, *line, *next;
    size_t len, lineno = 0;

    if (vs_read_text_file(path, WORD_FILE_MAX, &buf, &len, err) < 0)
        return vs_fail_prefix(err, "%s", cmd);
    for (line = buf; line < buf + len; line = next) {
        char *end = memchr(line, '\n', (size_t)(buf + len - line)), *w, *g;
        if (end == NULL)
            end = buf + len;
        next = end + 1;
        lineno++;
        if (memchr(line, '\0', (size_t)(end - line)) != NULL) {
            vs_fail(err, "%s: %s: line %zu holds a NUL byte; --file takes a text file of "
                         "words", cmd, path, lineno);
            free(buf);
            return -1;
        }
        *end = '\0';
        while (end > line && end[-1] == '\r')
            *--end = '\0';
        w = line + strspn(line, " \t");
        if (*w == '\0' || *w == '#')
            continue;
        g = w + strcspn(w, "\t ");
        if (*g != '\0') {
            *g++ = '\0';
            g += strspn(g, " \t");
            g[strcspn(g, "\t")] = '\0';
        }
        add(ud, w, *g ? g : NULL);
    }
    free(buf);
    return 0;
}

/* --file F, through vs_word_file_read: each word into the selection. */
struct file_sel {
    vs_selection *s;
    seen *t;
};

static void file_add(void *ud, const char *word, const char *group)
{
    struct file_sel *fs = ud;

    sel_add(fs->s, fs->t, word, group);
}

/* --near WORD -k K: the word, then its neighbours, all in group WORD. */
static int add_near(vs_model *m, const char *cmd, const char *w, long long k,
                    vs_selection *s, seen *t, vs_error *err)
{
    vs_term term = {w, 1.0f, NULL};
    vs_hit *hits;
    size_t nh = 0, j;

    if ((unsigned long long)k > m->n)
        k = (long long)m->n;   /* no more neighbours exist (k sizes hits) */
    hits = xmallocarray((size_t)k ? (size_t)k : 1, sizeof *hits);

    if (vs_most_similar(m, &term, 1, (size_t)k, 0, VS_SCAN_8BIT, hits, &nh, err) < 0) {
        free(hits);
        return vs_fail_prefix(err, "%s", cmd);
    }
    sel_add(s, t, w, w);
    for (j = 0; j < nh; j++)
        sel_add(s, t, vs_vocab_word(m->vocab, hits[j].id), w);
    free(hits);
    return 0;
}

int vs_select(vs_model *m, const vs_args *a, vs_selection *s, vs_error *err)
{
    const char *cmd = a->cmd->name;
    int nnear = vs_arg_count(a, "near");
    int sources = (a->argc > 0) + vs_arg_set(a, "top") + vs_arg_set(a, "file") +
                  (nnear > 0);
    seen t = {NULL, 0};
    int i, rc = -1;

    memset(s, 0, sizeof *s);
    if (sources != 1) {
        vs_fail(err, "%s: give exactly one kind of selection: words, --top N, "
                     "--file F or --near WORD (got %d)", cmd, sources);
        goto out;
    }
    if (vs_arg_set(a, "k") && nnear == 0) {
        vs_fail(err, "%s: -k goes with --near WORD", cmd);
        goto out;
    }
    if (a->argc > 0) {
        for (i = 0; i < a->argc; i++)
            sel_add(s, &t, a->argv[i], NULL);
    } else if (vs_arg_set(a, "top")) {
        long long top = vs_arg_int(a, "top", 0);
        size_t j;
        if (top < 1) {
            vs_fail(err, "%s: --top must be at least 1, got %lld", cmd, top);
            goto out;
        }
        for (j = 0; j < (size_t)top && j < m->n; j++)
            sel_add(s, &t, vs_vocab_word(m->vocab, j), NULL);
        s->top = s->dropped == 0;
    } else if (vs_arg_set(a, "file")) {
        struct file_sel fs = {s, &t};
        if (vs_word_file_read(cmd, vs_arg_str(a, "file", NULL), file_add, &fs, err) < 0)
            goto out;
    } else {
        long long k = vs_arg_int(a, "k", 10);
        if (k < 1) {
            vs_fail(err, "%s: -k must be at least 1, got %lld", cmd, k);
            goto out;
        }
        for (i = 0; i < nnear; i++)
            if (add_near(m, cmd, vs_arg_nth(a, "near", i), k, s, &t, err) < 0)
                goto out;
    }
    /* groups only when at least one word has one; the others get "" */
    {
        size_t j, any = 0;
        for (j = 0; j < s->n; j++)
            any |= s->groups[j] != NULL;
        if (!any) {
            free(s->groups);
            s->groups = NULL;
        } else {
            for (j = 0; j < s->n; j++)
                if (s->groups[j] == NULL)
                    s->groups[j] = xstrdup("");
        }
    }
    rc = 0;
out:
    free(t.slot);
    if (rc < 0)
        vs_selection_free(s);
    return rc;
}

int vs_selection_vectors(vs_model *m, const vs_selection *sel, const char *cmd,
                         const float **X, float **owned, vs_error *err)
{
    float *copy = NULL;
    const float *rows;
    size_t i, j;

    *X = NULL;
    *owned = NULL;
    if (sel->top) {
        rows = m->vecs;
    } else {
        copy = xmallocarray(sel->n ? sel->n : 1, m->dim * sizeof *copy);
        for (i = 0; i < sel->n; i++) {
            long id;
            if (vs_word_vector(m, sel->words[i], copy + i * m->dim, &id, err) < 0) {
                free(copy);
                return vs_fail_prefix(err, "%s", cmd);
            }
        }
        rows = copy;
    }
    for (i = 0; i < sel->n; i++)
        for (j = 0; j < m->dim; j++)
            if (!isfinite(rows[i * m->dim + j])) {
                free(copy);
                return vs_fail(err, "%s: the vector of \"%s\" has a NaN or infinite "
                                    "component (dimension %zu)", cmd, sel->words[i], j);
            }
    *X = rows;
    *owned = copy;
    return 0;
}
