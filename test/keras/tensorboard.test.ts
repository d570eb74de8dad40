/**
 * tl.keras.callbacks.TensorBoard: the event files read back with tl.summary.readEvents hold one 'epoch_<key>'
 * scalar per epoch equal to the History (validation keys in validation/), 'batch_loss' per batch or every N
 * batches when asked, weight histograms every histogramFreq epochs, and the graph of a graph-mode model.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';

const K = tl.keras;
const L = tl.keras.layers;
const tmp = () => mkdtempSync(join(tmpdir(), 'tl-tb-'));

type Ev = Awaited<ReturnType<typeof tl.summary.readEvents>>[number];

async function eventsIn(dir: string): Promise<Ev[]> {
  const files = readdirSync(dir).filter((f) => f.includes('tfevents'));
  expect(files).toHaveLength(1);
  return tl.summary.readEvents(join(dir, files[0]!));
}

/** [step, value] of every scalar with this tag, in file order. */
function scalars(events: Ev[], tag: string): [number, number][] {
  return events.flatMap((e) => (e.summary?.value ?? []).filter((v) => v.tag === tag && v.simpleValue !== undefined).map((v) => [e.step, v.simpleValue as number] as [number, number]));
}

function data() {
  const x = Array.from({ length: 20 }, (_, i) => [Math.sin(i), Math.cos(i), i / 20]);
  const y = x.map((r) => [r[0]! - 2 * r[1]! + r[2]!]);
  return { x, y };
}

describe('TensorBoard callback', () => {
  it('writes epoch scalars equal to the History, batch_loss per batch, and weight histograms', async () => {
    const { x, y } = data();
    const model = K.sequential({ layers: [L.dense({ units: 4, activation: 'tanh', inputShape: [3], name: 'hidden' }), L.dense({ units: 1, name: 'out' })] });
    model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
    const logDir = tmp();
    const tb = new K.callbacks.TensorBoard({ logDir, histogramFreq: 1, updateFreq: 'batch' });
    // validationSplit 0.2: 16 training samples, batch 5 -> 4 batches per epoch.
    const h = await model.fit(x, y, { epochs: 3, batchSize: 5, validationSplit: 0.2, verbose: 0, callbacks: [tb] });
    const train = await eventsIn(join(logDir, 'train'));
    for (const key of ['loss', 'mae']) {
      const s = scalars(train, `epoch_${key}`);
      expect(s.map(([step]) => step)).toEqual([0, 1, 2]);
      s.forEach(([, v], e) => expect(v).toBeCloseTo(h.history[key]![e]!, 5));
    }
    const val = await eventsIn(join(logDir, 'validation'));
    const vl = scalars(val, 'epoch_loss');
    expect(vl.map(([step]) => step)).toEqual([0, 1, 2]);
    vl.forEach(([, v], e) => expect(v).toBeCloseTo(h.history.val_loss![e]!, 5));
    expect(scalars(train, 'epoch_val_loss')).toEqual([]);
    // 4 batches x 3 epochs, steps 1..12; the last batch of an epoch logs that epoch's average.
    const bl = scalars(train, 'batch_loss');
    expect(bl.map(([step]) => step)).toEqual([...Array(12).keys()].map((i) => i + 1));
    for (let e = 0; e < 3; e++) expect(bl[4 * e + 3]![1]).toBeCloseTo(h.history.loss![e]!, 5);
    // One histogram per weight per epoch, under the variables' names.
    const histTags = train.flatMap((e) => (e.summary?.value ?? []).filter((v) => v.histo).map((v) => `${e.step}:${v.tag}`));
    expect(histTags).toHaveLength(4 * 3);
    expect(histTags.filter((t) => t.startsWith('2:')).sort()).toEqual(['2:hidden/bias', '2:hidden/kernel', '2:out/bias', '2:out/kernel']);
    const kernelHist = train.find((e) => e.step === 2 && e.summary?.value.some((v) => v.tag === 'out/kernel'))!.summary!.value.find((v) => v.tag === 'out/kernel')!.histo;
    const w = Array.from(model.getLayer('out').getWeights()[0]!.dataSync());
    expect(kernelHist.num).toBe(4);
    expect(kernelHist.sum).toBeCloseTo(w.reduce((a, b) => a + b, 0), 5);
    expect(train.some((e) => e.graphDef)).toBe(false); // an eager model has no graph
  });

  it('updateFreq N writes every N batches; "epoch" writes no batch scalars and keeps fit free of batch hooks', async () => {
    const { x, y } = data();
    const model = K.sequential({ layers: [L.dense({ units: 1, inputShape: [3] })] });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const every3 = tmp();
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, callbacks: [new K.callbacks.TensorBoard({ logDir: every3, updateFreq: 3 })] });
    expect(scalars(await eventsIn(join(every3, 'train')), 'batch_loss').map(([s]) => s)).toEqual([3, 6, 9]);
    const perEpoch = tmp();
    const tb = new K.callbacks.TensorBoard({ logDir: perEpoch });
    expect(tb.onBatchEnd).toBeUndefined();
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, callbacks: [tb] });
    const ev = await eventsIn(join(perEpoch, 'train'));
    expect(scalars(ev, 'batch_loss')).toEqual([]);
    expect(scalars(ev, 'epoch_loss')).toHaveLength(2);
  });

  it('writes the graph of a graph-mode model', async () => {
    const g = new tl.Graph();
    const model = g.asDefault(() => K.sequential({ layers: [L.dense({ units: 2, inputShape: [3] })] }));
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const logDir = tmp();
    const { x, y } = data();
    const h = await model.fit(x, y.map((r) => [r[0]!, -r[0]!]), { epochs: 2, verbose: 0, callbacks: [new K.callbacks.TensorBoard({ logDir, histogramFreq: 2 })] });
    const train = await eventsIn(join(logDir, 'train'));
    const graphEvent = train.find((e) => e.graphDef);
    expect(graphEvent).toBeDefined();
    const nodes = tl.summary.decodeGraphDef(graphEvent!.graphDef!).node.map((n) => n.name);
    expect(nodes.some((n) => n.includes('kernel'))).toBe(true);
    scalars(train, 'epoch_loss').forEach(([, v], e) => expect(v).toBeCloseTo(h.history.loss![e]!, 5));
    // histogramFreq 2: epoch 0 only (of 0, 1).
    expect([...new Set(train.filter((e) => e.summary?.value.some((v) => v.histo)).map((e) => e.step))]).toEqual([0]);
  });

  it('rejects bad options with typed errors', () => {
    expect(() => new K.callbacks.TensorBoard({} as never)).toThrow(/logDir/);
    expect(() => new K.callbacks.TensorBoard({ logDir: 'x', updateFreq: 'sometimes' as never })).toThrow(tl.ArgumentError);
    expect(() => new K.callbacks.TensorBoard({ logDir: 'x', histogramFreq: -1 })).toThrow(/histogramFreq/);
    expect(() => new K.callbacks.TensorBoard({ logDir: 'x', profileBatch: 2 } as never)).toThrow(/profileBatch/);
  });
});
