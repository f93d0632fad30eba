/*
 * fasttext_bin.c - fastText's own model file (.bin, and quantized .ftz), with
 * the subword buckets that give vectors to words outside the vocabulary.
 *
 * Layout (facebookresearch/fastText 0.9.2; all scalars host order, which is
 * little-endian in every file in the wild; bool = 1 byte; enums = int32):
 *
 *   +--------------------------------------------+
 *   | int32 magic 0x2F4F16BA, int32 version      |  fasttext.cc checkModel;
 *   |                                            |  11 and 12 read, > 12 not
 *   +--------------------------------------------+
 *   | args: int32 dim ws epoch minCount neg      |  args.cc save: 56 bytes
 *   |   wordNgrams loss model bucket minn maxn   |
 *   |   lrUpdateRate; float64 t                  |
 *   +--------------------------------------------+
 *   | dictionary: int32 size nwords nlabels      |  dictionary.cc load
 *   |   int64 ntokens, int64 pruneidx_size       |
 *   |   size x { word bytes, NUL,                |  words first, then labels
 *   |            int64 count, int8 type }        |  (type 0 word, 1 label)
 *   |   pruneidx_size x { int32 from, int32 to } |  -1: not pruned
 *   +--------------------------------------------+
 *   | bool quant_input                           |
 *   +--------------------------------------------+
 *   | input matrix, dense: int64 m, n;           |  densematrix.cc save
 *   |   m x n float32, row-major                 |
 *   | or quantized: bool qnorm; int64 m, n;      |  quantmatrix.cc save
 *   |   int32 codesize; uint8 codes[codesize];   |
 *   |   PQ {int32 dim nsubq dsub lastdsub;       |  productquantizer.cc
 *   |       float32 centroids[dim x 256]};       |
 *   |   if qnorm: uint8 norm_codes[m]; PQ (dim 1)|
 *   +--------------------------------------------+
 *   | bool qout; output matrix (quantized only   |  not used here, but its
 *   |   when quant_input && qout)                |  size must fit the file
 *   +--------------------------------------------+
 *
 * Rows of the input matrix: the nwords words, then the n-gram buckets
 * (bucket rows, or pruneidx_size rows in a pruned file).
 *
 * Quirks, with their sources:
 *   - Files older than the magic start directly with dim, ws (gensim
 *     _fasttext_bin.py reads them; fastText 0.9.2 refuses): no version, no
 *     pruneidx_size, no quant_input, no qout. We recognise them by a header
 *     whose every field is in range and whose dictionary counts add up. The
 *     fastText that wrote them gave the EOS token "</s>" n-grams like any
 *     word (their .vec files agree), so we do too for them.
 *   - Version 11 supervised models use no character n-grams: maxn is forced
 *     to 0 (fasttext.cc loadModel).
 *   - A pruned file that is not quantized is refused by fastText ("Invalid
 *     model file", issue #332); so do we.
 *   - The hash sign-extends each byte before the xor (dictionary.cc hash,
 *     fastText #539): it is not textbook FNV-1a for bytes >= 0x80.
 *   - n-grams are counted in UTF-8 characters: a continuation byte never
 *     starts one (dictionary.cc computeSubwords).
 *   - "</s>" gets no n-grams in current files (dictionary.cc initNgrams).
 *
 * What is kept: the model's matrix holds what fastText's `nn` searches, the
 * in-vocabulary word vectors (mean of the word's row and its n-gram rows),
 * computed here at load in the word rows' own memory, and ext holds the
 * n-gram rows for unknown words. So memory is the input matrix, once. Every
 * size read from the file is checked against the file's length before
 * anything is allocated; a bad file leaves nothing behind.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../filemap.h"
#include "../parallel.h"
#include "../utf8.h"
#include "../xalloc.h"
#include "common.h"
#include "fasttext.h"
#include "format.h"

#define FT_MAGIC 793712314   /* 0x2F4F16BA */
#define FT_VERSION 12
#define FT_ARGS_BYTES 56
#define FT_KSUB 256          /* centroids per sub-quantizer (8-bit codes) */
#define FT_EOS "</s>"
#define FT_MAX_DIM (1 << 20)
#define COPY_PIECE ((uint64_t)16 << 20)   /* bytes between progress reports */
#define WORDS_PER_STEP 16384

enum { FT_LOSS_HS = 1, FT_LOSS_NS, FT_LOSS_SOFTMAX, FT_LOSS_OVA };
enum { FT_MODEL_CBOW = 1, FT_MODEL_SG, FT_MODEL_SUP };

/* The loader's part of a model (m->ext). */
typedef struct vs_fasttext {
    int version;            /* 11, 12; 0 = old format without magic */
    int32_t dim, ws, epoch, min_count, neg, word_ngrams, loss, model;
    int32_t bucket, minn, maxn, lr_update_rate;
    double t;
    int32_t size, nwords, nlabels;
    int64_t ntokens, pruneidx_size;
    int quant, qnorm, qout;
    int eos_ngrams;         /* "</s>" has n-grams (old format) */
    uint64_t rows;          /* rows of the input matrix */
    float *ngrams;          /* (rows - nwords) x dim: the n-gram rows */
    size_t nngrams;
    int32_t *prune_from;    /* pruneidx_size pairs, sorted by from */
    int32_t *prune_to;
} vs_fasttext;

/* ------------------------------------------------------------------ */
/* hash and n-grams                                                    */
/* ------------------------------------------------------------------ */

