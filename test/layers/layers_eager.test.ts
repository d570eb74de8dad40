/** tl.layers eagerly on every backend: outputs against hand computations, gradients by finite differences. */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { checkGrad, describeEachBackend, expectClose, randValues } from '../util/index.js';

describeEachBackend('tl.layers eager', () => {
  it('Dense equals x·W + b with its own weights; names are unique per process', () => {
    const layer = new tl.layers.Dense(2, { kernelInitializer: tl.initializers.constant([1, 2, 3, 4, 5, 6]), biasInitializer: tl.initializers.constant(0.5) });
    const y = layer.apply(tl.tensor([[1, 0, -1]])) as tl.Tensor;
    // W = [[1,2],[3,4],[5,6]]: [1-5, 2-6] + 0.5
    expectClose(y, [-3.5, -3.5]);
    expect(layer.kernel!.name).toMatch(/^dense(_\d+)?\/kernel/);
    expect(new tl.layers.Dense(1).name).not.toBe(layer.name);
    expect(layer.countParams()).toBe(8);
    layer.dispose();
  });

  it('gradients of dense and conv layers match finite differences (input and weights)', () => {
    const dense = new tl.layers.Dense(3, { activation: 'tanh', dtype: 'float64' });
    const x = tl.tensor(randValues(8, 1), [2, 4], 'float64');
    dense.apply(x);
    checkGrad((xi) => tl.sum(dense.apply(xi) as tl.Tensor), [x]);
    // Weights: tl.variableGrads of the layer against central differences of the same sum.
    const { grads } = tl.variableGrads(() => tl.sum(dense.apply(x) as tl.Tensor), [dense.kernel!]);
    const k = Array.from(dense.kernel!.dataSync());
    const at = (vals: number[]) => { dense.kernel!.assign(tl.tensor(vals, [4, 3], 'float64')); return tl.tidy(() => tl.sum(dense.apply(x) as tl.Tensor).dataSync()[0]!); };
    const numeric = k.map((_, i) => { const up = [...k], dn = [...k]; up[i]! += 1e-6; dn[i]! -= 1e-6; return (at(up) - at(dn)) / 2e-6; });
    expectClose(grads[dense.kernel!.name]!, numeric, { atol: 1e-5, rtol: 1e-3 });
    const conv = new tl.layers.Conv2D(2, 2, { padding: 'same', activation: 'sigmoid', dtype: 'float64' });
    const img = tl.tensor(randValues(2 * 3 * 3 * 2, 2), [2, 3, 3, 2], 'float64');
    checkGrad((xi) => tl.sum(conv.apply(xi) as tl.Tensor), [img]);
    dense.dispose();
    conv.dispose();
  });

  it('dropout: identity when not training; zeroes about rate and scales by 1/(1-rate) when training', () => {
    const x = tl.ones([4000]);
    expect(Array.from((tl.layers.dropout(x, { rate: 0.3 })).dataSync()).every((v) => v === 1)).toBe(true);
    const d = Array.from(tl.layers.dropout(x, { rate: 0.3, training: true }).dataSync());
    const zeros = d.filter((v) => v === 0).length;
    expect(zeros / d.length).toBeGreaterThan(0.25);
    expect(zeros / d.length).toBeLessThan(0.35);
    for (const v of d) if (v !== 0) expect(v).toBeCloseTo(1 / 0.7, 5);
  });

  it('batch norm eagerly: training updates the moving statistics toward the data', () => {
    const bn = new tl.layers.BatchNormalization({ momentum: 0.5 });
    const data = tl.tensor([[1, 10], [3, 20], [5, 30], [7, 40]]);
    for (let i = 0; i < 40; i++) tl.dispose(bn.apply(data, { training: true }) as tl.Tensor);
    expectClose(bn.movingMean!, [4, 25], { rtol: 1e-4 });
    // unbiased variances: [20/3, 500/3]
    expectClose(bn.movingVariance!, [20 / 3, 500 / 3], { rtol: 1e-3 });
    const y = bn.apply(tl.tensor([[4, 25]])) as tl.Tensor;
    expectClose(y, [0, 0], { atol: 1e-5 });
    expect(bn.trainableWeights.map((v) => v.name.split('/').pop())).toEqual(['gamma', 'beta']);
    bn.dispose();
  });

  it('pooling, flatten, embedding and merge layers compute what they should', () => {
    const x = tl.tensor([1, 5, 2, 0, 3, 4, 8, 6, 7, 1, 0, 2, 9, 3, 1, 1], [1, 4, 4, 1]);
    expectClose(tl.layers.maxPooling2d(x, 2, 2), [5, 8, 9, 2]);
    expectClose(tl.layers.averagePooling2d(x, 2, 2), [(1 + 5 + 3 + 4) / 4, (2 + 0 + 8 + 6) / 4, (7 + 1 + 9 + 3) / 4, (0 + 2 + 1 + 1) / 4]);
    expect(tl.layers.flatten(x).shape).toEqual([1, 16]);
    const emb = new tl.layers.Embedding(5, 2, { embeddingsInitializer: tl.initializers.constant([0, 1, 10, 11, 20, 21, 30, 31, 40, 41]) });
    expectClose(emb.apply(tl.tensor([[4, 0], [2, 2]], undefined, 'int32')) as tl.Tensor, [40, 41, 0, 1, 20, 21, 20, 21]);
    const a = tl.tensor([[1, 2]]), b = tl.tensor([[3, 5]]);
    expectClose(new tl.layers.Add().apply([a, b]) as tl.Tensor, [4, 7]);
    expectClose(new tl.layers.Subtract().apply([a, b]) as tl.Tensor, [-2, -3]);
    expectClose(new tl.layers.Concatenate().apply([a, b]) as tl.Tensor, [1, 2, 3, 5]);
    expectClose(new tl.layers.Average().apply([a, b]) as tl.Tensor, [2, 3.5]);
    expectClose(new tl.layers.UpSampling2D().apply(tl.tensor([[[[1], [2]]]])) as tl.Tensor, [1, 1, 2, 2, 1, 1, 2, 2]);
    emb.dispose();
  });

  it('rejects bad arguments with typed errors naming the layer', () => {
    expect(() => new tl.layers.Dense(0)).toThrow(tl.ArgumentError);
    expect(() => new tl.layers.Dense(2, { activaton: 'relu' } as never)).toThrow(/unknown option 'activaton'/);
    expect(() => new tl.layers.Conv2D(2, 3, { padding: 'full' as never })).toThrow(/padding/);
    expect(() => new tl.layers.Dense(2).apply(tl.tensor([1, 2]))).toThrow(tl.ShapeError);
    expect(() => new tl.layers.Dense(2, { activation: 'nope' })).toThrow(/unknown activation 'nope'/);
  });

  it('getConfig / deserializeLayer rebuild an equivalent layer', () => {
    const d = new tl.layers.Dense(3, { activation: 'relu', kernelRegularizer: 'l2', useBias: false });
    const spec = tl.layers.serializeLayer(d);
    expect(spec.className).toBe('Dense');
    const copy = tl.layers.deserializeLayer(JSON.parse(JSON.stringify(spec))) as tl.layers.Dense;
    expect(copy.units).toBe(3);
    expect(copy.params.useBias).toBe(false);
    expect(tl.layers.serializeLayer(copy).config).toEqual(spec.config);
  });
});
