/*
 * word2vec_bin.c - the original word2vec binary format.
 *
 *   +-------------------------------+
 *   | "COUNT DIM\n"                 |  ASCII header (word2vec.c "%lld %lld\n")
 *   +-------------------------------+  then COUNT entries:
 *   | ['\n' ...]                    |  0 or more newlines (see below)
 *   | word bytes ... ' '            |  any bytes but ' ', no length prefix
 *   | float32 x DIM                 |  little-endian (word2vec.c fwrite's
 *   |                               |  host order; every file in the wild)
 *   +-------------------------------+
 *
 * Quirks, with their sources:
 *   - word2vec.c writes '\n' after each vector; GoogleNews-vectors-
 *     negative300.bin and gensim's writer (euclidean_vectors.bin,
 *     high_precision.kv.bin) do not. So newlines *before* a word are
 *     skipped (gensim strips a leading '\n' from each word; distance.c skips
 *     '\n' while reading one). Only '\n' is skipped: a word may begin with
 *     any other byte.
 *   - words are truncated mid-character by word2vec.c (MAX_STRING 100), so
 *     they may be invalid UTF-8: opts->encoding_errors decides.
 *   - the header may promise more words than the file holds: gensim raises
 *     EOFError; we say "count says N, found M" and where the file ended.
 *   - duplicates: the first is kept, the rest counted (gensim).
 *
 * The file is read with read() in large pieces into one reusable buffer and
 * each vector copied into the matrix, where its norm is taken while it is
 * hot: resident memory is the matrix plus a few MB, and nothing is parsed.
 * Sizes in the header are checked against the file's size before anything
 * is allocated: an entry takes at least 4 * DIM + 2 bytes.
 *
 * The writer (vs_word2vec_bin_save, for `train`) writes what word2vec.c
 * does: the header, and each entry with its trailing '\n'.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../utf8.h"
#include "../xalloc.h"
#include "common.h"
#include "format.h"

#define MAX_WORD ((size_t)1 << 16)     /* bytes before the ' ' of a word */
#define READ_PIECE ((size_t)1 << 21)   /* bytes per read() */
#define REPORT_EVERY ((uint64_t)16 << 20)

/* A forward-only buffered reader that knows the file offset of each byte. */
struct rd {
    int fd;
    char *buf;
    size_t cap, pos, len;  /* unread bytes are buf[pos..len) */
    uint64_t base;         /* file offset of buf[0] */
    int eof;
    int error;             /* errno of a failed read */
};

/* Makes at least need bytes available at pos (need <= cap), or all the file
 * has left. Returns the bytes available. */
static size_t rd_fill(struct rd *r, size_t need)
{
    if (r->len - r->pos >= need || r->eof)
        return r->len - r->pos;
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->base += r->pos;
        r->len -= r->pos;
        r->pos = 0;
    }
    while (r->len < need && !r->eof) {
        size_t room = r->cap - r->len;
        ssize_t n = read(r->fd, r->buf + r->len, room < READ_PIECE ? room : READ_PIECE);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            r->error = errno;
            r->eof = 1;
            break;
        }
        if (n == 0)
            r->eof = 1;
        r->len += (size_t)n;
    }
    return r->len - r->pos;
}

static uint64_t rd_offset(const struct rd *r)
{
    return r->base + r->pos;
}

/* Is p[0..n) text: no control bytes but blanks and newlines, and valid
 * UTF-8 (but for a sequence the end of the head may cut)? A vector of
 * float32 almost never is. */
static int looks_like_text(const unsigned char *p, size_t n)
{
    size_t i, valid;

    for (i = 0; i < n; i++)
        if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
            return 0;
    valid = vs_utf8_valid_prefix((const char *)p, n);
    return valid + 3 >= n;
}

