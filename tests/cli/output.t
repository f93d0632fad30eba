# output.t - how results look: text for a person, --tsv for programs, --json.
$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'nn whale -k 3; sim good bad; vec king; odd breakfast dinner supper whale'
  nearest to whale in gutenberg-w2v-cbow32
    1  leviathan    0.787046
    2  harpooneer   0.741609
    3  whale's      0.702667
  cosine(good, bad) = 0.813102
  king (32 dimensions)
     1.05207598   0.871427476  -0.814992666    0.66665113   0.910968959  -0.427930892
     2.12174702 -0.0249136705    2.60802841   -1.23145092 -0.0408097282    1.19362342
    -0.80234164  -0.566321194    -0.7028988   -0.31598863   -1.26882577    1.88097298
   -0.547857463  -0.338710815   -1.19346523  -0.872685969   0.269006133   -2.35301304
    0.696032405   -1.43179274   0.189294994   -1.40917993  -0.379707217   -1.61575437
   -0.307016999   0.468253106
  odd one out: whale (cosine to the mean, lowest first)
    1  whale       0.177824
    2  supper      0.859906
    3  breakfast   0.905037
    4  dinner      0.910201

$ vecscope -q --tsv samples/gutenberg-w2v-cbow32.bin -c 'vec king; odd breakfast dinner supper whale; analogy man king woman -k 3 --mul'
  1.05207598	0.871427476	-0.814992666	0.66665113	0.910968959	-0.427930892	2.12174702	-0.0249136705	2.60802841	-1.23145092	-0.0408097282	1.19362342	-0.80234164	-0.566321194	-0.7028988	-0.31598863	-1.26882577	1.88097298	-0.547857463	-0.338710815	-1.19346523	-0.872685969	0.269006133	-2.35301304	0.696032405	-1.43179274	0.189294994	-1.40917993	-0.379707217	-1.61575437	-0.307016999	0.468253106
  whale	0.17782360
  supper	0.85990584
  breakfast	0.90503740
  dinner	0.91020149
  molly	0.99062860
  waiter	0.95332015
  maid	0.92744350

$ vecscope -q --json samples/gutenberg-w2v-cbow32.bin -c 'nn whale -k 2; sim good bad; models'
  {"title": "nearest to whale in gutenberg-w2v-cbow32", "results": [{"term": "leviathan", "score": 0.787046432}, {"term": "harpooneer", "score": 0.741609037}]}
  {"title": "cosine(good, bad)", "cosine": 0.813102365}
  {"rows": [{"current": "*", "name": "gutenberg-w2v-cbow32", "words": "8243", "dim": "32", "format": "word2vec-bin", "file": "samples/gutenberg-w2v-cbow32.bin"}]}

$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'nn whale -k 2 --tsv; nn whale -k 1 --json; sim good bad'
  leviathan	0.78704643
  harpooneer	0.74160904
  {"title": "nearest to whale in gutenberg-w2v-cbow32", "results": [{"term": "leviathan", "score": 0.787046432}]}
  cosine(good, bad) = 0.813102

