#!/usr/bin/env node
/*
 * umap-js-driver.js - runs umap-js (the npm package) on a raw matrix and
 * times its fit, for bench_umap.py: the reference side of the UMAP bench.
 *
 *   node umap-js-driver.js IN OUT DIMS SEED
 *
 * IN: int32 n, int32 d, then n * d float32 (row-major, little-endian), as
 * bench/maps-driver.c reads. OUT: n * DIMS float32. umap-js runs with its
 * defaults (nNeighbors 15, minDist 0.1, its epoch rule) and a seeded
 * mulberry32 stream as its `random`. Prints "seconds S" (fit() alone, wall
 * clock), "epochs E" and "version V".
 */
'use strict';
const fs = require('fs');
const { UMAP } = require('umap-js');

function mulberry32(a) {
    return function () {
        a = (a + 0x6D2B79F5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function main() {
    const [inPath, outPath, dimsArg, seedArg] = process.argv.slice(2);
    const buf = fs.readFileSync(inPath);
    const n = buf.readInt32LE(0);
    const d = buf.readInt32LE(4);
    const X = [];
    for (let i = 0; i < n; i++) {
        const row = new Array(d);
        for (let e = 0; e < d; e++)
            row[e] = buf.readFloatLE(8 + 4 * (i * d + e));
        X.push(row);
    }
    const u = new UMAP({ nComponents: Number(dimsArg), random: mulberry32(Number(seedArg)) });
    const t0 = process.hrtime.bigint();
    const Y = u.fit(X);
    const t1 = process.hrtime.bigint();
    const out = Buffer.alloc(4 * n * Y[0].length);
    Y.forEach((r, i) => r.forEach((v, c) => out.writeFloatLE(v, 4 * (i * r.length + c))));
    fs.writeFileSync(outPath, out);
    console.log('seconds ' + (Number(t1 - t0) / 1e9).toFixed(4));
    console.log('epochs ' + u.getNEpochs());
    console.log('version ' + require('umap-js/package.json').version);
    return 0;
}

process.exit(main());
