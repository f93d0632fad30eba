/*
 * cmd-load.c - `load PATH [as NAME]`: open a model and make it current.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bert/linear.h"
#include "cmd.h"
#include "format/bert_dir.h"
#include "format/format.h"

static const vs_opt load_opts[] = {
    {"limit", 0, VS_OPT_INT, "N", "read only the first N words (as gensim's limit)"},
    {"format", 0, VS_OPT_STRING, "FORMAT", "skip detection and read as FORMAT"},
    {"encoding-errors", 0, VS_OPT_STRING, "strict|replace|ignore",
     "strict (default), replace or ignore: what to do with words that are not UTF-8"},
    {"precision", 0, VS_OPT_STRING, "P",
     "an encoder's Linear layers in f32 (default), bf16 or int8"},
    {NULL, 0, 0, NULL, NULL}
};

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

int vs_parse_encoding_errors(const char *s, enum vs_encoding_errors *e, vs_error *err)
{
    if (strcmp(s, "strict") == 0)
        *e = VS_ENC_STRICT;
    else if (strcmp(s, "replace") == 0)
        *e = VS_ENC_REPLACE;
    else if (strcmp(s, "ignore") == 0)
        *e = VS_ENC_IGNORE;
    else
        return vs_fail(err, "--encoding-errors takes strict, replace or ignore, not '%s'", s);
    return 0;
}

static int exec_load(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    vs_load_opts o;
    vs_model *m;
    const char *path = a->argv[0], *name = NULL, *enc, *prec;
    enum vs_precision p;
    double t0;

    if (a->argc == 3 && strcmp(a->argv[1], "as") == 0)
        name = a->argv[2];
    else if (a->argc != 1)
        return vs_fail(err, "load: usage: %s", a->cmd->usage);
    if (name != NULL && vs_session_find(s, name) != NULL)
        return vs_fail(err, "load: a model called '%s' is open already; pick another "
                       "name or 'close %s' first", name, name);
    memset(&o, 0, sizeof o);
    o.format = vs_arg_str(a, "format", s->format);
    o.limit = (size_t)vs_arg_int(a, "limit", 0);
    o.encoding_errors = s->encoding_errors;
    enc = vs_arg_str(a, "encoding-errors", NULL);
    if (enc != NULL && vs_parse_encoding_errors(enc, &o.encoding_errors, err) < 0)
        return -1;
    if (o.format != NULL && vs_format_find(o.format) == NULL) {
        char *names = vs_format_names();
        vs_fail(err, "load: unknown format '%s'; formats are: %s", o.format, names);
        free(names);
        return -1;
    }
    prec = vs_arg_str(a, "precision", NULL);
    o.precision = prec != NULL ? prec : s->precision;
    if (o.precision != NULL && vs_precision_parse(o.precision, &p, err) < 0)
        return -1;
    o.progress = s->progress;
    o.threads = s->threads;
    t0 = now();
    if (vs_format_load(path, &o, &m, err) < 0)
        return -1;
    if (name != NULL)
        vs_model_set_name(m, name);
    vs_session_add(s, m);
    if (m->duplicates > 0)
        vs_result_note(r, "warning: %s: %zu duplicated word%s skipped (the first of each was kept)",
                       m->path, m->duplicates, m->duplicates == 1 ? "" : "s");
    if (m->bad_utf8 > 0)
        vs_result_note(r, "warning: %s: %zu word%s with invalid UTF-8 %s", m->path,
                       m->bad_utf8, m->bad_utf8 == 1 ? "" : "s",
                       o.encoding_errors == VS_ENC_REPLACE ? "repaired with U+FFFD"
                                                           : "had the bad bytes dropped");
    if (prec != NULL && vs_bert_of(m) == NULL)
        vs_result_note(r, "note: --precision is for encoders; %s is read in float32", m->name);
    if (vs_bert_of(m) != NULL && vs_bert_of(m)->enc->precision != VS_PREC_F32)
        vs_result_note(r, "loaded %s: %zu words x %zu dimensions (%s, %s) in %.2f s", m->name,
                       m->n, m->dim, m->format, vs_precision_name(vs_bert_of(m)->enc->precision),
                       now() - t0);
    else
        vs_result_note(r, "loaded %s: %zu words x %zu dimensions (%s) in %.2f s", m->name,
                       m->n, m->dim, m->format, now() - t0);
    return 0;
}

const vs_cmd vs_cmd_load = {
    .name = "load",
    .aliases = (const char *const[]){"open", NULL},
    .usage = "load PATH [as NAME] [--limit N] [--format FORMAT] [--encoding-errors MODE] "
             "[--precision P]",
    .summary = "open a model file and make it the current model",
    .help = "Opens a word2vec binary or text file, a GloVe text file, a fastText .vec\n"
            "file or a vecscope cache. The format is detected from the content;\n"
            "--format word2vec-bin|word2vec-text|glove-text|fasttext-vec|vecscope-cache\n"
            "overrides. The model is named after the file, or NAME with 'as NAME'.\n"
            "Several models can be open at once: see 'models' and 'use'.\n"
            "\n"
            "A folder is a Hugging Face encoder folder (BERT, DistilBERT, RoBERTa,\n"
            "XLM-RoBERTa, CamemBERT, ALBERT, ELECTRA; sentence-transformers):\n"
            "config.json, the tokenizer (tokenizer.json, vocab.txt, vocab.json +\n"
            "merges.txt, spiece.model or sentencepiece.bpe.model) and the weights\n"
            "(F32, F16 or BF16), from the first of these that is there:\n"
            "  model.safetensors              safetensors\n"
            "  model.safetensors.index.json   safetensors shards\n"
            "  pytorch_model.bin              torch.save, torch 1.6 or newer\n"
            "  pytorch_model.bin.index.json   pytorch_model.bin shards\n"
            "A pytorch_model.bin's pickle is read, never run: anything but a state\n"
            "dict's opcodes and functions is refused. TensorFlow (tf_model.h5), Flax\n"
            "and ONNX weights are not read; 'info' says which file was.\n"
            "\n"
            "--precision sets how an encoder's Linear layers (query, key, value,\n"
            "attention output, feed-forward, the embedding projection) hold their\n"
            "weights and compute: f32 (the default), bf16 (bfloat16 weights and\n"
            "activations, float32 sums) or int8 (dynamic quantization: 8-bit weights\n"
            "per output channel, each token's activations quantized at run time,\n"
            "32-bit integer sums). LayerNorm, softmax, GELU, the residuals, the\n"
            "embeddings and the heads stay float32. The weights are packed once, at\n"
            "load; 'info' shows the precision, the CPU kernel and the memory. The\n"
            "program's --precision sets the default for every load.",
    .min_args = 1,
    .max_args = 3,
    .opts = load_opts,
    .flags = VS_CMD_OWN_AS,
    .complete = "FILE as -",
    .exec = exec_load,
};
