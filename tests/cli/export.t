# export.t - `export projector DIR [SELECTION]` (issue 5): the two files of the
# TensorFlow Embedding Projector. vectors.tsv: one row a word, its components
# tab-separated, no header, each written as `vec WORD --tsv` writes it (%.9g:
# the same float32 when read back); metadata.tsv: one word a line, no header
# with one column, a `word<TAB>group` header with groups (the Projector's rule
# for multi-column metadata); words escaped as TSV cells. Bad input: an
# unknown format, a DIR that is a file or cannot be made, an unknown word:
# an error, and nothing written (not even the folder).

$ vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; export projector $T/export-p --top 50" | sed "s|$T|T|"; wc -l <$T/export-p/vectors.tsv; wc -l <$T/export-p/metadata.tsv; awk -F'\t' '{ print NF }' $T/export-p/vectors.tsv | sort -u; sed -n '1,3p' $T/export-p/metadata.tsv; ls $T/export-p
  export for the Embedding Projector
  vectors     T/export-p/vectors.tsv
  metadata    T/export-p/metadata.tsv
  words       50
  dimensions  32
  50
  50
  32
  </s>
  the
  and
  metadata.tsv
  vectors.tsv

$ vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; export projector $T/export-k king queen; vec king --tsv; vec queen --tsv" >$T/export-k.out && tail -2 $T/export-k.out | cmp - $T/export-k/vectors.tsv && echo same vectors && cat $T/export-k/metadata.tsv
  same vectors
  king
  queen

$ vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; export projector $T/export-g --near king --near queen -k 2 --tsv" | sed "s|$T|T|"; cat $T/export-g/metadata.tsv; wc -l <$T/export-g/vectors.tsv
  vectors	T/export-g/vectors.tsv
  metadata	T/export-g/metadata.tsv
  words	4
  dimensions	32
  word	group
  king	king
  duke	king
  queen	king
  editor	queen
  4

# words escaped as TSV cells: a backslash doubled
$ vecscope -q -c "load tests/data/hostile-w2v.txt; export projector $T/export-h" >/dev/null; sed -n '1,3p' $T/export-h/metadata.tsv; wc -l <$T/export-h/vectors.tsv
  "; system("touch owned") #
  a\\b
  back\\\\slash
  10

# bad input
$ vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; export csv $T/export-c king"; test -e $T/export-c || echo nothing written
  error: -c command 2: export: unknown format 'csv'; the one there is: projector (export projector DIR [WORDS...])
  nothing written

$ mkdir $T/export-b && touch $T/export-b/file && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; export projector $T/export-b/file king" 2>&1 | sed "s|$T|T|"; vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; export projector $T/export-b/file/sub king" 2>&1 | sed "s|$T|T|"; vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; export projector $T/export-b/no/sub king" 2>&1 | sed "s|$T|T|"; ls $T/export-b
  error: -c command 2: export: T/export-b/file is not a folder; name a folder for vectors.tsv and metadata.tsv
  error: -c command 2: export: cannot create the folder T/export-b/file/sub: Not a directory
  error: -c command 2: export: cannot create the folder T/export-b/no/sub: No such file or directory
  file

$ mkdir $T/export-u && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; export projector $T/export-u/new king kingg" 2>&1 | sed "s|$T|T|"; ls $T/export-u
  error: -c command 2: export: 'kingg' is not in the vocabulary of gutenberg-w2v-cbow32; did you mean 'king' or 'kings'?

$ vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; export projector $T/export-x --top 5 king" 2>&1 | sed "s|$T|T|"
  error: -c command 2: export: give exactly one kind of selection: words, --top N, --file F or --near WORD (got 2)

$ vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; export projector"
  error: -c command 2: export: too few arguments; usage: export projector DIR [WORDS... | --top N | --file F | --near WORD [--near WORD2...] [-k K]]
[exit 1]

# a newline or a tab in a word stays inside its row
$ vecscope -q -c "load tests/data/hostile-w2v.bin; export projector $T/export-nl" >/dev/null && cat $T/export-nl/metadata.tsv && wc -l <$T/export-nl/vectors.tsv
  two\nlines
  tab\there
  a\\b
  q"uote
  king
  queen
  6
