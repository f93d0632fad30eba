#!/usr/bin/env node
// gen-tokenizer-reference.js - small tokenizer.json files trained with the
// Hugging Face `tokenizers` library (its Node binding), and the pieces that
// library gives each golden input, for tests/check_tokenizers.c.
//
// Run from the top of the tree after tests/gen-tokenizer-reference.py (which
// writes inputs.json and the .model files), with the library installed in a
// scratch folder outside the tree:
//
//   (mkdir -p /tmp/tokref && cd /tmp/tokref && npm install tokenizers)
//   NODE_PATH=/tmp/tokref/node_modules node tests/gen-tokenizer-reference.js
//
// It writes under tests/data/tokenizers/:
//   bytelevel-bpe.json     RoBERTa-style: ByteLevel, BPE (1000 merges, [a, b]
//                          merges), RobertaProcessing, <mask> with lstrip
//   bytelevel-files/       the same BPE as vocab.json + merges.txt
//   wordpiece.json         BERT-style: BertNormalizer, BertPreTokenizer,
//                          WordPiece (1500 pieces), TemplateProcessing
//   unigram.json           Precompiled (the map of spm-unigram.model), NFKC,
//                          Replace; Split + Metaspace (prepend first);
//                          Unigram with byte_fallback
//   bpe-fallback.json      Llama-style: Prepend and Replace normalizers, no
//                          pre-tokenizer, BPE with byte_fallback and
//                          fuse_unk, legacy "a b" merges, "<s> $A" template
//   misc-bpe.json          hand-built BPE with continuing_subword_prefix and
//                          end_of_word_suffix; Nmt, NFKD, StripAccents,
//                          Lowercase, Strip; WhitespaceSplit, Punctuation,
//                          Digits; BertProcessing; single_word and rstrip
//                          added tokens
//   misc-wp.json           WordPiece (max 12 characters); NFC, Replace,
//                          Lowercase; Split (regex and string), Whitespace,
//                          Digits; a Sequence of ByteLevel and Template
//                          post-processors
//   expected.json          {file: {single: [row per input], pairs: [...]}}
//                          with ids, tokens, byte offsets, word ids, types
//
// Every model is trained (BPE, WordPiece, Unigram trainers) on the same
// first 300 KB of two Gutenberg books as the .model files, then cut down to
// a few thousand pieces so the files stay small.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const tk = require('tokenizers');

const OUT = 'tests/data/tokenizers';
const CORPUS = (process.env.VS_SHARED_DATA || '../shared/data') + '/corpus/gutenberg';
const inputs = JSON.parse(fs.readFileSync(OUT + '/inputs.json', 'utf8'));

function corpus() {
  let text = '';
  for (const f of ['pg11.txt', 'pg1342.txt'])
    text += Array.from(fs.readFileSync(path.join(CORPUS, f), 'utf8')).slice(0, 300000).join('');
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vs-tok-')), 'corpus.txt');
  fs.writeFileSync(p, text);
  return p;
}

