/*
 * weights-driver.c - times opening a checkpoint's weights through
 * src/format/weights.c, for bench/run-weights.sh.
 *
 *   weights-driver MODEL.SAFETENSORS PYTORCH_MODEL.BIN [REPEAT]
 *
 * Both files hold the same tensors (tests/gen-weights-reference.py
 * --bench). Three ways of making every weight readable as float32, each a
 * whole open-read-close, timed REPEAT times (5) in turn after one untimed
 * pass that puts the files in the page cache:
 *
 *   bin        vs_weights_open(pytorch_model.bin), vs_weights_f32 of every
 *              tensor, and one pass reading every value (the pages of the
 *              mapping come in)
 *   st         the same on model.safetensors
 *   st+copy    st, plus a copy of every tensor into memory of its own: the
 *              budget the issue sets for opening a pytorch_model.bin ("no
 *              slower than the same weights as safetensors plus a copy")
 *
 * Prints one line per way (median and every run, in ms) and the ratios
 * bin / st+copy (target <= 1) and bin / st.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format/weights.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

volatile float sink;

/* Opens path, reads every float tensor (copying it when copy), closes;
 * returns the seconds taken and sets *bytes to the float32 bytes read. */
static double one(const char *path, int copy, size_t *bytes)
{
    double t0 = now();
    vs_weights *w;
    vs_error err;
    size_t i, k, total = 0;
    float *dst = NULL, s = 0;

    if (vs_weights_open(path, &w, &err) < 0) {
        fprintf(stderr, "weights-driver: %s\n", err.msg);
        exit(1);
    }
    for (i = 0; i < w->n; i++)
        if (w->tensors[i].dtype == VS_F32 || w->tensors[i].dtype == VS_F16 ||
            w->tensors[i].dtype == VS_BF16)
            total += (size_t)w->tensors[i].numel;
    if (copy && (dst = malloc(total * sizeof *dst + 1)) == NULL) {
        fprintf(stderr, "weights-driver: out of memory\n");
        exit(1);
    }
    total = 0;
    for (i = 0; i < w->n; i++) {
        const vs_tensor *t = &w->tensors[i];
        const float *f;
        if (t->dtype != VS_F32 && t->dtype != VS_F16 && t->dtype != VS_BF16)
            continue;
        if (vs_weights_f32(w, t, &f, &err) < 0) {
            fprintf(stderr, "weights-driver: %s\n", err.msg);
            exit(1);
        }
        if (copy) {
            memcpy(dst + total, f, (size_t)t->numel * sizeof *f);
        } else {
            for (k = 0; k < t->numel; k++)
                s += f[k];
        }
        total += (size_t)t->numel;
    }
    sink = s + (dst ? dst[total / 2] : 0);
    free(dst);
    vs_weights_close(w);
    *bytes = total * sizeof(float);
    return now() - t0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double median(double *t, int n)
{
    double s[64];

    memcpy(s, t, (size_t)n * sizeof *t);
    qsort(s, (size_t)n, sizeof *s, by_value);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    static const char *const name[3] = {"bin", "st", "st+copy"};
    double t[3][64], med[3];
    size_t bytes = 0;
    int reps = argc > 3 ? atoi(argv[3]) : 5, r, w, i;

    if (argc < 3 || reps < 1 || reps > 64) {
        fprintf(stderr, "usage: weights-driver MODEL.SAFETENSORS "
                        "PYTORCH_MODEL.BIN [REPEAT (1-64)]\n");
        return 2;
    }
    one(argv[2], 0, &bytes);  /* the files into the page cache */
    one(argv[1], 0, &bytes);
    for (r = 0; r < reps; r++)
        for (w = 0; w < 3; w++)
            t[w][r] = one(w == 0 ? argv[2] : argv[1], w == 2, &bytes);
    printf("float32 bytes read per open: %zu (%.0f MB)\n", bytes, bytes / 1e6);
    for (w = 0; w < 3; w++) {
        med[w] = median(t[w], reps);
        printf("%-8s median %7.1f ms  runs:", name[w], med[w] * 1e3);
        for (i = 0; i < reps; i++)
            printf(" %.1f", t[w][i] * 1e3);
        printf("\n");
    }
    printf("ratio bin / st+copy = %.3f (target <= 1)\n", med[0] / med[2]);
    printf("ratio bin / st      = %.3f\n", med[0] / med[1]);
    return 0;
}
