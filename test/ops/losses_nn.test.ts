import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { checkGrad, describeEachBackend, expectClose, expectNoLeak, randValues, tolFor } from '../util/index.js';

interface GT {
  shape: number[];
  data: number[];
  dtype?: 'int32';
}
const golden = JSON.parse(readFileSync(new URL('../golden/ops.json', import.meta.url), 'utf8')) as {
  cases: { op: string; inputs: GT[]; outputs: GT[]; upstream: GT[]; grads: (GT | null)[] }[];
};

const f64 = (v: ArrayLike<number>, shape: number[]) => tl.tensor(Float64Array.from(v), shape, 'float64');
const LN2 = Math.log(2);

/** Rows of a probability distribution (positive, summing to 1 along the last axis). */
function distributions(rows: number, classes: number, seed: number): Float64Array {
  const v = randValues(rows * classes, seed, 0.1, 1);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < classes; c++) s += v[r * classes + c]!;
    for (let c = 0; c < classes; c++) v[r * classes + c]! /= s;
  }
  return v;
}

function runGolden(backend: string, op: string, fn: (a: Tensor, b: Tensor) => Tensor): void {
  const c = golden.cases.find((k) => k.op === op)!;
  expect(c, op).toBeDefined();
  for (const dtype of backend === 'js' ? (['float32', 'float64'] as const) : (['float32'] as const)) {
    const opts = dtype === 'float64' ? { atol: 1e-9, rtol: 1e-9 } : { atol: 1e-4, rtol: 1e-3 };
    tl.tidy(() => {
      const ins = c.inputs.map((i) => tl.tensor(i.data, i.shape, i.dtype ?? dtype));
      expectClose(fn(ins[0]!, ins[1]!), c.outputs[0]!.data, { ...opts, shape: c.outputs[0]!.shape });
      const gs = tl.grads(fn)(ins, tl.tensor(c.upstream[0]!.data, c.upstream[0]!.shape, dtype));
      c.grads.forEach((g, i) => {
        if (g) expectClose(gs[i]!, g.data, opts);
      });
    });
  }
}

describeEachBackend('softmaxCrossEntropyWithLogits', (backend) => {
  const tol = tolFor(backend);

  it('hand values, stable for logits of +-1000', () => {
    expectClose(tl.softmaxCrossEntropyWithLogits([[0, 1], [0.5, 0.5]], [[0, 0], [0, 0]]), [LN2, LN2], tol);
    // log(1 + e + e^2) - 2 for labels on the largest of [0, 1, 2]
    expectClose(tl.softmaxCrossEntropyWithLogits([0, 0, 1], [0, 1, 2]), Math.log(1 + Math.E + Math.E ** 2) - 2, tol);
    const big = tl.softmaxCrossEntropyWithLogits([[0, 1], [1, 0], [0.5, 0.5]], [[1000, 0], [1000, 0], [-1000, 1000]]);
    expectClose(big, [1000, 0, 1000], tol);
    // gradient wrt logits at the extreme is still finite: softmax - labels
    const g = tl.grads((l, z) => tl.softmaxCrossEntropyWithLogits(l, z))([tl.tensor([[0, 1]]), tl.tensor([[1000, -1000]])]);
    expectClose(g[1]!, [[1, -1]], tol);
    expectClose(g[0]!, [[0, 2000]], tol);
  });

  it('axis other than the last, rank 1 and high rank, empty batch', () => {
    // classes along axis 0: columns are examples
    const labels = tl.tensor([[0, 0.5], [1, 0.5]]);
    const logits = tl.tensor([[0, 0], [0, 0]]);
    expectClose(tl.softmaxCrossEntropyWithLogits(labels, logits, 0), [LN2, LN2], { ...tol, shape: [2] });
    const l6 = tl.fill([1, 2, 1, 2, 1, 4], 0.25);
    expectClose(tl.softmaxCrossEntropyWithLogits(l6, tl.zeros([1, 2, 1, 2, 1, 4])), [Math.log(4), Math.log(4), Math.log(4), Math.log(4)], {
      ...tol,
      shape: [1, 2, 1, 2, 1],
    });
    expect(tl.softmaxCrossEntropyWithLogits(tl.zeros([0, 3]), tl.zeros([0, 3])).shape).toEqual([0]);
    // a transposed input gives the same as its materialized copy
    const zt = tl.transpose(tl.tensor([[1, 2], [3, 4], [5, 6]]));
    expectClose(tl.softmaxCrossEntropyWithLogits([[1, 0, 0], [0, 0, 1]], zt), [Math.log(1 + Math.E ** 2 + Math.E ** 4), Math.log(Math.E ** -4 + Math.E ** -2 + 1)], tol);
  });

  it('golden vector', () => runGolden(backend, 'softmaxCrossEntropyWithLogits', (a, b) => tl.softmaxCrossEntropyWithLogits(a, b)));

  it('numeric gradients for labels and logits (float64), also along axis 1 of a rank-3 input', () => {
    const labels = f64(distributions(3, 5, 1), [3, 5]);
    const logits = f64(randValues(15, 2, -3, 3), [3, 5]);
    checkGrad((l, z) => tl.softmaxCrossEntropyWithLogits(l!, z!), [labels, logits]);
    const l3 = tl.transpose(f64(distributions(8, 3, 3), [2, 4, 3]), [0, 2, 1]);
    checkGrad((l, z) => tl.softmaxCrossEntropyWithLogits(l!, z!, 1), [l3, f64(randValues(24, 4, -2, 2), [2, 3, 4])]);
    // second order (through softmax in the gradient)
    checkGrad((z) => tl.grads((zz) => tl.softmaxCrossEntropyWithLogits(labels, zz!))([z!])[0]!, [logits]);
  });

  it('errors', () => {
    expect(() => tl.softmaxCrossEntropyWithLogits(tl.zeros([2, 3]), tl.zeros([2, 4]))).toThrow(
      /softmaxCrossEntropyWithLogits: 'labels' \[2,3\] and 'logits' \[2,4\] must have the same shape/,
    );
    expect(() => tl.softmaxCrossEntropyWithLogits(tl.zeros([2, 3], 'float64'), tl.zeros([2, 3]))).toThrow(/'labels' is float64\[2,3\] and 'logits' is float32\[2,3\]/);
    expect(() => tl.softmaxCrossEntropyWithLogits(tl.zeros([2], 'int32'), tl.zeros([2], 'int32'))).toThrow(tl.DTypeError);
    expect(() => tl.softmaxCrossEntropyWithLogits(tl.scalar(1), tl.scalar(1))).toThrow(/rank >= 1/);
    expect(() => tl.softmaxCrossEntropyWithLogits(tl.zeros([2, 3]), tl.zeros([2, 3]), 2)).toThrow(/softmaxCrossEntropyWithLogits: 'axis' 2 is out of range/);
  });
});

