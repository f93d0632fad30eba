/*
 * cmdtest.h - what the tests of the commands that compare, align and
 * distill models (check_distill.c, check_compare.c, check_sts.c) share:
 * running a command line in a session, scratch folders, and reading a
 * reference model.
 */
#ifndef VS_TEST_CMDTEST_H
#define VS_TEST_CMDTEST_H

#include <stddef.h>

#include "model.h"
#include "result.h"
#include "session.h"

/* Runs line in s into r (cleared first); fails the test when it fails. */
void vs_test_run(vs_session *s, const char *line, vs_result *r);

/* Runs line, which must fail with a message holding want. */
void vs_test_run_fails(vs_session *s, const char *line, const char *want);

/* A fresh folder under /tmp (free the name with vs_test_rmdir). */
char *vs_test_tmpdir(void);

/* Removes the files in dir, dir itself, and frees the name. */
void vs_test_rmdir(char *dir);

/* The number of entries in dir. */
int vs_test_files_in(const char *dir);

/* Opens the model file at path with the given format (or NULL to detect);
 * fails the test when it cannot. */
vs_model *vs_test_load(const char *path, const char *format);

/* The cell of a two-column (field, value) table r whose field is name, or
 * NULL. */
const char *vs_test_field(const vs_result *r, const char *name);

#endif
