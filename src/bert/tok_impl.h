/*
 * tok_impl.h - the parts a tokenizer is built from, shared by the files
 * src/bert/tok_*.c and tokenizer.c; nothing outside src/bert/ includes it.
 *
 * A tokenizer is the pipeline of Hugging Face's tokenizers library: added
 * tokens are cut out of the text, each remaining stretch is normalized
 * (tk_norm), cut into words (tk_pre), and each word into pieces by the model
 * (tk_model: WordPiece, BPE or Unigram); the post-processor (tk_post) adds
 * the special tokens of the family's template. Every file format
 * (tokenizer.json, vocab.txt, vocab.json + merges.txt, SentencePiece .model)
 * is read into this one pipeline.
 *
 * Text travels between the stages as a tk_seq: bytes, each with the span
 * [lo, hi) of the input it came from (so a token's offsets survive every
 * rewrite of the text), cut into splits; a split that holds an added token
 * is final and skips the later stages.
 */
#ifndef VS_BERT_TOK_IMPL_H
#define VS_BERT_TOK_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "../error.h"
#include "../vocab.h"
#include "tokenizer.h"

/* ---- text with its alignment (tok_text.c) ---- */

typedef struct tk_buf {
    char *s;
    uint32_t *lo, *hi;   /* per byte: the input bytes [lo, hi) it came from */
    size_t n, cap;
} tk_buf;

typedef struct tk_split {
    uint32_t a, b;   /* bytes [a, b) of the sequence's buffer */
    int32_t id;      /* an added token (final), or -1 */
} tk_split;

typedef struct tk_seq {
    tk_buf buf;
    tk_split *sp;
    size_t nsp, capsp;
} tk_seq;

/* A read-only stretch of a tk_buf. */
typedef struct tk_view {
    const char *s;
    const uint32_t *lo, *hi;
    size_t n;
} tk_view;

void tk_buf_reserve(tk_buf *b, size_t more);
/* Appends n bytes that all come from [lo, hi). */
void tk_buf_put(tk_buf *b, const char *s, size_t n, uint32_t lo, uint32_t hi);
/* Appends code point c (UTF-8) coming from [lo, hi). */
void tk_buf_putc(tk_buf *b, int32_t c, uint32_t lo, uint32_t hi);
/* Appends v's bytes with their own alignment. */
void tk_buf_copy(tk_buf *b, tk_view v);
void tk_buf_free(tk_buf *b);

void tk_seq_reset(tk_seq *q);
void tk_seq_free(tk_seq *q);
void tk_seq_push(tk_seq *q, uint32_t a, uint32_t b, int32_t id);
/* Copies split k of in (bytes and all) to the end of out. */
void tk_seq_copy_split(tk_seq *out, const tk_seq *in, size_t k);
tk_view tk_seq_view(const tk_seq *q, size_t k);
tk_view tk_view_sub(tk_view v, size_t a, size_t b);

/* The code point at s[*pos..n), advancing *pos (invalid bytes read as
 * U+FFFD, one byte each). */
int32_t tk_next_char(const char *s, size_t n, size_t *pos);
/* Rust's char::is_whitespace (the White_Space property). */
int tk_is_whitespace(int32_t c);
/* Unicode general category P*, or ASCII punctuation. */
int tk_is_punct(int32_t c);
/* Rust's char::is_alphanumeric (Alphabetic or Numeric). */
int tk_is_alnum(int32_t c);

/* ---- regular expressions: PCRE2 (tok_text.c) ---- */

typedef struct tk_regex tk_regex;
/* Compiles pattern (UTF-8, Unicode properties on); literal: the pattern is
 * a plain string. Fails naming the pattern and PCRE2's reason. */
int tk_regex_new(const char *pattern, size_t len, int literal, tk_regex **out,
                 vs_error *err);
void tk_regex_free(tk_regex *re);
/* The next match in s[0..n) at or after from: 1 with [*a, *b), 0 none. */
int tk_regex_next(const tk_regex *re, const char *s, size_t n, size_t from,
                  size_t *a, size_t *b);

/* ---- SentencePiece's precompiled character map (tok_charsmap.c) ---- */

typedef struct tk_charsmap {
    uint32_t *units;      /* the Darts double array */
    size_t nunits;
    char *norm;           /* NUL-terminated replacements */
    size_t nnorm;
} tk_charsmap;

/* Reads the blob [uint32 trie size][trie][strings]; fails on a blob whose
 * parts do not fit. */
int tk_charsmap_new(const unsigned char *blob, size_t len, tk_charsmap **out,
                    vs_error *err);
void tk_charsmap_free(tk_charsmap *m);
/* The matches of the trie that are prefixes of s[0..n), shortest first:
 * *nmatch gets how many (at most max); len[i] the key length, rep[i] the
 * replacement (NUL-terminated, borrowed). */