static inline uint32_t fnv_step(uint32_t h, unsigned char b)
{
    /* fastText xors the byte as a signed char widened to 32 bits */
    h ^= (uint32_t)(int32_t)(signed char)b;
    return h * 16777619u;
}

uint32_t vs_fasttext_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < len; i++)
        h = fnv_step(h, (unsigned char)s[i]);
    return h;
}

/* The row of bucket b, through the pruning index; -1 when pruned away. */
static int64_t bucket_row(const vs_fasttext *ft, uint32_t b)
{
    size_t lo = 0, hi;

    if (ft->pruneidx_size < 0)
        return (int64_t)ft->nwords + b;
    hi = (size_t)ft->pruneidx_size;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uint32_t)ft->prune_from[mid] < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < (size_t)ft->pruneidx_size && (uint32_t)ft->prune_from[lo] == b)
        return (int64_t)ft->nwords + ft->prune_to[lo];
    return -1;
}

/* Byte k of "<" word ">". */
static inline unsigned char wrapped_at(const char *word, size_t len, size_t k)
{
    if (k == 0)
        return '<';
    if (k == len + 1)
        return '>';
    return (unsigned char)word[k - 1];
}

/* The n-gram rows of word[0..len), in fastText's order (computeSubwords over
 * "<word>": for each character start, n = 1..maxn characters, keeping
 * n >= minn and leaving out 1-grams at either end). Rows go to rows[0..max)
 * and/or are added to acc (dim floats, n-gram buffer rows); returns how many
 * there are. */
static size_t ft_ngrams(const vs_fasttext *ft, const char *word, size_t len,
                        int64_t *rows, size_t max, float *acc)
{
    size_t L = len + 2, i, j, count = 0, d, dim = (size_t)ft->dim;
    int32_t n;

    if (ft->maxn <= 0 || ft->bucket <= 0 || ft->pruneidx_size == 0)
        return 0;
    for (i = 0; i < L; i++) {
        uint32_t h = 2166136261u;
        if ((wrapped_at(word, len, i) & 0xC0) == 0x80)
            continue;
        for (j = i, n = 1; j < L && n <= ft->maxn; n++) {
            int64_t row;
            /* one more character: its lead byte and continuation bytes */
            h = fnv_step(h, wrapped_at(word, len, j++));
            while (j < L && (wrapped_at(word, len, j) & 0xC0) == 0x80)
                h = fnv_step(h, wrapped_at(word, len, j++));
            if (n < ft->minn || (n == 1 && (i == 0 || j == L)))
                continue;
            row = bucket_row(ft, h % (uint32_t)ft->bucket);
            if (row < 0)
                continue;
            if (rows != NULL && count < max)
                rows[count] = row;
            if (acc != NULL) {
                /* acc (dim) += ngrams[row - nwords] (dim) */
                const float *src = ft->ngrams + (size_t)(row - ft->nwords) * dim;
                for (d = 0; d < dim; d++)
                    acc[d] += src[d];
            }
            count++;
        }
    }
    return count;
}

static int is_eos(const char *word, size_t len)
{
    return len == 4 && memcmp(word, FT_EOS, 4) == 0;
}

/* m->oov_vector: mean of the word's n-gram rows; zero when it has none
 * (fasttext.cc getWordVector). */
static int ft_oov_vector(const vs_model *m, const char *word, size_t len,
                         float *out, vs_error *err)
{
    const vs_fasttext *ft = m->ext;
    size_t d, count = 0;

    (void)err;
    memset(out, 0, m->dim * sizeof *out);
    if (!is_eos(word, len) || ft->eos_ngrams)
        count = ft_ngrams(ft, word, len, NULL, 0, out);
    if (count > 0) {
        float scale = (float)(1.0 / (double)count);
        for (d = 0; d < m->dim; d++)
            out[d] *= scale;
    }
    return 0;
}

static void ft_free(void *p)
{
    vs_fasttext *ft = p;

    if (ft == NULL)
        return;
    free(ft->ngrams);
    free(ft->prune_from);
    free(ft->prune_to);
    free(ft);
}

int vs_fasttext_is(const vs_model *m)
{
    return m != NULL && m->ext != NULL && m->ext_free == ft_free;
}

size_t vs_fasttext_ngram_rows(const vs_model *m, const char *word, size_t len,
                              int64_t *rows, size_t max)
{
    const vs_fasttext *ft;

    if (!vs_fasttext_is(m))
        return 0;
    ft = m->ext;
    if (is_eos(word, len) && !ft->eos_ngrams)
        return 0;
    return ft_ngrams(ft, word, len, rows, max, NULL);
}

/* ------------------------------------------------------------------ */
/* info                                                                */
/* ------------------------------------------------------------------ */

static const char *model_name(int32_t model)
{
    switch (model) {
    case FT_MODEL_CBOW: return "cbow";
    case FT_MODEL_SG: return "skipgram";
    case FT_MODEL_SUP: return "supervised";
    default: return "unknown";
    }
}

static const char *loss_name(int32_t loss)
{
    switch (loss) {
    case FT_LOSS_HS: return "hs";
    case FT_LOSS_NS: return "ns";
    case FT_LOSS_SOFTMAX: return "softmax";
    case FT_LOSS_OVA: return "one-vs-all";
    default: return "unknown";
    }
}

static void row_int(vs_result *r, const char *field, long long v)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%lld", v);
    vs_result_row(r, field, buf);
}

