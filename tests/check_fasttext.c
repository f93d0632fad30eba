/*
 * check_fasttext.c - the fastText .bin/.ftz loader against fastText itself.
 *
 * Reference files in tests/data/fasttext/ come from Debian's fastText 0.9.2
 * (libfasttext through python3-fasttext, and the CLI) and, for the old
 * format that fastText no longer reads, from gensim 4.2; they are made by
 * tests/gen-fasttext-reference.py. Tested here: the hash (values from
 * gensim's tests), the n-gram rows of every reference word (getSubwords),
 * word vectors for known and unknown words, ASCII and not (getWordVector to
 * 1e-5, the CLI's 5-digit print-word-vectors to 1e-4 relative), `nn` top 10
 * (same words, same order, cosines to 1e-4), quantized .ftz files, the old
 * format, the limit option, `info` rows, cancellation, and malformed files:
 * each must fail with a message naming the file and a byte offset, and
 * leave nothing behind. The max differences are printed.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_suites.h"
#include "format/fasttext.h"
#include "format/format.h"
#include "knn.h"
#include "model.h"
#include "progress.h"
#include "query.h"
#include "result.h"
#include "xalloc.h"

#define FTDATA VS_TESTDATA "/fasttext"

/* Models fastText 0.9.2 reads, with iv/oov/subwords/cli/nn references. */
static const char *const ft_models[] = {
    "toy-model.bin", "toy-model-pretrained.bin", "crime-and-punishment.bin",
    "lee_fasttext_new.bin", "sg-d8-n3-6-b2000.bin", "cbow-d10-n2-4-b5000.bin",
    "sg-d12-maxn0.bin", "cbow-d6-n1-3-b500.bin", "sup-d8-n2-5-b1000.bin",
    "sup-d4-firstword.bin", "sup-d8-n2-5-b1000-qnorm-cutoff.ftz",
    "sup-d8-n2-5-b1000-dsub3.ftz", "sup-d4-firstword-qout.ftz",
};
#define N_FT_MODELS (sizeof ft_models / sizeof ft_models[0])

/* Old-format models (no magic) with gensim references. */
static const char *const old_models[] = {
    "lee_fasttext.bin", "non_ascii_fasttext.bin",
};
#define N_OLD_MODELS (sizeof old_models / sizeof old_models[0])

/* ---- helpers ---- */

static vs_model *load_ft(const char *path, enum vs_encoding_errors enc, size_t limit,
                         vs_error *err)
{
    vs_load_opts o;
    vs_model *m = NULL;

    memset(&o, 0, sizeof o);
    o.encoding_errors = enc;
    o.limit = limit;
    o.threads = 2;
    if (vs_format_fasttext_bin.load(path, &o, &m, err) != 0) {
        ck_assert_ptr_null(m);
        return NULL;
    }
    return m;
}

static vs_model *must_load(const char *name)
{
    char path[512];
    vs_error err;
    vs_model *m;

    snprintf(path, sizeof path, "%s/%s", FTDATA, name);
    vs_error_clear(&err);
    m = load_ft(path, VS_ENC_REPLACE, 0, &err);
    ck_assert_msg(m != NULL, "loading %s: %s", name, err.msg);
    return m;
}

/* The reference file NAME minus its extension, plus suffix. */
static char *ref_path(const char *model, const char *suffix)
{
    const char *dot = strrchr(model, '.');

    return xasprintf("%s/%.*s%s", FTDATA, (int)(dot - model), model, suffix);
}

/* The lines of a file, without '\n'; '#' lines and empty lines dropped. */
static char **read_lines(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    char **v = NULL, *line = NULL;
    size_t cap = 0, len = 0, lcap = 0;
    ssize_t got;

    ck_assert_msg(f != NULL, "cannot open %s: %s", path, strerror(errno));
    while ((got = getline(&line, &lcap, f)) > 0) {
        if (line[got - 1] == '\n')
            line[--got] = '\0';
        if (got == 0 || line[0] == '#')
            continue;
        if (len == cap) {
            cap = cap ? 2 * cap : 64;
            v = xreallocarray(v, cap, sizeof *v);
        }
        v[len++] = xstrdup(line);
    }
    free(line);
    fclose(f);
    *n = len;
    return v;
}

