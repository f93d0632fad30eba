/*
 * random.h - the plugins' random numbers, all drawn from splitmix64
 * (Steele, Lea & Flood 2014): one 64-bit state a stream, seeded by the
 * user's seed, so a map depends on the seed alone. Inline functions only.
 */
#ifndef VSP_RANDOM_H
#define VSP_RANDOM_H

#include <math.h>
#include <stdint.h>

/* The next 64 random bits of the stream *s. */
static inline uint64_t vsp_splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform on [0, 1), 53 bits. */
static inline double vsp_uniform01(uint64_t *s)
{
    return (double)(vsp_splitmix64(s) >> 11) / 9007199254740992.0;
}

/* A standard normal draw (Box-Muller, one of the pair). */
static inline double vsp_normal(uint64_t *s)
{
    double u1 = ((double)(vsp_splitmix64(s) >> 11) + 1.0) / 9007199254740993.0;  /* (0, 1] */
    double u2 = vsp_uniform01(s);

    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

#endif
