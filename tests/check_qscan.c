/*
 * check_qscan.c - exact top-k through the 8-bit scan (src/qscan.c): on a
 * real model (gutenberg-w2v-cbow32, 8,243 x 32) and a random 20,000 x 300
 * one with repeated and zero rows, 1,000 queries each (words and arbitrary
 * vectors; 300 on the larger), k of 1, 10 and 100, with and without words left out and a
 * restricted search, give the same rows and the same scores, bit for bit,
 * as the exact f32 scan ranked by vs_topk; on every scan this CPU has
 * (portable, AVX2, AVX-512 VNNI). The same on every model of the parity
 * tests. A control with the bound switched off
 * must fail, so the test can.
 *
 * The batched top-k (knn.h) the same way: many queries of one cosine,
 * 3CosAdd and 3CosMul over a block of vectors, through the 8-bit copy and
 * through f32 products, over many tiles of a restricted model, with rows
 * left out, on 1 and 3 threads and on every scan, give the rows and scores
 * (bit for bit) of every row scored exactly and ranked by vs_topk; and
 * with the 8-bit bound switched off they must not. And one cosine a query,
 * as overlap searches: each query of a batch gets what vs_qscan_topk gives
 * it alone, row for row and bit for bit.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "format/format.h"
#include "knn.h"
#include "qscan.h"
#include "xalloc.h"

static uint64_t rng = 88172645463325252ull;

static double uniform(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static vs_model *random_model(size_t n, size_t dim)
{
    vs_vocab *v = vs_vocab_new(n);
    float *vecs = xmallocarray(n * dim, sizeof *vecs);
    size_t i, j;
    vs_model *m;

    for (i = 0; i < n; i++) {
        char w[32];
        snprintf(w, sizeof w, "w%zu", i);
        vs_vocab_add(v, w, strlen(w), NULL);
        for (j = 0; j < dim; j++) {
            /* clusters, so that neighbours are close and ties matter */
            double c = (double)(i % 50) / 50.0 - 0.5;
            vecs[i * dim + j] = (float)(c * (j % 7 == 0) + (uniform() - 0.5));
        }
    }
    /* repeated rows (equal scores: ties by id) and zero rows */
    for (i = 100; i < 120; i++)
        memcpy(vecs + i * dim, vecs + 7 * dim, dim * sizeof *vecs);
    for (i = 200; i < 205; i++)
        memset(vecs + i * dim, 0, dim * sizeof *vecs);
    m = vs_model_new("random", "test", v, vecs, n, dim);
    vs_model_norms(m);
    return m;
}

/* The query: a word's unit row, or an arbitrary unit vector. */
static void query(const vs_model *m, size_t t, float *q)
{
    size_t j, dim = m->dim;
    double s = 0;

    for (j = 0; j < dim; j++) {
        q[j] = t % 3 == 2 ? (float)(uniform() - 0.5)
                          : m->vecs[(t * 7919 % m->n) * dim + j];
        s += (double)q[j] * q[j];
    }
    for (j = 0; j < dim; j++)
        q[j] = s > 0 ? (float)(q[j] / sqrt(s)) : 0;
}

/* Compares the 8-bit search with the f32 scan over nq queries; returns how
 * many disagree (0 is the point). */
static int compare(const vs_model *m, const vs_qindex *qi, size_t nq, size_t *rescored_max)
{
    static const size_t ks[] = {1, 10, 100};
    float *q = xmallocarray(m->dim, sizeof *q), *scores = xmallocarray(m->n, sizeof *scores);
    vs_hit a[100], b[100];
    size_t t, kk, i, total = 0;
    int bad = 0;

    *rescored_max = 0;
    for (t = 0; t < nq; t++) {
        uint32_t ex[3] = {(uint32_t)(t * 7919 % m->n), 7, 101};
        size_t limit = t % 5 == 4 ? m->n / 3 : m->n, nex = t % 2 ? 3 : 0, rescored;
        query(m, t, q);
        vs_qscan_scores_f32(m, q, limit, scores);
        for (kk = 0; kk < 3; kk++) {
            size_t na = vs_topk(scores, limit, ex, nex, ks[kk], a);
            size_t nb = vs_qscan_topk(m, qi, q, limit, ex, nex, ks[kk], b, &rescored);
            if (rescored > *rescored_max)
                *rescored_max = rescored;
            total += rescored;
            if (na != nb) {
                bad++;
                continue;
            }
            for (i = 0; i < na; i++)
                if (a[i].id != b[i].id || memcmp(&a[i].score, &b[i].score, sizeof(float))) {
                    bad++;
                    break;
                }
        }
    }
    free(q);
    free(scores);
    return bad;
}

