/*
 * check_bert_cmd.c - the BERT commands (src/cmd/cmd-tokenize.c, cmd-embed.c,
 * cmd-ssim.c, cmd-attn.c, cmd-fill.c, cmd-ctx.c, cmd-ctxsim.c, cmd-nsp.c)
 * run through vs_cmd_run on tests/data/bert/tiny-f32, their results compared
 * with the torch outputs in tests/data/bert/reference.json (written by
 * tests/gen-bert-reference.py) to 1e-4, the largest difference printed:
 * tokenize against the reference ids, embed (mean, cls at a layer, pooler)
 * against the hidden states and pooled output, attn --tsv against one head's
 * probabilities, fill against the MLM probabilities, nsp against the NSP
 * probabilities, ctx --vector against one token's last hidden state; ssim
 * and ctxsim against cosines of the vectors embed and ctx print. Then the
 * errors: not a BERT model, no MLM or NSP head, a text too long, a word not
 * in the text, save on a BERT model. test_sample runs the commands on
 * samples/bert-gutenberg-mini, text in, against the reference that came with
 * it (tests/data/bert/gutenberg-mini-reference.json: first 8 values of the
 * mean, [CLS] and pooled vectors, layer 0 head 0, fill-mask top 5, NSP);
 * test_distilbert_sample the same on samples/distilbert-gutenberg-mini, its
 * DistilBERT conversion, for the texts of one segment.
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_encoder.h"
#include "check_suites.h"
#include "cmd/cmd.h"
#include "xalloc.h"

#define BERTDATA VS_TESTDATA "/bert"
#define TOL 1e-4

/* The reference inputs of tiny-f32 as text (reference.json has ids). */
#define TEXT0 "door door over read tree [MASK] door tree"
#define TEXT1 "over is house room ||| with and under bird she by"

static json_t *ref_root;

/* Input i of the tiny-f32 model in reference.json (borrowed). */
static json_t *ref_input(size_t i)
{
    json_error_t jerr;
    json_t *models, *m;

    if (ref_root == NULL)
        ref_root = json_load_file(BERTDATA "/reference.json", 0, &jerr);
    ck_assert_msg(ref_root != NULL, "reference.json: %s", jerr.text);
    models = json_object_get(ref_root, "models");
    m = json_array_get(models, 0);
    ck_assert_str_eq(json_string_value(json_object_get(m, "dir")), "tiny-f32");
    return json_array_get(json_object_get(m, "inputs"), i);
}

static double num(json_t *a, size_t i)
{
    return json_number_value(json_array_get(a, i));
}

static void open_tiny(vs_session *s, const char *which)
{
    char *dir = xasprintf("%s/%s", BERTDATA, which);

    enc_open(s, dir);
    free(dir);
}

/* Largest |r's vector - expected|; expected has r->dim numbers. */
static double vec_diff(const vs_result *r, const double *expected)
{
    double m = 0.0;
    size_t i;

    for (i = 0; i < r->dim; i++)
        if (fabs(r->vec[i] - expected[i]) > m)
            m = fabs(r->vec[i] - expected[i]);
    return m;
}

static float *dup_vec(const vs_result *r)
{
    float *v = xmallocarray(r->dim, sizeof *v);

    memcpy(v, r->vec, r->dim * sizeof *v);
    return v;
}

static void report(const char *what, double d)
{
    printf("bert_cmd: %-28s max diff %.3g\n", what, d);
    ck_assert_msg(d <= TOL, "%s: max diff %g > %g", what, d, TOL);
}

START_TEST(test_tokenize)
{
    json_t *ids = json_object_get(ref_input(1), "ids");
    vs_session s;
    vs_result r;
    size_t i;

    open_tiny(&s, "tiny-f32");
    vs_result_init(&r);
    enc_run(&s, "tokenize " TEXT1, &r);
    ck_assert_int_eq(r.kind, VS_RESULT_TABLE);
    ck_assert_uint_eq(r.rows, json_array_size(ids));
    for (i = 0; i < r.rows; i++)
        ck_assert_int_eq(atoi(r.cells[i * r.cols + 2]), (int)json_integer_value(json_array_get(ids, i)));
    enc_run(&s, "tokenize --tsv " TEXT1, &r);  /* without [CLS] and the two [SEP] */
    ck_assert_uint_eq(r.rows, json_array_size(ids) - 3);
    ck_assert_str_eq(r.cells[0], "over");
    vs_result_clear(&r);
    vs_session_free(&s);
}
END_TEST

