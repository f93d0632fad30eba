/*
 * heads.c - the task heads of fine-tuned encoders: finding them in the
 * checkpoint, their labels in config.json, and running them on a forward
 * pass. See heads.h.
 *
 * The heads' names and activations are those of transformers'
 * modeling_<family>.py (BertForSequenceClassification,
 * RobertaClassificationHead, DistilBertForSequenceClassification,
 * ElectraClassificationHead, AlbertForSequenceClassification and the
 * families' ForTokenClassification and ForQuestionAnswering; FORMATS.md
 * section 9). Their tensors are never under the base model's prefix.
 * Every product goes through the encoder's Linear (vs_bert_linear).
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../xalloc.h"
#include "bert_config.h"
#include "heads.h"
#include "kernels.h"

/* One family's sequence head: over the pooler, or over the first token
 * through dense -> act first; then out. */
typedef struct seq_names {
    const char *stem;        /* the architectures' names: "Bert" */
    int on_pooler;
    const char *dense;       /* NULL: none */
    enum vs_bert_act act;
    const char *out;
    const char *what;        /* for info and messages */
} seq_names;

static const seq_names fam_seq[VS_NFAMILIES] = {
    [VS_FAMILY_BERT] = {"Bert", 1, NULL, VS_ACT_TANH, "classifier",
                        "classifier over the pooler"},
    [VS_FAMILY_DISTILBERT] = {"DistilBert", 0, "pre_classifier", VS_ACT_RELU,
                              "classifier", "pre_classifier -> relu -> "
                              "classifier on the first token"},
    [VS_FAMILY_ROBERTA] = {"Roberta", 0, "classifier.dense", VS_ACT_TANH,
                           "classifier.out_proj", "classifier.dense -> tanh "
                           "-> classifier.out_proj on the first token"},
    [VS_FAMILY_XLM_ROBERTA] = {"XLMRoberta", 0, "classifier.dense", VS_ACT_TANH,
                               "classifier.out_proj", "classifier.dense -> "
                               "tanh -> classifier.out_proj on the first token"},
    [VS_FAMILY_CAMEMBERT] = {"Camembert", 0, "classifier.dense", VS_ACT_TANH,
                             "classifier.out_proj", "classifier.dense -> tanh "
                             "-> classifier.out_proj on the first token"},
    [VS_FAMILY_ALBERT] = {"Albert", 1, NULL, VS_ACT_TANH, "classifier",
                          "classifier over the pooler"},
    [VS_FAMILY_ELECTRA] = {"Electra", 0, "classifier.dense", VS_ACT_GELU,
                           "classifier.out_proj", "classifier.dense -> gelu "
                           "-> classifier.out_proj on the first token"},
};

#define TOKEN_HEAD "classifier"
#define QA_HEAD "qa_outputs"

/* The kinds: what the head is called, the architectures' suffix, the
 * command that runs it. */
static const struct {
    const char *name, *suffix, *cmd;
} kinds[VS_NHEADS] = {
    {"sequence-classification", "ForSequenceClassification", "classify"},
    {"token-classification", "ForTokenClassification", "tag"},
    {"question-answering", "ForQuestionAnswering", "answer"},
};

/* ---- loading ---- */

/* The tensor name, which must be (d0, d1) (d1 0: (d0)); d0 0 takes any
 * first dimension, written to *rows. */