static void all_scans(const vs_model *m, const char *what, size_t nq)
{
    static const char *const isas[] = {"portable", "avx2", NULL};
    vs_qindex qi;
    vs_error err;
    size_t k, rmax;

    ck_assert_msg(vs_qindex_build(m, &qi, NULL, &err) == 0, "%s", err.msg);
    for (k = 0; k < 3; k++) {
        const char *isa;
        if (isas[k] != NULL)
            setenv("VECSCOPE_QSCAN", isas[k], 1);
        else
            unsetenv("VECSCOPE_QSCAN");
        isa = vs_qscan_isa();
        ck_assert_int_eq(compare(m, &qi, nq, &rmax), 0);
        printf("qscan %s, %s scan: every search identical to f32; at most %zu of %zu rows "
               "rescored\n", what, isa, rmax, m->n);
    }
    unsetenv("VECSCOPE_QSCAN");
    vs_qindex_free(&qi);
}

/* The sample word2vec model of tests/data, its norms computed. */
static vs_model *sample_model(void)
{
    vs_load_opts o;
    vs_model *m;
    vs_error err;

    memset(&o, 0, sizeof o);
    o.threads = 1;
    ck_assert_msg(vs_format_load(VS_TESTDATA "/gutenberg-w2v-cbow32.bin", &o, &m, &err) == 0,
                  "%s", err.msg);
    vs_model_norms(m);
    return m;
}

START_TEST(test_real_model)
{
    vs_model *m = sample_model();
    all_scans(m, "gutenberg-w2v-cbow32", 1000);
    vs_model_free(m);
}
END_TEST

START_TEST(test_random_model)
{
    vs_model *m = random_model(20000, 300);

    all_scans(m, "random 20000 x 300", 300);
    vs_model_free(m);
}
END_TEST

/* Every model of the parity tests (the "# model:" line of each .ref file
 * in tests/ref): 1,000 searches each, identical to the f32 scan, on the
 * best scan this CPU has (the tests above try the others). */
START_TEST(test_parity_models)
{
    DIR *d = opendir(VS_SRCDIR "/tests/ref");
    struct dirent *e;
    size_t nmodels = 0;

    ck_assert(d != NULL);
    while ((e = readdir(d)) != NULL) {
        char path[2048], line[1024], model[1024] = "";
        size_t len = strlen(e->d_name);
        FILE *f;

        if (len < 4 || strcmp(e->d_name + len - 4, ".ref") != 0)
            continue;
        snprintf(path, sizeof path, "%s/tests/ref/%s", VS_SRCDIR, e->d_name);
        f = fopen(path, "r");
        ck_assert(f != NULL);
        while (fgets(line, sizeof line, f) != NULL && line[0] == '#')
            if (sscanf(line, "# model: %1023s", model) == 1)
                break;
        fclose(f);
        if (model[0] != '\0') {
            vs_load_opts o;
            vs_qindex qi;
            vs_model *m;
            vs_error err;
            size_t rmax;

            memset(&o, 0, sizeof o);
            o.threads = 1;
            snprintf(path, sizeof path, "%s/%s", VS_SRCDIR, model);
            ck_assert_msg(vs_format_load(path, &o, &m, &err) == 0, "%s", err.msg);
            vs_model_norms(m);
            ck_assert_msg(vs_qindex_build(m, &qi, NULL, &err) == 0, "%s", err.msg);
            ck_assert_msg(compare(m, &qi, 1000, &rmax) == 0, "%s: a search differs", model);
            printf("qscan %s, %s scan: 1000 searches identical to f32; at most %zu of %zu "
                   "rows rescored\n", model, vs_qscan_isa(), rmax, m->n);
            vs_qindex_free(&qi);
            vs_model_free(m);
            nmodels++;
        }
    }
    closedir(d);
    ck_assert_uint_ge(nmodels, 10);
}
END_TEST

/* Without the error bound (every row's error taken as 0) the scan is an
 * approximation, and on this model it must get some searches wrong: the
 * comparison above can fail. */
START_TEST(test_control_fails)
{
    vs_model *m = random_model(20000, 300);
    vs_qindex qi;
    vs_error err;
    size_t rmax, i;

    ck_assert(vs_qindex_build(m, &qi, NULL, &err) == 0);
    for (i = 0; i < qi.n; i++)
        qi.qerr[i] = qi.rnorm[i] = 0;
    ck_assert_int_gt(compare(m, &qi, 300, &rmax), 0);
    vs_qindex_free(&qi);
    vs_model_free(m);
}
END_TEST

