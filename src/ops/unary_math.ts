import type { Empty, KernelWithAttrs } from '../core/kernel_attrs.js';
import { FLOAT_DTYPES, NUMERIC_DTYPES } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import * as K from '../core/kernel_names.js';
import { broadcastShapes, shapesEqual } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { unaryOp } from './op_util.js';

// Elementwise unary math. Float-only functions reject int and bool inputs with DTypeError, as TF does; the
// few that make sense on integers (neg, abs, sign, square) accept int32 and int64 too.

export function neg(x: TensorLike): Tensor {
  return unaryOp('neg', K.Neg, x, { allowed: NUMERIC_DTYPES });
}

/** |x|; abs(int32 min) wraps to itself, as in C. */
export function abs(x: TensorLike): Tensor {
  return unaryOp('abs', K.Abs, x, { allowed: NUMERIC_DTYPES });
}

/** -1, 0 or 1 (NaN stays NaN). Its gradient is zero. */
export function sign(x: TensorLike): Tensor {
  return unaryOp('sign', K.Sign, x, { allowed: NUMERIC_DTYPES });
}

export function square(x: TensorLike): Tensor {
  return unaryOp('square', K.Square, x, { allowed: NUMERIC_DTYPES });
}

const floatUnary = (op: string, kernel: KernelWithAttrs<Empty>) => (x: TensorLike): Tensor => unaryOp(op, kernel, x, { allowed: FLOAT_DTYPES });

export const exp = floatUnary('exp', K.Exp);
/** e^x - 1, accurate near 0. */
export const expm1 = floatUnary('expm1', K.Expm1);
/** Natural log; log(0) = -Infinity, log(x < 0) = NaN. */
export const log = floatUnary('log', K.Log);
/** log(1 + x), accurate near 0. */
export const log1p = floatUnary('log1p', K.Log1p);
export const sqrt = floatUnary('sqrt', K.Sqrt);
/** 1 / sqrt(x). */
export const rsqrt = floatUnary('rsqrt', K.Rsqrt);
/** 1 / x (float; TF's reciprocal on ints would truncate, use div). */
export const reciprocal = floatUnary('reciprocal', K.Reciprocal);
export const sin = floatUnary('sin', K.Sin);
export const cos = floatUnary('cos', K.Cos);
export const tan = floatUnary('tan', K.Tan);
export const asin = floatUnary('asin', K.Asin);
export const acos = floatUnary('acos', K.Acos);
export const atan = floatUnary('atan', K.Atan);
export const sinh = floatUnary('sinh', K.Sinh);
export const cosh = floatUnary('cosh', K.Cosh);
export const tanh = floatUnary('tanh', K.Tanh);
/** The Gauss error function. */
export const erf = floatUnary('erf', K.Erf);
/** Zero gradient. */
export const floor = floatUnary('floor', K.Floor);
/** Zero gradient. */
export const ceil = floatUnary('ceil', K.Ceil);
/** Round half to even, as TF (round(0.5) = 0, round(1.5) = 2, round(-2.5) = -2). Zero gradient. */
export const round = floatUnary('round', K.Round);

/** True where x is NaN (float input). */
export function isNaN(x: TensorLike): Tensor {
  return unaryOp('isNaN', K.IsNan, x, { allowed: FLOAT_DTYPES, outDType: 'bool' });
}

/** True where x is neither NaN nor +-Infinity (float input). */
export function isFinite(x: TensorLike): Tensor {
  return unaryOp('isFinite', K.IsFinite, x, { allowed: FLOAT_DTYPES, outDType: 'bool' });
}

/**
 * Clamps x to [clipValueMin, clipValueMax]. The bounds are numbers or tensors of x's dtype that broadcast to
 * x's shape without enlarging it (TF 1.x requires the result keep t's shape). Two number bounds with
 * min > max throw ArgumentError; with tensor bounds, an element where min > max gets max (TF's
 * minimum(maximum(x, min), max)). NaN in x stays NaN. The gradient flows to x where min <= x <= max.
 */
export function clipByValue(x: TensorLike, clipValueMin: TensorLike, clipValueMax: TensorLike): Tensor {
  const op = 'clipByValue';
  // Only JS-value bounds are checked here: tensor bounds may be symbolic (graph mode) and are not read.
  const jsBound = (v: TensorLike) => typeof v === 'number' || typeof v === 'bigint';
  if (jsBound(clipValueMin) && jsBound(clipValueMax) && (clipValueMin as number) > (clipValueMax as number)) {
    throw new ArgumentError(`${op}: 'clipValueMin' (${clipValueMin}) must be <= 'clipValueMax' (${clipValueMax})`);
  }
  const t = convertToTensor(x, 'x', op);
  if (!NUMERIC_DTYPES.includes(t.dtype)) {
    throw new DTypeError(`${op}: argument 'x' has dtype ${t.dtype}; expected one of ${NUMERIC_DTYPES.join(', ')}`);
  }
  const lo = convertToTensor(clipValueMin, 'clipValueMin', op, t.dtype);
  const hi = convertToTensor(clipValueMax, 'clipValueMax', op, t.dtype);
  for (const [b, name] of [[lo, 'clipValueMin'], [hi, 'clipValueMax']] as const) {
    if (b.dtype !== t.dtype) {
      throw new DTypeError(`${op}: '${name}' is ${b.dtype}${fmtShape(b.shape)} but 'x' is ${t.dtype}${fmtShape(t.shape)}; cast one so the dtypes match`);
    }
    const s = broadcastShapes(op, t.shape, b.shape, ['x', name]);
    if (!shapesEqual(s, t.shape)) {
      throw new ShapeError(`${op}: '${name}' ${fmtShape(b.shape)} must broadcast to the shape of 'x' ${fmtShape(t.shape)} without enlarging it`);
    }
  }
  return ENGINE.runKernel(K.ClipByValue, [t, lo, hi], {}, { shape: [...t.shape], dtype: t.dtype });
}
