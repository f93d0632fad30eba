# heads.t - fine-tuned task heads: classify, tag and answer on the random
# checkpoints of tests/data/heads (each head checked against torch, and
# the decoding against Hugging Face's pipelines' algorithms, in
# tests/check_heads.c): BERT's classifier over the pooler, ELECTRA's
# dense -> gelu -> out_proj, DistilBERT's regression, RoBERTa's multi-label
# head behind a byte-level BPE, word tags and entities with their character
# spans, answer spans through multi-byte characters; what info says of the
# heads, attn and ctx on a fine-tuned model, and the messages for a head
# that is missing.
#
# Numbers come out of two or three encoder layers of BLAS sums: compared
# to 1e-4 relative, as the torch reference checks hold them.
# tolerance: 1e-4

# info names the heads and the labels
$ vecscope -q tests/data/heads/bert-ner -c 'info' | tail -2
  token head          classifier on every token (tag)
  labels              9: O, B-PER, I-PER, B-ORG, I-ORG, B-LOC, I-LOC, B-MISC, I-MISC

$ vecscope -q tests/data/heads/distilbert-seq -c 'info' | tail -3
  sequence head       pre_classifier -> relu -> classifier on the first token (classify)
  labels              1: LABEL_0
  problem type        regression (the scores as they are); config.json has no problem_type, and one label

# a pair through BERT's classifier over the pooler; -k keeps the most probable
$ vecscope -q tests/data/heads/bert-seq -c 'classify the dog ran to the house ||| it was a bad day; classify -k 1 she read a good book by the river'
  labels by bert-seq (softmax over the labels)
  label     probability  logit
  neutral   0.723138     1.365258
  positive  0.256607     0.329203
  negative  0.020255     -2.209935
  labels by bert-seq (softmax over the labels)
  label    probability  logit
  neutral  0.613285     1.669135

# ELECTRA's head, as TSV: label, probability, logit
$ vecscope -q --tsv tests/data/heads/electra-seq -c 'classify she read a good book by the river'
  not_entailment	0.810359	1.494292
  entailment	0.189641	0.041949

# a regression head (one label) gives its score
$ vecscope -q tests/data/heads/distilbert-seq -c 'classify she read a good book by the river'
  regression score by distilbert-seq = -1.744418

# multi-label: a sigmoid for each label, behind a byte-level BPE tokenizer
$ vecscope -q tests/data/heads/roberta-seq -c 'classify Alice was beginning to get very tired of sitting by her sister.'
  labels by roberta-seq (a sigmoid for each label: multi-label)
  label     probability  logit
  joy       0.725659     0.972709
  anger     0.640900     0.579274
  fear      0.437229     -0.252414
  surprise  0.355521     -0.594859

# words and entities: each word labelled by its first piece (reading = read ##ing)
$ vecscope -q tests/data/heads/bert-ner -c 'tag she was reading a book in the garden at night'
  tags by bert-ner (a word's label is its first piece's): she was [ORG reading a book in] the [ORG garden] at night
  word     label  probability  start  end
  she      O      0.404461     0      3
  was      O      0.284959     4      7
  reading  I-ORG  0.420379     8      15
  a        I-ORG  0.367480     16     17
  book     I-ORG  0.354461     18     22
  in       I-ORG  0.482612     23     25
  the      O      0.342826     26     29
  garden   B-ORG  0.406259     30     36
  at       O      0.370304     37     39
  night    O      0.295375     40     45

$ vecscope -q tests/data/heads/bert-ner -c 'tag --entities the big bird sings over the blue tree , and the small dog runs down'
  entities by bert-ner (a word's label is its first piece's): [MISC the] big bird sings over the blue tree , [ORG and] the small [ORG dog] runs down
  entity  type  score     start  end
  the     MISC  0.442310  0      3
  and     ORG   0.520720  40     43
  dog     ORG   0.290094  54     57

