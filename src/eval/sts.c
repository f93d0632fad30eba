/*
 * sts.c - `eval sts`: sentence-pair similarity files and the correlation
 * of a model's cosines with their scores (see sts.h).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bert/pool.h"
#include "../readfile.h"
#include "../xalloc.h"
#include "lines.h"
#include "sentvec.h"
#include "sts.h"

/* The fields of a line (tab-separated), at most max kept; returns how many
 * there are. */
static size_t fields(const char *s, size_t len, vs_eval_span *f, size_t max)
{
    size_t n = 0;

    for (;;) {
        const char *t = memchr(s, '\t', len);
        size_t fl = t ? (size_t)(t - s) : len;
        if (n < max) {
            f[n].s = s;
            f[n].len = fl;
        }
        n++;
        if (t == NULL)
            return n;
        len -= fl + 1;
        s = t + 1;
    }
}

static void add_pair(vs_sts_data *d, size_t *cap, double score, vs_eval_span a,
                     vs_eval_span b)
{
    if (d->n == *cap) {
        *cap = *cap ? 2 * *cap : 256;
        d->gold = xreallocarray(d->gold, *cap, sizeof *d->gold);
        d->a = xreallocarray(d->a, *cap, sizeof *d->a);
        d->b = xreallocarray(d->b, *cap, sizeof *d->b);
    }
    d->gold[d->n] = score;
    d->a[d->n] = xstrndup(a.s, a.len);
    d->b[d->n] = xstrndup(b.s, b.len);
    d->n++;
}

/* Fields kept from a line: enough for GLUE's STS-B (the score in the 10th). */
#define STS_FIELDS 16

/* Whether span f is name, ignoring case. */
static int named(vs_eval_span f, const char *name)
{
    size_t i, n = strlen(name);

    f = vs_eval_strip(f.s, f.len);
    if (f.len != n)
        return 0;
    for (i = 0; i < n; i++)
        if ((f.s[i] | 0x20) != name[i])
            return 0;
    return 1;
}

/* A header line (the first line that is not blank) naming the columns
 * "score", "sentence1" and "sentence2": their indexes in col[3]. */
static int header(const vs_eval_span *f, size_t nf, int col[3])
{
    size_t i;

    col[0] = col[1] = col[2] = -1;
    for (i = 0; i < nf && i < STS_FIELDS; i++) {
        if (named(f[i], "score"))
            col[0] = (int)i;
        else if (named(f[i], "sentence1"))
            col[1] = (int)i;
        else if (named(f[i], "sentence2"))
            col[2] = (int)i;
    }
    return col[0] >= 0 && col[1] >= 0 && col[2] >= 0;
}

int vs_sts_read(const char *path, vs_sts_data *d, vs_error *err)
{
    char *buf;
    size_t len, line = 0, cap = 0, need = 0, i;
    const char *p, *end;
    int col[3] = {-1, -1, -1}, first = 1, have_header = 0;

    memset(d, 0, sizeof *d);
    if (vs_read_text_file(path, VS_EVAL_MAX_FILE, &buf, &len, err) < 0)
        return -1;
    for (p = buf, end = buf + len; p < end;) {
        const char *le = memchr(p, '\n', (size_t)(end - p));
        size_t ll, nf;
        vs_eval_span f[STS_FIELDS], sa, sb;
        double score;
        int c[3], kind;   /* kind: 0 plain, 1 STS Benchmark, 2 named by the header */
        if (le == NULL)
            le = end;
        ll = (size_t)(le - p);
        if (ll > 0 && p[ll - 1] == '\r')
            ll--;
        line++;
        nf = ll == 0 ? 0 : fields(p, ll, f, STS_FIELDS);
        if (nf > 0 && first) {
            first = 0;
            if (header(f, nf, col)) {
                have_header = 1;
                for (need = 0, i = 0; i < 3; i++)
                    need = (size_t)col[i] + 1 > need ? (size_t)col[i] + 1 : need;
                p = le < end ? le + 1 : end;
                continue;
            }
        }
        kind = have_header ? 2 : nf >= 7 ? 1 : 0;
        c[0] = kind == 2 ? col[0] : kind == 1 ? 4 : 0;
        c[1] = kind == 2 ? col[1] : kind == 1 ? 5 : 1;
        c[2] = kind == 2 ? col[2] : kind == 1 ? 6 : 2;
        if (nf == 0) {
            ; /* a blank line */
        } else if (kind == 2 && nf < need) {
            char *e = vs_eval_shown(p, ll);
            vs_eval_skip(&d->skips, path, line,
                         "the header names column %zu, and this line has %zu fields: \"%s\"",
                         need, nf, e);
            free(e);
        } else if (kind == 0 && nf != 3) {
            char *e = vs_eval_shown(p, ll);
            vs_eval_skip(&d->skips, path, line,
                         "expected 7 tab-separated fields (genre, file, year, id, score, "
                         "sentence 1, sentence 2) or 3 (score, sentence 1, sentence 2), "
                         "found %zu: \"%s\"", nf, e);
            free(e);
        } else if (vs_eval_number(f[c[0]].s, f[c[0]].len, &score) < 0) {
            char *e = vs_eval_shown(f[c[0]].s, f[c[0]].len);
            vs_eval_skip(&d->skips, path, line, "the score \"%s\" is not a number", e);
            free(e);
        } else {
            sa = vs_eval_strip(f[c[1]].s, f[c[1]].len);
            sb = vs_eval_strip(f[c[2]].s, f[c[2]].len);
            if (sa.len == 0 || sb.len == 0) {
                vs_eval_skip(&d->skips, path, line, "sentence %d is empty",
                             sa.len == 0 ? 1 : 2);
            } else {
                add_pair(d, &cap, score, sa, sb);
                d->stsb += kind == 1;
                d->named += kind == 2;
            }
        }
        p = le < end ? le + 1 : end;
    }
    free(buf);
    if (d->n == 0) {
        vs_eval_fail_unusable(err, path, "no sentence pair to score", &d->skips);
        vs_sts_free(d);
        return -1;
    }
    return 0;
}

