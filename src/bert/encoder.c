/*
 * encoder.c - the forward pass of BERT and its families, written the way the
 * maths is written.
 *
 * Weights are pointers into the mapped checkpoint (F32, zero copy) or into
 * its float32 copies (F16, BF16), found by the names of the model's family
 * (family.c); the Linear layers' weights are packed copies (linear.h). The pass, for one sequence of n tokens (Devlin et al. 2018;
 * Hugging Face's BertModel and its relatives, all post-LayerNorm):
 *
 *   x   = LN(word[id] + pos[p(t)] + type[tt])              (n, E)
 *   e   = x Wp^T + bp  (ALBERT, ELECTRA with E != H), else x
 *                                                          hidden state 0
 *   per layer l (ALBERT: the weights of its group):
 *     q, k, v = e Wq^T + bq, e Wk^T + bk, e Wv^T + bv      (n, H) each
 *     per head h:  P_h = softmax(q_h k_h^T / sqrt(d))       (n, n)
 *                  c_h = P_h v_h                            (n, d)
 *     a   = LN(c Wo^T + bo + e)
 *     e'  = LN(act(a Wi^T + bi) Wf^T + bf + a)             hidden state l+1
 *   pooled = tanh(Wp e[0] + bp)                            (the first token)
 *   MLM:   logits = dec . LN(act'(Wt e[i] + bt)) + bias    (V)
 *   NSP:   softmax(Wn pooled + bn)                         (2), 0 = IsNext
 *
 * p(t) = t, but for RoBERTa, XLM-R and CamemBERT p(t) = pad + the number of
 * non-padding tokens up to t (pad + 1 + t without padding); DistilBERT has
 * no type[]. act is the config's activation; act' the MLM head's (RoBERTa's
 * and ELECTRA's generator's are the erf GELU whatever the config says).
 *
 * The products with the layers' weights (and the projection) go through
 * vs_linear_apply (linear.h), in the precision the model was opened with,
 * its weights packed at load; query, key and value are one product. The
 * attention's products and the heads (pooler, MLM, NSP) are float32 BLAS
 * (vs_sgemm, vs_gemv); the element-wise steps are in kernels.c, float32
 * in every precision. GELU is the erf form (erf to float precision)
 * unless the config asks for the tanh approximation.
 */
#include "config.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../blas.h"
#include "../xalloc.h"
#include "encoder.h"
#include "kernels.h"

/* ---- loading ---- */

/* The tensor called name, after prefix when with_prefix; LayerNorm
 * parameters are also looked for under their TensorFlow names gamma/beta.
 * full receives the name that was found (or the first tried). */
static const vs_tensor *find_tensor(const vs_bert *b, const char *name,
                                       int with_prefix, char *full,
                                       size_t size)
{
    static const char *const alias[][2] = {
        {"LayerNorm.weight", "LayerNorm.gamma"},
        {"LayerNorm.bias", "LayerNorm.beta"},
    };
    const char *pre = with_prefix ? b->prefix : "";
    const vs_tensor *t;
    size_t i;

    snprintf(full, size, "%s%s", pre, name);
    t = vs_weights_find(b->w, full);
    for (i = 0; t == NULL && i < sizeof alias / sizeof alias[0]; i++) {
        const char *at = strstr(name, alias[i][0]);
        if (at != NULL && at[strlen(alias[i][0])] == '\0') {
            char other[512];
            snprintf(other, sizeof other, "%s%.*s%s", pre, (int)(at - name),
                     name, alias[i][1]);
            t = vs_weights_find(b->w, other);
            if (t != NULL)
                snprintf(full, size, "%s", other);
        }
    }
    return t;
}

/* *out = the float32 values of tensor name, which must have shape
 * [d0] (d1 == 0) or [d0, d1]. A missing optional tensor leaves *out NULL.
 * *found (when not NULL) receives the tensor. */
