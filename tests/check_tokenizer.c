/*
 * check_tokenizer.c - the BERT tokenizer (src/bert/tokenizer.c).
 *
 * The main test reproduces tests/data/bert/wordpiece-golden.tsv row for row:
 * 798 inputs x vocabularies (uncased, cased, multilingual, Chinese) on which
 * Google's reference tokenizer and Hugging Face's BertTokenizer agree. The
 * others pin down where we follow Hugging Face (special tokens kept whole,
 * 100 characters per word), the [CLS] A [SEP] B [SEP] layout, vocab.txt
 * reading (CRLF, repeated tokens, missing special tokens, missing or empty
 * file) and tokenizer_config.json.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bert/tokenizer.h"
#include "check_suites.h"
#include "xalloc.h"

#define BERTDATA VS_TESTDATA "/bert"

/* Appends the UTF-8 of code point c to out. */
static size_t put_utf8(char *out, unsigned long c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Undoes the golden file's escaping (\\ \t \n \r \uXXXX \UXXXXXXXX) in place
 * of a fresh copy; *len gets the length (the text may hold NUL). */
static char *unescape(const char *s, size_t *len)
{
    char *out = xmalloc(strlen(s) + 1);
    size_t n = 0;

    while (*s) {
        if (s[0] == '\\' && s[1]) {
            char hex[9] = {0};
            int digits = 0;
            switch (s[1]) {
            case '\\': out[n++] = '\\'; s += 2; continue;
            case 't': out[n++] = '\t'; s += 2; continue;
            case 'n': out[n++] = '\n'; s += 2; continue;
            case 'r': out[n++] = '\r'; s += 2; continue;
            case 'u': digits = 4; break;
            case 'U': digits = 8; break;
            default: break;
            }
            if (digits) {
                memcpy(hex, s + 2, (size_t)digits);
                n += put_utf8(out + n, strtoul(hex, NULL, 16));
                s += 2 + digits;
                continue;
            }
        }
        out[n++] = *s++;
    }
    out[n] = '\0';
    *len = n;
    return out;
}

typedef struct loaded {
    char name[64];
    vs_vocab *vocab;
} loaded;

static vs_vocab *vocab_named(loaded *cache, size_t *ncache, const char *name)
{
    char path[512];
    vs_error err;
    size_t i;

    for (i = 0; i < *ncache; i++)
        if (strcmp(cache[i].name, name) == 0)
            return cache[i].vocab;
    snprintf(path, sizeof path, "%s/vocab/%s-vocab.txt", BERTDATA, name);
    ck_assert_msg(vs_bert_vocab_load(path, &cache[*ncache].vocab, NULL, &err) == 0,
                  "%s", err.msg);
    snprintf(cache[*ncache].name, sizeof cache[*ncache].name, "%s", name);
    return cache[(*ncache)++].vocab;
}

START_TEST(test_golden)
{
    FILE *f = fopen(BERTDATA "/wordpiece-golden.tsv", "r");
    char *line = NULL;
    size_t cap = 0, rows = 0, bad = 0, ncache = 0, i;
    loaded cache[8];
    ssize_t got;

    ck_assert_msg(f != NULL, "cannot open the golden file");
    while ((got = getline(&line, &cap, f)) > 0) {
        char *field[6] = {0};
        int nf = 0;
        char *p = line, *text, *tab, ids[8192];
        size_t tlen, used = 0;
        vs_wordpiece *wp;
        vs_tokens tok;
        vs_error err;

        if (line[0] == '#')
            continue;
        if (got > 0 && line[got - 1] == '\n')
            line[got - 1] = '\0';
        while (nf < 6) {
            field[nf++] = p;
            tab = strchr(p, '\t');
            if (tab == NULL)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        ck_assert_int_ge(nf, 5);
        ck_assert_int_eq(vs_wordpiece_new(vocab_named(cache, &ncache, field[1]),
                                          NULL, &wp, &err), 0);
        wp->do_lower_case = atoi(field[0]);
        text = unescape(field[2], &tlen);
        vs_tokens_init(&tok);
        ck_assert_int_eq(vs_wordpiece_tokenize(wp, text, tlen, 0, &tok, &err), 0);
        ids[0] = '\0';
        for (i = 0; i < tok.n && used < sizeof ids - 16; i++)
            used += (size_t)snprintf(ids + used, sizeof ids - used, "%s%d",
                                     i ? " " : "", tok.ids[i]);
        if (strcmp(ids, field[4]) != 0) {
            bad++;
            fprintf(stderr, "golden row %zu (%s, lower %s): input '%s'\n"
                    "  expected %s\n  got      %s\n  tokens  ", rows + 1,
                    field[1], field[0], field[2], field[4], ids);
            for (i = 0; i < tok.n; i++)
                fprintf(stderr, " %s", vs_wordpiece_token(wp, tok.ids[i]));
            fprintf(stderr, "\n  expected tokens %s\n", field[3]);
        }
        rows++;
        vs_tokens_free(&tok);
        free(text);
        vs_wordpiece_free(wp);
    }
    free(line);
    fclose(f);
    for (i = 0; i < ncache; i++)
        vs_vocab_free(cache[i].vocab);
    printf("tokenizer: %zu golden rows, %zu differ\n", rows, bad);
    ck_assert_uint_eq(rows, 798);
    ck_assert_uint_eq(bad, 0);
}
END_TEST

/* Tokens of text as one space-separated string (caller frees). */
static char *tokens_of(const vs_wordpiece *wp, const char *text)
{
    vs_tokens tok;
    vs_error err;
    char *out = xmalloc(4096);
    size_t used = 0, i;

    vs_tokens_init(&tok);
    ck_assert_int_eq(vs_wordpiece_tokenize(wp, text, strlen(text), 0, &tok, &err), 0);
    out[0] = '\0';
    for (i = 0; i < tok.n; i++)
        used += (size_t)snprintf(out + used, 4096 - used, "%s%s", i ? " " : "",
                                 vs_wordpiece_token(wp, tok.ids[i]));
    vs_tokens_free(&tok);
    return out;
}

static vs_vocab *uncased_vocab(void)
{
    vs_vocab *v;
    vs_error err;

    ck_assert_msg(vs_bert_vocab_load(BERTDATA "/vocab/bert-base-uncased-vocab.txt",
                                     &v, NULL, &err) == 0, "%s", err.msg);
    return v;
}

#define CK_TOKENS(wp, text, expect)                                        \
    do {                                                                   \
        char *got_ = tokens_of(wp, text);                                  \
        ck_assert_msg(strcmp(got_, expect) == 0, "'%s': got '%s', expected '%s'", \
                      text, got_, expect);                                 \
        free(got_);                                                        \
    } while (0)

START_TEST(test_hf_differences)
{
    vs_vocab *v = uncased_vocab();
    vs_wordpiece *wp;
    vs_error err;
    char word[256];

    ck_assert_int_eq(vs_wordpiece_new(v, NULL, &wp, &err), 0);
    ck_assert_int_eq(wp->special_id[VS_TOK_PAD], 0);
    ck_assert_int_eq(wp->special_id[VS_TOK_UNK], 100);
    ck_assert_int_eq(wp->special_id[VS_TOK_CLS], 101);
    ck_assert_int_eq(wp->special_id[VS_TOK_SEP], 102);
    ck_assert_int_eq(wp->special_id[VS_TOK_MASK], 103);
    /* special tokens stay whole, even glued to words; lowercase ones do not */
    CK_TOKENS(wp, "The [MASK] sat.", "the [MASK] sat .");
    CK_TOKENS(wp, "x[SEP]y [CLS][PAD]", "x [SEP] y [CLS] [PAD]");
    CK_TOKENS(wp, "[mask]", "[ mask ]");
    CK_TOKENS(wp, "[UNK]", "[UNK]");
    /* 100 characters are split, 101 become [UNK] (Google: 200) */
    memset(word, 'a', 100);
    word[100] = '\0';
    {
        char *got = tokens_of(wp, word);
        ck_assert(strncmp(got, "aaa", 3) == 0);
        free(got);
    }
    word[100] = 'a';
    word[101] = '\0';
    CK_TOKENS(wp, word, "[UNK]");
    /* accents, CJK, punctuation, controls */
    CK_TOKENS(wp, "Café\xcc\x81 na\xc3\xafve", "cafe naive");
    CK_TOKENS(wp, "\xe4\xb8\xad\xe6\x96\x87", "中 文");
    CK_TOKENS(wp, "a\x01" "b\xe2\x80\x8b" "c", "abc");
    CK_TOKENS(wp, "", "");
    /* invalid UTF-8 reads as U+FFFD, which is dropped */
    CK_TOKENS(wp, "he\xffllo", "hello");
    vs_wordpiece_free(wp);
    vs_vocab_free(v);
}
END_TEST

START_TEST(test_encode_pair)
{
    vs_vocab *v = uncased_vocab();
    vs_wordpiece *wp;
    vs_tokens tok;
    vs_error err;
    static const int32_t ids[] = {101, 1996, 3899, 1012, 102, 2009, 11286, 2015, 102};
    static const uint8_t types[] = {0, 0, 0, 0, 0, 1, 1, 1, 1};
    static const int32_t words[] = {-1, 0, 1, 2, -1, 3, 4, 4, -1};
    size_t i;

    ck_assert_int_eq(vs_wordpiece_new(v, NULL, &wp, &err), 0);
    vs_tokens_init(&tok);
    ck_assert_int_eq(vs_wordpiece_encode_text(wp, "The dog. ||| it barks", &tok,
                                              &err), 0);
    ck_assert_uint_eq(tok.n, 9);
    for (i = 0; i < tok.n; i++) {
        ck_assert_int_eq(tok.ids[i], ids[i]);
        ck_assert_int_eq(tok.type[i], types[i]);
        ck_assert_int_eq(tok.word[i], words[i]);
    }
    ck_assert_int_eq(vs_wordpiece_encode_text(wp, "one", &tok, &err), 0);
    ck_assert_uint_eq(tok.n, 3);
    ck_assert_int_eq(tok.ids[2], 102);
    vs_tokens_free(&tok);
    vs_wordpiece_free(wp);
    vs_vocab_free(v);
}
END_TEST

/* A temporary file holding len bytes; returns its path (caller frees). */
static char *temp_file(const char *data, size_t len)
{
    char *path = xstrdup("/tmp/vs-check-tok-XXXXXX");
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
    return path;
}

START_TEST(test_vocab_file)
{
    static const char text[] = "[PAD]\r\n[UNK]\r\n[CLS]\n[SEP]\nplay\n##ing\nplay\n\nx";
    char *path = temp_file(text, sizeof text - 1);
    vs_vocab *v;
    vs_wordpiece *wp;
    vs_error err;
    size_t dups;

    ck_assert_int_eq(vs_bert_vocab_load(path, &v, &dups, &err), 0);
    ck_assert_uint_eq(v->n, 9);   /* ids stay line numbers */
    ck_assert_uint_eq(dups, 1);
    ck_assert_int_eq(vs_vocab_find(v, "[UNK]", 5), 1);   /* CR removed */
    ck_assert_int_eq(vs_vocab_find(v, "play", 4), 4);    /* first kept */
    ck_assert_int_eq(vs_vocab_find(v, "", 0), 7);        /* empty line */
    ck_assert_int_eq(vs_vocab_find(v, "x", 1), 8);       /* no final newline */
    ck_assert_int_eq(vs_wordpiece_new(v, NULL, &wp, &err), 0);
    ck_assert_int_eq(wp->special_id[VS_TOK_MASK], -1);
    CK_TOKENS(wp, "Playing [MASK] zz", "play ##ing [UNK] [UNK]");
    vs_wordpiece_free(wp);
    vs_vocab_free(v);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(test_vocab_bad)
{
    static const char nospecial[] = "[PAD]\n[UNK]\nthe\n[SEP]\n";
    char *path = temp_file(nospecial, sizeof nospecial - 1);
    char *empty = temp_file("", 0);
    vs_vocab *v = NULL;
    vs_wordpiece *wp = NULL;
    vs_error err;

    ck_assert_int_eq(vs_bert_vocab_load(path, &v, NULL, &err), 0);
    ck_assert_int_eq(vs_wordpiece_new(v, NULL, &wp, &err), -1);
    ck_assert_ptr_null(wp);
    ck_assert_msg(strstr(err.msg, "no [CLS] token") != NULL, "%s", err.msg);
    vs_vocab_free(v);
    ck_assert_int_eq(vs_bert_vocab_load(empty, &v, NULL, &err), -1);
    ck_assert_ptr_null(v);
    ck_assert_msg(strstr(err.msg, "empty") != NULL, "%s", err.msg);
    ck_assert_int_eq(vs_bert_vocab_load("/nonexistent/vocab.txt", &v, NULL, &err),
                     -1);
    ck_assert_msg(strstr(err.msg, "/nonexistent/vocab.txt: cannot open") != NULL,
                  "%s", err.msg);
    unlink(path);
    unlink(empty);
    free(path);
    free(empty);
}
END_TEST

START_TEST(test_tokenizer_config)
{
    static const char cased[] = "{\"do_lower_case\": false, \"mask_token\": "
                                "{\"content\": \"[MASK]\"}}";
    static const char bad[] = "{\"do_lower_case\": \"yes\"}";
    static const char broken[] = "{\"do_lower_case\": tru";
    char *p1 = temp_file(cased, sizeof cased - 1);
    char *p2 = temp_file(bad, sizeof bad - 1);
    char *p3 = temp_file(broken, sizeof broken - 1);
    vs_vocab *v = uncased_vocab();
    vs_wordpiece *wp;
    vs_error err;

    ck_assert_int_eq(vs_wordpiece_new(v, p1, &wp, &err), 0);
    ck_assert_int_eq(wp->do_lower_case, 0);
    CK_TOKENS(wp, "Hello", "[UNK]");   /* "Hello" is not in an uncased vocab */
    vs_wordpiece_free(wp);
    ck_assert_int_eq(vs_wordpiece_new(v, p2, &wp, &err), -1);
    ck_assert_msg(strstr(err.msg, "\"do_lower_case\" should be true or false") != NULL,
                  "%s", err.msg);
    ck_assert_int_eq(vs_wordpiece_new(v, p3, &wp, &err), -1);
    ck_assert_msg(strstr(err.msg, "not valid JSON") != NULL, "%s", err.msg);
    vs_vocab_free(v);
    unlink(p1);
    unlink(p2);
    unlink(p3);
    free(p1);
    free(p2);
    free(p3);
}
END_TEST

Suite *suite_tokenizer(void)
{
    Suite *s = suite_create("tokenizer");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_golden);
    tcase_add_test(tc, test_hf_differences);
    tcase_add_test(tc, test_encode_pair);
    tcase_add_test(tc, test_vocab_file);
    tcase_add_test(tc, test_vocab_bad);
    tcase_add_test(tc, test_tokenizer_config);
    suite_add_tcase(s, tc);
    return s;
}
