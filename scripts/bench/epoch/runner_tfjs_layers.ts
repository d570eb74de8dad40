/**
 * Epoch benchmark, tfjs-layers on tfjs-wasm (one thread): the same model as spec.ts, tf.sequential + model.fit
 * (shuffle off), set up by ../tfjs_wasm_setup.ts.
 * Prints one EpochResult JSON line.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setupTfjsWasm } from '../tfjs_wasm_setup.js';
import { BATCH, EPOCHS, LR, SIZES, WARMUP_STEPS, loadSplit, type EpochResult } from './spec.js';

const result: EpochResult = { runner: 'tfjs-layers-wasm', epochSeconds: [], testAccuracy: 0 };
await setupTfjsWasm();

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
