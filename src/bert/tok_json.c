/*
 * tok_json.c - reads tokenizer.json, the file of Hugging Face's tokenizers
 * library (FORMATS.md section 10), into the pipeline of tok_impl.h.
 *
 *   { "version": "1.0", "truncation": ..., "padding": ...,
 *     "added_tokens": [ {id, content, single_word, lstrip, rstrip,
 *                        normalized, special}, ... ],
 *     "normalizer": {"type": ...} | null,
 *     "pre_tokenizer": {"type": ...} | null,
 *     "post_processor": {"type": ...} | null,
 *     "decoder": ...,
 *     "model": {"type": "WordPiece" | "BPE" | "Unigram", "vocab": ...} }
 *
 * Every component is tagged by "type"; Sequence components are flattened
 * into the list of stages. A component or option this reader does not
 * implement is an error naming it, never ignored: a tokenizer that differs
 * from its file would give the encoder ids it was not trained on.
 * Truncation and padding shape batches, not pieces (an encoder refuses a
 * text longer than its positions instead), and the decoder turns ids back
 * into text: none of them is read.
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../readfile.h"
#include "../xalloc.h"
#include "tok_impl.h"

#define MAX_ID (1 << 26)   /* ids above this are refused: no real vocabulary
                              comes near, and the table is sized by them */

typedef struct reader {
    const char *name;   /* the file, for messages */
    vs_tokenizer *tk;
    vs_error *err;
    int byte_level;     /* a ByteLevel pre-tokenizer was seen */
} reader;

static int fail_at(reader *r, const char *what, const char *fmt, const char *arg)
{
    char msg[512];

    snprintf(msg, sizeof msg, fmt, arg);
    return vs_fail(r->err, "%s: %s: %s", r->name, what, msg);
}

static const char *type_of(json_t *o)
{
    json_t *t = json_object_get(o, "type");

    return json_is_string(t) ? json_string_value(t) : NULL;
}

/* A boolean option: absent or null gives def. */
static int get_bool(reader *r, json_t *o, const char *key, int def, int *out)
{
    json_t *v = json_object_get(o, key);

    if (v == NULL || json_is_null(v)) {
        *out = def;
        return 0;
    }
    if (!json_is_boolean(v))
        return fail_at(r, key, "should be true or false, not %s",
                       json_is_string(v) ? json_string_value(v) : "that");
    *out = json_is_true(v);
    return 0;
}

/* A string option, or NULL when absent or null. */
static int get_str(reader *r, json_t *o, const char *key, const char **out)
{
    json_t *v = json_object_get(o, key);

    *out = NULL;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return fail_at(r, key, "%s", "should be a string");
    *out = json_string_value(v);
    return 0;
}

/* {"String": s} or {"Regex": r} into a compiled pattern. */
static int get_pattern(reader *r, json_t *o, tk_regex **re)
{
    json_t *p = json_object_get(o, "pattern"), *s;
    int literal = 1;

    s = json_object_get(p, "String");
    if (s == NULL) {
        s = json_object_get(p, "Regex");
        literal = 0;
    }
    if (!json_is_string(s))
        return fail_at(r, "pattern", "%s",
                       "should be {\"String\": ...} or {\"Regex\": ...}");
    if (tk_regex_new(json_string_value(s), json_string_length(s), literal, re,
                     r->err) < 0)
        return vs_fail_prefix(r->err, "%s", r->name);
    return 0;
}

/* ---- base64 (Precompiled's precompiled_charsmap) ---- */

static int b64(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

static unsigned char *unbase64(const char *s, size_t n, size_t *len)
{
    unsigned char *out = xmalloc(n / 4 * 3 + 3);
    uint32_t acc = 0;
    size_t i, k = 0;
    int bits = 0;

    for (i = 0; i < n && s[i] != '='; i++) {
        int v = b64((unsigned char)s[i]);
        if (v < 0) {
            free(out);
            return NULL;
        }
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[k++] = (unsigned char)(acc >> bits);
        }
    }
    *len = k;
    return out;
}

/* ---- normalizers ---- */

