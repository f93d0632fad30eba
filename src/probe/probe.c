/*
 * probe.c - linear probes: labelled files, sentence vectors under a
 * probe's pooling, training with a held-out split, prediction, and the
 * probe file (see probe.h).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../atomicfile.h"
#include "../bert/pool.h"
#include "../eval/sentvec.h"
#include "../xalloc.h"
#include "probe.h"

/* ---- the labelled file ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The index of label in the sorted labels (k), which holds it. */
static int label_index(char *const *labels, size_t k, const char *label)
{
    char *const *hit = bsearch(&label, labels, k, sizeof *labels, cmp_str);

    return (int)(hit - labels);
}

int vs_probe_data_read(const char *path, int text_col, int label_col, int header,
                       vs_probe_data *d, vs_error *err)
{
    FILE *f = fopen(path, "r");
    char *line = NULL, **rowlab = NULL;
    size_t cap = 0, lineno = 0, rcap = 0, i, need;
    ssize_t got;

    memset(d, 0, sizeof *d);
    if (text_col < 1 || label_col < 1 || text_col == label_col)
        return vs_fail(err, "the text and label columns must be two different columns "
                            "counted from 1, not %d and %d", text_col, label_col);
    if (f == NULL)
        return vs_fail(err, "cannot open %s: %s", path, strerror(errno));
    need = (size_t)(text_col > label_col ? text_col : label_col);
    while ((got = getline(&line, &cap, f)) >= 0) {
        size_t len = (size_t)got, col = 0;
        char *field[2] = {NULL, NULL}, *p = line, *tab;
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if ((header && lineno == 1) || len == 0)
            continue;
        /* the two columns wanted */
        for (;;) {
            col++;
            tab = strchr(p, '\t');
            if (tab != NULL)
                *tab = '\0';
            if ((int)col == text_col)
                field[0] = p;
            if ((int)col == label_col)
                field[1] = p;
            if (tab == NULL || col >= need)
                break;
            p = tab + 1;
        }
        if (col < need) {
            vs_fail(err, "%s:%zu: %zu column%s, but the %s is in column %zu (columns are "
                         "separated by tabs; see --text-col and --label-col)",
                    path, lineno, col, col == 1 ? "" : "s",
                    (size_t)label_col == need ? "label" : "text", need);
            goto fail;
        }
        if (*field[1] == '\0') {
            vs_fail(err, "%s:%zu: the label (column %d) is empty", path, lineno, label_col);
            goto fail;
        }
        if (d->n == rcap) {
            rcap = rcap ? 2 * rcap : 256;
            d->texts = xreallocarray(d->texts, rcap, sizeof *d->texts);
            rowlab = xreallocarray(rowlab, rcap, sizeof *rowlab);
        }
        d->texts[d->n] = xstrdup(field[0]);
        rowlab[d->n] = xstrdup(field[1]);
        d->n++;
    }
    free(line);
    line = NULL;
    fclose(f);
    f = NULL;

    /* the classes: distinct labels in byte order */
    d->labels = xmallocarray(d->n ? d->n : 1, sizeof *d->labels);
    memcpy(d->labels, rowlab, d->n * sizeof *rowlab);
    qsort(d->labels, d->n, sizeof *d->labels, cmp_str);
    for (i = 0; i < d->n; i++)
        if (d->k == 0 || strcmp(d->labels[d->k - 1], d->labels[i]) != 0)
            d->labels[d->k++] = d->labels[i];
    for (i = 0; i < d->k; i++)
        d->labels[i] = xstrdup(d->labels[i]);
    if (d->k < 2) {
        vs_fail(err, "%s: %zu row%s with %s; a probe needs two classes or more", path,
                d->n, d->n == 1 ? "" : "s",
                d->k == 0 ? "no label" : "a single label");
        goto fail;
    }
    d->y = xmallocarray(d->n, sizeof *d->y);
    for (i = 0; i < d->n; i++)
        d->y[i] = label_index(d->labels, d->k, rowlab[i]);
    for (i = 0; i < d->n; i++)
        free(rowlab[i]);
    free(rowlab);
    return 0;
fail:
    free(line);
    if (f != NULL)
        fclose(f);
    for (i = 0; i < d->n; i++)
        free(rowlab[i]);
    free(rowlab);
    vs_probe_data_free(d);
    return -1;
}

