/*
 * bert_config.c - reading an encoder's config.json. See bert_config.h.
 *
 * The keys and defaults are transformers' BertConfig and its families'
 * (FORMATS.md sections 5 and 9): DistilBertConfig names its sizes dim,
 * n_layers, n_heads, hidden_dim and its activation "activation", and fixes
 * LayerNorm's epsilon at 1e-12; AlbertConfig and ElectraConfig add
 * embedding_size (default 128), AlbertConfig num_hidden_groups and
 * inner_group_num (default 1) and defaults hidden_act to "gelu_new";
 * RobertaConfig's pad_token_id (default 1) places its positions.
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

/* The sizes a config.json must give: BERT's names and DistilBERT's. */
enum { K_HIDDEN, K_LAYERS, K_HEADS, K_INTERMEDIATE, K_VOCAB, K_POSITIONS, NKEYS };
static const char *const size_key[2][NKEYS] = {
    {"hidden_size", "num_hidden_layers", "num_attention_heads",
     "intermediate_size", "vocab_size", "max_position_embeddings"},
    {"dim", "n_layers", "n_heads", "hidden_dim", "vocab_size",
     "max_position_embeddings"},
};

/* *out = the whole number at key; a missing key is an error when required
 * (naming the keys of the family's config.json), else leaves *out. */
static int get_size(const char *path, json_t *root, const char *key,
                    size_t *out, int required, const vs_bert_config *cfg,
                    vs_error *err)
{
    json_t *v = json_object_get(root, key);
    json_int_t x;

    if (v == NULL) {
        if (required) {
            const char *const *k =
                size_key[(cfg->family->flags & VS_FAM_DISTIL_CONFIG) != 0];
            return vs_fail(err, "%s: the key \"%s\" is missing (a %s "
                           "config.json gives %s, %s, %s, %s, %s and %s)", path,
                           key, cfg->family->name, k[0], k[1], k[2], k[3], k[4],
                           k[5]);
        }
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

/* The activations by their ACT2FN names. */
static const struct {
    const char *name;
    enum vs_bert_act act;
} acts[] = {
    {"gelu", VS_ACT_GELU},
    {"gelu_python", VS_ACT_GELU},
    {"gelu_new", VS_ACT_GELU_TANH},
    {"gelu_pytorch_tanh", VS_ACT_GELU_TANH},
    {"gelu_fast", VS_ACT_GELU_TANH},
    {"relu", VS_ACT_RELU},
    {"quick_gelu", VS_ACT_QUICK_GELU},
    {"silu", VS_ACT_SILU},
    {"swish", VS_ACT_SILU},
    {"tanh", VS_ACT_TANH},
};

static int set_act(const char *path, const char *key, const char *name,
                   vs_bert_config *cfg, vs_error *err)
{
    size_t i;

    for (i = 0; i < sizeof acts / sizeof acts[0]; i++)
        if (strcmp(acts[i].name, name) == 0) {
            cfg->act = acts[i].act;
            snprintf(cfg->act_name, sizeof cfg->act_name, "%s", name);
            return 0;
        }
    return vs_fail(err, "%s: %s \"%s\" is not supported (gelu, gelu_python, "
                   "gelu_new, gelu_pytorch_tanh, gelu_fast, relu, quick_gelu, "
                   "silu, swish, tanh are)", path, key, name);
}

size_t vs_bert_group_of(const vs_bert_config *cfg, size_t i)
{
    if (cfg->groups == cfg->layers)
        return i;
    return (size_t)((double)i / ((double)cfg->layers / (double)cfg->groups));
}

/* The family-specific keys: embedding_size, ALBERT's layer groups, the
 * padding index, the architecture's name. */
static int parse_family(const char *path, json_t *root, vs_bert_config *cfg,
                        vs_error *err)
{
    unsigned flags = cfg->family->flags;
    size_t inner = 1;
    json_t *v;

    cfg->embedding = cfg->hidden;
    cfg->groups = cfg->layers;
    if ((flags & VS_FAM_EMBEDDING_SIZE) != 0) {
        cfg->embedding = 128;   /* AlbertConfig's and ElectraConfig's default */
        if (get_size(path, root, "embedding_size", &cfg->embedding, 0, cfg,
                     err) < 0)
            return -1;
    }
    if ((flags & VS_FAM_LAYER_GROUPS) != 0) {
        cfg->groups = 1;
        if (get_size(path, root, "num_hidden_groups", &cfg->groups, 0, cfg,
                     err) < 0 ||
            get_size(path, root, "inner_group_num", &inner, 0, cfg, err) < 0)
            return -1;
        if (cfg->groups > 1024)
            return vs_fail(err, "%s: %zu layer groups: too many", path,
                           cfg->groups);
        if (inner != 1)
            return vs_fail(err, "%s: inner_group_num %zu is not supported (1 "
                           "is, as in every published ALBERT: one layer per "
                           "group)", path, inner);
    }
    v = json_object_get(root, "pad_token_id");
    if (v != NULL && !json_is_null(v)) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            (unsigned long long)json_integer_value(v) >= cfg->vocab_size)
            return shown_fail(path, "\"pad_token_id\" is %s; expected a token id "
                                    "of the vocabulary", v, err);
        cfg->pad_token_id = (long)json_integer_value(v);
    }
    if ((flags & VS_FAM_POS_AFTER_PAD) != 0 &&
        (size_t)cfg->pad_token_id + 1 >= cfg->max_positions)
        return vs_fail(err, "%s: max_position_embeddings %zu leaves no position "
                       "for a token: %s's positions start after pad_token_id "
                       "%ld", path, cfg->max_positions, cfg->family->name,
                       cfg->pad_token_id);
    v = json_array_get(json_object_get(root, "architectures"), 0);
    if (json_is_string(v))
        snprintf(cfg->architecture, sizeof cfg->architecture, "%s",
                 json_string_value(v));
    return 0;
}

