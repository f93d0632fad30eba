/*
 * check_families.c - the encoder families (src/bert/family.c, encoder.c,
 * bert_config.c) and sentence-transformers folders (src/format/
 * st_modules.c, src/bert/pooling.c).
 *
 * test_reference compares every family's forward pass with tests/data/
 * families/reference.json, written by tests/gen-families-reference.py from
 * each family's published definition with plain torch operations: hidden
 * states of every layer, attention of every head, the pooled output, MLM
 * and NSP probabilities, to 1e-4, printing the largest difference of each
 * family. test_sentence_transformers runs `embed`, `ssim` and `info` on the
 * sentence-transformers folders (mean + Normalize, CLS + Normalize, six
 * modes concatenated) against their reference sentence embeddings.
 * test_shapes checks what each family does differently (the static
 * vectors of ALBERT are E wide, its layers share groups and count once,
 * RoBERTa's length limit, DistilBERT ignoring token types, ctx's neighbours
 * through the projection); test_commands and test_bad_folders the commands
 * on every family and the messages for heads and folders that are missing
 * or wrong. test_end_to_end runs a RoBERTa behind a byte-level BPE
 * tokenizer.json and an XLM-RoBERTa behind a SentencePiece
 * sentencepiece.bpe.model (tests/data/tokenizers/'s real tokenizers):
 * tokenize against the ids of the tokenizers' own implementations, embed
 * and fill with <mask> against torch.
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bert/encoder.h"
#include "bert/pool.h"
#include "check_encoder.h"
#include "check_suites.h"
#include "cmd/cmd.h"
#include "format/bert_dir.h"
#include "xalloc.h"

#define FAMDATA VS_TESTDATA "/families"
#define TOL 1e-4

static json_t *load_ref(void)
{
    json_error_t jerr;
    json_t *root = json_load_file(FAMDATA "/reference.json", 0, &jerr);

    ck_assert_msg(root != NULL, "reference.json: %s", jerr.text);
    return root;
}

static vs_model *load_family(const char *which)
{
    char *dir = xasprintf("%s/%s", FAMDATA, which);
    vs_model *m = enc_load_dir(dir);

    free(dir);
    return m;
}

/* The largest differences of one model's outputs. */
typedef struct diffs {
    double hidden, attn, pooled, mlm, nsp;
} diffs;

/* One reference input through b: every output against the reference. */
static void check_input(const vs_bert *b, json_t *in, diffs *d)
{
    size_t cnt = 0, n, V = b->cfg.vocab_size, t;
    vs_tokens tok;
    vs_bert_out o;
    vs_error err;
    json_t *ref;
    float p[2];

    ref_tokens(json_object_get(in, "ids"), json_object_get(in, "types"), &tok);
    n = tok.n;
    ck_assert_msg(vs_bert_encode(b, &tok, 1, &o, &err) == 0, "%s", err.msg);
    d->hidden = fmax(d->hidden, ref_max_diff(o.hidden_states,
                                             json_object_get(in, "hidden_states"), &cnt));
    ck_assert_uint_eq(cnt, (b->cfg.layers + 1) * n * b->cfg.hidden);
    cnt = 0;
    d->attn = fmax(d->attn, ref_max_diff(o.attn, json_object_get(in, "attentions"), &cnt));
    ck_assert_uint_eq(cnt, b->cfg.layers * b->cfg.heads * n * n);
    ref = json_object_get(in, "pooled");
    if (!json_is_null(ref)) {
        float *pooled = xmallocarray(b->cfg.hidden, sizeof *pooled);
        ck_assert_int_eq(vs_bert_pool(b, &o, pooled, &err), 0);
        cnt = 0;
        d->pooled = fmax(d->pooled, ref_max_diff(pooled, ref, &cnt));
        free(pooled);
    } else {
        ck_assert_int_eq(vs_bert_pool(b, &o, p, &err), -1);
        ck_assert_msg(strstr(err.msg, "no pooler") != NULL, "%s", err.msg);
    }
    ref = json_object_get(in, "mlm_probs");
    if (!json_is_null(ref)) {
        float *probs = xmallocarray(n * V, sizeof *probs);
        for (t = 0; t < n; t++) {
            ck_assert_int_eq(vs_bert_mlm_logits(b, &o, t, probs + t * V, &err), 0);
            ref_softmax(probs + t * V, V);
        }
        cnt = 0;
        d->mlm = fmax(d->mlm, ref_max_diff(probs, ref, &cnt));
        free(probs);
    } else {
        ck_assert_int_eq(vs_bert_mlm_logits(b, &o, 0, p, &err), -1);
        ck_assert_msg(strstr(err.msg, "no masked-LM head") != NULL, "%s", err.msg);
    }
    ref = json_object_get(in, "nsp_probs");
    if (!json_is_null(ref)) {
        ck_assert_int_eq(vs_bert_nsp(b, &o, p, &err), 0);
        cnt = 0;
        d->nsp = fmax(d->nsp, ref_max_diff(p, ref, &cnt));
    } else {
        ck_assert_int_eq(vs_bert_nsp(b, &o, p, &err), -1);
    }
    vs_bert_out_free(&o);
    vs_tokens_free(&tok);
}

