# notebook.t - record FILE.md writes the session down as Markdown (the
# models open, each command, its result, its pictures, comments as text);
# vecscope --replay runs its commands again; and their errors.

# a session recorded in batch mode: the load of the open model comes first,
# a comment is a paragraph, ## a heading; record's own lines are left out
$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c "record $T/demo.md; # Neighbours of king.; nn king -k 2; ## Similarity; sim king queen; record" >/dev/null 2>&1; cat $T/demo.md | sed "s#$SRCDIR/##"
  # vecscope notebook
  
  Recorded by vecscope 0.1.0. Replay: `vecscope --replay demo.md`.
  
  The models open when recording began:
  
  ```vecscope
  load "samples/gutenberg-w2v-cbow32.bin" as gutenberg-w2v-cbow32
  ```
  
  Neighbours of king.
  
  ```vecscope
  nn king -k 2
  ```
  
  ```text
  nearest to king in gutenberg-w2v-cbow32
    1  duke    0.725508
    2  queen   0.711923
  ```
  
  ## Similarity
  
  ```vecscope
  sim king queen
  ```
  
  ```text
  cosine(king, queen) = 0.711923
  ```

# a command that fails is written down with its error (in a script, the
# last: a script stops at its first error)
$ cd $T && printf 'load %s/samples/gutenberg-w2v-cbow32.bin as books\nrecord demo2.md\nnn whale -k 2\nnn whalee\n' "$SRCDIR" > in.vs && vecscope -q -f in.vs >/dev/null 2>&1; sed "s#$SRCDIR/##" demo2.md
  # vecscope notebook
  
  Recorded by vecscope 0.1.0. Replay: `vecscope --replay demo2.md`.
  
  The models open when recording began:
  
  ```vecscope
  load "samples/gutenberg-w2v-cbow32.bin" as books
  ```
  
  ```vecscope
  nn whale -k 2
  ```
  
  ```text
  nearest to whale in books
    1  leviathan    0.787047
    2  harpooneer   0.741609
  ```
  
  ```vecscope fails
  nn whalee
  ```
  
  ```text
  error: 'whalee' is not in the vocabulary of books; did you mean 'whale', 'whales' or 'whaler'?
  ```

# replay: each command shown after a prompt, the recorded failure shown and
# passed over
$ cd $T && vecscope -q --replay demo2.md 2>&1 | sed "s#$SRCDIR/##"
  vecscope> load "samples/gutenberg-w2v-cbow32.bin" as books
  books> nn whale -k 2
  nearest to whale in books
    1  leviathan    0.787047
    2  harpooneer   0.741609
  books> nn whalee
  error: demo2.md:22: 'whalee' is not in the vocabulary of books; did you mean 'whale', 'whales' or 'whaler'?

$ cd $T && vecscope -q --replay demo2.md >/dev/null 2>&1

# a picture asked for with --plot is a PNG beside the notebook
$ cd $T && vecscope -q "$SRCDIR/samples/gutenberg-w2v-cbow32.bin" -c 'record pics.md; simmat king queen man --plot; record stop' >/dev/null 2>&1; grep -F 'png' pics.md; head -c 8 pics-1.png | od -An -c | tr -s ' '
  ![simmat king queen man --plot](pics-1.png)
   211 P N G \r \n 032 \n

# replay with --tsv: no prompts, data only
$ cd $T && vecscope -q --tsv --replay demo2.md 2>/dev/null
  leviathan	0.78704655
  harpooneer	0.74160904

# a failure that was not recorded stops the replay, naming the line
$ cd $T && printf '# by hand\n\n```vecscope\nload %s/samples/gutenberg-w2v-cbow32.bin\nnn nosuchword\nnn king -k 1\n```\n' "$SRCDIR" > hand.md && vecscope -q --replay hand.md 2>&1 | sed "s#$SRCDIR/##"
  vecscope> load samples/gutenberg-w2v-cbow32.bin
  gutenberg-w2v-cbow32> nn nosuchword
  error: hand.md:5: 'nosuchword' is not in the vocabulary of gutenberg-w2v-cbow32

$ cd $T && vecscope -q --replay hand.md >/dev/null 2>&1
[exit 1]

# not notebooks
$ printf 'no blocks here\n' > $T/plain.md && vecscope -q --replay $T/plain.md 2>&1 | sed "s#$T#T#"
  error: T/plain.md has no ```vecscope block: it is not a notebook written by 'record FILE.md'

$ printf '```vecscope\nnn king\n' > $T/open.md && vecscope -q --replay $T/open.md 2>&1 | sed "s#$T#T#"
  error: T/open.md, line 1: the ```vecscope block that starts here is not closed

$ vecscope -q --replay /nonexistent.md
  error: /nonexistent.md: cannot open: No such file or directory
[exit 1]

$ vecscope -q -c help --replay x.md
  vecscope: -c, -f and --replay cannot be used together
  Try 'vecscope --help' for more information.
[exit 2]

# record's own errors
$ vecscope -q -c "record $T/a.md; record $T/b.md" 2>&1 | sed "s#$T#T#"
  error: -c command 2: record: recording to T/a.md already; 'record stop' first

$ vecscope -q -c 'record stop'
  error: -c command 1: record: not recording; 'record FILE.md' starts
[exit 1]

$ vecscope -q -c "record $T"  2>&1 | sed "s#$T#T#"
  error: -c command 1: record: cannot write T: it is a directory; name a file

$ vecscope -c "record $T/c.md; record; record stop" 2>&1 | sed "s#$T#T#"
  recording to T/c.md: every command, its result and its pictures, until 'record stop'
  recording to T/c.md: 0 commands so far; 'record stop' ends it
  stopped recording: 0 commands in T/c.md
