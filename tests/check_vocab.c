/*
 * check_vocab.c - the word <-> id map: adding, finding, duplicates, growth
 * past the first table size, words with odd bytes.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "check_suites.h"
#include "vocab.h"

START_TEST(test_add_find)
{
    vs_vocab *v = vs_vocab_new(0);
    size_t first = 0;

    ck_assert_int_eq(vs_vocab_add(v, "king", 4, NULL), 0);
    ck_assert_int_eq(vs_vocab_add(v, "queen", 5, NULL), 1);
    ck_assert_int_eq(vs_vocab_add(v, "king", 4, &first), -1);
    ck_assert_uint_eq(first, 0);
    ck_assert_int_eq(vs_vocab_find(v, "queen", 5), 1);
    ck_assert_int_eq(vs_vocab_find(v, "quee", 4), -1);
    ck_assert_int_eq(vs_vocab_find(v, "King", 4), -1);
    ck_assert_str_eq(vs_vocab_word(v, 1), "queen");
    ck_assert_uint_eq(vs_vocab_len(v, 1), 5);
    ck_assert_uint_eq(v->n, 2);
    vs_vocab_free(v);
}
END_TEST

START_TEST(test_growth)
{
    vs_vocab *v = vs_vocab_new(4);
    char w[32];
    int i;

    for (i = 0; i < 100000; i++) {
        int n = snprintf(w, sizeof w, "w%d", i);
        ck_assert_int_eq(vs_vocab_add(v, w, (size_t)n, NULL), i);
    }
    for (i = 0; i < 100000; i += 7) {
        int n = snprintf(w, sizeof w, "w%d", i);
        ck_assert_int_eq(vs_vocab_find(v, w, (size_t)n), i);
    }
    ck_assert_int_eq(vs_vocab_find(v, "w100000", 7), -1);
    ck_assert(v->table_size >= 2 * v->n);
    vs_vocab_free(v);
}
END_TEST

START_TEST(test_odd_words)
{
    vs_vocab *v = vs_vocab_new(0);
    size_t first;

    /* the empty word, a word with a space, invalid UTF-8: all just bytes */
    ck_assert_int_eq(vs_vocab_add(v, "", 0, NULL), 0);
    ck_assert_int_eq(vs_vocab_add(v, "new york", 8, NULL), 1);
    ck_assert_int_eq(vs_vocab_add(v, "\xe3\x81", 2, NULL), 2);
    ck_assert_int_eq(vs_vocab_find(v, "", 0), 0);
    ck_assert_int_eq(vs_vocab_find(v, "new york", 8), 1);
    ck_assert_int_eq(vs_vocab_find(v, "\xe3\x81", 2), 2);
    /* a NUL byte inside a word is refused */
    ck_assert_int_eq(vs_vocab_add(v, "a\0b", 3, &first), -1);
    ck_assert_uint_eq(first, (size_t)-1);
    vs_vocab_free(v);
}
END_TEST

START_TEST(test_wrap)
{
    vs_vocab *v = vs_vocab_new(0), *w;

    vs_vocab_add(v, "alpha", 5, NULL);
    vs_vocab_add(v, "beta", 4, NULL);
    w = vs_vocab_wrap(v->n, v->blob, v->offs, v->table, v->table_size);
    ck_assert_int_eq(vs_vocab_find(w, "beta", 4), 1);
    ck_assert_uint_eq(vs_vocab_memory(w), 0);
    vs_vocab_free(w);  /* borrowed arrays are not freed */
    ck_assert_int_eq(vs_vocab_find(v, "alpha", 5), 0);
    vs_vocab_free(v);
}
END_TEST

Suite *suite_vocab(void)
{
    Suite *s = suite_create("vocab");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_add_find);
    tcase_add_test(tc, test_growth);
    tcase_add_test(tc, test_odd_words);
    tcase_add_test(tc, test_wrap);
    suite_add_tcase(s, tc);
    return s;
}
