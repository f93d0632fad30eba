# bad-input.t - every malformed model file gives one message naming the file and
# the line or byte offset, loads nothing, and leaves the open models usable.
$ vecscope -q -c 'load tests/data/bad/absurd-count.bin'
  error: -c command 1: tests/data/bad/absurd-count.bin: unexpected end of file at byte offset 31 (after the last complete entry): count says 1000000000000000 words, found 1
[exit 1]

$ vecscope -q -c 'load tests/data/bad/absurd-dim.bin'
  error: -c command 1: tests/data/bad/absurd-dim.bin: the header says 1000000000000 dimensions, but one vector of that size takes more than the 12 bytes after the header
[exit 1]

$ vecscope -q -c 'load tests/data/bad/absurd-dim.txt'
  error: -c command 1: tests/data/bad/absurd-dim.txt: line 1: the header says 1000000000000 dimensions, but the 7 bytes after it cannot hold even one such vector
[exit 1]

$ vecscope -q -c 'load tests/data/bad/bad-utf8.bin'
  error: -c command 1: tests/data/bad/bad-utf8.bin: word at byte offset 16 (entry 2) is not valid UTF-8 ("\xe3\x81"); use --encoding-errors replace|ignore
[exit 1]

$ vecscope -q -c 'load tests/data/bad/bad-utf8.txt'
  error: -c command 1: tests/data/bad/bad-utf8.txt: word at byte offset 11 (line 3) is not valid UTF-8 ("b\xffb"); use --encoding-errors replace|ignore
[exit 1]

$ vecscope -q -c 'load tests/data/bad/bad-version.vscache'
  error: -c command 1: tests/data/bad/bad-version.vscache: vecscope cache version 0, but this vecscope reads versions 1 and 2; save it again from the original model
[exit 1]

$ vecscope -q -c 'load tests/data/bad/count-too-big.bin'
  error: -c command 1: tests/data/bad/count-too-big.bin: unexpected end of file at byte offset 28 (after the last complete entry): count says 5 words, found 2
[exit 1]

$ vecscope -q -c 'load tests/data/bad/count-too-big.txt'
  error: -c command 1: tests/data/bad/count-too-big.txt: line 1: header says 5 words, file has 2
[exit 1]

$ vecscope -q -c 'load tests/data/bad/decimal-comma.txt'
  error: -c command 1: tests/data/bad/decimal-comma.txt: line 2: field 2 ("0,5") is not a number (expected a word and 2 numbers)
[exit 1]

$ vecscope -q -c 'load tests/data/bad/empty'
  error: -c command 1: tests/data/bad/empty: the file is empty
[exit 1]

$ vecscope -q -c 'load tests/data/bad/empty-word.bin'
  error: -c command 1: tests/data/bad/empty-word.bin: entry 2 at byte offset 16: the word is empty
[exit 1]

$ vecscope -q -c 'load tests/data/bad/empty-word.txt'
  error: -c command 1: tests/data/bad/empty-word.txt: line 3: the word is empty (the line starts with a blank)
[exit 1]

$ vecscope -q -c 'load tests/data/bad/float-range.txt'
  error: -c command 1: tests/data/bad/float-range.txt: line 2: field 2 ("1e39") is too large for a 32-bit float
[exit 1]

$ vecscope -q -c 'load tests/data/bad/garbage.dat'
  error: -c command 1: tests/data/bad/garbage.dat: unrecognised format; use --format NAME (one of vecscope-cache, bert, fasttext-bin, word2vec-bin, fasttext-vec, word2vec-text, glove-text)
[exit 1]

$ vecscope -q -c 'load tests/data/bad/header-only.txt'
  error: -c command 1: tests/data/bad/header-only.txt: line 1: header says 3 words, file has 0
[exit 1]

$ vecscope -q -c 'load tests/data/bad/inf.bin'
  error: -c command 1: tests/data/bad/inf.bin: entry 1 ("aa") at byte offset 7: component 1 is infinite; vectors must hold finite numbers
