/*
 * cache.c - vecscope's native cache: a model laid out so that opening it is
 * one mmap and a few checks. No parsing, no hash table to rebuild: the
 * vocabulary's own arrays (vocab.h) and the matrix are in the file as they
 * are in memory, and the model points into the mapping.
 *
 * Layout (all integers in the writer's byte order, which byte_order
 * records; offsets are from the start of the file; u64 unless marked):
 *
 *   header, 256 bytes
 *   0          8        12       16       24       32                 64
 *   +----------+--------+--------+--------+--------+------------------+
 *   |"VSCACHE1"|version |byte    |   n    |  dim   | format[32]: the  |
 *   |          |u32: 1  |order   |(words) |        | first format's   |
 *   |          |        |u32 (*) |        |        | name, NUL-padded |
 *   +----------+--------+--------+--------+--------+------------------+
 *   (*) 0x01020304 as the writer stored it
 *   64         72       80       88       96       104      112      120
 *   +----------+--------+--------+--------+--------+--------+--------+
 *   |words_off |words_  |offs_off|table_  |table_  |norms_  |vecs_off|
 *   |          |len     |        |off     |size    |off     |        |
 *   +----------+--------+--------+--------+--------+--------+--------+
 *   120        128      136      144      152                      256
 *   +----------+--------+--------+--------+------------------------+
 *   |file_len  |dupli-  |bad_utf8|source_ |qindex_ |qindex_ | zero  |
 *   |(all of   |cates   |        |size    |off     |len     |       |
 *   | the file)|        |        |        |(v2)    |(v2)    |       |
 *   +----------+--------+--------+--------+------------------------+
 *
 *   body
 *   words_off  +--------------------------------------------------------+
 *              | n words, each followed by NUL (vocab.h's blob)         |
 *              +--------------------------------------------------------+
 *              | 0..7 zero bytes, to a multiple of 8                    |
 *   offs_off   +--------------------------------------------------------+
 *              | uint64 x (n + 1): word i starts at offs[i] in words;   |
 *              | offs[n] = words_len                                    |
 *   table_off  +--------------------------------------------------------+
 *              | uint32 x table_size (a power of two > n): a word id or |
 *              | 0xFFFFFFFF; slot = vs_vocab_hash(word) & (size - 1),   |
 *              | linear probing: vocab.c's own table (vs_vocab_wrap)    |
 *   norms_off  +--------------------------------------------------------+
 *              | float32 x n: row norms                                 |
 *              +--------------------------------------------------------+
 *              | zero bytes, to a multiple of 4096                      |
 *   vecs_off   +--------------------------------------------------------+
 *              | float32 x n x dim, row-major (page aligned)            |
 *              +--------------------------------------------------------+
 *              | zero bytes, to a multiple of 64                        |
 *   qindex_off +--------------------------------------------------------+
 *              | version 2: the 8-bit copy of the unit rows (qscan.h),  |
 *              | qindex_len = vs_qindex_bytes(n, dim) bytes: int8 rows  |
 *              | of VS_QSCAN_STRIDE(dim), then float32 x n scales,      |
 *              | norms of the dequantized rows and error norms, then    |
 *              | int32 x n row sums, each part 64-byte aligned          |
 *   file_len   +--------------------------------------------------------+
 *
 * Opening validates the magic, version and byte order, that every region
 * lies inside the file and is aligned, that the offsets are increasing and
 * each word ends in NUL, and that the table holds n ids, all below n (so,
 * being larger than n, it has an empty slot and every lookup ends). A
 * cache that fails any of these is refused with what was wrong. Not
 * checked (it would cost more than the rest of opening): the float values,
 * and that each word sits in the slot its hash names; a word damaged in
 * the file is then just not found.
 * Changing vs_vocab_hash or this layout means a new version number.
 *
 * Saving writes PATH.tmp-PID-N and renames it over PATH, so an interrupted
 * save leaves no half file behind.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../atomicfile.h"
#include "../filemap.h"
#include "../qscan.h"
#include "../utf8.h"
#include "../xalloc.h"
#include "common.h"
#include "format.h"

#define CACHE_MAGIC "VSCACHE1"
#define CACHE_VERSION 2      /* 1: the same without the 8-bit copy */
#define CACHE_BYTE_ORDER 0x01020304u
#define CACHE_FORMAT_NAME "vecscope-cache"
#define VECS_ALIGN 4096

