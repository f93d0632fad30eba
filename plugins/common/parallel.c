/*
 * parallel.c - the plugins' one parallel loop (parallel.h): a range cut into
 * as many contiguous chunks as threads, the chunks fixed by the range and
 * the thread count alone, so that results never depend on scheduling.
 *
 * It has the shape of the host's vs_parallel_for (src/parallel.c): the
 * same arguments, the same chunks (ceil(n / nthreads) items, no thread for
 * an empty one), the first chunk on the calling thread, and a chunk whose
 * thread cannot start run there once the others are done. A plugin links no
 * host code, so the plugins keep their own copy.
 */
#include <pthread.h>
#include <stddef.h>

#include "common/parallel.h"

struct chunk {
    vsp_task fn;
    void *ctx;
    size_t lo, hi;
    int started;
    pthread_t tid;
};

static void *chunk_main(void *arg)
{
    struct chunk *c = arg;

    c->fn(c->ctx, c->lo, c->hi);
    return NULL;
}

void vsp_parallel(int nthreads, size_t n, vsp_task fn, void *ctx)
{
    struct chunk ch[VSP_MAX_THREADS];
    size_t per;
    int t, nt;

    if (nthreads > VSP_MAX_THREADS)
        nthreads = VSP_MAX_THREADS;
    if (nthreads <= 1 || n < 2) {
        fn(ctx, 0, n);
        return;
    }
    per = (n + (size_t)nthreads - 1) / (size_t)nthreads;
    nt = (int)((n + per - 1) / per);  /* no thread for an empty chunk */
    for (t = 0; t < nt; t++) {
        ch[t].fn = fn;
        ch[t].ctx = ctx;
        ch[t].lo = (size_t)t * per;
        ch[t].hi = ch[t].lo + per < n ? ch[t].lo + per : n;
        ch[t].started =
            t > 0 && pthread_create(&ch[t].tid, NULL, chunk_main, &ch[t]) == 0;
    }
    fn(ctx, ch[0].lo, ch[0].hi);
    for (t = 1; t < nt; t++)
        if (ch[t].started)
            pthread_join(ch[t].tid, NULL);
    for (t = 1; t < nt; t++)
        if (!ch[t].started)
            fn(ctx, ch[t].lo, ch[t].hi);  /* no thread: do it here */
}
