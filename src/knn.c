/*
 * knn.c - cosine scores against the whole matrix, and the top k of them.
 *
 * One query: one BLAS matrix-vector product over the raw rows, divided by
 * the stored row norms: the matrix is read once, which is the
 * memory-bandwidth bound. The top k are kept in a small min-heap while
 * scanning the scores.
 *
 * A batch (knn.h): one matrix product per tile of the matrix for all the
 * batch's vectors, then a scan per query over the tile's columns that keeps
 * a running top k, the queries split among threads between two products.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "knn.h"
#include "parallel.h"
#include "xalloc.h"

void vs_knn_scores(vs_model *m, const float *q, size_t limit, float *scores)
{
    const float *norms = vs_model_norms(m);
    size_t i;

    /* scores (limit) = vecs[0:limit] (limit, dim) . q (dim) */
    vs_gemv(m->vecs, limit, m->dim, q, scores);
    /* cosine = dot / |row|; 0/0 gives NaN for a zero row, as numpy does */
    for (i = 0; i < limit; i++)
        scores[i] = scores[i] / norms[i];
}

/* a ranks before b: higher score, then lower id. */
static int better(const vs_hit *a, const vs_hit *b)
{
    return a->score > b->score || (a->score == b->score && a->id < b->id);
}

/* Restores the min-heap (worst at the top) below position i. */
static void sift_down(vs_hit *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        vs_hit t;
        if (l < n && better(&h[w], &h[l]))
            w = l;
        if (r < n && better(&h[w], &h[r]))
            w = r;
        if (w == i)
            return;
        t = h[i];
        h[i] = h[w];
        h[w] = t;
        i = w;
    }
}

static void sift_up(vs_hit *h, size_t i)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        vs_hit t;
        if (!better(&h[p], &h[i]))
            return;
        t = h[i];
        h[i] = h[p];
        h[p] = t;
        i = p;
    }
}

static int excluded(uint32_t id, const uint32_t *ex, size_t nex)
{
    size_t i;

    for (i = 0; i < nex; i++)
        if (ex[i] == id)
            return 1;
    return 0;
}

static int cmp_hits(const void *a, const void *b)
{
    const vs_hit *x = a, *y = b;

    if (better(x, y))
        return -1;
    if (better(y, x))
        return 1;
    return 0;
}

size_t vs_topk(const float *scores, size_t n, const uint32_t *exclude,
               size_t nexclude, size_t k, vs_hit *out)
{
    size_t i, len = 0;

    if (k == 0)
        return 0;
    for (i = 0; i < n; i++) {
        vs_hit h;
        if (isnan(scores[i]))
            continue;
        h.id = (uint32_t)i;
        h.score = scores[i];
        if (len == k && !better(&h, &out[0]))
            continue;
        if (nexclude && excluded(h.id, exclude, nexclude))
            continue;
        if (len < k) {
            out[len] = h;
            sift_up(out, len++);
        } else {
            out[0] = h;
            sift_down(out, len, 0);
        }
    }
    qsort(out, len, sizeof *out, cmp_hits);
    return len;
}

/* ------------------------------------------------------------------ */
/* batched top-k                                                       */
/* ------------------------------------------------------------------ */

#define D_FLOATS (4u << 20)  /* floats of D per tile (16 MB) */
#define MIN_TILE 256         /* rows of the matrix per tile, at least */
#define MAX_TILE 65536       /* and at most */
#define PER_THREAD 64        /* queries worth a thread of their own */

struct vs_knn_batch {
    vs_model *m;
    const float *norms;
    size_t limit, max_u, k;
    int threads;
    float *D;                /* (nu, tn4) of the current tile */
};

vs_knn_batch *vs_knn_batch_new(vs_model *m, size_t limit, size_t max_u, size_t k,
                               int threads)
{
    vs_knn_batch *b = xcalloc(1, sizeof *b);
    size_t floats = (size_t)D_FLOATS > MIN_TILE * max_u ? (size_t)D_FLOATS : MIN_TILE * max_u;

    b->m = m;
    b->norms = vs_model_norms(m);
    b->limit = limit;
    b->max_u = max_u;
    b->k = k;
    b->threads = threads < 1 ? 1 : threads;
    b->D = xmallocarray(floats + 16 * max_u, sizeof *b->D);
    return b;
}

void vs_knn_batch_free(vs_knn_batch *b)
{
    if (b == NULL)
        return;
    free(b->D);
    free(b);
}

/* Adds row id with score v (above the threshold) to the running best k
 * h[0..*n), leaving out the query's excluded rows. Rows come in increasing
 * order, so an equal score never displaces an earlier (lower) row. Returns
 * the new threshold. */
static float top_insert(vs_hit *h, size_t *n, size_t k, float v, uint32_t id,
                        const uint32_t *ex)
{
    size_t pos;

    if (id == ex[0] || id == ex[1] || id == ex[2])
        return *n == k ? h[k - 1].score : -INFINITY;
    pos = *n < k ? *n : k - 1;
    while (pos > 0 && h[pos - 1].score < v) {
        h[pos] = h[pos - 1];
        pos--;
    }
    h[pos].score = v;
    h[pos].id = id;
    if (*n < k)
        (*n)++;
    return *n == k ? h[k - 1].score : -INFINITY;
}

/* Eight floats as one value (GCC vector extension): one AVX register where
 * the AVX2 clone of scan runs, two SSE registers otherwise, generic code on
 * other machines. The combine-and-compare loop below reads one or three
 * rows of D per query and is the inner loop of a batch. */
typedef float v8f __attribute__((vector_size(32)));
typedef int v8i __attribute__((vector_size(32)));

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VS_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VS_SIMD_CLONES
#endif

