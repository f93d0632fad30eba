/*
 * word2vec.c - word2vec training (see word2vec.h).
 *
 * The model, as the original tool has it:
 *   syn0     n x dim  input vectors (what is saved), random in
 *                     [-0.5/dim, 0.5/dim)
 *   syn1neg  n x dim  output vectors for negative sampling, zero
 *   syn1     n-1 x dim  one vector per inner node of the Huffman tree, zero
 *
 * For each sentence (the corpus's kept words, thinned by subsampling) and
 * each position in it, a window b in 1..window is drawn; then
 *   skip-gram: each context word's input vector predicts the centre word;
 *   CBOW:      the mean of the context's input vectors predicts it, and the
 *              error goes back to every context word in full.
 * "Predicts" is hierarchical softmax (one logistic unit per inner node on
 * the word's Huffman path, label 1 - code bit) and/or negative sampling (the
 * word with label 1, and `negative` words drawn from unigram^0.75 with label
 * 0). sigma(x) comes from a table over [-6, 6]; outside it the gradient is
 * the saturated one (negative sampling) or the unit is skipped (HS).
 * The learning rate falls linearly from alpha to alpha * 1e-4 over all the
 * epochs' words.
 *
 * The unigram^0.75 distribution is sampled with an alias table (Walker):
 * exact for any vocabulary, O(1) per draw and n entries, where word2vec's
 * 1e8-entry table is 400 MB and rounds rare words to 0 or 1 slot.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parallel.h"
#include "../random.h"
#include "../xalloc.h"
#include "vecops.h"
#include "word2vec.h"

#define EXP_TABLE 1000
#define MAX_EXP 6
#define RATE_EVERY 10000   /* words between learning-rate updates */
#define CHUNK 10000        /* ids in a piece of work handed to a thread */

void vs_w2v_defaults(vs_w2v_params *p, int sg)
{
    memset(p, 0, sizeof *p);
    p->sg = sg;
    p->hs = 0;
    p->negative = 5;
    p->dim = 100;
    p->window = 5;
    p->sample = 1e-3;
    p->alpha = sg ? 0.025 : 0.05;
    p->epochs = 5;
    p->threads = 1;
    p->seed = 1;
}

/* ---- Huffman tree ---- */

void vs_huffman_free(vs_huffman *h)
{
    if (h == NULL)
        return;
    free(h->len);
    free(h->code);
    free(h->point);
    memset(h, 0, sizeof *h);
}

int vs_huffman_build(const uint64_t *counts, size_t n, vs_huffman *h, vs_error *err)
{
    size_t nodes = 2 * n - 1, k, i;
    uint64_t *cnt = xmallocarray(nodes, sizeof *cnt);
    size_t *parent = xmallocarray(nodes, sizeof *parent);
    uint8_t *bit = xcalloc(nodes, 1);
    long leaf = (long)n - 1;       /* next leaf to take: counts rise as it falls */
    size_t inner = n;              /* next inner node to take */

    memset(h, 0, sizeof *h);
    h->n = n;
    h->len = xcalloc(n, 1);
    h->code = xcalloc(n, VS_HUFFMAN_MAX_CODE);
    h->point = xcalloc(n * VS_HUFFMAN_MAX_CODE, sizeof *h->point);
    for (i = 0; i < n; i++)
        cnt[i] = counts[i];
    /* Two queues, both in rising order: the leaves (the counts read
     * backwards) and the inner nodes as they are made. Each step joins the
     * two smallest; the larger of the two gets bit 1. */
    for (k = 0; k + 1 < n; k++) {
        size_t pick[2];
        int j;
        for (j = 0; j < 2; j++) {
            if (leaf >= 0 && (inner >= n + k || cnt[leaf] <= cnt[inner]))
                pick[j] = (size_t)leaf--;
            else
                pick[j] = inner++;
        }
        cnt[n + k] = cnt[pick[0]] + cnt[pick[1]];
        parent[pick[0]] = n + k;
        parent[pick[1]] = n + k;
        bit[pick[1]] = 1;
    }
    /* Each word's path, read from the leaf up, stored from the root down. */
    for (i = 0; i < n; i++) {
        size_t node = i, depth = 0, d;
        uint8_t code[VS_HUFFMAN_MAX_CODE];
        uint32_t point[VS_HUFFMAN_MAX_CODE];
        while (node != nodes - 1) {
            if (depth == VS_HUFFMAN_MAX_CODE) {
                free(cnt);
                free(parent);
                free(bit);
                vs_huffman_free(h);
                return vs_fail(err, "the Huffman code of a word is longer than %d bits",
                               VS_HUFFMAN_MAX_CODE);
            }
            code[depth] = bit[node];
            node = parent[node];
            point[depth] = (uint32_t)(node - n);
            depth++;
        }
        h->len[i] = (uint8_t)depth;
        for (d = 0; d < depth; d++) {
            h->code[i * VS_HUFFMAN_MAX_CODE + d] = code[depth - 1 - d];
            h->point[i * VS_HUFFMAN_MAX_CODE + d] = point[depth - 1 - d];
        }
    }
    free(cnt);
    free(parent);
    free(bit);
    return 0;
}

