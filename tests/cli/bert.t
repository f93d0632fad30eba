# bert.t - the BERT commands on tests/data/bert/tiny-f32 (random
# weights, checked against torch in tests/check_bert_cmd.c) and on the
# sample samples/bert-gutenberg-mini (a small pre-trained BERT): tokenize,
# embed, ssim, attn, fill (each guess in the sentence it completes), ctx,
# ctxsim, nsp, info, and their errors (a [mask] in lower case gets a hint).
#
# Vectors and probabilities come out of two encoder layers whose every
# product is a BLAS sum; the rounding of one kernel against another grows
# through them to about 1e-6 absolute, which is 1.5e-5 of a pooler output
# near 0.06. They are compared to 1e-4 relative, the bound the torch
# reference checks hold them to anyway.
# tolerance: 1e-4

# Tokens and ids; --tsv without the added [CLS] and [SEP]
$ vecscope -q tests/data/bert/tiny-f32 -c 'tokenize the cat sat on the mat'
  8 tokens of "the cat sat on the mat" in tiny-f32
  position  token  id
  0         [CLS]  2
  1         the    10
  2         cat    12
  3         sat    14
  4         on     15
  5         the    10
  6         mat    16
  7         [SEP]  3
$ vecscope -q tests/data/bert/tiny-f32 -c 'tokenize --tsv the cats sat ||| unreadable'
  the	10
  cat	12
  ##s	41
  sat	14
  [UNK]	1

# Sentence vectors (check_bert_cmd.c compares these with torch)
$ vecscope -q tests/data/bert/tiny-f32 -c 'embed --tsv door door over read tree [MASK] door tree'
  -0.619539499	1.73641992	-2.25219846	1.0036118	1.0847286	0.12751323	-0.468622327	0.492467582	1.20977509	-0.117559381	0.540939093	0.827917099	-1.1411376	-0.13032712	1.27324164	1.34322369	-0.443034738	-0.639175177	-0.227893338	-0.776920974	-0.974716842	0.216357946	0.334596276	0.110938407	-0.226924956	0.672326803	-1.37381852	0.0386392139	-0.598718822	-0.721279919	-1.35442197	0.715788782
$ vecscope -q tests/data/bert/tiny-f32 -c 'embed --pool pooler --tsv the cat sat'
  -0.416432559	0.57998544	-0.561952353	0.999695837	-0.83563298	0.806313157	0.515746772	-0.69978565	-0.682959974	0.98015976	0.0620075762	0.228370473	-0.974253833	0.475563109	-0.834807694	0.990573347	0.90970391	0.907630622	0.988514006	-0.985642791	-0.757588923	0.863319933	0.734193861	-0.929332435	-0.45397985	-0.874505401	-0.9153139	-0.158983007	0.917696595	-0.936141491	0.389802009	-0.0139256278
$ vecscope -q tests/data/bert/tiny-f32 -c 'ssim the cat sat on the mat ||| the dog ran to the house'
  cosine("the cat sat on the mat", "the dog ran to the house") = 0.846137

# One head's attention, and every head's summary
$ vecscope -q tests/data/bert/tiny-f32 -c 'attn --layer 1 --head 2 --tsv door over tree'
  [CLS]	0.120051	0.053232	0.338056	0.450669	0.037993
  door	0.311949	0.045233	0.294623	0.240175	0.108020
  over	0.034167	0.093549	0.767734	0.072247	0.032303
  tree	0.185038	0.058098	0.415582	0.264744	0.076538
  [SEP]	0.452974	0.031311	0.243933	0.156431	0.115351
$ vecscope -q tests/data/bert/tiny-f32 -c 'attn door over tree'
  attention heads of tiny-f32 on "door over tree"
  layer  head  entropy  strongest pair  weight
  0      0     0.8782   [SEP] -> [CLS]  0.9519
  0      1     1.1532   door -> over    0.7552
  0      2     0.8495   tree -> [CLS]   0.9085
  0      3     0.7619   door -> door    0.8573
  1      0     1.4379   tree -> [SEP]   0.4827
  1      1     1.0175   [CLS] -> tree   0.7733
  1      2     1.2579   over -> over    0.7677
  1      3     1.1441   over -> over    0.8084

