/*
 * check_readfile.c - the one reader of a user-named file (src/readfile.c):
 * the bytes as they are (NULs included) with a NUL after them, an empty
 * file, and what it refuses with a message naming the path: a missing file,
 * a directory, a FIFO (without waiting for a writer), a file over the limit.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_suites.h"
#include "error.h"
#include "readfile.h"

static char dir[64], path[128];

static const char *in_dir(const char *name)
{
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void write_file(const char *name, const char *data, size_t len)
{
    FILE *f = fopen(in_dir(name), "wb");

    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_read)
{
    static const char data[] = "king queen\0man woman\n";
    vs_error err;
    char *buf;
    size_t len;

    strcpy(dir, "/tmp/vs-check-readfile-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));

    write_file("a.txt", data, sizeof data - 1);
    ck_assert_int_eq(vs_read_text_file(in_dir("a.txt"), 1000, &buf, &len, &err), 0);
    ck_assert_uint_eq(len, sizeof data - 1);
    ck_assert_mem_eq(buf, data, len);
    ck_assert_int_eq(buf[len], '\0');
    free(buf);

    /* exactly at the limit, and one byte over it */
    ck_assert_int_eq(vs_read_text_file(in_dir("a.txt"), sizeof data - 1, &buf, &len, &err), 0);
    free(buf);
    ck_assert_int_eq(vs_read_text_file(in_dir("a.txt"), sizeof data - 2, &buf, &len, &err), -1);
    ck_assert_ptr_null(buf);
    ck_assert_msg(strstr(err.msg, "a.txt: 21 bytes, more than the 20") != NULL, "%s", err.msg);

    write_file("empty.txt", "", 0);
    ck_assert_int_eq(vs_read_text_file(in_dir("empty.txt"), 1000, &buf, &len, &err), 0);
    ck_assert_uint_eq(len, 0);
    ck_assert_str_eq(buf, "");
    free(buf);
    unlink(in_dir("a.txt"));
    unlink(in_dir("empty.txt"));

    ck_assert_int_eq(vs_read_text_file(in_dir("missing.txt"), 1000, &buf, &len, &err), -1);
    ck_assert_msg(strstr(err.msg, "missing.txt: cannot open: No such file") != NULL, "%s",
                  err.msg);

    mkdir(in_dir("sub"), 0700);
    ck_assert_int_eq(vs_read_text_file(in_dir("sub"), 1000, &buf, &len, &err), -1);
    ck_assert_msg(strstr(err.msg, "sub: not a regular file (a directory)") != NULL, "%s",
                  err.msg);
    rmdir(in_dir("sub"));

    /* a FIFO with no writer: refused at once (a wait would time the test out) */
    ck_assert_int_eq(mkfifo(in_dir("fifo"), 0600), 0);
    ck_assert_int_eq(vs_read_text_file(in_dir("fifo"), 1000, &buf, &len, &err), -1);
    ck_assert_msg(strstr(err.msg, "fifo: not a regular file") != NULL, "%s", err.msg);
    unlink(in_dir("fifo"));
    rmdir(dir);
}
END_TEST

Suite *suite_readfile(void)
{
    Suite *s = suite_create("readfile");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_read);
    suite_add_tcase(s, tc);
    return s;
}
