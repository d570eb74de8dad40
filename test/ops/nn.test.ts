import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { checkGrad, describeEachBackend, expectClose, expectNoLeak, randValues, tolFor } from '../util/index.js';

const golden = JSON.parse(readFileSync(new URL('../golden/ops.json', import.meta.url), 'utf8')) as {
  cases: { op: string; attrs: Record<string, number>; inputs: { shape: number[]; data: number[] }[]; outputs: { data: number[] }[]; upstream: { shape: number[]; data: number[] }[]; grads: { data: number[] }[] }[];
};

const f64 = (v: ArrayLike<number>, shape: number[]) => tl.tensor(Float64Array.from(v), shape, 'float64');
const values = (t: tl.Tensor) => Array.from(t.dataSync() as Float32Array);

describeEachBackend('batchNorm', (backend) => {
  it('hand values: per-channel parameters over the last axis, optional offset/scale', () => {
    const x = tl.tensor([[1, 2], [3, 4]]);
    expectClose(tl.batchNorm(x, [2, 3], [1, 4], [0, 1], [2, 1], 0), [[-2, 0.5], [2, 1.5]]);
    expectClose(tl.batchNorm(x, [2, 3], [1, 4], null, null, 0), [[-1, -0.5], [1, 0.5]]);
    expectClose(tl.batchNorm(x, [2, 3], [1, 4], undefined, [2, 1], 0), [[-2, -0.5], [2, 0.5]]);
    // default epsilon 1e-3: (1-2)/sqrt(1.001)
    expectClose(tl.batchNorm(x, [2, 3], [1, 4]), [[-1 / Math.sqrt(1.001), -1 / Math.sqrt(4.001)], [1 / Math.sqrt(1.001), 1 / Math.sqrt(4.001)]]);
  });

  it('full broadcasting (NCHW-style [C,1,1] parameters, scalars) and edge shapes', () => {
    const x = tl.tensor([1, 2, 3, 4, 10, 20, 30, 40], [1, 2, 2, 2]);
    const y = tl.batchNorm(x, tl.tensor([2.5, 25], [2, 1, 1]), tl.tensor([1, 100], [2, 1, 1]), 0, 1, 0);
    expectClose(y, [-1.5, -0.5, 0.5, 1.5, -1.5, -0.5, 0.5, 1.5], { shape: [1, 2, 2, 2] });
    expectClose(tl.batchNorm(tl.scalar(3), 1, 4, 0.5, 2, 0), 2.5);
    expect(tl.batchNorm(tl.zeros([0, 3]), [0, 0, 0], [1, 1, 1]).shape).toEqual([0, 3]);
    const x6 = tl.ones([1, 2, 1, 2, 1, 3]);
    expect(tl.batchNorm(x6, [1, 1, 1], [1, 1, 1]).shape).toEqual([1, 2, 1, 2, 1, 3]);
    // input from a transpose
    const t = tl.transpose(tl.tensor([[1, 3], [2, 4]]));
    expectClose(tl.batchNorm(t, [2, 3], [1, 4], [0, 1], [2, 1], 0), [[-2, 0.5], [2, 1.5]]);
    expect(tl.batchNorm(tl.tensor([1, 2], [2], 'float64'), 0, 1).dtype).toBe('float64');
  });

  it('golden vector (inference batch norm, gradients for all five inputs)', () => {
    const c = golden.cases.find((k) => k.op === 'batchNorm')!;
    for (const dtype of backend === 'js' ? (['float32', 'float64'] as const) : (['float32'] as const)) {
      const opts = dtype === 'float64' ? { atol: 1e-9, rtol: 1e-9 } : { atol: 1e-4, rtol: 1e-3 };
      tl.tidy(() => {
        const ins = c.inputs.map((i) => tl.tensor(i.data, i.shape, dtype));
        const f = (x: tl.Tensor, m: tl.Tensor, v: tl.Tensor, o: tl.Tensor, s: tl.Tensor) => tl.batchNorm(x, m, v, o, s, c.attrs.varianceEpsilon);
        expectClose(f(ins[0]!, ins[1]!, ins[2]!, ins[3]!, ins[4]!), c.outputs[0]!.data, opts);
        const gs = tl.grads(f as never)(ins, tl.tensor(c.upstream[0]!.data, c.upstream[0]!.shape, dtype));
        gs.forEach((g, i) => expectClose(g, c.grads[i]!.data, opts));
      });
    }
  });

  it('numeric gradients for every input (float64)', () => {
    const x = f64(randValues(24, 1), [2, 3, 4]);
    const m = f64(randValues(4, 2), [4]);
    const v = f64(randValues(4, 3, 0.5, 2), [4]);
    const o = f64(randValues(4, 4), [4]);
    const s = f64(randValues(4, 5), [4]);
    checkGrad((x, m, v, o, s) => tl.batchNorm(x!, m!, v!, o, s, 0.01), [x, m, v, o, s]);
    checkGrad((x, m, v) => tl.batchNorm(x!, m!, v!), [x, m, v]);
  });

  it('errors', () => {
    const x = tl.zeros([2, 3]);
    expect(() => tl.batchNorm(x, [0, 0], [1, 1])).toThrow(/batchNorm: shapes of 'x' \[2,3\] and 'mean' \[2\] cannot be broadcast/);
    expect(() => tl.batchNorm(x, [0, 0, 0], [1, 1, 1], [0, 0, 0, 0])).toThrow(/'offset' \[4\]/);
    expect(() => tl.batchNorm(x, tl.zeros([3], 'float64'), [1, 1, 1])).toThrow(/batchNorm: 'mean' is float64\[3\] but 'x' is float32\[2,3\]/);
    expect(() => tl.batchNorm(tl.zeros([2, 3], 'int32'), [0, 0, 0], [1, 1, 1])).toThrow(tl.DTypeError);
    expect(() => tl.batchNorm(x, [0, 0, 0], [1, 1, 1], null, null, -1)).toThrow(/batchNorm: 'varianceEpsilon' must be a finite number >= 0/);
    expect(() => tl.batchNorm(x, undefined as never, [1, 1, 1])).toThrow(/'mean' and 'variance' are required/);
  });
});

