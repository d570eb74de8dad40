/**
 * The training loops the examples run stay on the native backend: a Keras fit (shuffled batches, sparse
 * cross-entropy, an accuracy metric, validation, per-batch values stacked per epoch) and a TF 1.x graph loop
 * (int32 labels, an int64 global step, in_top_k accuracy, one-hot labels) log no fallback from native. Before the
 * native GatherV2, ArgMax, ClipByValue, Concat, OneHot, InTopK and integer Add kernels, both did.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';

const hasNative = tl.backends().includes('native');

function digits(n: number): { x: tl.Tensor; y: tl.Tensor } {
  const d = tl.loadDigits();
  return { x: tl.div(tl.tensor(d.images.slice(0, n * 64), [n, 64]), 16), y: tl.tensor(d.labels.slice(0, n), [n], 'int32') };
}

const nativeFallbacks = () => tl.info().fallbacks.filter((f) => f.includes(':native->'));

describe.skipIf(!hasNative)('training on native without fallbacks', () => {
  it('a Keras fit with shuffling, validation and an accuracy metric', async () => {
    const prev = tl.getBackend();
    await tl.setBackend('native');
    try {
      tl.setRandomSeed(3);
      const before = nativeFallbacks();
      const { x, y } = digits(300);
      const model = new tl.keras.Sequential([
        new tl.keras.layers.Dense(16, { activation: 'relu', inputShape: [64] }),
        new tl.keras.layers.Dense(10, { activation: 'softmax' }),
      ]);
      model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      const h = await model.fit(x, y, { epochs: 3, batchSize: 16, shuffle: true, validationSplit: 0.2, verbose: 0 });
      expect(h.history.val_accuracy!.length).toBe(3);
      expect(h.history.loss![2]!).toBeLessThan(h.history.loss![0]!);
      expect(nativeFallbacks().filter((f) => !before.includes(f))).toEqual([]);
      tl.dispose([x, y]);
    } finally {
      await tl.setBackend(prev);
    }
  });

  it('a graph loop with an int64 global step, in_top_k and one-hot labels', async () => {
    const prev = tl.getBackend();
    await tl.setBackend('native');
    try {
      const before = nativeFallbacks();
      const { x, y } = digits(64);
      const g = new tl.Graph();
      const { train, acc, step, init } = g.asDefault(() => {
        const X = tl.placeholder('float32', [null, 64], 'X');
        const Y = tl.placeholder('int32', [null], 'Y');
        const logits = tl.layers.dense(X, 10, { name: 'out' });
        const loss = tl.losses.softmaxCrossEntropy(tl.oneHot(Y, 10), logits);
        const step = tl.train.getOrCreateGlobalStep();
        const train = new tl.train.GradientDescentOptimizer(0.5).minimize(loss, { globalStep: step });
        const acc = tl.mean(tl.cast(tl.nn.inTopK(logits, Y, 1), 'float32'));
        return { train, acc, step, init: tl.globalVariablesInitializer() };
      });
      const sess = new tl.Session({ graph: g });
      sess.run(init);
      for (let i = 0; i < 5; i++) sess.run(train, { X: x, Y: y });
      const [a, s] = sess.run([acc, step], { X: x, Y: y }) as [tl.Tensor, tl.Tensor];
      expect(s.dataSync()).toEqual(BigInt64Array.from([5n]));
      expect(a.dataSync()[0]!).toBeGreaterThan(0.3);
      expect(nativeFallbacks().filter((f) => !before.includes(f))).toEqual([]);
      tl.dispose([x, y, a, s]);
    } finally {
      await tl.setBackend(prev);
    }
  });
});
