/**
 * cs20si: Y = wX + b fitted one sample at a time with a Huber loss built from tl.where, in a Session.
 * The data is synthetic (the lecture's fire/theft table is not bundled).
 */
import * as tl from '../src/index.js';

tl.setRandomSeed(1);
// The data is drawn eagerly (numpy's job in the lecture): in graph mode random ops are graph nodes.
const n = 40;
const xs = tl.randomUniform([n], 0, 10).dataSync();
const noise = tl.randomNormal([n], 0, 0.5).dataSync();
const ys = Array.from(xs, (x, i) => 1.5 * x + 4 + noise[i]!);
tl.disableEagerExecution();

const X = tl.placeholder('float32', [], 'input');
const Y = tl.placeholder('float32', [], 'label');
const w = tl.getVariable('weight', { shape: [], initializer: tl.initializers.truncatedNormal() });
const b = tl.getVariable('bias', { shape: [], initializer: tl.initializers.zeros() });
const yPredicted = tl.add(tl.mul(w, X), b);

function huberLoss(labels: tl.Tensor, predictions: tl.Tensor, delta = 1.0): tl.Tensor {
  const residual = tl.abs(tl.sub(predictions, labels));
  const condition = tl.less(residual, delta);
  const smallRes = tl.mul(0.5, tl.square(residual));
  const largeRes = tl.sub(tl.mul(delta, residual), 0.5 * delta ** 2);
  return tl.where(condition, smallRes, largeRes);
}
const loss = huberLoss(Y, yPredicted);
const optimizer = new tl.train.GradientDescentOptimizer(0.01).minimize(loss);

const sess = new tl.Session();
sess.run(tl.globalVariablesInitializer());
for (let epoch = 0; epoch < 100; epoch++) {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const [, l] = sess.run([optimizer, loss], { input: xs[i]!, label: ys[i]! }) as [null, tl.Tensor];
    total += l.dataSync()[0]!;
    l.dispose();
  }
  if (epoch % 20 === 0 || epoch === 99) console.log(`Epoch ${epoch}: ${(total / n).toFixed(4)}`);
}
const [wv, bv] = sess.run([w, b]) as tl.Tensor[];
console.log(`w = ${wv!.dataSync()[0]!.toFixed(3)}, b = ${bv!.dataSync()[0]!.toFixed(3)} (data made with w = 1.5, b = 4)`);
