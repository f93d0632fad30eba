/*
 * cmd-probe.c - `probe train|predict|report|confusion|save|load|list|drop`:
 * linear probes, a logistic regression trained on the current model's
 * sentence vectors of labelled texts (probe/probe.h), kept in the session
 * by name.
 *
 * `probe train` prints the held-out figures as scikit-learn's
 * classification_report lays them out (per class, then macro average and
 * accuracy); `probe confusion` gives the confusion matrix as a MATRIX, so
 * --plot and --out draw it as a heatmap as they draw attention.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bert/pool.h"
#include "cmd.h"
#include "eval/sentvec.h"
#include "plotopts.h"
#include "probe/probe.h"
#include "xalloc.h"

#define PROBE_KIND "probe"

static const vs_opt probe_opts[] = {
    {"text-col", 0, VS_OPT_INT, "N", "train: the column holding the text (from 1; default 2)"},
    {"label-col", 0, VS_OPT_INT, "N", "train: the column holding the label (default 1)"},
    {"header", 0, VS_OPT_FLAG, NULL, "train: the file's first line is a header"},
    {"test", 0, VS_OPT_REAL, "F", "train: the share of each class held out (0.2; 0 = none)"},
    {"seed", 0, VS_OPT_INT, "S", "train: the seed of the split (default 1)"},
    {"pool", 0, VS_OPT_STRING, "P",
     "train: mean|sif (static model), mean|cls|pooler (encoder); default mean"},
    {"layer", 0, VS_OPT_INT, "L", "train: the encoder's hidden state (default the last)"},
    {"c", 'c', VS_OPT_REAL, "C", "train: inverse penalty strength, scikit-learn's C (1)"},
    {"max-iter", 0, VS_OPT_INT, "N", "train: L-BFGS iterations at most (default 100)"},
    {"tol", 0, VS_OPT_REAL, "T", "train: stop when each gradient component is within T (1e-4)"},
    {"counts", 0, VS_OPT_STRING, "FILE",
     "train --pool sif: word counts, 'WORD COUNT' lines (default: Zipf's law)"},
    {"k", 'k', VS_OPT_INT, "K", "predict: the K most probable classes (default all)"},
    {"plot", 0, VS_OPT_FLAG, NULL, "confusion: draw the matrix as a heatmap with gnuplot"},
    {"out", 0, VS_OPT_STRING, "FILE",
     "confusion: write the matrix to FILE: a heatmap if it ends in .png, .svg or .pdf, else TSV"},
    {NULL, 0, 0, NULL, NULL}
};

/* The options each subcommand takes. */
static const struct {
    const char *sub;
    const char *const *opts;
} sub_opts[] = {
    {"train", (const char *const[]){"text-col", "label-col", "header", "test", "seed", "pool",
                                    "layer", "c", "max-iter", "tol", "counts", NULL}},
    {"predict", (const char *const[]){"k", NULL}},
    {"confusion", (const char *const[]){"plot", "out", NULL}},
};

static int takes(const char *sub, const char *opt)
{
    size_t i;
    const char *const *o;

    for (i = 0; i < sizeof sub_opts / sizeof *sub_opts; i++)
        if (strcmp(sub_opts[i].sub, sub) == 0)
            for (o = sub_opts[i].opts; *o != NULL; o++)
                if (strcmp(*o, opt) == 0)
                    return 1;
    return 0;
}

/* Fails on an option given that sub does not take, naming who takes it. */
static int check_opts(const vs_args *a, const char *sub, vs_error *err)
{
    const vs_opt *o;
    size_t i;

    for (o = probe_opts; o->name != NULL; o++) {
        if (!vs_arg_set(a, o->name) || takes(sub, o->name))
            continue;
        for (i = 0; i < sizeof sub_opts / sizeof *sub_opts; i++)
            if (takes(sub_opts[i].sub, o->name))
                return vs_fail(err, "probe %s: --%s is an option of 'probe %s'", sub,
                               o->name, sub_opts[i].sub);
    }
    return 0;
}

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* The name a file gives a probe: its base name less the extension. */
static char *name_from_path(const char *path)
{
    const char *base = strrchr(path, '/'), *dot;

    base = base != NULL ? base + 1 : path;
    dot = strrchr(base, '.');
    if (dot == NULL || dot == base)
        dot = base + strlen(base);
    return xasprintf("%.*s", (int)(dot - base), base);
}