static int sniff(const char *path, const unsigned char *head, size_t len,
                 size_t file_size, int is_dir)
{
    const char *h = (const char *)head, *end = h + len, *nl, *p, *sp;
    uint64_t count, dim, hdr;
    size_t i;
    int text_like;

    (void)path;
    if (is_dir || len < 4)
        return 0;
    nl = memchr(h, '\n', len < 64 ? len : 64);
    if (nl == NULL || vs_parse_header(h, (size_t)(nl - h), &count, &dim) != 0)
        return 0;
    if (count == 0 || dim == 0)
        return 30; /* a header, a bad one: let the loader say what is wrong */
    {
        int has_header;
        /* A text file with a header looks the same up to here. */
        text_like = vs_sniff_text(head, len, &has_header) >= 40;
    }
    if (text_like)
        return 10;
    p = nl + 1;
    while (p < end && *p == '\n')
        p++;
    sp = memchr(p, ' ', (size_t)(end - p) < 1000 ? (size_t)(end - p) : 1000);
    if (sp == NULL && looks_like_text((const unsigned char *)p, (size_t)(end - p)))
        return 2; /* a word longer than the head, in text: a text file's */
    if (sp == NULL || sp == p)
        return 20;
    if (looks_like_text((const unsigned char *)sp + 1, (size_t)(end - sp - 1)))
        return 2; /* a text file, if a broken one: let the text loaders say */
    hdr = (uint64_t)(nl + 1 - h);
    /* The floats of the first vector that the head holds should be finite. */
    for (i = 0; i < dim && sp + 1 + 4 * (i + 1) <= end; i++) {
        float f;
        memcpy(&f, sp + 1 + 4 * i, 4);
        if (!isfinite(f))
            return 30;
    }
    if (file_size > hdr && count > (file_size - hdr) / (4 * dim + 2))
        return 60; /* looks binary but is too short: truncated */
    return 90;
}

/* The next entry's word, if the buffer holds it, will need its hash slot:
 * ask for that cache line now, while this entry is being copied. The
 * vocabulary's table is far bigger than the caches, so this hides much of
 * a cache miss per word. */
static void prefetch_next_slot(const vs_vocab *v, const char *p, const char *end)
{
    const char *sp;

    while (p < end && *p == '\n')
        p++;
    sp = memchr(p, ' ', (size_t)(end - p) < 64 ? (size_t)(end - p) : 64);
    if (sp != NULL)
        __builtin_prefetch(&v->table[vs_vocab_hash(p, (size_t)(sp - p)) &
                                     (v->table_size - 1)]);
}

/* "PATH: unexpected end of file ...: count says N, found M". */
static int truncated(const char *path, vs_error *err, uint64_t off,
                     const char *where, uint64_t count, uint64_t found)
{
    return vs_fail(err,
                   "%s: unexpected end of file at byte offset %llu (%s): "
                   "count says %llu words, found %llu",
                   path, (unsigned long long)off, where,
                   (unsigned long long)count, (unsigned long long)found);
}

