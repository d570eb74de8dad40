/**
 * An imported ONNX CNN fine-tunes here (its loss falls) and exports again: the re-export carries the
 * Variables' current values, so onnxruntime-node on it matches tensorlane's fine-tuned outputs (and differs
 * from the original model's).
 */
import { describe, it, expect } from 'vitest';
import * as tl from '../../src/index.js';
import { expectClose } from '../util/index.js';
import { makeModel, runOrt, smallCnn, brightestBand } from './make_model.js';

const cnn = smallCnn();

describe('onnx: fine-tune an imported CNN and export it again', () => {
  it('the loss falls, and onnxruntime on the re-export matches the fine-tuned outputs', async () => {
    const original = makeModel(cnn);
    const model = await tl.onnx.load(original, { trainable: true });
    const g = model.graph!;
    const x = model.inputTensors!.x!;
    const logits = model.outputTensors!.logits!;
    const { labels, loss, train } = g.asDefault(() => {
      const labels = tl.placeholder('float32', [null, 3], 'labels');
      const loss = tl.mean(tl.softmaxCrossEntropyWithLogits(labels, logits));
      return { labels, loss, train: new tl.train.GradientDescentOptimizer(0.5).minimize(loss) };
    });
    const n = 12;
    const { xs, ys } = brightestBand(n);
    const xt = tl.tensor(xs, [n, 1, 6, 6]);
    const feeds = new Map<tl.Tensor, tl.Tensor>([[x, xt], [labels, tl.tensor(ys, [n, 3])]]);
    const sess = model.session!;
    const first = (sess.run(loss, feeds) as tl.Tensor).dataSync()[0]!;
    for (let step = 0; step < 8; step++) sess.run(train, feeds);
    const last = (sess.run(loss, feeds) as tl.Tensor).dataSync()[0]!;
    expect(last).toBeLessThan(first * 0.8);
    const tuned = model.run({ x: xt }).logits!;

    const bytes = await tl.onnx.export(model, { dynamicBatch: true });
    const feed = { x: { type: 'float' as const, dims: [n, 1, 6, 6], values: Array.from(xs) } };
    const ref = await runOrt(bytes, feed);
    expectClose(ref.logits!.values, tuned, { atol: 1e-4, rtol: 1e-4 });
    // The original file gives other outputs: the re-export really carries the fine-tuned weights.
    const before = await runOrt(original, feed);
    expect(Math.max(...before.logits!.values.map((v, i) => Math.abs(v - ref.logits!.values[i]!)))).toBeGreaterThan(1e-2);

    const ortModel = await model.toOnnxruntime();
    expectClose((await ortModel.runAsync({ x: xt })).logits!, tuned, { atol: 1e-4, rtol: 1e-4 });
    const ortOnly = await tl.onnx.load(bytes, { backend: 'onnxruntime' });
    await expect(tl.onnx.export(ortOnly)).rejects.toThrow(/no tensorlane graph/);
  });
});