$ vecscope -q samples/bert-gutenberg-mini -c 'attn --layer 0 --head 1 the cat sat on the mat'
  attention of layer 0 head 1 (rows: query tokens)
         [CLS]  the@1  cat    sat    on     the@5  mat    [SEP]
  [CLS]   0.00  ░0.05  ▓0.63  ░0.14   0.02  ░0.06  ░0.10   0.01
  the@1  ▓0.57  ▒0.17   0.02   0.02   0.02  ░0.05  ░0.05  ░0.10
  cat     0.00  █0.96   0.02   0.02   0.01   0.00   0.00   0.00
  sat     0.00  ░0.13  █0.75  ░0.07   0.03   0.00   0.00   0.01
  on      0.00   0.02  ░0.06  █0.89   0.02   0.01   0.00   0.00
  the@5   0.00   0.01   0.03  ░0.13  █0.78   0.03   0.01   0.00
  mat     0.00   0.00   0.00   0.02  ░0.05  █0.86   0.03   0.03
  [SEP]   0.00   0.00   0.00   0.01   0.01  ░0.13  █0.76  ░0.09
$ vecscope -q samples/bert-gutenberg-mini -c 'attn --layer 0 --head 1 --scale linear the cat sat on the mat' | sed -n 3p
  [CLS]   0.00   0.05  ▓0.63   0.14   0.02   0.06   0.10   0.01
$ vecscope -q samples/bert-gutenberg-mini -c 'attn --layer 2 the cat sat on the mat'
  attention heads of layer 2 of bert-gutenberg-mini on "the cat sat on the mat"
  layer  head  entropy  strongest pair  weight
  2      0     1.7244   mat -> the@1    0.5725
  2      1     1.5604   [CLS] -> sat    0.7573
  2      2     1.8411   the@1 -> mat    0.3338
  2      3     1.7434   sat -> [SEP]    0.6175
# Fill-mask, contextual vectors, next sentence
$ vecscope -q tests/data/bert/tiny-f32 -c 'fill -k 3 --tsv door door over read tree [MASK] door tree'
  6	into	0.757270	door door over read tree [into] door tree
  6	up	0.214231	door door over read tree [up] door tree
  6	[UNK]	0.005354	door door over read tree [[UNK]] door tree
$ vecscope -q tests/data/bert/tiny-f32 -c 'ctx -k 3 tree door door over read tree [MASK] door tree'
  input embeddings nearest to 'tree' in "door door over read tree [MASK] door tree"
    1  ##ing   0.405230
    2  tree    0.384346
    3  queen   0.270513
$ vecscope -q tests/data/bert/tiny-f32 -c 'ctxsim bank the river bank ||| money in the bank'
  cosine of 'bank' in "the river bank" and in "money in the bank" = 0.731161
$ vecscope -q tests/data/bert/tiny-f32 -c 'nsp over is house room ||| with and under bird she by'
  P("with and under bird she by" follows "over is house room") = 0.816025

# The sample: a BERT pre-trained on twelve Gutenberg books
$ vecscope -q samples/bert-gutenberg-mini -c 'fill -k 3 the man opened the [MASK] and went in .'
  fill-mask by bert-gutenberg-mini (positions count tokens from 0 at [CLS])
  position  token   probability  sentence
  5         door    0.283711     the man opened the [door] and went in .
  5         room    0.033318     the man opened the [room] and went in .
  5         window  0.022993     the man opened the [window] and went in .
$ vecscope -q samples/bert-gutenberg-mini -c 'fill -k 2 the [MASK] opened the [MASK] .'
  fill-mask by bert-gutenberg-mini (positions count tokens from 0 at [CLS])
  position  token   probability  sentence
  2         door    0.167218     the [door] opened the [door] .
  2         window  0.029214     the [window] opened the [door] .
  5         door    0.143411     the [door] opened the [door] .
  5         window  0.037342     the [door] opened the [window] .
$ vecscope -q samples/bert-gutenberg-mini -c 'nsp he opened the door . ||| she came in and sat down .'
  P("she came in and sat down ." follows "he opened the door .") = 0.924910
