/*
 * bert_dir.c - opens a Hugging Face BERT folder as a vs_model.
 *
 *   DIR/config.json             model_type "bert", the sizes (bert_config.c)
 *   DIR/vocab.txt               WordPiece vocabulary, id = line number
 *   DIR/model.safetensors       the weights (F32, F16, BF16), or the first of
 *                               model.safetensors.index.json, pytorch_model.bin,
 *                               pytorch_model.bin.index.json (weights.c)
 *   DIR/tokenizer_config.json   optional: do_lower_case, special tokens
 *
 * The model's vocabulary is vocab.txt and its vectors are the first n rows of
 * the input word embeddings (n = lines of vocab.txt, at most vocab_size:
 * lines past it are dropped and counted in vocab_dropped), used in place;
 * the encoder and the tokenizer go in m->ext. Anything wrong (a missing
 * file, a config of another architecture, a tensor whose shape contradicts
 * config.json, a vocabulary without [UNK]/[CLS]/[SEP]) is one message and
 * nothing loaded.
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
    return vs_weights_file(path) != NULL && exists(path, "vocab.txt") ? 95 : 60;
}

static void ext_free(void *p)
{
    vs_bert_model *bm = p;

    if (bm == NULL)
        return;
    vs_bert_free(bm->enc);
    vs_wordpiece_free(bm->tok);
    free(bm->norms);
    free(bm);
}

vs_bert_model *vs_bert_of(const vs_model *m)
{
    if (m == NULL || m->kind != VS_MODEL_ENCODER || m->ext_free != ext_free)
        return NULL;
    return m->ext;
}

int vs_bert_dir_load(const char *dir, const vs_load_opts *opts, vs_model **out,
                     vs_error *err)
{
    char *cfg_path = xasprintf("%s/config.json", dir);
    char *vocab_path = xasprintf("%s/vocab.txt", dir);
    char *tc_path = xasprintf("%s/tokenizer_config.json", dir);
    vs_bert_config cfg;
    vs_vocab *vocab = NULL;
    vs_weights *w = NULL;
    vs_bert_model *bm = xcalloc(1, sizeof *bm);
    vs_model *m;
    size_t dups = 0, i, H;
    int rc = -1;

    (void)opts;
    *out = NULL;
    if (!exists(dir, "config.json")) {
        vs_fail(err, "%s: no config.json (a Hugging Face BERT folder has "
                "config.json, vocab.txt and model.safetensors)", dir);
        goto done;
    }
    if (vs_bert_config_load(cfg_path, &cfg, err) < 0)
        goto done;
    if (!exists(dir, "vocab.txt")) {
        vs_fail(err, "%s: no vocab.txt (a Hugging Face BERT folder has "
                "config.json, vocab.txt and model.safetensors)", dir);
        goto done;
    }
    if (vs_weights_open(dir, &w, err) < 0)
        goto done;
    if (vs_bert_vocab_load(vocab_path, &vocab, &dups, err) < 0)
        goto done;
    if (vocab->n > cfg.vocab_size) {
        /* Tokens past vocab_size have no embedding row (a real fixture,
         * camphr's ner_bert, has 405 lines for 402 rows); Hugging Face
         * would fail only when one is used. Keep the first vocab_size. */
        vs_vocab *cut = vs_vocab_new(cfg.vocab_size);
        for (i = 0; i < cfg.vocab_size; i++)
            vs_vocab_add(cut, vs_vocab_word(vocab, i), vs_vocab_len(vocab, i),
                         NULL);
        bm->vocab_dropped = vocab->n - cfg.vocab_size;
        vs_vocab_free(vocab);
        vocab = cut;
    }
    bm->lower_from_config = exists(dir, "tokenizer_config.json");
    if (vs_wordpiece_new(vocab, bm->lower_from_config ? tc_path : NULL, &bm->tok,
                         err) < 0) {
        if (strstr(err->msg, "the vocabulary has no") == err->msg)
            vs_fail_prefix(err, "%s", vocab_path);
        goto done;
    }
    if (vs_bert_open(w, &cfg, &bm->enc, err) < 0) {  /* takes w */
        w = NULL;
        goto done;
    }
    w = NULL;

    /* The model: WordPiece vocabulary x input embeddings, in place. */
    H = cfg.hidden;
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
                    vs_bert_converted_bytes(bm->enc) + m->n * sizeof(float) +
                    cfg.layers * sizeof(vs_bert_layer);
    bm = NULL;
    *out = m;
    rc = 0;
done:
    ext_free(bm);
    vs_weights_close(w);
    vs_vocab_free(vocab);
    free(cfg_path);
    free(vocab_path);
    free(tc_path);
    return rc;
}

const vs_format vs_format_bert_dir = {
    "bert",
    "Hugging Face BERT folder: config.json, vocab.txt, the weights "
    "(model.safetensors or pytorch_model.bin, whole or sharded; F32/F16/BF16), "
    "optional tokenizer_config.json",
    sniff,
    vs_bert_dir_load,
};

static void info_size(vs_result *r, const char *field, size_t v)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%zu", v);
    vs_result_row(r, field, buf);
}

void vs_bert_info(const vs_model *m, vs_result *r)
{
    const vs_bert_model *bm = vs_bert_of(m);
    const vs_bert *b;

    if (bm == NULL)
        return;
    b = bm->enc;
    info_size(r, "layers", b->cfg.layers);
    info_size(r, "hidden size", b->cfg.hidden);
    info_size(r, "attention heads", b->cfg.heads);
    info_size(r, "feed-forward size", b->cfg.intermediate);
    info_size(r, "vocabulary", b->cfg.vocab_size);
    info_size(r, "max positions", b->cfg.max_positions);
    vs_result_row(r, "dtype", vs_dtype_name(b->dtype));
    vs_result_row(r, "weights", b->w->kind);
    info_size(r, "parameters", b->params);
    vs_result_row(r, "lowercase", bm->tok->do_lower_case ? "yes" : "no");
    vs_result_row(r, "pooler", b->pool_w != NULL ? "yes" : "no");
    vs_result_row(r, "masked-LM head", b->mlm_w != NULL ? "yes" : "no (fill needs it)");
    vs_result_row(r, "next-sentence head", b->nsp_w != NULL ? "yes" : "no (nsp needs it)");
}