function trained(model, normalizer, pre, file) {
  const t = new tk.Tokenizer(model);
  if (normalizer) t.setNormalizer(normalizer);
  if (pre) t.setPreTokenizer(pre);
  t.train([file]);
  const p = file + '.json';
  t.save(p);
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

function added(id, content, opts = {}) {
  return Object.assign({id, content, single_word: false, lstrip: false, rstrip: false,
                        normalized: false, special: true}, opts);
}

function base(model, extra) {
  return Object.assign({version: '1.0', truncation: null, padding: null, added_tokens: [],
                        normalizer: null, pre_tokenizer: null, post_processor: null,
                        decoder: null, model}, extra);
}

function template(single, pair, specials) {
  const item = (s) => {
    const [id, type] = s.split(':');
    const type_id = Number(type || 0);
    return id === '$A' || id === '$B' ? {Sequence: {id: id.slice(1), type_id}}
                                       : {SpecialToken: {id, type_id}};
  };
  const special_tokens = {};
  for (const [name, id] of specials) special_tokens[name] = {id: name, ids: [id], tokens: [name]};
  return {type: 'TemplateProcessing', single: single.split(' ').map(item),
          pair: pair.split(' ').map(item), special_tokens};
}

// The merges' pieces in order, cut to the first n merges, as a vocabulary
// after `first` (pieces that come first).
function bpeVocab(first, alphabet, merges, n) {
  const vocab = {};
  const add = (s) => { if (!(s in vocab)) vocab[s] = Object.keys(vocab).length; };
  first.forEach(add);
  alphabet.forEach(add);
  const cut = merges.slice(0, n).map((m) => (typeof m === 'string' ? m.split(' ') : m));
  for (const [a, b] of cut) { add(a); add(b); add(a + b); }
  return {vocab, merges: cut};
}

// The precompiled character map of a .model file (normalizer_spec, field 3,
// its field 2), by the protobuf tags.
function charsmap(file) {
  const buf = fs.readFileSync(file);
  function varint(b, pos) {
    let v = 0, shift = 0, c;
    do { c = b[pos.p++]; v += (c & 0x7f) * 2 ** shift; shift += 7; } while (c & 0x80);
    return v;
  }
  function fields(b, start, end, fn) {
    const pos = {p: start};
    while (pos.p < end) {
      const tag = varint(b, pos), num = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) varint(b, pos);
      else if (wire === 1) pos.p += 8;
      else if (wire === 5) pos.p += 4;
      else { const len = varint(b, pos); fn(num, pos.p, pos.p + len); pos.p += len; }
    }
  }
  let map = null;
  fields(buf, 0, buf.length, (num, s, e) => {
    if (num === 3) fields(buf, s, e, (n2, s2, e2) => { if (n2 === 2) map = buf.slice(s2, e2); });
  });
  return map.toString('base64');
}

function byteTokens() {
  const out = [];
  for (let b = 0; b < 256; b++) out.push('<0x' + b.toString(16).toUpperCase().padStart(2, '0') + '>');
  return out;
}

