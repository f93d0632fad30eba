/*
 * textvec.c - the text embedding formats' common reader, and helpers shared
 * by every loader. See textvec.h.
 *
 * The text formats are one line per word:
 *
 *     [COUNT DIM\n]                     word2vec text, fastText .vec; GloVe
 *                                       only with -write-header 1
 *     word v1 v2 ... vDIM[ ][\r]\n      word2vec.c writes "%lf " (a trailing
 *                                       space), fastText 5 significant digits
 *                                       and a trailing space, GloVe " %lf"
 *
 * Known quirks, and where they come from:
 *   - glove.840B.300d.txt has words holding spaces (". . .", "at
 *     name@domain.com"; stanfordnlp/GloVe#191): the vector is the *last* DIM
 *     fields and everything before them is the word - unless the word's
 *     last piece is itself a number, which means a row with too many
 *     numbers, an error. Without a header, DIM is the most common field
 *     count (minus one) of the first 100 lines, so one such word on line 1
 *     does not decide it.
 *   - NaN and infinities are refused (numpy would take "nan"): a model with
 *     them gives no meaningful neighbours, and the user should know.
 *   - a header may promise fewer words than the file holds (gensim reads the
 *     promised number) or more (gensim raises EOFError; we name both counts).
 *   - duplicates occur (glove.840B): the first is kept, the rest counted
 *     (gensim keyedvectors.py _add_word_to_kv).
 *   - numbers like -1.671300083398818970e-02 (gensim test data): exponents,
 *     and more digits than a double holds.
 *
 * Speed. A 400,000 x 300 file is about 1 GB of text, so the reader is
 * parallel. The file is mapped and cut into chunks at line boundaries;
 * pass 1 counts the lines of every chunk (memchr, in parallel), which tells
 * each chunk the row its first line goes to; pass 2 parses the chunks in
 * parallel straight into the final matrix, computing row norms and checking
 * words' UTF-8 while the line is hot; pass 3, on one thread, builds the
 * vocabulary in file order, so duplicate handling and --limit are exactly
 * gensim's, and closes the gaps duplicates leave in the matrix. A chunk
 * drops its pages from the mapping when done, so resident memory stays near
 * the size of the matrix. Errors are reported for the first bad line in file
 * order, whichever thread finds it.
 *
 * Numbers. gensim converts each field with numpy.float32(str), which rounds
 * the decimal to the nearest double, then the double to float. We do the
 * same: Clinger's fast path (a mantissa of at most 2^53 and a power of ten
 * of at most 10^22 are both exact doubles, so one IEEE multiplication or
 * division is correctly rounded) covers %lf output and fastText's 5 digits;
 * anything else goes to strtod_l in the C locale. Either way the double is
 * then rounded to float, so results equal gensim's bit for bit.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../parallel.h"
#include "../utf8.h"
#include "../xalloc.h"
#include "textvec.h"
#include "../atomicfile.h"

/* ------------------------------------------------------------------ */
/* numbers                                                             */
/* ------------------------------------------------------------------ */

static const double pow10_exact[23] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static locale_t c_locale;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* strtod of a token that is known to be a well-formed decimal, in the C
 * locale whatever setlocale the program did (a decimal comma would
 * otherwise stop it at the '.'). The token is copied: it is not
 * NUL-terminated and may end at the very end of a mapping. */
static __attribute__((noinline)) double slow_strtod(const char *s, size_t len)
{
    char small[128];
    char *buf = len < sizeof small ? small : xmalloc(len + 1);
    double d;

    memcpy(buf, s, len);
    buf[len] = '\0';
    pthread_once(&c_locale_once, make_c_locale);
    if (c_locale != (locale_t)0)
        d = strtod_l(buf, NULL, c_locale);
    else
        d = strtod(buf, NULL);
    if (buf != small)
        free(buf);
    return d;
}

static int lower_eq(const char *s, size_t len, const char *word)
{
    size_t i;

    for (i = 0; i < len; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (word[i] == '\0' || c != word[i])
            return 0;
    }
    return word[len] == '\0';
}

/* Consumes the run of digits at p: the first ones, while *ndig < 19, go
 * into *mant (counted in *taken); the rest only count (*skipped) and set
 * *dropped if nonzero. Eight digits at a time where the buffer allows
 * (SWAR: find the first non-digit byte, then combine the digits in three
 * multiplications; byte 0 is the most significant digit). */
static inline __attribute__((always_inline)) const char *
take_digits(const char *p, const char *end, uint64_t *mant, int *ndig,
            int *taken, int *skipped, int *dropped)
{
    static const uint64_t pow10_u64[9] = {
        1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
    };

    *taken = *skipped = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (end - p >= 8 && *ndig <= 11) {
        uint64_t v, x, nondigit;
        int n;

        memcpy(&v, p, 8);
        x = v - UINT64_C(0x3030303030303030);
        /* bit 7 of a byte: below '0' (borrow) or above '9' (+0x46 >= 0x80);
         * carries and borrows only travel upwards, past the first
         * non-digit, so the lowest flagged byte is right */
        nondigit = (x | (v + UINT64_C(0x4646464646464646))) &
                   UINT64_C(0x8080808080808080);
        n = nondigit != 0 ? __builtin_ctzll(nondigit) >> 3 : 8;
        if (n == 0)
            return p;
        x <<= 8 * (8 - n); /* the n digits, behind leading zeros */
        x = ((x & UINT64_C(0x0F0F0F0F0F0F0F0F)) * 2561) >> 8;
        x = ((x & UINT64_C(0x00FF00FF00FF00FF)) * 6553601) >> 16;
        x = ((x & UINT64_C(0x0000FFFF0000FFFF)) * UINT64_C(42949672960001)) >> 32;
        *mant = *mant * pow10_u64[n] + x;
        *ndig += n;
        *taken += n;
        p += n;
        if (n < 8)
            return p;
    }
#endif
    for (; p < end && (unsigned)(*p - '0') <= 9; p++) {
        if (*ndig < 19) {
            *mant = *mant * 10 + (unsigned)(*p - '0');
            (*ndig)++;
            (*taken)++;
        } else {
            (*skipped)++;
            *dropped |= *p != '0';
        }
    }
    return p;
}