size_t tk_charsmap_prefixes(const tk_charsmap *m, const char *s, size_t n,
                            size_t max, size_t *len, const char **rep);

/* ---- normalizers (tok_normalize.c) ---- */

enum tk_norm_type {
    TK_N_BERT, TK_N_LOWERCASE, TK_N_STRIP_ACCENTS, TK_N_NFC, TK_N_NFD,
    TK_N_NFKC, TK_N_NFKD, TK_N_NMT, TK_N_STRIP, TK_N_REPLACE, TK_N_PREPEND,
    TK_N_PRECOMPILED, TK_N_SPM
};

typedef struct tk_norm {
    enum tk_norm_type type;
    /* BertNormalizer */
    int clean, cjk, strip_accents, lowercase;
    int python_lower;     /* vocab.txt: Python's BertTokenizer order
                             (lowercase, then NFD and drop Mn) */
    /* Strip */
    int left, right;
    /* Replace (re or the literal pattern), Prepend */
    tk_regex *re;
    char *pattern, *content;
    size_t pattern_len, content_len;
    /* Precompiled, and SentencePiece's own normalizer (TK_N_SPM) */
    tk_charsmap *map;
    int spm_dummy_prefix, spm_remove_extra, spm_escape;
} tk_norm;

void tk_norm_clear(tk_norm *nm);
/* Normalizes in (one split) and appends the result to out. */
void tk_norm_apply(const tk_norm *nm, tk_view in, tk_buf *out);

/* ---- pre-tokenizers (tok_pretok.c) ---- */

enum tk_pre_type {
    TK_P_BERT, TK_P_BYTELEVEL, TK_P_METASPACE, TK_P_WHITESPACE,
    TK_P_WHITESPACE_SPLIT, TK_P_PUNCTUATION, TK_P_DIGITS, TK_P_SPLIT
};
enum tk_behavior {
    TK_REMOVED, TK_ISOLATED, TK_MERGED_PREV, TK_MERGED_NEXT, TK_CONTIGUOUS
};
enum tk_prepend { TK_PREPEND_NEVER, TK_PREPEND_FIRST, TK_PREPEND_ALWAYS };

typedef struct tk_pre {
    enum tk_pre_type type;
    enum tk_behavior behavior;   /* Split, Punctuation */
    int invert;                  /* Split */
    int individual_digits;       /* Digits */
    int add_prefix_space, use_regex;   /* ByteLevel */
    char *replacement;           /* Metaspace (UTF-8 of one character) */
    size_t replacement_len;
    enum tk_prepend prepend;     /* Metaspace */
    int split;                   /* Metaspace */
    tk_regex *re;                /* Split, Whitespace, ByteLevel */
} tk_pre;

void tk_pre_clear(tk_pre *p);
/* Cuts in (one split; first: it starts the text) into words appended to
 * out as splits. */
void tk_pre_apply(const tk_pre *p, tk_view in, int first, tk_seq *out);
/* The character byte b stands for in byte-level BPE (U+0021..U+0143). */
int32_t tk_byte_char(unsigned char b);
/* The pattern GPT-2's ByteLevel pre-tokenizer splits with. */
extern const char tk_gpt2_pattern[];

/* ---- models (tok_wordpiece.c, tok_bpe.c, tok_unigram.c) ---- */

typedef struct tk_tok {
    int32_t id;
    uint32_t a, b;   /* bytes of the word */
} tk_tok;

typedef struct tk_toks {
    tk_tok *v;
    size_t n, cap;
} tk_toks;

void tk_toks_push(tk_toks *t, int32_t id, uint32_t a, uint32_t b);

typedef struct tk_pairmap tk_pairmap;   /* BPE: (left, right) -> rank, id */
typedef struct tk_cache tk_cache;       /* BPE: word -> pieces */

enum tk_model_type { TK_M_WORDPIECE, TK_M_BPE, TK_M_UNIGRAM };

typedef struct tk_model {
    enum tk_model_type type;
    const vs_vocab *vocab;   /* the tokenizer's: id <-> piece */
    int32_t unk;             /* -1: none */
    /* WordPiece */
    char *prefix;            /* continuing_subword_prefix ("##"; BPE too) */
    size_t prefix_len;
    size_t max_chars;
    /* BPE */
    char *suffix;            /* end_of_word_suffix */
    size_t suffix_len;
    int fuse_unk, byte_fallback, ignore_merges;
    tk_pairmap *merges;
    tk_cache *cache;
    /* Unigram */
    double *score;           /* per id */
    uint8_t *usable;         /* per id: in the lattice */
    double unk_score;
    double user_score;       /* SentencePiece user-defined pieces:
                                length * user_score - 0.1; 0: none */
    uint8_t *user_defined;   /* per id, or NULL */
    size_t max_piece;        /* longest piece in bytes */
    int32_t byte_id[256];    /* "<0xXX>" pieces, -1 absent */
    int spm_unk_merge;       /* SentencePiece: fuse unknowns, then bytes */
} tk_model;

