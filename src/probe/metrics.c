/*
 * metrics.c - classification figures and the stratified split (see
 * metrics.h).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../random.h"
#include "../xalloc.h"
#include "metrics.h"

void vs_class_report_from_confusion(const size_t *conf, size_t k, vs_class_report *r)
{
    size_t i, c, right = 0;

    memset(r, 0, sizeof *r);
    r->k = k;
    r->confusion = xmallocarray(k * k > 0 ? k * k : 1, sizeof *r->confusion);
    memcpy(r->confusion, conf, k * k * sizeof *conf);
    r->support = xcalloc(k, sizeof *r->support);
    r->precision = xcalloc(k, sizeof *r->precision);
    r->recall = xcalloc(k, sizeof *r->recall);
    r->f1 = xcalloc(k, sizeof *r->f1);
    for (c = 0; c < k; c++) {
        for (i = 0; i < k; i++)
            r->support[c] += conf[c * k + i];
        r->n += r->support[c];
        right += conf[c * k + c];
    }
    r->accuracy = r->n > 0 ? (double)right / (double)r->n : 0.0;
    for (c = 0; c < k; c++) {
        size_t tp = conf[c * k + c], predicted = 0;
        double p, q;
        for (i = 0; i < k; i++)
            predicted += conf[i * k + c];
        p = r->precision[c] = predicted > 0 ? (double)tp / (double)predicted : 0.0;
        q = r->recall[c] = r->support[c] > 0 ? (double)tp / (double)r->support[c] : 0.0;
        r->f1[c] = p + q > 0 ? 2.0 * p * q / (p + q) : 0.0;
        r->macro_precision += p;
        r->macro_recall += q;
        r->macro_f1 += r->f1[c];
    }
    if (k > 0) {
        r->macro_precision /= (double)k;
        r->macro_recall /= (double)k;
        r->macro_f1 /= (double)k;
    }
}

void vs_class_report_make(const int *truth, const int *pred, size_t n, size_t k,
                          vs_class_report *r)
{
    size_t *conf = xcalloc(k * k > 0 ? k * k : 1, sizeof *conf), i;

    for (i = 0; i < n; i++)
        conf[(size_t)truth[i] * k + (size_t)pred[i]]++;
    vs_class_report_from_confusion(conf, k, r);
    free(conf);
}

void vs_class_report_free(vs_class_report *r)
{
    if (r == NULL)
        return;
    free(r->confusion);
    free(r->support);
    free(r->precision);
    free(r->recall);
    free(r->f1);
    memset(r, 0, sizeof *r);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    return x < y ? -1 : x > y;
}

void vs_split_stratified(const int *y, size_t n, size_t k, double test, uint64_t seed,
                         size_t *train_rows, size_t *ntrain, size_t *test_rows,
                         size_t *ntest)
{
    size_t *rows = xmallocarray(n ? n : 1, sizeof *rows), c, i, m;
    uint64_t state = seed;

    *ntrain = *ntest = 0;
    for (c = 0; c < k; c++) {
        size_t t;
        /* the class's rows in file order, shuffled */
        for (m = 0, i = 0; i < n; i++)
            if ((size_t)y[i] == c)
                rows[m++] = i;
        for (i = m; i-- > 1;) {
            size_t j = vs_random_below(vs_random_next(&state), (uint32_t)(i + 1)), tmp;
            tmp = rows[i];
            rows[i] = rows[j];
            rows[j] = tmp;
        }
        t = (size_t)floor(test * (double)m + 0.5);
        if (test > 0 && m >= 2) {
            if (t < 1)
                t = 1;
            if (t > m - 1)
                t = m - 1;
        } else if (m < 2) {
            t = 0;
        }
        for (i = 0; i < m; i++) {
            if (i < t)
                test_rows[(*ntest)++] = rows[i];
            else
                train_rows[(*ntrain)++] = rows[i];
        }
    }
    qsort(test_rows, *ntest, sizeof *test_rows, cmp_size);
    qsort(train_rows, *ntrain, sizeof *train_rows, cmp_size);
    free(rows);
}
