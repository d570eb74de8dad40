/**
 * Test helper for tl.onnx.export's op handlers: builds a graph, runs it in a Session (the expected values),
 * exports it, runs the model on onnxruntime-node (the independent reference) and compares every output (float
 * outputs to 1e-5, int and bool outputs exactly, shapes and element types too), then imports it back with
 * tl.onnx.load and compares again. Re-import is skipped only where the test names an operator the importer
 * lacks, and the helper checks that such an operator really is in the model.
 */
import { expect } from 'vitest';
import * as ort from 'onnxruntime-node';
import * as tl from '../../src/index.js';
import { modelType } from '../../src/onnx/proto.js';
import { expectClose, randValues } from '../util/index.js';

export const randT = (shape: number[], seed: number, scale = 1, dtype: 'float32' | 'float64' = 'float32') =>
  tl.tensor(Array.from(randValues(shape.reduce((a, b) => a * b, 1), seed), (v) => v * scale), shape, dtype);

export interface ExportCase {
  /** Builds the graph (called inside graph.asDefault): its placeholders and the outputs to export, by name. */
  build: () => { inputs: Record<string, tl.Tensor>; outputs: Record<string, tl.Tensor> };
  /** A value per input name. */
  feeds: Record<string, tl.Tensor>;
  opset?: number;
  dynamicBatch?: boolean;
  /** An operator the importer lacks that the model uses: re-import is skipped (and the operator must be there). */
  notImportable?: string;
  atol?: number;
  rtol?: number;
}

const ORT_TYPE: Record<string, string> = { float32: 'float32', float64: 'float64', int32: 'int32', int64: 'int64', bool: 'bool' };

function ortTensor(t: tl.Tensor): ort.Tensor {
  const d = t.dataSync();
  const data = t.dtype === 'bool' ? Uint8Array.from(d as Uint8Array) : d;
  return new ort.Tensor(ORT_TYPE[t.dtype] as 'float32', data as Float32Array, [...t.shape]);
}

function compare(what: string, actual: ArrayLike<number>, dims: readonly number[], expected: tl.Tensor, c: ExportCase): void {
  expect([...dims], `${what}: shape`).toEqual([...expected.shape]);
  const want = Array.from(expected.dataSync() as ArrayLike<number | bigint | boolean>, Number);
  const got = Array.from(actual, Number);
  if (expected.dtype === 'float32' || expected.dtype === 'float64') expectClose(got, want, { atol: c.atol ?? 1e-5, rtol: c.rtol ?? 1e-5 });
  else expect(got, `${what}: values`).toEqual(want);
}

/** The ONNX operator types of a model, in node order. */
export function opTypes(bytes: Uint8Array): string[] {
  const m = modelType().decode(bytes) as unknown as { graph: { node: { op_type: string }[] } };
  return m.graph.node.map((n) => n.op_type);
}

/** Runs the case; returns the model bytes and its operator types (for checks on what was written). */
export async function checkExport(c: ExportCase): Promise<{ bytes: Uint8Array; ops: string[] }> {
  const g = new tl.Graph();
  const { inputs, outputs } = g.asDefault(c.build);
  const sess = new tl.Session({ graph: g });
  const feedMap = new Map(Object.entries(inputs).map(([n, p]) => [p, c.feeds[n]!] as [tl.Tensor, tl.Tensor]));
  const expected: Record<string, tl.Tensor> = {};
  for (const [n, t] of Object.entries(outputs)) {
    expected[n] = sess.run(t, feedMap) as tl.Tensor;
    expect(t.dtype, `${n}: dtype`).toBe(expected[n]!.dtype);
  }
  const bytes = await tl.onnx.export(g, { inputs, outputs, session: sess, opset: c.opset, dynamicBatch: c.dynamicBatch });
  const ops = opTypes(bytes);

  const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const res = await s.run(Object.fromEntries(Object.entries(c.feeds).map(([n, t]) => [n, ortTensor(t)])));
    for (const [n, want] of Object.entries(expected)) {
      const got = res[n]!;
      expect(got.type, `${n}: onnxruntime element type`).toBe(ORT_TYPE[want.dtype]);
      compare(`${n} (onnxruntime)`, got.data as ArrayLike<number>, got.dims, want, c);
    }
  } finally {
    await s.release();
  }

  const supported = new Set(tl.onnx.supportedOps());
  const missing = [...new Set(ops.filter((o) => !supported.has(o)))];
  if (c.notImportable !== undefined) {
    expect(missing, 'operators the importer lacks').toContain(c.notImportable);
    return { bytes, ops };
  }
  expect(missing, 'operators the importer lacks (name one in notImportable to skip re-import)').toEqual([]);
  const back = await tl.onnx.load(bytes);
  const got = back.run(c.feeds);
  for (const [n, want] of Object.entries(expected)) compare(`${n} (re-imported)`, got[n]!.dataSync() as ArrayLike<number>, got[n]!.shape, want, c);
  return { bytes, ops };
}

/** The error an export of `build`'s outputs gives (the build itself must succeed). */
export async function exportError(build: () => { inputs: Record<string, tl.Tensor>; outputs: Record<string, tl.Tensor> }, opset?: number): Promise<Error> {
  const g = new tl.Graph();
  const { inputs, outputs } = g.asDefault(build);
  try {
    await tl.onnx.export(g, { inputs, outputs, opset, session: new tl.Session({ graph: g }) });
  } catch (e) {
    return e as Error;
  }
  throw new Error('export succeeded');
}
