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

# Nothing the user has is destroyed: a FIFO, a device or a folder is never
# replaced by a file; a symbolic link is written through (the link stays);
# the file an open model was read from and the corpus being trained on are
# refused by name.
$ mkfifo $T/fifo && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; save $T/fifo" 2>&1 | sed "s|$T|T|"; test -p $T/fifo && echo still a FIFO
  error: -c command 2: cannot write T/fifo: it is a FIFO, not a regular file; name a file
  still a FIFO

$ ln -s /dev/null $T/null.tsv && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --out $T/null.tsv" 2>&1 | sed "s|$T|T|"; test -c /dev/null && echo still a device
  error: -c command 2: pca: cannot write T/null.tsv: it is a device, not a regular file; name a file
  still a device

$ mkdir $T/dir.tsv && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --out $T/dir.tsv" 2>&1 | sed "s|$T|T|"
  error: -c command 2: pca: cannot write T/dir.tsv: it is a directory; name a file

$ mkdir $T/ln && echo old >$T/ln/real.tsv && ln -s real.tsv $T/ln/link.tsv && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --out $T/ln/link.tsv" >/dev/null && test -L $T/ln/link.tsv && echo still a link && head -c 5 $T/ln/real.tsv | od -c | head -1
  still a link
  0000000   k   i   n   g  \t

$ cp tests/data/gutenberg-w2v-cbow32.bin $T/m.bin && vecscope -q -c "load $T/m.bin as books; save $T/m.bin" 2>&1 | sed "s|$T|T|"; cmp $T/m.bin tests/data/gutenberg-w2v-cbow32.bin && echo unchanged
  error: -c command 2: cannot write T/m.bin: it is the file model 'books' was read from; name another file
  unchanged

$ vecscope -q -c "load $T/m.bin as books; close books; load tests/data/test_glove.txt; save $T/m.bin" && vecscope -q -c "load $T/m.bin; info --tsv" | grep -c vecscope-cache
  1

$ cp tests/data/train/alice-120.txt $T/c.txt && vecscope -q -c "train word2vec $T/c.txt $T/c.txt --dim 8 --epochs 1" 2>&1 | sed "s|$T|T|"; cmp $T/c.txt tests/data/train/alice-120.txt && echo unchanged
  error: -c command 1: train word2vec: cannot write T/c.txt: it is the corpus being trained on; name another file
  unchanged

$ ln -s c.txt $T/c-link.txt && vecscope -q -c "train word2vec $T/c.txt $T/c-link.txt --dim 8 --epochs 1" 2>&1 | sed "s|$T|T|"
  error: -c command 1: train word2vec: cannot write T/c-link.txt: it is the corpus being trained on; name another file