static void free_lines(char **v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Splits line in place at sep; returns the number of fields (<= max). */
static size_t split(char *line, char sep, char **f, size_t max)
{
    size_t n = 0;

    while (n < max) {
        char *e = strchr(line, sep);
        f[n++] = line;
        if (e == NULL)
            break;
        *e = '\0';
        line = e + 1;
    }
    return n;
}

/* Compares the vectors of a word/in_vocab/v1..vd TSV with the model's;
 * returns the max abs difference. */
static double check_vectors(vs_model *m, const char *path, int check_in_vocab)
{
    size_t n, i, j;
    char **lines = read_lines(path, &n);
    float *v = xmalloc(m->dim * sizeof *v);
    double maxd = 0;

    ck_assert_msg(n > 0, "%s is empty", path);
    for (i = 0; i < n; i++) {
        char *f[1100];
        size_t nf = split(lines[i], '\t', f, 1100);
        long id;
        vs_error err;
        ck_assert_msg(nf == m->dim + 2, "%s line %zu: %zu fields, dim %zu", path, i + 1,
                      nf, m->dim);
        vs_error_clear(&err);
        ck_assert_msg(vs_word_vector(m, f[0], v, &id, &err) == 0, "%s: %s", f[0], err.msg);
        if (check_in_vocab)
            ck_assert_msg((id >= 0) == (atoi(f[1]) == 1), "%s: in vocab %ld, reference %s",
                          f[0], id, f[1]);
        for (j = 0; j < m->dim; j++) {
            double d = fabs(v[j] - strtod(f[j + 2], NULL));
            if (d > maxd)
                maxd = d;
            ck_assert_msg(d <= 1e-5, "%s: '%s' component %zu: %.9g, reference %s", path,
                          f[0], j, v[j], f[j + 2]);
        }
    }
    free(v);
    free_lines(lines, n);
    return maxd;
}

/* The CLI's print-word-vectors (5 significant digits): relative 1e-4. */
static double check_cli(vs_model *m, const char *path)
{
    size_t n, i, j;
    char **lines = read_lines(path, &n);
    float *v = xmalloc(m->dim * sizeof *v);
    double maxr = 0;

    for (i = 0; i < n; i++) {
        char *f[1100];
        size_t nf = split(lines[i], ' ', f, 1100);
        long id;
        vs_error err;
        /* "word v1 ... vd " (trailing space) */
        ck_assert_msg(nf >= m->dim + 1, "%s line %zu", path, i + 1);
        ck_assert_msg(vs_word_vector(m, f[0], v, &id, &err) == 0, "%s", err.msg);
        for (j = 0; j < m->dim; j++) {
            double r = strtod(f[j + 1], NULL);
            double d = fabs(v[j] - r) / (fabs(r) > 1e-3 ? fabs(r) : 1e-3);
            if (d > maxr)
                maxr = d;
            ck_assert_msg(d <= 1e-4, "%s: '%s' component %zu: %.9g, CLI %s", path, f[0], j,
                          v[j], f[j + 1]);
        }
    }
    free(v);
    free_lines(lines, n);
    return maxr;
}

/* n-gram rows against getSubwords: word, in_vocab, strings, rows. */
static size_t check_subwords(vs_model *m, const char *path)
{
    size_t n, i, checked = 0;
    char **lines = read_lines(path, &n);

    for (i = 0; i < n; i++) {
        char *f[4], *ids[4096];
        int64_t rows[4096];
        size_t nf = split(lines[i], '\t', f, 4), nid, nrows, k, first = 0;
        ck_assert_uint_eq(nf, 4);
        nid = f[3][0] ? split(f[3], ' ', ids, 4096) : 0;
        if (atoi(f[1]) == 1) {
            /* the word's own row first */
            ck_assert_int_eq(vs_model_find(m, f[0]), atol(ids[0]));
            first = 1;
        }
        nrows = vs_fasttext_ngram_rows(m, f[0], strlen(f[0]), rows, 4096);
        ck_assert_msg(nrows == nid - first, "%s: '%s': %zu n-gram rows, reference %zu",
                      path, f[0], nrows, nid - first);
        for (k = 0; k < nrows; k++)
            ck_assert_msg(rows[k] == atoll(ids[first + k]), "%s: '%s' n-gram %zu: row %lld, "
                          "reference %s", path, f[0], k, (long long)rows[k], ids[first + k]);
        checked++;
    }
    free_lines(lines, n);
    return checked;
}

/* Is the reference's score at rank j tied (to its printed precision, within
 * tie) with another rank's, or with the cut after the last rank? */
static int tied(const double *scores, size_t k, size_t j, double tie)
{
    return (j > 0 && fabs(scores[j] - scores[j - 1]) <= tie) ||
           (j + 1 < k && fabs(scores[j] - scores[j + 1]) <= tie) || j + 1 == k;
}

static size_t nn_swaps, nn_zero;

/* nn top 10 against `fasttext nn` (or gensim): same words, same order,
 * cosines to 1e-4. Where the reference's scores tie (equal to within tie:
 * 2e-6 for fastText's 6 printed digits; more for gensim's near-1 cosines of
 * a 2-dimensional model) their order is float noise, decided by each
 * tool's summation order and heap: there a word may differ, if its own
 * score is within tie of the reference's at that rank. */
static double check_nn(vs_model *m, const char *path, double tie)
{
    size_t n, i = 0;
    char **lines = read_lines(path, &n);
    double maxd = 0;

    while (i < n) {
        char *f[5], q[256];
        char *words[10];
        double scores[10];
        size_t k = 0, j, nhits = 0;
        vs_term t;
        vs_hit hits[10];
        vs_error err;
        {
            char *copy = xstrdup(lines[i]);
            split(copy, '\t', f, 5);
            snprintf(q, sizeof q, "%s", f[0]);
            free(copy);
        }
        while (i < n && k < 10) {
            char *g[5], *copy = xstrdup(lines[i]);
            ck_assert_uint_eq(split(copy, '\t', g, 5), 5);
            if (strcmp(g[0], q) != 0) {
                free(copy);
                break;
            }
            words[k] = xstrdup(g[3]);
            scores[k] = strtod(g[4], NULL);
            k++;
            i++;
            free(copy);
        }
        t.word = q;
        t.weight = 1.0f;
        t.vec = NULL;
        for (j = 0; j < k && scores[j] == 0.0; j++)
            ;
        if (j == k) {
            /* a word without n-grams (maxn 0) has a zero vector: fastText
             * lists arbitrary words with cosine 0; vecscope says why there
             * is no answer */
            ck_assert_int_eq(vs_most_similar(m, &t, 1, 10, 0, VS_SCAN_8BIT, hits, &nhits, &err), -1);
            ck_assert_msg(strstr(err.msg, "zero") != NULL, "%s", err.msg);
            nn_zero++;
            for (j = 0; j < k; j++)
                free(words[j]);
            continue;
        }
        ck_assert_msg(vs_most_similar(m, &t, 1, 10, 0, VS_SCAN_8BIT, hits, &nhits, &err) == 0, "%s", err.msg);
        ck_assert_msg(nhits == k, "%s: query '%s': %zu hits, reference %zu", path, q, nhits, k);
        for (j = 0; j < k; j++) {
            const char *w = vs_vocab_word(m->vocab, hits[j].id);
            double d = fabs(hits[j].score - scores[j]);
            if (strcmp(w, words[j]) != 0) {
                ck_assert_msg(tied(scores, k, j, tie) && d <= tie,
                              "%s: query '%s' rank %zu: '%s' %.7f, reference '%s' %.6f",
                              path, q, j + 1, w, hits[j].score, words[j], scores[j]);
                nn_swaps++;
            }
            if (d > maxd)
                maxd = d;
            ck_assert_msg(d <= 1e-4, "%s: query '%s' rank %zu: cosine %.7f, reference %.6f",
                          path, q, j + 1, hits[j].score, scores[j]);
        }
        for (j = 0; j < k; j++)
            free(words[j]);
    }
    free_lines(lines, n);
    return maxd;
}

/* ---- tests ---- */

START_TEST(test_hash)
{
    /* gensim test_fasttext.py:1242-1272 (32-bit hashes before % bucket) */
    static const struct { const char *w; uint32_t h; } t[] = {
        {"команда", 1725507386u}, {"маленьких", 3011324125u}, {"друзей", 737001801u},
        {"возит", 4225261911u}, {"грузы", 1301826944u}, {"всех", 706328732u},
        {"быстрей", 1379730754u}, {"mysterious", 1903186891u}, {"asteroid", 1988297200u},
        {"odyssey", 310195777u}, {"introduction", 2848265721u}, {"北海道", 4096045468u},
        {"札幌", 3909947444u}, {"西区", 3653372632u},
    };
    size_t i;

    for (i = 0; i < sizeof t / sizeof t[0]; i++)
        ck_assert_uint_eq(vs_fasttext_hash(t[i].w, strlen(t[i].w)), t[i].h);
}
END_TEST

START_TEST(test_parity)
{
    const char *name = ft_models[_i];
    vs_model *m = must_load(name);
    char *iv = ref_path(name, ".iv-vectors.tsv"), *oov = ref_path(name, ".oov-vectors.tsv");
    char *sub = ref_path(name, ".subwords.tsv"), *cli = ref_path(name, ".print-word-vectors.cli.txt");
    char *nn = ref_path(name, ".nn.tsv");
    double div, doov, dcli, dnn;
    size_t nsub;

    ck_assert_int_eq(m->kind, VS_MODEL_SUBWORD);
    ck_assert_ptr_nonnull(m->oov_vector);
    nsub = check_subwords(m, sub);
    div = check_vectors(m, iv, 1);
    doov = check_vectors(m, oov, 1);
    dcli = check_cli(m, cli);
    nn_swaps = nn_zero = 0;
    dnn = check_nn(m, nn, 2e-6);
    printf("fasttext parity %-36s %5zu words: subwords %zu ok; max |diff| iv %.2g, oov %.2g; "
           "CLI max rel %.2g; nn max |diff| %.2g (%zu swaps within ties, %zu zero queries)\n",
           name, m->n, nsub, div, doov, dcli, dnn, nn_swaps, nn_zero);
    free(iv);
    free(oov);
    free(sub);
    free(cli);
    free(nn);
    vs_model_free(m);
}
END_TEST

START_TEST(test_old_format)
{
    const char *name = old_models[_i];
    vs_model *m = must_load(name);
    char *iv = ref_path(name, ".gensim-iv-vectors.tsv");
    char *oov = ref_path(name, ".gensim-oov-vectors.tsv");
    char *nn = ref_path(name, ".gensim-nn.tsv");
    double div, doov, dnn;
    vs_result r;

    ck_assert_int_eq(m->kind, VS_MODEL_SUBWORD);
    div = check_vectors(m, iv, 1);
    doov = check_vectors(m, oov, 1);
    nn_swaps = 0;
    dnn = check_nn(m, nn, 2e-6);
    printf("fasttext old format %-32s %5zu words: max |diff| to gensim iv %.2g, oov %.2g; "
           "nn %.2g (%zu swaps within ties)\n", name, m->n, div, doov, dnn, nn_swaps);
    vs_result_init(&r);
    vs_result_table(&r, 2, "field", "value");
    vs_fasttext_info(m, &r);
    ck_assert_str_eq(r.cells[1], "old format (no magic number)");
    vs_result_clear(&r);
    free(iv);
    free(oov);
    free(nn);
    vs_model_free(m);
}
END_TEST

/* EXPECTED.md 1.1: values hard-coded in gensim's tests (print-word-vectors). */
START_TEST(test_gensim_values)
{
    static const float hundred[] = {-0.025627f, -0.11448f, 0.18116f, -0.96779f, 0.2532f,
                                    -0.93224f, 0.3929f, 0.12679f, -0.19685f, -0.13179f};
    static const float rejection[] = {-0.49111f, -0.13122f, -0.02109f, -0.88769f, -0.20105f,
                                      -0.91732f, 0.47243f, 0.19708f, -0.17856f, 0.19815f};
    static const float old_hundred[] = {-0.57144f, -0.0085561f, 0.15748f, -0.67855f, -0.25459f,
                                        -0.58077f, -0.09913f, 1.1447f, 0.23418f, 0.060007f};
    vs_model *m = must_load("lee_fasttext_new.bin");
    float v[10];
    long id;
    vs_error err;
    size_t j;
    double sim;

    ck_assert_uint_eq(m->n, 1763);
    ck_assert_int_eq(vs_word_vector(m, "hundred", v, &id, &err), 0);
    ck_assert_int_ge(id, 0);
    for (j = 0; j < 10; j++)
        ck_assert_float_eq_tol(v[j], hundred[j], 1e-4);
    ck_assert_int_eq(vs_word_vector(m, "rejection", v, &id, &err), 0);
    ck_assert_int_eq(id, -1);
    for (j = 0; j < 10; j++)
        ck_assert_float_eq_tol(v[j], rejection[j], 2e-5);
    /* similarity with itself and symmetric, also for unknown words */
    ck_assert_int_eq(vs_similarity(m, "nights", "nights", &sim, &err), 0);
    ck_assert_double_eq_tol(sim, 1.0, 1e-6);
    {
        double s1, s2;
        ck_assert_int_eq(vs_similarity(m, "nights", "night", &s1, &err), 0);
        ck_assert_int_eq(vs_similarity(m, "night", "nights", &s2, &err), 0);
        ck_assert_double_eq_tol(s1, s2, 1e-7);
    }
    vs_model_free(m);

    m = must_load("lee_fasttext.bin");
    ck_assert_uint_eq(m->n, 1762);
    ck_assert_int_eq(vs_word_vector(m, "hundred", v, &id, &err), 0);
    for (j = 0; j < 10; j++)
        ck_assert_float_eq_tol(v[j], old_hundred[j], 1e-4);
    vs_model_free(m);

    /* toy-model-pretrained: the empty word is in the vocabulary */
    m = must_load("toy-model-pretrained.bin");
    ck_assert_int_ge(vs_vocab_find(m->vocab, "", 0), 0);
    vs_model_free(m);

    /* crime-and-punishment: '' would be all zeros (no n-gram of <>), and a
     * zero vector for an unknown word with no n-grams */
    m = must_load("crime-and-punishment.bin");
    ck_assert_int_eq(m->oov_vector(m, "", 0, v, &err), 0);
    for (j = 0; j < m->dim; j++)
        ck_assert_float_eq(v[j], 0.0f);
    vs_model_free(m);
}
END_TEST

/* fb-ngrams.txt: `fasttext print-ngrams crime-and-punishment.bin WORD`: the
 * n-gram strings' count per word must equal our row count. */
START_TEST(test_print_ngrams)
{
    vs_model *m = must_load("crime-and-punishment.bin");
    size_t n, i;
    char **lines = read_lines(FTDATA "/fb-ngrams.txt", &n);
    char word[256] = "";
    size_t count = 0, words = 0;
    int in = 0, header = 0;

    for (i = 0; i < n; i++) {
        if (strcmp(lines[i], "<start>") == 0) {
            in = 1;
            header = 2;
            count = 0;
            continue;
        }
        if (strcmp(lines[i], "<end>") == 0) {
            int64_t rows[256];
            size_t len = strlen(word);
            in = 0;
            /* the word's own line is counted as an n-gram by print-ngrams
             * only when it is one; compare n-gram lines against our rows */
            ck_assert_msg(vs_fasttext_ngram_rows(m, word, len, rows, 256) == count,
                          "'%s': %zu n-grams, print-ngrams %zu", word,
                          vs_fasttext_ngram_rows(m, word, len, rows, 256), count);
            words++;
            continue;
        }
        if (in && header == 2) {
            snprintf(word, sizeof word, "%s", lines[i]);
            header = 1;
        } else if (in && header == 1) {
            header = 0; /* the word's vector */
        } else if (in) {
            count++;
        }
    }
    ck_assert_uint_gt(words, 3);
    free_lines(lines, n);
    vs_model_free(m);
}
END_TEST

START_TEST(test_info_and_memory)
{
    vs_model *m = must_load("sg-d8-n3-6-b2000.bin");
    vs_result r;
    size_t i;
    int seen = 0;

    vs_result_init(&r);
    vs_result_table(&r, 2, "field", "value");
    vs_fasttext_info(m, &r);
    for (i = 0; i < r.rows; i++) {
        const char *f = r.cells[2 * i], *v = r.cells[2 * i + 1];
        if (strcmp(f, "minn") == 0 && strcmp(v, "3") == 0)
            seen |= 1;
        if (strcmp(f, "maxn") == 0 && strcmp(v, "6") == 0)
            seen |= 2;
        if (strcmp(f, "bucket") == 0 && strcmp(v, "2000") == 0)
            seen |= 4;
        if (strcmp(f, "fastText model") == 0 && strstr(v, "skipgram") != NULL)
            seen |= 8;
        if (strcmp(f, "epoch") == 0 && strcmp(v, "15") == 0)
            seen |= 16;
    }
    ck_assert_int_eq(seen, 31);
    vs_result_clear(&r);
    /* memory is the input matrix, once: words x dim + bucket x dim */
    ck_assert_uint_ge(m->ext_memory, 2000 * 8 * sizeof(float));
    ck_assert_uint_le(m->ext_memory, 2000 * 8 * sizeof(float) + 1024);
    vs_model_free(m);

    /* not a fastText model: nothing */
    {
        vs_vocab *v = vs_vocab_new(1);
        float *x = xcalloc(2, sizeof *x);
        vs_model *s;
        vs_vocab_add(v, "a", 1, NULL);
        s = vs_model_new("/tmp/a.txt", "test", v, x, 1, 2);
        vs_result_init(&r);
        vs_result_table(&r, 2, "field", "value");
        vs_fasttext_info(s, &r);
        ck_assert_uint_eq(r.rows, 0);
        ck_assert_int_eq(vs_fasttext_is(s), 0);
        vs_result_clear(&r);
        vs_model_free(s);
    }
}
END_TEST

START_TEST(test_limit_and_labels)
{
    char path[512];
    vs_error err;
    vs_model *full = must_load("sup-d8-n2-5-b1000.bin"), *m;
    float a[8], b[8];
    long id;
    size_t j;

    /* labels are not words */
    ck_assert_int_lt(vs_model_find(full, "__label__alice"), 0);
    snprintf(path, sizeof path, "%s/%s", FTDATA, "sup-d8-n2-5-b1000.bin");
    m = load_ft(path, VS_ENC_STRICT, 10, &err);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(m->n, 10);
    /* the first 10 words keep their vectors; the 11th becomes unknown and
     * gets its n-gram vector */
    ck_assert_int_eq(vs_word_vector(m, vs_vocab_word(full->vocab, 3), a, &id, &err), 0);
    ck_assert_int_eq(vs_word_vector(full, vs_vocab_word(full->vocab, 3), b, &id, &err), 0);
    for (j = 0; j < 8; j++)
        ck_assert_float_eq(a[j], b[j]);
    ck_assert_int_eq(vs_word_vector(m, vs_vocab_word(full->vocab, 50), a, &id, &err), 0);
    ck_assert_int_eq(id, -1);
    ck_assert_int_eq(full->oov_vector(full, vs_vocab_word(full->vocab, 50),
                                      vs_vocab_len(full->vocab, 50), b, &err), 0);
    for (j = 0; j < 8; j++)
        ck_assert_float_eq(a[j], b[j]);
    vs_model_free(m);
    vs_model_free(full);
}
END_TEST

START_TEST(test_encoding)
{
    vs_error err;
    vs_model *m;

    /* cp852 words are not UTF-8: strict refuses, naming file and offset */
    m = load_ft(FTDATA "/cp852_fasttext.bin", VS_ENC_STRICT, 0, &err);
    ck_assert_ptr_null(m);
    ck_assert_msg(strstr(err.msg, "cp852_fasttext.bin: word at byte offset") != NULL, "%s",
                  err.msg);
    ck_assert_msg(strstr(err.msg, "not valid UTF-8") != NULL, "%s", err.msg);
    m = load_ft(FTDATA "/cp852_fasttext.bin", VS_ENC_REPLACE, 0, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    /* cp852 bytes turned into U+FFFD make some words equal: first kept */
    ck_assert_uint_eq(m->n + m->duplicates, 171);
    ck_assert_uint_gt(m->duplicates, 0);
    ck_assert_uint_gt(m->bad_utf8, 0);
    vs_model_free(m);
}
END_TEST

START_TEST(test_sniff)
{
    unsigned char head[VS_SNIFF_BYTES];
    size_t i;
    FILE *f;
    static const char *const files[] = {"toy-model.bin", "lee_fasttext.bin",
                                        "non_ascii_fasttext.bin", "cp852_fasttext.bin",
                                        "sup-d8-n2-5-b1000-dsub3.ftz"};
    static const int expect[] = {100, 80, 80, 80, 100};

    for (i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", FTDATA, files[i]);
        f = fopen(path, "rb");
        ck_assert_ptr_nonnull(f);
        len = fread(head, 1, sizeof head, f);
        fclose(f);
        ck_assert_int_eq(vs_format_fasttext_bin.sniff(path, head, len, len, 0), expect[i]);
    }
    /* a word2vec text header is not fastText */
    ck_assert_int_eq(vs_format_fasttext_bin.sniff("x", (const unsigned char *)"3 5\nthe 0.1 0.2 "
                                                  "0.3 0.4 0.5\n", 27, 27, 0), 0);
    ck_assert_int_eq(vs_format_fasttext_bin.sniff("x", head, 4, 4, 0), 0);
}
END_TEST

/* ---- malformed files: made from toy-model.bin ---- */

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;

    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = xmalloc((size_t)n + 16);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Writes buf to a temporary file, loads it, expects failure with a message
 * naming the file and holding each of the given pieces. */
static void expect_bad(const unsigned char *buf, size_t len, const char *what,
                       const char *piece1, const char *piece2)
{
    char path[] = "/tmp/vs-ft-bad-XXXXXX";
    int fd = mkstemp(path);
    vs_error err;
    vs_model *m;

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
    close(fd);
    vs_error_clear(&err);
    m = load_ft(path, VS_ENC_REPLACE, 0, &err);
    unlink(path);
    ck_assert_msg(m == NULL, "%s: loaded", what);
    ck_assert_msg(strstr(err.msg, path) != NULL, "%s: no file name in: %s", what, err.msg);
    ck_assert_msg(piece1 == NULL || strstr(err.msg, piece1) != NULL, "%s: no '%s' in: %s",
                  what, piece1, err.msg);
    ck_assert_msg(piece2 == NULL || strstr(err.msg, piece2) != NULL, "%s: no '%s' in: %s",
                  what, piece2, err.msg);
    printf("bad fastText file (%s): %s\n", what, err.msg + strlen(path));
}

/* The offset just past the dictionary of a model file in buf (magic and
 * version, then 56 bytes of args, the dictionary at 64): its header (size,
 * nwords, nlabels int32; ntokens, pruneidx_size int64), the entries (word,
 * NUL, int64 count, type byte) and pruneidx_size int32 pairs (-1: none). */
static size_t after_dictionary(const unsigned char *buf)
{
    int32_t size;
    int64_t pruned;
    size_t p = 64 + 28, e;

    memcpy(&size, buf + 64, 4);
    memcpy(&pruned, buf + 64 + 20, 8);
    ck_assert_int_ge(size, 0);
    ck_assert_int_ge(pruned, -1);
    for (e = 0; e < (size_t)size; e++)
        p += strlen((const char *)buf + p) + 1 + 9;
    if (pruned > 0)
        p += (size_t)pruned * 8;
    return p;
}

START_TEST(test_bad_files)
{
    size_t len, dict, in_hdr;
    unsigned char *good = slurp(FTDATA "/toy-model.bin", &len);
    unsigned char *b = xmalloc(len + 16);
    int32_t i32;
    int64_t i64;

    /* offsets in toy-model.bin: 8 header, 56 args, dictionary at 64 */
    dict = 64;
    ck_assert_int_eq(good[after_dictionary(good)], 0);   /* quant_input */
    in_hdr = after_dictionary(good) + 1;
    memcpy(&i64, good + in_hdr, 8);
    ck_assert_int_eq(i64, 22 + 100);

    memcpy(b, good, len);
    b[0] = 'X';
    expect_bad(b, len, "unknown magic", "byte offset 0", "magic number");

    memcpy(b, good, len);
    i32 = 13;
    memcpy(b + 4, &i32, 4);
    expect_bad(b, len, "version 13", "byte offset 4", "version 13");

    memcpy(b, good, len);
    i32 = 10;
    memcpy(b + 4, &i32, 4);
    expect_bad(b, len, "version 10", "byte offset 4", "version 10");

    expect_bad(good, dict + 40, "truncated in the dictionary", "byte offset", "truncated");
    expect_bad(good, dict + 10, "truncated in the dictionary header", "byte offset", "truncated");
    expect_bad(good, 30, "truncated in the args", "byte offset", "truncated");
    expect_bad(good, in_hdr + 16 + 100, "truncated in the input matrix", "byte offset",
               "truncated");
    expect_bad(good, len - 7, "truncated in the output matrix", "byte offset", "output matrix");
    expect_bad(good, 5, "5 bytes", "too short", NULL);

    memcpy(b, good, len);
    memcpy(b + len, "garbage", 7);
    expect_bad(b, len + 7, "trailing bytes", "byte offset", "should end");

    memcpy(b, good, len);
    i32 = 1000000000;
    memcpy(b + dict, &i32, 4);
    memcpy(b + dict + 4, &i32, 4);
    expect_bad(b, len, "dictionary size beyond the file", "byte offset 64", "1000000000 entries");

    memcpy(b, good, len);
    i32 = 23;
    memcpy(b + dict + 4, &i32, 4);
    expect_bad(b, len, "words + labels != size", "byte offset 64", "entries");

    memcpy(b, good, len);
    i64 = (int64_t)1 << 40;
    memcpy(b + in_hdr, &i64, 8);
    expect_bad(b, len, "input matrix rows contradict", "byte offset", "input matrix");

    memcpy(b, good, len);
    i64 = 6;
    memcpy(b + in_hdr + 8, &i64, 8);
    expect_bad(b, len, "input matrix dim contradicts", "byte offset", "input matrix");

    memcpy(b, good, len);
    i64 = 0;
    memcpy(b + dict + 20, &i64, 8);   /* pruneidx_size 0, not quantized */
    expect_bad(b, len, "pruned but dense", "pruned", "#332");

    memcpy(b, good, len);
    b[in_hdr - 1] = 7;                /* quant_input neither 0 nor 1 */
    expect_bad(b, len, "bad bool", "byte offset", "bool");

    memcpy(b, good, len);
    b[dict + 28 + 4 + 8] = 1;         /* "the\0", int64 count, then the type byte */
    expect_bad(b, len, "word typed as label", "byte offset", "type 1");

    memcpy(b, good, len);
    i32 = -3;
    memcpy(b + 8 + 4 * 9, &i32, 4);   /* minn */
    expect_bad(b, len, "negative minn", "byte offset 8", "negative");

    {
        /* a NaN in the input matrix */
        float nan = NAN;
        memcpy(b, good, len);
        memcpy(b + in_hdr + 16 + 4 * 7, &nan, 4);
        expect_bad(b, len, "NaN in the matrix", "byte offset", "not a finite");
    }
    free(b);
    free(good);
}
END_TEST

/* A quantized model whose input matrix claims far more rows than it has
 * codes: refused with a message, with no overflow on the way. */
START_TEST(test_bad_quantized)
{
    size_t len, p;
    unsigned char *good = slurp(FTDATA "/sup-d8-n2-5-b1000-dsub3.ftz", &len);
    unsigned char *b = xmalloc(len + 16);
    int32_t codesize;
    int64_t m, n;

    p = after_dictionary(good);
    ck_assert_int_eq(good[p], 1);        /* quant_input */
    memcpy(&m, good + p + 2, 8);         /* after the qnorm flag */
    memcpy(&n, good + p + 10, 8);
    memcpy(&codesize, good + p + 18, 4);
    ck_assert_int_eq(n, 8);
    ck_assert_int_gt(m, 0);
    ck_assert_int_eq(codesize % m, 0);

    memcpy(b, good, len);
    m = INT64_MAX / 3;                   /* m x nsubq overflows 64 bits */
    memcpy(b + p + 2, &m, 8);
    expect_bad(b, len, "quantized rows overflow", "input matrix", "sub-quantizers");

    memcpy(b, good, len);
    memcpy(&m, good + p + 2, 8);
    m += 1;                              /* one row more than the codes hold */
    memcpy(b + p + 2, &m, 8);
    expect_bad(b, len, "quantized rows contradict codes", "input matrix", "sub-quantizers");
    free(b);
    free(good);
}
END_TEST

static int counting_steps;

static void count_report(void *ud, const char *what, double fraction)
{
    (void)ud;
    (void)what;
    if (fraction >= 0)
        counting_steps++;
}

START_TEST(test_cancel)
{
    vs_progress p = {count_report, NULL};
    vs_load_opts o;
    vs_model *m = NULL;
    vs_error err;

    memset(&o, 0, sizeof o);
    o.progress = &p;
    vs_interrupted = 1;
    ck_assert_int_eq(vs_format_fasttext_bin.load(FTDATA "/sg-d8-n3-6-b2000.bin", &o, &m, &err),
                     -1);
    vs_interrupted = 0;
    ck_assert_ptr_null(m);
    ck_assert_msg(strstr(err.msg, "interrupted") != NULL, "%s", err.msg);
    counting_steps = 0;
    ck_assert_int_eq(vs_format_fasttext_bin.load(FTDATA "/sg-d8-n3-6-b2000.bin", &o, &m, &err),
                     0);
    ck_assert_int_gt(counting_steps, 0);
    vs_model_free(m);
}
END_TEST

/* The bigger shared models (not copied into tests/data), when present. */
START_TEST(test_shared_models)
{
    static const char *const names[] = {"gutenberg-ft.bin", "pang_lee_polarity_fasttext.bin"};
    const char *dir = VS_SRCDIR "/../shared/data/models/fasttext";
    size_t i;

    if (access(dir, R_OK) != 0) {
        printf("fasttext parity: %s not found; skipping the shared models\n", dir);
        return;
    }
    for (i = 0; i < 2; i++) {
        char path[1024], *iv, *oov, *nn, *cli;
        const char *dot = strrchr(names[i], '.');
        vs_error err;
        vs_model *m;
        double a, b, c, d;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        m = load_ft(path, VS_ENC_REPLACE, 0, &err);
        ck_assert_msg(m != NULL, "%s", err.msg);
        iv = xasprintf("%s/%.*s.iv-vectors.tsv", dir, (int)(dot - names[i]), names[i]);
        oov = xasprintf("%s/%.*s.oov-vectors.tsv", dir, (int)(dot - names[i]), names[i]);
        nn = xasprintf("%s/%.*s.nn.tsv", dir, (int)(dot - names[i]), names[i]);
        cli = xasprintf("%s/%.*s.print-word-vectors.cli.txt", dir, (int)(dot - names[i]),
                        names[i]);
        a = check_vectors(m, iv, 0);
        b = check_vectors(m, oov, 0);
        c = check_cli(m, cli);
        d = check_nn(m, nn, 2e-6);
        printf("fasttext parity (shared) %-30s %5zu words: max |diff| iv %.2g, oov %.2g; "
               "CLI max rel %.2g; nn %.2g\n", names[i], m->n, a, b, c, d);
        free(iv);
        free(oov);
        free(nn);
        free(cli);
        vs_model_free(m);
    }
}
END_TEST

Suite *suite_fasttext(void)
{
    Suite *s = suite_create("fasttext");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_hash);
    tcase_add_loop_test(tc, test_parity, 0, (int)N_FT_MODELS);
    tcase_add_loop_test(tc, test_old_format, 0, (int)N_OLD_MODELS);
    tcase_add_test(tc, test_gensim_values);
    tcase_add_test(tc, test_print_ngrams);
    tcase_add_test(tc, test_info_and_memory);
    tcase_add_test(tc, test_limit_and_labels);
    tcase_add_test(tc, test_encoding);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_bad_files);
    tcase_add_test(tc, test_bad_quantized);
    tcase_add_test(tc, test_cancel);
    tcase_add_test(tc, test_shared_models);
    suite_add_tcase(s, tc);
    return s;
}
