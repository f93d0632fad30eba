/*
 * tok_bpe.c - byte-pair encoding as Hugging Face's tokenizers applies it
 * (models/bpe), which also serves SentencePiece's BPE models.
 *
 * A word starts as its characters (the continuing-subword prefix on all
 * but the first, the end-of-word suffix on the last); a character that is
 * not in the vocabulary becomes its "<0xXX>" byte pieces (byte_fallback) or
 * the unknown token (consecutive ones fused with fuse_unk), or is dropped
 * when there is no unknown token. Then, again and again, the adjacent pair
 * with the lowest rank in the merge table is merged, the leftmost on ties,
 * through a heap of candidate pairs whose stale entries are skipped. For
 * tokenizers' merges the rank is the merge's line; for SentencePiece every
 * way to cut a piece in two is a merge ranked by the piece's score (higher
 * first, equal scores equal rank), which is its encoder's rule.
 *
 * Words up to 255 bytes are remembered with their pieces (as tokenizers
 * does), so that the common words of a long text are merged once.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../xalloc.h"
#include "tok_impl.h"

/* ---- the merge table: (left, right) -> rank, merged id ---- */

typedef struct pair_slot {
    uint64_t key;     /* left << 32 | right; UINT64_MAX empty */
    uint32_t rank;
    int32_t id;
} pair_slot;

struct tk_pairmap {
    pair_slot *slot;
    size_t size, n;   /* size a power of two, at most half full */
};

static uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

tk_pairmap *tk_pairmap_new(size_t expected)
{
    tk_pairmap *p = xcalloc(1, sizeof *p);

    p->size = 64;
    while (p->size < 2 * expected + 2)
        p->size *= 2;
    p->slot = xmallocarray(p->size, sizeof *p->slot);
    memset(p->slot, 0xff, p->size * sizeof *p->slot);
    return p;
}

void tk_pairmap_free(tk_pairmap *p)
{
    if (p == NULL)
        return;
    free(p->slot);
    free(p);
}

static const pair_slot *pair_find(const tk_pairmap *p, int32_t l, int32_t r)
{
    uint64_t key = (uint64_t)(uint32_t)l << 32 | (uint32_t)r;
    size_t i = mix(key) & (p->size - 1);

    for (;;) {
        if (p->slot[i].key == key)
            return &p->slot[i];
        if (p->slot[i].key == UINT64_MAX)
            return NULL;
        i = (i + 1) & (p->size - 1);
    }
}

void tk_pairmap_add(tk_pairmap *p, int32_t left, int32_t right, uint32_t rank,
                    int32_t id)
{
    uint64_t key = (uint64_t)(uint32_t)left << 32 | (uint32_t)right;
    size_t i;

    if (2 * (p->n + 1) > p->size) {
        pair_slot *old = p->slot;
        size_t oldsize = p->size, k;
        p->size *= 2;
        p->slot = xmallocarray(p->size, sizeof *p->slot);
        memset(p->slot, 0xff, p->size * sizeof *p->slot);
        for (k = 0; k < oldsize; k++)
            if (old[k].key != UINT64_MAX) {
                i = mix(old[k].key) & (p->size - 1);
                while (p->slot[i].key != UINT64_MAX)
                    i = (i + 1) & (p->size - 1);
                p->slot[i] = old[k];
            }
        free(old);
    }
    i = mix(key) & (p->size - 1);
    while (p->slot[i].key != UINT64_MAX) {
        if (p->slot[i].key == key)
            return;   /* a repeated merge keeps its first rank */
        i = (i + 1) & (p->size - 1);
    }
    p->slot[i].key = key;
    p->slot[i].rank = rank;
    p->slot[i].id = id;
    p->n++;
}

/* ---- the word cache ---- */

#define CACHE_MAX_WORD 255
#define CACHE_MAX_ENTRIES 65536

typedef struct cache_slot {
    uint64_t hash;
    uint32_t key, klen;    /* the word in keys */
    uint32_t toks, ntoks;  /* its pieces in toks */
} cache_slot;

struct tk_cache {
    cache_slot *slot;
    size_t size, n;
    char *keys;
    size_t nkeys, capkeys;
    tk_tok *toks;
    size_t ntoks, captoks;
};

tk_cache *tk_cache_new(void)
{
    tk_cache *c = xcalloc(1, sizeof *c);

    c->size = 1024;
    c->slot = xcalloc(c->size, sizeof *c->slot);
    return c;
}

