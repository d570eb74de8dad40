/**
 * Hands-On ML ch. 11, batch normalization: 784-300-100-10 where each hidden layer is dense (He initialization,
 * no activation) -> tl.layers.batchNormalization (momentum 0.9) -> ELU. Batch statistics are used while the bool
 * `training` placeholder is fed true; the moving averages (updated by the ops in the UPDATE_OPS collection, which
 * the training op depends on, as TF 1.x requires) are used for evaluation.
 */
import * as tl from '../src/index.js';
import { QUICK, hostSplit, loadFashion, meanOverSplit, percent } from './util/fashion.js';

tl.disableEagerExecution();
tl.setRandomSeed(42);
const mnist = loadFashion();
const batchSize = QUICK ? 100 : 200;
const [nEpochs, stepsPerEpoch] = QUICK ? [1, 200] : [10, Math.floor(mnist.train.numExamples / batchSize)];

const X = tl.placeholder('float32', [null, 784], 'X');
const y = tl.placeholder('int32', [null], 'y');
const training = tl.placeholderWithDefault(false, [], 'training');
const heInit = tl.initializers.varianceScaling(2.0);
const bnLayer = (inputs: tl.Tensor, units: number, name: string) => {
  const z = tl.layers.dense(inputs, units, { kernelInitializer: heInit, name });
  return tl.layers.batchNormalization(z, { training, momentum: 0.9, name: `${name}_bn` });
};
const hidden1 = tl.elu(bnLayer(X, 300, 'hidden1'));
const hidden2 = tl.elu(bnLayer(hidden1, 100, 'hidden2'));
const logits = bnLayer(hidden2, 10, 'outputs');
const loss = tl.mean(tl.sparseSoftmaxCrossEntropyWithLogits(y, logits));
// Without this dependency the moving mean/variance would never move and evaluation would use their initial values.
const updateOps = tl.getCollection<tl.Operation | tl.Tensor>(tl.GraphKeys.UPDATE_OPS);
const trainingOp = tl.controlDependencies(updateOps, () => new tl.train.MomentumOptimizer(0.01, 0.9).minimize(loss));
const accuracy = tl.mean(tl.cast(tl.inTopK(logits, y, 1), 'float32'));

const test = hostSplit(mnist.test, QUICK ? 2000 : undefined);
const feed = (images: tl.Tensor, labels: tl.Tensor) => ({ X: images, y: labels });
const sess = new tl.Session();
sess.run(tl.globalVariablesInitializer());
console.log(`${updateOps.length} moving-average update ops run with each training step`);
for (let epoch = 1; epoch <= nEpochs; epoch++) {
  let lossSum = 0;
  for (let step = 0; step < stepsPerEpoch; step++) {
    const [xb, yb] = mnist.train.nextBatch(batchSize);
    const [, l] = sess.run([trainingOp, loss], { X: xb, y: yb, training: true }) as [unknown, tl.Tensor];
    lossSum += l.dataSync()[0]!;
    tl.dispose([l, xb, yb]);
  }
  const acc = meanOverSplit(sess, accuracy, test, feed);
  console.log(`epoch ${epoch}/${nEpochs}: train loss ${(lossSum / stepsPerEpoch).toFixed(4)}, test accuracy ${percent(acc)}`);
}
console.log(`test accuracy ${percent(meanOverSplit(sess, accuracy, test, feed))}`);