static int get_t(vs_bert *b, const char *name, int with_prefix, size_t d0,
                 size_t d1, int required, const float **out,
                 const vs_tensor **found, vs_error *err)
{
    char full[512], have[256];
    const vs_tensor *t = find_tensor(b, name, with_prefix, full, sizeof full);
    size_t rank = d1 ? 2 : 1;

    *out = NULL;
    if (found != NULL)
        *found = t;
    if (t == NULL) {
        if (required)
            return vs_fail(err, "%s: tensor '%s' is missing", b->w->path, full);
        return 0;
    }
    if (t->rank != rank || t->shape[0] != d0 || (d1 && t->shape[1] != d1)) {
        vs_tensor_shape_str(t, have, sizeof have);
        if (d1)
            return vs_fail(err, "%s: tensor '%s' has shape %s but config.json "
                           "implies [%zu, %zu]", vs_tensor_path(b->w, t), full, have, d0, d1);
        return vs_fail(err, "%s: tensor '%s' has shape %s but config.json "
                       "implies [%zu]", vs_tensor_path(b->w, t), full, have, d0);
    }
    if (vs_weights_f32(b->w, t, out, err) < 0 || vs_weights_check_finite(b->w, t, *out, err) < 0)
        return -1;
    b->params += (size_t)t->numel;
    return 0;
}

static int get(vs_bert *b, const char *name, int with_prefix, size_t d0,
               size_t d1, int required, const float **out, vs_error *err)
{
    return get_t(b, name, with_prefix, d0, d1, required, out, NULL, err);
}

/* Loads "<base>.weight" (d0, d1) and "<base>.bias" (d0); *wt (when not
 * NULL) receives the weight's tensor. */
static int get_linear_t(vs_bert *b, const char *base, int with_prefix, size_t d0,
                        size_t d1, int required, const float **w,
                        const float **bias, const vs_tensor **wt, vs_error *err)
{
    char name[256];

    snprintf(name, sizeof name, "%s.weight", base);
    if (get_t(b, name, with_prefix, d0, d1, required, w, wt, err) < 0)
        return -1;
    if (*w == NULL && !required)
        return 0;
    snprintf(name, sizeof name, "%s.bias", base);
    return get(b, name, with_prefix, d0, 0, 1, bias, err);
}

static int get_linear(vs_bert *b, const char *base, int with_prefix, size_t d0,
                      size_t d1, int required, const float **w, const float **bias,
                      vs_error *err)
{
    return get_linear_t(b, base, with_prefix, d0, d1, required, w, bias, NULL, err);
}

/* lin = the weights w[0..parts) (rows, in) each, stacked into one (parts
 * rows, in) and packed in the model's precision; their tensors t are then
 * let go (vs_weights_release). */
static int pack(vs_bert *b, const float *const *w, const vs_tensor *const *t,
                size_t parts, size_t rows, size_t in, vs_linear *lin, vs_error *err)
{
    float *stack = NULL;
    size_t i;
    int rc;

    if (parts > 1) {
        stack = xtry_mallocarray(parts * rows, in * sizeof(float));
        if (stack == NULL)
            return vs_fail(err, "%s: not enough memory to stack %zu weights of %zu x %zu",
                           b->w->path, parts, rows, in);
        for (i = 0; i < parts; i++)
            memcpy(stack + i * rows * in, w[i], rows * in * sizeof(float));
    }
    rc = vs_linear_pack(lin, stack != NULL ? stack : w[0], parts * rows, in, b->precision, err);
    free(stack);
    if (rc < 0)
        return -1;
    b->packed_bytes += lin->bytes;
    for (i = 0; i < parts; i++)
        vs_weights_release(b->w, t[i]);
    return 0;
}

/* Loads the Linear "<base>.{weight,bias}" (d0, d1), (d0), required, into
 * lin (packed) and bias. */
static int get_packed(vs_bert *b, const char *base, size_t d0, size_t d1,
                      vs_linear *lin, const float **bias, vs_error *err)
{
    const float *w;
    const vs_tensor *t;

    if (get_linear_t(b, base, 1, d0, d1, 1, &w, bias, &t, err) < 0)
        return -1;
    return pack(b, &w, &t, 1, d0, d1, lin, err);
}

/* Loads the LayerNorm "<base>.{weight,bias}" (size), required. */
static int get_norm(vs_bert *b, const char *base, int with_prefix, size_t size,
                    const float **g, const float **bias, vs_error *err)
{
    return get_linear(b, base, with_prefix, size, 0, 1, g, bias, err);
}

