/**
 * TensorBoard logs, as the seeds write them (TensorFlow 1.x Deep Learning Cookbook ch. 2 "MNIST with logistic
 * regression and TensorBoard summaries"; Hands-On ML ch. 9 `tf.summary.scalar('MSE', mse)` +
 * `tf.summary.FileWriter(logdir, tf.get_default_graph())` with a timestamped logdir): a small 784-100-10 network
 * in graph mode on Fashion-MNIST, built under name scopes (the graph dashboard draws each scope as one box), that
 * writes per epoch the test loss and accuracy (scalars) and the weight and bias histograms, once a few input
 * images, and the graph, to EXAMPLE_OUT/tf_logs/run-<UTC timestamp>/. View them with `tensorboard --logdir`.
 */
import { join } from 'node:path';
import * as tl from '../src/index.js';
import { QUICK, hostSplit, loadFashion, outDir } from './util/fashion.js';

tl.disableEagerExecution();
tl.setRandomSeed(42);
const mnist = loadFashion();
const [nEpochs, stepsPerEpoch, testCount] = QUICK ? [3, 100, 1000] : [10, Math.floor(mnist.train.numExamples / 100), undefined];
const batchSize = 100;

// One log folder per run, named by its start time, so TensorBoard shows runs side by side (the seeds' recipe).
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '').slice(0, 14);
const logdir = join(outDir(), 'tf_logs', `run-${stamp}`);

const X = tl.placeholder('float32', [null, 784], 'X');
const y = tl.placeholder('int32', [null], 'y');

/** A fully connected layer whose variables and histograms live in `scope` (tags 'scope/weights', 'scope/biases'). */
function layer(scope: string, input: tl.Tensor, nIn: number, nOut: number, activation?: (t: tl.Tensor) => tl.Tensor): tl.Tensor {
  return tl.nameScope(scope, () => {
    const w = new tl.Variable(tl.truncatedNormal([nIn, nOut], 0, 2 / Math.sqrt(nIn + nOut)), { name: 'kernel' });
    const b = new tl.Variable(tl.zeros([nOut]), { name: 'bias' });
    tl.summary.histogram('weights', w);
    tl.summary.histogram('biases', b);
    const z = tl.add(tl.matMul(input, w), b);
    return activation ? activation(z) : z;
  });
}

const logits = tl.nameScope('dnn', () => layer('outputs', layer('hidden', X, 784, 100, tl.relu), 100, 10));
const loss = tl.nameScope('cross_entropy', () => tl.mean(tl.sparseSoftmaxCrossEntropyWithLogits(y, logits)));
const accuracy = tl.nameScope('eval', () => tl.mean(tl.cast(tl.inTopK(logits, y, 1), 'float32')));
const trainingOp = tl.nameScope('train', () => new tl.train.AdamOptimizer(0.001).minimize(loss));
tl.summary.scalar('loss', loss);
tl.summary.scalar('accuracy', accuracy);
const merged = tl.summary.mergeAll()!;
// The images go to their own collection: they are written once, not with every epoch's summaries.
const images = tl.summary.image('input_images', tl.reshape(X, [-1, 28, 28, 1]), { maxOutputs: 4, collections: ['images'] });

const writer = new tl.summary.FileWriter(logdir, tl.getDefaultGraph());
const test = hostSplit(mnist.test, testCount);
const testFeed = { X: tl.tensor(test.images, [test.count, 784]), y: tl.tensor(test.labels, [test.count], 'int32') };
const sess = new tl.Session();
sess.run(tl.globalVariablesInitializer());

const shown = sess.run(images, testFeed) as tl.Tensor;
writer.addSummary(shown, 0);
shown.dispose();

for (let epoch = 1; epoch <= nEpochs; epoch++) {
  for (let step = 0; step < stepsPerEpoch; step++) {
    const [xb, yb] = mnist.train.nextBatch(batchSize);
    sess.run(trainingOp, { X: xb, y: yb });
    tl.dispose([xb, yb]);
  }
  // The summary and the printed numbers come from the same run, so the dashboard shows what is printed here.
  const [summary, l, acc] = sess.run([merged, loss, accuracy], testFeed) as tl.Tensor[];
  writer.addSummary(summary!, epoch);
  console.log(`epoch ${epoch}/${nEpochs}: test loss ${l!.dataSync()[0]!.toFixed(6)}, test accuracy ${acc!.dataSync()[0]!.toFixed(6)}`);
  tl.dispose([summary!, l!, acc!]);
}
await writer.close();
sess.close();
tl.dispose([testFeed.X, testFeed.y]);
console.log(`wrote ${writer.path}`);
console.log(`view with: tensorboard --logdir ${join(outDir(), 'tf_logs')}`);