static int read_norm(reader *r, json_t *o, int depth)
{
    const char *t = type_of(o);
    vs_tokenizer *tk = r->tk;
    tk_norm *nm;

    if (json_is_null(o))
        return 0;
    if (t == NULL)
        return vs_fail(r->err, "%s: a normalizer without a \"type\"", r->name);
    if (strcmp(t, "Sequence") == 0) {
        json_t *list = json_object_get(o, "normalizers"), *x;
        size_t i;
        if (!json_is_array(list) || depth > 8)
            return fail_at(r, "normalizer Sequence", "%s",
                           "\"normalizers\" should be a list (nested at most 8 deep)");
        json_array_foreach(list, i, x) if (read_norm(r, x, depth + 1) < 0) return -1;
        return 0;
    }
    if (strcmp(t, "BertNormalizer") == 0) {
        json_t *sa = json_object_get(o, "strip_accents");
        nm = tk_add_norm(tk, TK_N_BERT);
        if (get_bool(r, o, "clean_text", 1, &nm->clean) < 0 ||
            get_bool(r, o, "handle_chinese_chars", 1, &nm->cjk) < 0 ||
            get_bool(r, o, "lowercase", 1, &nm->lowercase) < 0)
            return -1;
        if (sa == NULL || json_is_null(sa))
            nm->strip_accents = -1;
        else if (get_bool(r, o, "strip_accents", 0, &nm->strip_accents) < 0)
            return -1;
        return 0;
    }
    if (strcmp(t, "Lowercase") == 0)
        nm = tk_add_norm(tk, TK_N_LOWERCASE);
    else if (strcmp(t, "StripAccents") == 0)
        nm = tk_add_norm(tk, TK_N_STRIP_ACCENTS);
    else if (strcmp(t, "NFC") == 0)
        nm = tk_add_norm(tk, TK_N_NFC);
    else if (strcmp(t, "NFD") == 0)
        nm = tk_add_norm(tk, TK_N_NFD);
    else if (strcmp(t, "NFKC") == 0)
        nm = tk_add_norm(tk, TK_N_NFKC);
    else if (strcmp(t, "NFKD") == 0)
        nm = tk_add_norm(tk, TK_N_NFKD);
    else if (strcmp(t, "Nmt") == 0)
        nm = tk_add_norm(tk, TK_N_NMT);
    else if (strcmp(t, "Strip") == 0) {
        nm = tk_add_norm(tk, TK_N_STRIP);
        if (get_bool(r, o, "strip_left", 1, &nm->left) < 0 ||
            get_bool(r, o, "strip_right", 1, &nm->right) < 0)
            return -1;
    } else if (strcmp(t, "Replace") == 0 || strcmp(t, "Prepend") == 0) {
        const char *content;
        int rep = t[0] == 'R';
        nm = tk_add_norm(tk, rep ? TK_N_REPLACE : TK_N_PREPEND);
        if (get_str(r, o, rep ? "content" : "prepend", &content) < 0)
            return -1;
        if (content == NULL)
            return fail_at(r, t, "%s", rep ? "no \"content\"" : "no \"prepend\"");
        nm->content = xstrdup(content);
        nm->content_len = strlen(content);
        if (rep && get_pattern(r, o, &nm->re) < 0)
            return -1;
    } else if (strcmp(t, "Precompiled") == 0) {
        const char *map;
        unsigned char *blob;
        size_t len;
        if (get_str(r, o, "precompiled_charsmap", &map) < 0)
            return -1;
        if (map == NULL || map[0] == '\0')
            return 0;   /* an empty map changes nothing */
        blob = unbase64(map, strlen(map), &len);
        if (blob == NULL)
            return fail_at(r, "Precompiled", "%s",
                           "precompiled_charsmap is not base64");
        nm = tk_add_norm(tk, TK_N_PRECOMPILED);
        if (tk_charsmap_new(blob, len, &nm->map, r->err) < 0) {
            free(blob);
            return vs_fail_prefix(r->err, "%s: Precompiled", r->name);
        }
        free(blob);
    } else
        return vs_fail(r->err, "%s: normalizer type %s is not supported "
                       "(vecscope reads BertNormalizer, Lowercase, StripAccents, "
                       "NFC, NFD, NFKC, NFKD, Nmt, Strip, Replace, Prepend, "
                       "Precompiled, Sequence)", r->name, t);
    (void)nm;
    return 0;
}

/* ---- pre-tokenizers ---- */

