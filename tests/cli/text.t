# text.t - an encoder command's text reaches the tokenizer as typed: after
# the options, the rest of the line is the text, byte for byte (double
# quotes, '#', tabs and runs of blanks kept), which a byte-level BPE
# tokenizes differently; in -c a ';' ends a command unless written '\;'
# (a script's line is one command, ';' and all).
$ vecscope -q tests/data/families/roberta-bpe --tsv -c 'tokenize She said "no"'
  She	1019
  Ġsaid	352
  Ġ"	431
  n	81
  o	82
  "	5

$ printf 'tokenize a  b\ttab\ntokenize a b tab\n' | vecscope -q tests/data/families/roberta-bpe --tsv
  a	68
  Ġ	224
  Ġb	277
  ĉ	201
  t	87
  ab	347
  a	68
  Ġb	277
  Ġt	260
  ab	347

$ vecscope -q samples/bert-gutenberg-mini --tsv -c 'tokenize wait\; no # yes; sim whale ship' | cut -f1
  wait
  ;
  no
  #
  yes
  0.43753073

$ printf 'tokenize -k; don"t\n' | vecscope -q samples/bert-gutenberg-mini --tsv 2>&1 | cut -f1
  error: <stdin>:1: tokenize: unknown option '-k'; usage: tokenize TEXT

$ printf 'tokenize x; don"t\n' | vecscope -q samples/bert-gutenberg-mini --tsv | cut -f1
  x
  ;
  don
  "
  t

$ vecscope -q samples/bert-gutenberg-mini -c 'ctx -k 1 --tsv whale the   "whale" swam' | cut -f1
  whale