struct cache_header {
    char magic[8];
    uint32_t version;
    uint32_t byte_order;
    uint64_t n;
    uint64_t dim;
    char format[32];
    uint64_t words_off, words_len;
    uint64_t offs_off;
    uint64_t table_off, table_size;
    uint64_t norms_off;
    uint64_t vecs_off;
    uint64_t file_len;
    uint64_t duplicates, bad_utf8, source_size;
    uint64_t qindex_off, qindex_len;  /* version 2: the 8-bit copy, or 0, 0 */
    unsigned char reserved[88];
};

_Static_assert(sizeof(struct cache_header) == 256, "cache header is 256 bytes");

static uint64_t align_up(uint64_t x, uint64_t a)
{
    return (x + a - 1) / a * a;
}

static int sniff(const char *path, const unsigned char *head, size_t len,
                 size_t file_size, int is_dir)
{
    (void)path;
    (void)file_size;
    if (is_dir || len < 8)
        return 0;
    return memcmp(head, CACHE_MAGIC, 8) == 0 ? 100 : 0;
}

/* Does [off, off + len) lie inside a file of size bytes, after the header? */
static int region_ok(uint64_t off, uint64_t len, uint64_t size)
{
    return off >= sizeof(struct cache_header) && off <= size && len <= size - off;
}

static int corrupt(const char *path, vs_error *err, const char *what)
{
    return vs_fail(err, "%s: corrupt vecscope cache: %s; delete it and save it again",
                   path, what);
}

/* Checks the header against the file's size. */
static int check_header(const char *path, const struct cache_header *h,
                        uint64_t size, vs_error *err)
{
    char buf[160];

    if (memcmp(h->magic, CACHE_MAGIC, 8) != 0)
        return vs_fail(err, "%s: not a vecscope cache (no \"" CACHE_MAGIC "\" at byte 0)",
                       path);
    if (h->byte_order == __builtin_bswap32(CACHE_BYTE_ORDER))
        return vs_fail(err, "%s: this vecscope cache was written on a machine of the "
                            "other byte order; save it again here", path);
    if (h->version != 1 && h->version != CACHE_VERSION)
        return vs_fail(err, "%s: vecscope cache version %u, but this vecscope reads "
                            "versions 1 and %u; save it again from the original model",
                       path, (unsigned)h->version, (unsigned)CACHE_VERSION);
    if (h->byte_order != CACHE_BYTE_ORDER)
        return corrupt(path, err, "the byte-order mark is wrong");
    if (h->file_len != size) {
        snprintf(buf, sizeof buf, "the header says %llu bytes, the file has %llu "
                 "(truncated?)", (unsigned long long)h->file_len,
                 (unsigned long long)size);
        return corrupt(path, err, buf);
    }
    /* the sizes, before any of them is used: a file of `size` bytes holds
     * at most size / 4 floats and size / 2 words (a byte and its NUL) */
    if (h->n == 0 || h->n > VS_VOCAB_MAX_WORDS || h->n > size / 2) {
        snprintf(buf, sizeof buf, "the header says %llu words, %s %llu bytes",
                 (unsigned long long)h->n,
                 h->n == 0 ? "none in its" : "more than fit in its",
                 (unsigned long long)size);
        return corrupt(path, err, buf);
    }
    if (h->dim == 0 || h->dim > INT32_MAX || h->dim > size / 4 / h->n) {
        snprintf(buf, sizeof buf, "the header says %llu words of %llu dimensions, "
                 "%s %llu bytes", (unsigned long long)h->n, (unsigned long long)h->dim,
                 h->dim == 0 ? "no numbers in its" : "more than fit in its",
                 (unsigned long long)size);
        return corrupt(path, err, buf);
    }
    if (memchr(h->format, '\0', sizeof h->format) == NULL)
        return corrupt(path, err, "the format name is not terminated");
    /* sizes, each checked before it is multiplied */
    if (!region_ok(h->words_off, h->words_len, size) || h->words_len < h->n)
        return corrupt(path, err, "the words lie outside the file");
    if (h->n + 1 > size / 8 || !region_ok(h->offs_off, (h->n + 1) * 8, size) ||
        h->offs_off % 8 != 0)
        return corrupt(path, err, "the word offsets lie outside the file");
    if (h->table_size <= h->n || (h->table_size & (h->table_size - 1)) != 0 ||
        h->table_size > size / 4 || !region_ok(h->table_off, h->table_size * 4, size) ||
        h->table_off % 4 != 0)
        return corrupt(path, err, "the hash table is misplaced or mis-sized");
    if (!region_ok(h->norms_off, h->n * 4, size) || h->norms_off % 4 != 0)
        return corrupt(path, err, "the norms lie outside the file");
    if (h->dim > size / 4 / h->n || !region_ok(h->vecs_off, h->n * h->dim * 4, size) ||
        h->vecs_off % 64 != 0)
        return corrupt(path, err, "the matrix lies outside the file");
    if (h->version >= 2 && (h->qindex_off != 0 || h->qindex_len != 0) &&
        (h->qindex_len != vs_qindex_bytes((size_t)h->n, (size_t)h->dim) ||
         !region_ok(h->qindex_off, h->qindex_len, size) || h->qindex_off % 64 != 0))
        return corrupt(path, err, "the 8-bit copy of the rows is misplaced or mis-sized");
    return 0;
}