/* Loads encoder layer (or ALBERT layer group) l into y. */
static int load_layer(vs_bert *b, size_t l, vs_bert_layer *y, vs_error *err)
{
    const vs_layer_names *nm = b->fam->layer;
    const char *const qkv_part[3] = {nm->query, nm->key, nm->value};
    size_t H = b->cfg.hidden, I = b->cfg.intermediate, i;
    const float *w[3], *bias[3];
    const vs_tensor *t[3];
    char base[160], name[224];

    snprintf(base, sizeof base, nm->layer, l);
    /* query, key and value: one (3H, H) product, one (3H) bias */
    for (i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "%s%s", base, qkv_part[i]);
        if (get_linear_t(b, name, 1, H, H, 1, &w[i], &bias[i], &t[i], err) < 0)
            return -1;
    }
    if (pack(b, w, t, 3, H, H, &y->qkv, err) < 0)
        return -1;
    y->bqkv = xmallocarray(3 * H, sizeof *y->bqkv);
    for (i = 0; i < 3; i++)
        memcpy(y->bqkv + i * H, bias[i], H * sizeof(float));
#define LIN(part, d0, d1, lin, bias)                                        \
    (snprintf(name, sizeof name, "%s%s", base, part),                       \
     get_packed(b, name, d0, d1, lin, bias, err))
    if (LIN(nm->attn_out, H, H, &y->wo, &y->bo) < 0 ||
        LIN(nm->ffn_in, I, H, &y->wi, &y->bi) < 0 ||
        LIN(nm->ffn_out, H, I, &y->wf, &y->bf) < 0)
        return -1;
#undef LIN
    snprintf(name, sizeof name, "%s%s", base, nm->attn_norm);
    if (get_norm(b, name, 1, H, &y->ln1_g, &y->ln1_b, err) < 0)
        return -1;
    snprintf(name, sizeof name, "%s%s", base, nm->out_norm);
    return get_norm(b, name, 1, H, &y->ln2_g, &y->ln2_b, err);
}

/* The L layers. ALBERT's layers share the weights of their group: each
 * group is loaded (and counted) once, the first time a layer uses it. */
static int load_layers(vs_bert *b, vs_error *err)
{
    const vs_bert_config *c = &b->cfg;
    size_t l, g, *first = xmallocarray(c->groups, sizeof *first);
    int rc = 0;

    for (g = 0; g < c->groups; g++)
        first[g] = c->layers;   /* not used yet */
    for (l = 0; l < c->layers && rc == 0; l++) {
        g = vs_bert_group_of(c, l);
        assert(g < c->groups);   /* i / (L / G) < G for i < L */
        if (first[g] < c->layers) {
            b->layer[l] = b->layer[first[g]];
            b->layer[l].shared = 1;
        } else {
            first[g] = l;
            rc = load_layer(b, g, &b->layer[l], err);
        }
    }
    free(first);
    return rc;
}

static int load_embeddings(vs_bert *b, vs_error *err)
{
    const vs_embedding_names *nm = b->fam->emb;
    const vs_bert_config *c = &b->cfg;
    size_t E = c->embedding, H = c->hidden;

    if (get(b, nm->word, 1, c->vocab_size, E, 1, &b->word_emb, err) < 0 ||
        get(b, nm->position, 1, c->max_positions, E, 1, &b->pos_emb, err) < 0 ||
        (nm->token_type != NULL &&
         get(b, nm->token_type, 1, c->type_vocab_size, E, 1, &b->type_emb,
             err) < 0) ||
        get_norm(b, nm->norm, 1, E, &b->emb_ln_g, &b->emb_ln_b, err) < 0)
        return -1;
    /* E -> H: ELECTRA has it when the sizes differ, ALBERT always */
    if (nm->project != NULL &&
        (E != H || (b->fam->flags & VS_FAM_LAYER_GROUPS)) &&
        get_linear(b, nm->project, 1, H, E, 1, &b->proj_w, &b->proj_b, err) < 0)
        return -1;
    /* packed for the forward pass, and kept in float32 for the static
     * view of the embeddings (pool.c) */
    if (b->proj_w != NULL &&
        vs_linear_pack(&b->proj, b->proj_w, H, E, b->precision, err) < 0)
        return -1;
    b->packed_bytes += b->proj.bytes;
    return 0;
}

