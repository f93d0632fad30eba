/*
 * pooling.h - how an encoder's token vectors become one sentence vector:
 * sentence-transformers' Pooling modes (FORMATS.md section 10), BERT's
 * pooler, and the L2 normalisation of a 2_Normalize module.
 *
 * Several modes are concatenated, in sentence-transformers' order (its
 * Pooling.forward): cls, max, mean, mean-sqrt-len, weightedmean,
 * lasttoken. The pooler stands alone: it is the model's own head
 * (encoder.h's vs_bert_pool), not a statistic of the tokens.
 */
#ifndef VS_BERT_POOLING_H
#define VS_BERT_POOLING_H

#include <stddef.h>

enum {
    VS_POOL_CLS = 1 << 0,            /* the first token's vector */
    VS_POOL_MAX = 1 << 1,            /* the largest value of each column */
    VS_POOL_MEAN = 1 << 2,           /* the mean over the tokens */
    VS_POOL_MEAN_SQRT_LEN = 1 << 3,  /* the sum over sqrt(n) */
    VS_POOL_WEIGHTED_MEAN = 1 << 4,  /* token t weighted t + 1 */
    VS_POOL_LAST = 1 << 5,           /* the last token's vector */
    VS_POOL_POOLER = 1 << 6          /* the model's pooler, alone */
};

typedef struct vs_pooling {
    unsigned modes;     /* VS_POOL_* */
    int normalize;      /* divide the result by its L2 norm */
    size_t max_tokens;  /* the most tokens the pipeline reads (a
                           sentence-transformers max_seq_length, special
                           tokens included); 0: the model's limit */
} vs_pooling;

/* The width of a sentence vector pooled by p from token vectors of width
 * H: H per mode. */
size_t vs_pooling_dim(const vs_pooling *p, size_t H);

/* The modes as written for --pool, joined by '+' ("cls+mean"), and
 * ", normalized" when p normalizes. */
void vs_pooling_name(const vs_pooling *p, char *buf, size_t size);

/* The modes of a --pool value: "mean", "cls", "max", "mean-sqrt-len",
 * "weightedmean", "lasttoken", "pooler", or several joined by '+' (not
 * "pooler"). Leaves p->normalize. -1 for a name not among them. */
int vs_pooling_parse(const char *name, vs_pooling *p);

/* out (vs_pooling_dim) = the modes of p (not the pooler) over h (n, H),
 * normalized when p says so. n >= 1. */
void vs_pooling_apply(const vs_pooling *p, const float *h, size_t n, size_t H,
                      float *out);

/* v (d) <- v / |v| (sentence-transformers' Normalize: unchanged when the
 * norm is 0). */
void vs_pooling_normalize(float *v, size_t d);

#endif
