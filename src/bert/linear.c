/*
 * linear.c - the encoder's Linear layers in f32, bf16 or int8 (linear.h):
 * packing the weights once, converting the rows of x at each call, and
 * walking the tiles that the kernels of gemm.c compute.
 *
 * A product y (n, out) = x (n, in) W^T goes:
 *
 *   x (n, in) -> a (n', kpad)        f32: x itself; bf16: rounded to
 *                                    bfloat16; int8: each row quantized
 *                                    (scale, zero point); n' = n, or n
 *                                    padded to the kernel's rows for AMX
 *   for each block of rows (about 256 KB of a, so it stays in L2):
 *     for each panel of 32 channels (split among the threads):
 *       for each tile of mr rows in the block:
 *         y[rows, panel] = kernel(a[rows], panel)
 *
 * so each panel (in*32 values: 96 KB of f32 for bert-base's 768 inputs)
 * is read from L2 by every tile of the block, and the block of x by every
 * panel. No part of the weights is copied at call time.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../blas.h"
#include "../parallel.h"
#include "../xalloc.h"
#include "gemm.h"
#include "linear.h"

#define PANEL VS_LINEAR_PANEL

/* Bytes of x a block of rows takes at most (roughly half an L2). */
#define BLOCK_BYTES (256 * 1024)

/* Below this many multiply-adds a product runs on one thread. */
#define PARALLEL_MIN (1u << 20)

static const char *const names[VS_NPRECISIONS] = {"f32", "bf16", "int8"};

const char *vs_precision_name(enum vs_precision p)
{
    return (unsigned)p < VS_NPRECISIONS ? names[p] : "?";
}

int vs_precision_parse(const char *s, enum vs_precision *p, vs_error *err)
{
    int i;

    for (i = 0; i < VS_NPRECISIONS; i++)
        if (strcmp(s, names[i]) == 0) {
            *p = (enum vs_precision)i;
            return 0;
        }
    return vs_fail(err, "precision '%s': the precisions are f32, bf16 and int8", s);
}

/* ---- picking the kernel ---- */

/* The best tier VECSCOPE_LINEAR allows (3 when unset or unknown). */
static int tier_cap(void)
{
    static const char *const tiers[] = {"portable", "avx2", "avx512", "amx"};
    const char *want = getenv("VECSCOPE_LINEAR");
    int i;

    for (i = 0; want != NULL && i < 4; i++)
        if (strcmp(want, tiers[i]) == 0)
            return i;
    return 3;
}

static const vs_gemm_kernel *pick(enum vs_precision p)
{
    int cap = tier_cap();
    size_t i;

    for (i = 0; vs_gemm_kernels[i] != NULL; i++) {
        const vs_gemm_kernel *k = vs_gemm_kernels[i];
        if (k->prec == p && k->tier <= cap && k->usable())
            return k;
    }
    abort();   /* the portable kernels are always there */
}

const char *vs_linear_kernel_name(enum vs_precision p)
{
    return pick(p)->name;
}

const char *vs_linear_kernel(const vs_linear *L)
{
    return L->kernel != NULL ? L->kernel->name : "none";
}

/* ---- packing ---- */

static size_t round_up(size_t x, size_t m)
{
    return (x + m - 1) / m * m;
}

static size_t elem_bytes(enum vs_precision p)
{
    return p == VS_PREC_F32 ? 4 : p == VS_PREC_BF16 ? 2 : 1;
}

/* bytes, 64-byte aligned and zeroed, or NULL. */
static void *alloc_aligned(size_t bytes)
{
    void *p = NULL;

    if (posix_memalign(&p, 64, round_up(bytes ? bytes : 1, 64)) != 0)
        return NULL;
    memset(p, 0, bytes);
    return p;
}

