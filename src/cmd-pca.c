/*
 * cmd-pca.c - `pca SELECTION`: a 2-D or 3-D map of chosen words by principal
 * component analysis, computed by the "pca" plugin (plugins/pca).
 *
 * The selection is the words on the line, --top N, --file F (one word a
 * line, an optional second column naming its group) or --near WORD -k K.
 * The option parser keeps one value per option, so one --near per command.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "plugin.h"
#include "query.h"
#include "render.h"
#include "xalloc.h"

static const vs_opt pca_opts[] = {
    {"dims", 0, VS_OPT_INT, "2|3", "dimensions of the map (default 2)"},
    {"top", 0, VS_OPT_INT, "N", "the first N words of the vocabulary"},
    {"file", 0, VS_OPT_STRING, "F", "words from a file, one a line, optional group column"},
    {"near", 0, VS_OPT_STRING, "WORD", "a word and its K nearest neighbours"},
    {"k", 'k', VS_OPT_INT, "K", "neighbours for --near (default 10)"},
    {"out", 0, VS_OPT_STRING, "FILE", "also write the points as TSV to FILE"},
    {NULL, 0, 0, NULL, NULL}
};

/* The chosen words and, when they have them, their groups. */
typedef struct selection {
    char **words;
    char **groups;   /* NULL when ungrouped */
    size_t n, cap;
} selection;

static void sel_add(selection *s, const char *word, const char *group)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->words = xreallocarray(s->words, s->cap, sizeof *s->words);
        s->groups = xreallocarray(s->groups, s->cap, sizeof *s->groups);
    }
    s->words[s->n] = xstrdup(word);
    s->groups[s->n] = group ? xstrdup(group) : NULL;
    s->n++;
}

static void sel_free(selection *s)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        free(s->words[i]);
        if (s->groups != NULL)
            free(s->groups[i]);
    }
    free(s->words);
    free(s->groups);
}

/* --file F: "word" or "word<TAB>group" (or blank-separated) a line; blank
 * lines and lines starting with '#' are skipped. */
static int read_word_file(const char *path, selection *s, vs_error *err)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;

    if (f == NULL)
        return vs_fail(err, "pca: cannot open %s: %s", path, strerror(errno));
    while ((len = getline(&line, &cap, f)) >= 0) {
        char *w, *g;
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        w = line + strspn(line, " \t");
        if (*w == '\0' || *w == '#')
            continue;
        g = w + strcspn(w, "\t ");
        if (*g != '\0') {
            *g++ = '\0';
            g += strspn(g, " \t");
            g[strcspn(g, "\t")] = '\0';
        }
        sel_add(s, w, *g ? g : NULL);
    }
    free(line);
    if (ferror(f)) {
        fclose(f);
        return vs_fail(err, "pca: reading %s: %s", path, strerror(errno));
    }
    fclose(f);
    return 0;
}

