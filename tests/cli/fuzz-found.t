# fuzz-found.t - what the fuzz harnesses found (tests/fuzz/README.md), each
# kept as a regression test.
#
# fuzz_line: `nn the -k1666666666666666664` asked for an array of k hits, and
# running out of memory ended the session. -k now counts at most the
# model's words (44 here; 80 in the BERT fixture): every command taking -k
# answers with what there is. The input is also in tests/fuzz/corpus/line.
$ vecscope -q --tsv tests/data/eval/case-model.txt -c 'nn the -k1666666666666666664' | wc -l
  43

$ vecscope -q --tsv tests/data/eval/case-model.txt -c 'analogy france paris germany -k 1666666666666666664' | wc -l
  41

$ vecscope -q --tsv tests/data/eval/case-model.txt -c 'pca --near king -k 1666666666666666664' | wc -l
  44

$ vecscope -q --tsv tests/data/bert/tiny-f32 -c 'ctx -k 1666666666666666664 cat the cat sat' | wc -l
  80

$ vecscope -q --tsv tests/data/bert/tiny-f32 -c 'fill -k 1666666666666666664 the [MASK] sat' | wc -l
  80