/** Reference training-mode batch norm over all axes but `ch` (population variance), written with loops. */
function refFused(x: Float64Array, shape: number[], ch: number, scale: number[], offset: number[], eps: number) {
  const C = shape[ch]!;
  const inner = shape.slice(ch + 1).reduce((a, b) => a * b, 1);
  const cOf = (i: number) => Math.floor(i / inner) % C;
  const n = x.length / C;
  const mean = new Array<number>(C).fill(0);
  const sq = new Array<number>(C).fill(0);
  x.forEach((v, i) => (mean[cOf(i)]! += v / n));
  x.forEach((v, i) => (sq[cOf(i)]! += (v - mean[cOf(i)]!) ** 2 / n));
  const y = Array.from(x, (v, i) => ((v - mean[cOf(i)]!) / Math.sqrt(sq[cOf(i)]! + eps)) * scale[cOf(i)]! + offset[cOf(i)]!);
  return { y, mean, variance: sq.map((s) => (s * n) / (n - 1)) };
}

describeEachBackend('fusedBatchNorm', (backend) => {
  const tol = tolFor(backend);

  it('hand values: training statistics (Bessel-corrected batchVariance), NHWC and NCHW', () => {
    // channel 0: [1, 3] -> mean 2, var 1 ; channel 1: [2, 6] -> mean 4, var 4
    const x = tl.tensor([1, 2, 3, 6], [2, 1, 1, 2]);
    const r = tl.fusedBatchNorm(x, [1, 1], [0, 0], { epsilon: 0 });
    expectClose(r.y, [-1, -1, 1, 1], { shape: [2, 1, 1, 2] });
    expectClose(r.batchMean, [2, 4], { shape: [2] });
    expectClose(r.batchVariance, [2, 8], { shape: [2] });
    const xc = tl.tensor([1, 3, 2, 6], [1, 2, 2, 1]);
    const rc = tl.fusedBatchNorm(xc, [2, 1], [1, 0], { epsilon: 0, dataFormat: 'NCHW' });
    expectClose(rc.y, [-1, 3, -1, 1]);
    expectClose(rc.batchMean, [2, 4]);
    expectClose(rc.batchVariance, [2, 8]);
  });

  it('inference mode uses the given statistics and returns them', () => {
    const x = tl.tensor([1, 2, 3, 6], [2, 1, 1, 2]);
    const r = tl.fusedBatchNorm(x, [1, 2], [0, 1], { mean: [1, 2], variance: [4, 1], epsilon: 0, isTraining: false });
    expectClose(r.y, [0, 1, 1, 9]);
    expectClose(r.batchMean, [1, 2]);
    expectClose(r.batchVariance, [4, 1]);
  });

  it('matches a loop reference on random 4-D and 5-D inputs in every data format', () => {
    for (const [fmt, shape, ch] of [['NHWC', [3, 2, 4, 5], 3], ['NCHW', [2, 3, 4, 2], 1], ['NDHWC', [2, 2, 3, 2, 3], 4], ['NCDHW', [2, 4, 2, 2, 3], 1]] as const) {
      const n = shape.reduce((a, b) => a * b, 1);
      const C = shape[ch]!;
      const xv = randValues(n, n + ch, -2, 3);
      const scale = Array.from(randValues(C, 7));
      const offset = Array.from(randValues(C, 8));
      const ref = refFused(xv, [...shape], ch, scale, offset, 1e-3);
      tl.tidy(() => {
        const r = tl.fusedBatchNorm(tl.tensor(xv, [...shape], 'float32'), scale, offset, { dataFormat: fmt });
        expectClose(r.y, ref.y, tol);
        expectClose(r.batchMean, ref.mean, tol);
        expectClose(r.batchVariance, ref.variance, tol);
      });
    }
  });

  it('numeric gradients through the batch statistics (float64)', () => {
    const x = f64(randValues(2 * 3 * 2 * 3, 3, -2, 2), [2, 3, 2, 3]);
    const s = f64([0.5, -1.2, 2], [3]);
    const o = f64([0.1, 0.2, -0.3], [3]);
    checkGrad((x, s, o) => tl.fusedBatchNorm(x!, s!, o!).y, [x, s, o]);
    checkGrad((x, s, o) => tl.mul(tl.fusedBatchNorm(x!, s!, o!, { dataFormat: 'NCHW', epsilon: 0.1 }).y, x!), [x, f64([1, 2, 3], [3]), f64([0, 1, 2], [3])]);
    // through the returned statistics too
    checkGrad((x) => tl.add(tl.sum(tl.fusedBatchNorm(x!, s, o).batchVariance), tl.sum(tl.fusedBatchNorm(x!, s, o).batchMean)), [x]);
  });

  it('errors', () => {
    const x = tl.zeros([2, 2, 2, 3]);
    expect(() => tl.fusedBatchNorm(x, [1, 1], [0, 0, 0])).toThrow(/fusedBatchNorm: 'scale' \[2\] must have shape \[3\].*\[2,2,2,3\], NHWC/);
    expect(() => tl.fusedBatchNorm(x, [1, 1, 1], [0, 0, 0], { dataFormat: 'NCHW' })).toThrow(/'scale' \[3\] must have shape \[2\]/);
    expect(() => tl.fusedBatchNorm(x, [1, 1, 1], [0, 0, 0], { mean: [0, 0, 0] })).toThrow(/must not be given when isTraining is true/);
    expect(() => tl.fusedBatchNorm(x, [1, 1, 1], [0, 0, 0], { isTraining: false })).toThrow(/required when isTraining is false/);
    expect(() => tl.fusedBatchNorm(x, [1, 1, 1], [0, 0, 0], { dataFormat: 'NWC' as never })).toThrow(/'dataFormat' must be NHWC/);
    expect(() => tl.fusedBatchNorm(tl.zeros([3]), [1, 1, 1], [0, 0, 0])).toThrow(/'x' must have rank >= 2/);
    expect(() => tl.fusedBatchNorm(x, [1, 1, 1], [0, 0, 0], { epsilon: NaN })).toThrow(/'epsilon'/);
  });

  it('does not leak', () => {
    const x = tl.tensor(randValues(24, 2), [2, 2, 2, 3]);
    expectNoLeak(() => {
      tl.fusedBatchNorm(x, [1, 1, 1], [0, 0, 0]);
      tl.grads((t) => tl.fusedBatchNorm(t, [1, 2, 1], [0, 0, 0]).y)([x]);
      tl.batchNorm(x, [0, 0, 0], [1, 1, 1], [1, 1, 1], [2, 2, 2]);
    });
    const before = tl.memory().numTensors;
    const r = tl.fusedBatchNorm(x, [1, 1, 1], [0, 0, 0]);
    expect(tl.memory().numTensors - before).toBe(3);
    tl.dispose([r.y, r.batchMean, r.batchVariance]);
  });
});

