/*
 * check_bert.c - the BERT encoder (src/bert/encoder.c) and the folder loader
 * (src/format/bert_dir.c).
 *
 * test_reference compares the forward pass with tests/data/bert/
 * reference.json, written by tests/gen-bert-reference.py with plain torch
 * operations: every layer's hidden states, every head's attention, the
 * pooled output, MLM and NSP probabilities, for random-weight models stored
 * as F32, F16 and BF16 (tests/data/bert/tiny-*), to 1e-4, printing the
 * largest difference of each. test_gutenberg_mini does the same against
 * ../shared/data/bert/gutenberg-mini/reference.json, text to tokens to
 * outputs, when that folder is there. The rest: the sequence-length limit,
 * the model seen as static vectors, checkpoints without heads, and bad
 * folders (missing files, other architectures, missing keys, shapes that
 * contradict config.json, vocabularies without special tokens), each one
 * clear message with nothing loaded.
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bert/encoder.h"
#include "bert/kernels.h"
#include "blas.h"
#include "check_encoder.h"
#include "check_suites.h"
#include "format/bert_dir.h"
#include "xalloc.h"

#define BERTDATA VS_TESTDATA "/bert"
/* The project's shared data sits beside the checkout (../shared);
 * VS_SHARED_DATA overrides where. */
#define SHARED_DEFAULT VS_TESTDATA "/../../../shared/data"
#define TOL 1e-4

START_TEST(test_reference)
{
    json_error_t jerr;
    json_t *root = json_load_file(BERTDATA "/reference.json", 0, &jerr);
    json_t *models, *model;
    size_t mi, checked = 0;
    double worst = 0.0;

    ck_assert_msg(root != NULL, "reference.json: %s", jerr.text);
    models = json_object_get(root, "models");
    json_array_foreach(models, mi, model) {
        char *dir = xasprintf("%s/%s", BERTDATA,
                              json_string_value(json_object_get(model, "dir")));
        vs_model *m = enc_load_dir(dir);
        const vs_bert *b = vs_bert_of(m)->enc;
        double dh = 0, da = 0, dp = 0, dm = 0, dn = 0;
        json_t *in;
        size_t ii;

        ck_assert_str_eq(vs_dtype_name(b->dtype),
                         json_string_value(json_object_get(model, "dtype")));
        json_array_foreach(json_object_get(model, "inputs"), ii, in) {
            vs_tokens tok;
            vs_bert_out o;
            vs_error err;
            size_t cnt = 0, n, V = b->cfg.vocab_size, t;
            json_t *ref;
            double d;

            ref_tokens(json_object_get(in, "ids"), json_object_get(in, "types"),
                        &tok);
            n = tok.n;
            ck_assert_msg(vs_bert_encode(b, &tok, 1, &o, &err) == 0, "%s", err.msg);
            d = ref_max_diff(o.hidden_states, json_object_get(in, "hidden_states"), &cnt);
            ck_assert_uint_eq(cnt, (b->cfg.layers + 1) * n * b->cfg.hidden);
            dh = fmax(dh, d);
            cnt = 0;
            d = ref_max_diff(o.attn, json_object_get(in, "attentions"), &cnt);
            ck_assert_uint_eq(cnt, b->cfg.layers * b->cfg.heads * n * n);
            da = fmax(da, d);
            ref = json_object_get(in, "pooled");
            if (!json_is_null(ref)) {
                float *pooled = xmallocarray(b->cfg.hidden, sizeof *pooled);
                ck_assert_int_eq(vs_bert_pool(b, &o, pooled, &err), 0);
                cnt = 0;
                dp = fmax(dp, ref_max_diff(pooled, ref, &cnt));
                free(pooled);
            } else {
                ck_assert_ptr_null(b->pool_w);
            }
            ref = json_object_get(in, "mlm_probs");
            if (!json_is_null(ref)) {
                float *probs = xmallocarray(n * V, sizeof *probs);
                int32_t ids[3];
                float top[3];
                for (t = 0; t < n; t++) {
                    ck_assert_int_eq(vs_bert_mlm_logits(b, &o, t, probs + t * V,
                                                        &err), 0);
                    ref_softmax(probs + t * V, V);
                    /* fill_mask's best guess is the most likely token */
                    ck_assert_int_eq(vs_bert_fill_mask(b, &o, t, 3, ids, top, &err), 3);
                    ck_assert_float_eq_tol(top[0], probs[t * V + (size_t)ids[0]], 1e-6);
                    ck_assert(top[0] >= top[1] && top[1] >= top[2]);
                }
                cnt = 0;
                dm = fmax(dm, ref_max_diff(probs, ref, &cnt));
                free(probs);
            } else {
                float l[1];
                ck_assert_int_eq(vs_bert_mlm_logits(b, &o, 0, l, &err), -1);
                ck_assert_msg(strstr(err.msg, "no masked-LM head") != NULL, "%s",
                              err.msg);
            }
            ref = json_object_get(in, "nsp_probs");
            if (!json_is_null(ref)) {
                float p[2];
                ck_assert_int_eq(vs_bert_nsp(b, &o, p, &err), 0);
                cnt = 0;
                dn = fmax(dn, ref_max_diff(p, ref, &cnt));
            } else {
                float p[2];
                ck_assert_int_eq(vs_bert_nsp(b, &o, p, &err), -1);
                ck_assert_msg(strstr(err.msg, "no next-sentence head") != NULL,
                              "%s", err.msg);
            }
            checked++;
            vs_bert_out_free(&o);
            vs_tokens_free(&tok);
        }
        printf("bert reference %-9s (%s): max diff hidden %.2e, attention %.2e, "
               "pooled %.2e, mlm %.2e, nsp %.2e\n",
               json_string_value(json_object_get(model, "dir")),
               vs_dtype_name(b->dtype), dh, da, dp, dm, dn);
        worst = fmax(worst, fmax(fmax(dh, da), fmax(dp, fmax(dm, dn))));
        vs_model_free(m);
        free(dir);
    }
    json_decref(root);
    ck_assert_uint_eq(checked, 9);
    ck_assert_msg(worst < TOL, "max diff %g over %g", worst, TOL);
}
END_TEST