START_TEST(test_reference)
{
    json_t *root = load_ref(), *model, *in;
    size_t mi, ii, checked = 0, families = 0;
    unsigned seen = 0;
    double worst = 0.0;

    json_array_foreach(json_object_get(root, "models"), mi, model) {
        const char *dir = json_string_value(json_object_get(model, "dir"));
        vs_model *m = load_family(dir);
        const vs_bert *b = vs_bert_of(m)->enc;
        diffs d = {0, 0, 0, 0, 0};

        ck_assert_str_eq(b->fam->model_type,
                         json_string_value(json_object_get(model, "family")));
        ck_assert_str_eq(vs_dtype_name(b->dtype),
                         json_string_value(json_object_get(model, "dtype")));
        seen |= 1u << b->fam->id;
        json_array_foreach(json_object_get(model, "inputs"), ii, in) {
            check_input(b, in, &d);
            checked++;
        }
        printf("families reference %-12s %-11s (%s): max diff hidden %.2e, "
               "attention %.2e, pooled %.2e, mlm %.2e, nsp %.2e\n", dir,
               b->fam->name, vs_dtype_name(b->dtype), d.hidden, d.attn,
               d.pooled, d.mlm, d.nsp);
        worst = fmax(worst, fmax(fmax(d.hidden, d.attn), fmax(d.pooled,
                                                              fmax(d.mlm, d.nsp))));
        vs_model_free(m);
    }
    for (mi = 0; mi < VS_NFAMILIES; mi++)
        families += (seen >> mi) & 1u;
    json_decref(root);
    ck_assert_uint_eq(families, VS_NFAMILIES);   /* every family is tested */
    ck_assert_uint_eq(checked, 5 * 3 + 3 * 4);   /* RoBERTa's with padding */
    ck_assert_msg(worst < TOL, "max diff %g over %g", worst, TOL);
}
END_TEST

/* ---- through the commands ---- */

/* A session with the folder FAMDATA/which loaded. */
static void open_family(vs_session *s, const char *which)
{
    char *dir = xasprintf("%s/%s", FAMDATA, which);

    enc_open(s, dir);
    free(dir);
}

