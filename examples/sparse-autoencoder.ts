/**
 * Hands-On ML ch. 15, sparse autoencoder: 784 -> 1000 sigmoid codings -> 784, MSE plus a sparsity loss, the
 * KL divergence between the target activation 0.1 and each coding unit's mean activation over the batch, weighted
 * by 0.2; Adam 0.01, batches of 1000. Without the penalty sigmoid codings sit near 0.5 on average; with it they
 * approach the target, which the run prints.
 */
import * as tl from '../src/index.js';
import { QUICK, hostSplit, loadFashion, meanOverSplit } from './util/fashion.js';

tl.disableEagerExecution();
tl.setRandomSeed(42);
const mnist = loadFashion();
const nHidden1 = 1000, learningRate = 0.01, sparsityTarget = 0.1, sparsityWeight = 0.2;
const batchSize = QUICK ? 250 : 1000;
const [nEpochs, stepsPerEpoch] = QUICK ? [4, 40] : [10, Math.floor(mnist.train.numExamples / batchSize)];

/** KL(p || q) for Bernoulli distributions, elementwise. */
const klDivergence = (p: number, q: tl.Tensor) =>
  tl.add(tl.mul(p, tl.log(tl.div(p, q))), tl.mul(1 - p, tl.log(tl.div(1 - p, tl.sub(1, q)))));

const X = tl.placeholder('float32', [null, 784], 'X');
const hidden1 = tl.layers.dense(X, nHidden1, { activation: tl.sigmoid, name: 'hidden1' });
const outputs = tl.layers.dense(hidden1, 784, { name: 'outputs' });
const hidden1Mean = tl.mean(hidden1, 0); // each unit's mean activation over the batch
const sparsityLoss = tl.sum(klDivergence(sparsityTarget, hidden1Mean));
const reconstructionLoss = tl.mean(tl.square(tl.sub(outputs, X)));
const loss = tl.add(reconstructionLoss, tl.mul(sparsityWeight, sparsityLoss));
const trainingOp = new tl.train.AdamOptimizer(learningRate).minimize(loss);
const meanActivation = tl.mean(hidden1);

const test = hostSplit(mnist.test, QUICK ? 2000 : undefined);
const feed = (images: tl.Tensor) => ({ X: images });
const sess = new tl.Session();
sess.run(tl.globalVariablesInitializer());
for (let epoch = 1; epoch <= nEpochs; epoch++) {
  let mse = 0, sparsity = 0;
  for (let step = 0; step < stepsPerEpoch; step++) {
    const [xb, yb] = mnist.train.nextBatch(batchSize);
    const [, r, s] = sess.run([trainingOp, reconstructionLoss, sparsityLoss], feed(xb)) as [unknown, tl.Tensor, tl.Tensor];
    mse += r.dataSync()[0]!;
    sparsity += s.dataSync()[0]!;
    tl.dispose([r, s, xb, yb]);
  }
  console.log(`epoch ${epoch}/${nEpochs}: train MSE ${(mse / stepsPerEpoch).toFixed(4)}, sparsity loss ${(sparsity / stepsPerEpoch).toFixed(4)}`);
}
console.log(`mean coding activation ${meanOverSplit(sess, meanActivation, test, feed).toFixed(4)} (target ${sparsityTarget})`);
console.log(`reconstruction loss ${meanOverSplit(sess, reconstructionLoss, test, feed).toFixed(4)}`);
