/*
 * check_probe.c - linear probes: L-BFGS (src/probe/lbfgs.c), the logistic
 * regression (logreg.c), the figures and the split (metrics.c), static
 * sentence vectors (src/eval/sentvec.c) and the probe itself (probe.c).
 *
 * L-BFGS on functions whose minimiser is known: Rosenbrock's valley in 2
 * and 20 dimensions from the classic start (-1.2, 1, ...), and an
 * ill-conditioned quadratic; its limits (max_iter, a callback's stop, a
 * non-finite start).
 * Against scikit-learn 1.2 (tests/data/probe/reference.json, written by
 * tests/gen-probe-reference.py): Python's words for tricky texts; the mean
 * and SIF vectors of tests/data/probe/books-small.tsv on
 * gutenberg-w2v-cbow32 and the SIF direction; the stratified split (the
 * same rows, exactly); per configuration, LogisticRegression(lbfgs,
 * multinomial) on the same training rows: held-out accuracy within 1 point,
 * predictions agreeing on at least 99% of the held-out rows, our objective
 * no worse than scikit-learn's to 1e-6 relative (both evaluated here, on
 * the same vectors, by vs_logreg_objective, which must also equal the
 * objective Python computed), the weights within 0.2% of the largest; the
 * figures of
 * sklearn.metrics on the same predictions.
 * The probe file reads back to the same predictions; malformed probe and
 * data files are errors naming file and line; Ctrl-C stops training.
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_suites.h"
#include "eval/sentvec.h"
#include "format/format.h"
#include "probe/lbfgs.h"
#include "probe/logreg.h"
#include "probe/metrics.h"
#include "probe/probe.h"
#include "session.h"
#include "xalloc.h"

#define PROBEDATA VS_TESTDATA "/probe"

/* ---- L-BFGS on known functions ---- */

/* The extended Rosenbrock function: the sum over pairs (x_2i, x_2i+1) of
 * 100 (x_2i+1 - x_2i^2)^2 + (1 - x_2i)^2; minimum 0 at all ones. */
static double rosenbrock(const double *x, double *g, void *ud)
{
    size_t n = *(const size_t *)ud, i;
    double f = 0.0;

    for (i = 0; i + 1 < n; i += 2) {
        double a = x[i + 1] - x[i] * x[i], b = 1.0 - x[i];
        f += 100.0 * a * a + b * b;
        g[i] = -400.0 * a * x[i] - 2.0 * b;
        g[i + 1] = 200.0 * a;
    }
    return f;
}

static void rosenbrock_case(size_t n)
{
    double *x = xmallocarray(n, sizeof *x);
    vs_lbfgs_params p;
    vs_lbfgs_report rep;
    vs_error err;
    size_t i;

    for (i = 0; i < n; i++)
        x[i] = i % 2 == 0 ? -1.2 : 1.0;
    vs_lbfgs_defaults(&p);
    p.max_iter = 2000;
    p.gtol = 1e-9;
    p.ftol = 0;
    ck_assert_int_eq(vs_lbfgs_minimize(n, x, rosenbrock, &n, &p, &rep, &err), 0);
    ck_assert_msg(vs_lbfgs_converged(rep.stop), "n %zu: %s after %d iterations", n,
                  vs_lbfgs_stop_name(rep.stop), rep.iters);
    for (i = 0; i < n; i++)
        ck_assert_double_eq_tol(x[i], 1.0, 1e-6);
    ck_assert_double_lt(rep.f, 1e-12);
    /* L-BFGS takes tens of iterations here, not the thousands of steepest
     * descent */
    ck_assert_int_lt(rep.iters, 200);
    free(x);
}

START_TEST(test_lbfgs_rosenbrock)
{
    rosenbrock_case(2);
    rosenbrock_case(20);
}
END_TEST

/* f = 1/2 sum a_i (x_i - c_i)^2 + sum_{i} (x_i - c_i)(x_i+1 - c_i+1) / 4,
 * curvatures a_i from 1 to 1000: positive definite, minimum at c. */
#define QN 60
static double quadratic(const double *x, double *g, void *ud)
{
    const double *c = ud;
    double f = 0.0, a, d[QN];
    size_t i;

    for (i = 0; i < QN; i++)
        d[i] = x[i] - c[i];
    for (i = 0; i < QN; i++) {
        a = pow(1000.0, (double)i / (QN - 1));
        f += 0.5 * a * d[i] * d[i];
        g[i] = a * d[i];
    }
    for (i = 0; i + 1 < QN; i++) {
        f += 0.25 * d[i] * d[i + 1];
        g[i] += 0.25 * d[i + 1];
        g[i + 1] += 0.25 * d[i];
    }
    return f;
}

