/*
 * textvec.c - the text embedding formats' reader and writer (word2vec text,
 * GloVe text, fastText .vec all come here). See textvec.h; the number
 * parser and the line helpers are common.c's.
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
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../filemap.h"
#include "../parallel.h"
#include "../utf8.h"
#include "../xalloc.h"
#include "common.h"
#include "textvec.h"

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

        while (q < le && vs_is_blank(*q))
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
    char *shown = vs_excerpt(fb, flen, 40);

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
    size_t nf = vs_count_fields(p, le), k, first_num;
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
        while (q < le && vs_is_blank(*q))
            q++;
        fb = q;
        while (q < le && !vs_is_blank(*q))
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
        while (we < end && !vs_is_blank(*we) && *we != '\n')
            we++;
        q = we;
        for (k = 0; k < dim; k++) {
            const char *stop;
            while (q < end && vs_is_sep(*q))
                q++;
            if (vs_parse_float_prefix(q, end, &stop, &row[k]) != VS_NUM_OK ||
                (stop < end && !vs_is_blank(*stop) && *stop != '\n')) {
                ok = 0;
                break;
            }
            q = stop;
        }
        if (ok) {
            while (q < end && vs_is_blank(*q))
                q++;
            ok = q == end || *q == '\n';
        }
        if (ok && we > p) {
            next = q < end ? q + 1 : end;
        } else {
            /* Slow path: find the line, then see what it is. */
            nl = memchr(p, '\n', (size_t)(end - p));
            le = vs_trim_end(p, nl != NULL ? nl : end);
            next = nl != NULL ? nl + 1 : end;
            for (q = p; q < le && vs_is_blank(*q); q++)
                ;
            if (q == le) { /* a blank line */
                p = next;
                continue;
            }
            if (vs_is_blank(*p)) {
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
        while (q < le && vs_is_blank(*q))
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
        const char *le = vs_trim_end(p, nl != NULL ? nl : end);
        size_t nf = vs_count_fields(p, le);
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
    vs_error ignored;
    void *m = vs_filemap_map(fd, (size_t)j->size, j->path, &ignored);
    char *buf;
    uint64_t got = 0;

    if (m != NULL) {
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
        vs_filemap_unmap((void *)j->map, (size_t)j->size);
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

    /* A UTF-8 byte order mark (some editors write one) is not part of the
     * first word or the header. */
    if (size >= 3 && memcmp(j.map, "\xEF\xBB\xBF", 3) == 0)
        begin = 3;
    /* The header line. */
    {
        const char *l = j.map + begin;
        const char *nl = memchr(l, '\n', (size_t)(size - begin));
        uint64_t l1 = nl != NULL ? (uint64_t)(nl - l) : size - begin;
        if (vs_parse_header(l, (size_t)l1, &hcount, &hdim) == 0) {
            has_header = 1;
            begin = nl != NULL ? begin + l1 + 1 : size;
        } else if (vs_signed_header(l, (size_t)l1)) {
            /* "-1 2": meant as a header, not a word "-1" of one dimension */
            char *shown = vs_excerpt(l, (size_t)l1, 40);
            vs_fail(err, "%s: line 1: the header \"%s\" has a negative number; a header is "
                         "two whole numbers above 0, COUNT DIM", path, shown);
            free(shown);
            goto done;
        } else if (header == VS_HEADER_REQUIRED) {
            char *shown = vs_excerpt(l, (size_t)l1, 40);
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

/* ---- writing ---- */

/* "v1 v2 ... vDIM": %.9g gives back the same float32. */
static void put_text_row(FILE *f, const float *row, size_t dim)
{
    size_t d;

    for (d = 0; d < dim; d++)
        fprintf(f, d + 1 < dim ? "%.9g " : "%.9g", (double)row[d]);
}

int vs_textvec_save(const vs_model *m, const char *path, int header,
                    const vs_progress *progress, vs_error *err)
{
    return vs_vectors_write(m, path, header, put_text_row, "writing vectors",
                            progress, err);
}
