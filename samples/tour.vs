# tour.vs - a first look at a word2vec model, as a vecscope script.
# Run it with:  vecscope samples/gutenberg-w2v-cbow32.bin -f samples/tour.vs
# The model was trained by the original word2vec tool on twelve public-domain
# books from Project Gutenberg (see samples/README.md).
info
# the words used most like "whale" in these books
nn whale -k 8
# king - man + woman
analogy man king woman -k 5
# the same, by 3CosMul
analogy man king woman -k 5 --mul
sim good bad
odd breakfast dinner supper whale
nn alice - girl + boy -k 5