static int get_behavior(reader *r, json_t *o, enum tk_behavior def,
                        enum tk_behavior *out)
{
    static const char *const names[] = {"Removed", "Isolated", "MergedWithPrevious",
                                        "MergedWithNext", "Contiguous"};
    const char *s;
    int i;

    if (get_str(r, o, "behavior", &s) < 0)
        return -1;
    *out = def;
    if (s == NULL)
        return 0;
    for (i = 0; i < 5; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (enum tk_behavior)i;
            return 0;
        }
    return fail_at(r, "behavior", "%s is not one of Removed, Isolated, "
                   "MergedWithPrevious, MergedWithNext, Contiguous", s);
}

static int read_pre(reader *r, json_t *o, int depth)
{
    const char *t = type_of(o);
    vs_tokenizer *tk = r->tk;
    tk_pre *p;

    if (json_is_null(o))
        return 0;
    if (t == NULL)
        return vs_fail(r->err, "%s: a pre-tokenizer without a \"type\"", r->name);
    if (strcmp(t, "Sequence") == 0) {
        json_t *list = json_object_get(o, "pretokenizers"), *x;
        size_t i;
        if (!json_is_array(list) || depth > 8)
            return fail_at(r, "pre-tokenizer Sequence", "%s",
                           "\"pretokenizers\" should be a list (nested at most 8 deep)");
        json_array_foreach(list, i, x) if (read_pre(r, x, depth + 1) < 0) return -1;
        return 0;
    }
    if (strcmp(t, "BertPreTokenizer") == 0)
        tk_add_pre(tk, TK_P_BERT);
    else if (strcmp(t, "ByteLevel") == 0) {
        p = tk_add_pre(tk, TK_P_BYTELEVEL);
        r->byte_level = 1;
        if (get_bool(r, o, "add_prefix_space", 1, &p->add_prefix_space) < 0 ||
            get_bool(r, o, "use_regex", 1, &p->use_regex) < 0)
            return -1;
        if (p->use_regex &&
            tk_regex_new(tk_gpt2_pattern, strlen(tk_gpt2_pattern), 0, &p->re,
                         r->err) < 0)
            return -1;
    } else if (strcmp(t, "Metaspace") == 0) {
        const char *rep, *scheme;
        int legacy;
        p = tk_add_pre(tk, TK_P_METASPACE);
        if (get_str(r, o, "replacement", &rep) < 0 ||
            get_str(r, o, "prepend_scheme", &scheme) < 0 ||
            get_bool(r, o, "split", 1, &p->split) < 0 ||
            get_bool(r, o, "add_prefix_space", 1, &legacy) < 0)
            return -1;
        p->replacement = xstrdup(rep ? rep : "\xe2\x96\x81");
        p->replacement_len = strlen(p->replacement);
        if (p->replacement_len == 0)
            return fail_at(r, "Metaspace", "%s", "the replacement is empty");
        if (scheme == NULL)
            p->prepend = legacy ? TK_PREPEND_ALWAYS : TK_PREPEND_NEVER;
        else if (strcmp(scheme, "always") == 0)
            p->prepend = TK_PREPEND_ALWAYS;
        else if (strcmp(scheme, "first") == 0)
            p->prepend = TK_PREPEND_FIRST;
        else if (strcmp(scheme, "never") == 0)
            p->prepend = TK_PREPEND_NEVER;
        else
            return fail_at(r, "Metaspace", "prepend_scheme %s is not always, "
                           "first or never", scheme);
    } else if (strcmp(t, "Whitespace") == 0) {
        static const char w[] =
            "[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\x{200C}\\x{200D}]+"
            "|[^\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\x{200C}\\x{200D}\\s]+";
        p = tk_add_pre(tk, TK_P_WHITESPACE);
        if (tk_regex_new(w, strlen(w), 0, &p->re, r->err) < 0)
            return -1;
    } else if (strcmp(t, "WhitespaceSplit") == 0)
        tk_add_pre(tk, TK_P_WHITESPACE_SPLIT);
    else if (strcmp(t, "Punctuation") == 0) {
        p = tk_add_pre(tk, TK_P_PUNCTUATION);
        if (get_behavior(r, o, TK_ISOLATED, &p->behavior) < 0)
            return -1;
    } else if (strcmp(t, "Digits") == 0) {
        p = tk_add_pre(tk, TK_P_DIGITS);
        if (get_bool(r, o, "individual_digits", 0, &p->individual_digits) < 0)
            return -1;
    } else if (strcmp(t, "Split") == 0) {
        p = tk_add_pre(tk, TK_P_SPLIT);
        if (get_behavior(r, o, TK_REMOVED, &p->behavior) < 0 ||
            get_bool(r, o, "invert", 0, &p->invert) < 0 ||
            get_pattern(r, o, &p->re) < 0)
            return -1;
    } else
        return vs_fail(r->err, "%s: pre-tokenizer type %s is not supported "
                       "(vecscope reads BertPreTokenizer, ByteLevel, Metaspace, "
                       "Whitespace, WhitespaceSplit, Punctuation, Digits, Split, "
                       "Sequence)", r->name, t);
    return 0;
}

