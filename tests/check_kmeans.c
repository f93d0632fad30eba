/*
 * check_kmeans.c - tests of src/kmeans.c against scikit-learn 1.2's KMeans.
 *
 * What is tested: on three data sets made by tests/gen-kmeans-reference.py
 * (well separated blobs, uniform noise, unit word vectors) the inertia of
 * vecscope's best of 10 starts is at most scikit-learn's plus 1 % (its
 * starts draw other random numbers, so a local optimum a little better or
 * worse is expected on the data without clusters; the blobs have one
 * answer, found by both, partition and inertia to 1e-4); the same seed gives
 * the same labels, and another seed still a partition of the same quality;
 * the labels are numbered by first appearance; the centres are the means of
 * their points; the inertia is the sum of squared distances to them; k = 1
 * and k = n; and the errors (k out of range, a NaN).
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "kmeans.h"

/* A reference file: k, scikit-learn's inertia and labels, the points. */
typedef struct ref {
    size_t n, d, k;
    double inertia;
    int *labels;
    float *X;
} ref;

static void read_ref(const char *name, ref *r)
{
    char path[512], *line = NULL;
    size_t cap = 0;
    FILE *f;

    snprintf(path, sizeof path, "%s/kmeans/%s", VS_TESTDATA, name);
    f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    memset(r, 0, sizeof *r);
    ck_assert(fscanf(f, "# k\t%zu\tinertia\t%lf\n", &r->k, &r->inertia) == 2);
    while (getline(&line, &cap, f) > 0) {
        float row[64];
        char *p = line, *end;
        size_t d = 0;
        r->labels = realloc(r->labels, (r->n + 1) * sizeof *r->labels);
        r->labels[r->n] = (int)strtol(p, &end, 10);
        for (p = end; *p == '\t' && d < 64; p = end)
            row[d++] = strtof(p + 1, &end);
        if (r->n == 0)
            r->d = d;
        ck_assert_uint_eq(d, r->d);
        r->X = realloc(r->X, (r->n + 1) * r->d * sizeof *r->X);
        memcpy(r->X + r->n * r->d, row, d * sizeof *row);
        r->n++;
    }
    free(line);
    fclose(f);
}

static void free_ref(ref *r)
{
    free(r->labels);
    free(r->X);
}

/* 1 if labels a and b (n) are the same partition, up to names. */
static int same_partition(const int *a, const int *b, size_t n, size_t k)
{
    int *ab = malloc(k * sizeof *ab), *ba = malloc(k * sizeof *ba), ok = 1;
    size_t i;

    for (i = 0; i < k; i++)
        ab[i] = ba[i] = -1;
    for (i = 0; i < n && ok; i++) {
        if (ab[a[i]] < 0 && ba[b[i]] < 0) {
            ab[a[i]] = b[i];
            ba[b[i]] = a[i];
        }
        ok = ab[a[i]] == b[i] && ba[b[i]] == a[i];
    }
    free(ab);
    free(ba);
    return ok;
}

static const char *const datasets[] = {"blobs-300x8.tsv", "uniform-200x4.tsv",
                                       "gutenberg-top400.tsv"};

START_TEST(test_inertia_vs_sklearn)
{
    ref r;
    vs_kmeans_opts o;
    vs_error err;
    int *labels;
    double inertia = 0;

    read_ref(datasets[_i], &r);
    labels = malloc(r.n * sizeof *labels);
    o = vs_kmeans_defaults(r.k, 1);
    ck_assert_int_eq(vs_kmeans(r.X, r.n, r.d, &o, labels, NULL, &inertia, NULL, &err),
                     0);
    printf("k-means %s: inertia %.6f, scikit-learn %.6f (ratio %.6f)\n", datasets[_i],
           inertia, r.inertia, inertia / r.inertia);
    ck_assert_msg(inertia <= r.inertia * 1.01,
                  "%s: inertia %g above scikit-learn's %g + 1%%", datasets[_i], inertia,
                  r.inertia);
    if (_i == 0) {
        ck_assert_double_eq_tol(inertia / r.inertia, 1.0, 1e-4);
        ck_assert(same_partition(labels, r.labels, r.n, r.k));
    }
    free(labels);
    free_ref(&r);
}
END_TEST

START_TEST(test_seed_and_numbering)
{
    ref r;
    vs_kmeans_opts o;
    vs_error err;
    int *a, *b, next = 0;
    double ia, ib;
    size_t i;

    read_ref("gutenberg-top400.tsv", &r);
    a = malloc(r.n * sizeof *a);
    b = malloc(r.n * sizeof *b);
    o = vs_kmeans_defaults(r.k, 42);
    ck_assert_int_eq(vs_kmeans(r.X, r.n, r.d, &o, a, NULL, &ia, NULL, &err), 0);
    ck_assert_int_eq(vs_kmeans(r.X, r.n, r.d, &o, b, NULL, &ib, NULL, &err), 0);
    ck_assert_mem_eq(a, b, r.n * sizeof *a);
    ck_assert(ia == ib);
    /* numbered by first appearance: each label at most one past the last new */
    for (i = 0; i < r.n; i++) {
        ck_assert_int_le(a[i], next);
        if (a[i] == next)
            next++;
    }
    ck_assert_int_eq(next, (int)r.k);
    /* another seed: another start, a partition as good within 1 % */
    o.seed = 43;
    ck_assert_int_eq(vs_kmeans(r.X, r.n, r.d, &o, b, NULL, &ib, NULL, &err), 0);
    ck_assert_double_eq_tol(ib / ia, 1.0, 0.01);
    free(a);
    free(b);
    free_ref(&r);
}
END_TEST

