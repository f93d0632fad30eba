/*
 * vecref.h - vectors kept between commands, and vectors named on a line.
 *
 * A command line that ends in `as NAME` keeps the vector its command gives
 * (vec, embed, ctx, or any command whose result is a vector) in the session
 * under NAME (cmd.c does it, through vs_vecref_keep). On the lines of nn,
 * sim, simmat and vec, `@NAME` then stands for that vector, and `@FILE`,
 * where FILE holds a '.' or a '/' (which a name cannot), for the vector in
 * that file (format/vecfile.h: one line of numbers, as `vec --tsv` writes).
 * A vector must have as many numbers as the model in use has dimensions.
 * When nothing is kept as NAME and the model has the word "@NAME" (a
 * Twitter handle), @NAME is that word.
 */
#ifndef VS_CMD_VECREF_H
#define VS_CMD_VECREF_H

#include "cmd.h"
#include "query.h"

/* The kind of the session items (session.h) that are kept vectors. */
#define VS_VECTOR_KIND "vector"

typedef struct vs_kept_vector {
    float *v;
    size_t dim;
    char *model;   /* the model in use when it was made */
    char *source;  /* what made it: the command line, less "as NAME" */
} vs_kept_vector;

/* Whether name may name a kept vector: an ASCII letter or '_', then
 * letters, digits, '_' and '-', at most 64 bytes. */
int vs_vecref_valid_name(const char *name);

/* Keeps r's vector (a VECTOR result) under name, replacing what was kept
 * under it; model and source describe it (copied). */
void vs_vecref_keep(vs_session *s, const char *name, const vs_result *r,
                    const char *model, const char *source);

/* The vector kept as name, or NULL. */
const vs_kept_vector *vs_vecref_find(const vs_session *s, const char *name);

/* The vectors read from files for one command, freed together. */
typedef struct vs_vecrefs {
    float **owned;
    size_t n;
} vs_vecrefs;

void vs_vecrefs_free(vs_vecrefs *refs);

/* If word is a reference (@NAME, @FILE), *vec gets its vector (borrowed
 * from the session, or read into refs) and the return is 1; a plain word
 * (and "@" alone, and "@NAME" where nothing is kept but the model has that
 * word) gives 0. -1 with a message naming cmd: nothing kept as NAME, an
 * unreadable file, a dimension that is not the model's. A kept vector made
 * in another model (of the same dimension) is used, with a note in r (when
 * not NULL): the two spaces are not the same unless aligned. */
int vs_vecref_resolve(const char *cmd, vs_session *s, const vs_model *m,
                      const char *word, vs_vecrefs *refs, const float **vec,
                      vs_result *r, vs_error *err);

/* Resolves the references among a query's terms (vs_query_parse): their
 * vec is set. */
int vs_vecref_terms(const char *cmd, vs_session *s, const vs_model *m, vs_term *terms,
                    size_t n, vs_vecrefs *refs, vs_result *r, vs_error *err);

/* out (m->dim) = the vector of item: a word's row (or its subword vector)
 * or a reference's vector. */
int vs_vecref_vector(const char *cmd, vs_session *s, vs_model *m, const char *item,
                     float *out, vs_result *r, vs_error *err);

#endif
