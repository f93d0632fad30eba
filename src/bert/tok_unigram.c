/*
 * tok_unigram.c - the Unigram model (Kudo 2018) as SentencePiece and
 * Hugging Face's tokenizers encode with it: the segmentation of the word
 * into pieces whose scores (log probabilities) sum highest, by Viterbi over
 * the byte positions where characters start.
 *
 * At each position every piece that begins there is tried (the lattice
 * holds the usable pieces: all of a tokenizer.json's, the NORMAL and
 * USER_DEFINED ones of a .model, whose user-defined pieces score length *
 * max - 0.1); when no piece is exactly the next character, that character
 * may be taken as unknown at min(score) - 10. A later candidate replaces the
 * best only when strictly better. Backtracking fuses runs of unknown
 * characters into one; an unknown run that is not a piece becomes its
 * "<0xXX>" byte pieces under byte_fallback, else the unknown token.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../xalloc.h"
#include "tok_impl.h"

typedef struct node {
    double score;
    int32_t id;       /* the piece that ends here; -2: not reached */
    uint32_t from;    /* where it starts */
} node;

/* Appends the pieces for w[a..b), unknown (fused): the piece it spells,
 * its bytes, or the unknown token. */
static void unknown(const tk_model *m, const char *w, size_t a, size_t b,
                    tk_toks *out)
{
    long id = vs_vocab_find(m->vocab, w + a, b - a);
    size_t i;

    if (id >= 0 && !m->spm_unk_merge) {
        tk_toks_push(out, (int32_t)id, (uint32_t)a, (uint32_t)b);
        return;
    }
    if (m->byte_fallback) {
        for (i = a; i < b && m->byte_id[(unsigned char)w[i]] >= 0; i++)
            ;
        if (i == b) {
            for (i = a; i < b; i++)   /* each covers the whole run */
                tk_toks_push(out, m->byte_id[(unsigned char)w[i]], (uint32_t)a,
                             (uint32_t)b);
            return;
        }
    }
    tk_toks_push(out, m->unk >= 0 ? m->unk : 0, (uint32_t)a, (uint32_t)b);
}

/* A path's score as it is kept: SentencePiece adds a piece's score to the
 * best score so far in double but keeps the sum in a float, and that
 * rounding decides between segmentations of equal score (its pieces'
 * scores are floats to begin with); tokenizers keeps doubles. */
static double keep(const tk_model *m, double score)
{
    return m->spm_unk_merge ? (double)(float)score : score;
}

void tk_unigram_tokenize(const tk_model *m, const char *w, size_t n,
                         tk_toks *out)
{
    node *best = xmallocarray(n + 1, sizeof *best);
    uint8_t *cut = xmalloc(n + 1);   /* where characters start (and the end) */
    uint32_t *path;
    size_t i, start, np = 0, k;

    for (i = 0; i <= n; i++) {
        best[i].id = -2;
        cut[i] = 0;
    }
    for (i = 0; i < n;) {   /* a byte that is not UTF-8 is a character */
        cut[i] = 1;
        tk_next_char(w, n, &i);
    }
    cut[n] = 1;
    best[0].score = 0;
    best[0].id = -1;
    for (start = 0; start < n; start++) {
        size_t mblen = 1, end;
        int single = 0;
        double base;
        if (best[start].id == -2 || !cut[start])
            continue;
        while (!cut[start + mblen])
            mblen++;
        base = best[start].score;
        for (end = start + 1; end <= n && end - start <= m->max_piece; end++) {
            long id;
            double s;
            if (!cut[end])
                continue;
            id = vs_vocab_find(m->vocab, w + start, end - start);
            if (id < 0 || !m->usable[id])
                continue;
            s = m->user_defined && m->user_defined[id]
                    ? (double)(end - start) * m->user_score - 0.1
                    : m->score[id];
            if (best[end].id == -2 || base + s > best[end].score) {
                best[end].score = keep(m, base + s);
                best[end].id = (int32_t)id;
                best[end].from = (uint32_t)start;
            }
            if (end - start == mblen)
                single = 1;
        }
        if (!single) {
            end = start + mblen;
            if (best[end].id == -2 || base + m->unk_score > best[end].score) {
                best[end].score = keep(m, base + m->unk_score);
                best[end].id = m->unk >= 0 ? m->unk : -3;
                best[end].from = (uint32_t)start;
            }
        }
    }
    /* back from the end: the path's end positions, reversed */
    path = xmallocarray(n + 1, sizeof *path);
    for (i = n; i > 0; i = best[i].from)
        path[np++] = (uint32_t)i;
    for (k = np; k-- > 0;) {
        size_t e = path[k], s = best[e].from;
        int32_t id = best[e].id;
        int is_unk = id == -3 || (m->unk >= 0 && id == m->unk);
        if (is_unk) {
            /* fuse the run of unknown characters */
            while (k > 0) {
                int32_t nid = best[path[k - 1]].id;
                if (!(nid == -3 || (m->unk >= 0 && nid == m->unk)))
                    break;
                k--;
                e = path[k];
            }
            unknown(m, w, s, e, out);
        } else
            tk_toks_push(out, id, (uint32_t)s, (uint32_t)e);
    }
    free(path);
    free(cut);
    free(best);
}
