# terminal.t - words that could drive a terminal are shown escaped, never
# sent raw (issue 8). The model is made here: a word2vec binary file whose
# words hold an escape sequence (ESC [2J clears the screen), a tab, a
# backslash, a BEL and a carriage return. Text output shows them as \x1b,
# \t, \x07, \r; TSV as \x1b, \t (the two characters), \\, \x07, \x0d, so a
# row stays one row and reads back unambiguously; JSON by its own escapes.
# Error messages that echo a word (unknown word, suggestions) escape it too.
$ printf '5 2\n\033[2Jclear \000\000\200\077\000\000\000\000tab\tword \000\000\200\077\000\000\200\077back\\slash \000\000\200\077\000\000\100\077bell\007 \000\000\200\077\000\000\000\100cr\rx \000\000\200\077\000\000\000\077' >"$T/evil.bin" && vecscope -q "$T/evil.bin" -c 'nn "back\\slash"'
  nearest to back\slash in evil
    1  tab\tword      0.989950
    2  cr\rx          0.983870
    3  bell\x07       0.894427
    4  \x1b[2Jclear   0.800000

$ vecscope -q --tsv "$T/evil.bin" -c 'nn "back\\slash"; pca --top 5'
  tab\tword	0.98994958
  cr\x0dx	0.98386991
  bell\x07	0.89442718
  \x1b[2Jclear	0.80000001
  \x1b[2Jclear	-0.850000024	0
  tab\tword	0.150000006	0
  back\\slash	-0.100000001	0
  bell\x07	1.14999998	0
  cr\x0dx	-0.349999994	0

$ vecscope -q "$T/evil.bin" -c "pca --top 5 --out $T/map.tsv" >/dev/null 2>&1; cat "$T/map.tsv"
  \x1b[2Jclear	-0.850000024	0
  tab\tword	0.150000006	0
  back\\slash	-0.100000001	0
  bell\x07	1.14999998	0
  cr\x0dx	-0.349999994	0

$ vecscope -q --json "$T/evil.bin" -c 'nn "back\\slash" -k 2'
  {"title": "nearest to back\\slash in evil", "results": [{"term": "tab\tword", "score": 0.989949584}, {"term": "cr\rx", "score": 0.98386991}]}

$ vecscope -q "$T/evil.bin" -c "nn \"$(printf '\033[2Jclea')\""
  error: -c command 1: '\x1b[2Jclea' is not in the vocabulary of evil; did you mean '\x1b[2Jclear'?
[exit 1]

$ vecscope -q "$T/evil.bin" -c "nn \"$(printf 'x\033]0;title\007')\""
  error: -c command 1: 'x\x1b]0;title\x07' is not in the vocabulary of evil
[exit 1]

$ vecscope -q "$T/evil.bin" -c "vec \"$(printf 'bell\007')\""
  bell\x07 (2 dimensions)
              1             2

$ vecscope -q "$T/evil.bin" -c "nn \"$(printf 'caf\377\342\200\256')\""
  error: -c command 1: 'caf\xff\xe2\x80\xae' is not in the vocabulary of evil
[exit 1]
