/**
 * The demo (`npm run demo`, `tensorlane demo`): multinomial logistic regression on the bundled 8x8 digits,
 * trained offline with eager ops and automatic gradients. Prints the loss per epoch and the test accuracy.
 * It lives in src/ so an installed package (dist/) can run it too.
 */
import * as tl from '../index.js';

export interface DemoOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Where lines go (default console.log). */
  log?: (line: string) => void;
}

export async function runDemo(opts: DemoOptions = {}): Promise<{ accuracy: number; seconds: number }> {
  const EPOCHS = opts.epochs ?? 30;
  const BATCH = opts.batchSize ?? 64;
  const LR = opts.learningRate ?? 0.5;
  const log = opts.log ?? ((line: string) => console.log(line));

  const start = performance.now();
  await tl.ready();
  tl.setRandomSeed(42);
  const { images, labels, numExamples } = tl.loadDigits();

  // Shuffle once (seeded) and hold out 20% for testing.
  const order = tl.tidy(() => tl.randomShuffle(tl.range(0, numExamples, 1, 'int32')).dataSync() as Int32Array);
  const numTest = Math.floor(numExamples * 0.2);
  const numTrain = numExamples - numTest;
  const pick = (idx: Int32Array) => {
    const x = new Float32Array(idx.length * 64);
    const y = new Int32Array(idx.length);
    idx.forEach((r, i) => {
      for (let j = 0; j < 64; j++) x[i * 64 + j] = images[r * 64 + j]! / 16;
      y[i] = labels[r]!;
    });
    return { x: tl.tensor(x, [idx.length, 64]), y: tl.tensor(y, [idx.length], 'int32') };
  };
  const train = pick(order.subarray(0, numTrain));
  const test = pick(order.subarray(numTrain));

  const w = new tl.Variable(tl.zeros([64, 10]), { name: 'w' });
  const b = new tl.Variable(tl.zeros([10]), { name: 'b' });
  const logits = (x: tl.Tensor) => tl.add(tl.matMul(x, w), b);
  const loss = (x: tl.Tensor, y: tl.Tensor) => tl.mean(tl.sparseSoftmaxCrossEntropyWithLogits(y, logits(x)));

  log(`tensorlane ${tl.VERSION} on backend '${tl.getBackend()}': logistic regression, ${numTrain} train / ${numTest} test digits`);
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    let total = 0;
    let batches = 0;
    for (let s = 0; s < numTrain; s += BATCH) {
      const n = Math.min(BATCH, numTrain - s);
      tl.tidy(() => {
        const xb = tl.slice(train.x, [s, 0], [n, 64]);
        const yb = tl.slice(train.y, [s], [n]);
        const { value, grads } = tl.variableGrads(() => loss(xb, yb), [w, b]);
        w.assign(tl.sub(w, tl.mul(grads.w!, LR)));
        b.assign(tl.sub(b, tl.mul(grads.b!, LR)));
        total += value.dataSync()[0] as number;
        batches++;
      });
    }
    if (epoch === 1 || epoch % 5 === 0 || epoch === EPOCHS) log(`epoch ${String(epoch).padStart(2)}  loss ${(total / batches).toFixed(4)}`);
  }

  const accuracy = tl.tidy(() => {
    const pred = tl.argMax(logits(test.x), 1);
    return tl.mean(tl.cast(tl.equal(pred, test.y), 'float32')).dataSync()[0] as number;
  });
  tl.dispose([train.x, train.y, test.x, test.y, w, b]);
  const seconds = (performance.now() - start) / 1000;
  log(`test accuracy ${(accuracy * 100).toFixed(1)}% (${seconds.toFixed(1)} s)`);
  return { accuracy, seconds };
}