describeEachBackend('dropout', () => {
  it('keeps about 1 - rate of the values, each scaled exactly by 1 / (1 - rate)', () => {
    const n = 200000;
    const xv = randValues(n, 3, 0.5, 2);
    const x = tl.tensor(xv, [n], 'float32');
    const rate = 0.3;
    const y = tl.dropout(x, rate, { seed: 1 }).dataSync();
    const scale = Math.fround(1 / (1 - rate));
    let kept = 0;
    for (let i = 0; i < n; i++) {
      if (y[i] === 0) continue;
      kept++;
      if (y[i] !== Math.fround(Math.fround(xv[i]!) * scale)) expect.fail(`element ${i}: ${y[i]} is not x * 1/(1-rate)`);
    }
    // binomial: sd = sqrt(n p (1-p)) ~ 205; allow 5 sd
    expect(Math.abs(kept - 0.7 * n)).toBeLessThan(1100);
    const d64 = tl.dropout(tl.ones([4], 'float64'), 0.75, { seed: 3 }).dataSync();
    for (const v of d64) expect([0, 4]).toContain(v);
  });

  it('rate 0 is the identity; the same seed gives the same mask; setRandomSeed makes the global stream reproducible', () => {
    const x = tl.tensor(randValues(1000, 4), [10, 100]);
    expectClose(tl.dropout(x, 0), x);
    const a = values(tl.dropout(x, 0.5, { seed: 42 }));
    const b = values(tl.dropout(x, 0.5, { seed: 42 }));
    const c = values(tl.dropout(x, 0.5, { seed: 43 }));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.filter((v) => v === 0).length).toBeGreaterThan(400);
    tl.setRandomSeed(7);
    const g1 = values(tl.dropout(x, 0.5));
    const g2 = values(tl.dropout(x, 0.5));
    tl.setRandomSeed(7);
    expect(values(tl.dropout(x, 0.5))).toEqual(g1);
    expect(g1).not.toEqual(g2);
  });

  it('noiseShape broadcasts one keep/drop decision (e.g. whole feature maps)', () => {
    const x = tl.ones([2, 4, 4, 3]);
    for (const noiseShape of [[2, 1, 1, 3], [null, 1, 1, null], [1, 1, 3]]) {
      const y = tl.dropout(x, 0.5, { noiseShape, seed: 5 }).arraySync() as number[][][][];
      const per = noiseShape.length === 3 ? 1 : 2;
      let distinctDecisions = 0;
      for (let b = 0; b < 2; b++) {
        for (let c = 0; c < 3; c++) {
          const first = y[b]![0]![0]![c]!;
          for (let h = 0; h < 4; h++) for (let w = 0; w < 4; w++) expect(y[b]![h]![w]![c]).toBe(first);
          if (per === 1) expect(y[1]![0]![0]![c]).toBe(y[0]![0]![0]![c]);
          expect([0, 2]).toContain(first);
          distinctDecisions += first;
        }
      }
      expect(distinctDecisions).toBeGreaterThan(0);
      expect(distinctDecisions).toBeLessThan(12);
    }
  });

  it('gradient is the mask (seeded, float64 numeric check)', () => {
    const x = f64(randValues(60, 6), [3, 4, 5]);
    const g = tl.grad((t) => tl.dropout(t, 0.4, { seed: 9 }))(x);
    const mask = tl.dropout(tl.ones([3, 4, 5], 'float64'), 0.4, { seed: 9 });
    expectClose(g, mask);
    checkGrad((t) => tl.dropout(t, 0.4, { seed: 9, noiseShape: [3, 1, 5] }), [x]);
    expect(tl.dropout(tl.zeros([0, 3]), 0.5).shape).toEqual([0, 3]);
    expect(tl.dropout(tl.scalar(2), 0.5, { seed: 2 }).shape).toEqual([]);
  });

  it('errors', () => {
    const x = tl.zeros([2, 4, 4, 3]);
    expect(() => tl.dropout(x, 1)).toThrow(/dropout: 'rate' must be a number in \[0, 1\), got 1/);
    expect(() => tl.dropout(x, -0.1)).toThrow(tl.ArgumentError);
    expect(() => tl.dropout(x, NaN)).toThrow(tl.ArgumentError);
    expect(() => tl.dropout(tl.zeros([2], 'int32'), 0.5)).toThrow(tl.DTypeError);
    expect(() => tl.dropout(x, 0.5, { noiseShape: [2, 2, 1, 3] })).toThrow(/dropout: 'noiseShape' \[2,2,1,3\] must broadcast to the shape of x \[2,4,4,3\]/);
    expect(() => tl.dropout(x, 0.5, { noiseShape: [1, 2, 1, 1, 3] })).toThrow(tl.ShapeError);
    expect(() => tl.dropout(x, 0.5, { seed: NaN })).toThrow(/'seed'/);
  });

  it('does not leak', () => {
    const x = tl.ones([3, 3]);
    expectNoLeak(() => {
      tl.dropout(x, 0.5);
      tl.dropout(x, 0);
      tl.grad((t) => tl.dropout(t, 0.2, { noiseShape: [3, 1] }))(x);
    });
    const before = tl.memory().numTensors;
    tl.dropout(x, 0.5).dispose();
    expect(tl.memory().numTensors).toBe(before);
  });
});

