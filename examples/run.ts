/**
 * `npm run example -- <name>`: runs examples/<name>.ts (the seeds' feed-forward programs on Fashion-MNIST).
 * A name not in the list prints the list and exits with code 1.
 */
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** name -> one line on what it does (also the help text). */
export const EXAMPLES: Record<string, string> = {
  'mlp': '784-300-100-10 ReLU network, graph mode, tl.layers.dense, mini-batch Adam',
  'mlp-keras': 'the same network with tl.keras.Sequential, compile, fit (validationSplit), evaluate',
  'cnn': 'conv(32)-pool-conv(64)-pool-fc1024-dropout-fc10 convolutional network',
  'batch-norm-mlp': 'MLP with tl.layers.batchNormalization, a training placeholder and UPDATE_OPS',
  'early-stopping': 'validation check every epoch, Saver keeps the best model, restores it at the end',
  'pca-autoencoder': 'linear 3-D -> 2-D autoencoder (PCA) on generated data, writes the codings as a PNG plot',
  'stacked-autoencoder': '784-300-150-300-784 tied weights, one layer at a time, then a frozen-encoder classifier',
  'denoising-autoencoder': 'Gaussian-noise and dropout denoising autoencoders',
  'sparse-autoencoder': 'sigmoid codings with a KL-divergence sparsity loss',
  'vae': 'variational autoencoder, latent loss + sigmoid cross-entropy, writes a PNG grid of generated images',
  'transfer': 'MLP trained on classes 0-4, its frozen lower layers reused under a new head for classes 5-9',
  'tensorboard': 'name-scoped network writing loss/accuracy scalars, weight histograms, images and the graph for TensorBoard',
};

const name = process.argv[2];
if (name === undefined || !Object.hasOwn(EXAMPLES, name)) {
  const out = name === undefined ? console.log : console.error;
  if (name !== undefined) out(`unknown example '${name}'`);
  out('usage: npm run example -- <name>   (EXAMPLE_QUICK=1 for a short run, EXAMPLE_OUT=dir for images and logs)\n');
  const width = Math.max(...Object.keys(EXAMPLES).map((n) => n.length));
  for (const [n, what] of Object.entries(EXAMPLES)) out(`  ${n.padEnd(width)}  ${what}`);
  process.exit(1);
}
const here = dirname(fileURLToPath(import.meta.url));
await import(pathToFileURL(join(here, `${name}.ts`)).href);
