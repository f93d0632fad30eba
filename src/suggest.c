/*
 * suggest.c - close spellings for a word that is not in the vocabulary.
 *
 * Candidates are words at a small edit distance (insertions, deletions,
 * substitutions and swaps of adjacent characters, counted in code points);
 * those at the smallest distance found are offered, by rank in the
 * vocabulary, which in every format we read is by frequency. A word that differs only in case counts as
 * distance 0, since that is the commonest slip.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "query.h"

#define MAX_CP 64
#define MAX_SUGGEST 5

/* Decodes up to MAX_CP code points (lowercased) of s; returns the count, or
 * -1 if s is longer or not valid UTF-8. */
static int decode_lower(const char *s, size_t len, utf8proc_int32_t *cp)
{
    size_t i = 0;
    int n = 0;

    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0 || n == MAX_CP)
            return -1;
        cp[n++] = utf8proc_tolower(c);
        i += (size_t)k;
    }
    return n;
}

/* Optimal-string-alignment distance between a (na) and b (nb), giving up
 * (returning max + 1) once it must exceed max. */
static int edit_distance(const utf8proc_int32_t *a, int na,
                         const utf8proc_int32_t *b, int nb, int max)
{
    int d[MAX_CP + 1][MAX_CP + 1];
    int i, j;

    if (na - nb > max || nb - na > max)
        return max + 1;
    for (i = 0; i <= na; i++)
        d[i][0] = i;
    for (j = 0; j <= nb; j++)
        d[0][j] = j;
    for (i = 1; i <= na; i++) {
        int row_min = max + 1;
        for (j = 1; j <= nb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > max)
            return max + 1;
    }
    return d[na][nb];
}

void vs_suggest(const vs_model *m, const char *word, char *buf, size_t size)
{
    utf8proc_int32_t q[MAX_CP], c[MAX_CP];
    size_t best_id[MAX_SUGGEST];
    int best_d[MAX_SUGGEST];
    int nq, nbest = 0, max, k;
    size_t id, used;

    buf[0] = '\0';
    nq = decode_lower(word, strlen(word), q);
    if (nq <= 0)
        return;
    max = nq <= 3 ? 1 : 2;
    for (id = 0; id < m->n; id++) {
        int nc = decode_lower(vs_vocab_word(m->vocab, id), vs_vocab_len(m->vocab, id), c);
        int d, pos;
        if (nc < 0 || nc - nq > max || nq - nc > max)
            continue;
        d = edit_distance(q, nq, c, nc, max);
        if (d > max || (nbest == MAX_SUGGEST && d >= best_d[nbest - 1]))
            continue;
        /* insert keeping (distance, id) order; ids come in increasing order */
        pos = nbest < MAX_SUGGEST ? nbest++ : MAX_SUGGEST - 1;
        while (pos > 0 && best_d[pos - 1] > d) {
            best_d[pos] = best_d[pos - 1];
            best_id[pos] = best_id[pos - 1];
            pos--;
        }
        best_d[pos] = d;
        best_id[pos] = id;
    }
    if (nbest == 0)
        return;
    /* only the closest: 'whael' suggests whale and wheel, not shall */
    while (nbest > 1 && best_d[nbest - 1] > best_d[0])
        nbest--;
    used = (size_t)snprintf(buf, size, "did you mean ");
    for (k = 0; k < nbest && used < size; k++)
        used += (size_t)snprintf(buf + used, size - used, "%s'%s'",
                                 k == 0 ? "" : k == nbest - 1 ? " or " : ", ",
                                 vs_vocab_word(m->vocab, best_id[k]));
    if (used < size)
        snprintf(buf + used, size - used, "?");
}