static int load_heads(vs_bert *b, vs_error *err)
{
    const vs_family *f = b->fam;
    const vs_mlm_names *mlm = f->mlm;
    size_t H = b->cfg.hidden, E = b->cfg.embedding, V = b->cfg.vocab_size;

    if (f->pooler != NULL &&
        get_linear(b, f->pooler, 1, H, H, 0, &b->pool_w, &b->pool_b, err) < 0)
        return -1;
    /* Masked LM: transform (dense, activation, LayerNorm), then the
     * decoder, tied to the word embeddings unless the file stores it, plus
     * a bias. */
    b->mlm_act = mlm != NULL && mlm->exact_gelu ? VS_ACT_GELU : b->cfg.act;
    if (mlm != NULL &&
        get_linear(b, mlm->dense, 0, E, H, 0, &b->mlm_w, &b->mlm_b, err) < 0)
        return -1;
    if (b->mlm_w != NULL) {
        if (get_norm(b, mlm->norm, 0, E, &b->mlm_ln_g, &b->mlm_ln_b, err) < 0 ||
            get(b, mlm->decoder, 0, V, E, 0, &b->mlm_dec, err) < 0 ||
            get(b, mlm->bias, 0, V, 0, mlm->bias_alt == NULL, &b->mlm_bias,
                err) < 0)
            return -1;
        if (b->mlm_bias == NULL &&
            get(b, mlm->bias_alt, 0, V, 0, 1, &b->mlm_bias, err) < 0)
            return -1;
        if (b->mlm_dec == NULL)
            b->mlm_dec = b->word_emb;
        else if (b->mlm_dec == b->word_emb)
            /* tied, and stored under both names (pytorch_model.bin keeps
             * one storage for the two): the same parameters, counted once */
            b->params -= V * E;
    }
    if (f->nsp != NULL &&
        get_linear(b, f->nsp, 0, 2, H, 0, &b->nsp_w, &b->nsp_b, err) < 0)
        return -1;
    if (f->sop != NULL &&
        get_linear(b, f->sop, 0, 2, H, 0, &b->sop_w, &b->sop_b, err) < 0)
        return -1;
    return 0;
}

int vs_bert_open(vs_weights *w, const vs_bert_config *cfg, vs_bert **out,
                 vs_error *err)
{
    vs_bert *b = xcalloc(1, sizeof *b);
    const vs_tensor *we;
    char name[512];

    *out = NULL;
    b->cfg = *cfg;
    b->fam = cfg->family;
    b->precision = cfg->precision;
    b->w = w;
    /* the family's prefix when its word embeddings are under it */
    snprintf(name, sizeof name, "%s%s", b->fam->prefix, b->fam->emb->word);
    b->prefix = vs_weights_find(w, name) ? b->fam->prefix : "";
    b->layer = xcalloc(cfg->layers, sizeof *b->layer);
    if (load_embeddings(b, err) < 0)
        goto fail;
    we = find_tensor(b, b->fam->emb->word, 1, name, sizeof name);
    b->dtype = we->dtype;
    if (load_layers(b, err) < 0 || load_heads(b, err) < 0)
        goto fail;
    *out = b;
    return 0;
fail:
    vs_bert_free(b);
    return -1;
}

void vs_bert_free(vs_bert *b)
{
    size_t l;

    if (b == NULL)
        return;
    vs_weights_close(b->w);
    for (l = 0; l < b->cfg.layers; l++) {
        vs_bert_layer *y = &b->layer[l];
        if (y->shared)
            continue;
        vs_linear_free(&y->qkv);
        free(y->bqkv);
        vs_linear_free(&y->wo);
        vs_linear_free(&y->wi);
        vs_linear_free(&y->wf);
    }
    vs_linear_free(&b->proj);
    free(b->layer);
    free(b);
}

size_t vs_bert_converted_bytes(const vs_bert *b)
{
    return b->w->converted_bytes;
}

size_t vs_bert_packed_bytes(const vs_bert *b)
{
    return b->packed_bytes;
}

/* ---- the numeric routines ---- */

