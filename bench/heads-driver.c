/*
 * heads-driver.c - what a sequence-classification head adds to the
 * encoder's forward pass, for bench/bench_heads.py.
 *
 *   heads-driver DIR TEXT [REPEAT]
 *
 * Opens the fine-tuned folder DIR and times, in one process, at the
 * program's BLAS threads (set OPENBLAS_NUM_THREADS):
 *
 *   forward    the tokenizer and the encoder over TEXT (vs_bert_run), REPEAT
 *              times (20)
 *   head       the head alone on that pass (vs_bert_seq_logits, then the
 *              softmax), 100 x REPEAT times
 *   classify   the command `classify TEXT` and the command `embed --pool
 *              cls TEXT` (the same pass and a pooling), REPEAT times each, in
 *              turn: the difference is what classify costs beyond a forward
 *
 * Prints "tokens N forward_ms F forward_cpu_ms F head_us H head_cpu_us H
 * classify_ms C embed_ms E extra_ms X classify_cpu_ms ... extra_cpu_ms X"
 * (medians, wall and CPU time; CPU figures from clock(), this process's
 * time, which hardly moves when other work keeps the cores busy).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bert/heads.h"
#include "bert/pool.h"
#include "cmd/cmd.h"
#include "xalloc.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double cpu(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Seconds one run of line takes in s; *cpu_s gets its CPU seconds. */
static double run_line(vs_session *s, const char *line, double *cpu_s)
{
    enum vs_output mode;
    vs_result r;
    vs_error err;
    double t0 = now(), c0 = cpu();

    vs_result_init(&r);
    if (vs_cmd_run(s, line, VS_OUT_TEXT, &mode, &r, &err) < 0) {
        fprintf(stderr, "heads-driver: %s: %s\n", line, err.msg);
        exit(1);
    }
    t0 = now() - t0;
    *cpu_s = cpu() - c0;
    vs_result_clear(&r);
    return t0;
}

int main(int argc, char **argv)
{
    int reps = argc > 3 ? atoi(argv[3]) : 20, i, j;
    double *fw, *fc, *hw, *hc, *cl, *em, *clc, *emc, ignored;
    const vs_bert_model *bm;
    float logits[64], out[64];
    char *load, *classify, *embed;
    vs_session s;
    vs_tokens tok;
    vs_bert_out o;
    vs_error err;
    size_t n = 0;

    if (argc < 3 || reps < 1) {
        fprintf(stderr, "usage: heads-driver DIR TEXT [REPEAT]\n");
        return 2;
    }
    vs_session_init(&s);
    load = xasprintf("load \"%s\"", argv[1]);
    classify = xasprintf("classify %s", argv[2]);
    embed = xasprintf("embed --pool cls %s", argv[2]);
    run_line(&s, load, &ignored);
    bm = vs_bert_of(vs_session_model(&s));
    if (bm == NULL || !vs_bert_heads_has(bm->heads, VS_HEAD_SEQUENCE) ||
        bm->heads->nlabels > 64) {
        fprintf(stderr, "heads-driver: %s has no sequence head of at most 64 labels\n",
                argv[1]);
        return 1;
    }
    fw = xcalloc((size_t)reps * 8, sizeof *fw);
    fc = fw + reps;
    hw = fc + reps;
    hc = hw + reps;
    cl = hc + reps;
    em = cl + reps;
    clc = em + reps;
    emc = clc + reps;
    for (i = 0; i < reps; i++) {
        double t0 = now(), c0 = cpu();
        if (vs_bert_run(vs_session_model(&s), argv[2], 0, &tok, &o, &err) < 0) {
            fprintf(stderr, "heads-driver: %s\n", err.msg);
            return 1;
        }
        fw[i] = now() - t0;
        fc[i] = cpu() - c0;
        n = tok.n;
        /* the head alone, 100 times on this pass */
        t0 = now();
        c0 = cpu();
        for (j = 0; j < 100; j++) {
            if (vs_bert_seq_logits(bm->heads, bm->enc, &o, logits, &err) < 0) {
                fprintf(stderr, "heads-driver: %s\n", err.msg);
                return 1;
            }
            vs_bert_seq_outputs(bm->heads, logits, out);
        }
        hw[i] = (now() - t0) / 100;
        hc[i] = (cpu() - c0) / 100;
        vs_bert_out_free(&o);
        vs_tokens_free(&tok);
        cl[i] = run_line(&s, classify, &clc[i]);
        em[i] = run_line(&s, embed, &emc[i]);
    }
    {
        double c = median(cl, reps), e = median(em, reps);
        double cc = median(clc, reps), ec = median(emc, reps);
        printf("tokens %zu forward_ms %.3f forward_cpu_ms %.3f head_us %.1f "
               "head_cpu_us %.1f classify_ms %.3f embed_ms %.3f extra_ms %.3f "
               "classify_cpu_ms %.3f embed_cpu_ms %.3f extra_cpu_ms %.3f\n",
               n, median(fw, reps) * 1e3, median(fc, reps) * 1e3,
               median(hw, reps) * 1e6, median(hc, reps) * 1e6, c * 1e3, e * 1e3,
               (c - e) * 1e3, cc * 1e3, ec * 1e3, (cc - ec) * 1e3);
    }
    free(fw);
    free(load);
    free(classify);
    free(embed);
    vs_session_free(&s);
    return 0;
}
