/*
 * tokenizer.c - the tokenizer pipeline (see tok_impl.h): added tokens,
 * normalizers, pre-tokenizers, the model, the template; vs_tokens; BERT's
 * tokenizer from vocab.txt (vs_wordpiece) as such a pipeline.
 *
 * Encoding one text, as Hugging Face's tokenizers does it:
 *
 *   added     the added tokens that are matched on the raw text
 *             (normalized false: the special tokens as a rule) are cut out,
 *             leftmost-longest, honouring single_word, lstrip and rstrip
 *   normalize every other stretch, by each normalizer in turn
 *   added     the added tokens matched on normalized text
 *   pre-tok   each stretch into words, by each pre-tokenizer in turn
 *   model     each word into pieces; every word (an added token too) gets
 *             the next word index
 *   offsets   ByteLevel's trim_offsets: spaces at the ends of a piece are
 *             not part of its offsets
 *   template  the post-processor's special tokens around A (and B)
 *
 * Empty stretches are dropped between stages, as the library does.
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../utf8.h"
#include "../readfile.h"
#include "../xalloc.h"
#include "tok_impl.h"

static const char *const special_default[VS_TOK_NSPECIAL] = {
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", NULL, NULL
};
static const char *const special_key[VS_TOK_NSPECIAL] = {
    "pad_token", "unk_token", "cls_token", "sep_token", "mask_token",
    "bos_token", "eos_token"
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
    free(t->start);
    free(t->end);
    vs_tokens_init(t);
}

void vs_tokens_push_span(vs_tokens *t, int32_t id, int32_t word, uint8_t type,
                         uint32_t start, uint32_t end)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 32;
        t->ids = xreallocarray(t->ids, t->cap, sizeof *t->ids);
        t->word = xreallocarray(t->word, t->cap, sizeof *t->word);
        t->type = xreallocarray(t->type, t->cap, sizeof *t->type);
        t->start = xreallocarray(t->start, t->cap, sizeof *t->start);
        t->end = xreallocarray(t->end, t->cap, sizeof *t->end);
    }
    t->ids[t->n] = id;
    t->word[t->n] = word;
    t->type[t->n] = type;
    t->start[t->n] = start;
    t->end[t->n] = end;
    t->n++;
}

void vs_tokens_push(vs_tokens *t, int32_t id, int32_t word, uint8_t type)
{
    vs_tokens_push_span(t, id, word, type, 0, 0);
}

void tk_toks_push(tk_toks *t, int32_t id, uint32_t a, uint32_t b)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
    }
    t->v[t->n].id = id;
    t->v[t->n].a = a;
    t->v[t->n].b = b;
    t->n++;
}

/* ---- vocab.txt ---- */

