/*
 * analogy.c - `eval analogy`: accuracy on analogy questions, computed as
 * gensim 4.2 computes it (see eval.h), the questions answered in blocks by
 * the batched top-k of knn.h.
 *
 * gensim details followed here (gensim/models/keyedvectors.py):
 *   - ok_vocab maps key(word) -> index for the first `restrict` words
 *     (keymap.h); question words are keyed the same way, and their vectors
 *     are those of the ok_vocab index.
 *   - analogy: most_similar(positive=[b, c], negative=[a], topn=5,
 *     restrict_vocab=N): mean of unit vectors, weights 1, 1, -1, divided by
 *     3, made unit; cosine with the first N rows; the indexes of a, b, c
 *     are left out. The answer is the first of those 5 whose key is not
 *     key(a), key(b) or key(c) (or the last one when all are); it is
 *     right when its key is key(expected).
 *   - analogy file: read as bytes, lines split on '\n' only; ": " starts a
 *     section named line.lstrip(': ').strip(); other lines are split on
 *     Python whitespace and must give four words.
 *   - 3CosMul: most_similar_cosmul: ((1+cos b)/2 (1+cos c)/2) /
 *     ((1+cos a)/2 + 1e-6), over the same first N rows (gensim 4.2's
 *     cosmul ignores restrict_vocab; here it is honoured so that both
 *     methods answer from the same candidates).
 *
 * How the questions are answered. 3CosAdd ranks the candidates w by
 * cos(w, q), q = unit(ub + uc - ua), which orders them exactly as
 *     (w.ub + w.uc - w.ua) / |w|  =  cos(w, b) + cos(w, c) - cos(w, a)
 * (q's length is the same for every w), and 3CosMul is a function of the
 * same three cosines. A question file uses few distinct words (905 in the
 * 19,544 questions of questions-words.txt), so a block of questions goes to
 * the batched top-k with one unit vector per distinct word, each question
 * naming three of them: about 20x fewer flops than a product per question.
 * The CAND best of 3CosAdd are then re-ranked by cos(w, q) computed as
 * gensim does (mean vector in float), so the answer does not hang on the
 * rounding of the shortcut. When a block of questions has more distinct
 * words than questions (3CosAdd only), it takes one query vector per
 * question instead.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "eval.h"
#include "keymap.h"
#include "knn.h"
#include "lines.h"
#include "xalloc.h"

#define TOPN 5               /* gensim's topn in evaluate_word_analogies */
#define CAND 16              /* candidates kept per question before re-ranking */
#define MAX_U 4096           /* distinct vectors per block */

typedef struct question {
    uint32_t row[3];       /* model rows of a, b, c */
    uint32_t key[4];       /* key ids of a, b, c, expected */
    uint32_t section;
} question;

/* u (dim) = row / norm, in float as gensim's get_vector(norm=True). */
static void unit_row(const vs_model *m, const float *norms, uint32_t r, float *u)
{
    const float *x = vs_model_row(m, r);
    size_t j;

    for (j = 0; j < m->dim; j++)
        u[j] = x[j] / norms[r];
}

/* q (dim) = unit((ub + uc - ua) / 3), accumulated in float as gensim's
 * get_mean_vector (positive b, c first, then negative a). */
static void mean_query(const vs_model *m, const float *norms, const question *qu, float *q,
                       float *u)
{
    static const int order[3] = {1, 2, 0};
    static const float weight[3] = {-1.0f, 1.0f, 1.0f};
    size_t j, t;
    double len;

    memset(q, 0, m->dim * sizeof *q);
    for (t = 0; t < 3; t++) {
        int k = order[t];
        unit_row(m, norms, qu->row[k], u);
        for (j = 0; j < m->dim; j++)
            q[j] += weight[k] * u[j];
    }
    for (j = 0; j < m->dim; j++)
        q[j] = q[j] / 3.0f;
    len = vs_norm(q, m->dim);
    if (len > 0) {
        float l = (float)len;
        for (j = 0; j < m->dim; j++)
            q[j] = q[j] / l;
    }
}

/* Re-ranks the candidates h[0..n) by cos(w, q) with q as gensim computes
 * it; returns how many remain (a NaN score drops out). */
static size_t rerank(const vs_model *m, const float *norms, const question *qu, vs_hit *h,
                     size_t n, float *q, float *u)
{
    vs_hit r[CAND];
    size_t i, j, nr = 0;

    mean_query(m, norms, qu, q, u);
    for (i = 0; i < n; i++) {
        const float *w = vs_model_row(m, h[i].id);
        float d = 0.0f, v;
        size_t pos;
        for (j = 0; j < m->dim; j++)
            d += w[j] * q[j];
        v = d / norms[h[i].id];
        if (!(v == v))
            continue;
        /* insertion by (score desc, id asc) */
        pos = nr;
        while (pos > 0 && (r[pos - 1].score < v ||
                           (r[pos - 1].score == v && r[pos - 1].id > h[i].id))) {
            r[pos] = r[pos - 1];
            pos--;
        }
        r[pos].score = v;
        r[pos].id = h[i].id;
        nr++;
    }
    memcpy(h, r, nr * sizeof *h);
    return nr;
}

