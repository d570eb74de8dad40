/**
 * Hands-On ML ch. 15, stacked autoencoder 784-300-150-300-784 with tied weights (the decoder's weights are the
 * transposes of the encoder's), ELU, He initialization, l2 regularization, trained one layer at a time:
 *   phase 1: X -> hidden1 -> output (through weights1 and its transpose), bypassing the inner layers;
 *   phase 2: hidden1 -> hidden2 -> hidden3 learns to reconstruct hidden1, with hidden1 frozen (varList).
 * Then the seed's "unsupervised pretraining": the encoder (weights1, weights2) is reused frozen under a new softmax
 * layer trained on a labelled subset.
 */
import * as tl from '../src/index.js';
import { QUICK, hostSplit, loadFashion, meanOverSplit, percent } from './util/fashion.js';

tl.disableEagerExecution();
tl.setRandomSeed(42);
const mnist = loadFashion();
const [nInputs, nHidden1, nHidden2] = [28 * 28, 300, 150];
const learningRate = 0.01, l2Reg = 0.0005, batchSize = 150;
const phaseEpochs = QUICK ? [1, 1] : [4, 4];
const classifierEpochs = QUICK ? 1 : 4;
const stepsPerEpoch = QUICK ? 70 : Math.floor(mnist.train.numExamples / batchSize);
const nLabeled = QUICK ? 3000 : 20000; // the classifier sees only this many labelled examples, as in the seed

const regularizer = tl.train.l2Regularizer(l2Reg);
const heInit = tl.initializers.varianceScaling(2.0);
const X = tl.placeholder('float32', [null, nInputs], 'X');
const weights1 = tl.getVariable('weights1', { shape: [nInputs, nHidden1], initializer: heInit });
const weights2 = tl.getVariable('weights2', { shape: [nHidden1, nHidden2], initializer: heInit });
const weights3 = tl.transpose(weights2); // tied
const weights4 = tl.transpose(weights1); // tied
const biases1 = tl.getVariable('biases1', { shape: [nHidden1], initializer: tl.initializers.zeros() });
const biases2 = tl.getVariable('biases2', { shape: [nHidden2], initializer: tl.initializers.zeros() });
const biases3 = tl.getVariable('biases3', { shape: [nHidden1], initializer: tl.initializers.zeros() });
const biases4 = tl.getVariable('biases4', { shape: [nInputs], initializer: tl.initializers.zeros() });

const hidden1 = tl.elu(tl.add(tl.matMul(X, weights1), biases1));
const hidden2 = tl.elu(tl.add(tl.matMul(hidden1, weights2), biases2));
const hidden3 = tl.elu(tl.add(tl.matMul(hidden2, weights3), biases3));
const outputs = tl.add(tl.matMul(hidden3, weights4), biases4);
const reconstructionLoss = tl.mean(tl.square(tl.sub(outputs, X)));

const optimizer = new tl.train.AdamOptimizer(learningRate);
const phase1 = tl.nameScope('phase1', () => {
  const phaseOutputs = tl.add(tl.matMul(hidden1, weights4), biases4); // bypasses hidden2 and hidden3
  const loss = tl.mean(tl.square(tl.sub(phaseOutputs, X)));
  const trainingOp = optimizer.minimize(tl.add(loss, regularizer(weights1)), { varList: [weights1, biases1, biases4] });
  return { loss, trainingOp };
});
const phase2 = tl.nameScope('phase2', () => {
  const loss = tl.mean(tl.square(tl.sub(hidden3, hidden1)));
  // hidden1 stays frozen: only the inner layer's variables are trained.
  const trainingOp = optimizer.minimize(tl.add(loss, regularizer(weights2)), { varList: [weights2, biases2, biases3] });
  return { loss, trainingOp };
});

// The classifier on top of the frozen encoder.
const y = tl.placeholder('int32', [null], 'y');
const logits = tl.layers.dense(hidden2, 10, { name: 'classifier' });
const classifierVars = tl.getCollection<tl.Variable>(tl.GraphKeys.TRAINABLE_VARIABLES, 'classifier');
const xentropy = tl.mean(tl.sparseSoftmaxCrossEntropyWithLogits(y, logits));
const classifierOp = optimizer.minimize(xentropy, { varList: classifierVars });
const accuracy = tl.mean(tl.cast(tl.inTopK(logits, y, 1), 'float32'));

const test = hostSplit(mnist.test, QUICK ? 2000 : undefined);
const feed = (images: tl.Tensor, labels: tl.Tensor) => ({ X: images, y: labels });
const sess = new tl.Session();
sess.run(tl.globalVariablesInitializer());
const phases = [phase1, phase2];
for (let p = 0; p < phases.length; p++) {
  console.log(`training phase #${p + 1}`);
  for (let epoch = 1; epoch <= phaseEpochs[p]!; epoch++) {
    let lossSum = 0;
    for (let step = 0; step < stepsPerEpoch; step++) {
      const [xb, yb] = mnist.train.nextBatch(batchSize);
      const [, l] = sess.run([phases[p]!.trainingOp, phases[p]!.loss], { X: xb }) as [unknown, tl.Tensor];
      lossSum += l.dataSync()[0]!;
      tl.dispose([l, xb, yb]);
    }
    console.log(`  epoch ${epoch}/${phaseEpochs[p]}: train MSE ${(lossSum / stepsPerEpoch).toFixed(4)}`);
  }
}
const testMse = meanOverSplit(sess, reconstructionLoss, test, (images) => ({ X: images }));
console.log(`reconstruction loss ${testMse.toFixed(4)}`);

console.log(`training the softmax classifier on ${nLabeled} labelled examples, encoder frozen`);
const labeled = hostSplit(mnist.train, nLabeled);
const weightsBefore = (sess.run(weights1) as tl.Tensor).dataSync().slice();
for (let epoch = 1; epoch <= classifierEpochs; epoch++) {
  let lossSum = 0, steps = 0;
  for (let from = 0; from + batchSize <= nLabeled; from += batchSize, steps++) {
    const xb = tl.tensor(labeled.images.subarray(from * 784, (from + batchSize) * 784), [batchSize, 784]);
    const yb = tl.tensor(labeled.labels.subarray(from, from + batchSize), [batchSize], 'int32');
    const [, l] = sess.run([classifierOp, xentropy], feed(xb, yb)) as [unknown, tl.Tensor];
    lossSum += l.dataSync()[0]!;
    tl.dispose([l, xb, yb]);
  }
  const acc = meanOverSplit(sess, accuracy, test, feed);
  console.log(`  epoch ${epoch}/${classifierEpochs}: train loss ${(lossSum / steps).toFixed(4)}, test accuracy ${percent(acc)}`);
}
const weightsAfter = (sess.run(weights1) as tl.Tensor).dataSync();
console.log(`encoder weights unchanged by the classifier's training: ${weightsAfter.every((v, i) => v === weightsBefore[i])}`);
console.log(`test accuracy ${percent(meanOverSplit(sess, accuracy, test, feed))}`);
