/**
 * Gradient clipping (tf.clip_by_norm, tf.clip_by_global_norm, tf.global_norm), written in graph-aware ops: eager
 * tensors give eager results, symbolic ones (gradients from tl.gradients) give nodes to run in a Session. The
 * formulas follow TF's, including its care at a zero norm so that the clipped value and its gradient stay finite.
 */
import { isFloatDType } from '../core/dtype.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import { normAxes } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { add, cast, div, greater, maximum, minimum, mul, onesLike, sqrt, square, sub, sum, where } from '../graph/graph_ops.generated.js';
import { scoped } from './train_util.js';

function floatTensor(op: string, arg: string, x: TensorLike): Tensor {
  const t = convertToTensor(x, arg, op);
  if (!isFloatDType(t.dtype)) throw new DTypeError(`${op}: '${arg}' must be float32 or float64, got ${t.dtype}`);
  return t;
}

/** A JS number must be > 0; a tensor must be a scalar (its value is only known when it runs). */
function clipNormArg(op: string, clipNorm: TensorLike, dtype: Tensor['dtype']): Tensor | number {
  if (typeof clipNorm === 'number') {
    if (!Number.isFinite(clipNorm) || !(clipNorm > 0)) throw new ArgumentError(`${op}: 'clipNorm' must be a positive number, got ${clipNorm}`);
    return clipNorm;
  }
  const t = convertToTensor(clipNorm, 'clipNorm', op, dtype);
  if (t.rank !== 0) throw new ArgumentError(`${op}: 'clipNorm' must be a scalar, got shape [${t.shape.join(',')}]`);
  return t.dtype === dtype ? t : cast(t, dtype);
}

/**
 * t * clipNorm / max(||t||_2, clipNorm), the norm taken over `axes` (all by default; with axes, each slice is
 * clipped on its own). At ||t|| = 0 the result is t (0) with a finite gradient.
 */
export function clipByNorm(t: TensorLike, clipNorm: TensorLike, axes?: number | number[] | null): Tensor {
  const op = 'clipByNorm';
  const x = floatTensor(op, 't', t);
  const ax = normAxes(op, axes, x.rank);
  return scoped('clip_by_norm', [x, clipNorm], () => {
    const c = clipNormArg(op, clipNorm, x.dtype);
    const l2sum = sum(square(x), ax, true);
    // sqrt has an infinite derivative at 0: take it of a safe value where the sum is 0 (TF does the same).
    const positive = greater(l2sum, 0);
    const l2norm = where(positive, sqrt(where(positive, l2sum, onesLike(l2sum))), l2sum);
    return div(mul(x, c), maximum(l2norm, c));
  });
}

/** sqrt(sum over tensors of sum(t^2)); null/undefined entries are skipped (as TF skips None gradients). */
export function globalNorm(tensors: readonly (TensorLike | null | undefined)[]): Tensor {
  const op = 'globalNorm';
  const list = presentTensors(op, tensors);
  return scoped('global_norm', list, () => sqrt(sumOfSquares(list)));
}

function presentTensors(op: string, tensors: readonly (TensorLike | null | undefined)[]): Tensor[] {
  if (!Array.isArray(tensors)) throw new ArgumentError(`${op}: 'tensors' must be an array of tensors`);
  const list: Tensor[] = [];
  tensors.forEach((t, i) => {
    if (t !== null && t !== undefined) list.push(floatTensor(op, `tensors[${i}]`, t));
  });
  if (list.length === 0) throw new ArgumentError(`${op}: 'tensors' has no tensors (every entry is null or undefined)`);
  const dtype = list[0]!.dtype;
  const other = list.find((t) => t.dtype !== dtype);
  if (other) throw new DTypeError(`${op}: every tensor must have the same dtype, got ${dtype} and ${other.dtype}`);
  return list;
}

function sumOfSquares(list: Tensor[]): Tensor {
  return list.map((t) => sum(square(t))).reduce((a, b) => add(a, b));
}

/**
 * Scales every tensor by clipNorm / max(globalNorm, clipNorm) (tf.clip_by_global_norm). Returns the clipped list
 * (null where the input was null) and the global norm of the inputs. `useNorm` replaces the computed norm.
 * An infinite or NaN norm makes every clipped value NaN, as in TF.
 */
export function clipByGlobalNorm(
  tensors: readonly (TensorLike | null | undefined)[],
  clipNorm: TensorLike,
  useNorm?: TensorLike,
): [(Tensor | null)[], Tensor] {
  const op = 'clipByGlobalNorm';
  const list = presentTensors(op, tensors);
  const dtype = list[0]!.dtype;
  const normIn = useNorm === undefined ? undefined : convertToTensor(useNorm, 'useNorm', op, dtype);
  if (normIn && normIn.rank !== 0) throw new ArgumentError(`${op}: 'useNorm' must be a scalar, got shape [${normIn.shape.join(',')}]`);
  return scoped('clip_by_global_norm', [...list, clipNorm, normIn], () => {
    const c = clipNormArg(op, clipNorm, dtype);
    // A fresh tensor even for useNorm, so disposing the result never frees the caller's input.
    const norm = normIn ? cast(normIn, dtype) : sqrt(sumOfSquares(list));
    // clipNorm * min(1 / norm, 1 / clipNorm): 1 at norm 0 (1/0 = inf loses the min); then + (norm - norm) turns
    // an infinite norm into NaN instead of a silent 0.
    const one = typeof c === 'number' ? 1 / c : div(1, c);
    const scale = add(mul(minimum(div(1, norm), one), c), sub(norm, norm));
    let k = 0;
    const clipped = tensors.map((t) => (t === null || t === undefined ? null : mul(list[k++]!, scale)));
    return [clipped, norm] as [(Tensor | null)[], Tensor];
  });
}
