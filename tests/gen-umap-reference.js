#!/usr/bin/env node
/*
 * gen-umap-reference.js - umap-js references for tests/check_umap.c.
 *
 * Writes into tests/data/umap/:
 *   reference.tsv  one line per run set of umap-js (npm package, version in
 *                  the header) with its defaults (nNeighbors 15, minDist 0.1,
 *                  spread 1, its own approximate neighbours, random start,
 *                  its epoch rule): name, data, rows, dims, neighbours,
 *                  min_dist, seeds, and the trustworthiness (k = 10,
 *                  computed here as sklearn.manifold.trustworthiness
 *                  defines it) of its maps: mean, min, max over the seeds
 *                  (umap-js's `random` a seeded mulberry32 stream)
 *   fuzzy-60.tsv   the pieces on the first 60 words of the model with
 *                  k = 15 (the exact neighbours, found here by brute force,
 *                  the point itself first, handed to umap-js through its
 *                  knnIndices / knnDistances): umap-js's smoothKNNDistance
 *                  (rho, sigma of every point) and fuzzySimplicialSet (every
 *                  nonzero w_ij of the symmetric graph); lines "rho I V",
 *                  "sigma I V", "w I J V"
 *
 * The data: the first ROWS words of tests/data/gutenberg-w2v-cbow32.bin
 * (word2vec binary, read here; the C test reads it with vecscope's loader)
 * and tests/data/tsne/blobs-400x10.tsv. The C test maps the same rows with
 * the umap plugin and checks its trustworthiness (computed in C) against
 * the mean here.
 *
 * Run from the source tree, with umap-js installed in a scratch folder
 * outside it:
 *   (mkdir -p /tmp/umapref && cd /tmp/umapref && npm install umap-js)
 *   NODE_PATH=/tmp/umapref/node_modules node tests/gen-umap-reference.js
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { UMAP } = require('umap-js');
const umapVersion = require('umap-js/package.json').version;

const HERE = __dirname;
const OUT = path.join(HERE, 'data', 'umap');
const MODEL = path.join(HERE, 'data', 'gutenberg-w2v-cbow32.bin');
const BLOBS = path.join(HERE, 'data', 'tsne', 'blobs-400x10.tsv');
const ROWS = 1500;
const SEEDS = [1, 2, 3, 4, 5];

/* The first `limit` vectors of a word2vec binary file, as float32 values
 * (plain JS numbers holding them exactly). */
function readWord2vec(file, limit) {
    const buf = fs.readFileSync(file);
    let p = buf.indexOf(0x0a);
    const [count, dim] = buf.slice(0, p).toString().trim().split(/\s+/).map(Number);
    p++;
    const rows = [];
    for (let i = 0; i < Math.min(count, limit); i++) {
        while (buf[p] === 0x0a || buf[p] === 0x20)
            p++;
        const sp = buf.indexOf(0x20, p);
        p = sp + 1;
        const v = [];
        for (let e = 0; e < dim; e++, p += 4)
            v.push(buf.readFloatLE(p));
        rows.push(v);
    }
    return rows;
}

function readBlobs(file) {
    return fs.readFileSync(file, 'utf8').trim().split('\n')
        .map(l => l.split('\t').slice(1).map(s => Math.fround(Number(s))));
}

/* Squared distance summed in order, as vecscope's kNN does. */
function dist2(a, b) {
    let s = 0;
    for (let e = 0; e < a.length; e++) {
        const d = a[e] - b[e];
        s += d * d;
    }
    return s;
}

/* Every point's neighbours by (distance, index), the point itself first. */
function order(X, i) {
    const idx = [];
    const d = [];
    for (let j = 0; j < X.length; j++) {
        idx.push(j);
        d.push(j === i ? -1 : dist2(X[i], X[j]));
    }
    idx.sort((a, b) => (d[a] - d[b]) || (a - b));
    return { idx, d };
}

/* sklearn.manifold.trustworthiness(X, Y, n_neighbors=k): ranks in X of
 * each point's k nearest on the map, beyond k, summed and normalised. */