/* ---- tables for drawing words ---- */

/* Walker's alias table for P(i) proportional to counts[i]^0.75: draw i
 * uniformly, keep it with probability prob[i] / 2^32, else take alias[i]. */
struct alias {
    uint32_t *prob;
    uint32_t *alias;
    uint32_t n;
};

static void alias_build(struct alias *a, const uint64_t *counts, size_t n)
{
    double *p = xmallocarray(n, sizeof *p), total = 0;
    uint32_t *small = xmallocarray(n, sizeof *small), *large = xmallocarray(n, sizeof *large);
    size_t ns = 0, nl = 0, i;

    a->n = (uint32_t)n;
    a->prob = xmallocarray(n, sizeof *a->prob);
    a->alias = xmallocarray(n, sizeof *a->alias);
    for (i = 0; i < n; i++)
        total += pow((double)counts[i], 0.75);
    for (i = 0; i < n; i++) {
        p[i] = pow((double)counts[i], 0.75) / total * (double)n;
        if (p[i] < 1.0)
            small[ns++] = (uint32_t)i;
        else
            large[nl++] = (uint32_t)i;
    }
    /* each small slot is topped up from a large one */
    while (ns > 0 && nl > 0) {
        uint32_t s = small[--ns], l = large[nl - 1];
        a->prob[s] = (uint32_t)fmin(p[s] * 4294967296.0, 4294967295.0);
        a->alias[s] = l;
        p[l] -= 1.0 - p[s];
        if (p[l] < 1.0) {
            nl--;
            small[ns++] = l;
        }
    }
    /* what is left is full (rounding aside) */
    while (nl > 0) {
        uint32_t l = large[--nl];
        a->prob[l] = UINT32_MAX;
        a->alias[l] = l;
    }
    while (ns > 0) {
        uint32_t s = small[--ns];
        a->prob[s] = UINT32_MAX;
        a->alias[s] = s;
    }
    free(p);
    free(small);
    free(large);
}

static inline uint32_t alias_draw(const struct alias *a, uint64_t r)
{
    uint32_t i = vs_random_below(r, a->n);

    return (uint32_t)r <= a->prob[i] ? i : a->alias[i];
}

/* ---- training ---- */

struct shared {
    const vs_corpus *c;
    const vs_w2v_params *p;
    float *syn0, *syn1, *syn1neg;
    float exp_table[EXP_TABLE + 1];
    vs_huffman huff;
    struct alias neg;
    uint64_t *keep;            /* n: keep a word when 32 random bits < keep[i] */
    uint64_t total;            /* words to process over all epochs */
    uint64_t done;             /* words processed (atomic) */
    size_t *chunk;             /* nchunks + 1 sentence starts in ids: the
                                  pieces of about CHUNK words handed out */
    size_t nchunks;
    vs_parallel_queue pieces;  /* epochs x nchunks pieces, in corpus order */
    const vs_progress *progress;
    double t0;
    atomic_int stop;           /* set by the watcher on Ctrl-C */
    uint64_t seed;             /* worker t's random numbers start from
                                  seed * golden + t + 1 */
};

static float current_rate(struct shared *sh, uint64_t done)
{
    double left = 1.0 - (double)done / (double)(sh->total + 1);

    if (left < 1e-4)
        left = 1e-4;
    return (float)(sh->p->alpha * left);
}

