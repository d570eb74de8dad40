/**
 * tl.keras fit/evaluate: an MLP on the bundled digits learns; fit equals a hand-written minimize loop; sample and
 * class weights and validationSplit give hand-computed losses; bad arguments throw typed errors; the event loop
 * keeps running; nothing leaks across epochs.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose } from '../util/index.js';

const K = tl.keras;
const L = tl.keras.layers;

/** y = x * 1 (one weight, no bias): per-sample mse losses are hand-computable. */
function identityModel(): InstanceType<typeof K.Sequential> {
  const m = new K.Sequential([new L.Dense(1, { useBias: false, kernelInitializer: 'ones', inputShape: [1] })]);
  m.compile({ optimizer: new tl.train.GradientDescentOptimizer(0), loss: 'mse' });
  return m;
}

function digits(n: number): { x: Tensor; y: Tensor; labels: Int32Array } {
  const d = tl.loadDigits();
  const x = tl.div(tl.tensor(d.images.slice(0, n * 64), [n, 64]), 16);
  return { x, y: tl.tensor(d.labels.slice(0, n), [n], 'int32'), labels: d.labels.slice(0, n) };
}

describe('keras fit', () => {
  it('trains an MLP on the digits to > 90% accuracy with falling losses', async () => {
    tl.setRandomSeed(1);
    const { x, y } = digits(600);
    const model = new K.Sequential([
      new L.Dense(32, { activation: 'relu', inputShape: [64] }),
      new L.Dense(10, { activation: 'softmax' }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const h = await model.fit(x, y, { epochs: 15, batchSize: 32, verbose: 0 });
    const loss = h.history.loss!;
    expect(h.epoch).toEqual([...Array(15).keys()]);
    expect(loss[14]!).toBeLessThan(loss[0]! * 0.5);
    for (let i = 1; i < loss.length; i++) expect(loss[i]!).toBeLessThan(loss[i - 1]! + 0.02);
    expect(h.history.accuracy![14]!).toBeGreaterThan(0.9);
    const ev = await model.evaluate(x, y, { batchSize: 100 });
    expect(ev.accuracy!).toBeGreaterThan(0.9);
    // evaluate's accuracy equals an independent argmax count over predict's output.
    const p = model.predict(x) as Tensor;
    const pd = p.dataSync();
    const labels = y.dataSync();
    let hits = 0;
    for (let i = 0; i < 600; i++) {
      let best = 0;
      for (let k = 1; k < 10; k++) if (pd[i * 10 + k]! > pd[i * 10 + best]!) best = k;
      if (best === labels[i]) hits++;
    }
    expect(ev.accuracy!).toBeCloseTo(hits / 600, 5);
    tl.dispose([x, y, p]);
    model.dispose();
  });

  it('gives the same weights as a hand-written minimize loop (shuffle false)', async () => {
    tl.setRandomSeed(2);
    const { x, y } = digits(40);
    const make = () => new K.Sequential([new L.Dense(8, { activation: 'tanh', inputShape: [64] }), new L.Dense(10, { activation: 'softmax' })]);
    const a = make();
    const b = make();
    b.setWeights(a.getWeights());
    a.compile({ optimizer: new tl.train.MomentumOptimizer(0.1, 0.9), loss: 'sparseCategoricalCrossentropy' });
    await a.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 });
    // The hand loop: same batches (16, 16, 8), loss = mean(-log p[label]) written out directly.
    const opt = new tl.train.MomentumOptimizer(0.1, 0.9);
    for (let epoch = 0; epoch < 2; epoch++) {
      for (let start = 0; start < 40; start += 16) {
        const size = Math.min(16, 40 - start);
        const xb = tl.slice(x, [start, 0], [size, 64]);
        const yb = tl.oneHot(tl.slice(y, [start], [size]), 10);
        opt.minimize(() => {
          const p = tl.clipByValue(b.apply(xb) as Tensor, 1e-7, 1 - 1e-7);
          return tl.neg(tl.mean(tl.sum(tl.mul(yb, tl.log(p)), -1)));
        }, { varList: b.trainableWeights });
        tl.dispose([xb, yb]);
      }
    }
    const wa = a.getWeights();
    const wb = b.getWeights();
    wa.forEach((w, i) => expectClose(w, wb[i]!, { rtol: 1e-5, atol: 1e-6 }));
    tl.dispose([...wa, ...wb, x, y]);
  });

  it('applies sampleWeight and classWeight as hand-computed (mean of weighted per-sample losses)', async () => {
    const m = identityModel();
    const x = [[1], [2], [3], [4]];
    // losses (x - 0)^2 = 1, 4, 9, 16; weights 1, 0, 2, 1 -> (1 + 0 + 18 + 16) / 4
    let h = await m.fit(x, [[0], [0], [0], [0]], { sampleWeight: [1, 0, 2, 1], batchSize: 4, verbose: 0 });
    expect(h.history.loss![0]).toBeCloseTo(8.75, 5);
    // y classes 0, 1, 0, 1; losses (x - y)^2 = 1, 1, 9, 9; class weights 2, 0.5 -> (2 + 0.5 + 18 + 4.5) / 4
    h = await m.fit(x, [[0], [1], [0], [1]], { classWeight: { 0: 2, 1: 0.5 }, batchSize: 4, verbose: 0 });
    expect(h.history.loss![0]).toBeCloseTo(6.25, 5);
    const ev = await m.evaluate(x, [[0], [0], [0], [0]]);
    expect(ev.loss).toBeCloseTo(7.5, 5);
  });

  it('validationSplit holds out the LAST fraction of the samples', async () => {
    const m = identityModel();
    const x = Array.from({ length: 10 }, (_, i) => [i + 1]);
    const y = x.map(() => [0]);
    const h = await m.fit(x, y, { validationSplit: 0.2, batchSize: 3, shuffle: true, verbose: 0 });
    expect(h.history.loss![0]).toBeCloseTo(204 / 8, 4); // 1^2 + ... + 8^2 = 204
    expect(h.history.val_loss![0]).toBeCloseTo((81 + 100) / 2, 4);
  });

  it('rejects bad arguments with typed errors naming them', async () => {
    const m = new K.Sequential([new L.Dense(2, { inputShape: [3] })]);
    await expect(m.fit([[1, 2, 3]], [[1, 2]])).rejects.toThrow(/compile/);
    expect(() => m.compile({ optimizer: 'adam', loss: 'nonsense' })).toThrow(tl.ArgumentError);
    expect(() => m.compile({ optimizer: 'adam', loss: 'nonsense' })).toThrow(/nonsense/);
    expect(() => m.compile({ optimizer: 'adamz', loss: 'mse' })).toThrow(/adamz/);
    expect(() => m.compile({ optimizer: 'sgd', loss: 'mse', bogus: 1 } as never)).toThrow(/bogus/);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(m.fit([[1, 2, 3], [4, 5, 6]], [[1, 2]], { verbose: 0 })).rejects.toThrow(tl.ShapeError);
    await expect(m.fit([[1, 2, 3], [4, 5, 6]], [[1, 2]], { verbose: 0 })).rejects.toThrow(/'y'/);
    await expect(m.fit([[1, 2, 3]], [[1, 2]], { epochs: -1, verbose: 0 })).rejects.toThrow(/epochs/);
    await expect(m.fit([[1, 2, 3]], [[1, 2]], { batchSize: 0, verbose: 0 })).rejects.toThrow(/batchSize/);
    await expect(m.fit([[1, 2, 3]], [[1, 2]], { verbose: 0, epoch: 3 } as never)).rejects.toThrow(/epoch/);
  });

  it('a [n] target for a [?, 1] output is a column (mse against it does not broadcast to [n, n]), eager and graph', async () => {
    const x = [[1], [2], [3], [4]];
    const y = [0, 1, 1, 5]; // (x - y)^2 = 1, 1, 4, 1 -> 7 / 4; broadcast [4] against [4, 1] would give 5.25
    for (const graph of [false, true]) {
      const g = new tl.Graph();
      const m = graph ? g.asDefault(() => identityModel()) : identityModel();
      m.compile({ optimizer: new tl.train.GradientDescentOptimizer(0), loss: 'mse', metrics: ['mae'] });
      const ev = await m.evaluate(x, y);
      expect(ev.loss).toBeCloseTo(7 / 4, 5);
      expect(ev.mae).toBeCloseTo((1 + 1 + 2 + 1) / 4, 5);
      const h = await m.fit(x, y, { batchSize: 2, shuffle: false, verbose: 0 });
      expect(h.history.loss![0]).toBeCloseTo(7 / 4, 5);
    }
  });

  it('refuses targets whose shape cannot match the output, naming the loss and both shapes', async () => {
    const m = new K.Sequential([new L.Dense(3, { inputShape: [2] })]);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = [[1, 2], [3, 4]];
    await expect(m.fit(x, [[1, 2], [3, 4]], { verbose: 0 })).rejects.toThrow(/shape \[\?,3\]; loss 'meanSquaredError' needs targets of the same shape, got \[2,2\]/);
    await expect(m.evaluate(x, [0, 2])).rejects.toThrow(/sparseCategoricalCrossentropy/); // the hint for integer labels
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    await expect(m.fit(x, [[0, 1], [1, 0]], { verbose: 0 })).rejects.toThrow(tl.ShapeError);
    const h = await m.fit(x, [[0], [2]], { verbose: 0 }); // [n, 1] labels are accepted
    expect(Number.isFinite(h.history.loss![0])).toBe(true);
  });

  it('sparseCategoricalCrossentropy refuses a label outside [0, classes) instead of a zero loss', async () => {
    const m = new K.Sequential([new L.Dense(3, { activation: 'softmax', inputShape: [2] })]);
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    const x = [[1, 2], [3, 4]];
    await expect(m.fit(x, [0, 3], { verbose: 0, shuffle: false })).rejects.toThrow(/holds 3, outside the valid range \[0, 3\)/);
    await expect(m.evaluate(x, [-1, 0])).rejects.toThrow(tl.ArgumentError);
    // In range: equals -log of the predicted probability of the label.
    const p = (m.predict(x) as Tensor).dataSync();
    const ev = await m.evaluate(x, [2, 0]);
    expect(ev.loss).toBeCloseTo(-(Math.log(p[2]!) + Math.log(p[3]!)) / 2, 5);
  });

  it('yields to the event loop: a timer fires during fit', async () => {
    const { x, y } = digits(256);
    const model = new K.Sequential([new L.Dense(16, { activation: 'relu', inputShape: [64] }), new L.Dense(10, { activation: 'softmax' })]);
    model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
    let ticks = 0;
    let batches = 0;
    const timer = setInterval(() => ticks++, 0);
    await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: [{ onBatchEnd: () => void batches++ }] });
    clearInterval(timer);
    expect(batches).toBe(96);
    expect(ticks).toBeGreaterThan(2);
    tl.dispose([x, y]);
    model.dispose();
  });

  it('lets timers run within an epoch (yields every ~10 ms, not only between epochs)', async () => {
    const m = identityModel();
    let ticks = 0;
    let ticksAtEpochEnd = -1;
    const timer = setInterval(() => ticks++, 0);
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    // 20 batches of at least 3 ms each: at least 6 yields before the epoch ends, each letting the interval fire.
    await m.fit(Array.from({ length: 20 }, () => [1]), Array.from({ length: 20 }, () => [0]), {
      epochs: 1, batchSize: 1, verbose: 0,
      callbacks: [{ onBatchEnd: () => busy(3), onEpochEnd: () => void (ticksAtEpochEnd = ticks) }],
    });
    clearInterval(timer);
    expect(ticksAtEpochEnd).toBeGreaterThanOrEqual(3);
    // yieldEvery 'epoch' (tfjs' option): the same epoch runs without letting the interval fire.
    const timer2 = setInterval(() => ticks++, 0);
    ticks = 0;
    await m.fit([[1], [2], [3]], [[0], [0], [0]], {
      epochs: 1, batchSize: 1, verbose: 0, yieldEvery: 'epoch',
      callbacks: [{ onBatchEnd: () => busy(3), onEpochEnd: () => void (ticksAtEpochEnd = ticks) }],
    });
    clearInterval(timer2);
    expect(ticksAtEpochEnd).toBe(0);
    await expect(m.fit([[1]], [[0]], { verbose: 0, yieldEvery: 'sometimes' as never })).rejects.toThrow(/yieldEvery/);
  });

  it('batch logs are the running averages after their batch, even when read later', async () => {
    const m = identityModel();
    const seen: Record<string, number>[] = [];
    // Per-sample losses (x - 0)^2 = 1, 4, 9, 16 in order.
    const h = await m.fit([[1], [2], [3], [4]], [[0], [0], [0], [0]], { batchSize: 1, shuffle: false, verbose: 0, callbacks: [{ onBatchEnd: (_b: number, logs?: Record<string, number>) => void seen.push(logs!) }] });
    expect(seen.map((l) => [l.batch, l.size, l.loss])).toEqual([[0, 1, 1], [1, 1, 2.5], [2, 1, 14 / 3], [3, 1, 7.5]]);
    expect({ ...seen[1] }).toEqual({ batch: 1, size: 1, loss: 2.5 });
    expect(h.history.loss).toEqual([7.5]);
    expect(await m.trainOnBatch([[2]], [[0]])).toEqual({ loss: 4 });
    expect(await m.testOnBatch([[3]], [[1]])).toEqual({ loss: 4 });
  });

  it('leaks no tensors across epochs (eager)', async () => {
    const { x, y } = digits(64);
    const model = new K.Sequential([new L.Dense(8, { activation: 'relu', inputShape: [64] }), new L.Dropout(0.2), new L.Dense(10, { activation: 'softmax' })]);
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['acc'] });
    await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0, validationSplit: 0.25 });
    const before = tl.memory().numTensors;
    await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, validationSplit: 0.25 });
    expect(tl.memory().numTensors).toBe(before);
    tl.dispose([x, y]);
  });

  it('prints one line per epoch when the stream is not a TTY', async () => {
    const m = identityModel();
    const lines: string[] = [];
    await m.fit([[1], [2]], [[0], [0]], { epochs: 2, verbose: 1, progressStream: { write: (s: string) => lines.push(s), isTTY: false } });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Epoch 2\/2 - \d+\.\ds - loss: 2\.5000\n$/);
  });
});
