/*
 * check_encoder.h - what the encoder tests (check_bert.c, check_bert_cmd.c,
 * check_families.c) share: comparing vecscope with the reference outputs of
 * the generator scripts (tests/gen-*-reference.py), running commands in a
 * session, and making broken copies of a model folder.
 */
#ifndef VS_CHECK_ENCODER_H
#define VS_CHECK_ENCODER_H

#include <jansson.h>
#include <stddef.h>

#include "bert/tokenizer.h"
#include "model.h"
#include "result.h"
#include "session.h"

/* ---- reference outputs ---- */

/* Largest |a - ref| over a flat float array and a nested JSON array of
 * numbers in the same order; *count counts the numbers visited (start it
 * at 0). */
double ref_max_diff(const float *a, json_t *ref, size_t *count);

/* x (n) <- softmax(x), in double. */
void ref_softmax(float *x, size_t n);

/* tok = the JSON arrays ids and types as a token sequence (word i for
 * token i). Free with vs_tokens_free. */
void ref_tokens(json_t *ids, json_t *types, vs_tokens *tok);

/* ---- commands ---- */

/* s = a new session with the model folder dir loaded (free it with
 * vs_session_free). */
void enc_open(vs_session *s, const char *dir);

/* Runs line in s, which must succeed; r is cleared first. */
void enc_run(vs_session *s, const char *line, vs_result *r);

/* Runs line in s, which must fail with a message containing want. */
void enc_run_fails(vs_session *s, const char *line, const char *want);

/* The value of field in an `info` table (borrowed); fails when absent. */
const char *enc_info_value(const vs_result *r, const char *field);

/* ---- folders ---- */

/* The encoder folder dir, loaded by the "bert" loader, which must succeed. */
vs_model *enc_load_dir(const char *dir);

/* Loading dir must fail, nothing loaded, with a message holding frag. */
void enc_expect_load_fail(const char *dir, const char *frag);

/* A fresh folder under /tmp holding a copy of the folder from (its
 * subfolders too); free with enc_rm_dir. */
char *enc_tmpdir_copy(const char *from);

/* Removes dir and everything in it, and frees the string. */
void enc_rm_dir(char *dir);

/* Writes text to dir/name. */
void enc_put_file(const char *dir, const char *name, const char *text);

#endif
