/*
 * cmd-train.c - `train word2vec|glove CORPUS OUT [options]`: train word
 * vectors on a text corpus, write them to OUT and open OUT as the current
 * model.
 *
 * The engines (src/train/) know nothing of terminals; this file reads the
 * options, checks that OUT can be written before any long work, reads the
 * corpus, trains, writes OUT through a temporary file, and loads it back:
 * what the session holds is exactly what is on disk.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "cmd.h"
#include "format/format.h"
#include "train/corpus.h"
#include "train/glove.h"
#include "train/word2vec.h"

static const vs_opt train_opts[] = {
    {"sg", 0, VS_OPT_FLAG, NULL, "word2vec: skip-gram"},
    {"cbow", 0, VS_OPT_FLAG, NULL, "word2vec: CBOW, the mean of the context (the default)"},
    {"hs", 0, VS_OPT_FLAG, NULL, "word2vec: hierarchical softmax (with --negative 0: alone)"},
    {"negative", 0, VS_OPT_INT, "N", "word2vec: negative samples per word (default 5; 0 = none)"},
    {"dim", 0, VS_OPT_INT, "D", "dimensions (word2vec 100, GloVe 50)"},
    {"window", 0, VS_OPT_INT, "W", "context words on each side (word2vec 5, GloVe 15)"},
    {"min-count", 0, VS_OPT_INT, "C", "keep words seen at least C times (default 5)"},
    {"sample", 0, VS_OPT_REAL, "S", "word2vec: subsampling threshold (default 1e-3; 0 = none)"},
    {"alpha", 0, VS_OPT_REAL, "A",
     "word2vec: first learning rate (0.05 CBOW, 0.025 skip-gram); GloVe: f's exponent (0.75)"},
    {"epochs", 0, VS_OPT_INT, "E", "passes over the corpus (word2vec 5, GloVe 25)"},
    {"threads", 0, VS_OPT_INT, "T", "training threads (default: the session's --threads)"},
    {"seed", 0, VS_OPT_INT, "S", "random seed (default 1)"},
    {"binary", 0, VS_OPT_FLAG, NULL, "write word2vec binary (the default when OUT ends in .bin)"},
    {"text", 0, VS_OPT_FLAG, NULL, "write word2vec text (the default otherwise)"},
    {"xmax", 0, VS_OPT_REAL, "X", "GloVe: the count where f reaches 1 (default 100)"},
    {"eta", 0, VS_OPT_REAL, "R", "GloVe: AdaGrad's initial learning rate (default 0.05)"},
    {NULL, 0, 0, NULL, NULL}
};

/* Options that belong to one subcommand only. */
static const char *const w2v_only[] = {"sg", "cbow", "hs", "negative", "sample", NULL};
static const char *const glove_only[] = {"xmax", "eta", NULL};

