/*
 * cmd.c - the command table, and running one command line through it.
 *
 * A line is split into words (quotes group), the first word names the
 * command (name, alias or unique prefix), the rest are parsed once against the
 * command's option list into a vs_args, and exec runs. --tsv and --json are
 * accepted by every command and pick the renderer.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "plot.h"
#include "render.h"
#include "xalloc.h"

const vs_cmd *const vs_cmd_table[] = {
    &vs_cmd_load, &vs_cmd_models, &vs_cmd_use, &vs_cmd_close, &vs_cmd_info,
    &vs_cmd_save, &vs_cmd_nn, &vs_cmd_analogy, &vs_cmd_sim, &vs_cmd_odd,
    &vs_cmd_vec, &vs_cmd_eval, &vs_cmd_help, &vs_cmd_quit,
    &vs_cmd_tokenize, &vs_cmd_embed, &vs_cmd_ssim, &vs_cmd_attn, &vs_cmd_fill,
    &vs_cmd_ctx, &vs_cmd_ctxsim, &vs_cmd_nsp,
    &vs_cmd_pca, &vs_cmd_tsne, &vs_cmd_umap, &vs_cmd_export, &vs_cmd_plugins, &vs_cmd_tui,
    &vs_cmd_train,
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

int vs_split_words(const char *line, int *argc, char ***argv, vs_error *err)
{
    size_t len = strlen(line), cap = 8;
    char **v = xmallocarray(cap, sizeof *v);
    char *word = xmalloc(len + 1);
    const char *p = line;
    int n = 0;

    for (;;) {
        size_t w = 0;
        int quoted = 0;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (*p == '\0' || *p == '#')
            break;
        while (*p != '\0' && (quoted || (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n'))) {
            if (*p == '"') {
                quoted = !quoted;
                p++;
                continue;
            }
            if (quoted && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
                p++;
            word[w++] = *p++;
        }
        if (quoted) {
            free(word);
            vs_argv_free(n, v);
            return vs_fail(err, "unterminated double quote");
        }
        if ((size_t)n + 1 >= cap) {
            cap *= 2;
            v = xreallocarray(v, cap, sizeof *v);
        }
        v[n++] = xstrndup(word, w);
    }
    free(word);
    v[n] = NULL;
    *argc = n;
    *argv = v;
    return 0;
}

int vs_split_commands(const char *text, int *n, char ***cmds, vs_error *err)
{
    size_t cap = 8;
    char **v = xmallocarray(cap, sizeof *v);
    const char *start = text, *p;
    int quoted = 0, k = 0;

    for (p = text;; p++) {
        if (*p == '"' && (p == text || p[-1] != '\\'))
            quoted = !quoted;
        if (*p == '\0' || (*p == ';' && !quoted) || (*p == '\n' && !quoted)) {
            if ((size_t)k + 1 >= cap) {
                cap *= 2;
                v = xreallocarray(v, cap, sizeof *v);
            }
            v[k++] = xstrndup(start, (size_t)(p - start));
            if (*p == '\0')
                break;
            start = p + 1;
        }
    }
    if (quoted) {
        vs_argv_free(k, v);
        return vs_fail(err, "unterminated double quote");
    }
    v[k] = NULL;
    *n = k;
    *cmds = v;
    return 0;
}

/* How the user writes an option: "-k" for one-letter names, "--restrict". */
static const char *opt_shown(const vs_opt *o, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", strlen(o->name) == 1 ? "-" : "--", o->name);
    return buf;
}

static int find_opt(const vs_cmd *c, const char *name, size_t len, char shortc)
{
    int i;

    for (i = 0; c->opts != NULL && c->opts[i].name != NULL; i++) {
        if (shortc ? c->opts[i].short_name == shortc
                   : strlen(c->opts[i].name) == len &&
                         strncmp(c->opts[i].name, name, len) == 0)
            return i;
    }
    return -1;
}

