/*
 * distill.c - static word vectors from an encoder's contextual vectors (see
 * distill.h).
 *
 * Two passes over the corpus, held in memory: the first counts the words
 * and picks those kept (count, then first appearance); the second encodes
 * each line that holds a kept word and adds each kept occurrence's vector
 * to its word's sum (in double: a frequent word has tens of thousands of
 * occurrences). The encoder's forward pass is BLAS, on the BLAS threads.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bert/encoder.h"
#include "../bert/tokenizer.h"
#include "../eval/sentvec.h"
#include "../format/bert_dir.h"
#include "../readfile.h"
#include "../xalloc.h"
#include "distill.h"

/* The largest corpus read (it is held in memory). */
#define DISTILL_MAX_FILE ((size_t)64 << 30)

void vs_distill_defaults(vs_distill_params *p)
{
    p->layer = VS_DISTILL_LAYER_LAST;
    p->first_piece = 0;
    p->min_count = 5;
    p->max_words = 0;
}

/* ---- pass 1: counting ---- */

typedef struct counter {
    vs_vocab *words;   /* every distinct word, in order of first appearance */
    uint64_t *counts;
    size_t cap;
} counter;

static void count_word(const char *w, size_t len, void *ud)
{
    counter *c = ud;
    size_t first;
    long id = vs_vocab_add(c->words, w, len, &first);

    if (id < 0) {
        if (first != SIZE_MAX)
            c->counts[first]++;
        return;  /* a word holding a NUL byte cannot be one (never kept) */
    }
    if ((size_t)id >= c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1024;
        c->counts = xreallocarray(c->counts, c->cap, sizeof *c->counts);
    }
    c->counts[id] = 1;
}

static const uint64_t *sort_counts;

/* Higher count first, then the earlier word. */
static int by_count(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    if (sort_counts[x] != sort_counts[y])
        return sort_counts[x] > sort_counts[y] ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* The kept words, most frequent first. */
static int pick_words(const char *path, const counter *c, const vs_distill_params *p,
                      vs_vocab **kept, vs_error *err)
{
    size_t n = c->words->n, i, nk = 0;
    size_t *order;

    if (n == 0)
        return vs_fail(err, "%s: the corpus holds no words (it is empty, or holds no letters "
                            "or digits)", path);
    order = xmallocarray(n, sizeof *order);
    for (i = 0; i < n; i++)
        order[i] = i;
    sort_counts = c->counts;
    qsort(order, n, sizeof *order, by_count);
    sort_counts = NULL;
    if (c->counts[order[0]] < p->min_count) {
        vs_fail(err, "%s: no word occurs %llu times (the most frequent, '%s', occurs %llu "
                "times); lower --min-count", path, (unsigned long long)p->min_count,
                vs_vocab_word(c->words, order[0]), (unsigned long long)c->counts[order[0]]);
        free(order);
        return -1;
    }
    *kept = vs_vocab_new(n);
    for (i = 0; i < n && c->counts[order[i]] >= p->min_count; i++) {
        if (p->max_words > 0 && nk == p->max_words)
            break;
        vs_vocab_add(*kept, vs_vocab_word(c->words, order[i]),
                     vs_vocab_len(c->words, order[i]), NULL);
        nk++;
    }
    free(order);
    return 0;
}

/* ---- pass 2: a line's words and pieces ---- */

/* A word of a line: its bytes, its kept id (-1: not kept), its pieces
 * [a, b) among the line's text pieces, and the window it is read from. */
typedef struct span {
    size_t start, end;
    long id;
    size_t a, b;
    size_t win;
} span;

typedef struct spans {
    const vs_vocab *kept;
    span *v;
    size_t n, cap;
    size_t nkept;
} spans;

static void add_span(const char *w, size_t len, size_t start, size_t end, void *ud)
{
    spans *s = ud;
    span *x;

    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
    }
    x = &s->v[s->n++];
    x->start = start;
    x->end = end;
    x->id = vs_vocab_find(s->kept, w, len);
    x->a = x->b = 0;
    x->win = 0;
    s->nkept += x->id >= 0;
}

