/*
 * bert_dir.c - opens a Hugging Face encoder folder as a vs_model.
 *
 *   DIR/config.json             model_type (bert, distilbert, roberta,
 *                               xlm-roberta, camembert, albert, electra),
 *                               the sizes (bert_config.c)
 *   DIR/model.safetensors       the weights (F32, F16, BF16), or the first of
 *                               model.safetensors.index.json, pytorch_model.bin,
 *                               pytorch_model.bin.index.json (weights.c), named
 *                               as the family names them (family.c); task
 *                               heads and their labels (heads.c)
 *   DIR/tokenizer.json, or vocab.txt (+ tokenizer_config.json), or
 *   vocab.json + merges.txt, or spiece.model / sentencepiece.bpe.model
 *                               the tokenizer (bert/tok_dir.c)
 *   DIR/modules.json            optional: a sentence-transformers pipeline
 *                               (st_modules.c), whose pooling embed uses
 *
 * The model's vocabulary is the tokenizer's and its vectors are the first n
 * rows of the input word embeddings (n = the tokenizer's pieces, at most
 * vocab_size: pieces past it are counted in vocab_dropped), used in place;
 * the encoder, the tokenizer and the pooling go in m->ext. Anything wrong (a
 * missing file, a config of another architecture, a tensor whose shape
 * contradicts config.json, a vocabulary without [UNK]/[CLS]/[SEP]) is one
 * message and nothing loaded.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../xalloc.h"
#include "bert_dir.h"

static int exists(const char *dir, const char *file)
{
    return vs_dir_has_file(dir, file);
}

static int sniff(const char *path, const unsigned char *head, size_t len,
                 size_t file_size, int is_dir)
{
    (void)head;
    (void)len;
    (void)file_size;
    if (!is_dir || !exists(path, "config.json"))
        return 0;
    /* Sure when the weights are there; otherwise still ours, so that the
     * user hears what is missing. */
    return vs_weights_file(path) != NULL &&
                   (exists(path, "tokenizer.json") || exists(path, "vocab.txt") ||
                    exists(path, "vocab.json") || exists(path, "spiece.model") ||
                    exists(path, "sentencepiece.bpe.model"))
               ? 95
               : 60;
}

static void ext_free(void *p)
{
    vs_bert_model *bm = p;

    if (bm == NULL)
        return;
    vs_bert_heads_free(bm->heads);   /* points into enc's weights */
    vs_bert_free(bm->enc);
    vs_tokenizer_free(bm->tok);
    vs_st_pipeline_free(&bm->st);
    free(bm->norms);
    free(bm->proj_norms);
    free(bm);
}

vs_bert_model *vs_bert_of(const vs_model *m)
{
    if (m == NULL || m->kind != VS_MODEL_ENCODER || m->ext_free != ext_free)
        return NULL;
    return m->ext;
}

/* The pooling embed uses by default: a sentence-transformers pipeline's,
 * checked against the encoder, or the mean over all tokens. */
static int load_pooling(const char *dir, vs_bert_model *bm, vs_error *err)
{
    size_t H = bm->enc->cfg.hidden;
    int rc = vs_st_pipeline_load(dir, &bm->st, err);

    if (rc < 0)
        return -1;
    bm->is_st = rc;
    bm->pool.modes = VS_POOL_MEAN;
    bm->pool.normalize = 0;
    if (!bm->is_st)
        return 0;
    if (bm->st.dimension != 0 && bm->st.dimension != H)
        return vs_fail(err, "%s/%s: word_embedding_dimension is %zu, but the "
                       "encoder's hidden size is %zu", dir, bm->st.pooling_file,
                       bm->st.dimension, H);
    if (bm->st.lower_case && !bm->tok->do_lower_case && bm->st.unsupported == NULL)
        bm->st.unsupported = xasprintf("sentence_bert_config.json lowercases the "
                                       "text (do_lower_case), and this model's "
                                       "tokenizer does not");
    if (bm->st.unsupported == NULL)
        bm->pool = bm->st.pool;
    return 0;
}