void tk_cache_free(tk_cache *c)
{
    if (c == NULL)
        return;
    free(c->slot);
    free(c->keys);
    free(c->toks);
    free(c);
}

/* The slot of w: its entry (ntoks > 0) or the empty slot to fill. */
static cache_slot *cache_slot_of(const tk_cache *c, const char *w, size_t n,
                                 uint64_t h)
{
    size_t i = h & (c->size - 1);

    for (;;) {
        cache_slot *s = &c->slot[i];
        if (s->ntoks == 0)
            return s;
        if (s->hash == h && s->klen == n && memcmp(c->keys + s->key, w, n) == 0)
            return s;
        i = (i + 1) & (c->size - 1);
    }
}

static void cache_put(tk_cache *c, const char *w, size_t n, uint64_t h,
                      const tk_tok *t, size_t nt)
{
    cache_slot *s;

    if (nt == 0 || c->n >= CACHE_MAX_ENTRIES)
        return;
    if (2 * (c->n + 1) > c->size) {
        cache_slot *old = c->slot;
        size_t oldsize = c->size, k;
        c->size *= 2;
        c->slot = xcalloc(c->size, sizeof *c->slot);
        for (k = 0; k < oldsize; k++)
            if (old[k].ntoks > 0) {
                size_t i = old[k].hash & (c->size - 1);
                while (c->slot[i].ntoks > 0)
                    i = (i + 1) & (c->size - 1);
                c->slot[i] = old[k];
            }
        free(old);
    }
    s = cache_slot_of(c, w, n, h);
    if (c->nkeys + n > c->capkeys) {
        c->capkeys = 2 * (c->nkeys + n) + 4096;
        c->keys = xrealloc(c->keys, c->capkeys);
    }
    if (c->ntoks + nt > c->captoks) {
        c->captoks = 2 * (c->ntoks + nt) + 1024;
        c->toks = xreallocarray(c->toks, c->captoks, sizeof *c->toks);
    }
    memcpy(c->keys + c->nkeys, w, n);
    memcpy(c->toks + c->ntoks, t, nt * sizeof *t);
    s->hash = h;
    s->key = (uint32_t)c->nkeys;
    s->klen = (uint32_t)n;
    s->toks = (uint32_t)c->ntoks;
    s->ntoks = (uint32_t)nt;
    c->nkeys += n;
    c->ntoks += nt;
    c->n++;
}

/* ---- merging ---- */

typedef struct sym {
    int32_t id;
    uint32_t a, b;       /* bytes of the word */
    int32_t prev, next;  /* neighbours; -1 none */
    int alive;
} sym;

typedef struct cand {
    uint32_t rank;
    int32_t pos;   /* the left symbol */
    int32_t id;    /* what the pair merges into */
} cand;

static int cand_less(const cand *x, const cand *y)
{
    return x->rank < y->rank || (x->rank == y->rank && x->pos < y->pos);
}

static void heap_push(cand *h, size_t *n, cand c)
{
    size_t i = (*n)++;

    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!cand_less(&c, &h[p]))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = c;
}

static cand heap_pop(cand *h, size_t *n)
{
    cand top = h[0], last = h[--(*n)];
    size_t i = 0;

    for (;;) {
        size_t l = 2 * i + 1, m = l;
        if (l >= *n)
            break;
        if (l + 1 < *n && cand_less(&h[l + 1], &h[l]))
            m = l + 1;
        if (!cand_less(&h[m], &last))
            break;
        h[i] = h[m];
        i = m;
    }
    if (*n > 0)
        h[i] = last;
    return top;
}

static void maybe_pair(const tk_model *m, const sym *s, int32_t l, cand *h,
                       size_t *nh)
{
    const pair_slot *ps;

    if (l < 0 || s[l].next < 0)
        return;
    ps = pair_find(m->merges, s[l].id, s[s[l].next].id);
    if (ps != NULL) {
        cand c = {ps->rank, l, ps->id};
        heap_push(h, nh, c);
    }
}