/* The scratch of the answering loop. */
typedef struct answerer {
    vs_model *m;
    const float *norms;
    int mul;
    const vs_eval_keymap *km;
    vs_knn_batch *batch;    /* the first N rows, CAND best per question */
    float *U, *q, *u;       /* U: MAX_U unit vectors */
    vs_knn_query *kq;       /* per question: its vectors in U, its rows */
    vs_hit *hits;           /* per question: CAND candidates */
    size_t *nhits;
    uint32_t *slot_of;      /* model row -> row of U in this block, or -1 */
} answerer;

/* Answers qs[0..nq), whose queries kq name rows of U (nu of them, filled),
 * setting right[]. direct: U holds one query vector per question. */
static void answer_block(answerer *A, const question *qs, const vs_knn_query *kq, size_t nq,
                         size_t nu, int direct, unsigned char *right)
{
    const vs_model *m = A->m;
    vs_knn_combine how = direct ? VS_KNN_COS : A->mul ? VS_KNN_3COSMUL : VS_KNN_3COSADD;
    size_t i;

    vs_knn_batch_run(A->batch, A->U, nu, kq, nq, how, A->hits, A->nhits);
    for (i = 0; i < nq; i++) {
        vs_hit *h = A->hits + i * CAND;
        size_t n = A->nhits[i], k;
        long predicted = -1;
        if (!A->mul && !direct)
            n = rerank(m, A->norms, &qs[i], h, n, A->q, A->u);
        /* gensim's answer: the first of the best TOPN whose key is not a,
         * b or c's (it breaks there), else the last one looked at */
        for (k = 0; k < n && k < TOPN; k++) {
            uint32_t key = A->km->key_of[h[k].id];
            predicted = key;
            if (key != qs[i].key[0] && key != qs[i].key[1] && key != qs[i].key[2])
                break;
        }
        right[i] = predicted == (long)qs[i].key[3];
    }
}

/* Answers all questions, a block at a time; returns -1 when interrupted. */
static int answer_all(answerer *A, const question *qs, size_t nq, unsigned char *right,
                      const vs_progress *progress, vs_error *err)
{
    const vs_model *m = A->m;
    size_t q0 = 0, dim = m->dim;

    while (q0 < nq) {
        size_t nb = 0, nu = 0, i, k;
        int direct;
        /* the block: as many questions as keep its distinct words <= MAX_U */
        while (q0 + nb < nq) {
            const question *qu = &qs[q0 + nb];
            size_t fresh = 0;
            for (k = 0; k < 3; k++)
                fresh += A->slot_of[qu->row[k]] == UINT32_MAX;
            if (nu + fresh > MAX_U)
                break;
            for (k = 0; k < 3; k++) {
                uint32_t r = qu->row[k];
                if (A->slot_of[r] == UINT32_MAX) {
                    A->slot_of[r] = (uint32_t)nu;
                    unit_row(m, A->norms, r, A->U + nu * dim);
                    nu++;
                }
                A->kq[q0 + nb].u[k] = A->slot_of[r];
            }
            nb++;
        }
        for (i = 0; i < nb; i++)
            for (k = 0; k < 3; k++)
                A->slot_of[qs[q0 + i].row[k]] = UINT32_MAX;
        /* 3CosAdd with more distinct words than questions: one query each */
        direct = !A->mul && nu > nb;
        if (direct) {
            for (i = 0; i < nb; i++) {
                mean_query(m, A->norms, &qs[q0 + i], A->U + i * dim, A->u);
                A->kq[q0 + i].u[0] = (uint32_t)i;
            }
            nu = nb;
        }
        answer_block(A, qs + q0, A->kq + q0, nb, nu, direct, right + q0);
        q0 += nb;
        if (vs_progress_step(progress, "evaluating analogies", (double)q0 / (double)nq, err) < 0)
            return -1;
    }
    return 0;
}

void vs_analogy_result_free(vs_analogy_result *res)
{
    size_t i;

    if (res == NULL)
        return;
    for (i = 0; i < res->nsections; i++)
        free(res->sections[i].name);
    free(res->sections);
    free(res->total.name);
    vs_eval_skips_free(&res->skips);
    memset(res, 0, sizeof *res);
}

