# queries.t - vectors kept by name and named with @ (nn, sim, vec, vars),
# vectors read from a file, sim over two sets, simmat, words REGEX and
# ssim --file, and their errors. Each cell of a set matrix is checked
# against the sim of its pair in tests/check_queries.c, and the values
# against gensim by tests/run-parity.sh (tests/ref/queries.ref).

# a query's vector kept, listed, and searched with (the query's words are
# not left out: a vector is not a word); @ as a term of a query
$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'vec king - man + woman as q; vars; nn @q -k 3; nn @q - queen + king -k 3'
  name  dims  model                 made by
  @q    32    gutenberg-w2v-cbow32  vec king - man + woman
  nearest to @q in gutenberg-w2v-cbow32
    1  king     0.815067
    2  priest   0.608061
    3  maid     0.606487
  nearest to @q - queen + king in gutenberg-w2v-cbow32
    1  alf         0.597747
    2  priest      0.564824
    3  questions   0.545719

# the note that says what was kept
$ vecscope samples/gutenberg-w2v-cbow32.bin -c 'vec whale as w' 2>&1 | grep kept
  kept @w: 32 numbers from 'vec whale'

# a vector written by vec --tsv, read back from a file (a label may come first)
$ vecscope -q --tsv samples/gutenberg-w2v-cbow32.bin -c 'vec whale' >$T/whale.tsv && vecscope -q samples/gutenberg-w2v-cbow32.bin -c "nn @$T/whale.tsv -k 3; sim @$T/whale.tsv whale" | sed "s#$T#T#"
  nearest to @T/whale.tsv in gutenberg-w2v-cbow32
    1  whale        1.000000
    2  leviathan    0.787047
    3  harpooneer   0.741609
  cosine(@T/whale.tsv, whale) = 1.000000

$ (printf 'whale\t'; cat $T/whale.tsv) >$T/labelled.tsv && vecscope -q --tsv samples/gutenberg-w2v-cbow32.bin -c "sim @$T/labelled.tsv leviathan"
  0.78704643

# a vector of the wrong size, a malformed file, nothing kept, a bad name,
# a command that gives no vector
$ printf '1 2 3\n' >$T/short.tsv && vecscope -q samples/gutenberg-w2v-cbow32.bin -c "nn @$T/short.tsv" 2>&1 | sed "s#$T#T#"
  error: -c command 1: nn: the vector in T/short.tsv has 3 numbers, but gutenberg-w2v-cbow32 has 32 dimensions

$ printf '1 2 x\n' >$T/bad.tsv && vecscope -q samples/gutenberg-w2v-cbow32.bin -c "nn @$T/bad.tsv" 2>&1 | sed "s#$T#T#"
  error: -c command 1: nn: T/bad.tsv, line 1, field 3: 'x' is not a number; a vector file holds one line of numbers (after an optional label)

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'nn @nothing'
  error: -c command 1: nn: nothing is kept as 'nothing'; keep a vector with 'COMMAND ... as nothing' (vec, embed, ctx), or name a file with a '.' or '/' in it ('vars' lists what is kept)
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'vec king as 2x'
  error: -c command 1: vec: cannot keep a vector as '2x': a name is an ASCII letter or '_', then letters, digits, '_' or '-'
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'nn king as x'
  error: -c command 1: nn: 'as x' keeps a vector, and nn gives none; vec (a word, or WORD - WORD + WORD), embed and ctx give vectors
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'vec king as k; vars --drop k; vars; vars --drop k'
  error: -c command 4: vars: nothing is kept as 'k'; 'vars' lists what is
[exit 1]

# load and probe keep their own "as NAME"
$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'load samples/gutenberg-w2v-cbow32.bin as books; vars; models --tsv' | cut -f2
  gutenberg-w2v-cbow32
  books

# a kept vector from another model of the same dimension: a warning
$ vecscope -q tests/data/bert/tiny-f32 -c 'ctx cat "the cat sat" as c; load samples/gutenberg-w2v-cbow32.bin; nn @c -k 1' 2>&1 | grep -v '^  1'
  warning: @c was made in tiny-f32, not in gutenberg-w2v-cbow32; the two models' spaces are not the same
  nearest to @c in gutenberg-w2v-cbow32

# sim over two sets: the matrix, as text (shaded from -1 to 1) and TSV
$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'sim king queen whale ||| man woman ship'
  cosine similarity in gutenberg-w2v-cbow32 (rows: the words before |||)
         man     woman   ship
  king   ▓0.26   ▓0.32   ▒0.20
  queen  ▓0.22   ▓0.29   ▒0.03
  whale  ▓0.34   ▒-0.03  █0.61

$ vecscope -q --tsv samples/gutenberg-w2v-cbow32.bin -c 'vec man + woman as people; sim king @people ||| queen'
  king	0.711923
  @people	0.276426

$ vecscope -q --json samples/gutenberg-w2v-cbow32.bin -c 'sim king ||| queen'
  {"title": "cosine similarity in gutenberg-w2v-cbow32 (rows: the words before |||)", "rows": ["king"], "columns": ["queen"], "matrix": [[0.711923361]]}

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'sim king queen man'
  error: -c command 1: sim: 3 words; compare two (sim A B), or two sets (sim A B ... ||| X Y ...), or all pairs of a list (simmat)
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'sim king queen --plot'
  error: -c command 1: sim: --plot and --out go with two sets (sim A B ... ||| X Y ...)
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'sim king ||| ||| man'
  error: -c command 1: sim: '|||' twice; it separates two sets
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'sim king ||| kingg'
  error: -c command 1: 'kingg' is not in the vocabulary of gutenberg-w2v-cbow32; did you mean 'king' or 'kings'?