function trustworthiness(X, Y, k) {
    const n = X.length;
    let t = 0;
    const rank = new Int32Array(n);
    for (let i = 0; i < n; i++) {
        const ox = order(X, i).idx;
        for (let r = 0; r < n; r++)
            rank[ox[r]] = r;        /* the point itself rank 0, the nearest 1 */
        const oy = order(Y, i).idx;
        for (let r = 1; r <= k; r++)
            if (rank[oy[r]] > k)
                t += rank[oy[r]] - k;
    }
    return 1 - t * (2 / (n * k * (2 * n - 3 * k - 1)));
}

/* mulberry32: a seeded stream for umap-js's `random`. */
function mulberry32(a) {
    return function () {
        a = (a + 0x6D2B79F5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function runs(f, name, dataName, X, dims) {
    const tw = [];
    for (const seed of SEEDS) {
        const u = new UMAP({ nComponents: dims, nNeighbors: 15, minDist: 0.1,
                             random: mulberry32(seed) });
        const t0 = Date.now();
        const Y = u.fit(X);
        tw.push(trustworthiness(X, Y, 10));
        console.log(name, 'seed', seed, 'trust', tw[tw.length - 1].toFixed(4),
                    'epochs', u.getNEpochs(), 'seconds', (Date.now() - t0) / 1000);
    }
    const mean = tw.reduce((a, b) => a + b, 0) / tw.length;
    f.push([name, dataName, X.length, dims, 15, 0.1, SEEDS.length, mean.toFixed(6),
            Math.min(...tw).toFixed(6), Math.max(...tw).toFixed(6)].join('\t'));
}

function fuzzy(X, k) {
    const lines = [];
    const idx = [];
    const dst = [];
    for (let i = 0; i < X.length; i++) {
        const o = order(X, i);
        idx.push(o.idx.slice(0, k));
        dst.push(o.idx.slice(0, k).map(j => (j === i ? 0 : Math.sqrt(o.d[j]))));
    }
    const u = new UMAP({ nNeighbors: k });
    u.knnIndices = idx;
    u.knnDistances = dst;
    const { sigmas, rhos } = u.smoothKNNDistance(dst, k, 1.0);
    for (let i = 0; i < X.length; i++)
        lines.push(`rho\t${i}\t${rhos[i].toPrecision(17)}`);
    for (let i = 0; i < X.length; i++)
        lines.push(`sigma\t${i}\t${sigmas[i].toPrecision(17)}`);
    const g = u.fuzzySimplicialSet(X, k, 1.0);
    const all = g.getAll().filter(e => e.value !== 0);
    all.sort((a, b) => (a.row - b.row) || (a.col - b.col));
    for (const e of all)
        lines.push(`w\t${e.row}\t${e.col}\t${e.value.toPrecision(17)}`);
    return lines;
}

function main() {
    fs.mkdirSync(OUT, { recursive: true });
    const words = readWord2vec(MODEL, ROWS);
    const blobs = readBlobs(BLOBS);
    const ref = [`# umap-js ${umapVersion} (nNeighbors 15, minDist 0.1, its defaults otherwise): ` +
                 'name data rows dims neighbors min_dist seeds trust_mean trust_min trust_max ' +
                 '(trustworthiness k = 10)'];
    runs(ref, 'words-2d', 'gutenberg-w2v-cbow32.bin', words, 2);
    runs(ref, 'words-3d', 'gutenberg-w2v-cbow32.bin', words, 3);
    runs(ref, 'blobs-2d', 'tsne/blobs-400x10.tsv', blobs, 2);
    fs.writeFileSync(path.join(OUT, 'reference.tsv'), ref.join('\n') + '\n');
    const fz = [`# umap-js ${umapVersion} smoothKNNDistance and fuzzySimplicialSet on the ` +
                'first 60 words of gutenberg-w2v-cbow32.bin, k = 15, exact neighbours'];
    fs.writeFileSync(path.join(OUT, 'fuzzy-60.tsv'),
                     fz.concat(fuzzy(words.slice(0, 60), 15)).join('\n') + '\n');
    return 0;
}

process.exit(main());
