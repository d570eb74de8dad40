/**
 * The seeds' feed-forward programs (examples/*.ts on Fashion-MNIST), each run as a user would run it, in a child
 * process with EXAMPLE_QUICK=1 (a shortened run), and judged by what it prints: accuracies a broken model cannot
 * reach, losses that fall, and PNG files that decode to the expected size. Reconstruction losses are compared with
 * a baseline computed here from the raw test images (the MSE of always answering the mean image).
 *
 * Needs /usr/share/datasets/fashion-mnist (`apt-get install dataset-fashion-mnist`; .ci/run installs it). Without
 * it the suite is skipped with a message, except under CI, where it must run.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const DATA_DIR = process.env.TL_DATA_DIR ?? '/usr/share/datasets/fashion-mnist';
const haveData = existsSync(join(DATA_DIR, 't10k-images-idx3-ubyte.gz')) || existsSync(join(DATA_DIR, 't10k-images-idx3-ubyte'));
const outDir = mkdtempSync(join(tmpdir(), 'tl-examples-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Runs examples/<name>.ts with EXAMPLE_QUICK=1 (asynchronously: a long synchronous child would stall vitest). */
async function quickRun(name: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', `examples/${name}.ts`], {
    env: { ...process.env, EXAMPLE_QUICK: '1', EXAMPLE_OUT: outDir, TL_DATA_DIR: DATA_DIR },
    timeout: 100_000,
    maxBuffer: 16 << 20,
  });
  return stdout;
}

/** The number after `label` (e.g. 'test accuracy' -> 88.91 from 'test accuracy 88.91%'), the last one printed. */
function lastNumber(out: string, label: string): number {
  const all = [...out.matchAll(new RegExp(`${label} (-?[\\d.]+(?:e-?\\d+)?)`, 'g'))];
  if (all.length === 0) throw new Error(`no '${label}' in the output:\n${out}`);
  return Number(all[all.length - 1]![1]);
}

/** Every number after `label`, in order. */
function allNumbers(out: string, label: string): number[] {
  return [...out.matchAll(new RegExp(`${label} (-?[\\d.]+)`, 'g'))].map((m) => Number(m[1]));
}

/** MSE of predicting the per-pixel mean image on the first 2000 test images: what a useless autoencoder scores. */
function meanImageMse(): number {
  const gz = join(DATA_DIR, 't10k-images-idx3-ubyte.gz');
  const raw = existsSync(gz) ? gunzipSync(readFileSync(gz)) : readFileSync(join(DATA_DIR, 't10k-images-idx3-ubyte'));
  const n = 2000, d = 784;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += raw[16 + i * d + j]! / 255 / n;
  let se = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) se += (raw[16 + i * d + j]! / 255 - mean[j]!) ** 2;
  return se / (n * d);
}

function pngSize(file: string): [number, number] {
  const png = PNG.sync.read(readFileSync(file));
  return [png.width, png.height];
}

