/**
 * Times the workloads on tensorlane's native backend through the public API (the output allocation and the
 * engine dispatch are part of the measured time). Threads: TL_NUM_THREADS.
 *   matmul / conv: tl.matMul / tl.conv2d (NCHW); `read` workloads also `await c.data()` and dispose in the timed run.
 *   lstm: tl.lstmSequence (the fused LSTMBlockSequence kernel) from zero states.
 *   mlp-step: eager training step, AdamOptimizer.minimize of the mean softmax cross-entropy of a ReLU MLP
 *   (forward, tape, backward, one Adam update per variable).
 * Usage: tsx runner_tensorlane.ts <workload,...>
 */
import * as tl from '../../src/index.js';
import { MLP_ADAM, WARMUP_MS, WORKLOADS, inputData, mlpLabels, mlpWeights, type RunnerResult, type Workload } from './workloads.js';

await tl.ready();
const names = (process.argv[2] ?? '').split(',').filter(Boolean);
const result: RunnerResult = { runner: 'tensorlane-native', threads: tl.getNumThreads(), times: {}, checksums: {} };

const t = (shape: number[], seed: number, scale = 1) =>
  tl.tensor(inputData(shape.reduce((a, b) => a * b, 1), seed).map((v) => v * scale), shape, 'float32');

/** The timed operation of a workload (returns a tensor for the checksum) and the cleanup. */
function setup(w: Workload): { run: () => tl.Tensor; dispose: () => void } {
  if (w.conv) {
    const cv = w.conv;
    const a = t([cv.batch, cv.inC, cv.size, cv.size], 1), b = t([cv.ksize, cv.ksize, cv.inC, cv.outC], 2);
    return { run: () => tl.conv2d(a, b, 1, 'same', { dataFormat: 'NCHW' }), dispose: () => tl.dispose([a, b]) };
  }
  if (w.lstm) {
    const { steps, batch, input, units } = w.lstm;
    const x = t([steps, batch, input], 1), k = t([input + units, 4 * units], 2, 0.05), b = t([4 * units], 3, 0.1);
    const c0 = tl.zeros([batch, units]), h0 = tl.zeros([batch, units]);
    return {
      run: () => {
        const [c, h] = tl.lstmSequence(x, c0, h0, k, b);
        c.dispose();
        return h;
      },
      dispose: () => tl.dispose([x, k, b, c0, h0]),
    };
  }
  if (w.mlp) {
    const { batch, sizes } = w.mlp;
    const init = mlpWeights(sizes);
    const ws = init.w.map((v, i) => tl.variable(tl.tensor(v, [sizes[i]!, sizes[i + 1]!], 'float32'), true, `w${i}`));
    const bs = init.b.map((v, i) => tl.variable(tl.tensor(v, [sizes[i + 1]!], 'float32'), true, `b${i}`));
    const x = t([batch, sizes[0]!], 7);
    const y = tl.tensor(mlpLabels(batch, sizes[sizes.length - 1]!), [batch, sizes[sizes.length - 1]!], 'float32');
    const opt = new tl.train.AdamOptimizer({ learningRate: MLP_ADAM.lr, beta1: MLP_ADAM.beta1, beta2: MLP_ADAM.beta2, epsilon: MLP_ADAM.epsilon });
    const loss = () => {
      let h: tl.Tensor = x;
      ws.forEach((wv, i) => {
        h = tl.add(tl.matMul(h, wv), bs[i]!);
        if (i + 1 < ws.length) h = tl.relu(h);
      });
      return tl.mean(tl.softmaxCrossEntropyWithLogits(y, h));
    };
    return {
      run: () => opt.minimize(loss, { returnLoss: true }) as tl.Tensor,
      dispose: () => tl.dispose([x, y, ...ws, ...bs, ...opt.variables()]),
    };
  }
  const a = t([w.m, w.k], 1), b = t([w.k, w.n], 2);
  return { run: () => tl.matMul(a, b), dispose: () => tl.dispose([a, b]) };
}

if (!tl.backends().includes('native')) {
  result.skipped = tl.info().backends.find((b) => b.name === 'native')?.reason ?? 'native backend absent';
} else {
  await tl.setBackend('native');
  result.info = tl.info().backends.find((b) => b.name === 'native')?.details;
  for (const w of WORKLOADS.filter((x) => names.length === 0 || names.includes(x.name))) {
    const { run, dispose } = setup(w);
    const times: number[] = [];
    let checksum = 0;
    const warmStart = performance.now();
    for (let r = 0; times.length < w.runs; r++) {
      const t0 = performance.now();
      const c = run();
      if (w.read) {
        checksum += (await c.data())[0]! * 0;
        c.dispose();
      }
      const t1 = performance.now();
      const warming = r < w.warmup || t0 - warmStart < WARMUP_MS;
      if (!warming) times.push(t1 - t0);
      if (w.read) {
        if (times.length === w.runs && !warming) {
          const last = run();
          checksum = (last.dataSync() as Float32Array).reduce((s, v) => s + v, 0);
          last.dispose();
        }
        continue;
      }
      if (times.length === w.runs && !warming) checksum = (c.dataSync() as Float32Array).reduce((s, v) => s + v, 0);
      c.dispose();
    }
    result.times[w.name] = times;
    result.checksums[w.name] = checksum;
    dispose();
  }
  const fb = tl.info().fallbacks;
  if (fb.length > 0) result.info = { ...result.info, fallbacks: fb };
}
console.log(JSON.stringify(result));