int vs_bert_vocab_load(const char *path, vs_vocab **out, size_t *duplicates,
                       vs_error *err)
{
    char *buf = NULL;
    size_t len = 0, pos, line = 0, dups = 0;
    vs_vocab *v;
    const char *nul;

    *out = NULL;
    if (duplicates)
        *duplicates = 0;
    if (vs_read_text_file(path, TK_FILE_MAX, &buf, &len, err) < 0)
        return -1;
    /* a NUL would cut its token short (and make it a false duplicate) */
    if ((nul = memchr(buf, '\0', len)) != NULL) {
        size_t at = (size_t)(nul - buf), ln = 1, i;
        for (i = 0; i < at; i++)
            ln += buf[i] == '\n';
        free(buf);
        return vs_fail(err, "%s: line %zu holds a NUL byte; a vocabulary is text, one token "
                            "a line", path, ln);
    }
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

/* ---- building a tokenizer ---- */

vs_tokenizer *tk_new(const char *kind, const char *source)
{
    vs_tokenizer *tk = xcalloc(1, sizeof *tk);
    int i;

    tk->impl = xcalloc(1, sizeof *tk->impl);
    tk->kind = kind;
    tk->source = source ? xstrdup(source) : NULL;
    for (i = 0; i < VS_TOK_NSPECIAL; i++)
        tk->special_id[i] = -1;
    tk->impl->model.unk = -1;
    memset(tk->impl->model.byte_id, 0xff, sizeof tk->impl->model.byte_id);
    return tk;
}

tk_norm *tk_add_norm(vs_tokenizer *tk, enum tk_norm_type type)
{
    struct vs_tokenizer_impl *t = tk->impl;
    tk_norm *nm;

    t->norm = xreallocarray(t->norm, t->nnorm + 1, sizeof *t->norm);
    nm = &t->norm[t->nnorm++];
    memset(nm, 0, sizeof *nm);
    nm->type = type;
    return nm;
}

tk_pre *tk_add_pre(vs_tokenizer *tk, enum tk_pre_type type)
{
    struct vs_tokenizer_impl *t = tk->impl;
    tk_pre *p;

    t->pre = xreallocarray(t->pre, t->npre + 1, sizeof *t->pre);
    p = &t->pre[t->npre++];
    memset(p, 0, sizeof *p);
    p->type = type;
    return p;
}

tk_added *tk_add_token(vs_tokenizer *tk, const char *content, size_t len,
                       int32_t id, int special)
{
    struct vs_tokenizer_impl *t = tk->impl;
    tk_added *a;

    t->added = xreallocarray(t->added, t->nadded + 1, sizeof *t->added);
    a = &t->added[t->nadded++];
    memset(a, 0, sizeof *a);
    a->content = xstrndup(content, len);
    a->len = len;
    a->id = id;
    a->special = (uint8_t)special;
    return a;
}

static tk_item *template_items(const int32_t *ids, const int *seq,
                               const uint8_t *type, size_t n)
{
    tk_item *it = xcalloc(n ? n : 1, sizeof *it);
    size_t i;

    for (i = 0; i < n; i++) {
        it[i].seq = seq[i];
        it[i].type = type[i];
        if (seq[i] < 0) {
            it[i].ids = xmalloc(sizeof *it[i].ids);
            it[i].ids[0] = ids[i];
            it[i].nids = 1;
        }
    }
    return it;
}

static void free_items(tk_item *it, size_t n)
{
    size_t i;

    for (i = 0; it != NULL && i < n; i++)
        free(it[i].ids);
    free(it);
}

void tk_set_template(vs_tokenizer *tk, int32_t start, int32_t end, int32_t mid,
                     uint8_t type_b)
{
    tk_post *p = &tk->impl->post;
    int32_t ids[8];
    int seq[8];
    uint8_t type[8];
    size_t n = 0;

#define ITEM(i, s, t) (ids[n] = (i), seq[n] = (s), type[n] = (t), n++)
    free_items(p->single, p->nsingle);
    free_items(p->pair, p->npair);
    if (start >= 0)
        ITEM(start, -1, 0);
    ITEM(-1, 0, 0);
    if (end >= 0)
        ITEM(end, -1, 0);
    p->single = template_items(ids, seq, type, n);
    p->nsingle = n;
    if (mid >= 0)
        ITEM(mid, -1, type_b);
    ITEM(-1, 1, type_b);
    if (end >= 0)
        ITEM(end, -1, type_b);
    p->pair = template_items(ids, seq, type, n);
    p->npair = n;
    p->have_template = 1;
#undef ITEM
}

int32_t tk_find(const vs_tokenizer *tk, const char *s)
{
    return (int32_t)vs_vocab_find(tk->impl->vocab, s, strlen(s));
}

void tk_model_find_bytes(tk_model *m)
{
    char name[8];
    int b;

    for (b = 0; b < 256; b++) {
        snprintf(name, sizeof name, "<0x%02X>", b);
        m->byte_id[b] = (int32_t)vs_vocab_find(m->vocab, name, 6);
    }
}

void tk_model_clear(tk_model *m)
{
    free(m->prefix);
    free(m->suffix);
    tk_pairmap_free(m->merges);
    tk_cache_free(m->cache);
    free(m->score);
    free(m->usable);
    free(m->user_defined);
    memset(m, 0, sizeof *m);
}

void tk_model_tokenize(const tk_model *m, const char *w, size_t n, tk_toks *out)
{
    switch (m->type) {
    case TK_M_WORDPIECE:
        tk_wordpiece_tokenize(m, w, n, out);
        break;
    case TK_M_BPE:
        tk_bpe_tokenize(m, w, n, out);
        break;
    case TK_M_UNIGRAM:
        tk_unigram_tokenize(m, w, n, out);
        break;
    }
}

static void run_norms(const vs_tokenizer *tk, tk_seq *q, tk_seq *tmp);

/* The name of a special token says its role. */
static void guess_role(vs_tokenizer *tk, const char *s, int32_t id)
{
    static const struct { const char *name; int role; } names[] = {
        {"[PAD]", VS_TOK_PAD}, {"<pad>", VS_TOK_PAD},
        {"[UNK]", VS_TOK_UNK}, {"<unk>", VS_TOK_UNK},
        {"[CLS]", VS_TOK_CLS}, {"[SEP]", VS_TOK_SEP},
        {"[MASK]", VS_TOK_MASK}, {"<mask>", VS_TOK_MASK},
        {"<s>", VS_TOK_BOS}, {"</s>", VS_TOK_EOS},
        {"<s>", VS_TOK_CLS}, {"</s>", VS_TOK_SEP},
    };
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0 && tk->special_id[names[i].role] < 0)
            tk->special_id[names[i].role] = id;
}