static int parse(const char *path, json_t *root, vs_bert_config *cfg,
                 vs_error *err)
{
    const char *const *k;
    const char *act_key;
    int distil;
    json_t *v;

    v = json_object_get(root, "model_type");
    if (v != NULL && !json_is_string(v))
        return vs_fail(err, "%s: \"model_type\" should be a string", path);
    cfg->family = vs_family_find(v != NULL ? json_string_value(v) : "bert");
    if (cfg->family == NULL) {
        char *e = vs_escape(json_string_value(v), json_string_length(v));
        int rc = vs_fail(err, "%s: model type \"%s\" is not supported (%s "
                         "are)", path, e, vs_family_list());
        free(e);
        return rc;
    }
    distil = (cfg->family->flags & VS_FAM_DISTIL_CONFIG) != 0;
    if (cfg->family->flags & VS_FAM_POS_AFTER_PAD)
        cfg->pad_token_id = 1;   /* RobertaConfig's default */
    if (cfg->family->id == VS_FAMILY_ALBERT)
        set_act(path, "hidden_act", "gelu_new", cfg, err);
    k = size_key[distil];
    if (get_size(path, root, k[K_HIDDEN], &cfg->hidden, 1, cfg, err) < 0 ||
        get_size(path, root, k[K_LAYERS], &cfg->layers, 1, cfg, err) < 0 ||
        get_size(path, root, k[K_HEADS], &cfg->heads, 1, cfg, err) < 0 ||
        get_size(path, root, k[K_INTERMEDIATE], &cfg->intermediate, 1, cfg,
                 err) < 0 ||
        get_size(path, root, k[K_VOCAB], &cfg->vocab_size, 1, cfg, err) < 0 ||
        get_size(path, root, k[K_POSITIONS], &cfg->max_positions, 1, cfg,
                 err) < 0)
        return -1;
    if (distil)
        cfg->type_vocab_size = 0;   /* DistilBERT has no token types */
    else if (get_size(path, root, "type_vocab_size", &cfg->type_vocab_size, 0,
                      cfg, err) < 0)
        return -1;
    if (cfg->layers > 1024 || cfg->heads > 4096)
        return vs_fail(err, "%s: %zu layers, %zu heads: too many", path,
                       cfg->layers, cfg->heads);
    if (cfg->hidden % cfg->heads != 0)
        return vs_fail(err, "%s: %s %zu is not a multiple of %s %zu", path,
                       k[K_HIDDEN], cfg->hidden, k[K_HEADS], cfg->heads);
    v = json_object_get(root, "layer_norm_eps");
    if (v != NULL && !distil) {   /* DistilBERT's code fixes it at 1e-12 */
        /* above 0 in float: LayerNorm divides by sqrt(variance + eps), and
         * a constant vector has variance 0 */
        if (!json_is_number(v) || !((float)json_number_value(v) > 0) ||
            json_number_value(v) > 1)
            return shown_fail(path, "\"layer_norm_eps\" is %s; it must be a small number "
                                    "above 0 (BERT's is 1e-12)", v, err);
        cfg->layer_norm_eps = (float)json_number_value(v);
    }
    act_key = distil ? "activation" : "hidden_act";
    v = json_object_get(root, act_key);
    if (v != NULL) {
        if (!json_is_string(v))
            return vs_fail(err, "%s: \"%s\" should be a string", path, act_key);
        if (set_act(path, act_key, json_string_value(v), cfg, err) < 0)
            return -1;
    }
    v = json_object_get(root, "position_embedding_type");
    if (v != NULL && (!json_is_string(v) ||
                      strcmp(json_string_value(v), "absolute") != 0))
        return shown_fail(path, "position_embedding_type %s is not supported (only "
                                "\"absolute\" is)", v, err);
    return parse_family(path, root, cfg, err);
}

int vs_json_object_load(const char *path, json_t **out, vs_error *err)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);

    *out = NULL;
    if (root == NULL) {
        if (jerr.line < 0 || strstr(jerr.text, "unable to open") != NULL)
            return vs_fail(err, "%s: %s", path, jerr.text);
        return vs_fail(err, "%s: not valid JSON: %s (line %d, column %d)", path,
                       jerr.text, jerr.line, jerr.column);
    }
    if (!json_is_object(root)) {
        json_decref(root);
        return vs_fail(err, "%s: not a JSON object", path);
    }
    *out = root;
    return 0;
}

int vs_bert_config_load(const char *path, vs_bert_config *cfg, vs_error *err)
{
    json_t *root;
    int rc;

    memset(cfg, 0, sizeof *cfg);
    cfg->type_vocab_size = 2;
    cfg->layer_norm_eps = 1e-12f;
    cfg->act = VS_ACT_GELU;
    snprintf(cfg->act_name, sizeof cfg->act_name, "gelu");
    if (vs_json_object_load(path, &root, err) < 0)
        return -1;
    rc = parse(path, root, cfg, err);
    json_decref(root);
    return rc;
}
