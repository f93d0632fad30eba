/*
 * tokenizer.h - BERT's tokenizer: vocab.txt, the basic tokenizer and
 * WordPiece, following Hugging Face's BertTokenizer.
 *
 * Text becomes token ids in two stages. The basic tokenizer cleans the text
 * (drops NUL, U+FFFD and control/format characters, turns whitespace into
 * spaces), puts spaces around CJK ideographs, splits on whitespace, lowercases
 * and strips accents when the model is uncased, and splits punctuation off.
 * WordPiece then cuts each word greedily into the longest pieces found in the
 * vocabulary, "##" marking pieces that do not start a word; a word that
 * cannot be cut, or is longer than 100 characters, becomes [UNK]. The special
 * tokens [PAD] [UNK] [CLS] [SEP] [MASK] written in the text stay whole.
 *
 * Where Google's tokenization.py and Hugging Face differ we follow Hugging
 * Face (../shared/data/bert/README.md lists where): 100 characters, special
 * tokens kept, every Unicode "C*" character dropped, lowercasing character by
 * character (so no final-sigma rule), vocab lines with only the newline
 * removed.
 */
#ifndef VS_BERT_TOKENIZER_H
#define VS_BERT_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

#include "../error.h"
#include "../vocab.h"

/* The special tokens, in the order of vs_wordpiece.special. */
enum vs_special { VS_TOK_PAD, VS_TOK_UNK, VS_TOK_CLS, VS_TOK_SEP, VS_TOK_MASK,
                  VS_TOK_NSPECIAL };

typedef struct vs_wordpiece {
    const vs_vocab *vocab;   /* borrowed: token <-> id */
    int do_lower_case;       /* 1 (Hugging Face's default) or 0 */
    int strip_accents;       /* -1: when lowercasing (default); 0 never; 1 always */
    int split_cjk;           /* spaces around CJK ideographs (default 1) */
    size_t max_chars;        /* longer words become [UNK] (100) */
    char *special[VS_TOK_NSPECIAL];   /* "[PAD]", "[UNK]", ... */
    int32_t special_id[VS_TOK_NSPECIAL];  /* ids; -1 for absent PAD/MASK */
} vs_wordpiece;

/* A token sequence: ids, the word each piece came from and the segment. */
typedef struct vs_tokens {
    size_t n, cap;
    int32_t *ids;    /* vocabulary ids */
    int32_t *word;   /* index of the word (basic token) the piece belongs to,
                        counted over the whole sequence; -1 for the [CLS] and
                        [SEP] that vs_wordpiece_encode adds */
    uint8_t *type;   /* token type (segment): 0 for text A, 1 for text B */
    int32_t nwords;  /* words seen so far */
} vs_tokens;

void vs_tokens_init(vs_tokens *t);
void vs_tokens_free(vs_tokens *t);   /* frees the arrays, leaves it empty */
/* Appends one token. */
void vs_tokens_push(vs_tokens *t, int32_t id, int32_t word, uint8_t type);

/* Reads a vocab.txt: one token a line, id = 0-based line number, only the
 * line end ("\n", or "\r\n") removed. A token repeated on a later line keeps
 * its first id; the later line gets a placeholder "[unused-duplicate-LINE]"
 * so ids stay line numbers, and *duplicates (may be NULL) counts them. */
int vs_bert_vocab_load(const char *path, vs_vocab **out, size_t *duplicates,
                       vs_error *err);

/* A tokenizer over vocab (borrowed; it must outlive the tokenizer). config is
 * the path of a tokenizer_config.json to read (do_lower_case, strip_accents,
 * tokenize_chinese_chars, the special tokens' strings) or NULL for the
 * defaults. Fails when the vocabulary lacks [UNK], [CLS] or [SEP]. */
int vs_wordpiece_new(const vs_vocab *vocab, const char *config,
                     vs_wordpiece **out, vs_error *err);
void vs_wordpiece_free(vs_wordpiece *wp);

/* Tokenizes text[0..len) (UTF-8; invalid bytes read as U+FFFD, which the
 * cleaning drops) and appends the pieces to out with token type `type`. */
int vs_wordpiece_tokenize(const vs_wordpiece *wp, const char *text, size_t len,
                          uint8_t type, vs_tokens *out, vs_error *err);

/* out = [CLS] A [SEP] when b is NULL, else [CLS] A [SEP] B [SEP] with token
 * types 0 for [CLS] A [SEP] and 1 for B [SEP]. out is emptied first. */
int vs_wordpiece_encode(const vs_wordpiece *wp, const char *a, size_t alen,
                        const char *b, size_t blen, vs_tokens *out,
                        vs_error *err);

/* vs_wordpiece_encode on "A ||| B" (a pair when the text holds "|||"). */
int vs_wordpiece_encode_text(const vs_wordpiece *wp, const char *text,
                             vs_tokens *out, vs_error *err);

/* The token text of id (borrowed, NUL-terminated). */
const char *vs_wordpiece_token(const vs_wordpiece *wp, int32_t id);

#endif
