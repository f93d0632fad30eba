# umap.t - maps by UMAP through the umap plugin, on the sample model. The
# coordinates depend on the machine's libm and BLAS kernels, so these cases
# check the structure (one point a word, the header, groups, the final
# note, --out), that the same seed gives the same map whatever the thread
# count and another seed another map, a small selection (the neighbourhood
# clamped, with a note), and the bad input: too few neighbours, a min-dist
# out of range, an unknown start, no epochs, too few words, an unknown word,
# 4 dimensions. (Agreement with umap-js is checked by check_umap.c.)
$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap --top 50' | head -1
  umap of 50 words of gutenberg-w2v-cbow32

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap --top 50 --tsv' | awk -F'\t' 'NF == 3 && $2 + 0 == $2 && $3 + 0 == $3 { n++ } END { print n }'
  50

$ vecscope -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap --top 50 --epochs 100' 2>&1 >/dev/null | grep -v '^loaded'
  UMAP done after 100 epochs, 15 neighbours, spectral start

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap --top 200 --epochs 50 --seed 3 --tsv' >$T/a && vecscope -q --threads 1 -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap --top 200 --epochs 50 --seed 3 --tsv' >$T/b && cmp $T/a $T/b && echo same
  same

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap --top 200 --epochs 50 --seed 4 --tsv' >$T/c && cmp -s $T/a $T/c || echo different
  different

$ vecscope -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap king queen man woman prince --epochs 50' 2>&1 >/dev/null | grep -v '^loaded'
  UMAP done after 50 epochs, 4 neighbours, spectral start
  5 words allow at most 4 neighbours (the word itself counted): 4 used, not 15

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap --near king --near water -k 5 --neighbors 4 --min-dist 0.5 --dims 3 --tsv' | awk -F'\t' '{ print NF, $5 }' | uniq -c | sed 's/^ *//'
  6 5 king
  6 5 water

$ mkdir $T/um && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; umap --top 6 --epochs 20 --init random --out $T/um/map.tsv" >/dev/null && cut -f1 $T/um/map.tsv && ls $T/um
  </s>
  the
  and
  of
  to
  a
  map.tsv

$ vecscope -q -c 'help umap' | head -1
  usage: umap WORDS... | --top N | --file F | --near WORD [--near WORD2...] [-k K] [--clusters K] [--groups FILE] [--dims 2|3] [--neighbors N] [--min-dist D] [--seed S] [--epochs N] [--init I] [--threads T] [--out FILE] [--plot] [--labels all|none|auto]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap --top 10 --neighbors 1'
  error: -c command 2: umap: neighbors must be at least 2, got 1
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap --top 10 --min-dist 2'
  error: -c command 2: umap: min-dist must be between 0 and 1 (the spread), got 2
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap --top 10 --init pca'
  error: -c command 2: umap: unknown init "pca" (spectral or random)
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap --top 10 --epochs 0'
  error: -c command 2: umap: epochs must be 1 to 100000000, got 0
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap king queen'
  error: -c command 2: umap: a map needs at least 3 words, got 2
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap king queen kingg man'
  error: -c command 2: umap: 'kingg' is not in the vocabulary of gutenberg-w2v-cbow32; did you mean 'king' or 'kings'?
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; umap --top 10 --dims 4'
  error: -c command 2: umap: --dims must be 2 or 3, got 4
[exit 1]