/* ---- post-processors ---- */

/* ["token", id] */
static int get_pair(reader *r, json_t *o, const char *key, int32_t *id)
{
    json_t *v = json_object_get(o, key), *i;

    i = json_array_get(v, 1);
    if (!json_is_array(v) || !json_is_string(json_array_get(v, 0)) ||
        !json_is_integer(i) || json_integer_value(i) < 0 ||
        json_integer_value(i) >= MAX_ID)
        return fail_at(r, key, "%s", "should be [\"token\", id]");
    *id = (int32_t)json_integer_value(i);
    return 0;
}

static int read_items(reader *r, json_t *list, json_t *specials, tk_item **out,
                      size_t *n)
{
    json_t *x;
    size_t i, k;

    if (!json_is_array(list))
        return fail_at(r, "TemplateProcessing", "%s",
                       "single and pair should be lists");
    *n = json_array_size(list);
    *out = xcalloc(*n ? *n : 1, sizeof **out);
    json_array_foreach(list, i, x) {
        json_t *sp = json_object_get(x, "SpecialToken");
        json_t *sq = json_object_get(x, "Sequence");
        json_t *body = sp ? sp : sq, *id, *ty;
        tk_item *it = &(*out)[i];
        id = json_object_get(body, "id");
        ty = json_object_get(body, "type_id");
        if (!json_is_string(id) || (ty != NULL && !json_is_integer(ty)))
            return fail_at(r, "TemplateProcessing", "%s",
                           "each piece should be {\"SpecialToken\": {id, type_id}} "
                           "or {\"Sequence\": {id, type_id}}");
        it->type = (uint8_t)(ty ? json_integer_value(ty) & 0xff : 0);
        if (sq != NULL) {
            const char *s = json_string_value(id);
            if (strcmp(s, "A") != 0 && strcmp(s, "B") != 0)
                return fail_at(r, "TemplateProcessing", "sequence %s is not A or B", s);
            it->seq = s[0] == 'B';
        } else {
            json_t *def = json_object_get(json_object_get(specials, json_string_value(id)),
                                          "ids");
            it->seq = -1;
            if (!json_is_array(def))
                return fail_at(r, "TemplateProcessing", "the special token %s has "
                               "no entry with ids in special_tokens",
                               json_string_value(id));
            it->nids = json_array_size(def);
            it->ids = xcalloc(it->nids ? it->nids : 1, sizeof *it->ids);
            for (k = 0; k < it->nids; k++) {
                json_t *v = json_array_get(def, k);
                if (!json_is_integer(v) || json_integer_value(v) < 0 ||
                    json_integer_value(v) >= MAX_ID)
                    return fail_at(r, "TemplateProcessing", "an id of %s is not a "
                                   "valid id", json_string_value(id));
                it->ids[k] = (int32_t)json_integer_value(v);
            }
        }
    }
    return 0;
}

