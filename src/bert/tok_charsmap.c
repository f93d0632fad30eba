/*
 * tok_charsmap.c - SentencePiece's precompiled character map: the
 * normalization rules of a .model file (normalizer_spec field 2) and of
 * tokenizer.json's Precompiled normalizer (base64 of the same bytes).
 *
 *   +----------------+------------------------------+--------------------+
 *   | uint32 LE: T   | T bytes: Darts-clone double  | replacements, each |
 *   | (trie bytes)   | array, uint32 LE units       | NUL-terminated     |
 *   +----------------+------------------------------+--------------------+
 *
 * The trie maps a UTF-8 key to the offset of its replacement. A unit holds
 * (Darts-clone's darts.h): has_leaf = bit 8, value = bits 0..30, label =
 * bits 0..7 and 31, offset = (unit >> 10) << ((unit & (1 << 9)) >> 6).
 * Prefix search from node 0: node ^= offset(unit); for each key byte c,
 * node ^= c, the unit there must carry label c, node ^= its offset, and when
 * it has a leaf the value at units[node] is a match. Every index is checked
 * against the array, so a damaged file cannot read outside it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../xalloc.h"
#include "tok_impl.h"

int tk_charsmap_new(const unsigned char *blob, size_t len, tk_charsmap **out,
                    vs_error *err)
{
    tk_charsmap *m;
    uint32_t tsize;
    size_t i;

    *out = NULL;
    if (len < 4)
        return vs_fail(err, "the precompiled character map has %zu bytes, "
                       "fewer than its 4-byte header", len);
    tsize = (uint32_t)blob[0] | (uint32_t)blob[1] << 8 |
            (uint32_t)blob[2] << 16 | (uint32_t)blob[3] << 24;
    if (tsize % 4 != 0 || tsize > len - 4 || tsize == 0)
        return vs_fail(err, "the precompiled character map says its trie has "
                       "%u bytes, but it holds %zu after the header (and a "
                       "trie is a non-empty multiple of 4)", tsize, len - 4);
    m = xcalloc(1, sizeof *m);
    m->nunits = tsize / 4;
    m->units = xmallocarray(m->nunits, sizeof *m->units);
    for (i = 0; i < m->nunits; i++) {
        const unsigned char *p = blob + 4 + 4 * i;
        m->units[i] = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
                      (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    }
    m->nnorm = len - 4 - tsize;
    m->norm = xmalloc(m->nnorm + 1);
    memcpy(m->norm, blob + 4 + tsize, m->nnorm);
    m->norm[m->nnorm] = '\0';   /* a last string without its NUL ends here */
    *out = m;
    return 0;
}

void tk_charsmap_free(tk_charsmap *m)
{
    if (m == NULL)
        return;
    free(m->units);
    free(m->norm);
    free(m);
}

static uint32_t unit_offset(uint32_t u)
{
    return (u >> 10) << ((u & (1u << 9)) >> 6);
}

size_t tk_charsmap_prefixes(const tk_charsmap *m, const char *s, size_t n,
                            size_t max, size_t *len, const char **rep)
{
    size_t node = 0, got = 0, i;
    uint32_t u;

    if (m->nunits == 0)
        return 0;
    u = m->units[0];
    node ^= unit_offset(u);
    for (i = 0; i < n && got < max; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0)
            break;
        node ^= c;
        if (node >= m->nunits)
            break;
        u = m->units[node];
        if ((u & ((1u << 31) | 0xFF)) != c)
            break;
        node ^= unit_offset(u);
        if (node >= m->nunits)
            break;
        if ((u >> 8) & 1) {
            uint32_t value = m->units[node] & ((1u << 31) - 1);
            if (value >= m->nnorm)
                continue;   /* points past the strings: no replacement */
            len[got] = i + 1;
            rep[got] = m->norm + value;
            got++;
        }
    }
    return got;
}
