/*
 * readfile.c - see readfile.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "readfile.h"
#include "xalloc.h"

int vs_open_file(const char *path, struct stat *st)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), e;

    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0) {
        e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (S_ISREG(st->st_mode))
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

int vs_read_text_file(const char *path, size_t max_bytes, char **buf, size_t *len,
                      vs_error *err)
{
    struct stat st;
    size_t cap, n = 0;
    char *b;
    int fd;

    *buf = NULL;
    *len = 0;
    fd = vs_open_file(path, &st);
    if (fd < 0)
        return vs_fail(err, "%s: cannot open: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return vs_fail(err, "%s: not a regular file (%s); name a text file", path,
                       S_ISDIR(st.st_mode) ? "a directory" : "a pipe, socket or device");
    }
    if ((unsigned long long)st.st_size > max_bytes) {
        close(fd);
        return vs_fail(err, "%s: %llu bytes, more than the %zu this reads; is it the right "
                       "file?", path, (unsigned long long)st.st_size, max_bytes);
    }
    cap = (size_t)st.st_size;
    b = xmalloc(cap + 1);
    for (;;) {
        ssize_t got;
        if (n == cap) {
            /* the file grew since fstat: read on, up to max_bytes */
            if (cap >= max_bytes) {
                char probe;
                got = read(fd, &probe, 1);
                if (got == 0)
                    break;
                if (got < 0 && errno == EINTR)
                    continue;
                close(fd);
                free(b);
                if (got < 0)
                    return vs_fail(err, "%s: read failed: %s", path, strerror(errno));
                return vs_fail(err, "%s: more than the %zu bytes this reads (it grew while "
                               "being read)", path, max_bytes);
            }
            cap = cap < 4096 ? 4096 : cap > max_bytes / 2 ? max_bytes : 2 * cap;
            if (cap > max_bytes)
                cap = max_bytes;
            b = xrealloc(b, cap + 1);
        }
        got = read(fd, b + n, cap - n);
        if (got == 0)
            break;
        if (got < 0) {
            int e = errno;
            if (e == EINTR)
                continue;
            close(fd);
            free(b);
            return vs_fail(err, "%s: read failed: %s", path, strerror(e));
        }
        n += (size_t)got;
    }
    close(fd);
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}
