/*
 * corpus.c - reading a training corpus: counting the vocabulary and keeping
 * the text as word ids (see corpus.h for the conventions).
 *
 * One pass over the file: each token is looked up in a vocabulary of every
 * distinct token (in order of first appearance), counted, and its
 * provisional id appended to a stream. Then the kept words are sorted by
 * count and the stream is rewritten in place with the final ids, dropping
 * the rare words and empty sentences.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../readfile.h"
#include "../utf8.h"
#include "../xalloc.h"
#include "corpus.h"

#define READ_PIECE ((size_t)1 << 20)
#define REPORT_EVERY ((uint64_t)4 << 20)

struct reader {
    const char *path;
    vs_vocab *raw;          /* every distinct token, in order of first use */
    uint64_t *counts;       /* raw->n counts */
    size_t counts_cap;
    uint32_t *ids;          /* provisional ids, VS_CORPUS_EOS after each line */
    size_t nids, ids_cap;
    uint64_t tokens, line;  /* line: 1-based number of the current line */
    size_t line_tokens;     /* tokens on the current line so far */
    vs_error *err;
};

static void push_id(struct reader *r, uint32_t id)
{
    if (r->nids == r->ids_cap) {
        r->ids_cap = r->ids_cap ? r->ids_cap * 2 : (size_t)1 << 16;
        r->ids = xreallocarray(r->ids, r->ids_cap, sizeof *r->ids);
    }
    r->ids[r->nids++] = id;
}