static int read_post(reader *r, json_t *o, int depth)
{
    const char *t = type_of(o);
    vs_tokenizer *tk = r->tk;
    tk_post *p = &tk->impl->post;

    if (json_is_null(o))
        return 0;
    if (t == NULL)
        return vs_fail(r->err, "%s: a post-processor without a \"type\"", r->name);
    if (strcmp(t, "Sequence") == 0) {
        json_t *list = json_object_get(o, "processors"), *x;
        size_t i;
        if (!json_is_array(list) || depth > 8)
            return fail_at(r, "post-processor Sequence", "%s",
                           "\"processors\" should be a list (nested at most 8 deep)");
        json_array_foreach(list, i, x) if (read_post(r, x, depth + 1) < 0) return -1;
        return 0;
    }
    if (strcmp(t, "BertProcessing") == 0 || strcmp(t, "RobertaProcessing") == 0) {
        int32_t cls, sep;
        int roberta = t[0] == 'R';
        if (p->have_template)
            return fail_at(r, t, "%s", "a second template in one Sequence");
        if (get_pair(r, o, "cls", &cls) < 0 || get_pair(r, o, "sep", &sep) < 0)
            return -1;
        tk_set_template(tk, cls, sep, roberta ? sep : -1, roberta ? 0 : 1);
        tk->special_id[VS_TOK_CLS] = cls;
        tk->special_id[VS_TOK_SEP] = sep;
        if (roberta) {
            tk->special_id[VS_TOK_BOS] = cls;
            tk->special_id[VS_TOK_EOS] = sep;
            if (get_bool(r, o, "trim_offsets", 1, &p->trim_offsets) < 0 ||
                get_bool(r, o, "add_prefix_space", 1, &p->trim_prefix_space) < 0)
                return -1;
        }
        return 0;
    }
    if (strcmp(t, "TemplateProcessing") == 0) {
        json_t *specials = json_object_get(o, "special_tokens");
        if (p->have_template)
            return fail_at(r, t, "%s", "a second template in one Sequence");
        if (read_items(r, json_object_get(o, "single"), specials, &p->single,
                       &p->nsingle) < 0 ||
            read_items(r, json_object_get(o, "pair"), specials, &p->pair,
                       &p->npair) < 0)
            return -1;
        p->have_template = 1;
        /* the specials before and after A name CLS and SEP */
        if (p->nsingle > 0 && p->single[0].seq < 0 && p->single[0].nids == 1)
            tk->special_id[VS_TOK_CLS] = p->single[0].ids[0];
        if (p->nsingle > 0 && p->single[p->nsingle - 1].seq < 0 &&
            p->single[p->nsingle - 1].nids == 1)
            tk->special_id[VS_TOK_SEP] = p->single[p->nsingle - 1].ids[0];
        return 0;
    }
    if (strcmp(t, "ByteLevel") == 0) {
        int trim;
        if (get_bool(r, o, "trim_offsets", 1, &trim) < 0 ||
            get_bool(r, o, "add_prefix_space", 1, &p->trim_prefix_space) < 0)
            return -1;
        p->trim_offsets |= trim;
        return 0;
    }
    return vs_fail(r->err, "%s: post-processor type %s is not supported "
                   "(vecscope reads BertProcessing, RobertaProcessing, "
                   "TemplateProcessing, ByteLevel, Sequence)", r->name, t);
}

/* ---- the model and the vocabulary ---- */

typedef struct idnames {
    const char **s;   /* by id, NULL: unused */
    size_t n;
} idnames;

static int name_id(reader *r, idnames *v, json_int_t id, const char *s)
{
    if (id < 0 || id >= MAX_ID)
        return vs_fail(r->err, "%s: the id %lld of '%.60s' is out of range "
                       "(0 to %d)", r->name, (long long)id, s, MAX_ID - 1);
    if ((size_t)id >= v->n) {
        size_t k, nn = (size_t)id + 1;
        v->s = xreallocarray(v->s, nn, sizeof *v->s);
        for (k = v->n; k < nn; k++)
            v->s[k] = NULL;
        v->n = nn;
    }
    if (v->s[id] == NULL)
        v->s[id] = s;
    return 0;
}

static void build_vocab(vs_tokenizer *tk, idnames *v)
{
    vs_vocab *voc = vs_vocab_new(v->n);
    size_t i;

    for (i = 0; i < v->n; i++) {
        if (v->s[i] == NULL || vs_vocab_add(voc, v->s[i], strlen(v->s[i]), NULL) < 0) {
            char ph[48];
            int k = snprintf(ph, sizeof ph, "[unused-id-%zu]", i);
            vs_vocab_add(voc, ph, (size_t)k, NULL);
        }
    }
    tk->impl->vocab = voc;
}

