/*
 * cmd.c - the command table, and running one command line through it.
 *
 * A line is split into words (quotes group), the first word names the
 * command (name, alias or unique prefix), the rest are parsed once against the
 * command's option list into a vs_args (args.c), and exec runs. --tsv and
 * --json are accepted by every command and pick the renderer.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "plot.h"
#include "render.h"
#include "utf8.h"
#include "vecref.h"
#include "xalloc.h"

const vs_cmd *const vs_cmd_table[] = {
    &vs_cmd_load, &vs_cmd_models, &vs_cmd_use, &vs_cmd_close, &vs_cmd_info,
    &vs_cmd_save, &vs_cmd_nn, &vs_cmd_analogy, &vs_cmd_sim, &vs_cmd_simmat, &vs_cmd_odd,
    &vs_cmd_vec, &vs_cmd_vars, &vs_cmd_words, &vs_cmd_eval, &vs_cmd_help, &vs_cmd_quit,
    &vs_cmd_tokenize, &vs_cmd_embed, &vs_cmd_ssim, &vs_cmd_attn, &vs_cmd_fill,
    &vs_cmd_ctx, &vs_cmd_ctxsim, &vs_cmd_nsp, &vs_cmd_classify, &vs_cmd_tag,
    &vs_cmd_answer,
    &vs_cmd_pca, &vs_cmd_tsne, &vs_cmd_umap, &vs_cmd_cluster, &vs_cmd_export,
    &vs_cmd_plugins, &vs_cmd_tui, &vs_cmd_train, &vs_cmd_probe, &vs_cmd_record,
    &vs_cmd_distill, &vs_cmd_compare, &vs_cmd_overlap, &vs_cmd_align,
    NULL
};

static int has_alias(const vs_cmd *c, const char *name)
{
    const char *const *a;

    for (a = c->aliases; a != NULL && *a != NULL; a++)
        if (strcmp(*a, name) == 0)
            return 1;
    return 0;
}

const vs_cmd *vs_cmd_lookup(const char *name, vs_error *err)
{
    const vs_cmd *const *c;
    const vs_cmd *found = NULL;
    char list[512] = "";
    size_t len = strlen(name), nfound = 0;

    for (c = vs_cmd_table; *c != NULL; c++)
        if (strcmp((*c)->name, name) == 0 || has_alias(*c, name))
            return *c;
    for (c = vs_cmd_table; *c != NULL; c++) {
        if (len > 0 && strncmp((*c)->name, name, len) == 0) {
            found = *c;
            nfound++;
            strncat(list, nfound > 1 ? ", " : "", sizeof list - strlen(list) - 1);
            strncat(list, (*c)->name, sizeof list - strlen(list) - 1);
        }
    }
    if (nfound == 1)
        return found;
    if (nfound > 1)
        vs_fail(err, "'%s' is ambiguous: it could be %s", name, list);
    else
        vs_fail(err, "unknown command '%s'; type 'help' for the list", name);
    return NULL;
}

void vs_argv_free(int argc, char **argv)
{
    int i;

    if (argv == NULL)
        return;
    for (i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The next word of *pp into word (room for strlen(*pp) + 1): blanks before
 * it skipped, double quotes grouping (\" and \\ inside), *pp left after it.
 * Returns its length, -1 at the end of the line or at a comment ('#' at the
 * start of a word), -2 for an unterminated quote. */