int vs_bert_dir_load(const char *dir, const vs_load_opts *opts, vs_model **out,
                     vs_error *err)
{
    char *cfg_path = xasprintf("%s/config.json", dir);
    vs_bert_config cfg;
    vs_vocab *vocab = NULL;
    vs_weights *w = NULL;
    vs_bert_model *bm = xcalloc(1, sizeof *bm);
    vs_model *m;
    size_t dups = 0, i, H;
    int rc = -1;

    *out = NULL;
    if (!exists(dir, "config.json")) {
        vs_fail(err, "%s: no config.json (a Hugging Face BERT folder has "
                "config.json, vocab.txt and model.safetensors)", dir);
        goto done;
    }
    if (vs_bert_config_load(cfg_path, &cfg, err) < 0)
        goto done;
    if (opts != NULL && opts->precision != NULL &&
        vs_precision_parse(opts->precision, &cfg.precision, err) < 0)
        goto done;
    if (vs_tokenizer_open_dir(dir, cfg.vocab_size, &bm->tok, err) < 0)
        goto done;
    if (vs_weights_open(dir, &w, err) < 0)
        goto done;
    {   /* the model's vocabulary: the tokenizer's first vocab_size pieces */
        const vs_vocab *tv = vs_tokenizer_vocab(bm->tok);
        size_t n = tv->n < cfg.vocab_size ? tv->n : cfg.vocab_size;
        vocab = vs_vocab_new(n);
        for (i = 0; i < n; i++)
            vs_vocab_add(vocab, vs_vocab_word(tv, i), vs_vocab_len(tv, i), NULL);
        bm->vocab_dropped = bm->tok->dropped + (tv->n - n);
        dups = bm->tok->duplicates;
    }
    if (vs_bert_open(w, &cfg, &bm->enc, err) < 0) {  /* takes w */
        w = NULL;
        goto done;
    }
    w = NULL;
    if (vs_bert_heads_load(bm->enc, cfg_path, &bm->heads, err) < 0 ||
        load_pooling(dir, bm, err) < 0)
        goto done;

    /* The model: the tokenizer's vocabulary x input embeddings (E wide),
     * in place. */
    H = cfg.embedding;
    m = vs_model_new(dir, "bert", vocab, (float *)bm->enc->word_emb, vocab->n, H);
    vocab = NULL;
    m->kind = VS_MODEL_ENCODER;
    m->vecs_owned = 0;
    m->duplicates = dups;
    bm->norms = xmallocarray(m->n ? m->n : 1, sizeof *bm->norms);
    for (i = 0; i < m->n; i++)
        bm->norms[i] = vs_row_norm(vs_model_row(m, i), H);
    m->norms = bm->norms;
    m->describe = vs_bert_info;
    m->file_size = bm->enc->w->mapped_bytes;
    m->ext = bm;
    m->ext_free = ext_free;
    m->ext_memory = sizeof *bm + bm->enc->w->mapped_bytes -
                    bm->enc->w->released_bytes +
                    vs_bert_converted_bytes(bm->enc) + vs_bert_packed_bytes(bm->enc) +
                    m->n * sizeof(float) + cfg.layers * sizeof(vs_bert_layer);
    bm = NULL;
    *out = m;
    rc = 0;
done:
    ext_free(bm);
    vs_weights_close(w);
    vs_vocab_free(vocab);
    free(cfg_path);
    return rc;
}

const vs_format vs_format_bert_dir = {
    "bert",
    "Hugging Face encoder folder (BERT, DistilBERT, RoBERTa, XLM-RoBERTa, "
    "CamemBERT, ALBERT, ELECTRA; sentence-transformers): config.json, the "
    "weights (model.safetensors or pytorch_model.bin, whole or sharded; "
    "F32/F16/BF16), tokenizer.json, vocab.txt, vocab.json + merges.txt or a "
    "SentencePiece .model, optional modules.json",
    sniff,
    vs_bert_dir_load,
};

static void info_size(vs_result *r, const char *field, size_t v)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%zu", v);
    vs_result_row(r, field, buf);
}

/* "yes (lm_head.*)" or "no (fill needs it)"; name: the head's tensors,
 * with ".*" added when star. */
static void info_head(vs_result *r, const char *field, const float *w,
                      const char *name, int star, const char *needed_by)
{
    char buf[160];

    if (w != NULL)
        snprintf(buf, sizeof buf, "yes (%s%s)", name, star ? ".*" : "");
    else
        snprintf(buf, sizeof buf, "no (%s needs it)", needed_by);
    vs_result_row(r, field, buf);
}

