/**
 * The later keras layers in graph mode (a placeholder with an unknown batch, run at two batch sizes, equal to the
 * eager layer with the same weights), their gradients against central differences (DepthwiseConv2D, PReLU,
 * SeparableConv1D, Conv1DTranspose, Conv3DTranspose: inputs and weights), and the dropout variants' training
 * versus inference behaviour, eagerly and with a bool `training` placeholder.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose, numericGrad, randValues } from '../util/index.js';
import { SHAPE_CASES } from './layer_cases.js';

const L = tl.keras.layers;
type AnyLayer = InstanceType<typeof tl.layers.Layer>;

const randT = (shape: number[], seed: number, dtype: 'float32' | 'float64' = 'float32') =>
  tl.tensor(Array.from(randValues(shape.reduce((a, b) => a * b, 1), seed)), shape, dtype);

describe('graph mode: the same layer in a graph equals the eager one', () => {
  const cases: [string, () => AnyLayer, number[]][] = [
    ...SHAPE_CASES,
    ['Conv1DTranspose same cf', () => new L.Conv1DTranspose(3, 3, { strides: 2, padding: 'same', dataFormat: 'channelsFirst' }), [2, 5]],
    ['ELU alpha 1', () => new L.ELU(), [4]],
  ];
  for (const [name, make, shape] of cases) {
    it(name, () => {
      const g = new tl.Graph();
      const graphLayer = make();
      const { x, y, sess } = g.asDefault(() => {
        const x = tl.placeholder('float32', [null, ...shape]);
        const y = graphLayer.apply(x) as Tensor;
        const sess = new tl.Session();
        sess.run(tl.globalVariablesInitializer());
        return { x, y, sess };
      });
      expect(y.shape).toEqual([-1, ...(graphLayer.computeOutputShape([null, ...shape]) as (number | null)[]).slice(1).map((d) => d ?? -1)]);
      const eager = make();
      for (const batch of [2, 3]) {
        const xv = randT([batch, ...shape], batch);
        if (!eager.built) (eager.apply(xv) as Tensor).dispose();
        if (graphLayer.weights.length) eager.setWeights(sess.run(graphLayer.weights) as Tensor[]);
        const got = sess.run(y, [[x, xv]]) as Tensor;
        expectClose(got, eager.apply(xv) as Tensor);
      }
    });
  }

  it('Dot with unknown batch; PReLU with non-zero slopes set through the session', () => {
    const g = new tl.Graph();
    g.asDefault(() => {
      const a = tl.placeholder('float32', [null, 3, 4]);
      const b = tl.placeholder('float32', [null, 4, 2]);
      const d = new L.Dot([2, 1], { normalize: true }).apply([a, b]) as Tensor;
      const p = new L.PReLU({ sharedAxes: [1] });
      const py = p.apply(a) as Tensor;
      const sess = new tl.Session();
      sess.run(tl.globalVariablesInitializer());
      sess.run(p.alpha!.assign(tl.tensor([[0.1, -0.2, 0.3, 0.5]])));
      const av = randT([3, 3, 4], 7), bv = randT([3, 4, 2], 8);
      const [dv, pv] = sess.run([d, py], [[a, av], [b, bv]]) as Tensor[];
      expectClose(dv!, new L.Dot([2, 1], { normalize: true }).apply([av, bv]) as Tensor, { shape: [3, 3, 2] });
      const slopes = [0.1, -0.2, 0.3, 0.5];
      expectClose(pv!, Array.from(av.dataSync(), (v, i) => (v >= 0 ? v : slopes[i % 4]! * v)));
    });
  });
});

/**
 * Checks d sum(layer(x) * probe) / d(x and each weight) against central differences, in float64: the weights
 * are moved through assign, so the layer's own variables are what is differentiated.
 */
function checkLayerGrads(layer: AnyLayer, xShape: number[], seed: number): void {
  const x = randT(xShape, seed, 'float64');
  const y0 = layer.apply(x) as Tensor; // builds the float64 weights
  const probe = randT(y0.shape, seed + 1, 'float64');
  for (const [i, w] of layer.weights.entries()) w.assign(randT(w.shape, seed + 10 + i, 'float64'));
  const weighted = (t: Tensor) => tl.mul(layer.apply(t) as Tensor, probe);
  const dx = tl.grad((t: Tensor) => tl.sum(weighted(t)))(x);
  expectClose(dx, numericGrad(weighted, [x])[0]!, { atol: 1e-6, rtol: 1e-5 });
  const { grads } = tl.variableGrads(() => tl.sum(weighted(x)), layer.weights);
  for (const w of layer.weights) {
    const orig = tl.clone(w);
    const numeric = numericGrad((v: Tensor) => {
      w.assign(v);
      return weighted(x);
    }, [orig])[0]!;
    w.assign(orig);
    expect(grads[w.name], w.name).toBeDefined();
    expectClose(grads[w.name]!, numeric, { atol: 1e-6, rtol: 1e-5 });
  }
}

