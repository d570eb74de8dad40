/**
 * Hands-On ML ch. 15, denoising autoencoders (784-300-150-300-784, ReLU, Adam 0.01, batches of 150), twice, each in
 * its own tl.Graph:
 *   gaussian: X_noisy = X + 1.0 * tl.randomNormal(tl.shape(X)) — a stateful graph node, so every run draws fresh
 *             noise, for whatever batch size is fed;
 *   dropout:  X_drop = tl.layers.dropout(X, {rate: 0.3, training}) with a bool placeholder defaulting to false,
 *             so evaluation sees the clean input.
 * The loss is always measured against the clean X. Prints the train MSE per epoch and the clean test MSE.
 */
import * as tl from '../src/index.js';
import { QUICK, hostSplit, loadFashion, meanOverSplit } from './util/fashion.js';

const mnist = loadFashion();
const batchSize = 150, learningRate = 0.01;
const [nEpochs, stepsPerEpoch] = QUICK ? [3, 40] : [10, Math.floor(mnist.train.numExamples / batchSize)];
const test = hostSplit(mnist.test, QUICK ? 2000 : undefined);
tl.setRandomSeed(42);

function run(variant: 'gaussian' | 'dropout'): void {
  const graph = new tl.Graph();
  graph.asDefault(() => {
    const X = tl.placeholder('float32', [null, 784], 'X');
    const training = tl.placeholderWithDefault(false, [], 'training');
    const corrupted = variant === 'gaussian'
      ? tl.add(X, tl.mul(1.0, tl.randomNormal(tl.shape(X))))
      : tl.layers.dropout(X, { rate: 0.3, training });
    const hidden1 = tl.layers.dense(corrupted, 300, { activation: tl.relu, name: 'hidden1' });
    const hidden2 = tl.layers.dense(hidden1, 150, { activation: tl.relu, name: 'hidden2' }); // codings
    const hidden3 = tl.layers.dense(hidden2, 300, { activation: tl.relu, name: 'hidden3' });
    const outputs = tl.layers.dense(hidden3, 784, { name: 'outputs' });
    const reconstructionLoss = tl.mean(tl.square(tl.sub(outputs, X)));
    const trainingOp = new tl.train.AdamOptimizer(learningRate).minimize(reconstructionLoss);

    const sess = new tl.Session({ graph });
    sess.run(tl.globalVariablesInitializer());
    console.log(`${variant} denoising autoencoder`);
    for (let epoch = 1; epoch <= nEpochs; epoch++) {
      let lossSum = 0;
      for (let step = 0; step < stepsPerEpoch; step++) {
        const [xb, yb] = mnist.train.nextBatch(batchSize);
        const [, l] = sess.run([trainingOp, reconstructionLoss], { X: xb, training: true }) as [unknown, tl.Tensor];
        lossSum += l.dataSync()[0]!;
        tl.dispose([l, xb, yb]);
      }
      console.log(`  epoch ${epoch}/${nEpochs}: train MSE ${(lossSum / stepsPerEpoch).toFixed(4)}`);
    }
    // The gaussian graph has no switch: its test loss is measured on noisy inputs too, as the seed's eval is.
    const testMse = meanOverSplit(sess, reconstructionLoss, test, (images) => ({ X: images }));
    console.log(`${variant}: reconstruction loss ${testMse.toFixed(4)}`);
  });
}
run('gaussian');
run('dropout');
