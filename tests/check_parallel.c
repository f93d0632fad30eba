/*
 * check_parallel.c - the one parallel-for (src/parallel.c): the ranges of a
 * loop (fixed by n and the thread count, none empty, every item once, the
 * first on the calling thread), workers under a watch that stops them, and
 * the queue that hands out pieces in order.
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check_suites.h"
#include "error.h"
#include "parallel.h"
#include "xalloc.h"

/* What a loop saw: each range, and how often each item was visited. */
struct seen {
    pthread_mutex_t mu;
    size_t nranges, lo[256], hi[256];
    pthread_t who[256];
    atomic_int *visits;
};

static void record(void *arg, size_t lo, size_t hi)
{
    struct seen *s = arg;
    size_t i;

    pthread_mutex_lock(&s->mu);
    ck_assert_uint_lt(s->nranges, 256);
    s->lo[s->nranges] = lo;
    s->hi[s->nranges] = hi;
    s->who[s->nranges] = pthread_self();
    s->nranges++;
    pthread_mutex_unlock(&s->mu);
    for (i = lo; i < hi; i++)
        atomic_fetch_add(&s->visits[i], 1);
}

START_TEST(test_for_ranges)
{
    static const size_t ns[] = {0, 1, 2, 3, 7, 9, 64, 1000, 1001};
    static const int ts[] = {0, 1, 2, 3, 4, 8, 64, 100};
    size_t a, b, i, r;

    for (a = 0; a < sizeof ns / sizeof *ns; a++) {
        for (b = 0; b < sizeof ts / sizeof *ts; b++) {
            size_t n = ns[a], per, want;
            int t = ts[b];
            struct seen s;
            memset(&s, 0, sizeof s);
            pthread_mutex_init(&s.mu, NULL);
            s.visits = xcalloc(n + 1, sizeof *s.visits);
            vs_parallel_for(t, n, record, &s);
            for (i = 0; i < n; i++)
                ck_assert_msg(s.visits[i] == 1, "n %zu, %d threads: item %zu visited %d times",
                              n, t, i, (int)s.visits[i]);
            if (t <= 1 || n < 2) {
                /* one call on the calling thread, even for nothing */
                ck_assert_uint_eq(s.nranges, 1);
                ck_assert_uint_eq(s.lo[0], 0);
                ck_assert_uint_eq(s.hi[0], n);
                ck_assert(pthread_equal(s.who[0], pthread_self()));
            } else {
                per = (n + (size_t)t - 1) / (size_t)t;
                want = (n + per - 1) / per;
                ck_assert_uint_eq(s.nranges, want);
                for (r = 0; r < s.nranges; r++) {
                    size_t k = s.lo[r] / per;
                    /* range k is [k per, min((k + 1) per, n)), never empty */
                    ck_assert_uint_eq(s.lo[r], k * per);
                    ck_assert_uint_eq(s.hi[r], (k + 1) * per < n ? (k + 1) * per : n);
                    ck_assert_uint_lt(s.lo[r], s.hi[r]);
                    /* the first range on the calling thread, the others not */
                    ck_assert_int_eq(pthread_equal(s.who[r], pthread_self()) != 0, k == 0);
                }
            }
            free(s.visits);
            pthread_mutex_destroy(&s.mu);
        }
    }
}
END_TEST

/* Workers that run until told to stop; a watch that stops them on its
 * third call. */
struct watched {
    atomic_int stop;
    atomic_int returned;
    atomic_int calls;
    atomic_int ran[8];
    pthread_t caller;
    atomic_int on_caller;
};

static void watched_init(struct watched *w)
{
    memset(w, 0, sizeof *w);
    w->caller = pthread_self();
}

/* Notes that worker t runs, and whether on the calling thread. */
static void note_run(struct watched *w, int t)
{
    atomic_fetch_add(&w->ran[t], 1);
    if (pthread_equal(pthread_self(), w->caller))
        atomic_fetch_add(&w->on_caller, 1);
}

static void spin_worker(void *arg, int t)
{
    struct watched *w = arg;
    struct timespec ms = {0, 1000000};

    note_run(w, t);
    while (!atomic_load(&w->stop))
        nanosleep(&ms, NULL);
    atomic_fetch_add(&w->returned, 1);
}

static int stop_third(void *arg, vs_error *err)
{
    struct watched *w = arg;

    if (atomic_fetch_add(&w->calls, 1) + 1 == 3)
        return vs_fail(err, "stopped by the watch");
    return 0;
}