size_t vs_distill_windows(const unsigned char *cut_ok, size_t n, size_t max, size_t *starts,
                          size_t *ends)
{
    size_t s = 0, nw = 0, e, i, t;

    if (n <= max) {
        starts[0] = 0;
        ends[0] = n;
        return 1;
    }
    for (;;) {
        /* the window from s: as far as the encoder takes, ending before a
         * word; cut inside one only when no word starts within reach */
        if (n - s <= max) {
            e = n;
        } else {
            for (e = s + max; e > s && !cut_ok[e]; e--)
                ;
            if (e == s)
                e = s + max;
        }
        starts[nw] = s;
        ends[nw] = e;
        nw++;
        if (e == n)
            return nw;
        /* the next starts at the first word half a window on, and no later
         * than this one's end, so that every word is whole in some window */
        t = s + (max / 2 > 0 ? max / 2 : 1);
        for (i = t; i < e && !cut_ok[i]; i++)
            ;
        s = i < e ? i : e;
    }
}

/* The window each kept occurrence is read from: the one holding all its
 * pieces with the most context on its shorter side (the first on a tie);
 * a word cut by every window (longer than half the encoder's reach) is read
 * from the first window holding its first piece, as far as it goes. */
static void assign_windows(spans *sp, const size_t *ws, const size_t *we, size_t nw)
{
    size_t i, w;

    for (i = 0; i < sp->n; i++) {
        span *x = &sp->v[i];
        long best = -1;
        size_t bctx = 0;
        if (x->id < 0 || x->b == x->a)
            continue;
        for (w = 0; w < nw; w++) {
            if (ws[w] <= x->a && x->b <= we[w]) {
                size_t left = x->a - ws[w], right = we[w] - x->b;
                size_t ctx = left < right ? left : right;
                if (best < 0 || ctx > bctx) {
                    best = (long)w;
                    bctx = ctx;
                }
            }
        }
        if (best < 0) {
            for (w = 0; w < nw && !(ws[w] <= x->a && x->a < we[w]); w++)
                ;
            best = (long)w;
            if (x->b > we[w])
                x->b = we[w];
        }
        x->win = (size_t)best;
    }
}

/* ---- the run ---- */

typedef struct run {
    const vs_bert_model *bm;
    const vs_distill_params *p;
    size_t H, L;
    double *sums;        /* kept x H */
    uint64_t *used;      /* kept: occurrences added */
    float *v;            /* H: one occurrence's vector */
    vs_tokens tok, win;
    unsigned char *cut_ok;
    size_t *ws, *we, room;
    vs_distill_stats *st;
} run;

/* Adds the vectors of the occurrences read from window w (pieces [s, e) of
 * the line's tokens tok, whose template puts pre special tokens before the
 * text and suf after it). */
static int encode_window(run *r, spans *sp, size_t w, size_t s, size_t e, size_t pre,
                         size_t suf, int whole, vs_error *err)
{
    const vs_tokens *t = &r->tok;
    vs_bert_out o;
    size_t i, j, l, lo, hi, H = r->H;
    int any = 0;

    for (i = 0; i < sp->n && !any; i++)
        any = sp->v[i].id >= 0 && sp->v[i].b > sp->v[i].a && sp->v[i].win == w;
    if (!any)
        return 0;
    if (!whole) {
        /* the template's opening tokens, the window's pieces, its closing ones */
        r->win.n = 0;
        r->win.nwords = 0;
        for (i = 0; i < t->n; i++)
            if (i < pre || (i >= pre + s && i < pre + e) || i >= t->n - suf)
                vs_tokens_push_span(&r->win, t->ids[i], t->word[i], t->type[i], t->start[i],
                                    t->end[i]);
    }
    if (vs_bert_encode(r->bm->enc, whole ? t : &r->win, 0, &o, err) < 0)
        return -1;
    r->st->passes++;
    r->st->pieces += o.n;
    lo = r->p->layer == VS_DISTILL_LAYER_AVG ? 0 : (size_t)r->p->layer;
    hi = r->p->layer == VS_DISTILL_LAYER_AVG ? r->L : (size_t)r->p->layer;
    for (i = 0; i < sp->n; i++) {
        const span *x = &sp->v[i];
        size_t first = pre + x->a - s, np = r->p->first_piece ? 1 : x->b - x->a;
        double *acc;
        float scale;
        if (x->id < 0 || x->b == x->a || x->win != w)
            continue;
        /* v (H) = the mean over the chosen hidden states of the mean over
         * the word's pieces (or its first piece) */
        memset(r->v, 0, H * sizeof *r->v);
        for (l = lo; l <= hi; l++) {
            const float *h = vs_bert_hidden(&o, l);
            for (j = 0; j < np; j++) {
                const float *row = h + (first + j) * H;
                size_t c;
                for (c = 0; c < H; c++)
                    r->v[c] += row[c];
            }
        }
        scale = 1.0f / (float)(np * (hi - lo + 1));
        acc = r->sums + (size_t)x->id * H;
        for (j = 0; j < H; j++)
            acc[j] += (double)(r->v[j] * scale);
        r->used[x->id]++;
        r->st->occurrences++;
    }
    vs_bert_out_free(&o);
    return 0;
}