void vs_probe_data_free(vs_probe_data *d)
{
    size_t i;

    if (d == NULL)
        return;
    for (i = 0; i < d->n; i++)
        free(d->texts[i]);
    for (i = 0; d->labels != NULL && i < d->k; i++)
        free(d->labels[i]);
    free(d->texts);
    free(d->labels);
    free(d->y);
    memset(d, 0, sizeof *d);
}

/* ---- the probe ---- */

static size_t model_dim(const vs_model *m)
{
    return m->kind == VS_MODEL_ENCODER ? vs_bert_of(m)->enc->cfg.hidden : m->dim;
}

int vs_probe_new(const vs_model *m, const char *pool, size_t layer, double sif_a,
                 const char *counts, vs_probe **out, vs_error *err)
{
    int enc = m->kind == VS_MODEL_ENCODER;
    vs_probe *p;

    if (pool == NULL)
        pool = "mean";
    if (enc && strcmp(pool, "mean") != 0 && strcmp(pool, "cls") != 0 &&
        strcmp(pool, "pooler") != 0)
        return vs_fail(err, "%s is an encoder: pool with mean, cls or pooler, not '%s'",
                       m->name, pool);
    if (!enc && strcmp(pool, "mean") != 0 && strcmp(pool, "sif") != 0)
        return vs_fail(err, "%s is a static model: pool with mean or sif, not '%s'",
                       m->name, pool);
    if (counts != NULL && strcmp(pool, "sif") != 0)
        return vs_fail(err, "a counts file weighs words for --pool sif only");
    if (strcmp(pool, "sif") == 0 && !(sif_a > 0))
        return vs_fail(err, "SIF's a must be above 0, not %g", sif_a);
    p = xcalloc(1, sizeof *p);
    p->model = xstrdup(m->name);
    p->encoder = enc;
    p->pool = xstrdup(pool);
    p->layer = layer;
    p->sif_a = sif_a;
    p->counts = counts != NULL ? xstrdup(counts) : NULL;
    p->dim = model_dim(m);
    *out = p;
    return 0;
}

void vs_probe_free(vs_probe *p)
{
    size_t i;

    if (p == NULL)
        return;
    free(p->model);
    free(p->pool);
    free(p->counts);
    free(p->direction);
    for (i = 0; p->labels != NULL && i < p->k; i++)
        free(p->labels[i]);
    free(p->labels);
    vs_logreg_free(&p->lr);
    free(p->data);
    free(p->confusion);
    free(p);
}

int vs_probe_check_model(const vs_probe *p, const vs_model *m, vs_error *err)
{
    int enc = m->kind == VS_MODEL_ENCODER;

    if (enc != p->encoder)
        return vs_fail(err, "the probe was trained on %s vectors (model %s), and %s is %s",
                       p->encoder ? "an encoder's" : "a static model's", p->model, m->name,
                       enc ? "an encoder" : "a static model");
    if (model_dim(m) != p->dim)
        return vs_fail(err, "the probe takes %zu-dimensional vectors (model %s), and %s "
                            "gives %zu", p->dim, p->model, m->name, model_dim(m));
    if (enc && p->layer > vs_bert_of(m)->enc->cfg.layers)
        return vs_fail(err, "the probe pools hidden state %zu, and %s has %zu layers",
                       p->layer, m->name, vs_bert_of(m)->enc->cfg.layers);
    return 0;
}

/* The SIF weights of m's words (m->n, xmalloc'd), or NULL for pool mean. */
static int sif_weights(const vs_probe *p, const vs_model *m, float **w, vs_error *err)
{
    double *prob;

    *w = NULL;
    if (strcmp(p->pool, "sif") != 0)
        return 0;
    prob = xmallocarray(m->n ? m->n : 1, sizeof *prob);
    if (p->counts != NULL) {
        if (vs_word_probs_counts(m, p->counts, prob, err) < 0) {
            free(prob);
            return -1;
        }
    } else {
        vs_word_probs_zipf(m, prob);
    }
    *w = xmallocarray(m->n ? m->n : 1, sizeof **w);
    vs_sif_weights(prob, m->n, p->sif_a, *w);
    free(prob);
    return 0;
}