static int get(vs_bert *b, const char *name, size_t d0, size_t d1,
               const float **out, size_t *rows, vs_error *err)
{
    const vs_tensor *t = vs_weights_find(b->w, name);
    size_t rank = d1 ? 2 : 1;
    char have[256];

    *out = NULL;
    if (t == NULL)
        return vs_fail(err, "%s: tensor '%s' is missing", b->w->path, name);
    if (t->rank != rank || (d0 && t->shape[0] != d0) || t->shape[0] == 0 ||
        (d1 && t->shape[1] != d1)) {
        vs_tensor_shape_str(t, have, sizeof have);
        if (!d1)
            return vs_fail(err, "%s: tensor '%s' has shape %s; the head needs "
                           "[%zu]", vs_tensor_path(b->w, t), name, have, d0);
        if (!d0)
            return vs_fail(err, "%s: tensor '%s' has shape %s; the head needs "
                           "[labels, %zu] (%zu: the hidden size)",
                           vs_tensor_path(b->w, t), name, have, d1, d1);
        return vs_fail(err, "%s: tensor '%s' has shape %s; the head needs "
                       "[%zu, %zu]", vs_tensor_path(b->w, t), name, have, d0, d1);
    }
    if (rows != NULL)
        *rows = (size_t)t->shape[0];
    if (vs_weights_f32(b->w, t, out, err) < 0 ||
        vs_weights_check_finite(b->w, t, *out, err) < 0)
        return -1;
    b->params += (size_t)t->numel;
    return 0;
}

/* "<base>.weight" (rows, H), rows d0 or any (d0 0, then *rows), and
 * "<base>.bias" (rows). */
static int get_linear(vs_bert *b, const char *base, size_t d0, const float **w,
                      const float **bias, size_t *rows, vs_error *err)
{
    char name[256];
    size_t r = d0;

    snprintf(name, sizeof name, "%s.weight", base);
    if (get(b, name, d0, b->cfg.hidden, w, &r, err) < 0)
        return -1;
    snprintf(name, sizeof name, "%s.bias", base);
    if (get(b, name, r, 0, bias, NULL, err) < 0)
        return -1;
    if (rows != NULL)
        *rows = r;
    return 0;
}

static int has(const vs_bert *b, const char *base)
{
    char name[256];

    snprintf(name, sizeof name, "%s.weight", base);
    return vs_weights_find(b->w, name) != NULL;
}

/* Whether config.json's architectures names one ending in suffix. */
static int arch_says(json_t *root, const char *suffix)
{
    json_t *v;
    size_t i, ls = strlen(suffix);

    json_array_foreach(json_object_get(root, "architectures"), i, v) {
        const char *s = json_string_value(v);
        size_t l = s != NULL ? strlen(s) : 0;
        if (l >= ls && strcmp(s + l - ls, suffix) == 0)
            return 1;
    }
    return 0;
}

/* Whether every label reads as a tag of a BIO-like scheme: O, or B-, I-,
 * E-, S-, L-, U- and a type. */
static int labels_are_tags(const vs_bert_heads *h)
{
    size_t i;

    for (i = 0; i < h->nlabels; i++) {
        const char *s = h->labels[i];
        if (strcmp(s, "O") == 0)
            continue;
        if (s[0] == '\0' || strchr("BIESLU", s[0]) == NULL || s[1] != '-' ||
            s[2] == '\0')
            return 0;
    }
    return 1;
}

/* The labels: id2label (keys "0".."L-1", each once) or LABEL_i; checked
 * against num_labels when config.json has it. */
static int load_labels(const char *path, json_t *root, vs_bert_heads *h,
                       const char *tensor, vs_error *err)
{
    json_t *map = json_object_get(root, "id2label"), *v;
    json_t *num = json_object_get(root, "num_labels");
    const char *key;
    size_t i, L = h->nlabels;

    if (num != NULL && !json_is_null(num) &&
        (!json_is_integer(num) || json_integer_value(num) != (json_int_t)L))
        return vs_fail(err, "%s: num_labels does not match the head: %s has "
                       "%zu rows", path, tensor, L);
    h->labels = xcalloc(L, sizeof *h->labels);
    if (map != NULL && !json_is_null(map)) {
        if (!json_is_object(map))
            return vs_fail(err, "%s: \"id2label\" should be an object of "
                           "\"id\": \"label\"", path);
        if (json_object_size(map) != L)
            return vs_fail(err, "%s: id2label has %zu labels, and the head (%s) "
                           "has %zu rows", path, json_object_size(map), tensor, L);
        json_object_foreach(map, key, v) {
            char *end;
            unsigned long id = strtoul(key, &end, 10);
            if (*key < '0' || *key > '9' || *end != '\0' || id >= L)
                return vs_fail(err, "%s: id2label key \"%s\" is not a label id "
                               "(0 to %zu)", path, key, L - 1);
            if (!json_is_string(v))
                return vs_fail(err, "%s: id2label \"%s\" should be a string",
                               path, key);
            if (h->labels[id] != NULL)
                return vs_fail(err, "%s: id2label has label id %lu twice", path, id);
            h->labels[id] = xstrdup(json_string_value(v));
        }
        h->labels_given = 1;
    }
    for (i = 0; i < L; i++)
        if (h->labels[i] == NULL)
            h->labels[i] = xasprintf("LABEL_%zu", i);
    return 0;
}