/* The first len values of v against a JSON array. */
static double diff_first(const float *v, json_t *ref)
{
    size_t cnt = 0;

    return ref_max_diff(v, ref, &cnt);
}

START_TEST(test_gutenberg_mini)
{
    const char *shared = getenv("VS_SHARED_DATA");
    char *dir, *path;
    json_error_t jerr;
    json_t *root, *s;
    struct stat sb;
    vs_model *m;
    vs_bert_model *bm;
    size_t si;
    double dmean = 0, dcls = 0, dpool = 0, dattn = 0, dfill = 0, dnsp = 0;

    dir = xasprintf("%s/bert/gutenberg-mini", shared ? shared : SHARED_DEFAULT);
    path = xasprintf("%s/reference.json", dir);
    if (stat(path, &sb) != 0) {
        printf("bert: %s not found, gutenberg-mini check skipped\n", path);
        free(path);
        free(dir);
        return;
    }
    root = json_load_file(path, 0, &jerr);
    ck_assert_msg(root != NULL, "%s", jerr.text);
    m = enc_load_dir(dir);
    bm = vs_bert_of(m);
    ck_assert_int_eq(bm->enc->dtype, VS_F16);
    ck_assert_int_eq(bm->tok->do_lower_case, 1);
    json_array_foreach(json_object_get(root, "sentences"), si, s) {
        const vs_bert *b = bm->enc;
        size_t H = b->cfg.hidden, i;
        vs_tokens tok;
        vs_bert_out o;
        vs_error err;
        float *v = xmallocarray(H, sizeof *v), p[2];
        json_t *ids = json_object_get(s, "input_ids"), *types, *fm, *x;

        vs_tokens_init(&tok);
        ck_assert_int_eq(vs_tokenizer_encode_text(
                             bm->tok, json_string_value(json_object_get(s, "text")),
                             &tok, &err), 0);
        /* tokens, ids and token types as Hugging Face made them */
        types = json_object_get(s, "token_type_ids");
        ck_assert_uint_eq(tok.n, json_array_size(ids));
        for (i = 0; i < tok.n; i++) {
            ck_assert_int_eq(tok.ids[i], json_integer_value(json_array_get(ids, i)));
            ck_assert_int_eq(tok.type[i], json_integer_value(json_array_get(types, i)));
            ck_assert_str_eq(vs_tokenizer_token(bm->tok, tok.ids[i]),
                             json_string_value(json_array_get(
                                 json_object_get(s, "tokens"), i)));
        }
        ck_assert_int_eq(vs_bert_encode(b, &tok, 1, &o, &err), 0);
        vs_bert_mean_pool(&o, b->cfg.layers, v);
        dmean = fmax(dmean, diff_first(v, json_object_get(s, "mean_pooled_last_layer_first8")));
        dcls = fmax(dcls, diff_first(vs_bert_hidden(&o, b->cfg.layers),
                                     json_object_get(s, "cls_last_layer_first8")));
        ck_assert_int_eq(vs_bert_pool(b, &o, v, &err), 0);
        dpool = fmax(dpool, diff_first(v, json_object_get(s, "pooler_output_first8")));
        dattn = fmax(dattn, diff_first(vs_bert_attention(&o, 0, 0),
                                       json_object_get(s, "attention_layer0_head0")));
        fm = json_object_get(s, "fill_mask");
        json_array_foreach(fm, i, x) {
            int32_t top[5];
            float prob[5];
            json_t *want = json_object_get(x, "top5"), *w;
            size_t pos = (size_t)json_integer_value(json_object_get(x, "position")), k;
            ck_assert_int_eq(tok.ids[pos], bm->tok->special_id[VS_TOK_MASK]);
            ck_assert_int_eq(vs_bert_fill_mask(b, &o, pos, 5, top, prob, &err), 5);
            json_array_foreach(want, k, w) {
                ck_assert_int_eq(top[k], json_integer_value(json_object_get(w, "id")));
                dfill = fmax(dfill, fabs(prob[k] - json_number_value(json_object_get(w, "prob"))));
            }
        }
        ck_assert_int_eq(vs_bert_nsp(b, &o, p, &err), 0);
        dnsp = fmax(dnsp, fabs(p[0] - json_number_value(json_object_get(s, "nsp_is_next_prob"))));
        vs_bert_out_free(&o);
        vs_tokens_free(&tok);
        free(v);
    }
    printf("bert gutenberg-mini (F16): max diff mean-pooled %.2e, [CLS] %.2e, "
           "pooler %.2e, attention %.2e, fill-mask %.2e, nsp %.2e\n",
           dmean, dcls, dpool, dattn, dfill, dnsp);
    ck_assert(fmax(fmax(dmean, dcls), fmax(dpool, dattn)) < TOL);
    ck_assert(fmax(dfill, dnsp) < TOL);
    vs_model_free(m);
    json_decref(root);
    free(path);
    free(dir);
}
END_TEST

