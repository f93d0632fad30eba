/*
 * fuzz.h - what the libFuzzer harnesses in tests/fuzz/ share.
 *
 * Most loaders take a path, not bytes, so a harness writes its input to a
 * file in a private scratch folder (on /dev/shm when there is one, so no
 * disk is touched) and hands the loader that path. The folder is made on
 * first use and removed when the fuzzer exits.
 *
 * Every harness also checks the promise each library function makes on
 * failure: a message that names the file it was given. A failure without
 * one aborts, so libFuzzer reports it like a crash.
 */
#ifndef VS_FUZZ_H
#define VS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Writes data[0..size) to NAME in the scratch folder (replacing it) and
 * returns the file's path (static storage, valid until the next call with
 * another name). */
const char *fuzz_file(const char *name, const uint8_t *data, size_t size);

/* The scratch folder's path. */
const char *fuzz_dir(void);

/* Aborts unless err's message contains what (a path): a failure must say
 * which file it is about. */
void fuzz_expect_named(const vs_error *err, const char *what);

/* data[0..size) as a NUL-terminated copy (malloc'd; caller frees). */
char *fuzz_cstr(const uint8_t *data, size_t size);



/* Loads data[0..size), written to a file called name, with the loader
 * called format (NULL: detect). The options (encoding errors, --limit,
 * threads) are drawn from the input's length, so one input always loads the
 * same way. A load must give a model whose every word is found again (but
 * for caches, whose hash slots are checked lazily) or fail naming the file. */
void fuzz_load(const char *name, const char *format, const uint8_t *data,
               size_t size);
/* path under the source tree (VS_SRCDIR, set by make fuzz); for fixtures a
 * harness reads at start. */
const char *fuzz_srcfile(const char *rel);

/* The whole of a file (malloc'd, *size set), or NULL when it cannot be read. */
uint8_t *fuzz_slurp(const char *path, size_t *size);

/* Writes a BERT folder (config.json, vocab.txt, tokenizer_config.json,
 * model.safetensors) into the scratch folder; NULL for a part means the
 * fixed one: fuzz_bert.h's config and vocabulary, tests/data/bert/tiny-f32's
 * weights. Loads it with the "bert" loader; on success it tokenizes and
 * encodes a short sentence with every head's attention. A failure must name
 * the folder. */
void fuzz_bert_folder(const uint8_t *config, size_t config_len,
                      const uint8_t *vocab, size_t vocab_len,
                      const uint8_t *weights, size_t weights_len);

#endif
