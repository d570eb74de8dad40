/**
 * What the Fashion-MNIST examples share: the quick-run switch (EXAMPLE_QUICK=1, used by CI), the data set (through
 * tl.datasets.readDataSets, the seeds' `input_data.read_data_sets`), the output folder, and evaluation in batches
 * (a whole 10000-image test set through a CNN at once would need gigabytes of activations).
 */
import { mkdirSync } from 'node:fs';
import * as tl from '../../src/index.js';

/** EXAMPLE_QUICK=1: a shortened run (a few hundred steps on a subset) that finishes in seconds. */
export const QUICK = process.env.EXAMPLE_QUICK === '1';

/** Where the seeds' MNIST stand-in lives (`apt-get install dataset-fashion-mnist`); TL_DATA_DIR overrides it. */
export const FASHION_DIR = process.env.TL_DATA_DIR ?? '/usr/share/datasets/fashion-mnist';

/** The 10 Fashion-MNIST class names, by label. */
export const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** train (55000) / validation (5000) / test (10000), images float32 [N, 784] in [0, 1], labels int32 [N]. */
export function loadFashion(validationSize = 5000) {
  return tl.datasets.readDataSets(FASHION_DIR, { validationSize, seed: 42 });
}

/** The output folder (env EXAMPLE_OUT, default out/), created if absent. */
export function outDir(): string {
  const dir = process.env.EXAMPLE_OUT ?? 'out';
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Host copies of a split, to cut evaluation batches from without keeping extra tensors alive. */
export interface HostSplit { images: Float32Array; labels: Int32Array; count: number }

/** The first `limit` examples of a split as host arrays (all of them when limit is undefined). */
export function hostSplit(split: { images: tl.Tensor; labels: tl.Tensor }, limit?: number): HostSplit {
  const total = split.images.shape[0]!;
  const count = Math.min(limit ?? total, total);
  const images = (split.images.dataSync() as Float32Array).slice(0, count * 784);
  const labels = Int32Array.from((split.labels.dataSync() as Int32Array).subarray(0, count));
  return { images, labels, count };
}

/**
 * Mean of a scalar `fetch` over a split, run in batches of `batchSize` and weighted by batch length (the seeds
 * evaluate `accuracy.eval(feed_dict={X: mnist.test.images, ...})`; batching gives the same number with bounded memory).
 * `feed(images, labels)` builds the feed dict for one batch.
 */
export function meanOverSplit(
  sess: tl.Session, fetch: tl.Tensor, split: HostSplit, feed: (images: tl.Tensor, labels: tl.Tensor) => tl.Feeds, batchSize = 1000,
): number {
  let total = 0;
  for (let from = 0; from < split.count; from += batchSize) {
    const n = Math.min(batchSize, split.count - from);
    const images = tl.tensor(split.images.subarray(from * 784, (from + n) * 784), [n, 784]);
    const labels = tl.tensor(split.labels.subarray(from, from + n), [n], 'int32');
    const value = sess.run(fetch, feed(images, labels)) as tl.Tensor;
    total += value.dataSync()[0]! * n;
    tl.dispose([value, images, labels]);
  }
  return total / split.count;
}

/** `88.91%` */
export function percent(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

/** Examples [from, from + n) of a host split as tensors (the caller disposes them). */
export function batchOf(split: HostSplit, from: number, n: number): [tl.Tensor, tl.Tensor] {
  return [
    tl.tensor(split.images.subarray(from * 784, (from + n) * 784), [n, 784]),
    tl.tensor(split.labels.subarray(from, from + n), [n], 'int32'),
  ];
}

/** The examples whose label is in [lo, hi], relabelled label - lo (at most `limit` of them). */
export function classRange(split: HostSplit, lo: number, hi: number, limit = Infinity): HostSplit {
  const keep: number[] = [];
  for (let i = 0; i < split.count && keep.length < limit; i++) if (split.labels[i]! >= lo && split.labels[i]! <= hi) keep.push(i);
  const images = new Float32Array(keep.length * 784);
  keep.forEach((src, dst) => images.set(split.images.subarray(src * 784, (src + 1) * 784), dst * 784));
  return { images, labels: Int32Array.from(keep, (i) => split.labels[i]! - lo), count: keep.length };
}
