/**
 * paddedBatch and unbatch, the batching stages for variable-length data (sequences). paddedBatch pads every
 * tensor component of a batch to a common shape (the longest in the batch per dim, or a fixed size from
 * paddedShapes) with a per-component padding value, then stacks; unbatch splits each component along its first
 * dim into elements.
 */
import { allocArray, type DType, type TypedArray } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import {
  buildFromSpec, describeSpec, disposeElement, isPlainObject, leavesOf, mapSpec, specOf, StringSpec, TensorSpec, type Element,
  type ElementSpec,
} from './element.js';
import { END, type StageBody } from './pipeline.js';
import { rowTensor } from './sources.js';
import { batchStage } from './transforms.js';

const PULL0 = { pull: 0 } as const;
const PB = 'Dataset.paddedBatch';

export interface PaddedBatchOptions {
  /** Per component, the shape to pad to: a structure like the elements, -1 or null for the longest in the batch. */
  paddedShapes?: unknown;
  /** Per component, the padding value (default 0, false for bool): one scalar for all or a structure of them. */
  paddingValues?: unknown;
  dropRemainder?: boolean;
}

/** How one tensor component is padded: the shape (-1: the batch's longest) and the fill; null for a string. */
export interface PadPlan {
  shape: number[] | null;
  value: number | bigint | null;
}

/** Walks a user structure along an element spec, calling `leaf` with each component's spec and entry. */
function alongSpec(spec: ElementSpec, x: unknown, arg: string, path: string, leaf: (s: TensorSpec | StringSpec, v: unknown, path: string) => void, broadcast: (v: unknown) => boolean): void {
  if (spec instanceof TensorSpec || spec instanceof StringSpec) return leaf(spec, x, path);
  if (broadcast(x)) {
    // One value for every component below.
    const each = (s: ElementSpec, p: string): void => {
      if (s instanceof TensorSpec || s instanceof StringSpec) leaf(s, x, p);
      else if (Array.isArray(s)) s.forEach((c, i) => each(c, `${p}[${i}]`));
      else for (const [k, c] of Object.entries(s)) each(c, `${p}.${k}`);
    };
    return each(spec, path);
  }
  const mismatch = () => new ArgumentError(`${PB}: '${arg}' does not match the element structure ${describeSpec(spec)}${path ? ` at ${path}` : ''}`);
  if (Array.isArray(spec)) {
    if (!Array.isArray(x) || x.length !== spec.length) throw mismatch();
    spec.forEach((s, i) => alongSpec(s, x[i], arg, `${path}[${i}]`, leaf, broadcast));
    return;
  }
  if (!isPlainObject(x)) throw mismatch();
  const keys = Object.keys(spec);
  if (Object.keys(x).length !== keys.length || keys.some((k) => !(k in x))) throw mismatch();
  for (const k of keys) alongSpec(spec[k]!, x[k], arg, `${path}.${k}`, leaf, broadcast);
}

const isScalarValue = (v: unknown) => typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v instanceof Tensor;

/** A padding value as stored in a typed array of `dtype` (bool 0/1, int64 bigint); a typed error otherwise. */
function padValue(v: unknown, s: TensorSpec, path: string): number | bigint {
  const where = `${PB}: 'paddingValues'${path ? ` at ${path}` : ''}`;
  if (v instanceof Tensor) {
    v.throwIfDisposed(PB);
    if (v.isSymbolic) throw new ArgumentError(`${where}: a graph tensor cannot be a padding value; give its value`);
    if (v.rank !== 0) throw new ShapeError(`${where} must be a scalar, got shape ${fmtShape(v.shape)}`);
    if (v.dtype !== s.dtype) throw new DTypeError(`${where} is ${v.dtype}, the component is ${s}`);
    const x = v.dataSync()[0]!;
    return s.dtype === 'bool' ? (x ? 1 : 0) : x;
  }
  const bad = () => new DTypeError(`${where}: ${typeof v === 'bigint' ? `${v}n` : JSON.stringify(v)} cannot pad the component ${s}`);
  if (s.dtype === 'bool') {
    if (typeof v !== 'boolean') throw bad();
    return v ? 1 : 0;
  }
  if (typeof v === 'bigint') {
    if (s.dtype !== 'int64') throw bad();
    return v;
  }
  if (typeof v !== 'number' || (isInt(s.dtype) && !Number.isInteger(v))) throw bad();
  return s.dtype === 'int64' ? BigInt(v) : v;
}

