/**
 * Shape-only ops: squeeze, expandDims, flatten. They move no data, so each is a composite over reshape
 * (no kernel, no gradient of its own: reshape's gradient reshapes back).
 */
import { ArgumentError, ShapeError, fmtShape } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { reshape } from './reshape.js';

/**
 * The shape of squeeze(x, axis): without `axis`, every size-1 dim is removed; with `axis` (a number or list,
 * negatives count from the end), only those dims, each of which must be 1. In graph mode an unknown dim (-1)
 * is kept when no axis is given, and trusted to be 1 when it is listed (TF checks it at run time).
 */
export function squeezeShape(op: string, shape: readonly number[], axis?: number | readonly number[] | null): number[] {
  const rank = shape.length;
  if (axis === undefined || axis === null) return shape.filter((d) => d !== 1);
  if (typeof axis !== 'number' && !Array.isArray(axis)) {
    throw new ArgumentError(`${op}: 'axis' must be an integer or an array of integers, got ${typeof axis === 'object' ? 'an object' : String(axis)}`);
  }
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const drop = new Set<number>();
  for (const a of list) {
    if (!Number.isInteger(a) || a < -rank || a >= rank) {
      throw new ArgumentError(`${op}: axis ${a} is out of range for 'x' of shape ${fmtShape(shape)} (rank ${rank})`);
    }
    const n = a < 0 ? a + rank : a;
    if (drop.has(n)) throw new ArgumentError(`${op}: axis ${a} is repeated in ${JSON.stringify(list)}`);
    const d = shape[n]!;
    if (d !== 1 && d !== -1) {
      throw new ShapeError(`${op}: cannot squeeze axis ${a} of 'x' ${fmtShape(shape)}: its size is ${d}, not 1`);
    }
    drop.add(n);
  }
  return shape.filter((_, i) => !drop.has(i));
}

/** Removes size-1 dimensions: all of them, or only those listed in `axis` (each must have size 1). */
export function squeeze(x: TensorLike, axis?: number | readonly number[] | null): Tensor {
  const t = convertToTensor(x, 'x', 'squeeze');
  return reshape(t, squeezeShape('squeeze', t.shape, axis));
}

/** The shape of expandDims(x, axis): a 1 inserted before dim `axis` (axis in [-rank-1, rank]). */
export function expandDimsShape(op: string, shape: readonly number[], axis: number): number[] {
  const rank = shape.length;
  if (!Number.isInteger(axis) || axis < -rank - 1 || axis > rank) {
    throw new ArgumentError(`${op}: 'axis' ${axis} must be an integer in [${-rank - 1}, ${rank}] for 'x' of shape ${fmtShape(shape)}`);
  }
  const a = axis < 0 ? axis + rank + 1 : axis;
  const out = [...shape];
  out.splice(a, 0, 1);
  return out;
}

/**
 * Inserts a dimension of size 1 at `axis`. As in TF, a negative axis counts from the end of the *output*:
 * expandDims(x, -1) appends a trailing dimension.
 */
export function expandDims(x: TensorLike, axis = 0): Tensor {
  const t = convertToTensor(x, 'x', 'expandDims');
  return reshape(t, expandDimsShape('expandDims', t.shape, axis));
}

/**
 * Flattens x to 1-D (a scalar becomes shape [1]). Unlike Keras' Flatten layer it does not keep a batch
 * dimension: for that, use reshape(x, [x.shape[0], -1]) (the Flatten layer does exactly this).
 */
export function flatten(x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', 'flatten');
  // -1 rather than t.size, so a graph-mode tensor with an unknown dim still flattens.
  return reshape(t, [-1]);
}
