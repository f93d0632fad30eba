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

/* Characters (code points) in the valid UTF-8 s[0..len): the bytes that
 * do not continue a character. Turns the byte offsets of tokenizers into
 * the character offsets people (and Python's str) count in. */
size_t vs_utf8_chars(const char *s, size_t len);

/* What to do with words that are not valid UTF-8 (gensim's unicode_errors). */
enum vs_encoding_errors {
    VS_ENC_STRICT,   /* an error naming the word's byte offset */
    VS_ENC_REPLACE,  /* each bad sequence becomes U+FFFD, as Python's 'replace' */
    VS_ENC_IGNORE    /* bad bytes are dropped, as Python's 'ignore' */
};

/* How vs_escape_as writes what it escapes. */
enum vs_escape_style {
    VS_ESC_TERMINAL,  /* for people: \n \t \r, other bytes \xNN; a backslash
                         is left as it is (vs_escape) */
    VS_ESC_TSV        /* for programs: \t \n \\, every other byte that is not
                         printable (CR included) \xNN, so a cell holds no tab,
                         no line break, and reads back unambiguously */
};

/* The one escaping function for everything that shows a word or a message:
 * the renderers, error messages, the REPL and the TUI (ui/). A copy of
 * s[0..len) in which control characters (C0, C1, DEL), invalid UTF-8, the
 * line/paragraph separators and the bidi controls are escaped in the given
 * style; everything else is copied. Caller frees. */
char *vs_escape_as(const char *s, size_t len, enum vs_escape_style style);

/* vs_escape_as(s, len, VS_ESC_TERMINAL): a copy of s[0..len) safe to print on a terminal: control characters and
 * bytes that are not valid UTF-8 are written as \n, \t, \r, \xNN. Also
 * escaped (their bytes as \xNN): C1 controls, DEL, U+2028/U+2029 and the
 * bidi embedding/override/isolate controls. A backslash is left as it is.
 * Caller frees. */
char *vs_escape(const char *s, size_t len);

/* 1 when vs_escape_as would leave s[0..len) as it is in the terminal style
 * (valid UTF-8, nothing that must be escaped): safe to hand to code that
 * prints it unescaped, such as readline's completion list. */
int vs_printable(const char *s, size_t len);

/* Columns the UTF-8 string takes on a terminal (utf8proc widths; invalid
 * bytes count as the 4 columns of their \xNN escape). */
int vs_display_width(const char *s);

#endif