const isInt = (d: DType) => d === 'int32' || d === 'int64';

/**
 * The padding of each component, in leaf order, from paddedShapes / paddingValues checked against the input
 * spec as TF checks them when the dataset is made: same structure, a shape of the component's rank, and no
 * fixed size below the component's static size.
 */
export function planPadding(spec: ElementSpec, paddedShapes: unknown, paddingValues: unknown): PadPlan[] {
  const plan: PadPlan[] = [];
  const shapes: (number[] | null)[] = [];
  const values: (number | bigint | null)[] = [];
  if (paddedShapes === undefined) alongSpec(spec, undefined, 'paddedShapes', '', () => shapes.push(null), () => true);
  else {
    alongSpec(spec, paddedShapes, 'paddedShapes', '', (s, v, path) => {
      const at = path ? ` at ${path}` : '';
      if (s instanceof StringSpec) {
        if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) throw new ArgumentError(`${PB}: 'paddedShapes'${at} is a string component (a scalar): give [] or null`);
        shapes.push(null);
        return;
      }
      if (!Array.isArray(v) || !v.every((d) => d === null || d === -1 || (Number.isInteger(d) && d >= 0))) {
        throw new ArgumentError(`${PB}: 'paddedShapes'${at} must be a shape (an array of sizes, -1 or null for the longest in the batch), got ${JSON.stringify(v)}`);
      }
      const shape = v.map((d) => (d === null ? -1 : (d as number)));
      if (shape.length !== s.shape.length) throw new ShapeError(`${PB}: 'paddedShapes'${at} ${fmtShape(shape)} has rank ${shape.length}, the component ${s} has rank ${s.shape.length}`);
      shape.forEach((d, k) => {
        if (d >= 0 && s.shape[k]! >= 0 && d < s.shape[k]!) throw new ShapeError(`${PB}: 'paddedShapes'${at} ${fmtShape(shape)} is smaller than the component ${s} in dim ${k}`);
      });
      shapes.push(shape);
    }, () => false);
  }
  if (paddingValues === undefined) alongSpec(spec, undefined, 'paddingValues', '', () => values.push(null), () => true);
  else {
    alongSpec(spec, paddingValues, 'paddingValues', '', (s, v, path) => {
      if (s instanceof StringSpec) {
        if (v !== undefined && v !== null && v !== '') throw new ArgumentError(`${PB}: 'paddingValues'${path ? ` at ${path}` : ''} is a string component (a scalar, never padded): give '' or null`);
        values.push(null);
      } else values.push(v === undefined || v === null ? null : padValue(v, s, path));
    }, isScalarValue);
  }
  shapes.forEach((shape, i) => plan.push({ shape, value: values[i]! }));
  return plan;
}

/** The spec of paddedBatch: a leading batch dim, fixed padded sizes, and the input's static sizes elsewhere. */
export function paddedBatchSpec(spec: ElementSpec, n: number, drop: boolean, plan: PadPlan[] | null): ElementSpec {
  // The plan has an entry per component, strings included (mapSpec visits tensors only).
  let k = 0;
  const rec = (s: ElementSpec): ElementSpec => {
    if (s instanceof StringSpec) {
      k++;
      return s;
    }
    if (s instanceof TensorSpec) {
      const shape = plan?.[k]?.shape;
      k++;
      return new TensorSpec([drop ? n : -1, ...s.shape.map((d, i) => (shape && shape[i]! >= 0 ? shape[i]! : d))], s.dtype);
    }
    if (Array.isArray(s)) return s.map(rec);
    return Object.fromEntries(Object.entries(s).map(([key, v]) => [key, rec(v)]));
  };
  return rec(spec);
}

