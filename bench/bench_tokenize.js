// bench_tokenize.js - the tokenizers library's side of bench_tokenize.sh.
//
//   node bench_tokenize.js train CORPUS... OUT.json   train a byte-level BPE
//       (the library's BPE trainer, its default 30000 pieces) with RoBERTa's
//       pre-tokenizer and template, and save it as OUT.json
//   node bench_tokenize.js time FILE TEXT REPEAT      time Tokenizer.encode on
//       the whole of TEXT, REPEAT times; prints "load S first S best S tokens
//       N sum X" as tokenize-driver does
'use strict';
const fs = require('fs');
const tk = require('tokenizers');

function now() { return Number(process.hrtime.bigint()) / 1e9; }

async function main() {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'train') {
    const out = args.pop();
    const t = new tk.Tokenizer(tk.BPE.empty());
    t.setPreTokenizer(tk.byteLevelPreTokenizer(false, true));
    t.train(args);
    t.save(out);
    const j = JSON.parse(fs.readFileSync(out, 'utf8'));
    // RoBERTa's special tokens and template on top of the trained pieces
    const n = Object.keys(j.model.vocab).length;
    const specials = ['<s>', '<pad>', '</s>', '<unk>', '<mask>'];
    specials.forEach((s, i) => { j.model.vocab[s] = n + i; });
    j.added_tokens = specials.map((s, i) => ({id: n + i, content: s, single_word: false,
      lstrip: s === '<mask>', rstrip: false, normalized: false, special: true}));
    j.post_processor = {type: 'RobertaProcessing', sep: ['</s>', n + 2], cls: ['<s>', n],
                        trim_offsets: true, add_prefix_space: false};
    fs.writeFileSync(out, JSON.stringify(j));
    return;
  }
  const [file, textFile, repeat] = args;
  const text = fs.readFileSync(textFile, 'utf8');
  let t0 = now();
  const t = tk.Tokenizer.fromFile(file);
  const load = now() - t0;
  let first = 0, best = 1e30, e = null;
  for (let r = 0; r < Number(repeat); r++) {
    t0 = now();
    e = await t.encode(text);
    e.getIds();
    const s = now() - t0;
    if (r === 0) first = s;
    best = Math.min(best, s);
  }
  const ids = e.getIds();
  let sum = 0n;
  for (const id of ids) sum += BigInt(id);
  console.log(`load ${load.toFixed(4)} first ${first.toFixed(4)} best ${best.toFixed(4)} ` +
              `tokens ${ids.length} sum ${sum}`);
}

main();
