/*
 * glove_text.c - GloVe's text output (glove.c, -binary 0; glove.6B,
 * glove.840B, ...).
 *
 *   word v1 v2 ... vDIM\n       no header (unless -write-header 1, then
 *   ...                         "COUNT DIM\n" as word2vec text); " %lf"
 *                               per number; a final "<unk>" line by default
 *
 * The dimension is the number of fields on a line minus one, taken as the
 * most common count among the first lines. glove.840B.300d.txt has words
 * with spaces (stanfordnlp/GloVe#191), so the vector is the last DIM fields
 * of each line and the rest is the word; a line with fewer fields is an
 * error naming it. It also has duplicates: the first is kept. The parsing is
 * textvec.c's.
 */
#include "config.h"

#include "common.h"
#include "format.h"
#include "textvec.h"

static int sniff(const char *path, const unsigned char *head, size_t len,
                 size_t file_size, int is_dir)
{
    int has_header, score;

    (void)path;
    (void)file_size;
    if (is_dir)
        return 0;
    score = vs_sniff_text(head, len, &has_header);
    return has_header ? 0 : score;
}

static int load(const char *path, const vs_load_opts *opts, vs_model **out,
                vs_error *err)
{
    return vs_textvec_load(path, opts, vs_format_glove_text.name,
                           VS_HEADER_AUTO, out, err);
}

const vs_format vs_format_glove_text = {
    "glove-text",
    "GloVe text: one \"word v1 ... vDIM\" line per word, no header",
    sniff,
    load,
};
