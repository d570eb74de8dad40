/**
 * Times the wasm workloads on tfjs-wasm (@tensorflow/tfjs-core + @tensorflow/tfjs-backend-wasm: XNNPACK, SIMD
 * build), one thread. Results are disposed by hand, never with tf.tidy around the timed calls (tidy makes its
 * XNNPACK matmul much slower). The .wasm files ship inside the npm package and are read from
 * node_modules: nothing is downloaded (setWasmPaths points at the local folder).
 * Usage: tsx runner_tfjs_wasm.ts <workload,...>; prints one RunnerResult JSON line.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setupTfjsWasm } from './tfjs_wasm_setup.js';
import { WARMUP_MS, inputData, type RunnerResult } from './workloads.js';
import { WASM_WORKLOADS, type WasmWorkload } from './wasm_workloads.js';

const names = (process.argv[2] ?? '').split(',').filter(Boolean);
const result: RunnerResult = { runner: 'tfjs-wasm', threads: 1, times: {}, checksums: {} };

const wasmDir = await setupTfjsWasm();

const t = (n: number[], seed: number, scale = 1) => tf.tensor(inputData(n.reduce((a, b) => a * b, 1), seed).map((v) => v * scale), n, 'float32');

function setup(w: WasmWorkload): { run: () => tf.Tensor; dispose: () => void } {
  const p = w.p as Record<string, number>;
  switch (w.kind) {
    case 'matmul': {
      const a = t([p.n!, p.n!], 1), b = t([p.n!, p.n!], 2);
      return { run: () => tf.matMul(a, b), dispose: () => tf.dispose([a, b]) };
    }
    case 'conv': {
      const nchw = w.p.layout === 'NCHW';
      const xs = nchw ? [p.batch!, p.c!, p.hw!, p.hw!] : [p.batch!, p.hw!, p.hw!, p.c!];
      const x = t(xs, 1) as tf.Tensor4D, f = t([p.k!, p.k!, p.c!, p.oc!], 2, 0.1) as tf.Tensor4D;
      if (!nchw) return { run: () => tf.conv2d(x, f, 1, 'same'), dispose: () => tf.dispose([x, f]) };
      // NHWC only in tfjs-wasm: transpose in and out (intermediates disposed by hand).
      return {
        run: () => {
          const xt = tf.transpose(x, [0, 2, 3, 1]);
          const y = tf.conv2d(xt as tf.Tensor4D, f, 1, 'same');
          const yt = tf.transpose(y, [0, 3, 1, 2]);
          xt.dispose();
          y.dispose();
          return yt;
        },
        dispose: () => tf.dispose([x, f]),
      };
    }
    case 'lstm': {
      const xs = Array.from({ length: p.steps! }, (_, i) => t([p.batch!, p.input!], 10 + i) as tf.Tensor2D);
      const k = t([p.input! + p.units!, 4 * p.units!], 2, 0.05) as tf.Tensor2D, b = t([4 * p.units!], 3, 0.1) as tf.Tensor1D;
      const c0 = tf.zeros([p.batch!, p.units!]) as tf.Tensor2D, h0 = tf.zeros([p.batch!, p.units!]) as tf.Tensor2D;
      const fb = tf.scalar(1);
      return {
        run: () => {
          let c = c0, h = h0;
          for (const x of xs) {
            const [c1, h1] = tf.basicLSTMCell(fb, k, b, x, c, h);
            if (c !== c0) c.dispose();
            if (h !== h0) h.dispose();
            c = c1 as tf.Tensor2D;
            h = h1 as tf.Tensor2D;
          }
          c.dispose();
          return h;
        },
        dispose: () => tf.dispose([...xs, k, b, c0, h0, fb]),
      };
    }
    case 'mlp-step':
    case 'cnn-step': {
      const B = p.batch!;
      const cnn = w.kind === 'cnn-step';
      const v = (s: number[], seed: number, scale: number) => tf.variable(t(s, seed, scale));
      const ws = cnn
        ? [v([5, 5, 1, 16], 1, 0.2), v([16], 2, 0), v([5, 5, 16, 32], 3, 0.05), v([32], 4, 0), v([1568, 10], 5, 0.03), v([10], 6, 0)]
        : [[784, 300], [300], [300, 100], [100], [100, 10], [10]].map((s, i) => v(s, i + 1, Math.sqrt(6 / (s[0]! + (s[1] ?? 0)))));
      const x = cnn ? t([B, 28, 28, 1], 7) : t([B, 784], 7);
      const labels = tf.tensor1d(Array.from({ length: B }, (_, i) => (cnn ? (i * 3) % 10 : (i * 7) % 10)), 'int32');
      const y = tf.oneHot(labels, 10);
      labels.dispose();
      const opt = tf.train.adam(1e-3);
      const loss = (): tf.Scalar => {
        let logits: tf.Tensor;
        if (cnn) {
          const c1 = tf.maxPool(tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, ws[0] as tf.Tensor4D, 1, 'same'), ws[1]!)) as tf.Tensor4D, 2, 2, 'valid');
          const c2 = tf.maxPool(tf.relu(tf.add(tf.conv2d(c1, ws[2] as tf.Tensor4D, 1, 'same'), ws[3]!)) as tf.Tensor4D, 2, 2, 'valid');
          logits = tf.add(tf.matMul(tf.reshape(c2, [B, 1568]), ws[4]!), ws[5]!);
        } else {
          const h1 = tf.relu(tf.add(tf.matMul(x, ws[0]!), ws[1]!));
          const h2 = tf.relu(tf.add(tf.matMul(h1, ws[2]!), ws[3]!));
          logits = tf.add(tf.matMul(h2, ws[4]!), ws[5]!);
        }
        return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
      };
      return {
        run: () => {
          // variableGrads tidies its own forward/backward; the loss and gradients are disposed here.
          const { value, grads } = tf.variableGrads(loss);
          opt.applyGradients(grads as never); // variableGrads returns Tensors; Adam reads them only
          tf.dispose(grads);
          return value;
        },
        dispose: () => tf.dispose([x, y, ...ws]),
      };
    }
  }
}

result.info = { backend: tf.getBackend(), version: tf.version_core, wasmDir };
for (const w of WASM_WORKLOADS.filter((x) => names.length === 0 || names.includes(x.name))) {
  let s: ReturnType<typeof setup> | undefined;
  try {
    s = setup(w);
    const times: number[] = [];
    let checksum = 0;
    const warmStart = performance.now();
    for (let r = 0; times.length < w.runs; r++) {
      const t0 = performance.now();
      const out = s.run();
      const t1 = performance.now();
      const warming = r < w.warmup || t0 - warmStart < WARMUP_MS;
      if (!warming) times.push(t1 - t0);
      if (times.length === w.runs && !warming) checksum = (out.dataSync() as Float32Array).reduce((a, v) => a + v, 0);
      out.dispose();
    }
    result.times[w.name] = times;
    result.checksums[w.name] = checksum;
  } catch (e) {
    result.info[`${w.name}Error`] = String((e as Error).message ?? e).split('\n')[0];
  } finally {
    s?.dispose();
  }
}
console.log(JSON.stringify(result));
