/*
 * check_utf8.c - tests of src/utf8.c.
 *
 * What is tested: that validation agrees with CPython's strict UTF-8 codec
 * (overlongs, surrogates, code points above U+10FFFF, truncated sequences),
 * that repair gives exactly bytes.decode(errors='replace'|'ignore') - the
 * table below was produced by CPython 3.11 - that escaping keeps valid
 * printable text and escapes control characters and bad bytes, and that the
 * display width is that of the escaped text (utf8proc widths).
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "utf8.h"

struct repair_case {
    const char *in;
    size_t in_len;
    const char *replace;
    size_t replace_len;
    const char *ignore;
    size_t ignore_len;
    size_t valid_prefix;
};

/* in, replace, ignore, and the strict decoder's error position: all from
 * CPython 3.11 (b.decode('utf-8', errors)). */
static const struct repair_case repair_cases[] = {
    {"\x61\x62\x63", 3, "\x61\x62\x63", 3, "\x61\x62\x63", 3, 3},
    {"\xe3\x81", 2, "\xef\xbf\xbd", 3, "", 0, 0},
    {"\xe3\x81\x82", 3, "\xe3\x81\x82", 3, "\xe3\x81\x82", 3, 3},
    {"\x61\xff\x62", 3, "\x61\xef\xbf\xbd\x62", 5, "\x61\x62", 2, 1},
    {"\xc0\x80", 2, "\xef\xbf\xbd\xef\xbf\xbd", 6, "", 0, 0},
    {"\xe0\x80\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 9, "", 0, 0},
    {"\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 9, "", 0, 0},
    {"\xf4\x90\x80\x80", 4, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 12, "", 0, 0},
    {"\xf0\x9f\x98", 3, "\xef\xbf\xbd", 3, "", 0, 0},
    {"\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80", 4, 4},
    {"\x80\x80", 2, "\xef\xbf\xbd\xef\xbf\xbd", 6, "", 0, 0},
    {"\xe3\x81\x61", 3, "\xef\xbf\xbd\x61", 4, "\x61", 1, 0},
    {"\xc2", 1, "\xef\xbf\xbd", 3, "", 0, 0},
    {"\xf5\x80", 2, "\xef\xbf\xbd\xef\xbf\xbd", 6, "", 0, 0},
    {"\xe1\x80\xe2\x82\xac", 5, "\xef\xbf\xbd\xe2\x82\xac", 6, "\xe2\x82\xac", 3, 0},
    {"\xed\x9f\xbf", 3, "\xed\x9f\xbf", 3, "\xed\x9f\xbf", 3, 3},
    {"\xef\xbf\xbf", 3, "\xef\xbf\xbf", 3, "\xef\xbf\xbf", 3, 3},
    {"\xf0\x90\x80", 3, "\xef\xbf\xbd", 3, "", 0, 0},
    {"\xf8\x88\x80\x80\x80", 5,
     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 15, "", 0, 0},
    {"\x78\xe3\x83", 3, "\x78\xef\xbf\xbd", 4, "\x78", 1, 1},
};

#define NCASES (sizeof repair_cases / sizeof repair_cases[0])

START_TEST(test_valid_prefix_table)
{
    const struct repair_case *c = &repair_cases[_i];

    ck_assert_uint_eq(vs_utf8_valid_prefix(c->in, c->in_len), c->valid_prefix);
}
END_TEST

START_TEST(test_repair_table)
{
    const struct repair_case *c = &repair_cases[_i];
    char out[64];
    size_t n;

    n = vs_utf8_repair(c->in, c->in_len, out, 1);
    ck_assert_uint_eq(n, c->replace_len);
    ck_assert(memcmp(out, c->replace, n) == 0);
    n = vs_utf8_repair(c->in, c->in_len, out, 0);
    ck_assert_uint_eq(n, c->ignore_len);
    ck_assert(memcmp(out, c->ignore, n) == 0);
}
END_TEST

START_TEST(test_valid_prefix_long_ascii)
{
    /* The 8-bytes-at-a-time ASCII skip, with a bad byte at every position. */
    char buf[40];
    size_t i;

    memset(buf, 'a', sizeof buf);
    ck_assert_uint_eq(vs_utf8_valid_prefix(buf, sizeof buf), sizeof buf);
    for (i = 0; i < sizeof buf; i++) {
        memset(buf, 'a', sizeof buf);
        buf[i] = (char)0xff;
        ck_assert_uint_eq(vs_utf8_valid_prefix(buf, sizeof buf), i);
    }
    ck_assert_uint_eq(vs_utf8_valid_prefix("", 0), 0);
}
END_TEST

/* Every code point round-trips: encoded by hand, it is valid, and repair
 * leaves it alone; surrogates are invalid. */
START_TEST(test_all_code_points)
{
    uint32_t cp;
    unsigned char b[4];
    char out[12];
    size_t n;

    for (cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp < 0x80) {
            b[0] = (unsigned char)cp;
            n = 1;
        } else if (cp < 0x800) {
            b[0] = (unsigned char)(0xC0 | (cp >> 6));
            b[1] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 2;
        } else if (cp < 0x10000) {
            b[0] = (unsigned char)(0xE0 | (cp >> 12));
            b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            b[2] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 3;
        } else {
            b[0] = (unsigned char)(0xF0 | (cp >> 18));
            b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
            b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            b[3] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 4;
        }
        /* (plain ifs: a Check assertion per code point is too slow) */
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            if (vs_utf8_valid_prefix((char *)b, n) != 0)
                ck_abort_msg("surrogate U+%04X accepted", (unsigned)cp);
            continue;
        }
        if (vs_utf8_valid_prefix((char *)b, n) != n)
            ck_abort_msg("U+%04X refused", (unsigned)cp);
        if (vs_utf8_repair((char *)b, n, out, 1) != n || memcmp(out, b, n) != 0)
            ck_abort_msg("U+%04X changed by repair", (unsigned)cp);
    }
}
END_TEST

