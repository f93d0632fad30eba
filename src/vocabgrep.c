/*
 * vocabgrep.c - the words a regular expression matches (see vocabgrep.h).
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "vocabgrep.h"

int vs_vocab_grep(const vs_vocab *v, size_t n, const char *pattern, size_t max,
                  uint32_t *ids, size_t *nids, size_t *total, vs_error *err)
{
    size_t plen = strlen(pattern), id;
    pcre2_match_data *md;
    pcre2_code *code;
    PCRE2_SIZE eoff;
    int ecode;

    *nids = *total = 0;
    if (vs_utf8_valid_prefix(pattern, plen) != plen)
        return vs_fail(err, "the regular expression is not valid UTF-8 (byte %zu)",
                       vs_utf8_valid_prefix(pattern, plen));
    code = pcre2_compile((PCRE2_SPTR)pattern, plen, PCRE2_UTF | PCRE2_UCP, &ecode, &eoff,
                         NULL);
    if (code == NULL) {
        PCRE2_UCHAR msg[256];
        char *shown = vs_escape(pattern, plen);
        pcre2_get_error_message(ecode, msg, sizeof msg);
        vs_fail(err, "the regular expression '%s' does not compile at character %zu: %s",
                shown, (size_t)eoff, (const char *)msg);
        free(shown);
        return -1;
    }
    /* the JIT makes a scan of 400k words a few times faster; without it
     * (a build of PCRE2 without JIT) the interpreter gives the same answers */
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    md = pcre2_match_data_create_from_pattern(code, NULL);
    for (id = 0; id < n; id++) {
        /* with the UTF check on, a word that is not valid UTF-8 is an
         * error of pcre2_match (below 0), so no match */
        int rc = pcre2_match(code, (PCRE2_SPTR)vs_vocab_word(v, id), vs_vocab_len(v, id), 0,
                             0, md, NULL);
        if (rc >= 0) {
            if (*nids < max)
                ids[(*nids)++] = (uint32_t)id;
            (*total)++;
        }
    }
    pcre2_match_data_free(md);
    pcre2_code_free(code);
    return 0;
}