START_TEST(test_embed)
{
    json_t *in = ref_input(0), *hs = json_object_get(in, "hidden_states");
    json_t *last = json_array_get(hs, json_array_size(hs) - 1);
    json_t *first = json_array_get(hs, 0), *pooled = json_object_get(in, "pooled");
    size_t n = json_array_size(last), H = json_array_size(json_array_get(last, 0)), i, j;
    double *want = xcalloc(H, sizeof *want);
    vs_session s;
    vs_result r;

    open_tiny(&s, "tiny-f32");
    vs_result_init(&r);
    /* mean over all tokens of the last layer */
    for (i = 0; i < n; i++)
        for (j = 0; j < H; j++)
            want[j] += num(json_array_get(last, i), j) / (double)n;
    enc_run(&s, "embed " TEXT0, &r);
    ck_assert_int_eq(r.kind, VS_RESULT_VECTOR);
    ck_assert_uint_eq(r.dim, H);
    report("embed (mean, last layer)", vec_diff(&r, want));
    /* [CLS] of the embeddings' output */
    for (j = 0; j < H; j++)
        want[j] = num(json_array_get(first, 0), j);
    enc_run(&s, "embed --pool cls --layer 0 " TEXT0, &r);
    report("embed --pool cls --layer 0", vec_diff(&r, want));
    for (j = 0; j < H; j++)
        want[j] = num(pooled, j);
    enc_run(&s, "embed --pool pooler " TEXT0, &r);
    report("embed --pool pooler", vec_diff(&r, want));
    enc_run_fails(&s, "embed --pool median " TEXT0, "--pool is model, mean, cls, max");
    enc_run_fails(&s, "embed --pool pooler+mean " TEXT0, "not 'pooler+mean'");
    enc_run_fails(&s, "embed --layer 3 " TEXT0, "0 (the embeddings) to 2");
    vs_result_clear(&r);
    vs_session_free(&s);
    free(want);
}
END_TEST

START_TEST(test_ssim_ctxsim)
{
    const char *a = "the cat sat on the mat", *b = "the dog ran to the house";
    vs_session s;
    vs_result r;
    float *va, *vb;
    double dot = 0, na = 0, nb = 0, want;
    char line[256];
    size_t i, H;

    open_tiny(&s, "tiny-f32");
    vs_result_init(&r);
    snprintf(line, sizeof line, "embed %s", a);
    enc_run(&s, line, &r);
    H = r.dim;
    va = dup_vec(&r);
    snprintf(line, sizeof line, "embed %s", b);
    enc_run(&s, line, &r);
    vb = dup_vec(&r);
    for (i = 0; i < H; i++) {
        dot += (double)va[i] * vb[i];
        na += (double)va[i] * va[i];
        nb += (double)vb[i] * vb[i];
    }
    want = dot / sqrt(na * nb);
    snprintf(line, sizeof line, "ssim %s ||| %s", a, b);
    enc_run(&s, line, &r);
    ck_assert_int_eq(r.kind, VS_RESULT_SCALAR);
    report("ssim = cosine of two embeds", fabs(r.scalar - want));
    enc_run(&s, "ssim " TEXT0 " ||| " TEXT0, &r);
    report("ssim of a text with itself", fabs(r.scalar - 1.0));
    enc_run_fails(&s, "ssim the cat sat", "TEXT1 ||| TEXT2");

    /* ctxsim: the same word in the same text is the same vector; in two
     * texts, the cosine of the two ctx vectors */
    enc_run(&s, "ctx --vector bank the river bank", &r);
    free(va);
    va = dup_vec(&r);
    enc_run(&s, "ctx --vector bank money in the bank", &r);
    free(vb);
    vb = dup_vec(&r);
    dot = na = nb = 0;
    for (i = 0; i < H; i++) {
        dot += (double)va[i] * vb[i];
        na += (double)va[i] * va[i];
        nb += (double)vb[i] * vb[i];
    }
    enc_run(&s, "ctxsim bank the river bank ||| money in the bank", &r);
    report("ctxsim = cosine of two ctx", fabs(r.scalar - dot / sqrt(na * nb)));
    enc_run_fails(&s, "ctxsim queen the river bank ||| money in the bank", "does not occur");
    vs_result_clear(&r);
    vs_session_free(&s);
    free(va);
    free(vb);
}
END_TEST