/* x (n, m) <- act(x + bias (m)) */
static void bias_act(float *x, const float *bias, size_t n, size_t m,
                     enum vs_bert_act act)
{
    switch (act) {
    case VS_ACT_GELU:        /* x Phi(x) = x/2 (1 + erf(x / sqrt 2)) */
        vs_k_bias_gelu(x, bias, n, m);
        break;
    case VS_ACT_GELU_TANH:   /* x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) */
        vs_k_bias_gelu_tanh(x, bias, n, m);
        break;
    case VS_ACT_RELU:
        vs_k_bias_relu(x, bias, n, m);
        break;
    case VS_ACT_QUICK_GELU:  /* x sigmoid(1.702 x) */
        vs_k_bias_swish(x, bias, n, m, 1.702f);
        break;
    case VS_ACT_SILU:        /* x sigmoid(x) */
        vs_k_bias_swish(x, bias, n, m, 1.0f);
        break;
    case VS_ACT_TANH:
        vs_k_bias_tanh(x, bias, n, m);
        break;
    }
}

void vs_bert_linear(const float *x, size_t n, size_t in, const float *W,
                    size_t out, float *y)
{
    vs_sgemm(0, 1, n, out, in, 1.0f, x, in, W, in, 0.0f, y, out);
}

void vs_bert_bias_act(float *x, const float *bias, size_t n, size_t m,
                      enum vs_bert_act act)
{
    bias_act(x, bias, n, m, act);
}

/* Multi-head scaled dot-product attention:
 * q, k, v (n, H), rows ld floats apart -> ctx (n, H), probs (A, n, n), and
 * ent (A, n) the entropy of each row of probs when ent is not NULL. */
static void attention(const float *q, const float *k, const float *v, size_t ld,
                      size_t n, size_t H, size_t A, float *probs, float *ent,
                      float *ctx)
{
    size_t d = H / A, h;
    float scale = 1.0f / sqrtf((float)d);

    for (h = 0; h < A; h++) {
        float *P = probs + h * n * n;
        /* scores (n, n) = q_h (n, d) . k_h^T (d, n) / sqrt(d) */
        vs_sgemm(0, 1, n, n, d, scale, q + h * d, ld, k + h * d, ld, 0.0f, P, n);
        /* P (n, n) = softmax over the keys */
        vs_k_softmax_rows(P, n, n, ent ? ent + h * n : NULL);
        /* ctx_h (n, d) = P (n, n) . v_h (n, d) */
        vs_sgemm(0, 0, n, d, n, 1.0f, P, n, v + h * d, ld, 0.0f, ctx + h * d, H);
    }
}

/* One encoder layer: x (n, H) -> y (n, H); probs (A, n, n) receives the
 * attention and ent (A, n), when not NULL, its rows' entropies. s: scratch
 * of 5 n H + n I floats. */
static void encoder_layer(const vs_bert *b, const vs_bert_layer *w,
                          const float *x, size_t n, float *probs, float *ent,
                          float *s, float *y)
{
    size_t H = b->cfg.hidden, I = b->cfg.intermediate;
    float eps = b->cfg.layer_norm_eps;
    float *qkv = s, *ctx = qkv + 3 * n * H, *a = ctx + n * H, *mid = a + n * H;

    /* [q k v] (n, 3H) = x (n, H) . [Wq; Wk; Wv]^T + [bq bk bv] */
    vs_linear_apply(&w->qkv, x, n, qkv);
    vs_k_add_bias(qkv, w->bqkv, n, 3 * H);
    /* ctx (n, H) = the heads' attention-weighted values, side by side */
    attention(qkv, qkv + H, qkv + 2 * H, 3 * H, n, H, b->cfg.heads, probs, ent, ctx);
    /* a (n, H) = LN(ctx Wo^T + bo + x) */
    vs_linear_apply(&w->wo, ctx, n, a);
    vs_k_add_bias_residual(a, w->bo, x, n, H);
    vs_k_layer_norm(a, n, H, w->ln1_g, w->ln1_b, eps);
    /* mid (n, I) = act(a Wi^T + bi) */
    vs_linear_apply(&w->wi, a, n, mid);
    bias_act(mid, w->bi, n, I, b->cfg.act);
    /* y (n, H) = LN(mid Wf^T + bf + a) */
    vs_linear_apply(&w->wf, mid, n, y);
    vs_k_add_bias_residual(y, w->bf, a, n, H);
    vs_k_layer_norm(y, n, H, w->ln2_g, w->ln2_b, eps);
}

