/**
 * tl.keras models: functional model with two inputs and a shared layer against the hand computation, summary's
 * hand-counted parameters, save/load round trips, frozen layers, callbacks (EarlyStopping, ReduceLROnPlateau,
 * CSVLogger, ModelCheckpoint) and graph-mode fit.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose } from '../util/index.js';

const K = tl.keras;
const L = tl.keras.layers;
const tmp = () => mkdtempSync(join(tmpdir(), 'tl-keras-'));

/** One input, a shared trunk and two output heads (the trunk's output feeds both). */
function functional() {
  const a = K.Input({ shape: [3], name: 'a' });
  const trunk = new L.Dense(4, { activation: 'relu' }).apply(a);
  const model = new K.Model({ inputs: a, outputs: [new L.Dense(1).apply(trunk), new L.Dense(2, { activation: 'softmax' }).apply(trunk)] });
  return { model };
}
// Sum of two KerasTensors with a Lambda layer (no merge layers needed).
function sumOf(x: unknown, y: unknown) {
  return new L.Lambda((xs: Tensor[]) => tl.add(xs[0]!, xs[1]!), { outputShape: (s: unknown) => (s as unknown[])[0] as never }).apply([x, y] as never);
}

describe('functional models', () => {
  it('two inputs through a shared layer equal the hand computation', () => {
    const a = K.Input({ shape: [3] });
    const b = K.Input({ shape: [3] });
    const shared = new L.Dense(2, { activation: 'relu' });
    const head = new L.Dense(1);
    const model = new K.Model({ inputs: [a, b], outputs: head.apply(sumOf(shared.apply(a), shared.apply(b))) });
    shared.setWeights([[[1, -1], [0, 2], [1, 0]], [0.5, -0.5]]);
    head.setWeights([[[2], [3]], [1]]);
    const xa = [[1, 2, 3], [0, -1, 1]];
    const xb = [[0, 0, 1], [2, 1, 0]];
    // shared(x) = relu(x W + c); out = (shared(a) + shared(b)) . [2, 3] + 1
    const relu = (v: number) => Math.max(v, 0);
    const sh = (x: number[]) => [relu(x[0]! + x[2]! + 0.5), relu(-x[0]! + 2 * x[1]! - 0.5)];
    const expected = xa.map((r, i) => {
      const s = sh(r).map((v, k) => v + sh(xb[i]!)[k]!);
      return [2 * s[0]! + 3 * s[1]! + 1];
    });
    const y = model.apply([tl.tensor(xa), tl.tensor(xb)]) as Tensor;
    expectClose(y, expected.flat());
    expect(model.layers.map((l) => l.constructor.name)).toContain('InputLayer');
    expect(model.getLayer(shared.name)).toBe(shared);
    expect(model.trainableWeights).toHaveLength(4);
  });

  it('summary counts parameters as by hand and nests models', () => {
    const inner = new K.Sequential([new L.Dense(32, { activation: 'relu', inputShape: [784] }), new L.Dense(10)], { name: 'inner' });
    const lines: string[] = [];
    const text = inner.summary({ printFn: (l) => lines.push(l) });
    // 784*32 + 32 = 25120; 32*10 + 10 = 330
    expect(text).toContain('Total params: 25,450');
    expect(text).toContain('Trainable params: 25,450');
    expect(text).toMatch(/\(None, 32\)\s+25,120/);
    expect(lines.join('\n')).toBe(text);
    const x = K.Input({ shape: [784] });
    const outer = new K.Model({ inputs: x, outputs: new L.Dense(2).apply(inner.apply(x)) });
    inner.trainable = false;
    const t2 = outer.summary({ printFn: () => {} });
    expect(t2).toContain('Total params: 25,472'); // + 10*2 + 2
    expect(t2).toContain('Trainable params: 22');
    expect(t2).toContain('Non-trainable params: 25,450');
  });

  it('a frozen layer is bitwise unchanged by fit while the others change', async () => {
    const first = new L.Dense(4, { activation: 'tanh', inputShape: [3] });
    const second = new L.Dense(1);
    const m = new K.Sequential([first, second]);
    first.trainable = false;
    m.compile({ optimizer: 'adam', loss: 'mse' });
    const f0 = first.getWeights().map((t) => Array.from(t.dataSync()));
    const s0 = second.getWeights().map((t) => Array.from(t.dataSync()));
    await m.fit([[1, 2, 3], [0, 1, 0], [3, 2, 1]], [[1], [0], [2]], { epochs: 3, verbose: 0 });
    expect(first.getWeights().map((t) => Array.from(t.dataSync()))).toEqual(f0);
    expect(second.getWeights().map((t) => Array.from(t.dataSync()))).not.toEqual(s0);
  });
});

