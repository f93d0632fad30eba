/*
 * check_heads.c - the task heads of fine-tuned encoders (src/bert/heads.c),
 * their decoding into words, entities and answer spans (src/bert/tasks.c)
 * and the commands classify, tag and answer.
 *
 * Everything is compared with tests/data/heads/reference.json, written by
 * tests/gen-heads-reference.py: torch passes of BERT, DistilBERT, ELECTRA,
 * ALBERT and RoBERTa checkpoints with each family's published heads, and
 * the decoding of Hugging Face's token-classification pipeline (aggregation
 * "first", entity grouping) and question-answering pipeline (the span
 * search), written from their published code.
 *
 * test_reference: the token ids, then the logits and probabilities of
 * every head to 1e-4 (the largest difference of each folder printed).
 * test_commands: classify's labels, order and probabilities, tag's words
 * and entities with their character spans, answer's spans at --max-len 30
 * and 3. test_grouping and test_spans: the two decoders alone on random
 * input. test_info, test_missing and test_bad_configs: what info says of
 * the heads, and the messages for a head that is missing or a config.json
 * that contradicts the checkpoint.
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bert/heads.h"
#include "bert/tasks.h"
#include "check_encoder.h"
#include "check_suites.h"
#include "cmd/cmd.h"
#include "format/bert_dir.h"
#include "xalloc.h"

#define HEADDATA VS_TESTDATA "/heads"
#define TOL 1e-4

static json_t *load_ref(void)
{
    json_error_t jerr;
    json_t *root = json_load_file(HEADDATA "/reference.json", 0, &jerr);

    ck_assert_msg(root != NULL, "reference.json: %s", jerr.text);
    return root;
}

static const char *jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    ck_assert_msg(s != NULL, "reference.json: no string '%s'", key);
    return s;
}

static double jnum(json_t *o, const char *key)
{
    return json_number_value(json_object_get(o, key));
}

/* The largest difference of a (numbers in ref's order) from ref; *total
 * counts the numbers compared. */
static double diff(const float *a, json_t *ref, size_t *total)
{
    size_t cnt = 0;
    double d = ref_max_diff(a, ref, &cnt);

    *total += cnt;
    return d;
}

/* The tokens of a case's text: a pair at " ||| ", the second text's
 * offsets counted from its own first byte (as answer counts them). */
static void case_tokens(const vs_tokenizer *tk, const char *text, vs_tokens *tok)
{
    const char *bar = strstr(text, " ||| ");
    vs_error err;

    vs_tokens_init(tok);
    if (bar == NULL)
        ck_assert_msg(vs_tokenizer_encode(tk, text, strlen(text), NULL, 0, 0, tok,
                                          &err) == 0, "%s", err.msg);
    else
        ck_assert_msg(vs_tokenizer_encode(tk, text, (size_t)(bar - text), bar + 5,
                                          strlen(bar + 5), 0, tok, &err) == 0,
                      "%s", err.msg);
}

