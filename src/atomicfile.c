/*
 * atomicfile.c - writing a file through a temporary name and a rename; the
 * checks on the target; the files that must not be replaced. See
 * atomicfile.h for the rules.
 */
#include "config.h"

#include "atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

/* ---- files in use ---- */

struct protected_file {
    int used;
    dev_t dev;
    ino_t ino;
    char *why;
};

static pthread_mutex_t protect_mu = PTHREAD_MUTEX_INITIALIZER;
static struct protected_file *protected;
static size_t nprotected;

int vs_afile_protect(const char *path, const char *why)
{
    struct stat st;
    size_t i;

    if (stat(path, &st) != 0)
        return -1;
    pthread_mutex_lock(&protect_mu);
    for (i = 0; i < nprotected && protected[i].used; i++)
        ;
    if (i == nprotected) {
        protected = xreallocarray(protected, nprotected + 1, sizeof *protected);
        nprotected++;
    }
    protected[i].used = 1;
    protected[i].dev = st.st_dev;
    protected[i].ino = st.st_ino;
    protected[i].why = xstrdup(why);
    pthread_mutex_unlock(&protect_mu);
    return (int)i;
}

void vs_afile_unprotect(int handle)
{
    if (handle < 0)
        return;
    pthread_mutex_lock(&protect_mu);
    if ((size_t)handle < nprotected && protected[handle].used) {
        protected[handle].used = 0;
        free(protected[handle].why);
        protected[handle].why = NULL;
    }
    pthread_mutex_unlock(&protect_mu);
}

/* The reason st may not be replaced, copied into buf; 0 if it may. */
static int is_protected(const struct stat *st, char *buf, size_t size)
{
    size_t i;
    int found = 0;

    pthread_mutex_lock(&protect_mu);
    for (i = 0; i < nprotected && !found; i++) {
        if (protected[i].used && protected[i].dev == st->st_dev &&
            protected[i].ino == st->st_ino) {
            snprintf(buf, size, "%s", protected[i].why);
            found = 1;
        }
    }
    pthread_mutex_unlock(&protect_mu);
    return found;
}

/* ---- the target ---- */

/* The file a write to path replaces: path itself, or, when path is a
 * symbolic link, the end of its chain of links (which may not exist yet).
 * NULL with a message when the chain loops or is too long. */
static char *resolve(const char *path, vs_error *err)
{
    char *cur = xstrdup(path);
    int hops;

    for (hops = 0; hops < 40; hops++) {
        struct stat st;
        char link[PATH_MAX];
        ssize_t n;

        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        n = readlink(cur, link, sizeof link - 1);
        if (n < 0) {
            vs_fail(err, "cannot write %s: cannot read the link %s: %s", path, cur,
                    strerror(errno));
            free(cur);
            return NULL;
        }
        link[n] = '\0';
        if (link[0] == '/') {
            free(cur);
            cur = xstrdup(link);
        } else {
            /* relative to the folder that holds the link */
            char *slash = strrchr(cur, '/');
            char *next = slash == NULL ? xstrdup(link)
                                       : xasprintf("%.*s/%s", (int)(slash - cur), cur, link);
            free(cur);
            cur = next;
        }
    }
    vs_fail(err, "cannot write %s: it is a chain of more than 40 symbolic links", path);
    free(cur);
    return NULL;
}

/* Whether dest may be replaced: it does not exist, or it is a regular file
 * that is not in use. */
static int check_dest(const char *path, const char *dest, vs_error *err)
{
    struct stat st;
    char why[512];

    if (stat(dest, &st) != 0)
        return 0;
    if (S_ISDIR(st.st_mode))
        return vs_fail(err, "cannot write %s: it is a directory; name a file", path);
    if (!S_ISREG(st.st_mode))
        return vs_fail(err, "cannot write %s: it is %s, not a regular file; name a file",
                       path, S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                             : S_ISFIFO(st.st_mode)                     ? "a FIFO"
                             : S_ISSOCK(st.st_mode)                     ? "a socket"
                                                                        : "something else");
    if (is_protected(&st, why, sizeof why))
        return vs_fail(err, "cannot write %s: it is %s; name another file", path, why);
    return 0;
}