void vs_sts_free(vs_sts_data *d)
{
    size_t i;

    for (i = 0; i < d->n; i++) {
        free(d->a[i]);
        free(d->b[i]);
    }
    free(d->a);
    free(d->b);
    free(d->gold);
    vs_eval_skips_free(&d->skips);
    memset(d, 0, sizeof *d);
}

/* Pearson and Spearman of the gold scores and cos (n). */
static void correlate(const vs_sts_data *d, const double *cos, vs_sts_score *s)
{
    s->pearson = vs_eval_pearson(d->gold, cos, d->n);
    s->spearman = vs_eval_spearman(d->gold, cos, d->n);
}

int vs_sts_encoder(const vs_model *m, const vs_sts_data *d, const vs_pooling *pools,
                   size_t npools, size_t layer, const vs_progress *progress,
                   vs_sts_score *scores, vs_error *err)
{
    size_t H = vs_bert_of(m)->enc->cfg.hidden, i, j, side, width = 0, max = 0;
    size_t *at = xmallocarray(npools + 1, sizeof *at);
    float *v;
    double *cos = xmallocarray(npools * d->n, sizeof *cos);
    char what[96];
    int rc = 0;

    /* each pooling's place in a sentence's vectors, and the length cut */
    for (j = 0; j < npools; j++) {
        memset(&scores[j], 0, sizeof scores[j]);
        vs_pooling_name(&pools[j], scores[j].pool, sizeof scores[j].pool);
        at[j] = width;
        width += vs_pooling_dim(&pools[j], H);
        if (pools[j].max_tokens > 0 && (max == 0 || pools[j].max_tokens < max))
            max = pools[j].max_tokens;
    }
    at[npools] = width;
    v = xmallocarray(2 * width, sizeof *v);
    snprintf(what, sizeof what, "eval sts: %zu pairs", d->n);
    for (i = 0; i < d->n && rc == 0; i++) {
        /* v[side] (width): every pooling of one pass over each sentence */
        for (side = 0; side < 2 && rc == 0; side++) {
            vs_tokens tok;
            vs_bert_out o;
            int cut;
            rc = vs_bert_run_truncated(m, side ? d->b[i] : d->a[i], max, &tok, &o, &cut, err);
            for (j = 0; j < npools && rc == 0; j++)
                rc = vs_bert_pool_out(m, &tok, &o, &pools[j], layer,
                                      v + side * width + at[j], err);
            for (j = 0; j < npools; j++)
                scores[j].truncated += (size_t)cut;
            vs_bert_out_free(&o);
            vs_tokens_free(&tok);
            if (rc < 0)
                vs_fail_prefix(err, "pair %zu, sentence %zu", i + 1, side + 1);
        }
        for (j = 0; j < npools && rc == 0; j++)
            cos[j * d->n + i] = vs_bert_cosine(v + at[j], v + width + at[j], at[j + 1] - at[j]);
        if (rc == 0)
            rc = vs_progress_step(progress, what, (double)(i + 1) / (double)d->n, err);
    }
    vs_progress_done(progress);
    for (j = 0; j < npools && rc == 0; j++)
        correlate(d, cos + j * d->n, &scores[j]);
    free(at);
    free(v);
    free(cos);
    return rc;
}

int vs_sts_static(const vs_model *m, const vs_sts_data *d, const char *pool,
                  const char *counts, double a, vs_sts_score *score, vs_error *err)
{
    size_t D = m->dim, i;
    int sif = strcmp(pool, "sif") == 0, rc = 0;
    float *X = xmallocarray(2 * d->n, D * sizeof *X), *w = NULL, *u = NULL;
    double *cos = xmallocarray(d->n, sizeof *cos);

    memset(score, 0, sizeof *score);
    snprintf(score->pool, sizeof score->pool, "%s", sif ? "sif" : "mean");
    if (sif) {
        double *p = xmallocarray(m->n ? m->n : 1, sizeof *p);
        if (counts != NULL)
            rc = vs_word_probs_counts(m, counts, p, err);
        else
            vs_word_probs_zipf(m, p);
        if (rc == 0) {
            w = xmallocarray(m->n ? m->n : 1, sizeof *w);
            vs_sif_weights(p, m->n, a, w);
        }
        free(p);
    }
    /* X (2n, D): the first sentences, then the second ones */
    for (i = 0; i < 2 * d->n && rc == 0; i++)
        if (vs_sent_vector(m, i < d->n ? d->a[i] : d->b[i - d->n], w, X + i * D, NULL) == 0)
            score->empty++;
    if (sif && rc == 0) {
        u = xmallocarray(D, sizeof *u);
        rc = vs_first_direction(X, 2 * d->n, D, u, err);
        if (rc == 0)
            vs_remove_direction(X, 2 * d->n, D, u);
    }
    if (rc == 0) {
        for (i = 0; i < d->n; i++)
            cos[i] = vs_bert_cosine(X + i * D, X + (d->n + i) * D, D);
        correlate(d, cos, score);
    }
    free(X);
    free(w);
    free(u);
    free(cos);
    return rc;
}