START_TEST(test_reference)
{
    json_t *root = load_ref(), *model, *c;
    size_t mi, ci, i, models = 0;

    json_array_foreach(json_object_get(root, "models"), mi, model) {
        char *dir = xasprintf("%s/%s", HEADDATA, jstr(model, "dir"));
        vs_model *m = enc_load_dir(dir);
        const vs_bert_model *bm = vs_bert_of(m);
        const vs_bert_heads *h = bm->heads;
        const char *kind = jstr(model, "kind");
        json_t *labels = json_object_get(model, "labels");
        double worst = 0.0;

        ck_assert_str_eq(bm->enc->fam->model_type, jstr(model, "family"));
        ck_assert_uint_eq(h->nlabels, json_array_size(labels));
        for (i = 0; i < h->nlabels; i++)
            ck_assert_str_eq(h->labels[i], json_string_value(json_array_get(labels, i)));
        json_array_foreach(json_object_get(model, "cases"), ci, c) {
            json_t *ids = json_object_get(c, "ids");
            size_t n, L = h->nlabels, cnt = 0;
            vs_tokens tok;
            vs_bert_out o;
            vs_error err;
            float *x;

            case_tokens(bm->tok, jstr(c, "text"), &tok);
            n = tok.n;
            ck_assert_msg(n == json_array_size(ids), "%s: %zu tokens, reference %zu",
                          jstr(c, "text"), n, json_array_size(ids));
            for (i = 0; i < n; i++)
                ck_assert_int_eq(tok.ids[i], json_integer_value(json_array_get(ids, i)));
            ck_assert_msg(vs_bert_encode(bm->enc, &tok, 0, &o, &err) == 0, "%s", err.msg);
            x = xmallocarray(2 * n * (L ? L : 1) + 2 * n, sizeof *x);
            if (strcmp(kind, "seq") == 0) {
                ck_assert_msg(vs_bert_seq_logits(h, bm->enc, &o, x, &err) == 0, "%s",
                              err.msg);
                worst = fmax(worst, diff(x, json_object_get(c, "logits"), &cnt));
                vs_bert_seq_outputs(h, x, x + L);
                worst = fmax(worst, diff(x + L, json_object_get(c, "outputs"), &cnt));
                ck_assert_uint_eq(cnt, 2 * L);
            } else if (strcmp(kind, "tok") == 0) {
                ck_assert_int_eq(vs_bert_token_logits(h, bm->enc, &o, x, &err), 0);
                worst = fmax(worst, diff(x, json_object_get(c, "logits"), &cnt));
                ck_assert_int_eq(vs_bert_token_probs(h, bm->enc, &o, x, &err), 0);
                worst = fmax(worst, diff(x, json_object_get(c, "probs"), &cnt));
                ck_assert_uint_eq(cnt, 2 * n * L);
            } else {
                ck_assert_int_eq(vs_bert_qa_logits(h, bm->enc, &o, x, x + n, &err), 0);
                worst = fmax(worst, diff(x, json_object_get(c, "start_logits"), &cnt));
                worst = fmax(worst, diff(x + n, json_object_get(c, "end_logits"), &cnt));
                ck_assert_uint_eq(cnt, 2 * n);
            }
            free(x);
            vs_bert_out_free(&o);
            vs_tokens_free(&tok);
        }
        printf("heads: %-15s %s head, max diff %.2e\n", jstr(model, "dir"), kind, worst);
        ck_assert_msg(worst < TOL, "%s: max diff %g", dir, worst);
        models++;
        vs_model_free(m);
        free(dir);
    }
    ck_assert_uint_ge(models, 10);
    json_decref(root);
}
END_TEST

/* Cell (row, col) of a table result. */
static const char *cell(const vs_result *r, size_t row, size_t col)
{
    ck_assert_uint_lt(row, r->rows);
    return r->cells[row * r->cols + col];
}

static void check_num(const char *got, double want, const char *what)
{
    ck_assert_msg(fabs(atof(got) - want) < TOL, "%s: %s, reference %.8g", what,
                  got, want);
}

/* The labels of a sequence head by output, highest first. */
static void check_classify(vs_session *s, json_t *model, json_t *c)
{
    json_t *out = json_object_get(c, "outputs"), *logits = json_object_get(c, "logits");
    json_t *labels = json_object_get(model, "labels");
    size_t L = json_array_size(out), i, j, *ord = xmallocarray(L, sizeof *ord);
    char *line = xasprintf("classify %s", jstr(c, "text"));
    vs_result r;

    vs_result_init(&r);
    enc_run(s, line, &r);
    if (L == 1) {   /* regression with one label: the score */
        ck_assert_int_eq(r.kind, VS_RESULT_SCALAR);
        ck_assert_msg(fabs(r.scalar - json_number_value(json_array_get(out, 0))) < TOL,
                      "%s: %g", line, r.scalar);
    } else {
        for (i = 0; i < L; i++) {
            ord[i] = i;
            for (j = i; j > 0 && json_number_value(json_array_get(out, ord[j - 1])) <
                                     json_number_value(json_array_get(out, i)); j--)
                ord[j] = ord[j - 1];
            ord[j] = i;
        }
        ck_assert_uint_eq(r.rows, L);
        for (i = 0; i < L; i++) {
            ck_assert_str_eq(cell(&r, i, 0),
                             json_string_value(json_array_get(labels, ord[i])));
            check_num(cell(&r, i, 1), json_number_value(json_array_get(out, ord[i])), line);
            check_num(cell(&r, i, 2), json_number_value(json_array_get(logits, ord[i])),
                      line);
        }
    }
    vs_result_clear(&r);
    free(line);
    free(ord);
}

