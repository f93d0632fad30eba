/*
 * check_query.c - the query engines on small hand-made models: top-k order
 * and exclusion, most_similar against a direct double-precision computation,
 * 3CosMul, similarity, odd-one-out, query parsing, spelling suggestions, the
 * query vector with a term given as a vector (gensim's rules: it enters as
 * it is and leaves nothing out), and the cosine matrix (zero rows
 * included) against direct cosines.
 * (Agreement with gensim on real models is checked by run-parity.sh.)
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "knn.h"
#include "model.h"
#include "query.h"
#include "xalloc.h"

/* A model of n words w0..w(n-1) with pseudo-random vectors (dim). */
static vs_model *random_model(size_t n, size_t dim, unsigned seed)
{
    vs_vocab *v = vs_vocab_new(n);
    float *x = xmalloc(n * dim * sizeof *x);
    size_t i;
    char w[32];

    for (i = 0; i < n * dim; i++) {
        seed = seed * 1103515245u + 12345u;
        x[i] = (float)((seed >> 8) % 20001) / 10000.0f - 1.0f;
    }
    for (i = 0; i < n; i++) {
        int len = snprintf(w, sizeof w, "w%zu", i);
        vs_vocab_add(v, w, (size_t)len, NULL);
    }
    return vs_model_new("/tmp/random.bin", "test", v, x, n, dim);
}

static vs_model *words_model(const char *const *words, const float *vecs, size_t n,
                             size_t dim)
{
    vs_vocab *v = vs_vocab_new(n);
    float *x = xmalloc(n * dim * sizeof *x);
    size_t i;

    memcpy(x, vecs, n * dim * sizeof *x);
    for (i = 0; i < n; i++)
        vs_vocab_add(v, words[i], strlen(words[i]), NULL);
    return vs_model_new("/tmp/words.txt", "test", v, x, n, dim);
}

static double cosine_d(const float *a, const double *b, size_t dim)
{
    double ab = 0, aa = 0, bb = 0;
    size_t j;

    for (j = 0; j < dim; j++) {
        ab += a[j] * b[j];
        aa += (double)a[j] * a[j];
        bb += b[j] * b[j];
    }
    return ab / sqrt(aa * bb);
}

START_TEST(test_topk)
{
    float s[] = {0.1f, 0.9f, NAN, 0.5f, 0.9f, -1.0f, 0.7f};
    uint32_t ex[] = {6};
    vs_hit h[8];
    size_t n = vs_topk(s, 7, ex, 1, 4, h);

    ck_assert_uint_eq(n, 4);
    /* equal scores go by lower id; NaN never ranks; 6 is excluded */
    ck_assert_uint_eq(h[0].id, 1);
    ck_assert_uint_eq(h[1].id, 4);
    ck_assert_uint_eq(h[2].id, 3);
    ck_assert_uint_eq(h[3].id, 0);
    /* k larger than what there is: every non-NaN score */
    n = vs_topk(s, 7, NULL, 0, 8, h);
    ck_assert_uint_eq(n, 6);
    ck_assert_uint_eq(h[5].id, 5);
}
END_TEST

/* The batched top-k against a direct double-precision computation of the
 * same scores (within 1e-5; 3CosMul 1e-4 relative), for the three combinations: 3,000 rows of which the first
 * 2,500 count (not a multiple of 16), 4,096 vectors (so several tiles of the
 * matrix), one zero row (never ranked), each query's rows excluded; and the
 * same bytes on 1 thread and on 4. */
static double batch_score(const vs_model *m, const float *norms, const float *U, size_t dim,
                          const vs_knn_query *q, vs_knn_combine how, size_t row)
{
    double c[3];
    size_t k, j;

    for (k = 0; k < 3; k++) {
        double d = 0;
        for (j = 0; j < dim; j++)
            d += (double)vs_model_row(m, row)[j] * U[q->u[k] * dim + j];
        c[k] = d / norms[row];
    }
    if (how == VS_KNN_COS)
        return c[0];
    if (how == VS_KNN_3COSADD)
        return c[1] + c[2] - c[0];
    return (1 + c[1]) / 2 * ((1 + c[2]) / 2) / ((1 + c[0]) / 2 + 1e-6);
}

