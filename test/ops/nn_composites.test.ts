/**
 * The composite ops added for tl.nn: biasAdd, xwPlusB, reluLayer, l2Loss, zeroFraction, embeddingLookup,
 * weightedCrossEntropyWithLogits, crelu, separableConv2d and atrousConv2d. Values are hand-computed or come
 * from plain float64 loops written here; gradients are checked against finite differences.
 */
import { expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { checkGrad, describeEachBackend, expectClose, expectNoLeak, randValues, tolFor } from '../util/index.js';

const f64 = (shape: number[], seed: number, lo = -1, hi = 1) => tl.tensor(randValues(shape.reduce((a, b) => a * b, 1), seed, lo, hi), shape, 'float64');
const i32 = (v: number[] | number[][], shape?: number[]) => tl.tensor(v, shape, 'int32');
const LN2 = Math.log(2);

describeEachBackend('biasAdd, xwPlusB, reluLayer', (backend) => {
  const tol = tolFor(backend);

  it('adds the bias along the channel axis of each data format', () => {
    expectClose(tl.biasAdd([[1, 2], [3, 4]], [10, 20]), [[11, 22], [13, 24]], tol);
    // NHWC [1, 1, 2, 3]: the bias follows the last dim
    expectClose(tl.biasAdd(tl.zeros([1, 1, 2, 3]), [1, 2, 3]), [1, 2, 3, 1, 2, 3], { ...tol, shape: [1, 1, 2, 3] });
    // NCHW [1, 2, 1, 2] and NCW [1, 2, 2]: the bias follows dim 1
    expectClose(tl.biasAdd(tl.zeros([1, 2, 1, 2]), [5, 7], 'NCHW'), [5, 5, 7, 7], { ...tol, shape: [1, 2, 1, 2] });
    expectClose(tl.biasAdd(tl.ones([1, 2, 2]), [5, 7], 'NCW'), [6, 6, 8, 8], tol);
    expectClose(tl.biasAdd(tl.ones([1, 2, 1, 1, 1]), [5, 7], 'NCDHW'), [6, 8], tol);
    expectClose(tl.biasAdd(tl.ones([2, 1, 1, 1, 2]), [5, 7], 'NDHWC'), [6, 8, 6, 8], tol);
    // int32 works (TF's bias_add takes any numeric type); a transposed input
    expect(Array.from(tl.biasAdd(tl.tensor([[1, 2]], undefined, 'int32'), [3, 4]).dataSync())).toEqual([4, 6]);
    expectClose(tl.biasAdd(tl.transpose(tl.tensor([[1, 2], [3, 4]])), [10, 20]), [[11, 23], [12, 24]], tol);
    // empty batch
    expect(tl.biasAdd(tl.zeros([0, 3]), [1, 2, 3]).shape).toEqual([0, 3]);
  });

  it('xwPlusB and reluLayer: hand values', () => {
    const x = [[1, 2], [3, -4]], w = [[1, 0, -1], [0, 1, 1]], b = [0.5, -10, 0];
    // x @ w = [[1, 2, 1], [3, -4, -7]]
    expectClose(tl.xwPlusB(x, w, b), [[1.5, -8, 1], [3.5, -14, -7]], tol);
    expectClose(tl.reluLayer(x, w, b), [[1.5, 0, 1], [3.5, 0, 0]], tol);
  });

  it('gradients match finite differences (float64)', () => {
    checkGrad((v, bias) => tl.mul(tl.biasAdd(v, bias), v), [f64([2, 3, 2, 4], 1), f64([4], 2)]);
    checkGrad((v, bias) => tl.mul(tl.biasAdd(v, bias, 'NCHW'), v), [f64([2, 3, 2, 2], 3), f64([3], 4)]);
    checkGrad((x, w, b) => tl.square(tl.xwPlusB(x, w, b)), [f64([3, 4], 5), f64([4, 2], 6), f64([2], 7)]);
    // away from relu's kink: the biases keep every pre-activation at least 0.05 from 0
    checkGrad((x, w, b) => tl.square(tl.reluLayer(x, w, b)), [f64([2, 3], 8, 0.1, 1), f64([3, 2], 9, 0.1, 1), tl.tensor([0.5, -5], undefined, 'float64')]);
  });

  it('refuses bad arguments with typed errors naming the op, argument and shapes', () => {
    expect(() => tl.biasAdd(tl.zeros([2, 3]), [1, 2])).toThrow(/biasAdd: 'bias' \[2\] must have shape \[3\] \(the channel dim 1 of 'value' \[2,3\]/);
    expect(() => tl.biasAdd(tl.zeros([2, 3, 4]), [1, 2, 3, 4], 'NCW')).toThrow(tl.ShapeError);
    expect(() => tl.biasAdd(tl.zeros([2, 3]), [[1, 2, 3]])).toThrow(/biasAdd: 'bias' \[1,3\] must have shape \[3\]/);
    expect(() => tl.biasAdd(tl.zeros([3]), [1, 2, 3])).toThrow(/biasAdd: 'value' must have rank >= 2.*\[3\]/);
    expect(() => tl.biasAdd(tl.zeros([2, 3]), [1, 2, 3], 'HWC' as 'NHWC')).toThrow(tl.ArgumentError);
    expect(() => tl.biasAdd(tl.zeros([2, 3], 'float64'), tl.zeros([3]))).toThrow(/biasAdd: 'bias' is float32\[3\] but 'value' is float64\[2,3\]/);
    expect(() => tl.biasAdd(tl.tensor([[true]]), [true])).toThrow(tl.DTypeError);
    expect(() => tl.xwPlusB(tl.zeros([2, 3]), tl.zeros([4, 5]), tl.zeros([5]))).toThrow(/xwPlusB: 'x' \[2,3\] has 3 inputs but 'weights' \[4,5\] expects 4/);
    expect(() => tl.xwPlusB(tl.zeros([2, 3]), tl.zeros([3, 5]), tl.zeros([4]))).toThrow(/xwPlusB: 'biases' \[4\] must have shape \[5\]/);
    expect(() => tl.xwPlusB(tl.zeros([3]), tl.zeros([3, 5]), tl.zeros([5]))).toThrow(/xwPlusB: 'x' must have rank 2/);
    expect(() => tl.reluLayer(i32([[1]]), i32([[1]]), i32([1]))).toThrow(/reluLayer: argument 'x' has dtype int32/);
    expectNoLeak(() => tl.grads((v, b) => tl.biasAdd(v, b, 'NCHW'))([tl.ones([1, 2, 2, 2]), tl.ones([2])]));
    expectNoLeak(() => tl.reluLayer([[1, 2]], [[1], [2]], [3]));
  });

  it('graph mode: placeholders with an unknown batch, values and tl.gradients as eager', () => {
    const g = new tl.Graph();
    const r = g.asDefault(() => {
      const v = tl.placeholder('float64', [null, 3, 2, 2]);
      const b = tl.placeholder('float64', [3]);
      const y = tl.biasAdd(v, b, 'NCHW');
      return { v, b, y, grads: tl.gradients(tl.sum(tl.square(y)), [v, b]) };
    });
    expect(r.y.shape).toEqual([-1, 3, 2, 2]);
    const v = f64([2, 3, 2, 2], 11), b = f64([3], 12);
    const eager = tl.valueAndGrads((a: Tensor, c: Tensor) => tl.sum(tl.square(tl.biasAdd(a, c, 'NCHW'))))([v, b]);
    const out = new tl.Session({ graph: g }).run([r.y, ...r.grads], new Map([[r.v, v], [r.b, b]])) as Tensor[];
    expectClose(out[0]!, tl.add(v, tl.reshape(b, [3, 1, 1])));
    expectClose(out[1]!, eager.grads[0]!);
    expectClose(out[2]!, eager.grads[1]!);
  });
});

describeEachBackend('l2Loss, zeroFraction', (backend) => {
  const tol = tolFor(backend);

  it('hand values', () => {
    expectClose(tl.l2Loss([1, 2, 3]), 7, { ...tol, shape: [] });
    expectClose(tl.l2Loss(tl.tensor([[1, -1], [2, 0.5]])), 3.125, tol);
    expectClose(tl.l2Loss(tl.scalar(4)), 8, tol);
    expectClose(tl.l2Loss(tl.zeros([0, 3])), 0, tol);
    const z = tl.zeroFraction([[0, 1], [0, 2]]);
    expect([z.dtype, z.shape]).toEqual(['float32', []]);
    expectClose(z, 0.5, tol);
    expectClose(tl.zeroFraction(i32([0, 0, 0, 5])), 0.75, tol);
    expectClose(tl.zeroFraction(tl.tensor([-0, NaN, 1], undefined, 'float64')), 1 / 3, tol);
    expectClose(tl.zeroFraction(tl.zeros([0])), NaN);
  });

  it('l2Loss gradient is t itself; errors', () => {
    const t = f64([3, 4], 21);
    expectClose(tl.grad((x: Tensor) => tl.l2Loss(x))(t), t);
    checkGrad((x) => tl.l2Loss(x), [t]);
    expect(() => tl.l2Loss(i32([1, 2]))).toThrow(/l2Loss: argument 't' has dtype int32/);
    expect(() => tl.zeroFraction(tl.tensor([true]))).toThrow(/zeroFraction: argument 'x' has dtype bool/);
    expectNoLeak(() => tl.zeroFraction([[0, 1]]));
    expectNoLeak(() => tl.grad((x: Tensor) => tl.l2Loss(x))(tl.ones([2])));
  });
});

/** Rows whose values say which id they are: row of id k is [k, 10 k]. */
const rowsOf = (ids: number[]) => tl.tensor(ids.flatMap((k) => [k, 10 * k]), [ids.length, 2]);
const expectedRows = (ids: number[]) => ids.flatMap((k) => [k, 10 * k]);

describeEachBackend('embeddingLookup', (backend) => {
  const tol = tolFor(backend);

  it('one table: result shape ids.shape + params.shape[1:]', () => {
    const table = rowsOf([0, 1, 2, 3]);
    expectClose(tl.embeddingLookup(table, i32([[3, 0], [1, 1]])), expectedRows([3, 0, 1, 1]), { ...tol, shape: [2, 2, 2] });
    expectClose(tl.embeddingLookup(table, 2), [2, 20], { ...tol, shape: [2] });
    expectClose(tl.embeddingLookup([table], tl.tensor([1n], [1], 'int64')), [1, 10], { ...tol, shape: [1, 2] });
    expectClose(tl.embeddingLookup(tl.tensor([5, 6, 7]), [[2], [0]]), [7, 5], { ...tol, shape: [2, 1] });
    expect(tl.embeddingLookup(table, i32([], [0, 3])).shape).toEqual([0, 3, 2]);
  });

  it("shards, 'mod' (TF's default): id k in shard k % n, row floor(k / n)", () => {
    // 7 rows over 3 shards: shard 0 holds ids 0, 3, 6; shard 1 ids 1, 4; shard 2 ids 2, 5
    const shards = [rowsOf([0, 3, 6]), rowsOf([1, 4]), rowsOf([2, 5])];
    const ids = [6, 0, 5, 1, 4, 4, 2, 3];
    expectClose(tl.embeddingLookup(shards, i32(ids, [2, 4])), expectedRows(ids), { ...tol, shape: [2, 4, 2] });
    // shard sizes outside TF's layout still follow 'mod': [1, 3] holds id 0 | ids 1, 3, 5
    expectClose(tl.embeddingLookup([rowsOf([0]), rowsOf([1, 3, 5])], [5, 0, 3]), expectedRows([5, 0, 3]), tol);
  });

  it("shards, 'div': contiguous blocks, the first N % n shards one row longer", () => {
    const shards = [rowsOf([0, 1, 2]), rowsOf([3, 4]), rowsOf([5, 6])];
    const ids = [6, 0, 5, 1, 4, 4, 2, 3];
    expectClose(tl.embeddingLookup(shards, i32(ids, [4, 2]), { partitionStrategy: 'div' }), expectedRows(ids), { ...tol, shape: [4, 2, 2] });
  });

  it('maxNorm clips each embedding to that L2 norm', () => {
    const table = tl.tensor([[3, 4], [0.3, 0.4], [0, 0]]);
    expectClose(tl.embeddingLookup(table, [0, 1, 2], { maxNorm: 1 }), [0.6, 0.8, 0.3, 0.4, 0, 0], tol);
    // with rank-2 ids each [2]-row is clipped on its own; rank-1 params clip each value to |x| <= maxNorm
    expectClose(tl.embeddingLookup([table], [[0], [1]], { maxNorm: 0.25 }), [0.15, 0.2, 0.15, 0.2], tol);
    expectClose(tl.embeddingLookup(tl.tensor([-3, 0.5]), [0, 1], { maxNorm: 1 }), [-1, 0.5], tol);
    // rank-3 params: the whole [2, 2] embedding is one vector, norm sqrt(4 * 4) = 4
    expectClose(tl.embeddingLookup(tl.fill([1, 2, 2], 2), [0], { maxNorm: 2 }), [1, 1, 1, 1], tol);
  });

  it('gradients reach every shard (finite differences), with repeated ids and maxNorm', () => {
    const ids = i32([[4, 0, 4], [2, 5, 3]]);
    const w = f64([2, 3, 2], 31);
    for (const partitionStrategy of ['mod', 'div'] as const) {
      const sizes = [2, 2, 2];
      checkGrad((a, b, c) => tl.mul(tl.embeddingLookup([a, b, c], ids, { partitionStrategy }), w), sizes.map((n, i) => f64([n, 2], 40 + i)));
    }
    // norms in [0.5, 2.8]: some rows clipped to 1.2, none near the kink
    checkGrad((a, b) => tl.mul(tl.embeddingLookup([a, b], ids, { maxNorm: 1.2 }), w), [f64([3, 2], 50, 0.35, 2), f64([3, 2], 51, 0.35, 2)]);
    checkGrad((t) => tl.embeddingLookup(t, [[1, 1], [0, 2]]), [f64([3, 2, 2], 52)]);
    const g = tl.grads((a: Tensor, b: Tensor) => tl.sum(tl.embeddingLookup([a, b], [3, 3, 0])))([tl.zeros([2, 1]), tl.zeros([2, 1])]);
    // id 3 -> shard 1 row 1 (twice), id 0 -> shard 0 row 0
    expectClose(g[0]!, [1, 0]);
    expectClose(g[1]!, [0, 2]);
  });

  it('an id outside the table is an ArgumentError naming it, its position and the shards', () => {
    const shards = [rowsOf([0, 3, 6]), rowsOf([1, 4]), rowsOf([2, 5])];
    expect(() => tl.embeddingLookup(shards, [[0, 7]])).toThrow(
      /^embeddingLookup: ids\[0,1\] = 7 names no row of 'params': 7 rows in 3 shards of \[3,2,2\] rows, partitionStrategy 'mod' \(id 7 would be row 2 of shard 1\)$/,
    );
    expect(() => tl.embeddingLookup(shards, [-1])).toThrow(/embeddingLookup: ids\[0\] = -1 names no row/);
    expect(() => tl.embeddingLookup(shards, [1, 9], { partitionStrategy: 'div' })).toThrow(/embeddingLookup: ids\[1\] = 9 .*partitionStrategy 'div'/);
    // 'mod' with shards of [1, 3]: id 2 would be row 1 of the one-row shard 0
    expect(() => tl.embeddingLookup([rowsOf([0]), rowsOf([1, 3, 5])], [2])).toThrow(/ids\[0\] = 2 .*row 1 of shard 0/);
    expect(() => tl.embeddingLookup(rowsOf([0, 1, 2]), [[1], [3]])).toThrow(/^embeddingLookup: ids\[1,0\] = 3 is not in \[0, 3\) \(the rows of 'params' \[3,2\]\)$/);
    expect(() => tl.embeddingLookup(rowsOf([0, 1, 2]), [[1], [3]])).toThrow(tl.ArgumentError);
  });

  it('refuses bad arguments with typed errors', () => {
    const t = rowsOf([0, 1, 2]);
    expect(() => tl.embeddingLookup([rowsOf([0]), rowsOf([1, 2, 3])], [0], { partitionStrategy: 'div' })).toThrow(
      /embeddingLookup: with partitionStrategy 'div', 2 shards of 4 rows in all must have \[2,2\] rows .* got \[1,3\]/,
    );
    expect(() => tl.embeddingLookup([t, tl.zeros([2, 3])], [0])).toThrow(/embeddingLookup: shard 'params\[1\]' \[2,3\] and 'params\[0\]' \[3,2\] must agree/);
    expect(() => tl.embeddingLookup([t, tl.zeros([2, 2], 'float64')], [0])).toThrow(tl.DTypeError);
    expect(() => tl.embeddingLookup([], [0])).toThrow(tl.ArgumentError);
    expect(() => tl.embeddingLookup(tl.scalar(1), [0])).toThrow(/embeddingLookup: 'params' must have rank >= 1/);
    expect(() => tl.embeddingLookup(t, [0.5])).toThrow(tl.DTypeError);
    expect(() => tl.embeddingLookup(t, tl.tensor([0]))).toThrow(/embeddingLookup: argument 'ids' has dtype float32/);
    expect(() => tl.embeddingLookup(t, [0], { partitionStrategy: 'modulo' as 'mod' })).toThrow(/'partitionStrategy' must be 'mod' or 'div'/);
    expect(() => tl.embeddingLookup(t, [0], { maxnorm: 1 } as object)).toThrow(/embeddingLookup: unknown option 'maxnorm'/);
    expect(() => tl.embeddingLookup(t, [0], { maxNorm: 0 })).toThrow(/'maxNorm' must be a finite number > 0/);
    expect(() => tl.embeddingLookup(tl.zeros([2, 2], 'int32'), [0], { maxNorm: 1 })).toThrow(tl.DTypeError);
    expectNoLeak(() => tl.embeddingLookup([t, t], [[0, 5]], { maxNorm: 2 }));
    expectNoLeak(() => tl.grads((a: Tensor, b: Tensor) => tl.embeddingLookup([a, b], [3, 1]))([tl.ones([2, 2]), tl.ones([2, 2])]));
    expectNoLeak(() => expect(() => tl.embeddingLookup([t, t], [9])).toThrow(tl.ArgumentError));
  });

  it('graph mode: placeholder ids of unknown length, shards as placeholders; values, gradients and run-time errors', () => {
    const g = new tl.Graph();
    const r = g.asDefault(() => {
      const ids = tl.placeholder('int32', [null, 2], 'ids');
      const s0 = tl.placeholder('float64', [3, 2]), s1 = tl.placeholder('float64', [2, 2]);
      const e = tl.embeddingLookup([s0, s1], ids, { maxNorm: 5 });
      return { ids, s0, s1, e, grads: tl.gradients(tl.sum(tl.mul(e, e)), [s0, s1]) };
    });
    expect(r.e.shape).toEqual([-1, 2, 2]);
    const s0 = tl.tensor([[1, 2], [3, 4], [5, 6]], undefined, 'float64'), s1 = tl.tensor([[0.5, 1], [9, 10]], undefined, 'float64');
    const ids = i32([[0, 1], [4, 4], [3, 2]]);
    const sess = new tl.Session({ graph: g });
    const out = sess.run([r.e, ...r.grads], new Map([[r.ids, ids], [r.s0, s0], [r.s1, s1]])) as Tensor[];
    const eager = tl.valueAndGrads((a: Tensor, b: Tensor) => {
      const e = tl.embeddingLookup([a, b], ids, { maxNorm: 5 });
      return tl.sum(tl.mul(e, e));
    })([s0, s1]);
    // id 0 -> [1, 2]; 1 -> [0.5, 1]; 4 -> shard 0 row 2 [5, 6] clipped to norm 5; 3 -> [9, 10] clipped; 2 -> [3, 4] (norm 5)
    const c = (x: number, y: number) => [(5 * x) / Math.hypot(x, y), (5 * y) / Math.hypot(x, y)];
    expectClose(out[0]!, [1, 2, 0.5, 1, ...c(5, 6), ...c(5, 6), ...c(9, 10), 3, 4], { atol: 1e-6, rtol: 1e-6 });
    expectClose(out[1]!, eager.grads[0]!);
    expectClose(out[2]!, eager.grads[1]!);
    // unclipped rows get 2x (twice for a repeated id); clipped rows have a constant norm, so no gradient
    expectClose(out[2]!, [1, 2, 0, 0], { atol: 1e-9 });
    expect(() => sess.run(r.e, new Map([[r.ids, i32([[0, 9]])], [r.s0, s0], [r.s1, s1]]))).toThrow(/embeddingLookup: ids\[0,1\] = 9 names no row/);
  });
});

describeEachBackend('weightedCrossEntropyWithLogits', (backend) => {
  const tol = tolFor(backend);
  /** -(q z log sigmoid(x) + (1 - z) log(1 - sigmoid(x))), straight from the definition. */
  const reference = (z: number, x: number, q: number) => -(q * z * Math.log(1 / (1 + Math.exp(-x))) + (1 - z) * Math.log(1 - 1 / (1 + Math.exp(-x))));

  it('hand values, the definition at moderate logits, stability at +-1000', () => {
    expectClose(tl.weightedCrossEntropyWithLogits([1, 0, 0.5], [0, 0, 0], 2), [2 * LN2, LN2, 1.5 * LN2], tol);
    const z = randValues(12, 61, 0, 1), x = randValues(12, 62, -6, 6);
    const want = Array.from(z, (zi, i) => reference(zi, x[i]!, 3));
    expectClose(tl.weightedCrossEntropyWithLogits(tl.tensor(z, [3, 4], 'float64'), tl.tensor(x, [3, 4], 'float64'), 3), want, { atol: 1e-12, rtol: 1e-12 });
    // one weight per class broadcasts over the batch
    const q = [1, 2, 0.5, 4];
    const wantQ = Array.from(z, (zi, i) => reference(zi, x[i]!, q[i % 4]!));
    expectClose(tl.weightedCrossEntropyWithLogits(tl.tensor(z, [3, 4]), tl.tensor(x, [3, 4]), q), wantQ, tol);
    // z = 0, x = 1000 costs 1000; z = 1, x = -1000 costs q * 1000; confident and right costs 0
    expectClose(tl.weightedCrossEntropyWithLogits([0, 1, 1], [1000, -1000, 1000], 3), [1000, 3000, 0], tol);
  });

  it('gradients: finite differences for targets, logits and posWeight; the true slope at x = 0', () => {
    checkGrad((z, x, q) => tl.weightedCrossEntropyWithLogits(z, x, q), [f64([3, 4], 63, 0, 1), f64([3, 4], 64, -4, 4), f64([4], 65, 0.5, 3)]);
    // d/dx at x = 0: (1 - z) - l / 2 with l = 1 + (q - 1) z: z 0.3, q 2 -> 0.7 - 0.65
    const g = tl.grad((x: Tensor) => tl.weightedCrossEntropyWithLogits(tl.scalar(0.3, 'float64'), x, 2))(tl.scalar(0, 'float64'));
    expectClose(g, 0.05, { atol: 1e-12 });
  });

  it('errors and leaks', () => {
    expect(() => tl.weightedCrossEntropyWithLogits([1, 0], [0, 0, 0], 2)).toThrow(/weightedCrossEntropyWithLogits: .*'targets' \[2\].*'logits' \[3\]/);
    expect(() => tl.weightedCrossEntropyWithLogits([1, 0], [0, 0], [1, 2, 3])).toThrow(tl.ShapeError);
    expect(() => tl.weightedCrossEntropyWithLogits([[1, 0]], [[0, 0]], [[1], [2]])).toThrow(/'posWeight' \[2,1\] must broadcast to the shape of 'logits' \[1,2\]/);
    expect(() => tl.weightedCrossEntropyWithLogits(tl.zeros([2], 'float64'), tl.zeros([2]), 2)).toThrow(tl.DTypeError);
    expect(() => tl.weightedCrossEntropyWithLogits([1], [0], tl.ones([1], 'float64'))).toThrow(/'posWeight' is float64\[1\] but 'logits' is float32\[1\]/);
    expect(() => tl.weightedCrossEntropyWithLogits([1], [0], undefined as unknown as number)).toThrow(/'posWeight' is required/);
    expectNoLeak(() => tl.grads((z: Tensor, x: Tensor) => tl.weightedCrossEntropyWithLogits(z, x, 2))([tl.ones([2]), tl.zeros([2])]));
  });
});

describeEachBackend('crelu', (backend) => {
  const tol = tolFor(backend);
  it('concatenates relu(x) and relu(-x) along the axis; gradients; errors', () => {
    expectClose(tl.crelu([[1, -2]]), [[1, 0, 0, 2]], { ...tol, shape: [1, 4] });
    expectClose(tl.crelu([[1, -2], [-3, 4]], 0), [[1, 0], [0, 4], [0, 2], [3, 0]], { ...tol, shape: [4, 2] });
    expect(tl.crelu(tl.zeros([2, 0, 3]), 1).shape).toEqual([2, 0, 3]);
    checkGrad((x) => tl.crelu(x, 1), [f64([2, 3, 2], 71)]);
    expect(() => tl.crelu(tl.scalar(1))).toThrow(/crelu: 'x' must have rank >= 1/);
    expect(() => tl.crelu([1], 1)).toThrow(/crelu: 'axis'/);
    expect(() => tl.crelu(i32([1]))).toThrow(tl.DTypeError);
    expectNoLeak(() => tl.grad((x: Tensor) => tl.crelu(x))(tl.ones([2])));
  });
});

/**
 * Separable convolution by plain loops, NHWC: the depthwise step (stride s, dilation r, pads [top, left]
 * before) then the 1x1 pointwise mix. dw: [kh, kw, C, M]; pw: [C * M, O].
 */
function separableRef(
  x: ArrayLike<number>, [N, H, W, C]: number[], dw: ArrayLike<number>, [kh, kw, , M]: number[], pw: ArrayLike<number>, O: number,
  s: number, r: number, [OH, OW]: number[], [pt, pl]: number[],
): number[] {
  const out: number[] = [];
  for (let n = 0; n < N; n++) for (let i = 0; i < OH; i++) for (let j = 0; j < OW; j++) {
    const mid = new Array<number>(C * M).fill(0);
    for (let c = 0; c < C; c++) for (let m = 0; m < M; m++) for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) {
      const y = i * s - pt + a * r, z = j * s - pl + b * r;
      if (y >= 0 && y < H && z >= 0 && z < W) mid[c * M + m] += x[((n * H + y) * W + z) * C + c]! * dw[((a * kw + b) * C + c) * M + m]!;
    }
    for (let o = 0; o < O; o++) out.push(mid.reduce((acc, v, k) => acc + v * pw[k * O + o]!, 0));
  }
  return out;
}

describeEachBackend('separableConv2d, atrousConv2d', (backend) => {
  const tol = tolFor(backend);

  it('separableConv2d: hand values and the loop reference (VALID, SAME with stride, rate, NCHW)', () => {
    // all ones: each depthwise output sums a 2x2 window (4), the pointwise filter adds C * M = 2 of them
    expectClose(tl.separableConv2d(tl.ones([1, 3, 3, 2]), tl.ones([2, 2, 2, 1]), tl.ones([1, 1, 2, 3]), 1, 'VALID'), new Array(12).fill(8), {
      ...tol, shape: [1, 2, 2, 3],
    });
    const xs = [2, 5, 6, 2], ds = [3, 2, 2, 2], O = 3;
    const x = f64(xs, 81), dw = f64(ds, 82), pw = f64([1, 1, 4, O], 83);
    const data = (t: Tensor) => t.dataSync() as Float64Array;
    const ref = (s: number, r: number, out: number[], pads: number[]) => separableRef(data(x), xs, data(dw), ds, data(pw), O, s, r, out, pads);
    expectClose(tl.separableConv2d(x, dw, pw, 1, 'VALID'), ref(1, 1, [3, 5], [0, 0]), { shape: [2, 3, 5, 3] });
    // SAME, stride 2: out ceil(5/2) x ceil(6/2) = 3 x 3; pads total (3-1)*2+3-5 = 2 rows (1 before), (3-1)*2+2-6 = 0 cols
    expectClose(tl.separableConv2d(x, dw, pw, [1, 2, 2, 1], 'SAME'), ref(2, 1, [3, 3], [1, 0]), { shape: [2, 3, 3, 3] });
    // rate 2, SAME, stride 1: effective filter 5 x 3, pads 4 rows (2 before), 2 cols (1 before)
    expectClose(tl.separableConv2d(x, dw, pw, 1, 'SAME', { rate: 2 }), ref(1, 2, [5, 6], [2, 1]), { shape: [2, 5, 6, 3] });
    const yc = tl.separableConv2d(tl.transpose(x, [0, 3, 1, 2]), dw, pw, 1, 'VALID', { dataFormat: 'NCHW' });
    expectClose(tl.transpose(yc, [0, 2, 3, 1]), ref(1, 1, [3, 5], [0, 0]));
  });

  it('separableConv2d: gradients for input and both filters; errors', () => {
    checkGrad((x, d, p) => tl.separableConv2d(x, d, p, 2, 'SAME'), [f64([1, 4, 5, 2], 84), f64([2, 3, 2, 2], 85), f64([1, 1, 4, 3], 86)]);
    checkGrad((x, d, p) => tl.separableConv2d(x, d, p, 1, 'VALID', { rate: [2, 1] }), [f64([1, 5, 4, 2], 87), f64([2, 2, 2, 1], 88), f64([1, 1, 2, 2], 89)]);
    const x = tl.zeros([1, 4, 4, 2]), d = tl.zeros([2, 2, 2, 3]);
    expect(() => tl.separableConv2d(x, d, tl.zeros([1, 1, 4, 5]), 1, 'SAME')).toThrow(
      /separableConv2d: 'pointwiseFilter' \[1,1,4,5\] must have shape \[1, 1, 6, outC\] \(inC \* multiplier of 'depthwiseFilter' \[2,2,2,3\]\)/,
    );
    expect(() => tl.separableConv2d(x, d, tl.zeros([2, 2, 6, 5]), 1, 'SAME')).toThrow(tl.ShapeError);
    expect(() => tl.separableConv2d(x, tl.zeros([2, 2, 3, 1]), tl.zeros([1, 1, 3, 1]), 1, 'SAME')).toThrow(
      /separableConv2d: 'x' \[1,4,4,2\] has 2 channels but 'depthwiseFilter' \[2,2,3,1\]/,
    );
    expect(() => tl.separableConv2d(x, tl.zeros([2, 2, 2]), tl.zeros([1, 1, 6, 1]), 1, 'SAME')).toThrow(/separableConv2d: 'depthwiseFilter' must have rank 4/);
    expect(() => tl.separableConv2d(x, d, tl.zeros([1, 1, 6, 1]), 2, 'SAME', { rate: 2 })).toThrow(/separableConv2d: with 'rate' 2 > 1, 'strides' must be 1/);
    expect(() => tl.separableConv2d(x, d, tl.zeros([1, 1, 6, 1]), 1, 'SAME', { dilations: 2 } as object)).toThrow(/unknown option 'dilations'/);
    expect(() => tl.separableConv2d(x, d, tl.zeros([1, 1, 6, 1]), 1, 'SAME', { dataFormat: 'NWC' as 'NHWC' })).toThrow(tl.ArgumentError);
    expect(() => tl.separableConv2d(x, d, tl.zeros([1, 1, 6, 1]), 1, 'FULL')).toThrow(/separableConv2d: 'padding'/);
    expectNoLeak(() => tl.grads((a, b, c) => tl.separableConv2d(a, b, c, 1, 'SAME'))([tl.ones([1, 3, 3, 1]), tl.ones([2, 2, 1, 2]), tl.ones([1, 1, 2, 1])]));
  });

  it('atrousConv2d: holes of rate - 1 between the taps; gradients; errors', () => {
    const x = tl.tensor(Array.from({ length: 25 }, (_, i) => i), [1, 5, 5, 1]);
    // filter [[1, 0], [0, -1]] at rate 2 reads x[i][j] - x[i+2][j+2] = -(2 * 5 + 2)
    expectClose(tl.atrousConv2d(x, tl.tensor([1, 0, 0, -1], [2, 2, 1, 1]), 2, 'VALID'), new Array(9).fill(-12), { ...tol, shape: [1, 3, 3, 1] });
    const same = tl.atrousConv2d(x, tl.tensor([1, 0, 0, -1], [2, 2, 1, 1]), 2, 'SAME');
    expect(same.shape).toEqual([1, 5, 5, 1]);
    const sv = same.dataSync();
    // SAME keeps 5 x 5; effective filter 3: total pad 2, one before: (i, j) reads x[i-1][j-1] - x[i+1][j+1], zero outside
    expect([sv[0], sv[6], sv[24]]).toEqual([-6, -12, 18]);
    checkGrad((a, f) => tl.atrousConv2d(a, f, 2, 'SAME'), [f64([1, 5, 6, 2], 91), f64([2, 2, 2, 3], 92)]);
    expect(() => tl.atrousConv2d(x, tl.ones([2, 2, 1, 1]), 0, 'VALID')).toThrow(/atrousConv2d: 'rate' must be a positive integer, got 0/);
    expect(() => tl.atrousConv2d(x, tl.ones([2, 2, 1, 1]), 1.5, 'VALID')).toThrow(tl.ArgumentError);
    expect(() => tl.atrousConv2d(x, tl.ones([2, 2, 2, 1]), 2, 'VALID')).toThrow(/atrousConv2d: 'value' has 1 input channels but 'filters' expects 2/);
    expectNoLeak(() => tl.atrousConv2d(x, tl.ones([2, 2, 1, 1]), 2, 'SAME'));
  });
});