/* Random bytes: the repair is always valid UTF-8, fits in 3 * len, and
 * 'ignore' is 'replace' without the U+FFFDs that were not in the input. */
START_TEST(test_repair_random)
{
    unsigned int seed = 12345;
    char in[32], rep[96], ign[96];
    int round;

    for (round = 0; round < 20000; round++) {
        size_t len = (size_t)(rand_r(&seed) % 32), i, nr, ni;
        for (i = 0; i < len; i++) {
            int r = rand_r(&seed) % 4;
            /* bias towards lead and continuation bytes */
            in[i] = (char)(r == 0 ? 0x80 + rand_r(&seed) % 64
                           : r == 1 ? 0xC0 + rand_r(&seed) % 64
                           : r == 2 ? 'a' + rand_r(&seed) % 26 : rand_r(&seed) % 256);
        }
        nr = vs_utf8_repair(in, len, rep, 1);
        ni = vs_utf8_repair(in, len, ign, 0);
        if (nr > 3 * len || vs_utf8_valid_prefix(rep, nr) != nr ||
            vs_utf8_valid_prefix(ign, ni) != ni || ni > len)
            ck_abort_msg("round %d: bad repair", round);
        if (vs_utf8_valid_prefix(in, len) == len &&
            (nr != len || memcmp(rep, in, len) != 0))
            ck_abort_msg("round %d: valid input changed", round);
    }
}
END_TEST

static void check_escape(const char *in, size_t len, const char *want)
{
    char *got = vs_escape(in, len);

    ck_assert_msg(strcmp(got, want) == 0, "escape: got \"%s\", want \"%s\"", got, want);
    free(got);
}

START_TEST(test_escape)
{
    check_escape("plain", 5, "plain");
    check_escape("na\xc3\xafve \xe6\x97\xa5\xe6\x9c\xac", 13, "na\xc3\xafve \xe6\x97\xa5\xe6\x9c\xac");
    check_escape("a\nb\tc\rd", 7, "a\\nb\\tc\\rd");
    check_escape("\x1b[31mred", 8, "\\x1b[31mred");
    check_escape("\x7f", 1, "\\x7f");
    check_escape("x\xff", 2, "x\\xff");
    check_escape("\xe3\x81", 2, "\\xe3\\x81");
    check_escape("\xc2\x85", 2, "\\xc2\\x85");              /* C1 NEL */
    check_escape("a\xe2\x80\xae" "b", 5, "a\\xe2\\x80\\xaeb"); /* U+202E RLO */
    check_escape("\xe2\x80\xa8", 3, "\\xe2\\x80\\xa8");     /* U+2028 */
    check_escape("a\0b", 3, "a\\x00b");
    check_escape("back\\slash", 10, "back\\slash");
    check_escape("", 0, "");
    check_escape("\xf0\x9f\x9a\x91", 4, "\xf0\x9f\x9a\x91");
}
END_TEST

static void check_escape_tsv(const char *in, size_t len, const char *want)
{
    char *got = vs_escape_as(in, len, VS_ESC_TSV);

    ck_assert_msg(strcmp(got, want) == 0, "TSV escape: got \"%s\", want \"%s\"", got,
                  want);
    free(got);
}

