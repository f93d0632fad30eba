/*
 * eval.h - the standard benchmarks of word vectors: Google's analogy
 * questions and word-pair similarity sets.
 *
 * Both follow gensim 4.2 (KeyedVectors.evaluate_word_analogies and
 * evaluate_word_pairs with their defaults) so that the figures agree with
 * it: only the first `restrict` words of the model count (300000 by
 * default), words are matched case-insensitively by Python's str.upper()
 * (the first, i.e. most frequent, case variant wins), a question or pair
 * with a word outside them is skipped and counted, and analogies are
 * answered by 3CosAdd over those words with the question's words left out.
 * 3CosMul (--mul) is gensim's most_similar_cosmul over the same words.
 *
 * Unlike gensim, a malformed line (not four words; not two words and a
 * number) is reported with file:line and skipped, and a file without a
 * single usable line is an error. Analogy questions are answered in blocks:
 * one matrix product (sgemm) scores a block of questions against a tile of
 * the vocabulary, and a running top-k keeps the best candidates, so the
 * matrix is read once per block instead of once per question (knn.h's
 * batched top-k).
 *
 * The files of src/eval/: analogy.c (`eval analogy`), wordsim.c (`eval
 * sim`), stats.c (the correlations), pycase.c (Python's str.upper()), and
 * what the two benchmarks share: keymap.c (gensim's ok_vocab) and lines.c
 * (Python's whitespace, the messages about skipped lines).
 */
#ifndef VS_EVAL_H
#define VS_EVAL_H

#include <stddef.h>

#include "error.h"
#include "model.h"
#include "progress.h"

#define VS_EVAL_DEFAULT_RESTRICT 300000
#define VS_EVAL_MAX_MESSAGES 20   /* malformed-line messages kept */
#define VS_EVAL_MAX_THREADS 64    /* for the scans of the analogy blocks */

typedef struct vs_eval_opts {
    size_t restrict_vocab;     /* first N words; 0 = all */
    int case_sensitive;        /* match words as they are, not upper-cased */
    int mul;                   /* analogies by 3CosMul instead of 3CosAdd */
    const vs_progress *progress;
    int threads;               /* threads for the scans between products (>= 1) */
} vs_eval_opts;

/* Lines of an evaluation file that could not be used. */
typedef struct vs_eval_skips {
    size_t count;              /* malformed lines skipped */
    char **messages;           /* "FILE:LINE: what is wrong", the first
                                * VS_EVAL_MAX_MESSAGES of them */
    size_t nmessages;
} vs_eval_skips;

typedef struct vs_analogy_section {
    char *name;                /* as in the file, after ": " */
    size_t correct;            /* answered right */
    size_t seen;               /* answered (all four words known) */
    size_t oov;                /* skipped: a word outside the first N */
} vs_analogy_section;

typedef struct vs_analogy_result {
    vs_analogy_section *sections;
    size_t nsections;
    vs_analogy_section total;  /* name "total" */
    size_t questions;          /* well-formed question lines */
    size_t restrict_vocab;     /* the N used */
    vs_eval_skips skips;
} vs_analogy_result;

typedef struct vs_sim_result {
    double pearson;            /* NaN when undefined (< 2 pairs, constant) */
    double spearman;           /* ranks with ties averaged */
    double oov_fraction;       /* oov / (pairs + oov), 0..1 */
    size_t pairs;              /* pairs with both words known */
    size_t oov;                /* pairs skipped: a word outside the first N */
    size_t restrict_vocab;
    vs_eval_skips skips;
} vs_sim_result;

/* Accuracy of m on the analogy file at path (": section" lines, then four
 * words a line: a b c expected, meaning a is to b as c is to expected).
 * On success *res holds the figures; free them with
 * vs_analogy_result_free. Cancellable through o->progress (Ctrl-C). */
int vs_eval_analogy(vs_model *m, const char *path, const vs_eval_opts *o,
                    vs_analogy_result *res, vs_error *err);
void vs_analogy_result_free(vs_analogy_result *res);

/* Correlation of m's cosine similarities with the human scores in the
 * word-pair file at path (word, word, score a line; tab- or
 * space-separated; '#' starts a comment line; CRLF is fine). */
int vs_eval_sim(vs_model *m, const char *path, const vs_eval_opts *o,
                vs_sim_result *res, vs_error *err);
void vs_sim_result_free(vs_sim_result *res);

/* Python's str.upper() of the UTF-8 string s[0..len) (full case mapping:
 * "straße" -> "STRASSE"); invalid bytes are copied unchanged. Returns a
 * malloc'd NUL-terminated string and its length in *out_len. */
char *vs_eval_upper(const char *s, size_t len, size_t *out_len);

/* Pearson's r and Spearman's rho (average ranks for ties) of x and y (n);
 * NaN when undefined. For tests. */
double vs_eval_pearson(const double *x, const double *y, size_t n);
double vs_eval_spearman(const double *x, const double *y, size_t n);

#endif
