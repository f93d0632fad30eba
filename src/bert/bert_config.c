/*
 * bert_config.c - reading a BERT config.json. See bert_config.h.
 *
 * The keys and defaults are transformers' BertConfig (FORMATS.md section 5).
 * The sizes are required: a config without them is more likely a different
 * kind of file than a BERT with default sizes, and a wrong size would only
 * show later as tensors "of the wrong shape". Sizes are bounded so that no
 * product of them can overflow; the tensors are checked against them when
 * the weights are opened (encoder.c).
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../utf8.h"
#include "bert_config.h"

/* Sizes above this are refused (bert-large's FF width is 4096; the largest
 * vocabularies are around 250,000). */
#define SIZE_LIMIT ((size_t)1 << 24)

/* Fails with fmt (one %s: the JSON value v as written, escaped) after
 * "PATH: ". */
static int shown_fail(const char *path, const char *fmt, const json_t *v, vs_error *err)
{
    char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT), *e;
    char msg[512];

    e = vs_escape(text != NULL ? text : "?", text != NULL ? strlen(text) : 1);
    snprintf(msg, sizeof msg, fmt, e);
    free(e);
    free(text);
    return vs_fail(err, "%s: %s", path, msg);
}

static int get_size(const char *path, json_t *root, const char *key,
                    size_t *out, int required, vs_error *err)
{
    json_t *v = json_object_get(root, key);
    json_int_t x;

    if (v == NULL) {
        if (required)
            return vs_fail(err, "%s: the key \"%s\" is missing (a BERT "
                           "config.json gives hidden_size, num_hidden_layers, "
                           "num_attention_heads, intermediate_size, vocab_size "
                           "and max_position_embeddings)", path, key);
        return 0;
    }
    if (!json_is_integer(v))
        return vs_fail(err, "%s: \"%s\" should be a whole number", path, key);
    x = json_integer_value(v);
    if (x < 1 || (unsigned long long)x > SIZE_LIMIT)
        return vs_fail(err, "%s: \"%s\" is %lld; expected 1 to %zu", path, key,
                       (long long)x, SIZE_LIMIT);
    *out = (size_t)x;
    return 0;
}

static int set_act(const char *path, const char *name, vs_bert_config *cfg,
                   vs_error *err)
{
    if (strcmp(name, "gelu") == 0)
        cfg->act = VS_ACT_GELU;
    else if (strcmp(name, "gelu_new") == 0 ||
             strcmp(name, "gelu_pytorch_tanh") == 0 ||
             strcmp(name, "gelu_fast") == 0)
        cfg->act = VS_ACT_GELU_TANH;
    else if (strcmp(name, "relu") == 0)
        cfg->act = VS_ACT_RELU;
    else
        return vs_fail(err, "%s: hidden_act \"%s\" is not supported (gelu, "
                       "gelu_new, gelu_pytorch_tanh, gelu_fast, relu are)", path,
                       name);
    snprintf(cfg->act_name, sizeof cfg->act_name, "%s", name);
    return 0;
}

static int parse(const char *path, json_t *root, vs_bert_config *cfg,
                 vs_error *err)
{
    json_t *v;

    v = json_object_get(root, "model_type");
    if (v != NULL && !json_is_string(v))
        return vs_fail(err, "%s: \"model_type\" should be a string", path);
    if (v != NULL && strcmp(json_string_value(v), "bert") != 0)
        return vs_fail(err, "%s: model type \"%s\" is not supported (only "
                       "\"bert\" is)", path, json_string_value(v));
    if (get_size(path, root, "hidden_size", &cfg->hidden, 1, err) < 0 ||
        get_size(path, root, "num_hidden_layers", &cfg->layers, 1, err) < 0 ||
        get_size(path, root, "num_attention_heads", &cfg->heads, 1, err) < 0 ||
        get_size(path, root, "intermediate_size", &cfg->intermediate, 1, err) < 0 ||
        get_size(path, root, "vocab_size", &cfg->vocab_size, 1, err) < 0 ||
        get_size(path, root, "max_position_embeddings", &cfg->max_positions, 1,
                 err) < 0 ||
        get_size(path, root, "type_vocab_size", &cfg->type_vocab_size, 0,
                 err) < 0)
        return -1;
    if (cfg->layers > 1024 || cfg->heads > 4096)
        return vs_fail(err, "%s: %zu layers, %zu heads: too many", path,
                       cfg->layers, cfg->heads);
    if (cfg->hidden % cfg->heads != 0)
        return vs_fail(err, "%s: hidden_size %zu is not a multiple of "
                       "num_attention_heads %zu", path, cfg->hidden, cfg->heads);
    v = json_object_get(root, "layer_norm_eps");
    if (v != NULL) {
        /* above 0 in float: LayerNorm divides by sqrt(variance + eps), and
         * a constant vector has variance 0 */
        if (!json_is_number(v) || !((float)json_number_value(v) > 0) ||
            json_number_value(v) > 1)
            return shown_fail(path, "\"layer_norm_eps\" is %s; it must be a small number "
                                    "above 0 (BERT's is 1e-12)", v, err);
        cfg->layer_norm_eps = (float)json_number_value(v);
    }
    v = json_object_get(root, "hidden_act");
    if (v != NULL) {
        if (!json_is_string(v))
            return vs_fail(err, "%s: \"hidden_act\" should be a string", path);
        if (set_act(path, json_string_value(v), cfg, err) < 0)
            return -1;
    }
    v = json_object_get(root, "position_embedding_type");
    if (v != NULL && (!json_is_string(v) ||
                      strcmp(json_string_value(v), "absolute") != 0))
        return shown_fail(path, "position_embedding_type %s is not supported (only "
                                "\"absolute\" is)", v, err);
    return 0;
}

int vs_bert_config_load(const char *path, vs_bert_config *cfg, vs_error *err)
{
    json_error_t jerr;
    json_t *root;
    int rc;

    memset(cfg, 0, sizeof *cfg);
    cfg->type_vocab_size = 2;
    cfg->layer_norm_eps = 1e-12f;
    cfg->act = VS_ACT_GELU;
    snprintf(cfg->act_name, sizeof cfg->act_name, "gelu");
    root = json_load_file(path, 0, &jerr);
    if (root == NULL) {
        if (jerr.line < 0 || strstr(jerr.text, "unable to open") != NULL)
            return vs_fail(err, "%s: %s", path, jerr.text);
        return vs_fail(err, "%s: not valid JSON: %s (line %d, column %d)", path,
                       jerr.text, jerr.line, jerr.column);
    }
    if (!json_is_object(root))
        rc = vs_fail(err, "%s: not a JSON object", path);
    else
        rc = parse(path, root, cfg, err);
    json_decref(root);
    return rc;
}