START_TEST(test_lbfgs_quadratic)
{
    double c[QN], x[QN];
    vs_lbfgs_params p;
    vs_lbfgs_report rep;
    vs_error err;
    size_t i;

    for (i = 0; i < QN; i++) {
        c[i] = sin((double)i) * 3.0;
        x[i] = 0.0;
    }
    vs_lbfgs_defaults(&p);
    p.max_iter = 1000;
    p.gtol = 1e-10;
    p.ftol = 0;
    ck_assert_int_eq(vs_lbfgs_minimize(QN, x, quadratic, c, &p, &rep, &err), 0);
    ck_assert_int_eq(rep.stop, VS_LBFGS_GTOL);
    for (i = 0; i < QN; i++)
        ck_assert_double_eq_tol(x[i], c[i], 1e-9);
    /* every component of the gradient within gtol */
    ck_assert_double_le(rep.gmax, 1e-10);
}
END_TEST

static int stop_at_3(void *ud, int iter, double f, double gmax, vs_error *err)
{
    (void)ud, (void)f, (void)gmax;
    return iter >= 3 ? vs_fail(err, "stopped by the callback") : 0;
}

static double not_finite(const double *x, double *g, void *ud)
{
    (void)ud;
    g[0] = 1.0;
    return x[0] < 1.0 ? NAN : 0.0;
}

START_TEST(test_lbfgs_limits)
{
    size_t n = 2;
    double x[2] = {-1.2, 1.0};
    vs_lbfgs_params p;
    vs_lbfgs_report rep;
    vs_error err;

    vs_lbfgs_defaults(&p);
    p.max_iter = 5;
    ck_assert_int_eq(vs_lbfgs_minimize(n, x, rosenbrock, &n, &p, &rep, &err), 0);
    ck_assert_int_eq(rep.stop, VS_LBFGS_MAX_ITER);
    ck_assert_int_eq(rep.iters, 5);
    ck_assert(!vs_lbfgs_converged(rep.stop));

    x[0] = -1.2, x[1] = 1.0;
    vs_lbfgs_defaults(&p);
    p.on_iter = stop_at_3;
    ck_assert_int_eq(vs_lbfgs_minimize(n, x, rosenbrock, &n, &p, &rep, &err), -1);
    ck_assert_str_eq(err.msg, "stopped by the callback");
    ck_assert_int_eq(rep.iters, 3);

    x[0] = 0.0;
    ck_assert_int_eq(vs_lbfgs_minimize(1, x, not_finite, NULL, &p, &rep, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "not finite"));
}
END_TEST

/* ---- the reference ---- */

static json_t *reference(void)
{
    json_error_t jerr;
    json_t *root = json_load_file(PROBEDATA "/reference.json", 0, &jerr);

    ck_assert_msg(root != NULL, "reference.json: %s", jerr.text);
    return root;
}

static size_t *size_array(json_t *a, size_t *n)
{
    size_t i, *out = xmallocarray(json_array_size(a) + 1, sizeof *out);
    json_t *v;

    json_array_foreach(a, i, v) out[i] = (size_t)json_integer_value(v);
    *n = json_array_size(a);
    return out;
}

static int *int_array(json_t *a)
{
    size_t i;
    int *out = xmallocarray(json_array_size(a) + 1, sizeof *out);
    json_t *v;

    json_array_foreach(a, i, v) out[i] = (int)json_integer_value(v);
    return out;
}

static double num(json_t *o, const char *key)
{
    return json_number_value(json_object_get(o, key));
}

static void collect_word(const char *w, size_t len, void *ud)
{
    json_t *arr = ud;

    json_array_append_new(arr, json_stringn(w, len));
}

START_TEST(test_words)
{
    json_t *root = reference(), *c;
    size_t i;

    json_array_foreach(json_object_get(root, "tokens"), i, c) {
        const char *text = json_string_value(json_object_get(c, "text"));
        json_t *got = json_array();
        size_t n = vs_sent_words(text, strlen(text), collect_word, got);
        char *g = json_dumps(got, JSON_COMPACT | JSON_ENSURE_ASCII);
        char *w = json_dumps(json_object_get(c, "words"), JSON_COMPACT | JSON_ENSURE_ASCII);
        ck_assert_msg(strcmp(g, w) == 0, "\"%s\": got %s, Python %s", text, g, w);
        ck_assert_uint_eq(n, json_array_size(got));
        free(g);
        free(w);
        json_decref(got);
    }
    json_decref(root);
}
END_TEST

static vs_model *open_model(const char *path)
{
    vs_load_opts o;
    vs_model *m;
    vs_error err;

    memset(&o, 0, sizeof o);
    ck_assert_msg(vs_format_load(path, &o, &m, &err) == 0, "%s", err.msg);
    return m;
}

