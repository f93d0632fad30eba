/*
 * pool.c - from an encoder's forward pass to vectors: the pass over one text
 * (or a pair), a sentence vector by pooling, a word's contextual vector, and
 * their cosine. Shared by every command that turns text into a vector.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../blas.h"
#include "../knn.h"
#include "../xalloc.h"
#include "pool.h"

int vs_bert_run(const vs_model *m, const char *text, int capture_attn,
                vs_tokens *tok, vs_bert_out *out, vs_error *err)
{
    const vs_bert_model *bm = vs_bert_of(m);

    vs_tokens_init(tok);
    memset(out, 0, sizeof *out);
    if (vs_tokenizer_encode_text(bm->tok, text, tok, err) < 0)
        return -1;
    return vs_bert_encode(bm->enc, tok, capture_attn, out, err);
}

/* out (vs_pooling_dim(pool, H)) = pool over the pass o over tok (see
 * vs_bert_sentence); fails when a sentence-transformers pipeline would have
 * cut the text. */
static int pool_out(const vs_bert_model *bm, const vs_tokens *tok,
                    const vs_bert_out *o, const vs_pooling *pool, size_t layer,
                    float *out, vs_error *err)
{
    /* a sentence-transformers model would cut the text: say so rather
     * than pool what it never reads */
    if (pool->max_tokens > 0 && tok->n > pool->max_tokens)
        return vs_fail(err, "the text is %zu tokens, and the model's "
                       "sentence-transformers pipeline reads at most %zu "
                       "(max_seq_length, special tokens included) and drops the "
                       "rest; shorten the text, or pool all of it with --pool",
                       tok->n, pool->max_tokens);
    if (pool->modes == VS_POOL_POOLER) {
        if (vs_bert_pool(bm->enc, o, out, err) < 0)
            return -1;
        if (pool->normalize)
            vs_pooling_normalize(out, o->hidden);
        return 0;
    }
    vs_pooling_apply(pool, vs_bert_hidden(o, layer), o->n, o->hidden, out);
    return 0;
}

int vs_bert_sentence(const vs_model *m, const char *text, const vs_pooling *pool,
                     size_t layer, float *out, vs_error *err)
{
    vs_tokens tok;
    vs_bert_out o;
    int rc = vs_bert_run(m, text, 0, &tok, &o, err);

    if (rc == 0)
        rc = pool_out(vs_bert_of(m), &tok, &o, pool, layer, out, err);
    vs_bert_out_free(&o);
    vs_tokens_free(&tok);
    return rc;
}

int vs_bert_sentence_truncated(const vs_model *m, const char *text,
                               const vs_pooling *pool, size_t layer, float *out,
                               int *truncated, vs_error *err)
{
    const vs_bert_model *bm = vs_bert_of(m);
    size_t max = vs_bert_max_tokens(bm->enc);
    vs_tokens tok;
    vs_bert_out o;
    int rc;

    *truncated = 0;
    memset(&o, 0, sizeof o);
    vs_tokens_init(&tok);
    rc = vs_tokenizer_encode(bm->tok, text, strlen(text), NULL, 0, 0, &tok, err);
    if (rc == 0 && tok.n > max && max >= 2) {
        /* the opening special token and the first max - 2 pieces, then the
         * closing one */
        tok.ids[max - 1] = tok.ids[tok.n - 1];
        tok.word[max - 1] = tok.word[tok.n - 1];
        tok.type[max - 1] = tok.type[tok.n - 1];
        tok.start[max - 1] = tok.start[tok.n - 1];
        tok.end[max - 1] = tok.end[tok.n - 1];
        tok.n = max;
        *truncated = 1;
    }
    if (rc == 0)
        rc = vs_bert_encode(bm->enc, &tok, 0, &o, err);
    if (rc == 0)
        rc = pool_out(bm, &tok, &o, pool, layer, out, err);
    vs_bert_out_free(&o);
    vs_tokens_free(&tok);
    return rc;
}

/* Where the pieces of wt (one word) make up a whole word of tok: the
 * index of the first, or -1. */
static long find_word(const vs_tokens *tok, const vs_tokens *wt)
{
    size_t i, j;

    if (wt->n == 0 || wt->word[wt->n - 1] != wt->word[0])
        return -1;
    for (i = 0; i + wt->n <= tok->n; i++) {
        int32_t w = tok->word[i];
        if (w < 0 || (i > 0 && tok->word[i - 1] == w))
            continue;  /* not the first piece of a word */
        for (j = 0; j < wt->n && tok->ids[i + j] == wt->ids[j] && tok->word[i + j] == w; j++)
            ;
        if (j == wt->n && (i + j == tok->n || tok->word[i + j] != w))
            return (long)i;
    }
    return -1;
}

