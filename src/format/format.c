/*
 * format.c - the loader table, and picking a loader for a file.
 *
 * vs_format_load checks the path itself first (missing, a directory nobody
 * claims, unreadable, empty), so every loader can assume a readable file of
 * at least 2 bytes; then it reads the first VS_SNIFF_BYTES bytes and lets
 * each format's sniff say how sure it is. --format skips the guessing.
 * Adding a format: its file in src/format/, its extern in format.h, its
 * line here and in Makefile.am.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../xalloc.h"
#include "bert_dir.h"
#include "common.h"
#include "fasttext.h"
#include "format.h"

/* In order of preference when two sniffs tie. */
const vs_format *const vs_formats[] = {
    &vs_format_cache,
    &vs_format_bert_dir,
    &vs_format_fasttext_bin,
    &vs_format_word2vec_bin,
    &vs_format_fasttext_vec,
    &vs_format_word2vec_text,
    &vs_format_glove_text,
    NULL,
};

const vs_format *vs_format_find(const char *name)
{
    size_t i;

    if (name == NULL)
        return NULL;
    for (i = 0; vs_formats[i] != NULL; i++)
        if (strcmp(vs_formats[i]->name, name) == 0)
            return vs_formats[i];
    return NULL;
}

int vs_dir_has_file(const char *dir, const char *file)
{
    char *p = xasprintf("%s/%s", dir, file);
    struct stat sb;
    int ok = stat(p, &sb) == 0 && S_ISREG(sb.st_mode);

    free(p);
    return ok;
}

char *vs_format_names(void)
{
    size_t i, len = 1;
    char *s;

    for (i = 0; vs_formats[i] != NULL; i++)
        len += strlen(vs_formats[i]->name) + 2;
    s = xmalloc(len);
    s[0] = '\0';
    for (i = 0; vs_formats[i] != NULL; i++) {
        if (i > 0)
            strcat(s, ", ");
        strcat(s, vs_formats[i]->name);
    }
    return s;
}

/* Reads up to VS_SNIFF_BYTES from the start of path, opened as the loaders
 * open it (vs_open_model_file: a readable regular file of at least 2 bytes,
 * or the message saying what it is instead). */
static int read_head(const char *path, unsigned char *head, size_t *len,
                     vs_error *err)
{
    uint64_t size;
    int fd = vs_open_model_file(path, &size, err);
    size_t got = 0;

    if (fd < 0)
        return -1;
    while (got < VS_SNIFF_BYTES) {
        ssize_t n = read(fd, head + got, VS_SNIFF_BYTES - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            return vs_fail(err, "%s: read failed at byte offset %zu: %s", path, got,
                           strerror(e));
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    *len = got;
    return 0;
}

int vs_format_load(const char *path, const vs_load_opts *opts, vs_model **out,
                   vs_error *err)
{
    unsigned char head[VS_SNIFF_BYTES];
    const vs_format *f = NULL;
    struct stat st;
    size_t len = 0, i;
    int is_dir, best = 0, rc;

    *out = NULL;
    if (opts != NULL && opts->format != NULL) {
        f = vs_format_find(opts->format);
        if (f == NULL) {
            char *names = vs_format_names();
            vs_fail(err, "unknown format \"%s\" (one of %s)", opts->format, names);
            free(names);
            return -1;
        }
    }
    if (stat(path, &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return vs_fail(err, "%s: no such file", path);
        return vs_fail(err, "%s: %s", path, strerror(errno));
    }
    is_dir = S_ISDIR(st.st_mode);
    if (!is_dir && !S_ISREG(st.st_mode))
        return vs_fail(err, "%s: not a regular file", path);
    if (!is_dir) {
        if (read_head(path, head, &len, err) != 0)
            return -1;
    } else if (access(path, R_OK | X_OK) != 0) {
        return vs_fail(err, "%s: cannot read the directory (permission denied)", path);
    }

    if (f == NULL) {
        for (i = 0; vs_formats[i] != NULL; i++) {
            int s = vs_formats[i]->sniff(path, head, len, (size_t)st.st_size, is_dir);
            if (s > best) {
                best = s;
                f = vs_formats[i];
            }
        }
        if (f == NULL) {
            char *names = vs_format_names();
            if (is_dir)
                vs_fail(err, "%s: is a directory, and no format reads it; use "
                             "--format NAME (one of %s)", path, names);
            else
                vs_fail(err, "%s: unrecognised format; use --format NAME (one of %s)",
                        path, names);
            free(names);
            return -1;
        }
    }
    rc = f->load(path, opts, out, err);
    vs_progress_done(opts != NULL ? opts->progress : NULL);
    if (rc == 0 && (*out)->file_size == 0 && !is_dir)
        (*out)->file_size = (size_t)st.st_size;
    return rc;
}
