/*
 * probe.h - linear probes: a multinomial logistic regression (logreg.h)
 * trained on the sentence vectors a model gives to labelled texts, to see
 * how much of a property (which book a paragraph is from, its sentiment)
 * the vectors hold in a linearly readable form.
 *
 * The sentence vector of a text comes from the model the probe is trained
 * on: for an encoder, vs_bert_sentence's pooling (mean, cls, pooler) at a
 * layer, the text cut to what the model takes; for a static model, the mean
 * of its words' vectors or the SIF embedding (eval/sentvec.h), whose
 * principal direction is taken from the training rows and kept with the
 * probe, so that held-out rows and later texts are treated the same way.
 *
 * The labelled file is tab-separated text, one row a line: a label column
 * and a text column (counted from 1), other columns ignored, blank lines
 * skipped, CRLF accepted. Classes are the distinct labels in byte order, as
 * scikit-learn's np.unique orders strings.
 *
 * A saved probe is a text file:
 *
 *     vecscope-probe 1
 *     model    NAME               the model it was trained on (its name)
 *     vectors  static|encoder
 *     pool     mean|sif|cls|pooler
 *     layer    L                  encoder: the hidden state pooled
 *     sif-a    A                  sif: the weight parameter
 *     counts   PATH               sif: the counts file, absent for Zipf
 *     dim      D
 *     C        C
 *     data     FILE               the labelled file, for the record
 *     rows     NTRAIN NTEST
 *     class    LABEL B W1 .. WD   one line per class, in class order
 *     direction U1 .. UD          sif: the direction removed
 *     confusion N1 .. NK          one line per true class (when NTEST > 0)
 *
 * every field separated by one tab, reals as %.17g (floats %.9g), so a
 * probe read back predicts exactly as the one saved.
 */
#ifndef VS_PROBE_PROBE_H
#define VS_PROBE_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "../model.h"
#include "../progress.h"
#include "lbfgs.h"
#include "logreg.h"
#include "metrics.h"

/* Labelled texts read from a file. */
typedef struct vs_probe_data {
    size_t n;           /* rows */
    char **texts;       /* n */
    int *y;             /* n: class of each row */
    size_t k;           /* classes */
    char **labels;      /* k, in byte order */
} vs_probe_data;

/* Reads path: text in column text_col, label in column label_col (from 1);
 * header skips the first line. Fails, naming the file and line, on a line
 * with too few columns or an empty label, and on fewer than two classes. */
int vs_probe_data_read(const char *path, int text_col, int label_col, int header,
                       vs_probe_data *d, vs_error *err);
void vs_probe_data_free(vs_probe_data *d);

typedef struct vs_probe {
    /* how texts become vectors */
    char *model;          /* the name of the model it was trained on */
    int encoder;          /* 1: an encoder's pooled vectors; 0: a static model's */
    char *pool;           /* "mean", "sif" (static), "mean", "cls", "pooler" (encoder) */
    size_t layer;         /* encoder: the hidden state pooled */
    double sif_a;         /* sif: a */
    char *counts;         /* sif: the counts file giving p(w), or NULL for Zipf */
    float *direction;     /* sif: the direction removed (dim), or NULL */
    size_t dim;

    /* the classifier */
    size_t k;
    char **labels;        /* k */
    vs_logreg lr;
    double C;

    /* how it was trained and how it did on the held-out rows */
    char *data;           /* the labelled file (set by the caller), or NULL */
    size_t ntrain, ntest;
    size_t *confusion;    /* k x k counts on the held-out rows, or NULL */
    vs_lbfgs_report opt;  /* the minimisation (not kept in a saved file) */
    int trained_here;     /* opt is meaningful */
    size_t empty;         /* rows with no word the model has (static) */
    size_t truncated;     /* rows cut to the encoder's length */
} vs_probe;

/* A new probe that will take vectors from m with pool ("mean" by default),
 * layer (encoders), sif_a and counts (sif); checks the pooling against
 * the kind of m. */
int vs_probe_new(const vs_model *m, const char *pool, size_t layer, double sif_a,
                 const char *counts, vs_probe **out, vs_error *err);

void vs_probe_free(vs_probe *p);

/* The split, the vectors and the training: rows of d are split by
 * vs_split_stratified(test, seed); the probe is trained on the training
 * rows with lp and its figures taken on the held-out ones (on the training
 * rows when test is 0). Ctrl-C through progress stops it with -1. */
int vs_probe_train(vs_probe *p, const vs_model *m, const vs_probe_data *d, double test,
                   uint64_t seed, const vs_logreg_params *lp, const vs_progress *progress,
                   vs_error *err);

/* X (n, p->dim) = the sentence vectors of texts under p's pooling, before
 * the SIF direction is removed. *empty and *truncated (may be NULL) count
 * texts with no known word and texts cut to the encoder's length. */
int vs_probe_vectors(const vs_probe *p, const vs_model *m, const char *const *texts,
                     size_t n, const vs_progress *progress, float *X, size_t *empty,
                     size_t *truncated, vs_error *err);

/* Whether m can give p its vectors: the same kind of model and dimension
 * (and layer). The message names both. */
int vs_probe_check_model(const vs_probe *p, const vs_model *m, vs_error *err);

/* probs (p->k) = the class probabilities of text's vector from m. *empty
 * (may be NULL) is set to 1 when no word of text is in a static model (the
 * vector is then zero and the probabilities the intercepts'). */
int vs_probe_predict(const vs_probe *p, const vs_model *m, const char *text, double *probs,
                     int *empty, vs_error *err);

/* The report on the held-out rows (from the confusion matrix). Fails when
 * the probe has none (trained with test 0). */
int vs_probe_report(const vs_probe *p, vs_class_report *r, vs_error *err);

/* Writes p to path through the atomic writer. */
int vs_probe_save(const vs_probe *p, const char *path, vs_error *err);

/* Reads a probe written by vs_probe_save. */
int vs_probe_load(const char *path, vs_probe **out, vs_error *err);

#endif