START_TEST(test_knn_batch)
{
    enum { N = 3000, LIMIT = 2500, DIM = 8, NU = 4096, NQ = 300, K = 16 };
    static const vs_knn_combine hows[3] = {VS_KNN_COS, VS_KNN_3COSADD, VS_KNN_3COSMUL};
    vs_model *m = random_model(N, DIM, 11);
    float *U = xmalloc((size_t)NU * DIM * sizeof *U);
    vs_knn_query *qs = xmalloc(NQ * sizeof *qs);
    vs_hit *h1 = xmalloc(NQ * K * sizeof *h1), *h4 = xmalloc(NQ * K * sizeof *h4);
    size_t n1[NQ], n4[NQ], i, j, k, h;
    const float *norms;
    unsigned seed = 5;
    double worst = 0;

    memset(m->vecs + 77 * DIM, 0, DIM * sizeof *m->vecs);   /* a zero row */
    norms = vs_model_norms(m);
    for (i = 0; i < NU; i++) {
        double len = 0;
        for (j = 0; j < DIM; j++) {
            seed = seed * 1103515245u + 12345u;
            U[i * DIM + j] = (float)((seed >> 8) % 20001) / 10000.0f - 1.0f;
            len += (double)U[i * DIM + j] * U[i * DIM + j];
        }
        for (j = 0; j < DIM; j++)
            U[i * DIM + j] = (float)(U[i * DIM + j] / sqrt(len));
    }
    for (i = 0; i < NQ; i++)
        for (k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            qs[i].u[k] = (seed >> 8) % NU;
            qs[i].exclude[k] = (uint32_t)((i * 7 + k * 13) % LIMIT);
        }
    for (h = 0; h < 3; h++) {
        vs_knn_batch *b1 = vs_knn_batch_new(m, LIMIT, NU, K, 1);
        vs_knn_batch *b4 = vs_knn_batch_new(m, LIMIT, NU, K, 4);
        vs_knn_batch_run(b1, U, NU, qs, NQ, hows[h], h1, n1);
        vs_knn_batch_run(b4, U, NU, qs, NQ, hows[h], h4, n4);
        for (i = 0; i < NQ; i++) {
            double ref[K];
            size_t nref = 0;
            /* the K best scores, directly */
            for (j = 0; j < LIMIT; j++) {
                double v;
                if (j == 77 || j == qs[i].exclude[0] || j == qs[i].exclude[1] ||
                    j == qs[i].exclude[2])
                    continue;
                v = batch_score(m, norms, U, DIM, &qs[i], hows[h], j);
                if (nref == K && !(v > ref[K - 1]))
                    continue;
                k = nref < K ? nref++ : K - 1;
                for (; k > 0 && ref[k - 1] < v; k--)
                    ref[k] = ref[k - 1];
                ref[k] = v;
            }
            ck_assert_uint_eq(n1[i], K);
            ck_assert_uint_eq(nref, K);
            for (k = 0; k < K; k++) {
                const vs_hit *x = &h1[i * K + k];
                double d = batch_score(m, norms, U, DIM, &qs[i], hows[h], x->id);
                /* 3CosMul divides by (1 + cos a) / 2, which near cos a = -1
                 * magnifies the float rounding of the cosines: relative */
                double tol = hows[h] == VS_KNN_3COSMUL ? 1e-4 * fabs(ref[k]) : 1e-5;
                /* the k-th best score, by a row that has it and may rank */
                ck_assert_double_eq_tol(x->score, ref[k], tol);
                ck_assert_double_eq_tol(x->score, d, tol);
                ck_assert(x->id < LIMIT && x->id != 77);
                ck_assert(x->id != qs[i].exclude[0] && x->id != qs[i].exclude[1] &&
                          x->id != qs[i].exclude[2]);
                if (k > 0)
                    ck_assert(x[-1].score >= x->score);
                if (fabs(x->score - ref[k]) / fabs(ref[k]) > worst)
                    worst = fabs(x->score - ref[k]) / fabs(ref[k]);
            }
        }
        ck_assert_mem_eq(n1, n4, sizeof n1);
        ck_assert_mem_eq(h1, h4, NQ * K * sizeof *h1);
        vs_knn_batch_free(b1);
        vs_knn_batch_free(b4);
    }
    printf("knn batch: %d queries x 3 combinations, max relative |score - direct| %.1e\n", NQ, worst);
    free(U);
    free(qs);
    free(h1);
    free(h4);
    vs_model_free(m);
}
END_TEST

/* most_similar against a direct computation: cosine of every row with the
 * normalized mean of the query's unit vectors, sorted in double precision. */
