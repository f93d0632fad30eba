/*
 * termquery.c - the DA1 query for sixel support (see termquery.h).
 *
 * The query is written to /dev/tty with the terminal put in raw mode (no
 * echo, no line buffering) so the answer is neither shown nor held until a
 * newline; it is read with poll() until its final 'c' or the timeout, and
 * the modes are put back. A terminal that does not answer costs the
 * timeout once: front ends ask once a session.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "termquery.h"

int vs_da1_sixel(const char *buf, size_t len)
{
    size_t i = 0;
    int k = 0, sixel = 0;

    /* the answer: ESC [ ? then numbers separated by ; then c */
    while (i + 2 < len && !(buf[i] == '\033' && buf[i + 1] == '[' && buf[i + 2] == '?'))
        i++;
    if (i + 2 >= len)
        return -1;
    for (i += 3; i < len; i++, k++) {
        long v = 0;
        size_t start = i;
        while (i < len && buf[i] >= '0' && buf[i] <= '9') {
            v = v < 100000 ? v * 10 + (buf[i] - '0') : v;
            i++;
        }
        if (i >= len || i == start)
            return -1;
        /* the first number is the terminal's class, the others its
         * attributes */
        if (k > 0 && v == 4)
            sixel = 1;
        if (buf[i] == 'c')
            return sixel;
        if (buf[i] != ';')
            return -1;
    }
    return -1;
}

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int vs_term_query_sixel(int timeout_ms)
{
    struct termios old, raw;
    char buf[256];
    size_t len = 0;
    long end;
    int fd, answer = -1;

    fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (tcgetattr(fd, &old) < 0) {
        close(fd);
        return -1;
    }
    raw = old;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &raw) < 0) {
        close(fd);
        return -1;
    }
    if (write(fd, "\033[c", 3) == 3) {
        end = now_ms() + timeout_ms;
        while (answer < 0 && len < sizeof buf) {
            struct pollfd p = {fd, POLLIN, 0};
            long left = end - now_ms();
            ssize_t got;
            if (left <= 0)
                break;
            if (poll(&p, 1, (int)left) <= 0) {
                if (errno == EINTR)
                    continue;
                break;
            }
            got = read(fd, buf + len, sizeof buf - len);
            if (got <= 0)
                break;
            len += (size_t)got;
            answer = vs_da1_sixel(buf, len);
        }
    }
    tcsetattr(fd, TCSANOW, &old);
    close(fd);
    return answer;
}
