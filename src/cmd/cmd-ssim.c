/*
 * cmd-ssim.c - `ssim TEXT1 ||| TEXT2`: how alike two sentences are
 * (encoders); `ssim --file F`: every pair of a file's sentences, as a
 * matrix.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plotopts.h"
#include "query.h"
#include "readfile.h"
#include "textargs.h"
#include "utf8.h"
#include "xalloc.h"

/* The most sentences a --file may hold: the matrix is n x n cells and each
 * sentence one pass of the encoder. */
#define SSIM_MAX 2000
/* The longest --file: sentences, not a corpus. */
#define SSIM_FILE_MAX ((size_t)16 << 20)
/* A sentence's label on the matrix: its number and its first bytes. */
#define SSIM_LABEL_BYTES 32

static const vs_opt ssim_opts[] = {
    VS_BERT_POOL_OPTS,
    {"file", 0, VS_OPT_STRING, "F", "sentences from a file, one a line: every pair"},
    {"plot", 0, VS_OPT_FLAG, NULL, "--file: draw the matrix as a heatmap with gnuplot"},
    {"out", 0, VS_OPT_STRING, "FILE",
     "--file: write the matrix to FILE: a heatmap if it ends in .png, .svg or .pdf, else TSV"},
    {NULL, 0, 0, NULL, NULL}
};

/* The sentences of path: its lines that are not blank and do not start
 * with '#', trimmed; *lines point into *buf (free both). */
static int read_sentences(const char *path, char **buf, char ***lines, size_t *n,
                          vs_error *err)
{
    size_t len, cap = 16;
    char *p, *end;

    *lines = NULL;
    *n = 0;
    if (vs_read_text_file(path, SSIM_FILE_MAX, buf, &len, err) < 0)
        return vs_fail_prefix(err, "ssim");
    if (memchr(*buf, '\0', len) != NULL) {
        free(*buf);
        return vs_fail(err, "ssim: %s holds a NUL byte; --file takes a text file of "
                            "sentences, one a line", path);
    }
    *lines = xmallocarray(cap, sizeof **lines);
    for (p = *buf, end = *buf + len; p < end;) {
        char *le = memchr(p, '\n', (size_t)(end - p)), *q;
        if (le == NULL)
            le = end;
        *le = '\0';
        q = le;
        while (q > p && (q[-1] == '\r' || q[-1] == ' ' || q[-1] == '\t'))
            *--q = '\0';
        p += strspn(p, " \t");
        if (*p != '\0' && *p != '#') {
            if (*n == cap) {
                cap *= 2;
                *lines = xreallocarray(*lines, cap, sizeof **lines);
            }
            (*lines)[(*n)++] = p;
        }
        p = le + 1;
    }
    return 0;
}

/* "3 the cat sat on the m..." : the sentence's number and its first bytes
 * (whole characters), for the matrix's rows and columns. */
static char *sentence_label(size_t i, const char *s)
{
    size_t len = strlen(s), cut = vs_utf8_valid_prefix(s, len < SSIM_LABEL_BYTES ? len
                                                                                 : SSIM_LABEL_BYTES);

    return xasprintf("%zu %.*s%s", i + 1, (int)cut, s, cut < len ? "..." : "");
}