void vs_bert_out_free(vs_bert_out *o)
{
    if (o == NULL)
        return;
    free(o->hidden_states);
    free(o->attn);
    free(o->attn_entropy);
    memset(o, 0, sizeof *o);
}

size_t vs_bert_max_tokens(const vs_bert *b)
{
    const vs_bert_config *c = &b->cfg;

    if (c->family->flags & VS_FAM_POS_AFTER_PAD)
        return c->max_positions - (size_t)c->pad_token_id - 1;
    return c->max_positions;
}

/* pos (n) = the position id of each token: t, or for RoBERTa-shaped
 * models pad + the count of non-padding tokens so far (padding tokens
 * themselves at pad), as create_position_ids_from_input_ids does. */
static void position_ids(const vs_bert *b, const vs_tokens *tok, size_t *pos)
{
    const vs_bert_config *c = &b->cfg;
    size_t t, seen = 0;

    for (t = 0; t < tok->n; t++) {
        if (!(c->family->flags & VS_FAM_POS_AFTER_PAD))
            pos[t] = t;
        else if (tok->ids[t] == c->pad_token_id)
            pos[t] = (size_t)c->pad_token_id;
        else
            pos[t] = (size_t)c->pad_token_id + ++seen;
    }
}

/* Checks tok against the model: a length it takes, ids and token types in
 * range. pos (n) receives the position ids. */
static int check_tokens(const vs_bert *b, const vs_tokens *tok, size_t *pos,
                        vs_error *err)
{
    const vs_bert_config *c = &b->cfg;
    size_t n = tok->n, t;

    if (n == 0)
        return vs_fail(err, "nothing to encode (no tokens)");
    position_ids(b, tok, pos);
    for (t = 0; t < n; t++)
        if (pos[t] >= c->max_positions) {
            if (c->family->flags & VS_FAM_POS_AFTER_PAD)
                return vs_fail(err, "the input is %zu tokens, more than this "
                               "model takes: at most %zu (special tokens "
                               "included; max_position_embeddings %zu less "
                               "pad_token_id %ld + 1)", n, vs_bert_max_tokens(b),
                               c->max_positions, c->pad_token_id);
            return vs_fail(err, "the input is %zu tokens, more than this model "
                           "takes: at most %zu (special tokens included; "
                           "max_position_embeddings)", n, c->max_positions);
        }
    for (t = 0; t < n; t++) {
        if (tok->ids[t] < 0 || (size_t)tok->ids[t] >= c->vocab_size)
            return vs_fail(err, "token id %d at position %zu is outside the "
                           "vocabulary (%zu tokens)", tok->ids[t], t,
                           c->vocab_size);
        if (b->type_emb != NULL && tok->type[t] >= c->type_vocab_size)
            return vs_fail(err, "token type %u at position %zu: the model has "
                           "%zu token types", tok->type[t], t,
                           c->type_vocab_size);
    }
    return 0;
}

/* The embeddings: h0 (n, H) = hidden state 0 of tok, whose positions are
 * pos; x: scratch of n E floats when the embeddings are projected. */
static void embed(const vs_bert *b, const vs_tokens *tok, const size_t *pos,
                  float *x, float *h0)
{
    const vs_bert_config *c = &b->cfg;
    size_t n = tok->n, E = c->embedding, H = c->hidden, t, j;
    float *e = b->proj_w != NULL ? x : h0;

    /* e (n, E) = LN(word[id] + pos[p(t)] + type[tt]) */
    for (t = 0; t < n; t++) {
        const float *w = b->word_emb + (size_t)tok->ids[t] * E;
        const float *p = b->pos_emb + pos[t] * E;
        for (j = 0; j < E; j++)
            e[t * E + j] = w[j] + p[j];
        if (b->type_emb != NULL) {
            const float *y = b->type_emb + (size_t)tok->type[t] * E;
            for (j = 0; j < E; j++)
                e[t * E + j] += y[j];
        }
    }
    vs_k_layer_norm(e, n, E, b->emb_ln_g, b->emb_ln_b, c->layer_norm_eps);
    if (b->proj_w != NULL) {
        /* h0 (n, H) = e (n, E) . Wp^T (E, H) + bp */
        vs_linear_apply(&b->proj, e, n, h0);
        vs_k_add_bias(h0, b->proj_b, n, H);
    }
}