describe('saving', () => {
  const x = [[0.1, 0.2, 0.3], [1, -1, 0.5]];
  async function roundTrip(model: InstanceType<typeof K.Model>, input: unknown) {
    const dir = tmp();
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    model.save(dir);
    const loaded = K.models.loadModel(dir);
    const p1 = [model.predict(input)].flat() as Tensor[];
    const p2 = [loaded.predict(input)].flat() as Tensor[];
    expect(p2).toHaveLength(p1.length);
    p1.forEach((t, i) => expect(Array.from(p2[i]!.dataSync())).toEqual(Array.from(t.dataSync())));
    expect(loaded.compiled?.logNames).toEqual(model.compiled?.logNames);
    expect(loaded.weights).toHaveLength(model.weights.length);
    return { dir, loaded };
  }

  it('Sequential, functional and nested models round-trip with identical predictions', async () => {
    await roundTrip(new K.Sequential([new L.Dense(4, { activation: 'relu', inputShape: [3] }), new L.Dense(2, { activation: 'softmax' })]), x);
    const { model } = functional();
    await roundTrip(model, x);
    const inner = new K.Sequential([new L.Dense(5, { activation: 'tanh', inputShape: [3] })]);
    const i = K.Input({ shape: [3] });
    await roundTrip(new K.Model({ inputs: i, outputs: new L.Dense(1).apply(inner.apply(i)) }), x);
  });

  it('saveWeights/loadWeights restore the values; missing or corrupt files give FileFormatError naming them', async () => {
    const m = new K.Sequential([new L.Dense(2, { inputShape: [3] })]);
    const dir = tmp();
    const file = join(dir, 'w.safetensors');
    m.saveWeights(file);
    const before = m.getWeights().map((t) => Array.from(t.dataSync()));
    m.setWeights([tl.zeros([3, 2]), tl.zeros([2])]);
    m.loadWeights(file);
    expect(m.getWeights().map((t) => Array.from(t.dataSync()))).toEqual(before);
    m.save(dir);
    const bytes = readFileSync(join(dir, 'weights.safetensors'));
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(join(dir, 'weights.safetensors'), bytes);
    expect(() => K.models.loadModel(dir)).toThrow(tl.FileFormatError);
    expect(() => K.models.loadModel(dir)).toThrow(/weights\.safetensors/);
    writeFileSync(join(dir, 'model.json'), '{not json');
    expect(() => K.models.loadModel(dir)).toThrow(/model\.json/);
    expect(() => K.models.loadModel(join(dir, 'nope'))).toThrow(tl.FileFormatError);
  });
});

/** Overwrites logs[key] with a scripted sequence, so monitors see known values. */
const script = (key: string, values: number[]) => ({ onEpochEnd: (e: number, logs?: Record<string, number>) => void (logs![key] = values[e]!) });