/* TSV: exactly \t \n \\, and every other non-printing byte as \xNN. */
START_TEST(test_escape_tsv)
{
    check_escape_tsv("plain", 5, "plain");
    check_escape_tsv("na\xc3\xafve \xe6\x97\xa5", 10, "na\xc3\xafve \xe6\x97\xa5");
    check_escape_tsv("a\tb\nc", 5, "a\\tb\\nc");
    check_escape_tsv("cr\rlf", 5, "cr\\x0dlf");
    check_escape_tsv("back\\slash", 10, "back\\\\slash");
    check_escape_tsv("\\t", 2, "\\\\t");   /* a backslash and a t stay two characters */
    check_escape_tsv("\x1b[2J", 4, "\\x1b[2J");
    check_escape_tsv("x\xff", 2, "x\\xff");
    check_escape_tsv("\xc2\x85", 2, "\\xc2\\x85");
    check_escape_tsv("a\xe2\x80\xae" "b", 5, "a\\xe2\\x80\\xaeb");
    check_escape_tsv("a\0b", 3, "a\\x00b");
    check_escape_tsv("\x7f", 1, "\\x7f");
    check_escape_tsv("", 0, "");
}
END_TEST

START_TEST(test_printable)
{
    ck_assert_int_eq(vs_printable("plain caf\xc3\xa9 \xe6\x97\xa5", 15), 1);
    ck_assert_int_eq(vs_printable("", 0), 1);
    ck_assert_int_eq(vs_printable("back\\slash", 10), 1);
    ck_assert_int_eq(vs_printable("\x1b[2J", 4), 0);
    ck_assert_int_eq(vs_printable("tab\tword", 8), 0);
    ck_assert_int_eq(vs_printable("x\xff", 2), 0);
    ck_assert_int_eq(vs_printable("\xc2\x9b" "2J", 4), 0);   /* U+009B, CSI */
    ck_assert_int_eq(vs_printable("a\xe2\x80\xae", 4), 0);  /* U+202E */
}
END_TEST

START_TEST(test_display_width)
{
    ck_assert_int_eq(vs_display_width(""), 0);
    ck_assert_int_eq(vs_display_width("abc"), 3);
    ck_assert_int_eq(vs_display_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);  /* 日本 */
    ck_assert_int_eq(vs_display_width("e\xcc\x81"), 1);                /* e + U+0301 */
    ck_assert_int_eq(vs_display_width("\xff"), 4);                     /* \xff */
    ck_assert_int_eq(vs_display_width("a\n"), 3);                      /* a\n */
    ck_assert_int_eq(vs_display_width("\x1b"), 4);
    ck_assert_int_eq(vs_display_width("\xf0\x9f\x98\x80"), 2);         /* emoji */
    ck_assert_int_eq(vs_display_width("\xd0\xba\xd0\xbe\xd1\x82"), 3); /* кот */
}
END_TEST

/* The width is the width of what vs_escape shows, for any bytes. */
START_TEST(test_width_matches_escape)
{
    unsigned int seed = 7;
    char in[16];
    int round;

    for (round = 0; round < 5000; round++) {
        size_t len = (size_t)(rand_r(&seed) % 15), i;
        char *e;
        for (i = 0; i < len; i++) {
            in[i] = (char)(rand_r(&seed) % 2 ? 0x20 + rand_r(&seed) % 95
                                             : 1 + rand_r(&seed) % 255);
        }
        in[len] = '\0';
        e = vs_escape(in, strlen(in));
        /* only ASCII, so the width is the byte length of the escape */
        if (vs_utf8_valid_prefix(e, strlen(e)) == strlen(e)) {
            int ascii = 1;
            for (i = 0; e[i]; i++)
                ascii &= (unsigned char)e[i] < 0x80;
            if (ascii && vs_display_width(in) != (int)strlen(e))
                ck_abort_msg("width of \"%s\" is %d", e, vs_display_width(in));
        }
        free(e);
    }
}
END_TEST

Suite *suite_utf8(void)
{
    Suite *s = suite_create("utf8");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_valid_prefix_table, 0, (int)NCASES);
    tcase_add_loop_test(tc, test_repair_table, 0, (int)NCASES);
    tcase_add_test(tc, test_valid_prefix_long_ascii);
    tcase_add_test(tc, test_all_code_points);
    tcase_add_test(tc, test_repair_random);
    tcase_add_test(tc, test_escape);
    tcase_add_test(tc, test_escape_tsv);
    tcase_add_test(tc, test_printable);
    tcase_add_test(tc, test_display_width);
    tcase_add_test(tc, test_width_matches_escape);
    suite_add_tcase(s, tc);
    return s;
}
