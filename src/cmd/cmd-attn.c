/*
 * cmd-attn.c - `attn TEXT`: what BERT's attention heads look at.
 *
 * With --layer and --head, one head's attention matrix: a row per query
 * token, a column per key token, each row a softmax that sums to 1. With
 * neither, a summary of every head: its entropy (how spread out its rows
 * are) and the pair of tokens it weighs most; with --layer alone, of that
 * layer's heads. A token that occurs more than once is named with its
 * position (the@1, the@5), so a pair or a row says which one it is.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "palette.h"
#include "plotopts.h"
#include "textargs.h"
#include "xalloc.h"

static const vs_opt attn_opts[] = {
    {"layer", 0, VS_OPT_INT, "L", "the layer (from 0); alone, that layer's heads"},
    {"head", 0, VS_OPT_INT, "H", "the head (from 0)"},
    {"view", 0, VS_OPT_STRING, "heatmap|lines", "the picture: a heatmap, or the tokens "
                                                "in two columns joined by lines (bertviz's "
                                                "head view)"},
    {"plot", 0, VS_OPT_FLAG, NULL, "draw the head in the terminal"},
    {"out", 0, VS_OPT_STRING, "FILE", "write the matrix to FILE: a picture (.png, .svg, "
                                      ".pdf) or the table (.tsv)"},
    VS_HEATMAP_OPTS,
    {NULL, 0, 0, NULL, NULL}
};

/* The tokens' labels (n, xmalloc'd strings): the token, with "@position"
 * after one that occurs more than once (positions count from 0 at [CLS]). */
static char **token_labels(const vs_bert_model *bm, const vs_tokens *tok)
{
    char **labels = xmallocarray(tok->n ? tok->n : 1, sizeof *labels);
    size_t i, j;

    for (i = 0; i < tok->n; i++) {
        int repeated = 0;
        for (j = 0; j < tok->n && !repeated; j++)
            repeated = j != i && tok->ids[j] == tok->ids[i];
        labels[i] = repeated ? xasprintf("%s@%zu", vs_tokenizer_token(bm->tok, tok->ids[i]), i)
                             : xstrdup(vs_tokenizer_token(bm->tok, tok->ids[i]));
    }
    return labels;
}

/* One head's matrix p (n, n) as a MATRIX result, rows and columns labelled
 * with the tokens. */
static void head_matrix(const vs_bert_model *bm, const vs_tokens *tok,
                        const float *p, vs_result *r)
{
    char **labels = token_labels(bm, tok);

    vs_result_set_matrix(r, tok->n, tok->n, (const char *const *)labels,
                         (const char *const *)labels, p);
    vs_result_matrix_scale(r, "query token", "key token", "attention weight", 0.0, 1.0);
    vs_argv_free((int)tok->n, labels);
}

/* One row of the summary per head (of layer only, unless it is -1): the
 * mean over query rows of each row's entropy (nats), and the (query, key)
 * pair with the largest weight. */
static void summary_table(const vs_bert_model *bm, const vs_tokens *tok,
                          const vs_bert_out *o, long layer, vs_result *r)
{
    size_t n = tok->n, l, h, i, j;
    char ls[32], hs[32], ent[32], pair[256], w[32];
    char **labels = token_labels(bm, tok);

    vs_result_table(r, 5, "layer", "head", "entropy", "strongest pair", "weight");
    for (l = 0; l < o->layers; l++)
        for (h = 0; h < o->heads && (layer < 0 || (size_t)layer == l); h++) {
            const float *p = vs_bert_attention(o, l, h);
            const float *rowent = vs_bert_attention_entropy(o, l, h);
            double e = 0.0;
            float best = -1.0f;
            size_t bi = 0, bj = 0;
            for (i = 0; i < n; i++) {
                e += rowent[i];
                for (j = 0; j < n; j++)
                    if (p[i * n + j] > best) {
                        best = p[i * n + j];
                        bi = i;
                        bj = j;
                    }
            }
            snprintf(ls, sizeof ls, "%zu", l);
            snprintf(hs, sizeof hs, "%zu", h);
            snprintf(ent, sizeof ent, "%.4f", e / (double)n);
            snprintf(pair, sizeof pair, "%s -> %s", labels[bi], labels[bj]);
            snprintf(w, sizeof w, "%.4f", best);
            vs_result_row(r, ls, hs, ent, pair, w);
        }
    vs_argv_free((int)n, labels);
}

