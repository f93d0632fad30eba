/*
 * maps-driver.c - runs one projection plugin on a raw matrix and times it,
 * for bench_maps.py. Built by the bench (cc -O2 maps-driver.c -ldl); it
 * includes the public plugin header only, as a third-party host would.
 *
 *   maps-driver PLUGIN.so IN OUT DIMS [name=value ...]
 *
 * IN: int32 n, int32 d, then n * d float32 (row-major, little-endian).
 * OUT: n * DIMS float32. Parameters name=value are matched to the plugin's
 * by name. Prints "seconds S" (the run() call alone, wall clock), the
 * plugin's last progress label ("label ...") and each final figure the run
 * reports ("figure NAME=VALUE") on stdout.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vecscope-plugin.h"

static char last[256];

static int on_step(void *ud, const char *what, double fraction)
{
    (void)ud;
    (void)fraction;
    if (what != NULL && what[0] != '\0')
        snprintf(last, sizeof last, "%s", what);
    return 0;
}

int main(int argc, char **argv)
{
    const struct vs_projector *(*entry)(void);
    const struct vs_projector *p;
    struct vs_param_value vals[32];
    struct vs_plugin_progress prog = {on_step, NULL};
    struct timespec t0, t1;
    int n, d, dims, i, np = 0;
    float *X, *Y;
    double info[3];
    struct vs_figure figures[16];
    struct vs_plugin_result res = {info, figures, 16, 0};
    char err[512];
    FILE *f;
    void *h;

    if (argc < 5) {
        fprintf(stderr, "usage: maps-driver PLUGIN.so IN OUT DIMS [name=value ...]\n");
        return 2;
    }
    if ((h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL)) == NULL) {
        fprintf(stderr, "maps-driver: %s\n", dlerror());
        return 1;
    }
    *(void **)(&entry) = dlsym(h, VS_PLUGIN_ENTRY);
    if (entry == NULL || (p = entry()) == NULL || p->abi != VS_PLUGIN_ABI) {
        fprintf(stderr, "maps-driver: %s is not a plugin of ABI %d\n", argv[1], VS_PLUGIN_ABI);
        return 1;
    }
    dims = atoi(argv[4]);
    memset(vals, 0, sizeof vals);
    while (p->params != NULL && p->params[np].name != NULL && np < 31)
        np++;
    for (i = 5; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        int k, found = 0;
        if (eq == NULL)
            continue;
        *eq = '\0';
        for (k = 0; k < np; k++)
            if (strcmp(p->params[k].name, argv[i]) == 0) {
                vals[k].set = 1;
                vals[k].s = eq + 1;
                vals[k].i = atoll(eq + 1);
                vals[k].d = atof(eq + 1);
                found = 1;
            }
        if (!found) {
            fprintf(stderr, "maps-driver: %s has no parameter %s\n", p->name, argv[i]);
            return 1;
        }
    }
    if ((f = fopen(argv[2], "rb")) == NULL || fread(&n, 4, 1, f) != 1 ||
        fread(&d, 4, 1, f) != 1) {
        fprintf(stderr, "maps-driver: cannot read %s\n", argv[2]);
        return 1;
    }
    X = malloc((size_t)n * (size_t)d * sizeof *X);
    Y = malloc((size_t)n * (size_t)dims * sizeof *Y);
    if (X == NULL || Y == NULL || fread(X, sizeof *X, (size_t)n * (size_t)d, f) !=
                                      (size_t)n * (size_t)d) {
        fprintf(stderr, "maps-driver: %s is short\n", argv[2]);
        return 1;
    }
    fclose(f);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (p->run(X, (size_t)n, (size_t)d, dims, vals, &prog, Y, &res, err, sizeof err) != 0) {
        fprintf(stderr, "maps-driver: %s\n", err);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("seconds %.4f\n", (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    printf("label %s\n", last);
    for (i = 0; i < (int)res.nfigures && i < 16; i++)
        printf("figure %s=%.17g\n", figures[i].name, figures[i].value);
    if ((f = fopen(argv[3], "wb")) == NULL ||
        fwrite(Y, sizeof *Y, (size_t)n * (size_t)dims, f) != (size_t)n * (size_t)dims ||
        fclose(f) != 0) {
        fprintf(stderr, "maps-driver: cannot write %s\n", argv[3]);
        return 1;
    }
    free(X);
    free(Y);
    return 0;
}