[exit 1]

$ vecscope -q -c 'load tests/data/bad/inf.txt'
  error: -c command 1: tests/data/bad/inf.txt: line 2: field 3 is "-Inf"; vectors must hold finite numbers
[exit 1]

$ vecscope -q -c 'load tests/data/bad/nan.bin'
  error: -c command 1: tests/data/bad/nan.bin: entry 2 ("bb") at byte offset 23: component 2 is NaN; vectors must hold finite numbers
[exit 1]

$ vecscope -q -c 'load tests/data/bad/nan.txt'
  error: -c command 1: tests/data/bad/nan.txt: line 3: field 2 is "nan"; vectors must hold finite numbers
[exit 1]

$ vecscope -q -c 'load tests/data/bad/no-header.bin'
  error: -c command 1: tests/data/bad/no-header.bin: unrecognised format; use --format NAME (one of vecscope-cache, bert, fasttext-bin, word2vec-bin, fasttext-vec, word2vec-text, glove-text)
[exit 1]

$ vecscope -q -c 'load tests/data/bad/not-a-number.txt'
  error: -c command 1: tests/data/bad/not-a-number.txt: line 3: field 3 ("abc") is not a number (expected a word and 3 numbers)
[exit 1]

$ vecscope -q -c 'load tests/data/bad/nul-word.txt'
  error: -c command 1: tests/data/bad/nul-word.txt: the 8 bytes after the header cannot hold even one entry of 2 dimensions (each takes at least 10 bytes)
[exit 1]

$ vecscope -q -c 'load tests/data/bad/one-byte'
  error: -c command 1: tests/data/bad/one-byte: the file is only 1 byte long; no model is that small
[exit 1]

$ vecscope -q -c 'load tests/data/bad/ragged-long.txt'
  error: -c command 1: tests/data/bad/ragged-long.txt: line 4: expected a word and 3 numbers, found 5 fields
[exit 1]

$ vecscope -q -c 'load tests/data/bad/ragged-short.txt'
  error: -c command 1: tests/data/bad/ragged-short.txt: line 3: expected a word and 3 numbers, found 3 fields
[exit 1]

$ vecscope -q -c 'load tests/data/bad/ragged.glove.txt'
  error: -c command 1: tests/data/bad/ragged.glove.txt: line 3: expected a word and 3 numbers, found 3 fields
[exit 1]

$ vecscope -q -c 'load tests/data/bad/short.vscache'
  error: -c command 1: tests/data/bad/short.vscache: 16 bytes is too short for a vecscope cache (the header alone is 256)
[exit 1]

$ vecscope -q -c 'load tests/data/bad/truncated.bin'
  error: -c command 1: tests/data/bad/truncated.bin: unexpected end of file at byte offset 55 (inside the vector of "cc" at byte offset 44): count says 3 words, found 2
[exit 1]

$ vecscope -q -c 'load tests/data/bad/truncated.txt'
  error: -c command 1: tests/data/bad/truncated.txt: line 3: expected a word and 3 numbers, found 2 fields
[exit 1]

$ vecscope -q -c 'load tests/data/bad/word-only.glove.txt'
  error: -c command 1: tests/data/bad/word-only.glove.txt: line 2: expected a word and 1 number, found 1 field
[exit 1]

$ vecscope -q -c 'load tests/data/bad/zero-dim.bin'
  error: -c command 1: tests/data/bad/zero-dim.bin: the header says the vectors have 0 dimensions
[exit 1]

$ vecscope -q -c 'load tests/data/bad/zero-dim.txt'
  error: -c command 1: tests/data/bad/zero-dim.txt: the header says the vectors have 0 dimensions
[exit 1]

$ vecscope -q --tsv samples/gutenberg-w2v-cbow32.bin -c 'load tests/data/bad/truncated.bin; nn whale -k 1' ; echo status $?
  error: -c command 1: tests/data/bad/truncated.bin: unexpected end of file at byte offset 55 (inside the vector of "cc" at byte offset 44): count says 3 words, found 2
  status 1

