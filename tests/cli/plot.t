# plot.t - pictures. In the terminal (--plot in batch mode: vecscope's own
# character drawing on stdout, 80 x 24, the named words labelled, --labels
# none and all, a 3-D map's views, an attention heatmap with its tokens on
# both axes and its colour bar, the head view with every token in both
# columns; gnuplot's dumb drawing only with VECSCOPE_PLOT=dumb; no gnuplot
# needed but for that), and in files: --out FILE.png/.svg/.pdf (the file's
# magic bytes or XML root, one line saying what was written, no temporary
# file left) and --out FILE.tsv; attn's head view as a picture (every token
# in both columns and a line for each weight that reaches a tenth of the
# scale); one --scale, the square root unless asked, the same in the
# terminal and in pictures; the bad input: --out with another extension or
# none (an error listing the kinds there are), an unknown --labels or
# --scale, --labels without a picture, an unwritable --out (nothing
# written), attn --plot without --layer/--head, gnuplot missing for a
# picture. The hostile vocabulary (tests/data/hostile-w2v.txt: `";
# system("touch owned") #`, `a\b`, `back\\slash`, a word with an escape
# character, `it's`, `<b>&amp;`) is drawn as text, to SVG and in the
# terminal, and runs nothing: no file `owned` appears. Needs gnuplot 5.4
# with the dumb, svg, pngcairo (or png) and pdfcairo terminals (Debian:
# gnuplot-nox). The pictures' layout (labels beside their points, none
# overlapping) is checked by tests/check_pictures.c.

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man woman prince --plot' >$T/p.txt; wc -l <$T/p.txt; wc -L <$T/p.txt
  24
  80

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man woman prince --plot' | grep -o -w -E 'pca of 5 words|king|queen|man|woman|prince' | sort
  king
  man
  pca of 5 words
  prince
  queen
  woman

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man woman prince --plot --labels none' | grep -c -w -E 'king|queen|man|woman|prince'
  0
[exit 1]

# --top names no word: auto labels only what has room, --labels all every word
$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca --top 300 --plot' | grep -o -E '[a-z]+' | sort -u | wc -l | awk '{ print ($1 > 5 && $1 < 100) ? "a few labels" : $1 " labels" }'
  a few labels

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca --near king --near queen -k 4 --plot' | tail -2 | grep -o -w -E 'king|queen'
  king
  queen

$ mkdir $T/plot-n && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca --near king -k 5 --out $T/plot-n/map.png" >/dev/null && od -An -c -N8 $T/plot-n/map.png && ls $T/plot-n
   211   P   N   G  \r  \n 032  \n
  map.png

$ mkdir $T/plot-s && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man woman --out $T/plot-s/map.svg" 2>&1 >/dev/null && grep -o -m1 '<svg' $T/plot-s/map.svg && grep -c -E '<text>(king|queen|man|woman)</text>' $T/plot-s/map.svg && ls $T/plot-s
  <svg
  4
  map.svg

$ mkdir $T/plot-p && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca --dims 3 --near king -k 5 --out $T/plot-p/map.pdf" >/dev/null && head -c 5 $T/plot-p/map.pdf && echo && ls $T/plot-p
  %PDF-
  map.pdf