int tk_finish(vs_tokenizer *tk, vs_error *err)
{
    struct vs_tokenizer_impl *t = tk->impl;
    tk_seq q = {0}, tmp = {0};
    size_t i;

    (void)err;
    memset(t->added_first, 0, sizeof t->added_first);
    t->model.vocab = t->vocab;
    tk_model_find_bytes(&t->model);
    for (i = 0; i < t->nnorm; i++)
        if ((t->norm[i].type == TK_N_BERT && t->norm[i].lowercase) ||
            t->norm[i].type == TK_N_LOWERCASE)
            tk->do_lower_case = 1;
    /* what a normalized added token looks like after normalization */
    for (i = 0; i < t->nadded; i++) {
        tk_added *a = &t->added[i];
        free(a->match);
        a->match = NULL;
        a->match_len = 0;
        if (a->normalized && t->nnorm > 0) {
            size_t k;
            tk_seq_reset(&q);
            tk_buf_reserve(&q.buf, a->len);
            for (k = 0; k < a->len; k++) {
                q.buf.s[k] = a->content[k];
                q.buf.lo[k] = 0;
                q.buf.hi[k] = 1;
            }
            q.buf.n = a->len;
            tk_seq_push(&q, 0, (uint32_t)a->len, -1);
            run_norms(tk, &q, &tmp);
            if (q.nsp == 1) {
                a->match_len = q.sp[0].b - q.sp[0].a;
                a->match = xstrndup(q.buf.s + q.sp[0].a, a->match_len);
            }
        }
        if (a->match == NULL) {
            a->match = xstrndup(a->content, a->len);
            a->match_len = a->len;
        }
        if (a->match_len > 0)
            t->added_first[a->normalized != 0][(unsigned char)a->match[0]] = 1;
        if (a->special)
            guess_role(tk, a->content, a->id);
    }
    tk_seq_free(&q);
    tk_seq_free(&tmp);
    if (tk->special_id[VS_TOK_UNK] < 0)
        tk->special_id[VS_TOK_UNK] = t->model.unk;
    return 0;
}

void vs_tokenizer_free(vs_tokenizer *tk)
{
    struct vs_tokenizer_impl *t;
    size_t i;

    if (tk == NULL)
        return;
    t = tk->impl;
    for (i = 0; i < t->nadded; i++) {
        free(t->added[i].content);
        free(t->added[i].match);
    }
    free(t->added);
    for (i = 0; i < t->nnorm; i++)
        tk_norm_clear(&t->norm[i]);
    free(t->norm);
    for (i = 0; i < t->npre; i++)
        tk_pre_clear(&t->pre[i]);
    free(t->pre);
    tk_model_clear(&t->model);
    free_items(t->post.single, t->post.nsingle);
    free_items(t->post.pair, t->post.npair);
    if (!t->vocab_borrowed)
        vs_vocab_free(t->vocab);
    free(t);
    free(tk->source);
    free(tk);
}