START_TEST(test_attn)
{
    json_t *att = json_object_get(ref_input(0), "attentions");
    json_t *head = json_array_get(json_array_get(att, 1), 2);
    size_t n = json_array_size(head), i, j;
    double d = 0.0;
    vs_session s;
    vs_result r;
    enum vs_output mode;
    vs_error err;

    open_tiny(&s, "tiny-f32");
    vs_result_init(&r);
    ck_assert_int_eq(vs_cmd_run(&s, "attn --layer 1 --head 2 --tsv " TEXT0, VS_OUT_TEXT,
                                &mode, &r, &err), 0);
    ck_assert_int_eq(mode, VS_OUT_TSV);
    ck_assert_int_eq(r.kind, VS_RESULT_MATRIX);
    ck_assert_uint_eq(r.mrows, n);
    ck_assert_uint_eq(r.mcols, n);
    ck_assert_str_eq(r.row_labels[0], "[CLS]");
    ck_assert_str_eq(r.col_labels[n - 1], "[SEP]");
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            double x = fabs(r.matrix[i * n + j] - num(json_array_get(head, i), j));
            if (x > d)
                d = x;
        }
    report("attn --layer 1 --head 2", d);
    /* the summary: 2 layers x 4 heads */
    enc_run(&s, "attn " TEXT0, &r);
    ck_assert_uint_eq(r.rows, 8);
    ck_assert_uint_eq(r.cols, 5);
    /* --layer alone: that layer's 4 heads, the rows of the summary's layer 1 */
    {
        vs_result all;
        size_t a, b;
        vs_result_init(&all);
        enc_run(&s, "attn " TEXT0, &all);
        enc_run(&s, "attn --layer 1 " TEXT0, &r);
        ck_assert_uint_eq(r.rows, 4);
        for (a = 0; a < 4; a++)
            for (b = 0; b < r.cols; b++)
                ck_assert_str_eq(r.cells[a * r.cols + b], all.cells[(4 + a) * all.cols + b]);
        vs_result_clear(&all);
    }
    enc_run_fails(&s, "attn --head 1 " TEXT0, "--head goes with --layer");
    enc_run_fails(&s, "attn --layer 2 --head 0 " TEXT0, "--layer is 0 to 1");
    vs_result_clear(&r);
    vs_session_free(&s);
}
END_TEST

/* The k best of probs (n), best first, into idx. */
static void top_of(json_t *probs, size_t k, size_t *idx)
{
    size_t n = json_array_size(probs), i, j, t;

    for (j = 0; j < k; j++) {
        size_t best = 0;
        double bv = -1.0;
        for (i = 0; i < n; i++) {
            int taken = 0;
            for (t = 0; t < j; t++)
                taken |= idx[t] == i;
            if (!taken && num(probs, i) > bv) {
                bv = num(probs, i);
                best = i;
            }
        }
        idx[j] = best;
    }
}

START_TEST(test_fill_nsp)
{
    json_t *in = ref_input(0), *ids = json_object_get(in, "ids");
    json_t *mlm = json_object_get(in, "mlm_probs"), *probs;
    size_t mask = 0, idx[3], j;
    double d = 0.0;
    vs_session s;
    vs_result r;

    while (json_integer_value(json_array_get(ids, mask)) != 4)  /* [MASK] */
        mask++;
    probs = json_array_get(mlm, mask);
    top_of(probs, 3, idx);
    open_tiny(&s, "tiny-f32");
    vs_result_init(&r);
    enc_run(&s, "fill -k 3 " TEXT0, &r);
    ck_assert_int_eq(r.kind, VS_RESULT_TABLE);
    ck_assert_uint_eq(r.rows, 3);
    for (j = 0; j < 3; j++) {
        ck_assert_int_eq(atoi(r.cells[j * r.cols]), (int)mask);
        d = fmax(d, fabs(atof(r.cells[j * r.cols + 2]) - num(probs, idx[j])));
    }
    report("fill -k 3", d);
    enc_run_fails(&s, "fill the cat sat", "no [MASK]");

    enc_run(&s, "nsp " TEXT1, &r);
    ck_assert_int_eq(r.kind, VS_RESULT_SCALAR);
    report("nsp", fabs(r.scalar - num(json_object_get(ref_input(1), "nsp_probs"), 0)));
    enc_run_fails(&s, "nsp the cat sat", "TEXT1 ||| TEXT2");

    /* the position of [MASK] in ctx's sentence: the last layer's vector */
    {
        json_t *hs = json_object_get(in, "hidden_states");
        json_t *last = json_array_get(hs, json_array_size(hs) - 1);
        json_t *row = json_array_get(last, 5);  /* "tree", first seen at 5 */
        double *want = xcalloc(json_array_size(row), sizeof *want);
        for (j = 0; j < json_array_size(row); j++)
            want[j] = num(row, j);
        enc_run(&s, "ctx --vector tree " TEXT0, &r);
        report("ctx --vector tree", vec_diff(&r, want));
        free(want);
        enc_run(&s, "ctx -k 3 tree " TEXT0, &r);
        ck_assert_int_eq(r.kind, VS_RESULT_RANKED);
        ck_assert_uint_eq(r.nitems, 3);
        enc_run_fails(&s, "ctx queen " TEXT0, "does not occur");
    }
    vs_result_clear(&r);
    vs_session_free(&s);
}
END_TEST

