# errors.vs - commands that fail, one a line; tests/run-valgrind.sh runs
# each as its own `vecscope -c` under valgrind (on the static model of
# session.vs), so every error path frees what it took.
nn kingg
analogy a b c
sim king
vec "caf\xff"
load @SRCDIR@/tests/data/bad/absurd-count.bin
load @SRCDIR@/tests/data/bad/nan.txt
load @SRCDIR@/tests/data/bad/truncated.bin
load @SRCDIR@/tests/data/bad/bad-version.vscache
load @SRCDIR@/tests/data/bad/pt-folder
eval analogy @SRCDIR@/tests/data/eval/analogy-bad.txt
pca king
tokenize the cat
nosuchcommand
probe predict nothing hello
probe train @SRCDIR@/tests/data/probe/books-small.tsv --text-col 3
probe train @SRCDIR@/tests/data/probe/books-small.tsv --pool sif --counts @SRCDIR@/tests/data/probe/blobs.tsv
probe load @SRCDIR@/tests/data/probe/books-small.tsv
nn -k
# tsne refuses too few iterations
tsne paris france germany italy king queen --perplexity 2 --iter 50 --seed 1
# umap refuses an unknown start
umap paris france germany italy king queen --init pca
# the full-screen interface needs a terminal; here it says so
tui
# files that must not be written over or read: the open model's own file, a
# device, a FIFO-like endless input, a list that is not a regular file
save @SRCDIR@/tests/data/eval/case-model.txt
pca king queen man --out /dev/null
pca --file /dev/zero
eval sim /dev/zero
eval analogy /dev/null
# numbers: an option too large, a correlation of one pair
nn king -k 99999999999999999999999
eval sim @SRCDIR@/tests/data/eval/one-pair.txt
# k-means: too many clusters; a --groups file that is not there
cluster king queen man --clusters 4
pca king queen man --groups @T@/no-such-groups.txt
nn @nothing
nn @@SRCDIR@/tests/data/queries/short.tsv
vec king as 9x
nn king as x
sim king queen man
sim king ||| kingg
simmat king --top 3
words a(b
record stop
record /
# a family without the head a command needs
load @SRCDIR@/tests/data/families/albert ; nsp the cat ||| the dog
load @SRCDIR@/tests/data/families/electra-disc ; fill the [MASK] sat
# a task head the checkpoint lacks, a pair where one text is wanted
load @SRCDIR@/tests/data/heads/bert-qa ; classify the cat
load @SRCDIR@/tests/data/heads/bert-ner ; tag the cat ||| the dog
load @SRCDIR@/tests/data/heads/bert-qa ; answer who ||| the king walked ||| twice
