/**
 * The `mlp` example's network (784-300-100-10, ReLU) written the Keras way: tl.keras.Sequential, compile with
 * Adam and sparse categorical cross-entropy, fit with validationSplit (the last 1/12 = 5000 training images, as
 * Keras takes them), evaluate on the test set. Runs eagerly; fit prints one line per epoch. The learning rate
 * decays by x0.75 per epoch (a LearningRateScheduler callback), as `mlp`'s exponentialDecay does per step.
 */
import * as tl from '../src/index.js';
import { FASHION_DIR, QUICK, percent } from './util/fashion.js';

tl.setRandomSeed(42);
const { train, test } = tl.datasets.fashionMnist({ dir: FASHION_DIR });
const nTrain = QUICK ? 12000 : train.images.shape[0]!;
const nTest = QUICK ? 2000 : test.images.shape[0]!;
const xTrain = tl.reshape(tl.slice(train.images, [0, 0, 0], [nTrain, 28, 28]), [nTrain, 784]);
const yTrain = tl.slice(train.labels, [0], [nTrain]);
const xTest = tl.reshape(tl.slice(test.images, [0, 0, 0], [nTest, 28, 28]), [nTest, 784]);
const yTest = tl.slice(test.labels, [0], [nTest]);

const model = new tl.keras.Sequential([
  new tl.keras.layers.Dense(300, { activation: 'relu', inputShape: [784], name: 'hidden1' }),
  new tl.keras.layers.Dense(100, { activation: 'relu', name: 'hidden2' }),
  new tl.keras.layers.Dense(10, { activation: 'softmax', name: 'outputs' }),
]);
model.summary();
model.compile({ optimizer: new tl.train.AdamOptimizer(0.001), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
const history = await model.fit(xTrain, yTrain, {
  epochs: QUICK ? 1 : 10, batchSize: 50, validationSplit: 1 / 12, verbose: 2, // the last 5000 images, as mlp's readDataSets holds out
  callbacks: [new tl.keras.callbacks.LearningRateScheduler((epoch) => 0.001 * 0.75 ** epoch)],
});
const losses = history.history.loss as number[];
console.log(`training loss by epoch: ${losses.map((l) => l.toFixed(4)).join(' ')}`);
const result = await model.evaluate(xTest, yTest, { batchSize: 1000 }); // { loss, acc }
console.log(`test loss ${result.loss!.toFixed(4)}`);
console.log(`test accuracy ${percent(result.acc ?? result.accuracy!)}`);
