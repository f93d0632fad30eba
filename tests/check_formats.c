/*
 * check_formats.c - tests of the static-format loaders (src/format/).
 *
 * What is tested:
 *   - the float parser equals (float)strtod bit for bit (which is what
 *     numpy.float32(str), and so gensim, gives), on random and tricky input;
 *   - each real file from gensim's test data reads as EXPECTED.md says
 *     (high_precision.kv.{txt,bin}, euclidean_vectors.bin without newlines,
 *     EN.1-10 with 19-digit exponent numbers, test_glove.txt without a
 *     header, toy-model.vec, the invalid-UTF-8 modeldata under strict,
 *     replace and ignore), and sniffing picks the right format for each;
 *   - word2vec text and binary of the same model agree exactly;
 *   - duplicates (first kept, rows contiguous, counted), --limit (the first
 *     N entries, as gensim), short headers, CRLF, trailing blanks, blank
 *     lines, glove.840B words with spaces, a header on a GloVe file;
 *   - the parallel text reader: 1 and 4 threads give identical models, and
 *     the first bad line in file order is the one reported;
 *   - cancellation through the progress callback frees and fails cleanly;
 *   - the native cache: save -> open is bit-identical (vocabulary, lookups,
 *     vectors, norms), --limit on a cache, re-saving, and corrupted caches
 *     are refused;
 *   - the malformed-file corpus in tests/data/bad/ (made by make-bad.sh):
 *     every file fails with a message naming the file and the place, and
 *     no format forced on any of them crashes.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_suites.h"
#include "format/format.h"
#include "format/common.h"
#include "progress.h"
#include "utf8.h"
#include "xalloc.h"

#define DATA(rel) VS_TESTDATA "/" rel

/* ---------------------------------------------------------------- */
/* helpers                                                           */
/* ---------------------------------------------------------------- */

static vs_model *load_opts(const char *path, const char *format, size_t limit,
                           enum vs_encoding_errors enc, int threads)
{
    vs_load_opts o;
    vs_model *m = NULL;
    vs_error err;

    memset(&o, 0, sizeof o);
    o.format = format;
    o.limit = limit;
    o.encoding_errors = enc;
    o.threads = threads;
    vs_error_clear(&err);
    ck_assert_msg(vs_format_load(path, &o, &m, &err) == 0, "loading %s: %s", path,
                  err.msg);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(m->vocab->n, m->n);
    return m;
}

static vs_model *load(const char *path)
{
    return load_opts(path, NULL, 0, VS_ENC_STRICT, 2);
}

/* Loads and expects failure; returns the message (static). */
static const char *load_fails_limit(const char *path, const char *format,
                                    enum vs_encoding_errors enc, size_t limit)
{
    static vs_error err;
    vs_load_opts o;
    vs_model *m = (vs_model *)&o; /* must be reset to NULL */

    memset(&o, 0, sizeof o);
    o.format = format;
    o.encoding_errors = enc;
    o.limit = limit;
    o.threads = 2;
    vs_error_clear(&err);
    ck_assert_msg(vs_format_load(path, &o, &m, &err) == -1, "%s loaded", path);
    ck_assert_ptr_null(m);
    ck_assert_msg(err.msg[0] != '\0', "%s: no message", path);
    return err.msg;
}

static const char *load_fails(const char *path, const char *format,
                              enum vs_encoding_errors enc)
{
    return load_fails_limit(path, format, enc, 0);
}

static const float *row_of(const vs_model *m, const char *word)
{
    long id = vs_model_find(m, word);

    ck_assert_msg(id >= 0, "\"%s\" not in %s", word, m->path);
    return vs_model_row(m, (size_t)id);
}

static char tmpdir[64];

