/*
 * tokenizer.c - BERT's basic tokenizer and WordPiece. See tokenizer.h.
 *
 * The steps, for each stretch of text between special-token strings:
 *
 *   clean     drop U+0000, U+FFFD and every "C*" character but \t \n \r;
 *             \t \n \r and Zs characters become a space
 *   cjk       a space before and after each CJK ideograph (the 8 blocks that
 *             Google's _is_chinese_char lists; Hangul and kana are not in them)
 *   split     on whitespace as Python's str.split() sees it (which includes
 *             U+2028 and U+2029)
 *   per word  a word equal to a special token stays whole; otherwise, when
 *             lowercasing: lowercase each character (U+0130 becomes "i" +
 *             U+0307, as Python's str.lower()), then NFD and drop the Mn
 *             characters; then split off each punctuation character (ASCII
 *             33-47, 58-64, 91-96, 123-126, and Unicode P*)
 *   wordpiece each resulting word: longest prefix in the vocabulary, then the
 *             longest "##" continuation, ...; [UNK] when a step finds nothing
 *             or the word has more than max_chars characters
 *
 * Sources: google-research/bert tokenization.py and Hugging Face's
 * BertTokenizer (tokenization_bert.py, tokenization_utils.py), as described
 * in ../shared/data/bert/README.md and FORMATS.md section 5.
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../xalloc.h"
#include "tokenizer.h"

static const char *const special_default[VS_TOK_NSPECIAL] = {
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"
};
static const char *const special_key[VS_TOK_NSPECIAL] = {
    "pad_token", "unk_token", "cls_token", "sep_token", "mask_token"
};

/* ---- token sequences ---- */

void vs_tokens_init(vs_tokens *t)
{
    memset(t, 0, sizeof *t);
}

void vs_tokens_free(vs_tokens *t)
{
    free(t->ids);
    free(t->word);
    free(t->type);
    vs_tokens_init(t);
}

void vs_tokens_push(vs_tokens *t, int32_t id, int32_t word, uint8_t type)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 32;
        t->ids = xreallocarray(t->ids, t->cap, sizeof *t->ids);
        t->word = xreallocarray(t->word, t->cap, sizeof *t->word);
        t->type = xreallocarray(t->type, t->cap, sizeof *t->type);
    }
    t->ids[t->n] = id;
    t->word[t->n] = word;
    t->type[t->n] = type;
    t->n++;
}

/* ---- vocab.txt ---- */