# byte-level BPE words (fox = Ġf o x) and entities as TSV
$ vecscope -q tests/data/heads/roberta-ner -c 'tag The quick brown fox jumps over the lazy dog.; tag --entities --tsv The quick brown fox jumps over the lazy dog.'
  tags by roberta-ner (a word's label is its first piece's): The quick brown [MISC fox] [ORG jumps over] the [ORG lazy] dog[MISC .]
  word   label   probability  start  end
  The    O       0.269257     0      3
  quick  O       0.348233     4      9
  brown  O       0.232772     10     15
  fox    I-MISC  0.198395     16     19
  jumps  I-ORG   0.245572     20     25
  over   I-ORG   0.271084     26     30
  the    O       0.292659     31     34
  lazy   I-ORG   0.316500     35     39
  dog    O       0.375026     40     43
  .      I-MISC  0.225313     43     44
  fox	MISC	0.198395	16	19
  jumps over	ORG	0.258328	20	30
  lazy	ORG	0.316500	35	39
  .	MISC	0.225313	43	44

# answer spans; start and end count characters of the context (café is 4)
$ vecscope -q tests/data/heads/bert-qa -c 'answer -k 3 who read the book ? ||| she read the book at the café by the bank of the river .'
  answers by bert-qa (score P(start) P(end); start, end: characters of the context)
  answer                         score     logit     start  end
  read the book at the café      0.043859  1.712138  4      29
  she read the book at the café  0.032648  1.416924  0      29
  at the café                    0.026242  1.198495  18     29

$ vecscope -q tests/data/heads/bert-qa -c 'answer --max-len 2 -k 2 who read the book ? ||| she read the book at the café by the bank of the river .'
  answers by bert-qa (score P(start) P(end); start, end: characters of the context)
  answer   score     logit     start  end
  river .  0.024349  1.123618  49     56
  by the   0.013628  0.543304  30     36

$ vecscope -q tests/data/heads/roberta-qa -c 'answer -k 2 Hello, world! ||| The quick brown fox jumps over the lazy dog.'
  answers by roberta-qa (score P(start) P(end); start, end: characters of the context)
  answer                             score     logit     start  end
  brown fox jum                      0.012290  1.383975  10     23
  brown fox jumps over the lazy dog  0.011078  1.280173  10     43

# a fine-tuned model is an encoder like any other
$ vecscope -q tests/data/heads/bert-ner -c 'attn --layer 1 --head 2 the old king walked' | head -4
  attention of layer 1 head 2 (rows: query tokens)
         [CLS]  the    old    king   walk   ##ed   [SEP]
  [CLS]   0.02   0.03  ▒0.29  ░0.15  ░0.09  ░0.08  ▒0.32
  the    ░0.07   0.01  ▒0.17  ▓0.49   0.01  ▒0.25   0.02

$ vecscope -q tests/data/heads/bert-ner -c 'ctx -k 2 king the old king walked'
  input embeddings nearest to 'king' in "the old king walked"
    1  ##ness   0.365089
    2  [CLS]    0.343946

# a head the checkpoint lacks names the architecture that has it, and what it has instead
$ vecscope -q tests/data/heads/bert-ner -c 'classify the king'
  error: -c command 1: classify: this checkpoint has no sequence-classification head (BertForSequenceClassification has one, as a checkpoint fine-tuned for the task has); it has a token-classification head (tag)
[exit 1]

$ vecscope -q tests/data/heads/bert-seq -c 'tag the king'
  error: -c command 1: tag: this checkpoint has no token-classification head (BertForTokenClassification has one, as a checkpoint fine-tuned for the task has); it has a sequence-classification head (classify)
[exit 1]

$ vecscope -q tests/data/heads/roberta-ner -c 'answer who ||| the king'
  error: -c command 1: answer: this checkpoint has no question-answering head (RobertaForQuestionAnswering has one, as a checkpoint fine-tuned for the task has); it has a token-classification head (tag)
[exit 1]

$ vecscope -q tests/data/families/bert -c 'answer who ||| the king'
  error: -c command 1: answer: this checkpoint has no question-answering head (BertForQuestionAnswering has one, as a checkpoint fine-tuned for the task has)
[exit 1]

$ vecscope -q tests/data/heads/bert-qa -c 'answer who is the king'
  error: -c command 1: answer: write the two texts as TEXT1 ||| TEXT2
[exit 1]

