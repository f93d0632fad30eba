/*
 * selection.h - the words a map is made of (pca, tsne, export projector).
 *
 * A selection is given in exactly one of four ways: words listed on the
 * line, --top N (the first N words of the vocabulary), --file F (one word a
 * line, an optional second column naming its group), or one or more
 * --near WORD [-k K] (each word and its K nearest neighbours, one group per
 * --near). Commands that take a selection put VS_SELECTION_OPTS in their
 * option list.
 */
#ifndef VS_SELECTION_H
#define VS_SELECTION_H

#include <stddef.h>

#include "cmd.h"
#include "model.h"

#define VS_SELECTION_OPTS                                                         \
    {"top", 0, VS_OPT_INT, "N", "the first N words of the vocabulary"},           \
    {"file", 0, VS_OPT_STRING, "FILE", "words from a file, one a line, optional group column"}, \
    {"near", 0, VS_OPT_STRINGS, "WORD", "a word and its K nearest neighbours "    \
                                        "(repeat for several groups)"},           \
    {"k", 'k', VS_OPT_INT, "K", "neighbours for --near (default 10)"}

#define VS_SELECTION_USAGE "WORDS... | --top N | --file F | --near WORD [--near WORD2...] [-k K]"

typedef struct vs_selection {
    char **words;
    char **groups;   /* NULL when no word has a group; else "" for none */
    size_t n, cap;
    size_t dropped;  /* repeated words left out (each word is one point) */
    int top;         /* 1: the words are the model's first n rows, in order */
} vs_selection;

/* Fills sel from the command's options and positionals. Error messages
 * start with the command's name. */
int vs_select(vs_model *m, const vs_args *a, vs_selection *sel, vs_error *err);
void vs_selection_free(vs_selection *sel);

/* The vectors of the selection's words, (n, dim) row-major, in *X: the
 * model's own rows when the words are its first n (--top: no copy of a
 * matrix that may be gigabytes; *owned NULL), else copies in *owned (free
 * it). A word without a vector, or a NaN or infinite component, is an
 * error naming it. */
int vs_selection_vectors(vs_model *m, const vs_selection *sel, const char *cmd,
                         const float **X, float **owned, vs_error *err);

/* Reads a file of words (--file, --groups): "word" or "word<TAB>group" (or
 * blank-separated) a line, blank lines and lines starting with '#'
 * skipped; add gets each word and its group (NULL when none). */
int vs_word_file_read(const char *cmd, const char *path,
                      void (*add)(void *ud, const char *word, const char *group),
                      void *ud, vs_error *err);

#endif