static void read_books(vs_probe_data *d)
{
    vs_error err;

    ck_assert_msg(vs_probe_data_read(PROBEDATA "/books-small.tsv", 2, 1, 0, d, &err) == 0,
                  "%s", err.msg);
}

/* The largest |a - ref| over rows x d (ref: an array of arrays). */
static double max_diff_rows(const float *a, json_t *ref, size_t rows, size_t d)
{
    double worst = 0.0;
    size_t i, j;

    ck_assert_uint_eq(json_array_size(ref), rows);
    for (i = 0; i < rows; i++) {
        json_t *row = json_array_get(ref, i);
        ck_assert_uint_eq(json_array_size(row), d);
        for (j = 0; j < d; j++)
            worst = fmax(worst, fabs(a[i * d + j] -
                                     json_number_value(json_array_get(row, j))));
    }
    return worst;
}

START_TEST(test_sentence_vectors)
{
    json_t *root = reference(), *books = json_object_get(root, "books");
    vs_model *m = open_model(VS_TESTDATA "/gutenberg-w2v-cbow32.bin");
    vs_probe_data d;
    vs_probe *p;
    vs_error err;
    float *X;
    size_t empty, i, n;
    double dm, ds;
    int *y;

    read_books(&d);
    /* the classes and rows Python read */
    ck_assert_uint_eq(d.k, json_array_size(json_object_get(books, "classes")));
    for (i = 0; i < d.k; i++)
        ck_assert_str_eq(d.labels[i],
                         json_string_value(json_array_get(json_object_get(books, "classes"), i)));
    y = int_array(json_object_get(books, "y"));
    ck_assert_uint_eq(d.n, json_array_size(json_object_get(books, "y")));
    for (i = 0; i < d.n; i++)
        ck_assert_int_eq(d.y[i], y[i]);
    n = d.n;
    X = xmallocarray(n * m->dim, sizeof *X);

    ck_assert_int_eq(vs_probe_new(m, "mean", 0, VS_SIF_A, NULL, &p, &err), 0);
    ck_assert_msg(vs_probe_vectors(p, m, (const char *const *)d.texts, n, NULL, X, &empty,
                                   NULL, &err) == 0, "%s", err.msg);
    dm = max_diff_rows(X, json_object_get(books, "mean"), n, m->dim);
    ck_assert_uint_eq(empty, (size_t)json_integer_value(json_object_get(books, "empty")));
    vs_probe_free(p);

    ck_assert_int_eq(vs_probe_new(m, "sif", 0, VS_SIF_A, NULL, &p, &err), 0);
    ck_assert_int_eq(vs_probe_vectors(p, m, (const char *const *)d.texts, n, NULL, X, NULL,
                                      NULL, &err), 0);
    ds = max_diff_rows(X, json_object_get(books, "sif"), n, m->dim);
    vs_probe_free(p);
    fprintf(stderr, "sentence vectors of %zu texts: max diff mean %.3g, sif %.3g\n", n, dm, ds);
    ck_assert_double_lt(dm, 1e-6);
    ck_assert_double_lt(ds, 1e-6);

    free(X);
    free(y);
    vs_probe_data_free(&d);
    vs_model_free(m);
    json_decref(root);
}
END_TEST

START_TEST(test_split)
{
    json_t *root = reference(), *cfg;
    vs_probe_data d;
    size_t i, *tr, *te, ntr, nte;

    read_books(&d);
    tr = xmallocarray(d.n, sizeof *tr);
    te = xmallocarray(d.n, sizeof *te);
    json_array_foreach(json_object_get(root, "configs"), i, cfg) {
        size_t n1, n2, j, *rtr, *rte;
        if (strcmp(json_string_value(json_object_get(cfg, "data")), "books") != 0)
            continue;
        vs_split_stratified(d.y, d.n, d.k, num(cfg, "test"),
                            (uint64_t)json_integer_value(json_object_get(cfg, "seed")), tr, &ntr,
                            te, &nte);
        rtr = size_array(json_object_get(cfg, "train"), &n1);
        rte = size_array(json_object_get(cfg, "test_rows"), &n2);
        ck_assert_uint_eq(ntr, n1);
        ck_assert_uint_eq(nte, n2);
        for (j = 0; j < ntr; j++)
            ck_assert_uint_eq(tr[j], rtr[j]);
        for (j = 0; j < nte; j++)
            ck_assert_uint_eq(te[j], rte[j]);
        free(rtr);
        free(rte);
    }
    /* test 0 holds nothing out; another seed gives another split */
    vs_split_stratified(d.y, d.n, d.k, 0.0, 1, tr, &ntr, te, &nte);
    ck_assert_uint_eq(nte, 0);
    ck_assert_uint_eq(ntr, d.n);
    free(tr);
    free(te);
    vs_probe_data_free(&d);
    json_decref(root);
}
END_TEST

