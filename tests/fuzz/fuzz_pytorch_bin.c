/*
 * fuzz_pytorch_bin.c - libFuzzer harness for the pytorch_model.bin reader
 * (src/format/pytorch_bin.c: the zip, then the pickle) through
 * vs_weights_open.
 *
 * The input's first byte picks what the rest is. Even: the whole file, so
 * the zip's records are fuzzed. Odd: data.pkl alone, which the harness
 * wraps in a well-formed stored zip beside 32 storages data/0 .. data/31 of
 * 512 bytes each, so the fuzzer spends its time on the pickle rather than
 * on the zip's signatures. A read must fail with a message naming the file,
 * or give tensors that are all found again by name and whose float ones all
 * convert (every byte of every tensor is read, so a tensor reaching outside
 * its storage shows up under AddressSanitizer or as a crash).
 *
 * Seeds: tests/fuzz/corpus/pytorch_bin/ (state.bin and state-p4.bin whole,
 * their pickles, and the malformed files of tests/data/bad/pt-*.bin).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/weights.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* where every value read goes, so that the reads are not optimised away */
volatile float fuzz_sink;

#define NSTORAGES 32
#define STORAGE_BYTES 512

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v & 0xffff);
    put16(p + 2, v >> 16);
}

/* A stored zip: local header + name + data per entry, the central
 * directory, the end record (CRCs left 0: the reader does not check them). */
typedef struct zipbuf {
    uint8_t *b;
    size_t n, cap;
    uint8_t *cd;
    size_t ncd, cdcap, count;
} zipbuf;

static void append(uint8_t **b, size_t *n, size_t *cap, const void *p, size_t len)
{
    if (*n + len > *cap) {
        *cap = (*n + len) * 2;
        *b = realloc(*b, *cap);
        if (*b == NULL)
            abort();
    }
    memcpy(*b + *n, p, len);
    *n += len;
}

static void add_entry(zipbuf *z, const char *name, const uint8_t *data, size_t len)
{
    uint8_t h[46];
    size_t nl = strlen(name), at = z->n;

    memset(h, 0, 30);
    put32(h, 0x04034b50);
    put16(h + 4, 20);
    put32(h + 18, (uint32_t)len);
    put32(h + 22, (uint32_t)len);
    put16(h + 26, (unsigned)nl);
    append(&z->b, &z->n, &z->cap, h, 30);
    append(&z->b, &z->n, &z->cap, name, nl);
    append(&z->b, &z->n, &z->cap, data, len);
    memset(h, 0, 46);
    put32(h, 0x02014b50);
    put16(h + 4, 20);
    put16(h + 6, 20);
    put32(h + 20, (uint32_t)len);
    put32(h + 24, (uint32_t)len);
    put16(h + 28, (unsigned)nl);
    put32(h + 42, (uint32_t)at);
    append(&z->cd, &z->ncd, &z->cdcap, h, 46);
    append(&z->cd, &z->ncd, &z->cdcap, name, nl);
    z->count++;
}

static void finish(zipbuf *z)
{
    uint8_t e[22];
    size_t at = z->n;

    append(&z->b, &z->n, &z->cap, z->cd, z->ncd);
    memset(e, 0, sizeof e);
    put32(e, 0x06054b50);
    put16(e + 8, (unsigned)z->count);
    put16(e + 10, (unsigned)z->count);
    put32(e + 12, (uint32_t)z->ncd);
    put32(e + 16, (uint32_t)at);
    append(&z->b, &z->n, &z->cap, e, sizeof e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t storage[STORAGE_BYTES];
    const char *path;
    vs_weights *w;
    vs_error err;
    size_t i, k;

    if (size == 0)
        return 0;
    if (data[0] & 1) {
        zipbuf z;
        char name[32];
        memset(&z, 0, sizeof z);
        for (i = 0; i < STORAGE_BYTES; i++)
            storage[i] = (uint8_t)(i * 37 + 11);
        add_entry(&z, "archive/data.pkl", data + 1, size - 1);
        for (i = 0; i < NSTORAGES; i++) {
            snprintf(name, sizeof name, "archive/data/%zu", i);
            add_entry(&z, name, storage, STORAGE_BYTES);
        }
        add_entry(&z, "archive/version", (const uint8_t *)"3\n", 2);
        finish(&z);
        path = fuzz_file("pytorch_model.bin", z.b, z.n);
        free(z.b);
        free(z.cd);
    } else {
        path = fuzz_file("pytorch_model.bin", data + 1, size - 1);
    }
    if (vs_weights_open(path, &w, &err) != 0) {
        fuzz_expect_named(&err, path);
        return 0;
    }
    for (i = 0; i < w->n; i++) {
        const vs_tensor *t = &w->tensors[i];
        const float *f;
        uint64_t numel = 1;
        if (vs_weights_find(w, t->name) == NULL) {
            fprintf(stderr, "fuzz: tensor '%s' not found again\n", t->name);
            abort();
        }
        for (k = 0; k < t->rank; k++)
            numel *= t->shape[k];
        if (numel != t->numel) {
            fprintf(stderr, "fuzz: tensor '%s': numel %llu, shape says %llu\n",
                    t->name, (unsigned long long)t->numel,
                    (unsigned long long)numel);
            abort();
        }
        if (vs_weights_f32(w, t, &f, &err) != 0) {
            fuzz_expect_named(&err, t->name);
            continue;
        }
        for (k = 0; k < t->numel; k++)
            fuzz_sink += f[k];
    }
    vs_weights_close(w);
    return 0;
}
