/*
 * bert_dir.c - opens a Hugging Face BERT folder as a vs_model.
 *
 *   DIR/config.json             model_type "bert", the sizes (bert_config.c)
 *   DIR/model.safetensors       the weights (F32, F16, BF16), or the first of
 *                               model.safetensors.index.json, pytorch_model.bin,
 *                               pytorch_model.bin.index.json (weights.c)
 *   DIR/tokenizer.json, or vocab.txt (+ tokenizer_config.json), or
 *   vocab.json + merges.txt, or spiece.model / sentencepiece.bpe.model
 *                               the tokenizer (bert/tok_dir.c)
 *
 * The model's vocabulary is the tokenizer's and its vectors are the first n
 * rows of the input word embeddings (n = the tokenizer's pieces, at most
 * vocab_size: pieces past it are counted in vocab_dropped), used in place;
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
    vs_bert_free(bm->enc);
    vs_tokenizer_free(bm->tok);
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
    return rc;
}

const vs_format vs_format_bert_dir = {
    "bert",
    "Hugging Face BERT folder: config.json, the weights (model.safetensors or "
    "pytorch_model.bin, whole or sharded; F32/F16/BF16), and tokenizer.json, vocab.txt, "
    "vocab.json + merges.txt or a SentencePiece .model",
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
    vs_result_row(r, "tokenizer", bm->tok->kind);
    vs_result_row(r, "tokenizer file", bm->tok->source ? bm->tok->source : "");
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
