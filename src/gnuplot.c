/*
 * gnuplot.c - running the gnuplot program on a script (see gnuplot.h).
 *
 * gnuplot is found on PATH and started without a shell; the script goes to
 * it through a pipe; its standard output (a terminal drawing) and its
 * standard error go to temporary files, read back when it has exited, so
 * neither pipe can fill up and stall it. Its exit status decides success.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gnuplot.h"
#include "xalloc.h"

/* The gnuplot program on PATH (xmalloc'd), or NULL: gnuplot, else the
 * names Debian's alternatives give it. */
static char *find_gnuplot(void)
{
    static const char *const names[] = {"gnuplot", "gnuplot-nox", "gnuplot-x11",
                                        "gnuplot-qt", NULL};
    const char *path = getenv("PATH");
    int k;

    if (path == NULL || *path == '\0')
        path = "/usr/local/bin:/usr/bin:/bin";
    for (k = 0; names[k] != NULL; k++) {
        const char *p = path;
        while (*p) {
            size_t len = strcspn(p, ":");
            struct stat st;
            /* an empty entry would mean the current folder: never that */
            if (len > 0) {
                char *cand = xasprintf("%.*s/%s", (int)len, p, names[k]);
                if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0)
                    return cand;
                free(cand);
            }
            p += len;
            if (*p == ':')
                p++;
        }
    }
    return NULL;
}

/* All of a temporary file, from the start (xmalloc'd, NUL-terminated). */
static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 4096, n = 0, got;
    char *buf = xmalloc(cap);

    rewind(f);
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
    }
    buf[n] = '\0';
    if (len != NULL)
        *len = n;
    return buf;
}

/* gnuplot's message: our own "VSERR: " line, else the text after its first
 * "line N: ", else its first non-blank line. */
static void gnuplot_message(const char *text, vs_error *err)
{
    const char *p = strstr(text, "VSERR: "), *q;

    if (p != NULL) {
        p += 7;
        vs_fail(err, "%.*s", (int)strcspn(p, "\n"), p);
        return;
    }
    for (q = text; (q = strstr(q, "line ")) != NULL; q++) {
        const char *c = q + 5;
        c += strspn(c, "0123456789");
        if (c > q + 5 && c[0] == ':' && c[1] == ' ') {
            vs_fail(err, "gnuplot failed: %.*s", (int)strcspn(c + 2, "\n"), c + 2);
            return;
        }
    }
    p = text + strspn(text, " \t\r\n");
    if (*p == '\0')
        vs_fail(err, "gnuplot failed and said nothing");
    else
        vs_fail(err, "gnuplot failed: %.*s", (int)strcspn(p, "\n"), p);
}

/* Writes p[0..n) to fd, as far as fd takes it: gnuplot may stop reading
 * its script early (an error, reported from its status), and a drawing the
 * terminal does not take is not an error of the plot. */
static void write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        p += w;
        n -= (size_t)w;
    }
}

int vs_gnuplot_run(const char *script, size_t len, int fd, vs_error *err)
{
    char *prog = find_gnuplot();
    FILE *outf = NULL, *errf = NULL;
    struct sigaction ign, old;
    int in[2], status = 0, rc = -1;
    pid_t pid;

    if (prog == NULL)
        return vs_fail(err, "gnuplot is not installed: install the Debian package "
                            "gnuplot-nox");
    outf = tmpfile();
    errf = tmpfile();
    if (outf == NULL || errf == NULL || pipe(in) < 0) {
        vs_fail(err, "cannot start gnuplot: %s", strerror(errno));
        goto out;
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        vs_fail(err, "cannot start gnuplot: %s", strerror(errno));
        close(in[0]);
        close(in[1]);
        goto out;
    }
    if (pid == 0) {
        char *const argv[] = {prog, NULL};
        dup2(in[0], STDIN_FILENO);
        dup2(fileno(outf), STDOUT_FILENO);
        dup2(fileno(errf), STDERR_FILENO);
        close(in[0]);
        close(in[1]);
        static const char msg[] = "VSERR: gnuplot is on PATH but cannot be run\n";
        execv(prog, argv);
        if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
            _exit(126);
        _exit(127);
    }
    close(in[0]);
    /* gnuplot may stop reading early (an error): no SIGPIPE for us */
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old);
    write_all(in[1], script, len);
    close(in[1]);
    sigaction(SIGPIPE, &old, NULL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char *msg = slurp(errf, NULL);
        if (WIFSIGNALED(status) && strstr(msg, "VSERR") == NULL)
            vs_fail(err, "gnuplot was stopped by signal %d", WTERMSIG(status));
        else
            gnuplot_message(msg, err);
        free(msg);
        goto out;
    }
    {
        size_t n;
        char *pic = slurp(outf, &n), *p = pic;
        if (n > 0 && *p == '\f') {
            p++;
            n--;
        }
        write_all(fd, p, n);
        free(pic);
    }
    rc = 0;
out:
    if (outf != NULL)
        fclose(outf);
    if (errf != NULL)
        fclose(errf);
    free(prog);
    return rc;
}
