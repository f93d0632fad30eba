# cluster.t - k-means: `cluster` on a selection of two --near groups (the
# two clusters are the two groups; a row per word, each cluster's words
# nearest its mean direction first), its TSV and its note; --clusters K on pca (a group
# column of clusters) and --groups FILE (a file's groups; the words it lacks
# have none, and a note says how many); the errors: K out of range, a
# missing file. (Agreement with scikit-learn is check_kmeans.c's part.)
$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; cluster --near whale --near king -k 4 --clusters 2'
  2 clusters of 10 words of gutenberg-w2v-cbow32 (k-means of the unit vectors)
  cluster  word        cosine to the centre
  1        whale       0.954239
  1        leviathan   0.825870
  1        sperm       0.794440
  1        harpooneer  0.782358
  1        whale's     0.765507
  2        king        0.907115
  2        duke        0.875396
  2        lawyer      0.843702
  2        citizen     0.811083
  2        queen       0.778445

$ vecscope -c 'load tests/data/gutenberg-w2v-cbow32.bin; cluster --near whale --near money -k 3 --clusters 2 --seed 4 --tsv' 2>&1 | sed 1d
  k-means: inertia 2.149589 (best of 10 starts, seed 4)
  1	whale	0.955182
  1	leviathan	0.838760
  1	harpooneer	0.807288
  1	whale's	0.781709
  2	money	0.907014
  2	practice	0.861046
  2	reward	0.854553
  2	trouble	0.835330

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca --near whale --near money -k 2 --clusters 2 --tsv' | cut -f1,4
  whale	cluster 1
  leviathan	cluster 1
  harpooneer	cluster 1
  money	cluster 2
  trouble	cluster 2
  practice	cluster 2

$ printf 'whale\tanimals\nleviathan animals\nmoney\tthings\n# a comment\n' >"$T/g.txt"; vecscope -c "load tests/data/gutenberg-w2v-cbow32.bin; pca --near whale --near money -k 2 --groups $T/g.txt --tsv" 2>&1 | sed 1d | sed "s|$T|T|" | cut -f1,4
  3 of the 6 words are not in T/g.txt: they have no group
  explained variance ratio: PC1 0.6858, PC2 0.1444 (total 0.8302)
  whale	animals
  leviathan	animals
  harpooneer	
  money	things
  trouble	
  practice	

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; cluster whale ship --clusters 3'
  error: -c command 2: cluster: --clusters must be 1 to 2 (the words), not 3
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; tsne whale ship sea boat --clusters 0 --perplexity 2'
  error: -c command 2: tsne: --clusters must be 1 to 4 (the words), not 0
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca whale ship sea --groups /nonexistent'
  error: -c command 2: pca: /nonexistent: cannot open: No such file or directory
[exit 1]