/* Parses the longest prefix of [s, end) that is a decimal number and sets
 * *stop to the first byte after it. Only digits, one '.', a sign and an
 * exponent are consumed, so the caller decides whether what follows may
 * end a number. Returns VS_NUM_BAD for anything that does not start like a
 * number (nan and inf included: vs_parse_float sorts those out). */
static inline __attribute__((always_inline)) enum vs_num_status
parse_prefix(const char *s, const char *end, const char **stop, float *out)
{
    const char *p = s;
    uint64_t mant = 0;
    int neg = 0, ndig = 0, dropped = 0, any = 0, taken, skipped;
    long exp10 = 0;
    double d;
    float f;

    if (p < end && (*p == '+' || *p == '-')) {
        neg = *p == '-';
        p++;
    }
    /* Integer part. Leading zeros carry nothing; the first 19 significant
     * digits fit a uint64; later ones only scale (and if nonzero, make the
     * fast path inexact). */
    while (p < end && *p == '0') {
        any = 1;
        p++;
    }
    p = take_digits(p, end, &mant, &ndig, &taken, &skipped, &dropped);
    any |= taken + skipped > 0;
    exp10 += skipped;
    /* Fraction. */
    if (p < end && *p == '.') {
        p++;
        if (mant == 0) {
            const char *z = p;
            while (p < end && *p == '0')
                p++;
            exp10 -= p - z;
            any |= p > z;
        }
        p = take_digits(p, end, &mant, &ndig, &taken, &skipped, &dropped);
        any |= taken + skipped > 0;
        exp10 -= taken;
    }
    if (!any) {
        *stop = p;
        return VS_NUM_BAD;
    }
    /* Exponent. Clamped: beyond 10^+-100000 the result is 0 or too large
     * either way, and strtod decides which. */
    if (p < end && (*p == 'e' || *p == 'E')) {
        long e = 0;
        int eneg = 0, edig = 0;
        p++;
        if (p < end && (*p == '+' || *p == '-')) {
            eneg = *p == '-';
            p++;
        }
        for (; p < end && (unsigned)(*p - '0') <= 9; p++) {
            edig = 1;
            if (e < 100000)
                e = e * 10 + (*p - '0');
        }
        if (!edig) {
            *stop = p;
            return VS_NUM_BAD;
        }
        exp10 += eneg ? -e : e;
    }
    *stop = p;

    if (mant == 0) {
        *out = neg ? -0.0f : 0.0f;
        return VS_NUM_OK;
    }
    if (!dropped && mant <= (UINT64_C(1) << 53) && exp10 >= -22 &&
        exp10 <= 22) {
        /* Clinger's fast path: both operands exact, one rounding. The
         * result is below 2^53 * 10^22 < FLT_MAX: no range check needed. */
        d = (double)mant;
        d = exp10 < 0 ? d / pow10_exact[-exp10] : d * pow10_exact[exp10];
        f = (float)d;
        *out = neg ? -f : f;
        return VS_NUM_OK;
    }
    d = slow_strtod(s, (size_t)(p - s));
    if (!isfinite(d))
        return VS_NUM_RANGE;
    f = (float)d;
    if (isinf(f))
        return VS_NUM_RANGE;
    *out = f;
    return VS_NUM_OK;
}

enum vs_num_status vs_parse_float(const char *s, size_t len, float *out)
{
    const char *end = s + len, *p = s, *stop;
    enum vs_num_status st;

    if (p < end && (*p == '+' || *p == '-'))
        p++;
    if (p < end && *p != '.' && (unsigned)(*p - '0') > 9) {
        size_t rest = (size_t)(end - p);
        if (lower_eq(p, rest, "nan") || lower_eq(p, rest, "inf") ||
            lower_eq(p, rest, "infinity"))
            return VS_NUM_NONFINITE;
        return VS_NUM_BAD;
    }
    st = parse_prefix(s, end, &stop, out);
    if (stop != end)
        return VS_NUM_BAD;
    return st;
}

/* ------------------------------------------------------------------ */
/* helpers for every loader                                            */
/* ------------------------------------------------------------------ */

#define HUGE_PAGE ((size_t)2 << 20)

int vs_fail_oom(vs_error *err, const char *path, const char *what, size_t count,
                size_t size)
{
    double bytes = (double)count * (double)size;

    return vs_fail(err, "%s: not enough memory for %s (%zu x %zu bytes = %.1f MiB); "
                   "free some (close a model) or read fewer words with --limit N",
                   path, what, count, size, bytes / (1024.0 * 1024.0));
}

float *vs_matrix_alloc(const char *path, size_t rows, size_t dim, vs_error *err)
{
    size_t bytes;
    void *p = NULL;

    if (rows == 0 || dim == 0)
        return xmalloc(sizeof(float));
    if (dim > SIZE_MAX / sizeof(float) / rows || xalloc_try_limit != 0) {
        p = xtry_mallocarray(rows, dim * sizeof(float));
        if (p == NULL)
            vs_fail_oom(err, path, "the vectors", rows, dim * sizeof(float));
        return p;
    }
    bytes = rows * dim * sizeof(float);
    if (bytes < 4 * HUGE_PAGE) {
        p = xtry_mallocarray(rows, dim * sizeof(float));
    } else if (posix_memalign(&p, HUGE_PAGE, bytes) == 0) {
#ifdef MADV_HUGEPAGE
        /* Advice only: without huge pages it is merely slower to fill. */
        madvise(p, bytes & ~(HUGE_PAGE - 1), MADV_HUGEPAGE);
#endif
    } else {
        p = NULL;
    }
    if (p == NULL)
        vs_fail_oom(err, path, "the vectors", rows, dim * sizeof(float));
    return p;
}