int vs_eval_analogy(vs_model *m, const char *path, const vs_eval_opts *o,
                    vs_analogy_result *res, vs_error *err)
{
    char *buf = NULL;
    size_t len, nrows, line = 0, nq = 0, qcap = 0, i, scap = 0;
    const char *p, *end;
    question *qs = NULL;
    vs_eval_keymap km;
    const float *norms;
    int rc = -1;

    memset(res, 0, sizeof *res);
    if (vs_eval_begin(m, path, o, &buf, &len, &km, err) < 0)
        return -1;
    nrows = res->restrict_vocab = km.n;
    norms = vs_model_norms(m);

    /* 1. read the questions; look their words up */
    for (p = buf, end = buf + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        vs_eval_span w[5];
        size_t nw;
        line++;
        if (le - p >= 2 && p[0] == ':' && p[1] == ' ') {
            /* ": section": name = line.lstrip(': ').strip() */
            const char *s = p;
            vs_eval_span name;
            while (s < le && (*s == ':' || *s == ' '))
                s++;
            name = vs_eval_strip(s, (size_t)(le - s));
            if (res->nsections == scap) {
                scap = scap ? 2 * scap : 16;
                res->sections = xreallocarray(res->sections, scap, sizeof *res->sections);
            }
            memset(&res->sections[res->nsections], 0, sizeof *res->sections);
            res->sections[res->nsections++].name = xstrndup(name.s, name.len);
        } else if ((nw = vs_eval_split(p, (size_t)(le - p), w, 5)) == 0) {
            ; /* a blank line */
        } else if (nw != 4) {
            char *e = vs_eval_shown(p, (size_t)(le - p));
            vs_eval_skip(&res->skips, path, line, "expected four words (A B C EXPECTED) or "
                         "': SECTION', found %zu word%s: \"%s\"", nw, nw == 1 ? "" : "s", e);
            free(e);
        } else if (res->nsections == 0) {
            vs_eval_skip(&res->skips, path, line,
                         "a question before the first ': SECTION' line");
        } else {
            vs_analogy_section *sec = &res->sections[res->nsections - 1];
            long key[4];
            int k, known = 1;
            res->questions++;
            for (k = 0; k < 4; k++) {
                key[k] = vs_eval_keymap_find(&km, w[k].s, w[k].len);
                known &= key[k] >= 0;
            }
            if (!known) {
                sec->oov++;
            } else {
                if (nq == qcap) {
                    qcap = qcap ? 2 * qcap : 1024;
                    qs = xreallocarray(qs, qcap, sizeof *qs);
                }
                for (k = 0; k < 4; k++)
                    qs[nq].key[k] = (uint32_t)key[k];
                for (k = 0; k < 3; k++)
                    qs[nq].row[k] = km.row_of[key[k]];
                qs[nq].section = (uint32_t)(res->nsections - 1);
                nq++;
            }
        }
        p = nl ? nl + 1 : end;
    }
    if (res->questions == 0) {
        vs_eval_fail_unusable(err, path, "no usable question: expected ': SECTION' lines, "
                              "each followed by lines of four words", &res->skips);
        goto done;
    }

    /* 2. answer them */
    {
        answerer A;
        unsigned char *right = xmalloc(nq ? nq : 1);
        size_t k;
        int r, threads = o->threads < 1                     ? 1
                         : o->threads > VS_EVAL_MAX_THREADS ? VS_EVAL_MAX_THREADS
                                                            : o->threads;
        memset(&A, 0, sizeof A);
        A.m = m;
        A.norms = norms;
        A.mul = o->mul;
        A.km = &km;
        A.batch = vs_knn_batch_new(m, nrows, MAX_U, CAND, threads);
        A.U = xmallocarray((size_t)MAX_U * m->dim, sizeof *A.U);
        A.q = xmallocarray(m->dim, sizeof *A.q);
        A.u = xmallocarray(m->dim, sizeof *A.u);
        A.kq = xmallocarray(nq ? nq : 1, sizeof *A.kq);
        A.hits = xmallocarray(nq ? nq : 1, CAND * sizeof *A.hits);
        A.nhits = xmallocarray(nq ? nq : 1, sizeof *A.nhits);
        A.slot_of = xmallocarray(nrows ? nrows : 1, sizeof *A.slot_of);
        memset(A.slot_of, 0xff, (nrows ? nrows : 1) * sizeof *A.slot_of);
        for (i = 0; i < nq; i++)
            for (k = 0; k < 3; k++)
                A.kq[i].exclude[k] = qs[i].row[k];   /* never their own answer */
        r = answer_all(&A, qs, nq, right, o->progress, err);
        vs_progress_done(o->progress);
        for (k = 0; r == 0 && k < nq; k++) {
            vs_analogy_section *sec = &res->sections[qs[k].section];
            sec->seen++;
            sec->correct += right[k];
        }
        vs_knn_batch_free(A.batch);
        free(A.U);
        free(A.q);
        free(A.u);
        free(A.kq);
        free(A.hits);
        free(A.nhits);
        free(A.slot_of);
        free(right);
        if (r < 0)
            goto done;   /* interrupted */
    }

    /* 3. the total */
    res->total.name = xstrdup("total");
    for (i = 0; i < res->nsections; i++) {
        res->total.correct += res->sections[i].correct;
        res->total.seen += res->sections[i].seen;
        res->total.oov += res->sections[i].oov;
    }
    rc = 0;
done:
    if (rc != 0)
        vs_analogy_result_free(res);
    vs_eval_keymap_free(&km);
    free(qs);
    free(buf);
    return rc;
}
