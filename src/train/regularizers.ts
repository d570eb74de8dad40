/**
 * Weight regularizers (tf.contrib.layers.l1_regularizer / l2_regularizer / l1_l2_regularizer) and weight
 * constraints (Keras max_norm, unit_norm, non_neg). A regularizer maps weights to a scalar penalty; a constraint
 * maps weights to projected weights. Both are composites of graph-aware ops, so they differentiate and take graph
 * variables (giving symbolic tensors to run in a Session) as well as eager tensors.
 */
import { isFloatDType } from '../core/dtype.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import { normAxes } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { abs, add, cast, clipByValue, div, greaterEqual, mul, sqrt, square, sum } from '../graph/graph_ops.generated.js';
import { checkPositive, scoped } from './train_util.js';

export interface Regularizer {
  (weights: TensorLike): Tensor;
  readonly className: string;
  readonly config: Readonly<Record<string, unknown>>;
}

export interface Constraint {
  (weights: TensorLike): Tensor;
  readonly className: string;
  readonly config: Readonly<Record<string, unknown>>;
}

function floatInput(op: string, x: TensorLike): Tensor {
  const t = convertToTensor(x, 'weights', op);
  if (!isFloatDType(t.dtype)) throw new DTypeError(`${op}: 'weights' must be float32 or float64, got ${t.dtype}`);
  return t;
}

function checkScale(op: string, arg: string, scale: unknown): number {
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale < 0) {
    throw new ArgumentError(`${op}: '${arg}' must be a non-negative number, got ${String(scale)}`);
  }
  return scale;
}

function make<T extends Regularizer | Constraint>(className: string, config: Record<string, unknown>, fn: (w: Tensor) => Tensor): T {
  const f = (weights: TensorLike): Tensor => {
    const w = floatInput(className, weights);
    return scoped(className, [w], () => fn(w));
  };
  Object.defineProperty(f, 'name', { value: className });
  return Object.assign(f, { className, config: Object.freeze({ ...config }) }) as unknown as T;
}

/** scale * sum(|w|). A scale of 0 gives a zero penalty. */
export function l1Regularizer(scale: number): Regularizer {
  checkScale('l1Regularizer', 'scale', scale);
  return make('l1Regularizer', { scale }, (w) => mul(sum(abs(w)), scale));
}

/** scale * sum(w^2) / 2, as TF's l2_regularizer (scale * tf.nn.l2_loss(w)). */
export function l2Regularizer(scale: number): Regularizer {
  checkScale('l2Regularizer', 'scale', scale);
  return make('l2Regularizer', { scale }, (w) => mul(sum(square(w)), scale / 2));
}

/** l1Regularizer(scaleL1)(w) + l2Regularizer(scaleL2)(w). */
export function l1l2Regularizer(scaleL1 = 1, scaleL2 = 1): Regularizer {
  checkScale('l1l2Regularizer', 'scaleL1', scaleL1);
  checkScale('l1l2Regularizer', 'scaleL2', scaleL2);
  return make('l1l2Regularizer', { scaleL1, scaleL2 }, (w) => add(mul(sum(abs(w)), scaleL1), mul(sum(square(w)), scaleL2 / 2)));
}

/** sum of regularizers, or null when the list is empty (tf.contrib.layers.sum_regularizer). */
export function sumRegularizer(regularizers: Regularizer[]): Regularizer | null {
  if (regularizers.length === 0) return null;
  return make('sumRegularizer', { count: regularizers.length }, (w) => regularizers.map((r) => r(w)).reduce((a, b) => add(a, b)));
}

/** Keras's epsilon: keeps the norm division finite for all-zero slices. */
const EPSILON = 1e-7;

function norms(op: string, w: Tensor, axis: number | number[]): Tensor {
  const axes = normAxes(op, axis, w.rank);
  return sqrt(sum(square(w), axes, true));
}

/**
 * Keras max_norm: rescales each slice along `axis` (0 = each column of a dense kernel [in, out], i.e. each unit's
 * incoming weights; [0, 1, 2] for a conv kernel [h, w, in, out]) whose L2 norm exceeds maxValue to norm maxValue:
 * w * clip(n, 0, maxValue) / (eps + n).
 */
export function maxNorm(maxValue = 2, axis: number | number[] = 0): Constraint {
  checkPositive('maxNorm', 'maxValue', maxValue);
  return make('maxNorm', { maxValue, axis }, (w) => {
    const n = norms('maxNorm', w, axis);
    return mul(w, div(clipByValue(n, 0, maxValue), add(n, EPSILON)));
  });
}

/** Keras unit_norm: each slice along `axis` divided by its L2 norm (plus eps). */
export function unitNorm(axis: number | number[] = 0): Constraint {
  return make('unitNorm', { axis }, (w) => div(w, add(norms('unitNorm', w, axis), EPSILON)));
}

/** Keras non_neg: negative weights become 0. */
export function nonNeg(): Constraint {
  return make('nonNeg', {}, (w) => mul(w, cast(greaterEqual(w, 0), w.dtype)));
}