function build(file) {
  const files = {};

  // RoBERTa-style byte-level BPE
  {
    const j = trained(tk.BPE.empty(), null, tk.byteLevelPreTokenizer(false, true), file);
    const {vocab, merges} = bpeVocab(['<s>', '<pad>', '</s>', '<unk>'], tk.byteLevelAlphabet().sort(),
                                     j.model.merges, 1000);
    vocab['<mask>'] = Object.keys(vocab).length;
    files['bytelevel-bpe.json'] = base(
      {type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null,
       end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false,
       vocab, merges},
      {added_tokens: [added(0, '<s>'), added(1, '<pad>'), added(2, '</s>'), added(3, '<unk>'),
                      added(vocab['<mask>'], '<mask>', {lstrip: true, normalized: true})],
       pre_tokenizer: {type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true},
       post_processor: {type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0],
                        trim_offsets: true, add_prefix_space: false},
       decoder: {type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true}});
    fs.mkdirSync(OUT + '/bytelevel-files', {recursive: true});
    fs.writeFileSync(OUT + '/bytelevel-files/vocab.json', JSON.stringify(vocab));
    fs.writeFileSync(OUT + '/bytelevel-files/merges.txt',
                     '#version: 0.2\n' + merges.map((m) => m.join(' ')).join('\n') + '\n');
  }

  // BERT-style WordPiece
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const wpVocab = {};
  {
    const j = trained(tk.WordPiece.empty(), tk.bertNormalizer(), tk.bertPreTokenizer(), file);
    specials.forEach((s, i) => { wpVocab[s] = i; });
    for (const [piece, id] of Object.entries(j.model.vocab).sort((a, b) => a[1] - b[1]))
      if (id < 1500 && !(piece in wpVocab)) wpVocab[piece] = Object.keys(wpVocab).length;
    files['wordpiece.json'] = base(
      {type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##',
       max_input_chars_per_word: 100, vocab: wpVocab},
      {added_tokens: specials.map((s, i) => added(i, s)),
       normalizer: {type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true,
                    strip_accents: null, lowercase: true},
       pre_tokenizer: {type: 'BertPreTokenizer'},
       post_processor: template('[CLS] $A [SEP]', '[CLS] $A [SEP] $B:1 [SEP]:1',
                                [['[CLS]', 2], ['[SEP]', 3]])});
  }

  // Metaspace + Unigram with the precompiled map of spm-unigram.model
  {
    const j = trained(tk.Unigram.empty(), null, tk.metaspacePreTokenizer(), file);
    const keep = j.model.vocab.filter(([p], i) => i < 1200 || Array.from(p).length === 1);
    const vocab = [['<unk>', 0], ['<s>', 0], ['</s>', 0]].concat(keep);
    const mask = vocab.length;
    vocab.push(['<mask>', 0]);
    for (const b of byteTokens()) vocab.push([b, -20]);
    files['unigram.json'] = base(
      {type: 'Unigram', unk_id: 0, vocab, byte_fallback: true},
      {added_tokens: [added(0, '<unk>'), added(1, '<s>'), added(2, '</s>'),
                      added(mask, '<mask>', {lstrip: true})],
       normalizer: {type: 'Sequence', normalizers: [
         {type: 'Precompiled', precompiled_charsmap: charsmap(OUT + '/spm-unigram.model')},
         {type: 'NFKC'},
         {type: 'Replace', pattern: {Regex: ' {2,}'}, content: ' '}]},
       pre_tokenizer: {type: 'Sequence', pretokenizers: [
         {type: 'Split', pattern: {Regex: '[0-9]+'}, behavior: 'MergedWithNext', invert: false},
         {type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: true}]},
       post_processor: template('<s> $A </s>', '<s> $A </s> $B:1 </s>:1',
                                [['<s>', 1], ['</s>', 2]])});
  }

  // Llama-style BPE with byte fallback
  {
    const j = trained(tk.BPE.empty(), null, tk.metaspacePreTokenizer('▁', 'first', true), file);
    const alphabet = Object.keys(j.model.vocab).filter((p) => Array.from(p).length === 1).sort();
    const {vocab, merges} = bpeVocab(['<unk>', '<s>', '</s>'].concat(byteTokens()), alphabet,
                                     j.model.merges, 800);
    files['bpe-fallback.json'] = base(
      {type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null,
       end_of_word_suffix: null, fuse_unk: true, byte_fallback: true, ignore_merges: false,
       vocab, merges: merges.map((m) => m.join(' '))},
      {added_tokens: [added(0, '<unk>'), added(1, '<s>'), added(2, '</s>')],
       normalizer: {type: 'Sequence', normalizers: [
         {type: 'Prepend', prepend: '▁'},
         {type: 'Replace', pattern: {String: ' '}, content: '▁'}]},
       post_processor: template('<s> $A', '<s> $A <s>:1 $B:1', [['<s>', 1]])});
  }

  // hand-built BPE with a prefix and a suffix
  {
    const vocab = {};
    const add = (s) => { if (!(s in vocab)) vocab[s] = Object.keys(vocab).length; };
    ['[CLS]', '[SEP]', '[UNK]', '[MASK]'].forEach(add);
    const chars = 'abcdefghijklmnopqrstuvwxyz0123456789.,!?\'"-()[]<>';
    for (const c of chars) [c, '##' + c, c + '</w>', '##' + c + '</w>'].forEach(add);
    const merges = [];
    for (const w of ['the', 'and', 'her', 'was', 'hello', 'world', 'alice', 'said', 'she',
                     'of', 'to', 'ing', 'quick', 'brown', 'tabs']) {
      const p = Array.from(w).map((c, i) => (i ? '##' : '') + c + (i === w.length - 1 ? '</w>' : ''));
      let cur = p[0];
      for (let i = 1; i < p.length; i++) {
        const m = cur + ' ' + p[i];
        if (!merges.includes(m)) merges.push(m);
        cur = cur + p[i].slice(2);
        add(cur);
      }
    }
    add('hello world');
    add('<x>');
    files['misc-bpe.json'] = base(
      {type: 'BPE', dropout: null, unk_token: '[UNK]', continuing_subword_prefix: '##',
       end_of_word_suffix: '</w>', fuse_unk: true, byte_fallback: false, ignore_merges: false,
       vocab, merges},
      {added_tokens: [added(0, '[CLS]'), added(1, '[SEP]'), added(2, '[UNK]'), added(3, '[MASK]'),
                      added(vocab['hello world'], 'hello world',
                            {special: false, normalized: true, single_word: true}),
                      added(vocab['<x>'], '<x>', {special: false, rstrip: true})],
       normalizer: {type: 'Sequence', normalizers: [
         {type: 'Nmt'}, {type: 'NFKD'}, {type: 'StripAccents'}, {type: 'Lowercase'},
         {type: 'Strip', strip_left: true, strip_right: true}]},
       pre_tokenizer: {type: 'Sequence', pretokenizers: [
         {type: 'WhitespaceSplit'}, {type: 'Punctuation', behavior: 'Isolated'},
         {type: 'Digits', individual_digits: true}]},
       post_processor: {type: 'BertProcessing', sep: ['[SEP]', 1], cls: ['[CLS]', 0]}});
  }

  // WordPiece with other normalizers and pre-tokenizers
  files['misc-wp.json'] = base(
    {type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##',
     max_input_chars_per_word: 12, vocab: wpVocab},
    {added_tokens: specials.map((s, i) => added(i, s)),
     normalizer: {type: 'Sequence', normalizers: [
       {type: 'NFC'}, {type: 'Replace', pattern: {String: "''"}, content: '"'}, {type: 'Lowercase'}]},
     pre_tokenizer: {type: 'Sequence', pretokenizers: [
       {type: 'Split', pattern: {Regex: '[-_]'}, behavior: 'MergedWithPrevious', invert: false},
       {type: 'Split', pattern: {String: '--'}, behavior: 'Isolated', invert: false},
       {type: 'Whitespace'}, {type: 'Digits', individual_digits: false}]},
     post_processor: {type: 'Sequence', processors: [
       {type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: true},
       template('[CLS] $A [SEP]', '[CLS] $A [SEP] $B:1 [SEP]:1', [['[CLS]', 2], ['[SEP]', 3]])]}});
  return files;
}

