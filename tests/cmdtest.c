/*
 * cmdtest.c - see cmdtest.h.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmdtest.h"
#include "format/format.h"
#include "xalloc.h"

void vs_test_run(vs_session *s, const char *line, vs_result *r)
{
    enum vs_output mode;
    vs_error err;

    vs_result_clear(r);
    ck_assert_msg(vs_cmd_run(s, line, VS_OUT_TEXT, &mode, r, &err) == 0, "%s: %s", line,
                  err.msg);
}

void vs_test_run_fails(vs_session *s, const char *line, const char *want)
{
    enum vs_output mode;
    vs_result r;
    vs_error err;

    vs_result_init(&r);
    vs_error_clear(&err);
    ck_assert_msg(vs_cmd_run(s, line, VS_OUT_TEXT, &mode, &r, &err) == -1, "%s: should fail",
                  line);
    ck_assert_msg(strstr(err.msg, want) != NULL, "%s: message '%s' lacks '%s'", line, err.msg,
                  want);
    vs_result_clear(&r);
}

char *vs_test_tmpdir(void)
{
    char *d = xstrdup("/tmp/vecscope-test.XXXXXX");

    ck_assert_ptr_nonnull(mkdtemp(d));
    return d;
}

void vs_test_rmdir(char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];

    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d != NULL)
        closedir(d);
    rmdir(dir);
    free(dir);
}

int vs_test_files_in(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

vs_model *vs_test_load(const char *path, const char *format)
{
    vs_load_opts lo;
    vs_model *m;
    vs_error err;

    memset(&lo, 0, sizeof lo);
    lo.format = format;
    lo.threads = 1;
    ck_assert_msg(vs_format_load(path, &lo, &m, &err) == 0, "%s: %s", path, err.msg);
    return m;
}

const char *vs_test_field(const vs_result *r, const char *name)
{
    size_t i;

    if (r->kind != VS_RESULT_TABLE || r->cols < 2)
        return NULL;
    for (i = 0; i < r->rows; i++)
        if (strcmp(r->cells[i * r->cols], name) == 0)
            return r->cells[i * r->cols + 1];
    return NULL;
}
