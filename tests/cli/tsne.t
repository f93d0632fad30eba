# tsne.t - maps by t-SNE through the tsne plugin, on the sample model. The
# coordinates depend on the machine's BLAS kernels, so these cases check the
# structure (one point a word, the header, groups, the KL note, --out), that
# the same seed gives the same map whatever the thread count (the session's
# or --threads) and another seed or --learning-rate another map, and the bad
# input: a perplexity given too large for the words (without one, the
# default fits a small selection, with a note), too few words, too few
# iterations, an unknown method or start, fft in 3-D, an unknown word, an
# unwritable --out (nothing written), a broken file among the plugins, a
# learning rate or a thread count of 0. (Agreement with scikit-learn is
# checked by check_tsne.c.)
$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 50 --perplexity 5' | head -1
  tsne of 50 words of gutenberg-w2v-cbow32

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 50 --perplexity 5 --tsv' | awk -F'\t' 'NF == 3 && $2 + 0 == $2 && $3 + 0 == $3 { n++ } END { print n }'
  50

$ vecscope -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 50 --perplexity 5' 2>&1 >/dev/null | sed 's/divergence [0-9.]*$/divergence X/' | grep -v '^loaded'
  t-SNE done after 1000 iterations, KL divergence X

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 50 --perplexity 5 --iter 250 --seed 3 --tsv' >$T/a && vecscope -q --threads 1 -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 50 --perplexity 5 --iter 250 --seed 3 --tsv' >$T/b && cmp $T/a $T/b && echo same
  same

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 50 --perplexity 5 --iter 250 --seed 4 --tsv' >$T/c && cmp -s $T/a $T/c || echo different
  different

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --near king --near water -k 5 --perplexity 3 --dims 3 --method barnes_hut --tsv' | awk -F'\t' '{ print NF, $5 }' | uniq -c | sed 's/^ *//'
  6 5 king
  6 5 water

$ mkdir $T/tm && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 6 --perplexity 2 --iter 250 --init random --out $T/tm/map.tsv" >/dev/null && cut -f1 $T/tm/map.tsv && ls $T/tm
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

# a selection too small for the default perplexity of 30: (n - 1) / 3, and
# a note saying so; the axis titles name the perplexity used
$ vecscope -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne whale ship sea boat river money --tsv' 2>&1 >/dev/null | grep -v -e '^loaded' -e '^t-SNE done'
  perplexity 1.67: the default, 30, needs more than 3 x 30 + 1 words, and the map has 6 (--perplexity sets it)

$ vecscope -c "load tests/data/gutenberg-w2v-cbow32.bin; tsne --near king -k 15 --out $T/near.svg" 2>&1 | grep -v -e '^loaded' -e '^t-SNE done' | sed "s|$T|T|"; grep -c -E '<text>t-SNE 1 \(perplexity 5, [0-9]+ iterations, KL divergence [0-9.]+\)</text>' $T/near.svg
  perplexity 5: the default, 30, needs more than 3 x 30 + 1 words, and the map has 16 (--perplexity sets it)
  wrote T/near.svg: an SVG picture of 16 points
  1

# from 91 words the default stands, without a note
$ vecscope -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 91 --iter 250 --tsv' 2>&1 >/dev/null | grep -c perplexity
  0
[exit 1]

# a perplexity given is the user's: too large is an error
$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne king queen man woman prince --perplexity 5'
  error: -c command 2: tsne: perplexity 5 is too large for 5 points: it must be less than 5 (without --perplexity, the default fits the points)
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne king queen man --perplexity 2'
  error: -c command 2: tsne: needs at least 4 points, got 3
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne king queen'
  error: -c command 2: tsne: a map needs at least 3 words, got 2
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 10 --perplexity 3 --iter 100'
  error: -c command 2: tsne: iter must be at least 250 (the early exaggeration), got 100
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 10 --perplexity 3 --method fast'
  error: -c command 2: tsne: unknown method "fast" (auto, exact, barnes_hut or fft)
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 10 --perplexity 3 --method fft --dims 3'
  error: -c command 2: tsne: the fft method draws 2-D maps only, not 3-D (use barnes_hut)
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 10 --perplexity 3 --init zero'
  error: -c command 2: tsne: unknown init "zero" (pca or random)
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --perplexity 2 king queen kingg man'
  error: -c command 2: tsne: 'kingg' is not in the vocabulary of gutenberg-w2v-cbow32; did you mean 'king' or 'kings'?
[exit 1]

$ vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 5 --perplexity 2 --out $T/tm/no/map.tsv" 2>&1 | sed "s|$T|T|"; ls $T/tm
  error: -c command 2: tsne: cannot write T/tm/no/map.tsv: No such file or directory
  map.tsv

$ mkdir $T/tp && echo junk >$T/tp/junk.so && VECSCOPE_PLUGIN_PATH=$T/tp vecscope -q -c 'plugins --tsv' 2>&1 | sed "s|$T|T|g" | cut -f1
  warning: plugin T/tp/junk.so: cannot load it: T/tp/junk.so: file too short
  pca
  tsne
  umap

$ VECSCOPE_PLUGIN_PATH=$T/tp vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 10 --perplexity 3 --tsv' 2>&1 | awk -F'\t' 'NF == 3 { n++; next } { print } END { print n, "points" }'
  10 points

$ vecscope -q --threads 1 -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 50 --perplexity 5 --iter 250 --seed 3 --threads 2 --tsv' >$T/d && cmp $T/a $T/d && echo same
  same

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 50 --perplexity 5 --iter 250 --seed 3 --learning-rate 10 --tsv' >$T/e && cmp -s $T/a $T/e || echo different
  different

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 10 --perplexity 3 --learning-rate 0'
  error: -c command 2: tsne: the learning rate must be positive, got 0
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 10 --perplexity 3 --threads 0'
  error: -c command 2: tsne: threads must be at least 1, got 0
[exit 1]

# A handful of points with a tiny perplexity: the FFT method sums the pairs
# directly when its grid would cost more (it grew to 2048 x 2048 and ran for
# minutes), and the map stays bounded (a coordinate once reached -3e8).
$ timeout 60 "$VECSCOPE" -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne --top 5 --perplexity 1 --method fft --tsv' | awk -F'\t' '{ for (i = 2; i <= 3; i++) if (!($i + 0 > -1e4 && $i + 0 < 1e4)) bad = 1 } END { print NR " points", bad ? "unbounded" : "bounded" }'
  5 points bounded