START_TEST(test_run_watch)
{
    struct watched w;
    vs_parallel_watch watch;
    vs_error err;
    int t;

    watched_init(&w);
    watch.fn = stop_third;
    watch.ud = &w;
    watch.every_ms = 5;
    watch.stop = &w.stop;
    vs_error_clear(&err);
    ck_assert_int_eq(vs_parallel_run(4, spin_worker, &w, &watch, &err), -1);
    ck_assert_str_eq(err.msg, "stopped by the watch");
    ck_assert_int_eq(atomic_load(&w.stop), 1);
    ck_assert_int_eq(atomic_load(&w.calls), 3);     /* not called after the stop */
    ck_assert_int_eq(atomic_load(&w.returned), 4);  /* every worker joined */
    ck_assert_int_eq(atomic_load(&w.on_caller), 0); /* the caller only watched */
    for (t = 0; t < 4; t++)
        ck_assert_int_eq(atomic_load(&w.ran[t]), 1);
}
END_TEST

static void quick_worker(void *arg, int t)
{
    struct watched *w = arg;

    note_run(w, t);
    atomic_fetch_add(&w->returned, 1);
}

static int count_calls(void *arg, vs_error *err)
{
    struct watched *w = arg;

    (void)err;
    atomic_fetch_add(&w->calls, 1);
    return 0;
}

START_TEST(test_run_plain)
{
    struct watched w;
    vs_parallel_watch watch;
    vs_error err;
    int t;

    /* without a watch: worker 0 on the calling thread */
    watched_init(&w);
    ck_assert_int_eq(vs_parallel_run(3, quick_worker, &w, NULL, &err), 0);
    ck_assert_int_eq(atomic_load(&w.returned), 3);
    ck_assert_int_eq(atomic_load(&w.on_caller), 1);
    for (t = 0; t < 3; t++)
        ck_assert_int_eq(atomic_load(&w.ran[t]), 1);

    /* with one: the watch is called at once, however short the work (a
     * training epoch shorter than every_ms still sees Ctrl-C) */
    watched_init(&w);
    watch.fn = count_calls;
    watch.ud = &w;
    watch.every_ms = 60000;
    watch.stop = &w.stop;
    ck_assert_int_eq(vs_parallel_run(1, quick_worker, &w, &watch, &err), 0);
    ck_assert_int_eq(atomic_load(&w.on_caller), 0);
    ck_assert_int_eq(atomic_load(&w.ran[0]), 1);
    ck_assert_int_ge(atomic_load(&w.calls), 1);
    ck_assert_int_eq(atomic_load(&w.stop), 0);
}
END_TEST

struct taker {
    vs_parallel_queue q;
    atomic_int taken[1000];
    size_t order[8][1000], norder[8];
};

static void take_all(void *arg, int t)
{
    struct taker *k = arg;
    size_t i;

    while (vs_parallel_take(&k->q, &i)) {
        atomic_fetch_add(&k->taken[i], 1);
        k->order[t][k->norder[t]++] = i;
    }
}

START_TEST(test_queue)
{
    struct taker *k = xcalloc(1, sizeof *k);
    size_t i, t, p;

    /* one taker: 0, 1, 2, ... then nothing */
    vs_parallel_queue_init(&k->q, 5);
    for (i = 0; i < 5; i++) {
        ck_assert_int_eq(vs_parallel_take(&k->q, &p), 1);
        ck_assert_uint_eq(p, i);
    }
    ck_assert_int_eq(vs_parallel_take(&k->q, &p), 0);
    ck_assert_int_eq(vs_parallel_take(&k->q, &p), 0);

    /* eight: each piece once, and each worker's pieces in increasing order */
    vs_parallel_queue_init(&k->q, 1000);
    vs_parallel_run(8, take_all, k, NULL, NULL);
    for (i = 0; i < 1000; i++)
        ck_assert_int_eq(atomic_load(&k->taken[i]), 1);
    for (t = 0; t < 8; t++)
        for (i = 1; i < k->norder[t]; i++)
            ck_assert_uint_lt(k->order[t][i - 1], k->order[t][i]);
    free(k);
}
END_TEST

Suite *suite_parallel(void)
{
    Suite *s = suite_create("parallel");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_for_ranges);
    tcase_add_test(tc, test_run_watch);
    tcase_add_test(tc, test_run_plain);
    tcase_add_test(tc, test_queue);
    suite_add_tcase(s, tc);
    return s;
}
