/**
 * Epoch benchmark, tfjs-layers on tfjs-wasm (one thread): the same model as spec.ts, tf.sequential + model.fit
 * (shuffle off). The .wasm files are read from node_modules; fetch is disabled so nothing is downloaded.
 * Prints one EpochResult JSON line.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { buildSync } from 'esbuild';
import { BATCH, EPOCHS, LR, SIZES, WARMUP_STEPS, loadSplit, type EpochResult } from './spec.js';

const result: EpochResult = { runner: 'tfjs-layers-wasm', epochSeconds: [], testAccuracy: 0 };
const require = createRequire(import.meta.url);
setWasmPaths(pathToFileURL(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/').href);
setThreadsCount(1);
// Gradients are a separate side-effect entry whose ESM files Node cannot load as is: bundle it once (as the
// wasm benchmark runner does).
const gradBundle = join(mkdtempSync(join(tmpdir(), 'tl-epoch-')), 'tfjs_grads.cjs');
buildSync({
  entryPoints: [join(dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist', 'register_all_gradients.js')],
  bundle: true, format: 'cjs', platform: 'node', outfile: gradBundle, logLevel: 'silent',
});
require(gradBundle);
globalThis.fetch = (async (u: unknown) => {
  throw new Error(`tfjs-wasm tried to fetch ${String(u)}`);
}) as typeof fetch;
await tf.setBackend('wasm');
await tf.ready();

const train = loadSplit('train');
const test = loadSplit('t10k');
const xAll = tf.tensor2d(train.x, [train.n, 784]);
const yAll = tf.cast(tf.oneHot(tf.tensor1d(train.y, 'int32'), 10), 'float32');
const model = tfl.sequential({
  layers: [
    tfl.layers.dense({ units: SIZES[1]!, activation: 'relu', inputShape: [SIZES[0]!] }),
    tfl.layers.dense({ units: SIZES[2]!, activation: 'relu' }),
    tfl.layers.dense({ units: SIZES[3]!, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: tf.train.adam(LR), loss: 'categoricalCrossentropy' });
const warmX = tf.slice(xAll, [0, 0], [WARMUP_STEPS * BATCH, 784]);
const warmY = tf.slice(yAll, [0, 0], [WARMUP_STEPS * BATCH, 10]);
await model.fit(warmX, warmY, { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0 });
for (let e = 0; e < EPOCHS; e++) {
  const t0 = performance.now();
  await model.fit(xAll, yAll, { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0 });
  result.epochSeconds.push((performance.now() - t0) / 1000);
}
const pred = model.predict(tf.tensor2d(test.x, [test.n, 784])) as tf.Tensor;
result.testAccuracy = tf.mean(tf.equal(tf.argMax(pred, 1), tf.tensor1d(test.y, 'int32'))).dataSync()[0]!;
console.log(JSON.stringify(result));