/* "FILE [as NAME]" at argv[first]: the name given, or NULL. */
static int as_name(const vs_args *a, int first, const char **name, vs_error *err)
{
    *name = NULL;
    if (a->argc == first + 1)
        return 0;
    if (a->argc == first + 3 && strcmp(a->argv[first + 1], "as") == 0) {
        *name = a->argv[first + 2];
        return 0;
    }
    return vs_fail(err, "probe %s: usage: probe %s FILE [as NAME]", a->argv[0], a->argv[0]);
}

static vs_probe *find_probe(const vs_session *s, const char *sub, const char *name,
                            vs_error *err)
{
    vs_probe *p = vs_session_item_find(s, PROBE_KIND, name);

    if (p == NULL)
        vs_fail(err, "probe %s: no probe called '%s'; 'probe list' shows those there are",
                sub, name);
    return p;
}

static void free_probe(void *p)
{
    vs_probe_free(p);
}

static void fmt(char *buf, size_t size, double x)
{
    snprintf(buf, size, "%.4f", x);
}

/* The held-out figures as scikit-learn's classification_report: a row per
 * class (precision, recall, f1, support), the macro average, the accuracy
 * (in the f1 column, over every row). */
static void report_table(vs_result *r, const vs_probe *p, const vs_class_report *rep)
{
    char pr[32], rc[32], f1[32], sup[32];
    size_t c;

    vs_result_table(r, 5, "class", "precision", "recall", "f1", "support");
    for (c = 0; c < rep->k; c++) {
        fmt(pr, sizeof pr, rep->precision[c]);
        fmt(rc, sizeof rc, rep->recall[c]);
        fmt(f1, sizeof f1, rep->f1[c]);
        snprintf(sup, sizeof sup, "%zu", rep->support[c]);
        vs_result_row(r, p->labels[c], pr, rc, f1, sup);
    }
    fmt(pr, sizeof pr, rep->macro_precision);
    fmt(rc, sizeof rc, rep->macro_recall);
    fmt(f1, sizeof f1, rep->macro_f1);
    snprintf(sup, sizeof sup, "%zu", rep->n);
    vs_result_row(r, "macro avg", pr, rc, f1, sup);
    fmt(f1, sizeof f1, rep->accuracy);
    vs_result_row(r, "accuracy", "", "", f1, sup);
}

static void report_title(vs_result *r, const char *name, const vs_probe *p)
{
    char layer[48] = "";

    if (p->encoder)
        snprintf(layer, sizeof layer, ", layer %zu", p->layer);
    if (p->ntest > 0)
        vs_result_title(r, "probe %s on %s (pool %s%s, C %g): %zu held-out rows", name,
                        p->model, p->pool, layer, p->C, p->ntest);
    else
        vs_result_title(r, "probe %s on %s (pool %s%s, C %g): no held-out rows; on the %zu "
                           "training rows", name, p->model, p->pool, layer, p->C, p->ntrain);
}