/** Copies a row-major block of shape `src` into `dst` (row-major, shape `dstShape`, every dim >= src's) at `offset`. */
function copyPadded(src: TypedArray, srcShape: number[], dst: TypedArray, dstShape: number[], offset: number): void {
  const rank = srcShape.length;
  if (rank === 0) {
    (dst as Float32Array)[offset] = (src as Float32Array)[0]!;
    return;
  }
  const strides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1]! * dstShape[d + 1]!;
  const inner = srcShape[rank - 1]!;
  const rows = srcShape.slice(0, -1).reduce((a, b) => a * b, 1);
  const idx = new Array<number>(rank - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    let at = offset;
    for (let d = 0; d < rank - 1; d++) at += idx[d]! * strides[d]!;
    (dst as Float32Array).set((src as Float32Array).subarray(r * inner, (r + 1) * inner), at);
    for (let d = rank - 2; d >= 0; d--) {
      if (++idx[d]! < srcShape[d]!) break;
      idx[d] = 0;
    }
  }
}

/** Pads one tensor component of every element of a batch and stacks them (a held tensor). */
function padComponent(parts: Tensor[], pad: PadPlan | null, k: number): Tensor {
  const first = parts[0]!;
  const rank = first.rank;
  if (pad?.shape && pad.shape.length !== rank) {
    throw new ShapeError(`${PB}: component ${k} has shape ${fmtShape(first.shape)}, but its paddedShapes entry ${fmtShape(pad.shape)} has rank ${pad.shape.length}`);
  }
  const target = first.shape.map((_, d) => {
    const fixed = pad?.shape?.[d] ?? -1;
    return fixed >= 0 ? fixed : Math.max(...parts.map((p) => p.shape[d]!));
  });
  parts.forEach((p, i) => {
    const d = p.shape.findIndex((size, j) => size > target[j]!);
    if (d >= 0) {
      throw new ShapeError(`${PB}: component ${k} of element ${i} has shape ${fmtShape(p.shape)}, larger than its paddedShapes entry ${fmtShape(pad!.shape!)} in dim ${d}`);
    }
  });
  const size = target.reduce((a, b) => a * b, 1);
  const out = allocArray(first.dtype, size * parts.length);
  if (pad?.value) out.fill(pad.value as never);
  parts.forEach((p, i) => copyPadded(p.dataSync<TypedArray>(), p.shape, out, target, i * size));
  const t = ENGINE.makeTensor(out, [parts.length, ...target], first.dtype);
  t.kept = true;
  return t;
}

/**
 * Stacks elements of one structure, dtypes and ranks, padding each tensor component to the batch's shape;
 * strings become a string[]. The parts stay the caller's (the stage frees them, also when this throws).
 */
export function stackPadded(els: Element[], plan: PadPlan[] | null): Element {
  const spec = specOf(els[0]!, true);
  const cols = els.map((e, i) => {
    const s = specOf(e, true);
    if (describeSpec(s) !== describeSpec(spec)) {
      throw new ShapeError(`${PB}: elements differ in structure, dtype or rank: element ${i} is ${describeSpec(specOf(e))}, element 0 is ${describeSpec(specOf(els[0]!))}`);
    }
    return leavesOf(e);
  });
  const first = cols[0]!;
  if (plan && plan.length !== first.length) throw new ArgumentError(`${PB}: the element ${describeSpec(specOf(els[0]!))} does not have the dataset's structure`);
  const made: Tensor[] = [];
  try {
    const stacked = first.map((leaf, k) => {
      if (typeof leaf === 'string') return cols.map((c) => c[k] as string) as Element;
      const t = padComponent(cols.map((c) => c[k] as Tensor), plan?.[k] ?? null, k);
      made.push(t);
      return t;
    });
    return buildFromSpec(spec, stacked as (Tensor | string)[]);
  } catch (e) {
    for (const t of made) ENGINE.disposeTensor(t);
    throw e;
  }
}

/** The batch of the buffered elements; they are freed once it is made (and by the stage's finally if it throws). */
function takeBatch(buf: Element[], plan: PadPlan[] | null): Element {
  const out = stackPadded(buf, plan);
  for (const el of buf.splice(0)) disposeElement(el);
  return out;
}

