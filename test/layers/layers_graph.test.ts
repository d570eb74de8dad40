/**
 * tl.layers in graph mode: TF naming and collections, reuse, argScope, dropout / batch norm with a bool
 * placeholder, UPDATE_OPS, regularization losses, Saver round trip, and an MLP that learns the digits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { expectClose } from '../util/index.js';

const G = tl.GraphKeys;
const names = (vs: { name: string }[]) => vs.map((v) => v.name);

function inGraph<T>(fn: (g: tl.Graph) => T): T {
  const g = new tl.Graph();
  return g.asDefault(() => fn(g));
}

describe('tl.layers in graph mode', () => {
  it('names variables as TF does and fills the collections', () => {
    inGraph((g) => {
      const x = tl.placeholder('float32', [null, 4]);
      const h = tl.layers.dense(x, 3, { activation: 'relu' });
      tl.layers.dense(h, 2);
      tl.layers.dense(h, 2, { name: 'out' });
      const img = tl.placeholder('float32', [null, 5, 5, 2]);
      const c = tl.layers.conv2d(img, 4, 3, { padding: 'same' });
      tl.layers.batchNormalization(c);
      expect(names(g.getCollection(G.TRAINABLE_VARIABLES))).toEqual([
        'dense/kernel', 'dense/bias', 'dense_1/kernel', 'dense_1/bias', 'out/kernel', 'out/bias', 'conv2d/kernel', 'conv2d/bias',
        'batch_normalization/gamma', 'batch_normalization/beta',
      ]);
      expect(names(g.getCollection(G.GLOBAL_VARIABLES))).toContain('batch_normalization/moving_mean');
      expect(names(g.getCollection(G.MOVING_AVERAGE_VARIABLES))).toEqual(['batch_normalization/moving_mean', 'batch_normalization/moving_variance']);
      expect(h.shape).toEqual([-1, 3]);
      expect(c.shape).toEqual([-1, 5, 5, 4]);
      expect(() => tl.layers.dense(h, 2, { name: 'out' })).toThrow(/out\/kernel already exists/);
    });
  });

  it('dense and conv2d equal a hand-built matMul / conv2d with the same weights', () => {
    inGraph(() => {
      const x = tl.placeholder('float32', [null, 3]);
      const layer = new tl.layers.Dense(2, { activation: 'tanh' });
      const y = layer.apply(x) as tl.Tensor;
      const img = tl.placeholder('float32', [null, 4, 4, 1]);
      const conv = new tl.layers.Conv2D(2, [2, 2], { strides: 2, activation: 'relu' });
      const cy = conv.apply(img) as tl.Tensor;
      const sess = new tl.Session();
      sess.run(tl.globalVariablesInitializer());
      const [kv, bv] = sess.run([layer.kernel!, layer.bias!]) as tl.Tensor[];
      const xs = [[1, -2, 0.5], [0.25, 3, -1]];
      const got = sess.run(y, [[x, xs]]) as tl.Tensor;
      // Independent: plain JS arithmetic on the fetched weights.
      const K = kv!.arraySync() as number[][], B = bv!.arraySync() as number[];
      const want = xs.map((row) => B.map((bj, j) => Math.tanh(row.reduce((s, xi, i) => s + xi * K[i]![j]!, bj))));
      expectClose(got, want.flat(), { atol: 1e-5 });
      const [ck, cb] = sess.run([conv.kernel!, conv.bias!]) as tl.Tensor[];
      const pix = Array.from({ length: 16 }, (_, i) => (i % 5) - 2);
      const cgot = sess.run(cy, [[img, [pix.map((v) => [v])].map((r) => [r.slice(0, 4), r.slice(4, 8), r.slice(8, 12), r.slice(12, 16)])]]) as tl.Tensor;
      const CK = ck!.arraySync() as number[][][][], CB = cb!.arraySync() as number[];
      const want2: number[] = [];
      for (let oi = 0; oi < 2; oi++) for (let oj = 0; oj < 2; oj++) for (let f = 0; f < 2; f++) {
        let s = CB[f]!;
        for (let a = 0; a < 2; a++) for (let c2 = 0; c2 < 2; c2++) s += pix[(oi * 2 + a) * 4 + oj * 2 + c2]! * CK[a]![c2]![0]![f]!;
        want2.push(Math.max(s, 0));
      }
      expect(cgot.shape).toEqual([1, 2, 2, 2]);
      expectClose(cgot, want2, { atol: 1e-5 });
    });
  });

  it('shares variables through variableScope reuse and through the same object', () => {
    inGraph((g) => {
      const x = tl.placeholder('float32', [null, 2]);
      tl.variableScope('model', () => tl.layers.dense(x, 3));
      tl.variableScope('model', { reuse: true }, () => tl.layers.dense(x, 3));
      const layer = new tl.layers.Dense(1, { name: 'shared' });
      layer.apply(x);
      layer.apply(x);
      expect(names(g.getCollection(G.TRAINABLE_VARIABLES))).toEqual(['model/dense/kernel', 'model/dense/bias', 'shared/kernel', 'shared/bias']);
      tl.layers.dense(x, 3, { name: 'fc' });
      tl.layers.dense(x, 3, { name: 'fc', reuse: true });
      expect(g.getCollection(G.TRAINABLE_VARIABLES)).toHaveLength(6);
      expect(() => tl.variableScope('model', { reuse: true }, () => tl.layers.dense(x, 4))).toThrow(/shape/);
    });
  });

  it('argScope gives default options; explicit options win', () => {
    inGraph((g) => {
      const x = tl.placeholder('float32', [null, 2]);
      const fc = tl.contrib.layers.fullyConnected;
      let a!: tl.Tensor, b!: tl.Tensor;
      tl.contrib.framework.argScope([fc], { activationFn: tl.elu, weightsInitializer: tl.initializers.constant(-1) }, () => {
        a = fc(x, 2);
        b = fc(x, 2, { activationFn: null, scope: 'linear' });
      });
      expect(names(g.getCollection(G.TRAINABLE_VARIABLES))).toEqual(['fully_connected/weights', 'fully_connected/biases', 'linear/weights', 'linear/biases']);
      const sess = new tl.Session();
      sess.run(tl.globalVariablesInitializer());
      const [av, bv] = sess.run([a, b], [[x, [[1, 1]]]]) as tl.Tensor[];
      // x·w = -2 for every unit: elu(-2) = e^-2 - 1 inside the scope, -2 when activationFn is null.
      expectClose(av!, [Math.exp(-2) - 1, Math.exp(-2) - 1], { atol: 1e-6 });
      expectClose(bv!, [-2, -2], { atol: 1e-6 });
      expect(() => tl.argScope([(z: number) => z], {}, () => 0)).toThrow(/addArgScope/);
    });
  });

  it('dropout: one graph with a bool placeholder is the identity at test time and drops at train time', () => {
    inGraph(() => {
      const x = tl.placeholder('float32', [null, 1000]);
      const training = tl.placeholderWithDefault(false, []);
      const y = tl.layers.dropout(x, { rate: 0.25, training });
      const sess = new tl.Session();
      const ones = [new Array(1000).fill(1)];
      const test = (sess.run(y, [[x, ones]]) as tl.Tensor).dataSync();
      expect(Array.from(test).every((v) => v === 1)).toBe(true);
      const train = Array.from((sess.run(y, [[x, ones], [training, true]]) as tl.Tensor).dataSync());
      const zeros = train.filter((v) => v === 0).length;
      expect(zeros).toBeGreaterThan(180);
      expect(zeros).toBeLessThan(320);
      for (const v of train) if (v !== 0) expect(v).toBeCloseTo(1 / 0.75, 5);
    });
  });

  it('batch norm: UPDATE_OPS move the moving statistics to the data; training uses batch statistics', () => {
    inGraph((g) => {
      const x = tl.placeholder('float32', [null, 2]);
      const training = tl.placeholderWithDefault(false, []);
      const y = tl.layers.batchNormalization(x, { training, momentum: 0.8, fused: false });
      const updates = g.getCollection(G.UPDATE_OPS);
      expect(updates).toHaveLength(2);
      const sess = new tl.Session();
      sess.run(tl.globalVariablesInitializer());
      const data = Array.from({ length: 8 }, (_, i) => [i, 10 - 3 * i]);
      const col = (j: number) => data.map((r) => r[j]!);
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      const variance = (v: number[]) => mean(v.map((t) => (t - mean(v)) ** 2));
      // Training: batch statistics (population variance), gamma 1, beta 0.
      const yt = sess.run(y, [[x, data], [training, true]]) as tl.Tensor;
      const want = data.flatMap((r) => r.map((v, j) => (v - mean(col(j))) / Math.sqrt(variance(col(j)) + 1e-3)));
      expectClose(yt, want, { atol: 1e-4 });
      // Fetching y alone ran no update: the moving statistics are still at their initial values.
      expectClose(sess.run(g.getCollection<tl.Tensor>(G.MOVING_AVERAGE_VARIABLES)[0]!) as tl.Tensor, [0, 0]);
      for (let i = 0; i < 60; i++) sess.run(updates as tl.Tensor[], [[x, data], [training, true]]);
      const [mm, mv] = sess.run(g.getCollection<tl.Tensor>(G.MOVING_AVERAGE_VARIABLES)) as tl.Tensor[];
      expectClose(mm!, [mean(col(0)), mean(col(1))], { rtol: 1e-3, atol: 1e-3 });
      // As TF's fused batch norm, the moving variance tracks the unbiased (n / (n - 1)) batch variance.
      expectClose(mv!, [variance(col(0)) * 8 / 7, variance(col(1)) * 8 / 7], { rtol: 1e-3 });
      // Updates with training false leave them unchanged; inference uses them.
      sess.run(updates as tl.Tensor[], [[x, [[100, 100]]]]);
      expectClose(sess.run(g.getCollection<tl.Tensor>(G.MOVING_AVERAGE_VARIABLES)[0]!) as tl.Tensor, [mean(col(0)), mean(col(1))], { rtol: 1e-3 });
      const yi = sess.run(y, [[x, [[3.5, 0]]]]) as tl.Tensor;
      expectClose(yi, [0, (0 - mean(col(1))) / Math.sqrt(variance(col(1)) * 8 / 7 + 1e-3)], { atol: 1e-3 });
    });
  });

  it('regularization losses reach the collection and tl.losses.getRegularizationLoss', () => {
    inGraph(() => {
      const x = tl.placeholder('float32', [null, 2]);
      tl.layers.dense(x, 2, { kernelRegularizer: tl.train.l2Regularizer(0.5), kernelInitializer: tl.initializers.constant(2) });
      tl.layers.dense(x, 1, { biasRegularizer: 'l1', biasInitializer: tl.initializers.constant(-3) });
      expect(tl.getCollection(G.REGULARIZATION_LOSSES)).toHaveLength(2);
      const total = tl.losses.getRegularizationLoss();
      const sess = new tl.Session();
      sess.run(tl.globalVariablesInitializer());
      // 0.5 * (4 * 2^2) / 2 + 0.01 * |-3|
      expectClose(sess.run(total) as tl.Tensor, [4 + 0.03], { atol: 1e-5 });
    });
    inGraph(() => expectClose(tl.losses.getRegularizationLoss().eval(undefined, new tl.Session()), [0]));
  });

  it('layer variables round-trip through tl.train.Saver', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-layers-'));
    try {
      const build = () => {
        const x = tl.placeholder('float32', [null, 3]);
        const h = tl.layers.batchNormalization(tl.layers.dense(x, 4, { activation: 'relu' }));
        return { x, y: tl.layers.dense(h, 2) };
      };
      const input = [[0.5, -1, 2]];
      const saved = inGraph(() => {
        const { x, y } = build();
        const sess = new tl.Session();
        sess.run(tl.globalVariablesInitializer());
        new tl.train.Saver().save(sess, join(dir, 'model'));
        return (sess.run(y, [[x, input]]) as tl.Tensor).dataSync();
      });
      inGraph(() => {
        const { x, y } = build();
        const sess = new tl.Session();
        new tl.train.Saver().restore(sess, join(dir, 'model'));
        expect(Array.from((sess.run(y, [[x, input]]) as tl.Tensor).dataSync())).toEqual(Array.from(saved));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a tl.layers.dense MLP learns the digits (loss falls)', () => {
    const digits = tl.loadDigits();
    const n = 512;
    const images = Array.from(digits.images.subarray(0, n * 64), (v) => v / 16);
    const labels = Array.from(digits.labels.subarray(0, n));
    inGraph((g) => {
      tl.setRandomSeed(1);
      const x = tl.placeholder('float32', [null, 64]);
      const t = tl.placeholder('int32', [null]);
      const training = tl.placeholderWithDefault(false, []);
      const h = tl.layers.dense(x, 32, { activation: 'relu' });
      const logits = tl.layers.dense(tl.layers.dropout(h, { rate: 0.1, training }), 10);
      const loss = tl.losses.sparseSoftmaxCrossEntropy(t, logits);
      const step = tl.controlDependencies(g.getCollection(G.UPDATE_OPS), () => new tl.train.AdamOptimizer(0.01).minimize(loss));
      const sess = new tl.Session();
      sess.run(tl.globalVariablesInitializer());
      const xs = tl.tensor(images, [n, 64]);
      const ts = tl.tensor(labels, [n], 'int32');
      const first = (sess.run(loss, [[x, xs], [t, ts]]) as tl.Tensor).dataSync()[0]!;
      for (let i = 0; i < 60; i++) sess.run(step, [[x, xs], [t, ts], [training, true]]);
      const last = (sess.run(loss, [[x, xs], [t, ts]]) as tl.Tensor).dataSync()[0]!;
      expect(first).toBeGreaterThan(2);
      expect(last).toBeLessThan(first * 0.5);
    });
  });
});