static long next_word(const char **pp, char *word)
{
    const char *p = *pp;
    size_t w = 0;
    int quoted = 0;

    while (is_blank(*p))
        p++;
    if (*p == '\0' || *p == '#') {
        *pp = p;
        return -1;
    }
    while (*p != '\0' && (quoted || !is_blank(*p))) {
        if (*p == '"') {
            quoted = !quoted;
            p++;
            continue;
        }
        if (quoted && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
            p++;
        word[w++] = *p++;
    }
    *pp = p;
    if (quoted)
        return -2;
    word[w] = '\0';
    return (long)w;
}

/* Appends a copy of s to the growing NULL-terminated list v (*n, *cap). */
static char **push_word(char **v, int *n, size_t *cap, const char *s)
{
    if ((size_t)*n + 1 >= *cap) {
        *cap *= 2;
        v = xreallocarray(v, *cap, sizeof *v);
    }
    v[(*n)++] = xstrdup(s);
    v[*n] = NULL;
    return v;
}

int vs_split_words(const char *line, int *argc, char ***argv, vs_error *err)
{
    size_t cap = 8;
    char **v = xmallocarray(cap, sizeof *v);
    char *word = xmalloc(strlen(line) + 1);
    const char *p = line;
    long len;
    int n = 0;

    v[0] = NULL;
    while ((len = next_word(&p, word)) >= 0)
        v = push_word(v, &n, &cap, word);
    free(word);
    if (len == -2) {
        vs_argv_free(n, v);
        return vs_fail(err, "unterminated double quote");
    }
    *argc = n;
    *argv = v;
    return 0;
}

/* For a command whose text is taken as typed (c->text_from): the words up
 * to the text as vs_split_words makes them (the command's name, options and
 * their values, the positionals before the text), then "--" and the rest of
 * the line as one word, byte for byte: quotes, '#', ';', tabs and runs of
 * blanks kept; only the blanks around it left out. */
static int split_text_line(const vs_cmd *c, const char *line, int *argc, char ***argv,
                           vs_error *err)
{
    size_t cap = 8;
    char **v = xmallocarray(cap, sizeof *v);
    char *word = xmalloc(strlen(line) + 1);
    const char *p = line, *peek;
    int n = 0, npos = -1, only_pos = 0;  /* npos -1: the name comes first */
    long len = 0;

    v[0] = NULL;
    for (;;) {
        while (is_blank(*p))
            p++;
        if (*p == '\0')
            break;
        peek = p;
        len = next_word(&peek, word);
        if (len >= 0 && npos >= 0 && !only_pos && vs_arg_is_option(word)) {
            /* an option, and its value when it takes one as the next word */
            p = peek;
            v = push_word(v, &n, &cap, word);
            if (strcmp(word, "--") == 0)
                only_pos = 1;
            else if (vs_opt_takes_value(c, word) && (len = next_word(&p, word)) >= 0)
                v = push_word(v, &n, &cap, word);
            if (len == -2)
                break;
            continue;
        }
        if (npos == c->text_from - 1) {
            /* the text: the rest of the line, less the blanks that end it */
            const char *end = p + strlen(p);
            while (end > p && is_blank(end[-1]))
                end--;
            if (!only_pos)
                v = push_word(v, &n, &cap, "--");
            memcpy(word, p, (size_t)(end - p));
            word[end - p] = '\0';
            v = push_word(v, &n, &cap, word);
            len = 0;
            break;
        }
        if (len < 0)
            break;
        p = peek;
        v = push_word(v, &n, &cap, word);
        npos++;
    }
    free(word);
    if (len == -2) {
        vs_argv_free(n, v);
        return vs_fail(err, "unterminated double quote");
    }
    *argc = n;
    *argv = v;
    return 0;
}

int vs_split_commands(const char *text, int *n, char ***cmds, vs_error *err)
{
    size_t cap = 8, w = 0;
    char **v = xmallocarray(cap, sizeof *v);
    char *cur = xmalloc(strlen(text) + 1);
    const char *p;
    int quoted = 0, k = 0;

    for (p = text;; p++) {
        if (*p == '"' && (p == text || p[-1] != '\\'))
            quoted = !quoted;
        if (*p == '\\' && p[1] == ';' && !quoted) {
            cur[w++] = ';';  /* \; is a ';' inside a command */
            p++;
            continue;
        }
        if (*p == '\0' || (*p == ';' && !quoted) || (*p == '\n' && !quoted)) {
            if ((size_t)k + 1 >= cap) {
                cap *= 2;
                v = xreallocarray(v, cap, sizeof *v);
            }
            v[k++] = xstrndup(cur, w);
            w = 0;
            if (*p == '\0')
                break;
            continue;
        }
        cur[w++] = *p;
    }
    free(cur);
    if (quoted) {
        vs_argv_free(k, v);
        return vs_fail(err, "unterminated double quote");
    }
    v[k] = NULL;
    *n = k;
    *cmds = v;
    return 0;
}

/* Where a final `as NAME` begins in line (the offset of "as"), or -1: the
 * line's last two words, as typed, are "as" and a NAME without quotes,
 * after something else. Taken from the line as typed, before it is split,
 * so it is the same for a command whose text is the rest of the line: a
 * quoted "as" or NAME ("as x") is not one. A NAME that is not a valid name
 * is an error naming the command (-2), except in a text, which may end in
 * "as 5". */
static long as_suffix(const vs_cmd *c, const char *line, vs_error *err)
{
    const char *end = line + strlen(line), *name, *as;

    if (c->flags & VS_CMD_OWN_AS)
        return -1;
    while (end > line && is_blank(end[-1]))
        end--;
    name = end;
    while (name > line && !is_blank(name[-1]))
        name--;
    as = name;
    while (as > line && is_blank(as[-1]))
        as--;
    if (as == name || as - line < 3 || memcmp(as - 2, "as", 2) != 0 ||
        (as - 2 > line && !is_blank(as[-3])))
        return -1;
    if (as - 2 == line || memchr(name, '"', (size_t)(end - name)) != NULL || name == end)
        return -1;
    {
        char *nm = xstrndup(name, (size_t)(end - name));
        int ok = vs_vecref_valid_name(nm);
        if (!ok && c->text_from > 0) {
            free(nm);
            return -1;
        }
        if (!ok) {
            char *e = vs_escape(nm, strlen(nm));
            vs_fail(err, "%s: cannot keep a vector as '%s': a name is an ASCII letter or '_', "
                         "then letters, digits, '_' or '-'",
                    c->name, e);
            free(e);
        }
        free(nm);
        if (!ok)
            return -2;
    }
    return (long)(as - 2 - line);
}

/* After c ran with `as NAME`: keeps the vector of r and leaves a note in
 * place of the numbers, or fails when r is not a vector. source: the line
 * less "as NAME", for the record of what made it. */
static int keep_as(vs_session *s, const vs_cmd *c, const char *name, const char *source,
                   vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_model(s);

    if (r->kind != VS_RESULT_VECTOR) {
        vs_result_clear(r);
        return vs_fail(err, "%s: 'as %s' keeps a vector, and %s gives none; vec (a word, "
                            "or WORD - WORD + WORD), embed and ctx give vectors",
                       c->name, name, c->name);
    }
    vs_vecref_keep(s, name, r, m != NULL ? m->name : NULL, source);
    /* the notes stay; the numbers are kept, not shown */
    r->kind = VS_RESULT_NONE;
    free(r->title);
    r->title = NULL;
    vs_result_note(r, "kept @%s: %zu numbers from '%s'", name, vs_vecref_find(s, name)->dim,
                   source);
    return 0;
}

int vs_cmd_run(vs_session *s, const char *line, enum vs_output out,
               enum vs_output *mode, vs_result *r, vs_error *err)
{
    const vs_cmd *c;
    vs_args a;
    char **argv, *as_name = NULL, *body = NULL;
    int argc, rc;

    *mode = out;
    /* the command first: it says how the rest of the line is split (an
     * encoder command's text is taken as typed) */
    {
        const char *p = line;
        char *name = xmalloc(strlen(line) + 1);
        long len = next_word(&p, name);
        c = len >= 0 ? vs_cmd_lookup(name, err) : NULL;
        free(name);
        if (len == -2)
            return vs_fail(err, "unterminated double quote");
        if (len == -1)
            return 0;  /* an empty line, or a comment */
        if (c == NULL)
            return -1;
    }
    /* a final `as NAME`: taken off the line, which is split without it */
    {
        long at = as_suffix(c, line, err);
        if (at == -2)
            return -1;
        if (at >= 0) {
            const char *p = line + at + 2, *e;
            while (is_blank(*p))
                p++;
            for (e = p; *e != '\0' && !is_blank(*e); e++)
                ;
            as_name = xstrndup(p, (size_t)(e - p));
            for (p = line; is_blank(*p); p++)
                ;
            e = line + at;
            while (e > p && is_blank(e[-1]))
                e--;
            body = xstrndup(p, (size_t)(e - p));
            line = body;
        }
    }
    if ((c->text_from > 0 ? split_text_line(c, line, &argc, &argv, err)
                          : vs_split_words(line, &argc, &argv, err)) < 0) {
        free(as_name);
        free(body);
        return -1;
    }
    /* argv[1..] is compacted in place to the positionals; keep the words to
     * free them afterwards */
    {
        char **words = xmallocarray((size_t)argc + 1, sizeof *words);
        memcpy(words, argv, ((size_t)argc + 1) * sizeof *words);
        rc = vs_args_parse(c, argc - 1, words + 1, out, &a, err);
        a.as = as_name;
        if (rc == 0 && (c->flags & VS_CMD_NEEDS_MODEL) && vs_session_model(s) == NULL)
            rc = vs_fail(err, "%s: no model is open; open one with 'load PATH'", c->name);
        if (rc == 0 && (c->flags & VS_CMD_NEEDS_BERT) && vs_session_model(s) != NULL &&
            vs_session_model(s)->kind != VS_MODEL_ENCODER)
            rc = vs_fail(err, "%s: the current model %s is not an encoder; load a "
                              "Hugging Face encoder folder (BERT, RoBERTa, ...) with "
                              "'load DIR'",
                         c->name, vs_session_model(s)->name);
        *mode = a.output;
        if (rc == 0) {
            vs_interrupted = 0;
            rc = c->exec(s, &a, r, err);
        }
        /* a mapped file that shrank under the command gave it zeros: its
         * answer is not shown, and the models read from that file close */
        if (vs_session_reap_damaged(s, err) < 0) {
            vs_result_clear(r);
            rc = -1;
        }
        /* a NaN or an infinity is never shown as an answer */
        if (rc == 0) {
            char where[256];
            if (vs_result_check_finite(r, where, sizeof where) < 0) {
                vs_fail(err, "%s: the computation gave a number that is not finite (NaN or "
                             "infinity) in %s; the model's values or the input are out of "
                             "range", c->name, where);
                vs_result_clear(r);
                rc = -1;
            }
        }
        /* a command's --out: the data goes to the file, written here once
         * for every command and front end: a picture (plot.h) or the TSV
         * table, as the name's extension says; the renderers then show one
         * line naming the file in place of the data */
        if (rc == 0 && r->out_path != NULL) {
            vs_plot_opts po;
            enum vs_outfile kind = vs_outfile_of(r->out_path);
            memset(&po, 0, sizeof po);
            po.out = r->out_path;
            po.labels = r->plot_labels;
            if (kind == VS_OUTFILE_TSV ? vs_render_tsv_file(r, r->out_path, err) < 0
                                       : vs_plot_result(r, &po, err) < 0) {
                vs_fail_prefix(err, "%s", c->name);
                vs_result_clear(r);
                rc = -1;
            } else {
                r->out_written = 1;
                r->out_what = vs_outfile_what(kind);
            }
        }
        if (rc == 0 && as_name != NULL)
            rc = keep_as(s, c, as_name, body, r, err);
        vs_args_free(&a);
        free(words);
    }
    vs_argv_free(argc, argv);
    free(as_name);
    free(body);
    return rc;
}

void vs_hits_to_result(const vs_model *m, const vs_hit *hits, size_t n,
                       vs_result *r)
{
    size_t i;

    r->kind = VS_RESULT_RANKED;
    r->score_name = "cosine";
    for (i = 0; i < n; i++)
        vs_result_add_ranked(r, vs_vocab_word(m->vocab, hits[i].id), hits[i].score);
}

char *vs_join_words(int argc, char *const *argv)
{
    size_t len = 1;
    char *s, *p;
    int i;

    for (i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    s = p = xmalloc(len);
    for (i = 0; i < argc; i++) {
        size_t n = strlen(argv[i]);
        if (i > 0)
            *p++ = ' ';
        memcpy(p, argv[i], n);
        p += n;
    }
    *p = '\0';
    return s;
}