/* A data set of vectors: "LABEL<TAB>V1 V2 ..." lines. */
static float *read_blobs(const char *path, int **y, size_t *n, size_t *d, size_t *k)
{
    FILE *f = fopen(path, "r");
    char line[65536], labels[16][32];
    float *X = NULL;
    size_t cap = 0;

    ck_assert_ptr_nonnull(f);
    *n = *d = *k = 0;
    *y = NULL;
    while (fgets(line, sizeof line, f) != NULL) {
        char *tab = strchr(line, '\t'), *p, *end;
        size_t j = 0, c;
        ck_assert_ptr_nonnull(tab);
        *tab = '\0';
        for (c = 0; c < *k && strcmp(labels[c], line) != 0; c++)
            ;
        if (c == *k) {
            ck_assert_uint_lt(*k, 16);
            snprintf(labels[(*k)++], sizeof labels[0], "%.31s", line);
        }
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            X = xreallocarray(X, cap * 64, sizeof *X);
            *y = xreallocarray(*y, cap, sizeof **y);
        }
        for (p = tab + 1;; p = end) {
            float v = strtof(p, &end);
            if (end == p)
                break;
            ck_assert_uint_lt(j, 64);
            X[*n * 64 + j++] = v;
        }
        if (*d == 0)
            *d = j;
        ck_assert_uint_eq(j, *d);
        (*y)[(*n)++] = (int)c;
    }
    fclose(f);
    /* the labels are class-a, class-b, ... in order: c is already the
     * class's rank; repack rows of 64 to rows of d */
    {
        size_t i, j;
        for (i = 0; i < *n; i++)
            for (j = 0; j < *d; j++)
                X[i * *d + j] = X[i * 64 + j];
        for (i = 0; i < *n; i++)
            (*y)[i] = labels[(*y)[i]][6] - 'a';
    }
    return X;
}

/* X[rows] (n, d). */
static float *pick(const float *X, size_t d, const size_t *rows, size_t n)
{
    float *out = xmallocarray(n * d + 1, sizeof *out);
    size_t i;

    for (i = 0; i < n; i++)
        memcpy(out + i * d, X + rows[i] * d, d * sizeof *out);
    return out;
}

/* scikit-learn's model of a configuration. */
static void sklearn_model(json_t *cfg, size_t k, size_t d, vs_logreg *m)
{
    json_t *coef = json_object_get(cfg, "coef"), *b = json_object_get(cfg, "intercept");
    size_t c, j;

    vs_logreg_init(m, k, d);
    ck_assert_uint_eq(json_array_size(coef), k);
    for (c = 0; c < k; c++) {
        ck_assert_uint_eq(json_array_size(json_array_get(coef, c)), d);
        for (j = 0; j < d; j++)
            m->w[c * d + j] = json_number_value(json_array_get(json_array_get(coef, c), j));
        m->b[c] = json_number_value(json_array_get(b, c));
    }
}

/* Trains on X's training rows as cfg says and holds the result against
 * scikit-learn's. */