static int exec_attn(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_model(s);
    const vs_bert_model *bm = vs_bert_of(m);
    int has_l = vs_arg_set(a, "layer"), has_h = vs_arg_set(a, "head");
    size_t l = (size_t)vs_arg_int(a, "layer", 0), h = (size_t)vs_arg_int(a, "head", 0);
    vs_tokens tok;
    vs_bert_out o;
    char *text;
    int rc;

    const char *view = vs_arg_str(a, "view", "heatmap");

    if (has_h && !has_l)
        return vs_fail(err, "attn: --head goes with --layer: give --layer L --head H, "
                            "--layer L alone (that layer's heads), or neither");
    if (!has_h && (vs_arg_set(a, "plot") || vs_arg_set(a, "out")))
        return vs_fail(err, "attn: --%s draws one head: give --layer L and --head H",
                       vs_arg_set(a, "plot") ? "plot" : "out");
    if (strcmp(view, "heatmap") == 0)
        r->matrix_view = VS_VIEW_HEATMAP;
    else if (strcmp(view, "lines") == 0)
        r->matrix_view = VS_VIEW_LINES;
    else
        return vs_fail(err, "attn: --view is heatmap or lines, not '%s'", view);
    /* the square root unless --scale says otherwise (vs_plot_request) */
    r->plot_scale = VS_SCALE_SQRT;
    if (vs_plot_request(a, r, err) < 0)
        return -1;
    if (has_l && l >= bm->enc->cfg.layers)
        return vs_fail(err, "attn: --layer is 0 to %zu, not %zu",
                       bm->enc->cfg.layers - 1, l);
    if (has_h && h >= bm->enc->cfg.heads)
        return vs_fail(err, "attn: --head is 0 to %zu, not %zu",
                       bm->enc->cfg.heads - 1, h);
    text = vs_bert_text(a, 0);
    rc = vs_bert_run(m, text, 1, &tok, &o, err);
    if (rc < 0) {
        vs_fail_prefix(err, "attn");
    } else if (has_h) {
        vs_result_title(r, "attention of layer %zu head %zu (rows: query tokens)", l, h);
        head_matrix(bm, &tok, vs_bert_attention(&o, l, h), r);
        if (vs_arg_set(a, "out"))
            r->out_path = xstrdup(vs_arg_str(a, "out", NULL));
    } else if (has_l) {
        vs_result_title(r, "attention heads of layer %zu of %s on \"%s\"", l, m->name, text);
        summary_table(bm, &tok, &o, (long)l, r);
    } else {
        vs_result_title(r, "attention heads of %s on \"%s\"", m->name, text);
        summary_table(bm, &tok, &o, -1, r);
    }
    vs_bert_out_free(&o);
    vs_tokens_free(&tok);
    free(text);
    return rc;
}

const vs_cmd vs_cmd_attn = {
    .name = "attn",
    .aliases = (const char *const[]){"attention", NULL},
    .usage = "attn [--layer L [--head H [--scale sqrt|linear] [--view heatmap|lines] "
             "[--plot] [--out FILE]]] TEXT",
    .summary = "BERT's attention: one head's matrix, or a summary of every head",
    .help = "With --layer L and --head H (both from 0, as in Hugging Face), the\n"
            "attention probabilities of that head: a row per query token, a column\n"
            "per key token ([CLS] and [SEP] included), shaded by weight: by its\n"
            "square root (--scale sqrt, the default, so that the small weights of\n"
            "a long row still show) or by the weight itself (--scale linear), the\n"
            "same in the text, the TUI and pictures; --tsv prints\n"
            "'token<TAB>w1<TAB>w2...' per query token. With neither, a row per\n"
            "layer and head: its entropy (the mean over query tokens of the\n"
            "entropy of the row, in nats: low is focused, high is spread out) and\n"
            "the query -> key pair it weighs most; with --layer L alone, the rows\n"
            "of that layer. A token that occurs more than once is named with its\n"
            "position (the@1, the@5; [CLS] is 0). --plot draws one head in the\n"
            "terminal, --out FILE writes it to FILE as a picture (.png, .svg,\n"
            ".pdf) or a table (.tsv): a heatmap with the tokens on both axes and a\n"
            "colour bar, or with --view lines the tokens in two columns, each\n"
            "query joined to each key by a line as strong as the weight (bertviz's\n"
            "head view).",
    .min_args = 1,
    .text_from = 1,
    .max_args = -1,
    .opts = attn_opts,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_attn,
};
