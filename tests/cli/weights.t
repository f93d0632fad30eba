# weights.t - BERT folders whose weights are not one model.safetensors:
# tests/data/bert/tiny-f32 saved as a pytorch_model.bin (tiny-f32-bin) and
# as pytorch_model.bin shards (tiny-f32-sharded), tiny-f16 as safetensors
# shards (tiny-f16-sharded), all written by tests/gen-weights-reference.py.
# They give what tiny-f32 gives in bert.t (the same weights; check_weights.c
# compares every hidden state); info names the files read; folders with
# weights vecscope does not read, and a malicious pickle, are refused.
# tolerance: 1e-4

$ vecscope -q tests/data/bert/tiny-f32-bin -c 'embed --tsv door door over read tree [MASK] door tree'
  -0.619539499	1.73641992	-2.25219846	1.0036118	1.0847286	0.12751323	-0.468622327	0.492467582	1.20977509	-0.117559381	0.540939093	0.827917099	-1.1411376	-0.13032712	1.27324164	1.34322369	-0.443034738	-0.639175177	-0.227893338	-0.776920974	-0.974716842	0.216357946	0.334596276	0.110938407	-0.226924956	0.672326803	-1.37381852	0.0386392139	-0.598718822	-0.721279919	-1.35442197	0.715788782
$ vecscope -q tests/data/bert/tiny-f32-sharded -c 'fill -k 3 the [MASK] sat on the mat'
  fill-mask by tiny-f32-sharded (positions count tokens from 0 at [CLS])
  position  token  probability  sentence
  2         ,      0.926390     the [,] sat on the mat
  2         house  0.050433     the [house] sat on the mat
  2         ?      0.007574     the [?] sat on the mat
$ for d in tiny-f32 tiny-f32-bin tiny-f32-sharded tiny-f16-sharded; do vecscope -q tests/data/bert/$d -c info | grep -E '^(dtype|weights|parameters)  '; done
  dtype               F32
  weights             safetensors
  parameters          22866
  dtype               F32
  weights             pytorch_model.bin
  parameters          22866
  dtype               F32
  weights             sharded pytorch_model.bin
  parameters          22866
  dtype               F16
  weights             sharded safetensors
  parameters          24752

# Weights that are not read
$ mkdir "$T/tf" && cp tests/data/bert/tiny-f32/config.json tests/data/bert/tiny-f32/vocab.txt "$T/tf" && touch "$T/tf/tf_model.h5" && vecscope -q -c "load $T/tf" 2>&1 | sed "s|$T|T|"
  error: -c command 1: T/tf: the weights are in TensorFlow format (tf_model.h5), which vecscope does not read; it reads model.safetensors, model.safetensors.index.json, pytorch_model.bin or pytorch_model.bin.index.json (in Python, transformers' AutoModel.from_pretrained(d, from_tf=True).save_pretrained(d) converts them)
$ mkdir "$T/evil" && cp tests/data/bert/tiny-f32/config.json tests/data/bert/tiny-f32/vocab.txt "$T/evil" && cp tests/data/bad/pt-global-os-system.bin "$T/evil/pytorch_model.bin" && vecscope -q -c "load $T/evil" 2>&1 | sed "s|$T|T|"
  error: -c command 1: T/evil/pytorch_model.bin: archive/data.pkl byte 2 (GLOBAL): global os.system is not one a saved state dict uses (only collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter and torch.*Storage are); refused, nothing was run
$ cp tests/data/bad/pt-legacy.bin "$T/evil/pytorch_model.bin" && vecscope -q -c "load $T/evil" 2>&1 | sed "s|$T|T|"
  error: -c command 1: T/evil/pytorch_model.bin: a PyTorch file in the legacy format of torch < 1.6 (a bare pickle stream starting with the magic number 0x1950a86a20f9469cfc6c); vecscope reads the zip format of torch >= 1.6; re-save it with a newer torch: torch.save(torch.load(f), f)