/* The precision of the Linear layers, the kernel that runs them, and what
 * the weights cost in memory: the packed layers, and the float32 rest
 * (embeddings, LayerNorms, biases, heads; mapped or converted). */
static void info_precision(const vs_bert *b, vs_result *r)
{
    const vs_bert_config *c = &b->cfg;
    size_t H = c->hidden, I = c->intermediate, packed_params, rest;
    char buf[256];

    snprintf(buf, sizeof buf, "%s (Linear layers; the rest float32)",
             vs_precision_name(b->precision));
    vs_result_row(r, "precision", buf);
    vs_result_row(r, "kernel", vs_linear_kernel(&b->layer[0].wi));
    /* the packed layers' parameters, each group once */
    packed_params = c->groups * (4 * H * H + 2 * H * I) + (b->proj_w ? H * c->embedding : 0);
    rest = b->params > packed_params ? b->params - packed_params : 0;
    snprintf(buf, sizeof buf, "%.1f MB: Linear layers %.1f MB (%s), the rest %.1f MB (float32)",
             (double)(vs_bert_packed_bytes(b) + rest * sizeof(float)) / 1e6,
             (double)vs_bert_packed_bytes(b) / 1e6, vs_precision_name(b->precision),
             (double)rest * sizeof(float) / 1e6);
    vs_result_row(r, "weights memory", buf);
}

/* The pooling row: what embed uses by default, and where it comes from. */
static void info_pooling(const vs_bert_model *bm, vs_result *r)
{
    char name[96], buf[512];

    vs_pooling_name(&bm->pool, name, sizeof name);
    if (!bm->is_st)
        snprintf(buf, sizeof buf, "%s (vecscope's default; no "
                 "sentence-transformers modules.json)", name);
    else if (bm->st.unsupported != NULL)
        snprintf(buf, sizeof buf, "%s by default: %s (embed --pool picks "
                 "another)", name, bm->st.unsupported);
    else
        snprintf(buf, sizeof buf, "%s (sentence-transformers: %s%s%s%s)", name,
                 bm->st.pooling_file, bm->pool.normalize ? ", Normalize" : "",
                 bm->pool.max_tokens ? ", max_seq_length" : "",
                 bm->st.include_prompt ? "" : "; include_prompt false, and "
                 "vecscope adds no prompt");
    vs_result_row(r, "pooling", buf);
}

/* The heads found by name only (ELECTRA's discriminator), and task-head
 * tensors left unused. */
static void info_other_heads(const vs_bert_model *bm, vs_result *r)
{
    const vs_bert *b = bm->enc;
    const vs_family_head *h;
    char buf[512];
    size_t len = 0;

    buf[0] = '\0';
    for (h = b->fam->others; h->tensor != NULL && len < sizeof buf; h++) {
        if (vs_weights_find(b->w, h->tensor) == NULL)
            continue;
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
                                len ? ", " : "", h->what);
    }
    if (bm->heads != NULL && bm->heads->unused != NULL && len < sizeof buf)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
                                len ? ", " : "", bm->heads->unused);
    if (len > 0)
        vs_result_row(r, "other heads", buf);
}

/* The task heads present, their labels and how the sequence head's
 * outputs read. */