/* Offers rows first .. first+15 (scores v[0..16)) to the running top. */
static float offer16(vs_hit *h, size_t *n, size_t k, const float *v, float thr,
                     uint32_t first, const uint32_t *ex)
{
    size_t i;

    for (i = 0; i < 16; i++)
        if (v[i] > thr)
            thr = top_insert(h, n, k, v[i], first + (uint32_t)i, ex);
    return thr;
}

/* Offers rows [base, base + len) to the running top h (len is a multiple
 * of 16) with the scores: 3CosAdd (db + dc - da), 3CosMul, or da alone (a
 * query's own vector: db == NULL). Almost every chunk of 16 falls below the
 * threshold and costs one test of its comparison masks; NaN (a zero row)
 * never passes. The loads go through memcpy (unaligned-safe). */
VS_SIMD_CLONES
static void scan(vs_hit *h, size_t *n, size_t k, const float *da, const float *db,
                 const float *dc, size_t len, uint32_t base, int mul, const uint32_t *ex)
{
    const v8f one = {1, 1, 1, 1, 1, 1, 1, 1}, two = {2, 2, 2, 2, 2, 2, 2, 2};
    const v8f eps = {1e-6f, 1e-6f, 1e-6f, 1e-6f, 1e-6f, 1e-6f, 1e-6f, 1e-6f};
    float thr = *n == k ? h[k - 1].score : -INFINITY;
    size_t j, half;

    for (j = 0; j < len; j += 16) {
        v8f v[2], a, b, c, tv = {thr, thr, thr, thr, thr, thr, thr, thr};
        float vals[16];
        v8i hit;
        uint64_t w[4];
        for (half = 0; half < 2; half++) {
            memcpy(&a, da + j + 8 * half, sizeof a);
            if (db == NULL) {
                v[half] = a;
                continue;
            }
            memcpy(&b, db + j + 8 * half, sizeof b);
            memcpy(&c, dc + j + 8 * half, sizeof c);
            if (!mul)
                v[half] = b + c - a;
            else  /* (1 + cos b)/2 (1 + cos c)/2 / ((1 + cos a)/2 + 1e-6),
                   * in gensim's order of float operations */
                v[half] = (((one + b) / two) * ((one + c) / two)) / ((one + a) / two + eps);
        }
        hit = (v[0] > tv) | (v[1] > tv);
        memcpy(w, &hit, sizeof w);
        if ((w[0] | w[1] | w[2] | w[3]) == 0)
            continue;
        memcpy(vals, v, sizeof vals);
        thr = offer16(h, n, k, vals, thr, base + (uint32_t)j, ex);
    }
}

/* The queries of a batch over the current tile of D. */
struct scan_job {
    const vs_knn_batch *b;
    const vs_knn_query *qs;
    vs_knn_combine how;
    vs_hit *hits;
    size_t *nhits;
    size_t tn4, t0;
};

/* Scans queries [lo, hi) over the tile. */
static void scan_range(void *arg, size_t lo, size_t hi)
{
    const struct scan_job *j = arg;
    const float *D = j->b->D;
    size_t k = j->b->k, i;

    for (i = lo; i < hi; i++) {
        const vs_knn_query *q = &j->qs[i];
        if (j->how == VS_KNN_COS)
            scan(j->hits + i * k, &j->nhits[i], k, D + q->u[0] * j->tn4, NULL, NULL, j->tn4,
                 (uint32_t)j->t0, 0, q->exclude);
        else
            scan(j->hits + i * k, &j->nhits[i], k, D + q->u[0] * j->tn4,
                 D + q->u[1] * j->tn4, D + q->u[2] * j->tn4, j->tn4, (uint32_t)j->t0,
                 j->how == VS_KNN_3COSMUL, q->exclude);
    }
}

void vs_knn_batch_run(vs_knn_batch *b, const float *U, size_t nu, const vs_knn_query *qs,
                      size_t nq, vs_knn_combine how, vs_hit *hits, size_t *nhits)
{
    const vs_model *m = b->m;
    size_t dim = m->dim, tile = D_FLOATS / (nu ? nu : 1), nt = (size_t)b->threads, i, j;
    struct scan_job job;

    tile = tile < MIN_TILE ? MIN_TILE : tile > MAX_TILE ? MAX_TILE : tile;
    tile -= tile % 16;
    if (nt > nq / PER_THREAD)
        nt = nq / PER_THREAD;
    if (nt < 1)
        nt = 1;
    for (i = 0; i < nq; i++)
        nhits[i] = 0;
    job.b = b;
    job.qs = qs;
    job.how = how;
    job.hits = hits;
    job.nhits = nhits;
    for (job.t0 = 0; job.t0 < b->limit; job.t0 += tile) {
        size_t tn = b->limit - job.t0 < tile ? b->limit - job.t0 : tile;
        const float *nr = b->norms + job.t0;
        job.tn4 = (tn + 15) & ~(size_t)15;
        /* D (nu, tn) = U (nu, dim) . W[t0 : t0 + tn]^T (dim, tn), then each
         * column divided by its row's norm: cosines (NaN for a zero row);
         * the columns from tn to tn4 (a multiple of 16) are NaN padding */
        vs_sgemm(0, 1, nu, tn, dim, 1.0f, U, dim, m->vecs + job.t0 * dim, dim, 0.0f, b->D,
                 job.tn4);
        for (i = 0; i < nu; i++) {
            float *d = b->D + i * job.tn4;
            for (j = 0; j < tn; j++)
                d[j] = d[j] / nr[j];
            for (; j < job.tn4; j++)
                d[j] = NAN;
        }
        /* the scans run between two products, never during one */
        vs_parallel_for((int)nt, nq, scan_range, &job);
    }
}
