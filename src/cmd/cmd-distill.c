/*
 * cmd-distill.c - `distill CORPUS OUT`: static word vectors from the
 * current encoder (each word's contextual vectors averaged over its
 * occurrences in CORPUS), written to OUT as word2vec binary and opened as
 * the current model, so every command on static vectors works on them.
 *
 * The engine is src/train/distill.c; this file reads the options, checks
 * that OUT can be written before the long work, writes OUT through the
 * atomic writer and loads it back, as `train` does.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "blas.h"
#include "cmd.h"
#include "format/bert_dir.h"
#include "format/format.h"
#include "train/distill.h"

static const vs_opt distill_opts[] = {
    {"layer", 0, VS_OPT_STRING, "L|avg",
     "the hidden state: 0 (embeddings) to the last (the default), or avg, the mean of all"},
    {"pool", 0, VS_OPT_STRING, "mean|first",
     "a word of several pieces: the mean of its pieces (the default) or its first"},
    {"min-count", 0, VS_OPT_INT, "N", "keep words seen at least N times (default 5)"},
    {"max-words", 0, VS_OPT_INT, "N", "keep at most the N most frequent words (default: all)"},
    {"threads", 0, VS_OPT_INT, "T", "BLAS threads for the encoder (default: the session's)"},
    {NULL, 0, 0, NULL, NULL}
};

/* --layer: a number 0..layers or avg. */
static int parse_layer(const char *s, size_t layers, long *layer, vs_error *err)
{
    char *end;
    long v;

    if (s == NULL) {
        *layer = VS_DISTILL_LAYER_LAST;
        return 0;
    }
    if (strcmp(s, "avg") == 0) {
        *layer = VS_DISTILL_LAYER_AVG;
        return 0;
    }
    v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || v < 0 || (size_t)v > layers)
        return vs_fail(err, "distill: --layer takes 0 to %zu (hidden states, 0 = the "
                            "embeddings) or avg, not '%s'", layers, s);
    *layer = v;
    return 0;
}

/* Distills, writes OUT and reads it back into *out. */
static int distill_to_file(vs_session *s, const vs_model *enc, const char *corpus,
                           const char *path, const vs_distill_params *p, vs_model **out,
                           vs_distill_stats *st, vs_error *err)
{
    vs_vocab *vocab;
    float *vecs;
    vs_model *m;
    vs_load_opts lo;
    int guard, rc;

    /* fail now, not after the encoding, if OUT cannot be written; it must
     * not be the corpus either */
    guard = vs_afile_protect(corpus, "the corpus being distilled from");
    rc = vs_afile_check(path, err);
    if (rc != 0) {
        vs_afile_unprotect(guard);
        return vs_fail_prefix(err, "distill");
    }
    rc = vs_distill(enc, corpus, p, s->progress, &vocab, &vecs, st, err);
    vs_afile_unprotect(guard);
    if (rc != 0) {
        if (vs_interrupted)
            return vs_fail(err, "distill: interrupted by Ctrl-C; nothing was written to %s",
                           path);
        return vs_fail_prefix(err, "distill");
    }
    if (vocab->n == 0) {
        vs_vocab_free(vocab);
        free(vecs);
        return vs_fail(err, "distill: %s: no kept word had a piece the encoder could read",
                       corpus);
    }
    m = vs_model_new(path, "word2vec-bin", vocab, vecs, vocab->n,
                     vs_bert_of(enc)->enc->cfg.hidden);
    rc = vs_word2vec_bin_save(m, path, s->progress, err);
    vs_model_free(m);
    if (rc != 0)
        return vs_fail_prefix(err, "distill");
    memset(&lo, 0, sizeof lo);
    lo.format = "word2vec-bin";
    lo.progress = s->progress;
    lo.threads = s->threads;
    if (vs_format_load(path, &lo, out, err) != 0)
        return vs_fail_prefix(err, "distill: reading back %s", path);
    return 0;
}