START_TEST(test_sentence_transformers)
{
    static const char *const info_want[] = {
        "mean, normalized (sentence-transformers: 1_Pooling/config.json, Normalize, "
        "max_seq_length)",
        "cls, normalized (sentence-transformers: 1_Pooling/config.json, Normalize, "
        "max_seq_length)",
        "cls+max+mean+mean-sqrt-len+weightedmean+lasttoken (sentence-transformers: "
        "1_Pooling/config.json, max_seq_length)",
    };
    json_t *root = load_ref(), *st, *t;
    size_t si, ti;
    double worst = 0.0;

    json_array_foreach(json_object_get(root, "sentence_transformers"), si, st) {
        const char *dir = json_string_value(json_object_get(st, "dir"));
        json_t *texts = json_object_get(st, "texts");
        vs_session s;
        vs_result r;
        char line[512];
        double d = 0.0, norm;
        float *v[2];
        size_t cnt, j;

        open_family(&s, dir);
        vs_result_init(&r);
        enc_run(&s, "info", &r);
        ck_assert_str_eq(enc_info_value(&r, "pooling"), info_want[si]);
        json_array_foreach(texts, ti, t) {
            const vs_bert_model *bm = vs_bert_of(vs_session_model(&s));
            const char *text = json_string_value(json_object_get(t, "text"));
            json_t *ids = json_object_get(t, "ids");
            vs_tokens tok;
            vs_error err;

            /* the ids the reference pooled */
            vs_tokens_init(&tok);
            ck_assert_int_eq(vs_tokenizer_encode_text(bm->tok, text, &tok, &err), 0);
            ck_assert_uint_eq(tok.n, json_array_size(ids));
            for (j = 0; j < tok.n; j++)
                ck_assert_int_eq(tok.ids[j], json_integer_value(json_array_get(ids, j)));
            vs_tokens_free(&tok);
            snprintf(line, sizeof line, "embed %s", text);
            enc_run(&s, line, &r);
            ck_assert_uint_eq(r.dim, json_array_size(json_object_get(t, "embedding")));
            cnt = 0;
            d = fmax(d, ref_max_diff(r.vec, json_object_get(t, "embedding"), &cnt));
            norm = 0.0;
            for (j = 0; j < r.dim; j++)
                norm += (double)r.vec[j] * r.vec[j];
            if (bm->pool.normalize)
                ck_assert_double_eq_tol(norm, 1.0, 1e-5);
        }
        /* ssim: the cosine of the first two reference embeddings */
        for (ti = 0; ti < 2; ti++) {
            json_t *e = json_object_get(json_array_get(texts, ti), "embedding");
            v[ti] = xmallocarray(json_array_size(e), sizeof *v[ti]);
            for (j = 0; j < json_array_size(e); j++)
                v[ti][j] = (float)json_number_value(json_array_get(e, j));
        }
        snprintf(line, sizeof line, "ssim %s ||| %s",
                 json_string_value(json_object_get(json_array_get(texts, 0), "text")),
                 json_string_value(json_object_get(json_array_get(texts, 1), "text")));
        enc_run(&s, line, &r);
        d = fmax(d, fabs(r.scalar - vs_bert_cosine(v[0], v[1],
                                                   json_array_size(json_object_get(
                                                       json_array_get(texts, 0),
                                                       "embedding")))));
        free(v[0]);
        free(v[1]);
        printf("families sentence-transformers %-8s: max diff %.2e\n", dir, d);
        worst = fmax(worst, d);
        vs_result_clear(&r);
        vs_session_free(&s);
    }
    json_decref(root);
    ck_assert_msg(worst < TOL, "max diff %g over %g", worst, TOL);
}
END_TEST

/* ---- what each family does differently ---- */

