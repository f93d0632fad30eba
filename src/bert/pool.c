/*
 * pool.c - from an encoder's forward pass to vectors: the pass over one text
 * (or a pair), a sentence vector by pooling, a word's contextual vector, and
 * their cosine. Shared by every command that turns text into a vector.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* out (H) = pool over the pass o (see vs_bert_sentence). */
static int pool_out(const vs_bert_model *bm, const vs_bert_out *o, const char *pool,
                    size_t layer, float *out, vs_error *err)
{
    if (strcmp(pool, "mean") == 0) {
        vs_bert_mean_pool(o, layer, out);
        return 0;
    }
    if (strcmp(pool, "cls") == 0) {
        memcpy(out, vs_bert_hidden(o, layer), bm->enc->cfg.hidden * sizeof *out);
        return 0;
    }
    return vs_bert_pool(bm->enc, o, out, err);
}

int vs_bert_sentence(const vs_model *m, const char *text, const char *pool,
                     size_t layer, float *out, vs_error *err)
{
    vs_tokens tok;
    vs_bert_out o;
    int rc = vs_bert_run(m, text, 0, &tok, &o, err);

    if (rc == 0)
        rc = pool_out(vs_bert_of(m), &o, pool, layer, out, err);
    vs_bert_out_free(&o);
    vs_tokens_free(&tok);
    return rc;
}

int vs_bert_sentence_truncated(const vs_model *m, const char *text, const char *pool,
                               size_t layer, float *out, int *truncated, vs_error *err)
{
    const vs_bert_model *bm = vs_bert_of(m);
    size_t max = bm->enc->cfg.max_positions;
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
        rc = pool_out(bm, &o, pool, layer, out, err);
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
