/*
 * check_train.c - `train word2vec` and `train glove`, and the engines under
 * them (src/train/).
 *
 * Against references made by tests/gen-train-reference.py (Python's Counter
 * and gensim 4.2 on tests/data/train/): the vocabulary (counts, order, ties
 * by first appearance, lines and token counts, CRLF/tabs/no final newline/
 * UTF-8), the cost of the Huffman code, GloVe's co-occurrence counts.
 * Structure: a Huffman code is prefix-free and complete (Kraft sum 1), tokens
 * that cross the reader's 1 MB pieces are counted whole.
 * Behaviour: the written file loads and holds the trained vocabulary in
 * order; binary and text hold the same floats; --threads 1 with a seed gives
 * the same bytes twice (another seed does not); errors (empty corpus, no word
 * above min-count, bad UTF-8, unwritable OUT, bad options); Ctrl-C during
 * training or writing leaves nothing under OUT or beside it.
 * Quality: on a synthetic corpus of word groups that never mix, every
 * method (SG, CBOW, HS, GloVe) must put each word nearest to words of its
 * own group -- an untrained model fails this.
 */
#include "config.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_suites.h"
#include "cmd/cmd.h"
#include "format/format.h"
#include "model.h"
#include "progress.h"
#include "session.h"
#include "train/corpus.h"
#include "train/glove.h"
#include "train/word2vec.h"
#include "xalloc.h"

#define TRAINDATA VS_TESTDATA "/train"

/* A fresh temporary folder for one test. */
static char *tmpdir(void)
{
    char *d = xstrdup("/tmp/vecscope-train.XXXXXX");

    ck_assert_ptr_nonnull(mkdtemp(d));
    return d;
}