static int load(const char *path, const vs_load_opts *opts_in, vs_model **out,
                vs_error *err)
{
    vs_load_opts opts;
    struct rd r;
    uint64_t size, count, dimu, hdr, avail_bytes, maxfit, target, alloc, e;
    uint64_t next_report = REPORT_EVERY;
    size_t dim, vbytes, kept = 0, dups = 0, bad = 0, need, have;
    float *vecs = NULL, *norms = NULL;
    vs_vocab *vocab = NULL;
    char *fixed = NULL, what[256];
    const char *base;
    int fd, rc = -1;

    vs_load_opts_fill(&opts, opts_in);
    *out = NULL;
    memset(&r, 0, sizeof r);
    fd = vs_open_model_file(path, &size, err);
    if (fd < 0)
        return -1;
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    base = strrchr(path, '/');
    snprintf(what, sizeof what, "loading %s", base ? base + 1 : path);

    /* The header. */
    r.fd = fd;
    r.cap = 4096;
    r.buf = xmalloc(r.cap);
    have = rd_fill(&r, 256);
    {
        const char *nl = memchr(r.buf, '\n', have < 256 ? have : 256);
        if (nl == NULL ||
            vs_parse_header(r.buf, (size_t)(nl - r.buf), &count, &dimu) != 0) {
            char *shown;
            size_t l = nl ? (size_t)(nl - r.buf) : (have < 40 ? have : 40);
            shown = vs_escape(r.buf, l < 40 ? l : 40);
            vs_fail(err,
                    "%s: line 1: expected a header \"COUNT DIM\" (two integers), "
                    "found \"%s\"",
                    path, shown);
            free(shown);
            goto done;
        }
        hdr = (uint64_t)(nl - r.buf) + 1;
        r.pos = (size_t)hdr;
    }
    if (r.error != 0) {
        vs_fail(err, "%s: read failed at byte offset 0: %s", path, strerror(r.error));
        goto done;
    }
    if (count == 0) {
        vs_fail(err, "%s: the header says 0 words", path);
        goto done;
    }
    if (dimu == 0) {
        vs_fail(err, "%s: the header says the vectors have 0 dimensions", path);
        goto done;
    }
    /* Every size from the file is checked against the file before use. */
    avail_bytes = size - hdr;
    if (dimu > avail_bytes / 4 || dimu > INT32_MAX) {
        vs_fail(err,
                "%s: the header says %llu dimensions, but one vector of that "
                "size takes more than the %llu bytes after the header",
                path, (unsigned long long)dimu, (unsigned long long)avail_bytes);
        goto done;
    }
    dim = (size_t)dimu;
    vbytes = dim * sizeof(float);
    maxfit = avail_bytes / (vbytes + 2); /* word >= 1 byte, ' ', vector */
    if (maxfit == 0) {
        vs_fail(err,
                "%s: the %llu bytes after the header cannot hold even one entry "
                "of %zu dimensions (each takes at least %zu bytes)",
                path, (unsigned long long)avail_bytes, dim, vbytes + 2);
        goto done;
    }
    target = count;
    if (opts.limit > 0 && opts.limit < target)
        target = opts.limit;
    /* A header that promises more than fits is found out at the end of the
     * file, with the real count; meanwhile allocate only what can be there. */
    alloc = target < maxfit ? target : maxfit;
    if (alloc > VS_VOCAB_MAX_WORDS) {
        vs_fail(err, "%s: %llu words are more than vecscope can hold", path,
                (unsigned long long)alloc);
        goto done;
    }

    free(r.buf);
    /* no bigger than the file needs (a small file reads in one piece) */
    r.cap = avail_bytes + 1 < 4 * READ_PIECE ? (size_t)avail_bytes + 1 : 4 * READ_PIECE;
    if (r.cap < 2 * (MAX_WORD + 1 + vbytes))
        r.cap = 2 * (MAX_WORD + 1 + vbytes);
    {
        /* keep the bytes already read after the header */
        char *nb = xmalloc(r.cap);
        r.buf = nb;
        r.base = hdr;
        r.pos = r.len = 0;
        r.eof = 0;
        if (lseek(fd, (off_t)hdr, SEEK_SET) < 0) {
            vs_fail(err, "%s: cannot seek: %s", path, strerror(errno));
            goto done;
        }
    }

    if (vs_progress_step(opts.progress, what, 0.0, err) != 0) {
        vs_fail_prefix(err, "%s", path);
        goto done;
    }
    vecs = vs_matrix_alloc(path, (size_t)alloc, dim, err);
    if (vecs == NULL)
        goto done;
    norms = xtry_mallocarray((size_t)alloc, sizeof(float));
    if (norms == NULL) {
        vs_fail_oom(err, path, "the norms", (size_t)alloc, sizeof(float));
        goto done;
    }
    vocab = vs_vocab_new((size_t)alloc);
    fixed = xmalloc(3 * MAX_WORD);

    for (e = 0; e < target; e++) {
        const char *w, *sp;
        size_t wlen, ulen = 0;
        uint64_t woff;
        int repaired;
        long id;

        /* newlines before the word */
        for (;;) {
            have = rd_fill(&r, 1);
            if (have == 0)
                break;
            if (r.buf[r.pos] != '\n')
                break;
            r.pos++;
        }
        if (r.error != 0)
            goto read_error;
        if (have == 0) {
            truncated(path, err, rd_offset(&r), "after the last complete entry",
                      count, e);
            goto done;
        }
        /* the word, up to ' ' */
        woff = rd_offset(&r);
        sp = memchr(r.buf + r.pos, ' ', have < MAX_WORD + 1 ? have : MAX_WORD + 1);
        if (sp == NULL && have < MAX_WORD + 1) {
            have = rd_fill(&r, MAX_WORD + 1);
            sp = memchr(r.buf + r.pos, ' ', have < MAX_WORD + 1 ? have : MAX_WORD + 1);
        }
        if (r.error != 0)
            goto read_error;
        if (sp == NULL) {
            if (have < MAX_WORD + 1) {
                truncated(path, err, size, "inside a word", count, e);
            } else {
                vs_fail(err,
                        "%s: entry %llu at byte offset %llu: no space after the word "
                        "within %zu bytes (a corrupt file, or not word2vec binary)",
                        path, (unsigned long long)e + 1, (unsigned long long)woff,
                        MAX_WORD);
            }
            goto done;
        }
        wlen = (size_t)(sp - (r.buf + r.pos));
        if (wlen == 0) {
            vs_fail(err, "%s: entry %llu at byte offset %llu: the word is empty",
                    path, (unsigned long long)e + 1, (unsigned long long)woff);
            goto done;
        }
        /* the vector */
        need = wlen + 1 + vbytes;
        have = rd_fill(&r, need);
        if (r.error != 0)
            goto read_error;
        w = r.buf + r.pos;
        if (have < need) {
            char *shown = vs_escape(w, wlen < 40 ? wlen : 40);
            char *where = xasprintf("inside the vector of \"%s\" at byte offset %llu",
                                    shown, (unsigned long long)woff);
            truncated(path, err, size, where, count, e);
            free(where);
            free(shown);
            goto done;
        }
        if (memchr(w, '\0', wlen) != NULL) {
            vs_fail(err, "%s: entry %llu at byte offset %llu: the word contains a NUL byte",
                    path, (unsigned long long)e + 1, (unsigned long long)woff);
            goto done;
        }
        if (vs_check_word(path, &opts, w, wlen, woff, "entry", e + 1, fixed, &ulen,
                          &repaired, err) != 0)
            goto done;
        prefetch_next_slot(vocab, w + need, r.buf + r.len);
        if (repaired) {
            bad++;
            id = vs_vocab_add(vocab, fixed, ulen, NULL);
        } else {
            id = vs_vocab_add(vocab, w, wlen, NULL);
        }
        if (id < 0) {
            dups++;
        } else {
            float *row;
            if (kept == alloc) { /* cannot happen: each entry >= vbytes + 2 */
                vs_fail(err, "%s: more entries than the file's size allows", path);
                goto done;
            }
            row = vecs + kept * dim;
            memcpy(row, w + wlen + 1, vbytes);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
            {
                size_t k;
                for (k = 0; k < dim; k++) {
                    uint32_t u;
                    memcpy(&u, &row[k], 4);
                    u = __builtin_bswap32(u);
                    memcpy(&row[k], &u, 4);
                }
            }
#endif
            norms[kept] = vs_row_norm(row, dim);
            if (!isfinite(norms[kept])) {
                size_t k;
                for (k = 0; k < dim && isfinite(row[k]); k++)
                    ;
                if (k < dim) {
                    char *shown = vs_escape(w, wlen < 40 ? wlen : 40);
                    vs_fail(err,
                            "%s: entry %llu (\"%s\") at byte offset %llu: component "
                            "%zu is %s; vectors must hold finite numbers",
                            path, (unsigned long long)e + 1, shown,
                            (unsigned long long)(woff + wlen + 1 + 4 * k), k + 1,
                            isnan(row[k]) ? "NaN" : "infinite");
                    free(shown);
                    goto done;
                }
            }
            kept++;
        }
        r.pos += need;
        if (rd_offset(&r) >= next_report) {
            next_report = rd_offset(&r) + REPORT_EVERY;
            if (vs_progress_step(opts.progress, what,
                                 (double)rd_offset(&r) / (double)size, err) != 0) {
                vs_fail_prefix(err, "%s", path);
                goto done;
            }
        }
    }
    if (kept < alloc) {
        vecs = xrealloc(vecs, (kept ? kept : 1) * dim * sizeof(float));
        norms = xrealloc(norms, (kept ? kept : 1) * sizeof(float));
    }
    *out = vs_model_new(path, vs_format_word2vec_bin.name, vocab, vecs, kept, dim);
    (*out)->norms = norms;
    (*out)->duplicates = dups;
    (*out)->bad_utf8 = bad;
    (*out)->file_size = (size_t)size;
    vocab = NULL;
    vecs = NULL;
    norms = NULL;
    rc = 0;
    goto done;

read_error:
    vs_fail(err, "%s: read failed at byte offset %llu: %s", path,
            (unsigned long long)rd_offset(&r), strerror(r.error));
done:
    close(fd);
    free(r.buf);
    free(fixed);
    free(vecs);
    free(norms);
    vs_vocab_free(vocab);
    return rc;
}

/* DIM float32 in host order, as word2vec.c's fwrite. */
static void put_binary_row(FILE *f, const float *row, size_t dim)
{
    fwrite(row, sizeof *row, dim, f);
}

int vs_word2vec_bin_save(const vs_model *m, const char *path,
                         const vs_progress *progress, vs_error *err)
{
    return vs_vectors_write(m, path, 1, put_binary_row, "writing word2vec binary",
                            progress, err);
}

const vs_format vs_format_word2vec_bin = {
    "word2vec-bin",
    "word2vec binary: \"COUNT DIM\" header, then word, space, DIM float32 "
    "(GoogleNews-vectors, word2vec -binary 1)",
    sniff,
    load,
};
