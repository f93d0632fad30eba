/*
 * fasttext_vec.c - fastText's .vec files (fasttext.cc saveVectors).
 *
 *   NWORDS DIM\n
 *   word v1 ... vDIM \n         5 significant digits, a trailing space
 *
 * The bytes are word2vec text; this entry exists so that a .vec file is
 * called what it is. Its sniff is word2vec-text's, a little more sure than
 * word2vec-text for a name ending in .vec and a little less otherwise. Note
 * pretrained.vec in gensim's test data, whose header says 3 words for 1
 * line: fastText accepts it, we refuse it with both counts (as gensim).
 */
#include "config.h"

#include <string.h>

#include "common.h"
#include "format.h"
#include "textvec.h"

static int ends_with_vec(const char *path)
{
    size_t n = strlen(path);

    return n >= 4 && strcmp(path + n - 4, ".vec") == 0;
}

static int sniff(const char *path, const unsigned char *head, size_t len,
                 size_t file_size, int is_dir)
{
    int has_header, score;

    (void)file_size;
    if (is_dir)
        return 0;
    score = vs_sniff_text(head, len, &has_header);
    if (!has_header || score == 0)
        return 0;
    if (path != NULL && ends_with_vec(path))
        return score + 5 > 100 ? 100 : score + 5;
    return score > 5 ? score - 5 : 1;
}

static int load(const char *path, const vs_load_opts *opts, vs_model **out,
                vs_error *err)
{
    return vs_textvec_load(path, opts, vs_format_fasttext_vec.name,
                           VS_HEADER_REQUIRED, out, err);
}

const vs_format vs_format_fasttext_vec = {
    "fasttext-vec",
    "fastText .vec: word2vec text written by fastText (word vectors only, "
    "no subwords)",
    sniff,
    load,
};
