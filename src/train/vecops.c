/*
 * vecops.c - see vecops.h. Four floats at a time through GCC's vector
 * extension (one SSE register on x86-64, NEON on ARM), the rest one by one.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../xalloc.h"
#include "vecops.h"

typedef float v4 __attribute__((vector_size(16)));

static inline v4 load4(const float *p)
{
    v4 v;

    memcpy(&v, p, sizeof v);
    return v;
}

static inline void store4(float *p, v4 v)
{
    memcpy(p, &v, sizeof v);
}

float vs_k_dot(const float *x, const float *y, size_t n)
{
    v4 a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};
    size_t i = 0;
    float s;

    /* four running sums, so the additions do not wait on each other */
    for (; i + 16 <= n; i += 16) {
        a0 += load4(x + i) * load4(y + i);
        a1 += load4(x + i + 4) * load4(y + i + 4);
        a2 += load4(x + i + 8) * load4(y + i + 8);
        a3 += load4(x + i + 12) * load4(y + i + 12);
    }
    for (; i + 4 <= n; i += 4)
        a0 += load4(x + i) * load4(y + i);
    a0 = (a0 + a1) + (a2 + a3);
    s = (a0[0] + a0[1]) + (a0[2] + a0[3]);
    for (; i < n; i++)
        s += x[i] * y[i];
    return s;
}

void vs_k_axpy(float a, const float *x, float *y, size_t n)
{
    v4 av = {a, a, a, a};
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        store4(y + i, load4(y + i) + av * load4(x + i));
        store4(y + i + 4, load4(y + i + 4) + av * load4(x + i + 4));
    }
    for (; i + 4 <= n; i += 4)
        store4(y + i, load4(y + i) + av * load4(x + i));
    for (; i < n; i++)
        y[i] += a * x[i];
}

void vs_k_scale(float a, float *x, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        x[i] *= a;
}

float *vs_k_alloc(size_t n)
{
    void *p = NULL;
    size_t bytes = (n > 0 ? n : 1) * sizeof(float);

    if (bytes / sizeof(float) != (n > 0 ? n : 1) || posix_memalign(&p, 64, bytes) != 0)
        return xmalloc(bytes); /* xmalloc reports the size and exits */
    return p;
}