/* sigma(f) for |f| < MAX_EXP: entry i of the table holds sigma at
 * (2 i / EXP_TABLE - 1) MAX_EXP. (word2vec.c and gensim scale by the
 * integer EXP_TABLE / MAX_EXP / 2 = 83 instead of 83.3, which reads
 * sigma(0.996 f + ...) a little off; this reads the right entry.) */
static inline float sigmoid(const struct shared *sh, float f)
{
    return sh->exp_table[(int)((f + MAX_EXP) * ((float)EXP_TABLE / (2 * MAX_EXP)))];
}

/* One prediction of word from the hidden vector h (dim): hierarchical
 * softmax and/or negative sampling. Adds the gradient for h into eh (dim)
 * and updates the output vectors. */
static void predict(struct shared *sh, uint32_t word, const float *h, float *eh,
                    float alpha, uint64_t *rnd)
{
    const vs_w2v_params *p = sh->p;
    size_t dim = p->dim;
    int d;

    if (p->hs) {
        const uint8_t *code = sh->huff.code + (size_t)word * VS_HUFFMAN_MAX_CODE;
        const uint32_t *point = sh->huff.point + (size_t)word * VS_HUFFMAN_MAX_CODE;
        for (d = 0; d < sh->huff.len[word]; d++) {
            float *l2 = sh->syn1 + (size_t)point[d] * dim;
            float f = vs_k_dot(h, l2, dim), g;
            if (f <= -MAX_EXP || f >= MAX_EXP)
                continue;
            g = (1.0f - (float)code[d] - sigmoid(sh, f)) * alpha;
            vs_k_axpy(g, l2, eh, dim);   /* eh += g l2 */
            vs_k_axpy(g, h, l2, dim);    /* l2 += g h */
        }
    }
    for (d = 0; d <= p->negative && p->negative > 0; d++) {
        uint32_t target;
        float label, f, g, *l2;
        if (d == 0) {
            target = word;
            label = 1.0f;
        } else {
            target = alias_draw(&sh->neg, vs_random_next(rnd));
            if (target == word)
                continue;
            label = 0.0f;
        }
        l2 = sh->syn1neg + (size_t)target * dim;
        f = vs_k_dot(h, l2, dim);
        if (f > MAX_EXP)
            g = (label - 1.0f) * alpha;
        else if (f < -MAX_EXP)
            g = label * alpha;
        else
            g = (label - sigmoid(sh, f)) * alpha;
        vs_k_axpy(g, l2, eh, dim);
        vs_k_axpy(g, h, l2, dim);
    }
}