int vs_probe_vectors(const vs_probe *p, const vs_model *m, const char *const *texts,
                     size_t n, const vs_progress *progress, float *X, size_t *empty,
                     size_t *truncated, vs_error *err)
{
    float *w = NULL;
    size_t i, nempty = 0, ntrunc = 0, D = p->dim;
    char what[96];
    vs_pooling pool = {0};

    if (vs_probe_check_model(p, m, err) < 0)
        return -1;
    if (p->encoder && vs_pooling_parse(p->pool, &pool) < 0)
        return vs_fail(err, "pool %s is not an encoder's pooling (mean, cls, pooler)",
                       p->pool);
    if (sif_weights(p, m, &w, err) < 0)
        return -1;
    for (i = 0; i < n; i++) {
        if (p->encoder) {
            int cut;
            if (vs_bert_sentence_truncated(m, texts[i], &pool, p->layer, X + i * D, &cut,
                                           err) < 0) {
                free(w);
                return vs_fail_prefix(err, "text %zu", i + 1);
            }
            ntrunc += (size_t)cut;
        } else if (vs_sent_vector(m, texts[i], w, X + i * D, NULL) == 0) {
            nempty++;
        }
        if ((p->encoder || i % 1024 == 1023) && n > 1) {
            snprintf(what, sizeof what, "probe: vectors of %zu texts", n);
            if (vs_progress_step(progress, what, (double)(i + 1) / (double)n, err) < 0) {
                free(w);
                vs_progress_done(progress);
                return -1;
            }
        }
    }
    vs_progress_done(progress);
    free(w);
    if (empty != NULL)
        *empty = nempty;
    if (truncated != NULL)
        *truncated = ntrunc;
    return 0;
}

/* X[rows] (nrows, D) gathered from X (., D). */
static float *gather(const float *X, size_t D, const size_t *rows, size_t nrows)
{
    float *out = xmallocarray(nrows * D > 0 ? nrows * D : 1, sizeof *out);
    size_t i;

    for (i = 0; i < nrows; i++)
        memcpy(out + i * D, X + rows[i] * D, D * sizeof *out);
    return out;
}

int vs_probe_train(vs_probe *p, const vs_model *m, const vs_probe_data *d, double test,
                   uint64_t seed, const vs_logreg_params *lp, const vs_progress *progress,
                   vs_error *err)
{
    size_t D = p->dim, n = d->n, ntr, nte, i;
    size_t *tr = xmallocarray(n, sizeof *tr), *te = xmallocarray(n, sizeof *te);
    float *X = xmallocarray(n * D > 0 ? n * D : 1, sizeof *X), *Xtr = NULL, *Xev = NULL;
    int *ytr = NULL, *yev = NULL, *pred = NULL, rc = -1;
    const size_t *ev;
    size_t nev;
    vs_class_report rep;

    /* the vectors, the split */
    if (vs_probe_vectors(p, m, (const char *const *)d->texts, n, progress, X, &p->empty,
                         &p->truncated, err) < 0)
        goto out;
    vs_split_stratified(d->y, n, d->k, test, seed, tr, &ntr, te, &nte);
    if (ntr == 0) {
        vs_fail(err, "no row is left to train on");
        goto out;
    }
    /* SIF: the training rows' first direction, removed from every row */
    if (strcmp(p->pool, "sif") == 0) {
        Xtr = gather(X, D, tr, ntr);
        p->direction = xmallocarray(D, sizeof *p->direction);
        if (vs_first_direction(Xtr, ntr, D, p->direction, err) < 0)
            goto out;
        vs_remove_direction(X, n, D, p->direction);
        free(Xtr);
        Xtr = NULL;
    }
    Xtr = gather(X, D, tr, ntr);
    ytr = xmallocarray(ntr, sizeof *ytr);
    for (i = 0; i < ntr; i++)
        ytr[i] = d->y[tr[i]];
    if (vs_logreg_train(Xtr, ntr, D, ytr, d->k, lp, &p->lr, &p->opt, err) < 0)
        goto out;
    p->trained_here = 1;

    /* the figures on the held-out rows (or the training rows) */
    ev = nte > 0 ? te : tr;
    nev = nte > 0 ? nte : ntr;
    Xev = gather(X, D, ev, nev);
    yev = xmallocarray(nev, sizeof *yev);
    pred = xmallocarray(nev, sizeof *pred);
    for (i = 0; i < nev; i++)
        yev[i] = d->y[ev[i]];
    vs_logreg_predict(&p->lr, Xev, nev, pred);
    vs_class_report_make(yev, pred, nev, d->k, &rep);
    p->confusion = rep.confusion;
    rep.confusion = NULL;
    vs_class_report_free(&rep);

    p->k = d->k;
    p->labels = xmallocarray(d->k, sizeof *p->labels);
    for (i = 0; i < d->k; i++)
        p->labels[i] = xstrdup(d->labels[i]);
    p->C = lp->C;
    p->ntrain = ntr;
    p->ntest = nte;
    rc = 0;
out:
    free(tr);
    free(te);
    free(X);
    free(Xtr);
    free(Xev);
    free(ytr);
    free(yev);
    free(pred);
    return rc;
}

