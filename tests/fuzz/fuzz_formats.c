/*
 * fuzz_formats.c - a mutation fuzzer for the static-format loaders
 * (word2vec binary and text, GloVe, fastText .vec, the native cache).
 *
 * It takes small model files, damages them at random (flipped bytes,
 * truncation, inserted bytes, blanks, newlines, digits, invalid UTF-8),
 * and loads each result with format detection and with every format
 * forced, under several thread counts, --limit values and encoding modes.
 * A load must either give a model whose every word is found again (but for
 * caches, whose hash slots are not checked on open), or fail with a message
 * naming the file. Memory errors are the sanitizers' to find, so build it
 * with them; the BERT folder loader is stubbed out (it reads folders):
 *
 *   gcc -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
 *       -DVS_FUZZ_STANDALONE -I. -Isrc -o fuzz_formats tests/fuzz/fuzz_formats.c \
 *       src/error.c src/xalloc.c src/progress.c src/utf8.c src/vocab.c \
 *       src/model.c src/format/format.c src/format/textvec.c \
 *       src/format/word2vec_bin.c src/format/word2vec_text.c \
 *       src/format/glove_text.c src/format/fasttext_vec.c src/format/cache.c \
 *       -lutf8proc -lm -lpthread
 *   ./fuzz_formats ROUNDS SEED FILE...      (run from the build directory)
 *
 * Caches to start from can be made with vecscope's `save --cache`.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format/format.h"

#ifdef VS_FUZZ_STANDALONE
static int stub_sniff(const char *p, const unsigned char *h, size_t l,
                      size_t fs, int d)
{
    (void)p, (void)h, (void)l, (void)fs, (void)d;
    return 0;
}

static int stub_load(const char *p, const vs_load_opts *o, vs_model **out,
                     vs_error *e)
{
    (void)o;
    *out = NULL;
    return vs_fail(e, "%s: not a folder", p);
}

const vs_format vs_format_bert_dir = {"bert", "stub", stub_sniff, stub_load};
#endif

#define MAX_FILE (1 << 20)

static unsigned char orig[MAX_FILE], mut[MAX_FILE];

/* Damages mut[0..*len) in 1 to 4 places. */
static void mutate(unsigned int *seed, size_t *len)
{
    static const char useful[] = " \n0.-e9\t\r\xff\xe3";
    int k = 1 + rand_r(seed) % 4, i;

    for (i = 0; i < k; i++) {
        size_t at = (size_t)rand_r(seed) % (*len ? *len : 1);
        switch (rand_r(seed) % 4) {
        case 0:
            mut[at] = (unsigned char)rand_r(seed);
            break;
        case 1:
            *len = at;
            break;
        case 2:
            mut[at] = (unsigned char)useful[rand_r(seed) % (sizeof useful - 1)];
            break;
        default:
            if (*len + 1 < MAX_FILE) {
                memmove(mut + at + 1, mut + at, *len - at);
                mut[at] = (unsigned char)rand_r(seed);
                (*len)++;
            }
        }
    }
}

/* Loads path with format (NULL: detect); aborts on a broken promise. */
static void try_load(const char *path, const char *format, int round)
{
    vs_load_opts o;
    vs_model *m;
    vs_error err;
    size_t i;

    memset(&o, 0, sizeof o);
    o.format = format;
    o.threads = 1 + round % 3;
    o.encoding_errors = (enum vs_encoding_errors)(round % 3);
    o.limit = round % 5 == 0 ? 3 : 0;
    if (vs_format_load(path, &o, &m, &err) != 0) {
        if (strstr(err.msg, path) == NULL) {
            fprintf(stderr, "round %d, %s: message without the file: %s\n", round,
                    format ? format : "detected", err.msg);
            abort();
        }
        return;
    }
    for (i = 0; strcmp(m->format, "vecscope-cache") != 0 && i < m->n; i++) {
        if (vs_vocab_find(m->vocab, vs_vocab_word(m->vocab, i),
                          vs_vocab_len(m->vocab, i)) != (long)i) {
            fprintf(stderr, "round %d, %s: word %zu not found again\n", round,
                    m->format, i);
            abort();
        }
    }
    vs_model_free(m);
}

int main(int argc, char **argv)
{
    char path[64];
    unsigned int seed;
    int rounds, a, r, f;

    if (argc < 4) {
        fprintf(stderr, "usage: %s ROUNDS SEED FILE...\n", argv[0]);
        return 2;
    }
    rounds = atoi(argv[1]);
    seed = (unsigned int)strtoul(argv[2], NULL, 10);
    snprintf(path, sizeof path, "/tmp/fuzz-formats-%ld.model", (long)getpid());
    for (a = 3; a < argc; a++) {
        FILE *in = fopen(argv[a], "rb");
        size_t n;
        if (in == NULL) {
            perror(argv[a]);
            return 2;
        }
        n = fread(orig, 1, sizeof orig, in);
        fclose(in);
        for (r = 0; r < rounds; r++) {
            size_t len = n;
            FILE *out;
            memcpy(mut, orig, n);
            mutate(&seed, &len);
            out = fopen(path, "wb");
            fwrite(mut, 1, len, out);
            fclose(out);
            try_load(path, NULL, r);
            for (f = 0; vs_formats[f] != NULL; f++)
                try_load(path, vs_formats[f]->name, r);
        }
        printf("%s: %d rounds\n", argv[a], rounds);
    }
    unlink(path);
    return 0;
}
