/*
 * threads.c - see threads.h.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "../xalloc.h"
#include "threads.h"

/* Workers that have returned, and the signal that one has. */
struct done {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int finished;
};

struct run {
    void *(*fn)(void *);
    void *arg;
    struct done *done;
    pthread_t thread;
    int started;
};

static void *trampoline(void *p)
{
    struct run *r = p;

    r->fn(r->arg);
    pthread_mutex_lock(&r->done->mu);
    r->done->finished++;
    pthread_cond_signal(&r->done->cv);
    pthread_mutex_unlock(&r->done->mu);
    return NULL;
}

double vs_train_now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int vs_train_threads(int n, void *(*fn)(void *), void *args, size_t arg_size,
                     int (*watch)(void *ud, vs_error *err), void *ud,
                     volatile int *stop, vs_error *err)
{
    struct run *runs = xcalloc((size_t)n, sizeof *runs);
    struct done done;
    int started = 0, t, rc = 0;

    pthread_mutex_init(&done.mu, NULL);
    pthread_cond_init(&done.cv, NULL);
    done.finished = 0;

    for (t = 0; t < n; t++) {
        runs[t].fn = fn;
        runs[t].arg = (char *)args + (size_t)t * arg_size;
        runs[t].done = &done;
        if (pthread_create(&runs[t].thread, NULL, trampoline, &runs[t]) != 0) {
            *stop = 1;
            rc = vs_fail(err, "cannot start training thread %d of %d", t + 1, n);
            break;
        }
        runs[t].started = 1;
        started++;
    }
    /* report, then sleep 0.2 s or until a worker returns */
    pthread_mutex_lock(&done.mu);
    while (rc == 0 && done.finished < started) {
        struct timespec until;
        pthread_mutex_unlock(&done.mu);
        if (watch(ud, err) != 0) {
            *stop = 1;
            rc = -1;
            pthread_mutex_lock(&done.mu);
            break;
        }
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 200000000;
        if (until.tv_nsec >= 1000000000) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000;
        }
        pthread_mutex_lock(&done.mu);
        if (done.finished < started)
            pthread_cond_timedwait(&done.cv, &done.mu, &until);
    }
    pthread_mutex_unlock(&done.mu);
    for (t = 0; t < n; t++)
        if (runs[t].started)
            pthread_join(runs[t].thread, NULL);
    free(runs);
    pthread_mutex_destroy(&done.mu);
    pthread_cond_destroy(&done.cv);
    return rc;
}