static int exec_distill(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_model *enc = vs_session_model(s), *m;
    const char *corpus = a->argv[0], *out = a->argv[1];
    const char *pool = vs_arg_str(a, "pool", "mean");
    size_t layers = vs_bert_of(enc)->enc->cfg.layers;
    long long min_count = vs_arg_int(a, "min-count", 5), max_words = vs_arg_int(a, "max-words", 0);
    long long threads = vs_arg_int(a, "threads", s->threads > 0 ? s->threads : 1);
    vs_distill_params p;
    vs_distill_stats st;
    char encname[256], layer[64];
    int rc;

    vs_distill_defaults(&p);
    if (parse_layer(vs_arg_str(a, "layer", NULL), layers, &p.layer, err) < 0)
        return -1;
    if (strcmp(pool, "mean") != 0 && strcmp(pool, "first") != 0)
        return vs_fail(err, "distill: --pool takes mean or first, not '%s'", pool);
    p.first_piece = strcmp(pool, "first") == 0;
    if (min_count < 1)
        return vs_fail(err, "distill: --min-count takes 1 or more, not %lld", min_count);
    if (max_words < 0)
        return vs_fail(err, "distill: --max-words takes 0 (all) or more, not %lld", max_words);
    if (threads < 1 || threads > 1024)
        return vs_fail(err, "distill: --threads takes 1 to 1024, not %lld", threads);
    p.min_count = (uint64_t)min_count;
    p.max_words = (size_t)max_words;
    snprintf(encname, sizeof encname, "%s", enc->name);
    if (p.layer == VS_DISTILL_LAYER_AVG)
        snprintf(layer, sizeof layer, "avg (hidden states 0 to %zu)", layers);
    else
        snprintf(layer, sizeof layer, "%ld of %zu",
                 p.layer == VS_DISTILL_LAYER_LAST ? (long)layers : p.layer, layers);

    vs_blas_threads((int)threads);
    rc = distill_to_file(s, enc, corpus, out, &p, &m, &st, err);
    vs_blas_threads(s->threads);
    if (rc != 0)
        return -1;
    vs_session_add(s, m);

    vs_result_title(r, "distilled %s from %s on %s", m->name, encname, corpus);
    vs_result_table(r, 2, "field", "value");
    vs_result_row(r, "encoder", encname);
    vs_result_row(r, "layer", layer);
    vs_result_row(r, "pool", p.first_piece ? "first piece" : "mean of pieces");
    vs_result_field_u(r, "corpus lines", st.lines);
    vs_result_field_u(r, "corpus words", st.tokens);
    vs_result_field_u(r, "distinct words", st.types);
    vs_result_field_u(r, "vocabulary", m->n);
    vs_result_field_u(r, "min count", (unsigned long long)min_count);
    if (max_words > 0)
        vs_result_field_u(r, "max words", (unsigned long long)max_words);
    vs_result_field_u(r, "dimensions", m->dim);
    vs_result_field_u(r, "occurrences", st.occurrences);
    vs_result_field_u(r, "lines encoded", st.sentences);
    vs_result_field_u(r, "lines in windows", st.long_lines);
    vs_result_field_u(r, "forward passes", st.passes);
    vs_result_field_u(r, "pieces", st.pieces);
    vs_result_field_u(r, "threads", (unsigned long long)threads);
    vs_result_field_g(r, "seconds", "%.3f", st.seconds);
    vs_result_field_g(r, "words/s", "%.0f", st.seconds > 0 ? (double)st.occurrences / st.seconds : 0.0);
    vs_result_row(r, "file", out);
    vs_result_row(r, "format", m->format);
    if (st.no_vector > 0)
        vs_result_note(r, "warning: %zu word%s left out: the tokenizer gave no piece for any "
                       "of their occurrences", st.no_vector, st.no_vector == 1 ? "" : "s");
    vs_result_note(r, "wrote %s; it is open as %s, the current model", out, m->name);
    return 0;
}

const vs_cmd vs_cmd_distill = {
    .name = "distill",
    .usage = "distill CORPUS OUT [--layer L|avg] [--pool mean|first] [--min-count N] "
             "[--max-words N] [--threads T]",
    .summary = "static word vectors from the current encoder, averaged over a corpus",
    .help = "Encodes every line of CORPUS (UTF-8, one sentence or paragraph a line)\n"
            "with the current encoder and gives each word the mean of its contextual\n"
            "vectors over its occurrences: static vectors that nn, eval sim, eval\n"
            "analogy, pca and tsne take like any other. The words are found as the\n"
            "static models' are (lower-cased; runs of letters and digits joined by\n"
            "inner apostrophes); a word's pieces are the tokenizer's pieces whose\n"
            "bytes overlap it. A word's contextual vector is the mean of its pieces\n"
            "(--pool first: its first piece) at hidden state --layer L (0 = the\n"
            "embeddings; default: the last), or averaged over all of them (--layer\n"
            "avg). Words seen fewer than --min-count times (5) are left out, and\n"
            "--max-words N keeps the N most frequent. A line longer than the encoder\n"
            "takes is encoded in windows of whole words, each as long as the encoder\n"
            "takes, the next starting half a window on; each occurrence is read from\n"
            "the window where it has the most context on its shorter side.\n"
            "OUT is written as word2vec binary (through a temporary name) and opened\n"
            "as the current model. The encoder runs on --threads T BLAS threads\n"
            "(default: the session's). Ctrl-C stops it and writes nothing.",
    .min_args = 2,
    .max_args = 2,
    .opts = distill_opts,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_distill,
};
