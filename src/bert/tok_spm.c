/*
 * tok_spm.c - reads a SentencePiece .model (spiece.model,
 * sentencepiece.bpe.model) into the pipeline of tok_impl.h, parsing the
 * protobuf by its tags (field << 3 | wire type), skipping fields it does not
 * need (FORMATS.md section 10; sentencepiece_model.proto):
 *
 *   ModelProto      1 pieces (repeated)   2 trainer_spec   3 normalizer_spec
 *   SentencePiece   1 piece (string)   2 score (fixed32 float)
 *                   3 type: NORMAL 1, UNKNOWN 2, CONTROL 3, USER_DEFINED 4,
 *                   UNUSED 5, BYTE 6 (default NORMAL)
 *   TrainerSpec     3 model_type: UNIGRAM 1, BPE 2, WORD 3, CHAR 4
 *                   24 treat_whitespace_as_suffix   35 byte_fallback
 *   NormalizerSpec  2 precompiled_charsmap   3 add_dummy_prefix (true)
 *                   4 remove_extra_whitespaces (true)
 *                   5 escape_whitespaces (true)
 *
 * Wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32; every
 * length is checked against what is left of its message.
 *
 * The text goes through SentencePiece's normalizer (tok_normalize.c) as one
 * word into the Unigram or BPE model. The control, unknown and
 * user-defined pieces become added tokens, so "<mask>" or "[MASK]" in the
 * text stays whole as the Hugging Face tokenizers of these files keep it.
 * With fairseq's ids (sentencepiece.bpe.model of XLM-R): <s> <pad> </s> <unk>
 * are 0-3, every other piece has its SentencePiece id + 1, <mask> comes
 * last, and the template is RoBERTa's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../readfile.h"
#include "../xalloc.h"
#include "tok_impl.h"

enum { PIECE_NORMAL = 1, PIECE_UNKNOWN, PIECE_CONTROL, PIECE_USER, PIECE_UNUSED,
       PIECE_BYTE };

typedef struct pb {
    const unsigned char *p, *end;
} pb;

static int varint(pb *b, uint64_t *v)
{
    int shift = 0;

    *v = 0;
    while (b->p < b->end && shift < 64) {
        unsigned char c = *b->p++;
        *v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            return 0;
        shift += 7;
    }
    return -1;
}

/* The next field: its number, wire type and, for length-delimited ones,
 * the bytes; for varints *v, for fixed32 *v too. */
static int field(pb *b, uint32_t *num, int *wire, pb *sub, uint64_t *v)
{
    uint64_t tag, len;

    if (varint(b, &tag) < 0)
        return -1;
    *num = (uint32_t)(tag >> 3);
    *wire = (int)(tag & 7);
    switch (*wire) {
    case 0:
        return varint(b, v);
    case 1:
        if (b->end - b->p < 8)
            return -1;
        b->p += 8;
        return 0;
    case 2:
        if (varint(b, &len) < 0 || len > (uint64_t)(b->end - b->p))
            return -1;
        sub->p = b->p;
        sub->end = b->p + len;
        b->p += len;
        return 0;
    case 5:
        if (b->end - b->p < 4)
            return -1;
        *v = (uint64_t)b->p[0] | (uint64_t)b->p[1] << 8 |
             (uint64_t)b->p[2] << 16 | (uint64_t)b->p[3] << 24;
        b->p += 4;
        return 0;
    default:
        return -1;
    }
}

typedef struct spm_piece {
    const char *s;
    size_t len;
    float score;
    int type;
} spm_piece;

typedef struct spm_model {
    spm_piece *piece;
    size_t n;
    int model_type, byte_fallback, suffix;
    const unsigned char *charsmap;
    size_t charsmap_len;
    int dummy_prefix, remove_extra, escape;
} spm_model;

static int parse_piece(pb b, spm_piece *sp)
{
    pb sub;
    uint64_t v;
    uint32_t num;
    int wire;

    sp->s = "";
    sp->len = 0;
    sp->score = 0;
    sp->type = PIECE_NORMAL;
    while (b.p < b.end) {
        if (field(&b, &num, &wire, &sub, &v) < 0)
            return -1;
        if (num == 1 && wire == 2) {
            sp->s = (const char *)sub.p;
            sp->len = (size_t)(sub.end - sub.p);
        } else if (num == 2 && wire == 5) {
            uint32_t u = (uint32_t)v;
            memcpy(&sp->score, &u, sizeof sp->score);
        } else if (num == 3 && wire == 0)
            sp->type = (int)v;
    }
    return 0;
}