/* Checks the vocabulary arrays so that no lookup can leave them. */
static int check_vocab(const char *path, const struct cache_header *h,
                       const char *words, const uint64_t *offs,
                       const uint32_t *table, vs_error *err)
{
    uint64_t i, used = 0;

    if (offs[0] != 0 || offs[h->n] != h->words_len)
        return corrupt(path, err, "the word offsets do not span the words");
    for (i = 0; i < h->n; i++) {
        if (offs[i + 1] <= offs[i] || offs[i + 1] > h->words_len ||
            words[offs[i + 1] - 1] != '\0') {
            char buf[96];
            snprintf(buf, sizeof buf, "word %llu is not a NUL-terminated string",
                     (unsigned long long)i);
            return corrupt(path, err, buf);
        }
    }
    /* Ids in range and n of them (then, as table_size > n, a lookup always
     * meets an empty slot). A repeated id would only hide a word from
     * lookups, so it is not looked for. The loop has no branches: it runs
     * over the whole table on every open. */
    {
        uint32_t n32 = (uint32_t)h->n, bad = 0; /* n < VS_VOCAB_EMPTY */
        for (i = 0; i < h->table_size; i++) {
            uint32_t id = table[i];
            used += id < n32;
            bad |= (id >= n32) & (id != VS_VOCAB_EMPTY);
        }
        if (bad)
            return corrupt(path, err, "the hash table holds a bad word id");
    }
    if (used != h->n)
        return corrupt(path, err, "the hash table does not hold every word");
    return 0;
}

/* How many rows the open-time sample checks: the first ones (the most
 * frequent words, the ones a user asks for first) and the rest spread over
 * the file. */
#define SAMPLE_ROWS 64

/* Cheap checks that the stored norms and hash table still belong to the
 * rows and words beside them (the sizes may all add up in a damaged file):
 * on a sample of rows, the row is finite, its stored norm is its norm, and
 * its word is found at its own index. */