/* The exact score of row w for query q, as knn.h defines it. */
static float batch_exact(const vs_model *m, const float *U, const vs_knn_query *q,
                         vs_knn_combine how, size_t w)
{
    size_t dim = m->dim;
    const float *row = m->vecs + w * dim;
    float ca = vs_qscan_dot(row, U + q->u[0] * dim, dim) / m->norms[w], cb, cc;

    if (how == VS_KNN_COS)
        return ca;
    cb = vs_qscan_dot(row, U + q->u[1] * dim, dim) / m->norms[w];
    cc = vs_qscan_dot(row, U + q->u[2] * dim, dim) / m->norms[w];
    if (how == VS_KNN_3COSADD)
        return cb + cc - ca;
    return (((1.0f + cb) / 2.0f) * ((1.0f + cc) / 2.0f)) / ((1.0f + ca) / 2.0f + 0.000001f);
}

/* A block of nu vectors (unit rows of distinct words, every fifth an
 * arbitrary unit vector) and nq queries naming three of them each, their
 * words left out (UINT32_MAX for an arbitrary one). */
static void batch_queries(const vs_model *m, size_t nu, size_t nq, float *U, uint32_t *src,
                          vs_knn_query *qs)
{
    size_t i, j, t;

    for (i = 0; i < nu; i++) {
        src[i] = i % 5 == 4 ? UINT32_MAX : (uint32_t)((i * 7919 + 13) % m->n);
        if (src[i] == UINT32_MAX)
            query(m, 2, U + i * m->dim);
        else
            for (j = 0; j < m->dim; j++)
                U[i * m->dim + j] = m->norms[src[i]] > 0
                                        ? m->vecs[src[i] * m->dim + j] / m->norms[src[i]]
                                        : 0;
    }
    for (i = 0; i < nq; i++)
        for (t = 0; t < 3; t++) {
            qs[i].u[t] = (uint32_t)(uniform() * (double)nu);
            qs[i].exclude[t] = src[qs[i].u[t]];
        }
}

/* Runs the batch (qi NULL: f32 products) and counts the queries whose
 * answer differs from ref (rows and score bits). */
static int batch_differs(vs_model *m, const vs_qindex *qi, const float *U, size_t nu,
                         const vs_knn_query *qs, size_t nq, vs_knn_combine how, size_t k,
                         size_t limit, int threads, const vs_hit *ref, const size_t *nref,
                         size_t *rescored)
{
    vs_knn_batch *b = vs_knn_batch_new(m, qi, limit, nu, k, threads);
    vs_hit *h = xmallocarray(nq * k, sizeof *h);
    size_t *nh = xmallocarray(nq, sizeof *nh), i, r;
    int bad = 0;

    vs_knn_batch_run(b, U, nu, qs, nq, how, h, nh);
    *rescored = vs_knn_batch_rescored(b);
    for (i = 0; i < nq; i++) {
        int same = nh[i] == nref[i];
        for (r = 0; same && r < nh[i]; r++)
            same = h[i * k + r].id == ref[i * k + r].id &&
                   memcmp(&h[i * k + r].score, &ref[i * k + r].score, sizeof(float)) == 0;
        bad += !same;
    }
    vs_knn_batch_free(b);
    free(h);
    free(nh);
    return bad;
}

/* Every row of [0, limit) scored exactly for each query, ranked by
 * vs_topk: the answers the batch must give. */
static void batch_reference(const vs_model *m, const float *U, const vs_knn_query *qs,
                            size_t nq, vs_knn_combine how, size_t k, size_t limit, vs_hit *ref,
                            size_t *nref)
{
    float *sc = xmallocarray(limit, sizeof *sc);
    size_t i, w;

    for (i = 0; i < nq; i++) {
        for (w = 0; w < limit; w++)
            sc[w] = batch_exact(m, U, &qs[i], how, w);
        nref[i] = vs_topk(sc, limit, qs[i].exclude, 3, k, ref + i * k);
    }
    free(sc);
}

