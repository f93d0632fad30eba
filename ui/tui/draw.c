/*
 * draw.c - putting text on the screen safely.
 *
 * Words come from model files and may hold escape sequences, control
 * characters or bytes that are not UTF-8; every string goes through
 * vs_escape (utf8.c) before it reaches curses. Widths are utf8proc's, as in
 * the text renderer, so a CJK word or an emoji takes two columns and the
 * columns after it stay aligned; callers place each field at its own column
 * rather than trusting the cursor.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ui.h"
#include "utf8.h"

/* Columns of code point cp as utf8proc sees them (never negative). */
static int cp_width(utf8proc_int32_t cp)
{
    int w = utf8proc_charwidth(cp);

    return w < 0 ? 0 : w;
}

/* How many bytes of the escaped, valid string e fit in maxw columns; the
 * columns they take in *cols. */
static size_t fit(const char *e, int maxw, int *cols)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)e;
    size_t len = strlen(e), i = 0;
    int w = 0;

    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        int cw;
        if (n <= 0)
            break;  /* cannot happen after vs_escape */
        cw = cp_width(cp);
        if (w + cw > maxw)
            break;
        w += cw;
        i += (size_t)n;
    }
    *cols = w;
    return i;
}

int ui_put(int y, int x, const char *s, int maxw)
{
    char *e;
    size_t n;
    int cols;

    if (maxw <= 0 || s == NULL)
        return 0;
    e = vs_escape(s, strlen(s));
    n = fit(e, maxw, &cols);
    if (n > 0)
        mvaddnstr(y, x, e, (int)n);
    free(e);
    return cols;
}

int ui_put_from(int y, int x, const char *s, int skip, int maxw)
{
    char *e;
    size_t start;
    int cols, n;

    if (maxw <= 0 || s == NULL)
        return 0;
    e = vs_escape(s, strlen(s));
    start = fit(e, skip, &cols);
    /* a wide character cut by the left edge is left out whole */
    if (cols < skip && e[start] != '\0') {
        start += 1;
        while ((e[start] & 0xC0) == 0x80)
            start++;
    }
    n = (int)fit(e + start, maxw, &cols);
    if (n > 0)
        mvaddnstr(y, x, e + start, n);
    free(e);
    return cols;
}

int ui_width(const char *s)
{
    char *e = vs_escape(s, strlen(s));
    int w;

    fit(e, 1 << 30, &w);
    free(e);
    return w;
}

void ui_fill(int y, int x, int n, const char *ch)
{
    int i;

    for (i = 0; i < n; i++)
        mvaddstr(y, x + i, ch);
}

void ui_glyph(int y, int x, const char *g)
{
    mvaddstr(y, x, g);
}