static void compare_fit(json_t *cfg, const float *X, const int *y, size_t k, size_t d)
{
    const char *name = json_string_value(json_object_get(cfg, "name"));
    size_t ntr, nte, i, j, agree = 0;
    size_t *tr = size_array(json_object_get(cfg, "train"), &ntr);
    size_t *te = size_array(json_object_get(cfg, "test_rows"), &nte);
    int *ref_pred = int_array(json_object_get(cfg, "predictions"));
    float *Xtr = pick(X, d, tr, ntr), *Xte = pick(X, d, te, nte);
    int *ytr = xmallocarray(ntr, sizeof *ytr), *yte = xmallocarray(nte, sizeof *yte);
    int *pred = xmallocarray(nte, sizeof *pred);
    vs_logreg_params lp;
    vs_lbfgs_report rep;
    vs_class_report ours, theirs;
    vs_logreg lr, sk;
    vs_error err;
    double f_ours, f_sk, f_py = num(cfg, "objective"), wmax = 0, wdiff = 0;

    for (i = 0; i < ntr; i++)
        ytr[i] = y[tr[i]];
    for (i = 0; i < nte; i++)
        yte[i] = y[te[i]];
    vs_logreg_defaults(&lp);
    lp.C = num(cfg, "C");
    lp.max_iter = (int)json_integer_value(json_object_get(cfg, "max_iter"));
    lp.tol = num(cfg, "tol");
    ck_assert_msg(vs_logreg_train(Xtr, ntr, d, ytr, k, &lp, &lr, &rep, &err) == 0, "%s",
                  err.msg);
    vs_logreg_predict(&lr, Xte, nte, pred);
    for (i = 0; i < nte; i++)
        agree += pred[i] == ref_pred[i];
    vs_class_report_make(yte, pred, nte, k, &ours);
    sklearn_model(cfg, k, d, &sk);
    f_ours = vs_logreg_objective(&lr, Xtr, ntr, ytr, lp.C);
    f_sk = vs_logreg_objective(&sk, Xtr, ntr, ytr, lp.C);
    for (i = 0; i < k * d; i++) {
        wmax = fmax(wmax, fabs(sk.w[i]));
        wdiff = fmax(wdiff, fabs(sk.w[i] - lr.w[i]));
    }
    fprintf(stderr,
            "%-26s %s after %3d iterations (scikit-learn %3lld); accuracy %.4f vs %.4f; "
            "predictions agree %zu/%zu; objective %.9f vs %.9f (Python %.9f); weights max "
            "diff %.2g of %.3g\n",
            name, vs_lbfgs_converged(rep.stop) ? "converged" : "NOT converged", rep.iters,
            json_integer_value(json_object_get(cfg, "n_iter")), ours.accuracy,
            num(cfg, "accuracy"), agree, nte, f_ours, f_sk, f_py, wdiff, wmax);

    /* the objective is scikit-learn's: our evaluation of its optimum is
     * what Python computed (the vectors differ by float rounding only) */
    ck_assert_msg(fabs(f_sk - f_py) <= 1e-6 * fabs(f_py), "%s: objective %.9f here, %.9f in "
                  "Python", name, f_sk, f_py);
    /* our optimum is no worse than scikit-learn's */
    ck_assert_msg(f_ours <= f_sk + 1e-6 * fabs(f_sk), "%s: objective %.9f, scikit-learn's "
                  "%.9f", name, f_ours, f_sk);
    ck_assert_msg(fabs(ours.accuracy - num(cfg, "accuracy")) <= 0.01, "%s: accuracy %.4f, "
                  "scikit-learn's %.4f", name, ours.accuracy, num(cfg, "accuracy"));
    ck_assert_msg(agree * 100 >= nte * 99, "%s: %zu of %zu predictions agree", name, agree,
                  nte);
    ck_assert(vs_lbfgs_converged(rep.stop));
    /* one optimum (the objective is strictly convex in W): the weights
     * agree to what the two stopping rules leave */
    ck_assert_msg(wdiff <= 2e-3 * wmax, "%s: weights differ by %g (largest %g)", name, wdiff,
                  wmax);

    /* sklearn.metrics on scikit-learn's own predictions */
    vs_class_report_make(yte, ref_pred, nte, k, &theirs);
    ck_assert_double_eq_tol(theirs.accuracy, num(cfg, "accuracy"), 1e-12);
    ck_assert_double_eq_tol(theirs.macro_f1, num(cfg, "macro_f1"), 1e-12);
    for (i = 0; i < k; i++) {
        ck_assert_double_eq_tol(theirs.precision[i],
                                json_number_value(json_array_get(json_object_get(cfg, "precision"), i)), 1e-12);
        ck_assert_double_eq_tol(theirs.recall[i],
                                json_number_value(json_array_get(json_object_get(cfg, "recall"), i)), 1e-12);
        ck_assert_double_eq_tol(theirs.f1[i],
                                json_number_value(json_array_get(json_object_get(cfg, "f1"), i)), 1e-12);
        ck_assert_uint_eq(theirs.support[i],
                          (size_t)json_integer_value(json_array_get(json_object_get(cfg, "support"), i)));
        for (j = 0; j < k; j++)
            ck_assert_uint_eq(theirs.confusion[i * k + j],
                              (size_t)json_integer_value(json_array_get(
                                  json_array_get(json_object_get(cfg, "confusion"), i), j)));
    }

    vs_class_report_free(&ours);
    vs_class_report_free(&theirs);
    vs_logreg_free(&lr);
    vs_logreg_free(&sk);
    free(tr);
    free(te);
    free(ref_pred);
    free(Xtr);
    free(Xte);
    free(ytr);
    free(yte);
    free(pred);
}

