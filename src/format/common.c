/*
 * common.c - what the loaders and writers in src/format/ share (see
 * common.h): numbers, the fields of a text line, the text formats' sniff,
 * files, matrices and words, and the row loop of the vector writers.
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
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../atomicfile.h"
#include "../readfile.h"
#include "../utf8.h"
#include "../xalloc.h"
#include "common.h"

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

/* nan and inf do not start like a number here: vs_parse_float sorts those
 * out. */
enum vs_num_status vs_parse_float_prefix(const char *s, const char *end,
                                         const char **stop, float *out)
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
    st = vs_parse_float_prefix(s, end, &stop, out);
    if (stop != end)
        return VS_NUM_BAD;
    return st;
}

/* ------------------------------------------------------------------ */
/* lines and fields                                                    */
/* ------------------------------------------------------------------ */

int vs_parse_header(const char *line, size_t len, uint64_t *count,
                    uint64_t *dim)
{
    const char *p = line, *end = line + len;
    uint64_t v[2];
    int k;

    for (k = 0; k < 2; k++) {
        int digits = 0;
        while (p < end && vs_is_blank(*p))
            p++;
        v[k] = 0;
        for (; p < end && (unsigned)(*p - '0') <= 9; p++) {
            if (++digits > 19)
                return -1;
            v[k] = v[k] * 10 + (uint64_t)(*p - '0');
        }
        if (digits == 0)
            return -1;
        if (k == 0 && (p == end || !vs_is_sep(*p)))
            return -1;
    }
    while (p < end && vs_is_blank(*p))
        p++;
    if (p != end)
        return -1;
    *count = v[0];
    *dim = v[1];
    return 0;
}

int vs_signed_header(const char *line, size_t len)
{
    const char *p = line, *end = line + len;
    int k, neg = 0;

    for (k = 0; k < 2; k++) {
        int digits = 0;
        while (p < end && vs_is_blank(*p))
            p++;
        if (p < end && (*p == '-' || *p == '+'))
            neg |= *p++ == '-';
        for (; p < end && (unsigned)(*p - '0') <= 9; p++)
            digits++;
        if (digits == 0 || (k == 0 && (p == end || !vs_is_sep(*p))))
            return 0;
    }
    while (p < end && vs_is_blank(*p))
        p++;
    return p == end && neg;
}

const char *vs_trim_end(const char *p, const char *le)
{
    while (le > p && vs_is_blank(le[-1]))
        le--;
    return le;
}

size_t vs_count_fields(const char *p, const char *le)
{
    size_t n = 0;

    while (p < le) {
        while (p < le && vs_is_blank(*p))
            p++;
        if (p == le)
            break;
        n++;
        while (p < le && !vs_is_blank(*p))
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

    le = vs_trim_end(p, le);
    while (n + 1 < nfields) {
        const char *fe = le, *fb;
        while (fe > p && vs_is_blank(fe[-1]))
            fe--;
        fb = fe;
        while (fb > p && !vs_is_blank(fb[-1]))
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
    *fields = vs_count_fields(p, le);
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
            while (q < le && vs_is_blank(*q))
                q++;
            if (q == le)
                break;
            fb = q;
            while (q < le && !vs_is_blank(*q))
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

/* Whether [p, end) holds only text: no control bytes but tab and line
 * ends, and valid UTF-8 (but for a sequence the head cut short). */
static int head_is_text(const char *p, const char *end)
{
    const char *q;

    for (q = p; q < end; q++)
        if ((unsigned char)*q < 0x20 && *q != '\t' && *q != '\n' && *q != '\r')
            return 0;
    return vs_utf8_valid_prefix(p, (size_t)(end - p)) + 3 >= (size_t)(end - p);
}

int vs_sniff_text(const unsigned char *head, size_t len, int *has_header)
{
    const char *h = (const char *)head, *end = h + len;
    const char *nl1, *p2, *nl2;
    size_t f1, n1, f2, n2;
    int all1, all2;
    uint64_t count, dim;

    *has_header = 0;
    if (len == 0 || memchr(h, '\0', len) != NULL)
        return 0;
    if (len >= 3 && memcmp(h, "\xEF\xBB\xBF", 3) == 0) {
        h += 3;  /* a byte order mark (the loader skips it too) */
        len -= 3;
    }
    if (len == 0)
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
        /* the first entry runs past the head: a word longer than 4 KiB,
         * whose numbers come later, if the head is all text */
        if (f2 == 1 && head_is_text(p2, end))
            return 35;
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
/* files, memory and words                                             */
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
    int fd = vs_open_file(path, &st);

    if (fd < 0) {
        if (errno == ENOENT)
            return vs_fail(err, "%s: no such file", path);
        if (errno == EACCES)
            return vs_fail(err, "%s: cannot read it (permission denied)", path);
        return vs_fail(err, "%s: cannot open it: %s", path, strerror(errno));
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

char *vs_excerpt(const char *s, size_t len, size_t max)
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
        shown = vs_excerpt(word, len, 60);
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
/* writing vectors                                                     */
/* ------------------------------------------------------------------ */

int vs_vectors_write(const vs_model *m, const char *path, int header,
                     void (*put_row)(FILE *f, const float *row, size_t dim),
                     const char *what, const vs_progress *progress,
                     vs_error *err)
{
    vs_afile af;
    size_t i;
    FILE *f;

    if (vs_afile_open(&af, path, VS_AFILE_SYNC, err) < 0)
        return -1;
    f = af.f;
    if (header)
        fprintf(f, "%zu %zu\n", m->n, m->dim);
    for (i = 0; i < m->n; i++) {
        fwrite(vs_vocab_word(m->vocab, i), 1, vs_vocab_len(m->vocab, i), f);
        fputc(' ', f);
        put_row(f, vs_model_row(m, i), m->dim);
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
