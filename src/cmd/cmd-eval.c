/*
 * cmd-eval.c - `eval analogy FILE` and `eval sim FILE`: the standard
 * benchmarks (Google analogies, WordSim/SimLex/MEN word pairs), with the
 * figures gensim's evaluate_word_analogies / evaluate_word_pairs give.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "eval/eval.h"
#include "eval/sentvec.h"
#include "eval/sts.h"
#include "format/bert_dir.h"
#include "textargs.h"

static const vs_opt eval_opts[] = {
    {"restrict", 0, VS_OPT_INT, "N", "use only the first N words (default 300000; 0 = all)"},
    {"case-sensitive", 0, VS_OPT_FLAG, NULL, "match words as they are (default: upper-cased)"},
    {"mul", 0, VS_OPT_FLAG, NULL, "analogies by 3CosMul instead of 3CosAdd"},
    {"exact-scan", 0, VS_OPT_FLAG, NULL, "analogies: candidates from the f32 product "
     "(the same answers; for comparison)"},
    {"pool", 0, VS_OPT_STRING, "P",
     "sts: one pooling: an encoder's (model, mean, cls, max, ..., pooler, as embed), or a "
     "static model's mean or sif"},
    {"layer", 0, VS_OPT_INT, "L", "sts, encoders: hidden state L (default the last)"},
    {"counts", 0, VS_OPT_STRING, "FILE", "sts, sif: word counts (WORD COUNT lines) for p(w)"},
    {NULL, 0, 0, NULL, NULL}
};

static void fmt_real(char *buf, size_t size, double x)
{
    if (isnan(x))
        snprintf(buf, size, "nan");
    else
        snprintf(buf, size, "%.8f", x);
}

static void fmt_size(char *buf, size_t size, size_t x)
{
    snprintf(buf, size, "%zu", x);
}

/* Notes for the malformed lines: how many, the messages kept, and how many
 * more. */
static void skip_notes(vs_result *r, const vs_eval_skips *sk)
{
    size_t i;

    if (sk->count > 0)
        vs_result_note(r, "warning: %zu malformed line%s skipped", sk->count,
                       sk->count == 1 ? "" : "s");
    for (i = 0; i < sk->nmessages; i++)
        vs_result_note(r, "warning: %s (skipped)", sk->messages[i]);
    if (sk->count > sk->nmessages)
        vs_result_note(r, "warning: %zu more malformed lines skipped", sk->count - sk->nmessages);
}

static void analogy_row(vs_result *r, const vs_analogy_section *s)
{
    char c[32], t[32], acc[32], oov[32];
    const char *cells[5];

    fmt_size(c, sizeof c, s->correct);
    fmt_size(t, sizeof t, s->seen);
    fmt_real(acc, sizeof acc, s->seen ? (double)s->correct / (double)s->seen : 0.0);
    fmt_size(oov, sizeof oov, s->oov);
    cells[0] = s->name;
    cells[1] = c;
    cells[2] = t;
    cells[3] = acc;
    cells[4] = oov;
    vs_result_row_v(r, cells);
}

static int eval_analogy(vs_session *s, const vs_args *a, const vs_eval_opts *o,
                        vs_result *r, vs_error *err)
{
    vs_model *m = vs_session_model(s);
    vs_analogy_result res;
    int tsv = a->output == VS_OUT_TSV;
    size_t i;

    if (vs_eval_analogy(m, a->argv[1], o, &res, err) < 0)
        return vs_fail_prefix(err, "eval analogy");
    vs_result_title(r, "analogies of %s on %s (%s, first %zu words, %s)", a->argv[1], m->name,
                    o->mul ? "3CosMul" : "3CosAdd", res.restrict_vocab,
                    o->case_sensitive ? "case-sensitive" : "case-insensitive");
    /* TSV: section, correct, total, accuracy; text and JSON add the
     * questions skipped because a word is unknown (a row holds 5 cells; a
     * 4-column table keeps the first 4) */
    if (tsv)
        vs_result_table(r, 4, "section", "correct", "total", "accuracy");
    else
        vs_result_table(r, 5, "section", "correct", "total", "accuracy", "skipped");
    for (i = 0; i < res.nsections; i++)
        analogy_row(r, &res.sections[i]);
    analogy_row(r, &res.total);
    vs_result_note(r, "%zu of %zu questions answered; %zu skipped for a word outside the first "
                   "%zu words (%.2f%%)", res.total.seen, res.questions, res.total.oov,
                   res.restrict_vocab,
                   res.questions ? 100.0 * (double)res.total.oov / (double)res.questions : 0.0);
    skip_notes(r, &res.skips);
    vs_analogy_result_free(&res);
    return 0;
}

