# tour.t - the sample tour script runs, and says what it should.
$ vecscope -q samples/gutenberg-w2v-cbow32.bin -f samples/tour.vs | grep -v -e 'file size' -e 'scan instructions'
  name                gutenberg-w2v-cbow32
  file                samples/gutenberg-w2v-cbow32.bin
  format              word2vec-bin
  words               8243
  dimension           32
  memory              1.3 MiB
  storage             in memory
  duplicates skipped  0
  unknown words       an error
  neighbour search    exact, through an 8-bit copy built at the first query
  nearest to whale in gutenberg-w2v-cbow32
    1  leviathan    0.787046
    2  harpooneer   0.741609
    3  whale's      0.702667
    4  sperm        0.702444
    5  spout        0.700229
    6  baleen       0.690475
    7  fish         0.690211
    8  africa       0.684020
  man is to king as woman is to ... (3CosAdd, gutenberg-w2v-cbow32)
    1  priest   0.608061
    2  maid     0.606487
    3  queen    0.604585
    4  molly    0.597777
    5  waiter   0.568225
  man is to king as woman is to ... (3CosMul, gutenberg-w2v-cbow32)
    1  molly    0.990629
    2  waiter   0.953320
    3  maid     0.927444
    4  queen    0.908451
    5  priest   0.907140
  cosine(good, bad) = 0.813102
  odd one out: whale (cosine to the mean, lowest first)
    1  whale       0.177824
    2  supper      0.859906
    3  breakfast   0.905037
    4  dinner      0.910201
  nearest to alice - girl + boy in gutenberg-w2v-cbow32
    1  hallward   0.735423
    2  dormouse   0.726848
    3  gryphon    0.715959
    4  peter      0.701639
    5  basil      0.677335