static int load_problem(const char *path, json_t *root, vs_bert_heads *h,
                        vs_error *err)
{
    static const struct {
        const char *name;
        enum vs_problem p;
    } names[] = {
        {"single_label_classification", VS_PROBLEM_SINGLE_LABEL},
        {"multi_label_classification", VS_PROBLEM_MULTI_LABEL},
        {"regression", VS_PROBLEM_REGRESSION},
    };
    json_t *v = json_object_get(root, "problem_type");
    size_t i;

    h->problem = h->nlabels == 1 ? VS_PROBLEM_REGRESSION : VS_PROBLEM_SINGLE_LABEL;
    if (v == NULL || json_is_null(v))
        return 0;
    for (i = 0; json_is_string(v) && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(json_string_value(v), names[i].name) == 0) {
            h->problem = names[i].p;
            h->problem_given = 1;
            return 0;
        }
    return vs_fail(err, "%s: problem_type should be \"single_label_classification\", "
                   "\"multi_label_classification\" or \"regression\"", path);
}

/* Which heads the checkpoint has, by its tensors (and, for BERT and
 * ALBERT's "classifier", the architectures or the labels), and their
 * weights. */
static int load(vs_bert *b, const char *path, json_t *root, vs_bert_heads *h,
                vs_error *err)
{
    const seq_names *sn = &fam_seq[b->fam->id];
    int seq = 0, tok = 0, pick_later = 0;
    const char *labelled = NULL;

    h->arch_stem = sn->stem;
    h->seq_on_pooler = sn->on_pooler;
    h->seq_act = sn->act;
    h->seq_what = sn->what;
    if (sn->dense != NULL) {
        /* the sequence head has its own names; a bare classifier is the
         * token head (DistilBERT's sequence head ends in classifier) */
        seq = has(b, sn->dense);
        tok = has(b, TOKEN_HEAD) && !(seq && strcmp(sn->out, TOKEN_HEAD) == 0);
    } else if (has(b, TOKEN_HEAD)) {
        seq = arch_says(root, kinds[VS_HEAD_SEQUENCE].suffix);
        tok = !seq && arch_says(root, kinds[VS_HEAD_TOKEN].suffix);
        /* architectures naming another model (BertForPreTraining): it has
         * no classifier, and transformers would leave the tensor unused */
        if (!seq && !tok &&
            json_array_size(json_object_get(root, "architectures")) > 0)
            h->unused = "classifier (sequence or token classification; not "
                        "run: config.json's architectures name no "
                        "ForSequenceClassification or ForTokenClassification "
                        "model)";
        else
            pick_later = !seq && !tok;
    }
    if (seq) {
        if (sn->dense != NULL &&
            get_linear(b, sn->dense, b->cfg.hidden, &h->seq_dense_w,
                       &h->seq_dense_b, NULL, err) < 0)
            return -1;
        if (get_linear(b, sn->out, 0, &h->seq_w, &h->seq_b, &h->nlabels, err) < 0)
            return -1;
        labelled = sn->out;
    }
    if (tok || pick_later) {
        size_t L;
        if (get_linear(b, TOKEN_HEAD, 0, &h->tok_w, &h->tok_b, &L, err) < 0)
            return -1;
        if (seq && L != h->nlabels)
            return vs_fail(err, "%s: the token head (%s) has %zu labels and the "
                           "sequence head (%s) %zu; vecscope reads one set of "
                           "labels", b->w->path, TOKEN_HEAD, L, sn->out,
                           h->nlabels);
        h->nlabels = L;
        labelled = TOKEN_HEAD;
    }
    if (labelled != NULL &&
        (load_labels(path, root, h, labelled, err) < 0 ||
         load_problem(path, root, h, err) < 0))
        return -1;
    if (pick_later) {
        /* no architecture names the head: the labels decide */
        h->guessed = 1;
        if (!labels_are_tags(h)) {
            h->seq_w = h->tok_w;
            h->seq_b = h->tok_b;
            h->tok_w = h->tok_b = NULL;
        }
    }
    if (has(b, QA_HEAD) &&
        get_linear(b, QA_HEAD, 2, &h->qa_w, &h->qa_b, NULL, err) < 0)
        return -1;
    return 0;
}