static int probe_train(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_model(s);
    const char *path = a->argv[1], *given, *pool;
    long long text_col = vs_arg_int(a, "text-col", 2), label_col = vs_arg_int(a, "label-col", 1);
    long long max_iter = vs_arg_int(a, "max-iter", 100), seed = vs_arg_int(a, "seed", 1);
    double test = vs_arg_real(a, "test", 0.2), t0;
    size_t layer = 0;
    vs_logreg_params lp;
    vs_probe_data d;
    vs_class_report rep;
    vs_probe *p;
    char *name;

    if (m == NULL)
        return vs_fail(err, "probe train: no model is open; open one with 'load PATH'");
    if (as_name(a, 1, &given, err) < 0)
        return -1;
    if (text_col < 1 || text_col > 1000 || label_col < 1 || label_col > 1000)
        return vs_fail(err, "probe train: --text-col and --label-col count columns from 1");
    if (!(test >= 0 && test < 1))
        return vs_fail(err, "probe train: --test is a share from 0 to below 1, not %g", test);
    if (max_iter < 1 || max_iter > 1000000)
        return vs_fail(err, "probe train: --max-iter takes 1 to 1000000, not %lld", max_iter);
    if (seed < 0)
        return vs_fail(err, "probe train: --seed takes 0 or more, not %lld", seed);
    vs_logreg_defaults(&lp);
    lp.C = vs_arg_real(a, "c", lp.C);
    lp.tol = vs_arg_real(a, "tol", lp.tol);
    lp.max_iter = (int)max_iter;
    lp.progress = s->progress;
    if (!(lp.C > 0) || lp.C > 1e30)
        return vs_fail(err, "probe train: --c is a number above 0, not %g", lp.C);
    if (!(lp.tol >= 0) || lp.tol > 1e30)
        return vs_fail(err, "probe train: --tol is a number of 0 or more, not %g", lp.tol);
    pool = vs_arg_str(a, "pool", "mean");
    if (m->kind == VS_MODEL_ENCODER) {
        size_t L = vs_bert_of(m)->enc->cfg.layers;
        long long l = vs_arg_int(a, "layer", (long long)L);
        if (l < 0 || (size_t)l > L)
            return vs_fail(err, "probe train: --layer is 0 (the embeddings) to %zu, not %lld",
                           L, l);
        layer = (size_t)l;
        if (strcmp(pool, "pooler") == 0 && layer != L)
            return vs_fail(err, "probe train: the pooler reads the last layer only (%zu)", L);
    } else if (vs_arg_set(a, "layer")) {
        return vs_fail(err, "probe train: --layer is for an encoder, and %s is a static model",
                       m->name);
    }
    if (vs_probe_new(m, pool, layer, VS_SIF_A, vs_arg_str(a, "counts", NULL), &p, err) < 0)
        return vs_fail_prefix(err, "probe train");
    if (vs_probe_data_read(path, (int)text_col, (int)label_col, vs_arg_set(a, "header"), &d,
                           err) < 0) {
        vs_probe_free(p);
        return vs_fail_prefix(err, "probe train");
    }
    t0 = now();
    if (vs_probe_train(p, m, &d, test, (uint64_t)seed, &lp, s->progress, err) < 0) {
        vs_probe_data_free(&d);
        vs_probe_free(p);
        return vs_fail_prefix(err, "probe train");
    }
    p->data = xstrdup(path);
    name = given != NULL ? xstrdup(given) : name_from_path(path);

    vs_probe_report(p, &rep, err);
    report_title(r, name, p);
    report_table(r, p, &rep);
    vs_result_note(r, "trained on %zu of %zu rows (%zu classes, %zu dimensions) in %.2f s: "
                      "L-BFGS %s after %d iterations (%d evaluations), objective %.6f",
                   p->ntrain, d.n, p->k, p->dim, now() - t0,
                   vs_lbfgs_stop_name(p->opt.stop), p->opt.iters, p->opt.evals, p->opt.f);
    if (!vs_lbfgs_converged(p->opt.stop))
        vs_result_note(r, "warning: the probe did not converge; raise --max-iter (now %lld)",
                       max_iter);
    if (p->empty > 0)
        vs_result_note(r, "warning: %zu row%s had no word of %s (a zero vector)", p->empty,
                       p->empty == 1 ? "" : "s", m->name);
    if (p->truncated > 0)
        vs_result_note(r, "%zu text%s cut to the %zu tokens %s takes", p->truncated,
                       p->truncated == 1 ? " was" : "s were",
                       vs_bert_of(m)->enc->cfg.max_positions, m->name);
    if (vs_session_item_put(s, PROBE_KIND, name, p, free_probe))
        vs_result_note(r, "replaced the probe called %s", name);
    vs_result_note(r, "probe %s kept: 'probe predict %s TEXT', 'probe confusion %s'", name,
                   name, name);
    vs_class_report_free(&rep);
    vs_probe_data_free(&d);
    free(name);
    return 0;
}

/* The model a probe takes its vectors from: the one it was trained on if it
 * is open, else the current one (with a note) if it fits. */
static const vs_model *probe_model(const vs_session *s, const vs_probe *p, const char *sub,
                                   vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_find(s, p->model);

    if (m == NULL) {
        m = vs_session_model(s);
        if (m == NULL) {
            vs_fail(err, "probe %s: the probe reads the vectors of %s: load it", sub,
                    p->model);
            return NULL;
        }
        if (vs_probe_check_model(p, m, err) < 0) {
            vs_fail_prefix(err, "probe %s: %s is not open, and the current model does not fit",
                           sub, p->model);
            return NULL;
        }
        vs_result_note(r, "the probe was trained on %s, which is not open: using %s", p->model,
                       m->name);
    }
    return m;
}