/* The id of the character w[a..b) with the prefix / suffix it needs. */
static long char_id(const tk_model *m, const char *w, size_t n, size_t a,
                    size_t b, char *key)
{
    size_t k = 0;

    if (a > 0 && m->prefix_len > 0) {
        memcpy(key, m->prefix, m->prefix_len);
        k = m->prefix_len;
    }
    memcpy(key + k, w + a, b - a);
    k += b - a;
    if (b == n && m->suffix_len > 0) {
        memcpy(key + k, m->suffix, m->suffix_len);
        k += m->suffix_len;
    }
    return vs_vocab_find(m->vocab, key, k);
}

void tk_bpe_tokenize(const tk_model *m, const char *w, size_t n, tk_toks *out)
{
    sym *s;
    cand *h;
    size_t ns = 0, nh = 0, pos = 0, first = out->n, i;
    uint64_t hash = 0;
    char key[64 + 8];
    int32_t last = -1, k;

    if (n == 0)
        return;
    if (m->ignore_merges) {
        long id = vs_vocab_find(m->vocab, w, n);
        if (id >= 0) {
            tk_toks_push(out, (int32_t)id, 0, (uint32_t)n);
            return;
        }
    }
    if (m->cache != NULL && n <= CACHE_MAX_WORD) {
        const cache_slot *cs;
        hash = vs_vocab_hash(w, n);
        cs = cache_slot_of(m->cache, w, n, hash);
        if (cs->ntoks > 0) {
            const tk_tok *t = m->cache->toks + cs->toks;
            for (i = 0; i < cs->ntoks; i++)
                tk_toks_push(out, t[i].id, t[i].a, t[i].b);
            return;
        }
    }
    s = xmallocarray(n + 1, sizeof *s);
    /* the characters */
    while (pos < n) {
        size_t a = pos;
        long id;
        tk_next_char(w, n, &pos);
        id = m->prefix_len + m->suffix_len + (pos - a) <= 64
                 ? char_id(m, w, n, a, pos, key) : -1;
        if (id < 0 && m->byte_fallback) {
            for (i = a; i < pos && m->byte_id[(unsigned char)w[i]] >= 0; i++)
                ;
            if (i == pos) {
                for (i = a; i < pos; i++) {
                    s[ns] = (sym){m->byte_id[(unsigned char)w[i]], (uint32_t)i,
                                  (uint32_t)i + 1, 0, 0, 1};
                    ns++;
                }
                last = -1;
                continue;
            }
        }
        if (id < 0) {
            if (m->unk < 0)
                continue;   /* no unknown token: the character is dropped */
            if (m->fuse_unk && last >= 0 && (size_t)last == ns - 1) {
                s[last].b = (uint32_t)pos;
                continue;
            }
            id = m->unk;
            last = (int32_t)ns;
        } else
            last = -1;
        s[ns] = (sym){(int32_t)id, (uint32_t)a, (uint32_t)pos, 0, 0, 1};
        ns++;
    }
    for (i = 0; i < ns; i++) {
        s[i].prev = (int32_t)i - 1;
        s[i].next = i + 1 < ns ? (int32_t)i + 1 : -1;
    }
    /* merge, lowest rank first */
    h = xmallocarray(3 * ns + 2, sizeof *h);   /* ns - 1 pairs, 2 a merge */
    if (m->merges != NULL)
        for (i = 0; i + 1 < ns; i++)
            maybe_pair(m, s, (int32_t)i, h, &nh);
    while (nh > 0) {
        cand c = heap_pop(h, &nh);
        int32_t r;
        const pair_slot *ps;
        if (!s[c.pos].alive || (r = s[c.pos].next) < 0)
            continue;
        ps = pair_find(m->merges, s[c.pos].id, s[r].id);
        if (ps == NULL || ps->id != c.id || ps->rank != c.rank)
            continue;   /* stale: one side has changed */
        s[c.pos].id = c.id;
        s[c.pos].b = s[r].b;
        s[c.pos].next = s[r].next;
        if (s[r].next >= 0)
            s[s[r].next].prev = c.pos;
        s[r].alive = 0;
        maybe_pair(m, s, s[c.pos].prev, h, &nh);
        maybe_pair(m, s, c.pos, h, &nh);
    }
    for (k = ns > 0 ? 0 : -1; k >= 0; k = s[k].next)
        tk_toks_push(out, s[k].id, s[k].a, s[k].b);
    if (m->cache != NULL && n <= CACHE_MAX_WORD && out->n > first)
        cache_put(m->cache, w, n, hash, out->v + first, out->n - first);
    free(h);
    free(s);
}
