/** tf.nn.top_k / tf.math.top_k. */
import { assertDType } from '../core/dtype.js';
import { ArgumentError, ShapeError, fmtShape } from '../core/errors.js';
import { ENGINE } from '../core/engine.js';
import * as K from '../core/kernel_names.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';

/**
 * The k largest entries of each row along the last axis: `values` (x's dtype) and their `indices` (int32), both
 * of shape [...x.shape[:-1], k], largest first; equal values come lower index first, as in TF. `sorted: false`
 * allows any order in TF; here the result is sorted either way. Gradient: flows to `values` only, scattered back
 * to the positions the indices name.
 */
export function topK(x: TensorLike, k = 1, sorted = true): { values: Tensor; indices: Tensor } {
  const op = 'topK';
  const t = convertToTensor(x, 'x', op);
  assertDType(op, 'x', t.dtype, ['float32', 'float64', 'int32']);
  if (t.rank < 1) throw new ShapeError(`${op}: 'x' must have rank >= 1, got shape ${fmtShape(t.shape)}`);
  const n = t.shape[t.rank - 1]!;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0) throw new ArgumentError(`${op}: 'k' must be a non-negative integer, got ${String(k)}`);
  if (k > n) throw new ArgumentError(`${op}: 'k' (${k}) is larger than the last dimension of 'x' ${fmtShape(t.shape)}`);
  if (typeof sorted !== 'boolean') throw new ArgumentError(`${op}: 'sorted' must be a boolean, got ${String(sorted)}`);
  const shape = [...t.shape.slice(0, -1), k];
  const [values, indices] = ENGINE.runKernel(K.TopK, [t], { k, sorted }, [
    { shape, dtype: t.dtype },
    { shape: [...shape], dtype: 'int32' },
  ]) as [Tensor, Tensor];
  return { values, indices };
}
