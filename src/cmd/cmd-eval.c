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

static const vs_opt eval_opts[] = {
    {"restrict", 0, VS_OPT_INT, "N", "use only the first N words (default 300000; 0 = all)"},
    {"case-sensitive", 0, VS_OPT_FLAG, NULL, "match words as they are (default: upper-cased)"},
    {"mul", 0, VS_OPT_FLAG, NULL, "analogies by 3CosMul instead of 3CosAdd"},
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

static int exec_eval(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_eval_opts o;

    memset(&o, 0, sizeof o);
    o.restrict_vocab = (size_t)vs_arg_int(a, "restrict", VS_EVAL_DEFAULT_RESTRICT);
    o.case_sensitive = vs_arg_set(a, "case-sensitive");
    o.mul = vs_arg_set(a, "mul");
    o.progress = s->progress;
    o.threads = s->threads;
    if (strcmp(a->argv[0], "analogy") == 0 || strcmp(a->argv[0], "analogies") == 0)
        return eval_analogy(s, a, &o, r, err);
    if (strcmp(a->argv[0], "sim") == 0 || strcmp(a->argv[0], "pairs") == 0)
        return eval_sim(s, a, &o, r, err);
    return vs_fail(err, "eval: unknown benchmark '%s'; usage: eval analogy|sim FILE",
                   a->argv[0]);
}

const vs_cmd vs_cmd_eval = {
    .name = "eval",
    .aliases = (const char *const[]){"evaluate", NULL},
    .usage = "eval analogy|sim FILE [--restrict N] [--case-sensitive] [--mul]",
    .summary = "accuracy on analogy questions, or correlation with word-pair scores",
    .help = "eval analogy FILE: Google's analogy questions (questions-words.txt:\n"
            "': SECTION' lines, then 'A B C D' lines meaning A is to B as C is to D).\n"
            "Prints, for each section and in total, the questions answered right,\n"
            "the questions answered, the accuracy, and how many were skipped because\n"
            "a word is not among the first N words. Answers are 3CosAdd (B - A + C),\n"
            "or 3CosMul with --mul. The figures equal gensim's\n"
            "evaluate_word_analogies with its defaults.\n"
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
            "spearman and oov.",
    .min_args = 2,
    .max_args = 2,
    .opts = eval_opts,
    .flags = VS_CMD_NEEDS_MODEL,
    .complete = "analogy|sim FILE",
    .exec = exec_eval,
};