static int eval_sim(vs_session *s, const vs_args *a, const vs_eval_opts *o, vs_result *r,
                    vs_error *err)
{
    vs_model *m = vs_session_model(s);
    vs_sim_result res;
    char buf[64];

    if (o->mul)
        return vs_fail(err, "eval sim: --mul is for 'eval analogy'");
    if (vs_eval_sim(m, a->argv[1], o, &res, err) < 0)
        return vs_fail_prefix(err, "eval sim");
    vs_result_title(r, "word-pair similarity of %s on %s (first %zu words, %s)", a->argv[1],
                    m->name, res.restrict_vocab,
                    o->case_sensitive ? "case-sensitive" : "case-insensitive");
    vs_result_table(r, 2, "measure", "value");
    fmt_real(buf, sizeof buf, res.pearson);
    vs_result_row(r, "pearson", buf);
    fmt_real(buf, sizeof buf, res.spearman);
    vs_result_row(r, "spearman", buf);
    fmt_real(buf, sizeof buf, res.oov_fraction);
    vs_result_row(r, "oov", buf);
    if (a->output != VS_OUT_TSV) {
        fmt_size(buf, sizeof buf, res.pairs);
        vs_result_row(r, "pairs", buf);
        fmt_size(buf, sizeof buf, res.oov);
        vs_result_row(r, "oov pairs", buf);
        fmt_size(buf, sizeof buf, res.skips.count);
        vs_result_row(r, "malformed lines", buf);
    }
    skip_notes(r, &res.skips);
    vs_sim_result_free(&res);
    return 0;
}

/* Options that belong to some benchmarks only. */
static int reject(const vs_args *a, const char *bench, const char *const *names,
                  const char *what, vs_error *err)
{
    for (; *names != NULL; names++)
        if (vs_arg_set(a, *names))
            return vs_fail(err, "eval %s: --%s is for %s", bench, *names, what);
    return 0;
}

static void sts_row(vs_result *r, const vs_sts_score *sc)
{
    char p[64], q[64];

    fmt_real(p, sizeof p, sc->pearson);
    fmt_real(q, sizeof q, sc->spearman);
    vs_result_row(r, sc->pool, p, q);
}

static int eval_sts(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    static const char *const word_opts[] = {"restrict", "case-sensitive", "mul", NULL};
    static const char *const enc_only[] = {"layer", NULL}, *const static_only[] = {"counts", NULL};
    vs_model *m = vs_session_model(s);
    int enc = m->kind == VS_MODEL_ENCODER;
    const char *given = vs_arg_str(a, "pool", NULL), *statics[2];
    vs_pooling pools[4];
    vs_sts_score sc[4];
    size_t np = 0, i, layer = 0;
    vs_sts_data d;
    int rc = 0;

    if (reject(a, "sts", word_opts, "'eval analogy' and 'eval sim'", err) < 0 ||
        reject(a, "sts", enc ? static_only : enc_only, enc ? "static models (sif)" : "encoders",
               err) < 0)
        return -1;
    if (enc) {
        /* --pool: that pooling; else the model's own pipeline when it has
         * one, then the mean, [CLS] and the pooler */
        const vs_bert *b = vs_bert_of(m)->enc;
        vs_pooling own;
        if (vs_bert_pool_args("eval sts", a, m, &own, &layer, err) < 0)
            return -1;
        if (given != NULL || own.modes != VS_POOL_MEAN || own.normalize || own.max_tokens > 0)
            pools[np++] = own;
        if (given == NULL) {
            static const unsigned modes[] = {VS_POOL_MEAN, VS_POOL_CLS, VS_POOL_POOLER};
            for (i = 0; i < 3; i++) {
                if (modes[i] == VS_POOL_POOLER && (b->pool_w == NULL || layer != b->cfg.layers))
                    continue;
                memset(&pools[np], 0, sizeof pools[np]);
                pools[np++].modes = modes[i];
            }
        }
    } else if (given != NULL) {
        if (strcmp(given, "mean") != 0 && strcmp(given, "sif") != 0)
            return vs_fail(err, "eval sts: --pool is mean or sif for a static model, not '%s'",
                           given);
        statics[np++] = strcmp(given, "sif") == 0 ? "sif" : "mean";
    } else {
        statics[np++] = "mean";
        statics[np++] = "sif";
    }
    if (vs_sts_read(a->argv[1], &d, err) < 0)
        return vs_fail_prefix(err, "eval sts");
    if (enc)
        rc = vs_sts_encoder(m, &d, pools, np, layer, s->progress, sc, err);
    for (i = 0; !enc && i < np && rc == 0; i++)
        rc = vs_sts_static(m, &d, statics[i], vs_arg_str(a, "counts", NULL), VS_SIF_A, &sc[i],
                           err);
    if (rc < 0) {
        vs_sts_free(&d);
        if (vs_interrupted)
            return vs_fail(err, "eval sts: interrupted by Ctrl-C");
        return vs_fail_prefix(err, "eval sts");
    }
    if (enc)
        vs_result_title(r, "sentence similarity of %s on %s (%zu pairs, hidden state %zu)",
                        a->argv[1], m->name, d.n, layer);
    else
        vs_result_title(r, "sentence similarity of %s on %s (%zu pairs)", a->argv[1], m->name,
                        d.n);
    vs_result_table(r, 3, "pooling", "pearson", "spearman");
    for (i = 0; i < np; i++)
        sts_row(r, &sc[i]);
    if (d.named > 0)
        vs_result_note(r, "%zu pairs, read by the columns the header names", d.n);
    else
        vs_result_note(r, "%zu pairs (%zu in the STS Benchmark layout, %zu as score, "
                       "sentence 1, sentence 2)", d.n, d.stsb, d.n - d.stsb);
    if (sc[0].truncated > 0)
        vs_result_note(r, "%zu sentences were cut to the tokens the encoder takes (%zu)",
                       sc[0].truncated, vs_bert_max_tokens(vs_bert_of(m)->enc));
    if (!enc && sc[0].empty > 0)
        vs_result_note(r, "warning: %zu sentences have no word %s has (zero vectors, cosine 0)",
                       sc[0].empty, m->name);
    skip_notes(r, &d.skips);
    vs_sts_free(&d);
    return 0;
}