int vs_probe_predict(const vs_probe *p, const vs_model *m, const char *text, double *probs,
                     int *empty, vs_error *err)
{
    float *x = xmallocarray(p->dim, sizeof *x);
    size_t nempty = 0;

    if (vs_probe_vectors(p, m, &text, 1, NULL, x, &nempty, NULL, err) < 0) {
        free(x);
        return -1;
    }
    if (p->direction != NULL)
        vs_remove_direction(x, 1, p->dim, p->direction);
    vs_logreg_proba(&p->lr, x, 1, probs);
    if (empty != NULL)
        *empty = nempty > 0;
    free(x);
    return 0;
}

int vs_probe_report(const vs_probe *p, vs_class_report *r, vs_error *err)
{
    if (p->confusion == NULL)
        return vs_fail(err, "the probe has no held-out figures (it was trained on every "
                            "row, --test 0)");
    vs_class_report_from_confusion(p->confusion, p->k, r);
    return 0;
}

/* ---- the probe file ---- */

#define PROBE_MAGIC "vecscope-probe 1"

int vs_probe_save(const vs_probe *p, const char *path, vs_error *err)
{
    vs_afile af;
    FILE *f;
    size_t c, j;

    if (vs_afile_open(&af, path, VS_AFILE_SYNC, err) < 0)
        return -1;
    f = af.f;
    fprintf(f, "%s\nmodel\t%s\nvectors\t%s\npool\t%s\n", PROBE_MAGIC, p->model,
            p->encoder ? "encoder" : "static", p->pool);
    if (p->encoder)
        fprintf(f, "layer\t%zu\n", p->layer);
    if (strcmp(p->pool, "sif") == 0) {
        fprintf(f, "sif-a\t%.17g\n", p->sif_a);
        if (p->counts != NULL)
            fprintf(f, "counts\t%s\n", p->counts);
    }
    fprintf(f, "dim\t%zu\nC\t%.17g\n", p->dim, p->C);
    if (p->data != NULL)
        fprintf(f, "data\t%s\n", p->data);
    fprintf(f, "rows\t%zu\t%zu\n", p->ntrain, p->ntest);
    for (c = 0; c < p->k; c++) {
        fprintf(f, "class\t%s\t%.17g", p->labels[c], p->lr.b[c]);
        for (j = 0; j < p->dim; j++)
            fprintf(f, "\t%.17g", p->lr.w[c * p->dim + j]);
        fputc('\n', f);
    }
    if (p->direction != NULL) {
        fprintf(f, "direction");
        for (j = 0; j < p->dim; j++)
            fprintf(f, "\t%.9g", (double)p->direction[j]);
        fputc('\n', f);
    }
    for (c = 0; p->confusion != NULL && c < p->k; c++) {
        fprintf(f, "confusion");
        for (j = 0; j < p->k; j++)
            fprintf(f, "\t%zu", p->confusion[c * p->k + j]);
        fputc('\n', f);
    }
    return vs_afile_commit(&af, err);
}

/* Splits line on tabs in place: up to max fields in f; returns how many. */
static size_t split_tabs(char *line, char **f, size_t max)
{
    size_t n = 0;

    while (n < max) {
        char *tab = strchr(line, '\t');
        f[n++] = line;
        if (tab == NULL)
            break;
        *tab = '\0';
        line = tab + 1;
    }
    return n;
}

