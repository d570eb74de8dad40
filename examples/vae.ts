/**
 * Hands-On ML ch. 15, variational autoencoder: 784-500-500-20-500-500-784, ELU, He initialization, Adam 0.001,
 * batches of 150. The 20-D coding is mean + sigma * noise, with noise = tl.randomNormal(tl.shape(sigma)) drawn
 * afresh at every run; the loss is the summed sigmoid cross-entropy of the reconstruction plus the latent loss
 * (KL divergence to a unit Gaussian). The encoder outputs gamma = log(sigma^2), the seed's "common variant":
 * with sigma itself as the output, log(eps + sigma^2) spikes whenever a sigma crosses zero and the full run's
 * loss climbed back after epoch 8. Afterwards 60 random codings are fed straight into the coding tensor and
 * the decoded images are written as a 6x10 PNG grid.
 */
import { join } from 'node:path';
import * as tl from '../src/index.js';
import { QUICK, loadFashion, outDir } from './util/fashion.js';

tl.disableEagerExecution();
tl.setRandomSeed(42);
const mnist = loadFashion();
const [nHidden1, nHidden2, nCodings] = [500, 500, 20];
const batchSize = 150, learningRate = 0.001;
const [nEpochs, stepsPerEpoch] = QUICK ? [2, 50] : [10, Math.floor(mnist.train.numExamples / batchSize)];

const heInit = tl.initializers.varianceScaling(2.0);
const denseLayer = (inputs: tl.Tensor, units: number, name: string, activation: ((x: tl.Tensor) => tl.Tensor) | null = tl.elu) =>
  tl.layers.dense(inputs, units, { activation, kernelInitializer: heInit, name });

const X = tl.placeholder('float32', [null, 784], 'X');
const hidden1 = denseLayer(X, nHidden1, 'hidden1');
const hidden2 = denseLayer(hidden1, nHidden2, 'hidden2');
const codingsMean = denseLayer(hidden2, nCodings, 'codings_mean', null);
const codingsGamma = denseLayer(hidden2, nCodings, 'codings_gamma', null);
const codingsSigma = tl.exp(tl.mul(0.5, codingsGamma));
const noise = tl.randomNormal(tl.shape(codingsSigma));
const codings = tl.add(codingsMean, tl.mul(codingsSigma, noise));
const hidden4 = denseLayer(codings, nHidden2, 'hidden4');
const hidden5 = denseLayer(hidden4, nHidden1, 'hidden5');
const logits = denseLayer(hidden5, 784, 'logits', null);
const outputs = tl.sigmoid(logits);

const reconstructionLoss = tl.sum(tl.sigmoidCrossEntropyWithLogits(X, logits));
const latentLoss = tl.mul(0.5, tl.sum(tl.sub(tl.add(tl.exp(codingsGamma), tl.square(codingsMean)), tl.add(1, codingsGamma))));
const loss = tl.add(reconstructionLoss, latentLoss);
const trainingOp = new tl.train.AdamOptimizer(learningRate).minimize(loss);

const sess = new tl.Session();
sess.run(tl.globalVariablesInitializer());
for (let epoch = 1; epoch <= nEpochs; epoch++) {
  let total = 0, recon = 0, latent = 0;
  for (let step = 0; step < stepsPerEpoch; step++) {
    const [xb, yb] = mnist.train.nextBatch(batchSize);
    const [, l, r, k] = sess.run([trainingOp, loss, reconstructionLoss, latentLoss], { X: xb }) as [unknown, tl.Tensor, tl.Tensor, tl.Tensor];
    total += l.dataSync()[0]!; recon += r.dataSync()[0]!; latent += k.dataSync()[0]!;
    tl.dispose([l, r, k, xb, yb]);
  }
  const per = (v: number) => (v / stepsPerEpoch / batchSize).toFixed(2); // per image
  console.log(`epoch ${epoch}/${nEpochs}: loss ${per(total)} per image (reconstruction ${per(recon)}, latent ${per(latent)})`);
}

// Generate: feed random codings in place of the encoder's output.
const nDigits = 60;
const randomCodings = sess.run(tl.randomNormal([nDigits, nCodings])) as tl.Tensor; // a graph op: run it for values
const generated = sess.run(outputs, new Map([[codings, randomCodings]])) as tl.Tensor;
const grid = tl.io.imageGrid(tl.reshape(generated, [nDigits, 28, 28]), { rows: 6, cols: 10, padding: 0 });
const file = join(outDir(), 'vae_generated.png');
tl.io.writePng(file, grid);
console.log(`wrote ${file} (${grid.shape[1]}x${grid.shape[0]}, ${nDigits} generated images)`);