START_TEST(test_logreg_blobs)
{
    json_t *root = reference(), *cfg;
    size_t n, d, k, i, ntr, nte, *tr, *te, nr, *rte;
    int *y;
    float *X = read_blobs(PROBEDATA "/blobs.tsv", &y, &n, &d, &k);

    tr = xmallocarray(n, sizeof *tr);
    te = xmallocarray(n, sizeof *te);
    json_array_foreach(json_object_get(root, "configs"), i, cfg) {
        if (strcmp(json_string_value(json_object_get(cfg, "data")), "blobs") != 0)
            continue;
        /* the split is ours, the same rows as the reference's */
        vs_split_stratified(y, n, k, num(cfg, "test"),
                            (uint64_t)json_integer_value(json_object_get(cfg, "seed")), tr, &ntr,
                            te, &nte);
        rte = size_array(json_object_get(cfg, "test_rows"), &nr);
        ck_assert_uint_eq(nte, nr);
        ck_assert_uint_eq(memcmp(te, rte, nte * sizeof *te), 0);
        free(rte);
        compare_fit(cfg, X, y, k, d);
    }
    free(tr);
    free(te);
    free(X);
    free(y);
    json_decref(root);
}
END_TEST

/* The whole probe on the books: vectors, split, SIF direction, training,
 * held-out figures, as `probe train` runs it. */
START_TEST(test_probe_books)
{
    json_t *root = reference(), *cfg;
    vs_model *m = open_model(VS_TESTDATA "/gutenberg-w2v-cbow32.bin");
    vs_probe_data d;
    size_t i;

    read_books(&d);
    json_array_foreach(json_object_get(root, "configs"), i, cfg) {
        const char *pool = json_string_value(json_object_get(cfg, "pool"));
        vs_logreg_params lp;
        vs_class_report rep;
        vs_probe *p;
        vs_error err;
        float *X;
        if (strcmp(json_string_value(json_object_get(cfg, "data")), "books") != 0)
            continue;
        vs_logreg_defaults(&lp);
        lp.C = num(cfg, "C");
        lp.max_iter = (int)json_integer_value(json_object_get(cfg, "max_iter"));
        lp.tol = num(cfg, "tol");
        ck_assert_int_eq(vs_probe_new(m, pool, 0, VS_SIF_A, NULL, &p, &err), 0);
        ck_assert_msg(vs_probe_train(p, m, &d, num(cfg, "test"),
                                     (uint64_t)json_integer_value(json_object_get(cfg, "seed")),
                                     &lp, NULL, &err) == 0, "%s", err.msg);
        ck_assert_int_eq(vs_probe_report(p, &rep, &err), 0);
        ck_assert_msg(fabs(rep.accuracy - num(cfg, "accuracy")) <= 0.01,
                      "%s: accuracy %.4f, scikit-learn's %.4f",
                      json_string_value(json_object_get(cfg, "name")), rep.accuracy,
                      num(cfg, "accuracy"));
        ck_assert_uint_eq(p->ntest, json_array_size(json_object_get(cfg, "test_rows")));
        if (strcmp(pool, "sif") == 0) {
            json_t *u = json_object_get(cfg, "direction");
            double dot = 0;
            size_t j;
            ck_assert_ptr_nonnull(p->direction);
            for (j = 0; j < m->dim; j++)
                dot += p->direction[j] * json_number_value(json_array_get(u, j));
            ck_assert_msg(fabs(fabs(dot) - 1.0) < 1e-6, "SIF direction: |cos| %.9f", fabs(dot));
        } else {
            ck_assert_ptr_null(p->direction);
        }
        vs_class_report_free(&rep);
        vs_probe_free(p);

        /* the logistic regression alone, on the vectors as Python made them */
        X = xmallocarray(d.n * m->dim, sizeof *X);
        {
            json_t *rows = json_object_get(json_object_get(root, "books"), pool);
            size_t r, j;
            for (r = 0; r < d.n; r++)
                for (j = 0; j < m->dim; j++)
                    X[r * m->dim + j] =
                        (float)json_number_value(json_array_get(json_array_get(rows, r), j));
            if (strcmp(pool, "sif") == 0) {
                float *u = xmallocarray(m->dim, sizeof *u);
                for (j = 0; j < m->dim; j++)
                    u[j] = (float)json_number_value(
                        json_array_get(json_object_get(cfg, "direction"), j));
                vs_remove_direction(X, d.n, m->dim, u);
                free(u);
            }
        }
        compare_fit(cfg, X, d.y, d.k, m->dim);
        free(X);
    }
    vs_probe_data_free(&d);
    vs_model_free(m);
    json_decref(root);
}
END_TEST

/* At the optimum the gradient is zero: central differences of the
 * objective on a few weights and intercepts (a wrong analytic gradient
 * would have stopped L-BFGS elsewhere). */
