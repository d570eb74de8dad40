import { FLOAT_DTYPES, assertDType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import * as K from '../core/kernel_names.js';
import { normAxis } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import type { AxisAttrs, KernelWithAttrs } from '../core/kernel_attrs.js';

function softmaxOp(op: string, kernel: KernelWithAttrs<AxisAttrs>, logits: TensorLike, axis: number): Tensor {
  const t = convertToTensor(logits, 'logits', op);
  assertDType(op, 'logits', t.dtype, FLOAT_DTYPES);
  if (t.rank === 0) throw new ShapeError(`${op}: 'logits' must have rank at least 1, got a scalar`);
  if (typeof axis !== 'number') throw new ArgumentError(`${op}: 'axis' must be a single integer, got ${String(axis)}`);
  const a = normAxis(op, axis, t.rank);
  return ENGINE.runKernel(kernel, [t], { axis: a }, { shape: [...t.shape], dtype: t.dtype });
}

/**
 * e^x / sum(e^x) along `axis` (default the last), with the max subtracted first so that large logits do not
 * overflow: softmax([1000, 0]) = [1, e^-1000].
 */
export function softmax(logits: TensorLike, axis = -1): Tensor {
  return softmaxOp('softmax', K.Softmax, logits, axis);
}

/** log(softmax(x)) along `axis` (default the last), computed directly: exact where softmax underflows to 0. */
export function logSoftmax(logits: TensorLike, axis = -1): Tensor {
  return softmaxOp('logSoftmax', K.LogSoftmax, logits, axis);
}