static int ssim_file(vs_session *s, const vs_args *a, const vs_pooling *pool, size_t layer,
                     vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_model(s);
    const char *path = vs_arg_str(a, "file", NULL);
    size_t H = vs_pooling_dim(pool, vs_bert_of(m)->enc->cfg.hidden), n, i, cut = 0;
    char poolname[128];
    char *buf, **lines, **labels = NULL;
    float *x = NULL, *c = NULL;
    int rc = -1, truncated;

    if (a->argc > 0)
        return vs_fail(err, "ssim: give a text pair or --file F, not both");
    if (vs_plot_request(a, r, err) < 0 || read_sentences(path, &buf, &lines, &n, err) < 0)
        return -1;
    if (n == 0 || n > SSIM_MAX) {
        vs_fail(err, "ssim: %s holds %zu sentences; --file takes 1 to %d, one a line", path, n,
                SSIM_MAX);
        goto out;
    }
    /* x (n, H): the sentence vectors; c (n, n): their cosines */
    x = xmallocarray(n * H, sizeof *x);
    for (i = 0; i < n; i++) {
        if (vs_progress_step(s->progress, "ssim: encoding", (double)i / (double)n, err) < 0 ||
            vs_bert_sentence_truncated(m, lines[i], pool, layer, x + i * H, &truncated,
                                       err) < 0) {
            vs_fail_prefix(err, "ssim: %s, sentence %zu", path, i + 1);
            goto out;
        }
        cut += (size_t)truncated;
    }
    c = xmallocarray(n * n, sizeof *c);
    vs_cosine_matrix(x, n, x, n, H, c);
    labels = xmallocarray(n, sizeof *labels);
    for (i = 0; i < n; i++)
        labels[i] = sentence_label(i, lines[i]);
    vs_pooling_name(pool, poolname, sizeof poolname);
    vs_result_title(r, "cosine similarity of the %zu sentences of %s (%s pooling, layer %zu)",
                    n, path, poolname, layer);
    vs_result_set_matrix(r, n, n, (const char *const *)labels, (const char *const *)labels, c);
    vs_result_matrix_scale(r, "sentence", "sentence", "cosine", -1.0, 1.0);
    if (cut > 0)
        vs_result_note(r, "warning: %zu sentence%s longer than the model takes, cut", cut,
                       cut == 1 ? " was" : "s were");
    if (vs_arg_set(a, "out"))
        r->out_path = xstrdup(vs_arg_str(a, "out", NULL));
    rc = 0;
out:
    if (labels != NULL)
        for (i = 0; i < n; i++)
            free(labels[i]);
    free(labels);
    free(x);
    free(c);
    free(lines);
    free(buf);
    return rc;
}

static int exec_ssim(vs_session *s, const vs_args *a, vs_result *r, vs_error *err)
{
    const vs_model *m = vs_session_model(s);
    size_t D, layer;
    vs_pooling pool;
    char *text, *t1, *t2;
    float *v;
    int rc;

    if (vs_bert_pool_args("ssim", a, m, &pool, &layer, err) < 0)
        return -1;
    if (vs_arg_set(a, "file"))
        return ssim_file(s, a, &pool, layer, r, err);
    if (a->argc == 0)
        return vs_fail(err, "ssim: give TEXT1 ||| TEXT2, or --file F");
    if (vs_arg_set(a, "plot") || vs_arg_set(a, "out"))
        return vs_fail(err, "ssim: --plot and --out go with --file F (a matrix)");
    D = vs_pooling_dim(&pool, vs_bert_of(m)->enc->cfg.hidden);
    text = vs_bert_text(a, 0);
    v = xmallocarray(2 * D, sizeof *v);
    rc = vs_bert_split_pair("ssim", text, &t1, &t2, err);
    if (rc == 0 && (vs_bert_sentence(m, t1, &pool, layer, v, err) < 0 ||
                    vs_bert_sentence(m, t2, &pool, layer, v + D, err) < 0))
        rc = vs_fail_prefix(err, "ssim");
    if (rc == 0) {
        vs_result_title(r, "cosine(\"%s\", \"%s\")", t1, t2);
        vs_result_set_scalar(r, "cosine", vs_bert_cosine(v, v + D, D));
    }
    free(v);
    free(text);
    return rc;
}

const vs_cmd vs_cmd_ssim = {
    .name = "ssim",
    .usage = "ssim [--pool MODE] [--layer L] TEXT1 ||| TEXT2 | "
             "ssim [--pool MODE] [--layer L] --file F [--plot] [--out FILE]",
    .summary = "cosine similarity of two sentence vectors, or of every pair in a file (encoders)",
    .help = "Encodes TEXT1 and TEXT2 separately, each as 'embed' does (same\n"
            "--pool and --layer), and prints the cosine of the two vectors.\n"
            "\n"
            "--file F encodes every sentence of F (one a line; blank lines and\n"
            "lines starting with '#' are skipped; at most 2000) and shows the\n"
            "cosine of every pair as a heatmap from -1 to 1, each sentence named by\n"
            "its number and first words. --plot draws it with gnuplot; --out FILE\n"
            "writes it (a picture for .png, .svg or .pdf, else TSV).",
    .min_args = 0,
    .text_from = 1,
    .max_args = -1,
    .opts = ssim_opts,
    .flags = VS_CMD_NEEDS_MODEL | VS_CMD_NEEDS_BERT,
    .exec = exec_ssim,
};