# a 3-D map: as many views as fit side by side, each labelling the words
$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca --dims 3 king queen man woman prince --plot' | grep -o -E '3-D|PC[123] \(|\<(king|queen|man|woman|prince)\>' | sort | uniq -c | sed 's/^ *//'
  1 3-D
  1 PC1 (
  1 PC2 (
  2 king
  2 man
  2 prince
  2 queen
  2 woman

# gnuplot's dumb drawing, on request only
$ VECSCOPE_PLOT=dumb vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man woman prince --plot' >$T/d.txt; wc -l <$T/d.txt; grep -c -F '\342\240' $T/d.txt; grep -o 'pca of 5 words' $T/d.txt
  24
  0
  pca of 5 words

$ vecscope -q tests/data/bert/tiny-f32 -c 'attn --layer 0 --head 1 --plot the cat sat' | grep -v '^colour:' | grep -o -E '\[CLS\]|\[SEP\]|the|cat|sat|key token' | sort | uniq -c | awk '{ c = $1; $1 = ""; print substr($0, 2), c }'
  [CLS] 2
  [SEP] 2
  cat 2
  key token 1
  sat 2
  the 2

$ mkdir $T/plot-a && vecscope -q tests/data/bert/tiny-f32 -c "attn --layer 1 --head 0 --out $T/plot-a/heat.svg the cat sat" | sed "s|$T|T|" && grep -c -E '<text>(\[CLS\]|the|cat|sat|\[SEP\])</text>' $T/plot-a/heat.svg && grep -o -E 'attention weight \((linear|square-root) scale\)' $T/plot-a/heat.svg && ls $T/plot-a
  wrote T/plot-a/heat.svg: an SVG picture of a 5 x 5 matrix
  10
  attention weight (square-root scale)
  heat.svg

$ mkdir $T/plot-v && vecscope -q tests/data/bert/tiny-f32 -c "attn --layer 1 --head 0 --view lines --out $T/plot-v/head.svg the cat sat the" >/dev/null && grep -o -E '<text>[^<]*</text>' $T/plot-v/head.svg | grep -v attention | sort | uniq -c | awk '{ print $2, $1 }'
  <text>[CLS]</text> 2
  <text>[SEP]</text> 2
  <text>cat</text> 2
  <text>key</text> 1
  <text>query</text> 1
  <text>sat</text> 2
  <text>the@1</text> 2
  <text>the@4</text> 2

$ lines=$(grep -o 'M[0-9.]*,[0-9.]* L[0-9.]*,[0-9.]*' $T/plot-v/head.svg | cut -d, -f1 | sort | uniq -c | sort -rn | head -1 | awk '{ print $1 }'); weights=$(vecscope -q tests/data/bert/tiny-f32 --tsv -c 'attn --layer 1 --head 0 the cat sat the' | awk -F '\t' '{ for (j = 2; j <= NF; j++) if ($j >= 0.01) c++ } END { print c }'); echo "$lines lines, $weights weights of 0.01 or more"
  35 lines, 35 weights of 0.01 or more
# the head view in characters: every token in both columns, the colour bar
$ vecscope -q tests/data/bert/tiny-f32 -c 'attn --layer 1 --head 0 --view lines --plot the cat sat the' | grep -o -E '\[CLS\]|\[SEP\]|\<cat\>|\<sat\>|the@[14]|square-root scale' | sort | uniq -c | awk '{ c = $1; $1 = ""; print substr($0, 2), c }'
  [CLS] 2
  [SEP] 2
  cat 2
  sat 2
  square-root scale 1
  the@1 2
  the@4 2

# --scale linear: the same in the terminal and in pictures
$ vecscope -q tests/data/bert/tiny-f32 -c "attn --layer 1 --head 0 --scale linear --plot the cat sat; attn --layer 1 --head 0 --scale linear --out $T/plot-a/lin.svg the cat sat" | grep -o -E '(linear|square-root) scale|wrote' && grep -o -E 'attention weight \((linear|square-root) scale\)' $T/plot-a/lin.svg
  linear scale
  wrote
  attention weight (linear scale)

$ vecscope -q tests/data/bert/tiny-f32 -c "attn --layer 1 --head 0 --scale log --plot the cat sat"
  error: -c command 1: attn: --scale is sqrt or linear, not 'log'
[exit 1]

$ vecscope -q tests/data/bert/tiny-f32 -c 'attn --plot the cat'
  error: -c command 1: attn: --plot draws one head: give --layer L and --head H
[exit 1]

# bad input
$ mkdir $T/plot-j && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --out $T/plot-j/map.jpg" 2>&1 | sed "s|$T|T|"; ls $T/plot-j
  error: -c command 2: pca: --out: cannot tell what to write from the name 'T/plot-j/map.jpg': end it in .png, .svg or .pdf for a picture, or .tsv for the table

$ vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; tsne king queen man woman --plot --out $T/plot-j/points" 2>&1 | sed "s|$T|T|"; ls $T/plot-j
  error: -c command 2: tsne: --out: cannot tell what to write from the name 'T/plot-j/points': end it in .png, .svg or .pdf for a picture, or .tsv for the table

# --out writes the file and says so in one line, in place of the table;
# with --plot the drawing follows
$ vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca --top 2000 --out $T/plot-j/top.png" | sed "s|$T|T|"; vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca --top 2000 --out $T/plot-j/top.tsv --json" | sed "s|$T|T|"; wc -l <$T/plot-j/top.tsv
  wrote T/plot-j/top.png: a PNG picture of 2000 points
  {"wrote": "T/plot-j/top.tsv", "holds": "a TSV table", "points": 2000}
  2000

$ vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --out $T/plot-j/m.svg --plot" | sed "s|$T|T|" | sed -n '1p;2p'
  wrote T/plot-j/m.svg: an SVG picture of 3 points
  pca of 3 words of gutenberg-w2v-cbow32

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --plot --labels some'
  error: -c command 2: pca: --labels is all, none or auto, not 'some'
[exit 1]

$ vecscope -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --labels all'
  error: -c command 2: pca: --labels goes with --plot or --out FILE.png|svg|pdf
[exit 1]

$ mkdir $T/plot-f && touch $T/plot-f/file && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --out $T/plot-f/file/map.png" 2>&1 | sed "s|$T|T|"; ls -A $T/plot-f
  error: -c command 2: pca: cannot write T/plot-f/file/map.png: Not a directory
  file

$ mkdir $T/plot-e && vecscope -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --out $T/plot-e/no/map.svg" 2>&1 | sed "s|$T|T|"; ls -A $T/plot-e
  error: -c command 2: pca: cannot write T/plot-e/no/map.svg: No such file or directory

$ mkdir $T/plot-nobin && env PATH=$T/plot-nobin "$VECSCOPE" -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --out $T/plot-nobin/map.png"; ls $T/plot-nobin
  error: -c command 2: pca: gnuplot is not installed: install the Debian package gnuplot-nox

$ env PATH=$T/plot-nobin "$VECSCOPE" -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --plot' | grep -c -w -E 'king|queen|man'
  3

$ env PATH=$T/plot-nobin VECSCOPE_PLOT=dumb "$VECSCOPE" -q -c 'load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --plot'
  error: -c command 2: gnuplot is not installed: install the Debian package gnuplot-nox
[exit 1]

# the hostile vocabulary: drawn as text, nothing run
$ mkdir $T/plot-h && cd $T/plot-h && vecscope -q -c "load $SRCDIR/tests/data/hostile-w2v.txt; pca --top 10 --labels all --out $T/plot-h/h.svg" >/dev/null && grep -o -E '<text>[^<]*</text>' h.svg | grep -v -E '<text> ?-?[0-9.]+</text>' | sort; ls
  <text>"; system("touch owned") #</text>
  <text>&lt;b>&amp;amp;</text>
  <text>PC1 (64.3 % of the variance)</text>
  <text>PC2 (30.1 % of the variance)</text>
  <text>a\b</text>
  <text>back\\slash</text>
  <text>esc\x1b[31mred</text>
  <text>it's</text>
  <text>king</text>
  <text>man</text>
  <text>pca of 10 words of hostile-w2v</text>
  <text>queen</text>
  <text>woman</text>
  h.svg

$ mkdir $T/plot-h2 && cd $T/plot-h2 && printf 'load %s\npca --near "\\"; system(\\"touch owned\\") #" --near "it'"'"'s" -k 2 --out g.svg\npca --top 10 --labels all --plot\n' "$SRCDIR/tests/data/hostile-w2v.txt" >s.vs && vecscope -q -f s.vs >dumb.txt && grep -o -F -e '"; system("touch owned")' -e 'esc\x1b[31mred' -e "it's" dumb.txt | sort -u && grep -c -F -e '<text>"; system("touch owned") #</text>' -e "<text>it's</text>" g.svg; ls; cat g.svg dumb.txt | grep -c "$(printf '\033')"
  "; system("touch owned")
  esc\x1b[31mred
  it's
  4
  dumb.txt
  g.svg
  s.vs
  0
[exit 1]

# gnuplot failing half-way (a stand-in that writes part of the picture, then
# reports an error as gnuplot does and exits 1): its message, and no file
$ mkdir -p $T/plot-fake/bin && printf '#!/bin/sh\nout=$(sed -n "s/^set output .\\\\(.*\\\\).$/\\\\1/p")\necho partial >"$out"\nprintf "\\\\ngnuplot> set terminal pdfcairo\\\\n         line 2: unknown or ambiguous terminal type\\\\n" >&2\nexit 1\n' >$T/plot-fake/bin/gnuplot && chmod +x $T/plot-fake/bin/gnuplot && env PATH=$T/plot-fake/bin:/usr/bin:/bin "$VECSCOPE" -q -c "load tests/data/gutenberg-w2v-cbow32.bin; pca king queen man --out $T/plot-fake/map.pdf"; ls $T/plot-fake
  error: -c command 2: pca: gnuplot failed: unknown or ambiguous terminal type
  bin

# words with a newline, a tab, a backslash and a quote (a binary model can
# hold them): shown as text, one label each
$ mkdir $T/plot-nl && vecscope -q -c "load tests/data/hostile-w2v.bin; pca --top 6 --labels all --out $T/plot-nl/nl.svg" >/dev/null && grep -o -E '<text>[^<]*</text>' $T/plot-nl/nl.svg | grep -v -E '<text> ?-?[0-9.]+</text>' | sort
  <text>PC1 (68.0 % of the variance)</text>
  <text>PC2 (29.1 % of the variance)</text>
  <text>a\b</text>
  <text>king</text>
  <text>pca of 6 words of hostile-w2v</text>
  <text>q"uote</text>
  <text>queen</text>
  <text>tab\there</text>
  <text>two\nlines</text>
