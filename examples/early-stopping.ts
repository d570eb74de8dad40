/**
 * Hands-On ML ch. 11, early stopping: evaluate the validation set at the end of every epoch, let a tl.train.Saver
 * keep the model with the lowest validation loss, stop after `patience` checks without improvement, then restore
 * the best checkpoint and report its test accuracy. The restored model's validation loss is printed again so the
 * test can see that the restore brought back the best weights rather than the last ones.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tl from '../src/index.js';
import { QUICK, hostSplit, loadFashion, meanOverSplit, percent } from './util/fashion.js';

tl.disableEagerExecution();
tl.setRandomSeed(42);
const mnist = loadFashion();
const batchSize = 50;
// Quick: short "epochs" and a high learning rate, so that validation loss stalls (and stopping happens) in seconds.
const [maxEpochs, stepsPerEpoch, patience, learningRate] = QUICK
  ? [8, 60, 2, 0.005]
  : [10, Math.floor(mnist.train.numExamples / batchSize), 3, 0.001];

const X = tl.placeholder('float32', [null, 784], 'X');
const y = tl.placeholder('int32', [null], 'y');
const hidden1 = tl.layers.dense(X, 300, { activation: tl.relu, name: 'hidden1' });
const hidden2 = tl.layers.dense(hidden1, 100, { activation: tl.relu, name: 'hidden2' });
const logits = tl.layers.dense(hidden2, 10, { name: 'outputs' });
const loss = tl.mean(tl.sparseSoftmaxCrossEntropyWithLogits(y, logits));
const trainingOp = new tl.train.AdamOptimizer(learningRate).minimize(loss);
const accuracy = tl.mean(tl.cast(tl.inTopK(logits, y, 1), 'float32'));
const saver = new tl.train.Saver();

const validation = hostSplit(mnist.validation, QUICK ? 1000 : undefined);
const test = hostSplit(mnist.test, QUICK ? 2000 : undefined);
const feed = (images: tl.Tensor, labels: tl.Tensor) => ({ X: images, y: labels });
const checkpointDir = mkdtempSync(join(tmpdir(), 'tl-early-stopping-'));
const bestPath = join(checkpointDir, 'best_model');
const sess = new tl.Session();
sess.run(tl.globalVariablesInitializer());

let bestLoss = Infinity, bestEpoch = 0, checksWithoutProgress = 0;
for (let epoch = 1; epoch <= maxEpochs; epoch++) {
  for (let step = 0; step < stepsPerEpoch; step++) {
    const [xb, yb] = mnist.train.nextBatch(batchSize);
    sess.run(trainingOp, feed(xb, yb));
    tl.dispose([xb, yb]);
  }
  const valLoss = meanOverSplit(sess, loss, validation, feed);
  const valAcc = meanOverSplit(sess, accuracy, validation, feed);
  let note: string;
  if (valLoss < bestLoss) {
    bestLoss = valLoss;
    bestEpoch = epoch;
    checksWithoutProgress = 0;
    saver.save(sess, bestPath);
    note = 'best so far, saved';
  } else {
    checksWithoutProgress++;
    note = `no improvement (${checksWithoutProgress}/${patience})`;
  }
  console.log(`epoch ${epoch}/${maxEpochs}: validation loss ${valLoss.toFixed(4)}, validation accuracy ${percent(valAcc)} - ${note}`);
  if (checksWithoutProgress >= patience) {
    console.log(`early stopping after epoch ${epoch}`);
    break;
  }
}
const lastLoss = meanOverSplit(sess, loss, validation, feed);
saver.restore(sess, bestPath);
const restoredLoss = meanOverSplit(sess, loss, validation, feed);
console.log(`last model: validation loss ${lastLoss.toFixed(4)}`);
console.log(`best epoch ${bestEpoch}: validation loss ${bestLoss.toFixed(4)}; restored model: validation loss ${restoredLoss.toFixed(4)}`);
console.log(`test accuracy ${percent(meanOverSplit(sess, accuracy, test, feed))}`);
rmSync(checkpointDir, { recursive: true, force: true });