static int probe_predict(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_probe *p;
    const vs_model *m;
    double *probs;
    size_t *order, i, j, k;
    char *text;
    int empty;

    if (a->argc < 3)
        return vs_fail(err, "probe predict: usage: probe predict NAME TEXT");
    if ((p = find_probe(s, "predict", a->argv[1], err)) == NULL ||
        (m = probe_model(s, p, "predict", r, err)) == NULL)
        return -1;
    k = vs_arg_at_most(a, "k", (long long)p->k, p->k);
    text = vs_join_words(a->argc - 2, a->argv + 2);
    probs = xmallocarray(p->k, sizeof *probs);
    if (vs_probe_predict(p, m, text, probs, &empty, err) < 0) {
        free(probs);
        free(text);
        return vs_fail_prefix(err, "probe predict");
    }
    /* the classes by falling probability (the lower class first on a tie) */
    order = xmallocarray(p->k, sizeof *order);
    for (i = 0; i < p->k; i++) {
        for (j = i; j > 0 && probs[order[j - 1]] < probs[i]; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    vs_result_title(r, "probe %s on \"%s\"", a->argv[1], text);
    r->kind = VS_RESULT_RANKED;
    r->score_name = "probability";
    for (i = 0; i < k; i++)
        vs_result_add_ranked(r, p->labels[order[i]], probs[order[i]]);
    if (empty)
        vs_result_note(r, "warning: no word of the text is in %s: the probabilities are the "
                          "intercepts'", m->name);
    free(order);
    free(probs);
    free(text);
    return 0;
}

static int probe_report(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_class_report rep;
    vs_probe *p;

    if (a->argc != 2)
        return vs_fail(err, "probe report: usage: probe report NAME");
    if ((p = find_probe(s, "report", a->argv[1], err)) == NULL)
        return -1;
    if (vs_probe_report(p, &rep, err) < 0)
        return vs_fail_prefix(err, "probe report");
    report_title(r, a->argv[1], p);
    report_table(r, p, &rep);
    vs_class_report_free(&rep);
    return 0;
}

static int probe_confusion(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_class_report rep;
    vs_probe *p;
    float *m;
    size_t i, j, k;

    if (a->argc != 2)
        return vs_fail(err, "probe confusion: usage: probe confusion NAME [--plot] [--out FILE]");
    if ((p = find_probe(s, "confusion", a->argv[1], err)) == NULL)
        return -1;
    if (vs_plot_request(a, r, err) < 0)
        return -1;
    if (vs_probe_report(p, &rep, err) < 0)
        return vs_fail_prefix(err, "probe confusion");
    /* each row as shares of its class's rows, so the heatmap's scale is 0..1 */
    k = p->k;
    m = xmallocarray(k * k, sizeof *m);
    for (i = 0; i < k; i++)
        for (j = 0; j < k; j++)
            m[i * k + j] = rep.support[i] > 0 ? (float)((double)rep.confusion[i * k + j] /
                                                        (double)rep.support[i])
                                              : 0.0f;
    vs_result_title(r, "confusion of probe %s on %zu held-out rows (rows: true class, "
                       "columns: predicted; each row a share of its class)",
                    a->argv[1], rep.n);
    vs_result_set_matrix(r, k, k, (const char *const *)p->labels,
                         (const char *const *)p->labels, m);
    vs_result_matrix_scale(r, "true class", "predicted class", "share of the true class",
                           0.0, 1.0);
    if (vs_arg_set(a, "out"))
        r->out_path = xstrdup(vs_arg_str(a, "out", NULL));
    free(m);
    vs_class_report_free(&rep);
    return 0;
}

static int probe_save(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_probe *p;

    if (a->argc != 3)
        return vs_fail(err, "probe save: usage: probe save NAME FILE");
    if ((p = find_probe(s, "save", a->argv[1], err)) == NULL)
        return -1;
    if (vs_probe_save(p, a->argv[2], err) < 0)
        return vs_fail_prefix(err, "probe save");
    vs_result_note(r, "saved probe %s to %s", a->argv[1], a->argv[2]);
    return 0;
}

static int probe_load(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const char *given;
    vs_probe *p;
    char *name;

    if (as_name(a, 1, &given, err) < 0)
        return -1;
    if (vs_probe_load(a->argv[1], &p, err) < 0)
        return vs_fail_prefix(err, "probe load");
    name = given != NULL ? xstrdup(given) : name_from_path(a->argv[1]);
    if (vs_session_item_put(s, PROBE_KIND, name, p, free_probe))
        vs_result_note(r, "replaced the probe called %s", name);
    vs_result_note(r, "loaded probe %s: %zu classes on %zu-dimensional vectors of %s (pool %s)",
                   name, p->k, p->dim, p->model, p->pool);
    free(name);
    return 0;
}

static int probe_list(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    size_t i;

    if (a->argc != 1)
        return vs_fail(err, "probe list: takes no argument");
    vs_result_table(r, 7, "name", "model", "pool", "classes", "dim", "accuracy", "macro-F1");
    for (i = 0; i < s->nitems; i++) {
        const vs_probe *p = s->items[i].obj;
        vs_class_report rep;
        char k[32], d[32], acc[32] = "-", f1[32] = "-";
        if (strcmp(s->items[i].kind, PROBE_KIND) != 0)
            continue;
        snprintf(k, sizeof k, "%zu", p->k);
        snprintf(d, sizeof d, "%zu", p->dim);
        if (p->confusion != NULL && vs_probe_report(p, &rep, err) == 0) {
            fmt(acc, sizeof acc, rep.accuracy);
            fmt(f1, sizeof f1, rep.macro_f1);
            vs_class_report_free(&rep);
        }
        vs_result_row(r, s->items[i].name, p->model, p->pool, k, d, acc, f1);
    }
    if (r->rows == 0)
        vs_result_note(r, "no probe yet: 'probe train FILE' makes one");
    return 0;
}

static int probe_drop(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    if (a->argc != 2)
        return vs_fail(err, "probe drop: usage: probe drop NAME");
    if (vs_session_item_drop(s, PROBE_KIND, a->argv[1]) < 0)
        return vs_fail(err, "probe drop: no probe called '%s'", a->argv[1]);
    vs_result_note(r, "dropped probe %s", a->argv[1]);
    return 0;
}

static const struct {
    const char *name;
    int min_args;
    int (*run)(vs_session *s, const vs_args *a, vs_result *r, vs_error *err);
} subs[] = {
    {"train", 2, probe_train},     {"predict", 3, probe_predict}, {"report", 2, probe_report},
    {"confusion", 2, probe_confusion}, {"save", 3, probe_save},   {"load", 2, probe_load},
    {"list", 1, probe_list},       {"drop", 2, probe_drop},
};

static int exec_probe(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    size_t i;

    for (i = 0; i < sizeof subs / sizeof *subs; i++) {
        if (strcmp(a->argv[0], subs[i].name) != 0)
            continue;
        if (check_opts(a, subs[i].name, err) < 0)
            return -1;
        if (a->argc < subs[i].min_args)
            return vs_fail(err, "probe %s: too few arguments; usage: %s", subs[i].name,
                           a->cmd->usage);
        return subs[i].run(s, a, r, err);
    }
    return vs_fail(err, "probe: unknown subcommand '%s'; usage: %s", a->argv[0], a->cmd->usage);
}

const vs_cmd vs_cmd_probe = {
    .name = "probe",
    .aliases = NULL,
    .usage = "probe train FILE [as NAME] [--pool P] [--c C] [--test F] [--seed S] [options] | "
             "predict NAME TEXT [-k K] | report NAME | confusion NAME [--plot] [--out FILE] | "
             "save NAME FILE | load FILE [as NAME] | list | drop NAME",
    .summary = "train a linear probe (logistic regression) on sentence vectors, and use it",
    .help =
        "probe train FILE: a multinomial logistic regression on the current model's\n"
        "sentence vectors of the texts in FILE (tab-separated; the label in column 1\n"
        "and the text in column 2, or --label-col/--text-col). Each class's rows are\n"
        "shuffled (--seed) and --test of them (0.2) held out; the probe is trained on\n"
        "the rest and its precision, recall and F1 per class, macro average and\n"
        "accuracy on the held-out rows are printed, as scikit-learn's\n"
        "classification_report. The objective is scikit-learn's\n"
        "LogisticRegression(solver='lbfgs', multi_class='multinomial', C=C): the sum\n"
        "of the cross-entropies plus ||W||^2 / (2C), the intercepts not penalised,\n"
        "minimised by L-BFGS until every gradient component is within --tol or\n"
        "--max-iter iterations. Vectors: an encoder's --pool mean, cls or pooler at\n"
        "--layer (texts cut to the model's length); a static model's mean of the\n"
        "word vectors, or --pool sif (weights a/(a + p(w)), a = 1e-3, p from --counts\n"
        "or Zipf's law on the model's order; the training rows' first principal\n"
        "direction removed). Words: lower-cased runs of letters and digits with inner\n"
        "apostrophes. The probe is kept as NAME (the file's base name).\n"
        "probe predict NAME TEXT: the classes of TEXT by probability.\n"
        "probe report NAME: the held-out figures again. probe confusion NAME: the\n"
        "confusion matrix (rows: true class; each row as shares of that class), a\n"
        "heatmap with --plot or --out FILE.png|svg|pdf. probe save NAME FILE and\n"
        "probe load FILE [as NAME] keep a probe in a text file; probe list shows\n"
        "the probes; probe drop NAME forgets one.",
    .min_args = 1,
    .max_args = -1,
    .opts = probe_opts,
    .flags = VS_CMD_OWN_AS,
    .exec = exec_probe,
};
