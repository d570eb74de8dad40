/**
 * Test helpers for tl.onnx.toKeras: round trips of tl.keras models through tl.onnx.export, conversions of
 * hand-built ONNX models checked against onnxruntime-node (the independent reference) and through save/load,
 * and refusals.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import * as tl from '../../src/index.js';
import { expectClose, randValues } from '../util/index.js';
import { makeModel, runOrt, type ModelSpec } from './make_model.js';

export const TOL = { atol: 1e-5, rtol: 1e-5 };
export const randT = (shape: number[], seed: number, lo = -1, hi = 1) => tl.tensor(Array.from(randValues(shape.reduce((a, b) => a * b, 1), seed, lo, hi)), shape);
export const floats = (t: tl.Tensor) => Array.from(t.dataSync() as Float32Array);
export const classes = (m: tl.keras.Model) => m.layers.map((l) => (l.constructor as unknown as { className: string }).className);
export const config = (m: tl.keras.Model, cls: string, k = 0) => m.layers.filter((l) => (l.constructor as unknown as { className: string }).className === cls)[k]!.getConfig();
export const ortOf = async (bytes: Uint8Array, x: tl.Tensor, name = 'x') => runOrt(bytes, { [name]: { type: 'float', dims: [...x.shape], values: floats(x) } });

/** Exports `model`, converts the bytes back and checks both against the original and onnxruntime. */
export async function roundTrip(model: tl.keras.Model, xs: tl.Tensor[]): Promise<tl.keras.Model> {
  const bytes = await tl.onnx.export(model, { dynamicBatch: true });
  const back = await tl.onnx.toKeras(bytes);
  const want = (await model.predict(xs.length === 1 ? xs[0]! : xs)) as tl.Tensor;
  const got = (await back.predict(xs.length === 1 ? xs[0]! : xs)) as tl.Tensor;
  expect(got.shape).toEqual(want.shape);
  expectClose(got, want, TOL);
  const feeds = Object.fromEntries(model.inputNames.map((n, i) => [n, { type: 'float' as const, dims: [...xs[i]!.shape], values: floats(xs[i]!) }]));
  const ref = await runOrt(bytes, feeds);
  expectClose(got, ref[model.outputNames[0]!]!.values, TOL);
  return back;
}

/**
 * Converts `bytes` (one input 'x', one output 'y'), checks the prediction on `x` against onnxruntime's (shape
 * and values), then saves the model and loads it back, which must predict the same. Returns the converted model.
 */
export async function convertChecked(bytes: Uint8Array, x: tl.Tensor): Promise<tl.keras.Model> {
  const model = await tl.onnx.toKeras(bytes);
  const ref = await ortOf(bytes, x);
  const got = (await model.predict(x)) as tl.Tensor;
  expect(got.shape).toEqual(ref.y!.dims);
  expectClose(got, ref.y!.values, TOL);
  const dir = mkdtempSync(join(tmpdir(), 'tl-onnx-to-keras-'));
  try {
    model.save(join(dir, 'm'));
    const loaded = await tl.keras.models.loadModel(join(dir, 'm'));
    expect(classes(loaded)).toEqual(classes(model));
    expectClose((await loaded.predict(x)) as tl.Tensor, got, { atol: 1e-6, rtol: 1e-6 });
    loaded.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return model;
}

/** A one-node (or few-node) model around x (default [N, 4, 6, 6]) with output 'y'. */
export function tiny(nodes: ModelSpec['nodes'], initializers: ModelSpec['initializers'] = [], xShape: (number | string)[] = ['N', 4, 6, 6], opset = 17): Uint8Array {
  return makeModel({ nodes, inputs: [{ name: 'x', type: 'float', shape: xShape }], outputs: [{ name: 'y', type: 'float' }], initializers, opset });
}

/** The ArgumentError toKeras refuses `bytes` with (the test fails if it converts). */
export async function refusal(bytes: Uint8Array): Promise<Error> {
  try {
    await tl.onnx.toKeras(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(tl.ArgumentError);
    return e as Error;
  }
  throw new Error('toKeras accepted the model');
}
