/*
 * lines.c - see lines.h.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"
#include "utf8.h"
#include "xalloc.h"

/* Bytes of the Python whitespace character (str.split()) at p, or 0. */
static size_t py_space(const unsigned char *p, const unsigned char *end)
{
    if (p >= end)
        return 0;
    if (*p == ' ' || (*p >= 0x09 && *p <= 0x0D) || (*p >= 0x1C && *p <= 0x1F))
        return 1;
    if (*p == 0xC2 && end - p >= 2 && (p[1] == 0x85 || p[1] == 0xA0))
        return 2;
    if (end - p >= 3) {
        if (p[0] == 0xE1 && p[1] == 0x9A && p[2] == 0x80)       /* U+1680 */
            return 3;
        if (p[0] == 0xE2 && p[1] == 0x80 &&
            (p[2] <= 0x8A || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF))
            return 3;                                            /* U+2000.. */
        if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F)       /* U+205F */
            return 3;
        if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)       /* U+3000 */
            return 3;
    }
    return 0;
}

size_t vs_eval_split(const char *s, size_t len, vs_eval_span *w, size_t max)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    size_t n = 0, k;

    for (;;) {
        const unsigned char *start;
        while ((k = py_space(p, end)) > 0)
            p += k;
        if (p >= end)
            return n;
        start = p;
        while (p < end && py_space(p, end) == 0)
            p++;
        if (n < max) {
            w[n].s = (const char *)start;
            w[n].len = (size_t)(p - start);
        }
        n++;
    }
}

vs_eval_span vs_eval_strip(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    vs_eval_span r;
    size_t k;

    while ((k = py_space(p, end)) > 0)
        p += k;
    /* trailing: walk forward remembering where the last non-space ended */
    {
        const unsigned char *q = p, *last = p;
        while (q < end) {
            k = py_space(q, end);
            if (k > 0) {
                q += k;
            } else {
                q++;
                last = q;
            }
        }
        end = last;
    }
    r.s = (const char *)p;
    r.len = (size_t)(end - p);
    return r;
}

void vs_eval_skip(vs_eval_skips *sk, const char *path, size_t line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    sk->count++;
    if (sk->nmessages >= VS_EVAL_MAX_MESSAGES)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (sk->messages == NULL)
        sk->messages = xcalloc(VS_EVAL_MAX_MESSAGES, sizeof *sk->messages);
    sk->messages[sk->nmessages++] = xasprintf("%s:%zu: %s", path, line, msg);
}

void vs_eval_skips_free(vs_eval_skips *sk)
{
    size_t i;

    for (i = 0; i < sk->nmessages; i++)
        free(sk->messages[i]);
    free(sk->messages);
    memset(sk, 0, sizeof *sk);
}

int vs_eval_fail_unusable(vs_error *err, const char *path, const char *what,
                          const vs_eval_skips *sk)
{
    return vs_fail(err, "%s: %s (%zu malformed line%s skipped%s%s)", path, what, sk->count,
                   sk->count == 1 ? "" : "s", sk->nmessages ? "; the first: " : "",
                   sk->nmessages ? sk->messages[0] : "");
}

char *vs_eval_shown(const char *s, size_t len)
{
    return vs_escape(s, len < 60 ? len : 60);
}
