# sizes.t - a file whose header asks for terabytes is refused, before
# anything is allocated, with a message naming the file and the size
# (issue 8). The cache files are in tests/data/bad (see
# make-bad.sh); the fastText and safetensors ones are made here from the
# fixtures, with one count raised.
$ vecscope -q tests/data/eval/case-model.txt -c 'load tests/data/bad/absurd-count.vscache'; vecscope -q -c 'load tests/data/bad/absurd-dim.vscache'
  error: -c command 1: tests/data/bad/absurd-count.vscache: corrupt vecscope cache: the header says 1000000000000 words, more than fit in its 512 bytes; delete it and save it again
  error: -c command 1: tests/data/bad/absurd-dim.vscache: corrupt vecscope cache: the header says 2 words of 1000000000000 dimensions, more than fit in its 512 bytes; delete it and save it again
[exit 1]

$ { head -c 64 tests/data/fasttext/crime-and-punishment.bin; printf '\377\377\377\177\377\377\377\177'; tail -c +73 tests/data/fasttext/crime-and-punishment.bin; } >"$T/huge.bin" && vecscope -q -c "load $T/huge.bin" 2>&1 | sed "s|$T|T|"
  error: -c command 1: T/huge.bin: byte offset 64: the dictionary says 2147483647 entries (10 bytes or more each), but only 19527 bytes follow it (truncated file or corrupt count)

$ mkdir "$T/bert" && cp tests/data/bert/tiny-f32/config.json tests/data/bert/tiny-f32/vocab.txt "$T/bert" && { printf '\105\000\000\000\000\000\000\000{"w":{"dtype":"F32","shape":[1000000,1000000],"data_offsets":[0,16]}}'; head -c 16 /dev/zero; } >"$T/bert/model.safetensors" && vecscope -q tests/data/eval/case-model.txt -c "load $T/bert" 2>&1 | sed "s|$T|T|"
  error: -c command 1: T/bert/model.safetensors: tensor 'w': shape [1000000, 1000000] of F32 needs 4000000000000 bytes but data_offsets [0, 16] hold 16