START_TEST(test_logreg_optimum)
{
    size_t n, d, k, i;
    int *y;
    float *X = read_blobs(PROBEDATA "/blobs.tsv", &y, &n, &d, &k);
    vs_logreg_params lp;
    vs_lbfgs_report rep;
    vs_logreg lr;
    vs_error err;
    double C = 0.5, h = 1e-5;

    vs_logreg_defaults(&lp);
    lp.C = C;
    lp.max_iter = 2000;
    lp.tol = 1e-8;
    ck_assert_int_eq(vs_logreg_train(X, n, d, y, k, &lp, &lr, &rep, &err), 0);
    for (i = 0; i < k * d + k; i += 7) {
        double *t = i < k * d ? &lr.w[i] : &lr.b[i - k * d], keep = *t, fp, fm;
        *t = keep + h;
        fp = vs_logreg_objective(&lr, X, n, y, C);
        *t = keep - h;
        fm = vs_logreg_objective(&lr, X, n, y, C);
        *t = keep;
        ck_assert_msg(fabs((fp - fm) / (2 * h)) < 2e-3, "parameter %zu: slope %g", i,
                      (fp - fm) / (2 * h));
    }
    /* the intercepts are not penalised and start at 0: they sum to 0 */
    {
        double s = 0;
        for (i = 0; i < k; i++)
            s += lr.b[i];
        ck_assert_double_eq_tol(s, 0.0, 1e-9);
    }
    vs_logreg_free(&lr);
    free(X);
    free(y);
}
END_TEST

START_TEST(test_interrupt)
{
    size_t n, d, k;
    int *y;
    float *X = read_blobs(PROBEDATA "/blobs.tsv", &y, &n, &d, &k);
    vs_logreg_params lp;
    vs_lbfgs_report rep;
    vs_logreg lr;
    vs_error err;

    vs_logreg_defaults(&lp);
    vs_interrupted = 1;
    ck_assert_int_eq(vs_logreg_train(X, n, d, y, k, &lp, &lr, &rep, &err), -1);
    vs_interrupted = 0;
    ck_assert_ptr_nonnull(strstr(err.msg, "interrupted"));
    ck_assert_ptr_null(lr.w);
    free(X);
    free(y);
}
END_TEST

