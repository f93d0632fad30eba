# families.t - the encoder families beyond BERT on the random-weight
# folders of tests/data/families (each checked against torch in
# tests/check_families.c), sentence-transformers folders, and the sample
# samples/distilbert-gutenberg-mini (bert-gutenberg-mini under DistilBERT's
# names): info, tokenize, fill with the family's mask token, ctx through
# ALBERT's and ELECTRA's projection, the model's own pooling, the families
# behind real byte-level BPE and SentencePiece tokenizers, and the messages
# for what a family lacks.
#
# Numbers come out of two or three encoder layers of BLAS sums: compared
# to 1e-4 relative, as the torch reference checks hold them.
# tolerance: 1e-4

# What info says of a family: ALBERT's shared groups and smaller
# embeddings, RoBERTa's positions after the padding index
$ vecscope -q tests/data/families/albert -c 'info' | grep -v '^kernel ' | tail -23
  family               ALBERT (AlbertForPreTraining)
  tokenizer            WordPiece
  tokenizer file       tests/data/families/albert/vocab.txt
  layers               3
  layer groups         2, shared (layer i runs group int(i / 1.5))
  hidden size          24
  embedding size       16 (projected to 24)
  attention heads      4
  feed-forward size    40
  activation           gelu_new
  vocabulary           80
  max positions        12
  dtype                F32
  weights              safetensors
  parameters           13346
  precision            f32 (Linear layers; the rest float32)
  weights memory       0.1 MB: Linear layers 0.0 MB (f32), the rest 0.0 MB (float32)
  lowercase            yes
  pooling              mean (vecscope's default; no sentence-transformers modules.json)
  pooler               yes (pooler.*)
  masked-LM head       yes (predictions.*)
  next-sentence head   no (none in this family)
  sentence-order head  yes (sop_classifier; no command runs it)
$ vecscope -q tests/data/families/roberta -c 'info' | grep -E 'family|max positions|LM head|sentence head'
  family              RoBERTa (RobertaForMaskedLM)
  max positions       14 (12 tokens: they start after pad_token_id 1)
  masked-LM head      yes (lm_head.*)
  next-sentence head  no (none in this family)

# The tokenizer's own mask token, and the family's MLM head
$ vecscope -q tests/data/families/roberta -c 'tokenize the <mask> sat'
  5 tokens of "the <mask> sat" in roberta
  position  token   id
  0         <s>     0
  1         the     9
  2         <mask>  79
  3         sat     13
  4         </s>    2
$ vecscope -q tests/data/families/roberta -c 'fill -k 2 the <mask> sat'
  fill-mask by roberta (positions count tokens from 0 at <s>)
  position  token  probability  sentence
  2         book   0.291147     the [book] sat
  2         ##ing  0.189086     the [##ing] sat

# Behind real tokenizer files (tests/data/tokenizers/): a RoBERTa with a
# byte-level BPE tokenizer.json, an XLM-RoBERTa with a SentencePiece
# sentencepiece.bpe.model (fairseq's ids, <mask> last); both checked
# against torch and the tokenizers' own ids in tests/check_families.c
$ vecscope -q tests/data/families/roberta-bpe -c 'info' | grep -E '^(family|tokenizer)'
  family              RoBERTa (RobertaForMaskedLM)
  tokenizer           byte-level BPE
  tokenizer file      tests/data/families/roberta-bpe/tokenizer.json
$ vecscope -q tests/data/families/roberta-bpe -c 'tokenize --tsv The <mask> sat on the mat.'
  The	390
  <mask>	1260
  Ġsat	942
  Ġon	341
  Ġthe	269
  Ġm	279
  at	297
  .	17
$ vecscope -q tests/data/families/roberta-bpe -c 'fill -k 3 The <mask> sat on the mat.'
  fill-mask by roberta-bpe (positions count tokens from 0 at <s>)
  position  token  probability  sentence
  2         Ġha    0.527757     The [Ġha] sat on the mat.
  2         Ġcomp  0.158959     The [Ġcomp] sat on the mat.
  2         R      0.078507     The [R] sat on the mat.
$ vecscope -q tests/data/families/xlm-roberta-spm -c 'info' | grep -E '^(family|tokenizer)'
  family              XLM-RoBERTa (XLMRobertaForMaskedLM)
  tokenizer           Unigram
  tokenizer file      tests/data/families/xlm-roberta-spm/sentencepiece.bpe.model
$ vecscope -q tests/data/families/xlm-roberta-spm -c 'fill -k 3 The <mask> sat on the mat.'
  fill-mask by xlm-roberta-spm (positions count tokens from 0 at <s>)
  position  token    probability  sentence
  2         --       0.329101     The [--] sat on the mat.
  2         ▁talk    0.142413     The [▁talk] sat on the mat.
  2         ▁object  0.139752     The [▁object] sat on the mat.
$ vecscope -q tests/data/families/xlm-roberta-spm -c 'ssim The <mask> sat on the mat. ||| Hello, world!'
  cosine("The <mask> sat on the mat.", "Hello, world!") = 0.763067

# ELECTRA: static vectors are the 16-wide word embeddings; ctx compares
# the 24-wide contextual vector with them as the projection maps them
$ vecscope -q tests/data/families/electra -c 'vec cat'
  cat (16 dimensions)
   -0.654837251   0.851766527 -0.0473805517    1.30520666  0.0954941735   -1.92967451
   -0.426961094    1.05891502   -2.90204501  0.0454110317   -1.26305342  -0.230671048
    -1.04052734   -1.06482136    -1.8890816    -1.0274868
$ vecscope -q tests/data/families/electra -c 'ctx -k 3 cat the cat sat on the mat'
  input embeddings nearest to 'cat' in "the cat sat on the mat"
    1  under   0.642594
    2  '       0.559035
    3  over    0.557368

# sentence-transformers: the folder's pooling and 2_Normalize by default
$ vecscope -q tests/data/families/st-mean -c 'info' | grep pooling
  pooling             mean, normalized (sentence-transformers: 1_Pooling/config.json, Normalize, max_seq_length)
$ vecscope -q tests/data/families/st-mean -c 'embed --tsv the cat sat on the mat'
  -0.0795438737	0.270373613	-0.141923085	0.258873612	0.1276813	0.238134399	-0.387220263	-0.0923954993	-0.201619044	-0.0304313246	0.508261204	-0.148285985	-0.210505724	0.232890218	-0.10049779	0.031994164	-0.107637502	-0.233279318	-0.0245448612	0.186664119	0.0716845617	-0.24668029	-0.0486257449	0.0235042144
$ vecscope -q tests/data/families/st-mean -c 'ssim the cat sat on the mat ||| a dog ran to the house'
  cosine("the cat sat on the mat", "a dog ran to the house") = 0.878853
$ vecscope -q tests/data/families/st-multi -c 'embed --pool cls+mean --tsv the cat' | wc -w
  48

# The DistilBERT sample answers as the BERT it was converted from
$ vecscope -q samples/distilbert-gutenberg-mini -c 'fill -k 3 the man opened the [MASK] and went in .'
  fill-mask by distilbert-gutenberg-mini (positions count tokens from 0 at [CLS])
  position  token   probability  sentence
  5         door    0.283711     the man opened the [door] and went in .
  5         room    0.033318     the man opened the [room] and went in .
  5         window  0.022993     the man opened the [window] and went in .
$ vecscope -q samples/distilbert-gutenberg-mini -c 'ssim she went to the shop ||| he walked to the market'
  cosine("she went to the shop", "he walked to the market") = 0.891242
$ vecscope -q samples/bert-gutenberg-mini -c 'ssim she went to the shop ||| he walked to the market'
  cosine("she went to the shop", "he walked to the market") = 0.891242

# What a family lacks
$ vecscope -q tests/data/families/albert -c 'nsp the cat ||| the dog'
  error: -c command 1: nsp: albert has a sentence-order head (sop_classifier.classifier.*), not a next-sentence head: ALBERT's pre-training asks whether two segments are in their original order, not whether the second follows the first
[exit 1]
$ vecscope -q samples/distilbert-gutenberg-mini -c 'nsp a ||| b'
  error: -c command 1: nsp: distilbert-gutenberg-mini has no next-sentence head: DistilBERT has none (only BERT's pre-training, cls.seq_relationship.*, has one)
[exit 1]
$ vecscope -q tests/data/families/electra-disc -c 'fill the [MASK]'
  error: -c command 1: fill: electra-disc has no masked-LM head (generator_predictions.*, generator_lm_head.*): it was saved without it; ELECTRA's generator (such as electra-small-generator) has one, its discriminator does not
[exit 1]
$ vecscope -q tests/data/families/electra -c 'embed --pool pooler the cat'
  error: -c command 1: embed: electra has no pooler (none in its family)
[exit 1]
$ mkdir $T/mpnet && cp tests/data/families/bert/* $T/mpnet/ && sed -i 's/"model_type": "bert"/"model_type": "mpnet"/' $T/mpnet/config.json && vecscope -q $T/mpnet -c info 2>&1 | sed "s|$T|T|"
  error: T/mpnet/config.json: model type "mpnet" is not supported (bert, distilbert, roberta, xlm-roberta, camembert, albert, electra are)
