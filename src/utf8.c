/*
 * utf8.c - UTF-8 checks and repairs for words read from model files, and
 * escaping for the terminal. See utf8.h.
 *
 * Words in embedding files are bytes: word2vec.c truncates long words in the
 * middle of a character, some fastText vocabularies are not UTF-8 at all. The
 * loaders decide what to do with such words the way gensim's unicode_errors
 * does (strict / replace / ignore), and this file gives them Python's exact
 * semantics so that the same file yields the same keys:
 *
 *   - valid means what CPython's strict UTF-8 codec accepts: shortest form
 *     only, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF;
 *   - 'replace' turns each *maximal subpart* of an ill-formed sequence into
 *     one U+FFFD (Unicode 15, section 3.9, "U+FFFD Substitution of Maximal
 *     Subparts", which is what CPython implements): a lead byte followed by
 *     some but not all of its continuation bytes is one U+FFFD; a byte that
 *     can start nothing is one U+FFFD on its own;
 *   - 'ignore' drops the same subparts.
 *
 * The table of well-formed sequences (Unicode Table 3-7):
 *
 *   first     second    third     fourth
 *   00..7F
 *   C2..DF    80..BF
 *   E0        A0..BF    80..BF
 *   E1..EC    80..BF    80..BF
 *   ED        80..9F    80..BF
 *   EE..EF    80..BF    80..BF
 *   F0        90..BF    80..BF    80..BF
 *   F1..F3    80..BF    80..BF    80..BF
 *   F4        80..8F    80..BF    80..BF
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "utf8.h"
#include "xalloc.h"

/* Decodes one sequence at s[0..len) (len >= 1). Returns 1 and sets *cp when
 * it is well formed, 0 when it is not; either way *adv is the number of bytes
 * it covers (for an ill-formed one: the maximal subpart, at least 1). */
static int decode(const unsigned char *s, size_t len, size_t *adv, uint32_t *cp)
{
    unsigned char b = s[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t need, i;
    uint32_t c;

    if (b < 0x80) {
        *adv = 1;
        *cp = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        c = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        c = b & 0x0F;
        if (b == 0xE0)
            lo = 0xA0;
        else if (b == 0xED)
            hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        c = b & 0x07;
        if (b == 0xF0)
            lo = 0x90;
        else if (b == 0xF4)
            hi = 0x8F;
    } else {
        /* 80..C1, F5..FF: can start nothing */
        *adv = 1;
        return 0;
    }
    /* The second byte has the lead-specific range, the rest 80..BF. */
    for (i = 1; i <= need; i++) {
        if (i >= len || s[i] < lo || s[i] > hi) {
            *adv = i;
            return 0;
        }
        c = (c << 6) | (s[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *adv = need + 1;
    *cp = c;
    return 1;
}

size_t vs_utf8_valid_prefix(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, adv;
    uint32_t cp;

    while (i < len) {
        /* ASCII runs are the common case: skip them eight at a time. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        if (!decode(u + i, len - i, &adv, &cp))
            return i;
        i += adv;
    }
    return len;
}

size_t vs_utf8_chars(const char *s, size_t len)
{
    size_t i, n = 0;

    for (i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

size_t vs_utf8_repair(const char *s, size_t len, char *out, int replace)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0, adv;
    uint32_t cp;

    while (i < len) {
        if (decode(u + i, len - i, &adv, &cp)) {
            memcpy(out + o, s + i, adv);
            o += adv;
        } else if (replace) {
            /* U+FFFD is EF BF BD: 3 bytes for at least 1 in, so 3 * len
             * bytes of out always suffice. */
            out[o++] = (char)0xEF;
            out[o++] = (char)0xBF;
            out[o++] = (char)0xBD;
        }
        i += adv;
    }
    return o;
}

/* Code points that must not reach a terminal as themselves: C0 and C1
 * controls and DEL, the line and paragraph separators, and the bidi
 * embedding / override / isolate controls (they reorder what follows them
 * on screen, so a word could make the rest of a line lie). */
static int must_escape(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        return 1;
    if (cp == 0x2028 || cp == 0x2029)
        return 1;
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
        return 1;
    return 0;
}

/* Writes the escape of the byte b (in the given style) to out, when out is
 * not NULL; returns its length. Terminal: \n \t \r, others \xNN. TSV: \t
 * \n, others (CR included) \xNN. */
static size_t escape_byte(unsigned char b, enum vs_escape_style style, char *out)
{
    static const char hex[] = "0123456789abcdef";
    char c2 = 0;

    if (b == '\n')
        c2 = 'n';
    else if (b == '\t')
        c2 = 't';
    else if (b == '\r' && style == VS_ESC_TERMINAL)
        c2 = 'r';
    if (c2 != 0) {
        if (out != NULL) {
            out[0] = '\\';
            out[1] = c2;
        }
        return 2;
    }
    if (out != NULL) {
        out[0] = '\\';
        out[1] = 'x';
        out[2] = hex[b >> 4];
        out[3] = hex[b & 15];
    }
    return 4;
}

/* Bytes the escape of s[0..n) takes (and writes them to out unless NULL). */
static size_t escape_bytes(const unsigned char *s, size_t n,
                           enum vs_escape_style style, char *out)
{
    size_t i, o = 0;

    for (i = 0; i < n; i++)
        o += escape_byte(s[i], style, out != NULL ? out + o : NULL);
    return o;
}

char *vs_escape_as(const char *s, size_t len, enum vs_escape_style style)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0, adv;
    uint32_t cp;
    char *out;

    /* Every byte becomes at most 4. */
    out = xmallocarray(len + 1, 4);
    while (i < len) {
        int ok = decode(u + i, len - i, &adv, &cp);

        if (ok && cp == '\\' && style == VS_ESC_TSV) {
            out[o++] = '\\';
            out[o++] = '\\';
        } else if (ok && !must_escape(cp)) {
            memcpy(out + o, s + i, adv);
            o += adv;
        } else {
            o += escape_bytes(u + i, adv, style, out + o);
        }
        i += adv;
    }
    out[o] = '\0';
    return out;
}

int vs_printable(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, adv;
    uint32_t cp;

    while (i < len) {
        if (!decode(u + i, len - i, &adv, &cp) || must_escape(cp))
            return 0;
        i += adv;
    }
    return 1;
}

char *vs_escape(const char *s, size_t len)
{
    return vs_escape_as(s, len, VS_ESC_TERMINAL);
}

int vs_display_width(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), i = 0, adv;
    long width = 0;
    uint32_t cp;

    /* The width of what vs_escape would show. */
    while (i < len) {
        if (decode(u + i, len - i, &adv, &cp) && !must_escape(cp)) {
            int w = utf8proc_charwidth((utf8proc_int32_t)cp);
            width += w > 0 ? w : 0;
        } else {
            width += (long)escape_bytes(u + i, adv, VS_ESC_TERMINAL, NULL);
        }
        i += adv;
    }
    return width > INT32_MAX ? INT32_MAX : (int)width;
}
