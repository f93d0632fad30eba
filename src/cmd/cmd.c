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
#include "xalloc.h"

const vs_cmd *const vs_cmd_table[] = {
    &vs_cmd_load, &vs_cmd_models, &vs_cmd_use, &vs_cmd_close, &vs_cmd_info,
    &vs_cmd_save, &vs_cmd_nn, &vs_cmd_analogy, &vs_cmd_sim, &vs_cmd_odd,
    &vs_cmd_vec, &vs_cmd_eval, &vs_cmd_help, &vs_cmd_quit,
    &vs_cmd_tokenize, &vs_cmd_embed, &vs_cmd_ssim, &vs_cmd_attn, &vs_cmd_fill,
    &vs_cmd_ctx, &vs_cmd_ctxsim, &vs_cmd_nsp,
    &vs_cmd_pca, &vs_cmd_tsne, &vs_cmd_umap, &vs_cmd_cluster, &vs_cmd_export,
    &vs_cmd_plugins, &vs_cmd_tui, &vs_cmd_train, &vs_cmd_probe,
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
    /* argv[1..] is compacted in place to the positionals; keep the words to
     * free them afterwards */
    {
        char **words = xmallocarray((size_t)argc + 1, sizeof *words);
        memcpy(words, argv, ((size_t)argc + 1) * sizeof *words);
        rc = vs_args_parse(c, argc - 1, words + 1, out, &a, err);
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
        vs_args_free(&a);
        free(words);
    }
    vs_argv_free(argc, argv);
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
