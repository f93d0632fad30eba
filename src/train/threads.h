/*
 * threads.h - running training workers while the calling thread watches.
 *
 * Progress callbacks and the Ctrl-C flag belong to the calling thread (the
 * front end draws the bar there), so workers never call them: they only
 * bump counters and look at *stop. The calling thread wakes every 0.2 s,
 * reports, and turns an interrupt into *stop.
 */
#ifndef VS_TRAIN_THREADS_H
#define VS_TRAIN_THREADS_H

#include <stddef.h>

#include "../error.h"

/* Runs fn(args + t * arg_size) on n threads. Meanwhile calls watch(ud, err)
 * every 0.2 s; when it returns -1 (err set), sets *stop, waits for the
 * workers and returns -1. Returns 0 when every worker has returned. */
int vs_train_threads(int n, void *(*fn)(void *), void *args, size_t arg_size,
                     int (*watch)(void *ud, vs_error *err), void *ud,
                     volatile int *stop, vs_error *err);

/* Seconds on a monotonic clock. */
double vs_train_now(void);

#endif