START_TEST(test_most_similar_direct)
{
    vs_model *m = random_model(500, 17, 7);
    vs_term t[3] = {{"w3", 1.0f, NULL}, {"w10", -1.0f, NULL}, {"w42", 1.0f, NULL}};
    vs_hit h[10];
    size_t nh, i, j, best[10];
    double mean[17] = {0}, bs[10];
    const char *ids[3] = {"w3", "w10", "w42"};
    vs_error err;

    for (i = 0; i < 3; i++) {
        const float *r = vs_model_row(m, (size_t)vs_model_find(m, ids[i]));
        double nr = 0;
        for (j = 0; j < 17; j++)
            nr += (double)r[j] * r[j];
        for (j = 0; j < 17; j++)
            mean[j] += t[i].weight * r[j] / sqrt(nr);
    }
    /* brute force top 10 excluding the query words */
    for (i = 0; i < 10; i++)
        bs[i] = -2;
    for (i = 0; i < m->n; i++) {
        double c;
        size_t k;
        if (i == 3 || i == 10 || i == 42)
            continue;
        c = cosine_d(vs_model_row(m, i), mean, 17);
        for (k = 0; k < 10 && bs[k] >= c; k++)
            ;
        if (k == 10)
            continue;
        memmove(bs + k + 1, bs + k, (9 - k) * sizeof *bs);
        memmove(best + k + 1, best + k, (9 - k) * sizeof *best);
        bs[k] = c;
        best[k] = i;
    }
    ck_assert_int_eq(vs_most_similar(m, t, 3, 10, 0, VS_SCAN_8BIT, h, &nh, &err), 0);
    ck_assert_uint_eq(nh, 10);
    for (i = 0; i < 10; i++) {
        ck_assert_uint_eq(h[i].id, best[i]);
        ck_assert_double_eq_tol(h[i].score, bs[i], 1e-6);
    }
    /* --restrict: only the first 50 rows are candidates */
    ck_assert_int_eq(vs_most_similar(m, t, 3, 10, 50, VS_SCAN_8BIT, h, &nh, &err), 0);
    for (i = 0; i < nh; i++)
        ck_assert_uint_lt(h[i].id, 50);
    vs_model_free(m);
}
END_TEST

START_TEST(test_cosmul_and_sim)
{
    /* a tiny 2-d world where the answers can be worked out by hand */
    const char *w[] = {"man", "king", "woman", "queen", "apple"};
    const float x[] = {1, 0,  1, 1,  0, 1,  -0.2f, 1.2f,  0.3f, -1};
    vs_model *m = words_model(w, x, 5, 2);
    vs_term t[3] = {{"king", 1, NULL}, {"woman", 1, NULL}, {"man", -1, NULL}};
    vs_hit h[2];
    size_t nh;
    double sim, expect;
    vs_error err;

    ck_assert_int_eq(vs_most_similar(m, t, 3, 2, 0, VS_SCAN_8BIT, h, &nh, &err), 0);
    ck_assert_str_eq(vs_vocab_word(m->vocab, h[0].id), "queen");
    ck_assert_int_eq(vs_most_similar_cosmul(m, t, 3, 2, 0, VS_SCAN_8BIT, h, &nh, &err), 0);
    ck_assert_str_eq(vs_vocab_word(m->vocab, h[0].id), "queen");
    {
        /* queen's 3CosMul score by the formula */
        double q[2] = {-0.2, 1.2}, nq = sqrt(0.04 + 1.44);
        double ck = (q[0] + q[1]) / nq / sqrt(2.0), cw = q[1] / nq, cm = q[0] / nq;
        double score = ((1 + ck) / 2) * ((1 + cw) / 2) / ((1 + cm) / 2 + 1e-6);
        ck_assert_double_eq_tol(h[0].score, score, 1e-6);
    }
    ck_assert_int_eq(vs_similarity(m, "man", "king", &sim, &err), 0);
    expect = 1.0 / sqrt(2.0);
    ck_assert_double_eq_tol(sim, expect, 1e-7);
    ck_assert_int_eq(vs_similarity(m, "man", "nobody", &sim, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "'nobody' is not in the vocabulary"));
    vs_model_free(m);
}
END_TEST

START_TEST(test_doesnt_match)
{
    const char *w[] = {"breakfast", "lunch", "dinner", "car"};
    const float x[] = {1, 0.1f, 0,  0.9f, 0.2f, 0,  1, 0, 0.1f,  0, 0.1f, 1};
    vs_model *m = words_model(w, x, 4, 3);
    char *words[] = {"breakfast", "car", "lunch", "dinner"};
    size_t order[4];
    float cos[4];
    vs_error err;

    ck_assert_int_eq(vs_doesnt_match(m, words, 4, order, cos, &err), 0);
    ck_assert_str_eq(words[order[0]], "car");
    ck_assert(cos[0] <= cos[1] && cos[1] <= cos[2] && cos[2] <= cos[3]);
    vs_model_free(m);
}
END_TEST

START_TEST(test_parse)
{
    char *ok[] = {"king", "-", "man", "+", "woman"};
    char *bad1[] = {"king", "man"};
    char *bad2[] = {"king", "-"};
    char *bad3[] = {"king", "+", "-", "man"};
    vs_term t[8];
    size_t n;
    vs_error err;

    ck_assert_int_eq(vs_query_parse(5, ok, t, &n, &err), 0);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(t[1].word, "man");
    ck_assert_float_eq(t[1].weight, -1.0f);
    ck_assert_float_eq(t[2].weight, 1.0f);
    ck_assert_int_eq(vs_query_parse(2, bad1, t, &n, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "missing '+' or '-'"));
    ck_assert_int_eq(vs_query_parse(2, bad2, t, &n, &err), -1);
    ck_assert_int_eq(vs_query_parse(4, bad3, t, &n, &err), -1);
}
END_TEST