static char *write_tmp(const char *text)
{
    char *path = xstrdup("/tmp/vecscope-probe.XXXXXX");
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

START_TEST(test_save_load)
{
    vs_model *m = open_model(VS_TESTDATA "/gutenberg-w2v-cbow32.bin");
    const char *texts[] = {"the whale and the ship", "she said to her sister",
                           "the vampire in the castle", "zzzz qqqq"};
    char *path = write_tmp("");
    vs_probe_data d;
    vs_logreg_params lp;
    vs_probe *p, *q;
    vs_error err;
    size_t t, c;

    read_books(&d);
    vs_logreg_defaults(&lp);
    ck_assert_int_eq(vs_probe_new(m, "sif", 0, VS_SIF_A, NULL, &p, &err), 0);
    ck_assert_int_eq(vs_probe_train(p, m, &d, 0.2, 1, &lp, NULL, &err), 0);
    p->data = xstrdup("books-small.tsv");
    ck_assert_msg(vs_probe_save(p, path, &err) == 0, "%s", err.msg);
    ck_assert_msg(vs_probe_load(path, &q, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(q->k, p->k);
    ck_assert_uint_eq(q->dim, p->dim);
    ck_assert_str_eq(q->pool, "sif");
    ck_assert_str_eq(q->model, p->model);
    ck_assert_uint_eq(memcmp(q->confusion, p->confusion, p->k * p->k * sizeof *p->confusion), 0);
    for (t = 0; t < sizeof texts / sizeof *texts; t++) {
        double a[32], b[32];
        int ea, eb;
        ck_assert_int_eq(vs_probe_predict(p, m, texts[t], a, &ea, &err), 0);
        ck_assert_int_eq(vs_probe_predict(q, m, texts[t], b, &eb, &err), 0);
        ck_assert_int_eq(ea, eb);
        ck_assert_int_eq(ea, t == 3);
        for (c = 0; c < p->k; c++)
            ck_assert_double_eq(a[c], b[c]);  /* %.17g reads back every bit */
    }
    vs_probe_free(p);
    vs_probe_free(q);
    vs_probe_data_free(&d);
    vs_model_free(m);
    unlink(path);
    free(path);
}
END_TEST

/* A malformed file gives an error holding want. */
static void load_fails(const char *text, const char *want)
{
    char *path = write_tmp(text);
    vs_probe *p = NULL;
    vs_error err;

    ck_assert_int_eq(vs_probe_load(path, &p, &err), -1);
    ck_assert_ptr_null(p);
    ck_assert_msg(strstr(err.msg, want) != NULL, "got \"%s\", wanted \"%s\"", err.msg, want);
    unlink(path);
    free(path);
}

START_TEST(test_bad_files)
{
    static const char *head = "vecscope-probe 1\nmodel\tm\nvectors\tstatic\npool\tmean\ndim\t2\n";
    char *s, *path;
    vs_probe_data d;
    vs_error err;

    load_fails("", "empty file");
    load_fails("vecscope-cache\n", "not a vecscope probe");
    s = xasprintf("%sclass\ta\t0\t1\t2\nclass\tb\t0\t1\n", head);
    load_fails(s, ":7: a class line holds a label, the intercept and 2 weights, not 3 fields");
    free(s);
    s = xasprintf("%sclass\ta\t0\t1\t2\nclass\tb\t0\tnan\t1\n", head);
    load_fails(s, ":7: weight 1 is not a finite number");
    free(s);
    s = xasprintf("%sclass\tb\t0\t1\t2\nclass\ta\t0\t1\t1\n", head);
    load_fails(s, ":7: the classes are not in byte order");
    free(s);
    s = xasprintf("%sclass\ta\t0\t1\t2\n", head);
    load_fails(s, "two class lines or more");
    free(s);
    s = xasprintf("%sclass\ta\t0\t1\t2\nclass\tb\t0\t1\t1\nweights\t1\n", head);
    load_fails(s, ":8: unexpected line 'weights'");
    free(s);
    load_fails("vecscope-probe 1\nmodel\tm\nvectors\tstatic\npool\tsif\ndim\t1\n"
               "class\ta\t0\t1\nclass\tb\t0\t1\n", "a sif probe needs its direction");

    path = write_tmp("a\tone text\nb\ttwo texts\nonly one column\n");
    ck_assert_int_eq(vs_probe_data_read(path, 2, 1, 0, &d, &err), -1);
    ck_assert_msg(strstr(err.msg, ":3: 1 column, but the text is in column 2") != NULL, "%s",
                  err.msg);
    unlink(path);
    free(path);
    path = write_tmp("a\tone text\na\ttwo texts\n");
    ck_assert_int_eq(vs_probe_data_read(path, 2, 1, 0, &d, &err), -1);
    ck_assert_msg(strstr(err.msg, "a single label") != NULL, "%s", err.msg);
    unlink(path);
    free(path);
    path = write_tmp("label\ttext\nb\tone\r\n\na\ttwo\tthree\n");
    ck_assert_int_eq(vs_probe_data_read(path, 2, 1, 1, &d, &err), 0);
    ck_assert_uint_eq(d.n, 2);
    ck_assert_str_eq(d.labels[0], "a");
    ck_assert_str_eq(d.texts[0], "one");
    ck_assert_int_eq(d.y[0], 1);
    ck_assert_str_eq(d.texts[1], "two");
    vs_probe_data_free(&d);
    unlink(path);
    free(path);
}
END_TEST

static int freed;
static void count_free(void *obj)
{
    free(obj);
    freed++;
}

START_TEST(test_session_items)
{
    vs_session s;

    vs_session_init(&s);
    freed = 0;
    ck_assert_int_eq(vs_session_item_put(&s, "probe", "a", xstrdup("1"), count_free), 0);
    ck_assert_int_eq(vs_session_item_put(&s, "probe", "b", xstrdup("2"), count_free), 0);
    ck_assert_int_eq(vs_session_item_put(&s, "probe", "a", xstrdup("3"), count_free), 1);
    ck_assert_int_eq(freed, 1);
    ck_assert_str_eq(vs_session_item_find(&s, "probe", "a"), "3");
    ck_assert_ptr_null(vs_session_item_find(&s, "other", "a"));
    ck_assert_int_eq(vs_session_item_drop(&s, "probe", "b"), 0);
    ck_assert_int_eq(vs_session_item_drop(&s, "probe", "b"), -1);
    ck_assert_uint_eq(s.nitems, 1);
    vs_session_free(&s);
    ck_assert_int_eq(freed, 3);
}
END_TEST

Suite *suite_probe(void)
{
    Suite *s = suite_create("probe");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_lbfgs_rosenbrock);
    tcase_add_test(tc, test_lbfgs_quadratic);
    tcase_add_test(tc, test_lbfgs_limits);
    tcase_add_test(tc, test_words);
    tcase_add_test(tc, test_sentence_vectors);
    tcase_add_test(tc, test_split);
    tcase_add_test(tc, test_logreg_blobs);
    tcase_add_test(tc, test_probe_books);
    tcase_add_test(tc, test_logreg_optimum);
    tcase_add_test(tc, test_interrupt);
    tcase_add_test(tc, test_save_load);
    tcase_add_test(tc, test_bad_files);
    tcase_add_test(tc, test_session_items);
    suite_add_tcase(s, tc);
    return s;
}