static int check_sample(const char *path, const vs_model *m, vs_error *err)
{
    size_t k, d;

    for (k = 0; k < SAMPLE_ROWS && k < m->n; k++) {
        size_t i = k < SAMPLE_ROWS / 4 ? k : (size_t)((double)k / SAMPLE_ROWS * (double)m->n);
        const float *row = vs_model_row(m, i);
        const char *word = vs_vocab_word(m->vocab, i);
        size_t len = vs_vocab_len(m->vocab, i);
        char *shown;
        float norm;
        long at;

        for (d = 0; d < m->dim; d++)
            if (!isfinite(row[d]))
                return vs_fail(err, "%s: the cache is damaged: row %zu holds %g; save it "
                                    "again from the original model",
                               path, i, (double)row[d]);
        norm = vs_row_norm(row, m->dim);
        if (!(fabsf(m->norms[i] - norm) <= 1e-4f * norm + 1e-6f)) {
            return vs_fail(err, "%s: the cache is damaged: the stored norm of row %zu is %g "
                                "but the row's is %g; save it again from the original model",
                           path, i, (double)m->norms[i], (double)norm);
        }
        if (m->qindex != NULL && !vs_qindex_row_ok(m, m->qindex, i))
            return vs_fail(err, "%s: the cache is damaged: its 8-bit copy of row %zu does "
                                "not match the row; save it again from the original model",
                           path, i);
        at = vs_vocab_find(m->vocab, word, len);
        if (at != (long)i) {
            char where[32] = "nowhere";
            if (at >= 0)
                snprintf(where, sizeof where, "at %ld", at);
            shown = vs_escape(word, len);
            vs_fail(err, "%s: the cache is damaged: its hash table finds word %zu ('%s') "
                         "%s; save it again from the original model",
                    path, i, shown, where);
            free(shown);
            return -1;
        }
    }
    return 0;
}

static int load(const char *path, const vs_load_opts *opts, vs_model **out,
                vs_error *err)
{
    struct cache_header h;
    uint64_t size;
    ssize_t got;
    void *map;
    const char *base;
    vs_vocab *vocab;
    vs_model *m;
    size_t n;
    int fd;

    *out = NULL;
    fd = vs_open_model_file(path, &size, err);
    if (fd < 0)
        return -1;
    if (size < sizeof h) {
        close(fd);
        return vs_fail(err, "%s: %llu bytes is too short for a vecscope cache (the "
                            "header alone is %zu)",
                       path, (unsigned long long)size, sizeof h);
    }
    do
        got = pread(fd, &h, sizeof h, 0);
    while (got < 0 && errno == EINTR);
    if (got != (ssize_t)sizeof h) {
        close(fd);
        return vs_fail(err, "%s: cannot read the cache header: %s", path,
                       got < 0 ? strerror(errno) : "short read");
    }
    if (check_header(path, &h, size, err) != 0) {
        close(fd);
        return -1;
    }
    map = vs_filemap_map(fd, (size_t)size, path, err);
    close(fd);
    if (map == NULL)
        return -1;
    /* The header again, from the mapping: the file may have changed. */
    memcpy(&h, map, sizeof h);
    if (check_header(path, &h, size, err) != 0)
        goto fail;
    base = map;
    if (check_vocab(path, &h, base + h.words_off,
                    (const uint64_t *)(const void *)(base + h.offs_off),
                    (const uint32_t *)(const void *)(base + h.table_off), err) != 0)
        goto fail;

    n = (size_t)h.n;
    if (opts != NULL && opts->limit > 0 && opts->limit < n) {
        /* The stored table indexes all n words: build a small one. */
        const uint64_t *offs = (const uint64_t *)(const void *)(base + h.offs_off);
        size_t i;
        n = opts->limit;
        vocab = vs_vocab_new(n);
        for (i = 0; i < n; i++) {
            /* a cache holds each word once and no NUL inside one: a word the
             * map refuses means a damaged file, and rows and ids would part */
            if (vs_vocab_add(vocab, base + h.words_off + offs[i],
                             (size_t)(offs[i + 1] - offs[i] - 1), NULL) < 0) {
                char buf[96];
                vs_vocab_free(vocab);
                snprintf(buf, sizeof buf, "word %zu repeats an earlier word or holds a NUL",
                         i);
                corrupt(path, err, buf);
                goto fail;
            }
        }
    } else {
        vocab = vs_vocab_wrap(n, base + h.words_off,
                              (const uint64_t *)(const void *)(base + h.offs_off),
                              (const uint32_t *)(const void *)(base + h.table_off),
                              h.table_size);
    }
    m = vs_model_new(path, CACHE_FORMAT_NAME, vocab,
                     (float *)(void *)(base + h.vecs_off), n, (size_t)h.dim);
    m->vecs_owned = 0;
    m->norms = (float *)(void *)(base + h.norms_off);
    m->map = map;
    m->map_len = (size_t)size;
    m->duplicates = (size_t)h.duplicates;
    m->bad_utf8 = (size_t)h.bad_utf8;
    m->file_size = (size_t)size;
    if (h.version >= 2 && h.qindex_len > 0) {
        /* the 8-bit copy, in place; with --limit its first n rows */
        vs_qindex *qi = xmalloc(sizeof *qi);
        vs_qindex_wrap(qi, (size_t)h.n, (size_t)h.dim, base + h.qindex_off);
        qi->n = n;
        vs_qscan_attach(m, qi);
    }
    if (check_sample(path, m, err) != 0) {
        vs_model_free(m);  /* unmaps the file */
        return -1;
    }
    *out = m;
    return 0;

fail:
    vs_filemap_unmap(map, (size_t)size);
    return -1;
}

