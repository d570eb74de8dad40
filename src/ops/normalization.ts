/**
 * Batch normalization (inference form and TF's fused training form) and L2 normalization. All are compositions
 * of existing ops, so their gradients (for every input, through the batch statistics too) come from those ops.
 */
import { FLOAT_DTYPES, assertDType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { broadcastShapes, checkOptions, normAxes } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { add, maximum, mul, sub } from './arithmetic.js';
import { identity } from './cast.js';
import { moments } from './norm_moments.js';
import { sum } from './reduction.js';
import { reshape } from './reshape.js';
import { neg, rsqrt, square } from './unary_math.js';
import { runFusedBatchNorm } from './batch_norm_kernels.js';
import { fill } from './creation.js';

function checkEpsilon(op: string, arg: string, eps: number): void {
  if (typeof eps !== 'number' || !(eps >= 0) || !Number.isFinite(eps)) {
    throw new ArgumentError(`${op}: '${arg}' must be a finite number >= 0, got ${String(eps)}`);
  }
}

/** Converts the optional parameters with x's dtype and requires float tensors of that same dtype. */
function convertParams(op: string, x: Tensor, args: [TensorLike | undefined | null, string][]): (Tensor | undefined)[] {
  return args.map(([v, name]) => {
    if (v === undefined || v === null) return undefined;
    const t = convertToTensor(v, name, op, x.dtype);
    if (t.dtype !== x.dtype) {
      throw new DTypeError(`${op}: '${name}' is ${t.dtype}${fmtShape(t.shape)} but 'x' is ${x.dtype}${fmtShape(x.shape)}; the dtypes must match`);
    }
    return t;
  });
}

/**
 * tf.nn.batch_normalization (inference form): (x - mean) / sqrt(variance + varianceEpsilon) * scale + offset.
 * mean, variance, offset and scale broadcast against x (a [C] vector normalizes the last axis); the result has
 * the broadcast shape of all of them. Computed as TF does: inv = rsqrt(variance + eps) * scale;
 * y = x * inv + (offset - mean * inv).
 */
export function batchNorm(
  x: TensorLike,
  mean: TensorLike,
  variance: TensorLike,
  offset?: TensorLike | null,
  scale?: TensorLike | null,
  varianceEpsilon = 1e-3,
): Tensor {
  // tidy around everything: tensors converted from JS values are intermediates too.
  return ENGINE.tidy(() => batchNormImpl(x, mean, variance, offset, scale, varianceEpsilon));
}

function batchNormImpl(
  x: TensorLike,
  mean: TensorLike,
  variance: TensorLike,
  offset: TensorLike | null | undefined,
  scale: TensorLike | null | undefined,
  varianceEpsilon: number,
): Tensor {
  const op = 'batchNorm';
  const tx = convertToTensor(x, 'x', op);
  assertDType(op, 'x', tx.dtype, FLOAT_DTYPES);
  const [tm, tv, to, ts] = convertParams(op, tx, [[mean, 'mean'], [variance, 'variance'], [offset, 'offset'], [scale, 'scale']]);
  if (!tm || !tv) throw new ArgumentError(`${op}: 'mean' and 'variance' are required`);
  checkEpsilon(op, 'varianceEpsilon', varianceEpsilon);
  let shape = tx.shape;
  for (const [t, name] of [[tm, 'mean'], [tv, 'variance'], [to, 'offset'], [ts, 'scale']] as [Tensor | undefined, string][]) {
    if (t) shape = broadcastShapes(op, shape, t.shape, ['x', name]);
  }
  // The common layout (every parameter a [C] vector over x's last axis) is one FusedBatchNorm kernel pass.
  const C = tx.shape[tx.rank - 1];
  if (tx.rank >= 1 && [tm, tv, to, ts].every((t) => !t || (t.rank === 1 && t.shape[0] === C))) {
    const o = to ?? fill([C!], 0, tx.dtype), sc = ts ?? fill([C!], 1, tx.dtype);
    return runFusedBatchNorm([tx, sc, o, tm, tv], { epsilon: varianceEpsilon, channelsLast: true, isTraining: false })[0]!;
  }
  let inv = rsqrt(add(tv, varianceEpsilon));
  if (ts) inv = mul(inv, ts);
  const shift = to ? sub(to, mul(tm, inv)) : neg(mul(tm, inv));
  return add(mul(tx, inv), shift);
}

export type BatchNormDataFormat = 'NHWC' | 'NCHW' | 'NDHWC' | 'NCDHW';

export interface FusedBatchNormOptions {
  /** Inference statistics [C]: required when isTraining is false, not allowed when it is true. */
  mean?: TensorLike;
  variance?: TensorLike;
  /** Added to the variance (default 1e-3, as TF). */
  epsilon?: number;
  /** Where the channels are: last ('NHWC', 'NDHWC', default) or axis 1 ('NCHW', 'NCDHW'). */
  dataFormat?: BatchNormDataFormat;
  /** true (default): normalize with the batch's own statistics; false: with `mean` and `variance`. */
  isTraining?: boolean;
  /**
   * true (default): the FusedBatchNorm kernel and its fused backward (a few passes over x); false: the
   * composite of moments and batchNorm (differentiable twice).
   */
  fused?: boolean;
}

export interface FusedBatchNormResult {
  y: Tensor;
  /** Training: the per-channel batch mean [C]. Inference: `mean`. */
  batchMean: Tensor;
  /**
   * Training: the per-channel batch variance [C] with Bessel's correction (times n/(n-1), n = elements per
   * channel), as TF's FusedBatchNorm returns it for the moving averages; y itself is normalized with the
   * uncorrected (population) variance. Inference: `variance`.
   */
  batchVariance: Tensor;
}

/**
 * tf.nn.fused_batch_norm. x has rank >= 2 with channels last (NHWC / NDHWC) or at axis 1 (NCHW / NCDHW); scale
 * and offset are [C]. In training, mean and variance are taken over every axis but the channels, and the
 * gradients flow through them. Fused by default (FusedBatchNorm / FusedBatchNormGrad); { fused: false } is the
 * composition of moments and batchNorm the kernels are tested against.
 */
export function fusedBatchNorm(x: TensorLike, scale: TensorLike, offset: TensorLike, opts: FusedBatchNormOptions = {}): FusedBatchNormResult {
  return ENGINE.tidy(() => fusedBatchNormImpl(x, scale, offset, opts));
}

function fusedBatchNormImpl(x: TensorLike, scale: TensorLike, offset: TensorLike, opts: FusedBatchNormOptions): FusedBatchNormResult {
  const op = 'fusedBatchNorm';
  const tx = convertToTensor(x, 'x', op);
  assertDType(op, 'x', tx.dtype, FLOAT_DTYPES);
  checkOptions(op, opts, ['mean', 'variance', 'epsilon', 'dataFormat', 'isTraining', 'fused']);
  opts ??= {};
  const dataFormat = opts.dataFormat ?? 'NHWC';
  if (!['NHWC', 'NCHW', 'NDHWC', 'NCDHW'].includes(dataFormat)) {
    throw new ArgumentError(`${op}: 'dataFormat' must be NHWC, NCHW, NDHWC or NCDHW, got '${String(dataFormat)}'`);
  }
  if (tx.rank < 2) throw new ShapeError(`${op}: 'x' must have rank >= 2 (batch and channels), got shape ${fmtShape(tx.shape)}`);
  const isTraining = opts.isTraining ?? true;
  if (typeof isTraining !== 'boolean') throw new ArgumentError(`${op}: 'isTraining' must be a boolean, got ${String(isTraining)}`);
  const epsilon = opts.epsilon ?? 1e-3;
  checkEpsilon(op, 'epsilon', epsilon);
  const chAxis = dataFormat[1] === 'C' ? 1 : tx.rank - 1;
  const channels = tx.shape[chAxis]!;
  const [ts, to, tm, tv] = convertParams(op, tx, [[scale, 'scale'], [offset, 'offset'], [opts.mean, 'mean'], [opts.variance, 'variance']]);
  const params: [Tensor | undefined, string][] = [[ts, 'scale'], [to, 'offset'], [tm, 'mean'], [tv, 'variance']];
  if (!ts || !to) throw new ArgumentError(`${op}: 'scale' and 'offset' are required`);
  if (isTraining && (tm || tv)) {
    throw new ArgumentError(`${op}: 'mean' and 'variance' must not be given when isTraining is true (the batch statistics are used)`);
  }
  if (!isTraining && (!tm || !tv)) throw new ArgumentError(`${op}: 'mean' and 'variance' are required when isTraining is false`);
  for (const [t, name] of params) {
    if (t && (t.rank !== 1 || t.shape[0] !== channels)) {
      throw new ShapeError(`${op}: '${name}' ${fmtShape(t.shape)} must have shape [${channels}] (the channels of x ${fmtShape(tx.shape)}, ${dataFormat})`);
    }
  }
  const fused = opts.fused ?? true;
  if (typeof fused !== 'boolean') throw new ArgumentError(`${op}: 'fused' must be a boolean, got ${String(fused)}`);
  const n = tx.size / Math.max(channels, 1);
  const bessel = n > 1 ? n / (n - 1) : 1;
  if (fused) {
    const channelsLast = chAxis === tx.rank - 1;
    const [y, mean, variance] = runFusedBatchNorm(isTraining ? [tx, ts, to] : [tx, ts, to, tm!, tv!], { epsilon, channelsLast, isTraining }) as [Tensor, Tensor, Tensor];
    return { y, batchMean: mean, batchVariance: isTraining ? mul(variance, bessel) : variance };
  }
  // [C] parameters shaped to broadcast along the channel axis.
  const keptShape = tx.shape.map((d, i) => (i === chAxis ? d : 1));
  const b = (t: Tensor) => reshape(t, keptShape);
  if (!isTraining) {
    const y = batchNorm(tx, b(tm!), b(tv!), b(to), b(ts), epsilon);
    return { y, batchMean: identity(tm!), batchVariance: identity(tv!) };
  }
  const axes = normAxes(op, tx.shape.map((_, i) => i).filter((i) => i !== chAxis), tx.rank);
  const m = moments(tx, axes, true);
  const y = batchNorm(tx, m.mean, m.variance, b(to), b(ts), epsilon);
  return { y, batchMean: reshape(m.mean, [channels]), batchVariance: mul(reshape(m.variance, [channels]), bessel) };
}

/**
 * tf.nn.l2_normalize: x / sqrt(max(sum(x^2, axis), epsilon)), with the sum kept broadcastable. axis: an axis, a
 * list, or null (default) for all axes.
 */
export function l2Normalize(x: TensorLike, axis: number | readonly number[] | null = null, epsilon = 1e-12): Tensor {
  const op = 'l2Normalize';
  return ENGINE.tidy(() => {
    const t = convertToTensor(x, 'x', op);
    assertDType(op, 'x', t.dtype, FLOAT_DTYPES);
    const axes = normAxes(op, axis, t.rank);
    checkEpsilon(op, 'epsilon', epsilon);
    return mul(t, rsqrt(maximum(sum(square(t), axes, true), epsilon)));
  });
}