$ vecscope -q -c 'help'
  Commands (a unique prefix is enough; 'help CMD' for more):
  
    load       open a model file and make it the current model
    models     list the open models (* marks the one in use)
    use        make the open model NAME the one queries go to
    close      close a model (the current one by default)
    info       show words, dimension, format, file and memory of a model
    save       write the current model as a vecscope cache (opens instantly)
    nn         nearest neighbours of a word, of WORD + WORD - WORD, or of a vector
    analogy    A is to B as C is to ?  (3CosAdd, or 3CosMul with --mul)
    sim        cosine similarity of two words, or the matrix of two sets
    simmat     the cosine similarity of every pair of words, as a heatmap
    odd        which word does not belong with the others
    vec        print the vector of a word, of a query, or a kept vector
    vars       the vectors kept with 'as NAME', for @NAME in nn, sim, simmat and vec
    words      the vocabulary's words that a regular expression matches, with their ranks
    eval       accuracy on analogy questions, or correlation with word-pair or sentence-pair scores
    help       list the commands, or explain one
    quit       leave vecscope (Ctrl-D does the same)
    tokenize   the tokenizer's pieces of a text, with their ids
    embed      the sentence vector of a text (encoders)
    ssim       cosine similarity of two sentence vectors, or of every pair in a file (encoders)
    attn       BERT's attention: one head's matrix, or a summary of every head
    fill       the K most likely tokens for each mask token in a text
    ctx        a word's contextual vector in a text, and its nearest tokens (encoders)
    ctxsim     cosine of a word's contextual vectors in two texts (encoders)
    nsp        the probability that TEXT2 follows TEXT1 (BERT's NSP head)
    classify   the labels of a fine-tuned sequence classifier, with probabilities
    tag        label each word with a fine-tuned token classifier (NER), and its entities
    answer     the spans of CONTEXT that answer QUESTION (a fine-tuned QA head)
    pca        a 2-D or 3-D map of words by principal component analysis
    tsne       a 2-D or 3-D map of words by t-SNE
    umap       a 2-D or 3-D map of words by UMAP
    cluster    the selected words in K clusters by k-means
    export     write words and vectors for the TensorFlow Embedding Projector
    plugins    list the projection plugins loaded (pca, ...)
    tui        open the full-screen interface (views of neighbours, attention, maps)
    train      train word2vec or GloVe vectors on a text file, save them and open them
    probe      train a linear probe (logistic regression) on sentence vectors, and use it
    record     write the session down as a Markdown notebook, to replay it later
    distill    static word vectors from the current encoder, averaged over a corpus
    compare    the same neighbours query in two open models, side by side
    overlap    how much the neighbourhoods of two open models agree (mean Jaccard)
    align      rotate one open model onto another (orthogonal Procrustes)
  
  Every command takes --tsv (tab-separated, for scripts) and --json.
  Quote words with spaces: nn "new york". Ctrl-C cancels a command.

$ vecscope -q -c 'help nn'
  usage: nn QUERY [-k K] [--restrict N] [--exact-scan]
  
  Lists the K words whose vectors have the highest cosine similarity to
  the query. The query is a word, or words joined by ' + ' and ' - '
  (king - man + woman): their unit vectors are added or subtracted and
  averaged, as gensim's most_similar(positive, negative) does, and the
  query's own words are left out of the answer. --restrict N searches
  only the first N words (the most frequent, in most files).
  The search reads an 8-bit copy of the unit vectors (a quarter of the
  bytes), bounds every row's error, and scores in f32 only the rows that
  could be among the K best: the answer is exactly the f32 one.
  --exact-scan scores every row in f32 instead (the same answer).
  
  A term may be a vector instead of a word: @NAME, a vector kept with
  'COMMAND ... as NAME' (ctx bank "the river bank" as v; nn @v), or
  @FILE, a file name with a '.' or '/' in it holding one line of numbers
  (what vec --tsv prints). A vector enters as it is, not made unit, as a
  numpy array does in gensim's most_similar, and leaves no word out of
  the answer. It must have as many numbers as the model has dimensions.
  
  options:
    -k K                       how many neighbours (default 10)
    --restrict N               search only the first N words
    --exact-scan               score every row in f32 (the same answer; for comparison)
  
  aliases: neighbors neighbours similar

$ vecscope -q -c 'help ana'
  usage: analogy A B C [-k K] [--mul] [--restrict N] [--exact-scan]
  
  Answers the analogy A : B :: C : ?. By default 3CosAdd: the words
  nearest to B - A + C, as gensim most_similar(positive=[B, C],
  negative=[A]). With --mul, 3CosMul (Levy & Goldberg 2014), as gensim
  most_similar_cosmul: cosines are shifted to [0, 1] and the score is
  cos(x, B) cos(x, C) / (cos(x, A) + 1e-6). A, B and C are left out.
  The search goes through an 8-bit copy of the vectors with proven error
  bounds, as nn's does; --exact-scan scores every row in f32 (the same
  answer). Example: analogy man king woman
  
  options:
    -k K                       how many answers (default 10)
    --mul                      3CosMul (Levy & Goldberg) instead of 3CosAdd
    --restrict N               search only the first N words
    --exact-scan               score every row in f32 (the same answer; for comparison)
  
  aliases: an

$ vecscope -q -c 'help nothing'
  error: -c command 1: unknown command 'nothing'; type 'help' for the list
[exit 1]

