#!/bin/sh
# make-bad.sh - writes the malformed-model corpus in this folder.
#
# Each file is broken in one way that a loader must refuse with a message
# naming the file and the place (line for text, byte offset for binary).
# tests/check_formats.c loads every one and checks exactly that; its table
# says what each message must contain. Run from anywhere:
#     sh tests/data/bad/make-bad.sh
# The files are committed, so the tests do not need this script; rerun it
# after changing it and commit both.
set -e
cd "$(dirname "$0")"

# float32 little-endian byte strings for printf
ONE='\000\000\200\077'     # 1.0
TWO='\000\000\000\100'     # 2.0
NAN='\000\000\300\177'     # NaN
INF='\000\000\200\177'     # +Inf

# --- binary (word2vec-bin) ---

# 3 words promised; the third vector stops after 2 of its 4 floats.
printf '3 4\naa '"$ONE$ONE$ONE$ONE"'\nbb '"$TWO$TWO$TWO$TWO"'\ncc '"$ONE$ONE" > truncated.bin

# Header says 5 words, the file holds 2 complete ones.
printf '5 2\naa '"$ONE$TWO"'\nbb '"$TWO$ONE"'\n' > count-too-big.bin

# Dimension 0.
printf '2 0\naa \nbb \n' > zero-dim.bin

# Dimension 10^12 (would be a 4 TB row).
printf '1 1000000000000\naa '"$ONE$ONE"'\n' > absurd-dim.bin

# Count 10^15 with a tiny file.
printf '1000000000000000 2\naa '"$ONE$TWO"'\n' > absurd-count.bin

# A NaN in the second vector.
printf '2 2\naa '"$ONE$TWO"'\nbb '"$ONE$NAN"'\n' > nan.bin

# An infinity in the first vector.
printf '2 2\naa '"$INF$TWO"'\nbb '"$ONE$ONE"'\n' > inf.bin

# An empty word (a space right after the newline).
printf '2 2\naa '"$ONE$TWO"'\n '"$ONE$ONE"'\n' > empty-word.bin

# Invalid UTF-8 in the second word (a truncated 3-byte sequence).
printf '2 2\naa '"$ONE$TWO"'\n\343\201 '"$ONE$ONE"'\n' > bad-utf8.bin

# Not a header at all.
printf 'hello world, this is not a model\n' > no-header.bin

# --- text (word2vec-text / glove-text / fasttext-vec) ---

# Line 3 has 2 numbers instead of 3.
printf '3 3\naa 1 2 3\nbb 1 2\ncc 1 2 3\n' > ragged-short.txt

# Line 4 has 4 numbers instead of 3.
printf '3 3\naa 1 2 3\nbb 4 5 6\ncc 1 2 3 4\n' > ragged-long.txt

# GloVe (no header): line 3 is short.
printf 'aa 0.1 0.2 0.3\nbb 0.4 0.5 0.6\ncc 0.7 0.8\ndd 0.1 0.1 0.1\n' > ragged.glove.txt

# A field that is not a number (line 3).
printf '2 3\naa 1 2 3\nbb 1 abc 3\n' > not-a-number.txt

# A decimal comma (line 2).
printf '1 2\naa 0,5 1\n' > decimal-comma.txt

# nan (line 3) and -Inf (line 2).
printf '2 2\naa 1 2\nbb nan 1\n' > nan.txt
printf '2 2\naa 1 -Inf\nbb 1 1\n' > inf.txt

# A number beyond float32 (line 2).
printf '1 2\naa 1e39 1\n' > float-range.txt

# An empty word: line 3 starts with a space.
printf '2 2\naa 1 2\n 3 4\n' > empty-word.txt

# Header says 5 words, the file has 2.
printf '5 2\naa 1 2\nbb 3 4\n' > count-too-big.txt

# A header and nothing else.
printf '3 5\n' > header-only.txt

# Dimension 0, and an absurd dimension.
printf '2 0\naa\nbb\n' > zero-dim.txt
printf '1 1000000000000\naa 1 2\n' > absurd-dim.txt

# Truncated in the middle of the last line (no newline, 1 number of 3).
printf '2 3\naa 1 2 3\nbb 0.5' > truncated.txt

# Invalid UTF-8 in the word on line 3 (strict mode).
printf '2 2\naa 1 2\nb\377b 3 4\n' > bad-utf8.txt

# A NUL byte inside the word on line 2.
printf '1 2\na\000a 1 2\n' > nul-word.txt

# A line with a word only (GloVe sniff sees 1 number per line elsewhere).
printf 'aa 1\nbb\ncc 3\n' > word-only.glove.txt

# --- anything ---

printf '' > empty
printf 'x' > one-byte
# 64 bytes that look like nothing vecscope reads.
printf '\001\002\003\004\005\006\007\010\011\012\013\014\015\016\017\020%.0s' 1 2 3 4 > garbage.dat

# --- native cache ---

# The magic and then zeros: version 0.
{ printf 'VSCACHE1'; head -c 504 /dev/zero; } > bad-version.vscache
# The magic and 8 bytes: shorter than a header.
{ printf 'VSCACHE1'; head -c 8 /dev/zero; } > short.vscache

# A well-formed header (little-endian) whose sizes ask for terabytes: 10^12
# words of 2 dimensions, and 2 words of 10^12 dimensions, in 512 bytes.
# cache_header N DIM: the 128 bytes up to file_len = 512, then zeros.
cache_header() {
    printf 'VSCACHE1\001\000\000\000\004\003\002\001'
    printf "$1$2"
    printf 'word2vec-bin'; head -c 20 /dev/zero
    head -c 56 /dev/zero
    printf '\000\002\000\000\000\000\000\000'
    head -c 384 /dev/zero
}
TERA='\000\020\245\324\350\000\000\000'   # 10^12 as a little-endian u64
U64_2='\002\000\000\000\000\000\000\000'
cache_header "$TERA" "$U64_2" > absurd-count.vscache
cache_header "$U64_2" "$TERA" > absurd-dim.vscache
