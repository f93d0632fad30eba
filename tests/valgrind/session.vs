# session.vs - one session that uses every command in the table, run under
# valgrind by tests/run-valgrind.sh (memcheck: no leak, no invalid access).
# @SRCDIR@ is the source folder and @T@ a scratch folder; the runner fills
# them in. Every line must succeed (a script stops at its first error), so
# the error paths are in errors.vs. A command added to the table must be
# added here too: run-valgrind.sh fails while one is missing.
help
help nn
# a static model, its cache, and the cache opened again
load @SRCDIR@/tests/data/eval/case-model.txt as words
models
info
nn the -k 3
nn Paris - France + germany -k 3 --restrict 30
analogy france paris germany -k 2
analogy france paris germany -k 2 --mul
sim paris france
odd paris france germany good
vec king
vec king --tsv
nn king --json
save @T@/words.vscache
load @T@/words.vscache as cached
nn king -k 2
eval analogy @SRCDIR@/tests/data/eval/analogy-case.txt
eval analogy @SRCDIR@/tests/data/eval/analogy-case.txt --mul --case-sensitive
eval sim @SRCDIR@/tests/data/eval/sim-quirks.txt --restrict 40
pca paris france berlin germany rome italy tokyo japan
pca --top 20 --dims 3 --out @T@/map.tsv
pca --near king -k 6
pca --near king --near small -k 6 --clusters 2 --groups @SRCDIR@/tests/data/eval/sim-quirks.txt
cluster --top 60 --clusters 4
pca --near king --near queen -k 6 --clusters 3 --plot --out @T@/map.svg
pca --top 20 --dims 3 --plot --labels all
tsne paris france germany italy king queen man woman --perplexity 2 --iter 250 --seed 1
umap paris france germany italy king queen man woman --epochs 30 --seed 1
umap --top 60 --epochs 20 --dims 3
tsne paris france germany italy king queen man woman --iter 250 --plot
export projector @T@/projector --top 10
plugins
use words
close cached
# fastText: a word outside the vocabulary gets a vector from its n-grams
load @SRCDIR@/tests/data/fasttext/crime-and-punishment.bin as ft
info
nn the -k 3
vec zzzqq
sim the zzzqq
# training: word2vec (both losses) and GloVe on a small corpus
train word2vec @SRCDIR@/tests/data/train/alice-120.txt @T@/w2v.bin --dim 8 --epochs 1 --min-count 2 --threads 1 --seed 1 --hs
train glove @SRCDIR@/tests/data/train/alice-120.txt @T@/glove.txt --dim 8 --epochs 2 --min-count 2 --threads 1 --text
nn alice -k 2
# probes on the static model just trained: mean and SIF vectors, kept and read back
probe train @SRCDIR@/tests/data/probe/books-small.tsv --max-iter 20 as books
probe train @SRCDIR@/tests/data/probe/books-small.tsv --pool sif --max-iter 20 as sif
probe predict sif -k 2 the queen said to alice
probe confusion books --tsv
probe save sif @T@/sif.probe
probe load @T@/sif.probe as again
probe report again
probe list
probe drop books
# BERT
load @SRCDIR@/tests/data/bert/tiny-f32 as bert
info
tokenize The cat sat on the mat.
embed the cat sat
embed --pool cls --layer 1 the cat sat
ssim the cat sat ||| a dog ran
attn the cat sat
attn --layer 1 --head 2 the cat sat
attn --layer 1 the cat saw the cat
attn --layer 0 --head 1 --scale linear --view lines --out @T@/head.tsv the cat sat
attn --layer 1 --head 2 --scale sqrt --plot the cat sat
attn --layer 1 --head 2 --view lines --plot the cat sat
fill -k 3 the [MASK] sat
fill -k 2 the [MASK] sat on the [MASK]
ctx -k 3 cat the cat sat
ctx --vector cat the cat sat
ctxsim cat the cat sat ||| a cat ran
nsp the cat sat ||| it was on the mat
probe train @SRCDIR@/tests/data/probe/books-small.tsv --pool cls --max-iter 5 --test 0.5 as enc
probe predict enc the cat sat
models
close bert
# BERT weights from pytorch_model.bin, its shards, safetensors shards
load @SRCDIR@/tests/data/bert/tiny-f32-bin as bert-bin
fill -k 3 the [MASK] sat
info
close bert-bin
load @SRCDIR@/tests/data/bert/tiny-f32-sharded as bert-shards
embed the cat sat
close bert-shards
load @SRCDIR@/tests/data/bert/tiny-f16-sharded as f16-shards
embed the cat sat
close f16-shards
close ft
quit
