/*
 * progress.c - see progress.h.
 */
#include "config.h"

#include <time.h>

#include "progress.h"

volatile sig_atomic_t vs_interrupted;

int vs_progress_step(const vs_progress *p, const char *what, double fraction,
                     vs_error *err)
{
    if (vs_interrupted)
        return vs_fail(err, "interrupted by Ctrl-C; nothing was changed");
    if (p != NULL && p->report != NULL)
        p->report(p->ud, what, fraction);
    return 0;
}

void vs_progress_done(const vs_progress *p)
{
    if (p != NULL && p->report != NULL)
        p->report(p->ud, "", -1.0);
}

double vs_progress_now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}
