/*
 * report.h - how a plugin's run() tells the host what happened: an error
 * message into the host's buffer, a progress step that says whether the
 * user cancelled (see vecscope-plugin.h's rules for run()). Hidden names
 * (see parallel.h).
 */
#ifndef VSP_REPORT_H
#define VSP_REPORT_H

#include <stddef.h>

#include "vecscope-plugin.h"
#include "common/parallel.h"

/* Writes the message (printf-style, one line, no final period) into err
 * (errlen bytes) and returns -1, for `return vsp_fail(...)`. */
VSP_HIDDEN int vsp_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reports what and fraction through p (which may be NULL); nonzero when the
 * user cancelled. */
VSP_HIDDEN int vsp_cancelled(const struct vs_plugin_progress *p, const char *what,
                             double fraction);

#endif
