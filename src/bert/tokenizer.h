/*
 * tokenizer.h - the tokenizer of an encoder: text to pieces with ids, the
 * word each piece belongs to and its byte offsets in the text.
 *
 * One abstraction serves every encoder family: a vs_tokenizer is the
 * pipeline of Hugging Face's tokenizers library (added tokens, normalizers,
 * pre-tokenizer, a WordPiece, BPE or Unigram model, the post-processor's
 * template), read from whichever file an encoder folder has
 * (vs_tokenizer_open_dir): tokenizer.json; vocab.txt (BERT's WordPiece);
 * vocab.json + merges.txt (byte-level BPE); a SentencePiece .model. The
 * pieces are named as the tokenizer names them ("##ing", "Ġthe", "▁the").
 *
 * vs_wordpiece below is BERT's tokenizer as vocab.txt and
 * tokenizer_config.json describe it (do_lower_case, strip_accents,
 * tokenize_chinese_chars, the special tokens); it becomes a vs_tokenizer
 * with BERT's normalizer and pre-tokenizer, WordPiece and the
 * [CLS] A [SEP] B [SEP] template. Where Google's tokenization.py and Hugging
 * Face differ it follows Hugging Face (../shared/data/bert/README.md lists
 * where): 100 characters a word, special tokens kept whole, every Unicode
 * "C*" character dropped, lowercasing character by character, vocab lines
 * with only the newline removed.
 */
#ifndef VS_BERT_TOKENIZER_H
#define VS_BERT_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

#include "../error.h"
#include "../vocab.h"

/* The roles of special tokens. A family names its own: BERT [CLS] [SEP]
 * [MASK], RoBERTa <s> </s> <mask> (<s> is both CLS and BOS). */
enum vs_special { VS_TOK_PAD, VS_TOK_UNK, VS_TOK_CLS, VS_TOK_SEP, VS_TOK_MASK,
                  VS_TOK_BOS, VS_TOK_EOS, VS_TOK_NSPECIAL };

typedef struct vs_wordpiece {
    const vs_vocab *vocab;   /* borrowed: token <-> id */
    int do_lower_case;       /* 1 (Hugging Face's default) or 0 */
    int strip_accents;       /* -1: when lowercasing (default); 0 never; 1 always */
    int split_cjk;           /* spaces around CJK ideographs (default 1) */
    size_t max_chars;        /* longer words become [UNK] (100) */
    char *special[VS_TOK_NSPECIAL];   /* "[PAD]", "[UNK]", ...; NULL: none */
    int32_t special_id[VS_TOK_NSPECIAL];  /* ids; -1 for absent ones */
} vs_wordpiece;

/* A token sequence: ids, the word each piece came from, the segment and
 * where in the text it came from. */
typedef struct vs_tokens {
    size_t n, cap;
    int32_t *ids;    /* vocabulary ids */
    int32_t *word;   /* index of the word (the pre-tokenizer's split, or an
                        added token in the text) the piece belongs to,
                        counted over the whole sequence; -1 for the special
                        tokens the template adds ([CLS], [SEP], <s>, ...) */
    uint8_t *type;   /* token type (segment): 0 for text A, 1 for text B */
    uint32_t *start, *end;   /* bytes [start, end) of the text the piece
                        covers (the whole "A ||| B" for a pair); 0, 0 for
                        the template's special tokens */
    int32_t nwords;  /* words seen so far */
} vs_tokens;

void vs_tokens_init(vs_tokens *t);
void vs_tokens_free(vs_tokens *t);   /* frees the arrays, leaves it empty */
/* Appends one token (offsets 0, 0). */
void vs_tokens_push(vs_tokens *t, int32_t id, int32_t word, uint8_t type);
/* Appends one token that covers bytes [start, end) of the text. */
void vs_tokens_push_span(vs_tokens *t, int32_t id, int32_t word, uint8_t type,
                         uint32_t start, uint32_t end);

/* ---- the tokenizer of an encoder ---- */

/* One thread at a time may use a tokenizer (its BPE word cache and its
 * patterns' match data change as it works). */