int vs_open_model_file(const char *path, uint64_t *size, vs_error *err)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        if (errno == ENOENT)
            return vs_fail(err, "%s: no such file", path);
        if (errno == EACCES)
            return vs_fail(err, "%s: cannot read it (permission denied)", path);
        return vs_fail(err, "%s: cannot open it: %s", path, strerror(errno));
    }
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return vs_fail(err, "%s: cannot stat it: %s", path, strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return vs_fail(err, "%s: is a directory, not a model file", path);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return vs_fail(err, "%s: not a regular file", path);
    }
    if (st.st_size < 2) {
        close(fd);
        if (st.st_size == 0)
            return vs_fail(err, "%s: the file is empty", path);
        return vs_fail(err, "%s: the file is only 1 byte long; no model is that small",
                       path);
    }
    *size = (uint64_t)st.st_size;
    return fd;
}

void vs_load_opts_fill(vs_load_opts *dst, const vs_load_opts *src)
{
    if (src != NULL)
        *dst = *src;
    else
        memset(dst, 0, sizeof *dst);
    if (dst->threads < 1)
        dst->threads = 1;
    if (dst->threads > 64)
        dst->threads = 64;
}

/* An escaped copy of s[0..len) cut to at most max bytes, for messages. */
static char *excerpt(const char *s, size_t len, size_t max)
{
    char *e, *r;

    if (len <= max)
        return vs_escape(s, len);
    e = vs_escape(s, max);
    r = xasprintf("%s...", e);
    free(e);
    return r;
}