int vs_bert_vocab_load(const char *path, vs_vocab **out, size_t *duplicates,
                       vs_error *err)
{
    FILE *f;
    char *buf = NULL;
    size_t len = 0, cap = 0, got, pos, line = 0, dups = 0;
    vs_vocab *v;

    *out = NULL;
    if (duplicates)
        *duplicates = 0;
    f = fopen(path, "rb");
    if (f == NULL)
        return vs_fail(err, "%s: cannot open: %s", path, strerror(errno));
    do {
        if (cap - len < 65536) {
            cap = cap ? 2 * cap : 1 << 20;
            buf = xrealloc(buf, cap);
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        free(buf);
        return vs_fail(err, "%s: read error: %s", path, strerror(e));
    }
    fclose(f);
    if (len == 0) {
        free(buf);
        return vs_fail(err, "%s: the vocabulary is empty (expected one token "
                       "a line)", path);
    }
    v = vs_vocab_new(len / 6);
    for (pos = 0; pos < len; line++) {
        const char *s = buf + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        size_t first;

        pos += n + (nl != NULL);
        if (n > 0 && s[n - 1] == '\r')
            n--;
        if (v->n >= VS_VOCAB_MAX_WORDS) {
            vs_vocab_free(v);
            free(buf);
            return vs_fail(err, "%s: more than %zu tokens", path,
                           (size_t)VS_VOCAB_MAX_WORDS);
        }
        if (vs_vocab_add(v, s, n, &first) < 0) {
            /* Keep ids equal to line numbers with a placeholder. */
            char ph[64];
            int k = snprintf(ph, sizeof ph, "[unused-duplicate-%zu]", line + 1);
            dups++;
            if (vs_vocab_add(v, ph, (size_t)k, NULL) < 0) {
                vs_vocab_free(v);
                free(buf);
                return vs_fail(err, "%s: line %zu: cannot add a placeholder "
                               "for a repeated token", path, line + 1);
            }
        }
    }
    free(buf);
    if (duplicates)
        *duplicates = dups;
    *out = v;
    return 0;
}

/* ---- tokenizer_config.json ---- */

static int read_bool(const char *path, json_t *root, const char *key, int *out,
                     int allow_null, vs_error *err)
{
    json_t *v = json_object_get(root, key);

    if (v == NULL)
        return 0;
    if (json_is_boolean(v))
        *out = json_is_true(v);
    else if (allow_null && json_is_null(v))
        *out = -1;
    else
        return vs_fail(err, "%s: \"%s\" should be true or false%s", path, key,
                       allow_null ? " or null" : "");
    return 0;
}

static int read_config(vs_wordpiece *wp, const char *path, vs_error *err)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    int i, rc = 0;

    if (root == NULL)
        return vs_fail(err, "%s: not valid JSON: %s (line %d, column %d)", path,
                       jerr.text, jerr.line, jerr.column);
    if (!json_is_object(root)) {
        json_decref(root);
        return vs_fail(err, "%s: not a JSON object", path);
    }
    if (read_bool(path, root, "do_lower_case", &wp->do_lower_case, 0, err) < 0 ||
        read_bool(path, root, "strip_accents", &wp->strip_accents, 1, err) < 0 ||
        read_bool(path, root, "tokenize_chinese_chars", &wp->split_cjk, 0,
                  err) < 0)
        rc = -1;
    for (i = 0; rc == 0 && i < VS_TOK_NSPECIAL; i++) {
        json_t *v = json_object_get(root, special_key[i]);
        if (json_is_object(v))
            v = json_object_get(v, "content");   /* an AddedToken */
        if (json_is_string(v) && json_string_length(v) > 0) {
            free(wp->special[i]);
            wp->special[i] = xstrdup(json_string_value(v));
        }
    }
    json_decref(root);
    return rc;
}

int vs_wordpiece_new(const vs_vocab *vocab, const char *config,
                     vs_wordpiece **out, vs_error *err)
{
    vs_wordpiece *wp = xcalloc(1, sizeof *wp);
    int i;

    *out = NULL;
    wp->vocab = vocab;
    wp->do_lower_case = 1;
    wp->strip_accents = -1;
    wp->split_cjk = 1;
    wp->max_chars = 100;
    for (i = 0; i < VS_TOK_NSPECIAL; i++)
        wp->special[i] = xstrdup(special_default[i]);
    if (config != NULL && read_config(wp, config, err) < 0) {
        vs_wordpiece_free(wp);
        return -1;
    }
    for (i = 0; i < VS_TOK_NSPECIAL; i++) {
        long id = vs_vocab_find(vocab, wp->special[i], strlen(wp->special[i]));
        if (id < 0 && (i == VS_TOK_UNK || i == VS_TOK_CLS || i == VS_TOK_SEP)) {
            vs_fail(err, "the vocabulary has no %s token (a BERT vocabulary "
                    "needs %s, %s and %s)", wp->special[i],
                    wp->special[VS_TOK_UNK], wp->special[VS_TOK_CLS],
                    wp->special[VS_TOK_SEP]);
            vs_wordpiece_free(wp);
            return -1;
        }
        wp->special_id[i] = (int32_t)id;
    }
    *out = wp;
    return 0;
}

void vs_wordpiece_free(vs_wordpiece *wp)
{
    int i;

    if (wp == NULL)
        return;
    for (i = 0; i < VS_TOK_NSPECIAL; i++)
        free(wp->special[i]);
    free(wp);
}

