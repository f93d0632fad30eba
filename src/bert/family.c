/*
 * family.c - the table of encoder families and their tensor names. See
 * family.h.
 *
 * The names are those of Hugging Face transformers' modeling files
 * (modeling_bert.py, modeling_roberta.py, modeling_distilbert.py,
 * modeling_albert.py, modeling_electra.py; FORMATS.md section 9). XLM-R and
 * CamemBERT are RoBERTa under other model types: their rows differ only in
 * model_type and name.
 */
#include "config.h"

#include <string.h>

#include "family.h"

/* ---- embeddings ---- */

static const vs_embedding_names bert_emb = {
    "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
    "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm", NULL,
};

/* no token types */
static const vs_embedding_names distilbert_emb = {
    "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
    NULL, "embeddings.LayerNorm", NULL,
};

/* the projection is the encoder's first Linear */
static const vs_embedding_names albert_emb = {
    "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
    "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm",
    "encoder.embedding_hidden_mapping_in",
};

/* the projection exists only when embedding_size != hidden_size */
static const vs_embedding_names electra_emb = {
    "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
    "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm",
    "embeddings_project",
};

/* ---- layers ---- */

static const vs_layer_names bert_layer = {
    "encoder.layer.%zu.", "attention.self.query", "attention.self.key",
    "attention.self.value", "attention.output.dense",
    "attention.output.LayerNorm", "intermediate.dense", "output.dense",
    "output.LayerNorm",
};

static const vs_layer_names distilbert_layer = {
    "transformer.layer.%zu.", "attention.q_lin", "attention.k_lin",
    "attention.v_lin", "attention.out_lin", "sa_layer_norm", "ffn.lin1",
    "ffn.lin2", "output_layer_norm",
};

/* a group of one layer (inner_group_num 1) */
static const vs_layer_names albert_layer = {
    "encoder.albert_layer_groups.%zu.albert_layers.0.", "attention.query",
    "attention.key", "attention.value", "attention.dense",
    "attention.LayerNorm", "ffn", "ffn_output", "full_layer_layer_norm",
};

/* ---- masked-LM heads ---- */

static const vs_mlm_names bert_mlm = {
    "cls.predictions.transform.dense", "cls.predictions.transform.LayerNorm",
    "cls.predictions.decoder.weight", "cls.predictions.bias",
    "cls.predictions.decoder.bias", 0, "cls.predictions.*",
    "a pre-training checkpoint such as bert-base-uncased has one",
};

static const vs_mlm_names roberta_mlm = {
    "lm_head.dense", "lm_head.layer_norm", "lm_head.decoder.weight",
    "lm_head.bias", "lm_head.decoder.bias", 1, "lm_head.*",
    "a masked-LM checkpoint such as roberta-base or xlm-roberta-base has one",
};

static const vs_mlm_names distilbert_mlm = {
    "vocab_transform", "vocab_layer_norm", "vocab_projector.weight",
    "vocab_projector.bias", NULL, 0,
    "vocab_transform, vocab_layer_norm, vocab_projector",
    "a masked-LM checkpoint such as distilbert-base-uncased has one",
};

static const vs_mlm_names albert_mlm = {
    "predictions.dense", "predictions.LayerNorm", "predictions.decoder.weight",
    "predictions.bias", "predictions.decoder.bias", 0, "predictions.*",
    "a pre-training checkpoint such as albert-base-v2 has one",
};

/* the generator's head (ElectraForMaskedLM) */
static const vs_mlm_names electra_mlm = {
    "generator_predictions.dense", "generator_predictions.LayerNorm",
    "generator_lm_head.weight", "generator_lm_head.bias", NULL, 1,
    "generator_predictions.*, generator_lm_head.*",
    "ELECTRA's generator (such as electra-small-generator) has one, its "
    "discriminator does not",
};

/* ---- heads only named in `info` ---- */

/* (The task heads, classifiers and question answering, are heads.c's.) */
static const vs_family_head no_heads[] = {
    {NULL, NULL},
};

static const vs_family_head electra_heads[] = {
    {"discriminator_predictions.dense_prediction.weight",
     "replaced-token detection (discriminator_predictions)"},
    {NULL, NULL},
};

static const vs_family families[VS_NFAMILIES] = {
    {VS_FAMILY_BERT, "bert", "BERT", "bert.", 0, &bert_emb, &bert_layer,
     "pooler.dense", &bert_mlm, "cls.seq_relationship", NULL, no_heads},
    {VS_FAMILY_DISTILBERT, "distilbert", "DistilBERT", "distilbert.",
     VS_FAM_DISTIL_CONFIG, &distilbert_emb, &distilbert_layer, NULL,
     &distilbert_mlm, NULL, NULL, no_heads},
    {VS_FAMILY_ROBERTA, "roberta", "RoBERTa", "roberta.", VS_FAM_POS_AFTER_PAD,
     &bert_emb, &bert_layer, "pooler.dense", &roberta_mlm, NULL, NULL,
     no_heads},
    {VS_FAMILY_XLM_ROBERTA, "xlm-roberta", "XLM-RoBERTa", "roberta.",
     VS_FAM_POS_AFTER_PAD, &bert_emb, &bert_layer, "pooler.dense",
     &roberta_mlm, NULL, NULL, no_heads},
    {VS_FAMILY_CAMEMBERT, "camembert", "CamemBERT", "roberta.",
     VS_FAM_POS_AFTER_PAD, &bert_emb, &bert_layer, "pooler.dense",
     &roberta_mlm, NULL, NULL, no_heads},
    {VS_FAMILY_ALBERT, "albert", "ALBERT", "albert.",
     VS_FAM_LAYER_GROUPS | VS_FAM_EMBEDDING_SIZE, &albert_emb, &albert_layer,
     "pooler", &albert_mlm, NULL, "sop_classifier.classifier", no_heads},
    {VS_FAMILY_ELECTRA, "electra", "ELECTRA", "electra.",
     VS_FAM_EMBEDDING_SIZE, &electra_emb, &bert_layer, NULL, &electra_mlm,
     NULL, NULL, electra_heads},
};

const vs_family *vs_family_find(const char *type)
{
    size_t i;

    for (i = 0; i < VS_NFAMILIES; i++)
        if (strcmp(families[i].model_type, type) == 0)
            return &families[i];
    return NULL;
}

const vs_family *vs_family_get(enum vs_family_id id)
{
    return id < VS_NFAMILIES ? &families[id] : NULL;
}

const char *vs_family_list(void)
{
    return "bert, distilbert, roberta, xlm-roberta, camembert, albert, electra";
}
