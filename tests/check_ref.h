/*
 * check_ref.h - what the encoder tests share to compare vecscope with the
 * reference outputs of the generator scripts (tests/gen-*-reference.py):
 * the largest difference from a nested JSON array, a softmax, and token
 * sequences from the JSON ids and types.
 */
#ifndef VS_CHECK_REF_H
#define VS_CHECK_REF_H

#include <jansson.h>
#include <stddef.h>

#include "bert/tokenizer.h"

/* Largest |a - ref| over a flat float array and a nested JSON array of
 * numbers in the same order; *count counts the numbers visited (start it
 * at 0). */
double ref_max_diff(const float *a, json_t *ref, size_t *count);

/* x (n) <- softmax(x), in double. */
void ref_softmax(float *x, size_t n);

/* tok = the JSON arrays ids and types as a token sequence (word i for
 * token i). Free with vs_tokens_free. */
void ref_tokens(json_t *ids, json_t *types, vs_tokens *tok);

#endif
