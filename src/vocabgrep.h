/*
 * vocabgrep.h - the words of a vocabulary that a regular expression
 * matches (`words REGEX`).
 *
 * Patterns are PCRE2 (Perl syntax) in UTF-8 mode with Unicode properties:
 * `.` is one character, \w and [[:alpha:]] take accented letters, \p{Han}
 * works. A word matches when the pattern matches anywhere in it, as grep
 * does: ^ and $ anchor it. A word that is not valid UTF-8 never matches.
 */
#ifndef VS_VOCABGREP_H
#define VS_VOCABGREP_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "vocab.h"

/* The first n words of v that pattern matches, in vocabulary order: ids
 * gets the first max of them (*nids), *total counts them all. A pattern
 * that does not compile is an error naming where and why. */
int vs_vocab_grep(const vs_vocab *v, size_t n, const char *pattern, size_t max,
                  uint32_t *ids, size_t *nids, size_t *total, vs_error *err);

#endif
