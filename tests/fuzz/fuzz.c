/*
 * fuzz.c - the scratch folder and checks the harnesses share (see fuzz.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bert/encoder.h"
#include "bert/tokenizer.h"
#include "format/bert_dir.h"
#include "format/format.h"
#include "fuzz_bert.h"
#include "fuzz.h"

static char dir[256];
static char path[512];

static int remove_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

/* Removes the scratch folder and what the harness wrote into it. */
static void remove_dir(void)
{
    if (nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS) != 0)
        fprintf(stderr, "fuzz: could not remove %s\n", dir);
}

const char *fuzz_dir(void)
{
    struct stat sb;

    if (dir[0] != '\0')
        return dir;
    snprintf(dir, sizeof dir, "%s/vecscope-fuzz-XXXXXX",
             stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) ? "/dev/shm"
             : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(dir) == NULL) {
        perror(dir);
        abort();
    }
    atexit(remove_dir);
    return dir;
}

const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
    f = fopen(path, "wb");
    if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size) ||
        fclose(f) != 0) {
        perror(path);
        abort();
    }
    return path;
}

void fuzz_expect_named(const vs_error *err, const char *what)
{
    if (strstr(err->msg, what) == NULL) {
        fprintf(stderr, "fuzz: a failure whose message does not name %s: %s\n",
                what, err->msg);
        abort();
    }
}

char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    if (s == NULL)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

void fuzz_load(const char *name, const char *format, const uint8_t *data,
               size_t size)
{
    const char *p = fuzz_file(name, data, size);
    vs_load_opts o;
    vs_model *m;
    vs_error err;
    size_t i;

    memset(&o, 0, sizeof o);
    o.format = format;
    o.encoding_errors = (enum vs_encoding_errors)(size % 3);
    o.limit = size % 5 == 0 ? 3 : 0;
    o.threads = 1 + (int)(size % 2);
    if (vs_format_load(p, &o, &m, &err) != 0) {
        fuzz_expect_named(&err, p);
        return;
    }
    for (i = 0; strcmp(m->format, "vecscope-cache") != 0 && i < m->n; i++) {
        if (vs_vocab_find(m->vocab, vs_vocab_word(m->vocab, i),
                          vs_vocab_len(m->vocab, i)) != (long)i) {
            fprintf(stderr, "fuzz: %s: word %zu not found again\n", m->format, i);
            abort();
        }
    }
    vs_model_norms(m);
    (void)vs_model_memory(m);
    vs_model_free(m);
}

const char *fuzz_srcfile(const char *rel)
{
    static char buf[1024];

#ifdef VS_SRCDIR
    snprintf(buf, sizeof buf, "%s/%s", VS_SRCDIR, rel);
#else
    snprintf(buf, sizeof buf, "%s", rel);
#endif
    return buf;
}

uint8_t *fuzz_slurp(const char *file, size_t *size)
{
    FILE *f = fopen(file, "rb");
    uint8_t *buf;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL) {
        fclose(f);
        return NULL;
    }
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *size = (size_t)n;
    return buf;
}

static void write_part(const char *folder, const char *name, const uint8_t *data,
                       size_t size)
{
    char rel[64];

    snprintf(rel, sizeof rel, "%s/%s", folder, name);
    fuzz_file(rel, data, size);
}

void fuzz_bert_folder(const uint8_t *config, size_t config_len,
                      const uint8_t *vocab, size_t vocab_len,
                      const uint8_t *weights, size_t weights_len)
{
    static uint8_t *tiny;
    static size_t tiny_len;
    char folder[512];
    vs_load_opts o;
    vs_model *m;
    vs_error err;

    if (tiny == NULL) {
        tiny = fuzz_slurp(fuzz_srcfile("tests/data/bert/tiny-f32/model.safetensors"),
                          &tiny_len);
        if (tiny == NULL) {
            fprintf(stderr, "fuzz: cannot read tests/data/bert/tiny-f32 "
                    "(build with make fuzz, which sets VS_SRCDIR)\n");
            abort();
        }
    }
    snprintf(folder, sizeof folder, "%s/bert", fuzz_dir());
    mkdir(folder, 0700);
    if (config == NULL) {
        config = (const uint8_t *)fuzz_bert_config;
        config_len = sizeof fuzz_bert_config - 1;
    }
    if (vocab == NULL) {
        vocab = (const uint8_t *)fuzz_bert_vocab;
        vocab_len = sizeof fuzz_bert_vocab - 1;
    }
    if (weights == NULL) {
        weights = tiny;
        weights_len = tiny_len;
    }
    write_part("bert", "config.json", config, config_len);
    write_part("bert", "vocab.txt", vocab, vocab_len);
    write_part("bert", "tokenizer_config.json",
               (const uint8_t *)fuzz_bert_tokenizer_config,
               sizeof fuzz_bert_tokenizer_config - 1);
    write_part("bert", "model.safetensors", weights, weights_len);

    memset(&o, 0, sizeof o);
    o.format = "bert";
    o.threads = 1;
    if (vs_format_load(folder, &o, &m, &err) != 0) {
        fuzz_expect_named(&err, folder);
        return;
    }
    {
        const vs_bert_model *bm = vs_bert_of(m);
        vs_tokens tok;
        vs_bert_out out;

        vs_tokens_init(&tok);
        memset(&out, 0, sizeof out);
        if (vs_tokenizer_encode_text(bm->tok, "the [MASK] sat ||| on a mat", &tok,
                                     &err) == 0 &&
            vs_bert_encode(bm->enc, &tok, 1, &out, &err) == 0)
            vs_bert_out_free(&out);
        vs_tokens_free(&tok);
    }
    vs_model_free(m);
}
