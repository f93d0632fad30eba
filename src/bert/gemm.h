/*
 * gemm.h - the tile kernels behind vs_linear (linear.h): each computes one
 * tile of y = x W^T, up to mr rows of x by one panel of VS_LINEAR_PANEL
 * (32) output channels, over the whole depth. linear.c packs the panels,
 * converts the rows of x, and walks the tiles; this file only multiplies.
 *
 * Panel layouts (k the input index, j the channel in the panel, 0..31):
 *   f32   float   [k][j]                    depth = in
 *   bf16  uint16  [k/2][j][k%2]             depth = in rounded up to kstep
 *   int8  int8    [k/4][j][k%4]             depth = in rounded up to kstep
 * so that one 64-byte row of a panel holds 16 channels by 1, 2 or 4 inputs:
 * what one vfmadd, vdpbf16ps or vpdpbusd takes, and (with a row stride of
 * 128 bytes) what an AMX tile of B is. The rows of x come as float32 (f32),
 * as bfloat16 bits (bf16), or as unsigned 8-bit values with a scale and a
 * zero point per row (int8), lda bytes apart, the depth zero-padded.
 */
#ifndef VS_BERT_GEMM_H
#define VS_BERT_GEMM_H

#include <stddef.h>
#include <stdint.h>

#include "linear.h"

typedef struct vs_tile {
    const unsigned char *a;  /* the tile's first row of x (interleaved: its
                                first step) */
    size_t lda;              /* bytes from one row of x to the next */
    size_t rows;             /* rows to compute and store, 1..mr */
    const unsigned char *b;  /* the panel */
    const unsigned char *next;  /* what the kernel may prefetch into L2 as
                                   it goes, depth x 128 bytes: the next
                                   panel, or b */
    size_t depth;            /* the panel's depth (kpad) */
    float *c;                /* y at the tile's first row and channel */
    size_t ldc;              /* floats from one row of y to the next */
    size_t cols;             /* channels to store, 1..32 */
    int accumulate;          /* f32: add the sums to y instead of storing */
    /* int8: y = (acc - za[r] colsum[j]) sa[r] sw[j] */
    const float *sa;         /* the tile's rows' scales */
    const int32_t *za;       /* and zero points */
    const float *sw;         /* the panel's channels' scales */
    const int32_t *colsum;   /* and sums of 8-bit weights */
} vs_tile;

typedef struct vs_gemm_kernel {
    const char *name;        /* what `info` shows */
    enum vs_precision prec;
    int tier;                /* 3 amx, 2 avx512, 1 avx2, 0 portable */
    size_t mr;               /* rows of a tile */
    size_t kstep;            /* the depth is a multiple of this */
    size_t kblock;           /* f32: the depth a tile takes at a time (its
                                slice of a panel stays in L2; 768 floats,
                                bert-base's hidden size, measured best), or
                                0: all */
    int qmax;                /* int8: activations in 0..qmax */
    int pad_rows;            /* reads mr rows of x whatever rows is: the
                                rows of x are padded to a multiple of mr */
    int interleaved;         /* f32: x comes as tiles of mr rows, each
                                [depth][mr] (the mr values of a step side by
                                side), not as rows lda bytes apart */
    int (*usable)(void);     /* the CPU (and the OS) can run it */
    void (*tile)(const vs_tile *t);
    /* Around a thread's run of tiles, or NULL: AMX loads its tile
     * configuration, and hands the tile registers back after. */
    void (*begin)(void);
    void (*end)(void);
} vs_gemm_kernel;

/* out (n) = x (n) rounded to bfloat16 (to nearest, ties to even). */
void vs_gemm_to_bf16(const float *x, size_t n, uint16_t *out);

/* q (n) = the row x (n) in 8 bits, as dynamic quantization does it:
 * x ~ (q - z) s, q in 0..qmax, the range [min(x, 0), max(x, 0)] cut into
 * qmax steps of s and 0 exactly at z. */
void vs_gemm_quantize(const float *x, size_t n, int qmax, uint8_t *q, float *s,
                      int32_t *z);

/* The kernels, best first, NULL-terminated. */
extern const vs_gemm_kernel *const vs_gemm_kernels[];

#endif