static int parse_model(const unsigned char *data, size_t len, spm_model *m,
                       const char *name, vs_error *err)
{
    pb b = {data, data + len}, sub, s2;
    uint64_t v;
    uint32_t num, n2;
    int wire, w2;
    size_t cap = 0;

    memset(m, 0, sizeof *m);
    m->model_type = 1;
    m->dummy_prefix = m->remove_extra = m->escape = 1;
    while (b.p < b.end) {
        size_t at = (size_t)(b.p - data);
        if (field(&b, &num, &wire, &sub, &v) < 0)
            return vs_fail(err, "%s: byte %zu: a protobuf field runs past the end "
                           "of its message (not a SentencePiece model?)", name, at);
        if (num == 1 && wire == 2) {
            if (m->n == cap) {
                cap = cap ? 2 * cap : 1024;
                m->piece = xreallocarray(m->piece, cap, sizeof *m->piece);
            }
            if (parse_piece(sub, &m->piece[m->n]) < 0)
                return vs_fail(err, "%s: byte %zu: piece %zu is damaged", name,
                               at, m->n);
            m->n++;
        } else if ((num == 2 || num == 3) && wire == 2) {
            while (sub.p < sub.end) {
                if (field(&sub, &n2, &w2, &s2, &v) < 0)
                    return vs_fail(err, "%s: byte %zu: the %s is damaged", name,
                                   at, num == 2 ? "trainer_spec" : "normalizer_spec");
                if (num == 2 && n2 == 3 && w2 == 0)
                    m->model_type = (int)v;
                else if (num == 2 && n2 == 35 && w2 == 0)
                    m->byte_fallback = v != 0;
                else if (num == 2 && n2 == 24 && w2 == 0)
                    m->suffix = v != 0;
                else if (num == 3 && n2 == 2 && w2 == 2) {
                    m->charsmap = s2.p;
                    m->charsmap_len = (size_t)(s2.end - s2.p);
                } else if (num == 3 && n2 == 3 && w2 == 0)
                    m->dummy_prefix = v != 0;
                else if (num == 3 && n2 == 4 && w2 == 0)
                    m->remove_extra = v != 0;
                else if (num == 3 && n2 == 5 && w2 == 0)
                    m->escape = v != 0;
            }
        }
    }
    if (m->n == 0)
        return vs_fail(err, "%s: no pieces (not a SentencePiece model?)", name);
    if (m->model_type != 1 && m->model_type != 2)
        return vs_fail(err, "%s: model type %s is not supported (vecscope reads "
                       "UNIGRAM and BPE SentencePiece models)", name,
                       m->model_type == 3 ? "WORD" : m->model_type == 4 ? "CHAR"
                                                                        : "unknown");
    if (m->suffix)
        return vs_fail(err, "%s: treat_whitespace_as_suffix is not supported",
                       name);
    return 0;
}

/* The id a piece gets: its index, or fairseq's. */
static int32_t new_id(size_t i, int fairseq)
{
    if (!fairseq)
        return (int32_t)i;
    if (i == 0)
        return 3;   /* <unk> */
    if (i == 1)
        return 0;   /* <s> */
    if (i == 2)
        return 2;   /* </s> */
    return (int32_t)i + 1;
}

static int by_score_desc(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;

    return x < y ? 1 : x > y ? -1 : 0;
}

/* BPE merges: every cut of a piece into two pieces, ranked by the piece's
 * score (higher first; equal scores rank equal). */
