/*
 * st_modules.c - reading a sentence-transformers pipeline. See
 * st_modules.h.
 *
 *   DIR/modules.json          [{"idx": 0, "name": "0", "path": "",
 *                               "type": "sentence_transformers.models.Transformer"},
 *                              {"idx": 1, "name": "1", "path": "1_Pooling",
 *                               "type": "sentence_transformers.models.Pooling"},
 *                              {"idx": 2, "name": "2", "path": "2_Normalize",
 *                               "type": "sentence_transformers.models.Normalize"}]
 *   DIR/1_Pooling/config.json {"word_embedding_dimension": 384,
 *                              "pooling_mode_cls_token": false,
 *                              "pooling_mode_mean_tokens": true, ...,
 *                              "include_prompt": true}
 *
 * The modules run in the order of the list. vecscope runs the pipelines
 * that most sentence-transformers folders are: the Transformer (the folder
 * itself, path ""), a Pooling, and an optional Normalize after it. A module
 * of another kind (Dense, LayerNorm, WordEmbeddings, ...), a Normalize
 * before the Pooling, a second Pooling, or no Pooling at all makes the
 * pipeline one vecscope does not run: the folder still opens, and
 * p->unsupported says why, for `embed` to report. The 2_Normalize folder
 * need not exist (it holds nothing, and git keeps no empty folders).
 * Pooling's keys default as its constructor does: mean on, the others off,
 * include_prompt true. DIR/sentence_bert_config.json, when there is one,
 * gives the Transformer's max_seq_length (texts are cut to it, special
 * tokens included) and do_lower_case.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../bert/bert_config.h"
#include "../xalloc.h"
#include "st_modules.h"

#define ST "sentence_transformers.models."

/* Pooling's keys and the modes they turn on. */
static const struct {
    const char *key;
    unsigned mode;
    int dflt;
} pool_keys[] = {
    {"pooling_mode_cls_token", VS_POOL_CLS, 0},
    {"pooling_mode_mean_tokens", VS_POOL_MEAN, 1},
    {"pooling_mode_max_tokens", VS_POOL_MAX, 0},
    {"pooling_mode_mean_sqrt_len_tokens", VS_POOL_MEAN_SQRT_LEN, 0},
    {"pooling_mode_weightedmean_tokens", VS_POOL_WEIGHTED_MEAN, 0},
    {"pooling_mode_lasttoken", VS_POOL_LAST, 0},
};

static int read_bool(const char *path, json_t *root, const char *key, int dflt,
                     int *out, vs_error *err)
{
    json_t *v = json_object_get(root, key);

    *out = dflt;
    if (v == NULL)
        return 0;
    if (!json_is_boolean(v))
        return vs_fail(err, "%s: \"%s\" should be true or false", path, key);
    *out = json_is_true(v);
    return 0;
}

/* Reads the Pooling module's config.json at path into p. */
static int read_pooling(const char *path, vs_st_pipeline *p, vs_error *err)
{
    json_t *root, *v;
    size_t i;
    int on, rc = 0;

    if (vs_json_object_load(path, &root, err) < 0)
        return -1;
    p->pool.modes = 0;
    for (i = 0; rc == 0 && i < sizeof pool_keys / sizeof pool_keys[0]; i++) {
        rc = read_bool(path, root, pool_keys[i].key, pool_keys[i].dflt, &on, err);
        if (on)
            p->pool.modes |= pool_keys[i].mode;
    }
    if (rc == 0)
        rc = read_bool(path, root, "include_prompt", 1, &p->include_prompt, err);
    v = json_object_get(root, "word_embedding_dimension");
    if (rc == 0 && v != NULL) {
        if (!json_is_integer(v) || json_integer_value(v) < 1)
            rc = vs_fail(err, "%s: \"word_embedding_dimension\" should be a "
                         "whole number above 0", path);
        else
            p->dimension = (size_t)json_integer_value(v);
    }
    if (rc == 0 && p->pool.modes == 0)
        rc = vs_fail(err, "%s: no pooling mode is on (pooling_mode_mean_tokens, "
                     "pooling_mode_cls_token, ... are all false)", path);
    json_decref(root);
    return rc;
}

