/**
 * Hands-On ML ch. 15, "PCA with an undercomplete linear autoencoder": a 3-D data set near a plane (generated as the
 * seed does, standardized), a 3 -> 2 -> 3 autoencoder of two fullyConnected layers with no activation, MSE, Adam
 * 0.01 for 1000 iterations. The 2-D codings of the held-out points are drawn into an RGB tensor and written as a
 * PNG scatter plot. A linear autoencoder can at best do what PCA does, so its reconstruction error is compared
 * with PCA's (the smallest eigenvalue of the covariance matrix, found here by inverse power iteration).
 */
import { join } from 'node:path';
import * as tl from '../src/index.js';
import { outDir } from './util/fashion.js';

// ---- the seed's data: m points near the plane x2 = 0.1 x0 + 0.3 x1, with noise ----
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(4);
const randn = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const m = 200, w1 = 0.1, w2 = 0.3, noise = 0.1;
const data: number[][] = [];
for (let i = 0; i < m; i++) {
  const angle = rand() * 3 * Math.PI / 2 - 0.5;
  const x0 = Math.cos(angle) + Math.sin(angle) / 2 + noise * randn() / 2;
  const x1 = Math.sin(angle) * 0.7 + noise * randn() / 2;
  data.push([x0, x1, x0 * w1 + x1 * w2 + noise * randn()]);
}
// StandardScaler fitted on the training half, applied to both halves.
const train = data.slice(0, 100), heldOut = data.slice(100);
const mean = [0, 1, 2].map((j) => train.reduce((s, r) => s + r[j]!, 0) / train.length);
const std = [0, 1, 2].map((j) => Math.sqrt(train.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / train.length));
const scale = (rows: number[][]) => rows.map((r) => r.map((v, j) => (v - mean[j]!) / std[j]!));
const xTrain = scale(train), xTest = scale(heldOut);

// ---- the autoencoder ----
tl.disableEagerExecution();
tl.setRandomSeed(42);
const X = tl.placeholder('float32', [null, 3], 'X');
const hidden = tl.contrib.layers.fullyConnected(X, 2, { activationFn: null });
const outputs = tl.contrib.layers.fullyConnected(hidden, 3, { activationFn: null });
const reconstructionLoss = tl.mean(tl.square(tl.sub(outputs, X)));
const trainingOp = new tl.train.AdamOptimizer(0.01).minimize(reconstructionLoss);
const codings = hidden;

const sess = new tl.Session();
sess.run(tl.globalVariablesInitializer());
const nIterations = 1000;
for (let i = 1; i <= nIterations; i++) {
  const [, l] = sess.run([trainingOp, reconstructionLoss], { X: xTrain }) as [unknown, tl.Tensor];
  if (i === 1 || i % 200 === 0) console.log(`iteration ${i}: reconstruction MSE ${l.dataSync()[0]!.toFixed(4)}`);
  l.dispose();
}
const finalLoss = (sess.run(reconstructionLoss, { X: xTrain }) as tl.Tensor).dataSync()[0]!;
const codingsVal = (sess.run(codings, { X: xTest }) as tl.Tensor).arraySync() as number[][];

// ---- PCA's error on the same (centred) data: the projection drops the least-variance direction ----
const cov = [0, 1, 2].map((a) => [0, 1, 2].map((b) => xTrain.reduce((s, r) => s + r[a]! * r[b]!, 0) / xTrain.length));
const pcaLoss = smallestEigenvalue(cov) / 3; // mean over 3 coordinates per point
console.log(`PCA reconstruction loss ${pcaLoss.toFixed(4)}`);
console.log(`reconstruction loss ${finalLoss.toFixed(4)}`);

// ---- the scatter plot: white canvas, light axes through 0, a blue 3x3 dot per coding ----
const size = 300, margin = 20;
const pixels = new Float32Array(size * size * 3).fill(1);
const lo = [0, 1].map((j) => Math.min(...codingsVal.map((c) => c[j]!)));
const hi = [0, 1].map((j) => Math.max(...codingsVal.map((c) => c[j]!)));
const toPixel = (v: number, j: number) => margin + ((v - lo[j]!) / (hi[j]! - lo[j]! || 1)) * (size - 2 * margin);
const paint = (row: number, col: number, rgb: number[]) => {
  if (row < 0 || row >= size || col < 0 || col >= size) return;
  for (let c = 0; c < 3; c++) pixels[(row * size + col) * 3 + c] = rgb[c]!;
};
const axisCol = Math.round(toPixel(0, 0)), axisRow = Math.round(size - toPixel(0, 1));
for (let i = 0; i < size; i++) { paint(axisRow, i, [0.8, 0.8, 0.8]); paint(i, axisCol, [0.8, 0.8, 0.8]); }
for (const [z1, z2] of codingsVal) {
  const col = Math.round(toPixel(z1!, 0)), row = Math.round(size - toPixel(z2!, 1)); // z2 grows upwards
  for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) paint(row + dr, col + dc, [0, 0, 1]);
}
const file = join(outDir(), 'pca_codings.png');
tl.io.writePng(file, tl.tensor(pixels, [size, size, 3]));
console.log(`wrote ${file} (${size}x${size}, ${codingsVal.length} codings)`);

/** Smallest eigenvalue of a symmetric positive-definite 3x3 matrix: power iteration on its inverse. */
function smallestEigenvalue(a: number[][]): number {
  const [[p, q, r], [, s, t], [, , u]] = a as [number[], number[], number[]];
  const det = p! * (s! * u! - t! * t!) - q! * (q! * u! - t! * r!) + r! * (q! * t! - s! * r!);
  const inv = [
    [s! * u! - t! * t!, r! * t! - q! * u!, q! * t! - r! * s!],
    [r! * t! - q! * u!, p! * u! - r! * r!, q! * r! - p! * t!],
    [q! * t! - r! * s!, q! * r! - p! * t!, p! * s! - q! * q!],
  ].map((row) => row.map((v) => v / det));
  let v = [1, 1, 1], lambda = 0;
  for (let k = 0; k < 200; k++) {
    const w = inv.map((row) => row[0]! * v[0]! + row[1]! * v[1]! + row[2]! * v[2]!);
    lambda = Math.hypot(...w);
    v = w.map((x) => x / lambda);
  }
  return 1 / lambda;
}