/* ---- the stages ---- */

/* Every normalizer over the stretches of q (added tokens kept). */
static void run_norms(const vs_tokenizer *tk, tk_seq *q, tk_seq *tmp)
{
    const struct vs_tokenizer_impl *t = tk->impl;
    size_t i, k;

    for (i = 0; i < t->nnorm; i++) {
        tk_seq_reset(tmp);
        for (k = 0; k < q->nsp; k++) {
            uint32_t at = (uint32_t)tmp->buf.n;
            if (q->sp[k].id >= 0) {
                tk_seq_copy_split(tmp, q, k);
                continue;
            }
            tk_norm_apply(&t->norm[i], tk_seq_view(q, k), &tmp->buf);
            if (tmp->buf.n > at)
                tk_seq_push(tmp, at, (uint32_t)tmp->buf.n, -1);
        }
        { tk_seq sw = *q; *q = *tmp; *tmp = sw; }
    }
}

static int word_char_at_end(const char *s, size_t n)
{
    size_t p = n;

    if (n == 0)
        return 0;
    while (p > 0 && ((unsigned char)s[p - 1] & 0xC0) == 0x80)
        p--;
    if (p > 0)
        p--;
    {
        int32_t c = tk_next_char(s, n, &p);
        return c == '_' || tk_is_alnum(c);
    }
}

static int word_char_at_start(const char *s, size_t n)
{
    size_t p = 0;
    int32_t c;

    if (n == 0)
        return 0;
    c = tk_next_char(s, n, &p);
    return c == '_' || tk_is_alnum(c);
}

/* Cuts the added tokens matched on (normalized ? normalized : raw) text out
 * of the stretches of q. */
static void cut_added(const vs_tokenizer *tk, int normalized, tk_seq *q,
                      tk_seq *tmp)
{
    const struct vs_tokenizer_impl *t = tk->impl;
    size_t k, i, any = 0;

    for (i = 0; i < t->nadded; i++)
        if (t->added[i].normalized == normalized && t->added[i].match_len > 0)
            any = 1;
    if (!any)
        return;
    tk_seq_reset(tmp);
    for (k = 0; k < q->nsp; k++) {
        tk_view v;
        size_t pos = 0, from = 0;
        if (q->sp[k].id >= 0) {
            tk_seq_copy_split(tmp, q, k);
            continue;
        }
        v = tk_seq_view(q, k);
        while (pos < v.n) {
            const tk_added *best = NULL;
            size_t start = pos, stop;
            uint32_t at;
            if (!t->added_first[normalized != 0][(unsigned char)v.s[pos]]) {
                pos++;
                continue;
            }
            for (i = 0; i < t->nadded; i++) {
                const tk_added *a = &t->added[i];
                if (a->normalized != normalized || a->match_len == 0 ||
                    a->match[0] != v.s[pos] || a->match_len > v.n - pos ||
                    memcmp(a->match, v.s + pos, a->match_len) != 0)
                    continue;
                if (best == NULL || a->match_len > best->match_len)
                    best = a;
            }
            if (best == NULL) {
                pos++;
                continue;
            }
            stop = pos + best->match_len;
            pos = stop;
            if (best->single_word &&
                (word_char_at_end(v.s, start) ||
                 word_char_at_start(v.s + stop, v.n - stop)))
                continue;
            if (best->lstrip)
                while (start > from) {
                    size_t c0 = start - 1, p2;
                    while (c0 > from && ((unsigned char)v.s[c0] & 0xC0) == 0x80)
                        c0--;
                    p2 = c0;
                    if (!tk_is_whitespace(tk_next_char(v.s, v.n, &p2)))
                        break;
                    start = c0;
                }
            if (best->rstrip)
                while (stop < v.n) {
                    size_t p2 = stop;
                    if (!tk_is_whitespace(tk_next_char(v.s, v.n, &p2)))
                        break;
                    stop = p2;
                }
            if (start > from) {
                at = (uint32_t)tmp->buf.n;
                tk_buf_copy(&tmp->buf, tk_view_sub(v, from, start));
                tk_seq_push(tmp, at, (uint32_t)tmp->buf.n, -1);
            }
            at = (uint32_t)tmp->buf.n;
            tk_buf_copy(&tmp->buf, tk_view_sub(v, start, stop));
            tk_seq_push(tmp, at, (uint32_t)tmp->buf.n, best->id);
            from = pos = stop;
        }
        if (v.n > from) {
            uint32_t at = (uint32_t)tmp->buf.n;
            tk_buf_copy(&tmp->buf, tk_view_sub(v, from, v.n));
            tk_seq_push(tmp, at, (uint32_t)tmp->buf.n, -1);
        }
    }
    { tk_seq sw = *q; *q = *tmp; *tmp = sw; }
}

