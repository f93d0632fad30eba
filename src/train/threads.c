/*
 * threads.c - see threads.h.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "../xalloc.h"
#include "threads.h"

struct run {
    void *(*fn)(void *);
    void *arg;
    int *finished;
    pthread_t thread;
    int started;
};

static void *trampoline(void *p)
{
    struct run *r = p;

    r->fn(r->arg);
    __atomic_add_fetch(r->finished, 1, __ATOMIC_RELEASE);
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
    int finished = 0, started = 0, t, rc = 0;

    for (t = 0; t < n; t++) {
        runs[t].fn = fn;
        runs[t].arg = (char *)args + (size_t)t * arg_size;
        runs[t].finished = &finished;
        if (pthread_create(&runs[t].thread, NULL, trampoline, &runs[t]) != 0) {
            *stop = 1;
            rc = vs_fail(err, "cannot start training thread %d of %d", t + 1, n);
            break;
        }
        runs[t].started = 1;
        started++;
    }
    while (rc == 0 && __atomic_load_n(&finished, __ATOMIC_ACQUIRE) < started) {
        struct timespec nap = {0, 200000000};
        if (watch(ud, err) != 0) {
            *stop = 1;
            rc = -1;
            break;
        }
        nanosleep(&nap, NULL);
    }
    for (t = 0; t < n; t++)
        if (runs[t].started)
            pthread_join(runs[t].thread, NULL);
    free(runs);
    return rc;
}
