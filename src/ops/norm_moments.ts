import { FLOAT_DTYPES, NUMERIC_DTYPES, assertDType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, ShapeError, fmtShape } from '../core/errors.js';
import { normAxes, normAxis, reducedShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { mul, pow, squaredDifference } from './arithmetic.js';
import { cast, stopGradient } from './cast.js';
import { equal } from './compare.js';
import { reshape } from './reshape.js';
import { abs, sqrt, square } from './unary_math.js';
import { max, mean, sum, type Axis } from './reduction.js';

// Composite reductions: they run existing kernels and inherit their gradients.

/**
 * Mean and population variance (divide by N, like tf.nn.moments) over `axes`. As TF does, the variance is taken
 * around a stopped-gradient copy of the mean: the value is the same, and since the deviations sum to zero the
 * gradient is unchanged too, but the graph is simpler.
 */
export function moments(x: TensorLike, axes: Axis = null, keepDims = false): { mean: Tensor; variance: Tensor } {
  const op = 'moments';
  const t = convertToTensor(x, 'x', op);
  assertDType(op, 'x', t.dtype, FLOAT_DTYPES);
  if (typeof keepDims !== 'boolean') throw new ArgumentError(`${op}: 'keepDims' must be a boolean, got ${String(keepDims)}`);
  const ax = normAxes(op, axes, t.rank);
  const m = mean(t, ax, true);
  const v = mean(squaredDifference(t, stopGradient(m)), ax, true);
  if (keepDims) return { mean: m, variance: v };
  const s = reducedShape(t.shape, ax, false);
  return { mean: reshape(m, s), variance: reshape(v, s) };
}

export type NormOrd = number | 'euclidean' | 'fro';

/**
 * tf.norm. `axis` null: the whole tensor as one vector. An int (or [int]): vector norms along that axis. A pair
 * [rowAxis, colAxis]: matrix norms over those two axes.
 * Vector ords: 'euclidean' / 2 (sqrt of sum of squares), 1 (sum of |x|), Infinity (max |x|), and any other
 * p > 0 (sum(|x|^p)^(1/p)). Matrix ords: 'euclidean' / 'fro' (Frobenius), 1 (max column sum of |x|), Infinity
 * (max row sum of |x|); the spectral norm (2) needs an SVD and is not supported (as in TF 1.x). With axis null
 * 'fro' is the Frobenius norm of all values, the same as 'euclidean'.
 * The gradient of the euclidean norm at an all-zero input is NaN (sqrt'(0)), as in TF.
 */
export function norm(x: TensorLike, ord: NormOrd = 'euclidean', axis: number | readonly number[] | null = null, keepDims = false): Tensor {
  const op = 'norm';
  const t = convertToTensor(x, 'x', op);
  assertDType(op, 'x', t.dtype, FLOAT_DTYPES);
  if (typeof keepDims !== 'boolean') throw new ArgumentError(`${op}: 'keepDims' must be a boolean, got ${String(keepDims)}`);
  const list = axis === null || axis === undefined ? null : typeof axis === 'number' ? [axis] : [...axis];
  if (list !== null && (list.length < 1 || list.length > 2)) {
    throw new ArgumentError(`${op}: 'axis' must be null, an int or a pair of ints, got [${list}]`);
  }
  const isMatrix = list !== null && list.length === 2;
  const badOrd = () => new ArgumentError(`${op}: 'ord' ${String(ord)} is not supported for ${isMatrix ? 'matrix' : 'vector'} norms`);
  if (!isMatrix) {
    if (list !== null && t.rank === 0) throw new ShapeError(`${op}: 'x' is a scalar; there is no axis ${list[0]} to reduce`);
    const axes = list === null ? normAxes(op, null, t.rank) : [normAxis(op, list[0]!, t.rank)];
    if (ord === 'fro' && list !== null) throw badOrd();
    if (ord === 'euclidean' || ord === 'fro' || ord === 2) return sqrt(sum(mul(t, t), axes, keepDims));
    if (typeof ord !== 'number' || !(ord > 0)) throw badOrd();
    const a = abs(t);
    if (ord === 1) return sum(a, axes, keepDims);
    if (ord === Infinity) return max(a, axes, keepDims);
    return pow(sum(pow(a, ord), axes, keepDims), 1 / ord);
  }
  const r = normAxis(op, list[0]!, t.rank, 'axis[0]');
  const c = normAxis(op, list[1]!, t.rank, 'axis[1]');
  if (r === c) throw new ArgumentError(`${op}: the two axes of a matrix norm must differ, got [${list}] for 'x' ${fmtShape(t.shape)}`);
  const out = reducedShape(t.shape, [r, c].sort((p, q) => p - q), keepDims);
  let res: Tensor;
  if (ord === 'euclidean' || ord === 'fro') res = sqrt(sum(mul(t, t), [r, c], true));
  else if (ord === 1) res = max(sum(abs(t), r, true), c, true);
  else if (ord === Infinity) res = max(sum(abs(t), c, true), r, true);
  else throw badOrd();
  return reshape(res, out);
}

/**
 * tf.nn.l2_loss: sum(t^2) / 2 over every element, a scalar of t's dtype (float). Used for weight decay:
 * its gradient is t itself.
 */
export function l2Loss(t: TensorLike): Tensor {
  const op = 'l2Loss';
  return ENGINE.tidy(() => {
    const x = convertToTensor(t, 't', op);
    assertDType(op, 't', x.dtype, FLOAT_DTYPES);
    return mul(sum(square(x)), 0.5);
  });
}

/**
 * tf.nn.zero_fraction: the fraction of x's elements that are 0, a float32 scalar (NaN for an empty x, as TF's
 * mean of nothing). Numeric dtypes; -0 counts as zero, NaN does not. No gradient flows (it counts).
 */
export function zeroFraction(x: TensorLike): Tensor {
  const op = 'zeroFraction';
  return ENGINE.tidy(() => {
    const v = convertToTensor(x, 'x', op);
    assertDType(op, 'x', v.dtype, NUMERIC_DTYPES);
    return mean(cast(equal(v, 0), 'float32'));
  });
}