const char *vs_wordpiece_token(const vs_wordpiece *wp, int32_t id)
{
    if (id < 0 || (size_t)id >= wp->vocab->n)
        return "";
    return vs_vocab_word(wp->vocab, (size_t)id);
}

/* ---- character classes ---- */

/* Whitespace that the cleaning step turns into a space. */
static int is_space(int32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
           utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

/* Characters the cleaning step drops: every "C*" category but \t \n \r. */
static int is_control(int32_t c)
{
    utf8proc_category_t cat;

    if (c == '\t' || c == '\n' || c == '\r')
        return 0;
    cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF ||
           cat == UTF8PROC_CATEGORY_CS || cat == UTF8PROC_CATEGORY_CO ||
           cat == UTF8PROC_CATEGORY_CN;
}

/* What Python's str.split() splits on (Py_UNICODE_ISSPACE). */
static int is_split(int32_t c)
{
    return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) ||
           c == 0x85 || c == 0xa0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
           c == 0x202f || c == 0x205f || c == 0x3000;
}

static int is_cjk(int32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
           (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

static int is_punct(int32_t c)
{
    utf8proc_category_t cat;

    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
        (c >= 123 && c <= 126))
        return 1;
    cat = utf8proc_category(c);
    return cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO;
}

/* ---- scratch buffers ---- */

typedef struct cpbuf {
    int32_t *v;
    size_t n, cap;
} cpbuf;

static void cp_push(cpbuf *b, int32_t c)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 64;
        b->v = xreallocarray(b->v, b->cap, sizeof *b->v);
    }
    b->v[b->n++] = c;
}

typedef struct scratch {
    cpbuf clean;    /* the cleaned stretch */
    cpbuf norm;     /* one word, lowercased / without accents */
    unsigned char *bytes;   /* UTF-8 of one word */
    size_t bytes_cap;
    unsigned char *key;     /* "##" + a piece, for lookups */
    size_t key_cap;
    size_t *offs;   /* byte offset of each character in bytes */
    size_t offs_cap;
    int32_t *pieces;
    size_t pieces_cap;
} scratch;

static void scratch_free(scratch *s)
{
    free(s->clean.v);
    free(s->norm.v);
    free(s->bytes);
    free(s->key);
    free(s->offs);
    free(s->pieces);
}

static void ensure_bytes(scratch *s, size_t n)
{
    if (n > s->bytes_cap) {
        s->bytes_cap = n + 64;
        s->bytes = xrealloc(s->bytes, s->bytes_cap);
    }
}

/* UTF-8 of c[0..n) into s->bytes; s->offs[i] is where character i starts,
 * s->offs[n] the end. Returns the length. */
static size_t encode_word(scratch *s, const int32_t *c, size_t n)
{
    size_t i, len = 0;

    ensure_bytes(s, 4 * n + 1);
    if (n + 1 > s->offs_cap) {
        s->offs_cap = n + 64;
        s->offs = xreallocarray(s->offs, s->offs_cap, sizeof *s->offs);
    }
    for (i = 0; i < n; i++) {
        s->offs[i] = len;
        len += (size_t)utf8proc_encode_char(c[i], s->bytes + len);
    }
    s->offs[n] = len;
    return len;
}

/* ---- the stages ---- */

