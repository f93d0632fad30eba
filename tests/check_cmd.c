/*
 * check_cmd.c - the command layer: splitting lines into words and commands,
 * finding commands by name, alias and prefix, option parsing and its errors,
 * and running commands against a session.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "cmd/cmd.h"
#include "xalloc.h"

START_TEST(test_split_words)
{
    int argc;
    char **argv;
    vs_error err;

    ck_assert_int_eq(vs_split_words("  nn  \"new york\" -k 5 # a comment", &argc, &argv, &err), 0);
    ck_assert_int_eq(argc, 4);
    ck_assert_str_eq(argv[1], "new york");
    ck_assert_str_eq(argv[3], "5");
    vs_argv_free(argc, argv);
    ck_assert_int_eq(vs_split_words("sim \"say \\\"hi\\\"\" x", &argc, &argv, &err), 0);
    ck_assert_str_eq(argv[1], "say \"hi\"");
    vs_argv_free(argc, argv);
    ck_assert_int_eq(vs_split_words("nn \"open", &argc, &argv, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "unterminated"));
}
END_TEST

START_TEST(test_split_commands)
{
    int n;
    char **c;
    vs_error err;

    ck_assert_int_eq(vs_split_commands("nn a; sim \"x;y\" b;info", &n, &c, &err), 0);
    ck_assert_int_eq(n, 3);
    ck_assert_str_eq(c[1], " sim \"x;y\" b");
    vs_argv_free(n, c);
}
END_TEST

START_TEST(test_lookup)
{
    vs_error err;

    ck_assert_ptr_eq(vs_cmd_lookup("nn", &err), &vs_cmd_nn);
    ck_assert_ptr_eq(vs_cmd_lookup("neighbours", &err), &vs_cmd_nn);
    ck_assert_ptr_eq(vs_cmd_lookup("anal", &err), &vs_cmd_analogy);
    ck_assert_ptr_null(vs_cmd_lookup("s", &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "ambiguous"));
    ck_assert_ptr_null(vs_cmd_lookup("frobnicate", &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "unknown command 'frobnicate'"));
}
END_TEST

/* Every command in the table is complete: usage starts with the name, and
 * the summary and help are there. */
START_TEST(test_table)
{
    const vs_cmd *const *c;

    for (c = vs_cmd_table; *c != NULL; c++) {
        ck_assert_msg(strncmp((*c)->usage, (*c)->name, strlen((*c)->name)) == 0,
                      "usage of %s", (*c)->name);
        ck_assert_msg((*c)->summary && (*c)->summary[0], "summary of %s", (*c)->name);
        ck_assert_msg((*c)->help && (*c)->help[0], "help of %s", (*c)->name);
        ck_assert_ptr_nonnull((*c)->exec);
        /* a command that reads text from an encoder takes it as typed */
        if ((*c)->flags & VS_CMD_NEEDS_BERT)
            ck_assert_msg((*c)->text_from > 0, "%s takes text but not as typed (text_from)",
                          (*c)->name);
    }
}
END_TEST

/* The man page documents every command of the table. */
START_TEST(test_man_page)
{
    FILE *f = fopen(VS_SRCDIR "/doc/vecscope.1", "r");
    char *text = xmalloc(1 << 20);
    size_t n;
    const vs_cmd *const *c;

    ck_assert_ptr_nonnull(f);
    n = fread(text, 1, (1 << 20) - 1, f);
    text[n] = '\0';
    fclose(f);
    for (c = vs_cmd_table; *c != NULL; c++) {
        char *entry = xasprintf(".TP\n\\fB%s\\fR", (*c)->name);
        ck_assert_msg(strstr(text, entry) != NULL, "vecscope.1 lacks an entry for '%s'",
                      (*c)->name);
        free(entry);
    }
    free(text);
}
END_TEST

START_TEST(test_run_errors)
{
    vs_session s;
    vs_result r;
    vs_error err;
    enum vs_output mode;

    vs_session_init(&s);
    vs_result_init(&r);
    ck_assert_int_eq(vs_cmd_run(&s, "nn king", VS_OUT_TEXT, &mode, &r, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "no model is open"));
    ck_assert_int_eq(vs_cmd_run(&s, "nn king -k x", VS_OUT_TEXT, &mode, &r, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "whole number"));
    ck_assert_int_eq(vs_cmd_run(&s, "nn king --frob", VS_OUT_TEXT, &mode, &r, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "unknown option '--frob'"));
    ck_assert_int_eq(vs_cmd_run(&s, "sim a", VS_OUT_TEXT, &mode, &r, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "too few arguments"));
    ck_assert_int_eq(vs_cmd_run(&s, "help nn --tsv", VS_OUT_TEXT, &mode, &r, &err), 0);
    ck_assert_int_eq(mode, VS_OUT_TSV);
    ck_assert_int_eq(r.kind, VS_RESULT_TEXT);
    ck_assert_ptr_nonnull(strstr(r.text, "usage: nn QUERY"));
    vs_result_clear(&r);
    ck_assert_int_eq(vs_cmd_run(&s, "   # only a comment", VS_OUT_TEXT, &mode, &r, &err), 0);
    ck_assert_int_eq(r.kind, VS_RESULT_NONE);
    vs_session_free(&s);
}
END_TEST

Suite *suite_cmd(void)
{
    Suite *s = suite_create("cmd");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_split_words);
    tcase_add_test(tc, test_split_commands);
    tcase_add_test(tc, test_lookup);
    tcase_add_test(tc, test_table);
    tcase_add_test(tc, test_man_page);
    tcase_add_test(tc, test_run_errors);
    suite_add_tcase(s, tc);
    return s;
}