START_TEST(test_errors)
{
    vs_session s;
    vs_result r;
    char line[512];

    /* a model without the MLM and NSP heads */
    open_tiny(&s, "tiny-f16");
    vs_result_init(&r);
    enc_run_fails(&s, "fill the [MASK] sat", "no masked-LM head");
    enc_run_fails(&s, "nsp the cat ||| the dog", "no next-sentence head");
    /* 20 positions here: 23 words and [CLS], [SEP] are 25 tokens */
    enc_run_fails(&s, "embed a a a a a a a a a a a a a a a a a a a a a a a", "at most 20");
    enc_run_fails(&s, "save x.vsc", "already its own format");
    enc_run(&s, "info", &r);
    ck_assert_str_eq(enc_info_value(&r, "next-sentence head"), "no (nsp needs it)");
    /* a classifier the config's BertForPreTraining does not have: unused */
    ck_assert_str_eq(enc_info_value(&r, "other heads"),
                     "classifier (sequence or token classification; not run: "
                     "config.json's architectures name no "
                     "ForSequenceClassification or ForTokenClassification model)");
    enc_run_fails(&s, "classify the cat", "no sequence-classification head");
    /* a word2vec model */
    snprintf(line, sizeof line, "load \"%s/../../samples/gutenberg-w2v-cbow32.bin\"",
             VS_TESTDATA);
    enc_run(&s, line, &r);
    enc_run_fails(&s, "embed the cat", "is not an encoder");
    vs_result_clear(&r);
    vs_session_free(&s);
}
END_TEST

/* Largest |got[i] - ref[i]| over the first n numbers of the JSON array. */
static double first_diff(const float *got, json_t *ref, size_t n)
{
    double m = 0.0;
    size_t i;

    for (i = 0; i < n && i < json_array_size(ref); i++)
        m = fmax(m, fabs(got[i] - num(ref, i)));
    return m;
}

/* The commands on a sample folder against the reference that came with
 * bert-gutenberg-mini. bert: the BERT itself (pairs, pooler, NSP too); else
 * samples/distilbert-gutenberg-mini, the same weights under DistilBERT's
 * names and token type 0 folded into the positions: one segment gives what
 * the BERT gives, and it has no token types, pooler or NSP head. */
