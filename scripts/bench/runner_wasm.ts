/**
 * Times the wasm workloads on tensorlane's wasm backend through the public API (ops dispatch, output
 * allocation and tidy are part of the measured time). One thread (the wasm backend has one).
 * Usage: tsx runner_wasm.ts <workload,...>; prints one RunnerResult JSON line.
 */
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { WARMUP_MS, inputData, type RunnerResult } from './workloads.js';
import { WASM_WORKLOADS, type WasmWorkload } from './wasm_workloads.js';

await tl.ready();
const names = (process.argv[2] ?? '').split(',').filter(Boolean);
const result: RunnerResult = { runner: 'tensorlane-wasm', threads: 1, times: {}, checksums: {} };

const t = (n: number[], seed: number, scale = 1) => tl.tensor(inputData(n.reduce((a, b) => a * b, 1), seed).map((v) => v * scale), n, 'float32');

/** Returns one run of the workload (the last run's output is checksummed). */
function setup(w: WasmWorkload): { run: () => Tensor; dispose: () => void } {
  const p = w.p as Record<string, number>;
  switch (w.kind) {
    case 'matmul': {
      const a = t([p.n!, p.n!], 1), b = t([p.n!, p.n!], 2);
      return { run: () => tl.matMul(a, b), dispose: () => tl.dispose([a, b]) };
    }
    case 'conv': {
      const nchw = w.p.layout === 'NCHW';
      const xs = nchw ? [p.batch!, p.c!, p.hw!, p.hw!] : [p.batch!, p.hw!, p.hw!, p.c!];
      const x = t(xs, 1), f = t([p.k!, p.k!, p.c!, p.oc!], 2, 0.1);
      return { run: () => tl.conv2d(x, f, 1, 1, { dataFormat: nchw ? 'NCHW' : 'NHWC' }), dispose: () => tl.dispose([x, f]) };
    }
    case 'lstm': {
      const xs = Array.from({ length: p.steps! }, (_, i) => t([p.batch!, p.input!], 10 + i));
      const k = t([p.input! + p.units!, 4 * p.units!], 2, 0.05), b = t([4 * p.units!], 3, 0.1);
      const c0 = tl.zeros([p.batch!, p.units!]), h0 = tl.zeros([p.batch!, p.units!]);
      return {
        run: () =>
          tl.tidy(() => {
            let c = c0, h = h0;
            for (const x of xs) [c, h] = tl.basicLSTMCell(x, c, h, k, b);
            return h;
          }),
        dispose: () => tl.dispose([...xs, k, b, c0, h0]),
      };
    }
    case 'mlp-step': {
      const B = p.batch!;
      const v = (s: number[], seed: number) => tl.variable(t(s, seed, Math.sqrt(6 / (s[0]! + (s[1] ?? 0)))));
      const ws = [v([784, 300], 1), v([300], 2), v([300, 100], 3), v([100], 4), v([100, 10], 5), v([10], 6)];
      const x = t([B, 784], 7);
      const y = tl.oneHot(tl.tensor(Array.from({ length: B }, (_, i) => (i * 7) % 10), [B], 'int32'), 10);
      const opt = new tl.train.AdamOptimizer(1e-3);
      const loss = () => {
        const h1 = tl.relu(tl.add(tl.matMul(x, ws[0]!), ws[1]!));
        const h2 = tl.relu(tl.add(tl.matMul(h1, ws[2]!), ws[3]!));
        return tl.mean(tl.losses.softmaxCrossEntropy(y, tl.add(tl.matMul(h2, ws[4]!), ws[5]!)));
      };
      return { run: () => tl.tidy(() => { opt.minimize(loss); return tl.clone(ws[4]!); }), dispose: () => tl.dispose([x, y, ...ws]) };
    }
    case 'cnn-step': {
      const B = p.batch!;
      const v = (s: number[], seed: number, scale: number) => tl.variable(t(s, seed, scale));
      const ws = [v([5, 5, 1, 16], 1, 0.2), v([16], 2, 0), v([5, 5, 16, 32], 3, 0.05), v([32], 4, 0), v([1568, 10], 5, 0.03), v([10], 6, 0)];
      const x = t([B, 28, 28, 1], 7);
      const y = tl.oneHot(tl.tensor(Array.from({ length: B }, (_, i) => (i * 3) % 10), [B], 'int32'), 10);
      const opt = new tl.train.AdamOptimizer(1e-3);
      const loss = () => {
        const c1 = tl.maxPool(tl.relu(tl.add(tl.conv2d(x, ws[0]!, 1, 'SAME'), ws[1]!)), 2, 2, 'VALID');
        const c2 = tl.maxPool(tl.relu(tl.add(tl.conv2d(c1, ws[2]!, 1, 'SAME'), ws[3]!)), 2, 2, 'VALID');
        const logits = tl.add(tl.matMul(tl.reshape(c2, [B, 1568]), ws[4]!), ws[5]!);
        return tl.mean(tl.losses.softmaxCrossEntropy(y, logits));
      };
      return { run: () => tl.tidy(() => { opt.minimize(loss); return tl.clone(ws[4]!); }), dispose: () => tl.dispose([x, y, ...ws]) };
    }
  }
}

if (!tl.backends().includes('wasm')) {
  result.skipped = tl.info().backends.find((b) => b.name === 'wasm')?.reason ?? 'wasm backend absent';
} else {
  await tl.setBackend('wasm');
  result.info = tl.info().backends.find((b) => b.name === 'wasm')?.details;
  for (const w of WASM_WORKLOADS.filter((x) => names.length === 0 || names.includes(x.name))) {
    const { run, dispose } = setup(w);
    const times: number[] = [];
    const moves = tl.memory().numMoves;
    let checksum = 0;
    const warmStart = performance.now();
    for (let r = 0; times.length < w.runs; r++) {
      const t0 = performance.now();
      const out = run();
      const t1 = performance.now();
      const warming = r < w.warmup || t0 - warmStart < WARMUP_MS;
      if (!warming) times.push(t1 - t0);
      if (times.length === w.runs && !warming) checksum = (out.dataSync() as Float32Array).reduce((s, v) => s + v, 0);
      out.dispose();
    }
    if (tl.memory().numMoves !== moves) result.info = { ...result.info, [`${w.name}Moves`]: tl.memory().numMoves - moves };
    result.times[w.name] = times;
    result.checksums[w.name] = checksum;
    dispose();
  }
}
console.log(JSON.stringify(result));
