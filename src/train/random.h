/*
 * random.h - the random numbers of training: splitmix64, a fast generator
 * whose every seed gives a good stream. Each training thread keeps its own
 * state, so a run with one thread and a --seed is the same every time.
 * Inline: word2vec draws one per negative sample.
 */
#ifndef VS_TRAIN_RANDOM_H
#define VS_TRAIN_RANDOM_H

#include <stdint.h>

/* The next 64 random bits from state *s. */
static inline uint64_t vs_train_random(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

#endif