int vs_check_word(const char *path, const vs_load_opts *opts,
                  const char *word, size_t len, uint64_t off,
                  const char *where_what, uint64_t where, char *fixed,
                  size_t *fixed_len, int *repaired, vs_error *err)
{
    char *shown;

    *repaired = 0;
    if (vs_utf8_valid_prefix(word, len) == len)
        return 0;
    if (opts->encoding_errors == VS_ENC_STRICT) {
        shown = excerpt(word, len, 60);
        vs_fail(err,
                "%s: word at byte offset %llu (%s %llu) is not valid UTF-8 "
                "(\"%s\"); use --encoding-errors replace|ignore",
                path, (unsigned long long)off, where_what,
                (unsigned long long)where, shown);
        free(shown);
        return -1;
    }
    *fixed_len = vs_utf8_repair(word, len, fixed,
                                opts->encoding_errors == VS_ENC_REPLACE);
    *repaired = 1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* lines and fields                                                    */
/* ------------------------------------------------------------------ */

static inline int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static inline int is_sep(char c)
{
    return c == ' ' || c == '\t';
}

int vs_parse_header(const char *line, size_t len, uint64_t *count,
                    uint64_t *dim)
{
    const char *p = line, *end = line + len;
    uint64_t v[2];
    int k;

    for (k = 0; k < 2; k++) {
        int digits = 0;
        while (p < end && is_blank(*p))
            p++;
        v[k] = 0;
        for (; p < end && (unsigned)(*p - '0') <= 9; p++) {
            if (++digits > 19)
                return -1;
            v[k] = v[k] * 10 + (uint64_t)(*p - '0');
        }
        if (digits == 0)
            return -1;
        if (k == 0 && (p == end || !is_sep(*p)))
            return -1;
    }
    while (p < end && is_blank(*p))
        p++;
    if (p != end)
        return -1;
    *count = v[0];
    *dim = v[1];
    return 0;
}

/* Line [p, le) with trailing blanks removed. */
static const char *trim_end(const char *p, const char *le)
{
    while (le > p && is_blank(le[-1]))
        le--;
    return le;
}

/* Counts the fields of [p, le) (blank-separated). */
static size_t count_fields(const char *p, const char *le)
{
    size_t n = 0;

    while (p < le) {
        while (p < le && is_blank(*p))
            p++;
        if (p == le)
            break;
        n++;
        while (p < le && !is_blank(*p))
            p++;
    }
    return n;
}

/* How many fields at the end of the complete line [p, le) are numbers,
 * at most nfields - 1 (the first field is always the word). */
static size_t trailing_numbers(const char *p, const char *le, size_t nfields)
{
    size_t n = 0;
    float f;

    le = trim_end(p, le);
    while (n + 1 < nfields) {
        const char *fe = le, *fb;
        while (fe > p && is_blank(fe[-1]))
            fe--;
        fb = fe;
        while (fb > p && !is_blank(fb[-1]))
            fb--;
        if (vs_parse_float(fb, (size_t)(fe - fb), &f) != VS_NUM_OK)
            break;
        n++;
        le = fb;
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* sniffing                                                            */
/* ------------------------------------------------------------------ */

/* Looks at one line of the head: complete (ends in '\n') or cut by the end
 * of the head. Sets *fields and *numbers (trailing numbers; for a cut line:
 * the numbers after the word before the cut, and *all_numbers). */
static void sniff_line(const char *p, const char *le, int complete,
                       size_t *fields, size_t *numbers, int *all_numbers)
{
    *fields = count_fields(p, le);
    if (complete) {
        *numbers = trailing_numbers(p, le, *fields);
        *all_numbers = *numbers + 1 == *fields;
        return;
    }
    /* Cut: drop the last (maybe partial) field and check the rest. */
    {
        const char *q = p, *fb;
        size_t k = 0, n = 0;
        float f;
        *all_numbers = 1;
        while (q < le) {
            while (q < le && is_blank(*q))
                q++;
            if (q == le)
                break;
            fb = q;
            while (q < le && !is_blank(*q))
                q++;
            k++;
            if (q == le)
                break; /* partial */
            if (k == 1)
                continue; /* the word */
            if (vs_parse_float(fb, (size_t)(q - fb), &f) == VS_NUM_OK)
                n++;
            else
                *all_numbers = 0;
        }
        *numbers = n;
    }
}

int vs_textvec_sniff(const unsigned char *head, size_t len, int *has_header)
{
    const char *h = (const char *)head, *end = h + len;
    const char *nl1, *p2, *nl2;
    size_t f1, n1, f2, n2;
    int all1, all2;
    uint64_t count, dim;

    *has_header = 0;
    if (len == 0 || memchr(h, '\0', len) != NULL)
        return 0;
    nl1 = memchr(h, '\n', len);
    if (nl1 == NULL && len >= VS_SNIFF_BYTES) {
        /* One line longer than the head: only a headerless file can start
         * like that (a 300-dimensional line of long numbers). */
        sniff_line(h, end, 0, &f1, &n1, &all1);
        return (all1 && n1 >= 1) ? 40 : 0;
    }
    if (nl1 == NULL)
        nl1 = end;
    if (vs_parse_header(h, (size_t)(nl1 - h), &count, &dim) == 0) {
        *has_header = 1;
        if (count == 0 || dim == 0)
            return 30; /* a header, a bad one: let the loader say so */
        p2 = nl1 + 1;
        if (p2 >= end)
            return 30;
        nl2 = memchr(p2, '\n', (size_t)(end - p2));
        if (nl2 != NULL || len < VS_SNIFF_BYTES) {
            if (nl2 == NULL)
                nl2 = end;
            sniff_line(p2, nl2, 1, &f2, &n2, &all2);
            if (f2 >= 2 && n2 == dim)
                return all2 ? 90 : 80;
            if (f2 >= 2 && all2)
                return 40; /* numbers, but not dim of them: ragged? */
            return 5;
        }
        sniff_line(p2, end, 0, &f2, &n2, &all2);
        if (all2 && n2 >= 1 && n2 <= dim)
            return 80;
        return 5;
    }
    /* No header: a word and numbers, and the next line alike. */
    sniff_line(h, nl1, 1, &f1, &n1, &all1);
    if (n1 < 1 || !all1) {
        /* glove.840B-style word with spaces on line 1 still ends in numbers */
        if (n1 >= 1)
            return 30;
        return 0;
    }
    p2 = nl1 + 1;
    if (p2 >= end)
        return 60;
    nl2 = memchr(p2, '\n', (size_t)(end - p2));
    if (nl2 == NULL && len >= VS_SNIFF_BYTES) {
        sniff_line(p2, end, 0, &f2, &n2, &all2);
        return (all2 && n2 <= n1) ? 80 : 30;
    }
    if (nl2 == NULL)
        nl2 = end;
    sniff_line(p2, nl2, 1, &f2, &n2, &all2);
    if (n2 == n1)
        return 85;
    return 30;
}

/* ------------------------------------------------------------------ */
/* the parallel reader                                                 */
/* ------------------------------------------------------------------ */

#define CHUNK_MIN ((uint64_t)4 << 20)   /* bytes: below this, one chunk */
#define TICK_BYTES ((uint64_t)4 << 20)  /* report progress this often */
#define PREFETCH_AHEAD 8                /* words, in building the vocabulary */

struct tv_chunk {
    uint64_t begin, end;     /* [begin, end): whole lines */
    /* pass 1 */
    uint64_t lines, records;
    /* pass 2 input */
    uint64_t first_line, first_rec, nrec;
    /* pass 2 output: the words, repaired, one after another */
    char *words;
    size_t words_len, words_cap;
    uint32_t *wlen;          /* nrec word lengths */
    size_t bad_utf8;
    float *scratch;          /* a row for the dry run */
    int failed;
    vs_error err;
};

struct tv_job {
    const char *path;
    const vs_load_opts *opts;
    const char *map;
    uint64_t size;
    int mapped;              /* map is a mapping (not a malloc'd copy) */
    size_t dim;
    float *vecs, *norms;     /* NULL in the dry run */
    struct tv_chunk *chunks;
    size_t nchunks;
    int pass;

    /* run state */
    vs_parallel_queue chunks_left; /* the chunks, taken in order */
    atomic_size_t first_fail;/* the lowest chunk that failed */
    atomic_int cancel;       /* the user interrupted */
    atomic_uint_fast64_t done; /* bytes finished, for progress */
    /* progress */
    int inline_run;          /* no threads: workers report themselves */
    uint64_t next_report;
    double frac0, frac1;
    const char *what;
    vs_error *err;
};

/* Progress from a worker. In an inline run the worker is the main thread and
 * reports itself; with threads the main thread polls job->done. Returns
 * nonzero when the work should stop. */
static int tick(struct tv_job *j, uint64_t bytes)
{
    uint64_t done = atomic_fetch_add(&j->done, bytes) + bytes;

    if (j->inline_run && done >= j->next_report) {
        double f = j->frac0 + (j->frac1 - j->frac0) * (double)done /
                                  (double)(j->size ? j->size : 1);
        j->next_report = done + TICK_BYTES;
        if (vs_progress_step(j->opts->progress, j->what, f, j->err) != 0)
            atomic_store(&j->cancel, 1);
    }
    return atomic_load(&j->cancel);
}

/* Lets the kernel take back the pages of a finished chunk: they are file
 * pages, so this costs only a later re-read from the page cache, and keeps
 * resident memory near the matrix's size rather than matrix + file. */
static void drop_pages(const struct tv_job *j, uint64_t begin, uint64_t end)
{
    long ps = sysconf(_SC_PAGESIZE);
    uint64_t b, e;

    if (!j->mapped || ps <= 0)
        return;
    b = (begin + (uint64_t)ps - 1) & ~((uint64_t)ps - 1);
    e = end & ~((uint64_t)ps - 1);
    if (e > b)
        madvise((void *)(j->map + b), (size_t)(e - b), MADV_DONTNEED);
}

/* Pass 1: lines and records (non-blank lines) of a chunk. */
static void count_chunk(struct tv_job *j, struct tv_chunk *c)
{
    const char *p = j->map + c->begin, *end = j->map + c->end;
    const char *last_tick = p;

    c->lines = c->records = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl != NULL ? nl : end;
        const char *q = p;

        while (q < le && is_blank(*q))
            q++;
        c->records += q < le;
        c->lines++;
        p = nl != NULL ? nl + 1 : end;
        if ((uint64_t)(p - last_tick) >= TICK_BYTES) {
            drop_pages(j, (uint64_t)(last_tick - j->map), (uint64_t)(p - j->map));
            if (tick(j, (uint64_t)(p - last_tick)))
                return;
            last_tick = p;
        }
    }
    drop_pages(j, (uint64_t)(last_tick - j->map), (uint64_t)(p - j->map));
    tick(j, (uint64_t)(p - last_tick));
}

/* A message for chunk c's first error, "PATH: line L: ...". */
static __attribute__((format(printf, 4, 5))) void
chunk_fail(struct tv_job *j, struct tv_chunk *c, uint64_t line,
           const char *fmt, ...)
{
    char msg[VS_ERROR_MAX];
    va_list ap;
    size_t cur, idx = (size_t)(c - j->chunks);

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    vs_fail(&c->err, "%s: line %llu: %s", j->path, (unsigned long long)line,
            msg);
    c->failed = 1;
    /* Chunks after this one need not go on: their errors come later. */
    cur = atomic_load(&j->first_fail);
    while (idx < cur && !atomic_compare_exchange_weak(&j->first_fail, &cur, idx))
        ;
}

/* What to say about a field that is not a number. */
static void bad_field(struct tv_job *j, struct tv_chunk *c, uint64_t line,
                      const char *fb, size_t flen, size_t fieldno,
                      enum vs_num_status st)
{
    char *shown = excerpt(fb, flen, 40);

    if (st == VS_NUM_NONFINITE)
        chunk_fail(j, c, line,
                   "field %zu is \"%s\"; vectors must hold finite numbers",
                   fieldno, shown);
    else if (st == VS_NUM_RANGE)
        chunk_fail(j, c, line,
                   "field %zu (\"%s\") is too large for a 32-bit float",
                   fieldno, shown);
    else
        chunk_fail(j, c, line,
                   "field %zu (\"%s\") is not a number (expected a word and "
                   "%zu numbers)",
                   fieldno, shown, j->dim);
    free(shown);
}

/* The slow path for a line the fast path did not like: find the fields,
 * take the last dim as the vector and the rest as the word. Sets *wb and *we to
 * the word. Returns 0, or -1 after chunk_fail. */
static int parse_line_slow(struct tv_job *j, struct tv_chunk *c, uint64_t line,
                           const char *p, const char *le, float *row,
                           const char **wb, const char **we)
{
    size_t nf = count_fields(p, le), k, first_num;
    const char *q = p, *fb = p, *fe = p;
    enum vs_num_status st;

    if (nf < j->dim + 1) {
        chunk_fail(j, c, line,
                   "expected a word and %zu number%s, found %zu field%s",
                   j->dim, j->dim == 1 ? "" : "s", nf, nf == 1 ? "" : "s");
        return -1;
    }
    first_num = nf - j->dim; /* 0-based index of the vector's first field */
    for (k = 0; k < nf; k++) {
        while (q < le && is_blank(*q))
            q++;
        fb = q;
        while (q < le && !is_blank(*q))
            q++;
        fe = q;
        if (k + 1 == first_num) {
            /* the word's last piece: a number there means a long row */
            float f;
            if (k > 0 && vs_parse_float(fb, (size_t)(fe - fb), &f) == VS_NUM_OK) {
                chunk_fail(j, c, line, "expected a word and %zu number%s, found %zu fields",
                           j->dim, j->dim == 1 ? "" : "s", nf);
                return -1;
            }
            *we = fe;
        }
        if (k >= first_num) {
            st = vs_parse_float(fb, (size_t)(fe - fb), &row[k - first_num]);
            if (st != VS_NUM_OK) {
                bad_field(j, c, line, fb, (size_t)(fe - fb), k + 1, st);
                return -1;
            }
        }
    }
    *wb = p;
    return 0;
}

/* Pass 2 for one chunk: parse nrec records into rows first_rec... */
static void parse_chunk(struct tv_job *j, struct tv_chunk *c)
{
    const char *p = j->map + c->begin, *end = j->map + c->end;
    const char *last_tick = p;
    uint64_t line = c->first_line, rec = 0;
    size_t dim = j->dim;

    if (c->nrec == 0)
        return;
    c->wlen = xmallocarray(c->nrec, sizeof *c->wlen);
    c->words_cap = 64 + (size_t)c->nrec * 16;
    c->words = xmalloc(c->words_cap);
    if (j->vecs == NULL)
        c->scratch = xmallocarray(dim, sizeof(float));

    for (; rec < c->nrec && p < end; line++) {
        const char *wb = p, *we, *q, *next, *nl, *le;
        float *row = j->vecs != NULL ? j->vecs + (size_t)(c->first_rec + rec) * dim
                                     : c->scratch;
        size_t k, wlen, need;
        int ok = 1, repaired;

        /* Fast path, one pass over the line: the word is the first field,
         * then exactly dim numbers, then blanks and the end of the line. */
        we = p;
        while (we < end && !is_blank(*we) && *we != '\n')
            we++;
        q = we;
        for (k = 0; k < dim; k++) {
            const char *stop;
            while (q < end && is_sep(*q))
                q++;
            if (parse_prefix(q, end, &stop, &row[k]) != VS_NUM_OK ||
                (stop < end && !is_blank(*stop) && *stop != '\n')) {
                ok = 0;
                break;
            }
            q = stop;
        }
        if (ok) {
            while (q < end && is_blank(*q))
                q++;
            ok = q == end || *q == '\n';
        }
        if (ok && we > p) {
            next = q < end ? q + 1 : end;
        } else {
            /* Slow path: find the line, then see what it is. */
            nl = memchr(p, '\n', (size_t)(end - p));
            le = trim_end(p, nl != NULL ? nl : end);
            next = nl != NULL ? nl + 1 : end;
            for (q = p; q < le && is_blank(*q); q++)
                ;
            if (q == le) { /* a blank line */
                p = next;
                continue;
            }
            if (is_blank(*p)) {
                chunk_fail(j, c, line, "the word is empty (the line starts with a blank)");
                return;
            }
            if (parse_line_slow(j, c, line, p, le, row, &wb, &we) != 0)
                return;
        }
        if (we == wb) {
            chunk_fail(j, c, line, "the word is empty (the line starts with a blank)");
            return;
        }
        wlen = (size_t)(we - wb);
        if (memchr(wb, '\0', wlen) != NULL) {
            chunk_fail(j, c, line, "the word contains a NUL byte");
            return;
        }
        /* Keep the word (repaired if need be) for pass 3. */
        need = c->words_len + 3 * wlen;
        if (need > c->words_cap) {
            while (need > c->words_cap)
                c->words_cap *= 2;
            c->words = xrealloc(c->words, c->words_cap);
        }
        {
            size_t fixed_len = 0;
            if (vs_check_word(j->path, j->opts, wb, wlen,
                              (uint64_t)(wb - j->map), "line", line,
                              c->words + c->words_len, &fixed_len, &repaired,
                              &c->err) != 0) {
                size_t cur, idx = (size_t)(c - j->chunks);
                c->failed = 1;
                cur = atomic_load(&j->first_fail);
                while (idx < cur &&
                       !atomic_compare_exchange_weak(&j->first_fail, &cur, idx))
                    ;
                return;
            }
            if (repaired) {
                c->bad_utf8++;
                wlen = fixed_len;
            } else {
                memcpy(c->words + c->words_len, wb, wlen);
            }
        }
        if (wlen > UINT32_MAX) {
            chunk_fail(j, c, line, "the word is longer than 4 GiB");
            return;
        }
        c->wlen[rec] = (uint32_t)wlen;
        c->words_len += wlen;
        if (j->norms != NULL)
            j->norms[c->first_rec + rec] = vs_row_norm(row, dim);
        rec++;
        p = next;
        if ((uint64_t)(p - last_tick) >= TICK_BYTES) {
            drop_pages(j, (uint64_t)(last_tick - j->map), (uint64_t)(p - j->map));
            if (tick(j, (uint64_t)(p - last_tick)) ||
                atomic_load(&j->first_fail) < (size_t)(c - j->chunks))
                return;
            last_tick = p;
        }
    }
    drop_pages(j, (uint64_t)(last_tick - j->map), (uint64_t)(p - j->map));
    tick(j, (uint64_t)(p - last_tick));
}

static void worker(void *arg, int t)
{
    struct tv_job *j = arg;
    size_t i;

    (void)t;
    while (vs_parallel_take(&j->chunks_left, &i)) {
        if (atomic_load(&j->cancel) || i > atomic_load(&j->first_fail))
            break;
        if (j->pass == 1)
            count_chunk(j, &j->chunks[i]);
        else
            parse_chunk(j, &j->chunks[i]);
    }
}

/* The watcher of a threaded pass: the progress of all workers. */
static int watch(void *arg, vs_error *err)
{
    struct tv_job *j = arg;
    double f = j->frac0 + (j->frac1 - j->frac0) * (double)atomic_load(&j->done) /
                              (double)(j->size ? j->size : 1);

    return vs_progress_step(j->opts->progress, j->what, f, err);
}

/* Runs one pass over all chunks on up to opts->threads threads, reporting
 * progress in [frac0, frac1]. Returns -1 when the user interrupted. */
static int run_pass(struct tv_job *j, int pass, double frac0, double frac1)
{
    size_t nthreads = (size_t)j->opts->threads;

    j->pass = pass;
    vs_parallel_queue_init(&j->chunks_left, j->nchunks);
    atomic_store(&j->done, 0);
    j->frac0 = frac0;
    j->frac1 = frac1;
    j->next_report = 0;
    if (nthreads > j->nchunks)
        nthreads = j->nchunks;
    if (nthreads > 64)
        nthreads = 64;

    j->inline_run = nthreads <= 1;
    if (j->inline_run) {
        worker(j, 0);
    } else {
        /* the workers; progress and Ctrl-C come through the watcher */
        vs_parallel_watch w = {watch, j, 50, &j->cancel};
        vs_parallel_run((int)nthreads, worker, j, &w, j->err);
    }
    if (!atomic_load(&j->cancel) &&
        vs_progress_step(j->opts->progress, j->what, frac1, j->err) != 0)
        atomic_store(&j->cancel, 1);
    return atomic_load(&j->cancel) ? -1 : 0;
}

/* The offset just after the first `want` records (non-blank lines) from
 * begin, or the end of the file. */
static uint64_t end_of_records(const struct tv_job *j, uint64_t begin,
                               uint64_t want)
{
    const char *p = j->map + begin, *end = j->map + j->size;
    uint64_t recs = 0;

    while (p < end && recs < want) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl != NULL ? nl : end, *q = p;
        while (q < le && is_blank(*q))
            q++;
        recs += q < le;
        p = nl != NULL ? nl + 1 : end;
    }
    return (uint64_t)(p - j->map);
}

/* Cuts [begin, stop) into chunks at line starts. */
static void make_chunks(struct tv_job *j, uint64_t begin, uint64_t stop)
{
    uint64_t len = stop - begin, want, step, pos;
    size_t n, i;

    want = (uint64_t)j->opts->threads * 8;
    if (len / CHUNK_MIN < want)
        want = len / CHUNK_MIN;
    if (want < 1)
        want = 1;
    step = len / want;
    j->chunks = xcalloc((size_t)want, sizeof *j->chunks);
    pos = begin;
    for (n = 0; n < want && pos < stop; n++) {
        uint64_t e = n + 1 == want ? stop : pos + step;
        if (e < stop) {
            const char *nl = memchr(j->map + e, '\n', (size_t)(stop - e));
            e = nl != NULL ? (uint64_t)(nl - j->map) + 1 : stop;
        }
        if (e > stop)
            e = stop;
        j->chunks[n].begin = pos;
        j->chunks[n].end = e;
        pos = e;
    }
    if (n == 0) { /* nothing after the header */
        j->chunks[0].begin = j->chunks[0].end = stop;
        n = 1;
    }
    j->nchunks = n;
    for (i = 0; i < n; i++)
        vs_error_clear(&j->chunks[i].err);
}

static void free_chunks(struct tv_job *j)
{
    size_t i;

    if (j->chunks == NULL)
        return;
    for (i = 0; i < j->nchunks; i++) {
        free(j->chunks[i].words);
        free(j->chunks[i].wlen);
        free(j->chunks[i].scratch);
    }
    free(j->chunks);
    j->chunks = NULL;
}

/* The error of the first failed chunk, if any, into err. */
static int first_chunk_error(struct tv_job *j, vs_error *err)
{
    size_t i;

    for (i = 0; i < j->nchunks; i++) {
        if (j->chunks[i].failed) {
            memcpy(err->msg, j->chunks[i].err.msg, sizeof err->msg);
            return -1;
        }
    }
    return 0;
}

/* The dimension of a headerless file: the most common field count minus one
 * among its first lines (a glove.840B word with spaces on line 1 must not
 * decide it). Ties go to the earliest line. */
static int detect_dim(struct tv_job *j, uint64_t begin, size_t *dim,
                      vs_error *err)
{
    enum { SAMPLE = 100 };
    size_t counts[SAMPLE], votes[SAMPLE], n = 0, i, k, best = 0;
    const char *p = j->map + begin, *end = j->map + j->size;
    uint64_t line = 1, first_line = 0;

    while (p < end && n < SAMPLE) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = trim_end(p, nl != NULL ? nl : end);
        size_t nf = count_fields(p, le);
        if (nf > 0) {
            if (n == 0)
                first_line = line;
            counts[n++] = nf;
        }
        p = nl != NULL ? nl + 1 : end;
        line++;
    }
    if (n == 0)
        return vs_fail(err, "%s: no vectors in the file (only blank lines)",
                       j->path);
    for (i = 0; i < n; i++) {
        votes[i] = 0;
        for (k = 0; k < n; k++)
            votes[i] += counts[k] == counts[i];
        if (votes[i] > votes[best])
            best = i;
    }
    if (counts[best] < 2)
        return vs_fail(err,
                       "%s: line %llu: expected a word followed by numbers, "
                       "found a single field",
                       j->path, (unsigned long long)first_line);
    *dim = counts[best] - 1;
    return 0;
}

