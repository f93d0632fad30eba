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
# vectors kept and named with @, read from a file; set matrices; words
record @T@/notebook.md
# a comment for the notebook
vec king - man + woman as q
nn @q -k 3
nn @q - queen + Paris -k 2
nn @@SRCDIR@/tests/data/queries/case-8.tsv -k 2
vec @q --tsv
sim @q king
vars
sim king queen ||| man woman Paris
simmat paris france berlin germany @q --out @T@/sim.tsv
simmat king queen man --plot
words ^[kq] --limit 2
vars --drop q
record
record stop
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
# two models side by side: the two just trained (8 dimensions each)
compare w2v glove alice -k 3
overlap w2v glove --top 50 -k 5 --show 3
overlap w2v glove --show 0
align w2v glove --top 40 --show 3 as rot
nn alice -k 2
eval sts @SRCDIR@/tests/data/sts/books-plain.tsv
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
ctx cat "the cat sat" as c
embed a dog ran as e
sim @c @e
nn @c -k 2
ssim --file @SRCDIR@/tests/data/queries/sentences.txt
ctxsim cat the cat sat ||| a cat ran
nsp the cat sat ||| it was on the mat
probe train @SRCDIR@/tests/data/probe/books-small.tsv --pool cls --max-iter 5 --test 0.5 as enc
probe predict enc the cat sat
eval sts @SRCDIR@/tests/data/sts/books-stsb.tsv
distill @SRCDIR@/tests/data/distill/tiny.txt @T@/distilled.bin --min-count 2 --layer avg
nn cat -k 2
use bert
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
# the other families: ALBERT's projection and shared layers, RoBERTa's
# <mask>, ELECTRA's generator head, a sentence-transformers pipeline
load @SRCDIR@/tests/data/families/albert as albert
info
attn the cat sat
fill -k 2 the [MASK] sat
ctx -k 3 cat the cat sat
vec cat
close albert
load @SRCDIR@/tests/data/families/roberta as roberta
fill -k 2 the <mask> sat
embed --pool cls+max+mean-sqrt-len the cat
close roberta
# behind real tokenizer files: a byte-level BPE tokenizer.json and a
# SentencePiece sentencepiece.bpe.model
load @SRCDIR@/tests/data/families/roberta-bpe as roberta-bpe
info
tokenize The <mask> sat on the mat. ||| Hello, world!
fill -k 2 x<mask>y  <mask>  z
ctx -k 3 sat The cat sat on the mat.
close roberta-bpe
load @SRCDIR@/tests/data/families/xlm-roberta-spm as xlm-roberta-spm
fill -k 2 The <mask> sat on the mat.
ssim café naïve ||| Hello, world!
close xlm-roberta-spm
load @SRCDIR@/tests/data/families/electra as electra
fill -k 2 the [MASK] sat
ctxsim cat the cat sat ||| a cat ran
close electra
load @SRCDIR@/tests/data/families/st-multi as st
info
embed the cat sat
ssim the cat sat ||| a dog ran
close st
# task heads: a classifier, a tagger, a question-answering head
load @SRCDIR@/tests/data/heads/roberta-seq as cls
classify -k 2 Hello, world! ||| The quick brown fox jumps over the lazy dog.
info
close cls
load @SRCDIR@/tests/data/heads/bert-ner as ner
tag the old king walked with the queen into the red house by the river .
tag --entities she was reading a book in the garden at night
attn the old king walked
close ner
load @SRCDIR@/tests/data/heads/roberta-qa as qa
answer -k 3 --max-len 4 Hello, world! ||| The quick brown fox jumps over the lazy dog.
close qa
close ft
quit
