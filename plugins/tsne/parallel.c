/*
 * parallel.c - the plugin's one parallel loop (tsne-internal.h): a range cut
 * into as many contiguous chunks as threads, the chunks fixed by the range
 * and the thread count alone, so that results never depend on scheduling.
 * In its own file so that the tests can build the neighbour searches, which
 * use it, without the plugin's entry point.
 */
#include <pthread.h>
#include <stddef.h>

#include "tsne-internal.h"

struct chunk {
    tsne_task fn;
    void *ctx;
    size_t lo, hi;
};

static void *chunk_main(void *arg)
{
    struct chunk *c = arg;

    c->fn(c->ctx, c->lo, c->hi);
    return NULL;
}

void tsne_parallel(int nthreads, size_t n, tsne_task fn, void *ctx)
{
    struct chunk ch[TSNE_MAX_THREADS];
    pthread_t tid[TSNE_MAX_THREADS];
    int started[TSNE_MAX_THREADS], t;
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
