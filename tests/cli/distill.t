# distill.t - `distill CORPUS OUT`: static vectors from an encoder. What a run
# reports (timings left out), that OUT opens as the current model and
# answers queries, and the messages for bad input. The vectors themselves
# are checked against PyTorch in tests/check_distill.c.
$ vecscope -q --tsv tests/data/bert/tiny-f32 -c "distill tests/data/distill/tiny.txt $T/t.bin --min-count 2 --threads 1; models" | grep -v -e seconds -e words/s -e file | cut -f1-5
  encoder	tiny-f32
  layer	2 of 2
  pool	mean of pieces
  corpus lines	12
  corpus words	151
  distinct words	66
  vocabulary	23
  min count	2
  dimensions	32
  occurrences	108
  lines encoded	10
  lines in windows	2
  forward passes	14
  pieces	260
  threads	1
  format	word2vec-bin
  	tiny-f32	80	32	bert
  *	t	23	32	word2vec-bin

$ vecscope -q tests/data/bert/tiny-f32 -c "distill tests/data/distill/tiny.txt $T/t.bin --min-count 2 --layer avg --threads 1" | grep -e '^layer' -e '^vocabulary' && vecscope -q $T/t.bin -c "nn cat -k 3"
  layer             avg (hidden states 0 to 2)
  vocabulary        23
  nearest to cat in t
    1  and    0.640268
    2  by     0.574816
    3  to     0.566661

$ vecscope -q --tsv tests/data/bert/tiny-f32 -c "distill tests/data/distill/tiny.txt $T/t3.bin --max-words 5 --min-count 1 --pool first; vec the" | grep -e '^vocabulary' -e '^max words' -e '^pool' -c
  3

$ vecscope -q tests/data/bert/tiny-f32 -c "distill tests/data/distill/tiny.txt $T/x.bin --layer 3"
  error: -c command 1: distill: --layer takes 0 to 2 (hidden states, 0 = the embeddings) or avg, not '3'
[exit 1]

$ vecscope -q tests/data/bert/tiny-f32 -c "distill tests/data/distill/tiny.txt $T/x.bin --pool last"
  error: -c command 1: distill: --pool takes mean or first, not 'last'
[exit 1]

$ vecscope -q tests/data/bert/tiny-f32 -c "distill tests/data/distill/tiny.txt $T/x.bin --min-count 50"
  error: -c command 1: distill: tests/data/distill/tiny.txt: no word occurs 50 times (the most frequent, 'the', occurs 38 times); lower --min-count
[exit 1]

$ vecscope -q tests/data/bert/tiny-f32 -c "distill tests/data/distill/tiny.txt /nonexistent/dir/x.bin"
  error: -c command 1: distill: cannot write /nonexistent/dir/x.bin: No such file or directory
[exit 1]

$ vecscope -q samples/gutenberg-sg64.bin -c "distill tests/data/distill/tiny.txt $T/x.bin"
  error: -c command 1: distill: the current model gutenberg-sg64 is not an encoder; load a Hugging Face encoder folder (BERT, RoBERTa, ...) with 'load DIR'
[exit 1]
