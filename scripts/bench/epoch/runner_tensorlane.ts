/**
 * Epoch benchmark, tensorlane runner (see spec.ts). Usage: tsx runner_tensorlane.ts <loop|fit> [backend].
 *   loop: the hand-written eager training loop a user writes (slice a batch, AdamOptimizer.minimize);
 *   fit:  the same model as a tl.keras Sequential trained by model.fit (shuffle off, verbose 0).
 * Threads come from TL_NUM_THREADS (the orchestrator sets 1). Prints one EpochResult JSON line.
 */
import * as tl from '../../../src/index.js';
import { BATCH, EPOCHS, LR, SIZES, WARMUP_STEPS, loadSplit, batchCount, type EpochResult } from './spec.js';

const mode = process.argv[2] === 'fit' ? 'fit' : 'loop';
const backend = process.argv[3] ?? 'native';
const result: EpochResult = { runner: `tensorlane-${backend}-${mode}`, epochSeconds: [], testAccuracy: 0 };

async function main(): Promise<void> {
  if (!(await tl.setBackend(backend))) {
    result.skipped = `backend ${backend} absent`;
    return;
  }
  const train = loadSplit('train');
  const test = loadSplit('t10k');
  const xAll = tl.tensor(train.x, [train.n, 784], 'float32');
  const yAll = tl.tensor(train.y, [train.n], 'int32');
  const xTest = tl.tensor(test.x, [test.n, 784], 'float32');
  const yTest = tl.tensor(test.y, [test.n], 'int32');
  const batches = batchCount(train.n);
  if (mode === 'fit') {
    const k = tl.keras;
    // The same start as the hand-written loop: glorot-uniform kernels from one seeded initializer, zero biases.
    const init = tl.initializers.glorotUniform(1);
    const model = k.sequential({
      layers: [
        k.layers.dense({ units: SIZES[1]!, activation: 'relu', inputShape: [SIZES[0]!], kernelInitializer: init }),
        k.layers.dense({ units: SIZES[2]!, activation: 'relu', kernelInitializer: init }),
        k.layers.dense({ units: SIZES[3]!, kernelInitializer: init }),
      ],
    });
    model.compile({ optimizer: new tl.train.AdamOptimizer({ learningRate: LR }), loss: k.losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
    const warmX = tl.slice(xAll, [0, 0], [WARMUP_STEPS * BATCH, 784]);
    const warmY = tl.slice(yAll, [0], [WARMUP_STEPS * BATCH]);
    await model.fit(warmX, warmY, { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0 });
    tl.dispose([warmX, warmY]);
    for (let e = 0; e < EPOCHS; e++) {
      const t0 = performance.now();
      await model.fit(xAll, yAll, { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0 });
      result.epochSeconds.push((performance.now() - t0) / 1000);
    }
    const logits = model.predict(xTest, { batchSize: 1000 }) as tl.Tensor;
    result.testAccuracy = accuracy(logits, yTest);
    return;
  }
  // Hand-written loop, glorot-uniform kernels and zero biases as Keras/PyTorch-style layers would start.
  const init = tl.initializers.glorotUniform(1);
  const ws = SIZES.slice(1).map((u, i) => tl.variable(init([SIZES[i]!, u], 'float32'), true, `w${i}`));
  const bs = SIZES.slice(1).map((u, i) => tl.variable(tl.zeros([u]), true, `b${i}`));
  const forward = (x: tl.Tensor): tl.Tensor => {
    let h = x;
    ws.forEach((w, i) => {
      h = tl.add(tl.matMul(h, w), bs[i]!);
      if (i + 1 < ws.length) h = tl.relu(h);
    });
    return h;
  };
  const opt = new tl.train.AdamOptimizer({ learningRate: LR });
  const step = (i: number): void => {
    const start = i * BATCH;
    const size = Math.min(BATCH, train.n - start);
    tl.tidy(() => {
      const xb = tl.slice(xAll, [start, 0], [size, 784]);
      const yb = tl.slice(yAll, [start], [size]);
      opt.minimize(() => tl.mean(tl.sparseSoftmaxCrossEntropyWithLogits(yb, forward(xb))));
    });
  };
  for (let i = 0; i < WARMUP_STEPS; i++) step(i);
  for (let e = 0; e < EPOCHS; e++) {
    const t0 = performance.now();
    for (let i = 0; i < batches; i++) step(i);
    result.epochSeconds.push((performance.now() - t0) / 1000);
  }
  result.testAccuracy = accuracy(tl.tidy(() => forward(xTest)), yTest);
}

function accuracy(logits: tl.Tensor, labels: tl.Tensor): number {
  return tl.tidy(() => tl.mean(tl.cast(tl.equal(tl.cast(tl.argMax(logits, 1), 'int32'), labels), 'float32')).dataSync()[0]!);
}

await main();
console.log(JSON.stringify(result));
