/*
 * tokenize-driver.c - times vecscope's tokenizer on one text, for
 * bench/bench_tokenize.sh: the tokenizer of FILE (tokenizer.json, vocab.txt,
 * a .model) over the whole of TEXT, REPEAT times in one process (the first
 * run fills the BPE word cache, as the first run of the tokenizers library
 * fills its own).
 *
 *   tokenize-driver FILE TEXT REPEAT
 *
 * Prints "load S first S best S tokens N sum X": seconds to read the
 * tokenizer, the first run, the best run, the pieces (with the template's
 * specials) and the sum of their ids (to check both sides did the same work).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bert/tokenizer.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    vs_tokenizer *tk;
    vs_tokens tok;
    vs_error err;
    FILE *f;
    char *text;
    long len;
    double t0, load, first = 0, best = 1e30;
    unsigned long long sum = 0;
    int r, reps;
    size_t i;

    if (argc != 4) {
        fprintf(stderr, "usage: tokenize-driver FILE TEXT REPEAT\n");
        return 2;
    }
    reps = atoi(argv[3]);
    f = fopen(argv[2], "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0) {
        perror(argv[2]);
        return 1;
    }
    rewind(f);
    text = malloc((size_t)len + 1);
    if (text == NULL || fread(text, 1, (size_t)len, f) != (size_t)len) {
        perror(argv[2]);
        return 1;
    }
    text[len] = '\0';
    fclose(f);
    t0 = now();
    if (vs_tokenizer_open_file(argv[1], &tk, &err) < 0) {
        fprintf(stderr, "tokenize-driver: %s\n", err.msg);
        return 1;
    }
    load = now() - t0;
    vs_tokens_init(&tok);
    for (r = 0; r < reps; r++) {
        double t;
        t0 = now();
        if (vs_tokenizer_encode(tk, text, (size_t)len, NULL, 0, 0, &tok, &err) < 0) {
            fprintf(stderr, "tokenize-driver: %s\n", err.msg);
            return 1;
        }
        t = now() - t0;
        if (r == 0)
            first = t;
        if (t < best)
            best = t;
    }
    for (i = 0; i < tok.n; i++)
        sum += (unsigned long long)tok.ids[i];
    printf("load %.4f first %.4f best %.4f tokens %zu sum %llu\n", load, first, best,
           tok.n, sum);
    vs_tokens_free(&tok);
    vs_tokenizer_free(tk);
    free(text);
    return 0;
}
