# pca.t - maps by PCA through the pca plugin: words on the line, --near (one
# group, and several: each word once, in the group of its first --near),
# repeated words, --file with groups, 3-D, TSV to a file, `plugins`; and the bad
# input: too few words, an unknown word, --dims 4, two selections, a missing
# file, an unwritable --out (nothing written).
# (Agreement with scikit-learn to 1e-4 is checked by check_plugin.c.)
$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man woman prince'
  pca of 5 words of gutenberg-w2v-cbow32
  word               x             y
  king        3.860477      1.233526
  queen       3.801061      0.070143
  man        -4.410765      3.383838
  woman      -4.418421     -2.751497
  prince      1.167647     -1.936010

$ vecscope -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man woman prince' 2>&1 >/dev/null | grep explained
  explained variance ratio: PC1 0.5880, PC2 0.2050 (total 0.7929)

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca --near king -k 4 --dims 3'
  pca of 5 words of gutenberg-w2v-cbow32
  word                x             y             z  group
  king         0.135285      1.541009     -2.310651  king
  duke        -0.535413     -2.088014     -0.768456  king
  queen        2.725114      1.483542      1.240980  king
  citizen     -3.271165      1.063018      1.237711  king
  lawyer       0.946179     -1.999555      0.600416  king

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca --near king --near queen -k 4 --tsv' | cut -f1,4
  king	king
  duke	king
  queen	king
  citizen	king
  lawyer	king
  editor	queen
  maria	queen
  grandfather	queen

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca --tsv king queen man king queen' 2>/dev/null | cut -f1
  king
  queen
  man

$ vecscope -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man king queen' 2>&1 >/dev/null | grep -v '^loaded'
  2 repeated words left out (one point a word)
  explained variance ratio: PC1 0.8350, PC2 0.1650 (total 1.0000)

$ printf 'king\troyal\nqueen\troyal\nman\tpeople\n\n# a comment\nwoman people\nprince\n' >$T/words.txt && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca --file $T/words.txt --tsv" | cut -f1,4
  king	royal
  queen	royal
  man	people
  woman	people
  prince	

$ mkdir $T/m && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca --top 6 --out $T/m/map.tsv" >/dev/null && cut -f1 $T/m/map.tsv && ls $T/m
  </s>
  the
  and
  of
  to
  a
  map.tsv

$ vecscope -q -c 'plugins --tsv' | cut -f1
  pca
  tsne
  umap

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca king queen'
  error: -c command 2: pca: a map needs at least 3 words, got 2
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca king queen kingg'
  error: -c command 2: pca: 'kingg' is not in the vocabulary of gutenberg-w2v-cbow32; did you mean 'king' or 'kings'?
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca --dims 4 king queen man'
  error: -c command 2: pca: --dims must be 2 or 3, got 4
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca --top 10 king'
  error: -c command 2: pca: give exactly one kind of selection: words, --top N, --file F or --near WORD (got 2)
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca -k 3 king queen man'
  error: -c command 2: pca: -k goes with --near WORD
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca --near king --near kingg'
  error: -c command 2: pca: 'kingg' is not in the vocabulary of gutenberg-w2v-cbow32; did you mean 'king' or 'kings'?
[exit 1]

$ vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca --file $T/nonexistent.txt" 2>&1 | sed "s|$T|T|"
  error: -c command 2: pca: T/nonexistent.txt: cannot open: No such file or directory

$ vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca --top 5 --out $T/m/no/map.tsv" 2>&1 | sed "s|$T|T|"; ls $T/m
  error: -c command 2: pca: cannot write T/m/no/map.tsv: No such file or directory
  map.tsv