/* WordPiece on one basic token c[0..n): appends its pieces (or [UNK]). */
static void wordpiece(const vs_wordpiece *wp, scratch *s, const int32_t *c,
                      size_t n, int32_t word, uint8_t type, vs_tokens *out)
{
    size_t start = 0, np = 0, i, len;

    if (n == 0)
        return;
    if (n > wp->max_chars) {
        vs_tokens_push(out, wp->special_id[VS_TOK_UNK], word, type);
        return;
    }
    if (n > s->pieces_cap) {
        s->pieces_cap = n + 16;
        s->pieces = xreallocarray(s->pieces, s->pieces_cap, sizeof *s->pieces);
    }
    len = encode_word(s, c, n);
    if (len + 2 > s->key_cap) {
        s->key_cap = len + 64;
        s->key = xrealloc(s->key, s->key_cap);
    }
    s->key[0] = s->key[1] = '#';
    while (start < n) {
        size_t end = n;
        long id = -1;
        for (; end > start; end--) {
            /* Characters [start, end), after "##" unless at the start. */
            size_t plen = s->offs[end] - s->offs[start];
            memcpy(s->key + 2, s->bytes + s->offs[start], plen);
            if (start > 0)
                id = vs_vocab_find(wp->vocab, (const char *)s->key, plen + 2);
            else
                id = vs_vocab_find(wp->vocab, (const char *)s->key + 2, plen);
            if (id >= 0)
                break;
        }
        if (id < 0) {
            vs_tokens_push(out, wp->special_id[VS_TOK_UNK], word, type);
            return;
        }
        s->pieces[np++] = (int32_t)id;
        start = end;
    }
    for (i = 0; i < np; i++)
        vs_tokens_push(out, s->pieces[i], word, type);
}

/* Lowercases and/or strips accents from c[0..n) into s->norm. */
static void normalize(const vs_wordpiece *wp, scratch *s, const int32_t *c,
                      size_t n)
{
    int strip = wp->strip_accents == 1 ||
                (wp->strip_accents == -1 && wp->do_lower_case);
    size_t i;

    s->norm.n = 0;
    for (i = 0; i < n; i++) {
        if (!wp->do_lower_case)
            cp_push(&s->norm, c[i]);
        else if (c[i] == 0x130) {   /* Python: "İ".lower() == "i̇" */
            cp_push(&s->norm, 'i');
            cp_push(&s->norm, 0x307);
        } else
            cp_push(&s->norm, utf8proc_tolower(c[i]));
    }
    if (strip && s->norm.n > 0) {
        /* NFD, then drop the nonspacing marks (category Mn). */
        size_t len = encode_word(s, s->norm.v, s->norm.n), k = 0;
        utf8proc_ssize_t got;
        for (;;) {
            got = utf8proc_decompose(s->bytes, (utf8proc_ssize_t)len,
                                     s->norm.v, (utf8proc_ssize_t)s->norm.cap,
                                     UTF8PROC_DECOMPOSE);
            if (got < 0) {   /* cannot happen on valid input: keep as is */
                s->norm.n = 0;
                for (i = 0; i < n; i++)
                    cp_push(&s->norm, c[i]);
                return;
            }
            if ((size_t)got <= s->norm.cap)
                break;
            s->norm.cap = (size_t)got;
            s->norm.v = xreallocarray(s->norm.v, s->norm.cap,
                                      sizeof *s->norm.v);
        }
        for (i = 0; i < (size_t)got; i++)
            if (utf8proc_category(s->norm.v[i]) != UTF8PROC_CATEGORY_MN)
                s->norm.v[k++] = s->norm.v[i];
        s->norm.n = k;
    }
}

/* The special token c[0..n) spells, or -1. */
static int special_word(const vs_wordpiece *wp, scratch *s, const int32_t *c,
                        size_t n)
{
    size_t len;
    int i;

    if (n == 0 || n > 64)
        return -1;
    len = encode_word(s, c, n);
    for (i = 0; i < VS_TOK_NSPECIAL; i++)
        if (strlen(wp->special[i]) == len &&
            memcmp(wp->special[i], s->bytes, len) == 0)
            return i;
    return -1;
}

static int32_t special_id(const vs_wordpiece *wp, int i)
{
    return wp->special_id[i] >= 0 ? wp->special_id[i]
                                  : wp->special_id[VS_TOK_UNK];
}