int vs_bert_heads_load(vs_bert *b, const char *config_path,
                       vs_bert_heads **out, vs_error *err)
{
    vs_bert_heads *h = xcalloc(1, sizeof *h);
    json_t *root;
    int rc;

    *out = NULL;
    if (vs_json_object_load(config_path, &root, err) < 0) {
        free(h);
        return -1;
    }
    rc = load(b, config_path, root, h, err);
    json_decref(root);
    if (rc < 0) {
        vs_bert_heads_free(h);
        return -1;
    }
    *out = h;
    return 0;
}

void vs_bert_heads_free(vs_bert_heads *h)
{
    size_t i;

    if (h == NULL)
        return;
    for (i = 0; h->labels != NULL && i < h->nlabels; i++)
        free(h->labels[i]);
    free(h->labels);
    free(h);
}

int vs_bert_heads_has(const vs_bert_heads *h, enum vs_head_kind k)
{
    if (h == NULL)
        return 0;
    switch (k) {
    case VS_HEAD_SEQUENCE:
        return h->seq_w != NULL;
    case VS_HEAD_TOKEN:
        return h->tok_w != NULL;
    case VS_HEAD_QA:
        return h->qa_w != NULL;
    case VS_NHEADS:
        break;
    }
    return 0;
}

int vs_bert_head_missing(const vs_bert_heads *h, enum vs_head_kind k,
                         const char *cmd, vs_error *err)
{
    char others[256];
    size_t len = 0;
    int j;

    others[0] = '\0';
    for (j = 0; j < VS_NHEADS; j++)
        if (j != (int)k && vs_bert_heads_has(h, (enum vs_head_kind)j))
            len += (size_t)snprintf(others + len, sizeof others - len,
                                    "%s a %s head (%s)", len ? "; and" : "; it has",
                                    kinds[j].name, kinds[j].cmd);
    return vs_fail(err, "%s: this checkpoint has no %s head (%s%s has one, "
                   "as a checkpoint fine-tuned for the task has)%s", cmd,
                   kinds[k].name, h->arch_stem, kinds[k].suffix, others);
}

const char *vs_bert_head_describe(const vs_bert_heads *h, enum vs_head_kind k,
                                  char *buf, size_t size)
{
    switch (k) {
    case VS_HEAD_SEQUENCE:
        snprintf(buf, size, "%s (classify)%s", h->seq_what,
                 h->guessed ? "; config.json names no architecture, and the "
                              "labels make it a sequence head" : "");
        return buf;
    case VS_HEAD_TOKEN:
        snprintf(buf, size, "classifier on every token (tag)%s",
                 h->guessed ? "; config.json names no architecture, and the "
                              "labels make it a token head" : "");
        return buf;
    case VS_HEAD_QA:
        return "qa_outputs on every token: start and end (answer)";
    case VS_NHEADS:
        break;
    }
    return "";
}

/* ---- running ---- */