START_TEST(test_shapes)
{
    vs_model *m = load_family("albert");
    const vs_bert *b = vs_bert_of(m)->enc;
    size_t i, total = 0, E = 16, H = 24;
    vs_tokens tok, tok0;
    vs_bert_out o, o0;
    vs_error err;
    float *v, *scores;
    double worst = 0.0;

    /* ALBERT: static vectors E wide, in place; layers 0 and 1 run group 0,
     * layer 2 group 1 (int(i / 1.5)); shared weights count once */
    ck_assert_uint_eq(m->dim, E);
    ck_assert_uint_eq(b->cfg.embedding, E);
    ck_assert_ptr_eq(vs_model_row(m, 12), b->word_emb + 12 * E);
    ck_assert_ptr_eq(b->layer[0].qkv.w, b->layer[1].qkv.w);
    ck_assert_ptr_ne(b->layer[1].qkv.w, b->layer[2].qkv.w);
    ck_assert_uint_eq(vs_bert_group_of(&b->cfg, 2), 1);
    for (i = 0; i < b->w->n; i++)
        total += (size_t)b->w->tensors[i].numel;
    ck_assert_uint_eq(b->params, total);   /* every stored tensor, once */
    ck_assert_ptr_nonnull(b->sop_w);
    /* ctx's neighbours: cosines with the rows mapped to H, against a
     * direct computation */
    v = xmallocarray(H, sizeof *v);
    scores = xmallocarray(m->n, sizeof *scores);
    for (i = 0; i < H; i++)
        v[i] = (float)sin((double)i + 1.0);
    vs_bert_input_cosines(m, v, scores);
    for (i = 0; i < m->n; i++) {
        size_t j, k;
        double dot = 0.0, yy = 0.0, vv = 0.0;
        for (j = 0; j < H; j++) {
            double s = b->proj_b[j];
            for (k = 0; k < E; k++)
                s += (double)b->proj_w[j * E + k] * b->word_emb[i * E + k];
            dot += s * v[j];
            yy += s * s;
            vv += (double)v[j] * v[j];
        }
        worst = fmax(worst, fabs(scores[i] - dot / sqrt(yy * vv)));
    }
    printf("families: ALBERT ctx cosines through the projection, max diff %.2e\n",
           worst);
    ck_assert(worst < 1e-5);
    free(scores);
    free(v);
    vs_model_free(m);

    /* RoBERTa-shaped: 14 positions after padding index 1 take 12 tokens */
    m = load_family("roberta");
    b = vs_bert_of(m)->enc;
    ck_assert_uint_eq(vs_bert_max_tokens(b), 12);
    ck_assert_str_eq(b->prefix, "roberta.");
    vs_tokens_init(&tok);
    for (i = 0; i < 13; i++)
        vs_tokens_push(&tok, 10, (int32_t)i, 0);
    ck_assert_int_eq(vs_bert_encode(b, &tok, 0, &o, &err), -1);
    ck_assert_msg(strstr(err.msg, "13 tokens") && strstr(err.msg, "at most 12"),
                  "%s", err.msg);
    tok.n = 12;
    ck_assert_int_eq(vs_bert_encode(b, &tok, 0, &o, &err), 0);
    vs_bert_out_free(&o);
    tok.type[1] = 1;   /* one token type */
    ck_assert_int_eq(vs_bert_encode(b, &tok, 0, &o, &err), -1);
    ck_assert_msg(strstr(err.msg, "1 token types"), "%s", err.msg);
    vs_tokens_free(&tok);
    vs_model_free(m);

    /* a bare XLMRobertaModel save: no prefix */
    m = load_family("xlm-roberta");
    ck_assert_str_eq(vs_bert_of(m)->enc->prefix, "");
    vs_model_free(m);

    /* DistilBERT has no token types: a pair's types change nothing */
    m = load_family("distilbert");
    b = vs_bert_of(m)->enc;
    ck_assert_ptr_null(b->type_emb);
    vs_tokens_init(&tok);
    vs_tokens_init(&tok0);
    for (i = 0; i < 6; i++) {
        vs_tokens_push(&tok, 10 + (int32_t)i, (int32_t)i, i < 3 ? 0 : 1);
        vs_tokens_push(&tok0, 10 + (int32_t)i, (int32_t)i, 0);
    }
    ck_assert_int_eq(vs_bert_encode(b, &tok, 0, &o, &err), 0);
    ck_assert_int_eq(vs_bert_encode(b, &tok0, 0, &o0, &err), 0);
    ck_assert_mem_eq(o.hidden_states, o0.hidden_states,
                     (b->cfg.layers + 1) * 6 * b->cfg.hidden * sizeof(float));
    vs_bert_out_free(&o);
    vs_bert_out_free(&o0);
    vs_tokens_free(&tok);
    vs_tokens_free(&tok0);
    vs_model_free(m);
}
END_TEST