static int reject(const vs_args *a, const char *const *names, const char *sub,
                  const char *other, vs_error *err)
{
    for (; *names != NULL; names++)
        if (vs_arg_set(a, *names))
            return vs_fail(err, "train %s: --%s is an option of 'train %s'", sub, *names,
                           other);
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* An int option within [lo, hi], or def. */
static int int_opt(const vs_args *a, const char *name, long long lo, long long hi,
                   long long def, long long *out, const char *sub, vs_error *err)
{
    *out = vs_arg_int(a, name, def);
    if (*out < lo || *out > hi)
        return vs_fail(err, "train %s: --%s takes %lld to %lld, not %lld", sub, name, lo, hi,
                       *out);
    return 0;
}

/* --dim, --window and --epochs, which both methods take, each checked and
 * defaulting to the method's value already in *dim, *window, *epochs. */
static int shared_opts(const vs_args *a, const char *sub, size_t *dim, int *window,
                       int *epochs, vs_error *err)
{
    long long v;

    if (int_opt(a, "dim", 1, 10000, (long long)*dim, &v, sub, err) != 0)
        return -1;
    *dim = (size_t)v;
    if (int_opt(a, "window", 1, 1000, *window, &v, sub, err) != 0)
        return -1;
    *window = (int)v;
    if (int_opt(a, "epochs", 1, 100000, *epochs, &v, sub, err) != 0)
        return -1;
    *epochs = (int)v;
    return 0;
}

/* Reads the corpus, trains, and writes OUT (*c and *st for the report). */
static int train_to_file(vs_session *s, const char *sub, const char *corpus_path,
                         const char *out, int is_w2v, const vs_w2v_params *wp,
                         const vs_glove_params *gp, int binary, uint64_t min_count,
                         vs_corpus **c, vs_train_stats *st, vs_error *err)
{
    vs_model *m;
    float *vecs = NULL;

    *c = NULL;
    if (vs_afile_check(out, err) != 0)
        return vs_fail_prefix(err, "train %s", sub);
    if (vs_corpus_read(corpus_path, min_count, s->progress, c, err) != 0) {
        if (vs_interrupted)
            return vs_fail(err, "train %s: interrupted by Ctrl-C; nothing was written to %s",
                           sub, out);
        return vs_fail_prefix(err, "train %s", sub);
    }
    if (is_w2v ? vs_w2v_train(*c, wp, s->progress, &vecs, st, err)
               : vs_glove_train(*c, gp, s->progress, &vecs, st, err)) {
        vs_corpus_free(*c);
        *c = NULL;
        if (vs_interrupted)
            return vs_fail(err, "train %s: interrupted by Ctrl-C; nothing was written to %s",
                           sub, out);
        return vs_fail_prefix(err, "train %s", sub);
    }
    m = vs_model_new(out, binary ? "word2vec-bin" : "word2vec-text", (*c)->vocab, vecs,
                     (*c)->vocab->n, is_w2v ? wp->dim : gp->dim);
    (*c)->vocab = NULL;  /* the model has it now */
    if ((binary ? vs_word2vec_bin_save(m, out, s->progress, err)
                : vs_textvec_save(m, out, 1, s->progress, err)) != 0) {
        vs_model_free(m);
        vs_corpus_free(*c);
        *c = NULL;
        return vs_fail_prefix(err, "train %s", sub);
    }
    vs_model_free(m);
    return 0;
}

static int exec_train(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const char *sub = a->argv[0], *corpus_path = a->argv[1], *out = a->argv[2];
    int is_w2v = strcmp(sub, "word2vec") == 0, binary;
    vs_w2v_params wp;
    vs_glove_params gp;
    vs_train_stats st;
    vs_corpus *c = NULL;
    vs_model *m;
    vs_load_opts lo;
    long long v, min_count, threads, seed;
    char method[64];
    int guard, rc;

    if (!is_w2v && strcmp(sub, "glove") != 0)
        return vs_fail(err, "train: unknown method '%s'; usage: %s", sub, a->cmd->usage);
    if (is_w2v ? reject(a, glove_only, sub, "glove", err) != 0
               : reject(a, w2v_only, sub, "word2vec", err) != 0)
        return -1;
    if (vs_arg_set(a, "sg") && vs_arg_set(a, "cbow"))
        return vs_fail(err, "train word2vec: --sg and --cbow exclude each other");
    if (vs_arg_set(a, "binary") && vs_arg_set(a, "text"))
        return vs_fail(err, "train %s: --binary and --text exclude each other", sub);
    binary = vs_arg_set(a, "binary") || (!vs_arg_set(a, "text") && ends_with(out, ".bin"));
    if (int_opt(a, "min-count", 1, 1LL << 40, 5, &min_count, sub, err) != 0 ||
        int_opt(a, "threads", 1, 1024, s->threads > 0 ? s->threads : 1, &threads, sub,
                err) != 0 ||
        int_opt(a, "seed", 0, (long long)(~0ULL >> 1), 1, &seed, sub, err) != 0)
        return -1;

    vs_w2v_defaults(&wp, vs_arg_set(a, "sg"));
    vs_glove_defaults(&gp);
    if (is_w2v) {
        wp.hs = vs_arg_set(a, "hs");
        if (int_opt(a, "negative", 0, 1000, wp.negative, &v, sub, err) != 0)
            return -1;
        wp.negative = (int)v;
        if (shared_opts(a, sub, &wp.dim, &wp.window, &wp.epochs, err) != 0)
            return -1;
        wp.sample = vs_arg_real(a, "sample", wp.sample);
        wp.alpha = vs_arg_real(a, "alpha", wp.alpha);
        wp.threads = (int)threads;
        wp.seed = (uint64_t)seed;
        if (!wp.hs && wp.negative == 0)
            return vs_fail(err, "train word2vec: --negative 0 leaves nothing to train with; "
                                "add --hs");
        if (!(wp.alpha > 0) || wp.alpha > 10)
            return vs_fail(err, "train word2vec: --alpha takes a learning rate above 0 "
                                "(0.025 is usual), not %g", wp.alpha);
        if (!(wp.sample >= 0) || wp.sample >= 1)
            return vs_fail(err, "train word2vec: --sample takes 0 (none) to below 1, not %g",
                           wp.sample);
    } else {
        if (shared_opts(a, sub, &gp.dim, &gp.window, &gp.epochs, err) != 0)
            return -1;
        gp.xmax = vs_arg_real(a, "xmax", gp.xmax);
        gp.alpha = vs_arg_real(a, "alpha", gp.alpha);
        gp.eta = vs_arg_real(a, "eta", gp.eta);
        gp.threads = (int)threads;
        gp.seed = (uint64_t)seed;
        if (!(gp.xmax > 0))
            return vs_fail(err, "train glove: --xmax takes a count above 0, not %g", gp.xmax);
        if (!(gp.alpha > 0) || gp.alpha > 10)
            return vs_fail(err, "train glove: --alpha (f's exponent) takes a number above 0, "
                                "not %g", gp.alpha);
        if (!(gp.eta > 0) || !isfinite(gp.eta))
            return vs_fail(err, "train glove: --eta takes a learning rate above 0 (0.05 is "
                                "usual), not %g", gp.eta);
    }

    /* fail now, not after the training, if OUT cannot be written; it must
     * not be the corpus either (the atomic writer refuses it by name) */
    guard = vs_afile_protect(corpus_path, "the corpus being trained on");
    rc = train_to_file(s, sub, corpus_path, out, is_w2v, &wp, &gp, binary, (uint64_t)min_count,
                       &c, &st, err);
    vs_afile_unprotect(guard);
    if (rc != 0)
        return -1;
    memset(&lo, 0, sizeof lo);
    lo.format = binary ? "word2vec-bin" : "word2vec-text";
    lo.progress = s->progress;
    lo.threads = s->threads;
    if (vs_format_load(out, &lo, &m, err) != 0) {
        vs_corpus_free(c);
        return vs_fail_prefix(err, "train %s: reading back %s", sub, out);
    }
    vs_session_add(s, m);

    if (is_w2v)
        snprintf(method, sizeof method, "word2vec %s%s%s", wp.sg ? "skip-gram" : "CBOW",
                 wp.negative > 0 ? ", negative sampling" : "",
                 wp.hs ? ", hierarchical softmax" : "");
    else
        snprintf(method, sizeof method, "GloVe");
    vs_result_title(r, "trained %s on %s", m->name, corpus_path);
    vs_result_table(r, 2, "field", "value");
    vs_result_row(r, "method", method);
    vs_result_field_u(r, "corpus lines", c->lines);
    vs_result_field_u(r, "corpus tokens", c->raw_tokens);
    vs_result_field_u(r, "distinct tokens", c->raw_types);
    vs_result_field_u(r, "vocabulary", m->n);
    vs_result_field_u(r, "min count", (unsigned long long)min_count);
    vs_result_field_u(r, "dimensions", m->dim);
    vs_result_field_u(r, "window", (unsigned long long)(is_w2v ? wp.window : gp.window));
    vs_result_field_u(r, "epochs", (unsigned long long)(is_w2v ? wp.epochs : gp.epochs));
    vs_result_field_u(r, "threads", (unsigned long long)threads);
    vs_result_field_u(r, "seed", (unsigned long long)seed);
    vs_result_field_g(r, "seconds", "%.3f", st.seconds);
    vs_result_field_g(r, "words/s", "%.0f", st.words_per_sec);
    if (is_w2v)
        vs_result_field_g(r, "last learning rate", "%.6g", st.last_rate);
    else
        vs_result_field_g(r, "last epoch loss", "%.6g", st.loss);
    vs_result_row(r, "file", out);
    vs_result_row(r, "format", m->format);
    vs_result_note(r, "wrote %s; it is open as %s, the current model", out, m->name);
    vs_corpus_free(c);
    return 0;
}

const vs_cmd vs_cmd_train = {
    .name = "train",
    .usage = "train word2vec|glove CORPUS OUT [--sg|--cbow] [--hs] [--negative N] [--dim D] "
             "[--window W] [--min-count C] [--sample S] [--alpha A] [--epochs E] "
             "[--threads T] [--seed S] [--xmax X] [--eta R] [--binary|--text]",
    .summary = "train word2vec or GloVe vectors on a text file, save them and open them",
    .help = "train word2vec CORPUS OUT: skip-gram (--sg) or CBOW (--cbow, the default)\n"
            "with negative sampling (--negative N, default 5) and/or hierarchical\n"
            "softmax (--hs), as the original word2vec tool: its defaults are dim 100,\n"
            "window 5 (each word draws its window from 1 to W), min-count 5, sample\n"
            "1e-3, alpha 0.05 for CBOW and 0.025 for skip-gram falling linearly to\n"
            "alpha/10000, 5 epochs.\n"
            "train glove CORPUS OUT: co-occurrences within W words (default 15)\n"
            "weighted by 1/distance, then weighted least squares by AdaGrad with\n"
            "f(x) = min(1, (x/xmax)^alpha), xmax 100, alpha 0.75, 25 epochs, dim 50,\n"
            "AdaGrad's initial learning rate --eta 0.05; the saved vectors are\n"
            "W + W~.\n"
            "The corpus is UTF-8 text, tokens separated by blanks; each line is a\n"
            "sentence (windows never cross a line break). OUT is word2vec binary\n"
            "(--binary, the default for a name ending in .bin) or text (--text), is\n"
            "written under a temporary name and renamed, and is opened as the\n"
            "current model. --threads T trains on T threads that share the weights\n"
            "without locks (default: the session's --threads); --threads 1 with a\n"
            "--seed gives the same file every time. Ctrl-C stops the training and\n"
            "writes nothing.",
    .min_args = 3,
    .max_args = 3,
    .opts = train_opts,
    .flags = 0,
    .complete = "word2vec|glove FILE",
    .exec = exec_train,
};
