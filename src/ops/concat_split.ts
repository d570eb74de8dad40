import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { ENGINE } from '../core/engine.js';
import * as K from '../core/kernel_names.js';
import { normAxis } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertAll, convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { identity } from './cast.js';
import { reshape } from './reshape.js';

/** Converts a list argument of tensors, requiring a non-empty array and one dtype. */
function convertList(op: string, tensors: readonly TensorLike[]): Tensor[] {
  if (!Array.isArray(tensors)) throw new ArgumentError(`${op}: 'tensors' must be an array of tensors`);
  if (tensors.length === 0) throw new ArgumentError(`${op}: 'tensors' must hold at least one tensor`);
  const ts = convertAll(op, tensors.map((t, i) => [t, `tensors[${i}]`] as [TensorLike, string]));
  const d = ts[0]!.dtype;
  ts.forEach((t, i) => {
    if (t.dtype !== d) throw new DTypeError(`${op}: 'tensors[${i}]' is ${t.dtype}${fmtShape(t.shape)} but 'tensors[0]' is ${d}; cast so the dtypes match`);
  });
  return ts;
}

/** Output shape of concat along `axis` (normalized); throws ShapeError naming the first mismatching input. */
export function concatOutShape(op: string, shapes: readonly (readonly number[])[], axis: number): number[] {
  const s0 = shapes[0]!;
  const out = [...s0];
  for (let i = 1; i < shapes.length; i++) {
    const s = shapes[i]!;
    if (s.length !== s0.length || s.some((d, j) => j !== axis && d !== s0[j])) {
      throw new ShapeError(
        `${op}: 'tensors[${i}]' ${fmtShape(s)} does not match 'tensors[0]' ${fmtShape(s0)} outside axis ${axis}`,
      );
    }
    out[axis]! += s[axis]!;
  }
  return out;
}

/** Joins tensors along an existing axis (all dims but `axis` must match). Any dtype. */
export function concat(tensors: readonly TensorLike[], axis = 0): Tensor {
  const ts = convertList('concat', tensors);
  const r = ts[0]!.rank;
  if (r === 0) throw new ShapeError('concat: cannot concatenate scalars (rank 0); use tl.stack');
  const ax = normAxis('concat', axis, r);
  const shape = concatOutShape('concat', ts.map((t) => t.shape), ax);
  if (ts.length === 1) return identity(ts[0]!);
  return ENGINE.runKernel(K.Concat, ts, { axis: ax }, { shape, dtype: ts[0]!.dtype });
}

/** Stacks tensors of one shape along a new axis (0 <= axis <= rank, negative counts from the end). Any dtype. */
export function stack(tensors: readonly TensorLike[], axis = 0): Tensor {
  // tidy: the reshaped views are intermediates (they would otherwise outlive the call, pinning the inputs' data).
  return ENGINE.tidy(() => {
    const ts = convertList('stack', tensors);
    const s0 = ts[0]!.shape;
    ts.forEach((t, i) => {
      if (t.rank !== s0.length || t.shape.some((d, j) => d !== s0[j])) {
        throw new ShapeError(`stack: 'tensors[${i}]' ${fmtShape(t.shape)} differs from 'tensors[0]' ${fmtShape(s0)}; all must have one shape`);
      }
    });
    const ax = normAxis('stack', axis, s0.length + 1);
    const expanded = [...s0.slice(0, ax), 1, ...s0.slice(ax)];
    return concat(ts.map((t) => reshape(t, expanded)), ax);
  });
}

/**
 * The sizes of each piece of split: a count (must divide the dim) or a list of sizes with at most one -1
 * (the remainder), as TF's split does.
 */
/**
 * The most tensors one split (or unstack) returns. Each output is a tensor object and a kernel output, so a
 * count like 1e9 (valid arithmetic on an empty axis: 0 divides into any number of pieces) would exhaust the
 * process instead of failing; TF's graphs put similar limits on num_split in practice.
 */
export const MAX_SPLIT_OUTPUTS = 65536;