describeEachBackend('sparseSoftmaxCrossEntropyWithLogits', (backend) => {
  const tol = tolFor(backend);

  it('hand values, stable for +-1000, int32 and int64 labels', () => {
    const logits = tl.tensor([[0, 0], [1000, 0], [1000, -1000], [0, 1, 2]].slice(0, 3));
    expectClose(tl.sparseSoftmaxCrossEntropyWithLogits(tl.tensor([1, 1, 0], [3], 'int32'), logits), [LN2, 1000, 0], tol);
    expectClose(tl.sparseSoftmaxCrossEntropyWithLogits(tl.tensor([0n, 0n, 1n]), logits), [LN2, 0, 2000], tol);
    expectClose(tl.sparseSoftmaxCrossEntropyWithLogits([2], [[0, 1, 2]]), [Math.log(1 + Math.E + Math.E ** 2) - 2], tol);
    // labels of rank 2, logits of rank 3
    const y = tl.sparseSoftmaxCrossEntropyWithLogits(tl.tensor([[0, 1]], [1, 2], 'int32'), tl.zeros([1, 2, 4]));
    expectClose(y, [[Math.log(4), Math.log(4)]], { ...tol, shape: [1, 2] });
    expect(tl.sparseSoftmaxCrossEntropyWithLogits(tl.zeros([0], 'int32'), tl.zeros([0, 0])).shape).toEqual([0]);
    const g = tl.grad((z) => tl.sparseSoftmaxCrossEntropyWithLogits(tl.tensor([1], [1], 'int32'), z))(tl.tensor([[1000, -1000]]));
    expectClose(g, [[1, -1]], tol);
  });

  it('golden vector', () => runGolden(backend, 'sparseSoftmaxCrossEntropyWithLogits', (a, b) => tl.sparseSoftmaxCrossEntropyWithLogits(a, b)));

  it('numeric gradient (float64), and agreement with the dense form', () => {
    const logits = f64(randValues(20, 5, -3, 3), [4, 5]);
    const labels = tl.tensor([4, 0, 2, 2], [4], 'int32');
    checkGrad((z) => tl.sparseSoftmaxCrossEntropyWithLogits(labels, z!), [logits]);
    const dense = tl.oneHot(labels, 5, 1, 0, 'float64');
    expectClose(tl.sparseSoftmaxCrossEntropyWithLogits(labels, logits), tl.softmaxCrossEntropyWithLogits(dense, logits));
    checkGrad((z) => tl.grad((zz) => tl.sparseSoftmaxCrossEntropyWithLogits(labels, zz))(z!), [logits]);
  });

  it('errors: an out-of-range label names its row', () => {
    const logits = tl.zeros([3, 4]);
    expect(() => tl.sparseSoftmaxCrossEntropyWithLogits(tl.tensor([0, 4, 1], [3], 'int32'), logits)).toThrow(
      /sparseSoftmaxCrossEntropyWithLogits: 'labels' row 1 holds 4, outside the valid range \[0, 4\)/i, // the native kernel names it SparseSoftmax...
    );
    expect(() => tl.sparseSoftmaxCrossEntropyWithLogits(tl.tensor([0, 1, -1], [3], 'int32'), logits)).toThrow(tl.ArgumentError);
    expect(() => tl.sparseSoftmaxCrossEntropyWithLogits(tl.tensor([0, 1], [2], 'int32'), logits)).toThrow(
      /'labels' \[2\] must have the shape of 'logits' \[3,4\] without its last/,
    );
    expect(() => tl.sparseSoftmaxCrossEntropyWithLogits(tl.zeros([3]), logits)).toThrow(/argument 'labels' has dtype float32/);
    expect(() => tl.sparseSoftmaxCrossEntropyWithLogits(tl.zeros([3], 'int32'), tl.zeros([3, 0]))).toThrow(/at least one class/);
    expect(() => tl.sparseSoftmaxCrossEntropyWithLogits(tl.zeros([3], 'int32'), tl.zeros([3, 2], 'int32'))).toThrow(tl.DTypeError);
  });
});