static void check_tag(vs_session *s, json_t *c)
{
    json_t *words = json_object_get(c, "words"), *ents = json_object_get(c, "entities");
    json_t *w;
    char *line = xasprintf("tag %s", jstr(c, "text"));
    vs_result r;
    size_t i;

    vs_result_init(&r);
    enc_run(s, line, &r);
    ck_assert_uint_eq(r.rows, json_array_size(words));
    json_array_foreach(words, i, w) {
        ck_assert_str_eq(cell(&r, i, 0), jstr(w, "word"));
        ck_assert_str_eq(cell(&r, i, 1), jstr(w, "label"));
        check_num(cell(&r, i, 2), jnum(w, "prob"), line);
        ck_assert_int_eq(atoi(cell(&r, i, 3)), (int)jnum(w, "start"));
        ck_assert_int_eq(atoi(cell(&r, i, 4)), (int)jnum(w, "end"));
    }
    free(line);
    line = xasprintf("tag --entities %s", jstr(c, "text"));
    enc_run(s, line, &r);
    ck_assert_uint_eq(r.rows, json_array_size(ents));
    json_array_foreach(ents, i, w) {
        ck_assert_str_eq(cell(&r, i, 0), jstr(w, "text"));
        ck_assert_str_eq(cell(&r, i, 1), jstr(w, "type"));
        check_num(cell(&r, i, 2), jnum(w, "score"), line);
        ck_assert_int_eq(atoi(cell(&r, i, 3)), (int)jnum(w, "start"));
        ck_assert_int_eq(atoi(cell(&r, i, 4)), (int)jnum(w, "end"));
    }
    vs_result_clear(&r);
    free(line);
}

static void check_answer(vs_session *s, json_t *c, int max_len)
{
    char key[32];
    json_t *spans, *sp;
    char *line = xasprintf("answer --max-len %d %s", max_len, jstr(c, "text"));
    vs_result r;
    size_t i;

    snprintf(key, sizeof key, "spans_max%d", max_len);
    spans = json_object_get(c, key);
    vs_result_init(&r);
    enc_run(s, line, &r);
    ck_assert_uint_eq(r.rows, json_array_size(spans));
    json_array_foreach(spans, i, sp) {
        ck_assert_str_eq(cell(&r, i, 0), jstr(sp, "text"));
        check_num(cell(&r, i, 1), jnum(sp, "score"), line);
        check_num(cell(&r, i, 2), jnum(sp, "logit"), line);
        ck_assert_int_eq(atoi(cell(&r, i, 3)), (int)jnum(sp, "char_start"));
        ck_assert_int_eq(atoi(cell(&r, i, 4)), (int)jnum(sp, "char_end"));
    }
    vs_result_clear(&r);
    free(line);
}

START_TEST(test_commands)
{
    json_t *root = load_ref(), *model, *c;
    size_t mi, ci, seen[3] = {0, 0, 0};

    json_array_foreach(json_object_get(root, "models"), mi, model) {
        char *dir = xasprintf("%s/%s", HEADDATA, jstr(model, "dir"));
        const char *kind = jstr(model, "kind");
        vs_session s;

        enc_open(&s, dir);
        json_array_foreach(json_object_get(model, "cases"), ci, c) {
            if (strcmp(kind, "seq") == 0) {
                check_classify(&s, model, c);
                seen[0]++;
            } else if (strcmp(kind, "tok") == 0) {
                check_tag(&s, c);
                seen[1]++;
            } else {
                check_answer(&s, c, 30);
                check_answer(&s, c, 3);
                seen[2]++;
            }
        }
        vs_session_free(&s);
        free(dir);
    }
    ck_assert(seen[0] >= 10 && seen[1] >= 6 && seen[2] >= 3);
    json_decref(root);
}
END_TEST

START_TEST(test_grouping)
{
    json_t *root = load_ref(), *g = json_object_get(root, "grouping"), *c, *e;
    json_t *jl = json_object_get(g, "labels");
    size_t nl = json_array_size(jl), i, ci, checked = 0;
    char **labels = xcalloc(nl, sizeof *labels);

    for (i = 0; i < nl; i++)
        labels[i] = (char *)json_string_value(json_array_get(jl, i));
    json_array_foreach(json_object_get(g, "cases"), ci, c) {
        json_t *lab = json_object_get(c, "labels"), *pr = json_object_get(c, "probs");
        json_t *want = json_object_get(c, "entities");
        size_t nw = json_array_size(lab), ne;
        vs_tag_word *w = xcalloc(nw, sizeof *w);
        vs_entity *ent = xcalloc(nw, sizeof *ent);

        for (i = 0; i < nw; i++) {
            w[i].first = w[i].last = i;
            w[i].start = (uint32_t)(3 * i);
            w[i].end = (uint32_t)(3 * i + 2);
            w[i].label = (size_t)json_integer_value(json_array_get(lab, i));
            w[i].prob = (float)json_number_value(json_array_get(pr, i));
        }
        ne = vs_tag_entities(w, nw, labels, ent);
        ck_assert_uint_eq(ne, json_array_size(want));
        json_array_foreach(want, i, e) {
            ck_assert_uint_eq(ent[i].first, (size_t)jnum(e, "first"));
            ck_assert_uint_eq(ent[i].last, (size_t)jnum(e, "last"));
            ck_assert_uint_eq(ent[i].start, (uint32_t)jnum(e, "start"));
            ck_assert_uint_eq(ent[i].end, (uint32_t)jnum(e, "end"));
            ck_assert_uint_eq(ent[i].type_len, strlen(jstr(e, "type")));
            ck_assert(memcmp(ent[i].type, jstr(e, "type"), ent[i].type_len) == 0);
            ck_assert_double_eq_tol(ent[i].score, jnum(e, "score"), 1e-6);
            checked++;
        }
        free(ent);
        free(w);
    }
    ck_assert_uint_ge(checked, 40);
    free(labels);
    json_decref(root);
}
END_TEST