int vs_bert_word_vector(const vs_model *m, const char *word, const char *text,
                        float *out, vs_error *err)
{
    const vs_bert_model *bm = vs_bert_of(m);
    size_t H = bm->enc->cfg.hidden, i, j, n = 0;
    vs_tokens wt, tok;
    vs_bert_out o;
    long start = -1;
    int rc, k, one_word = 0;

    /* the pieces of word alone, then a run of the same pieces that makes up
     * a whole word of the text; byte-level BPE names a word after a space
     * otherwise ("Ġcat"), so " word" is tried too */
    vs_tokens_init(&wt);
    rc = vs_bert_run(m, text, 0, &tok, &o, err);
    for (k = 0; rc == 0 && k < 2 && start < 0; k++) {
        char *w = xasprintf("%s%s", k ? " " : "", word);
        wt.n = 0;
        wt.nwords = 0;
        rc = vs_tokenizer_tokenize(bm->tok, w, strlen(w), 0, 0, &wt, err);
        free(w);
        if (rc == 0 && wt.n > 0 && wt.word[wt.n - 1] == wt.word[0]) {
            one_word = 1;
            start = find_word(&tok, &wt);
            n = wt.n;
        }
    }
    if (rc == 0 && !one_word)
        rc = vs_fail(err, "'%s' is not one word for the tokenizer", word);
    else if (rc == 0 && start < 0)
        rc = vs_fail(err, "'%s' does not occur in the text as a word", word);
    if (rc == 0) {
        /* mean of the last hidden state over the word's pieces */
        const float *h = vs_bert_hidden(&o, o.layers);
        memset(out, 0, H * sizeof *out);
        for (i = 0; i < n; i++)
            for (j = 0; j < H; j++)
                out[j] += h[((size_t)start + i) * H + j];
        for (j = 0; j < H; j++)
            out[j] /= (float)n;
    }
    vs_bert_out_free(&o);
    vs_tokens_free(&tok);
    vs_tokens_free(&wt);
    return rc;
}

/* The norm of each word embedding (V, E) mapped to H, in blocks of rows:
 * norms (V) = |word_i Wp^T + bp|. */
static float *projected_norms(const vs_bert *b)
{
    size_t V = b->cfg.vocab_size, E = b->cfg.embedding, H = b->cfg.hidden;
    size_t block = 256, r, i, j, k;
    float *norms = xmallocarray(V, sizeof *norms);
    float *y = xmallocarray(block, H * sizeof *y);

    for (r = 0; r < V; r += block) {
        k = V - r < block ? V - r : block;
        /* y (k, H) = word[r..r+k) (k, E) . Wp^T (E, H) */
        vs_sgemm(0, 1, k, H, E, 1.0f, b->word_emb + r * E, E, b->proj_w, E, 0.0f,
                 y, H);
        for (i = 0; i < k; i++) {
            double ss = 0.0;
            for (j = 0; j < H; j++) {
                double x = (double)y[i * H + j] + b->proj_b[j];
                ss += x * x;
            }
            norms[r + i] = (float)sqrt(ss);
        }
    }
    free(y);
    return norms;
}

void vs_bert_input_cosines(const vs_model *m, const float *v, float *scores)
{
    vs_bert_model *bm = vs_bert_of(m);
    const vs_bert *b = bm->enc;
    size_t E = b->cfg.embedding, H = b->cfg.hidden, i;
    float *u, *q;
    double c = 0.0;

    q = xmallocarray(H, sizeof *q);
    memcpy(q, v, H * sizeof *q);
    vs_normalize(q, H);
    if (b->proj_w == NULL) {
        vs_knn_scores((vs_model *)m, q, m->n, scores);
        free(q);
        return;
    }
    if (bm->proj_norms == NULL)
        bm->proj_norms = projected_norms(b);
    /* (Wp x + bp) . q = x . (Wp^T q) + bp . q: u (E) = Wp^T (E, H) q */
    u = xmallocarray(E, sizeof *u);
    vs_sgemm(1, 0, E, 1, H, 1.0f, b->proj_w, E, q, 1, 0.0f, u, 1);
    for (i = 0; i < H; i++)
        c += (double)b->proj_b[i] * q[i];
    vs_gemv(b->word_emb, m->n, E, u, scores);
    for (i = 0; i < m->n; i++)   /* a zero row scores NaN, as vs_knn_scores */
        scores[i] = bm->proj_norms[i] > 0.0f
                        ? (float)(((double)scores[i] + c) / bm->proj_norms[i])
                        : NAN;
    free(u);
    free(q);
}

double vs_bert_cosine(const float *a, const float *b, size_t n)
{
    double ab = 0, aa = 0, bb = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        ab += (double)a[i] * b[i];
        aa += (double)a[i] * a[i];
        bb += (double)b[i] * b[i];
    }
    if (!isfinite(ab) || !isfinite(aa) || !isfinite(bb))
        return NAN;  /* not 0: a broken vector must not look unrelated */
    return aa > 0 && bb > 0 ? ab / sqrt(aa * bb) : 0.0;
}