export function paddedBatchStage(n: number, dropRemainder: boolean, plan: PadPlan[] | null): StageBody {
  return batchStage(n, dropRemainder, (buf) => takeBatch(buf, plan));
}

/** The spec of unbatch: every component loses its first dim (a scalar component cannot be unbatched). */
export function unbatchSpec(spec: ElementSpec): ElementSpec {
  return mapSpec(spec, (s) => {
    if (s.shape.length === 0) throw new ShapeError(`Dataset.unbatch: the component ${s} is a scalar; unbatching needs rank >= 1 (elements ${describeSpec(spec)})`);
    return new TensorSpec(s.shape.slice(1), s.dtype);
  });
}

/** An element's components along its spec: tensors, and for string components a string or a batch of them. */
function componentsAlong(el: Element, spec: ElementSpec): (Tensor | string | string[])[] {
  const out: (Tensor | string | string[])[] = [];
  const rec = (e: Element, s: ElementSpec): void => {
    if (s instanceof TensorSpec || s instanceof StringSpec) {
      const ok = s instanceof TensorSpec ? e instanceof Tensor : typeof e === 'string' || (Array.isArray(e) && e.every((v) => typeof v === 'string'));
      if (!ok) throw new ArgumentError(`Dataset.unbatch: an element does not have the dataset's structure ${describeSpec(spec)}`);
      out.push(e as Tensor | string | string[]);
    } else if (Array.isArray(s)) {
      if (!Array.isArray(e) || e.length !== s.length) throw new ArgumentError(`Dataset.unbatch: an element does not have the dataset's structure ${describeSpec(spec)}`);
      s.forEach((c, i) => rec(e[i]!, c));
    } else {
      if (e instanceof Tensor || typeof e === 'string' || Array.isArray(e)) throw new ArgumentError(`Dataset.unbatch: an element does not have the dataset's structure ${describeSpec(spec)}`);
      for (const [k, c] of Object.entries(s)) rec(e[k]!, c);
    }
  };
  rec(el, spec);
  return out;
}

/** The row count of a batch element and a function making row i (fresh held tensors). */
function rowsOf(el: Element, spec: ElementSpec): { n: number; row: (i: number) => Element } {
  const comps = componentsAlong(el, spec);
  let n = -1;
  let first = '';
  for (const c of comps) {
    if (typeof c === 'string') throw new ArgumentError('Dataset.unbatch: a string component is a single string; only a batch of strings (string[]) can be unbatched');
    if (c instanceof Tensor && c.rank === 0) throw new ShapeError(`Dataset.unbatch: a component is a scalar ${c.dtype}[]; unbatching needs rank >= 1`);
    const len = c instanceof Tensor ? c.shape[0]! : c.length;
    const desc = c instanceof Tensor ? fmtShape(c.shape) : `string[${c.length}]`;
    if (n >= 0 && len !== n) throw new ShapeError(`Dataset.unbatch: components disagree on the first dimension (${n} in ${first} vs ${len} in ${desc})`);
    if (n < 0) [n, first] = [len, desc];
  }
  const data = comps.map((c) => (c instanceof Tensor ? c.dataSync<TypedArray>() : null));
  return {
    n: Math.max(n, 0),
    row: (i) =>
      buildFromSpec(
        spec,
        comps.map((c, k) => {
          if (!(c instanceof Tensor)) return (c as string[])[i]!;
          const rowShape = c.shape.slice(1);
          return rowTensor(data[k]!, i, rowShape.reduce((a, b) => a * b, 1), rowShape, c.dtype);
        }),
      ),
  };
}

/** unbatch(): the rows of each element in order; `spec` (the input's) tells string batches from tuples. */
export function* unbatchStage(spec: ElementSpec): StageBody {
  let current: Element | null = null;
  try {
    for (;;) {
      const x = yield PULL0;
      if (x === END || x === undefined) return;
      current = x;
      const { n, row } = rowsOf(x, spec);
      for (let i = 0; i < n; i++) yield { emit: row(i) };
      current = null;
      disposeElement(x);
    }
  } finally {
    if (current) disposeElement(current);
  }
}