int vs_bert_seq_logits(const vs_bert_heads *h, const vs_bert *b,
                       const vs_bert_out *o, float *logits, vs_error *err)
{
    size_t H = b->cfg.hidden;
    float *x, *t;
    int rc = 0;

    if (!vs_bert_heads_has(h, VS_HEAD_SEQUENCE))
        return vs_bert_head_missing(h, VS_HEAD_SEQUENCE, "classify", err);
    x = xmallocarray(2 * H, sizeof *x);
    t = x + H;
    if (h->seq_on_pooler) {
        /* x (H) = tanh(Wp h[0] + bp), the pooler */
        if (b->pool_w == NULL) {
            free(x);
            return vs_fail(err, "%s's sequence classifier reads the pooler's "
                           "output, and this checkpoint has no pooler (%s%s.*)",
                           b->fam->name, b->fam->prefix, b->fam->pooler);
        }
        rc = vs_bert_pool(b, o, x, err);
    } else {
        /* x (H) = the last hidden state of the first token */
        memcpy(x, vs_bert_hidden(o, o->layers), H * sizeof *x);
    }
    if (rc == 0 && h->seq_dense_w != NULL) {
        /* t (H) = act(Wd x + bd) */
        vs_bert_linear(x, 1, H, h->seq_dense_w, H, t);
        vs_bert_bias_act(t, h->seq_dense_b, 1, H, h->seq_act);
        memcpy(x, t, H * sizeof *x);
    }
    if (rc == 0) {
        /* logits (L) = Wo (L, H) . x + bo */
        vs_bert_linear(x, 1, H, h->seq_w, h->nlabels, logits);
        vs_k_add_bias(logits, h->seq_b, 1, h->nlabels);
    }
    free(x);
    return rc;
}

void vs_bert_seq_outputs(const vs_bert_heads *h, const float *logits,
                         float *out)
{
    size_t L = h->nlabels, i;

    memcpy(out, logits, L * sizeof *out);
    switch (h->problem) {
    case VS_PROBLEM_SINGLE_LABEL:
        vs_k_softmax_rows(out, 1, L, NULL);
        break;
    case VS_PROBLEM_MULTI_LABEL:
        for (i = 0; i < L; i++)
            out[i] = vs_k_sigmoid(logits[i]);
        break;
    case VS_PROBLEM_REGRESSION:
        break;
    }
}

int vs_bert_token_logits(const vs_bert_heads *h, const vs_bert *b,
                         const vs_bert_out *o, float *logits, vs_error *err)
{
    if (!vs_bert_heads_has(h, VS_HEAD_TOKEN))
        return vs_bert_head_missing(h, VS_HEAD_TOKEN, "tag", err);
    /* logits (n, L) = last (n, H) . W^T + b */
    vs_bert_linear(vs_bert_hidden(o, o->layers), o->n, b->cfg.hidden, h->tok_w,
                   h->nlabels, logits);
    vs_k_add_bias(logits, h->tok_b, o->n, h->nlabels);
    return 0;
}

int vs_bert_token_probs(const vs_bert_heads *h, const vs_bert *b,
                        const vs_bert_out *o, float *probs, vs_error *err)
{
    if (vs_bert_token_logits(h, b, o, probs, err) < 0)
        return -1;
    vs_k_softmax_rows(probs, o->n, h->nlabels, NULL);
    return 0;
}

int vs_bert_qa_logits(const vs_bert_heads *h, const vs_bert *b,
                      const vs_bert_out *o, float *start, float *end,
                      vs_error *err)
{
    size_t n = o->n, t;
    float *se;

    if (!vs_bert_heads_has(h, VS_HEAD_QA))
        return vs_bert_head_missing(h, VS_HEAD_QA, "answer", err);
    /* se (n, 2) = last (n, H) . W^T + b: start and end side by side */
    se = xmallocarray(n, 2 * sizeof *se);
    vs_bert_linear(vs_bert_hidden(o, o->layers), n, b->cfg.hidden, h->qa_w, 2, se);
    vs_k_add_bias(se, h->qa_b, n, 2);
    for (t = 0; t < n; t++) {
        start[t] = se[2 * t];
        end[t] = se[2 * t + 1];
    }
    free(se);
    return 0;
}