describeEachBackend('sigmoidCrossEntropyWithLogits', (backend) => {
  const tol = tolFor(backend);

  it('hand values, stable for +-1000, and the gradient at logit 0 is sigmoid(0) - label', () => {
    const labels = tl.tensor([1, 0, 1, 0, 1, 0.25]);
    const logits = tl.tensor([0, 0, 1000, 1000, -1000, Math.log(3)]);
    // last: 0.25 * log(1 + 1/3) + 0.75 * log(1 + 3)
    expectClose(tl.sigmoidCrossEntropyWithLogits(labels, logits), [LN2, LN2, 0, 1000, 1000, 0.25 * Math.log(4 / 3) + 0.75 * Math.log(4)], tol);
    const [gl, gz] = tl.grads((l, z) => tl.sigmoidCrossEntropyWithLogits(l, z))([labels, logits]);
    expectClose(gz!, [-0.5, 0.5, 0, 1, -1, 0.75 - 0.25], tol);
    expectClose(gl!, [-0, -0, -1000, -1000, 1000, -Math.log(3)], tol);
    expect(tl.sigmoidCrossEntropyWithLogits(tl.zeros([0, 2]), tl.zeros([0, 2])).shape).toEqual([0, 2]);
    expectClose(tl.sigmoidCrossEntropyWithLogits(tl.scalar(1), tl.scalar(0)), LN2, tol);
  });

  it('golden vector', () => runGolden(backend, 'sigmoidCrossEntropyWithLogits', (a, b) => tl.sigmoidCrossEntropyWithLogits(a, b)));

  it('numeric gradients (float64)', () => {
    const labels = f64(randValues(12, 7, 0, 1), [3, 4]);
    const logits = f64(randValues(12, 8, -4, 4), [3, 4]);
    checkGrad((l, z) => tl.sigmoidCrossEntropyWithLogits(l!, z!), [labels, logits]);
  });

  it('errors', () => {
    expect(() => tl.sigmoidCrossEntropyWithLogits(tl.zeros([2, 3]), tl.zeros([3]))).toThrow(
      /sigmoidCrossEntropyWithLogits: 'labels' \[2,3\] and 'logits' \[3\] must have the same shape/,
    );
    expect(() => tl.sigmoidCrossEntropyWithLogits(tl.zeros([2], 'int32'), tl.zeros([2], 'int32'))).toThrow(tl.DTypeError);
  });
});

describeEachBackend('nn losses do not leak', () => {
  it('forward and gradients', () => {
    const labels = tl.tensor([[0.2, 0.8], [1, 0]]);
    const logits = tl.tensor([[1, 2], [3, -1]]);
    const idx = tl.tensor([1, 0], [2], 'int32');
    expectNoLeak(() => {
      tl.grads((l, z) => tl.softmaxCrossEntropyWithLogits(l, z))([labels, logits]);
      tl.grad((z) => tl.sparseSoftmaxCrossEntropyWithLogits(idx, z))(logits);
      tl.grads((l, z) => tl.sigmoidCrossEntropyWithLogits(l, z))([labels, logits]);
    });
    const before = tl.memory().numTensors;
    tl.sigmoidCrossEntropyWithLogits(labels, logits).dispose();
    expect(tl.memory().numTensors).toBe(before);
    expect(() => tl.sparseSoftmaxCrossEntropyWithLogits(tl.tensor([0, 9], [2], 'int32'), logits)).toThrow(tl.ArgumentError);
  });
});