// Code-point offsets (what the binding gives) to byte offsets.
function byteOffsets(text, offsets) {
  const at = [0];
  for (const ch of text) at.push(at[at.length - 1] + Buffer.byteLength(ch));
  return offsets.map(([s, e]) => [at[s], at[e]]);
}

async function row(t, a, b) {
  const e = b === undefined ? await t.encode(a) : await t.encode(a, b);
  const r = {ids: e.getIds(), tokens: e.getTokens(), types: e.getTypeIds(),
             words: e.getWordIds().map((w) => (w === null || w === undefined ? -1 : w))};
  if (b === undefined) r.offsets = [].concat(...byteOffsets(a, e.getOffsets()));
  return r;
}

async function main() {
  const file = corpus();
  const files = build(file);
  const expected = {};
  const pairs = [[0, 1], [18, 19], [3, 7], [20, 21]];
  for (const [name, json] of Object.entries(files)) {
    const p = OUT + '/' + name;
    fs.writeFileSync(p, JSON.stringify(json));
    const t = tk.Tokenizer.fromFile(p);
    const single = [];
    for (const text of inputs) single.push(await row(t, text));
    const pr = [];
    for (const [i, j] of pairs) pr.push(Object.assign({a: i, b: j}, await row(t, inputs[i], inputs[j])));
    expected[name] = {single, pairs: pr};
  }
  fs.writeFileSync(OUT + '/expected.json', JSON.stringify(expected));
  fs.rmSync(path.dirname(file), {recursive: true});
  console.error('wrote', Object.keys(files).length, 'tokenizers,', inputs.length, 'inputs');
}

main();