static void work(void *arg, int t)
{
    struct shared *sh = arg;
    const vs_w2v_params *p = sh->p;
    const uint32_t *ids = sh->c->ids;
    size_t dim = p->dim, k;
    uint32_t *sen = xmallocarray(VS_CORPUS_MAX_SENTENCE, sizeof *sen);
    float *h = vs_k_alloc(dim), *eh = vs_k_alloc(dim);
    uint64_t rnd = sh->seed * 0x9e3779b97f4a7c15ULL + (uint64_t)t + 1, pending = 0;
    float alpha = current_rate(sh, 0);

    /* Pieces are handed out in corpus order, epoch after epoch, to whichever
     * thread asks first (as gensim hands out its jobs): the threads move
     * through the corpus together instead of each through its own part,
     * which on a corpus of whole books (each with its own words) trains
     * worse. With one thread, the order is the corpus's. */
    while (!atomic_load_explicit(&sh->stop, memory_order_relaxed) &&
           vs_parallel_take(&sh->pieces, &k)) {
        size_t i = sh->chunk[k % sh->nchunks], to = sh->chunk[k % sh->nchunks + 1];
        while (i < to && !atomic_load_explicit(&sh->stop, memory_order_relaxed)) {
            size_t len = 0, pos;
            /* the next sentence, thinned by subsampling */
            for (; ids[i] != VS_CORPUS_EOS; i++) {
                uint32_t id = ids[i];
                pending++;
                if (sh->keep[id] <= UINT32_MAX &&
                    (vs_random_next(&rnd) & 0xffffffffu) >= sh->keep[id])
                    continue;
                sen[len++] = id;
            }
            i++;
            if (pending >= RATE_EVERY) {
                uint64_t done = __atomic_add_fetch(&sh->done, pending, __ATOMIC_RELAXED);
                pending = 0;
                alpha = current_rate(sh, done);
            }
            for (pos = 0; pos < len; pos++) {
                uint32_t word = sen[pos];
                size_t b = vs_random_below(vs_random_next(&rnd), (uint32_t)p->window);
                size_t lo = pos + b >= (size_t)p->window ? pos + b - (size_t)p->window : 0;
                size_t hi = pos + (size_t)p->window - b + 1, c;
                if (hi > len)
                    hi = len;
                if (p->sg) {
                    /* each context word's vector predicts the centre word */
                    for (c = lo; c < hi; c++) {
                        float *l1;
                        if (c == pos)
                            continue;
                        l1 = sh->syn0 + (size_t)sen[c] * dim;
                        memset(eh, 0, dim * sizeof *eh);
                        predict(sh, word, l1, eh, alpha, &rnd);
                        vs_k_axpy(1.0f, eh, l1, dim);
                    }
                } else {
                    /* the context's mean predicts it; the error goes back
                     * to each context word in full */
                    size_t cw = 0;
                    memset(h, 0, dim * sizeof *h);
                    for (c = lo; c < hi; c++) {
                        if (c == pos)
                            continue;
                        vs_k_axpy(1.0f, sh->syn0 + (size_t)sen[c] * dim, h, dim);
                        cw++;
                    }
                    if (cw == 0)
                        continue;
                    vs_k_scale(1.0f / (float)cw, h, dim);
                    memset(eh, 0, dim * sizeof *eh);
                    predict(sh, word, h, eh, alpha, &rnd);
                    for (c = lo; c < hi; c++)
                        if (c != pos)
                            vs_k_axpy(1.0f, eh, sh->syn0 + (size_t)sen[c] * dim, dim);
                }
            }
        }
    }
    __atomic_add_fetch(&sh->done, pending, __ATOMIC_RELAXED);
    free(sen);
    free(h);
    free(eh);
}

static int check_params(const vs_corpus *c, const vs_w2v_params *p, vs_error *err)
{
    if (p->dim < 1 || p->dim > 10000)
        return vs_fail(err, "--dim takes 1 to 10000, not %zu", p->dim);
    if (p->window < 1 || p->window > 1000)
        return vs_fail(err, "--window takes 1 to 1000, not %d", p->window);
    if (p->negative < 0 || p->negative > 1000)
        return vs_fail(err, "--negative takes 0 to 1000, not %d", p->negative);
    if (!p->hs && p->negative == 0)
        return vs_fail(err, "nothing to train with: --negative 0 needs --hs");
    if (!(p->alpha > 0) || p->alpha > 10)
        return vs_fail(err, "--alpha takes a learning rate above 0 (0.025 is usual), not %g",
                       p->alpha);
    if (!(p->sample >= 0) || p->sample >= 1)
        return vs_fail(err, "--sample takes a threshold from 0 (none) to below 1, not %g",
                       p->sample);
    if (p->epochs < 1 || p->epochs > 100000)
        return vs_fail(err, "--epochs takes 1 or more, not %d", p->epochs);
    if (p->threads < 1 || p->threads > 1024)
        return vs_fail(err, "--threads takes 1 to 1024, not %d", p->threads);
    if (c->vocab->n < 2 && p->negative > 0 && !p->hs)
        return vs_fail(err, "negative sampling needs at least 2 words in the vocabulary");
    return 0;
}

/* The watcher: "word2vec 512k words/s, rate 0.0213, 12 s left". */
static int watch(void *ud, vs_error *err)
{
    struct shared *sh = ud;
    uint64_t done = __atomic_load_n(&sh->done, __ATOMIC_RELAXED);
    double el = vs_progress_now() - sh->t0, wps = el > 0 ? (double)done / el : 0;
    double left = wps > 0 && done < sh->total ? (double)(sh->total - done) / wps : 0;
    char what[128];

    snprintf(what, sizeof what, "word2vec %.0fk words/s, rate %.4f, %.0f s left",
             wps / 1000.0, current_rate(sh, done), left);
    return vs_progress_step(sh->progress, what, (double)done / (double)(sh->total + 1), err);
}