static void batch_case(vs_model *m, const char *what, size_t nu, size_t nq, size_t k,
                       size_t limit)
{
    static const char *const isas[] = {"portable", "avx2", "avx512-vnni", NULL};
    static const vs_knn_combine hows[] = {VS_KNN_COS, VS_KNN_3COSADD, VS_KNN_3COSMUL};
    static const char *const names[] = {"cos", "3CosAdd", "3CosMul"};
    float *U = xmallocarray(nu * m->dim, sizeof *U);
    uint32_t *src = xmallocarray(nu, sizeof *src);
    vs_knn_query *qs = xmallocarray(nq, sizeof *qs);
    vs_hit *ref = xmallocarray(nq * k, sizeof *ref);
    size_t *nref = xmallocarray(nq, sizeof *nref), h, v, r8 = 0, r32 = 0;
    vs_qindex qi;
    vs_error err;

    ck_assert_msg(vs_qindex_build(m, &qi, NULL, &err) == 0, "%s", err.msg);
    batch_queries(m, nu, nq, U, src, qs);
    for (h = 0; h < 3; h++) {
        batch_reference(m, U, qs, nq, hows[h], k, limit, ref, nref);
        ck_assert_int_eq(batch_differs(m, NULL, U, nu, qs, nq, hows[h], k, limit, 1, ref, nref,
                                       &r32), 0);
        for (v = 0; v < 4; v++) {
            vs_knn_batch *b;
            if (isas[v] != NULL)
                setenv("VECSCOPE_QSCAN", isas[v], 1);
            else
                unsetenv("VECSCOPE_QSCAN");
            b = vs_knn_batch_new(m, &qi, limit, nu, k, 1);
            ck_assert_int_eq(batch_differs(m, &qi, U, nu, qs, nq, hows[h], k, limit, 1, ref,
                                           nref, &r8), 0);
            ck_assert_int_eq(batch_differs(m, &qi, U, nu, qs, nq, hows[h], k, limit, 3, ref,
                                           nref, &r8), 0);
            printf("qscan batch %s, %s, %s product: %zu queries identical to every row "
                   "scored; %zu rows rescored (f32 products: %zu)\n",
                   what, names[h], vs_knn_batch_product(b), nq, r8, r32);
            vs_knn_batch_free(b);
        }
    }
    unsetenv("VECSCOPE_QSCAN");
    /* the control: without the rows' error bound, some answers go wrong */
    for (v = 0; v < qi.n; v++)
        qi.qerr[v] = qi.rnorm[v] = 0;
    batch_reference(m, U, qs, nq, VS_KNN_3COSADD, k, limit, ref, nref);
    ck_assert_int_gt(batch_differs(m, &qi, U, nu, qs, nq, VS_KNN_3COSADD, k, limit, 1, ref,
                                   nref, &r8), 0);
    vs_qindex_free(&qi);
    free(U);
    free(src);
    free(qs);
    free(ref);
    free(nref);
}

START_TEST(test_batch_random)
{
    /* 600 vectors: tiles of 832 rows, 14 of them in the first 11,111 */
    vs_model *m = random_model(12000, 128);

    batch_case(m, "random 12000 x 128", 600, 400, 10, 11111);
    vs_model_free(m);
}
END_TEST

START_TEST(test_batch_real)
{
    vs_model *m = sample_model();
    batch_case(m, "gutenberg-w2v-cbow32", 900, 1000, 16, 7000);
    vs_model_free(m);
}
END_TEST

/* The batch, one cosine a query (a block of queries per pass over the
 * rows, as overlap searches), gives each query what vs_qscan_topk gives it
 * alone, row for row and bit for bit: block and tile tails (150 queries,
 * limits that are not a multiple of a tile), a row left out or none, k of
 * 1, 10 and 100. */
