/**
 * Hands-On ML ch. 11, reusing pretrained layers: an MLP (784-300-100, ReLU) with a 5-way softmax is trained on
 * classes 0-4 only; then its hidden layers are reused frozen (the new optimizer's varList holds only the new head)
 * under a new 5-way softmax for classes 5-9, trained on a small labelled subset of those classes, as the seed's
 * exercise does. Prints both accuracies and checks that the reused weights did not move.
 */
import * as tl from '../src/index.js';
import { QUICK, batchOf, classRange, hostSplit, loadFashion, meanOverSplit, percent } from './util/fashion.js';

tl.disableEagerExecution();
tl.setRandomSeed(42);
const mnist = loadFashion();
const train = hostSplit(mnist.train), testAll = hostSplit(mnist.test);
const trainLow = classRange(train, 0, 4, QUICK ? 8000 : Infinity), testLow = classRange(testAll, 0, 4, QUICK ? 1000 : Infinity);
const trainHigh = classRange(train, 5, 9, QUICK ? 1000 : 2500), testHigh = classRange(testAll, 5, 9, QUICK ? 1000 : Infinity);
const batchSize = 50;
const [epochsLow, epochsHigh] = QUICK ? [1, 3] : [5, 10];

const X = tl.placeholder('float32', [null, 784], 'X');
const y = tl.placeholder('int32', [null], 'y');
const hidden1 = tl.layers.dense(X, 300, { activation: tl.relu, name: 'hidden1' });
const hidden2 = tl.layers.dense(hidden1, 100, { activation: tl.relu, name: 'hidden2' });
const head = (name: string) => {
  const logits = tl.layers.dense(hidden2, 5, { name });
  const loss = tl.mean(tl.sparseSoftmaxCrossEntropyWithLogits(y, logits));
  const accuracy = tl.mean(tl.cast(tl.inTopK(logits, y, 1), 'float32'));
  return { loss, accuracy, vars: tl.getCollection<tl.Variable>(tl.GraphKeys.TRAINABLE_VARIABLES, name) };
};
const low = head('outputs_0_4');
const trainLowOp = new tl.train.AdamOptimizer(0.001).minimize(low.loss);
const high = head('outputs_5_9');
// Only the new head learns: hidden1 and hidden2 keep the weights learned on classes 0-4.
const trainHighOp = new tl.train.AdamOptimizer(0.005).minimize(high.loss, { varList: high.vars });
const reused = tl.getCollection<tl.Variable>(tl.GraphKeys.TRAINABLE_VARIABLES).filter((v) => /^hidden[12]\//.test(v.name));

const feed = (images: tl.Tensor, labels: tl.Tensor) => ({ X: images, y: labels });
const sess = new tl.Session();
sess.run(tl.globalVariablesInitializer());

function fit(data: typeof train, op: tl.Operation | tl.Tensor | null, task: ReturnType<typeof head>, test: typeof train, epochs: number, what: string) {
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let lossSum = 0, steps = 0;
    const order = shuffledStarts(data.count, batchSize);
    for (const from of order) {
      const [xb, yb] = batchOf(data, from, batchSize);
      const [, l] = sess.run([op, task.loss], feed(xb, yb)) as [unknown, tl.Tensor];
      lossSum += l.dataSync()[0]!;
      steps++;
      tl.dispose([l, xb, yb]);
    }
    console.log(`  ${what} epoch ${epoch}/${epochs}: train loss ${(lossSum / steps).toFixed(4)}, test accuracy ${percent(meanOverSplit(sess, task.accuracy, test, feed))}`);
  }
}
/** A seeded uniform [0, 1) generator (a 32-bit LCG), so every run of the example sees the same batch order. */
let lcgState = 12345;
const uniform = (): number => ((lcgState = (Math.imul(lcgState, 1664525) + 1013904223) >>> 0) / 2 ** 32);

/** Batch start offsets in a random order (the data is grouped by nothing, but this keeps epochs different). */
function shuffledStarts(count: number, n: number): number[] {
  const starts = Array.from({ length: Math.floor(count / n) }, (_, i) => i * n);
  for (let i = starts.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [starts[i], starts[j]] = [starts[j]!, starts[i]!];
  }
  return starts;
}

console.log(`pretraining on classes 0-4 (${trainLow.count} examples)`);
fit(trainLow, trainLowOp, low, testLow, epochsLow, 'classes 0-4');
const before = reused.map((v) => (sess.run(v) as tl.Tensor).dataSync().slice());
console.log(`transfer to classes 5-9 (${trainHigh.count} examples), hidden layers frozen`);
fit(trainHigh, trainHighOp, high, testHigh, epochsHigh, 'classes 5-9');
const unchanged = reused.every((v, i) => (sess.run(v) as tl.Tensor).dataSync().every((x, k) => x === before[i]![k]));
console.log(`reused layers unchanged: ${unchanged}`);
console.log(`classes 0-4 test accuracy ${percent(meanOverSplit(sess, low.accuracy, testLow, feed))}`);
console.log(`classes 5-9 test accuracy ${percent(meanOverSplit(sess, high.accuracy, testHigh, feed))}`);