START_TEST(test_centres_and_inertia)
{
    ref r;
    vs_kmeans_opts o;
    vs_error err;
    int *lab;
    float *C;
    double inertia, sum = 0;
    size_t i, j, c;

    read_ref("uniform-200x4.tsv", &r);
    lab = malloc(r.n * sizeof *lab);
    C = malloc(r.k * r.d * sizeof *C);
    o = vs_kmeans_defaults(r.k, 3);
    ck_assert_int_eq(vs_kmeans(r.X, r.n, r.d, &o, lab, C, &inertia, NULL, &err), 0);
    for (c = 0; c < r.k; c++) {
        double mean[8] = {0};
        size_t cnt = 0;
        for (i = 0; i < r.n; i++)
            if (lab[i] == (int)c) {
                for (j = 0; j < r.d; j++)
                    mean[j] += r.X[i * r.d + j];
                cnt++;
            }
        ck_assert_uint_gt(cnt, 0);
        for (j = 0; j < r.d; j++)
            ck_assert_double_eq_tol(C[c * r.d + j], mean[j] / cnt, 1e-5);
    }
    for (i = 0; i < r.n; i++) {
        const float *x = r.X + i * r.d, *cc = C + (size_t)lab[i] * r.d;
        double best = INFINITY, dd = 0;
        for (j = 0; j < r.d; j++)
            dd += ((double)x[j] - cc[j]) * ((double)x[j] - cc[j]);
        sum += dd;
        /* each point is with its nearest centre */
        for (c = 0; c < r.k; c++) {
            double e = 0;
            for (j = 0; j < r.d; j++)
                e += ((double)x[j] - C[c * r.d + j]) * ((double)x[j] - C[c * r.d + j]);
            best = e < best ? e : best;
        }
        ck_assert_double_le_tol(dd, best, 1e-5);
    }
    ck_assert_double_eq_tol(sum / inertia, 1.0, 1e-5);
    free(lab);
    free(C);
    free_ref(&r);
}
END_TEST

START_TEST(test_edges_and_errors)
{
    float X[] = {0, 0, 1, 0, 0, 1, 5, 5, 5, 6};
    int lab[5];
    double inertia = -1;
    vs_kmeans_opts o = vs_kmeans_defaults(1, 0);
    vs_error err;
    size_t i;

    ck_assert_int_eq(vs_kmeans(X, 5, 2, &o, lab, NULL, &inertia, NULL, &err), 0);
    for (i = 0; i < 5; i++)
        ck_assert_int_eq(lab[i], 0);
    ck_assert_double_gt(inertia, 0);
    o.k = 5;
    ck_assert_int_eq(vs_kmeans(X, 5, 2, &o, lab, NULL, &inertia, NULL, &err), 0);
    for (i = 0; i < 5; i++)
        ck_assert_int_eq(lab[i], (int)i);
    ck_assert_double_eq_tol(inertia, 0.0, 1e-9);
    o.k = 2;
    ck_assert_int_eq(vs_kmeans(X, 5, 2, &o, lab, NULL, &inertia, NULL, &err), 0);
    ck_assert(lab[0] == lab[1] && lab[1] == lab[2] && lab[3] == lab[4] &&
              lab[0] != lab[3]);
    o.k = 6;
    ck_assert_int_eq(vs_kmeans(X, 5, 2, &o, lab, NULL, &inertia, NULL, &err), -1);
    ck_assert_msg(strstr(err.msg, "1 to 5") != NULL, "%s", err.msg);
    o.k = 0;
    ck_assert_int_eq(vs_kmeans(X, 5, 2, &o, lab, NULL, &inertia, NULL, &err), -1);
    o.k = 2;
    X[3] = NAN;
    ck_assert_int_eq(vs_kmeans(X, 5, 2, &o, lab, NULL, &inertia, NULL, &err), -1);
    ck_assert_msg(strstr(err.msg, "point 1") != NULL, "%s", err.msg);
}
END_TEST

Suite *suite_kmeans(void)
{
    Suite *s = suite_create("kmeans");
    TCase *tc = tcase_create("kmeans");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_inertia_vs_sklearn, 0,
                        (int)(sizeof datasets / sizeof datasets[0]));
    tcase_add_test(tc, test_seed_and_numbering);
    tcase_add_test(tc, test_centres_and_inertia);
    tcase_add_test(tc, test_edges_and_errors);
    suite_add_tcase(s, tc);
    return s;
}
