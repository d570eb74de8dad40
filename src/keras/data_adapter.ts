/**
 * fit/evaluate/predict inputs: arrays of samples (tensors, nested arrays, typed arrays; one per model input /
 * output, or a {name: value} record) or an async iterable of [x, y] / [x, y, sampleWeight] batches (tl.data
 * datasets or any async generator). Checks that every array has the same number of samples, splits off the
 * validation fraction (the LAST samples, as Keras, before shuffling) and cuts batches.
 */
import { ENGINE } from '../core/engine.js';
import { ArgumentError, ShapeError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import * as raw from '../ops/index.js';
import type { Model } from './model.js';

export type TensorInput = TensorLike | TensorLike[] | Record<string, TensorLike>;

/** A batch for one step: model inputs, targets (one per output), per-sample weights or null. */
export interface Batch {
  xs: Tensor[];
  ys: Tensor[];
  sw: Tensor | null;
}

export type BatchSource = AsyncIterable<unknown> | Iterable<unknown>;

export function isBatchSource(v: unknown): v is BatchSource {
  if (v === null || typeof v !== 'object' || v instanceof Tensor || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  return typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' || typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/**
 * One tensor per name. A single-name model takes the value itself; several names take an array in order or a
 * record by name. Tensors made here from plain data are added to `owned` (the caller disposes them).
 */
export function toTensors(op: string, arg: string, value: unknown, names: string[], owned: Tensor[]): Tensor[] {
  if (value === undefined || value === null) throw new ArgumentError(`${op}: '${arg}' is required`);
  const one = (v: unknown, what: string): Tensor => {
    if (v instanceof Tensor) {
      v.throwIfDisposed(op);
      if (v.isSymbolic) throw new ArgumentError(`${op}: '${what}' is a symbolic (graph) tensor; pass concrete data`);
      return v;
    }
    if (v === undefined || v === null) throw new ArgumentError(`${op}: '${what}' is missing`);
    const t = convertToTensor(v as TensorLike, what, op);
    owned.push(t);
    return t;
  };
  if (names.length === 1) {
    if (Array.isArray(value) && value.length === 1 && value[0] instanceof Tensor) return [one(value[0], arg)];
    if (isRecord(value)) return [one(value[names[0]!], `${arg}.${names[0]}`)];
    return [one(value, arg)];
  }
  if (Array.isArray(value)) {
    if (value.length !== names.length) throw new ArgumentError(`${op}: '${arg}' has ${value.length} arrays; the model has ${names.length} (${names.join(', ')})`);
    return value.map((v, i) => one(v, `${arg}[${i}]`));
  }
  if (isRecord(value)) {
    const extra = Object.keys(value).filter((k) => !names.includes(k));
    if (extra.length) throw new ArgumentError(`${op}: '${arg}' has unknown key(s) ${extra.join(', ')}; the model's are ${names.join(', ')}`);
    return names.map((n) => one(value[n], `${arg}.${n}`));
  }
  throw new ArgumentError(`${op}: '${arg}' must be an array of ${names.length} arrays or a record keyed by ${names.join(', ')}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !(v instanceof Tensor) && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** The common number of samples (first dimension) of every array; a ShapeError names the one that differs. */
export function sampleCount(op: string, groups: [string, Tensor[]][]): number {
  let n: number | null = null;
  let first = '';
  for (const [arg, ts] of groups) {
    ts.forEach((t, i) => {
      const what = ts.length > 1 ? `${arg}[${i}]` : arg;
      if (t.rank === 0) throw new ShapeError(`${op}: '${what}' is a scalar; expected a first (sample) dimension`);
      if (n === null) {
        n = t.shape[0]!;
        first = what;
      } else if (t.shape[0] !== n) {
        throw new ShapeError(`${op}: '${what}' has ${t.shape[0]} samples (shape ${fmtShape(t.shape)}) but '${first}' has ${n}`);
      }
    });
  }
  if (n === null || n === 0) throw new ArgumentError(`${op}: no samples to train on`);
  return n;
}

/** Rows [start, start + size) of every tensor. */
export function sliceRows(ts: Tensor[], start: number, size: number): Tensor[] {
  return ts.map((t) => (start === 0 && size === t.shape[0] ? t : raw.slice(t, [start, ...t.shape.slice(1).map(() => 0)], [size, ...t.shape.slice(1)])));
}

/** Rows at `indices` of every tensor. */
export function gatherRows(ts: Tensor[], indices: Tensor): Tensor[] {
  return ts.map((t) => raw.gather(t, indices, 0));
}

/**
 * Per-sample weights combining `sampleWeight` ([n]) and `classWeight` ({class: weight}; the class of a sample
 * is argMax of a one-hot row, else its integer label), or null when neither is given.
 */
export function sampleWeights(op: string, n: number, ys: Tensor[], sampleWeight: unknown, classWeight: unknown, owned: Tensor[]): Tensor | null {
  let sw: Tensor | null = null;
  if (sampleWeight !== undefined && sampleWeight !== null) {
    sw = sampleWeight instanceof Tensor ? sampleWeight : convertToTensor(sampleWeight as TensorLike, 'sampleWeight', op, 'float32');
    if (!(sampleWeight instanceof Tensor)) owned.push(sw);
    if (sw.rank !== 1 || sw.shape[0] !== n) throw new ShapeError(`${op}: 'sampleWeight' must have shape [${n}] (one weight per sample), got ${fmtShape(sw.shape)}`);
  }
  if (classWeight === undefined || classWeight === null) return sw;
  if (typeof classWeight !== 'object' || Array.isArray(classWeight)) throw new ArgumentError(`${op}: 'classWeight' must be a {class: weight} object`);
  if (ys.length !== 1) throw new ArgumentError(`${op}: 'classWeight' is for single-output models; use 'sampleWeight' with several outputs`);
  const table = new Map<number, number>();
  for (const [k, w] of Object.entries(classWeight as Record<string, unknown>)) {
    if (!/^\d+$/.test(k) || typeof w !== 'number' || !Number.isFinite(w)) throw new ArgumentError(`${op}: 'classWeight' entry ${k}: ${String(w)} must map a class index to a finite number`);
    table.set(Number(k), w);
  }
  const y = ys[0]!;
  const classes = ENGINE.tidy(() => (y.rank >= 2 && y.shape[y.rank - 1]! > 1 ? raw.argMax(y, -1) : raw.reshape(y, [n]))).dataSync();
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = table.get(Math.round(Number(classes[i]))) ?? 1;
  const cw = ENGINE.makeTensor(w, [n], 'float32');
  const out = sw ? raw.mul(sw, cw) : cw;
  if (sw) cw.dispose();
  owned.push(out);
  return out;
}

/** Splits off the last `fraction` of the samples (Keras' validationSplit), before any shuffling. */
export function splitLast(op: string, n: number, fraction: number): number {
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) throw new ArgumentError(`${op}: 'validationSplit' must be in (0, 1), got ${String(fraction)}`);
  const at = Math.floor(n * (1 - fraction));
  if (at === 0 || at === n) throw new ArgumentError(`${op}: 'validationSplit' ${fraction} of ${n} samples leaves an empty ${at === 0 ? 'training' : 'validation'} set`);
  return at;
}

/** A Fisher-Yates permutation of 0..n-1 from the engine's generator (tl.setRandomSeed makes it reproducible). */
export function permutation(n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = ENGINE.rng.int(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** Normalizes one element of a batch source: [x, y], [x, y, sw], or {xs, ys, sampleWeight?}. */
export function sourceElement(op: string, el: unknown, inputNames: string[], outputNames: string[], owned: Tensor[], needY: boolean): Batch {
  let x: unknown;
  let y: unknown;
  let w: unknown;
  if (Array.isArray(el) && (el.length === 2 || el.length === 3)) [x, y, w] = el;
  else if (isRecord(el) && 'xs' in el) ({ xs: x, ys: y, sampleWeight: w } = el as { xs: unknown; ys: unknown; sampleWeight?: unknown });
  else if (!needY) x = el;
  else throw new ArgumentError(`${op}: each dataset element must be [x, y], [x, y, sampleWeight] or {xs, ys}`);
  const xs = toTensors(op, 'x', x, inputNames, owned);
  const ys = needY ? toTensors(op, 'y', y, outputNames, owned) : [];
  const n = sampleCount(op, [['x', xs], ['y', ys]]);
  let sw: Tensor | null = null;
  if (w !== undefined && w !== null) sw = sampleWeights(op, n, ys, w, undefined, owned);
  return { xs, ys, sw };
}

/** Iterates a sync or async source. */
export async function* iterate(src: BatchSource): AsyncGenerator<unknown> {
  if (typeof (src as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    for await (const el of src as AsyncIterable<unknown>) yield el;
  } else {
    for (const el of src as Iterable<unknown>) yield el;
  }
}

// ---- array data: batches for fit / evaluate / predict ---------------------------------------------------

export interface ArrayData {
  xs: Tensor[];
  ys: Tensor[];
  sw: Tensor | null;
  n: number;
}

/** Batches of array data: in order, or in a fresh permutation. */
/** One batch's rows: [start, start + size), or the permutation's entries there when shuffling. */
export interface BatchRows {
  start: number;
  size: number;
  perm: Int32Array | null;
}

/** The batches of an epoch over n samples: in order, or in a fresh permutation. */
export function* batchRows(n: number, batchSize: number, shuffle: boolean, maxSteps: number | null): Generator<BatchRows> {
  const perm = shuffle ? permutation(n) : null;
  const steps = Math.min(Math.ceil(n / batchSize), maxSteps ?? Infinity);
  for (let s = 0; s < steps; s++) {
    const start = s * batchSize;
    yield { start, size: Math.min(batchSize, n - start), perm };
  }
}

/** The tensors of one batch (slices, or gathers when shuffled; whole arrays are returned as they are). */
export function batchAt(d: ArrayData, r: BatchRows): Batch {
  const arrays = [...d.xs, ...d.ys, ...(d.sw ? [d.sw] : [])];
  let all: Tensor[];
  if (r.perm) {
    const idx = ENGINE.makeTensor(r.perm.slice(r.start, r.start + r.size), [r.size], 'int32');
    all = gatherRows(arrays, idx);
    idx.dispose();
  } else {
    all = sliceRows(arrays, r.start, r.size);
  }
  return { xs: all.slice(0, d.xs.length), ys: all.slice(d.xs.length, d.xs.length + d.ys.length), sw: d.sw ? all[all.length - 1]! : null };
}

/** Batches of array data (the caller disposes each with disposeBatch). */
export function* arrayBatches(d: ArrayData, batchSize: number, shuffle: boolean, maxSteps: number | null): Generator<Batch> {
  for (const r of batchRows(d.n, batchSize, shuffle, maxSteps)) yield batchAt(d, r);
}

export function disposeBatch(b: Batch, keep: Set<Tensor>): void {
  for (const t of [...b.xs, ...b.ys, ...(b.sw ? [b.sw] : [])]) if (!keep.has(t)) t.dispose();
}

export function checkBatchSize(op: string, v: unknown, def = 32): number {
  const b = v ?? def;
  if (!Number.isInteger(b) || (b as number) <= 0) throw new ArgumentError(`${op}: 'batchSize' must be a positive integer, got ${String(v)}`);
  return b as number;
}

/** Ensures a Sequential without an input shape is built (from the first input's shape). */
export function ensureBuilt(model: Model, xs: Tensor[]): void {
  if (model.inputs.length === 0) model.build(xs.map((x) => [null, ...x.shape.slice(1)]).length === 1 ? [null, ...xs[0]!.shape.slice(1)] : xs.map((x) => [null, ...x.shape.slice(1)]));
}

export function arrayData(model: Model, op: string, x: unknown, y: unknown, sampleWeight: unknown, classWeight: unknown, owned: Tensor[], needY = true): ArrayData {
  const names = model.inputs.length > 0 ? model.inputNames : ['input'];
  const xs = toTensors(op, 'x', x, names, owned);
  ensureBuilt(model, xs);
  const ys = needY ? toTensors(op, 'y', y, model.outputNames, owned) : [];
  const n = sampleCount(op, [['x', xs], ['y', ys]]);
  const sw = needY ? sampleWeights(op, n, ys, sampleWeight, classWeight, owned) : null;
  return { xs, ys, sw, n };
}

/** Rows [from, to) of the data (views made by slice; the caller disposes them unless they are the originals). */
export function rowsOf(d: ArrayData, from: number, to: number, owned: Tensor[]): ArrayData {
  const all = sliceRows([...d.xs, ...d.ys, ...(d.sw ? [d.sw] : [])], from, to - from);
  owned.push(...all);
  return { xs: all.slice(0, d.xs.length), ys: all.slice(d.xs.length, d.xs.length + d.ys.length), sw: d.sw ? all[all.length - 1]! : null, n: to - from };
}
