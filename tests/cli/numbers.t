# numbers.t - no NaN or infinity is shown as an answer: what would produce
# one is refused at load, naming the value and the file.
$ mkdir $T/eps && cp tests/data/bert/tiny-f32/* $T/eps/ && sed -i 's/"layer_norm_eps": [^,}]*/"layer_norm_eps": 0/' $T/eps/config.json && vecscope -q -c "load $T/eps" 2>&1 | sed "s|$T|T|"
  error: -c command 1: T/eps/config.json: "layer_norm_eps" is 0; it must be a small number above 0 (BERT's is 1e-12)

$ mkdir $T/pos && cp tests/data/bert/tiny-f32/* $T/pos/ && sed -i "s/\"position_embedding_type\": \"absolute\"/\"position_embedding_type\": 5/" $T/pos/config.json && vecscope -q -c "load $T/pos" 2>&1 | sed "s|$T|T|"
  error: -c command 1: T/pos/config.json: position_embedding_type 5 is not supported (only "absolute" is)