/* The pieces of the line's words, its windows, and the encoding of each
 * window that holds a kept occurrence. */
static int encode_line(run *r, const char *line, size_t len, spans *sp, vs_error *err)
{
    const vs_bert *enc = r->bm->enc;
    vs_tokens *t = &r->tok;
    size_t pre = 0, suf = 0, P, M, i, p, nw;

    if (vs_tokenizer_encode(r->bm->tok, line, len, NULL, 0, 0, t, err) < 0)
        return -1;
    while (pre < t->n && t->word[pre] < 0)
        pre++;
    while (suf < t->n - pre && t->word[t->n - 1 - suf] < 0)
        suf++;
    P = t->n - pre - suf;
    if (P == 0)
        return 0;
    if (pre + suf >= vs_bert_max_tokens(enc))
        return vs_fail(err, "the encoder takes %zu tokens, no more than its template's %zu "
                            "special tokens", vs_bert_max_tokens(enc), pre + suf);
    M = vs_bert_max_tokens(enc) - pre - suf;

    /* each word's pieces: those whose bytes overlap the word's (a piece
     * across two words belongs to both) */
    p = 0;
    for (i = 0; i < sp->n; i++) {
        span *x = &sp->v[i];
        size_t b;
        while (p < P && t->end[pre + p] <= x->start)
            p++;
        for (b = p; b < P && t->start[pre + b] < x->end; b++)
            ;
        x->a = p;
        x->b = b;
    }

    /* windows may start where a tokenizer word starts, not inside a corpus
     * word */
    if (P > r->room) {
        r->room = P;
        r->cut_ok = xrealloc(r->cut_ok, P);
        r->ws = xreallocarray(r->ws, P, sizeof *r->ws);
        r->we = xreallocarray(r->we, P, sizeof *r->we);
    }
    for (i = 0; i < P; i++)
        r->cut_ok[i] = i == 0 || t->word[pre + i] != t->word[pre + i - 1];
    for (i = 0; i < sp->n; i++)
        for (p = sp->v[i].a + 1; p < sp->v[i].b; p++)
            r->cut_ok[p] = 0;
    nw = vs_distill_windows(r->cut_ok, P, M, r->ws, r->we);
    if (nw > 1)
        r->st->long_lines++;
    assign_windows(sp, r->ws, r->we, nw);
    for (i = 0; i < nw; i++)
        if (encode_window(r, sp, i, r->ws[i], r->we[i], pre, suf, nw == 1, err) < 0)
            return -1;
    return 0;
}

/* The second pass: every line holding a kept word. */
static int encode_corpus(run *r, const char *path, const char *buf, size_t len,
                         const vs_vocab *kept, const vs_progress *progress, vs_error *err)
{
    spans sp;
    size_t pos = 0;
    uint64_t lineno = 0, words = 0;
    double t0 = vs_progress_now(), last = 0;
    char what[160];
    int rc = 0;

    memset(&sp, 0, sizeof sp);
    sp.kept = kept;
    snprintf(what, sizeof what, "distill: encoding %s", path);
    while (pos < len && rc == 0) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        double now;
        lineno++;
        sp.n = 0;
        sp.nkept = 0;
        vs_sent_word_spans(buf + pos, end - pos, add_span, &sp);
        if (sp.nkept > 0) {
            r->st->sentences++;
            words += sp.nkept;
            if (encode_line(r, buf + pos, end - pos, &sp, err) < 0) {
                vs_fail_prefix(err, "%s:%llu", path, (unsigned long long)lineno);
                rc = -1;
                break;
            }
        }
        pos = end + 1;
        now = vs_progress_now();
        if (now - last > 0.2) {
            last = now;
            snprintf(what, sizeof what, "distill: %llu lines, %.0f words/s",
                     (unsigned long long)lineno, now > t0 ? (double)words / (now - t0) : 0.0);
        }
        if (vs_progress_step(progress, what, (double)pos / (double)len, err) < 0)
            rc = -1;
    }
    vs_progress_done(progress);
    r->st->seconds = vs_progress_now() - t0;
    free(sp.v);
    return rc;
}

