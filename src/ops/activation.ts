import { FLOAT_DTYPES, assertDType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import * as K from '../core/kernel_names.js';
import { broadcastShapes, normAxis, shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { add, div, mul } from './arithmetic.js';
import { abs, clipByValue, erf, neg, tanh } from './unary_math.js';
import { concat } from './concat_split.js';
import type { KernelAttrs, KernelName } from '../core/kernel_attrs.js';

// Activation functions (float32/float64 only). The ones fast backends may want to fuse have their own kernels;
// softsign, hardSigmoid, swish and gelu are compositions and inherit their gradients. Derivatives at the kinks
// follow TF: relu'(0) = 0, relu6' is 0 at 0 and 6, leakyRelu'(0) = alpha, elu'(0) = 1.

function floatUnary<N extends KernelName>(op: string, kernel: N, x: TensorLike, attrs: KernelAttrs[N]): Tensor {
  const t = convertToTensor(x, 'x', op);
  assertDType(op, 'x', t.dtype, FLOAT_DTYPES);
  return ENGINE.runKernel(kernel, [t], attrs, { shape: [...t.shape], dtype: t.dtype });
}

function floatInput(op: string, x: TensorLike): Tensor {
  const t = convertToTensor(x, 'x', op);
  assertDType(op, 'x', t.dtype, FLOAT_DTYPES);
  return t;
}

function checkAlpha(op: string, alpha: number): void {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) {
    throw new ArgumentError(`${op}: 'alpha' must be a finite number, got ${String(alpha)}`);
  }
}

/** max(x, 0). NaN stays NaN. */
export function relu(x: TensorLike): Tensor {
  return floatUnary('relu', K.Relu, x, {});
}

/** min(max(x, 0), 6). */
export function relu6(x: TensorLike): Tensor {
  return floatUnary('relu6', K.Relu6, x, {});
}

/** x for x > 0, e^x - 1 otherwise (alpha 1, as tf.nn.elu). */
export function elu(x: TensorLike): Tensor {
  return floatUnary('elu', K.Elu, x, {});
}

/** scale * elu_alpha(x) with TF's constants scale ~1.0507 and alpha ~1.6733 (self-normalizing networks). */
export function selu(x: TensorLike): Tensor {
  return floatUnary('selu', K.Selu, x, {});
}

/** x for x > 0, alpha * x otherwise; alpha defaults to 0.2 (tf.nn.leaky_relu, tfjs). */
export function leakyRelu(x: TensorLike, alpha = 0.2): Tensor {
  checkAlpha('leakyRelu', alpha);
  return floatUnary('leakyRelu', K.LeakyRelu, x, { alpha });
}

/**
 * Parametric relu: x for x > 0, alpha * x otherwise, where alpha (same dtype) broadcasts to x's shape (one
 * slope per channel: shape [C]). Both x and alpha get gradients.
 */
export function prelu(x: TensorLike, alpha: TensorLike): Tensor {
  const op = 'prelu';
  const t = floatInput(op, x);
  const a = convertToTensor(alpha, 'alpha', op, t.dtype);
  if (a.dtype !== t.dtype) {
    throw new DTypeError(`${op}: 'alpha' is ${a.dtype}${fmtShape(a.shape)} but 'x' is ${t.dtype}${fmtShape(t.shape)}; cast one so the dtypes match`);
  }
  const s = broadcastShapes(op, t.shape, a.shape, ['x', 'alpha']);
  if (!shapesEqual(s, t.shape)) {
    throw new ShapeError(`${op}: 'alpha' ${fmtShape(a.shape)} must broadcast to the shape of 'x' ${fmtShape(t.shape)} without enlarging it`);
  }
  return ENGINE.runKernel(K.Prelu, [t, a], {}, { shape: [...t.shape], dtype: t.dtype });
}

/** 1 / (1 + e^-x), computed without overflow for large |x|. */
export function sigmoid(x: TensorLike): Tensor {
  return floatUnary('sigmoid', K.Sigmoid, x, {});
}

/** log(1 + e^x), computed stably (softplus(1000) = 1000, softplus(-1000) = e^-1000 underflowing to 0). */
export function softplus(x: TensorLike): Tensor {
  return floatUnary('softplus', K.Softplus, x, {});
}

/** x / (1 + |x|). */
export function softsign(x: TensorLike): Tensor {
  const t = floatInput('softsign', x);
  return div(t, add(abs(t), 1));
}

/** clip(0.2 x + 0.5, 0, 1), the Keras/TF hard sigmoid. */
export function hardSigmoid(x: TensorLike): Tensor {
  const t = floatInput('hardSigmoid', x);
  return clipByValue(add(mul(t, 0.2), 0.5), 0, 1);
}

/** x * sigmoid(x) (swish with beta 1, also called silu). */
export function swish(x: TensorLike): Tensor {
  const t = floatInput('swish', x);
  return mul(t, sigmoid(t));
}

/** x * sigmoid(x): the same function as swish, under its other name. */
export function silu(x: TensorLike): Tensor {
  const t = floatInput('silu', x);
  return mul(t, sigmoid(t));
}

/**
 * Gaussian error linear unit. Exact form (default): 0.5 x (1 + erf(x / sqrt 2)). `approximate`: the tanh form
 * 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), as tf.nn.gelu(approximate=True).
 */
export function gelu(x: TensorLike, approximate = false): Tensor {
  const t = floatInput('gelu', x);
  if (typeof approximate !== 'boolean') throw new ArgumentError(`gelu: 'approximate' must be a boolean, got ${String(approximate)}`);
  const half = mul(t, 0.5);
  if (!approximate) return mul(half, add(erf(mul(t, Math.SQRT1_2)), 1));
  const cube = mul(mul(t, t), t);
  const inner = mul(add(t, mul(cube, 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(half, add(tanh(inner), 1));
}

/**
 * Concatenated relu (tf.nn.crelu): relu(concat([x, -x], axis)), the positive and the negative part side by
 * side, so the size of `axis` doubles (default the last).
 */
export function crelu(x: TensorLike, axis = -1): Tensor {
  const op = 'crelu';
  return ENGINE.tidy(() => {
    const t = floatInput(op, x);
    if (t.rank === 0) throw new ShapeError(`${op}: 'x' must have rank >= 1 (the concatenation axis), got a scalar`);
    if (typeof axis !== 'number') throw new ArgumentError(`${op}: 'axis' must be an integer, got ${String(axis)}`);
    const ax = normAxis(op, axis, t.rank);
    return relu(concat([t, neg(t)], ax));
  });
}

/** tfjs's step: 1 where x > 0, alpha elsewhere (NaN stays NaN). Its gradient is zero. */
export function step(x: TensorLike, alpha = 0): Tensor {
  checkAlpha('step', alpha);
  return floatUnary('step', K.Step, x, { alpha });
}
