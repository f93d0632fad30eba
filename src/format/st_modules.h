/*
 * st_modules.h - a sentence-transformers folder's pipeline: modules.json,
 * its Pooling module's config.json and a Normalize module (FORMATS.md
 * section 10), read into the pooling that `embed` and `ssim` use by
 * default.
 */
#ifndef VS_ST_MODULES_H
#define VS_ST_MODULES_H

#include <stddef.h>

#include "../bert/pooling.h"
#include "../error.h"

typedef struct vs_st_pipeline {
    vs_pooling pool;          /* the Pooling module's modes, Normalize, and
                                 sentence_bert_config.json's max_seq_length */
    size_t dimension;         /* word_embedding_dimension (0: not given) */
    int include_prompt;       /* include_prompt (default true) */
    int lower_case;           /* sentence_bert_config.json's do_lower_case:
                                 the text is lowercased before tokenizing */
    char *pooling_file;       /* "1_Pooling/config.json" as modules.json
                                 names it (xmalloc'd) */
    char *unsupported;        /* NULL, or why the pipeline is not one
                                 vecscope runs: a module it does not know
                                 (Dense, LayerNorm, ...), no Pooling
                                 module (xmalloc'd) */
} vs_st_pipeline;

/* Reads dir/modules.json and the files it names. Returns 1 with *p filled
 * in (free with vs_st_pipeline_free) when dir is a sentence-transformers
 * folder, 0 when it has no modules.json, -1 with a message naming the file
 * and the key when a file is malformed. A module vecscope does not run is
 * not an error: p->unsupported says which. */
int vs_st_pipeline_load(const char *dir, vs_st_pipeline *p, vs_error *err);

void vs_st_pipeline_free(vs_st_pipeline *p);

#endif