START_TEST(test_spans)
{
    json_t *root = load_ref(), *c, *sp;
    size_t ci, i, checked = 0;

    json_array_foreach(json_object_get(root, "spans"), ci, c) {
        json_t *js = json_object_get(c, "start"), *je = json_object_get(c, "end");
        json_t *want = json_object_get(c, "spans");
        size_t n = json_array_size(js), k = (size_t)jnum(c, "k"), got;
        float *start = xmallocarray(2 * n, sizeof *start), *end = start + n;
        unsigned char *ctx = xcalloc(2 * n, 1), *cls = ctx + n;
        vs_qa_span *out = xcalloc(k, sizeof *out);

        for (i = 0; i < n; i++) {
            start[i] = (float)json_number_value(json_array_get(js, i));
            end[i] = (float)json_number_value(json_array_get(je, i));
            ctx[i] = (unsigned char)json_integer_value(
                json_array_get(json_object_get(c, "context"), i));
            cls[i] = (unsigned char)json_integer_value(
                json_array_get(json_object_get(c, "cls"), i));
        }
        got = vs_qa_best_spans(start, end, n, ctx, cls, (size_t)jnum(c, "max_len"), k,
                               out);
        ck_assert_uint_eq(got, json_array_size(want));
        json_array_foreach(want, i, sp) {
            ck_assert_uint_eq(out[i].start, (size_t)jnum(sp, "start"));
            ck_assert_uint_eq(out[i].end, (size_t)jnum(sp, "end"));
            ck_assert_double_eq_tol(out[i].score, jnum(sp, "score"),
                                    1e-6 * jnum(sp, "score"));
            ck_assert_double_eq_tol(out[i].logit, jnum(sp, "logit"), 1e-5);
            checked++;
        }
        free(out);
        free(ctx);
        free(start);
    }
    ck_assert_uint_ge(checked, 40);
    json_decref(root);
}
END_TEST

static void info_of(const char *which, vs_result *r)
{
    char *dir = xasprintf("%s/%s", HEADDATA, which);
    vs_session s;

    enc_open(&s, dir);
    enc_run(&s, "info", r);
    vs_session_free(&s);
    free(dir);
}

START_TEST(test_info)
{
    vs_result r;

    vs_result_init(&r);
    info_of("bert-seq", &r);
    ck_assert_str_eq(enc_info_value(&r, "sequence head"),
                     "classifier over the pooler (classify)");
    ck_assert_str_eq(enc_info_value(&r, "labels"), "3: negative, neutral, positive");
    ck_assert_str_eq(enc_info_value(&r, "problem type"),
                     "single-label classification (softmax over the labels); "
                     "config.json has no problem_type");
    info_of("roberta-seq", &r);
    ck_assert_str_eq(enc_info_value(&r, "sequence head"),
                     "classifier.dense -> tanh -> classifier.out_proj on the first "
                     "token (classify)");
    ck_assert_str_eq(enc_info_value(&r, "problem type"),
                     "multi-label classification (a sigmoid for each label)");
    info_of("distilbert-seq", &r);
    ck_assert_str_eq(enc_info_value(&r, "problem type"),
                     "regression (the scores as they are); config.json has no "
                     "problem_type, and one label");
    info_of("albert-seq", &r);
    ck_assert(strstr(enc_info_value(&r, "sequence head"), "names no architecture") != NULL);
    ck_assert_str_eq(enc_info_value(&r, "labels"),
                     "2: LABEL_0, LABEL_1 (config.json has no id2label)");
    info_of("albert-ner", &r);
    ck_assert(strstr(enc_info_value(&r, "token head"), "labels make it a token head") != NULL);
    info_of("roberta-ner", &r);
    ck_assert_str_eq(enc_info_value(&r, "token head"), "classifier on every token (tag)");
    ck_assert_str_eq(enc_info_value(&r, "labels"),
                     "9: O, B-PER, I-PER, B-ORG, I-ORG, B-LOC, I-LOC, B-MISC, I-MISC");
    info_of("bert-qa", &r);
    ck_assert_str_eq(enc_info_value(&r, "question-answering head"),
                     "qa_outputs on every token: start and end (answer)");
    vs_result_clear(&r);
}
END_TEST