/* ---- writing ---- */

int vs_afile_open(vs_afile *a, const char *path, int flags, vs_error *err)
{
    static unsigned counter;
    int fd = -1, i;

    memset(a, 0, sizeof *a);
    a->dest = resolve(path, err);
    if (a->dest == NULL)
        return -1;
    if (check_dest(path, a->dest, err) < 0) {
        free(a->dest);
        a->dest = NULL;
        return -1;
    }
    /* A name of our own beside the target; 0666 lets the umask decide. */
    for (i = 0; i < 100; i++) {
        free(a->tmp);
        a->tmp = xasprintf("%s.tmp-%ld-%u", a->dest, (long)getpid(),
                           __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED));
        fd = open(a->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            break;
    }
    if (fd < 0 || (a->f = fdopen(fd, "wb")) == NULL) {
        vs_fail(err, "cannot write %s: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(a->tmp);
        }
        free(a->tmp);
        free(a->dest);
        memset(a, 0, sizeof *a);
        return -1;
    }
    a->path = xstrdup(path);
    a->flags = flags;
    return 0;
}

int vs_afile_write(vs_afile *a, const void *data, size_t len, vs_error *err)
{
    if (len > 0 && fwrite(data, 1, len, a->f) != len)
        return vs_fail(err, "cannot write %s: %s", a->path, strerror(errno));
    return 0;
}

static void release(vs_afile *a)
{
    free(a->path);
    free(a->dest);
    free(a->tmp);
    memset(a, 0, sizeof *a);
}

void vs_afile_abort(vs_afile *a)
{
    if (a->f != NULL)
        fclose(a->f);
    if (a->tmp != NULL)
        unlink(a->tmp);
    release(a);
}

/* fsyncs the folder that holds path, so a rename in it is on disk. */
static int sync_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash == NULL ? xstrdup(".")
                              : xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

    free(dir);
    if (fd < 0)
        return -1;
    /* some file systems cannot sync a folder (EINVAL): nothing to report */
    if (fsync(fd) != 0 && errno != EINVAL)
        rc = -1;
    close(fd);
    return rc;
}

int vs_afile_commit(vs_afile *a, vs_error *err)
{
    FILE *f = a->f;
    int bad;

    a->f = NULL;
    errno = 0;
    bad = fflush(f) != 0 || ferror(f);
    if (!bad && (a->flags & VS_AFILE_SYNC) && fsync(fileno(f)) != 0)
        bad = 1;
    if (bad) {
        vs_fail(err, "cannot write %s: %s", a->path,
                errno != 0 ? strerror(errno) : "a write failed (is the disk full?)");
        fclose(f);
        goto fail;
    }
    if (fclose(f) != 0) {
        vs_fail(err, "cannot write %s: %s", a->path, strerror(errno));
        goto fail;
    }
    /* the target may have become something else while we wrote */
    if (check_dest(a->path, a->dest, err) < 0)
        goto fail;
    if (rename(a->tmp, a->dest) != 0) {
        vs_fail(err, "cannot write %s: %s", a->path, strerror(errno));
        goto fail;
    }
    if ((a->flags & VS_AFILE_SYNC) && sync_folder(a->dest) != 0) {
        vs_fail(err, "cannot write %s: the folder could not be synced: %s", a->path,
                strerror(errno));
        release(a);
        return -1;
    }
    release(a);
    return 0;
fail:
    unlink(a->tmp);
    release(a);
    return -1;
}

int vs_afile_check(const char *path, vs_error *err)
{
    vs_afile a;

    if (vs_afile_open(&a, path, 0, err) < 0)
        return -1;
    vs_afile_abort(&a);
    return 0;
}