describeEachBackend('localResponseNormalization', (backend) => {
  const tol = tolFor(backend);

  it('hand values', () => {
    const x = tl.tensor([1, 2, 3], [1, 1, 1, 3]);
    expectClose(tl.localResponseNormalization(x, 1), [1 / Math.sqrt(6), 2 / Math.sqrt(15), 3 / Math.sqrt(14)], tol);
    // default radius 5 covers the whole row: sum of squares 14
    expectClose(tl.localResponseNormalization(x), [1, 2, 3].map((v) => v / Math.sqrt(15)), tol);
    // radius 0: each value alone, bias 2, alpha 0.5, beta 0.75 -> 2 / (2 + 0.5 * 4)^0.75
    expectClose(tl.localResponseNormalization(tl.tensor([2], [1, 1, 1, 1]), 0, 2, 0.5, 0.75), [2 / 4 ** 0.75], tol);
    expect(tl.localResponseNormalization(tl.zeros([2, 3, 1, 0])).shape).toEqual([2, 3, 1, 0]);
    // two rows: each normalized alone
    const x2 = tl.tensor([1, 2, 3, 3, 2, 1], [1, 2, 1, 3]);
    expectClose(tl.localResponseNormalization(x2, 1), [1 / Math.sqrt(6), 2 / Math.sqrt(15), 3 / Math.sqrt(14), 3 / Math.sqrt(14), 2 / Math.sqrt(15), 1 / Math.sqrt(6)], { ...tol, shape: [1, 2, 1, 3] });
    expect(tl.localResponseNormalization(tl.zeros([0, 1, 1, 3])).shape).toEqual([0, 1, 1, 3]);
  });

  it('matches a direct formula on random NHWC input, and rows are independent', () => {
    const shape = [2, 3, 2, 7];
    const xv = randValues(84, 12, -2, 2);
    const [r, bias, alpha, beta] = [2, 1.5, 0.3, 0.6];
    const want = Array.from(xv, (v, i) => {
      const d = i % 7;
      let s = 0;
      for (let j = Math.max(0, d - r); j <= Math.min(6, d + r); j++) s += xv[i - d + j]! ** 2;
      return v / (bias + alpha * s) ** beta;
    });
    expectClose(tl.localResponseNormalization(tl.tensor(xv, shape, 'float32'), r, bias, alpha, beta), want, tol);
    // a slice of it (rows 1..2 of the height axis) normalizes the same
    const sl = tl.slice(tl.tensor(xv, shape, 'float32'), [0, 1, 0, 0], [2, 2, 2, 7]);
    const wantSl: number[] = [];
    for (let b = 0; b < 2; b++) for (let h = 1; h < 3; h++) for (let i = 0; i < 14; i++) wantSl.push(want[b * 42 + h * 14 + i]!);
    expectClose(tl.localResponseNormalization(sl, r, bias, alpha, beta), wantSl, tol);
  });

  it('numeric gradients (float64), several radii and ranks', () => {
    const x = f64(randValues(2 * 2 * 3 * 6, 13, -1.5, 1.5), [2, 2, 3, 6]);
    checkGrad((t) => tl.localResponseNormalization(t), [x]);
    checkGrad((t) => tl.localResponseNormalization(t, 1, 0.7, 0.4, 0.9), [x]);
    checkGrad((t) => tl.localResponseNormalization(t, 0, 2, 1, 1.5), [x]);
    checkGrad((t) => tl.localResponseNormalization(t, 2, 1, 0.5, 0.75), [f64(randValues(5, 2), [1, 1, 1, 5])]);
  });

  it('errors', () => {
    expect(() => tl.localResponseNormalization(tl.scalar(1))).toThrow(/localResponseNormalization: 'x' must have rank 4/);
    // TF refuses a rank-3 image (the batch axis forgotten)
    expect(() => tl.localResponseNormalization(tl.ones([2, 2, 3]))).toThrow(/localResponseNormalization: 'x' must have rank 4 \(NHWC\), got shape \[2,2,3\]/);
    expect(() => tl.localResponseNormalization(tl.ones([1, 1, 1, 2]), 1.5)).toThrow(/'depthRadius' must be an integer >= 0, got 1.5/);
    expect(() => tl.localResponseNormalization(tl.ones([1, 1, 1, 2]), 1, Infinity)).toThrow(/'bias' must be a finite number/);
    expect(() => tl.localResponseNormalization(tl.ones([2], 'int32'))).toThrow(tl.DTypeError);
    expect(() => tl.lrnGrad(tl.ones([2]), tl.ones([3]), tl.ones([3]))).toThrow(/lrnGrad: 'dy' \[2\] must have the shape of 'x' \[3\]/);
  });

  it('does not leak', () => {
    const x = tl.ones([1, 2, 2, 4]);
    expectNoLeak(() => tl.grad((t) => tl.localResponseNormalization(t, 1))(x));
  });
});

