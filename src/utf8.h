/*
 * utf8.h - UTF-8 checks and repairs for words read from files, and escaping
 * for the terminal.
 */
#ifndef VS_UTF8_H
#define VS_UTF8_H

#include <stddef.h>

/* Length of the longest valid UTF-8 prefix of s[0..len): len when all valid.
 * Valid means what Python's strict decoder accepts (no overlongs, no
 * surrogates, nothing above U+10FFFF). */
size_t vs_utf8_valid_prefix(const char *s, size_t len);

/* Repairs s[0..len) into out (which must hold 3 * len bytes): each maximal
 * invalid subsequence becomes U+FFFD (replace != 0) or is dropped (replace ==
 * 0), as Python's bytes.decode(errors='replace'|'ignore') does. Returns the
 * length written. */
size_t vs_utf8_repair(const char *s, size_t len, char *out, int replace);

/* A copy of s[0..len) safe to print on a terminal: control characters and
 * bytes that are not valid UTF-8 are written as \n, \t, \r, \xNN. Also
 * escaped (their bytes as \xNN): C1 controls, DEL, U+2028/U+2029 and the
 * bidi embedding/override/isolate controls. A backslash is left as it is.
 * Caller frees. */
char *vs_escape(const char *s, size_t len);

/* Columns the UTF-8 string takes on a terminal (utf8proc widths; invalid
 * bytes count as the 4 columns of their \xNN escape). */
int vs_display_width(const char *s);

#endif
