/*
 * glove.c - GloVe training (see glove.h).
 *
 * Counting: for each word and each of the `window` words before it in its
 * sentence, at distance k, 1/k is added to the pair's entry. Pairs of the
 * DENSE_MAX most frequent words (most of the additions) go into a dense
 * triangle; the others into a buffer of (i, j, x) that is sorted, summed
 * and merged into a sorted array whenever it fills.
 *
 * Training: every entry (i, j) with i != j is trained in both directions,
 * (i, j) and (j, i), as GloVe's symmetric counts hold both; the list is
 * shuffled once with the seed and each thread takes a share of it every
 * epoch. Per entry, with d = w_i . w~_j + b_i + b~_j - log x and
 * g = eta f(x) d, AdaGrad steps
 *   w_i  -= g w~_j / sqrt(G_i),   G_i  += (g w~_j)^2     (per component)
 *   w~_j -= g w_i  / sqrt(G~_j),  G~_j += (g w_i)^2
 *   b_i  -= g / sqrt(Gb_i),       Gb_i += g^2, and the same for b~_j,
 * with the accumulators starting at 1 and the weights uniform in
 * [-0.5/dim, 0.5/dim).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parallel.h"
#include "../random.h"
#include "../xalloc.h"
#include "glove.h"
#include "vecops.h"

#define DENSE_MAX 2048
#define BUFFER_MAX ((size_t)4 << 20)

void vs_glove_defaults(vs_glove_params *p)
{
    memset(p, 0, sizeof *p);
    p->dim = 50;
    p->window = 15;
    p->xmax = 100;
    p->alpha = 0.75;
    p->eta = 0.05;
    p->epochs = 25;
    p->threads = 1;
    p->seed = 1;
}

/* ---- counting ---- */

