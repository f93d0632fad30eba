/*
 * parallel.h - the one parallel loop of the projection plugins: a range cut
 * into as many contiguous chunks as threads, the chunks fixed by the range
 * and the thread count alone, so that results never depend on scheduling.
 *
 * plugins/common/ holds what several plugins share (this loop, the exact k
 * nearest neighbours of knn.h). Plugins link no host code, so each plugin
 * that needs these files compiles them in; every name is hidden, nothing
 * here is exported from a plugin.
 */
#ifndef VSP_PARALLEL_H
#define VSP_PARALLEL_H

#include <stddef.h>

#define VSP_HIDDEN __attribute__((visibility("hidden")))

#define VSP_MAX_THREADS 64

/* fn(ctx, lo, hi) over [0, n) cut into nthreads contiguous chunks, the first
 * run by the calling thread. The chunks depend on n and nthreads only, and
 * every task writes per-item outputs, so the results never depend on
 * scheduling. */
typedef void (*vsp_task)(void *ctx, size_t lo, size_t hi);
VSP_HIDDEN void vsp_parallel(int nthreads, size_t n, vsp_task fn, void *ctx);

#endif