static void spm_merges(vs_tokenizer *tk, const spm_model *sm, int fairseq)
{
    tk_model *m = &tk->impl->model;
    float *sorted = xmallocarray(sm->n, sizeof *sorted);
    size_t i, nd = 0;

    m->merges = tk_pairmap_new(4 * sm->n);
    for (i = 0; i < sm->n; i++)
        sorted[i] = sm->piece[i].score;
    qsort(sorted, sm->n, sizeof *sorted, by_score_desc);   /* then distinct */
    for (i = 0; i < sm->n; i++)
        if (nd == 0 || sorted[i] != sorted[nd - 1])
            sorted[nd++] = sorted[i];
    for (i = 0; i < sm->n; i++) {
        const spm_piece *p = &sm->piece[i];
        size_t lo = 0, hi = nd, cut;
        if (p->type != PIECE_NORMAL && p->type != PIECE_USER)
            continue;
        while (lo < hi) {   /* the rank of its score */
            size_t mid = (lo + hi) / 2;
            if (sorted[mid] > p->score)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (cut = 1; cut < p->len; cut++) {
            long l, r;
            if (((unsigned char)p->s[cut] & 0xC0) == 0x80)
                continue;
            l = vs_vocab_find(tk->impl->vocab, p->s, cut);
            r = vs_vocab_find(tk->impl->vocab, p->s + cut, p->len - cut);
            if (l >= 0 && r >= 0)
                tk_pairmap_add(m->merges, (int32_t)l, (int32_t)r, (uint32_t)lo,
                               new_id(i, fairseq));
        }
    }
    free(sorted);
}

int tk_read_spm_bytes(const unsigned char *data, size_t len, const char *name,
                      int fairseq, vs_tokenizer **out, vs_error *err)
{
    spm_model sm;
    vs_tokenizer *tk = NULL;
    tk_model *m;
    tk_norm *nm;
    size_t i, nids;
    const char **names = NULL;
    float minsc = 0, maxsc = 0;
    int have = 0;
    vs_vocab *voc;

    *out = NULL;
    if (parse_model(data, len, &sm, name, err) < 0)
        goto fail;
    if (fairseq && (sm.n < 3 || sm.piece[0].type != PIECE_UNKNOWN)) {
        vs_fail(err, "%s: fairseq's ids need <unk> <s> </s> as pieces 0-2", name);
        goto fail;
    }
    tk = tk_new(sm.model_type == 1 ? "Unigram" : "BPE", name);
    /* the vocabulary, by new id */
    nids = fairseq ? sm.n + 2 : sm.n;
    names = xcalloc(nids, sizeof *names);
    for (i = 0; i < sm.n; i++)
        names[new_id(i, fairseq)] = xstrndup(sm.piece[i].s, sm.piece[i].len);
    if (fairseq) {
        names[1] = xstrdup("<pad>");
        names[sm.n + 1] = xstrdup("<mask>");
    }
    voc = vs_vocab_new(nids);
    for (i = 0; i < nids; i++)
        if (vs_vocab_add(voc, names[i], strlen(names[i]), NULL) < 0) {
            char ph[48];
            int k = snprintf(ph, sizeof ph, "[unused-id-%zu]", i);
            vs_vocab_add(voc, ph, (size_t)k, NULL);
        }
    tk->impl->vocab = voc;
    m = &tk->impl->model;
    m->vocab = voc;
    m->byte_fallback = sm.byte_fallback;
    m->spm_unk_merge = 1;
    m->score = xcalloc(nids, sizeof *m->score);
    m->usable = xcalloc(nids, 1);
    m->user_defined = xcalloc(nids, 1);
    for (i = 0; i < sm.n; i++) {
        const spm_piece *p = &sm.piece[i];
        int32_t id = new_id(i, fairseq);
        m->score[id] = p->score;
        if (p->type == PIECE_UNKNOWN && m->unk < 0)
            m->unk = id;
        if (p->type == PIECE_NORMAL || p->type == PIECE_USER) {
            m->usable[id] = 1;
            if (p->len > m->max_piece)
                m->max_piece = p->len;
        }
        if (p->type == PIECE_USER)
            m->user_defined[id] = 1;
        if (p->type == PIECE_NORMAL) {
            if (!have || p->score < minsc)
                minsc = p->score;
            if (!have || p->score > maxsc)
                maxsc = p->score;
            have = 1;
        }
        if (p->type == PIECE_CONTROL || p->type == PIECE_UNKNOWN ||
            p->type == PIECE_USER) {
            tk_added *a = tk_add_token(tk, p->s, p->len, id,
                                       p->type != PIECE_USER);
            a->normalized = 0;
        }
    }
    if (m->unk < 0) {
        vs_fail(err, "%s: no piece of type UNKNOWN", name);
        goto fail;
    }
    m->unk_score = (double)minsc - 10.0;
    m->user_score = maxsc;
    if (sm.model_type == 1)
        m->type = TK_M_UNIGRAM;
    else {
        m->type = TK_M_BPE;
        m->fuse_unk = 1;
        m->cache = tk_cache_new();
        spm_merges(tk, &sm, fairseq);
    }
    nm = tk_add_norm(tk, TK_N_SPM);
    nm->spm_dummy_prefix = sm.dummy_prefix;
    nm->spm_remove_extra = sm.remove_extra;
    nm->spm_escape = sm.escape;
    if (sm.charsmap_len > 0 &&
        tk_charsmap_new(sm.charsmap, sm.charsmap_len, &nm->map, err) < 0) {
        vs_fail_prefix(err, "%s", name);
        goto fail;
    }
    if (fairseq) {
        tk_added *a = tk_add_token(tk, "<pad>", 5, 1, 1);
        a = tk_add_token(tk, "<mask>", 6, (int32_t)sm.n + 1, 1);
        a->lstrip = 1;
        tk_set_template(tk, 0, 2, 2, 0);
    } else {
        int32_t cls = tk_find(tk, "[CLS]"), sep = tk_find(tk, "[SEP]");
        int32_t bos = tk_find(tk, "<s>"), eos = tk_find(tk, "</s>");
        if (cls >= 0 && sep >= 0)
            tk_set_template(tk, cls, sep, -1, 1);
        else if (bos >= 0 && eos >= 0)
            tk_set_template(tk, bos, eos, eos, 0);
    }
    if (tk_finish(tk, err) < 0)
        goto fail;
    for (i = 0; i < nids; i++)
        free((char *)names[i]);
    free(names);
    free(sm.piece);
    *out = tk;
    return 0;
fail:
    if (names != NULL)
        for (i = 0; i < (fairseq ? sm.n + 2 : sm.n); i++)
            free((char *)names[i]);
    free(names);
    free(sm.piece);
    vs_tokenizer_free(tk);
    return -1;
}

int tk_read_spm(const char *path, int fairseq, vs_tokenizer **out,
                vs_error *err)
{
    char *data;
    size_t len;
    int rc;

    if (vs_read_text_file(path, TK_FILE_MAX, &data, &len, err) < 0)
        return -1;
    rc = tk_read_spm_bytes((const unsigned char *)data, len, path, fairseq, out,
                           err);
    free(data);
    return rc;
}