static void info_task_heads(const vs_bert_model *bm, vs_result *r)
{
    static const char *const field[VS_NHEADS] = {
        "sequence head", "token head", "question-answering head"};
    static const char *const problem[] = {
        "single-label classification (softmax over the labels)",
        "multi-label classification (a sigmoid for each label)",
        "regression (the scores as they are)"};
    const vs_bert_heads *h = bm->heads;
    char buf[512], *list;
    size_t i, len, shown;
    int k;

    for (k = 0; k < VS_NHEADS; k++)
        if (vs_bert_heads_has(h, (enum vs_head_kind)k))
            vs_result_row(r, field[k], vs_bert_head_describe(
                              h, (enum vs_head_kind)k, buf, sizeof buf));
    if (h == NULL || h->nlabels == 0)
        return;
    /* "3: NEGATIVE, NEUTRAL, POSITIVE", the first 32 */
    shown = h->nlabels < 32 ? h->nlabels : 32;
    len = 32;
    for (i = 0; i < shown; i++)
        len += strlen(h->labels[i]) + 2;
    list = xmalloc(len + 64);
    len = (size_t)sprintf(list, "%zu: ", h->nlabels);
    for (i = 0; i < shown; i++)
        len += (size_t)sprintf(list + len, "%s%s", i ? ", " : "", h->labels[i]);
    if (shown < h->nlabels)
        len += (size_t)sprintf(list + len, ", ...");
    if (!h->labels_given)
        sprintf(list + len, " (config.json has no id2label)");
    vs_result_row(r, "labels", list);
    free(list);
    if (vs_bert_heads_has(h, VS_HEAD_SEQUENCE)) {
        snprintf(buf, sizeof buf, "%s%s", problem[h->problem],
                 h->problem_given ? "" : h->nlabels == 1
                                             ? "; config.json has no problem_type, and one label"
                                             : "; config.json has no problem_type");
        vs_result_row(r, "problem type", buf);
    }
}

void vs_bert_info(const vs_model *m, vs_result *r)
{
    const vs_bert_model *bm = vs_bert_of(m);
    const vs_bert *b;
    const vs_bert_config *c;
    char buf[160];

    if (bm == NULL)
        return;
    b = bm->enc;
    c = &b->cfg;
    if (c->architecture[0] != '\0')
        snprintf(buf, sizeof buf, "%s (%s)", b->fam->name, c->architecture);
    else
        snprintf(buf, sizeof buf, "%s", b->fam->name);
    vs_result_row(r, "family", buf);
    vs_result_row(r, "tokenizer", bm->tok->kind);
    vs_result_row(r, "tokenizer file", bm->tok->source ? bm->tok->source : "");
    info_size(r, "layers", c->layers);
    if (c->groups != c->layers) {
        snprintf(buf, sizeof buf, "%zu, shared (layer i runs group "
                 "int(i / %g))", c->groups, (double)c->layers / (double)c->groups);
        vs_result_row(r, "layer groups", buf);
    }
    info_size(r, "hidden size", c->hidden);
    if (c->embedding != c->hidden) {
        snprintf(buf, sizeof buf, "%zu (projected to %zu)", c->embedding, c->hidden);
        vs_result_row(r, "embedding size", buf);
    }
    info_size(r, "attention heads", c->heads);
    info_size(r, "feed-forward size", c->intermediate);
    vs_result_row(r, "activation", c->act_name);
    info_size(r, "vocabulary", c->vocab_size);
    if (c->family->flags & VS_FAM_POS_AFTER_PAD) {
        snprintf(buf, sizeof buf, "%zu (%zu tokens: they start after "
                 "pad_token_id %ld)", c->max_positions, vs_bert_max_tokens(b),
                 c->pad_token_id);
        vs_result_row(r, "max positions", buf);
    } else {
        info_size(r, "max positions", c->max_positions);
    }
    vs_result_row(r, "dtype", vs_dtype_name(b->dtype));
    vs_result_row(r, "weights", b->w->kind);
    info_size(r, "parameters", b->params);
    info_precision(b, r);
    vs_result_row(r, "lowercase", bm->tok->do_lower_case ? "yes" : "no");
    info_pooling(bm, r);
    if (b->fam->pooler != NULL)
        info_head(r, "pooler", b->pool_w, b->fam->pooler, 1, "embed --pool pooler");
    else
        vs_result_row(r, "pooler", "no (none in this family)");
    if (b->fam->mlm != NULL)
        info_head(r, "masked-LM head", b->mlm_w, b->fam->mlm->what, 0, "fill");
    if (b->fam->nsp != NULL)
        info_head(r, "next-sentence head", b->nsp_w, b->fam->nsp, 1, "nsp");
    else
        vs_result_row(r, "next-sentence head", "no (none in this family)");
    if (b->fam->sop != NULL)
        vs_result_row(r, "sentence-order head",
                      b->sop_w != NULL ? "yes (sop_classifier; no command runs it)"
                                       : "no");
    info_other_heads(bm, r);
    info_task_heads(bm, r);
}
