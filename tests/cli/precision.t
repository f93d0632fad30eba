# precision.t - encoders at lower precision from the command line: the
# program's --precision (the default for every load), load's --precision
# (which wins), what info shows, what each precision answers, the errors.
# How close bf16 and int8 come to f32 (and to torch's own int8) is checked
# in tests/check_precision.c; this shows the command line.

# info: the precision, the kernel this CPU runs it on (not shown: it
# depends on the CPU) and the memory of the weights
$ vecscope -q samples/bert-gutenberg-mini -c info | grep -E '^(precision|weights memory) '
  precision           f32 (Linear layers; the rest float32)
  weights memory      44.7 MB: Linear layers 12.6 MB (f32), the rest 32.1 MB (float32)
$ vecscope -q --precision bf16 samples/bert-gutenberg-mini -c info | grep -E '^(precision|weights memory) '
  precision           bf16 (Linear layers; the rest float32)
  weights memory      38.4 MB: Linear layers 6.3 MB (bf16), the rest 32.1 MB (float32)
$ vecscope -q --precision int8 samples/bert-gutenberg-mini -c info | grep -E '^(precision|weights memory) '
  precision           int8 (Linear layers; the rest float32)
  weights memory      35.3 MB: Linear layers 3.2 MB (int8), the rest 32.1 MB (float32)

# load's --precision wins over the program's; several precisions side by side
$ vecscope -q --precision bf16 -c 'load samples/bert-gutenberg-mini as q --precision int8; load samples/bert-gutenberg-mini as b; info q; info b' | grep '^precision'
  precision           int8 (Linear layers; the rest float32)
  precision           bf16 (Linear layers; the rest float32)

# The same commands at each precision. The numbers at bf16 and int8 depend
# on the CPU's kernel (the AVX2 int8 kernel quantizes activations to 7
# bits, the others to 8), so they are compared to 1e-2 here.
# tolerance: 1e-2
$ vecscope -q --tsv samples/bert-gutenberg-mini -c 'fill -k 3 the ship sailed across the [MASK]; ssim the ship sailed across the sea ||| a boat crossed the ocean'
  6	.	0.047995	the ship sailed across the [.]
  6	door	0.029956	the ship sailed across the [door]
  6	sea	0.027172	the ship sailed across the [sea]
  0.90990309
$ vecscope -q --tsv --precision bf16 samples/bert-gutenberg-mini -c 'fill -k 3 the ship sailed across the [MASK]; ssim the ship sailed across the sea ||| a boat crossed the ocean'
  6	.	0.048484	the ship sailed across the [.]
  6	door	0.029862	the ship sailed across the [door]
  6	sea	0.027150	the ship sailed across the [sea]
  0.90976612
$ vecscope -q --tsv --precision int8 samples/bert-gutenberg-mini -c 'fill -k 3 the ship sailed across the [MASK]; ssim the ship sailed across the sea ||| a boat crossed the ocean; ctx -k 2 ship the ship sailed'
  6	.	0.047142	the ship sailed across the [.]
  6	door	0.030174	the ship sailed across the [door]
  6	sea	0.027365	the ship sailed across the [sea]
  0.90983293
  ship	0.54955012
  sea	0.29865021
# tolerance: 1e-5

# A word model ignores it, and says so
$ vecscope -c 'load tests/data/gutenberg-w2v-cbow32.bin --precision int8' 2>&1 | grep -v '^loaded'
  note: --precision is for encoders; gutenberg-w2v-cbow32 is read in float32

# Errors
$ vecscope --precision fp16 samples/bert-gutenberg-mini -c info
  vecscope: --precision takes f32, bf16 or int8, not 'fp16'
[exit 2]
$ vecscope -q -c 'load samples/bert-gutenberg-mini --precision int9'
  error: -c command 1: precision 'int9': the precisions are f32, bf16 and int8
[exit 1]