describe('gradients of the parametric layers match central differences', () => {
  it('DepthwiseConv2D (same, multiplier 2, bias; strided channelsFirst)', () => {
    checkLayerGrads(new L.DepthwiseConv2D(3, { depthMultiplier: 2, padding: 'same', dtype: 'float64' }), [2, 4, 4, 2], 100);
    checkLayerGrads(new L.DepthwiseConv2D(2, { strides: 2, dataFormat: 'channelsFirst', dtype: 'float64' }), [1, 2, 5, 5], 110);
  });
  it('PReLU (per cell and shared), across both sides of zero', () => {
    checkLayerGrads(new L.PReLU({ dtype: 'float64' }), [3, 2, 3], 200);
    checkLayerGrads(new L.PReLU({ sharedAxes: [1, 2], dtype: 'float64' }), [2, 3, 3, 2], 210);
  });
  it('SeparableConv1D, Conv1DTranspose, Conv3DTranspose', () => {
    checkLayerGrads(new L.SeparableConv1D(3, 3, { depthMultiplier: 2, padding: 'same', dtype: 'float64' }), [2, 5, 2], 300);
    checkLayerGrads(new L.Conv1DTranspose(2, 3, { strides: 2, padding: 'same', dtype: 'float64' }), [2, 3, 2], 310);
    checkLayerGrads(new L.Conv3DTranspose(2, 2, { strides: [1, 2, 1], dtype: 'float64' }), [1, 2, 2, 2, 2], 320);
  });
  it('PReLU learns its slope in fit: a target of 0.3 * x below 0', async () => {
    tl.setRandomSeed(5);
    const xs = Array.from(randValues(256, 9, -2, 2));
    const ys = xs.map((v) => (v >= 0 ? v : 0.3 * v));
    const model = tl.keras.sequential({ layers: [new L.PReLU({ inputShape: [1] })] });
    model.compile({ optimizer: new tl.train.AdamOptimizer({ learningRate: 0.05 }), loss: 'mse' });
    await model.fit(xs.map((v) => [v]), ys.map((v) => [v]), { epochs: 20, batchSize: 32, verbose: 0 });
    expect((model.layers[0] as InstanceType<typeof L.PReLU>).alpha!.dataSync()[0]).toBeCloseTo(0.3, 2);
  });
});

