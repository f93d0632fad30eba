/*
 * word2vec_text.c - the word2vec text format (word2vec -binary 0, gensim's
 * save_word2vec_format(binary=False)).
 *
 *   COUNT DIM\n                 header: two integers, required
 *   word v1 v2 ... vDIM \n      one line per word; word2vec.c prints "%lf "
 *   ...                         (a trailing space), gensim "%s %s\n"
 *
 * A header that says fewer words than the file holds is obeyed (gensim reads
 * COUNT lines); one that says more is an error naming both counts. The
 * parsing itself (quirks, speed) is textvec.c's, the numbers common.c's.
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
    return has_header ? score : 0;
}

static int load(const char *path, const vs_load_opts *opts, vs_model **out,
                vs_error *err)
{
    return vs_textvec_load(path, opts, vs_format_word2vec_text.name,
                           VS_HEADER_REQUIRED, out, err);
}

const vs_format vs_format_word2vec_text = {
    "word2vec-text",
    "word2vec text: \"COUNT DIM\" header, then one \"word v1 ... vDIM\" line per word",
    sniff,
    load,
};