START_TEST(test_commands)
{
    static const char *const fams[] = {"bert", "distilbert", "roberta",
                                       "xlm-roberta", "camembert", "albert",
                                       "electra", "electra-disc"};
    vs_session s;
    vs_result r;
    size_t i;

    vs_result_init(&r);
    /* every command on every family */
    for (i = 0; i < sizeof fams / sizeof fams[0]; i++) {
        const vs_bert_model *bm;
        char line[128];

        open_family(&s, fams[i]);
        bm = vs_bert_of(vs_session_model(&s));
        enc_run(&s, "tokenize the cat sat", &r);
        ck_assert_uint_eq(r.rows, 5);
        enc_run(&s, "embed the cat sat on the mat", &r);
        ck_assert_uint_eq(r.dim, bm->enc->cfg.hidden);
        enc_run(&s, "embed --pool cls+max --layer 0 the cat sat", &r);
        ck_assert_uint_eq(r.dim, 2 * bm->enc->cfg.hidden);
        enc_run(&s, "ssim the cat sat ||| the dog ran", &r);
        enc_run(&s, "attn the cat sat", &r);
        ck_assert_uint_eq(r.rows, bm->enc->cfg.layers * bm->enc->cfg.heads);
        enc_run(&s, "attn --layer 1 --head 3 the cat sat", &r);
        enc_run(&s, "ctx -k 3 cat the cat sat", &r);
        ck_assert_uint_eq(r.nitems, 3);
        enc_run(&s, "ctxsim cat the cat sat ||| a cat ran", &r);
        enc_run(&s, "nn -k 3 cat", &r);
        enc_run(&s, "sim cat dog", &r);
        enc_run(&s, "vec cat", &r);
        ck_assert_uint_eq(r.dim, bm->enc->cfg.embedding);
        enc_run(&s, "odd cat dog mat", &r);
        enc_run(&s, "analogy man king woman", &r);
        enc_run(&s, "info", &r);
        ck_assert(strncmp(enc_info_value(&r, "family"), bm->enc->fam->name,
                          strlen(bm->enc->fam->name)) == 0);
        if (bm->enc->mlm_w != NULL) {
            /* the tokenizer's own mask token: [MASK] or <mask> */
            snprintf(line, sizeof line, "fill -k 2 the %s sat",
                     vs_tokenizer_token(bm->tok, bm->tok->special_id[VS_TOK_MASK]));
            enc_run(&s, line, &r);
            ck_assert_uint_eq(r.rows, 2);
        }
        vs_session_free(&s);
    }

    /* heads a family lacks, and what info says of them */
    open_family(&s, "electra-disc");
    enc_run_fails(&s, "fill the [MASK] sat", "no masked-LM head (generator_predictions.*, "
                                         "generator_lm_head.*)");
    enc_run_fails(&s, "nsp the cat ||| the dog", "ELECTRA has none");
    enc_run_fails(&s, "embed --pool pooler the cat", "has no pooler (none in its family)");
    enc_run(&s, "info", &r);
    ck_assert_str_eq(enc_info_value(&r, "family"), "ELECTRA (ElectraForPreTraining)");
    ck_assert_str_eq(enc_info_value(&r, "other heads"),
                     "replaced-token detection (discriminator_predictions)");
    ck_assert_str_eq(enc_info_value(&r, "masked-LM head"), "no (fill needs it)");
    vs_session_free(&s);

    open_family(&s, "albert");
    enc_run_fails(&s, "nsp the cat ||| the dog", "has a sentence-order head "
                                             "(sop_classifier.classifier.*), not a "
                                             "next-sentence head");
    enc_run(&s, "info", &r);
    ck_assert_str_eq(enc_info_value(&r, "embedding size"), "16 (projected to 24)");
    ck_assert_str_eq(enc_info_value(&r, "layer groups"),
                     "2, shared (layer i runs group int(i / 1.5))");
    ck_assert_str_eq(enc_info_value(&r, "sentence-order head"),
                     "yes (sop_classifier; no command runs it)");
    ck_assert_str_eq(enc_info_value(&r, "masked-LM head"), "yes (predictions.*)");
    vs_session_free(&s);

    open_family(&s, "roberta");
    enc_run(&s, "fill -k 1 the <mask> sat", &r);
    ck_assert_str_eq(r.cells[0], "2");
    enc_run_fails(&s, "fill the [MASK] sat", "the text has no <mask> to fill");
    enc_run(&s, "info", &r);
    ck_assert_str_eq(enc_info_value(&r, "max positions"),
                     "14 (12 tokens: they start after pad_token_id 1)");
    ck_assert_str_eq(enc_info_value(&r, "pooling"),
                     "mean (vecscope's default; no sentence-transformers modules.json)");
    vs_session_free(&s);

    open_family(&s, "distilbert");
    enc_run_fails(&s, "nsp the cat ||| the dog", "DistilBERT has none");
    enc_run(&s, "info", &r);
    ck_assert_str_eq(enc_info_value(&r, "pooler"), "no (none in this family)");
    ck_assert_str_eq(enc_info_value(&r, "activation"), "gelu");
    vs_session_free(&s);
    vs_result_clear(&r);
}
END_TEST

/* ---- bad folders ---- */