const char *vs_cache_source_format(const vs_model *m)
{
    const struct cache_header *h;

    if (m == NULL || m->map == NULL || m->format == NULL ||
        strcmp(m->format, CACHE_FORMAT_NAME) != 0 ||
        m->map_len < sizeof(struct cache_header))
        return NULL;
    h = m->map;
    return h->format;
}

/* ---- saving ---- */

struct writer {
    vs_afile file;
    const char *path;
    uint64_t written, total, next_report;
    const vs_progress *progress;
    vs_error *err;
};

static int write_all(struct writer *w, const void *data, uint64_t len)
{
    const char *p = data;

    while (len > 0) {
        size_t piece = len > ((size_t)16 << 20) ? ((size_t)16 << 20) : (size_t)len;
        if (vs_afile_write(&w->file, p, piece, w->err) != 0)
            return -1;
        p += piece;
        len -= piece;
        w->written += piece;
        if (w->written >= w->next_report) {
            w->next_report = w->written + ((uint64_t)16 << 20);
            if (vs_progress_step(w->progress, "saving cache",
                                 (double)w->written / (double)w->total, w->err) != 0)
                return vs_fail_prefix(w->err, "%s", w->path);
        }
    }
    return 0;
}

static int write_zeros(struct writer *w, uint64_t len)
{
    static const char zeros[VECS_ALIGN];

    while (len > 0) {
        uint64_t piece = len < sizeof zeros ? len : sizeof zeros;
        if (write_all(w, zeros, piece) != 0)
            return -1;
        len -= piece;
    }
    return 0;
}

/* The index's arrays in vs_qindex_bytes' layout (each part 64-aligned). */
static int write_qindex(struct writer *w, const vs_qindex *qi)
{
    size_t n = qi->n, parts[5], sizes[5], k;
    const void *data[5];

    data[0] = qi->q, sizes[0] = n * qi->stride;
    data[1] = qi->scale, sizes[1] = n * sizeof(float);
    data[2] = qi->rnorm, sizes[2] = n * sizeof(float);
    data[3] = qi->qerr, sizes[3] = n * sizeof(float);
    data[4] = qi->qsum, sizes[4] = n * sizeof(int32_t);
    for (k = 0; k < 5; k++) {
        parts[k] = (size_t)align_up(sizes[k], 64);
        if (write_all(w, data[k], sizes[k]) != 0 || write_zeros(w, parts[k] - sizes[k]) != 0)
            return -1;
    }
    return 0;
}