/* Reads dir/sentence_bert_config.json, when there is one, into p. */
static int read_sbert_config(const char *dir, vs_st_pipeline *p, vs_error *err)
{
    char *path = xasprintf("%s/sentence_bert_config.json", dir);
    json_t *root, *v;
    struct stat sb;
    int rc = 0;

    if (stat(path, &sb) != 0) {
        free(path);
        return 0;
    }
    if (vs_json_object_load(path, &root, err) < 0) {
        free(path);
        return -1;
    }
    v = json_object_get(root, "max_seq_length");
    if (v != NULL && !json_is_null(v)) {
        if (!json_is_integer(v) || json_integer_value(v) < 2)
            rc = vs_fail(err, "%s: \"max_seq_length\" should be a whole number "
                         "of at least 2", path);
        else
            p->pool.max_tokens = (size_t)json_integer_value(v);
    }
    if (rc == 0)
        rc = read_bool(path, root, "do_lower_case", 0, &p->lower_case, err);
    json_decref(root);
    free(path);
    return rc;
}

/* Notes the first reason the pipeline is not one vecscope runs. */
static void unsupported(vs_st_pipeline *p, char *why)
{
    if (p->unsupported == NULL)
        p->unsupported = why;
    else
        free(why);
}

/* One entry of modules.json: its type and path, checked. */
static int module_fields(const char *path, json_t *mod, size_t i,
                         const char **type, const char **dir, vs_error *err)
{
    json_t *t = json_object_get(mod, "type"), *d = json_object_get(mod, "path");

    if (!json_is_object(mod) || !json_is_string(t) || !json_is_string(d))
        return vs_fail(err, "%s: module %zu should be an object with the "
                       "strings \"type\" and \"path\"", path, i);
    *type = json_string_value(t);
    *dir = json_string_value(d);
    if (strstr(*dir, "..") != NULL || (*dir)[0] == '/')
        return vs_fail(err, "%s: module %zu has the path \"%s\"; a module "
                       "lives in a folder inside the model's", path, i, *dir);
    return 0;
}

int vs_st_pipeline_load(const char *dir, vs_st_pipeline *p, vs_error *err)
{
    char *path = xasprintf("%s/modules.json", dir);
    json_t *root = NULL, *mod;
    struct stat sb;
    size_t i;
    int pooled = 0, rc = 1;

    memset(p, 0, sizeof *p);
    p->include_prompt = 1;
    if (stat(path, &sb) != 0) {
        free(path);
        return 0;
    }
    {   /* modules.json is a list, which vs_json_object_load refuses */
        json_error_t jerr;
        root = json_load_file(path, 0, &jerr);
        if (root == NULL)
            rc = vs_fail(err, "%s: not valid JSON: %s (line %d, column %d)",
                         path, jerr.text, jerr.line, jerr.column);
        else if (!json_is_array(root))
            rc = vs_fail(err, "%s: should be a list of modules", path);
    }
    json_array_foreach(rc > 0 ? root : NULL, i, mod) {
        const char *type = "", *mdir = "";
        if (module_fields(path, mod, i, &type, &mdir, err) < 0) {
            rc = -1;
            break;
        }
        if (strcmp(type, ST "Transformer") == 0) {
            if (i != 0 || mdir[0] != '\0')
                unsupported(p, xasprintf("modules.json: the Transformer module "
                                         "is module %zu, in \"%s\"; vecscope "
                                         "runs the one in the folder itself, "
                                         "first", i, mdir));
        } else if (strcmp(type, ST "Pooling") == 0 && !pooled) {
            char *pp;
            p->pooling_file = xasprintf("%s%sconfig.json", mdir,
                                        mdir[0] ? "/" : "");
            pp = xasprintf("%s/%s", dir, p->pooling_file);
            rc = read_pooling(pp, p, err) < 0 ? -1 : 1;
            free(pp);
            pooled = 1;
        } else if (strcmp(type, ST "Normalize") == 0 && pooled) {
            p->pool.normalize = 1;
        } else {
            unsupported(p, xasprintf("modules.json: module %zu (%s, in \"%s\") "
                                     "is not one vecscope runs", i, type, mdir));
        }
        if (rc < 0)
            break;
    }
    if (rc > 0 && !pooled)
        unsupported(p, xstrdup("modules.json names no Pooling module"));
    if (rc > 0 && read_sbert_config(dir, p, err) < 0)
        rc = -1;
    json_decref(root);
    free(path);
    if (rc < 0)
        vs_st_pipeline_free(p);
    return rc;
}

void vs_st_pipeline_free(vs_st_pipeline *p)
{
    if (p == NULL)
        return;
    free(p->pooling_file);
    free(p->unsupported);
    p->pooling_file = NULL;
    p->unsupported = NULL;
}