START_TEST(test_bad_folders)
{
    char *dir = enc_tmpdir_copy(FAMDATA "/distilbert");
    vs_session s;
    vs_result r;
    char line[512];

    /* DistilBERT's keys, ALBERT's groups, RoBERTa's positions */
    enc_put_file(dir, "config.json", "{\"model_type\": \"distilbert\", \"n_layers\": 2}");
    enc_expect_load_fail(dir, "the key \"dim\" is missing (a DistilBERT config.json "
                          "gives dim, n_layers, n_heads, hidden_dim, vocab_size "
                          "and max_position_embeddings)");
    enc_put_file(dir, "config.json", "{\"model_type\": \"distilbert\", \"dim\": 24, "
                                 "\"n_layers\": 2, \"n_heads\": 4, \"hidden_dim\": 40, "
                                 "\"vocab_size\": 80, \"max_position_embeddings\": 12, "
                                 "\"activation\": \"mish\"}");
    enc_expect_load_fail(dir, "activation \"mish\" is not supported");
    enc_rm_dir(dir);

    dir = enc_tmpdir_copy(FAMDATA "/albert");
    enc_put_file(dir, "config.json", "{\"model_type\": \"albert\", \"hidden_size\": 24, "
                                 "\"num_hidden_layers\": 3, \"num_attention_heads\": 4, "
                                 "\"intermediate_size\": 40, \"vocab_size\": 80, "
                                 "\"max_position_embeddings\": 12, "
                                 "\"embedding_size\": 16, \"inner_group_num\": 2}");
    enc_expect_load_fail(dir, "inner_group_num 2 is not supported");
    /* embedding_size defaults to 128, as AlbertConfig's */
    enc_put_file(dir, "config.json", "{\"model_type\": \"albert\", \"hidden_size\": 24, "
                                 "\"num_hidden_layers\": 3, \"num_attention_heads\": 4, "
                                 "\"intermediate_size\": 40, \"vocab_size\": 80, "
                                 "\"max_position_embeddings\": 12, "
                                 "\"num_hidden_groups\": 2}");
    enc_expect_load_fail(dir, "tensor 'albert.embeddings.word_embeddings.weight' has "
                          "shape [80, 16] but config.json implies [80, 128]");
    /* three groups where the file has two */
    enc_put_file(dir, "config.json", "{\"model_type\": \"albert\", \"hidden_size\": 24, "
                                 "\"num_hidden_layers\": 3, \"num_attention_heads\": 4, "
                                 "\"intermediate_size\": 40, \"vocab_size\": 80, "
                                 "\"max_position_embeddings\": 12, "
                                 "\"embedding_size\": 16, \"num_hidden_groups\": 3}");
    enc_expect_load_fail(dir, "tensor 'albert.encoder.albert_layer_groups.2.albert_layers.0."
                          "attention.query.weight' is missing");
    enc_rm_dir(dir);

    dir = enc_tmpdir_copy(FAMDATA "/roberta");
    enc_put_file(dir, "config.json", "{\"model_type\": \"roberta\", \"hidden_size\": 24, "
                                 "\"num_hidden_layers\": 2, \"num_attention_heads\": 4, "
                                 "\"intermediate_size\": 40, \"vocab_size\": 80, "
                                 "\"max_position_embeddings\": 2}");
    enc_expect_load_fail(dir, "max_position_embeddings 2 leaves no position");
    enc_rm_dir(dir);

    /* sentence-transformers: a Dense module, a bad Pooling config, a
     * dimension that is not the encoder's */
    dir = enc_tmpdir_copy(FAMDATA "/st-mean");
    enc_put_file(dir, "modules.json",
             "[{\"idx\": 0, \"name\": \"0\", \"path\": \"\", \"type\": "
             "\"sentence_transformers.models.Transformer\"}, {\"idx\": 1, \"name\": "
             "\"1\", \"path\": \"1_Pooling\", \"type\": "
             "\"sentence_transformers.models.Pooling\"}, {\"idx\": 2, \"name\": \"2\", "
             "\"path\": \"2_Dense\", \"type\": \"sentence_transformers.models.Dense\"}]");
    vs_session_init(&s);
    vs_result_init(&r);
    snprintf(line, sizeof line, "load %s", dir);
    enc_run(&s, line, &r);
    enc_run_fails(&s, "embed the cat", "module 2 (sentence_transformers.models.Dense, in "
                                   "\"2_Dense\") is not one vecscope runs");
    enc_run(&s, "embed --pool mean the cat", &r);
    enc_run(&s, "info", &r);
    ck_assert_msg(strstr(enc_info_value(&r, "pooling"), "mean by default: modules.json: "
                                                    "module 2") != NULL,
                  "%s", enc_info_value(&r, "pooling"));
    vs_result_clear(&r);
    vs_session_free(&s);
    enc_put_file(dir, "modules.json", "{\"idx\": 0}");
    enc_expect_load_fail(dir, "modules.json: should be a list of modules");
    enc_put_file(dir, "modules.json",
             "[{\"idx\": 0, \"name\": \"0\", \"path\": \"\", \"type\": "
             "\"sentence_transformers.models.Transformer\"}, {\"idx\": 1, \"name\": "
             "\"1\", \"path\": \"1_Pooling\", \"type\": "
             "\"sentence_transformers.models.Pooling\"}]");
    enc_put_file(dir, "1_Pooling/config.json", "{\"pooling_mode_mean_tokens\": false}");
    enc_expect_load_fail(dir, "1_Pooling/config.json: no pooling mode is on");
    enc_put_file(dir, "1_Pooling/config.json", "{\"pooling_mode_cls_token\": 1}");
    enc_expect_load_fail(dir, "\"pooling_mode_cls_token\" should be true or false");
    enc_put_file(dir, "1_Pooling/config.json", "{\"word_embedding_dimension\": 384}");
    enc_expect_load_fail(dir, "word_embedding_dimension is 384, but the encoder's hidden "
                          "size is 24");
    /* max_seq_length 10: a longer text is refused by the model's pooling,
     * not by another */
    enc_put_file(dir, "1_Pooling/config.json", "{}");
    vs_session_init(&s);
    vs_result_init(&r);
    snprintf(line, sizeof line, "load %s", dir);
    enc_run(&s, line, &r);
    enc_run_fails(&s, "embed a b c d e f g h i j", "the text is 12 tokens, and the "
                                               "model's sentence-transformers "
                                               "pipeline reads at most 10");
    enc_run(&s, "embed --pool mean a b c d e f g h i j", &r);
    ck_assert_uint_eq(r.dim, 24);
    vs_result_clear(&r);
    vs_session_free(&s);
    /* do_lower_case where the tokenizer keeps case */
    enc_put_file(dir, "sentence_bert_config.json", "{\"do_lower_case\": true}");
    enc_put_file(dir, "tokenizer_config.json", "{\"do_lower_case\": false}");
    {
        vs_model *m = enc_load_dir(dir);
        ck_assert_msg(strstr(vs_bert_of(m)->st.unsupported, "lowercases the text") !=
                          NULL, "%s", vs_bert_of(m)->st.unsupported);
        vs_model_free(m);
    }
    enc_put_file(dir, "sentence_bert_config.json", "{\"max_seq_length\": 1}");
    enc_expect_load_fail(dir, "sentence_bert_config.json: \"max_seq_length\" should be "
                          "a whole number of at least 2");
    enc_put_file(dir, "sentence_bert_config.json", "{}");
    enc_put_file(dir, "1_Pooling/config.json", "{\"pooling_mode_max_tokens\": true}");
    {   /* mean (the default) and max, no Normalize */
        vs_model *m = enc_load_dir(dir);
        ck_assert_uint_eq(vs_bert_of(m)->pool.modes, VS_POOL_MEAN | VS_POOL_MAX);
        ck_assert_int_eq(vs_bert_of(m)->pool.normalize, 0);
        vs_model_free(m);
    }
    enc_rm_dir(dir);
}
END_TEST