int vs_cache_save(vs_model *m, const char *path, const vs_progress *progress,
                  vs_error *err)
{
    struct cache_header h;
    struct writer w;
    const vs_vocab *v;
    const vs_qindex *qi;
    const char *src_format;

    if (m->kind != VS_MODEL_STATIC || m->vecs == NULL)
        return vs_fail(err, "%s: the native cache holds plain word vectors; model "
                            "\"%s\" (%s) has more than that and cannot be cached",
                       path, m->name, m->format);
    v = m->vocab;
    if (v->n != m->n)
        return vs_fail(err, "%s: model \"%s\" has %zu words but %zu rows", path,
                       m->name, v->n, m->n);

    memset(&h, 0, sizeof h);
    memcpy(h.magic, CACHE_MAGIC, 8);
    h.version = CACHE_VERSION;
    h.byte_order = CACHE_BYTE_ORDER;
    h.n = m->n;
    h.dim = m->dim;
    src_format = vs_cache_source_format(m);
    if (src_format == NULL)
        src_format = m->format != NULL ? m->format : "";
    snprintf(h.format, sizeof h.format, "%s", src_format);
    h.words_off = sizeof h;
    h.words_len = v->offs[v->n];
    h.offs_off = align_up(h.words_off + h.words_len, 8);
    h.table_off = h.offs_off + (h.n + 1) * 8;
    h.table_size = v->table_size;
    h.norms_off = h.table_off + h.table_size * 4;
    h.vecs_off = align_up(h.norms_off + h.n * 4, VECS_ALIGN);
    h.file_len = h.vecs_off + h.n * h.dim * 4;
    h.duplicates = m->duplicates;
    h.bad_utf8 = m->bad_utf8;
    h.source_size = m->file_size;
    vs_model_norms(m);
    /* the 8-bit copy goes in too, so the cache opens with it */
    qi = vs_qscan_index(m, err);
    if (qi == NULL)
        return -1;
    h.qindex_off = align_up(h.file_len, 64);
    h.qindex_len = vs_qindex_bytes(m->n, m->dim);
    h.file_len = h.qindex_off + h.qindex_len;

    if (vs_afile_open(&w.file, path, VS_AFILE_SYNC, err) < 0)
        return -1;
    w.path = path;
    w.written = 0;
    w.total = h.file_len;
    w.next_report = (uint64_t)16 << 20;
    w.progress = progress;
    w.err = err;
    if (write_all(&w, &h, sizeof h) != 0 ||
        write_all(&w, v->blob, h.words_len) != 0 ||
        write_zeros(&w, h.offs_off - (h.words_off + h.words_len)) != 0 ||
        write_all(&w, v->offs, (h.n + 1) * 8) != 0 ||
        write_all(&w, v->table, h.table_size * 4) != 0 ||
        write_all(&w, m->norms, h.n * 4) != 0 ||
        write_zeros(&w, h.vecs_off - (h.norms_off + h.n * 4)) != 0 ||
        write_all(&w, m->vecs, h.n * h.dim * 4) != 0 ||
        write_zeros(&w, h.qindex_off - (h.vecs_off + h.n * h.dim * 4)) != 0 ||
        write_qindex(&w, qi) != 0) {
        vs_afile_abort(&w.file);
        vs_progress_done(progress);
        return -1;
    }
    vs_progress_done(progress);
    return vs_afile_commit(&w.file, err);
}

const vs_format vs_format_cache = {
    CACHE_FORMAT_NAME,
    "vecscope's native cache (written by `save --cache`): opens in milliseconds",
    sniff,
    load,
};