void vs_fasttext_info(const vs_model *m, vs_result *r)
{
    const vs_fasttext *ft;
    char buf[128];

    if (!vs_fasttext_is(m))
        return;
    ft = m->ext;
    if (ft->version == 0)
        snprintf(buf, sizeof buf, "old format (no magic number)");
    else
        snprintf(buf, sizeof buf, "%d", ft->version);
    vs_result_row(r, "fastText file version", buf);
    snprintf(buf, sizeof buf, "%s (loss %s)", model_name(ft->model), loss_name(ft->loss));
    vs_result_row(r, "fastText model", buf);
    row_int(r, "minn", ft->minn);
    row_int(r, "maxn", ft->maxn);
    row_int(r, "bucket", ft->bucket);
    row_int(r, "epoch", ft->epoch);
    row_int(r, "ws", ft->ws);
    row_int(r, "minCount", ft->min_count);
    row_int(r, "neg", ft->neg);
    row_int(r, "wordNgrams", ft->word_ngrams);
    row_int(r, "lrUpdateRate", ft->lr_update_rate);
    snprintf(buf, sizeof buf, "%g", ft->t);
    vs_result_row(r, "t", buf);
    row_int(r, "dictionary words", ft->nwords);
    row_int(r, "labels", ft->nlabels);
    row_int(r, "training tokens", ft->ntokens);
    if (ft->pruneidx_size >= 0)
        row_int(r, "n-gram rows kept by pruning", ft->pruneidx_size);
    snprintf(buf, sizeof buf, "%s", !ft->quant ? "no"
                                    : ft->qnorm ? "yes (product quantizer, with norms)"
                                                : "yes (product quantizer)");
    vs_result_row(r, "quantized", buf);
    row_int(r, "n-gram rows", (long long)ft->nngrams);
}

/* ------------------------------------------------------------------ */
/* reading                                                             */
/* ------------------------------------------------------------------ */

/* A bounds-checked cursor over the mapped file. */
struct cur {
    const unsigned char *base;
    uint64_t off, size;
    const char *path;
    vs_error *err;
};

static int truncated(struct cur *c, uint64_t need, const char *what)
{
    return vs_fail(c->err,
                   "%s: truncated file: %s at byte offset %llu needs %llu bytes, "
                   "but the file ends %llu bytes later (file size %llu)",
                   c->path, what, (unsigned long long)c->off,
                   (unsigned long long)need,
                   (unsigned long long)(c->size - c->off),
                   (unsigned long long)c->size);
}

static int get(struct cur *c, void *dst, size_t n, const char *what)
{
    if (c->size - c->off < n)
        return truncated(c, n, what);
    memcpy(dst, c->base + c->off, n);
    c->off += n;
    return 0;
}

static int get_i32(struct cur *c, int32_t *v, const char *what)
{
    return get(c, v, 4, what);
}

static int get_i64(struct cur *c, int64_t *v, const char *what)
{
    return get(c, v, 8, what);
}

/* A bool is one byte, 0 or 1. */
static int get_bool(struct cur *c, int *v, const char *what)
{
    unsigned char b = 0;
    uint64_t at = c->off;

    if (get(c, &b, 1, what) < 0)
        return -1;
    if (b > 1)
        return vs_fail(c->err, "%s: byte offset %llu: %s should be a bool (0 or 1), found %u",
                       c->path, (unsigned long long)at, what, b);
    *v = b;
    return 0;
}

static int in_range(int32_t v, int32_t lo, int32_t hi)
{
    return v >= lo && v <= hi;
}

/* Does h (len bytes) start like a file of the old format: args with every
 * field in range, then dictionary counts that add up? */
static int old_header_plausible(const unsigned char *h, size_t len)
{
    int32_t a[12], d[3];
    double t;
    int64_t ntokens;

    if (len < FT_ARGS_BYTES + 20)
        return 0;
    memcpy(a, h, sizeof a);
    memcpy(&t, h + 48, 8);
    memcpy(d, h + FT_ARGS_BYTES, sizeof d);
    memcpy(&ntokens, h + FT_ARGS_BYTES + 12, 8);
    return in_range(a[0], 1, FT_MAX_DIM) && in_range(a[1], 1, 100000) &&
           in_range(a[2], 1, 1000000) && in_range(a[3], 0, INT32_MAX) &&
           in_range(a[4], 0, 100000) && in_range(a[5], 1, 1000) &&
           in_range(a[6], FT_LOSS_HS, FT_LOSS_OVA) &&
           in_range(a[7], FT_MODEL_CBOW, FT_MODEL_SUP) && a[8] >= 0 &&
           in_range(a[9], 0, 1000) && in_range(a[10], 0, 1000) && a[11] > 0 &&
           isfinite(t) && t >= 0.0 && t <= 1.0 && d[0] >= 0 && d[1] >= 0 &&
           d[2] >= 0 && (int64_t)d[1] + d[2] == d[0] && ntokens >= 0;
}

static int sniff(const char *path, const unsigned char *head, size_t len,
                 size_t file_size, int is_dir)
{
    int32_t magic, version;

    (void)path;
    (void)file_size;
    if (is_dir || len < 8)
        return 0;
    memcpy(&magic, head, 4);
    memcpy(&version, head + 4, 4);
    if (magic == FT_MAGIC)
        return version == 11 || version == 12 ? 100 : 95;
    return old_header_plausible(head, len) ? 80 : 0;
}