START_TEST(test_pooling_names)
{
    vs_pooling p = {0, 0, 0};
    char buf[128];

    ck_assert_int_eq(vs_pooling_parse("lasttoken+cls+mean", &p), 0);
    ck_assert_uint_eq(p.modes, VS_POOL_LAST | VS_POOL_CLS | VS_POOL_MEAN);
    vs_pooling_name(&p, buf, sizeof buf);
    ck_assert_str_eq(buf, "cls+mean+lasttoken");   /* sentence-transformers' order */
    ck_assert_uint_eq(vs_pooling_dim(&p, 10), 30);
    ck_assert_int_eq(vs_pooling_parse("mean+", &p), -1);
    ck_assert_int_eq(vs_pooling_parse("mean+mean", &p), -1);
    ck_assert_int_eq(vs_pooling_parse("pooler+cls", &p), -1);
    ck_assert_int_eq(vs_pooling_parse("", &p), -1);
    ck_assert_int_eq(vs_pooling_parse("pooler", &p), 0);
    p.normalize = 1;
    vs_pooling_name(&p, buf, sizeof buf);
    ck_assert_str_eq(buf, "pooler, normalized");
}
END_TEST

/* ---- end to end, through real tokenizer files ---- */

/* The kth largest of x (n), k from 0. */
static double kth_largest(json_t *x, size_t k)
{
    size_t n = json_array_size(x), i, j, above;

    for (i = 0; i < n; i++) {
        double v = json_number_value(json_array_get(x, i));
        for (above = 0, j = 0; j < n; j++)
            above += json_number_value(json_array_get(x, j)) > v;
        if (above == k)
            return v;
    }
    return -1.0;
}