describeEachBackend('l2Normalize and inTopK', (backend) => {
  const tol = tolFor(backend);

  it('l2Normalize: hand values, axes, epsilon on zero vectors', () => {
    expectClose(tl.l2Normalize(tl.tensor([3, 4])), [0.6, 0.8], tol);
    expectClose(tl.l2Normalize(tl.tensor([[3, 4], [0, 0]]), 1), [[0.6, 0.8], [0, 0]], tol);
    expectClose(tl.l2Normalize(tl.tensor([[3, 0], [4, 0]]), 0), [[0.6, 0], [0.8, 0]], tol);
    expectClose(tl.l2Normalize(tl.tensor([[1, 1], [1, 1]])), [[0.5, 0.5], [0.5, 0.5]], tol);
    // the norm is floored at sqrt(epsilon)
    expectClose(tl.l2Normalize(tl.tensor([0.001]), 0, 1e-2), [0.01], tol);
    expect(tl.l2Normalize(tl.zeros([0, 2]), -1).shape).toEqual([0, 2]);
    expect(() => tl.l2Normalize(tl.ones([2]), 1)).toThrow(/l2Normalize: axis 1 is out of range/);
    expect(() => tl.l2Normalize(tl.ones([2]), 0, -1)).toThrow(/l2Normalize: 'epsilon'/);
  });

  it('l2Normalize numeric gradient (float64)', () => {
    const x = f64(randValues(24, 21), [2, 3, 4]);
    checkGrad((t) => tl.l2Normalize(t, -1), [x]);
    checkGrad((t) => tl.l2Normalize(t, [0, 2]), [x]);
    expectNoLeak(() => tl.grad((t) => tl.l2Normalize(t, 1))(x));
  });

  it('inTopK: TF tie rule, non-finite rows and out-of-range targets are false', () => {
    const p = tl.tensor([[0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [NaN, 1, 2], [1, 2, 3], [Infinity, 0, 1]]);
    const t = tl.tensor([1, 0, 2, 5, 1], [5], 'int32');
    expect(tl.inTopK(p, t, 1).arraySync()).toEqual([true, false, false, false, false]);
    expect(tl.inTopK(p, t, 2).arraySync()).toEqual([true, true, false, false, false]);
    expect(tl.inTopK(p, t, 0).arraySync()).toEqual([false, false, false, false, false]);
    // both tied values are "in" the top 1 when they are the largest
    expect(tl.inTopK(tl.tensor([[5, 5, 1]]), tl.tensor([1], [1], 'int32'), 1).arraySync()).toEqual([true]);
    expect(tl.inTopK(tl.tensor([[5, 5, 1]]), [0], 1).dtype).toBe('bool');
    expect(tl.inTopK(tl.tensor([[1, 2, 3]], [1, 3], 'float64'), tl.tensor([0n]), 3).arraySync()).toEqual([true]);
    expect(tl.inTopK(tl.zeros([0, 3]), tl.zeros([0], 'int32'), 1).shape).toEqual([0]);
    expect(() => tl.inTopK(tl.zeros([2, 3]), tl.zeros([3], 'int32'), 1)).toThrow(/inTopK: 'targets' \[3\] must have shape \[2\]/);
    expect(() => tl.inTopK(tl.zeros([3]), tl.zeros([3], 'int32'), 1)).toThrow(/inTopK: 'predictions' must have rank 2/);
    expect(() => tl.inTopK(tl.zeros([2, 3]), tl.zeros([2]), 1)).toThrow(/inTopK: argument 'targets' has dtype float32/);
    expect(() => tl.inTopK(tl.zeros([2, 3]), tl.zeros([2], 'int32'), -1)).toThrow(/'k' must be an integer >= 0/);
    expectNoLeak(() => tl.inTopK(p, t, 2));
  });
});
