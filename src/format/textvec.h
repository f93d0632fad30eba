/*
 * textvec.h - the reader and writer of the text embedding formats (word2vec
 * text, GloVe text, fastText .vec): one line per word, the word and its
 * numbers. The loader is parallel; the parsing helpers it shares with the
 * other loaders are in common.h.
 *
 * Internal to src/format/; the rest of the program uses format.h.
 */
#ifndef VS_TEXTVEC_H
#define VS_TEXTVEC_H

#include "format.h"

enum vs_text_header {
    VS_HEADER_REQUIRED, /* the first line must be "COUNT DIM" */
    VS_HEADER_AUTO      /* a first line of exactly two integers is a header */
};

/* Loads a text embedding file: an optional header line "COUNT DIM", then
 * one line per word: the word, then dim numbers, separated by spaces or
 * tabs; CRLF, trailing blanks and blank lines are fine. Without a header the
 * dimension is the number of fields of the first lines, minus one. The
 * vector is the *last* dim fields of a line, so a word may hold spaces
 * (glove.840B) as long as its last piece is not a number. Uses opts->threads
 * threads. The model's format is format_name (a static string). */
int vs_textvec_load(const char *path, const vs_load_opts *opts,
                    const char *format_name, enum vs_text_header header,
                    vs_model **out, vs_error *err);

#endif