static int compare_one_query(vs_model *m, const vs_qindex *qi, size_t nq)
{
    static const size_t ks[] = {1, 10, 100};
    size_t limits[3] = {m->n, m->n - 7, m->n / 3 + 5}, dim = m->dim, t, i, kk, li;
    float *Q = xmallocarray(nq * dim, sizeof *Q);
    vs_knn_query *qs = xmallocarray(nq, sizeof *qs);
    vs_hit *hits = xmallocarray(nq * 100, sizeof *hits), one[100];
    size_t *nh = xmallocarray(nq, sizeof *nh);
    int bad = 0;

    for (t = 0; t < nq; t++) {
        query(m, t, Q + t * dim);
        qs[t].u[0] = qs[t].u[1] = qs[t].u[2] = (uint32_t)t;
        qs[t].exclude[0] = t % 4 == 3 ? UINT32_MAX : (uint32_t)(t * 7919 % m->n);
        qs[t].exclude[1] = qs[t].exclude[2] = UINT32_MAX;
    }
    for (li = 0; li < 3; li++)
        for (kk = 0; kk < 3; kk++) {
            vs_knn_batch *b = vs_knn_batch_new(m, qi, limits[li], nq, ks[kk], 2);
            vs_knn_batch_run(b, Q, nq, qs, nq, VS_KNN_COS, hits, nh);
            vs_knn_batch_free(b);
            for (t = 0; t < nq; t++) {
                size_t n1 = vs_qscan_topk(m, qi, Q + t * dim, limits[li], qs[t].exclude,
                                          qs[t].exclude[0] == UINT32_MAX ? 0 : 1, ks[kk], one,
                                          NULL);
                if (n1 != nh[t]) {
                    bad++;
                    continue;
                }
                for (i = 0; i < n1; i++)
                    if (one[i].id != hits[t * ks[kk] + i].id ||
                        memcmp(&one[i].score, &hits[t * ks[kk] + i].score, sizeof(float))) {
                        bad++;
                        break;
                    }
            }
        }
    free(Q);
    free(qs);
    free(hits);
    free(nh);
    return bad;
}

static void one_query_all_scans(vs_model *m, const char *what)
{
    static const char *const isas[] = {"portable", "avx2", "avx512-vnni", NULL};
    vs_qindex qi;
    vs_error err;
    size_t v;

    ck_assert_msg(vs_qindex_build(m, &qi, NULL, &err) == 0, "%s", err.msg);
    for (v = 0; v < 4; v++) {
        if (isas[v] != NULL)
            setenv("VECSCOPE_QSCAN", isas[v], 1);
        else
            unsetenv("VECSCOPE_QSCAN");
        ck_assert_int_eq(compare_one_query(m, &qi, 150), 0);
        printf("qscan batch %s, one cosine a query, %s: every query identical to "
               "vs_qscan_topk\n", what, vs_qscan_isa());
    }
    unsetenv("VECSCOPE_QSCAN");
    vs_qindex_free(&qi);
}

START_TEST(test_batch_one_query)
{
    vs_model *m = sample_model();
    one_query_all_scans(m, "gutenberg-w2v-cbow32");
    vs_model_free(m);
    m = random_model(5000, 300);
    one_query_all_scans(m, "random 5000 x 300");
    vs_model_free(m);
}
END_TEST

/* No row can be an answer (every row left out, or every row zero): no hits,
 * and nothing is sorted or copied from an empty candidate list. */
START_TEST(test_no_candidates)
{
    vs_model *m = random_model(300, 16);
    const vs_qindex *qi;
    uint32_t *ex = xmallocarray(300, sizeof *ex);
    float q[16], w = 1;
    vs_hit out[5];
    vs_error err;
    size_t i;

    query(m, 3, q);
    qi = vs_qscan_index(m, &err);
    ck_assert_msg(qi != NULL, "%s", err.msg);
    for (i = 0; i < 300; i++)
        ex[i] = (uint32_t)i;
    ck_assert_uint_eq(vs_qscan_topk(m, qi, q, 300, ex, 300, 5, out, NULL), 0);
    ck_assert_uint_eq(vs_qscan_topk_cosmul(m, qi, q, &w, 1, 300, ex, 300, 5, out, NULL), 0);
    /* rows 200..204 are zero rows: with every other row left out, nothing */
    for (i = 205; i < 300; i++)
        ex[i - 5] = (uint32_t)i;
    ck_assert_uint_eq(vs_qscan_topk(m, qi, q, 300, ex, 295, 5, out, NULL), 0);
    ck_assert_uint_eq(vs_qscan_topk(m, qi, q, 300, ex, 294, 5, out, NULL), 1);
    free(ex);
    vs_model_free(m);
}
END_TEST

Suite *suite_qscan(void)
{
    Suite *s = suite_create("qscan");
    TCase *tc = tcase_create("exact");

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_real_model);
    tcase_add_test(tc, test_random_model);
    tcase_add_test(tc, test_control_fails);
    tcase_add_test(tc, test_batch_random);
    tcase_add_test(tc, test_batch_real);
    tcase_add_test(tc, test_batch_one_query);
    tcase_add_test(tc, test_no_candidates);
    suite_add_tcase(s, tc);
    /* 13 models, 1,000 searches each: a minute or more under the sanitizers */
    tc = tcase_create("parity models");
    tcase_set_timeout(tc, 900);
    tcase_add_test(tc, test_parity_models);
    suite_add_tcase(s, tc);
    return s;
}