static int read_model_vocab(reader *r, json_t *model, const char *t, idnames *v)
{
    json_t *vocab = json_object_get(model, "vocab"), *x;
    const char *key;
    size_t i;

    if (strcmp(t, "Unigram") == 0) {
        if (!json_is_array(vocab))
            return fail_at(r, "Unigram", "%s", "vocab should be [[piece, score], ...]");
        json_array_foreach(vocab, i, x) {
            json_t *p = json_array_get(x, 0), *s = json_array_get(x, 1);
            if (!json_is_string(p) || !json_is_number(s))
                return fail_at(r, "Unigram", "%s",
                               "vocab should be [[piece, score], ...]");
            if (name_id(r, v, (json_int_t)i, json_string_value(p)) < 0)
                return -1;
        }
        return 0;
    }
    if (!json_is_object(vocab))
        return fail_at(r, t, "%s", "vocab should be an object {piece: id}");
    json_object_foreach(vocab, key, x) {
        if (!json_is_integer(x))
            return fail_at(r, t, "the id of '%.60s' is not an integer", key);
        if (name_id(r, v, json_integer_value(x), key) < 0)
            return -1;
    }
    return 0;
}

static int32_t id_of(const vs_tokenizer *tk, const char *s)
{
    return s ? tk_find(tk, s) : -1;
}

/* "a b" or ["a", "b"] */
static int merge_parts(json_t *m, const char **a, size_t *alen, const char **b,
                       size_t *blen)
{
    if (json_is_string(m)) {
        const char *s = json_string_value(m), *sp = strchr(s, ' ');
        if (sp == NULL || strchr(sp + 1, ' ') != NULL)
            return -1;
        *a = s;
        *alen = (size_t)(sp - s);
        *b = sp + 1;
        *blen = strlen(sp + 1);
        return 0;
    }
    if (json_is_array(m) && json_array_size(m) == 2 &&
        json_is_string(json_array_get(m, 0)) && json_is_string(json_array_get(m, 1))) {
        *a = json_string_value(json_array_get(m, 0));
        *alen = json_string_length(json_array_get(m, 0));
        *b = json_string_value(json_array_get(m, 1));
        *blen = json_string_length(json_array_get(m, 1));
        return 0;
    }
    return -1;
}

static int read_merges(reader *r, json_t *merges, tk_model *m)
{
    json_t *x;
    size_t i;
    char *buf = NULL;
    size_t cap = 0;

    if (!json_is_array(merges))
        return fail_at(r, "BPE", "%s", "merges should be a list");
    m->merges = tk_pairmap_new(json_array_size(merges));
    json_array_foreach(merges, i, x) {
        const char *a, *b;
        size_t alen, blen, skip;
        long la, lb, lm;
        if (merge_parts(x, &a, &alen, &b, &blen) < 0) {
            free(buf);
            return vs_fail(r->err, "%s: BPE merge %zu should be \"a b\" or "
                           "[\"a\", \"b\"]", r->name, i + 1);
        }
        la = vs_vocab_find(m->vocab, a, alen);
        lb = vs_vocab_find(m->vocab, b, blen);
        skip = m->prefix_len > 0 && blen >= m->prefix_len &&
               memcmp(b, m->prefix, m->prefix_len) == 0 ? m->prefix_len : 0;
        if (alen + blen + 1 > cap) {
            cap = 2 * (alen + blen) + 64;
            buf = xrealloc(buf, cap);
        }
        memcpy(buf, a, alen);
        memcpy(buf + alen, b + skip, blen - skip);
        lm = vs_vocab_find(m->vocab, buf, alen + blen - skip);
        if (la < 0 || lb < 0 || lm < 0) {
            free(buf);
            return vs_fail(r->err, "%s: BPE merge %zu (%.*s %.*s) names a piece "
                           "the vocabulary lacks", r->name, i + 1,
                           (int)(alen > 60 ? 60 : alen), a,
                           (int)(blen > 60 ? 60 : blen), b);
        }
        tk_pairmap_add(m->merges, (int32_t)la, (int32_t)lb, (uint32_t)i,
                       (int32_t)lm);
    }
    free(buf);
    return 0;
}