/* Stores an option's value, checking its type. */
static int set_opt(const vs_cmd *c, vs_args *a, int i, const char *val,
                   vs_error *err)
{
    const vs_opt *o = &c->opts[i];
    char *end, shown[64];

    a->opt[i].set = 1;
    a->opt[i].s = val;
    if (o->type == VS_OPT_STRINGS && a->nrep < VS_MAX_ARGS) {
        a->rep[a->nrep].opt = i;
        a->rep[a->nrep++].s = val;
    }
    errno = 0;
    if (o->type == VS_OPT_INT) {
        a->opt[i].i = strtoll(val, &end, 10);
        if (*val == '\0' || *end != '\0' || errno != 0 || a->opt[i].i < 0)
            return vs_fail(err, "%s: %s takes a whole number >= 0, not '%s'",
                           c->name, opt_shown(o, shown, sizeof shown), val);
    } else if (o->type == VS_OPT_REAL) {
        a->opt[i].d = strtod(val, &end);
        if (*val == '\0' || *end != '\0' || errno != 0)
            return vs_fail(err, "%s: %s takes a number, not '%s'", c->name,
                           opt_shown(o, shown, sizeof shown), val);
    }
    return 0;
}

/* Is w an option word (as opposed to "-", "+", a negative number)? */
static int is_option(const char *w)
{
    if (w[0] != '-' || w[1] == '\0')
        return 0;
    if (w[1] == '-')
        return 1;
    return !(w[1] >= '0' && w[1] <= '9') && w[1] != '.';
}

