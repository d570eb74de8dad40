import { NUMERIC_DTYPES, assertDType, isIntDType, type DType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, ShapeError, fmtShape } from '../core/errors.js';
import * as K from '../core/kernel_names.js';
import { normAxes, normAxis, reducedShape, sizeFromShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import type { ArgAttrs, KernelWithAttrs, ReduceAttrs } from '../core/kernel_attrs.js';

// Reductions with TF 1.x semantics: `axis` is an int, a list of ints (negative counts from the end) or null
// (every axis); `keepDims` keeps the reduced axes as size 1. Over an empty group, sum gives 0, prod 1, max -inf,
// min +inf and mean NaN (as numpy and TF do).

export type Axis = number | readonly number[] | null;

/** Validates a reduction's arguments and runs its kernel (output dtype = input dtype unless `outDType`). */
function reduceOp(
  op: string,
  kernel: KernelWithAttrs<ReduceAttrs>,
  x: TensorLike,
  axis: Axis | undefined,
  keepDims: boolean,
  allowed: readonly DType[],
  check?: (t: Tensor, axes: number[]) => void,
): Tensor {
  const t = convertToTensor(x, 'x', op);
  assertDType(op, 'x', t.dtype, allowed);
  if (typeof keepDims !== 'boolean') throw new ArgumentError(`${op}: 'keepDims' must be a boolean, got ${String(keepDims)}`);
  const axes = normAxes(op, axis, t.rank);
  check?.(t, axes);
  return ENGINE.runKernel(kernel, [t], { axes, keepDims }, { shape: reducedShape(t.shape, axes, keepDims), dtype: t.dtype });
}

/**
 * Sum over `axis` (null: all axes). Numeric dtypes; int32 wraps on overflow like TF. bool is rejected as TF's
 * reduce_sum does: cast it first.
 */
export function sum(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  return reduceOp('sum', K.Sum, x, axis, keepDims, NUMERIC_DTYPES);
}

/**
 * Arithmetic mean over `axis`. Integer inputs give the truncated integer mean (TF's reduce_mean on ints); an
 * empty group of floats gives NaN, and of ints is an error (there is no integer NaN).
 */
export function mean(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  return reduceOp('mean', K.Mean, x, axis, keepDims, NUMERIC_DTYPES, (t, axes) => {
    if (isIntDType(t.dtype) && axes.some((a) => t.shape[a] === 0) && sizeFromShape(reducedShape(t.shape, axes, false)) > 0) {
      throw new ArgumentError(`mean: cannot average an empty group of ${t.dtype} values ('x' ${fmtShape(t.shape)}, axes [${axes}])`);
    }
  });
}

/** Product over `axis` (empty groups give 1). The gradient is exact when x holds zeros. */
export function prod(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  return reduceOp('prod', K.Prod, x, axis, keepDims, NUMERIC_DTYPES);
}

/**
 * Maximum over `axis`. A NaN in a group makes that result NaN. An empty group gives -inf (ints: the dtype's
 * lowest value, as TF). The gradient is split evenly among tied maxima, as TF 1.x's reduce_max does.
 */
export function max(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  return reduceOp('max', K.Max, x, axis, keepDims, NUMERIC_DTYPES);
}

/** Minimum over `axis` (see max: NaN propagates, empty gives +inf or the int dtype's highest value). */
export function min(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  return reduceOp('min', K.Min, x, axis, keepDims, NUMERIC_DTYPES);
}

/** Logical and over `axis` of a bool tensor (an empty group gives true). */
export function all(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  return reduceOp('all', K.All, x, axis, keepDims, ['bool']);
}

/** Logical or over `axis` of a bool tensor (an empty group gives false). */
export function any(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  return reduceOp('any', K.Any, x, axis, keepDims, ['bool']);
}

function argOp(op: string, kernel: KernelWithAttrs<ArgAttrs>, x: TensorLike, axis: number): Tensor {
  const t = convertToTensor(x, 'x', op);
  assertDType(op, 'x', t.dtype, NUMERIC_DTYPES);
  if (t.rank === 0) throw new ShapeError(`${op}: 'x' must have rank at least 1, got a scalar`);
  if (typeof axis !== 'number') throw new ArgumentError(`${op}: 'axis' must be a single integer, got ${String(axis)}`);
  const a = normAxis(op, axis, t.rank);
  if (t.shape[a] === 0) {
    throw new ShapeError(`${op}: cannot take the index of an extreme over the empty axis ${axis} of 'x' ${fmtShape(t.shape)}`);
  }
  return ENGINE.runKernel(kernel, [t], { axis: a }, { shape: t.shape.filter((_, i) => i !== a), dtype: 'int32' });
}

/**
 * Index (int32) of the largest value along one `axis` (default 0, as TF 1.x's argmax). Ties give the first
 * index; a NaN counts as largest (the first NaN's index is returned).
 */
export function argMax(x: TensorLike, axis = 0): Tensor {
  return argOp('argMax', K.ArgMax, x, axis);
}

/** Index (int32) of the smallest value along `axis` (first on ties; a NaN counts as smallest). */
export function argMin(x: TensorLike, axis = 0): Tensor {
  return argOp('argMin', K.ArgMin, x, axis);
}

/**
 * log(sum(exp(x))) over `axis`, computed stably (the max is subtracted first). Float only. Its gradient is
 * softmax(x) over the group.
 */
export function logSumExp(x: TensorLike, axis: Axis = null, keepDims = false): Tensor {
  return reduceOp('logSumExp', K.LogSumExp, x, axis, keepDims, ['float32', 'float64']);
}