int vs_w2v_train(const vs_corpus *c, const vs_w2v_params *p, const vs_progress *progress,
                 float **vecs, vs_train_stats *stats, vs_error *err)
{
    struct shared *sh;
    vs_parallel_watch watcher;
    size_t n = c->vocab->n, dim = p->dim, i;
    uint64_t rnd = p->seed;
    double threshold;
    int rc = 0;

    *vecs = NULL;
    memset(stats, 0, sizeof *stats);
    if (check_params(c, p, err) != 0)
        return -1;
    sh = xcalloc(1, sizeof *sh);
    atomic_init(&sh->stop, 0);
    sh->c = c;
    sh->p = p;
    sh->total = (uint64_t)p->epochs * c->words;
    /* input vectors: small random numbers; output vectors: zero */
    sh->syn0 = vs_k_alloc(n * dim);
    for (i = 0; i < n * dim; i++)
        sh->syn0[i] = ((float)(vs_random_next(&rnd) >> 40) / 16777216.0f - 0.5f) / (float)dim;
    if (p->negative > 0) {
        sh->syn1neg = vs_k_alloc(n * dim);
        memset(sh->syn1neg, 0, n * dim * sizeof(float));
        alias_build(&sh->neg, c->counts, n);
    }
    if (p->hs) {
        if (vs_huffman_build(c->counts, n, &sh->huff, err) != 0) {
            rc = -1;
            goto done;
        }
        sh->syn1 = vs_k_alloc((n > 1 ? n - 1 : 1) * dim);
        memset(sh->syn1, 0, (n > 1 ? n - 1 : 1) * dim * sizeof(float));
    }
    for (i = 0; i <= EXP_TABLE; i++) {
        double e = exp(((double)i / EXP_TABLE * 2 - 1) * MAX_EXP);
        sh->exp_table[i] = (float)(e / (e + 1));
    }
    /* subsampling: keep a word of count f with probability
     * (sqrt(f / (s T)) + 1) (s T) / f, as word2vec and gensim do */
    sh->keep = xmallocarray(n, sizeof *sh->keep);
    threshold = p->sample * (double)c->words;
    for (i = 0; i < n; i++) {
        double keep = 1.0;
        if (p->sample > 0) {
            double f = (double)c->counts[i];
            keep = (sqrt(f / threshold) + 1) * threshold / f;
        }
        sh->keep[i] = keep >= 1.0 ? (uint64_t)UINT32_MAX + 1 : (uint64_t)(keep * 4294967296.0);
    }

    /* the pieces: whole sentences, each piece at least CHUNK ids */
    sh->chunk = xmallocarray(c->nids / CHUNK + 2, sizeof *sh->chunk);
    sh->chunk[0] = 0;
    for (i = 0; i < c->nids;) {
        size_t to = i + CHUNK < c->nids ? i + CHUNK : c->nids;
        while (to < c->nids && c->ids[to - 1] != VS_CORPUS_EOS)
            to++;
        sh->chunk[++sh->nchunks] = to;
        i = to;
    }
    vs_parallel_queue_init(&sh->pieces, (size_t)p->epochs * sh->nchunks);
    sh->seed = p->seed;
    sh->progress = progress;
    watcher.fn = watch;
    watcher.ud = sh;
    watcher.every_ms = 200;
    watcher.stop = &sh->stop;
    sh->t0 = vs_progress_now();
    rc = vs_parallel_run(p->threads, work, sh, &watcher, err);
    vs_progress_done(progress);
    if (rc == 0) {
        stats->seconds = vs_progress_now() - sh->t0;
        stats->words = sh->done;
        stats->words_per_sec = stats->seconds > 0 ? (double)sh->done / stats->seconds : 0;
        stats->last_rate = current_rate(sh, sh->done);
        *vecs = sh->syn0;
        sh->syn0 = NULL;
    }
done:
    free(sh->syn0);
    free(sh->syn1);
    free(sh->syn1neg);
    free(sh->keep);
    free(sh->chunk);
    free(sh->neg.prob);
    free(sh->neg.alias);
    vs_huffman_free(&sh->huff);
    free(sh);
    return rc;
}