describe('callbacks', () => {
  const m = () => {
    const model = new K.Sequential([new L.Dense(1, { inputShape: [1] })]);
    model.compile({ optimizer: new tl.train.GradientDescentOptimizer(0.1), loss: 'mse' });
    return model;
  };
  const data: [number[][], number[][]] = [[[1], [2]], [[1], [2]]];

  it('EarlyStopping stops after `patience` epochs without improvement and restores the best weights', async () => {
    const model = m();
    const es = new K.callbacks.EarlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    let atBest: number[] = [];
    const keep = { onEpochEnd: (e: number) => void (e === 1 && (atBest = Array.from(model.getWeights()[0]!.dataSync() as Float32Array))) };
    const h = await model.fit(...data, { epochs: 10, verbose: 0, callbacks: [script('val_loss', [1, 0.9, 0.95, 0.92, 0.5]), keep, es] });
    expect(h.epoch).toEqual([0, 1, 2, 3]);
    expect(es.stoppedEpoch).toBe(3);
    expect(Array.from(model.getWeights()[0]!.dataSync())).toEqual(atBest);
  });

  it('ReduceLROnPlateau multiplies the learning rate by factor after patience, down to minLr', async () => {
    const model = m();
    const lrs: number[] = [];
    const cb = new K.callbacks.ReduceLROnPlateau({ patience: 1, factor: 0.5, minLr: 0.02 });
    await model.fit(...data, { epochs: 5, verbose: 0, callbacks: [script('val_loss', [1, 1, 1, 1, 1]), cb, { onEpochEnd: () => void lrs.push(model.optimizer!.learningRate as number) }] });
    expect(lrs).toEqual([0.1, 0.05, 0.025, 0.02, 0.02]);
  });

  it('LearningRateScheduler sets the rate per epoch; CSVLogger writes the rows', async () => {
    const model = m();
    const dir = tmp();
    const csv = join(dir, 'log.csv');
    await model.fit(...data, {
      epochs: 3, verbose: 0,
      callbacks: [new K.callbacks.LearningRateScheduler((e) => 0.1 / (e + 1)), script('loss', [3, 2, 1]), new K.callbacks.CSVLogger(csv)],
    });
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows).toEqual(['epoch,loss,lr', '0,3,0.1', '1,2,0.05', `2,1,${0.1 / 3}`]);
    await model.fit(...data, { epochs: 1, verbose: 0, callbacks: [script('loss', [7]), new K.callbacks.CSVLogger(csv, { append: true })] });
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toEqual([...rows, '0,7']);
  });

  it('ModelCheckpoint fills {epoch} and saves only improvements with saveBestOnly', async () => {
    const model = m();
    const dir = tmp();
    const ck = new K.callbacks.ModelCheckpoint(join(dir, 'w-{epoch:02d}-{val_loss:.1f}.safetensors'), { saveBestOnly: true, saveWeightsOnly: true });
    await model.fit(...data, { epochs: 4, verbose: 0, callbacks: [script('val_loss', [2, 1, 3, 0.5]), ck] });
    expect(ck.saved.map((p) => p.slice(dir.length + 1))).toEqual(['w-01-2.0.safetensors', 'w-02-1.0.safetensors', 'w-04-0.5.safetensors']);
    expect(existsSync(ck.saved[2]!)).toBe(true);
  });
});

describe('graph mode', () => {
  it('builds the training graph once and trains through a Session', async () => {
    const g = new tl.Graph();
    const model = g.asDefault(() => new K.Sequential([new L.Dense(4, { activation: 'tanh', inputShape: [2] }), new L.Dense(1)]));
    expect(model.weights[0]!.isSymbolic).toBe(true);
    model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
    const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
    const y = [[0], [1], [1], [0]];
    const nodes = () => g.nodes.length;
    const h1 = await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0 });
    const n1 = nodes();
    const h2 = await model.fit(x, y, { epochs: 40, batchSize: 2, verbose: 0 });
    expect(nodes()).toBe(n1);
    expect(h2.history.loss![39]!).toBeLessThan(h1.history.loss![0]!);
    const ev = await model.evaluate(x, y);
    const p = model.predict(x) as Tensor;
    const pd = p.dataSync();
    const mse = y.reduce((s, r, i) => s + (pd[i]! - r[0]!) ** 2, 0) / 4;
    expect(ev.loss).toBeCloseTo(mse, 5);
  });
});
