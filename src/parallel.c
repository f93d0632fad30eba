/*
 * parallel.c - see parallel.h. One thread per worker, started for the call
 * and joined before it returns: the fan-outs here last from milliseconds
 * (a scan between two products) to hours (training), so a pool kept alive
 * between calls would buy nothing but threads idling beside OpenBLAS's.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "parallel.h"
#include "xalloc.h"

/* What the workers of one run share: the work, and the count of workers
 * that have returned, which the watching thread waits on. */
struct run {
    vs_parallel_worker fn;
    void *ctx;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int finished;
};

struct slot {
    struct run *run;
    int t;
    int started;
    pthread_t tid;
};

static void *slot_main(void *arg)
{
    struct slot *s = arg;
    struct run *r = s->run;

    r->fn(r->ctx, s->t);
    pthread_mutex_lock(&r->mu);
    r->finished++;
    pthread_cond_signal(&r->cv);
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* Calls w->fn at once and then every w->every_ms, or sooner when a worker
 * returns, until the started workers have all returned or w->fn asks to
 * stop. Returns 0, or -1 when stopped. */
static int watch_workers(struct run *r, int started, const vs_parallel_watch *w, vs_error *err)
{
    int done;

    /* the watch runs first, whatever the workers have done by then: work
     * shorter than every_ms still sees a stop asked for before it */
    for (;;) {
        struct timespec until;
        if (w->fn(w->ud, err) != 0) {
            atomic_store(w->stop, 1);
            return -1;
        }
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += w->every_ms / 1000;
        until.tv_nsec += (long)(w->every_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_mutex_lock(&r->mu);
        if (r->finished < started)
            pthread_cond_timedwait(&r->cv, &r->mu, &until);
        done = r->finished >= started;
        pthread_mutex_unlock(&r->mu);
        if (done)
            return 0;
    }
}

int vs_parallel_run(int nthreads, vs_parallel_worker fn, void *ctx,
                    const vs_parallel_watch *watch, vs_error *err)
{
    int n = nthreads < 1 ? 1 : nthreads, first = watch != NULL ? 0 : 1, started = 0, t, rc = 0;
    struct slot *slots;
    struct run r;

    if (n == 1 && watch == NULL) {
        fn(ctx, 0);
        return 0;
    }
    slots = xcalloc((size_t)n, sizeof *slots);
    r.fn = fn;
    r.ctx = ctx;
    r.finished = 0;
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.cv, NULL);
    for (t = first; t < n; t++) {
        slots[t].run = &r;
        slots[t].t = t;
        slots[t].started = pthread_create(&slots[t].tid, NULL, slot_main, &slots[t]) == 0;
        started += slots[t].started;
    }
    if (watch == NULL)
        fn(ctx, 0);
    else
        rc = watch_workers(&r, started, watch, err);
    for (t = first; t < n; t++)
        if (slots[t].started)
            pthread_join(slots[t].tid, NULL);
    /* workers whose thread could not start: here, now that the others are
     * done (after a stop they find the flag set and return) */
    for (t = first; t < n; t++)
        if (!slots[t].started)
            fn(ctx, t);
    pthread_mutex_destroy(&r.mu);
    pthread_cond_destroy(&r.cv);
    free(slots);
    return rc;
}

/* A vs_parallel_for loop as workers: worker t takes range t. */
struct ranges {
    vs_parallel_fn fn;
    void *ctx;
    size_t n, per;
};

static void range_worker(void *arg, int t)
{
    const struct ranges *r = arg;
    size_t lo = (size_t)t * r->per, hi = lo + r->per;

    if (hi > r->n)
        hi = r->n;
    if (lo < hi)
        r->fn(r->ctx, lo, hi);
}

void vs_parallel_for(int nthreads, size_t n, vs_parallel_fn fn, void *ctx)
{
    struct ranges r;

    if (nthreads <= 1 || n < 2) {
        fn(ctx, 0, n);
        return;
    }
    r.fn = fn;
    r.ctx = ctx;
    r.n = n;
    r.per = (n + (size_t)nthreads - 1) / (size_t)nthreads;
    /* no thread for an empty range: ceil(n / per) ranges hold all n */
    vs_parallel_run((int)((n + r.per - 1) / r.per), range_worker, &r, NULL, NULL);
}

void vs_parallel_queue_init(vs_parallel_queue *q, size_t n)
{
    atomic_init(&q->next, 0);
    q->n = n;
}

int vs_parallel_take(vs_parallel_queue *q, size_t *piece)
{
    size_t i = atomic_fetch_add_explicit(&q->next, 1, memory_order_relaxed);

    if (i >= q->n)
        return 0;
    *piece = i;
    return 1;
}
