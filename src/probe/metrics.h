/*
 * metrics.h - how well a classifier does on labelled rows, and the seeded
 * split of the rows into a training and a held-out part.
 *
 * The figures are scikit-learn's (sklearn.metrics): accuracy_score,
 * precision_recall_fscore_support per class (a class never predicted has
 * precision 0, one never present recall 0: zero_division=0), the macro
 * averages (the unweighted mean over the classes), confusion_matrix (a row
 * per true class, a column per predicted class).
 */
#ifndef VS_PROBE_METRICS_H
#define VS_PROBE_METRICS_H

#include <stddef.h>
#include <stdint.h>

typedef struct vs_class_report {
    size_t k;             /* classes */
    size_t n;             /* rows */
    size_t *confusion;    /* k x k counts: row = true class, column = predicted */
    size_t *support;      /* k: rows of each true class */
    double *precision;    /* k */
    double *recall;       /* k */
    double *f1;           /* k */
    double accuracy;
    double macro_precision, macro_recall, macro_f1;
} vs_class_report;

/* The report on n rows with true classes truth (n) and predictions pred
 * (n), all in [0, k). Free with vs_class_report_free. */
void vs_class_report_make(const int *truth, const int *pred, size_t n, size_t k,
                          vs_class_report *r);

/* The report from a confusion matrix conf (k x k counts, row = true
 * class), which it copies: everything above follows from it. */
void vs_class_report_from_confusion(const size_t *conf, size_t k, vs_class_report *r);

void vs_class_report_free(vs_class_report *r);

/* A stratified, seeded split of n rows with classes y (n, in [0, k)): for
 * each class in turn (0, 1, ...), its rows in file order are shuffled by
 * Fisher-Yates (for i = m-1 down to 1, swap i with vs_random_below(next, i+1),
 * one splitmix64 stream seeded with seed for all classes), and the first
 * t = floor(test * m + 1/2) of them are held out, t kept within [1, m - 1]
 * when the class has two rows or more (one row: it trains). test_rows and
 * train_rows (n each, allocated by the caller) get the row numbers in
 * increasing order; *ntest and *ntrain their counts. test 0 holds out
 * nothing. */
void vs_split_stratified(const int *y, size_t n, size_t k, double test, uint64_t seed,
                         size_t *train_rows, size_t *ntrain, size_t *test_rows,
                         size_t *ntest);

#endif