/* A finite real in s. */
static int parse_real(const char *s, double *x)
{
    char *end;

    errno = 0;
    *x = strtod(s, &end);
    return end != s && *end == '\0' && errno == 0 && isfinite(*x) ? 0 : -1;
}

static int parse_size(const char *s, size_t *x)
{
    char *end;
    unsigned long long v;

    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    *x = (size_t)v;
    return *end == '\0' && errno == 0 ? 0 : -1;
}

/* The reading state of a probe file. */
typedef struct reader {
    const char *path;
    size_t line;
    vs_error *err;
} reader;

static int bad(const reader *r, const char *what)
{
    return vs_fail(r->err, "%s:%zu: %s", r->path, r->line, what);
}

/* One "key<TAB>..." line into p; fields f (nf). */
static int read_field(const reader *r, vs_probe *p, char **f, size_t nf, size_t *ncls,
                      size_t *nconf)
{
    const char *key = f[0];
    size_t j;
    double x;

    if (strcmp(key, "model") == 0 && nf == 2 && p->model == NULL) {
        p->model = xstrdup(f[1]);
    } else if (strcmp(key, "vectors") == 0 && nf == 2) {
        if (strcmp(f[1], "static") != 0 && strcmp(f[1], "encoder") != 0)
            return bad(r, "vectors is 'static' or 'encoder'");
        p->encoder = strcmp(f[1], "encoder") == 0;
    } else if (strcmp(key, "pool") == 0 && nf == 2 && p->pool == NULL) {
        if (strcmp(f[1], "mean") != 0 && strcmp(f[1], "sif") != 0 &&
            strcmp(f[1], "cls") != 0 && strcmp(f[1], "pooler") != 0)
            return bad(r, "pool is mean, sif, cls or pooler");
        p->pool = xstrdup(f[1]);
    } else if (strcmp(key, "layer") == 0 && nf == 2) {
        if (parse_size(f[1], &p->layer) < 0)
            return bad(r, "layer is a count");
    } else if (strcmp(key, "sif-a") == 0 && nf == 2) {
        if (parse_real(f[1], &p->sif_a) < 0 || !(p->sif_a > 0))
            return bad(r, "sif-a is a number above 0");
    } else if (strcmp(key, "counts") == 0 && nf == 2 && p->counts == NULL) {
        p->counts = xstrdup(f[1]);
    } else if (strcmp(key, "dim") == 0 && nf == 2 && p->dim == 0) {
        if (parse_size(f[1], &p->dim) < 0 || p->dim == 0 || p->dim > 1000000)
            return bad(r, "dim is a count from 1 to 1000000");
    } else if (strcmp(key, "C") == 0 && nf == 2) {
        if (parse_real(f[1], &p->C) < 0 || !(p->C > 0))
            return bad(r, "C is a number above 0");
    } else if (strcmp(key, "data") == 0 && nf == 2 && p->data == NULL) {
        p->data = xstrdup(f[1]);
    } else if (strcmp(key, "rows") == 0 && nf == 3) {
        if (parse_size(f[1], &p->ntrain) < 0 || parse_size(f[2], &p->ntest) < 0)
            return bad(r, "rows holds two counts");
    } else if (strcmp(key, "class") == 0) {
        if (p->dim == 0)
            return bad(r, "a class before the dim line");
        if (nf != p->dim + 3)
            return vs_fail(r->err, "%s:%zu: a class line holds a label, the intercept and "
                                   "%zu weights, not %zu fields", r->path, r->line, p->dim,
                           nf - 1);
        if (*ncls > 0 && strcmp(p->labels[*ncls - 1], f[1]) >= 0)
            return bad(r, "the classes are not in byte order of their labels");
        p->labels = xreallocarray(p->labels, *ncls + 1, sizeof *p->labels);
        p->lr.w = xreallocarray(p->lr.w, (*ncls + 1) * p->dim, sizeof *p->lr.w);
        p->lr.b = xreallocarray(p->lr.b, *ncls + 1, sizeof *p->lr.b);
        p->labels[*ncls] = xstrdup(f[1]);
        p->k = ++*ncls;
        if (parse_real(f[2], &p->lr.b[*ncls - 1]) < 0)
            return bad(r, "the intercept is not a finite number");
        for (j = 0; j < p->dim; j++) {
            if (parse_real(f[3 + j], &x) < 0)
                return vs_fail(r->err, "%s:%zu: weight %zu is not a finite number", r->path,
                               r->line, j + 1);
            p->lr.w[(*ncls - 1) * p->dim + j] = x;
        }
    } else if (strcmp(key, "direction") == 0 && p->direction == NULL) {
        if (p->dim == 0 || nf != p->dim + 1)
            return bad(r, "the direction holds dim numbers");
        p->direction = xmallocarray(p->dim, sizeof *p->direction);
        for (j = 0; j < p->dim; j++) {
            if (parse_real(f[1 + j], &x) < 0)
                return bad(r, "a component of the direction is not a finite number");
            p->direction[j] = (float)x;
        }
    } else if (strcmp(key, "confusion") == 0) {
        if (p->k == 0 || nf != p->k + 1 || *nconf >= p->k)
            return bad(r, "a confusion line holds a count per class, one line per class, "
                          "after the classes");
        p->confusion = xreallocarray(p->confusion, p->k * p->k, sizeof *p->confusion);
        for (j = 0; j < p->k; j++)
            if (parse_size(f[1 + j], &p->confusion[*nconf * p->k + j]) < 0)
                return bad(r, "a confusion count is not a count");
        ++*nconf;
    } else {
        return vs_fail(r->err, "%s:%zu: unexpected line '%.40s' (%zu field%s)", r->path,
                       r->line, key, nf, nf == 1 ? "" : "s");
    }
    return 0;
}