int vs_bert_encode(const vs_bert *b, const vs_tokens *tok, int capture_attn,
                   vs_bert_out *out, vs_error *err)
{
    const vs_bert_config *c = &b->cfg;
    size_t n = tok->n, H = c->hidden, A = c->heads, L = c->layers, l;
    size_t per_token = 5 * H + c->intermediate;
    size_t *pos;
    float *scratch, *probs;

    memset(out, 0, sizeof *out);
    pos = xmallocarray(n ? n : 1, sizeof *pos);
    if (check_tokens(b, tok, pos, err) < 0) {
        free(pos);
        return -1;
    }
    out->n = n;
    out->hidden = H;
    out->layers = L;
    out->heads = A;
    out->hidden_states = xmallocarray((L + 1) * n, H * sizeof(float));
    if (capture_attn) {
        out->attn = xmallocarray(L * A * n, n * sizeof(float));
        out->attn_entropy = xmallocarray(L * A, n * sizeof(float));
    }
    if (c->embedding > per_token)
        per_token = c->embedding;
    scratch = xmallocarray(n, per_token * sizeof(float));
    probs = capture_attn ? NULL : xmallocarray(A * n, n * sizeof(float));

    /* hidden state 0 (n, H) = the embeddings, projected to H if need be */
    embed(b, tok, pos, scratch, out->hidden_states);

    /* hidden state l + 1 (n, H) = layer l of hidden state l */
    for (l = 0; l < L; l++) {
        float *P = capture_attn ? out->attn + l * A * n * n : probs;
        float *ent = capture_attn ? out->attn_entropy + l * A * n : NULL;
        encoder_layer(b, &b->layer[l], out->hidden_states + l * n * H, n, P, ent,
                      scratch, out->hidden_states + (l + 1) * n * H);
    }
    free(scratch);
    free(probs);
    free(pos);
    return 0;
}

const float *vs_bert_hidden(const vs_bert_out *o, size_t i)
{
    return i <= o->layers ? o->hidden_states + i * o->n * o->hidden : NULL;
}

const float *vs_bert_attention_entropy(const vs_bert_out *o, size_t l, size_t h)
{
    if (o->attn_entropy == NULL || l >= o->layers || h >= o->heads)
        return NULL;
    return o->attn_entropy + (l * o->heads + h) * o->n;
}

const float *vs_bert_attention(const vs_bert_out *o, size_t l, size_t h)
{
    if (o->attn == NULL || l >= o->layers || h >= o->heads)
        return NULL;
    return o->attn + (l * o->heads + h) * o->n * o->n;
}

void vs_bert_mean_pool(const vs_bert_out *o, size_t i, float *out)
{
    const float *x = vs_bert_hidden(o, i);
    size_t H = o->hidden, t, j;

    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (t = 0; t < o->n; t++)
            s += x[t * H + j];
        out[j] = (float)(s / (double)o->n);
    }
}

int vs_bert_pool(const vs_bert *b, const vs_bert_out *o, float *out,
                 vs_error *err)
{
    size_t H = b->cfg.hidden, j;

    if (b->pool_w == NULL && b->fam->pooler == NULL)
        return vs_fail(err, "%s has no pooler", b->fam->name);
    if (b->pool_w == NULL)
        return vs_fail(err, "this checkpoint has no pooler (%s%s.*)",
                       b->fam->prefix, b->fam->pooler);
    /* out (H) = tanh(Wp (H, H) . h_[CLS] (H) + bp) */
    vs_gemv(b->pool_w, H, H, vs_bert_hidden(o, o->layers), out);
    for (j = 0; j < H; j++)
        out[j] = tanhf(out[j] + b->pool_b[j]);
    return 0;
}