START_TEST(test_limits_and_static_view)
{
    vs_model *m = enc_load_dir(BERTDATA "/tiny-f32");
    const vs_bert *b = vs_bert_of(m)->enc;
    size_t P = b->cfg.max_positions, i;
    vs_tokens tok;
    vs_bert_out o;
    vs_error err;
    long cat;

    /* the model as static vectors: vocab.txt x input embeddings, in place */
    ck_assert_int_eq(m->kind, VS_MODEL_ENCODER);
    ck_assert_uint_eq(m->n, b->cfg.vocab_size);
    ck_assert_uint_eq(m->dim, b->cfg.hidden);
    cat = vs_model_find(m, "cat");
    ck_assert_int_eq(cat, 12);
    ck_assert_ptr_eq(vs_model_row(m, (size_t)cat), b->word_emb + 12 * b->cfg.hidden);
    ck_assert_ptr_nonnull(m->norms);
    ck_assert_float_eq_tol(m->norms[12], vs_norm(vs_model_row(m, 12), m->dim), 1e-5);
    ck_assert_str_eq(b->prefix, "bert.");
    /* one token too many: a clear error stating the limit */
    vs_tokens_init(&tok);
    for (i = 0; i <= P; i++)
        vs_tokens_push(&tok, 10, (int32_t)i, 0);
    ck_assert_int_eq(vs_bert_encode(b, &tok, 0, &o, &err), -1);
    ck_assert_ptr_null(o.hidden_states);
    ck_assert_msg(strstr(err.msg, "25 tokens") && strstr(err.msg, "at most 24"),
                  "%s", err.msg);
    /* exactly the limit works; capture off leaves attn NULL */
    tok.n = P;
    ck_assert_int_eq(vs_bert_encode(b, &tok, 0, &o, &err), 0);
    ck_assert_ptr_null(o.attn);
    ck_assert_ptr_null(vs_bert_attention(&o, 0, 0));
    vs_bert_out_free(&o);
    /* ids and token types out of range */
    tok.n = 3;
    tok.ids[1] = 1000;
    ck_assert_int_eq(vs_bert_encode(b, &tok, 0, &o, &err), -1);
    ck_assert_msg(strstr(err.msg, "outside the vocabulary"), "%s", err.msg);
    tok.ids[1] = 10;
    tok.type[2] = 2;
    ck_assert_int_eq(vs_bert_encode(b, &tok, 0, &o, &err), -1);
    ck_assert_msg(strstr(err.msg, "token type 2"), "%s", err.msg);
    tok.n = 0;
    ck_assert_int_eq(vs_bert_encode(b, &tok, 0, &o, &err), -1);
    vs_tokens_free(&tok);
    vs_model_free(m);
}
END_TEST