$ printf 'load tests/data/bad/nan.txt\nmodels\nsim good bad\n' | vecscope -q --tsv samples/gutenberg-w2v-cbow32.bin 2>&1; echo status $?
  error: <stdin>:1: tests/data/bad/nan.txt: line 3: field 2 is "nan"; vectors must hold finite numbers
  status 1

$ vecscope -q --tsv --encoding-errors replace tests/data/w2v_keyedvectors_load_test.modeldata -c models
  warning: tests/data/w2v_keyedvectors_load_test.modeldata: 2 words with invalid UTF-8 repaired with U+FFFD
  *	w2v_keyedvectors_load_test	2	3	word2vec-text	tests/data/w2v_keyedvectors_load_test.modeldata

$ vecscope -q tests/data/w2v_keyedvectors_load_test.modeldata
  error: tests/data/w2v_keyedvectors_load_test.modeldata: word at byte offset 4 (line 2) is not valid UTF-8 ("ありがとう\xe3\x83"); use --encoding-errors replace|ignore
[exit 1]


# Messages that say what is really wrong: a word longer than the sniffer's
# head in a text file is text, not "not word2vec binary"; a header with a
# negative count is a broken header, not GloVe data; a byte order mark
# before the header is skipped; a number too large for an option says so;
# three texts where ssim takes two is an error, not "a" against "b ||| c".
$ awk 'BEGIN { printf "2 3\n"; for (i = 0; i < 100000; i++) printf "x"; printf " 1 2 3\nb 1 2 4\n" }' >$T/long.txt && vecscope -q $T/long.txt -c 'info --tsv' | grep -E '^(format|words)'
  format	word2vec-text
  words	2

$ printf -- '-1 2\na 1 2\n' >$T/neg.txt && vecscope -q $T/neg.txt 2>&1 | sed "s|$T|T|"
  error: T/neg.txt: line 1: the header "-1 2" has a negative number; a header is two whole numbers above 0, COUNT DIM

$ printf '\357\273\2772 2\nab 1 2\nb 3 4\n' >$T/bom.txt && vecscope -q $T/bom.txt --tsv -c 'info; nn ab' | grep -E '^(format|words|b)'
  format	word2vec-text
  words	2
  b	0.98386991

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'nn whale -k 99999999999999999999999'
  error: -c command 1: nn: -k 99999999999999999999999 is too large: the most it takes is 9223372036854775807
[exit 1]

$ vecscope -q samples/bert-gutenberg-mini -c 'ssim a ||| b ||| c'
  error: -c command 1: ssim: '|||' separates two texts, and this line has more than two; write TEXT1 ||| TEXT2
[exit 1]

# An encoder folder's vocabulary: a NUL inside a token is named by its line
# (it was taken for a duplicate); a special token that tokenizer_config.json
# names but the vocabulary lacks is blamed on the config, not on vocab.txt.
$ mkdir $T/nulv && cp tests/data/bert/tiny-f32/* $T/nulv/ && awk 'NR == 21 { printf "ab%ccd\n", 0; next } { print }' tests/data/bert/tiny-f32/vocab.txt >$T/nulv/vocab.txt && vecscope -q -c "load $T/nulv" 2>&1 | sed "s|$T|T|"
  error: -c command 1: T/nulv/vocab.txt: line 21 holds a NUL byte; a vocabulary is text, one token a line

$ mkdir $T/unk && cp tests/data/bert/tiny-f32/* $T/unk/ && printf '{"do_lower_case": true, "unk_token": "[NOPE]"}\n' >$T/unk/tokenizer_config.json && vecscope -q -c "load $T/unk" 2>&1 | sed "s|$T|T|"
  error: -c command 1: T/unk/tokenizer_config.json: unk_token "[NOPE]" is not in the vocabulary (vocab.txt); name a token that is (BERT's is "[UNK]")