static int by_pair(const void *pa, const void *pb)
{
    const vs_cooc *a = pa, *b = pb;

    if (a->i != b->i)
        return a->i < b->i ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

/* Sorts buf and sums equal pairs in place; returns the new length. */
static size_t sort_sum(vs_cooc *buf, size_t n)
{
    size_t i, out = 0;

    qsort(buf, n, sizeof *buf, by_pair);
    for (i = 0; i < n; i++) {
        if (out > 0 && buf[out - 1].i == buf[i].i && buf[out - 1].j == buf[i].j)
            buf[out - 1].x += buf[i].x;
        else
            buf[out++] = buf[i];
    }
    return out;
}

/* Merges the sorted, summed a (na) and b (nb) into a new array. */
static vs_cooc *merge(const vs_cooc *a, size_t na, const vs_cooc *b, size_t nb, size_t *n)
{
    vs_cooc *m = xmallocarray(na + nb > 0 ? na + nb : 1, sizeof *m);
    size_t i = 0, j = 0, k = 0;

    while (i < na || j < nb) {
        int c = i == na ? 1 : j == nb ? -1 : by_pair(&a[i], &b[j]);
        if (c < 0)
            m[k++] = a[i++];
        else if (c > 0)
            m[k++] = b[j++];
        else {
            m[k] = a[i++];
            m[k++].x += b[j++].x;
        }
    }
    *n = k;
    return m;
}

int vs_glove_cooccur(const vs_corpus *c, int window, const vs_progress *progress,
                     vs_cooc **out, size_t *nout, vs_error *err)
{
    size_t n = c->vocab->n, K = n < DENSE_MAX ? n : DENSE_MAX;
    float *dense = xcalloc(K * K, sizeof *dense);  /* [i * K + j], i <= j */
    vs_cooc *buf = xmallocarray(BUFFER_MAX, sizeof *buf), *acc = NULL;
    size_t nbuf = 0, nacc = 0, p, start = 0, i, j, ndense = 0;
    const uint32_t *ids = c->ids;
    int rc = 0;

    *out = NULL;
    *nout = 0;
    for (p = 0; p < c->nids; p++) {
        size_t q, lo;
        uint32_t b = ids[p];
        if (b == VS_CORPUS_EOS) {
            start = p + 1;
            continue;
        }
        lo = p - start > (size_t)window ? p - (size_t)window : start;
        for (q = lo; q < p; q++) {
            uint32_t a = ids[q], x = a < b ? a : b, y = a < b ? b : a;
            float w = 1.0f / (float)(p - q);
            if (a == b)
                w *= 2.0f;  /* both directions of a pair of equal words */
            if (y < K) {
                dense[(size_t)x * K + y] += w;
                continue;
            }
            if (nbuf == BUFFER_MAX) {
                size_t nm;
                vs_cooc *m;
                nbuf = sort_sum(buf, nbuf);
                m = merge(acc, nacc, buf, nbuf, &nm);
                free(acc);
                acc = m;
                nacc = nm;
                nbuf = 0;
            }
            buf[nbuf].i = x;
            buf[nbuf].j = y;
            buf[nbuf].x = w;
            nbuf++;
        }
        if ((p & 0xfffff) == 0xfffff &&
            vs_progress_step(progress, "glove: counting co-occurrences",
                             (double)p / (double)c->nids, err) != 0) {
            rc = -1;
            goto done;
        }
    }
    /* the dense triangle as entries, then everything in one sorted array */
    for (i = 0; i < K; i++)
        for (j = i; j < K; j++)
            ndense += dense[i * K + j] != 0;
    {
        vs_cooc *d = xmallocarray(ndense > 0 ? ndense : 1, sizeof *d), *m1, *m2;
        size_t k = 0, n1, n2;
        for (i = 0; i < K; i++)
            for (j = i; j < K; j++)
                if (dense[i * K + j] != 0) {
                    d[k].i = (uint32_t)i;
                    d[k].j = (uint32_t)j;
                    d[k++].x = dense[i * K + j];
                }
        nbuf = sort_sum(buf, nbuf);
        m1 = merge(acc, nacc, buf, nbuf, &n1);
        m2 = merge(d, ndense, m1, n1, &n2);
        free(d);
        free(m1);
        *out = m2;
        *nout = n2;
    }
done:
    free(dense);
    free(buf);
    free(acc);
    return rc;
}

/* ---- training ---- */

struct entry {
    uint32_t i, j;   /* trains w_i against w~_j */
    float logx, fx;  /* log X_ij and f(X_ij) */
};

struct shared {
    const vs_glove_params *p;
    size_t n, dim, stride;   /* stride: dim + 1 (the bias last) */
    float *w, *g;            /* 2n x stride weights and AdaGrad sums: rows
                                0..n-1 are W, n..2n-1 are W~ */
    struct entry *e;
    size_t ne;
    uint64_t done;           /* entries trained (atomic) */
    uint64_t total;
    uint64_t words;          /* the corpus's kept words */
    double cost;             /* this epoch's cost, summed by the workers */
    atomic_int stop;
    int epoch;
    const vs_progress *progress;
    double t0, last_loss;
    uint64_t base_done;
};

struct worker {
    struct shared *sh;
    size_t from, to;
    double cost;
};

static void work(void *arg, int t)
{
    struct worker *w = (struct worker *)arg + t;
    struct shared *sh = w->sh;
    size_t dim = sh->dim, stride = sh->stride, k, b;
    float eta = (float)sh->p->eta;
    float *u1 = vs_k_alloc(dim), *u2 = vs_k_alloc(dim);
    uint64_t pending = 0;

    w->cost = 0;
    for (k = w->from; k < w->to && !atomic_load_explicit(&sh->stop, memory_order_relaxed);
         k++) {
        const struct entry *e = &sh->e[k];
        float *l1 = sh->w + (size_t)e->i * stride, *l2 = sh->w + (sh->n + e->j) * stride;
        float *g1 = sh->g + (size_t)e->i * stride, *g2 = sh->g + (sh->n + e->j) * stride;
        float diff = vs_k_dot(l1, l2, dim) + l1[dim] + l2[dim] - e->logx;
        float fdiff = e->fx * diff;
        int finite = 1;
        if (!isfinite(fdiff))
            continue;
        w->cost += 0.5 * (double)fdiff * (double)diff;
        fdiff *= eta;
        /* the steps first, from the old weights; then apply them */
        for (b = 0; b < dim; b++) {
            float t1 = fdiff * l2[b], t2 = fdiff * l1[b];
            u1[b] = t1 / sqrtf(g1[b]);
            u2[b] = t2 / sqrtf(g2[b]);
            g1[b] += t1 * t1;
            g2[b] += t2 * t2;
        }
        for (b = 0; b < dim; b++)
            if (!isfinite(u1[b]) || !isfinite(u2[b]))
                finite = 0;
        if (finite) {
            vs_k_axpy(-1.0f, u1, l1, dim);
            vs_k_axpy(-1.0f, u2, l2, dim);
        }
        l1[dim] -= fdiff / sqrtf(g1[dim]);
        l2[dim] -= fdiff / sqrtf(g2[dim]);
        g1[dim] += fdiff * fdiff;
        g2[dim] += fdiff * fdiff;
        if (++pending == 65536) {
            __atomic_add_fetch(&sh->done, pending, __ATOMIC_RELAXED);
            pending = 0;
        }
    }
    __atomic_add_fetch(&sh->done, pending, __ATOMIC_RELAXED);
    free(u1);
    free(u2);
}

/* "glove 3/25 410k words/s, loss 0.0412, 40 s left": words/s is the
 * corpus's words times the share of the entries done, per second, so that
 * it compares with word2vec's; the loss is the last whole epoch's. */
static int watch(void *ud, vs_error *err)
{
    struct shared *sh = ud;
    uint64_t done = __atomic_load_n(&sh->done, __ATOMIC_RELAXED);
    double el = vs_progress_now() - sh->t0, pps = el > 0 ? (double)done / el : 0;
    double left = pps > 0 && done < sh->total ? (double)(sh->total - done) / pps : 0;
    double wps = pps * (double)sh->words / (double)sh->ne;
    char what[128];

    snprintf(what, sizeof what, "glove %d/%d %.0fk words/s, loss %.4g, %.0f s left",
             sh->epoch + 1, sh->p->epochs, wps / 1000.0, sh->last_loss, left);
    return vs_progress_step(sh->progress, what, (double)done / (double)(sh->total + 1), err);
}

static int check_params(const vs_glove_params *p, vs_error *err)
{
    if (p->dim < 1 || p->dim > 10000)
        return vs_fail(err, "--dim takes 1 to 10000, not %zu", p->dim);
    if (p->window < 1 || p->window > 1000)
        return vs_fail(err, "--window takes 1 to 1000, not %d", p->window);
    if (!(p->xmax > 0))
        return vs_fail(err, "--xmax takes a count above 0 (100 is GloVe's), not %g", p->xmax);
    if (!(p->alpha > 0) || p->alpha > 10)
        return vs_fail(err, "--alpha (the weighting exponent, 0.75 is GloVe's) takes a number "
                            "above 0, not %g", p->alpha);
    if (!(p->eta > 0))
        return vs_fail(err, "the learning rate must be above 0, not %g", p->eta);
    if (p->epochs < 1 || p->epochs > 100000)
        return vs_fail(err, "--epochs takes 1 or more, not %d", p->epochs);
    if (p->threads < 1 || p->threads > 1024)
        return vs_fail(err, "--threads takes 1 to 1024, not %d", p->threads);
    return 0;
}

int vs_glove_train(const vs_corpus *c, const vs_glove_params *p, const vs_progress *progress,
                   float **vecs, vs_train_stats *stats, vs_error *err)
{
    struct shared sh;
    struct worker *w = NULL;
    vs_parallel_watch watcher;
    vs_cooc *co = NULL;
    size_t nco, i, k, d;
    uint64_t rnd = p->seed;
    int t, rc = -1;
    double t0 = vs_progress_now();

    *vecs = NULL;
    memset(stats, 0, sizeof *stats);
    if (check_params(p, err) != 0)
        return -1;
    if (vs_glove_cooccur(c, p->window, progress, &co, &nco, err) != 0)
        return -1;
    if (nco == 0) {
        free(co);
        return vs_fail(err, "no two kept words ever stand within %d words of each other; "
                            "nothing to train on", p->window);
    }
    memset(&sh, 0, sizeof sh);
    atomic_init(&sh.stop, 0);
    sh.p = p;
    sh.n = c->vocab->n;
    sh.dim = p->dim;
    sh.stride = p->dim + 1;
    /* both directions of each pair, with log x and f(x) */
    sh.e = xmallocarray(2 * nco, sizeof *sh.e);
    for (k = 0; k < nco; k++) {
        double x = co[k].x;
        float fx = (float)(x < p->xmax ? pow(x / p->xmax, p->alpha) : 1.0);
        struct entry e = {co[k].i, co[k].j, (float)log(x), fx};
        sh.e[sh.ne++] = e;
        if (co[k].i != co[k].j) {
            e.i = co[k].j;
            e.j = co[k].i;
            sh.e[sh.ne++] = e;
        }
    }
    free(co);
    /* one shuffle (Fisher-Yates), as GloVe's shuffle tool */
    for (k = sh.ne; k > 1; k--) {
        size_t r = (size_t)(vs_random_next(&rnd) % k);
        struct entry tmp = sh.e[k - 1];
        sh.e[k - 1] = sh.e[r];
        sh.e[r] = tmp;
    }
    sh.w = vs_k_alloc(2 * sh.n * sh.stride);
    sh.g = vs_k_alloc(2 * sh.n * sh.stride);
    for (i = 0; i < 2 * sh.n * sh.stride; i++) {
        sh.w[i] = ((float)(vs_random_next(&rnd) >> 40) / 16777216.0f - 0.5f) / (float)p->dim;
        sh.g[i] = 1.0f;
    }
    sh.total = (uint64_t)sh.ne * (uint64_t)p->epochs;
    sh.words = c->words;
    sh.progress = progress;
    watcher.fn = watch;
    watcher.ud = &sh;
    watcher.every_ms = 200;
    watcher.stop = &sh.stop;
    sh.t0 = vs_progress_now();
    w = xcalloc((size_t)p->threads, sizeof *w);
    for (t = 0; t < p->threads; t++) {
        w[t].sh = &sh;
        w[t].from = (size_t)((double)sh.ne * t / p->threads);
        w[t].to = t == p->threads - 1 ? sh.ne : (size_t)((double)sh.ne * (t + 1) / p->threads);
    }
    for (sh.epoch = 0; sh.epoch < p->epochs; sh.epoch++) {
        double cost = 0;
        if (vs_parallel_run(p->threads, work, w, &watcher, err) != 0)
            goto done;
        for (t = 0; t < p->threads; t++)
            cost += w[t].cost;
        sh.last_loss = cost / (double)sh.ne;
        if (!isfinite(sh.last_loss)) {
            vs_fail(err, "the loss is no longer finite after epoch %d; try a smaller --xmax "
                         "or fewer dimensions", sh.epoch + 1);
            goto done;
        }
    }
    /* the saved vectors: W + W~ */
    *vecs = xmallocarray(sh.n * sh.dim, sizeof **vecs);
    for (i = 0; i < sh.n; i++)
        for (d = 0; d < sh.dim; d++)
            (*vecs)[i * sh.dim + d] = sh.w[i * sh.stride + d] + sh.w[(sh.n + i) * sh.stride + d];
    stats->seconds = vs_progress_now() - t0;
    stats->words = c->words * (uint64_t)p->epochs;
    stats->words_per_sec = stats->seconds > 0 ? (double)stats->words / stats->seconds : 0;
    stats->loss = sh.last_loss;
    rc = 0;
done:
    vs_progress_done(progress);
    free(w);
    free(sh.e);
    free(sh.w);
    free(sh.g);
    return rc;
}
