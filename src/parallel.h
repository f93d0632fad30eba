/*
 * parallel.h - the library's one way of running work on several threads.
 *
 * Two shapes on one mechanism, and a queue:
 *   vs_parallel_for  a short loop: [0, n) cut into nthreads contiguous
 *                    ranges, the calling thread doing the first (eval's
 *                    scans between two products, fastText's word vectors).
 *   vs_parallel_run  long work (training, the text loader): nthreads workers
 *                    while the calling thread watches, reporting progress
 *                    and turning an interrupt into a stop flag that the
 *                    workers poll. Progress callbacks belong to the calling
 *                    thread (the front end draws there), so workers never
 *                    call them.
 *   vs_parallel_take pieces 0, 1, 2, ... handed out in order to whichever
 *                    worker asks first (word2vec's pieces of corpus, the
 *                    text loader's chunks).
 *
 * The ranges depend on n and nthreads alone, never on timing: a loop whose
 * ranges write disjoint results gives the same bytes at any thread count.
 *
 * OpenBLAS has its own pool, one thread per core (DESIGN.md): a worker
 * never calls BLAS, and workers never run during a BLAS call; fan out
 * between two products, not around one. A worker whose thread cannot be
 * started runs on the calling thread once the others are done, so the work
 * is always done.
 */
#ifndef VS_PARALLEL_H
#define VS_PARALLEL_H

#include <stdatomic.h>
#include <stddef.h>

#include "error.h"

/* Items [lo, hi) of a vs_parallel_for loop. */
typedef void (*vs_parallel_fn)(void *ctx, size_t lo, size_t hi);

/* Worker t (0 .. nthreads-1) of a vs_parallel_run: t picks its share or its
 * own scratch, seed, partial sum. */
typedef void (*vs_parallel_worker)(void *ctx, int t);

/* fn(ctx, lo, hi) over [0, n) in nthreads ranges of ceil(n / nthreads)
 * items (the last shorter, none empty); returns when all are done. With
 * nthreads <= 1 or n < 2 it is fn(ctx, 0, n) on the calling thread. */
void vs_parallel_for(int nthreads, size_t n, vs_parallel_fn fn, void *ctx);

/* The calling thread's part in a vs_parallel_run: watch(ud, err) every
 * every_ms milliseconds (the first call at once) while a worker runs; when
 * it returns nonzero (err set), *stop becomes 1 and it is not called
 * again. */
typedef struct vs_parallel_watch {
    int (*fn)(void *ud, vs_error *err);
    void *ud;
    unsigned every_ms;
    atomic_int *stop;     /* the flag the workers poll */
} vs_parallel_watch;

/* fn(ctx, t) for t in [0, nthreads), each on its own thread while the
 * calling thread runs watch; without a watch (NULL) worker 0 runs on the
 * calling thread. Returns 0 when every worker has returned, -1 when the
 * watch stopped them (its message in err). */
int vs_parallel_run(int nthreads, vs_parallel_worker fn, void *ctx,
                    const vs_parallel_watch *watch, vs_error *err);

/* Pieces [0, n) handed out in order. */
typedef struct vs_parallel_queue {
    atomic_size_t next;
    size_t n;
} vs_parallel_queue;

void vs_parallel_queue_init(vs_parallel_queue *q, size_t n);

/* The next piece into *piece: 1, or 0 when all have been taken. */
int vs_parallel_take(vs_parallel_queue *q, size_t *piece);

#endif
