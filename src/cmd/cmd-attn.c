/*
 * cmd-attn.c - `attn TEXT`: what BERT's attention heads look at.
 *
 * With --layer and --head, one head's attention matrix: a row per query
 * token, a column per key token, each row a softmax that sums to 1. With
 * neither, a summary of every head: its entropy (how spread out its rows
 * are) and the pair of tokens it weighs most.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "textargs.h"
#include "plotopts.h"
#include "xalloc.h"

static const vs_opt attn_opts[] = {
    {"layer", 0, VS_OPT_INT, "L", "the layer (from 0)"},
    {"head", 0, VS_OPT_INT, "H", "the head (from 0)"},
    {"plot", 0, VS_OPT_FLAG, NULL, "draw the head's matrix as a heatmap in the terminal"},
    {"out", 0, VS_OPT_STRING, "FILE", "write the matrix to FILE: a heatmap (.png, .svg, "
                                      ".pdf) or the table (.tsv)"},
    VS_HEATMAP_OPTS,
    {NULL, 0, 0, NULL, NULL}
};

/* One head's matrix p (n, n) as a MATRIX result, rows and columns labelled
 * with the tokens. */
static void head_matrix(const vs_bert_model *bm, const vs_tokens *tok,
                        const float *p, vs_result *r)
{
    const char **labels = xmallocarray(tok->n, sizeof *labels);
    size_t i;

    for (i = 0; i < tok->n; i++)
        labels[i] = vs_tokenizer_token(bm->tok, tok->ids[i]);
    vs_result_set_matrix(r, tok->n, tok->n, labels, labels, p);
    vs_result_matrix_scale(r, "query token", "key token", "attention weight", 0.0, 1.0);
    free(labels);
}

/* One row of the summary per head: the mean over query rows of each row's
 * entropy (nats), and the (query, key) pair with the largest weight. */
static void summary_table(const vs_bert_model *bm, const vs_tokens *tok,
                          const vs_bert_out *o, vs_result *r)
{
    size_t n = tok->n, l, h, i, j;
    char ls[32], hs[32], ent[32], pair[256], w[32];

    vs_result_table(r, 5, "layer", "head", "entropy", "strongest pair", "weight");
    for (l = 0; l < o->layers; l++)
        for (h = 0; h < o->heads; h++) {
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
            snprintf(pair, sizeof pair, "%s -> %s",
                     vs_tokenizer_token(bm->tok, tok->ids[bi]),
                     vs_tokenizer_token(bm->tok, tok->ids[bj]));
            snprintf(w, sizeof w, "%.4f", best);
            vs_result_row(r, ls, hs, ent, pair, w);
        }
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

    if (has_l != has_h)
        return vs_fail(err, "attn: give both --layer and --head, or neither");
    if (!has_l && (vs_arg_set(a, "plot") || vs_arg_set(a, "out")))
        return vs_fail(err, "attn: --%s draws one head: give --layer L and --head H",
                       vs_arg_set(a, "plot") ? "plot" : "out");
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
    } else if (has_l) {
        vs_result_title(r, "attention of layer %zu head %zu (rows: query tokens)", l, h);
        head_matrix(bm, &tok, vs_bert_attention(&o, l, h), r);
        if (vs_arg_set(a, "out"))
            r->out_path = xstrdup(vs_arg_str(a, "out", NULL));
    } else {
        vs_result_title(r, "attention heads of %s on \"%s\"", m->name, text);
        summary_table(bm, &tok, &o, r);
    }
    vs_bert_out_free(&o);
    vs_tokens_free(&tok);
    free(text);
    return rc;
}

const vs_cmd vs_cmd_attn = {
    .name = "attn",
    .aliases = (const char *const[]){"attention", NULL},
    .usage = "attn [--layer L --head H [--plot] [--out FILE] [--scale linear|sqrt]] TEXT",
    .summary = "BERT's attention: one head's matrix, or a summary of every head",
    .help = "With --layer L and --head H (both from 0, as in Hugging Face), the\n"
            "attention probabilities of that head: a row per query token, a column\n"
            "per key token ([CLS] and [SEP] included), shaded by weight; --tsv\n"
            "prints 'token<TAB>w1<TAB>w2...' per query token. With neither, a row\n"
            "per layer and head: its entropy (the mean over query tokens of the\n"
            "entropy of the row, in nats: low is focused, high is spread out) and\n"
            "the query -> key pair it weighs most. --plot draws one head's matrix\n"
            "as a heatmap in the terminal, the tokens on both axes; --out FILE\n"
            "writes it to FILE as a picture (.png, .svg, .pdf) or a table (.tsv).\n"
            "--scale sqrt colours by the square root of the weight (small weights\n"
            "show), linear (the default) by the weight itself, in both.",
    .min_args = 1,
    .text_from = 1,
    .max_args = -1,
    .opts = attn_opts,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_attn,
};