/* Counts one token, found at byte offset off. */
static int token(struct reader *r, const char *w, size_t len, uint64_t off)
{
    long id = vs_vocab_find(r->raw, w, len);

    if (id < 0) {
        if (memchr(w, '\0', len) != NULL)
            return vs_fail(r->err, "%s: line %llu, byte offset %llu: a NUL byte; a corpus "
                                   "is plain UTF-8 text", r->path,
                           (unsigned long long)r->line, (unsigned long long)off);
        if (vs_utf8_valid_prefix(w, len) != len) {
            size_t bad = vs_utf8_valid_prefix(w, len);
            return vs_fail(r->err, "%s: line %llu, byte offset %llu: the token is not valid "
                                   "UTF-8; convert the corpus to UTF-8 (iconv) first",
                           r->path, (unsigned long long)r->line,
                           (unsigned long long)(off + bad));
        }
        if (r->raw->n >= VS_VOCAB_MAX_WORDS)
            return vs_fail(r->err, "%s: line %llu: more than %zu distinct words", r->path,
                           (unsigned long long)r->line, VS_VOCAB_MAX_WORDS);
        id = vs_vocab_add(r->raw, w, len, NULL);
        if (r->raw->n > r->counts_cap) {
            r->counts_cap = r->counts_cap ? r->counts_cap * 2 : (size_t)1 << 14;
            r->counts = xreallocarray(r->counts, r->counts_cap, sizeof *r->counts);
        }
        r->counts[id] = 0;
    }
    r->counts[id]++;
    r->tokens++;
    r->line_tokens++;
    push_id(r, (uint32_t)id);
    return 0;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* The raw ids in the order of the final vocabulary: count down, then first
 * appearance. */
struct rank {
    uint64_t count;
    uint32_t id;
};

static int by_count(const void *pa, const void *pb)
{
    const struct rank *a = pa, *b = pb;

    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* Builds the final vocabulary and rewrites the stream with its ids. */
static int finish(struct reader *r, uint64_t min_count, vs_corpus *c, vs_error *err)
{
    size_t n = r->raw->n, kept = 0, i, out = 0, sent_len = 0;
    struct rank *rk;
    uint32_t *map;

    if (r->tokens == 0)
        return vs_fail(err, "%s: the corpus holds no words (it is empty or all blank)",
                       r->path);
    rk = xmallocarray(n, sizeof *rk);
    for (i = 0; i < n; i++) {
        if (r->counts[i] >= min_count) {
            rk[kept].count = r->counts[i];
            rk[kept].id = (uint32_t)i;
            kept++;
        }
    }
    if (kept == 0) {
        uint64_t best = 0;
        size_t besti = 0;
        for (i = 0; i < n; i++)
            if (r->counts[i] > best) {
                best = r->counts[i];
                besti = i;
            }
        vs_fail(err, "%s: no word occurs %llu times (the most frequent, '%s', occurs %llu "
                     "times); lower --min-count", r->path, (unsigned long long)min_count,
                vs_vocab_word(r->raw, besti), (unsigned long long)best);
        free(rk);
        return -1;
    }
    qsort(rk, kept, sizeof *rk, by_count);
    c->vocab = vs_vocab_new(kept);
    c->counts = xmallocarray(kept, sizeof *c->counts);
    map = xmallocarray(n, sizeof *map);
    for (i = 0; i < n; i++)
        map[i] = VS_CORPUS_EOS;
    for (i = 0; i < kept; i++) {
        uint32_t id = rk[i].id;
        vs_vocab_add(c->vocab, vs_vocab_word(r->raw, id), vs_vocab_len(r->raw, id), NULL);
        c->counts[i] = rk[i].count;
        c->words += rk[i].count;
        map[id] = (uint32_t)i;
    }
    free(rk);
    /* the stream, in place: kept words, an end after each non-empty sentence */
    for (i = 0; i < r->nids; i++) {
        uint32_t id = r->ids[i];
        if (id == VS_CORPUS_EOS || sent_len == VS_CORPUS_MAX_SENTENCE) {
            if (sent_len > 0) {
                r->ids[out++] = VS_CORPUS_EOS;
                c->sentences++;
            }
            sent_len = 0;
            if (id == VS_CORPUS_EOS)
                continue;
        }
        if (map[id] == VS_CORPUS_EOS)
            continue;
        r->ids[out++] = map[id];
        sent_len++;
    }
    if (sent_len > 0) {
        r->ids[out++] = VS_CORPUS_EOS;
        c->sentences++;
    }
    free(map);
    c->ids = out > 0 ? xreallocarray(r->ids, out, sizeof *c->ids) : r->ids;
    r->ids = NULL;
    c->nids = out;
    c->raw_tokens = r->tokens;
    c->raw_types = n;
    return 0;
}

int vs_corpus_read(const char *path, uint64_t min_count, const vs_progress *progress,
                   vs_corpus **out, vs_error *err)
{
    struct reader r;
    struct stat st;
    vs_corpus *c = NULL;
    char *buf = NULL, *tok = NULL, last = '\n';
    size_t tok_len = 0, tok_cap = 0;
    uint64_t off = 0, tok_off = 0, next_report = REPORT_EVERY, size;
    int fd, rc = -1;

    *out = NULL;
    if (min_count == 0)
        min_count = 1;
    memset(&r, 0, sizeof r);
    r.path = path;
    r.err = err;
    r.line = 1;
    fd = vs_open_file(path, &st);
    if (fd < 0)
        return vs_fail(err, "%s: cannot open the corpus: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return vs_fail(err, "%s: the corpus is not a regular file", path);
    }
    size = (uint64_t)st.st_size;
    r.raw = vs_vocab_new((size_t)1 << 16);
    buf = xmalloc(READ_PIECE);
    for (;;) {
        ssize_t got = read(fd, buf, READ_PIECE);
        size_t i, start = 0;
        if (got < 0 && errno == EINTR) {
            if (vs_progress_step(progress, "reading corpus",
                                 size ? (double)off / (double)size : 0, err) != 0)
                goto done;
            continue;
        }
        if (got < 0) {
            vs_fail(err, "%s: read failed at byte offset %llu: %s", path,
                    (unsigned long long)off, strerror(errno));
            goto done;
        }
        if (got == 0)
            break;
        last = buf[got - 1];
        /* a token may begin in an earlier piece: tok holds its start */
        for (i = 0; i < (size_t)got; i++) {
            unsigned char ch = (unsigned char)buf[i];
            if (!is_space(ch))
                continue;
            if (tok_len > 0 || i > start) {
                const char *w = buf + start;
                size_t len = i - start;
                uint64_t woff = off + start;
                if (tok_len > 0) {
                    if (tok_len + len > tok_cap) {
                        tok_cap = 2 * (tok_len + len);
                        tok = xrealloc(tok, tok_cap);
                    }
                    memcpy(tok + tok_len, w, len);
                    w = tok;
                    len += tok_len;
                    woff = tok_off;
                    tok_len = 0;
                }
                if (token(&r, w, len, woff) != 0)
                    goto done;
            }
            if (ch == '\n') {
                if (r.line_tokens > 0)
                    push_id(&r, VS_CORPUS_EOS);
                r.line_tokens = 0;
                r.line++;
            }
            start = i + 1;
        }
        if (start < (size_t)got) {
            size_t len = (size_t)got - start;
            if (tok_len == 0)
                tok_off = off + start;
            if (tok_len + len > tok_cap) {
                tok_cap = 2 * (tok_len + len);
                tok = xrealloc(tok, tok_cap);
            }
            memcpy(tok + tok_len, buf + start, len);
            tok_len += len;
        }
        off += (uint64_t)got;
        if (off >= next_report) {
            next_report = off + REPORT_EVERY;
            if (vs_progress_step(progress, "reading corpus",
                                 size ? (double)off / (double)size : 0, err) != 0)
                goto done;
        }
    }
    if (tok_len > 0 && token(&r, tok, tok_len, tok_off) != 0)
        goto done;
    if (r.line_tokens > 0)
        push_id(&r, VS_CORPUS_EOS);
    c = xcalloc(1, sizeof *c);
    c->lines = (r.line - 1) + (off > 0 && last != '\n');
    if (finish(&r, min_count, c, err) != 0)
        goto done;
    *out = c;
    c = NULL;
    rc = 0;
done:
    close(fd);
    vs_corpus_free(c);
    vs_vocab_free(r.raw);
    free(r.counts);
    free(r.ids);
    free(buf);
    free(tok);
    return rc;
}

void vs_corpus_free(vs_corpus *c)
{
    if (c == NULL)
        return;
    vs_vocab_free(c->vocab);
    free(c->counts);
    free(c->ids);
    free(c);
}
