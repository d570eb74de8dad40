/**
 * Learning-rate schedules (tf.train.exponential_decay, piecewise_constant, polynomial_decay, inverse_time_decay,
 * natural_exp_decay, cosine_decay). The step may be a JS number, an eager tensor or Variable (the result is then an
 * eager scalar tensor), or a symbolic tensor / graph variable such as the global step (the result is then a
 * symbolic scalar that follows the step each time a Session runs it).
 */
import { isFloatDType, isIntDType, type DType } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { add, cast, ceil, cos, div, equal, exp, floor, greater, minimum, mul, pow, scalar, sub, where } from '../graph/graph_ops.generated.js';
import { checkFiniteNumber, checkPositive, scoped } from './train_util.js';

export type StepLike = number | Tensor;

/** The learning rate as a float scalar tensor (float32 for a JS number). */
function rateTensor(op: string, arg: string, lr: TensorLike): Tensor {
  if (typeof lr === 'number') return scalar(checkFiniteNumber(op, arg, lr), 'float32');
  const t = convertToTensor(lr, arg, op, 'float32');
  if (!isFloatDType(t.dtype)) throw new DTypeError(`${op}: '${arg}' must be float32 or float64, got ${t.dtype}`);
  if (t.rank !== 0) throw new ShapeError(`${op}: '${arg}' must be a scalar, got shape ${fmtShape(t.shape)}`);
  return t;
}

/** The step checked (a number, or a scalar numeric tensor) and cast to `dtype`. */
function stepTensor(op: string, step: StepLike, dtype: DType, arg = 'globalStep'): Tensor {
  if (typeof step === 'number') return scalar(checkFiniteNumber(op, arg, step), dtype);
  if (!(step instanceof Tensor)) throw new ArgumentError(`${op}: '${arg}' must be a number or a scalar tensor, got ${String(step)}`);
  step.throwIfDisposed(op);
  checkStep(op, arg, step);
  return cast(step, dtype);
}

function checkStep(op: string, arg: string, step: Tensor): void {
  if (step.rank !== 0) throw new ShapeError(`${op}: '${arg}' must be a scalar, got shape ${fmtShape(step.shape)}`);
  if (step.dtype === 'bool') throw new DTypeError(`${op}: '${arg}' must be numeric, got bool`);
}

/** p = step / decaySteps, floored when staircase (shared by the exponential, inverse-time and natural-exp ones). */
function progress(op: string, lr: Tensor, step: StepLike, decaySteps: number, staircase: boolean): Tensor {
  const p = div(stepTensor(op, step, lr.dtype), decaySteps);
  return staircase ? floor(p) : p;
}

/** learningRate * decayRate ^ (step / decaySteps), the exponent floored when staircase. */
export function exponentialDecay(learningRate: TensorLike, globalStep: StepLike, decaySteps: number, decayRate: number, staircase = false): Tensor {
  const op = 'exponentialDecay';
  checkPositive(op, 'decaySteps', decaySteps);
  checkFiniteNumber(op, 'decayRate', decayRate);
  return scoped('ExponentialDecay', [learningRate, globalStep], () => {
    const lr = rateTensor(op, 'learningRate', learningRate);
    return mul(lr, pow(decayRate, progress(op, lr, globalStep, decaySteps, staircase)));
  });
}

/** learningRate / (1 + decayRate * step / decaySteps), the ratio floored when staircase. */
export function inverseTimeDecay(learningRate: TensorLike, globalStep: StepLike, decaySteps: number, decayRate: number, staircase = false): Tensor {
  const op = 'inverseTimeDecay';
  checkPositive(op, 'decaySteps', decaySteps);
  checkFiniteNumber(op, 'decayRate', decayRate);
  return scoped('InverseTimeDecay', [learningRate, globalStep], () => {
    const lr = rateTensor(op, 'learningRate', learningRate);
    return div(lr, add(mul(progress(op, lr, globalStep, decaySteps, staircase), decayRate), 1));
  });
}

/** learningRate * exp(-decayRate * step / decaySteps), the ratio floored when staircase. */
export function naturalExpDecay(learningRate: TensorLike, globalStep: StepLike, decaySteps: number, decayRate: number, staircase = false): Tensor {
  const op = 'naturalExpDecay';
  checkPositive(op, 'decaySteps', decaySteps);
  checkFiniteNumber(op, 'decayRate', decayRate);
  return scoped('NaturalExpDecay', [learningRate, globalStep], () => {
    const lr = rateTensor(op, 'learningRate', learningRate);
    return mul(lr, exp(mul(progress(op, lr, globalStep, decaySteps, staircase), -decayRate)));
  });
}

/**
 * (learningRate - endLearningRate) * (1 - step / decaySteps) ^ power + endLearningRate, with the step held at
 * decaySteps afterwards; with cycle, decaySteps grows to the next multiple of itself above the step instead
 * (decaySteps * ceil(step / decaySteps), and 1 x decaySteps at step 0).
 */
