/*
 * random.h - the one pseudo-random generator of the library: splitmix64
 * (Steele, Lea & Flood 2014), fast, with a good stream from every seed, so
 * a seed given by the user reproduces a run. Training (word vectors) and
 * the probes' train/test split draw from it.
 */
#ifndef VS_RANDOM_H
#define VS_RANDOM_H

#include <stdint.h>

/* The next 64 random bits of the stream whose state is *s. */
static inline uint64_t vs_random_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A uniform integer in [0, n) from the high 32 bits of r (Lemire's
 * multiply-shift, without a division). */
static inline uint32_t vs_random_below(uint64_t r, uint32_t n)
{
    return (uint32_t)(((r >> 32) * (uint64_t)n) >> 32);
}

#endif
