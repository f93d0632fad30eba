/*
 * progress.h - progress reports and cancellation for long work.
 *
 * Long work (loading, evaluation, t-SNE, training) calls vs_progress_step now
 * and then. It forwards the fraction done to whoever is watching (a bar on
 * stderr, the TUI's status line) and tells the worker to stop when the user
 * has pressed Ctrl-C: the SIGINT handler only sets vs_interrupted.
 */
#ifndef VS_PROGRESS_H
#define VS_PROGRESS_H

#include <signal.h>

#include "error.h"

typedef struct vs_progress {
    /* what: a short label ("loading glove.txt"); fraction in [0, 1];
     * fraction < 0 means the work is over (clear the bar). */
    void (*report)(void *ud, const char *what, double fraction);
    void *ud;
} vs_progress;

extern volatile sig_atomic_t vs_interrupted;

/* Reports progress (p may be NULL). Returns -1 with "interrupted" in err when
 * the user asked to cancel; the caller then undoes its work and returns -1. */
int vs_progress_step(const vs_progress *p, const char *what, double fraction,
                     vs_error *err);

/* Clears the bar (p may be NULL). */
void vs_progress_done(const vs_progress *p);

/* Seconds on a monotonic clock, for the rates and times left that long
 * work puts in its progress labels. */
double vs_progress_now(void);

#endif