typedef struct vs_tokenizer {
    int32_t special_id[VS_TOK_NSPECIAL];   /* -1: the role has no token */
    int do_lower_case;    /* the normalizer lowercases the text */
    const char *kind;     /* "WordPiece", "BPE", "byte-level BPE", "Unigram" */
    char *source;         /* the file it was read from */
    size_t duplicates;    /* vocab.txt: repeated lines (placeholders) */
    size_t dropped;       /* vocab.txt: lines past max_pieces, ignored */
    struct vs_tokenizer_impl *impl;   /* the pipeline (tok_impl.h) */
} vs_tokenizer;

/* Opens the tokenizer of the encoder folder dir: tokenizer.json when
 * present, else vocab.txt (with tokenizer_config.json), vocab.json +
 * merges.txt, spiece.model or sentencepiece.bpe.model (the latter with
 * fairseq's ids, as XLM-R and CamemBERT use them). tokenizer_config.json and
 * special_tokens_map.json name the special tokens where present, and
 * tokenizer_config.json's do_lower_case lowercases for vocab.txt and a
 * .model. Lines of vocab.txt past max_pieces (0: no limit; an encoder's
 * vocab_size) are dropped and counted in tk->dropped. tk->source names the
 * file read. */
int vs_tokenizer_open_dir(const char *dir, size_t max_pieces,
                          vs_tokenizer **out, vs_error *err);
/* Reads one file: a tokenizer.json, a vocab.txt, a vocab.json (with the
 * merges.txt beside it), a SentencePiece .model (sentencepiece.bpe.model
 * with fairseq's ids). */
int vs_tokenizer_open_file(const char *path, vs_tokenizer **out, vs_error *err);
/* BERT's tokenizer described by wp (copied: wp may go afterwards; its
 * vocabulary is borrowed and must outlive the tokenizer). */
vs_tokenizer *vs_tokenizer_from_wordpiece(const vs_wordpiece *wp);
void vs_tokenizer_free(vs_tokenizer *tk);

/* Tokenizes text[0..len) without the template's special tokens: appends the
 * pieces to out with token type `type`, words numbered on from
 * out->nwords, offsets from base. Invalid UTF-8 reads as U+FFFD. */
int vs_tokenizer_tokenize(const vs_tokenizer *tk, const char *text, size_t len,
                          uint8_t type, uint32_t base, vs_tokens *out,
                          vs_error *err);
/* out = the template around A (and B when b is not NULL): [CLS] A [SEP]
 * (B [SEP]) for BERT, <s> A </s>(</s> B </s>) for RoBERTa. Offsets of B
 * count from b_base. out is emptied first. */
int vs_tokenizer_encode(const vs_tokenizer *tk, const char *a, size_t alen,
                        const char *b, size_t blen, uint32_t b_base,
                        vs_tokens *out, vs_error *err);
/* vs_tokenizer_encode on "A ||| B": a pair when the text holds "|||" (the
 * blanks next to it are not part of either text). */
int vs_tokenizer_encode_text(const vs_tokenizer *tk, const char *text,
                             vs_tokens *out, vs_error *err);
/* The piece of id as the tokenizer names it (borrowed; "" out of range). */
const char *vs_tokenizer_token(const vs_tokenizer *tk, int32_t id);
/* The id of piece, or -1. */
int32_t vs_tokenizer_id(const vs_tokenizer *tk, const char *piece);
/* The vocabulary, id <-> piece (borrowed; ids the file leaves unused hold
 * "[unused-id-N]"). */
const vs_vocab *vs_tokenizer_vocab(const vs_tokenizer *tk);
/* Pieces the vocabulary holds (the largest id + 1). */
size_t vs_tokenizer_size(const vs_tokenizer *tk);

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

/* The next three run the vs_tokenizer that wp describes, built for the
 * call (a model keeps its vs_tokenizer instead). Tokenizes text[0..len)
 * (UTF-8; invalid bytes read as U+FFFD, which the cleaning drops) and
 * appends the pieces to out with token type `type`. */
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