if (!haveData && !process.env.CI) {
  describe.skip(`seed examples: no Fashion-MNIST in ${DATA_DIR} (apt-get install dataset-fashion-mnist)`, () => {
    it('skipped', () => {});
  });
} else {
  describe.sequential('seed examples on Fashion-MNIST (EXAMPLE_QUICK=1)', () => {
    const baseline = haveData ? meanImageMse() : NaN;
    const T = 120_000;

    it('the baseline is what Fashion-MNIST gives (sanity check of the helper)', () => {
      expect(baseline).toBeGreaterThan(0.05);
      expect(baseline).toBeLessThan(0.15);
    });

    it('mlp: well above chance (10%) after a few hundred steps', async () => {
      const out = await quickRun('mlp');
      expect(lastNumber(out, 'test accuracy')).toBeGreaterThanOrEqual(72);
    }, T);

    it('mlp-keras: fit and evaluate reach the same range', async () => {
      const out = await quickRun('mlp-keras');
      expect(lastNumber(out, 'test accuracy')).toBeGreaterThanOrEqual(72);
      expect(lastNumber(out, 'test loss')).toBeLessThan(0.9);
    }, T);

    it('cnn: learns in 150 steps', async () => {
      const out = await quickRun('cnn');
      expect(lastNumber(out, 'test accuracy')).toBeGreaterThanOrEqual(65);
    }, T);

    it('batch-norm-mlp: trains with UPDATE_OPS and evaluates with the moving statistics', async () => {
      const out = await quickRun('batch-norm-mlp');
      // Inference uses the moving averages: had they not been updated, accuracy would be near chance.
      expect(lastNumber(out, 'test accuracy')).toBeGreaterThanOrEqual(70);
      expect(out).toMatch(/^[1-9]\d* moving-average update ops/m);
    }, T);

    it('early-stopping: the restored model is the best one, not the last', async () => {
      const out = await quickRun('early-stopping');
      const best = /best epoch (\d+): validation loss ([\d.]+); restored model: validation loss ([\d.]+)/.exec(out)!;
      expect(best, out).not.toBeNull();
      expect(Math.abs(Number(best[2]) - Number(best[3]))).toBeLessThanOrEqual(2e-4);
      const valLosses = allNumbers(out, 'validation loss').slice(0, -3); // the per-epoch lines
      expect(Math.min(...valLosses)).toBeCloseTo(Number(best[2]), 3);
      if (/early stopping after epoch (\d+)/.test(out)) {
        const stopped = Number(/early stopping after epoch (\d+)/.exec(out)![1]);
        expect(stopped - Number(best[1])).toBe(2); // patience 2 in the quick run
      }
      expect(lastNumber(out, 'test accuracy')).toBeGreaterThanOrEqual(65);
    }, T);

    it('pca-autoencoder: reaches PCA\'s reconstruction error and writes a 300x300 plot', async () => {
      const out = await quickRun('pca-autoencoder');
      const pca = lastNumber(out, 'PCA reconstruction loss'), ae = lastNumber(out, '\\nreconstruction loss');
      expect(ae).toBeGreaterThanOrEqual(pca * 0.98 - 1e-4); // a linear map cannot beat PCA on its own data
      expect(ae).toBeLessThanOrEqual(pca * 1.15 + 1e-3);
      expect(pngSize(join(outDir, 'pca_codings.png'))).toEqual([300, 300]);
    }, T);

    it('stacked-autoencoder: reconstructs, and the frozen encoder carries a classifier', async () => {
      const out = await quickRun('stacked-autoencoder');
      expect(lastNumber(out, 'reconstruction loss')).toBeLessThan(0.5 * baseline);
      expect(out).toContain('encoder weights unchanged by the classifier\'s training: true');
      expect(lastNumber(out, 'test accuracy')).toBeGreaterThanOrEqual(60);
    }, T);

    it('denoising-autoencoder: both variants\' losses fall', async () => {
      const out = await quickRun('denoising-autoencoder');
      for (const variant of ['gaussian', 'dropout']) {
        const part = out.slice(out.indexOf(`${variant} denoising`));
        const mse = allNumbers(part, 'train MSE').slice(0, 3);
        expect(mse[2]!, variant).toBeLessThan(mse[0]!);
        expect(lastNumber(part, `${variant}: reconstruction loss`), variant).toBeLessThan(baseline);
      }
      // The dropout graph evaluates on clean inputs, so it reconstructs better than the gaussian one's noisy eval.
      expect(lastNumber(out, 'dropout: reconstruction loss')).toBeLessThan(0.6 * baseline);
    }, T);

    it('sparse-autoencoder: codings approach the 0.1 target activation', async () => {
      const out = await quickRun('sparse-autoencoder');
      const mse = allNumbers(out, 'train MSE');
      expect(mse[mse.length - 1]!).toBeLessThan(mse[0]!);
      const activation = lastNumber(out, 'mean coding activation');
      expect(activation).toBeLessThan(0.2); // unpenalized sigmoid codings average about 0.5
      expect(activation).toBeGreaterThan(0.03);
      expect(lastNumber(out, 'reconstruction loss')).toBeLessThan(baseline);
    }, T);

    it('vae: the loss falls and 60 generated images are written as a 6x10 grid', async () => {
      const out = await quickRun('vae');
      const losses = allNumbers(out, 'loss');
      expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
      // Per image: outputs stuck at 0.5 would score 784 * ln 2 = 543 in cross-entropy alone.
      expect(losses[losses.length - 1]!).toBeLessThan(784 * Math.log(2));
      expect(pngSize(join(outDir, 'vae_generated.png'))).toEqual([280, 168]);
    }, T);

    it('transfer: both tasks learn; the reused layers stay frozen', async () => {
      const out = await quickRun('transfer');
      expect(lastNumber(out, 'classes 0-4 test accuracy')).toBeGreaterThanOrEqual(70); // 5 classes: chance is 20%
      expect(lastNumber(out, 'classes 5-9 test accuracy')).toBeGreaterThanOrEqual(60);
      expect(out).toContain('reused layers unchanged: true');
    }, T);
  });
}

describe('npm run example', () => {
  it('lists the examples and exits 1 on an unknown name', async () => {
    const err = await run(process.execPath, ['--import', 'tsx', 'examples/run.ts', 'no-such-example']).catch((e: unknown) => e) as
      { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr).toContain("unknown example 'no-such-example'");
    for (const name of ['mlp', 'mlp-keras', 'cnn', 'batch-norm-mlp', 'early-stopping', 'pca-autoencoder', 'stacked-autoencoder',
      'denoising-autoencoder', 'sparse-autoencoder', 'vae', 'transfer', 'tensorboard']) {
      expect(err.stderr).toMatch(new RegExp(`^  ${name} `, 'm'));
      expect(existsSync(join('examples', `${name}.ts`))).toBe(true);
    }
  }, 60_000);
});