int vs_probe_load(const char *path, vs_probe **out, vs_error *err)
{
    FILE *f = fopen(path, "r");
    char *line = NULL, **fields = NULL;
    size_t cap = 0, ncls = 0, nconf = 0, fcap = 0;
    ssize_t got;
    vs_probe *p;
    reader r;
    int rc = 0;

    if (f == NULL)
        return vs_fail(err, "cannot open %s: %s", path, strerror(errno));
    p = xcalloc(1, sizeof *p);
    p->sif_a = VS_SIF_A;
    p->C = 1.0;
    r.path = path;
    r.line = 0;
    r.err = err;
    while (rc == 0 && (got = getline(&line, &cap, f)) >= 0) {
        size_t len = (size_t)got, nf, i;
        r.line++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (r.line == 1) {
            if (strcmp(line, PROBE_MAGIC) != 0)
                rc = vs_fail(err, "%s: not a vecscope probe (the first line is not '%s'); "
                                  "write one with 'probe save'", path, PROBE_MAGIC);
            continue;
        }
        if (len == 0)
            continue;
        /* fields: as many as the tabs say */
        for (nf = 1, i = 0; i < len; i++)
            nf += line[i] == '\t';
        if (nf > fcap) {
            fcap = nf;
            fields = xreallocarray(fields, fcap, sizeof *fields);
        }
        nf = split_tabs(line, fields, nf);
        rc = read_field(&r, p, fields, nf, &ncls, &nconf);
    }
    free(line);
    free(fields);
    if (r.line == 0 && rc == 0)
        rc = vs_fail(err, "%s: empty file; not a vecscope probe", path);
    fclose(f);
    p->lr.k = p->k;
    p->lr.d = p->dim;
    if (rc == 0 && (p->model == NULL || p->pool == NULL || p->dim == 0 || p->k < 2))
        rc = vs_fail(err, "%s: incomplete probe: it needs the model, pool and dim lines and "
                          "two class lines or more", path);
    if (rc == 0 && strcmp(p->pool, "sif") == 0 && p->direction == NULL)
        rc = vs_fail(err, "%s: a sif probe needs its direction line", path);
    if (rc == 0 && p->confusion != NULL && nconf != p->k)
        rc = vs_fail(err, "%s: %zu confusion lines for %zu classes", path, nconf, p->k);
    if (rc == 0 && (p->encoder ? strcmp(p->pool, "sif") == 0
                               : strcmp(p->pool, "cls") == 0 || strcmp(p->pool, "pooler") == 0))
        rc = vs_fail(err, "%s: pool %s does not go with %s vectors", path, p->pool,
                     p->encoder ? "encoder" : "static");
    if (rc < 0) {
        vs_probe_free(p);
        return -1;
    }
    *out = p;
    return 0;
}