static void make_tmpdir(void)
{
    strcpy(tmpdir, "/tmp/vs-check-formats-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    char p[512];

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(tmpdir);
}

/* Writes len bytes to tmpdir/name; returns the path (static buffer). */
static const char *write_tmp(const char *name, const void *data, size_t len)
{
    static char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

static const char *write_tmp_str(const char *name, const char *text)
{
    return write_tmp(name, text, strlen(text));
}

static void assert_same_model(const vs_model *a, const vs_model *b)
{
    size_t i;

    ck_assert_uint_eq(a->n, b->n);
    ck_assert_uint_eq(a->dim, b->dim);
    for (i = 0; i < a->n; i++) {
        ck_assert_uint_eq(vs_vocab_len(a->vocab, i), vs_vocab_len(b->vocab, i));
        ck_assert(memcmp(vs_vocab_word(a->vocab, i), vs_vocab_word(b->vocab, i),
                         vs_vocab_len(a->vocab, i)) == 0);
    }
    ck_assert(memcmp(a->vecs, b->vecs, a->n * a->dim * sizeof(float)) == 0);
    ck_assert_ptr_nonnull(a->norms);
    ck_assert_ptr_nonnull(b->norms);
    ck_assert(memcmp(a->norms, b->norms, a->n * sizeof(float)) == 0);
}

static double cosine(const vs_model *m, const char *a, const char *b)
{
    const float *x = row_of(m, a), *y = row_of(m, b);
    double dot = 0, nx = 0, ny = 0;
    size_t j;

    for (j = 0; j < m->dim; j++) {
        dot += (double)x[j] * y[j];
        nx += (double)x[j] * x[j];
        ny += (double)y[j] * y[j];
    }
    return dot / sqrt(nx * ny);
}

/* ---------------------------------------------------------------- */
/* the float parser                                                  */
/* ---------------------------------------------------------------- */

/* (plain ifs: a Check assertion per number is too slow for 300k of them) */
static void check_parse_same(const char *s)
{
    float want = (float)strtod(s, NULL), got = 12345.0f;
    enum vs_num_status st = vs_parse_float(s, strlen(s), &got);

    if (!isfinite(want)) {
        if (st != VS_NUM_RANGE)
            ck_abort_msg("\"%s\": status %d", s, st);
        return;
    }
    if (st != VS_NUM_OK)
        ck_abort_msg("\"%s\": status %d", s, st);
    if (memcmp(&got, &want, 4) != 0)
        ck_abort_msg("\"%s\": got %.9g, strtod gives %.9g", s, got, want);
}

START_TEST(test_float_special)
{
    float f;
    static const char *same[] = {
        "0", "-0", "+0", "0.0", "1", "-1", ".5", "5.", "-.5", "+1.5", "3.14159",
        "0.418", "-0.00085462823435953790", "-1.671300083398818970e-02",
        "7.239600270986557007e-02", "1e10", "1E-10", "1e+5", "123456789012345678901234",
        "0.000000000000000000000000000000000000000000001", "1e-45", "1e-46",
        "3.4028234e38", "3.4028235e38", "3.40282356e38", "1.17549435e-38",
        "9007199254740993", "9007199254740992", "0.1", "0.2", "0.3",
        "1.00000005960464477539062500000000001", /* just above a float midpoint */
        "1.000000059604644775390625",            /* exactly on it */
        "4.9406564584124654e-324", "2.2250738585072011e-308",
        "000000000000000000000000001.5", "1.50000000000000000000000000000",
    };
    size_t i;

    for (i = 0; i < sizeof same / sizeof same[0]; i++)
        check_parse_same(same[i]);
    ck_assert_int_eq(vs_parse_float("-0", 2, &f), VS_NUM_OK);
    ck_assert(signbit(f));
    ck_assert_int_eq(vs_parse_float("nan", 3, &f), VS_NUM_NONFINITE);
    ck_assert_int_eq(vs_parse_float("-NaN", 4, &f), VS_NUM_NONFINITE);
    ck_assert_int_eq(vs_parse_float("inf", 3, &f), VS_NUM_NONFINITE);
    ck_assert_int_eq(vs_parse_float("-Infinity", 9, &f), VS_NUM_NONFINITE);
    ck_assert_int_eq(vs_parse_float("1e39", 4, &f), VS_NUM_RANGE);
    ck_assert_int_eq(vs_parse_float("-1e400", 6, &f), VS_NUM_RANGE);
    ck_assert_int_eq(vs_parse_float("3.4028236e38", 12, &f), VS_NUM_RANGE);
    ck_assert_int_eq(vs_parse_float("1e-400", 6, &f), VS_NUM_OK);
    ck_assert(f == 0.0f);
    ck_assert_int_eq(vs_parse_float("0e999999999", 11, &f), VS_NUM_OK);
    ck_assert(f == 0.0f);
    ck_assert_int_eq(vs_parse_float("", 0, &f), VS_NUM_BAD);
    ck_assert_int_eq(vs_parse_float("-", 1, &f), VS_NUM_BAD);
    ck_assert_int_eq(vs_parse_float(".", 1, &f), VS_NUM_BAD);
    ck_assert_int_eq(vs_parse_float("1.5e", 4, &f), VS_NUM_BAD);
    ck_assert_int_eq(vs_parse_float("1.5e+", 5, &f), VS_NUM_BAD);
    ck_assert_int_eq(vs_parse_float("0x10", 4, &f), VS_NUM_BAD);
    ck_assert_int_eq(vs_parse_float("0,5", 3, &f), VS_NUM_BAD);
    ck_assert_int_eq(vs_parse_float("1 ", 2, &f), VS_NUM_BAD);
    ck_assert_int_eq(vs_parse_float("abc", 3, &f), VS_NUM_BAD);
    ck_assert_int_eq(vs_parse_float("1_000", 5, &f), VS_NUM_BAD);
    ck_assert_int_eq(vs_parse_float("--1", 3, &f), VS_NUM_BAD);
    ck_assert_int_eq(vs_parse_float("information", 11, &f), VS_NUM_BAD);
    /* not NUL-terminated: the parser must not read past len */
    ck_assert_int_eq(vs_parse_float("12345", 2, &f), VS_NUM_OK);
    ck_assert(f == 12.0f);
}
END_TEST

START_TEST(test_float_random)
{
    unsigned int seed = 2024;
    char s[96];
    int round;

    for (round = 0; round < 300000; round++) {
        int kind = rand_r(&seed) % 4, n = 0, digits, point, k;
        if (rand_r(&seed) % 2)
            s[n++] = '-';
        if (kind == 0) {
            /* %lf-like: 1-3 integer digits, 6 decimals */
            n += snprintf(s + n, sizeof s - (size_t)n, "%d.%06d", rand_r(&seed) % 1000,
                          rand_r(&seed) % 1000000);
        } else if (kind == 1) {
            /* a random float printed with 6 to 17 significant digits */
            float f = (float)rand_r(&seed) / (float)RAND_MAX * 4.0f - 2.0f;
            f = ldexpf(f, rand_r(&seed) % 60 - 30);
            n += snprintf(s + n, sizeof s - (size_t)n, "%.*g", 6 + rand_r(&seed) % 12,
                          (double)fabsf(f));
        } else if (kind == 2) {
            /* the midpoint between two adjacent floats, plus or minus a hair */
            float f = ldexpf((float)rand_r(&seed) / (float)RAND_MAX + 0.5f,
                             rand_r(&seed) % 200 - 100);
            double mid = ((double)f + (double)nextafterf(f, INFINITY)) / 2;
            int tweak = rand_r(&seed) % 3 - 1;
            mid = tweak == 0 ? mid : nextafter(mid, tweak > 0 ? INFINITY : 0);
            n += snprintf(s + n, sizeof s - (size_t)n, "%.*g", 9 + rand_r(&seed) % 17, mid);
        } else {
            /* random digits, a random point, a random exponent */
            digits = 1 + rand_r(&seed) % 25;
            point = rand_r(&seed) % (digits + 1);
            for (k = 0; k < digits; k++) {
                if (k == point)
                    s[n++] = '.';
                s[n++] = (char)('0' + rand_r(&seed) % 10);
            }
            if (rand_r(&seed) % 2)
                n += snprintf(s + n, sizeof s - (size_t)n, "e%d", rand_r(&seed) % 90 - 45);
        }
        s[n] = '\0';
        check_parse_same(s);
    }
}
END_TEST

/* ---------------------------------------------------------------- */
/* real files                                                        */
/* ---------------------------------------------------------------- */

START_TEST(test_high_precision_txt)
{
    vs_model *m = load(DATA("high_precision.kv.txt"));

    ck_assert_str_eq(m->format, "word2vec-text");
    ck_assert_uint_eq(m->n, 2);
    ck_assert_uint_eq(m->dim, 2);
    /* EXPECTED.md 2: horse.n.01[0] = -0.00085462822 as float32 */
    ck_assert(row_of(m, "horse.n.01")[0] == (float)-0.0008546282343595379);
    ck_assert(row_of(m, "horse.n.01")[0] == -0.00085462822f);
    ck_assert(row_of(m, "kangaroo.n.01")[1] == (float)-8.269973595356034e-05);
    ck_assert_int_eq(vs_model_find(m, "kangaroo.n.01"), 0);
    vs_model_free(m);
}
END_TEST

START_TEST(test_high_precision_bin)
{
    vs_model *m = load(DATA("high_precision.kv.bin"));

    ck_assert_str_eq(m->format, "word2vec-bin");
    ck_assert_uint_eq(m->n, 2);
    ck_assert_uint_eq(m->file_size, 45); /* no newlines between records */
    ck_assert_float_eq_tol(row_of(m, "kangaroo.n.01")[0], -0.0007367134f, 1e-10);
    ck_assert_float_eq_tol(row_of(m, "kangaroo.n.01")[1], -8.267164e-05f, 1e-11);
    ck_assert_float_eq_tol(row_of(m, "horse.n.01")[0], -0.0008544922f, 1e-10);
    ck_assert_float_eq_tol(row_of(m, "horse.n.01")[1], 0.00076961517f, 1e-10);
    vs_model_free(m);
}
END_TEST

START_TEST(test_euclidean_bin)
{
    vs_model *m = load(DATA("euclidean_vectors.bin"));
    const float *n;

    ck_assert_str_eq(m->format, "word2vec-bin");
    ck_assert_uint_eq(m->n, 2747);
    ck_assert_uint_eq(m->dim, 10);
    ck_assert_uint_eq(m->duplicates, 0);
    ck_assert_str_eq(vs_vocab_word(m->vocab, 0), "the");
    /* EXPECTED.md 2: similarity('war','conflict') = 0.93305397 */
    ck_assert_double_eq_tol(cosine(m, "war", "conflict"), 0.93305397, 1e-6);
    ck_assert_double_eq_tol(cosine(m, "war", "administration"), 0.923550, 1e-6);
    /* stored norms are the rows' norms */
    n = m->norms;
    ck_assert_ptr_nonnull(n);
    ck_assert(n[0] == vs_row_norm(vs_model_row(m, 0), 10));
    vs_model_free(m);
}
END_TEST

START_TEST(test_en_exponents)
{
    vs_model *m = load(DATA("EN.1-10.cbow1_wind5_hs0_neg10_size300_smpl1e-05.txt"));

    ck_assert_str_eq(m->format, "word2vec-text");
    ck_assert_uint_eq(m->n, 20);
    ck_assert_uint_eq(m->dim, 300);
    ck_assert(row_of(m, "one")[0] == (float)-1.671300083398818970e-02);
    ck_assert(row_of(m, "one")[1] == (float)7.239600270986557007e-02);
    vs_model_free(m);
}
END_TEST

START_TEST(test_glove_no_header)
{
    vs_model *m = load(DATA("test_glove.txt"));

    ck_assert_str_eq(m->format, "glove-text");
    ck_assert_uint_eq(m->n, 76);
    ck_assert_uint_eq(m->dim, 50);
    ck_assert_str_eq(vs_vocab_word(m->vocab, 0), "the");
    ck_assert(row_of(m, "the")[0] == 0.418f);
    vs_model_free(m);
}
END_TEST

START_TEST(test_fasttext_vec)
{
    vs_model *m = load(DATA("toy-model.vec")), *t;
    const char *p;
    FILE *f;
    char buf[4096];
    size_t len;

    ck_assert_str_eq(m->format, "fasttext-vec");
    ck_assert_uint_eq(m->n, 22);
    ck_assert_uint_eq(m->dim, 5);
    ck_assert_str_eq(vs_vocab_word(m->vocab, 0), "the");
    /* the same bytes under another name are word2vec text */
    make_tmpdir();
    f = fopen(DATA("toy-model.vec"), "rb");
    len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    p = write_tmp("toy.txt", buf, len);
    t = load(p);
    ck_assert_str_eq(t->format, "word2vec-text");
    assert_same_model(m, t);
    vs_model_free(t);
    vs_model_free(m);
    remove_tmpdir();
}
END_TEST

START_TEST(test_encoding_errors)
{
    const char *path = DATA("w2v_keyedvectors_load_test.modeldata");
    const char *msg = load_fails(path, NULL, VS_ENC_STRICT);
    vs_model *m;
    const float *v;

    ck_assert_ptr_nonnull(strstr(msg, path));
    ck_assert_ptr_nonnull(strstr(msg, "byte offset 4 (line 2)"));
    ck_assert_ptr_nonnull(strstr(msg, "--encoding-errors"));

    /* replace: each word ends in one U+FFFD (EXPECTED.md 2) */
    m = load_opts(path, NULL, 0, VS_ENC_REPLACE, 1);
    ck_assert_uint_eq(m->n, 2);
    ck_assert_uint_eq(m->bad_utf8, 2);
    v = row_of(m, "\xe3\x81\x82\xe3\x82\x8a\xe3\x81\x8c\xe3\x81\xa8\xe3\x81\x86\xef\xbf\xbd");
    ck_assert(v[0] == 0.6f && v[1] == 0.6f && v[2] == 0.6f);
    v = row_of(m, "\xe3\x81\xa9\xe3\x81\x86\xe3\x81\x84\xe3\x81\x9f\xe3\x81\x97\xe3\x81\xbe"
                  "\xe3\x81\x97\xe3\x81\xa6\xef\xbf\xbd");
    ck_assert(v[0] == 0.1f && v[1] == 0.2f && v[2] == 0.3f);
    vs_model_free(m);

    /* ignore: the same keys without it */
    m = load_opts(path, NULL, 0, VS_ENC_IGNORE, 1);
    ck_assert_uint_eq(m->bad_utf8, 2);
    v = row_of(m, "\xe3\x81\x82\xe3\x82\x8a\xe3\x81\x8c\xe3\x81\xa8\xe3\x81\x86");
    ck_assert(v[0] == 0.6f);
    v = row_of(m, "\xe3\x81\xa9\xe3\x81\x86\xe3\x81\x84\xe3\x81\x9f\xe3\x81\x97\xe3\x81\xbe"
                  "\xe3\x81\x97\xe3\x81\xa6");
    ck_assert(v[2] == 0.3f);
    vs_model_free(m);
}
END_TEST

START_TEST(test_binary_encoding_errors)
{
    const char *path = DATA("bad/bad-utf8.bin");
    vs_model *m = load_opts(path, NULL, 0, VS_ENC_REPLACE, 1);

    ck_assert_uint_eq(m->n, 2);
    ck_assert_uint_eq(m->bad_utf8, 1);
    ck_assert_int_eq(vs_model_find(m, "\xef\xbf\xbd"), 1); /* one U+FFFD */
    vs_model_free(m);
    m = load_opts(path, NULL, 0, VS_ENC_IGNORE, 1);
    ck_assert_int_eq(vs_model_find(m, ""), 1);
    vs_model_free(m);
}
END_TEST

START_TEST(test_text_and_binary_agree)
{
    vs_model *b = load(DATA("gen/w2v-2000x50.bin"));
    vs_model *t = load(DATA("gen/w2v-2000x50.txt"));

    ck_assert_str_eq(b->format, "word2vec-bin");
    ck_assert_str_eq(t->format, "word2vec-text");
    assert_same_model(b, t);
    vs_model_free(b);
    vs_model_free(t);
}
END_TEST

START_TEST(test_sniff_real_files)
{
    static const struct {
        const char *path, *format;
    } cases[] = {
        {DATA("euclidean_vectors.bin"), "word2vec-bin"},
        {DATA("gutenberg-w2v-cbow32.bin"), "word2vec-bin"},
        {DATA("high_precision.kv.bin"), "word2vec-bin"},
        {DATA("high_precision.kv.txt"), "word2vec-text"},
        {DATA("EN.1-10.cbow1_wind5_hs0_neg10_size300_smpl1e-05.txt"), "word2vec-text"},
        {DATA("test_glove.txt"), "glove-text"},
        {DATA("toy-model.vec"), "fasttext-vec"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vs_model *m = load(cases[i].path);
        ck_assert_msg(strcmp(m->format, cases[i].format) == 0, "%s: sniffed as %s",
                      cases[i].path, m->format);
        vs_model_free(m);
    }
}
END_TEST

START_TEST(test_gutenberg_w2v_bin)
{
    /* word2vec.c's own output: '\n' after every vector (EXPECTED.md 2.1) */
    vs_model *m = load(DATA("gutenberg-w2v-cbow32.bin"));

    ck_assert_str_eq(m->format, "word2vec-bin");
    ck_assert_uint_eq(m->n, 8243);
    ck_assert_uint_eq(m->dim, 32);
    ck_assert_str_eq(vs_vocab_word(m->vocab, 0), "</s>");
    ck_assert_str_eq(vs_vocab_word(m->vocab, 1), "the");
    vs_model_free(m);
}
END_TEST

/* The bigger models in shared/data (not copied into tests/data), when this
 * checkout sits next to it. */
START_TEST(test_shared_models)
{
    const char *dir = VS_SRCDIR "/../shared/data/models";
    char a[1024], b[1024];
    vs_model *bin, *txt;
    double maxdiff = 0;
    size_t i;
    const char *msg;

    snprintf(a, sizeof a, "%s/word2vec/gutenberg-w2v-cbow32.bin", dir);
    if (access(a, R_OK) != 0) {
        printf("formats: %s not found; skipping the shared models\n", dir);
        return;
    }
    /* .bin and .txt: two word2vec runs with the same settings, %lf text */
    snprintf(b, sizeof b, "%s/word2vec/gutenberg-w2v-cbow32.txt", dir);
    bin = load(a);
    txt = load(b);
    ck_assert_str_eq(txt->format, "word2vec-text");
    ck_assert_uint_eq(bin->n, txt->n);
    for (i = 0; i < bin->n; i++)
        ck_assert_str_eq(vs_vocab_word(bin->vocab, i), vs_vocab_word(txt->vocab, i));
    for (i = 0; i < bin->n * bin->dim; i++)
        maxdiff = fmax(maxdiff, fabs((double)bin->vecs[i] - txt->vecs[i]));
    printf("formats (shared) gutenberg-w2v-cbow32 .bin vs .txt: %zu x %zu, max |diff| %.2g\n",
           bin->n, bin->dim, maxdiff);
    ck_assert_double_le(maxdiff, 1e-6);
    vs_model_free(bin);
    vs_model_free(txt);

    /* GloVe: 8242 words and the <unk> row it appends, no header */
    snprintf(a, sizeof a, "%s/glove/gutenberg-glove25.txt", dir);
    txt = load(a);
    ck_assert_str_eq(txt->format, "glove-text");
    ck_assert_uint_eq(txt->n, 8243);
    ck_assert_uint_eq(txt->dim, 25);
    ck_assert_str_eq(vs_vocab_word(txt->vocab, txt->n - 1), "<unk>");
    vs_model_free(txt);

    snprintf(a, sizeof a, "%s/word2vec/word2vec_pre_kv_c", dir);
    txt = load(a);
    ck_assert_uint_eq(txt->n, 1750);
    ck_assert_uint_eq(txt->dim, 10);
    vs_model_free(txt);

    snprintf(a, sizeof a, "%s/fasttext/lee_fasttext.vec", dir);
    txt = load(a);
    ck_assert_str_eq(txt->format, "fasttext-vec");
    ck_assert_uint_eq(txt->n, 1762);
    vs_model_free(txt);
    snprintf(a, sizeof a, "%s/fasttext/crime-and-punishment.vec", dir);
    txt = load(a);
    ck_assert_int_ge(vs_model_find(txt, "\xd1\x85\xd0\xbe\xd0\xb7\xd1\x8f\xd0\xb9\xd0\xba\xd0\xb0"), 0);
    ck_assert_int_ge(vs_model_find(txt, "landlady"), 0);
    ck_assert_uint_eq(txt->bad_utf8, 0);
    vs_model_free(txt);
    /* EXPECTED.md 5: its header says 3 words for 1 line */
    snprintf(a, sizeof a, "%s/fasttext/pretrained.vec", dir);
    msg = load_fails(a, NULL, VS_ENC_STRICT);
    ck_assert_ptr_nonnull(strstr(msg, "header says 3 words, file has 1"));
}
END_TEST

/* ---------------------------------------------------------------- */
/* quirks                                                            */
/* ---------------------------------------------------------------- */

START_TEST(test_duplicates_text)
{
    const char *p;
    vs_model *m;

    make_tmpdir();
    p = write_tmp_str("dups.txt", "5 2\na 1 2\nb 3 4\na 5 6\nc 7 8\nb 9 10\n");
    m = load(p);
    ck_assert_uint_eq(m->n, 3);
    ck_assert_uint_eq(m->duplicates, 2);
    ck_assert_int_eq(vs_model_find(m, "a"), 0);
    ck_assert_int_eq(vs_model_find(m, "b"), 1);
    ck_assert_int_eq(vs_model_find(m, "c"), 2);
    ck_assert(row_of(m, "a")[0] == 1.0f); /* the first is kept */
    ck_assert(row_of(m, "b")[1] == 4.0f);
    ck_assert(row_of(m, "c")[0] == 7.0f && row_of(m, "c")[1] == 8.0f);
    ck_assert(m->norms[2] == sqrtf(113.0f));
    vs_model_free(m);

    /* --limit counts entries, duplicates included (gensim's limit) */
    m = load_opts(p, NULL, 3, VS_ENC_STRICT, 1);
    ck_assert_uint_eq(m->n, 2);
    ck_assert_uint_eq(m->duplicates, 1);
    vs_model_free(m);
    remove_tmpdir();
}
END_TEST

START_TEST(test_duplicates_binary)
{
    char buf[256];
    size_t n = 0;
    float v[2];
    const char *words[] = {"x", "y", "x", "z"}, *p;
    vs_model *m;
    int i;

    make_tmpdir();
    n += (size_t)sprintf(buf, "4 2\n");
    for (i = 0; i < 4; i++) {
        n += (size_t)sprintf(buf + n, "%s ", words[i]);
        v[0] = (float)i;
        v[1] = (float)(10 * i);
        memcpy(buf + n, v, sizeof v);
        n += sizeof v;
        if (i % 2)
            buf[n++] = '\n'; /* newlines on some records only */
    }
    p = write_tmp("dups.bin", buf, n);
    m = load(p);
    ck_assert_str_eq(m->format, "word2vec-bin");
    ck_assert_uint_eq(m->n, 3);
    ck_assert_uint_eq(m->duplicates, 1);
    ck_assert(row_of(m, "x")[1] == 0.0f);
    ck_assert(row_of(m, "z")[0] == 3.0f && row_of(m, "z")[1] == 30.0f);
    ck_assert_int_eq(vs_model_find(m, "z"), 2);
    ck_assert(m->norms[2] == vs_row_norm(row_of(m, "z"), 2));
    vs_model_free(m);
    remove_tmpdir();
}
END_TEST

START_TEST(test_limit)
{
    vs_model *full = load(DATA("euclidean_vectors.bin"));
    vs_model *m = load_opts(DATA("euclidean_vectors.bin"), NULL, 10, VS_ENC_STRICT, 1);
    vs_model *t;

    ck_assert_uint_eq(m->n, 10);
    ck_assert(memcmp(m->vecs, full->vecs, 10 * 10 * sizeof(float)) == 0);
    ck_assert_str_eq(vs_vocab_word(m->vocab, 9), vs_vocab_word(full->vocab, 9));
    ck_assert_int_eq(vs_model_find(m, vs_vocab_word(full->vocab, 10)), -1);
    vs_model_free(m);
    /* a limit above the count is no limit */
    m = load_opts(DATA("euclidean_vectors.bin"), NULL, 100000, VS_ENC_STRICT, 1);
    ck_assert_uint_eq(m->n, 2747);
    vs_model_free(m);
    /* text, with and without a header */
    t = load_opts(DATA("EN.1-10.cbow1_wind5_hs0_neg10_size300_smpl1e-05.txt"), NULL, 5,
                  VS_ENC_STRICT, 2);
    ck_assert_uint_eq(t->n, 5);
    vs_model_free(t);
    t = load_opts(DATA("test_glove.txt"), NULL, 7, VS_ENC_STRICT, 2);
    ck_assert_uint_eq(t->n, 7);
    ck_assert_uint_eq(t->dim, 50);
    vs_model_free(t);
    vs_model_free(full);
}
END_TEST

START_TEST(test_header_says_fewer)
{
    const char *p;
    vs_model *m;

    make_tmpdir();
    /* gensim reads the header's count and ignores the rest */
    p = write_tmp_str("fewer.txt", "2 2\na 1 2\nb 3 4\nc 5 6\nthis line is junk\n");
    m = load(p);
    ck_assert_uint_eq(m->n, 2);
    ck_assert_int_eq(vs_model_find(m, "c"), -1);
    vs_model_free(m);
    remove_tmpdir();
}
END_TEST

START_TEST(test_crlf_blanks)
{
    const char *p;
    vs_model *m;

    make_tmpdir();
    p = write_tmp_str("crlf.txt", "2 3\r\na 1 2 3 \r\n\r\nb\t4  5\t6\t\r\n   \n");
    m = load(p);
    ck_assert_uint_eq(m->n, 2);
    ck_assert_uint_eq(m->dim, 3);
    ck_assert(row_of(m, "a")[2] == 3.0f);
    ck_assert(row_of(m, "b")[0] == 4.0f && row_of(m, "b")[2] == 6.0f);
    vs_model_free(m);
    /* word2vec.c's "%lf " with a trailing space, and no final newline */
    p = write_tmp_str("w2v.txt", "1 2\n</s> 0.001 -0.002 ");
    m = load(p);
    ck_assert(row_of(m, "</s>")[1] == -0.002f);
    vs_model_free(m);
    remove_tmpdir();
}
END_TEST

START_TEST(test_glove_spaces_in_words)
{
    const char *p;
    vs_model *m;

    make_tmpdir();
    /* glove.840B: the vector is the last dim fields */
    p = write_tmp_str("840b.txt", ", 1 2\n. . . 3 4\nat name@domain.com 5 6\nx 7 8\n"
                                  ". . . 9 9\n");
    m = load(p);
    ck_assert_str_eq(m->format, "glove-text");
    ck_assert_uint_eq(m->n, 4);
    ck_assert_uint_eq(m->dim, 2);
    ck_assert_uint_eq(m->duplicates, 1);
    ck_assert(row_of(m, ". . .")[0] == 3.0f);
    ck_assert(row_of(m, "at name@domain.com")[1] == 6.0f);
    vs_model_free(m);
    /* A GloVe file written with -write-header 1 */
    p = write_tmp_str("hdr.txt", "2 2\na 1 2\nb 3 4\n");
    m = load_opts(p, "glove-text", 0, VS_ENC_STRICT, 1);
    ck_assert_uint_eq(m->n, 2);
    ck_assert_str_eq(m->format, "glove-text");
    vs_model_free(m);
    remove_tmpdir();
}
END_TEST

/* ---------------------------------------------------------------- */
/* the parallel reader                                               */
/* ---------------------------------------------------------------- */

/* A headerless text model of about 12 MB (several chunks), with some
 * duplicates and, if bad_line > 0, a non-number on that line and another
 * one later. Returns the path. */
static const char *write_big_text(const char *name, int bad_line)
{
    static char path[512];
    unsigned int seed = 99;
    FILE *f;
    int i, j;

    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (i = 1; i <= 20000; i++) {
        if (i % 997 == 0)
            fprintf(f, "w%d", i - 500); /* a duplicate of an earlier word */
        else
            fprintf(f, "w%d", i);
        for (j = 0; j < 100; j++) {
            if (bad_line > 0 && (i == bad_line || i == bad_line + 3000) && j == 50)
                fprintf(f, " oops");
            else
                fprintf(f, " %.6f", (double)rand_r(&seed) / RAND_MAX - 0.5);
        }
        fputc('\n', f);
    }
    fclose(f);
    return path;
}

START_TEST(test_threads_agree)
{
    const char *p;
    vs_model *a, *b, *c;

    make_tmpdir();
    p = write_big_text("big.txt", 0);
    a = load_opts(p, NULL, 0, VS_ENC_STRICT, 1);
    b = load_opts(p, NULL, 0, VS_ENC_STRICT, 4);
    ck_assert_uint_eq(a->dim, 100);
    ck_assert_uint_eq(a->n, 20000 - 20);
    ck_assert_uint_eq(a->duplicates, 20);
    assert_same_model(a, b);
    {
        /* every number is (float)strtod of its text, as write_big_text
         * printed it: the parser's in-buffer path (digits followed by more
         * of the line) against strtod */
        unsigned int seed = 99;
        int i, j;
        char num[64];
        for (i = 1; i <= 20000; i++) {
            char w[16];
            long id;
            snprintf(w, sizeof w, "w%d", i % 997 == 0 ? i - 500 : i);
            id = vs_model_find(a, w);
            for (j = 0; j < 100; j++) {
                float want;
                snprintf(num, sizeof num, "%.6f", (double)rand_r(&seed) / RAND_MAX - 0.5);
                want = (float)strtod(num, NULL);
                if (i % 997 != 0 && vs_model_row(a, (size_t)id)[j] != want)
                    ck_abort_msg("line %d field %d: %.9g, want %s", i, j + 2,
                                 vs_model_row(a, (size_t)id)[j], num);
            }
        }
    }
    vs_model_free(b);
    /* a limit that ends inside a later chunk */
    c = load_opts(p, NULL, 15000, VS_ENC_STRICT, 3);
    ck_assert_uint_eq(c->n, 15000 - 15);
    ck_assert(memcmp(c->vecs, a->vecs, c->n * 100 * sizeof(float)) == 0);
    vs_model_free(c);
    vs_model_free(a);
    remove_tmpdir();
}
END_TEST

START_TEST(test_threads_first_error)
{
    const char *p, *msg;
    int t;

    make_tmpdir();
    p = write_big_text("bad.txt", 14000);
    for (t = 1; t <= 4; t += 3) {
        vs_load_opts o;
        vs_model *m = NULL;
        vs_error err;
        memset(&o, 0, sizeof o);
        o.threads = t;
        ck_assert_int_eq(vs_format_load(p, &o, &m, &err), -1);
        ck_assert_ptr_null(m);
        msg = err.msg;
        ck_assert_msg(strstr(msg, "line 14000:") != NULL, "threads %d: %s", t, msg);
        ck_assert_ptr_nonnull(strstr(msg, "\"oops\""));
    }
    remove_tmpdir();
}
END_TEST

static int progress_calls;

static void cancel_on_first(void *ud, const char *what, double fraction)
{
    (void)ud;
    (void)what;
    if (fraction >= 0 && progress_calls++ == 0)
        vs_interrupted = 1;
}

/* Loads path with a progress callback that "presses Ctrl-C" when it is
 * first called (or, with at_start, before the load begins). */
static void check_cancel(const char *path, int threads, int at_start)
{
    vs_progress prog = {cancel_on_first, NULL};
    vs_load_opts o;
    vs_model *m = NULL;
    vs_error err;

    memset(&o, 0, sizeof o);
    o.threads = threads;
    o.progress = &prog;
    progress_calls = at_start;
    vs_interrupted = at_start;
    ck_assert_int_eq(vs_format_load(path, &o, &m, &err), -1);
    ck_assert_ptr_null(m);
    ck_assert_msg(strstr(err.msg, "interrupted") != NULL, "%s", err.msg);
    ck_assert_ptr_nonnull(strstr(err.msg, path));
    ck_assert_int_ge(progress_calls, 1);
    vs_interrupted = 0;
}

START_TEST(test_cancel)
{
    const char *p;
    char buf[64];
    size_t n;
    float v[4] = {1, 2, 3, 4};

    make_tmpdir();
    p = write_big_text("big.txt", 0);
    check_cancel(p, 1, 0);
    check_cancel(p, 3, 0);
    n = (size_t)sprintf(buf, "1 4\nw ");
    memcpy(buf + n, v, sizeof v);
    p = write_tmp("small.bin", buf, n + sizeof v);
    check_cancel(p, 1, 1);
    remove_tmpdir();
}
END_TEST

/* ---------------------------------------------------------------- */
/* the native cache                                                  */
/* ---------------------------------------------------------------- */

static const char *cache_path(const char *name)
{
    static char path[512];

    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

static void save_ok(vs_model *m, const char *path)
{
    vs_error err;

    ck_assert_msg(vs_cache_save(m, path, NULL, &err) == 0, "%s", err.msg);
}

START_TEST(test_cache_round_trip)
{
    vs_model *m = load(DATA("euclidean_vectors.bin")), *c, *c2;
    char path[512], path2[512];
    size_t i, files = 0;
    DIR *d;
    struct dirent *e;

    make_tmpdir();
    snprintf(path, sizeof path, "%s", cache_path("e.vscache"));
    save_ok(m, path);
    c = load(path);
    ck_assert_str_eq(c->format, "vecscope-cache");
    ck_assert_str_eq(vs_cache_source_format(c), "word2vec-bin");
    ck_assert_ptr_null(vs_cache_source_format(m));
    ck_assert_int_eq(c->vecs_owned, 0);
    ck_assert_ptr_nonnull(c->map);
    assert_same_model(m, c);
    /* every word is found through the stored hash table */
    for (i = 0; i < c->n; i++)
        ck_assert_int_eq(vs_vocab_find(c->vocab, vs_vocab_word(m->vocab, i),
                                       vs_vocab_len(m->vocab, i)),
                         (long)i);
    ck_assert_int_eq(vs_model_find(c, "no-such-word"), -1);
    ck_assert_double_eq_tol(cosine(c, "war", "conflict"), 0.93305397, 1e-6);
    /* saving the cache again keeps the original format and the bytes */
    snprintf(path2, sizeof path2, "%s", cache_path("e2.vscache"));
    save_ok(c, path2);
    c2 = load(path2);
    ck_assert_str_eq(vs_cache_source_format(c2), "word2vec-bin");
    assert_same_model(c, c2);
    vs_model_free(c2);
    /* no temporary file is left behind */
    d = opendir(tmpdir);
    while ((e = readdir(d)) != NULL)
        files += e->d_name[0] != '.';
    closedir(d);
    ck_assert_uint_eq(files, 2);
    /* --limit on a cache */
    c2 = load_opts(path, NULL, 100, VS_ENC_STRICT, 1);
    ck_assert_uint_eq(c2->n, 100);
    ck_assert_int_eq(vs_model_find(c2, vs_vocab_word(m->vocab, 99)), 99);
    ck_assert_int_eq(vs_model_find(c2, vs_vocab_word(m->vocab, 100)), -1);
    ck_assert(memcmp(c2->vecs, m->vecs, 100 * 10 * sizeof(float)) == 0);
    vs_model_free(c2);
    vs_model_free(c);
    vs_model_free(m);
    remove_tmpdir();
}
END_TEST

START_TEST(test_cache_keeps_counts)
{
    vs_model *m = load_opts(DATA("w2v_keyedvectors_load_test.modeldata"), NULL, 0,
                            VS_ENC_REPLACE, 1), *c;
    char path[512];

    make_tmpdir();
    snprintf(path, sizeof path, "%s", cache_path("m.vscache"));
    save_ok(m, path);
    c = load(path);
    ck_assert_uint_eq(c->bad_utf8, 2);
    ck_assert_str_eq(vs_cache_source_format(c), "word2vec-text");
    assert_same_model(m, c);
    vs_model_free(c);
    vs_model_free(m);
    remove_tmpdir();
}
END_TEST

/* Header fields, at the offsets of the diagram in cache.c. */
enum { H_N = 16, H_WORDS_OFF = 64, H_OFFS_OFF = 80, H_TABLE_OFF = 88, H_TABLE_SIZE = 96,
       H_NORMS_OFF = 104, H_VECS_OFF = 112 };

static uint64_t read_u64(const char *path, off_t at)
{
    uint64_t v = 0;
    int fd = open(path, O_RDONLY);

    ck_assert_int_eq(pread(fd, &v, 8, at), 8);
    close(fd);
    return v;
}

static void write_bytes(const char *path, off_t at, const void *p, size_t n)
{
    int fd = open(path, O_WRONLY);

    ck_assert_int_eq(pwrite(fd, p, n, at), (ssize_t)n);
    close(fd);
}

static void write_u64(const char *path, off_t at, uint64_t v)
{
    write_bytes(path, at, &v, 8);
}

/* Copies src to tmpdir/name. */
static const char *copy_to(const char *src, const char *name)
{
    static char path[512];
    char buf[1 << 16];
    FILE *in = fopen(src, "rb"), *out;
    size_t n;

    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    out = fopen(path, "wb");
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    fclose(in);
    fclose(out);
    return path;
}

static void expect_corrupt(const char *path, const char *what)
{
    const char *msg = load_fails(path, NULL, VS_ENC_STRICT);

    ck_assert_ptr_nonnull(strstr(msg, path));
    ck_assert_msg(strstr(msg, what) != NULL, "%s: want \"%s\" in \"%s\"", path, what, msg);
}

START_TEST(test_cache_corrupt)
{
    vs_model *m = load(DATA("euclidean_vectors.bin"));
    char good[512];
    const char *p;
    uint64_t v;
    uint32_t u;
    struct stat st;

    make_tmpdir();
    snprintf(good, sizeof good, "%s", cache_path("good.vscache"));
    save_ok(m, good);
    vs_model_free(m);

    p = copy_to(good, "short.vscache");
    stat(p, &st);
    ck_assert_int_eq(truncate(p, st.st_size - 1), 0);
    expect_corrupt(p, "truncated");

    p = copy_to(good, "magic.vscache");
    write_bytes(p, 0, "VSCACHE2", 8);
    expect_corrupt(p, "unrecognised format");

    p = copy_to(good, "version.vscache");
    u = 7;
    write_bytes(p, 8, &u, 4);
    expect_corrupt(p, "version 7");

    p = copy_to(good, "order.vscache");
    u = 0x04030201u;
    write_bytes(p, 12, &u, 4);
    expect_corrupt(p, "byte order");

    p = copy_to(good, "n.vscache");
    write_u64(p, H_N, UINT64_C(1) << 40);
    expect_corrupt(p, "corrupt");

    p = copy_to(good, "words.vscache");
    write_u64(p, H_WORDS_OFF, (uint64_t)st.st_size + 100);
    expect_corrupt(p, "words");

    p = copy_to(good, "vecs.vscache");
    write_u64(p, H_VECS_OFF, read_u64(good, H_VECS_OFF) + 4);
    expect_corrupt(p, "matrix");

    p = copy_to(good, "tsize.vscache");
    write_u64(p, H_TABLE_SIZE, read_u64(good, H_TABLE_SIZE) - 1);
    expect_corrupt(p, "hash table");

    p = copy_to(good, "tid.vscache");
    v = read_u64(good, H_TABLE_OFF);
    {
        /* a slot that holds an id: make it out of range */
        uint32_t id = 0;
        off_t at = (off_t)v;
        int fd = open(p, O_RDONLY);
        do {
            ck_assert_int_eq(pread(fd, &id, 4, at), 4);
            at += 4;
        } while (id == 0xFFFFFFFFu);
        close(fd);
        id = 5000;
        write_bytes(p, at - 4, &id, 4);
    }
    expect_corrupt(p, "word id");

    p = copy_to(good, "offs.vscache");
    write_u64(p, (off_t)read_u64(good, H_OFFS_OFF) + 8 * 5, 0);
    expect_corrupt(p, "word");

    /* an offset far past the words, in the middle of the array */
    p = copy_to(good, "offs2.vscache");
    write_u64(p, (off_t)read_u64(good, H_OFFS_OFF) + 8 * 3, UINT64_C(1) << 40);
    expect_corrupt(p, "word 2");

    p = copy_to(good, "nul.vscache");
    write_bytes(p, (off_t)read_u64(good, H_WORDS_OFF) + 3, "x", 1); /* "the\0" */
    expect_corrupt(p, "NUL");

    /* a NUL inside word 0 ("t\0e"): the hash table misses it, and a --limit
     * load, which builds its own map, refuses the word rather than shift
     * every id after it */
    p = copy_to(good, "nul-inside.vscache");
    write_bytes(p, (off_t)read_u64(good, H_WORDS_OFF) + 1, "", 1);
    expect_corrupt(p, "hash table finds word 0");
    {
        const char *msg = load_fails_limit(p, NULL, VS_ENC_STRICT, 3);
        ck_assert_msg(strstr(msg, p) != NULL &&
                      strstr(msg, "word 0 repeats an earlier word or holds a NUL") != NULL,
                      "%s", msg);
    }

    /* Damage the sizes do not show, caught by the sample checks at open: a
     * stored norm that is not its row's (nn would print a cosine of 1.15) */
    p = copy_to(good, "norm.vscache");
    {
        float f;
        int fd = open(p, O_RDONLY);
        ck_assert_int_eq(pread(fd, &f, 4, (off_t)read_u64(good, H_NORMS_OFF)), 4);
        close(fd);
        f /= 1.15f;
        write_bytes(p, (off_t)read_u64(good, H_NORMS_OFF), &f, 4);
    }
    expect_corrupt(p, "stored norm of row 0");

    /* two hash-table slots swapped: every id still in range, but 'the' is
     * found at another word's index */
    p = copy_to(good, "swap.vscache");
    {
        uint32_t ids[2] = {0, 0}, id;
        off_t at[2], pos = (off_t)read_u64(good, H_TABLE_OFF);
        int fd = open(p, O_RDONLY), k = 0;
        while (k < 2) {
            ck_assert_int_eq(pread(fd, &id, 4, pos), 4);
            if (id != 0xFFFFFFFFu && (k == 0 || id != ids[0]) && (id == 0 || k == 1)) {
                ids[k] = id;
                at[k++] = pos;
            }
            pos += 4;
        }
        close(fd);
        write_bytes(p, at[0], &ids[1], 4);
        write_bytes(p, at[1], &ids[0], 4);
    }
    expect_corrupt(p, "hash table finds word 0");

    /* a NaN in a sampled row */
    p = copy_to(good, "nan.vscache");
    {
        float nan = NAN;
        write_bytes(p, (off_t)read_u64(good, H_VECS_OFF) + 4, &nan, 4);
    }
    expect_corrupt(p, "row 0 holds nan");

    remove_tmpdir();
}
END_TEST

START_TEST(test_cache_refuses_non_static)
{
    vs_model *m = load(DATA("high_precision.kv.txt"));
    vs_error err;

    m->kind = VS_MODEL_SUBWORD;
    make_tmpdir();
    ck_assert_int_eq(vs_cache_save(m, cache_path("x.vscache"), NULL, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "cannot be cached"));
    ck_assert_int_eq(access(cache_path("x.vscache"), F_OK), -1);
    m->kind = VS_MODEL_STATIC;
    vs_model_free(m);
    remove_tmpdir();
}
END_TEST

/* ---------------------------------------------------------------- */
/* paths and the malformed corpus                                    */
/* ---------------------------------------------------------------- */

START_TEST(test_path_errors)
{
    const char *msg;

    msg = load_fails("/nonexistent/model.bin", NULL, VS_ENC_STRICT);
    ck_assert_str_eq(msg, "/nonexistent/model.bin: no such file");
    msg = load_fails(VS_TESTDATA, NULL, VS_ENC_STRICT);
    ck_assert_ptr_nonnull(strstr(msg, "is a directory"));
    msg = load_fails(DATA("test_glove.txt"), "no-such-format", VS_ENC_STRICT);
    ck_assert_ptr_nonnull(strstr(msg, "unknown format \"no-such-format\""));
    ck_assert_ptr_nonnull(strstr(msg, "word2vec-bin"));
    ck_assert_ptr_null(vs_format_find("nope"));
    ck_assert_ptr_eq(vs_format_find("glove-text"), &vs_format_glove_text);
    if (geteuid() != 0) {
        const char *p;
        make_tmpdir();
        p = write_tmp_str("secret.txt", "1 1\na 1\n");
        chmod(p, 0);
        msg = load_fails(p, NULL, VS_ENC_STRICT);
        ck_assert_ptr_nonnull(strstr(msg, "permission denied"));
        remove_tmpdir();
    }
}
END_TEST

/* Out of memory for a model-sized allocation is the loader's message, not
 * an exit (xalloc.h): with xalloc_try_limit below each model's matrix (or,
 * for BERT in float16, below a float32 copy of a tensor), every loader
 * fails naming the file and the size, and the same file loads once memory
 * is there again. */
START_TEST(test_out_of_memory)
{
    static const struct {
        const char *file, *want;
        size_t limit;
    } cases[] = {
        {"eval/case-model.txt", "not enough memory for the vectors (44 x 32 bytes", 1000},
        {"high_precision.kv.bin", "not enough memory for the vectors (2 x 8 bytes", 8},
        {"fasttext/crime-and-punishment.bin", "not enough memory for the vectors (291 x 20 bytes", 4000},
        {"bert/tiny-f16", "not enough memory for a float32 copy of tensor", 1000},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[512];
        const char *msg;
        vs_load_opts o;
        vs_model *m;
        vs_error err;

        snprintf(path, sizeof path, "%s/%s", VS_TESTDATA, cases[i].file);
        xalloc_try_limit = cases[i].limit;
        msg = load_fails(path, NULL, VS_ENC_STRICT);
        ck_assert_msg(strstr(msg, cases[i].want) != NULL && strstr(msg, cases[i].file),
                      "%s: message \"%s\" lacks \"%s\"", cases[i].file, msg,
                      cases[i].want);
        xalloc_try_limit = 0;
        memset(&o, 0, sizeof o);
        o.threads = 1;
        ck_assert_msg(vs_format_load(path, &o, &m, &err) == 0, "%s: %s", path, err.msg);
        vs_model_free(m);
    }
}
END_TEST

struct bad_case {
    const char *file;    /* in tests/data/bad/ */
    const char *format;  /* forced, or NULL to sniff */
    const char *where;   /* must be in the message, or NULL */
    const char *what;    /* must be in the message */
};

static const struct bad_case bad_cases[] = {
    {"truncated.bin", NULL, "byte offset 55", "count says 3 words, found 2"},
    {"count-too-big.bin", NULL, "byte offset 28", "count says 5 words, found 2"},
    {"zero-dim.bin", "word2vec-bin", NULL, "0 dimensions"},
    {"absurd-dim.bin", NULL, NULL, "1000000000000 dimensions"},
    {"absurd-count.bin", NULL, "byte offset 31", "found 1"},
    {"nan.bin", NULL, "byte offset 23", "NaN"},
    {"inf.bin", NULL, "byte offset 7", "infinite"},
    {"empty-word.bin", NULL, "byte offset 16", "empty"},
    {"bad-utf8.bin", NULL, "byte offset 16", "not valid UTF-8"},
    {"no-header.bin", "word2vec-bin", "line 1", "expected a header"},
    {"ragged-short.txt", NULL, "line 3:", "expected a word and 3 numbers, found 3 fields"},
    {"ragged-long.txt", NULL, "line 4:", "found 5 fields"},
    {"ragged.glove.txt", NULL, "line 3:", "expected a word and 3 numbers"},
    {"not-a-number.txt", NULL, "line 3:", "(\"abc\") is not a number"},
    {"decimal-comma.txt", NULL, "line 2:", "\"0,5\""},
    {"nan.txt", NULL, "line 3:", "\"nan\""},
    {"inf.txt", NULL, "line 2:", "\"-Inf\""},
    {"float-range.txt", NULL, "line 2:", "too large"},
    {"empty-word.txt", NULL, "line 3:", "empty"},
    {"count-too-big.txt", NULL, "line 1:", "header says 5 words, file has 2"},
    {"header-only.txt", NULL, "line 1:", "file has 0"},
    {"zero-dim.txt", "word2vec-text", "line 1:", "0 dimensions"},
    {"absurd-dim.txt", NULL, "line 1:", "1000000000000 dimensions"},
    {"truncated.txt", NULL, "line 3:", "found 2 fields"},
    {"bad-utf8.txt", NULL, "byte offset 11 (line 3)", "not valid UTF-8"},
    {"nul-word.txt", "word2vec-text", "line 2:", "NUL"},
    {"word-only.glove.txt", NULL, "line 2:", "found 1 field"},
    {"empty", NULL, NULL, "empty"},
    {"one-byte", NULL, NULL, "1 byte"},
    {"garbage.dat", NULL, NULL, "unrecognised format"},
    {"bad-version.vscache", NULL, NULL, "version 0"},
    {"short.vscache", NULL, NULL, "too short"},
    {"absurd-count.vscache", NULL, NULL, "1000000000000 words, more than fit in its 512 bytes"},
    {"absurd-dim.vscache", NULL, NULL, "1000000000000 dimensions, more than fit in its 512 bytes"},
};

#define NBAD (sizeof bad_cases / sizeof bad_cases[0])

START_TEST(test_bad_corpus)
{
    const struct bad_case *c = &bad_cases[_i];
    char path[512];
    const char *msg;

    snprintf(path, sizeof path, "%s/bad/%s", VS_TESTDATA, c->file);
    msg = load_fails(path, c->format, VS_ENC_STRICT);
    ck_assert_msg(strstr(msg, path) != NULL, "no file name in: %s", msg);
    ck_assert_msg(c->where == NULL || strstr(msg, c->where) != NULL,
                  "want \"%s\" in: %s", c->where, msg);
    ck_assert_msg(strstr(msg, c->what) != NULL, "want \"%s\" in: %s", c->what, msg);
    /* one sentence: no newline, no trailing period */
    ck_assert_ptr_null(strchr(msg, '\n'));
    ck_assert(msg[strlen(msg) - 1] != '.');
}
END_TEST

/* Every format forced on every bad file: no crash, and a failure names the
 * file. */
START_TEST(test_bad_corpus_any_format)
{
    const struct bad_case *c = &bad_cases[_i];
    char path[512];
    size_t f;

    snprintf(path, sizeof path, "%s/bad/%s", VS_TESTDATA, c->file);
    for (f = 0; vs_formats[f] != NULL; f++) {
        vs_load_opts o;
        vs_model *m = NULL;
        vs_error err;
        memset(&o, 0, sizeof o);
        o.format = vs_formats[f]->name;
        o.threads = 2;
        if (vs_format_load(path, &o, &m, &err) == 0) {
            ck_assert_ptr_nonnull(m);
            vs_model_free(m);
        } else {
            ck_assert_ptr_null(m);
            ck_assert_msg(strstr(err.msg, path) != NULL, "%s as %s: %s", c->file,
                          o.format, err.msg);
        }
    }
}
END_TEST

Suite *suite_formats(void)
{
    Suite *s = suite_create("formats");
    TCase *tc;

    tc = tcase_create("numbers");
    tcase_add_test(tc, test_float_special);
    tcase_add_test(tc, test_float_random);
    suite_add_tcase(s, tc);

    tc = tcase_create("files");
    tcase_add_test(tc, test_high_precision_txt);
    tcase_add_test(tc, test_high_precision_bin);
    tcase_add_test(tc, test_euclidean_bin);
    tcase_add_test(tc, test_en_exponents);
    tcase_add_test(tc, test_glove_no_header);
    tcase_add_test(tc, test_fasttext_vec);
    tcase_add_test(tc, test_encoding_errors);
    tcase_add_test(tc, test_binary_encoding_errors);
    tcase_add_test(tc, test_text_and_binary_agree);
    tcase_add_test(tc, test_sniff_real_files);
    tcase_add_test(tc, test_gutenberg_w2v_bin);
    tcase_add_test(tc, test_shared_models);
    suite_add_tcase(s, tc);

    tc = tcase_create("quirks");
    tcase_add_test(tc, test_duplicates_text);
    tcase_add_test(tc, test_duplicates_binary);
    tcase_add_test(tc, test_limit);
    tcase_add_test(tc, test_header_says_fewer);
    tcase_add_test(tc, test_crlf_blanks);
    tcase_add_test(tc, test_glove_spaces_in_words);
    suite_add_tcase(s, tc);

    tc = tcase_create("parallel");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_threads_agree);
    tcase_add_test(tc, test_threads_first_error);
    tcase_add_test(tc, test_cancel);
    suite_add_tcase(s, tc);

    tc = tcase_create("cache");
    tcase_add_test(tc, test_cache_round_trip);
    tcase_add_test(tc, test_cache_keeps_counts);
    tcase_add_test(tc, test_cache_corrupt);
    tcase_add_test(tc, test_cache_refuses_non_static);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_test(tc, test_path_errors);
    tcase_add_test(tc, test_out_of_memory);
    tcase_add_loop_test(tc, test_bad_corpus, 0, (int)NBAD);
    tcase_add_loop_test(tc, test_bad_corpus_any_format, 0, (int)NBAD);
    suite_add_tcase(s, tc);
    return s;
}