/* The model, of type t (its "type", or what its keys say). */
static int read_model(reader *r, json_t *model, const char *t)
{
    vs_tokenizer *tk = r->tk;
    tk_model *m = &tk->impl->model;
    const char *unk = NULL, *s;
    json_t *x;
    size_t i;

    m->vocab = tk->impl->vocab;
    if (strcmp(t, "WordPiece") == 0) {
        json_t *mc = json_object_get(model, "max_input_chars_per_word");
        m->type = TK_M_WORDPIECE;
        tk->kind = "WordPiece";
        if (get_str(r, model, "unk_token", &unk) < 0 ||
            get_str(r, model, "continuing_subword_prefix", &s) < 0)
            return -1;
        m->prefix = xstrdup(s ? s : "##");
        m->prefix_len = strlen(m->prefix);
        m->max_chars = json_is_integer(mc) && json_integer_value(mc) > 0
                           ? (size_t)json_integer_value(mc) : 100;
        m->unk = id_of(tk, unk ? unk : "[UNK]");
        if (m->unk < 0)
            return fail_at(r, "WordPiece", "the unknown token %s is not in the "
                           "vocabulary", unk ? unk : "[UNK]");
        return 0;
    }
    if (strcmp(t, "BPE") == 0) {
        json_t *d = json_object_get(model, "dropout");
        const char *suffix;
        m->type = TK_M_BPE;
        tk->kind = r->byte_level ? "byte-level BPE" : "BPE";
        if (d != NULL && !json_is_null(d) &&
            !(json_is_number(d) && json_number_value(d) == 0.0))
            return fail_at(r, "BPE", "%s", "dropout is not supported (it makes "
                           "the pieces random; a model for inference has null)");
        if (get_str(r, model, "unk_token", &unk) < 0 ||
            get_str(r, model, "continuing_subword_prefix", &s) < 0 ||
            get_str(r, model, "end_of_word_suffix", &suffix) < 0 ||
            get_bool(r, model, "fuse_unk", 0, &m->fuse_unk) < 0 ||
            get_bool(r, model, "byte_fallback", 0, &m->byte_fallback) < 0 ||
            get_bool(r, model, "ignore_merges", 0, &m->ignore_merges) < 0)
            return -1;
        if (s != NULL && s[0] != '\0') {
            m->prefix = xstrdup(s);
            m->prefix_len = strlen(s);
        }
        if (suffix != NULL && suffix[0] != '\0') {
            m->suffix = xstrdup(suffix);
            m->suffix_len = strlen(suffix);
        }
        m->unk = id_of(tk, unk);
        if (unk != NULL && m->unk < 0)
            return fail_at(r, "BPE", "the unknown token %s is not in the "
                           "vocabulary", unk);
        if (read_merges(r, json_object_get(model, "merges"), m) < 0)
            return -1;
        m->cache = tk_cache_new();
        return 0;
    }
    if (strcmp(t, "Unigram") == 0) {
        json_t *vocab = json_object_get(model, "vocab"), *uid;
        size_t n = tk->impl->vocab->n;
        double min = 0;
        m->type = TK_M_UNIGRAM;
        tk->kind = "Unigram";
        if (get_bool(r, model, "byte_fallback", 0, &m->byte_fallback) < 0)
            return -1;
        uid = json_object_get(model, "unk_id");
        m->unk = -1;
        if (json_is_integer(uid)) {
            if (json_integer_value(uid) < 0 ||
                (size_t)json_integer_value(uid) >= json_array_size(vocab))
                return fail_at(r, "Unigram", "%s", "unk_id is outside the vocabulary");
            m->unk = (int32_t)json_integer_value(uid);
        }
        m->score = xcalloc(n ? n : 1, sizeof *m->score);
        m->usable = xcalloc(n ? n : 1, 1);
        json_array_foreach(vocab, i, x) {
            double sc = json_number_value(json_array_get(x, 1));
            size_t len = json_string_length(json_array_get(x, 0));
            long id = vs_vocab_find(m->vocab, json_string_value(json_array_get(x, 0)), len);
            if (id != (long)i)
                continue;   /* a repeated piece: the first one counts */
            m->score[i] = sc;
            m->usable[i] = 1;
            if (len > m->max_piece)
                m->max_piece = len;
            if (i == 0 || sc < min)
                min = sc;
        }
        m->unk_score = min - 10.0;
        return 0;
    }
    return vs_fail(r->err, "%s: model type %s is not supported (vecscope reads "
                   "WordPiece, BPE, Unigram)", r->name, t);
}

/* The model's "type", guessed from its keys in files that leave it out. */
static const char *model_type(json_t *model)
{
    const char *t = type_of(model);

    if (t != NULL)
        return t;
    if (json_object_get(model, "merges") != NULL)
        return "BPE";
    if (json_is_array(json_object_get(model, "vocab")))
        return "Unigram";
    if (json_object_get(model, "max_input_chars_per_word") != NULL)
        return "WordPiece";
    return "(none)";
}