/* Basic tokenizer + WordPiece on the text between two special tokens. */
static void tokenize_stretch(const vs_wordpiece *wp, scratch *s,
                             const char *text, size_t len, uint8_t type,
                             vs_tokens *out)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    size_t pos = 0, i, w;

    /* Decode and clean; spaces around CJK ideographs. */
    s->clean.n = 0;
    while (pos < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p + pos,
                                              (utf8proc_ssize_t)(len - pos), &c);
        if (k <= 0) {   /* an invalid byte reads as U+FFFD: dropped */
            pos++;
            continue;
        }
        pos += (size_t)k;
        if (c == 0 || c == 0xFFFD || is_control(c))
            continue;
        if (is_space(c))
            cp_push(&s->clean, ' ');
        else if (wp->split_cjk && is_cjk(c)) {
            cp_push(&s->clean, ' ');
            cp_push(&s->clean, c);
            cp_push(&s->clean, ' ');
        } else
            cp_push(&s->clean, c);
    }
    /* Words between whitespace. */
    for (i = 0; i < s->clean.n;) {
        const int32_t *c = s->clean.v;
        size_t a, b;
        int sp;

        while (i < s->clean.n && is_split(c[i]))
            i++;
        for (w = i; w < s->clean.n && !is_split(c[w]); w++)
            ;
        if (w == i)
            break;
        sp = special_word(wp, s, c + i, w - i);
        if (sp >= 0) {
            vs_tokens_push(out, special_id(wp, sp), out->nwords++, type);
            i = w;
            continue;
        }
        normalize(wp, s, c + i, w - i);
        /* Punctuation splits the word: each mark is a word of its own. */
        for (a = 0; a < s->norm.n; a = b) {
            const int32_t *nc = s->norm.v;
            if (is_punct(nc[a]))
                b = a + 1;
            else
                for (b = a; b < s->norm.n && !is_punct(nc[b]); b++)
                    ;
            wordpiece(wp, s, nc + a, b - a, out->nwords++, type, out);
        }
        i = w;
    }
}

int vs_wordpiece_tokenize(const vs_wordpiece *wp, const char *text, size_t len,
                          uint8_t type, vs_tokens *out, vs_error *err)
{
    scratch s;
    size_t pos = 0, from = 0, slen[VS_TOK_NSPECIAL];
    int i;

    memset(&s, 0, sizeof s);
    for (i = 0; i < VS_TOK_NSPECIAL; i++)
        slen[i] = strlen(wp->special[i]);
    /* Special-token strings split the text first and stay whole. */
    while (pos < len) {
        int best = -1;
        for (i = 0; i < VS_TOK_NSPECIAL; i++)
            if (slen[i] > 0 && slen[i] <= len - pos &&
                memcmp(text + pos, wp->special[i], slen[i]) == 0 &&
                (best < 0 || slen[i] > slen[best]))
                best = i;
        if (best < 0) {
            pos++;
            continue;
        }
        tokenize_stretch(wp, &s, text + from, pos - from, type, out);
        vs_tokens_push(out, special_id(wp, best), out->nwords++, type);
        pos += slen[best];
        from = pos;
    }
    tokenize_stretch(wp, &s, text + from, len - from, type, out);
    scratch_free(&s);
    return 0;
}

int vs_wordpiece_encode(const vs_wordpiece *wp, const char *a, size_t alen,
                        const char *b, size_t blen, vs_tokens *out,
                        vs_error *err)
{
    out->n = 0;
    out->nwords = 0;
    vs_tokens_push(out, wp->special_id[VS_TOK_CLS], -1, 0);
    if (vs_wordpiece_tokenize(wp, a, alen, 0, out, err) < 0)
        return -1;
    vs_tokens_push(out, wp->special_id[VS_TOK_SEP], -1, 0);
    if (b != NULL) {
        if (vs_wordpiece_tokenize(wp, b, blen, 1, out, err) < 0)
            return -1;
        vs_tokens_push(out, wp->special_id[VS_TOK_SEP], -1, 1);
    }
    return 0;
}

int vs_wordpiece_encode_text(const vs_wordpiece *wp, const char *text,
                             vs_tokens *out, vs_error *err)
{
    const char *bar = strstr(text, "|||");

    if (bar == NULL)
        return vs_wordpiece_encode(wp, text, strlen(text), NULL, 0, out, err);
    return vs_wordpiece_encode(wp, text, (size_t)(bar - text), bar + 3,
                               strlen(bar + 3), out, err);
}