START_TEST(test_missing)
{
    vs_session s;

    enc_open(&s, HEADDATA "/bert-ner");
    enc_run_fails(&s, "classify the king", "classify: this checkpoint has no "
                  "sequence-classification head (BertForSequenceClassification has "
                  "one, as a checkpoint fine-tuned for the task has); it has a "
                  "token-classification head (tag)");
    enc_run_fails(&s, "answer who ||| the king", "(BertForQuestionAnswering has one");
    enc_run_fails(&s, "tag the king ||| the queen", "tag: one text, please");
    vs_session_free(&s);
    enc_open(&s, HEADDATA "/roberta-qa");
    enc_run_fails(&s, "tag the king", "tag: this checkpoint has no token-classification "
                  "head (RobertaForTokenClassification has one");
    enc_run_fails(&s, "answer who is it", "answer: write the two texts as TEXT1 ||| TEXT2");
    enc_run_fails(&s, "answer --max-len 0 who ||| it", "--max-len must be at least 1");
    enc_run_fails(&s, "answer -k 0 who ||| it", "-k must be at least 1");
    vs_session_free(&s);
    enc_open(&s, VS_TESTDATA "/families/distilbert");
    enc_run_fails(&s, "classify the king", "(DistilBertForSequenceClassification has one");
    vs_session_free(&s);
}
END_TEST

START_TEST(test_bad_configs)
{
    char *dir = enc_tmpdir_copy(HEADDATA "/bert-seq");
    const char *base = "{\"model_type\": \"bert\", \"hidden_size\": 24, "
                       "\"num_hidden_layers\": 2, \"num_attention_heads\": 4, "
                       "\"intermediate_size\": 40, \"vocab_size\": 80, "
                       "\"max_position_embeddings\": 40, "
                       "\"architectures\": [\"BertForSequenceClassification\"]";
    char *cfg;

    cfg = xasprintf("%s, \"id2label\": {\"0\": \"a\", \"1\": \"b\"}}", base);
    enc_put_file(dir, "config.json", cfg);
    enc_expect_load_fail(dir, "id2label has 2 labels, and the head (classifier) has 3 rows");
    free(cfg);
    cfg = xasprintf("%s, \"id2label\": {\"0\": \"a\", \"1\": \"b\", \"x\": \"c\"}}", base);
    enc_put_file(dir, "config.json", cfg);
    enc_expect_load_fail(dir, "id2label key \"x\" is not a label id (0 to 2)");
    free(cfg);
    cfg = xasprintf("%s, \"num_labels\": 5}", base);
    enc_put_file(dir, "config.json", cfg);
    enc_expect_load_fail(dir, "num_labels does not match the head: classifier has 3 rows");
    free(cfg);
    cfg = xasprintf("%s, \"problem_type\": \"ranking\"}", base);
    enc_put_file(dir, "config.json", cfg);
    enc_expect_load_fail(dir, "problem_type should be");
    free(cfg);
    /* the token head by its architecture: the same tensors tag */
    cfg = xasprintf("{\"model_type\": \"bert\", \"hidden_size\": 24, "
                    "\"num_hidden_layers\": 2, \"num_attention_heads\": 4, "
                    "\"intermediate_size\": 40, \"vocab_size\": 80, "
                    "\"max_position_embeddings\": 40, "
                    "\"architectures\": [\"BertForTokenClassification\"]}");
    enc_put_file(dir, "config.json", cfg);
    {
        vs_model *m = enc_load_dir(dir);
        ck_assert(vs_bert_heads_has(vs_bert_of(m)->heads, VS_HEAD_TOKEN));
        ck_assert(!vs_bert_heads_has(vs_bert_of(m)->heads, VS_HEAD_SEQUENCE));
        vs_model_free(m);
    }
    free(cfg);
    enc_rm_dir(dir);
}
END_TEST

Suite *suite_heads(void)
{
    Suite *s = suite_create("heads");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_reference);
    tcase_add_test(tc, test_commands);
    tcase_add_test(tc, test_grouping);
    tcase_add_test(tc, test_spans);
    tcase_add_test(tc, test_info);
    tcase_add_test(tc, test_missing);
    tcase_add_test(tc, test_bad_configs);
    suite_add_tcase(s, tc);
    return s;
}
