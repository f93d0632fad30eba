/*
 * distill.h - static word vectors distilled from an encoder: each word of a
 * corpus gets the mean of its contextual vectors over its occurrences
 * (Bommasani, Davis & Cardie, "Interpreting pretrained contextualized
 * representations via reductions to static embeddings", ACL 2020).
 *
 * The corpus is UTF-8 text, one sentence (or paragraph) a line. Its words
 * are found as the static models' words are (eval/sentvec.h: lower-cased,
 * runs of letters and digits joined by inner apostrophes), so the distilled
 * vectors have the vocabulary of word2vec or GloVe trained on the same
 * file and can be set beside them. Each line is tokenized by the encoder's
 * own tokenizer and encoded whole; a piece belongs to the corpus words whose
 * bytes it overlaps (the tokenizer's offsets). An occurrence's contextual
 * vector is the mean of its pieces' hidden states (or its first piece's) at
 * one hidden state, or averaged over all of them.
 *
 * A line longer than the encoder takes (max_position_embeddings with the
 * template's special tokens) is encoded in windows of whole words, each as
 * long as the encoder takes, a new one starting about half a window after
 * the last; each occurrence is read from the window where it has the most
 * context on its shorter side (the first such window on a tie), as BERT's
 * reading of long documents does (run_squad's "max context").
 */
#ifndef VS_TRAIN_DISTILL_H
#define VS_TRAIN_DISTILL_H

#include <stddef.h>
#include <stdint.h>

#include "../error.h"
#include "../model.h"
#include "../progress.h"
#include "../vocab.h"

/* The hidden state: 0 (the embeddings) .. layers, the last, or the mean of
 * them all. */
#define VS_DISTILL_LAYER_AVG (-1L)
#define VS_DISTILL_LAYER_LAST (-2L)

typedef struct vs_distill_params {
    long layer;            /* 0..layers, VS_DISTILL_LAYER_LAST or _AVG */
    int first_piece;       /* 1: the first piece of a word; 0: the mean of its pieces */
    uint64_t min_count;    /* words seen fewer times are left out (>= 1) */
    size_t max_words;      /* keep at most this many, the most frequent; 0 = all */
} vs_distill_params;

typedef struct vs_distill_stats {
    uint64_t lines;        /* lines of the corpus */
    uint64_t tokens;       /* its words */
    size_t types;          /* distinct words */
    size_t kept;           /* words given a vector */
    size_t no_vector;      /* words kept by count whose every occurrence had
                              no piece (the tokenizer dropped them) */
    uint64_t occurrences;  /* occurrences encoded (of the kept words) */
    uint64_t sentences;    /* lines encoded (holding a kept word) */
    uint64_t long_lines;   /* lines encoded in several windows */
    uint64_t passes;       /* forward passes (windows) */
    uint64_t pieces;       /* pieces encoded, special tokens included */
    double seconds;        /* encoding time */
} vs_distill_stats;

/* The last layer, the mean of the pieces, min_count 5, every word. */
void vs_distill_defaults(vs_distill_params *p);

/* Distills static vectors from m (an encoder) over the corpus at path. On
 * success *vocab (the kept words, most frequent first; ties in order of
 * first appearance) and *vecs (vocab->n x hidden, malloc'd) are the caller's.
 * Fails, naming the file, when it cannot be read or no word reaches
 * min_count, and with "interrupted" on Ctrl-C (through progress). */
int vs_distill(const vs_model *m, const char *path, const vs_distill_params *p,
               const vs_progress *progress, vs_vocab **vocab, float **vecs,
               vs_distill_stats *st, vs_error *err);

/* The windows of a sequence of n pieces for an encoder that takes at most
 * max of them: cut_ok[i] (n) says whether a window may start at piece i
 * (a word starts there; cut_ok[0] is ignored). starts and ends (room for n
 * each) get the windows [starts[w], ends[w]); returns how many. One window
 * [0, n) when n <= max. Exposed for tests. */
size_t vs_distill_windows(const unsigned char *cut_ok, size_t n, size_t max, size_t *starts,
                          size_t *ends);

#endif