static void run_pre(const vs_tokenizer *tk, tk_seq *q, tk_seq *tmp)
{
    const struct vs_tokenizer_impl *t = tk->impl;
    size_t i, k;

    for (i = 0; i < t->npre; i++) {
        tk_seq_reset(tmp);
        for (k = 0; k < q->nsp; k++) {
            tk_view v;
            if (q->sp[k].id >= 0) {
                tk_seq_copy_split(tmp, q, k);
                continue;
            }
            v = tk_seq_view(q, k);
            tk_pre_apply(&t->pre[i], v, v.n > 0 && v.lo[0] == 0, tmp);
        }
        { tk_seq sw = *q; *q = *tmp; *tmp = sw; }
    }
}

/* Spaces (Ġ or white space) at the start / end of s[0..n). */
static void piece_spaces(const char *s, size_t n, size_t *lead, size_t *trail)
{
    size_t pos = 0, k = 0, last = 0;
    int32_t c;

    *lead = *trail = 0;
    while (pos < n) {
        c = tk_next_char(s, n, &pos);
        if (c != 0x120 && !tk_is_whitespace(c))
            break;
        (*lead)++;
    }
    pos = 0;
    while (pos < n) {
        c = tk_next_char(s, n, &pos);
        k++;
        if (c != 0x120 && !tk_is_whitespace(c))
            last = k;
    }
    *trail = k - last;
    if (last == 0)
        *trail = k;
}

/* ByteLevel's trim_offsets: the spaces at the ends of the token's text
 * s[0..n) (a piece, or the text an added token took) are not part of its
 * offsets, but for a prefix space the pre-tokenizer added. */
static void trim_span(const vs_tokenizer *tk, const char *s, size_t n,
                      int is_first, uint32_t *start, uint32_t *end)
{
    size_t lead, trail;

    piece_spaces(s, n, &lead, &trail);
    if (lead > 0) {
        if (is_first && tk->impl->post.trim_prefix_space && lead == 1)
            lead = 0;
        *start = *start + (uint32_t)lead < *end ? *start + (uint32_t)lead : *end;
    }
    if (trail > 0 && *end >= trail)
        *end = *end - (uint32_t)trail > *start ? *end - (uint32_t)trail : *start;
}