/* The kept words that got a vector, and their means. */
static void finish(run *r, const vs_vocab *kept, vs_vocab **vocab, float **vecs)
{
    size_t n = 0, i, j, H = r->H;
    float *out = xmallocarray(kept->n ? kept->n : 1, H * sizeof *out);

    *vocab = vs_vocab_new(kept->n);
    for (i = 0; i < kept->n; i++) {
        if (r->used[i] == 0) {
            r->st->no_vector++;
            continue;
        }
        vs_vocab_add(*vocab, vs_vocab_word(kept, i), vs_vocab_len(kept, i), NULL);
        for (j = 0; j < H; j++)
            out[n * H + j] = (float)(r->sums[i * H + j] / (double)r->used[i]);
        n++;
    }
    *vecs = out;
    r->st->kept = n;
}

int vs_distill(const vs_model *m, const char *path, const vs_distill_params *p,
               const vs_progress *progress, vs_vocab **vocab, float **vecs,
               vs_distill_stats *st, vs_error *err)
{
    const vs_bert_model *bm = vs_bert_of(m);
    vs_distill_params q = *p;
    vs_vocab *kept = NULL;
    counter c;
    run r;
    char *buf;
    size_t len, pos;
    int rc;

    *vocab = NULL;
    *vecs = NULL;
    memset(st, 0, sizeof *st);
    if (bm == NULL)
        return vs_fail(err, "%s is not an encoder", m->name);
    if (q.layer == VS_DISTILL_LAYER_LAST)
        q.layer = (long)bm->enc->cfg.layers;
    if (q.layer != VS_DISTILL_LAYER_AVG && (q.layer < 0 || (size_t)q.layer > bm->enc->cfg.layers))
        return vs_fail(err, "layer %ld: %s has hidden states 0 to %zu", q.layer, m->name,
                       bm->enc->cfg.layers);
    if (q.min_count < 1)
        q.min_count = 1;
    if (vs_read_text_file(path, DISTILL_MAX_FILE, &buf, &len, err) < 0)
        return -1;

    /* pass 1: count the words, line by line */
    memset(&c, 0, sizeof c);
    c.words = vs_vocab_new(0);
    for (pos = 0; pos < len;) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        st->lines++;
        st->tokens += vs_sent_words(buf + pos, end - pos, count_word, &c);
        pos = end + 1;
    }
    st->types = c.words->n;
    rc = pick_words(path, &c, &q, &kept, err);
    vs_vocab_free(c.words);
    free(c.counts);
    if (rc < 0) {
        free(buf);
        return -1;
    }

    /* pass 2: encode */
    memset(&r, 0, sizeof r);
    r.bm = bm;
    r.p = &q;
    r.H = bm->enc->cfg.hidden;
    r.L = bm->enc->cfg.layers;
    r.st = st;
    r.sums = xtry_mallocarray(kept->n, r.H * sizeof *r.sums);
    if (r.sums == NULL) {
        rc = vs_fail(err, "not enough memory for the sums of %zu words x %zu dimensions",
                     kept->n, r.H);
    } else {
        memset(r.sums, 0, kept->n * r.H * sizeof *r.sums);
        r.used = xcalloc(kept->n ? kept->n : 1, sizeof *r.used);
        r.v = xmallocarray(r.H, sizeof *r.v);
        vs_tokens_init(&r.tok);
        vs_tokens_init(&r.win);
        rc = encode_corpus(&r, path, buf, len, kept, progress, err);
        if (rc == 0)
            finish(&r, kept, vocab, vecs);
        vs_tokens_free(&r.tok);
        vs_tokens_free(&r.win);
    }
    free(r.sums);
    free(r.used);
    free(r.v);
    free(r.cut_ok);
    free(r.ws);
    free(r.we);
    vs_vocab_free(kept);
    free(buf);
    return rc;
}