/* Files in dir, as a count. */
static int files_in(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static void rmtree(char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[1024];

    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d != NULL)
        closedir(d);
    rmdir(dir);
    free(dir);
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = xmalloc((size_t)n + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Runs a command line in s; returns its status, err and r filled. */
static int run(vs_session *s, const char *line, vs_result *r, vs_error *err)
{
    enum vs_output mode;

    vs_result_init(r);
    vs_error_clear(err);
    return vs_cmd_run(s, line, VS_OUT_TEXT, &mode, r, err);
}

static void run_ok(vs_session *s, const char *line)
{
    vs_result r;
    vs_error err;

    ck_assert_msg(run(s, line, &r, &err) == 0, "%s: %s", line, err.msg);
    vs_result_clear(&r);
}

/* Runs a line that must fail with a message holding want. */
static void run_fails(vs_session *s, const char *line, const char *want)
{
    vs_result r;
    vs_error err;

    ck_assert_msg(run(s, line, &r, &err) == -1, "%s: should fail", line);
    ck_assert_msg(strstr(err.msg, want) != NULL, "%s: message '%s' lacks '%s'", line, err.msg,
                  want);
    vs_result_clear(&r);
}

/* ---- the vocabulary against Python's Counter / gensim ---- */

static void check_vocab(const char *name)
{
    char path[1024], ref[1024], *text, *line, *save = NULL;
    unsigned long long lines, tokens, types, min_count;
    vs_corpus *c;
    vs_error err;
    size_t len, i = 0;

    snprintf(path, sizeof path, "%s/%s.txt", TRAINDATA, name);
    snprintf(ref, sizeof ref, "%s/train-%s.vocab.tsv", VS_TESTREF, name);
    text = read_all(ref, &len);
    line = strtok_r(text, "\n", &save);
    ck_assert_int_eq(sscanf(line, "# lines %llu tokens %llu types %llu min_count %llu", &lines,
                            &tokens, &types, &min_count), 4);
    ck_assert_msg(vs_corpus_read(path, min_count, NULL, &c, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(c->lines, lines);
    ck_assert_uint_eq(c->raw_tokens, tokens);
    ck_assert_uint_eq(c->raw_types, types);
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        char *tab = strchr(line, '\t');
        ck_assert_ptr_nonnull(tab);
        *tab = '\0';
        ck_assert_uint_lt(i, c->vocab->n);
        ck_assert_msg(strcmp(vs_vocab_word(c->vocab, i), line) == 0,
                      "%s: word %zu is '%s', Python says '%s'", name, i,
                      vs_vocab_word(c->vocab, i), line);
        ck_assert_uint_eq(c->counts[i], strtoull(tab + 1, NULL, 10));
        i++;
    }
    ck_assert_uint_eq(i, c->vocab->n);
    vs_corpus_free(c);
    free(text);
}

START_TEST(test_vocab_alice)
{
    check_vocab("alice-120");
}
END_TEST

START_TEST(test_vocab_quirks)
{
    check_vocab("quirks");
}
END_TEST

/* The stream: one end mark per non-empty line, words below min-count gone. */
START_TEST(test_stream)
{
    vs_corpus *c;
    vs_error err;
    size_t i, ends = 0, words = 0;

    ck_assert_msg(vs_corpus_read(TRAINDATA "/quirks.txt", 2, NULL, &c, &err) == 0, "%s",
                  err.msg);
    /* kept: the(4) cat(2) café(2) naïve(2); lines: "The cat sat", "on the mat.",
     * "", "the café was naïve the cat", "", "naïve café the end" */
    ck_assert_uint_eq(c->vocab->n, 4);
    for (i = 0; i < c->nids; i++) {
        if (c->ids[i] == VS_CORPUS_EOS)
            ends++;
        else
            words++;
    }
    ck_assert_uint_eq(ends, 4);
    ck_assert_uint_eq(c->sentences, 4);
    ck_assert_uint_eq(words, 10);
    ck_assert_uint_eq(c->words, 10);
    ck_assert_uint_eq(c->ids[0], 1);               /* cat */
    ck_assert_uint_eq(c->ids[1], VS_CORPUS_EOS);
    ck_assert_uint_eq(c->ids[2], 0);               /* the */
    ck_assert_uint_eq(c->ids[3], VS_CORPUS_EOS);
    vs_corpus_free(c);
}
END_TEST

/* Tokens and line ends that straddle the reader's 1 MB pieces. */
START_TEST(test_big_corpus)
{
    char *dir = tmpdir(), path[1024];
    FILE *f;
    vs_corpus *c;
    vs_error err;
    const size_t n = 91 * 4000;   /* token k is (k % 13 + 1) x's, 'y', k % 7 */
    size_t k, i;
    static const char *const seps[] = {" ", "\t", "\r\n", "\n", "  "};
    size_t lines = 0;

    snprintf(path, sizeof path, "%s/big.txt", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (k = 0; k < n; k++) {
        const char *sep = seps[k % 5];
        for (i = 0; i < k % 13 + 1; i++)
            fputc('x', f);
        fprintf(f, "y%zu%s", k % 7, sep);
        lines += strchr(sep, '\n') != NULL;
    }
    fclose(f);
    ck_assert_msg(vs_corpus_read(path, 1, NULL, &c, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(c->raw_tokens, n);
    ck_assert_uint_eq(c->raw_types, 91);
    ck_assert_uint_eq(c->vocab->n, 91);
    ck_assert_uint_eq(c->lines, lines + 1);  /* the last line has no newline */
    for (i = 0; i < 91; i++)
        ck_assert_uint_eq(c->counts[i], n / 91);
    /* equal counts: the order is that of first appearance */
    ck_assert_str_eq(vs_vocab_word(c->vocab, 0), "xy0");
    ck_assert_str_eq(vs_vocab_word(c->vocab, 1), "xxy1");
    vs_corpus_free(c);
    rmtree(dir);
}
END_TEST

/* ---- Huffman ---- */

START_TEST(test_huffman)
{
    vs_corpus *c;
    vs_huffman h;
    vs_error err;
    char *text;
    size_t len, i, j, maxlen = 0;
    unsigned long long want, cost = 0;
    long double kraft = 0;

    ck_assert_msg(vs_corpus_read(TRAINDATA "/alice-120.txt", 2, NULL, &c, &err) == 0, "%s",
                  err.msg);
    ck_assert_int_eq(vs_huffman_build(c->counts, c->vocab->n, &h, &err), 0);
    text = read_all(VS_TESTREF "/train-alice-120.huffman.tsv", &len);
    ck_assert_int_eq(sscanf(text, "# cost %llu", &want), 1);
    free(text);
    for (i = 0; i < h.n; i++) {
        cost += c->counts[i] * h.len[i];
        kraft += ldexpl(1.0L, -(int)h.len[i]);
        if (h.len[i] > maxlen)
            maxlen = h.len[i];
        /* every path starts at the root and stays among the n - 1 inner nodes */
        ck_assert_uint_gt(h.len[i], 0);
        ck_assert_uint_eq(h.point[i * VS_HUFFMAN_MAX_CODE], h.n - 2);
        for (j = 0; j < h.len[i]; j++) {
            ck_assert_uint_lt(h.point[i * VS_HUFFMAN_MAX_CODE + j], h.n - 1);
            ck_assert_uint_le(h.code[i * VS_HUFFMAN_MAX_CODE + j], 1);
        }
        /* more frequent words never get longer codes */
        if (i > 0 && c->counts[i] < c->counts[i - 1])
            ck_assert_uint_ge(h.len[i], h.len[i - 1]);
    }
    ck_assert_msg(cost == want, "Huffman cost %llu, gensim's tree costs %llu", cost, want);
    ck_assert_msg(kraft == 1.0L, "Kraft sum %Lg, not 1", kraft);
    /* prefix-free */
    for (i = 0; i < h.n; i++)
        for (j = 0; j < h.n; j++) {
            size_t l = h.len[i] < h.len[j] ? h.len[i] : h.len[j];
            if (i == j)
                continue;
            ck_assert_msg(memcmp(h.code + i * VS_HUFFMAN_MAX_CODE,
                                 h.code + j * VS_HUFFMAN_MAX_CODE, l) != 0,
                          "the code of word %zu is a prefix of word %zu's", i, j);
        }
    vs_huffman_free(&h);
    vs_corpus_free(c);
}
END_TEST

START_TEST(test_huffman_small)
{
    uint64_t one[] = {5}, two[] = {5, 3};
    vs_huffman h;
    vs_error err;

    ck_assert_int_eq(vs_huffman_build(one, 1, &h, &err), 0);
    ck_assert_uint_eq(h.len[0], 0);
    vs_huffman_free(&h);
    ck_assert_int_eq(vs_huffman_build(two, 2, &h, &err), 0);
    ck_assert_uint_eq(h.len[0], 1);
    ck_assert_uint_eq(h.len[1], 1);
    ck_assert_uint_ne(h.code[0], h.code[VS_HUFFMAN_MAX_CODE]);
    vs_huffman_free(&h);
}
END_TEST

/* ---- GloVe's co-occurrences ---- */

START_TEST(test_cooccur)
{
    vs_corpus *c;
    vs_cooc *co;
    vs_error err;
    size_t n, k = 0, len;
    char *text, *line, *save = NULL;
    double worst = 0;

    ck_assert_msg(vs_corpus_read(TRAINDATA "/alice-120.txt", 2, NULL, &c, &err) == 0, "%s",
                  err.msg);
    ck_assert_int_eq(vs_glove_cooccur(c, 3, NULL, &co, &n, &err), 0);
    text = read_all(VS_TESTREF "/train-alice-120.cooc.tsv", &len);
    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        unsigned i, j;
        double x, d;
        ck_assert_int_eq(sscanf(line, "%u\t%u\t%lf", &i, &j, &x), 3);
        ck_assert_uint_lt(k, n);
        ck_assert_msg(co[k].i == i && co[k].j == j, "entry %zu is (%u, %u), Python's (%u, %u)",
                      k, co[k].i, co[k].j, i, j);
        d = fabs(co[k].x - x) / x;
        if (d > worst)
            worst = d;
        k++;
    }
    ck_assert_uint_eq(k, n);
    ck_assert_msg(worst < 1e-5, "co-occurrence relative error %g", worst);
    free(text);
    free(co);
    vs_corpus_free(c);
}
END_TEST

/* ---- the command ---- */

/* A synthetic corpus: GROUPS groups of GSIZE words; each line takes 12
 * words from one group only. */
#define GROUPS 5
#define GSIZE 8

static void write_groups(const char *path, int lines)
{
    FILE *f = fopen(path, "w");
    uint64_t r = 12345;
    int l, k;

    ck_assert_ptr_nonnull(f);
    for (l = 0; l < lines; l++) {
        int g = l % GROUPS;
        for (k = 0; k < 12; k++) {
            r = r * 6364136223846793005ULL + 1442695040888963407ULL;
            fprintf(f, "%sg%dw%d", k ? " " : "", g, (int)((r >> 33) % GSIZE));
        }
        fputc('\n', f);
    }
    fclose(f);
}

static double cosine(const vs_model *m, size_t a, size_t b)
{
    const float *x = vs_model_row(m, a), *y = vs_model_row(m, b);
    double d = 0, nx = 0, ny = 0;
    size_t i;

    for (i = 0; i < m->dim; i++) {
        d += (double)x[i] * y[i];
        nx += (double)x[i] * x[i];
        ny += (double)y[i] * y[i];
    }
    return d / sqrt(nx * ny);
}

/* Every word's nearest neighbour is from its own group, and words of a
 * group are much closer to each other than to other groups. Returns 1, or
 * 0 with the reason in why. */
static int groups_ok(const vs_model *m, char *why, size_t size)
{
    size_t a, b, right = 0;
    double within = 0, across = 0;
    size_t nw = 0, na = 0;

    ck_assert_uint_eq(m->n, GROUPS * GSIZE);
    for (a = 0; a < m->n; a++) {
        const char *wa = vs_vocab_word(m->vocab, a);
        double best = -2;
        size_t besti = a;
        for (b = 0; b < m->n; b++) {
            const char *wb = vs_vocab_word(m->vocab, b);
            double cs;
            if (b == a)
                continue;
            cs = cosine(m, a, b);
            if (cs > best) {
                best = cs;
                besti = b;
            }
            if (wa[1] == wb[1]) {
                within += cs;
                nw++;
            } else {
                across += cs;
                na++;
            }
        }
        right += vs_vocab_word(m->vocab, besti)[1] == wa[1];
    }
    within /= (double)nw;
    across /= (double)na;
    snprintf(why, size, "%zu of %zu words have a nearest neighbour of their group; mean "
             "cosine within groups %.3f, across %.3f", right, m->n, within, across);
    return right == m->n && within > across + 0.3;
}

START_TEST(test_quality)
{
    static const struct {
        const char *opts, *what;
    } runs[] = {
        {"word2vec %s %s --sg --dim 20 --window 3 --epochs 5 --sample 0 --min-count 1 "
         "--threads 2", "skip-gram, negative sampling"},
        {"word2vec %s %s --cbow --dim 20 --window 3 --epochs 5 --sample 0 --min-count 1 "
         "--threads 2", "CBOW, negative sampling"},
        {"word2vec %s %s --sg --hs --negative 0 --dim 20 --window 3 --epochs 5 --sample 0 "
         "--min-count 1 --threads 2", "skip-gram, hierarchical softmax"},
        {"word2vec %s %s --cbow --hs --negative 0 --dim 20 --window 3 --epochs 5 --sample 0 "
         "--min-count 1 --threads 2", "CBOW, hierarchical softmax"},
        {"glove %s %s --dim 20 --window 3 --epochs 25 --min-count 1 --xmax 10 --threads 2",
         "GloVe"},
    };
    char *dir = tmpdir(), corpus[1024], out[1024], line[2048], why[256];
    vs_session s;
    size_t i;

    snprintf(corpus, sizeof corpus, "%s/groups.txt", dir);
    write_groups(corpus, 3000);
    vs_session_init(&s);
    for (i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        char opts[512];
        snprintf(out, sizeof out, "%s/m%zu.bin", dir, i);
        snprintf(opts, sizeof opts, runs[i].opts, corpus, out);
        snprintf(line, sizeof line, "train %s", opts);
        run_ok(&s, line);
        ck_assert_msg(groups_ok(vs_session_model(&s), why, sizeof why), "%s: %s", runs[i].what,
                      why);
    }
    vs_session_free(&s);
    rmtree(dir);
}
END_TEST

/* The untrained starting point fails the quality check: one epoch at a
 * learning rate too small to move anything. */
START_TEST(test_quality_can_fail)
{
    char *dir = tmpdir(), corpus[1024], line[2048], why[256];
    vs_session s;

    snprintf(corpus, sizeof corpus, "%s/groups.txt", dir);
    write_groups(corpus, 3000);
    vs_session_init(&s);
    snprintf(line, sizeof line, "train word2vec %s %s/m.bin --sg --dim 20 --epochs 1 "
             "--alpha 1e-9 --min-count 1 --threads 1", corpus, dir);
    run_ok(&s, line);
    ck_assert_msg(!groups_ok(vs_session_model(&s), why, sizeof why),
                  "an untrained model passes the quality check: %s", why);
    vs_session_free(&s);
    rmtree(dir);
}
END_TEST

/* The file loads, holds the corpus's vocabulary in order, and binary and
 * text carry the same floats. */
START_TEST(test_written_file)
{
    char *dir = tmpdir(), line[2048];
    vs_session s;
    vs_corpus *c;
    vs_error err;
    vs_model *bin, *txt;
    size_t i;

    vs_session_init(&s);
    snprintf(line, sizeof line, "train word2vec %s/alice-120.txt %s/a.bin --min-count 2 "
             "--dim 16 --threads 1 --seed 3", TRAINDATA, dir);
    run_ok(&s, line);
    snprintf(line, sizeof line, "train word2vec %s/alice-120.txt %s/a.txt --min-count 2 "
             "--dim 16 --threads 1 --seed 3", TRAINDATA, dir);
    run_ok(&s, line);
    bin = vs_session_find(&s, "a");
    txt = vs_session_find(&s, "a-2");
    ck_assert_ptr_nonnull(bin);
    ck_assert_ptr_nonnull(txt);
    ck_assert_str_eq(bin->format, "word2vec-bin");
    ck_assert_str_eq(txt->format, "word2vec-text");
    ck_assert_msg(vs_corpus_read(TRAINDATA "/alice-120.txt", 2, NULL, &c, &err) == 0, "%s",
                  err.msg);
    ck_assert_uint_eq(bin->n, c->vocab->n);
    ck_assert_uint_eq(bin->dim, 16);
    for (i = 0; i < bin->n; i++) {
        ck_assert_str_eq(vs_vocab_word(bin->vocab, i), vs_vocab_word(c->vocab, i));
        ck_assert_str_eq(vs_vocab_word(txt->vocab, i), vs_vocab_word(c->vocab, i));
    }
    ck_assert_int_eq(memcmp(bin->vecs, txt->vecs, bin->n * bin->dim * sizeof(float)), 0);
    vs_corpus_free(c);
    vs_session_free(&s);
    rmtree(dir);
}
END_TEST

static void same_bytes(const char *a, const char *b, int want_same)
{
    size_t la, lb;
    char *x = read_all(a, &la), *y = read_all(b, &lb);
    int same = la == lb && memcmp(x, y, la) == 0;

    ck_assert_msg(same == want_same, "%s and %s should %s", a, b,
                  want_same ? "be the same bytes" : "differ");
    free(x);
    free(y);
}

START_TEST(test_deterministic)
{
    static const char *const methods[] = {
        "word2vec %s/alice-120.txt %s/%s --sg --min-count 2 --dim 16 --threads 1 --seed %d",
        "word2vec %s/alice-120.txt %s/%s --cbow --hs --min-count 2 --dim 16 --threads 1 "
        "--seed %d",
        "glove %s/alice-120.txt %s/%s --min-count 2 --dim 16 --epochs 5 --threads 1 --seed %d",
    };
    char *dir = tmpdir(), line[2048], pa[1024], pb[1024], pc[1024];
    vs_session s;
    size_t m;

    vs_session_init(&s);
    snprintf(pa, sizeof pa, "%s/a.bin", dir);
    snprintf(pb, sizeof pb, "%s/b.bin", dir);
    snprintf(pc, sizeof pc, "%s/c.bin", dir);
    for (m = 0; m < 3; m++) {
        char opts[1024];
        snprintf(opts, sizeof opts, methods[m], TRAINDATA, dir, "a.bin", 7);
        snprintf(line, sizeof line, "train %s", opts);
        run_ok(&s, line);
        snprintf(opts, sizeof opts, methods[m], TRAINDATA, dir, "b.bin", 7);
        snprintf(line, sizeof line, "train %s", opts);
        run_ok(&s, line);
        snprintf(opts, sizeof opts, methods[m], TRAINDATA, dir, "c.bin", 8);
        snprintf(line, sizeof line, "train %s", opts);
        run_ok(&s, line);
        same_bytes(pa, pb, 1);
        same_bytes(pa, pc, 0);
        /* an open model's file may not be written over: close them for the
         * next method, which writes the same names */
        run_ok(&s, "close a");
        run_ok(&s, "close b");
        run_ok(&s, "close c");
    }
    vs_session_free(&s);
    rmtree(dir);
}
END_TEST

START_TEST(test_errors)
{
    char *dir = tmpdir(), line[2048], path[1024];
    vs_session s;

    vs_session_init(&s);
    snprintf(path, sizeof path, "%s/empty.txt", dir);
    write_file(path, " \n\t\n", 4);
    snprintf(line, sizeof line, "train word2vec %s %s/o.bin", path, dir);
    run_fails(&s, line, "holds no words");
    snprintf(line, sizeof line, "train glove %s %s/o.bin", path, dir);
    run_fails(&s, line, "holds no words");
    snprintf(line, sizeof line, "train word2vec %s/alice-120.txt %s/o.bin --min-count 1000",
             TRAINDATA, dir);
    run_fails(&s, line, "no word occurs 1000 times (the most frequent, 'the', occurs 343 "
                        "times); lower --min-count");
    snprintf(path, sizeof path, "%s/bad.txt", dir);
    write_file(path, "good words\nand a b\xff" "d one\n", 24);
    snprintf(line, sizeof line, "train word2vec %s %s/o.bin --min-count 1", path, dir);
    run_fails(&s, line, "line 2, byte offset 18: the token is not valid UTF-8");
    snprintf(line, sizeof line, "train word2vec %s/alice-120.txt %s/no/such/dir/o.bin",
             TRAINDATA, dir);
    run_fails(&s, line, "cannot write");
    run_fails(&s, line, "no/such/dir/o.bin: No such file or directory");
    snprintf(line, sizeof line, "train word2vec %s/alice-120.txt %s", TRAINDATA, dir);
    run_fails(&s, line, "is a directory");
    snprintf(line, sizeof line, "train word2vec %s/none.txt %s/o.bin", TRAINDATA, dir);
    run_fails(&s, line, "cannot open the corpus");
    snprintf(line, sizeof line, "train word2vec %s/alice-120.txt %s/o.bin --negative 0",
             TRAINDATA, dir);
    run_fails(&s, line, "--negative 0 leaves nothing to train with; add --hs");
    snprintf(line, sizeof line, "train glove %s/alice-120.txt %s/o.bin --sg", TRAINDATA, dir);
    run_fails(&s, line, "--sg is an option of 'train word2vec'");
    snprintf(line, sizeof line, "train word2vec %s/alice-120.txt %s/o.bin --xmax 3",
             TRAINDATA, dir);
    run_fails(&s, line, "--xmax is an option of 'train glove'");
    snprintf(line, sizeof line, "train fasttext %s/alice-120.txt %s/o.bin", TRAINDATA, dir);
    run_fails(&s, line, "unknown method 'fasttext'");
    snprintf(line, sizeof line, "train word2vec %s/alice-120.txt %s/o.bin --sg --cbow",
             TRAINDATA, dir);
    run_fails(&s, line, "exclude each other");
    snprintf(line, sizeof line, "train word2vec %s/alice-120.txt %s/o.bin --dim 0",
             TRAINDATA, dir);
    run_fails(&s, line, "--dim takes 1 to 10000, not 0");
    snprintf(line, sizeof line, "train word2vec %s/alice-120.txt %s/o.bin --alpha -1",
             TRAINDATA, dir);
    run_fails(&s, line, "--alpha takes a learning rate above 0");
    /* nothing was left behind, and no model opened */
    ck_assert_int_eq(files_in(dir), 2);  /* empty.txt, bad.txt */
    ck_assert_ptr_null(vs_session_model(&s));
    vs_session_free(&s);
    rmtree(dir);
}
END_TEST

/* ---- Ctrl-C ---- */

static int calls;

static void press_ctrl_c(void *ud, const char *what, double fraction)
{
    (void)ud;
    (void)fraction;
    /* let the corpus be read; interrupt the training (or the writing) */
    if (strncmp(what, "reading", 7) != 0 && fraction >= 0 && ++calls >= 1)
        vs_interrupted = 1;
}

static const vs_progress ctrl_c = {press_ctrl_c, NULL};

START_TEST(test_cancel_training)
{
    static const char *const methods[] = {
        "train word2vec %s %s/o.bin --sg --epochs 100000 --min-count 1 --threads 2",
        "train glove %s %s/o.bin --epochs 100000 --min-count 1 --threads 2",
    };
    char *dir = tmpdir(), corpus[1024], line[2048];
    vs_session s;
    size_t m;

    snprintf(corpus, sizeof corpus, "%s/groups.txt", dir);
    write_groups(corpus, 3000);
    vs_session_init(&s);
    s.progress = &ctrl_c;
    for (m = 0; m < 2; m++) {
        calls = 0;
        snprintf(line, sizeof line, methods[m], corpus, dir);
        run_fails(&s, line, "interrupted by Ctrl-C");
        vs_interrupted = 0;
        ck_assert_int_eq(files_in(dir), 1);   /* the corpus alone */
        ck_assert_ptr_null(vs_session_model(&s));
    }
    vs_session_free(&s);
    rmtree(dir);
}
END_TEST

START_TEST(test_cancel_writing)
{
    char *dir = tmpdir(), path[1024];
    vs_vocab *v = vs_vocab_new(20000);
    float *vecs = xcalloc(20000 * 4, sizeof *vecs);
    vs_model *m;
    vs_error err;
    size_t i;

    for (i = 0; i < 20000; i++) {
        char w[32];
        snprintf(w, sizeof w, "w%zu", i);
        vs_vocab_add(v, w, strlen(w), NULL);
    }
    m = vs_model_new("x", "word2vec-bin", v, vecs, 20000, 4);
    snprintf(path, sizeof path, "%s/o.bin", dir);
    calls = 0;
    ck_assert_int_eq(vs_word2vec_bin_save(m, path, &ctrl_c, &err), -1);
    vs_interrupted = 0;
    ck_assert_msg(strstr(err.msg, "interrupted") != NULL, "%s", err.msg);
    ck_assert_int_eq(files_in(dir), 0);
    /* and without Ctrl-C it is written */
    ck_assert_int_eq(vs_word2vec_bin_save(m, path, NULL, &err), 0);
    ck_assert_int_eq(files_in(dir), 1);
    vs_model_free(m);
    rmtree(dir);
}
END_TEST

Suite *suite_train(void)
{
    Suite *s = suite_create("train");
    TCase *tc = tcase_create("train");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_vocab_alice);
    tcase_add_test(tc, test_vocab_quirks);
    tcase_add_test(tc, test_stream);
    tcase_add_test(tc, test_big_corpus);
    tcase_add_test(tc, test_huffman);
    tcase_add_test(tc, test_huffman_small);
    tcase_add_test(tc, test_cooccur);
    tcase_add_test(tc, test_quality);
    tcase_add_test(tc, test_quality_can_fail);
    tcase_add_test(tc, test_written_file);
    tcase_add_test(tc, test_deterministic);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_cancel_training);
    tcase_add_test(tc, test_cancel_writing);
    suite_add_tcase(s, tc);
    return s;
}
