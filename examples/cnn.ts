/**
 * Hands-On ML ch. 13 (CNNs) on Fashion-MNIST: conv(32, 3x3) - max pool - conv(64, 3x3) - max pool - fc 1024 -
 * dropout - fc 10, ReLU and 'same' padding, Adam, in graph mode with tl.layers. One graph serves training and
 * evaluation: dropout reads a bool `training` placeholder that defaults to false.
 */
import * as tl from '../src/index.js';
import { QUICK, hostSplit, loadFashion, meanOverSplit, percent } from './util/fashion.js';

tl.disableEagerExecution();
tl.setRandomSeed(42);
const mnist = loadFashion();
const batchSize = QUICK ? 32 : 50;
const [nEpochs, stepsPerEpoch] = QUICK ? [1, 150] : [10, Math.floor(mnist.train.numExamples / batchSize)];

const X = tl.placeholder('float32', [null, 784], 'X');
const y = tl.placeholder('int32', [null], 'y');
const training = tl.placeholderWithDefault(false, [], 'training');
const images = tl.reshape(X, [-1, 28, 28, 1]);
const conv1 = tl.layers.conv2d(images, 32, 3, { padding: 'same', activation: tl.relu, name: 'conv1' });
const pool1 = tl.layers.maxPooling2d(conv1, 2, 2, { name: 'pool1' });
const conv2 = tl.layers.conv2d(pool1, 64, 3, { padding: 'same', activation: tl.relu, name: 'conv2' });
const pool2 = tl.layers.maxPooling2d(conv2, 2, 2, { name: 'pool2' });
const fc1 = tl.layers.dense(tl.layers.flatten(pool2), 1024, { activation: tl.relu, name: 'fc1' });
const fc1Drop = tl.layers.dropout(fc1, { rate: 0.5, training, name: 'fc1_drop' });
const logits = tl.layers.dense(fc1Drop, 10, { name: 'output' });
const loss = tl.mean(tl.sparseSoftmaxCrossEntropyWithLogits(y, logits));
const trainingOp = new tl.train.AdamOptimizer(0.001).minimize(loss);
const accuracy = tl.mean(tl.cast(tl.inTopK(logits, y, 1), 'float32'));

const test = hostSplit(mnist.test, QUICK ? 1000 : undefined);
const feed = (xs: tl.Tensor, ys: tl.Tensor) => ({ X: xs, y: ys });
const sess = new tl.Session();
sess.run(tl.globalVariablesInitializer());
for (let epoch = 1; epoch <= nEpochs; epoch++) {
  let lossSum = 0;
  for (let step = 0; step < stepsPerEpoch; step++) {
    const [xb, yb] = mnist.train.nextBatch(batchSize);
    const [, l] = sess.run([trainingOp, loss], { X: xb, y: yb, training: true }) as [unknown, tl.Tensor];
    lossSum += l.dataSync()[0]!;
    tl.dispose([l, xb, yb]);
  }
  const acc = meanOverSplit(sess, accuracy, test, feed, 500);
  console.log(`epoch ${epoch}/${nEpochs}: train loss ${(lossSum / stepsPerEpoch).toFixed(4)}, test accuracy ${percent(acc)}`);
}
console.log(`test accuracy ${percent(meanOverSplit(sess, accuracy, test, feed, 500))}`);