/* A product quantizer as stored (productquantizer.cc save). */
struct pq {
    int32_t dim, nsubq, dsub, lastdsub;
    const unsigned char *centroids;   /* dim x 256 floats in the map */
};

static int read_pq(struct cur *c, struct pq *q, const char *what)
{
    uint64_t at = c->off, bytes;
    char w[96];

    snprintf(w, sizeof w, "the %s header", what);
    if (get_i32(c, &q->dim, w) < 0 || get_i32(c, &q->nsubq, w) < 0 ||
        get_i32(c, &q->dsub, w) < 0 || get_i32(c, &q->lastdsub, w) < 0)
        return -1;
    if (q->dim < 1 || q->dsub < 1 || q->nsubq < 1 || q->lastdsub < 1 ||
        q->lastdsub > q->dsub ||
        (int64_t)(q->nsubq - 1) * q->dsub + q->lastdsub != q->dim)
        return vs_fail(c->err,
                       "%s: byte offset %llu: %s: dim %d, nsubq %d, dsub %d, lastdsub %d "
                       "do not describe a product quantizer",
                       c->path, (unsigned long long)at, what, q->dim, q->nsubq,
                       q->dsub, q->lastdsub);
    bytes = (uint64_t)q->dim * FT_KSUB * sizeof(float);
    snprintf(w, sizeof w, "the %s centroids", what);
    if (c->size - c->off < bytes)
        return truncated(c, bytes, w);
    q->centroids = c->base + c->off;
    c->off += bytes;
    return 0;
}

/* Centroid k of sub-quantizer s (productquantizer.cc get_centroids). */
static const unsigned char *pq_centroid(const struct pq *q, int32_t s, unsigned k)
{
    uint64_t idx = s == q->nsubq - 1
                       ? (uint64_t)s * FT_KSUB * q->dsub + (uint64_t)k * q->lastdsub
                       : ((uint64_t)s * FT_KSUB + k) * q->dsub;
    return q->centroids + idx * sizeof(float);
}

/* A quantized matrix (quantmatrix.cc save), its parts left in the map. */
struct qmat {
    int qnorm;
    int64_t m, n;
    const unsigned char *codes, *norm_codes;
    struct pq pq, npq;
};

static int read_qmat(struct cur *c, struct qmat *q, const char *what)
{
    int32_t codesize;
    uint64_t at;
    char w[96];

    snprintf(w, sizeof w, "the qnorm flag of the %s", what);
    if (get_bool(c, &q->qnorm, w) < 0)
        return -1;
    snprintf(w, sizeof w, "the size of the %s", what);
    at = c->off;
    if (get_i64(c, &q->m, w) < 0 || get_i64(c, &q->n, w) < 0 ||
        get_i32(c, &codesize, w) < 0)
        return -1;
    if (q->m < 0 || q->n < 1 || q->n > FT_MAX_DIM || codesize < 0)
        return vs_fail(c->err, "%s: byte offset %llu: the %s says %lld x %lld with %d codes",
                       c->path, (unsigned long long)at, what, (long long)q->m,
                       (long long)q->n, codesize);
    snprintf(w, sizeof w, "the codes of the %s", what);
    if (c->size - c->off < (uint64_t)codesize)
        return truncated(c, (uint64_t)codesize, w);
    q->codes = c->base + c->off;
    c->off += (uint64_t)codesize;
    snprintf(w, sizeof w, "product quantizer of the %s", what);
    if (read_pq(c, &q->pq, w) < 0)
        return -1;
    /* m <= codesize first: nsubq >= 1, and the product then fits in 64 bits */
    if (q->pq.dim != q->n || q->m > (int64_t)codesize ||
        (int64_t)codesize != q->m * q->pq.nsubq)
        return vs_fail(c->err,
                       "%s: the %s is %lld x %lld with %d codes, but its product "
                       "quantizer has dim %d and %d sub-quantizers (%lld x %d codes)",
                       c->path, what, (long long)q->m, (long long)q->n, codesize,
                       q->pq.dim, q->pq.nsubq, (long long)q->m, q->pq.nsubq);
    q->norm_codes = NULL;
    if (q->qnorm) {
        snprintf(w, sizeof w, "the norm codes of the %s", what);
        if (c->size - c->off < (uint64_t)q->m)
            return truncated(c, (uint64_t)q->m, w);
        q->norm_codes = c->base + c->off;
        c->off += (uint64_t)q->m;
        snprintf(w, sizeof w, "norm quantizer of the %s", what);
        at = c->off;
        if (read_pq(c, &q->npq, w) < 0)
            return -1;
        if (q->npq.dim != 1)
            return vs_fail(c->err, "%s: byte offset %llu: the %s has dim %d, expected 1",
                           c->path, (unsigned long long)at, w, q->npq.dim);
    }
    return 0;
}

/* dst (n) = row i of a quantized matrix: norm x centroids of its codes
 * (quantmatrix.cc addRowToVector, productquantizer.cc addcode). */
