/*
 * filemap.c - read-only file mappings, registered so that a SIGBUS from a
 * file that shrank is survived (see filemap.h).
 *
 * The registry is a fixed table: the signal handler must find a mapping
 * without locks or allocation. Slots are claimed and released under a mutex;
 * the handler reads them without it, which is safe because a slot's fields
 * are written before its `used` flag is set and the flag is cleared before
 * they change.
 */
#include "config.h"

#include "filemap.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "xalloc.h"

/* More open mappings than this are still made, just not guarded. */
#define MAX_MAPS 256

struct slot {
    volatile sig_atomic_t used;
    volatile sig_atomic_t damaged;
    char *addr;
    size_t len;
    char *path;
};

static struct slot slots[MAX_MAPS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

void *vs_filemap_map(int fd, size_t len, const char *path, vs_error *err)
{
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    size_t i;

    if (map == MAP_FAILED) {
        vs_fail(err, "%s: cannot map it: %s", path, strerror(errno));
        return NULL;
    }
    pthread_mutex_lock(&mu);
    for (i = 0; i < MAX_MAPS; i++) {
        if (!slots[i].used && slots[i].path == NULL) {
            slots[i].addr = map;
            slots[i].len = len;
            slots[i].damaged = 0;
            slots[i].path = xstrdup(path);
            __atomic_thread_fence(__ATOMIC_RELEASE);
            slots[i].used = 1;
            break;
        }
    }
    pthread_mutex_unlock(&mu);
    return map;
}

void vs_filemap_unmap(void *map, size_t len)
{
    size_t i;

    if (map == NULL)
        return;
    pthread_mutex_lock(&mu);
    for (i = 0; i < MAX_MAPS; i++) {
        if (slots[i].used && slots[i].addr == map) {
            slots[i].used = 0;
            __atomic_thread_fence(__ATOMIC_RELEASE);
            /* a damaged mapping's path waits for vs_filemap_take_damaged */
            if (!slots[i].damaged) {
                free(slots[i].path);
                slots[i].path = NULL;
            }
            break;
        }
    }
    pthread_mutex_unlock(&mu);
    munmap(map, len);
}

int vs_filemap_fault(const void *addr)
{
    const char *a = addr;
    size_t i;

    for (i = 0; i < MAX_MAPS; i++) {
        struct slot *s = &slots[i];
        if (!s->used || a < s->addr || a >= s->addr + s->len)
            continue;
        /* zero pages over the whole mapping, at the same address: every
         * later read gets 0 instead of another fault */
        if (mmap(s->addr, s->len, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0) ==
            MAP_FAILED)
            return 0;
        s->damaged = 1;
        return 1;
    }
    return 0;
}

static void on_sigbus(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    if (vs_filemap_fault(info->si_addr))
        return;  /* the faulting read runs again, on zero pages */
    signal(sig, SIG_DFL);  /* not ours: die of it as before */
}

void vs_filemap_catch_sigbus(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, NULL);
}

char *vs_filemap_take_damaged(void)
{
    char *path = NULL;
    size_t i;

    pthread_mutex_lock(&mu);
    for (i = 0; i < MAX_MAPS && path == NULL; i++) {
        if (slots[i].damaged && slots[i].path != NULL) {
            path = slots[i].path;
            slots[i].damaged = 0;
            if (slots[i].used)
                slots[i].path = xstrdup(path);
            else
                slots[i].path = NULL;
        }
    }
    pthread_mutex_unlock(&mu);
    return path;
}