int vs_bert_mlm_logits(const vs_bert *b, const vs_bert_out *o, size_t pos,
                       float *logits, vs_error *err)
{
    size_t H = b->cfg.hidden, E = b->cfg.embedding, V = b->cfg.vocab_size, j;
    float *t;

    if (b->mlm_w == NULL)
        return vs_fail(err, "this checkpoint has no masked-LM head (%s); fill "
                       "needs a pre-training or masked-LM checkpoint",
                       b->fam->mlm != NULL ? b->fam->mlm->what : "none in this family");
    if (pos >= o->n)
        return vs_fail(err, "position %zu is past the last token (%zu)", pos,
                       o->n - 1);
    t = xmallocarray(E, sizeof *t);
    /* t (E) = LN(act(Wt (E, H) . h_pos + bt)) */
    vs_gemv(b->mlm_w, E, H, vs_bert_hidden(o, o->layers) + pos * H, t);
    bias_act(t, b->mlm_b, 1, E, b->mlm_act);
    vs_k_layer_norm(t, 1, E, b->mlm_ln_g, b->mlm_ln_b, b->cfg.layer_norm_eps);
    /* logits (V) = dec (V, E) . t (E) + bias */
    vs_gemv(b->mlm_dec, V, E, t, logits);
    for (j = 0; j < V; j++)
        logits[j] += b->mlm_bias[j];
    free(t);
    return 0;
}

long vs_bert_fill_mask(const vs_bert *b, const vs_bert_out *o, size_t pos,
                       size_t k, int32_t *ids, float *probs, vs_error *err)
{
    size_t V = b->cfg.vocab_size, i, j, have = 0;
    float *logits = xmallocarray(V, sizeof *logits), max;
    double sum = 0.0;

    if (vs_bert_mlm_logits(b, o, pos, logits, err) < 0) {
        free(logits);
        return -1;
    }
    if (k > V)
        k = V;
    /* softmax over the vocabulary; keep the k best (insertion, k small) */
    max = logits[0];
    for (i = 1; i < V; i++)
        if (logits[i] > max)
            max = logits[i];
    for (i = 0; i < V; i++)
        sum += exp((double)logits[i] - max);
    for (i = 0; i < V && k > 0; i++) {
        float p = (float)(exp((double)logits[i] - max) / sum);
        if (have == k && p <= probs[k - 1])
            continue;
        j = have < k ? have++ : k - 1;
        for (; j > 0 && probs[j - 1] < p; j--) {
            probs[j] = probs[j - 1];
            ids[j] = ids[j - 1];
        }
        probs[j] = p;
        ids[j] = (int32_t)i;
    }
    free(logits);
    return (long)have;
}

int vs_bert_nsp_missing(const vs_bert *b, const char *who, vs_error *err)
{
    const vs_family *f = b->fam;

    if (f->nsp != NULL)
        return vs_fail(err, "%s has no next-sentence head (%s.*); pre-training "
                       "checkpoints such as bert-base-uncased have one", who,
                       f->nsp);
    if (b->sop_w != NULL)
        return vs_fail(err, "%s has a sentence-order head (%s.*), not a "
                       "next-sentence head: %s's pre-training asks whether two "
                       "segments are in their original order, not whether the "
                       "second follows the first", who, f->sop, f->name);
    if (f->sop != NULL)
        return vs_fail(err, "%s has no next-sentence head: %s's pre-training has "
                       "a sentence-order head instead (%s.*), which it lacks "
                       "too", who, f->name, f->sop);
    return vs_fail(err, "%s has no next-sentence head: %s has none (only BERT's "
                   "pre-training, cls.seq_relationship.*, has one)", who, f->name);
}

int vs_bert_nsp(const vs_bert *b, const vs_bert_out *o, float probs[2],
                vs_error *err)
{
    size_t H = b->cfg.hidden;
    float *pooled, logit[2], max;
    double e0, e1;

    if (b->nsp_w == NULL)
        return vs_bert_nsp_missing(b, "this checkpoint", err);
    pooled = xmallocarray(H, sizeof *pooled);
    if (vs_bert_pool(b, o, pooled, err) < 0) {
        free(pooled);
        return -1;
    }
    /* logit (2) = Wn (2, H) . pooled (H) + bn */
    vs_gemv(b->nsp_w, 2, H, pooled, logit);
    logit[0] += b->nsp_b[0];
    logit[1] += b->nsp_b[1];
    max = logit[0] > logit[1] ? logit[0] : logit[1];
    e0 = exp((double)logit[0] - max);
    e1 = exp((double)logit[1] - max);
    probs[0] = (float)(e0 / (e0 + e1));
    probs[1] = (float)(e1 / (e0 + e1));
    free(pooled);
    return 0;
}