static void qmat_row(const struct qmat *q, uint64_t i, float *dst)
{
    const unsigned char *code = q->codes + i * (uint64_t)q->pq.nsubq;
    float norm = 1.0f;
    int32_t s, k;

    if (q->qnorm)
        memcpy(&norm, pq_centroid(&q->npq, 0, q->norm_codes[i]), sizeof norm);
    for (s = 0; s < q->pq.nsubq; s++) {
        int32_t d = s == q->pq.nsubq - 1 ? q->pq.lastdsub : q->pq.dsub;
        const unsigned char *c = pq_centroid(&q->pq, s, code[s]);
        for (k = 0; k < d; k++) {
            float v;
            memcpy(&v, c + (size_t)k * sizeof v, sizeof v);
            dst[(size_t)s * q->pq.dsub + k] = norm * v;
        }
    }
}

/* Skips a dense matrix (the output matrix), checking its size. */
static int skip_dense(struct cur *c, const char *what)
{
    int64_t m, n;
    uint64_t at = c->off;
    char w[96];

    snprintf(w, sizeof w, "the size of the %s", what);
    if (get_i64(c, &m, w) < 0 || get_i64(c, &n, w) < 0)
        return -1;
    if (m < 0 || n < 0 || (n > 0 && (uint64_t)m > (c->size - c->off) / 4 / (uint64_t)n))
        return vs_fail(c->err,
                       "%s: byte offset %llu: the %s says %lld x %lld floats, but only "
                       "%llu bytes follow (truncated file or corrupt size)",
                       c->path, (unsigned long long)at, what, (long long)m, (long long)n,
                       (unsigned long long)(c->size - c->off));
    c->off += (uint64_t)m * (uint64_t)n * 4;
    return 0;
}

/* ------------------------------------------------------------------ */
/* the word vectors                                                    */
/* ------------------------------------------------------------------ */

struct wv_job {
    const vs_fasttext *ft;
    float *vecs;                 /* kept x dim: input rows, made into means */
    const unsigned char *map;
    const uint64_t *woff;        /* per kept word: its bytes in the map */
    const uint32_t *wlen;
    size_t from;                 /* the first word of this step */
};

/* vecs[k] = mean of (input row of word k, its n-gram rows), for the words
 * from + [lo, hi) (fasttext.cc getWordVector: a float sum in order, then
 * times 1/count). */
static void wv_range(void *arg, size_t lo, size_t hi)
{
    const struct wv_job *j = arg;
    const vs_fasttext *ft = j->ft;
    size_t k, d, dim = (size_t)ft->dim;

    for (k = j->from + lo; k < j->from + hi; k++) {
        const char *w = (const char *)j->map + j->woff[k];
        float *row = j->vecs + k * dim;
        size_t count = 1;
        if (!is_eos(w, j->wlen[k]) || ft->eos_ngrams)
            count += ft_ngrams(ft, w, j->wlen[k], NULL, 0, row);
        if (count > 1) {
            float scale = (float)(1.0 / (double)count);
            for (d = 0; d < dim; d++)
                row[d] *= scale;
        }
    }
}

/* The word vectors of words [from, to), on up to 64 threads (one below
 * 1024 words, where starting threads costs more than it saves). */
static void word_vectors(struct wv_job *job, size_t from, size_t to, int threads)
{
    job->from = from;
    vs_parallel_for(to - from < 1024 ? 1 : threads > 64 ? 64 : threads, to - from, wv_range,
                    job);
}

/* ------------------------------------------------------------------ */
/* the loader                                                          */
/* ------------------------------------------------------------------ */

