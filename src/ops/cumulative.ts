import { NUMERIC_DTYPES, assertDType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import * as K from '../core/kernel_names.js';
import { normAxis } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import type { KernelWithAttrs, ScanAttrs } from '../core/kernel_attrs.js';

function scanOp(op: string, kernel: KernelWithAttrs<ScanAttrs>, x: TensorLike, axis: number, exclusive: boolean, reverse: boolean): Tensor {
  const t = convertToTensor(x, 'x', op);
  assertDType(op, 'x', t.dtype, NUMERIC_DTYPES);
  if (t.rank === 0) throw new ShapeError(`${op}: 'x' must have rank at least 1, got a scalar`);
  if (typeof axis !== 'number') throw new ArgumentError(`${op}: 'axis' must be a single integer, got ${String(axis)}`);
  const a = normAxis(op, axis, t.rank);
  if (typeof exclusive !== 'boolean') throw new ArgumentError(`${op}: 'exclusive' must be a boolean, got ${String(exclusive)}`);
  if (typeof reverse !== 'boolean') throw new ArgumentError(`${op}: 'reverse' must be a boolean, got ${String(reverse)}`);
  return ENGINE.runKernel(kernel, [t], { axis: a, exclusive, reverse }, { shape: [...t.shape], dtype: t.dtype });
}

/**
 * Running sum along `axis` (tf.cumsum): cumsum([a, b, c]) = [a, a+b, a+b+c]; `exclusive` gives [0, a, a+b];
 * `reverse` runs from the end: [a+b+c, b+c, c].
 */
export function cumsum(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  return scanOp('cumsum', K.Cumsum, x, axis, exclusive, reverse);
}

/**
 * Running product along `axis` (tf.cumprod), with `exclusive` and `reverse` as in cumsum ([1, a, ab] and
 * [abc, bc, c]). Like TF's, its gradient divides by x, so it is not defined where x is 0 (prod's is).
 */
export function cumprod(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  return scanOp('cumprod', K.Cumprod, x, axis, exclusive, reverse);
}