void tk_model_clear(tk_model *m);
/* Cuts word w[0..n) into pieces appended to out (offsets into w). */
void tk_model_tokenize(const tk_model *m, const char *w, size_t n, tk_toks *out);
/* The "<0xXX>" pieces of the vocabulary into m->byte_id. */
void tk_model_find_bytes(tk_model *m);

void tk_wordpiece_tokenize(const tk_model *m, const char *w, size_t n,
                           tk_toks *out);
void tk_bpe_tokenize(const tk_model *m, const char *w, size_t n, tk_toks *out);
void tk_unigram_tokenize(const tk_model *m, const char *w, size_t n,
                         tk_toks *out);

tk_pairmap *tk_pairmap_new(size_t expected);
void tk_pairmap_free(tk_pairmap *p);
/* Adds the merge left + right -> id at rank; keeps the first of a repeat. */
void tk_pairmap_add(tk_pairmap *p, int32_t left, int32_t right, uint32_t rank,
                    int32_t id);
tk_cache *tk_cache_new(void);
void tk_cache_free(tk_cache *c);

/* ---- post-processing (tokenizer.c) ---- */

typedef struct tk_item {
    int seq;             /* -1: special tokens below; 0: A; 1: B */
    int32_t *ids;        /* the special's ids */
    size_t nids;
    uint8_t type;
} tk_item;

typedef struct tk_post {
    tk_item *single, *pair;
    size_t nsingle, npair;
    int have_template;
    int trim_offsets;        /* ByteLevel offsets: drop spaces at the ends */
    int trim_prefix_space;   /* ... keeping an added prefix space */
} tk_post;

/* ---- added tokens (tokenizer.c) ---- */

typedef struct tk_added {
    char *content;
    size_t len;
    int32_t id;
    uint8_t single_word, lstrip, rstrip, normalized, special;
    char *match;   /* what is looked for: content, normalized if normalized */
    size_t match_len;
} tk_added;

/* ---- the tokenizer ---- */

struct vs_tokenizer_impl {
    vs_vocab *vocab;          /* owned unless vocab_borrowed */
    int vocab_borrowed;
    tk_added *added;
    size_t nadded;
    uint8_t added_first[2][256];   /* by phase (raw, normalized): a byte some
                                      added token starts with */
    tk_norm *norm;
    size_t nnorm;
    tk_pre *pre;
    size_t npre;
    tk_model model;
    tk_post post;
};

/* A new empty tokenizer (no stages). */
vs_tokenizer *tk_new(const char *kind, const char *source);
/* Adds a normalizer / pre-tokenizer stage (zeroed, type set) and returns it. */
tk_norm *tk_add_norm(vs_tokenizer *tk, enum tk_norm_type type);
tk_pre *tk_add_pre(vs_tokenizer *tk, enum tk_pre_type type);
/* Adds an added token (content copied). */
tk_added *tk_add_token(vs_tokenizer *tk, const char *content, size_t len,
                       int32_t id, int special);
/* The template [S] A [E] / [S] A [E] [M] B [E] with single specials (-1:
 * none), types of B as given. */
void tk_set_template(vs_tokenizer *tk, int32_t start, int32_t end,
                     int32_t mid, uint8_t type_b);
/* After the stages are set: the normalized forms of the added tokens, the
 * byte pieces, the roles of the special tokens by their names. */
int tk_finish(vs_tokenizer *tk, vs_error *err);
/* The id of piece s, or -1. */
int32_t tk_find(const vs_tokenizer *tk, const char *s);

/* Readers: tok_json.c, tok_spm.c, tok_bpefiles.c. */
int tk_read_json(const char *path, vs_tokenizer **out, vs_error *err);
int tk_read_json_text(const char *text, size_t len, const char *name,
                      vs_tokenizer **out, vs_error *err);
int tk_read_spm(const char *path, int fairseq, vs_tokenizer **out,
                vs_error *err);
int tk_read_spm_bytes(const unsigned char *data, size_t len, const char *name,
                      int fairseq, vs_tokenizer **out, vs_error *err);
int tk_read_bpe_files(const char *vocab_json, const char *merges_txt,
                      vs_tokenizer **out, vs_error *err);

/* The most bytes a tokenizer file may have (read whole through
 * vs_read_text_file): the largest real ones are tens of megabytes. */
#define TK_FILE_MAX ((size_t)1 << 30)

#endif
