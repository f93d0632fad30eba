# models.t - opening models: several at once, names, use/close, info, the
# native cache, --limit and --format.
$ vecscope -q samples/gutenberg-w2v-cbow32.bin tests/data/test_glove.txt -c 'models'
     name                  words  dim  format        file
     gutenberg-w2v-cbow32  8243   32   word2vec-bin  samples/gutenberg-w2v-cbow32.bin
  *  test_glove            76     50   glove-text    tests/data/test_glove.txt

$ vecscope -q -c 'load samples/gutenberg-w2v-cbow32.bin as books; load tests/data/test_glove.txt as glove; models; use books; nn whale -k 1; use glove; nn the -k 1; close glove; models'
     name   words  dim  format        file
     books  8243   32   word2vec-bin  samples/gutenberg-w2v-cbow32.bin
  *  glove  76     50   glove-text    tests/data/test_glove.txt
  nearest to whale in books
    1  leviathan   0.787046
  nearest to the in glove
    1  which   0.922188
     name   words  dim  format        file
  *  books  8243   32   word2vec-bin  samples/gutenberg-w2v-cbow32.bin

$ vecscope -q -c 'load samples/gutenberg-w2v-cbow32.bin as a; load samples/gutenberg-w2v-cbow32.bin as a'
  error: -c command 2: load: a model called 'a' is open already; pick another name or 'close a' first
[exit 1]

$ vecscope -q -c 'load samples/gutenberg-w2v-cbow32.bin; load samples/gutenberg-w2v-cbow32.bin; models'
     name                    words  dim  format        file
     gutenberg-w2v-cbow32    8243   32   word2vec-bin  samples/gutenberg-w2v-cbow32.bin
  *  gutenberg-w2v-cbow32-2  8243   32   word2vec-bin  samples/gutenberg-w2v-cbow32.bin

$ vecscope -q -c 'use nothing'
  error: -c command 1: use: no open model is called 'nothing'; 'models' lists them
[exit 1]

$ vecscope -q -c 'close'
  error: -c command 1: close: no model is open
[exit 1]

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'info' | grep -v -e 'file size' -e 'scan instructions'
  name                gutenberg-w2v-cbow32
  file                samples/gutenberg-w2v-cbow32.bin
  format              word2vec-bin
  words               8243
  dimension           32
  memory              1.3 MiB
  storage             in memory
  duplicates skipped  0
  unknown words       an error
  neighbour search    exact, through an 8-bit copy built at the first query

$ vecscope -q --limit 100 samples/gutenberg-w2v-cbow32.bin -c 'info; nn whale' 2>&1 | grep -E 'words|error'
  words               100
  unknown words       an error
  error: -c command 2: 'whale' is not in the vocabulary of gutenberg-w2v-cbow32; did you mean 'have' or 'what'?

$ vecscope -q --tsv samples/gutenberg-w2v-cbow32.bin -c 'load samples/gutenberg-w2v-cbow32.bin --limit 50 as small; nn the -k 3; use gutenberg-w2v-cbow32; nn the -k 3 --restrict 50'
  this	0.49736506
  which	0.47020897
  a	0.38644412
  this	0.49736506
  which	0.47020897
  a	0.38644412

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c "save $T/books.vsc" && vecscope -q --tsv $T/books.vsc -c 'info; nn whale -k 3; analogy man king woman -k 2' | sed "s#$T#T#" | grep -v '^scan instructions'
  name	books
  file	T/books.vsc
  format	vecscope-cache
  words	8243
  dimension	32
  file size	1.9 MiB
  memory	1.9 MiB
  storage	mapped from the file
  duplicates skipped	0
  unknown words	an error
  neighbour search	exact, through the 8-bit copy in the cache
  leviathan	0.78704637
  harpooneer	0.74160904
  whale's	0.70266682
  priest	0.60806060
  maid	0.60648692

$ vecscope -q --format glove-text samples/gutenberg-w2v-cbow32.bin
  error: samples/gutenberg-w2v-cbow32.bin: line 2: expected a word and 32 numbers, found 3 fields
[exit 1]

$ vecscope -q -c 'load samples/gutenberg-w2v-cbow32.bin --format nosuch'
  error: -c command 1: load: unknown format 'nosuch'; formats are: vecscope-cache, bert, fasttext-bin, word2vec-bin, fasttext-vec, word2vec-text, glove-text
[exit 1]

$ vecscope -q -c 'load samples/gutenberg-w2v-cbow32.bin --encoding-errors maybe'
  error: -c command 1: --encoding-errors takes strict, replace or ignore, not 'maybe'
[exit 1]

$ vecscope -q -c 'load /nonexistent/model.bin'
  error: -c command 1: /nonexistent/model.bin: no such file
[exit 1]

$ vecscope -q -c 'load tests'
  error: -c command 1: tests: is a directory, and no format reads it; use --format NAME (one of vecscope-cache, bert, fasttext-bin, word2vec-bin, fasttext-vec, word2vec-text, glove-text)
[exit 1]