describe('dropout variants: active only when training', () => {
  const x = tl.add(randT([4, 6, 6, 50], 1), 2); // away from 0, so a dropped cell is recognisable
  const xs = Array.from(x.dataSync());

  it('inference (training false, absent) is the identity for every variant', () => {
    for (const layer of [new L.SpatialDropout2D(0.5), new L.GaussianDropout(0.5), new L.AlphaDropout(0.5)]) {
      expect(Array.from((layer.apply(x) as Tensor).dataSync())).toEqual(xs);
      expect(Array.from((layer.apply(x, { training: false }) as Tensor).dataSync())).toEqual(xs);
    }
  });

  it('SpatialDropout2D drops whole channels (per example), keeps the rest scaled by 1 / (1 - rate)', () => {
    tl.setRandomSeed(2);
    const y = (new L.SpatialDropout2D(0.4).apply(x, { training: true }) as Tensor).dataSync() as Float32Array;
    let dropped = 0;
    for (let b = 0; b < 4; b++) {
      for (let c = 0; c < 50; c++) {
        const cells = Array.from({ length: 36 }, (_, p) => b * 1800 + p * 50 + c);
        const zero = y[cells[0]!] === 0;
        if (zero) dropped++;
        for (const i of cells) expect(y[i]).toBeCloseTo(zero ? 0 : xs[i]! / 0.6, 5);
      }
    }
    expect(dropped / 200).toBeGreaterThan(0.28);
    expect(dropped / 200).toBeLessThan(0.52);
    // channelsFirst: the channel is axis 1; SpatialDropout1D and 3D likewise share over their spatial axes.
    const cf = (new L.SpatialDropout2D(0.5, { dataFormat: 'channelsFirst' }).apply(tl.ones([2, 30, 3, 3]), { training: true }) as Tensor).arraySync() as number[][][][];
    for (const ex of cf) for (const ch of ex) expect(new Set(ch.flat()).size).toBe(1);
    const s1 = (new L.SpatialDropout1D(0.5).apply(tl.ones([2, 5, 40]), { training: true }) as Tensor).arraySync() as number[][][];
    for (const ex of s1) for (let c = 0; c < 40; c++) expect(new Set(ex.map((row) => row[c])).size).toBe(1);
    const s3 = (new L.SpatialDropout3D(0.5).apply(tl.ones([1, 2, 2, 2, 40]), { training: true }) as Tensor).dataSync() as Float32Array;
    for (let c = 0; c < 40; c++) expect(new Set(Array.from({ length: 8 }, (_, p) => s3[p * 40 + c])).size).toBe(1);
  });

  it('GaussianDropout multiplies by N(1, rate / (1 - rate)) noise; a seed repeats it', () => {
    const ones = tl.ones([20000]);
    const n = (new L.GaussianDropout(0.2, { seed: 3 }).apply(ones, { training: true }) as Tensor).dataSync() as Float32Array;
    const mean = n.reduce((a, b) => a + b, 0) / n.length;
    const sd = Math.sqrt(n.reduce((a, b) => a + (b - mean) ** 2, 0) / n.length);
    expect(mean).toBeGreaterThan(0.99);
    expect(mean).toBeLessThan(1.01);
    expect(sd).toBeGreaterThan(0.48); // sqrt(0.2 / 0.8) = 0.5
    expect(sd).toBeLessThan(0.52);
    const again = (new L.GaussianDropout(0.2, { seed: 3 }).apply(ones, { training: true }) as Tensor).dataSync() as Float32Array;
    expect(Array.from(again.slice(0, 50))).toEqual(Array.from(n.slice(0, 50)));
    const y = (new L.GaussianDropout(0.2, { seed: 3 }).apply(tl.fill([20000], 3), { training: true }) as Tensor).dataSync() as Float32Array;
    expect(y[7]).toBeCloseTo(3 * n[7]!, 5);
  });

  it("AlphaDropout: dropped cells go to SELU's saturation, then a * x + b keeps zero mean and unit variance", () => {
    const rate = 0.2;
    const alphaP = -1.6732632423543772 * 1.0507009873554805;
    const a = ((1 - rate) * (1 + rate * alphaP ** 2)) ** -0.5;
    const b = -a * alphaP * rate;
    tl.setRandomSeed(4);
    const xn = tl.randomNormal([40000]);
    const xv = xn.dataSync() as Float32Array;
    const y = (new L.AlphaDropout(rate).apply(xn, { training: true }) as Tensor).dataSync() as Float32Array;
    let dropped = 0;
    for (let i = 0; i < y.length; i++) {
      const kept = Math.abs(y[i]! - (a * xv[i]! + b)) < 1e-5;
      if (!kept) {
        expect(y[i]).toBeCloseTo(a * alphaP + b, 5);
        dropped++;
      }
    }
    expect(dropped / y.length).toBeGreaterThan(0.18);
    expect(dropped / y.length).toBeLessThan(0.22);
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    const variance = y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    // noiseShape [null, 1]: one draw per example, shared along the features.
    const shared = (new L.AlphaDropout(0.5, { noiseShape: [null, 1] }).apply(tl.zeros([30, 6]), { training: true }) as Tensor).arraySync() as number[][];
    for (const row of shared) expect(new Set(row).size).toBe(1);
  });

  it('in a graph, a bool training placeholder switches each variant, and each run draws anew', () => {
    const g = new tl.Graph();
    g.asDefault(() => {
      const xp = tl.placeholder('float32', [null, 4, 4, 50]);
      const training = tl.placeholderWithDefault(false, []);
      const outs = [new L.SpatialDropout2D(0.5), new L.GaussianDropout(0.5), new L.AlphaDropout(0.5)].map((l) => l.apply(xp, { training }) as Tensor);
      const sess = new tl.Session();
      const xv = tl.slice(x, [0, 0, 0, 0], [3, 4, 4, 50]);
      const xvs = Array.from(xv.dataSync());
      for (const o of outs) {
        expect(Array.from((sess.run(o, [[xp, xv]]) as Tensor).dataSync())).toEqual(xvs);
        const r1 = Array.from((sess.run(o, [[xp, xv], [training, tl.scalar(true, 'bool')]]) as Tensor).dataSync());
        const r2 = Array.from((sess.run(o, [[xp, xv], [training, tl.scalar(true, 'bool')]]) as Tensor).dataSync());
        expect(r1).not.toEqual(xvs);
        expect(r2).not.toEqual(r1);
      }
    });
  });
});