static int cmp_pairs(const void *a, const void *b)
{
    const int32_t *x = a, *y = b;

    return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Checks that row[0..n) holds finite numbers. */
static int finite_row(const float *row, size_t n, size_t *bad)
{
    size_t k;

    for (k = 0; k < n; k++)
        if (!isfinite(row[k])) {
            *bad = k;
            return 0;
        }
    return 1;
}

static int load(const char *path, const vs_load_opts *opts_in, vs_model **out,
                vs_error *err)
{
    vs_load_opts opts;
    vs_fasttext *ft = NULL;
    vs_vocab *vocab = NULL;
    struct cur c;
    struct qmat qin;
    struct stat st;
    unsigned char *map = NULL;
    uint64_t *woff = NULL, in_data = 0, rows, next_report;
    uint32_t *wlen = NULL;
    int64_t *keep = NULL;   /* file word index -> kept id, or -1 */
    float *vecs = NULL;
    char *fixed = NULL, what[256];
    const char *base;
    size_t dim, nkeep = 0, dups = 0, bad = 0, maxword = 0, target, k;
    int32_t magic, version;
    int fd, rc = -1, new_format;

    if (opts_in != NULL)
        opts = *opts_in;
    else
        memset(&opts, 0, sizeof opts);
    if (opts.threads < 1)
        opts.threads = 1;
    *out = NULL;
    memset(&c, 0, sizeof c);
    memset(&qin, 0, sizeof qin);
    base = strrchr(path, '/');
    snprintf(what, sizeof what, "loading %s", base ? base + 1 : path);

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return vs_fail(err, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fd, &st) != 0) {
        vs_fail(err, "%s: cannot stat: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        vs_fail(err, "%s: not a regular file", path);
        close(fd);
        return -1;
    }
    if (st.st_size < 8) {
        vs_fail(err, "%s: %lld bytes is too short for a fastText model", path,
                (long long)st.st_size);
        close(fd);
        return -1;
    }
    map = vs_filemap_map(fd, (size_t)st.st_size, path, err);
    close(fd);
    if (map == NULL)
        return -1;
    madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
    c.base = map;
    c.size = (uint64_t)st.st_size;
    c.path = path;
    c.err = err;
    ft = xcalloc(1, sizeof *ft);

    /* 1. magic and version, or the old format */
    memcpy(&magic, map, 4);
    memcpy(&version, map + 4, 4);
    new_format = magic == FT_MAGIC;
    if (new_format) {
        if (version > FT_VERSION || version < 11) {
            vs_fail(err,
                    "%s: byte offset 4: fastText file version %d is not supported "
                    "(this reader knows versions 11 and 12)",
                    path, version);
            goto done;
        }
        ft->version = version;
        c.off = 8;
    } else if (old_header_plausible(map, c.size < 4096 ? (size_t)c.size : 4096)) {
        ft->version = 0;
        c.off = 0;
    } else {
        vs_fail(err,
                "%s: byte offset 0: not a fastText model: the magic number is "
                "0x%08x, expected 0x2F4F16BA (and the file does not start like "
                "the old format without one)",
                path, (unsigned)magic);
        goto done;
    }

    /* 2. the training arguments */
    {
        int32_t a[12];
        uint64_t at = c.off;
        if (get(&c, a, sizeof a, "the training arguments") < 0 ||
            get(&c, &ft->t, 8, "the training arguments") < 0)
            goto done;
        ft->dim = a[0];
        ft->ws = a[1];
        ft->epoch = a[2];
        ft->min_count = a[3];
        ft->neg = a[4];
        ft->word_ngrams = a[5];
        ft->loss = a[6];
        ft->model = a[7];
        ft->bucket = a[8];
        ft->minn = a[9];
        ft->maxn = a[10];
        ft->lr_update_rate = a[11];
        if (ft->dim < 1 || ft->dim > FT_MAX_DIM) {
            vs_fail(err, "%s: byte offset %llu: dim is %d, expected 1 to %d", path,
                    (unsigned long long)at, ft->dim, FT_MAX_DIM);
            goto done;
        }
        if (ft->bucket < 0 || ft->minn < 0 || ft->maxn < 0) {
            vs_fail(err,
                    "%s: byte offset %llu: bucket %d, minn %d, maxn %d: none may be "
                    "negative",
                    path, (unsigned long long)at, ft->bucket, ft->minn, ft->maxn);
            goto done;
        }
        if (ft->version == 11 && ft->model == FT_MODEL_SUP)
            ft->maxn = 0; /* old supervised models use no char n-grams */
    }
    dim = (size_t)ft->dim;

    /* 3. the dictionary */
    {
        int32_t d[3];
        uint64_t at = c.off, need, i;
        if (get(&c, d, sizeof d, "the dictionary header") < 0 ||
            get_i64(&c, &ft->ntokens, "the dictionary header") < 0)
            goto done;
        ft->pruneidx_size = -1;
        if (new_format && get_i64(&c, &ft->pruneidx_size, "the dictionary header") < 0)
            goto done;
        ft->size = d[0];
        ft->nwords = d[1];
        ft->nlabels = d[2];
        if (d[0] < 0 || d[1] < 0 || d[2] < 0 || (int64_t)d[1] + d[2] != d[0]) {
            vs_fail(err,
                    "%s: byte offset %llu: the dictionary says %d entries, %d words "
                    "and %d labels (expected entries = words + labels, none negative)",
                    path, (unsigned long long)at, d[0], d[1], d[2]);
            goto done;
        }
        if (ft->pruneidx_size < -1) {
            vs_fail(err, "%s: byte offset %llu: pruneidx_size is %lld, expected -1 or more",
                    path, (unsigned long long)(c.off - 8), (long long)ft->pruneidx_size);
            goto done;
        }
        /* each entry takes at least a NUL, an int64 count and a type byte */
        need = (uint64_t)ft->size * 10;
        if (need > c.size - c.off) {
            vs_fail(err,
                    "%s: byte offset %llu: the dictionary says %d entries (10 bytes "
                    "or more each), but only %llu bytes follow it (truncated file or "
                    "corrupt count)",
                    path, (unsigned long long)at, ft->size,
                    (unsigned long long)(c.size - c.off));
            goto done;
        }
        target = (size_t)ft->nwords;
        if (opts.limit > 0 && opts.limit < target)
            target = opts.limit;
        woff = xmallocarray(target ? target : 1, sizeof *woff);
        wlen = xmallocarray(target ? target : 1, sizeof *wlen);
        keep = xmallocarray(target ? target : 1, sizeof *keep);
        vocab = vs_vocab_new(target);
        for (i = 0; i < (uint64_t)ft->size; i++) {
            const unsigned char *w = map + c.off, *nul;
            uint64_t woff_i = c.off;
            size_t len;
            int64_t count;
            signed char type;
            nul = memchr(w, 0, (size_t)(c.size - c.off));
            if (nul == NULL) {
                vs_fail(err,
                        "%s: byte offset %llu: dictionary entry %llu of %d has no NUL "
                        "after its word before the end of the file (truncated "
                        "dictionary)",
                        path, (unsigned long long)c.off, (unsigned long long)i + 1,
                        ft->size);
                goto done;
            }
            len = (size_t)(nul - w);
            c.off += len + 1;
            if (get_i64(&c, &count, "a dictionary entry's count") < 0 ||
                get(&c, &type, 1, "a dictionary entry's type") < 0)
                goto done;
            if (type != (i < (uint64_t)ft->nwords ? 0 : 1)) {
                vs_fail(err,
                        "%s: byte offset %llu: dictionary entry %llu has type %d, "
                        "expected %d (%s): the first %d entries are words, the rest "
                        "labels",
                        path, (unsigned long long)(c.off - 1), (unsigned long long)i + 1,
                        type, i < (uint64_t)ft->nwords ? 0 : 1,
                        i < (uint64_t)ft->nwords ? "word" : "label", ft->nwords);
                goto done;
            }
            if (i >= target)
                continue;
            /* a word of the vocabulary */
            {
                const char *key = (const char *)w;
                size_t keylen = len;
                long id;
                if (vs_utf8_valid_prefix(key, len) != len) {
                    if (opts.encoding_errors == VS_ENC_STRICT) {
                        char *shown = vs_escape(key, len < 60 ? len : 60);
                        vs_fail(err,
                                "%s: word at byte offset %llu (dictionary entry %llu) "
                                "is not valid UTF-8 (\"%s\"); use --encoding-errors "
                                "replace|ignore",
                                path, (unsigned long long)woff_i,
                                (unsigned long long)i + 1, shown);
                        free(shown);
                        goto done;
                    }
                    if (3 * len + 1 > maxword) {
                        maxword = 3 * len + 1;
                        fixed = xrealloc(fixed, maxword);
                    }
                    keylen = vs_utf8_repair(key, len, fixed,
                                            opts.encoding_errors == VS_ENC_REPLACE);
                    key = fixed;
                    bad++;
                }
                id = vs_vocab_add(vocab, key, keylen, NULL);
                keep[i] = id < 0 ? -1 : (int64_t)nkeep;
                if (id < 0) {
                    dups++;
                    continue;
                }
                woff[nkeep] = woff_i;
                wlen[nkeep] = (uint32_t)len;
                nkeep++;
            }
        }
        /* the pruning index */
        if (ft->pruneidx_size > 0) {
            uint64_t n = (uint64_t)ft->pruneidx_size;
            int32_t *pairs;
            if (n > (c.size - c.off) / 8) {
                vs_fail(err,
                        "%s: byte offset %llu: the pruning index says %lld pairs (8 "
                        "bytes each), but only %llu bytes follow",
                        path, (unsigned long long)c.off, (long long)ft->pruneidx_size,
                        (unsigned long long)(c.size - c.off));
                goto done;
            }
            pairs = xmallocarray((size_t)n, 2 * sizeof *pairs);
            memcpy(pairs, map + c.off, (size_t)n * 8);
            c.off += n * 8;
            qsort(pairs, (size_t)n, 2 * sizeof *pairs, cmp_pairs);
            ft->prune_from = xmallocarray((size_t)n, sizeof *ft->prune_from);
            ft->prune_to = xmallocarray((size_t)n, sizeof *ft->prune_to);
            for (i = 0; i < n; i++) {
                ft->prune_from[i] = pairs[2 * i];
                ft->prune_to[i] = pairs[2 * i + 1];
                if (pairs[2 * i] < 0 || pairs[2 * i] >= ft->bucket ||
                    pairs[2 * i + 1] < 0 || (int64_t)pairs[2 * i + 1] >= ft->pruneidx_size ||
                    (i > 0 && pairs[2 * i] == pairs[2 * i - 2])) {
                    vs_fail(err,
                            "%s: the pruning index maps bucket %d to row %d: buckets "
                            "must be distinct and below %d, rows below %lld",
                            path, pairs[2 * i], pairs[2 * i + 1], ft->bucket,
                            (long long)ft->pruneidx_size);
                    free(pairs);
                    goto done;
                }
            }
            free(pairs);
        }
    }

    /* 4. quant_input */
    if (new_format && get_bool(&c, &ft->quant, "quant_input") < 0)
        goto done;
    if (!ft->quant && ft->pruneidx_size >= 0) {
        vs_fail(err,
                "%s: byte offset %llu: quant_input is 0 but the dictionary is pruned "
                "(pruneidx_size %lld): a pruned input matrix must be quantized, and "
                "fastText itself refuses such a file (fastText issue #332)",
                path, (unsigned long long)(c.off - 1), (long long)ft->pruneidx_size);
        goto done;
    }

    /* 5. the input matrix */
    {
        uint64_t at = c.off, expect;
        int64_t m, n;
        if (ft->quant) {
            if (read_qmat(&c, &qin, "input matrix") < 0)
                goto done;
            m = qin.m;
            n = qin.n;
        } else {
            if (get_i64(&c, &m, "the size of the input matrix") < 0 ||
                get_i64(&c, &n, "the size of the input matrix") < 0)
                goto done;
        }
        expect = (uint64_t)ft->nwords +
                 (ft->pruneidx_size >= 0 ? (uint64_t)ft->pruneidx_size : (uint64_t)ft->bucket);
        if (n != ft->dim || m < 0 || (uint64_t)m != expect) {
            vs_fail(err,
                    "%s: byte offset %llu: the input matrix is %lld x %lld, expected "
                    "%llu x %d (%d words + %lld %s rows, dim %d)",
                    path, (unsigned long long)at, (long long)m, (long long)n,
                    (unsigned long long)expect, ft->dim, ft->nwords,
                    (long long)(expect - (uint64_t)ft->nwords),
                    ft->pruneidx_size >= 0 ? "kept n-gram" : "bucket", ft->dim);
            goto done;
        }
        rows = (uint64_t)m;
        if (!ft->quant) {
            if (rows > (c.size - c.off) / 4 / dim) {
                vs_fail(err,
                        "%s: byte offset %llu: the input matrix is %llu x %zu float32 "
                        "(%llu bytes), but only %llu bytes follow (truncated file)",
                        path, (unsigned long long)c.off, (unsigned long long)rows, dim,
                        (unsigned long long)(rows * dim * 4),
                        (unsigned long long)(c.size - c.off));
                goto done;
            }
            in_data = c.off;
            c.off += rows * dim * 4;
        }
        ft->rows = rows;
    }

    /* 6. the output matrix: not used, but it must be all there */
    if (new_format) {
        if (get_bool(&c, &ft->qout, "qout") < 0)
            goto done;
        if (ft->quant && ft->qout) {
            struct qmat qo;
            if (read_qmat(&c, &qo, "output matrix") < 0)
                goto done;
        } else if (skip_dense(&c, "output matrix") < 0) {
            goto done;
        }
    } else if (skip_dense(&c, "output matrix") < 0) {
        goto done;
    }
    if (c.off != c.size) {
        vs_fail(err,
                "%s: byte offset %llu: %llu bytes follow the output matrix, where the "
                "file should end (corrupt sizes, or not a fastText model)",
                path, (unsigned long long)c.off, (unsigned long long)(c.size - c.off));
        goto done;
    }

    /* 7. copy the rows out of the file: the kept words' rows into the
     * model's matrix, the n-gram rows into ext; check they are finite */
    vecs = vs_matrix_alloc(path, nkeep, dim, err);
    if (vecs == NULL)
        goto done;
    ft->nngrams = (size_t)(rows - (uint64_t)ft->nwords);
    ft->ngrams = vs_matrix_alloc(path, ft->nngrams, dim, err);
    if (ft->ngrams == NULL) {
        vs_fail_oom(err, path, "the subword vectors", ft->nngrams,
                    dim * sizeof(float));
        goto done;
    }
    next_report = COPY_PIECE;
    {
        uint64_t r, i;
        size_t badk;
        for (r = 0, i = 0; r < rows; r++) {
            float *dst;
            if (r < (uint64_t)ft->nwords) {
                if (r >= target || keep[r] < 0)
                    continue;
                dst = vecs + (size_t)keep[r] * dim;
            } else {
                dst = ft->ngrams + (size_t)(r - (uint64_t)ft->nwords) * dim;
            }
            if (ft->quant)
                qmat_row(&qin, r, dst);
            else
                memcpy(dst, map + in_data + r * dim * 4, dim * 4);
            if (!finite_row(dst, dim, &badk)) {
                if (ft->quant)
                    vs_fail(err,
                            "%s: row %llu of the quantized input matrix decodes to a "
                            "number that is not finite (component %zu)",
                            path, (unsigned long long)r, badk + 1);
                else
                    vs_fail(err,
                            "%s: byte offset %llu: row %llu of the input matrix, "
                            "component %zu, is not a finite number",
                            path, (unsigned long long)(in_data + (r * dim + badk) * 4),
                            (unsigned long long)r, badk + 1);
                goto done;
            }
            i += dim * 4;
            if (i >= next_report) {
                next_report = i + COPY_PIECE;
                if (vs_progress_step(opts.progress, what,
                                     0.5 * (double)r / (double)(rows ? rows : 1), err) != 0) {
                    vs_fail_prefix(err, "%s", path);
                    goto done;
                }
            }
        }
    }

    /* 8. the in-vocabulary word vectors, in place */
    {
        struct wv_job job;
        job.ft = ft;
        job.vecs = vecs;
        job.map = map;
        job.woff = woff;
        job.wlen = wlen;
        for (k = 0; k < nkeep; k += WORDS_PER_STEP) {
            size_t to = k + WORDS_PER_STEP < nkeep ? k + WORDS_PER_STEP : nkeep;
            word_vectors(&job, k, to, opts.threads);
            if (vs_progress_step(opts.progress, what,
                                 0.5 + 0.5 * (double)to / (double)nkeep, err) != 0) {
                vs_fail_prefix(err, "%s", path);
                goto done;
            }
        }
    }

    *out = vs_model_new(path, vs_format_fasttext_bin.name, vocab, vecs, nkeep, dim);
    (*out)->kind = VS_MODEL_SUBWORD;
    (*out)->duplicates = dups;
    (*out)->bad_utf8 = bad;
    (*out)->file_size = (size_t)c.size;
    (*out)->oov_vector = ft_oov_vector;
    (*out)->describe = vs_fasttext_info;
    (*out)->ext = ft;
    (*out)->ext_free = ft_free;
    (*out)->ext_memory = sizeof *ft + ft->nngrams * dim * sizeof(float) +
                         (ft->pruneidx_size > 0 ? (size_t)ft->pruneidx_size * 8 : 0);
    vs_model_norms(*out);
    vocab = NULL;
    vecs = NULL;
    ft = NULL;
    rc = 0;

done:
    vs_progress_done(opts.progress);
    vs_filemap_unmap(map, (size_t)st.st_size);
    ft_free(ft);
    vs_vocab_free(vocab);
    free(vecs);
    free(woff);
    free(wlen);
    free(keep);
    free(fixed);
    return rc;
}

const vs_format vs_format_fasttext_bin = {
    "fasttext-bin",
    "fastText model (.bin, .ftz): words plus subword n-grams, so unknown words "
    "get vectors (fasttext skipgram/cbow/supervised)",
    sniff,
    load,
};