int vs_tokenizer_tokenize(const vs_tokenizer *tk, const char *text, size_t len,
                          uint8_t type, uint32_t base, vs_tokens *out,
                          vs_error *err)
{
    const struct vs_tokenizer_impl *t = tk->impl;
    tk_seq q = {0}, tmp = {0};
    tk_toks toks = {0};
    char *fixed = NULL;
    size_t pos = 0, k, i, first = out->n;

    if (len > UINT32_MAX / 2)
        return vs_fail(err, "the text has %zu bytes; the tokenizer takes at "
                       "most %u", len, UINT32_MAX / 2);
    if (vs_utf8_valid_prefix(text, len) < len) {
        /* invalid bytes read as U+FFFD; offsets count in the repaired text */
        fixed = xmalloc(3 * len + 1);
        len = vs_utf8_repair(text, len, fixed, 1);
        text = fixed;
    }
    /* the text, each byte aligned to its character */
    tk_buf_reserve(&q.buf, len);
    if (len > 0)
        memcpy(q.buf.s, text, len);
    while (pos < len) {
        size_t at = pos;
        tk_next_char(text, len, &pos);
        for (k = at; k < pos; k++) {
            q.buf.lo[k] = (uint32_t)at;
            q.buf.hi[k] = (uint32_t)pos;
        }
    }
    q.buf.n = len;
    if (len > 0)
        tk_seq_push(&q, 0, (uint32_t)len, -1);
    cut_added(tk, 0, &q, &tmp);
    run_norms(tk, &q, &tmp);
    cut_added(tk, 1, &q, &tmp);
    run_pre(tk, &q, &tmp);
    for (k = 0; k < q.nsp; k++) {
        tk_view v = tk_seq_view(&q, k);
        int32_t word = out->nwords++;
        uint32_t s0, e0;
        if (q.sp[k].id >= 0) {
            s0 = v.lo[0];
            e0 = v.hi[v.n - 1];
            if (t->post.trim_offsets)
                trim_span(tk, v.s, v.n, out->n == first || s0 == 0, &s0, &e0);
            vs_tokens_push_span(out, q.sp[k].id, word, type, base + s0, base + e0);
            continue;
        }
        toks.n = 0;
        tk_model_tokenize(&t->model, v.s, v.n, &toks);
        for (i = 0; i < toks.n; i++) {
            s0 = v.lo[toks.v[i].a];
            e0 = v.hi[toks.v[i].b - 1];
            if (t->post.trim_offsets) {
                const char *piece = vs_tokenizer_token(tk, toks.v[i].id);
                trim_span(tk, piece, strlen(piece), out->n == first || s0 == 0,
                          &s0, &e0);
            }
            vs_tokens_push_span(out, toks.v[i].id, word, type, base + s0, base + e0);
        }
    }
    free(toks.v);
    tk_seq_free(&q);
    tk_seq_free(&tmp);
    free(fixed);
    return 0;
}

int vs_tokenizer_encode(const vs_tokenizer *tk, const char *a, size_t alen,
                        const char *b, size_t blen, uint32_t b_base,
                        vs_tokens *out, vs_error *err)
{
    const tk_post *p = &tk->impl->post;
    const tk_item *it = b ? p->pair : p->single;
    size_t n = b ? p->npair : p->nsingle, i, k;

    out->n = 0;
    out->nwords = 0;
    if (!p->have_template) {
        if (vs_tokenizer_tokenize(tk, a, alen, 0, 0, out, err) < 0)
            return -1;
        return b ? vs_tokenizer_tokenize(tk, b, blen, 1, b_base, out, err) : 0;
    }
    for (i = 0; i < n; i++) {
        if (it[i].seq < 0) {
            for (k = 0; k < it[i].nids; k++)
                vs_tokens_push(out, it[i].ids[k], -1, it[i].type);
        } else if (it[i].seq == 0) {
            if (vs_tokenizer_tokenize(tk, a, alen, it[i].type, 0, out, err) < 0)
                return -1;
        } else if (vs_tokenizer_tokenize(tk, b, blen, it[i].type, b_base, out,
                                         err) < 0)
            return -1;
    }
    return 0;
}

int vs_tokenizer_encode_text(const vs_tokenizer *tk, const char *text,
                             vs_tokens *out, vs_error *err)
{
    const char *bar = strstr(text, "|||");
    size_t alen, bstart;

    if (bar == NULL)
        return vs_tokenizer_encode(tk, text, strlen(text), NULL, 0, 0, out, err);
    alen = (size_t)(bar - text);
    while (alen > 0 && (text[alen - 1] == ' ' || text[alen - 1] == '\t'))
        alen--;
    bstart = (size_t)(bar - text) + 3;
    while (text[bstart] == ' ' || text[bstart] == '\t')
        bstart++;
    return vs_tokenizer_encode(tk, text, alen, text + bstart,
                               strlen(text + bstart), (uint32_t)bstart, out, err);
}

const char *vs_tokenizer_token(const vs_tokenizer *tk, int32_t id)
{
    const vs_vocab *v = tk->impl->vocab;

    if (id < 0 || (size_t)id >= v->n)
        return "";
    return vs_vocab_word(v, (size_t)id);
}

int32_t vs_tokenizer_id(const vs_tokenizer *tk, const char *piece)
{
    return tk_find(tk, piece);
}