/* Fills s from the command's selection options. */
static int select_words(vs_model *m, const vs_args *a, selection *s, vs_error *err)
{
    int sources = (a->argc > 0) + vs_arg_set(a, "top") + vs_arg_set(a, "file") +
                  vs_arg_set(a, "near");
    int i;

    if (sources != 1)
        return vs_fail(err, "pca: give exactly one selection: words, --top N, --file F "
                            "or --near WORD (got %d)", sources);
    if (a->argc > 0) {
        for (i = 0; i < a->argc; i++)
            sel_add(s, a->argv[i], NULL);
    } else if (vs_arg_set(a, "top")) {
        long long top = vs_arg_int(a, "top", 0);
        size_t j;
        if (top < 1)
            return vs_fail(err, "pca: --top must be at least 1, got %lld", top);
        for (j = 0; j < (size_t)top && j < m->n; j++)
            sel_add(s, vs_vocab_word(m->vocab, j), NULL);
    } else if (vs_arg_set(a, "file")) {
        if (read_word_file(vs_arg_str(a, "file", NULL), s, err) < 0)
            return -1;
    } else {
        const char *w = vs_arg_str(a, "near", NULL);
        long long k = vs_arg_int(a, "k", 10);
        vs_term t = {w, 1.0f};
        vs_hit *hits;
        size_t nh = 0, j;
        if (k < 1)
            return vs_fail(err, "pca: -k must be at least 1, got %lld", k);
        hits = xmallocarray((size_t)k, sizeof *hits);
        if (vs_most_similar(m, &t, 1, (size_t)k, 0, hits, &nh, err) < 0) {
            free(hits);
            return vs_fail_prefix(err, "pca");
        }
        sel_add(s, w, w);
        for (j = 0; j < nh; j++)
            sel_add(s, vs_vocab_word(m->vocab, hits[j].id), w);
        free(hits);
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
    return 0;
}

static int exec_pca(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *m = vs_session_model(s);
    long long dims = vs_arg_int(a, "dims", 2);
    selection sel = {0};
    const vs_plugin *p;
    float *X = NULL, *Y = NULL;
    const float *Xp;
    double info[3];
    size_t i, j;
    int rc = -1;

    if (dims != 2 && dims != 3)
        return vs_fail(err, "pca: --dims must be 2 or 3, got %lld", dims);
    if (select_words(m, a, &sel, err) < 0)
        goto out;
    if (sel.n < 3) {
        vs_fail(err, "pca: a map needs at least 3 words, got %zu", sel.n);
        goto out;
    }
    if ((size_t)dims > m->dim) {
        vs_fail(err, "pca: the model has %zu dimensions, fewer than --dims %lld",
                m->dim, dims);
        goto out;
    }
    /* 1. the vectors, one row a word: the model's own rows when the words
     * are its first n (--top: no copy of a matrix that may be gigabytes),
     * else copies */
    if (vs_arg_set(a, "top")) {
        Xp = m->vecs;
    } else {
        X = xmallocarray(sel.n, m->dim * sizeof *X);
        for (i = 0; i < sel.n; i++) {
            long id;
            if (vs_word_vector(m, sel.words[i], X + i * m->dim, &id, err) < 0) {
                vs_fail_prefix(err, "pca");
                goto out;
            }
        }
        Xp = X;
    }
    for (i = 0; i < sel.n; i++)
        for (j = 0; j < m->dim; j++)
            if (!isfinite(Xp[i * m->dim + j])) {
                vs_fail(err, "pca: the vector of \"%s\" has a NaN or infinite "
                             "component (dimension %zu)", sel.words[i], j);
                goto out;
            }
    /* 2. the projection */
    if ((p = vs_plugin_find("pca", err)) == NULL) {
        vs_fail_prefix(err, "pca");
        goto out;
    }
    Y = xmallocarray(sel.n, (size_t)dims * sizeof *Y);
    if (vs_plugin_project(p, Xp, sel.n, m->dim, (int)dims, Y, info, s->progress, err) < 0)
        goto out;
    /* 3. the result */
    vs_result_title(r, "pca of %zu words of %s", sel.n, m->name);
    vs_result_set_points(r, sel.n, (size_t)dims, (const char *const *)sel.words,
                         (const char *const *)sel.groups, Y, info,
                         "explained_variance_ratio");
    if (dims == 2)
        vs_result_note(r, "explained variance ratio: PC1 %.4f, PC2 %.4f (total %.4f)",
                       info[0], info[1], info[0] + info[1]);
    else
        vs_result_note(r, "explained variance ratio: PC1 %.4f, PC2 %.4f, PC3 %.4f "
                          "(total %.4f)", info[0], info[1], info[2],
                       info[0] + info[1] + info[2]);
    /* the command layer writes the file (see vs_cmd_run) */
    if (vs_arg_set(a, "out"))
        r->out_path = xstrdup(vs_arg_str(a, "out", NULL));
    rc = 0;
out:
    free(X);
    free(Y);
    sel_free(&sel);
    return rc;
}

const vs_cmd vs_cmd_pca = {
    .name = "pca",
    .aliases = NULL,
    .usage = "pca WORDS... | --top N | --file F | --near WORD [-k K] [--dims 2|3] "
             "[--out FILE]",
    .summary = "a 2-D or 3-D map of words by principal component analysis",
    .help = "Projects the vectors of the selected words onto their top 2 (or 3)\n"
            "principal components, as scikit-learn's PCA does (up to the sign of\n"
            "each component), and reports the variance each component explains.\n"
            "The words are those on the line, the first N of the vocabulary\n"
            "(--top), those of a file (--file: one a line, an optional second\n"
            "column naming a group), or a word and its K nearest neighbours\n"
            "(--near; one per command). --out FILE also writes the points as TSV.\n"
            "The work is done by the pca plugin (see `plugins`).",
    .min_args = 0,
    .max_args = -1,
    .opts = pca_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .exec = exec_pca,
};