/* ---- bad folders ---- */

static const char cfg_tail[] =
    "\"num_hidden_layers\": 2, \"num_attention_heads\": 4, "
    "\"intermediate_size\": 64, \"max_position_embeddings\": 24, "
    "\"vocab_size\": 80";

START_TEST(test_bad_folders)
{
    char *dir = enc_tmpdir_copy(BERTDATA "/tiny-f32");
    char *p, *cfg;

    /* config.json: another architecture, missing keys, broken JSON,
     * sizes that contradict the tensors */
    enc_put_file(dir, "config.json", "{\"model_type\": \"gpt2\"}");
    enc_expect_load_fail(dir, "model type \"gpt2\" is not supported (bert, distilbert, "
                          "roberta, xlm-roberta, camembert, albert, electra are)");
    cfg = xasprintf("{\"model_type\": \"bert\", %s}", cfg_tail);
    enc_put_file(dir, "config.json", cfg);
    enc_expect_load_fail(dir, "the key \"hidden_size\" is missing");
    free(cfg);
    enc_put_file(dir, "config.json", "{\"model_type\": \"bert\",");
    enc_expect_load_fail(dir, "not valid JSON");
    cfg = xasprintf("{\"hidden_size\": 30, %s}", cfg_tail);
    enc_put_file(dir, "config.json", cfg);
    enc_expect_load_fail(dir, "hidden_size 30 is not a multiple of num_attention_heads 4");
    free(cfg);
    cfg = xasprintf("{\"hidden_size\": 64, %s}", cfg_tail);
    enc_put_file(dir, "config.json", cfg);
    enc_expect_load_fail(dir, "tensor 'bert.embeddings.word_embeddings.weight' has "
                          "shape [80, 32] but config.json implies [80, 64]");
    free(cfg);
    cfg = xasprintf("{\"hidden_size\": 32, %s, \"num_hidden_layers\": 3}", cfg_tail);
    enc_put_file(dir, "config.json", cfg);
    enc_expect_load_fail(dir, "tensor 'bert.encoder.layer.2.attention.self.query.weight' "
                          "is missing");
    free(cfg);
    cfg = xasprintf("{\"hidden_size\": 32, %s, \"hidden_act\": \"mish\"}", cfg_tail);
    enc_put_file(dir, "config.json", cfg);
    enc_expect_load_fail(dir, "hidden_act \"mish\" is not supported");
    free(cfg);
    cfg = xasprintf("{\"hidden_size\": 32, %s, \"num_attention_heads\": 0}", cfg_tail);
    enc_put_file(dir, "config.json", cfg);
    enc_expect_load_fail(dir, "\"num_attention_heads\" is 0");
    free(cfg);
    cfg = xasprintf("{\"hidden_size\": 32, %s}", cfg_tail);
    enc_put_file(dir, "config.json", cfg);
    {   /* the repaired folder loads */
        vs_model *m;
        vs_error err;
        ck_assert_msg(vs_bert_dir_load(dir, NULL, &m, &err) == 0, "%s", err.msg);
        vs_model_free(m);
    }
    free(cfg);

    /* vocab.txt without [CLS]; longer than vocab_size */
    enc_put_file(dir, "vocab.txt", "[PAD]\n[UNK]\nthe\n[SEP]\n");
    enc_expect_load_fail(dir, "vocab.txt: the vocabulary has no [CLS] token");
    p = xmalloc(81 * 8 + 1);
    p[0] = '\0';
    {
        int i;
        strcat(p, "[PAD]\n[UNK]\n[CLS]\n[SEP]\n");
        for (i = 4; i < 81; i++)
            sprintf(p + strlen(p), "t%d\n", i);
    }
    enc_put_file(dir, "vocab.txt", p);
    {   /* more lines than vocab_size: the extra ones are dropped */
        vs_model *m;
        vs_error err;
        ck_assert_msg(vs_bert_dir_load(dir, NULL, &m, &err) == 0, "%s", err.msg);
        ck_assert_uint_eq(m->n, 80);
        ck_assert_uint_eq(m->vocab->n, 80);
        ck_assert_uint_eq(vs_bert_of(m)->vocab_dropped, 1);
        ck_assert_int_eq(vs_model_find(m, "t80"), -1);
        ck_assert_int_eq(vs_model_find(m, "t79"), 79);
        vs_model_free(m);
    }
    free(p);

    /* a broken tokenizer_config.json */
    p = xasprintf("cp %s/tiny-f32/vocab.txt %s/", BERTDATA, dir);
    ck_assert_int_eq(system(p), 0);
    free(p);
    enc_put_file(dir, "tokenizer_config.json", "{\"do_lower_case\": 1}");
    enc_expect_load_fail(dir, "tokenizer_config.json: \"do_lower_case\" should be true");
    enc_put_file(dir, "tokenizer_config.json", "{}");

    /* a lying safetensors header */
    p = xasprintf("%s/model.safetensors", dir);
    {
        FILE *f = fopen(p, "r+b");
        unsigned char big[8] = {0xff, 0xff, 0xff, 0, 0, 0, 0, 0};
        ck_assert_ptr_nonnull(f);
        fwrite(big, 1, 8, f);
        fclose(f);
    }
    enc_expect_load_fail(dir, "model.safetensors: header length 16777215 goes past");
    free(p);

    /* missing files */
    p = xasprintf("rm %s/model.safetensors && touch %s/pytorch_model.bin", dir, dir);
    ck_assert_int_eq(system(p), 0);
    free(p);
    enc_expect_load_fail(dir, "pytorch_model.bin: not a zip archive");
    p = xasprintf("rm %s/pytorch_model.bin", dir);
    ck_assert_int_eq(system(p), 0);
    free(p);
    enc_expect_load_fail(dir, "no weights file (model.safetensors, ");
    p = xasprintf("rm %s/vocab.txt", dir);
    ck_assert_int_eq(system(p), 0);
    free(p);
    enc_expect_load_fail(dir, "no vocab.txt");
    p = xasprintf("rm %s/config.json", dir);
    ck_assert_int_eq(system(p), 0);
    free(p);
    enc_expect_load_fail(dir, "no config.json");
    enc_rm_dir(dir);
}
END_TEST