export function polynomialDecay(
  learningRate: TensorLike,
  globalStep: StepLike,
  decaySteps: number,
  endLearningRate = 0.0001,
  power = 1,
  cycle = false,
): Tensor {
  const op = 'polynomialDecay';
  checkPositive(op, 'decaySteps', decaySteps);
  checkFiniteNumber(op, 'endLearningRate', endLearningRate);
  checkFiniteNumber(op, 'power', power);
  return scoped('PolynomialDecay', [learningRate, globalStep], () => {
    const lr = rateTensor(op, 'learningRate', learningRate);
    let step = stepTensor(op, globalStep, lr.dtype);
    let steps: Tensor | number = decaySteps;
    if (cycle) {
      const multiplier = where(equal(step, 0), scalar(1, lr.dtype), ceil(div(step, decaySteps)));
      steps = mul(multiplier, decaySteps);
    } else {
      step = minimum(step, decaySteps);
    }
    const remaining = sub(1, div(step, steps));
    return add(mul(sub(lr, endLearningRate), pow(remaining, power)), endLearningRate);
  });
}

/**
 * learningRate * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decaySteps) / decaySteps)) + alpha)
 * (tf.train.cosine_decay).
 */
export function cosineDecay(learningRate: TensorLike, globalStep: StepLike, decaySteps: number, alpha = 0): Tensor {
  const op = 'cosineDecay';
  checkPositive(op, 'decaySteps', decaySteps);
  checkFiniteNumber(op, 'alpha', alpha);
  return scoped('CosineDecay', [learningRate, globalStep], () => {
    const lr = rateTensor(op, 'learningRate', learningRate);
    const step = minimum(stepTensor(op, globalStep, lr.dtype), decaySteps);
    const cosine = mul(add(cos(mul(div(step, decaySteps), Math.PI)), 1), 0.5);
    return mul(lr, add(mul(cosine, 1 - alpha), alpha));
  });
}

/**
 * values[0] while x <= boundaries[0], values[i] while boundaries[i-1] < x <= boundaries[i], and values[n] after
 * the last boundary (tf.train.piecewise_constant). Boundaries must increase. An integer x (such as the global
 * step) is compared exactly with integer boundaries.
 */
export function piecewiseConstant(x: StepLike, boundaries: readonly number[], values: readonly TensorLike[]): Tensor {
  const op = 'piecewiseConstant';
  if (!Array.isArray(boundaries) || boundaries.length === 0) throw new ArgumentError(`${op}: 'boundaries' must be a non-empty array of numbers`);
  if (!Array.isArray(values) || values.length !== boundaries.length + 1) {
    throw new ArgumentError(`${op}: 'values' must have one more entry than 'boundaries' (${boundaries.length + 1}), got ${Array.isArray(values) ? values.length : String(values)}`);
  }
  boundaries.forEach((b, i) => {
    checkFiniteNumber(op, `boundaries[${i}]`, b);
    if (i > 0 && !(b > boundaries[i - 1]!)) {
      throw new ArgumentError(`${op}: 'boundaries' must be increasing, got ${boundaries[i - 1]} then ${b} at index ${i}`);
    }
  });
  return scoped('PiecewiseConstant', [x, ...values], () => {
    const vals = values.map((v, i) => {
      const t = typeof v === 'number' ? scalar(checkFiniteNumber(op, `values[${i}]`, v), 'float32') : convertToTensor(v, `values[${i}]`, op, 'float32');
      if (t.rank !== 0) throw new ShapeError(`${op}: 'values[${i}]' must be a scalar, got shape ${fmtShape(t.shape)}`);
      return t;
    });
    const dtype = vals[0]!.dtype;
    const odd = vals.findIndex((v) => v.dtype !== dtype);
    if (odd >= 0) throw new DTypeError(`${op}: every value must have the same dtype, got ${dtype} and ${vals[odd]!.dtype} at index ${odd}`);
    if (typeof x === 'number') {
      // A JS step picks its segment at once: the first boundary it does not exceed.
      checkFiniteNumber(op, 'x', x);
      const k = boundaries.findIndex((b) => x <= b);
      return cast(vals[k < 0 ? boundaries.length : k]!, dtype);
    }
    if (!(x instanceof Tensor)) throw new ArgumentError(`${op}: 'x' must be a number or a scalar tensor, got ${String(x)}`);
    checkStep(op, 'x', x);
    // Integer steps stay integers when every boundary is one (exact far past 2^24); otherwise compare in float.
    const xs = isIntDType(x.dtype) && !boundaries.every(Number.isInteger) ? cast(x, 'float32') : x;
    let out: Tensor = vals[0]!;
    boundaries.forEach((b, i) => {
      out = where(greater(xs, b), vals[i + 1]!, out);
    });
    return out;
  });
}