static int parse_args(const vs_cmd *c, int argc, char **argv, vs_args *a,
                      vs_error *err)
{
    int i, only_pos = 0;
    char shown[64];

    a->argc = 0;
    for (i = 0; i < argc; i++) {
        char *w = argv[i];
        int k;
        if (only_pos || !is_option(w)) {
            argv[a->argc++] = w;
            continue;
        }
        if (strcmp(w, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (strcmp(w, "--tsv") == 0) {
            a->output = VS_OUT_TSV;
            continue;
        }
        if (strcmp(w, "--json") == 0) {
            a->output = VS_OUT_JSON;
            continue;
        }
        if (w[1] == '-') {
            const char *eq = strchr(w + 2, '=');
            size_t len = eq ? (size_t)(eq - w - 2) : strlen(w + 2);
            k = find_opt(c, w + 2, len, 0);
            if (k < 0)
                return vs_fail(err, "%s: unknown option '%.*s'; usage: %s", c->name,
                               (int)(len + 2), w, c->usage);
            if (c->opts[k].type == VS_OPT_FLAG) {
                if (eq)
                    return vs_fail(err, "%s: %s takes no value", c->name,
                                   opt_shown(&c->opts[k], shown, sizeof shown));
                a->opt[k].set = 1;
                continue;
            }
            if (eq) {
                if (set_opt(c, a, k, eq + 1, err) < 0)
                    return -1;
                continue;
            }
        } else {
            k = find_opt(c, NULL, 0, w[1]);
            if (k < 0)
                return vs_fail(err, "%s: unknown option '-%c'; usage: %s", c->name,
                               w[1], c->usage);
            if (c->opts[k].type == VS_OPT_FLAG) {
                if (w[2] != '\0')
                    return vs_fail(err, "%s: -%c takes no value", c->name, w[1]);
                a->opt[k].set = 1;
                continue;
            }
            if (w[2] != '\0') {
                if (set_opt(c, a, k, w + 2, err) < 0)
                    return -1;
                continue;
            }
        }
        if (i + 1 >= argc)
                return vs_fail(err, "%s: %s needs a value (%s); usage: %s", c->name,
                           opt_shown(&c->opts[k], shown, sizeof shown),
                           c->opts[k].arg_name ? c->opts[k].arg_name : "VALUE", c->usage);
        if (set_opt(c, a, k, argv[++i], err) < 0)
            return -1;
    }
    if (a->argc < c->min_args || (c->max_args >= 0 && a->argc > c->max_args))
        return vs_fail(err, "%s: %s arguments; usage: %s", c->name,
                       a->argc < c->min_args ? "too few" : "too many", c->usage);
    a->argv = argv;
    return 0;
}

int vs_cmd_run(vs_session *s, const char *line, enum vs_output out,
               enum vs_output *mode, vs_result *r, vs_error *err)
{
    const vs_cmd *c;
    vs_args a;
    char **argv;
    int argc, rc;

    *mode = out;
    if (vs_split_words(line, &argc, &argv, err) < 0)
        return -1;
    if (argc == 0) {
        vs_argv_free(argc, argv);
        return 0;
    }
    c = vs_cmd_lookup(argv[0], err);
    if (c == NULL) {
        vs_argv_free(argc, argv);
        return -1;
    }
    memset(&a, 0, sizeof a);
    a.cmd = c;
    a.output = out;
    /* argv[1..] is compacted in place to the positionals; keep the words to
     * free them afterwards */
    {
        char **words = xmallocarray((size_t)argc + 1, sizeof *words);
        memcpy(words, argv, ((size_t)argc + 1) * sizeof *words);
        rc = parse_args(c, argc - 1, words + 1, &a, err);
        if (rc == 0 && (c->flags & VS_CMD_NEEDS_MODEL) && vs_session_model(s) == NULL)
            rc = vs_fail(err, "%s: no model is open; open one with 'load PATH'", c->name);
        if (rc == 0 && (c->flags & VS_CMD_NEEDS_BERT) && vs_session_model(s) != NULL &&
            vs_session_model(s)->kind != VS_MODEL_ENCODER)
            rc = vs_fail(err, "%s: the current model %s is not a BERT model; load a "
                              "Hugging Face folder with 'load DIR'",
                         c->name, vs_session_model(s)->name);
        *mode = a.output;
        if (rc == 0) {
            vs_interrupted = 0;
            rc = c->exec(s, &a, r, err);
        }
        /* a command's --out: the data goes to the file as well, written
         * here once for every command and front end: a picture when the
         * command asked for one (plot.h), else TSV */
        if (rc == 0 && r->out_path != NULL) {
            vs_plot_opts po;
            memset(&po, 0, sizeof po);
            po.out = r->out_path;
            po.labels = r->plot_labels;
            if (r->plot && vs_plot_is_picture(r->out_path) ? vs_plot_result(r, &po, err) < 0
                                                           : vs_render_tsv_file(r, r->out_path, err) < 0) {
                vs_fail_prefix(err, "%s", c->name);
                vs_result_clear(r);
                rc = -1;
            } else {
                vs_result_note(r, "wrote %s", r->out_path);
            }
        }
        free(words);
    }
    vs_argv_free(argc, argv);
    return rc;
}

static int opt_index(const vs_args *a, const char *name)
{
    int i;

    for (i = 0; a->cmd->opts != NULL && a->cmd->opts[i].name != NULL; i++)
        if (strcmp(a->cmd->opts[i].name, name) == 0)
            return i;
    return -1;
}

int vs_arg_set(const vs_args *a, const char *name)
{
    int i = opt_index(a, name);

    return i >= 0 && a->opt[i].set;
}

long long vs_arg_int(const vs_args *a, const char *name, long long def)
{
    int i = opt_index(a, name);

    return i >= 0 && a->opt[i].set ? a->opt[i].i : def;
}

double vs_arg_real(const vs_args *a, const char *name, double def)
{
    int i = opt_index(a, name);

    return i >= 0 && a->opt[i].set ? a->opt[i].d : def;
}

size_t vs_arg_at_most(const vs_args *a, const char *name, long long def, size_t max)
{
    long long v = vs_arg_int(a, name, def);

    return v < 0 ? 0 : (unsigned long long)v > max ? max : (size_t)v;
}

const char *vs_arg_str(const vs_args *a, const char *name, const char *def)
{
    int i = opt_index(a, name);

    return i >= 0 && a->opt[i].set ? a->opt[i].s : def;
}

int vs_arg_count(const vs_args *a, const char *name)
{
    int i = opt_index(a, name), k, n = 0;

    for (k = 0; k < a->nrep; k++)
        n += a->rep[k].opt == i;
    return n;
}

const char *vs_arg_nth(const vs_args *a, const char *name, int nth)
{
    int i = opt_index(a, name), k;

    for (k = 0; k < a->nrep; k++)
        if (a->rep[k].opt == i && nth-- == 0)
            return a->rep[k].s;
    return NULL;
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
