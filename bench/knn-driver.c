/*
 * knn-driver.c - times the plugins' two exact neighbour searches
 * (plugins/common/knn.c: brute force; vptree.c: the vantage-point tree)
 * on one raw matrix, for bench_maps.py --only knn, which picks the size at
 * which knn.c switches to the tree (VPTREE_MIN_N). Built from the
 * plugins' sources (they are internal: no plugin entry point to go through).
 *
 *   knn-driver IN K THREADS
 *
 * IN: int32 n, int32 d, then n * d float32 (bench_maps.py's raw matrix).
 * Prints "visits V of N brute S tree S same 1": V the mean distances a tree
 * query measures (64 queries), wall seconds of each search, same 1 when the
 * two answers agree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/knn.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    FILE *f;
    int hdr[2], *nb, *nt, th;
    size_t n, d, k;
    float *X;
    double *db, *dt, t0, tb, tt;

    if (argc != 4 || (f = fopen(argv[1], "rb")) == NULL) {
        fprintf(stderr, "usage: knn-driver IN K THREADS\n");
        return 2;
    }
    if (fread(hdr, sizeof hdr[0], 2, f) != 2 || hdr[0] < 2 || hdr[1] < 1) {
        fprintf(stderr, "knn-driver: %s: bad header\n", argv[1]);
        return 1;
    }
    n = (size_t)hdr[0];
    d = (size_t)hdr[1];
    k = (size_t)atol(argv[2]);
    k = k > n - 1 ? n - 1 : k;
    th = atoi(argv[3]);
    X = malloc(n * d * sizeof *X);
    nb = malloc(n * k * sizeof *nb);
    nt = malloc(n * k * sizeof *nt);
    db = malloc(n * k * sizeof *db);
    dt = malloc(n * k * sizeof *dt);
    if (!X || !nb || !nt || !db || !dt || fread(X, sizeof *X, n * d, f) != n * d) {
        fprintf(stderr, "knn-driver: %s: short file or no memory\n", argv[1]);
        return 1;
    }
    fclose(f);
    {
        struct vsp_vptree *t = vsp_vptree_new(X, n, d);
        printf("visits %.0f of %zu ", vsp_vptree_probe(t, k, 64, nb, db, nt, dt), n);
        vsp_vptree_free(t);
    }
    t0 = now();
    if (vsp_knn(X, n, d, k, VSP_KNN_BRUTE, th, NULL, nb, db) != 0)
        return 1;
    tb = now() - t0;
    t0 = now();
    if (vsp_knn(X, n, d, k, VSP_KNN_TREE, th, NULL, nt, dt) != 0)
        return 1;
    tt = now() - t0;
    printf("brute %.3f tree %.3f same %d\n", tb, tt,
           memcmp(nb, nt, n * k * sizeof *nb) == 0 && memcmp(db, dt, n * k * sizeof *db) == 0);
    return 0;
}
