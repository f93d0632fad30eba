/*
 * parallel.c - the plugins' one parallel loop (parallel.h): a range cut into
 * as many contiguous chunks as threads, each chunk on its own thread.
 */
#include <pthread.h>
#include <stddef.h>

#include "common/parallel.h"

struct chunk {
    vsp_task fn;
    void *ctx;
    size_t lo, hi;
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
    pthread_t tid[VSP_MAX_THREADS];
    int started[VSP_MAX_THREADS], t;
    size_t per;

    if (nthreads <= 1 || n < 2) {
        fn(ctx, 0, n);
        return;
    }
    per = (n + (size_t)nthreads - 1) / (size_t)nthreads;
    for (t = 0; t < nthreads; t++) {
        ch[t].fn = fn;
        ch[t].ctx = ctx;
        ch[t].lo = (size_t)t * per < n ? (size_t)t * per : n;
        ch[t].hi = ch[t].lo + per < n ? ch[t].lo + per : n;
        started[t] = 0;
    }
    for (t = 1; t < nthreads; t++)
        if (ch[t].lo < ch[t].hi)
            started[t] = pthread_create(&tid[t], NULL, chunk_main, &ch[t]) == 0;
    fn(ctx, ch[0].lo, ch[0].hi);
    for (t = 1; t < nthreads; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else if (ch[t].lo < ch[t].hi)
            fn(ctx, ch[t].lo, ch[t].hi);  /* no thread: do it here */
    }
}
