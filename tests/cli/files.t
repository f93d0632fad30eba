# files.t - the files vecscope writes, all through one atomic writer
# (src/atomicfile.c): --out tables and pictures, export, save and train's
# vectors get the usual permissions (0666 masked by the umask, so a plot
# copied to a shared folder can be read there), and leave no temporary file.
$ umask 022; vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --out $T/p1.tsv; pca king queen man --out $T/p1.svg; export projector $T/e1 king queen; save $T/c1.vsc" >/dev/null && vecscope -q -c "train word2vec tests/data/train/alice-120.txt $T/w1.bin --dim 8 --epochs 1 --threads 1" >/dev/null && cd $T && stat -c '%a %n' p1.tsv p1.svg e1/vectors.tsv e1/metadata.tsv c1.vsc w1.bin && find $T -name '*.tmp*' | wc -l
  644 p1.tsv
  644 p1.svg
  644 e1/vectors.tsv
  644 e1/metadata.tsv
  644 c1.vsc
  644 w1.bin
  0

$ umask 002; vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --out $T/p2.tsv; pca king queen man --out $T/p2.png; attn" >/dev/null 2>&1; stat -c '%a %n' $T/p2.tsv $T/p2.png | sed "s|$T/||"
  664 p2.tsv
  664 p2.png

$ umask 077; vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --out $T/p3.tsv" >/dev/null && stat -c '%a' $T/p3.tsv
  600