static int exec_eval(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    static const char *const sts_only[] = {"pool", "layer", "counts", NULL};
    vs_eval_opts o;

    memset(&o, 0, sizeof o);
    o.restrict_vocab = (size_t)vs_arg_int(a, "restrict", VS_EVAL_DEFAULT_RESTRICT);
    o.case_sensitive = vs_arg_set(a, "case-sensitive");
    o.mul = vs_arg_set(a, "mul");
    o.exact_scan = vs_arg_set(a, "exact-scan");
    o.progress = s->progress;
    o.threads = s->threads;
    if (strcmp(a->argv[0], "sts") == 0)
        return eval_sts(s, a, r, err);
    if (strcmp(a->argv[0], "analogy") != 0 && strcmp(a->argv[0], "analogies") != 0 &&
        strcmp(a->argv[0], "sim") != 0 && strcmp(a->argv[0], "pairs") != 0)
        return vs_fail(err, "eval: unknown benchmark '%s'; usage: eval analogy|sim|sts FILE",
                       a->argv[0]);
    if (reject(a, a->argv[0], sts_only, "'eval sts'", err) < 0)
        return -1;
    if (strcmp(a->argv[0], "analogy") == 0 || strcmp(a->argv[0], "analogies") == 0)
        return eval_analogy(s, a, &o, r, err);
    return eval_sim(s, a, &o, r, err);
}

const vs_cmd vs_cmd_eval = {
    .name = "eval",
    .aliases = (const char *const[]){"evaluate", NULL},
    .usage = "eval analogy|sim FILE [--restrict N] [--case-sensitive] [--mul] [--exact-scan] | "
             "eval sts FILE [--pool P] [--layer L] [--counts FILE]",
    .summary = "accuracy on analogy questions, or correlation with word-pair or "
               "sentence-pair scores",
    .help = "eval analogy FILE: Google's analogy questions (questions-words.txt:\n"
            "': SECTION' lines, then 'A B C D' lines meaning A is to B as C is to D).\n"
            "Prints, for each section and in total, the questions answered right,\n"
            "the questions answered, the accuracy, and how many were skipped because\n"
            "a word is not among the first N words. Answers are 3CosAdd (B - A + C),\n"
            "or 3CosMul with --mul. The figures equal gensim's\n"
            "evaluate_word_analogies with its defaults. The questions go through\n"
            "the model's 8-bit copy, as nn's do, with the exact answers;\n"
            "--exact-scan finds the candidates with f32 products instead (the same\n"
            "answers).\n"
            "eval sim FILE: word pairs with human scores (WordSim-353, SimLex-999,\n"
            "MEN: 'WORD1 WORD2 SCORE' lines, tab- or space-separated, '#' comments).\n"
            "Prints Pearson's r and Spearman's rho between the scores and the\n"
            "cosines, and the share of pairs skipped for an unknown word (0 to 1),\n"
            "as gensim's evaluate_word_pairs.\n"
            "Words are matched case-insensitively (upper-cased, the most frequent\n"
            "variant wins) unless --case-sensitive; --restrict N uses the first N\n"
            "words (default 300000, 0 = all). Malformed lines are reported with\n"
            "FILE:LINE and skipped; FILE must be a regular file. With --tsv: one row per section\n"
            "(section, correct, total, accuracy) then 'total'; or the rows pearson,\n"
            "spearman and oov.\n"
            "eval sts FILE: sentence pairs with human scores, in the STS Benchmark's\n"
            "layout (tab-separated genre, file, year, id, score, sentence 1, sentence\n"
            "2), as score, sentence 1, sentence 2, or under a header line naming the\n"
            "columns score, sentence1 and sentence2. Prints Pearson's r and\n"
            "Spearman's rho between the scores and the cosines of the two sentence\n"
            "vectors, for each pooling: an encoder's mean, cls and pooler at hidden\n"
            "state --layer L (default the last); a static model's mean of word\n"
            "vectors and SIF (a / (a + p(w)) weights, a = 1e-3, p(w) from --counts\n"
            "FILE or Zipf's law over the model's order, the first principal\n"
            "direction of the file's sentences removed). --pool P gives one only.",
    .min_args = 2,
    .max_args = 2,
    .opts = eval_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .complete = "analogy|sim FILE",
    .exec = exec_eval,
};