static void check_sample(const char *folder, int bert)
{
    json_error_t jerr;
    json_t *root = json_load_file(BERTDATA "/gutenberg-mini-reference.json", 0, &jerr);
    json_t *sents;
    double d_mean = 0, d_cls = 0, d_pool = 0, d_att = 0, d_fill = 0, d_nsp = 0;
    const char *name = bert ? "sample" : "distilbert sample";
    vs_session s;
    vs_result r;
    size_t k, i, j, texts = 0;
    char line[1024];

    ck_assert_msg(root != NULL, "%s", jerr.text);
    sents = json_object_get(root, "sentences");
    enc_open(&s, folder);
    vs_result_init(&r);
    for (k = 0; k < json_array_size(sents); k++) {
        json_t *c = json_array_get(sents, k), *fm = json_object_get(c, "fill_mask");
        json_t *att = json_object_get(c, "attention_layer0_head0");
        const char *text = json_string_value(json_object_get(c, "text"));

        if (!bert && strstr(text, "|||") != NULL)
            continue;   /* a pair: DistilBERT has no token types */
        texts++;
        snprintf(line, sizeof line, "embed %s", text);
        enc_run(&s, line, &r);
        d_mean = fmax(d_mean, first_diff(r.vec, json_object_get(c, "mean_pooled_last_layer_first8"), 8));
        snprintf(line, sizeof line, "embed --pool cls %s", text);
        enc_run(&s, line, &r);
        d_cls = fmax(d_cls, first_diff(r.vec, json_object_get(c, "cls_last_layer_first8"), 8));
        if (bert) {
            snprintf(line, sizeof line, "embed --pool pooler %s", text);
            enc_run(&s, line, &r);
            d_pool = fmax(d_pool, first_diff(r.vec, json_object_get(c, "pooler_output_first8"), 8));
        }
        snprintf(line, sizeof line, "attn --layer 0 --head 0 %s", text);
        enc_run(&s, line, &r);
        ck_assert_uint_eq(r.mrows, json_array_size(att));
        for (i = 0; i < r.mrows; i++)
            d_att = fmax(d_att, first_diff(r.matrix + i * r.mcols, json_array_get(att, i), r.mcols));
        if (json_array_size(fm) > 0) {
            size_t row = 0;
            snprintf(line, sizeof line, "fill -k 5 %s", text);
            enc_run(&s, line, &r);
            ck_assert_uint_eq(r.rows, 5 * json_array_size(fm));
            for (i = 0; i < json_array_size(fm); i++) {
                json_t *m = json_array_get(fm, i), *top = json_object_get(m, "top5");
                for (j = 0; j < 5; j++, row++) {
                    json_t *t = json_array_get(top, j);
                    ck_assert_int_eq(atoi(r.cells[row * r.cols]),
                                     (int)json_integer_value(json_object_get(m, "position")));
                    ck_assert_str_eq(r.cells[row * r.cols + 1],
                                     json_string_value(json_object_get(t, "token")));
                    d_fill = fmax(d_fill, fabs(atof(r.cells[row * r.cols + 2]) -
                                               json_number_value(json_object_get(t, "prob"))));
                }
            }
        }
        if (strstr(text, "|||") != NULL) {
            snprintf(line, sizeof line, "nsp %s", text);
            enc_run(&s, line, &r);
            d_nsp = fmax(d_nsp, fabs(r.scalar - json_number_value(json_object_get(c, "nsp_is_next_prob"))));
        }
    }
    ck_assert_uint_eq(texts, bert ? 5 : 4);
    printf("bert_cmd: %s: %zu texts\n", name, texts);
    snprintf(line, sizeof line, "%s: embed (mean)", name);
    report(line, d_mean);
    snprintf(line, sizeof line, "%s: embed --pool cls", name);
    report(line, d_cls);
    snprintf(line, sizeof line, "%s: attn layer 0 head 0", name);
    report(line, d_att);
    snprintf(line, sizeof line, "%s: fill -k 5", name);
    report(line, d_fill);
    if (bert) {
        snprintf(line, sizeof line, "%s: embed --pool pooler", name);
        report(line, d_pool);
        snprintf(line, sizeof line, "%s: nsp", name);
        report(line, d_nsp);
    }
    vs_result_clear(&r);
    vs_session_free(&s);
    json_decref(root);
}

START_TEST(test_sample)
{
    check_sample(VS_TESTDATA "/../../samples/bert-gutenberg-mini", 1);
}
END_TEST

START_TEST(test_distilbert_sample)
{
    check_sample(VS_TESTDATA "/../../samples/distilbert-gutenberg-mini", 0);
}
END_TEST

Suite *suite_bert_cmd(void)
{
    Suite *s = suite_create("bert_cmd");
    TCase *tc = tcase_create("bert_cmd");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_tokenize);
    tcase_add_test(tc, test_embed);
    tcase_add_test(tc, test_ssim_ctxsim);
    tcase_add_test(tc, test_attn);
    tcase_add_test(tc, test_fill_nsp);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_sample);
    tcase_add_test(tc, test_distilbert_sample);
    suite_add_tcase(s, tc);
    return s;
}
