/*
 * pooling.c - sentence-transformers' pooling modes over token vectors. See
 * pooling.h.
 *
 * One text, unpadded: every token counts (the attention mask is all ones),
 * as in sentence-transformers for a single sentence. Sums are kept in
 * double, so that a long text's mean does not depend on the order of the
 * additions beyond float precision.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pooling.h"

/* The modes in sentence-transformers' order, with their --pool names. */
static const struct {
    unsigned mode;
    const char *name;
} modes[] = {
    {VS_POOL_CLS, "cls"},
    {VS_POOL_MAX, "max"},
    {VS_POOL_MEAN, "mean"},
    {VS_POOL_MEAN_SQRT_LEN, "mean-sqrt-len"},
    {VS_POOL_WEIGHTED_MEAN, "weightedmean"},
    {VS_POOL_LAST, "lasttoken"},
    {VS_POOL_POOLER, "pooler"},
};
#define NMODES (sizeof modes / sizeof modes[0])

size_t vs_pooling_dim(const vs_pooling *p, size_t H)
{
    size_t i, k = 0;

    for (i = 0; i < NMODES; i++)
        k += (p->modes & modes[i].mode) != 0;
    return k * H;
}

void vs_pooling_name(const vs_pooling *p, char *buf, size_t size)
{
    size_t i, len = 0;

    buf[0] = '\0';
    for (i = 0; i < NMODES && len < size; i++)
        if (p->modes & modes[i].mode)
            len += (size_t)snprintf(buf + len, size - len, "%s%s",
                                    len ? "+" : "", modes[i].name);
    if (p->normalize && len < size)
        snprintf(buf + len, size - len, ", normalized");
}

int vs_pooling_parse(const char *name, vs_pooling *p)
{
    unsigned got = 0;
    const char *s = name;
    size_t i;

    while (*s != '\0') {
        size_t len = strcspn(s, "+");
        for (i = 0; i < NMODES; i++)
            if (strlen(modes[i].name) == len && memcmp(s, modes[i].name, len) == 0)
                break;
        if (i == NMODES || (got & modes[i].mode))
            return -1;
        got |= modes[i].mode;
        s += len;
        if (*s == '+' && *++s == '\0')
            return -1;   /* a trailing '+' */
    }
    /* the pooler is the model's head, not a statistic to concatenate */
    if (got == 0 || ((got & VS_POOL_POOLER) && got != VS_POOL_POOLER))
        return -1;
    p->modes = got;
    return 0;
}

void vs_pooling_normalize(float *v, size_t d)
{
    double ss = 0.0;
    size_t j;

    for (j = 0; j < d; j++)
        ss += (double)v[j] * v[j];
    if (ss > 0.0)
        for (j = 0; j < d; j++)
            v[j] = (float)(v[j] / sqrt(ss));
}

/* out (H) = sum over tokens of w(t) h_t / div, w(t) = 1 or t + 1. */
static void weighted_sum(const float *h, size_t n, size_t H, int by_position,
                         double div, float *out)
{
    size_t t, j;

    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (t = 0; t < n; t++)
            s += (by_position ? (double)(t + 1) : 1.0) * h[t * H + j];
        out[j] = (float)(s / div);
    }
}

void vs_pooling_apply(const vs_pooling *p, const float *h, size_t n, size_t H,
                      float *out)
{
    float *o = out;
    size_t t, j;

    if (p->modes & VS_POOL_CLS) {
        memcpy(o, h, H * sizeof *o);
        o += H;
    }
    if (p->modes & VS_POOL_MAX) {
        for (j = 0; j < H; j++) {
            float m = h[j];
            for (t = 1; t < n; t++)
                m = h[t * H + j] > m ? h[t * H + j] : m;
            o[j] = m;
        }
        o += H;
    }
    if (p->modes & VS_POOL_MEAN) {
        weighted_sum(h, n, H, 0, (double)n, o);
        o += H;
    }
    if (p->modes & VS_POOL_MEAN_SQRT_LEN) {
        weighted_sum(h, n, H, 0, sqrt((double)n), o);
        o += H;
    }
    if (p->modes & VS_POOL_WEIGHTED_MEAN) {
        /* weights 1..n sum to n (n + 1) / 2 */
        weighted_sum(h, n, H, 1, (double)n * (double)(n + 1) / 2.0, o);
        o += H;
    }
    if (p->modes & VS_POOL_LAST) {
        memcpy(o, h + (n - 1) * H, H * sizeof *o);
        o += H;
    }
    if (p->normalize)
        vs_pooling_normalize(out, (size_t)(o - out));
}