export function splitSizes(op: string, dim: number, numOrSizes: number | readonly number[], axis: number, shape: readonly number[]): number[] {
  if (typeof numOrSizes === 'number') {
    const num = numOrSizes;
    if (!Number.isInteger(num) || num < 1) throw new ArgumentError(`${op}: 'numOrSizes' must be a positive integer or a list of sizes, got ${num}`);
    if (num > MAX_SPLIT_OUTPUTS) throw new ArgumentError(`${op}: 'numOrSizes' ${num} asks for more than ${MAX_SPLIT_OUTPUTS} outputs`);
    if (dim % num !== 0) {
      throw new ShapeError(`${op}: dim ${axis} of 'x' ${fmtShape(shape)} (size ${dim}) does not divide evenly into ${num} pieces`);
    }
    return new Array<number>(num).fill(dim / num);
  }
  if (!Array.isArray(numOrSizes) || numOrSizes.length === 0) {
    throw new ArgumentError(`${op}: 'numOrSizes' must be a positive integer or a non-empty list of sizes`);
  }
  if (numOrSizes.length > MAX_SPLIT_OUTPUTS) throw new ArgumentError(`${op}: 'numOrSizes' lists ${numOrSizes.length} sizes, more than ${MAX_SPLIT_OUTPUTS}`);
  let unknown = -1;
  let known = 0;
  numOrSizes.forEach((s, i) => {
    if (s === -1) {
      if (unknown >= 0) throw new ArgumentError(`${op}: 'numOrSizes' [${numOrSizes.join(',')}] has more than one -1`);
      unknown = i;
    } else if (!Number.isInteger(s) || s < 0) {
      throw new ArgumentError(`${op}: 'numOrSizes' [${numOrSizes.join(',')}] has an invalid size ${s}`);
    } else known += s;
  });
  const sizes = [...numOrSizes];
  if (unknown >= 0) {
    if (known > dim) {
      throw new ShapeError(`${op}: sizes [${numOrSizes.join(',')}] exceed dim ${axis} of 'x' ${fmtShape(shape)} (size ${dim})`);
    }
    sizes[unknown] = dim - known;
  } else if (known !== dim) {
    throw new ShapeError(`${op}: sizes [${numOrSizes.join(',')}] sum to ${known}, but dim ${axis} of 'x' ${fmtShape(shape)} has size ${dim}`);
  }
  return sizes;
}

/** Splits x along `axis` into `num` equal pieces or pieces of the given sizes (one may be -1). Any dtype. */
export function split(x: TensorLike, numOrSizes: number | readonly number[], axis = 0): Tensor[] {
  const t = convertToTensor(x, 'x', 'split');
  if (t.rank === 0) throw new ShapeError('split: cannot split a scalar (rank 0)');
  const ax = normAxis('split', axis, t.rank);
  const sizes = splitSizes('split', t.shape[ax]!, numOrSizes, ax, t.shape);
  const specs = sizes.map((s) => ({ shape: t.shape.map((d, i) => (i === ax ? s : d)), dtype: t.dtype }));
  return ENGINE.runKernel(K.Split, [t], { axis: ax, sizes }, specs);
}

/** Unpacks x along `axis` into x.shape[axis] tensors of rank one less (the inverse of stack). Any dtype. */
export function unstack(x: TensorLike, axis = 0): Tensor[] {
  return ENGINE.tidy(() => {
    const t = convertToTensor(x, 'x', 'unstack');
    if (t.rank === 0) throw new ShapeError('unstack: cannot unstack a scalar (rank 0)');
    const ax = normAxis('unstack', axis, t.rank);
    const n = t.shape[ax]!;
    if (n === 0) return [];
    if (n > MAX_SPLIT_OUTPUTS) throw new ArgumentError(`unstack: dim ${ax} of 'x' ${fmtShape(t.shape)} would give ${n} tensors, more than ${MAX_SPLIT_OUTPUTS}`);
    const outShape = t.shape.filter((_, i) => i !== ax);
    return split(t, n, ax).map((p) => reshape(p, outShape));
  });
}