[exit 1]

# simmat: every pair; the words of a --near selection; --out TSV
$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'simmat king queen man woman whale'
  cosine similarity of 5 words in gutenberg-w2v-cbow32
         king    queen   man     woman   whale
  king   █1.00   █0.71   ▓0.26   ▓0.32   ▒-0.01
  queen  █0.71   █1.00   ▓0.22   ▓0.29   ▒-0.00
  man    ▓0.26   ▓0.22   █1.00   █0.71   ▓0.34
  woman  ▓0.32   ▓0.29   █0.71   █1.00   ▒-0.03
  whale  ▒-0.01  ▒-0.00  ▓0.34   ▒-0.03  █1.00

$ vecscope -q --tsv samples/gutenberg-w2v-cbow32.bin -c 'simmat --near whale -k 3'
  whale	1.000000	0.787046	0.741609	0.702667
  leviathan	0.787046	1.000000	0.549008	0.501419
  harpooneer	0.741609	0.549008	1.000000	0.440388
  whale's	0.702667	0.501419	0.440388	1.000000

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c "simmat king queen king --out $T/m.tsv" >/dev/null 2>&1; cat $T/m.tsv
  king	1.000000	0.711923
  queen	0.711923	1.000000

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'simmat king queen king' 2>&1 | grep warning
  warning: 1 repeated word left out

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'simmat --top 2001'
  error: -c command 1: simmat: 2001 words make a 2001 x 2001 matrix; at most 2000 words
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'simmat king queen --out x.txt --plot'
  error: -c command 1: simmat: --out: cannot tell what to write from the name 'x.txt': end it in .png, .svg or .pdf for a picture, or .tsv for the table
[exit 1]

# words REGEX: ranks, --limit and the note counting the rest, Unicode
$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'words ^un.*able$'
  words of gutenberg-w2v-cbow32 matching ^un.*able$, with their ranks
    1  unable              2919
    2  uncomfortable       4129
    3  unaccountable       4840
    4  unspeakable         6064
    5  unreasonable        7039

$ vecscope samples/gutenberg-w2v-cbow32.bin -c 'words ^whal --limit 2' 2>&1 | grep -v '^loaded'
  2 of 10 matching words shown; --limit N shows more
  words of gutenberg-w2v-cbow32 matching ^whal, with their ranks
    1  whale         147
    2  whales        493

$ vecscope -q --tsv samples/gutenberg-w2v-cbow32.bin -c 'words (?i)^W.ALE$'
  whale	147

$ vecscope -q --json samples/gutenberg-w2v-cbow32.bin -c 'words ^kings?$'
  {"title": "words of gutenberg-w2v-cbow32 matching ^kings?$, with their ranks", "results": [{"term": "king", "score": 329}, {"term": "kings", "score": 2225}]}

# '.' is one character, not one byte; Unicode scripts
$ vecscope -q tests/data/gen/utf8.bin -c 'words \p{Cyrillic}; words ^.{2}$ --tsv'
  words of utf8 matching \p{Cyrillic}, with their ranks
    1  паровоз        125
    2  монарх         136
    3  хозяйка        147
  中文	81
  札幌	114
  é	224

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'words ^zzz'
  words of gutenberg-w2v-cbow32 matching ^zzz, with their ranks
  (no results)

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'words a(b'
  error: -c command 1: words: the regular expression 'a(b' does not compile at character 3: missing closing parenthesis
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'words a --limit 0'
  error: -c command 1: words: --limit must be at least 1
[exit 1]

# ssim --file: every pair of a file's sentences (tiny BERT, random weights)
# tolerance: 1e-4
$ printf 'the cat sat\n# a comment\n\na dog ran in the park with its owner today\nthe cat ran\n' >$T/s.txt && vecscope -q tests/data/bert/tiny-f32 -c "ssim --file $T/s.txt --tsv"
  1 the cat sat	1.000000	0.711065	0.934739
  2 a dog ran in the park with its o...	0.711065	1.000000	0.575281
  3 the cat ran	0.934739	0.575281	1.000000

$ vecscope -q tests/data/bert/tiny-f32 -c "ssim --file $T/s.txt" | sed "s#$T#T#"
  cosine similarity of the 3 sentences of T/s.txt (mean pooling, layer 2)
                                         1 the cat sat  2 a dog ran in the park with its o...  3 the cat ran
  1 the cat sat                          █1.00          █0.71                                  █0.93
  2 a dog ran in the park with its o...  █0.71          █1.00                                  ▓0.58
  3 the cat ran                          █0.93          ▓0.58                                  █1.00

$ vecscope -q tests/data/bert/tiny-f32 -c 'ssim --file /nonexistent'
  error: -c command 1: ssim: /nonexistent: cannot open: No such file or directory
[exit 1]

$ vecscope -q tests/data/bert/tiny-f32 -c "ssim --file $T/s.txt the cat"
  error: -c command 1: ssim: give a text pair or --file F, not both
[exit 1]

$ vecscope -q tests/data/bert/tiny-f32 -c 'ssim --plot the cat ||| a dog'
  error: -c command 1: ssim: --plot and --out go with --file F (a matrix)
[exit 1]