START_TEST(test_suggest)
{
    const char *w[] = {"the", "whale", "whales", "Ahab", "wale", "ship"};
    const float x[] = {1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1};
    vs_model *m = words_model(w, x, 6, 2);
    char buf[256];

    vs_suggest(m, "whael", buf, sizeof buf);
    ck_assert_ptr_nonnull(strstr(buf, "'whale'"));
    vs_suggest(m, "ahab", buf, sizeof buf);
    ck_assert_ptr_nonnull(strstr(buf, "'Ahab'"));
    vs_suggest(m, "zzzzzzzz", buf, sizeof buf);
    ck_assert_str_eq(buf, "");
    vs_model_free(m);
}
END_TEST

/* The query vector, with a given vector among the terms: word terms are
 * unit, the vector is not, and the mean is made unit (gensim 4.2). */
START_TEST(test_query_vector)
{
    const char *w[] = {"a", "b", "c"};
    const float x[] = {3, 0, 0,  0, 2, 0,  1, 1, 1};
    vs_model *m = words_model(w, x, 3, 3);
    const float given[3] = {0.0f, 0.0f, 4.0f};
    vs_term t[3] = {{"a", 1.0f, NULL}, {"b", -1.0f, NULL}, {"@g", 1.0f, given}};
    double mean[3] = {(1.0 - 0.0 + 0.0) / 3, (0.0 - 1.0 + 0.0) / 3, (0.0 - 0.0 + 4.0) / 3}, n;
    float out[3];
    long ids[3];
    vs_hit h[3];
    size_t nh, j;
    vs_error err;

    ck_assert_int_eq(vs_query_vector(m, t, 3, out, ids, &err), 0);
    n = sqrt(mean[0] * mean[0] + mean[1] * mean[1] + mean[2] * mean[2]);
    for (j = 0; j < 3; j++)
        ck_assert_double_eq_tol(out[j], mean[j] / n, 1e-6);
    ck_assert_int_eq(ids[0], 0);
    ck_assert_int_eq(ids[2], -1);
    /* the vector excludes nothing: a vector equal to c's row finds c first */
    t[0].vec = x + 6;
    ck_assert_int_eq(vs_most_similar(m, t, 1, 3, 0, VS_SCAN_F32, h, &nh, &err), 0);
    ck_assert_uint_eq(nh, 3);
    ck_assert_uint_eq(h[0].id, 2);
    ck_assert_double_eq_tol(h[0].score, 1.0, 1e-6);
    /* and a zero vector is an error, not NaN */
    {
        const float zero[3] = {0, 0, 0};
        vs_term z = {"@z", 1.0f, zero};
        ck_assert_int_eq(vs_query_vector(m, &z, 1, out, NULL, &err), -1);
        ck_assert_ptr_nonnull(strstr(err.msg, "the vector is all zeros"));
    }
    vs_model_free(m);
}
END_TEST

/* Cosines of rows against a direct computation; a zero row gives 0. */
START_TEST(test_cosine_matrix)
{
    const float A[] = {1, 2, 2,  0, 0, 0,  -3, 1, 0.5f};
    const float B[] = {2, 0, 1,  1, 1, 1};
    float c[6];
    size_t i, j, k;

    vs_cosine_matrix(A, 3, B, 2, 3, c);
    for (i = 0; i < 3; i++)
        for (j = 0; j < 2; j++) {
            double ab = 0, aa = 0, bb = 0, want;
            for (k = 0; k < 3; k++) {
                ab += (double)A[i * 3 + k] * B[j * 3 + k];
                aa += (double)A[i * 3 + k] * A[i * 3 + k];
                bb += (double)B[j * 3 + k] * B[j * 3 + k];
            }
            want = aa > 0 ? ab / sqrt(aa * bb) : 0.0;
            ck_assert_double_eq_tol(c[i * 2 + j], want, 1e-6);
        }
}
END_TEST

Suite *suite_query(void)
{
    Suite *s = suite_create("query");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_topk);
    tcase_add_test(tc, test_knn_batch);
    tcase_add_test(tc, test_most_similar_direct);
    tcase_add_test(tc, test_cosmul_and_sim);
    tcase_add_test(tc, test_doesnt_match);
    tcase_add_test(tc, test_parse);
    tcase_add_test(tc, test_suggest);
    tcase_add_test(tc, test_query_vector);
    tcase_add_test(tc, test_cosine_matrix);
    suite_add_tcase(s, tc);
    return s;
}
