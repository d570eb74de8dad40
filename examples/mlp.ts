/**
 * Hands-On ML ch. 10, "training a DNN with plain TensorFlow": 784-300-100-10 ReLU network in graph mode —
 * placeholders with an unknown batch dimension, tl.layers.dense, the seed's tf.nn calls under tl.nn (relu, the
 * sparse softmax cross-entropy, in_top_k for the accuracy), mini-batches from `nextBatch` — on Fashion-MNIST (the
 * MNIST stand-in). The seed uses plain gradient descent for 400 epochs; Adam with an exponentially decaying
 * learning rate (ch. 11's learning-rate scheduling) gets there within the 10 epochs allowed here — at a constant
 * rate the test accuracy keeps jumping by a point between epochs.
 */
import * as tl from '../src/index.js';
import { QUICK, hostSplit, loadFashion, meanOverSplit, percent } from './util/fashion.js';

tl.disableEagerExecution();
tl.setRandomSeed(42);
const mnist = loadFashion();
const [nEpochs, stepsPerEpoch] = QUICK ? [1, 300] : [10, Math.floor(mnist.train.numExamples / 50)];
const batchSize = 50;

const X = tl.placeholder('float32', [null, 784], 'X');
const y = tl.placeholder('int32', [null], 'y');
const logits = tl.nameScope('dnn', () => {
  const hidden1 = tl.layers.dense(X, 300, { activation: tl.nn.relu, name: 'hidden1' });
  const hidden2 = tl.layers.dense(hidden1, 100, { activation: tl.nn.relu, name: 'hidden2' });
  return tl.layers.dense(hidden2, 10, { name: 'outputs' });
});
const loss = tl.nameScope('loss', () => tl.mean(tl.nn.sparseSoftmaxCrossEntropyWithLogits(y, logits)));
const trainingOp = tl.nameScope('train', () => {
  const globalStep = tl.train.getOrCreateGlobalStep();
  const learningRate = tl.train.exponentialDecay(0.001, globalStep, stepsPerEpoch, 0.75); // x0.75 per epoch
  return new tl.train.AdamOptimizer(learningRate).minimize(loss, { globalStep });
});
const accuracy = tl.nameScope('eval', () => tl.mean(tl.cast(tl.nn.inTopK(logits, y, 1), 'float32')));

const test = hostSplit(mnist.test, QUICK ? 2000 : undefined);
const feed = (images: tl.Tensor, labels: tl.Tensor) => ({ X: images, y: labels });
const sess = new tl.Session();
sess.run(tl.globalVariablesInitializer());
for (let epoch = 1; epoch <= nEpochs; epoch++) {
  let lossSum = 0;
  for (let step = 0; step < stepsPerEpoch; step++) {
    const [xb, yb] = mnist.train.nextBatch(batchSize);
    const [, l] = sess.run([trainingOp, loss], feed(xb, yb)) as [unknown, tl.Tensor];
    lossSum += l.dataSync()[0]!;
    tl.dispose([l, xb, yb]);
  }
  const acc = meanOverSplit(sess, accuracy, test, feed);
  console.log(`epoch ${epoch}/${nEpochs}: train loss ${(lossSum / stepsPerEpoch).toFixed(4)}, test accuracy ${percent(acc)}`);
}
console.log(`test accuracy ${percent(meanOverSplit(sess, accuracy, test, feed))}`);
