/** Local response normalization (tf.nn.local_response_normalization) and its gradient op. */
import { FLOAT_DTYPES, assertDType } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { ENGINE } from '../core/engine.js';
import * as K from '../core/kernel_names.js';
import { shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import type { LrnAttrs } from '../core/kernel_attrs.js';

function lrnAttrs(op: string, depthRadius: number, bias: number, alpha: number, beta: number): LrnAttrs {
  if (!Number.isInteger(depthRadius) || depthRadius < 0) {
    throw new ArgumentError(`${op}: 'depthRadius' must be an integer >= 0, got ${depthRadius}`);
  }
  for (const [name, v] of [['bias', bias], ['alpha', alpha], ['beta', beta]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ArgumentError(`${op}: '${name}' must be a finite number, got ${v}`);
  }
  return { depthRadius, bias, alpha, beta };
}

/**
 * TF's LRN over the last axis (the channels of NHWC):
 *   y[..., d] = x[..., d] / (bias + alpha * sum_{j=d-r}^{d+r} x[..., j]^2)^beta
 * Rank 4 only, as TF: the kernels would run on any rank (they look at the last axis only), but a rank-3 image
 * passed without its batch axis is a mistake TF refuses, and accepting it would silently differ from TF.
 */
export function localResponseNormalization(x: TensorLike, depthRadius = 5, bias = 1, alpha = 1, beta = 0.5): Tensor {
  const op = 'localResponseNormalization';
  const t = convertToTensor(x, 'x', op);
  assertDType(op, 'x', t.dtype, FLOAT_DTYPES);
  if (t.rank !== 4) throw new ShapeError(`${op}: 'x' must have rank 4 (NHWC), got shape ${fmtShape(t.shape)}`);
  const attrs = lrnAttrs(op, depthRadius, bias, alpha, beta);
  return ENGINE.runKernel(K.LRN, [t], attrs, { shape: [...t.shape], dtype: t.dtype });
}

export const lrn = localResponseNormalization;

/** Gradient of localResponseNormalization (TF's LRNGrad): dy, the forward input x and output y. */
export function lrnGrad(dy: TensorLike, x: TensorLike, y: TensorLike, depthRadius = 5, bias = 1, alpha = 1, beta = 0.5): Tensor {
  const op = 'lrnGrad';
  const tx = convertToTensor(x, 'x', op);
  const tdy = convertToTensor(dy, 'dy', op, tx.dtype);
  const ty = convertToTensor(y, 'y', op, tx.dtype);
  assertDType(op, 'x', tx.dtype, FLOAT_DTYPES);
  for (const [t, name] of [[tdy, 'dy'], [ty, 'y']] as [Tensor, string][]) {
    if (t.dtype !== tx.dtype) throw new DTypeError(`${op}: '${name}' is ${t.dtype} but 'x' is ${tx.dtype}; they must match`);
    if (!shapesEqual(t.shape, tx.shape)) throw new ShapeError(`${op}: '${name}' ${fmtShape(t.shape)} must have the shape of 'x' ${fmtShape(tx.shape)}`);
  }
  if (tx.rank !== 4) throw new ShapeError(`${op}: 'x' must have rank 4 (NHWC), got shape ${fmtShape(tx.shape)}`);
  const attrs = lrnAttrs(op, depthRadius, bias, alpha, beta);
  return ENGINE.runKernel(K.LRNGrad, [tdy, tx, ty], attrs, { shape: [...tx.shape], dtype: tx.dtype });
}