/* The bfloat16 nearest to f (ties to even); f is finite. */
static uint16_t to_bf16(float f)
{
    uint32_t u;

    memcpy(&u, &f, sizeof u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (uint16_t)(u >> 16);
}

/* Where input k of channel j goes in the panels: its element index. */
static size_t slot(size_t j, size_t k, size_t kpad, size_t group)
{
    return (j / PANEL) * PANEL * kpad + (k / group) * PANEL * group + (j % PANEL) * group +
           k % group;
}

/* Channel j's weights in 8 bits: q = round(w / s), s = max |w| / 127. */
static void quantize_channel(vs_linear *L, const float *w, size_t j)
{
    int8_t *panels = L->w;
    float top = 0.0f, s, inv;
    int32_t sum = 0;
    size_t k;

    for (k = 0; k < L->in; k++)
        top = fabsf(w[k]) > top ? fabsf(w[k]) : top;
    s = top / 127.0f;
    inv = s > 0.0f ? 1.0f / s : 0.0f;
    for (k = 0; k < L->in; k++) {
        long q = lrintf(w[k] * inv);
        q = q > 127 ? 127 : q < -127 ? -127 : q;
        panels[slot(j, k, L->kpad, 4)] = (int8_t)q;
        sum += (int32_t)q;
    }
    L->scale[j] = s;
    L->colsum[j] = sum;
}

int vs_linear_pack(vs_linear *L, const float *W, size_t out, size_t in,
                   enum vs_precision p, vs_error *err)
{
    size_t panels = (out + PANEL - 1) / PANEL, j, k, bytes;

    memset(L, 0, sizeof *L);
    L->out = out;
    L->in = in;
    L->prec = p;
    L->kernel = pick(p);
    L->kpad = round_up(in ? in : 1, L->kernel->kstep);
    bytes = panels * PANEL * L->kpad * elem_bytes(p);
    L->w = alloc_aligned(bytes);
    if (p == VS_PREC_INT8) {
        L->scale = alloc_aligned(panels * PANEL * sizeof(float));
        L->colsum = alloc_aligned(panels * PANEL * sizeof(int32_t));
        bytes += panels * PANEL * (sizeof(float) + sizeof(int32_t));
    }
    if (L->w == NULL || (p == VS_PREC_INT8 && (L->scale == NULL || L->colsum == NULL))) {
        vs_linear_free(L);
        return vs_fail(err, "not enough memory to pack a %zu x %zu weight in %s (%.1f MiB)",
                       out, in, vs_precision_name(p), (double)bytes / (1024.0 * 1024.0));
    }
    L->bytes = bytes;
    for (j = 0; j < out; j++) {
        const float *w = W + j * in;
        switch (p) {
        case VS_PREC_F32:
            for (k = 0; k < in; k++)
                ((float *)L->w)[slot(j, k, L->kpad, 1)] = w[k];
            break;
        case VS_PREC_BF16:
            for (k = 0; k < in; k++)
                ((uint16_t *)L->w)[slot(j, k, L->kpad, 2)] = to_bf16(w[k]);
            break;
        case VS_PREC_INT8:
            quantize_channel(L, w, j);
            break;
        }
    }
    return 0;
}

void vs_linear_free(vs_linear *L)
{
    if (L == NULL)
        return;
    free(L->w);
    free(L->scale);
    free(L->colsum);
    memset(L, 0, sizeof *L);
}

/* ---- the product ---- */

/* One call's rows of x, as the kernel reads them. */
struct rows {
    const unsigned char *a;
    size_t lda;            /* bytes */
    float *sa;             /* int8 */
    int32_t *za;
};

struct job {
    const vs_linear *L;
    struct rows x;
    size_t n;              /* rows of y */
    size_t block;          /* rows of a block, a multiple of mr */
    float *y;
};

/* Panels [lo, hi) of the product, every row. */
static void run_panels(void *ctx, size_t lo, size_t hi)
{
    const struct job *j = ctx;
    const vs_linear *L = j->L;
    const vs_gemm_kernel *K = L->kernel;
    size_t eb = elem_bytes(L->prec), kb = K->kblock ? K->kblock : L->kpad, k0, r0, p, r;
    vs_tile t;

    if (K->begin != NULL)
        K->begin();
    memset(&t, 0, sizeof t);
    t.lda = j->x.lda;
    t.ldc = L->out;
    /* slices of the depth (f32), each added to what the ones before left */
    for (k0 = 0; k0 < L->kpad; k0 += kb) {
        t.depth = L->kpad - k0 < kb ? L->kpad - k0 : kb;
        t.accumulate = k0 > 0;
        for (r0 = 0; r0 < j->n; r0 += j->block) {
            size_t r1 = r0 + j->block < j->n ? r0 + j->block : j->n;
            for (p = lo; p < hi; p++) {
                t.b = (const unsigned char *)L->w + (p * L->kpad + k0) * PANEL * eb;
                t.cols = L->out - p * PANEL < PANEL ? L->out - p * PANEL : PANEL;
                t.sw = L->scale ? L->scale + p * PANEL : NULL;
                t.colsum = L->colsum ? L->colsum + p * PANEL : NULL;
                for (r = r0; r < r1; r += K->mr) {
                    /* the last tile of a panel brings the next one's in */
                    t.next = r + K->mr >= r1 && p + 1 < hi ? t.b + L->kpad * PANEL * eb : t.b;
                    t.a = K->interleaved ? j->x.a + ((r / K->mr) * L->kpad + k0) * K->mr * eb
                                         : j->x.a + r * t.lda + k0 * eb;
                    t.rows = r1 - r < K->mr ? r1 - r : K->mr;
                    t.c = j->y + r * L->out + p * PANEL;
                    t.sa = j->x.sa ? j->x.sa + r : NULL;
                    t.za = j->x.za ? j->x.za + r : NULL;
                    K->tile(&t);
                }
            }
        }
    }
    if (K->end != NULL)
        K->end();
}

/* a = x (n, in) as tiles of mr rows, each [in][mr]; a has room for the
 * rows of the last tile, zeroed. */
static void interleave(const float *x, size_t n, size_t in, size_t mr, float *a)
{
    size_t t, k, r;

    for (t = 0; t * mr < n; t++) {
        size_t rows = n - t * mr < mr ? n - t * mr : mr;
        float *d = a + t * in * mr;
        for (k = 0; k < in; k++) {
            for (r = 0; r < rows; r++)
                d[k * mr + r] = x[(t * mr + r) * in + k];
            for (; r < mr; r++)
                d[k * mr + r] = 0.0f;
        }
    }
}

void vs_linear_apply(const vs_linear *L, const float *x, size_t n, float *y)
{
    const vs_gemm_kernel *K = L->kernel;
    size_t panels = (L->out + PANEL - 1) / PANEL, i, rows;
    unsigned char *buf = NULL;
    struct job j;
    int threads = vs_blas_threads_get();

    if (n == 0 || L->out == 0)
        return;
    memset(&j, 0, sizeof j);
    j.L = L;
    j.n = n;
    j.y = y;
    rows = K->pad_rows ? round_up(n, K->mr) : n;
    /* a (rows, kpad): x converted, zero-padded, its rows an odd number of
     * cache lines apart: rows a power of two apart (3072 floats) would
     * fall in the same few sets of L1, which a tile reads 12 of at once */
    j.x.lda = round_up(L->kpad * elem_bytes(L->prec), 64);
    if (j.x.lda / 64 % 2 == 0)
        j.x.lda += 64;
    if (posix_memalign((void **)&buf, 64, rows * j.x.lda) != 0)
        buf = xmallocarray(rows, j.x.lda);   /* reports the size and exits */
    j.x.a = buf;
    /* what the kernels read past x: the depth's padding, the padding rows */
    if (!K->interleaved) {
        size_t used = L->in * elem_bytes(L->prec), read = L->kpad * elem_bytes(L->prec);
        for (i = 0; i < n && read > used; i++)
            memset(buf + i * j.x.lda + used, 0, read - used);
        memset(buf + n * j.x.lda, 0, (rows - n) * j.x.lda);
    }
    switch (L->prec) {
    case VS_PREC_F32:
        if (K->interleaved)
            interleave(x, n, L->in, K->mr, (float *)(void *)buf);
        else
            for (i = 0; i < n; i++)
                memcpy(buf + i * j.x.lda, x + i * L->in, L->in * sizeof(float));
        break;
    case VS_PREC_BF16:
        for (i = 0; i < n; i++)
            vs_gemm_to_bf16(x + i * L->in, L->in, (uint16_t *)(void *)(buf + i * j.x.lda));
        break;
    case VS_PREC_INT8:
        j.x.sa = xcalloc(rows, sizeof(float));
        j.x.za = xcalloc(rows, sizeof(int32_t));
        for (i = 0; i < n; i++)
            vs_gemm_quantize(x + i * L->in, L->in, K->qmax, buf + i * j.x.lda, &j.x.sa[i],
                             &j.x.za[i]);
        break;
    }
    j.block = BLOCK_BYTES / (K->kblock ? K->kblock * elem_bytes(L->prec) : j.x.lda) / K->mr * K->mr;
    if (j.block < K->mr)
        j.block = K->mr;
    if (threads > 1 && panels > 1 && (double)n * L->in * L->out >= PARALLEL_MIN)
        vs_parallel_for(threads, panels, run_panels, &j);
    else
        run_panels(&j, 0, panels);
    free(buf);
    free(j.x.sa);
    free(j.x.za);
}