START_TEST(test_end_to_end)
{
    json_t *root = load_ref(), *e, *t;
    size_t ei, ti, j, fills = 0;
    double worst = 0.0;

    ck_assert_uint_eq(json_array_size(json_object_get(root, "end_to_end")), 2);
    json_array_foreach(json_object_get(root, "end_to_end"), ei, e) {
        const char *dir = json_string_value(json_object_get(e, "dir"));
        json_t *pieces = json_object_get(e, "pieces");
        const vs_bert_model *bm;
        double d_emb = 0.0, d_fill = 0.0;
        vs_session s;
        vs_result r;
        char line[512];
        const char *file;

        open_family(&s, dir);
        bm = vs_bert_of(vs_session_model(&s));
        vs_result_init(&r);
        /* the folder's tokenizer file, not a vocab.txt */
        enc_run(&s, "info", &r);
        file = enc_info_value(&r, "tokenizer file");
        ck_assert_msg(strstr(file, json_string_value(json_object_get(e, "tokenizer"))) != NULL,
                      "%s: tokenizer file %s", dir, file);
        ck_assert_uint_eq(vs_tokenizer_size(bm->tok), json_array_size(pieces));
        json_array_foreach(json_object_get(e, "texts"), ti, t) {
            const char *text = json_string_value(json_object_get(t, "text"));
            json_t *ids = json_object_get(t, "ids");
            json_t *pos = json_object_get(t, "mask_positions");
            json_t *probs = json_object_get(t, "mask_probs");
            vs_tokens tok;
            vs_error err;
            json_t *mp;
            size_t cnt = 0, k = 5, row = 0, mi;

            /* the reference tokenizer's ids */
            vs_tokens_init(&tok);
            ck_assert_int_eq(vs_tokenizer_encode_text(bm->tok, text, &tok, &err), 0);
            ck_assert_msg(tok.n == json_array_size(ids), "%s: \"%s\": %zu tokens, not %zu",
                          dir, text, tok.n, json_array_size(ids));
            for (j = 0; j < tok.n; j++)
                ck_assert_int_eq(tok.ids[j], json_integer_value(json_array_get(ids, j)));
            vs_tokens_free(&tok);
            /* embed: the mean of the last layer */
            snprintf(line, sizeof line, "embed %s", text);
            enc_run(&s, line, &r);
            ck_assert_uint_eq(r.dim, bm->enc->cfg.hidden);
            d_emb = fmax(d_emb, ref_max_diff(r.vec, json_object_get(t, "embedding"), &cnt));
            ck_assert_uint_eq(cnt, r.dim);
            if (json_array_size(pos) == 0)
                continue;
            /* fill: each mask's k rows are the reference's k most likely
             * pieces, named as the reference names them */
            snprintf(line, sizeof line, "fill -k %zu %s", k, text);
            enc_run(&s, line, &r);
            ck_assert_uint_eq(r.rows, k * json_array_size(pos));
            ck_assert_uint_eq(r.cols, 4); /* position, token, probability, sentence */
            json_array_foreach(pos, mi, mp) {
                json_t *p = json_array_get(probs, mi);
                for (j = 0; j < k; j++, row++) {
                    const char *piece = r.cells[row * r.cols + 1];
                    int32_t id = vs_tokenizer_id(bm->tok, piece);
                    double got = atof(r.cells[row * r.cols + 2]), want;
                    ck_assert_int_eq(atoi(r.cells[row * r.cols]), (int)json_integer_value(mp));
                    ck_assert_msg(id >= 0, "%s: fill gave '%s', not a piece", dir, piece);
                    ck_assert_str_eq(piece, json_string_value(json_array_get(pieces, id)));
                    want = json_number_value(json_array_get(p, (size_t)id));
                    d_fill = fmax(d_fill, fabs(got - want));
                    ck_assert_msg(want >= kth_largest(p, j) - TOL, "%s: row %zu: '%s' "
                                  "(%g) is not the reference's choice %zu", dir, row,
                                  piece, want, j + 1);
                }
                fills++;
            }
        }
        printf("families end to end %-16s (%s): max diff embed %.2e, fill %.2e\n", dir,
               bm->tok->kind, d_emb, d_fill);
        worst = fmax(worst, fmax(d_emb, d_fill));
        vs_result_clear(&r);
        vs_session_free(&s);
    }
    json_decref(root);
    ck_assert_uint_eq(fills, 2 * 3);   /* "The <mask> sat", "x<mask>y  <mask>  z" */
    ck_assert_msg(worst < TOL, "max diff %g over %g", worst, TOL);
}
END_TEST

Suite *suite_families(void)
{
    Suite *s = suite_create("families");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_reference);
    tcase_add_test(tc, test_sentence_transformers);
    tcase_add_test(tc, test_shapes);
    tcase_add_test(tc, test_commands);
    tcase_add_test(tc, test_bad_folders);
    tcase_add_test(tc, test_pooling_names);
    tcase_add_test(tc, test_end_to_end);
    suite_add_tcase(s, tc);
    return s;
}