/* Maps the file, or reads it whole when it cannot be mapped. */
static int map_file(struct tv_job *j, int fd, vs_error *err)
{
    void *m = mmap(NULL, (size_t)j->size, PROT_READ, MAP_PRIVATE, fd, 0);
    char *buf;
    uint64_t got = 0;

    if (m != MAP_FAILED) {
        j->map = m;
        j->mapped = 1;
        return 0;
    }
    buf = xmalloc((size_t)j->size);
    while (got < j->size) {
        ssize_t r = read(fd, buf + got, (size_t)(j->size - got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            free(buf);
            return vs_fail(err, "%s: read failed at byte offset %llu: %s", j->path,
                           (unsigned long long)got,
                           r < 0 ? strerror(errno) : "unexpected end of file");
        }
        got += (uint64_t)r;
    }
    j->map = buf;
    j->mapped = 0;
    return 0;
}

static void unmap_file(struct tv_job *j)
{
    if (j->map == NULL)
        return;
    if (j->mapped)
        munmap((void *)j->map, (size_t)j->size);
    else
        free((void *)j->map);
    j->map = NULL;
}

int vs_textvec_load(const char *path, const vs_load_opts *opts_in,
                    const char *format_name, enum vs_text_header header,
                    vs_model **out, vs_error *err)
{
    vs_load_opts opts;
    struct tv_job j;
    uint64_t size, begin = 0, hcount = 0, hdim = 0, records = 0, lines = 0;
    uint64_t target, kept = 0, row, stop;
    int fd, has_header = 0, rc = -1;
    size_t i, r, dim = 0;
    vs_vocab *vocab = NULL;
    const char *base;
    char what[256];

    vs_load_opts_fill(&opts, opts_in);
    *out = NULL;
    memset(&j, 0, sizeof j);
    fd = vs_open_model_file(path, &size, err);
    if (fd < 0)
        return -1;
    j.path = path;
    j.opts = &opts;
    j.size = size;
    j.err = err;
    atomic_init(&j.first_fail, SIZE_MAX);
    atomic_init(&j.cancel, 0);
    vs_parallel_queue_init(&j.chunks_left, 0);
    atomic_init(&j.done, 0);
    base = strrchr(path, '/');
    snprintf(what, sizeof what, "loading %s", base ? base + 1 : path);
    j.what = what;
    if (map_file(&j, fd, err) != 0) {
        close(fd);
        goto done;
    }
    close(fd);

    /* The header line. */
    {
        const char *nl = memchr(j.map, '\n', (size_t)size);
        uint64_t l1 = nl != NULL ? (uint64_t)(nl - j.map) : size;
        if (vs_parse_header(j.map, (size_t)l1, &hcount, &hdim) == 0) {
            has_header = 1;
            begin = nl != NULL ? l1 + 1 : size;
        } else if (header == VS_HEADER_REQUIRED) {
            char *shown = excerpt(j.map, (size_t)l1, 40);
            vs_fail(err,
                    "%s: line 1: expected a header \"COUNT DIM\" (two integers), "
                    "found \"%s\" (a file without a header is glove-text)",
                    path, shown);
            free(shown);
            goto done;
        }
    }
    if (has_header) {
        if (begin >= size) {
            vs_fail(err, "%s: line 1: header says %llu words, file has 0", path,
                    (unsigned long long)hcount);
            goto done;
        }
        if (hcount == 0) {
            vs_fail(err, "%s: line 1: the header says 0 words", path);
            goto done;
        }
        if (hdim == 0) {
            vs_fail(err, "%s: line 1: the header says the vectors have 0 dimensions",
                    path);
            goto done;
        }
        /* Every number takes at least two bytes (a digit and a blank). */
        if (hdim > (size - begin + 1) / 2 || hdim > INT32_MAX) {
            vs_fail(err,
                    "%s: line 1: the header says %llu dimensions, but the %llu "
                    "bytes after it cannot hold even one such vector",
                    path, (unsigned long long)hdim,
                    (unsigned long long)(size - begin));
            goto done;
        }
        dim = (size_t)hdim;
    } else if (detect_dim(&j, begin, &dim, err) != 0) {
        goto done;
    }
    j.dim = dim;

    /* Pass 1: count. With --limit N only the first N records matter:
     * find where they end (one sequential scan, as far as needed) and read
     * no further, as gensim reads N lines. */
    stop = size;
    if (opts.limit > 0)
        stop = end_of_records(&j, begin, opts.limit);
    make_chunks(&j, begin, stop);
    if (run_pass(&j, 1, 0.0, 0.1) != 0) {
        vs_fail_prefix(err, "%s", path);
        goto done;
    }
    lines = has_header ? 1 : 0;
    for (i = 0; i < j.nchunks; i++) {
        j.chunks[i].first_line = lines + 1;
        j.chunks[i].first_rec = records;
        lines += j.chunks[i].lines;
        records += j.chunks[i].records;
    }
    if (records == 0) {
        vs_fail(err, "%s: no vectors in the file%s", path,
                has_header ? " after the header" : "");
        goto done;
    }
    target = records;
    if (has_header && hcount < target)
        target = hcount;
    if (opts.limit > 0 && opts.limit < target)
        target = opts.limit;
    if (has_header && hcount > records && (opts.limit == 0 || opts.limit > records)) {
        vs_fail(err, "%s: line 1: header says %llu words, file has %llu", path,
                (unsigned long long)hcount, (unsigned long long)records);
        goto done;
    }
    if (target > VS_VOCAB_MAX_WORDS) {
        vs_fail(err, "%s: %llu words are more than vecscope can hold", path,
                (unsigned long long)target);
        goto done;
    }
    for (i = 0; i < j.nchunks; i++) {
        struct tv_chunk *c = &j.chunks[i];
        c->nrec = c->first_rec >= target ? 0
                  : (target - c->first_rec < c->records ? target - c->first_rec
                                                        : c->records);
    }

    /* Pass 2: parse. A valid row takes at least 2 * dim bytes; when the
     * file is too small for that, some line is short: find it with a dry
     * run rather than allocate for rows that do not exist. */
    if (target > (size - begin + 1) / 2 / dim) {
        j.vecs = NULL;
        j.norms = NULL;
    } else {
        j.vecs = vs_matrix_alloc(path, (size_t)target, dim, err);
        if (j.vecs == NULL)
            goto done;
        j.norms = xtry_mallocarray((size_t)target, sizeof(float));
        if (j.norms == NULL) {
            vs_fail_oom(err, path, "the norms", (size_t)target, sizeof(float));
            goto done;
        }
    }
    if (run_pass(&j, 2, 0.1, 0.95) != 0) {
        vs_fail_prefix(err, "%s", path);
        goto done;
    }
    if (first_chunk_error(&j, err) != 0)
        goto done;
    if (j.vecs == NULL) {
        vs_fail(err, "%s: the file is too short for %llu vectors of %zu numbers",
                path, (unsigned long long)target, dim);
        goto done;
    }

    /* Pass 3: the vocabulary, in file order. */
    vocab = vs_vocab_new((size_t)target);
    row = 0;
    {
        size_t dups = 0, bad = 0;
        for (i = 0; i < j.nchunks; i++) {
            struct tv_chunk *c = &j.chunks[i];
            size_t pos = 0, ahead = 0, ra;
            bad += c->bad_utf8;
            /* The table is far bigger than the caches: ask for the slot of
             * the word PREFETCH_AHEAD words on while inserting this one. */
            for (ra = 0; ra < PREFETCH_AHEAD && ra < c->nrec; ra++)
                ahead += c->wlen[ra];
            for (r = 0; r < c->nrec; r++, row++) {
                long id;
                if (ra < c->nrec) {
                    __builtin_prefetch(&vocab->table[vs_vocab_hash(c->words + ahead,
                                                                   c->wlen[ra]) &
                                                     (vocab->table_size - 1)]);
                    ahead += c->wlen[ra++];
                }
                id = vs_vocab_add(vocab, c->words + pos, c->wlen[r], NULL);
                pos += c->wlen[r];
                if (id < 0) {
                    dups++;
                    continue;
                }
                if (kept != row) {
                    memmove(j.vecs + kept * dim, j.vecs + row * dim,
                            dim * sizeof(float));
                    j.norms[kept] = j.norms[row];
                }
                kept++;
                if ((row & 0xffff) == 0xffff &&
                    vs_progress_step(opts.progress, what,
                                     0.95 + 0.05 * (double)row / (double)target,
                                     err) != 0) {
                    vs_fail_prefix(err, "%s", path);
                    goto done;
                }
            }
            free(c->words);
            c->words = NULL;
        }
        if (kept < target) {
            j.vecs = xrealloc(j.vecs, (size_t)kept * dim * sizeof(float));
            j.norms = xrealloc(j.norms, (size_t)kept * sizeof(float));
        }
        *out = vs_model_new(path, format_name, vocab, j.vecs, (size_t)kept, dim);
        (*out)->norms = j.norms;
        (*out)->duplicates = dups;
        (*out)->bad_utf8 = bad;
        (*out)->file_size = (size_t)size;
        vocab = NULL;
        j.vecs = NULL;
        j.norms = NULL;
    }
    rc = 0;

done:
    vs_vocab_free(vocab);
    free(j.vecs);
    free(j.norms);
    free_chunks(&j);
    unmap_file(&j);
    return rc;
}

/* ---- writing vectors ---- */

int vs_vectors_save(const vs_model *m, const char *path, int binary, int header,
                    const vs_progress *progress, vs_error *err)
{
    const char *what = binary ? "writing word2vec binary" : "writing vectors";
    vs_afile af;
    size_t i, d;
    FILE *f;

    if (vs_afile_open(&af, path, VS_AFILE_SYNC, err) < 0)
        return -1;
    f = af.f;
    if (header)
        fprintf(f, "%zu %zu\n", m->n, m->dim);
    for (i = 0; i < m->n; i++) {
        const float *row = vs_model_row(m, i);
        fwrite(vs_vocab_word(m->vocab, i), 1, vs_vocab_len(m->vocab, i), f);
        fputc(' ', f);
        if (binary) {
            fwrite(row, sizeof *row, m->dim, f);
        } else {
            for (d = 0; d < m->dim; d++)
                fprintf(f, d + 1 < m->dim ? "%.9g " : "%.9g", (double)row[d]);
        }
        fputc('\n', f);
        if (ferror(f))
            break;  /* the commit reports it */
        if (i % 4096 == 4095 &&
            vs_progress_step(progress, what, (double)i / (double)m->n, err) != 0) {
            vs_fail_prefix(err, "%s", path);
            vs_progress_done(progress);
            vs_afile_abort(&af);
            return -1;
        }
    }
    vs_progress_done(progress);
    return vs_afile_commit(&af, err);
}
