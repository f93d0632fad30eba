/*
 * check_result.c - results (result.h): the finite-number check that keeps a
 * NaN or an infinity from being shown as an answer, for every kind of
 * result that holds numbers; a map's ways of colouring its points (the last
 * added is the groups pictures use, and any other can be chosen again).
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <string.h>

#include "check_suites.h"
#include "result.h"

START_TEST(test_finite)
{
    static const char *const labels[] = {"a", "b"};
    float v[3] = {1, 2, 3}, m[4] = {0.5f, 0.5f, 1, 0};
    char where[128];
    vs_result r;

    vs_result_init(&r);
    vs_result_add_ranked(&r, "whale", 0.9);
    vs_result_add_ranked(&r, "ship", 0.8);
    ck_assert_int_eq(vs_result_check_finite(&r, where, sizeof where), 0);
    vs_result_add_ranked(&r, "sea", NAN);
    ck_assert_int_eq(vs_result_check_finite(&r, where, sizeof where), -1);
    ck_assert_str_eq(where, "the score of 'sea'");
    vs_result_clear(&r);

    vs_result_set_scalar(&r, "cosine", INFINITY);
    ck_assert_int_eq(vs_result_check_finite(&r, where, sizeof where), -1);
    ck_assert_str_eq(where, "the cosine");
    vs_result_clear(&r);

    vs_result_set_vector(&r, "x", v, 3);
    ck_assert_int_eq(vs_result_check_finite(&r, where, sizeof where), 0);
    vs_result_clear(&r);
    v[2] = -INFINITY;
    vs_result_set_vector(&r, "x", v, 3);
    ck_assert_int_eq(vs_result_check_finite(&r, where, sizeof where), -1);
    ck_assert_str_eq(where, "component 2 of the vector");
    vs_result_clear(&r);

    vs_result_table(&r, 2, "head", "weight");
    vs_result_row(&r, "1", "0.25");
    ck_assert_int_eq(vs_result_check_finite(&r, where, sizeof where), 0);
    vs_result_row(&r, "2", "-nan");
    ck_assert_int_eq(vs_result_check_finite(&r, where, sizeof where), -1);
    ck_assert_str_eq(where, "row 2, column 'weight' of the table");
    vs_result_clear(&r);

    vs_result_set_matrix(&r, 2, 2, labels, labels, m);
    ck_assert_int_eq(vs_result_check_finite(&r, where, sizeof where), 0);
    vs_result_clear(&r);
    m[3] = NAN;
    vs_result_set_matrix(&r, 2, 2, labels, labels, m);
    ck_assert_int_eq(vs_result_check_finite(&r, where, sizeof where), -1);
    ck_assert_str_eq(where, "row 'b', column 'b' of the matrix");
    vs_result_clear(&r);

    vs_result_set_points(&r, 2, 2, labels, NULL, m, NULL, NULL);
    ck_assert_int_eq(vs_result_check_finite(&r, where, sizeof where), -1);
    ck_assert_str_eq(where, "the coordinates of 'b'");
    vs_result_clear(&r);
}
END_TEST

START_TEST(test_groupings)
{
    static const char *const labels[] = {"a", "b", "c"};
    static const char *const groups[] = {"x", "x", "y"};
    static const char *const clusters[] = {"cluster 1", "cluster 2", "cluster 2"};
    float xy[6] = {0, 0, 1, 1, 2, 2};
    vs_result r;

    vs_result_init(&r);
    vs_result_set_points(&r, 3, 2, labels, groups, xy, NULL, NULL);
    ck_assert_uint_eq(r.ngroupings, 1);
    ck_assert_str_eq(r.groupings[0].name, "group");
    ck_assert_str_eq(r.groups[2], "y");
    /* a new way of colouring becomes the groups */
    vs_result_add_grouping(&r, "k-means 2", clusters);
    ck_assert_uint_eq(r.ngroupings, 2);
    ck_assert_str_eq(r.groups[0], "cluster 1");
    ck_assert_str_eq(r.groups[2], "cluster 2");
    /* choosing the first again: its names, copied */
    vs_result_use_grouping(&r, 0);
    ck_assert_str_eq(r.groups[0], "x");
    ck_assert_str_eq(r.groups[2], "y");
    ck_assert_ptr_ne(r.groups[0], r.groupings[0].of[0]);
    /* one that is not there changes nothing */
    vs_result_use_grouping(&r, 2);
    ck_assert_str_eq(r.groups[2], "y");
    vs_result_clear(&r);
}
END_TEST

Suite *suite_result(void)
{
    Suite *s = suite_create("result");
    TCase *tc = tcase_create("finite");

    tcase_add_test(tc, test_finite);
    tcase_add_test(tc, test_groupings);
    suite_add_tcase(s, tc);
    return s;
}
