/*
 * maptest.c - helpers of the map plugins' tests (maptest.h). The
 * trustworthiness ranks every point's neighbours in the input and on the
 * map by sorting all distances: O(n^2 log n), for test sets of a few
 * thousand points.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "maptest.h"
#include "xalloc.h"

const vs_plugin *vs_test_plugin(const char *name)
{
    vs_error err;
    const vs_plugin *p;

    vs_plugins_reset();
    unsetenv("VECSCOPE_PLUGIN_PATH");
    p = vs_plugin_find(name, &err);
    ck_assert_msg(p != NULL, "%s", err.msg);
    return p;
}

struct vs_param_value *vs_test_params(const vs_plugin *p)
{
    size_t np = 0;

    while (p->proj->params[np].name != NULL)
        np++;
    return xcalloc(np + 1, sizeof(struct vs_param_value));
}

void vs_test_set_param(const vs_plugin *p, struct vs_param_value *v, const char *name,
                       const char *value)
{
    size_t i;

    for (i = 0; p->proj->params[i].name != NULL; i++)
        if (strcmp(p->proj->params[i].name, name) == 0) {
            v[i].set = 1;
            v[i].s = value;
            v[i].i = atoll(value);
            v[i].d = atof(value);
            return;
        }
    ck_abort_msg("%s has no parameter %s", p->proj->name, name);
}

void vs_test_keep_done(void *ud, const char *what, double fraction)
{
    struct vs_test_done *d = ud;

    (void)fraction;
    if (what != NULL && strncmp(what, d->prefix, strlen(d->prefix)) == 0)
        snprintf(d->text, sizeof d->text, "%s", what);
}

int vs_test_stop_at(void *ud, const char *what, double fraction)
{
    int *left = ud;

    (void)what;
    (void)fraction;
    return --*left <= 0;
}

static double dist2(const float *a, const float *b, size_t d)
{
    double s = 0;
    size_t e;

    for (e = 0; e < d; e++)
        s += ((double)a[e] - b[e]) * ((double)a[e] - b[e]);
    return s;
}

static const double *sort_key;

static int by_key(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;

    if (sort_key[i] != sort_key[j])
        return sort_key[i] < sort_key[j] ? -1 : 1;
    return (i > j) - (i < j);
}

double vs_test_trustworthiness(const float *X, size_t dx, const float *Y, size_t dy, size_t n,
                               size_t k)
{
    double *dX = xmallocarray(n, sizeof *dX), *dY = xmallocarray(n, sizeof *dY), sum = 0;
    size_t *ord = xmallocarray(n, sizeof *ord), *rank = xmallocarray(n, sizeof *rank);
    size_t i, j, t;

    for (i = 0; i < n; i++) {
        for (j = 0; j < n; j++) {
            dX[j] = j == i ? -1 : dist2(X + i * dx, X + j * dx, dx);
            dY[j] = j == i ? -1 : dist2(Y + i * dy, Y + j * dy, dy);
            ord[j] = j;
        }
        /* rank in X: the point itself first (rank 0) */
        sort_key = dX;
        qsort(ord, n, sizeof *ord, by_key);
        for (t = 0; t < n; t++)
            rank[ord[t]] = t;
        for (j = 0; j < n; j++)
            ord[j] = j;
        sort_key = dY;
        qsort(ord, n, sizeof *ord, by_key);
        for (t = 1; t <= k; t++)
            if (rank[ord[t]] > k)
                sum += (double)(rank[ord[t]] - k);
    }
    free(dX);
    free(dY);
    free(ord);
    free(rank);
    return 1.0 - 2.0 / ((double)n * (double)k * (2.0 * (double)n - 3.0 * (double)k - 1.0)) * sum;
}

float *vs_test_read_blobs(void)
{
    FILE *f = fopen(VS_TESTDATA "/tsne/blobs-400x10.tsv", "r");
    float *X = xmallocarray(VS_TEST_BLOBS * VS_TEST_BLOBS_DIM, sizeof *X);
    char label[32];
    size_t i, j;

    ck_assert_ptr_nonnull(f);
    for (i = 0; i < VS_TEST_BLOBS; i++) {
        ck_assert_int_eq(fscanf(f, "%31s", label), 1);
        for (j = 0; j < VS_TEST_BLOBS_DIM; j++)
            ck_assert_int_eq(fscanf(f, "%f", &X[i * VS_TEST_BLOBS_DIM + j]), 1);
    }
    fclose(f);
    return X;
}