$ vecscope -q samples/bert-gutenberg-mini -c 'ctxsim bank the boat reached the bank of the river ||| he kept his money in the bank'
  cosine of 'bank' in "the boat reached the bank of the river" and in "he kept his money in the bank" = 0.713005
$ vecscope -q samples/bert-gutenberg-mini -c 'info' | grep -v '^kernel ' | tail -20
  family              BERT (BertForPreTraining)
  tokenizer           WordPiece
  tokenizer file      samples/bert-gutenberg-mini/vocab.txt
  layers              4
  hidden size         256
  attention heads     4
  feed-forward size   1024
  activation          gelu
  vocabulary          30522
  max positions       128
  dtype               F16
  weights             safetensors
  parameters          11169596
  precision           f32 (Linear layers; the rest float32)
  weights memory      44.7 MB: Linear layers 12.6 MB (f32), the rest 32.1 MB (float32)
  lowercase           yes
  pooling             mean (vecscope's default; no sentence-transformers modules.json)
  pooler              yes (pooler.dense.*)
  masked-LM head      yes (cls.predictions.*)
  next-sentence head  yes (cls.seq_relationship.*)

# Errors
$ vecscope -q samples/gutenberg-w2v-cbow32.bin -c 'embed the cat'
  error: -c command 1: embed: the current model gutenberg-w2v-cbow32 is not an encoder; load a Hugging Face encoder folder (BERT, RoBERTa, ...) with 'load DIR'
[exit 1]
$ vecscope -q tests/data/bert/tiny-f16 -c 'fill the [MASK] sat'
  error: -c command 1: fill: tiny-f16 has no masked-LM head (cls.predictions.*): it was saved without it; a pre-training checkpoint such as bert-base-uncased has one
[exit 1]
$ vecscope -q tests/data/bert/tiny-f16 -c 'nsp the cat ||| the dog'
  error: -c command 1: nsp: tiny-f16 has no next-sentence head (cls.seq_relationship.*); pre-training checkpoints such as bert-base-uncased have one
[exit 1]
$ vecscope -q tests/data/bert/tiny-f32 -c 'embed a a a a a a a a a a a a a a a a a a a a a a a'
  error: -c command 1: embed: the input is 25 tokens, more than this model takes: at most 24 (special tokens included; max_position_embeddings)
[exit 1]
$ vecscope -q tests/data/bert/tiny-f32 -c 'ctx queen the river bank'
  error: -c command 1: ctx: 'queen' does not occur in the text as a word
[exit 1]
$ vecscope -q tests/data/bert/tiny-f32 -c 'fill the cat sat'
  error: -c command 1: fill: the text has no [MASK] to fill
[exit 1]
$ vecscope -q tests/data/bert/tiny-f32 -c 'fill the [Mask] sat'
  error: -c command 1: fill: the text has no [MASK] to fill: the mask token is written [MASK] exactly (the text has '[Mask]')
[exit 1]
$ vecscope -q tests/data/bert/tiny-f32 -c 'ssim the cat sat'
  error: -c command 1: ssim: write the two texts as TEXT1 ||| TEXT2
[exit 1]
$ vecscope -q tests/data/bert/tiny-f32 -c 'attn --head 0 the cat'
  error: -c command 1: attn: --head goes with --layer: give --layer L --head H, --layer L alone (that layer's heads), or neither
[exit 1]
$ vecscope -q tests/data/bert/tiny-f32 -c 'attn --layer 0 --head 0 --scale log the cat'
  error: -c command 1: attn: --scale is sqrt or linear, not 'log'
[exit 1]
$ vecscope -q tests/data/bert/tiny-f32 -c 'attn --layer 0 --head 0 --view arcs the cat'
  error: -c command 1: attn: --view is heatmap or lines, not 'arcs'
[exit 1]
$ vecscope -q tests/data/bert/tiny-f32 -c 'attn --layer 0 --view lines --plot the cat'
  error: -c command 1: attn: --plot draws one head: give --layer L and --head H
[exit 1]
$ vecscope -q tests/data/bert/tiny-f32 -c "save $T/x.vsc"
  error: -c command 1: save: save writes word-vector caches; a BERT folder is already its own format
[exit 1]