const vs_vocab *vs_tokenizer_vocab(const vs_tokenizer *tk)
{
    return tk->impl->vocab;
}

size_t vs_tokenizer_size(const vs_tokenizer *tk)
{
    return tk->impl->vocab->n;
}

/* ---- BERT's tokenizer from vocab.txt ---- */

vs_tokenizer *vs_tokenizer_from_wordpiece(const vs_wordpiece *wp)
{
    vs_tokenizer *tk = tk_new("WordPiece", NULL);
    struct vs_tokenizer_impl *t = tk->impl;
    tk_norm *nm;
    vs_error err;
    int i;

    t->vocab = (vs_vocab *)wp->vocab;
    t->vocab_borrowed = 1;
    nm = tk_add_norm(tk, TK_N_BERT);
    nm->clean = 1;
    nm->cjk = wp->split_cjk;
    nm->strip_accents = wp->strip_accents;
    nm->lowercase = wp->do_lower_case;
    nm->python_lower = 1;
    tk_add_pre(tk, TK_P_BERT);
    t->model.type = TK_M_WORDPIECE;
    t->model.unk = wp->special_id[VS_TOK_UNK];
    t->model.prefix = xstrdup("##");
    t->model.prefix_len = 2;
    t->model.max_chars = wp->max_chars;
    /* the special tokens stay whole; one the vocabulary lacks reads as
     * [UNK] */
    for (i = 0; i < VS_TOK_NSPECIAL; i++) {
        int32_t id = wp->special_id[i] >= 0 ? wp->special_id[i]
                                            : wp->special_id[VS_TOK_UNK];
        if (wp->special[i] != NULL && wp->special[i][0] != '\0')
            tk_add_token(tk, wp->special[i], strlen(wp->special[i]), id, 1);
        tk->special_id[i] = wp->special_id[i];
    }
    tk_set_template(tk, wp->special_id[VS_TOK_CLS], wp->special_id[VS_TOK_SEP],
                    -1, 1);
    tk_finish(tk, &err);
    return tk;
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
        wp->special[i] = special_default[i] ? xstrdup(special_default[i]) : NULL;
    if (config != NULL && read_config(wp, config, err) < 0) {
        vs_wordpiece_free(wp);
        return -1;
    }
    for (i = 0; i < VS_TOK_NSPECIAL; i++) {
        long id = wp->special[i] == NULL ? -1
                  : vs_vocab_find(vocab, wp->special[i], strlen(wp->special[i]));
        if (id < 0 && (i == VS_TOK_UNK || i == VS_TOK_CLS || i == VS_TOK_SEP)) {
            if (config != NULL && strcmp(wp->special[i], special_default[i]) != 0)
                /* the config named it: the config is what to fix */
                vs_fail(err, "%s: %s \"%s\" is not in the vocabulary (vocab.txt); name a token "
                             "that is (BERT's is \"%s\")",
                        config, special_key[i], wp->special[i], special_default[i]);
            else
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

int vs_wordpiece_tokenize(const vs_wordpiece *wp, const char *text, size_t len,
                          uint8_t type, vs_tokens *out, vs_error *err)
{
    vs_tokenizer *tk = vs_tokenizer_from_wordpiece(wp);
    int rc = vs_tokenizer_tokenize(tk, text, len, type, 0, out, err);

    vs_tokenizer_free(tk);
    return rc;
}

int vs_wordpiece_encode(const vs_wordpiece *wp, const char *a, size_t alen,
                        const char *b, size_t blen, vs_tokens *out,
                        vs_error *err)
{
    vs_tokenizer *tk = vs_tokenizer_from_wordpiece(wp);
    int rc = vs_tokenizer_encode(tk, a, alen, b, blen, 0, out, err);

    vs_tokenizer_free(tk);
    return rc;
}

int vs_wordpiece_encode_text(const vs_wordpiece *wp, const char *text,
                             vs_tokens *out, vs_error *err)
{
    vs_tokenizer *tk = vs_tokenizer_from_wordpiece(wp);
    int rc = vs_tokenizer_encode_text(tk, text, out, err);

    vs_tokenizer_free(tk);
    return rc;
}