static int read_added(reader *r, json_t *list, idnames *names)
{
    json_t *x;
    size_t i;

    if (list == NULL || json_is_null(list))
        return 0;
    if (!json_is_array(list))
        return fail_at(r, "added_tokens", "%s", "should be a list");
    json_array_foreach(list, i, x) {
        json_t *id = json_object_get(x, "id"), *c = json_object_get(x, "content");
        if (!json_is_integer(id) || !json_is_string(c))
            return vs_fail(r->err, "%s: added token %zu has no integer id or no "
                           "content", r->name, i + 1);
        if (name_id(r, names, json_integer_value(id), json_string_value(c)) < 0)
            return -1;
    }
    return 0;
}

static int add_tokens(reader *r, json_t *list)
{
    json_t *x;
    size_t i;

    json_array_foreach(list, i, x) {
        json_t *c = json_object_get(x, "content");
        int sw, ls, rs, norm, sp;
        tk_added *a;
        if (get_bool(r, x, "single_word", 0, &sw) < 0 ||
            get_bool(r, x, "lstrip", 0, &ls) < 0 ||
            get_bool(r, x, "rstrip", 0, &rs) < 0 ||
            get_bool(r, x, "special", 0, &sp) < 0 ||
            get_bool(r, x, "normalized", !sp, &norm) < 0)
            return -1;
        if (json_string_length(c) == 0)
            continue;
        a = tk_add_token(r->tk, json_string_value(c), json_string_length(c),
                         (int32_t)json_integer_value(json_object_get(x, "id")), sp);
        a->single_word = (uint8_t)sw;
        a->lstrip = (uint8_t)ls;
        a->rstrip = (uint8_t)rs;
        a->normalized = (uint8_t)norm;
    }
    return 0;
}

static int read_root(reader *r, json_t *root)
{
    json_t *model = json_object_get(root, "model");
    json_t *added = json_object_get(root, "added_tokens");
    idnames names = {NULL, 0};
    const char *t;
    int rc = -1;

    if (!json_is_object(root) || !json_is_object(model))
        return vs_fail(r->err, "%s: not a tokenizer.json (no \"model\" object)",
                       r->name);
    t = model_type(model);
    if (strcmp(t, "WordPiece") != 0 && strcmp(t, "BPE") != 0 &&
        strcmp(t, "Unigram") != 0)
        return vs_fail(r->err, "%s: model type %s is not supported (vecscope "
                       "reads WordPiece, BPE, Unigram)", r->name, t);
    if (read_model_vocab(r, model, t, &names) < 0 ||
        read_added(r, added, &names) < 0)
        goto done;
    build_vocab(r->tk, &names);
    if (read_norm(r, json_object_get(root, "normalizer"), 0) < 0 ||
        read_pre(r, json_object_get(root, "pre_tokenizer"), 0) < 0 ||
        read_post(r, json_object_get(root, "post_processor"), 0) < 0 ||
        read_model(r, model, t) < 0 || (added && add_tokens(r, added) < 0))
        goto done;
    rc = tk_finish(r->tk, r->err);
done:
    free(names.s);
    return rc;
}

int tk_read_json_text(const char *text, size_t len, const char *name,
                      vs_tokenizer **out, vs_error *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, 0, &jerr);
    reader r;
    int rc;

    *out = NULL;
    if (root == NULL)
        return vs_fail(err, "%s: not valid JSON: %s (line %d, column %d)", name,
                       jerr.text, jerr.line, jerr.column);
    r.name = name;
    r.err = err;
    r.byte_level = 0;
    r.tk = tk_new("tokenizer.json", name);
    rc = read_root(&r, root);
    json_decref(root);
    if (rc < 0) {
        vs_tokenizer_free(r.tk);
        return -1;
    }
    *out = r.tk;
    return 0;
}

int tk_read_json(const char *path, vs_tokenizer **out, vs_error *err)
{
    char *text;
    size_t len;
    int rc;

    *out = NULL;
    if (vs_read_text_file(path, TK_FILE_MAX, &text, &len, err) < 0)
        return -1;
    rc = tk_read_json_text(text, len, path, out, err);
    free(text);
    return rc;
}
