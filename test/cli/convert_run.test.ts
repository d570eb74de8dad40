/**
 * `tensorlane convert keras_dir model.onnx` and `tensorlane run model.onnx --input x=file.npy`, run as a user
 * runs them (child processes, async): a trained, saved keras model is converted, the ONNX file is run on a .npy
 * input, and the printed JSON and the saved .npy outputs match model.predict to 1e-4. The other direction,
 * `tensorlane convert model.onnx keras_dir`, saves a Keras model that predicts as onnxruntime-node runs the
 * file, and converts back to ONNX.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { encodeNpy, parseNpy } from '../../src/cli/npy.js';
import { expectClose, randValues } from '../util/index.js';
import { makeModel, runOrt, smallCnn } from '../onnx/make_model.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'tensorlane.js');
const tmp = mkdtempSync(join(tmpdir(), 'tl-cli-convert-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('tensorlane convert + run', () => {
  it('converts a trained, saved keras model and runs it on a .npy input, matching predict', async () => {
    tl.setRandomSeed(5);
    const d = tl.loadDigits();
    const n = 120;
    const x = tl.div(tl.tensor(d.images.slice(0, n * 64), [n, 8, 8, 1]), 16);
    const y = tl.tensor(d.labels.slice(0, n), [n], 'int32');
    const model = new tl.keras.Sequential([
      new tl.keras.layers.Conv2D(4, 3, { activation: 'relu', inputShape: [8, 8, 1] }),
      new tl.keras.layers.Flatten(),
      new tl.keras.layers.Dense(10, { activation: 'softmax' }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0 });
    const dir = join(tmp, 'saved');
    model.save(dir);
    const few = tl.slice(x, [0, 0, 0, 0], [7, 8, 8, 1]);
    const expected = (await model.predict(few)) as tl.Tensor;
    const inName = model.inputNames[0]!, outName = model.outputNames[0]!;
    const npy = join(tmp, 'x.npy');
    writeFileSync(npy, encodeNpy(few.dataSync() as Float32Array, few.shape, 'float32'));

    const onnx = join(tmp, 'model.onnx');
    const conv = await cli('convert', dir, onnx);
    expect(conv.stderr).toBe('');
    expect(conv.code).toBe(0);
    expect(conv.stdout).toMatch(/wrote .*model\.onnx \(\d+ bytes\)/);
    expect(existsSync(onnx)).toBe(true);

    const outDir = join(tmp, 'outs');
    const [printed, saved] = await Promise.all([
      cli('run', onnx, '--input', `${inName}=${npy}`),
      cli('run', onnx, '--input', `${inName}=${npy}`, '--output', outDir),
    ]);
    expect(printed.code).toBe(0);
    const json = JSON.parse(printed.stdout) as Record<string, { shape: number[]; data: number[] }>;
    expect(json[outName]!.shape).toEqual([7, 10]);
    expectClose(json[outName]!.data, expected, { atol: 1e-4, rtol: 1e-4 });
    expect(saved.code).toBe(0);
    const arr = parseNpy(readFileSync(join(outDir, `${outName}.npy`)), 'out');
    expect(arr.shape).toEqual([7, 10]);
    expectClose(Array.from(arr.data as Float32Array), expected, { atol: 1e-4, rtol: 1e-4 });
    model.dispose();
  }, 120_000);

  it('converts an .onnx model to a Keras model directory that predicts as onnxruntime, and back to ONNX', async () => {
    const onnx = join(tmp, 'cnn.onnx');
    const bytes = makeModel(smallCnn());
    writeFileSync(onnx, bytes);
    const dir = join(tmp, 'from_onnx');
    const conv = await cli('convert', onnx, dir);
    expect(conv.stderr).toBe('');
    expect(conv.code).toBe(0);
    expect(conv.stdout).toMatch(/^wrote .*from_onnx \(a Keras model: 5 layers, 151 parameters\)\n$/);
    const model = tl.keras.models.loadModel(dir);
    const values = Array.from(randValues(3 * 36, 17));
    const x = tl.tensor(values, [3, 1, 6, 6]);
    const ref = await runOrt(bytes, { x: { type: 'float', dims: [3, 1, 6, 6], values } });
    expectClose((await model.predict(x)) as tl.Tensor, ref.logits!.values, { atol: 1e-5, rtol: 1e-5 });

    const back = join(tmp, 'back.onnx');
    const again = await cli('convert', dir, back);
    expect(again.code).toBe(0);
    const ref2 = await runOrt(new Uint8Array(readFileSync(back)), { x: { type: 'float', dims: [3, 1, 6, 6], values } });
    expectClose(Object.values(ref2)[0]!.values, ref.logits!.values, { atol: 1e-5, rtol: 1e-5 });
    model.dispose();
  }, 120_000);
});