START_TEST(test_sniff)
{
    const vs_format *f = &vs_format_bert_dir;

    ck_assert_int_gt(f->sniff(BERTDATA "/tiny-f32", (const unsigned char *)"", 0,
                              0, 1), 90);
    ck_assert_int_eq(f->sniff(BERTDATA, (const unsigned char *)"", 0, 0, 1), 0);
    ck_assert_int_eq(f->sniff(BERTDATA "/tiny-f32/config.json",
                              (const unsigned char *)"{", 1, 1, 0), 0);
}
END_TEST

START_TEST(test_kernels)
{
    double worst_erf = 0.0, worst_exp = 0.0, x;
    float row[37], g[37], bias[37], p[3 * 13];
    size_t i, r, m;

    /* erf to float precision, exp relative to 2e-7 */
    for (x = -8.0; x <= 8.0; x += 1.0 / 4096)
        worst_erf = fmax(worst_erf, fabs(vs_k_erf((float)x) - erf((float)x)));
    for (x = -87.0; x <= 0.0; x += 1.0 / 1024)
        worst_exp = fmax(worst_exp, fabs(vs_k_exp_neg((float)x) - exp((float)x)) /
                                        exp((float)x));
    printf("bert kernels: max |erf error| %.2e, max exp relative error %.2e\n",
           worst_erf, worst_exp);
    ck_assert(worst_erf < 5e-7);
    ck_assert(worst_exp < 2e-7);
    ck_assert(vs_k_exp_neg(-1000.0f) < 2e-38f);   /* clamped at -87.3 */
    {   /* the sigmoid behind the tanh GELU, quick_gelu and silu, and those
         * activations against their formulas in double */
        double worst_sig = 0.0, worst_act = 0.0;
        float y[3], zero[1] = {0.0f};
        for (x = -80.0; x <= 80.0; x += 1.0 / 256) {
            double s = 1.0 / (1.0 + exp(-x)), t;
            worst_sig = fmax(worst_sig, fabs(vs_k_sigmoid((float)x) - s) / s);
            if (fabs(x) > 12.0)
                continue;
            y[0] = y[1] = y[2] = (float)x;
            vs_k_bias_gelu_tanh(y, zero, 1, 1);
            vs_k_bias_swish(y + 1, zero, 1, 1, 1.702f);
            vs_k_bias_swish(y + 2, zero, 1, 1, 1.0f);
            t = 0.5 * x * (1.0 + tanh(sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
            worst_act = fmax(worst_act, fabs(y[0] - t));
            worst_act = fmax(worst_act, fabs(y[1] - x / (1.0 + exp(-1.702 * x))));
            worst_act = fmax(worst_act, fabs(y[2] - x / (1.0 + exp(-x))));
        }
        printf("bert kernels: max sigmoid relative error %.2e, max |gelu_tanh, "
               "quick_gelu, silu error| %.2e\n", worst_sig, worst_act);
        ck_assert(worst_sig < 3e-7);
        ck_assert(worst_act < 4e-6);
    }
    ck_assert_float_eq(vs_k_exp_neg(0.0f), 1.0f);
    /* softmax rows of odd widths, against double precision */
    for (m = 1; m <= 13; m += 12) {
        for (i = 0; i < 3 * m; i++)
            p[i] = (float)((double)(i * 7 % 11) - 5.0) * 3.0f;
        float ent[3];
        vs_k_softmax_rows(p, 3, m, ent);
        for (r = 0; r < 3; r++) {
            double s = 0.0, max = -1e30, z = 0.0, h = 0.0;
            for (i = 0; i < m; i++)
                max = fmax(max, ((double)((r * m + i) * 7 % 11) - 5.0) * 3.0);
            for (i = 0; i < m; i++)
                z += exp(((double)((r * m + i) * 7 % 11) - 5.0) * 3.0 - max);
            for (i = 0; i < m; i++) {
                double want = exp(((double)((r * m + i) * 7 % 11) - 5.0) * 3.0 - max) / z;
                ck_assert_double_eq_tol(p[r * m + i], want, 1e-7);
                s += p[r * m + i];
                h -= want > 0 ? want * log(want) : 0.0;
            }
            ck_assert_double_eq_tol(s, 1.0, 1e-6);
            /* the row's entropy from the same pass */
            ck_assert_double_eq_tol(ent[r], h, 2e-6);
        }
    }
    /* LayerNorm over a width that is not a multiple of the SIMD block */
    for (i = 0; i < 37; i++) {
        row[i] = (float)(i * i % 17) - 3.5f;
        g[i] = 1.0f + 0.01f * (float)i;
        bias[i] = 0.1f * (float)(i % 3);
    }
    vs_k_layer_norm(row, 1, 37, g, bias, 1e-12f);
    {
        double mean = 0.0, var = 0.0;
        for (i = 0; i < 37; i++)
            mean += (double)(i * i % 17) - 3.5;
        mean /= 37;
        for (i = 0; i < 37; i++)
            var += pow((double)(i * i % 17) - 3.5 - mean, 2);
        var /= 37;
        for (i = 0; i < 37; i++)
            ck_assert_double_eq_tol(row[i], ((double)(i * i % 17) - 3.5 - mean) /
                                    sqrt(var + 1e-12) * (1.0 + 0.01 * (double)i) +
                                    0.1 * (double)(i % 3), 1e-5);
    }
}
END_TEST

Suite *suite_bert(void)
{
    Suite *s = suite_create("bert");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_kernels);
    tcase_add_test(tc, test_reference);
    tcase_add_test(tc, test_gutenberg_mini);
    tcase_add_test(tc, test_limits_and_static_view);
    tcase_add_test(tc, test_bad_folders);
    tcase_add_test(tc, test_sniff);
    suite_add_tcase(s, tc);
    return s;
}
