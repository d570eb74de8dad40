/**
 * Random ops. The values are drawn on the host from the seedable `Rng` and uploaded with `ENGINE.makeHostTensor`,
 * so a seed gives the same numbers on every backend (a faster backend never has its own generator), and a graph
 * that only infers shapes draws nothing.
 *
 * Seeds, eagerly: with `seed`, the op draws from a fresh `new Rng(seed)` (the same seed gives the same numbers on
 * every call); without it, from the engine's global stream `ENGINE.rng`, which `tl.setRandomSeed(n)` restarts.
 * In a graph every random op is a stateful node: the Session gives each node its own stream, seeded from the
 * pair (graph seed, op seed) as in TF 1.x (src/graph/random_nodes.ts), and installs it around the call
 * (`withRandomStream`), which takes precedence over both choices above.
 *
 * Shapes may be given as a 1-D int tensor (tl.shape(x)), so noise can follow a batch size known only at run time.
 */
import { allocArray, isDType, type DType } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { ENGINE } from '../core/engine.js';
import { pickRng, type Rng } from '../core/random.js';
import { checkOptions, sizeFromShape, validateShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { shapeArg, type ShapeLike } from './op_util.js';
import { slice } from './slice.js';

const FLOATS: readonly DType[] = ['float32', 'float64'];
const UNIFORM_DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'int64'];

function checkDType(op: string, dtype: unknown, allowed: readonly DType[]): DType {
  if (!isDType(dtype)) throw new DTypeError(`${op}: unknown dtype '${String(dtype)}'`);
  if (!allowed.includes(dtype)) throw new DTypeError(`${op}: dtype ${dtype} is not supported; expected one of ${allowed.join(', ')}`);
  return dtype;
}

function checkFinite(op: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ArgumentError(`${op}: '${arg}' must be a finite number, got ${String(v)}`);
  return v;
}

function checkSeed(op: string, seed: unknown): number | undefined {
  if (seed === undefined || seed === null) return undefined;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new ArgumentError(`${op}: 'seed' must be an integer, got ${String(seed)}`);
  }
  return seed;
}

/** The generator an op draws from (asked when the values are produced, i.e. never while a graph infers shapes). */
function rngFor(op: string, seed: unknown): Rng {
  return pickRng(checkSeed(op, seed), ENGINE.rng);
}

function checkNormalArgs(op: string, mean: number, stddev: number): void {
  checkFinite(op, 'mean', mean);
  checkFinite(op, 'stddev', stddev);
  if (stddev < 0) throw new ArgumentError(`${op}: 'stddev' must be >= 0, got ${stddev}`);
}

/** Samples from a normal distribution N(mean, stddev^2). dtype float32 (default) or float64. */
export function randomNormal(shape: ShapeLike, mean = 0, stddev = 1, dtype: DType = 'float32', seed?: number): Tensor {
  const op = 'randomNormal';
  const s = shapeArg(op, shape);
  checkNormalArgs(op, mean, stddev);
  const d = checkDType(op, dtype, FLOATS);
  checkSeed(op, seed);
  return ENGINE.makeHostTensor(s, d, () => {
    const rng = rngFor(op, seed);
    const out = allocArray(d, sizeFromShape(s)) as Float32Array | Float64Array;
    for (let i = 0; i < out.length; i++) out[i] = mean + stddev * rng.normal();
    return out;
  });
}

/**
 * Samples from a normal distribution truncated to mean ± 2·stddev: a draw farther than two standard
 * deviations is discarded and drawn again, as TF's truncated_normal does (so the spread is about 0.88·stddev).
 */
export function truncatedNormal(shape: ShapeLike, mean = 0, stddev = 1, dtype: DType = 'float32', seed?: number): Tensor {
  const op = 'truncatedNormal';
  const s = shapeArg(op, shape);
  checkNormalArgs(op, mean, stddev);
  const d = checkDType(op, dtype, FLOATS);
  checkSeed(op, seed);
  return ENGINE.makeHostTensor(s, d, () => {
    const rng = rngFor(op, seed);
    const out = allocArray(d, sizeFromShape(s)) as Float32Array | Float64Array;
    for (let i = 0; i < out.length; i++) {
      let z: number;
      do z = rng.normal();
      while (Math.abs(z) > 2);
      out[i] = mean + stddev * z;
    }
    return out;
  });
}

/**
 * Uniform samples in [minval, maxval). Float dtypes: real numbers (a draw that rounds up to maxval in the
 * output dtype is drawn again, so maxval never appears). int32/int64: integers in [minval, maxval), both bounds
 * integers.
 */
export function randomUniform(shape: ShapeLike, minval = 0, maxval = 1, dtype: DType = 'float32', seed?: number): Tensor {
  const op = 'randomUniform';
  const s = shapeArg(op, shape);
  checkFinite(op, 'minval', minval);
  checkFinite(op, 'maxval', maxval);
  const d = checkDType(op, dtype, UNIFORM_DTYPES);
  if (!(minval < maxval)) throw new ArgumentError(`${op}: 'minval' (${minval}) must be less than 'maxval' (${maxval})`);
  checkSeed(op, seed);
  const n = sizeFromShape(s);
  const span = maxval - minval;
  if (d === 'int32' || d === 'int64') {
    if (!Number.isInteger(minval) || !Number.isInteger(maxval)) {
      throw new ArgumentError(`${op}: 'minval' (${minval}) and 'maxval' (${maxval}) must be integers for dtype ${d}`);
    }
    if (d === 'int32' && (minval < -(2 ** 31) || maxval > 2 ** 31)) {
      throw new ArgumentError(`${op}: [${minval}, ${maxval}) does not fit in int32`);
    }
    // uniform() has 53 random bits: floor(u * span) is exact and its bias is below span / 2^53.
    if (span > 2 ** 53) throw new ArgumentError(`${op}: the range [${minval}, ${maxval}) is wider than 2^53`);
    return ENGINE.makeHostTensor(s, d, () => {
      const rng = rngFor(op, seed);
      const out = allocArray(d, n);
      if (d === 'int64') {
        const o = out as BigInt64Array;
        for (let i = 0; i < n; i++) o[i] = BigInt(minval + Math.floor(rng.uniform() * span));
      } else {
        const o = out as Int32Array;
        for (let i = 0; i < n; i++) o[i] = minval + Math.floor(rng.uniform() * span);
      }
      return out;
    });
  }
  if (!Number.isFinite(span)) throw new ArgumentError(`${op}: the range [${minval}, ${maxval}) overflows`);
  return ENGINE.makeHostTensor(s, d, () => {
    const rng = rngFor(op, seed);
    const o = allocArray(d, n) as Float32Array | Float64Array;
    for (let i = 0; i < n; i++) {
      // Rounding (to float64 in the product, or to float32 on store) can reach maxval: draw again then.
      do o[i] = minval + rng.uniform() * span;
      while (o[i]! >= maxval);
    }
    return o;
  });
}

/**
 * Randomly permutes x along axis 0 (Fisher–Yates, every permutation equally likely); rows stay intact.
 * A scalar or a tensor with at most one row comes back unchanged. As in TF, nothing flows back through a
 * shuffle: the result is a new constant for autodiff.
 */
export function randomShuffle(x: TensorLike, seed?: number): Tensor {
  const op = 'randomShuffle';
  const t = convertToTensor(x, 'x', op);
  checkSeed(op, seed);
  return ENGINE.makeHostTensor([...t.shape], t.dtype, () => {
    const rng = rngFor(op, seed);
    const values = t.dataSync();
    if (t.rank === 0 || t.shape[0]! <= 1) return values.slice();
    const rows = t.shape[0]!;
    const rowSize = t.size / rows;
    const out = allocArray(t.dtype, t.size);
    const perm = new Int32Array(rows);
    for (let i = 0; i < rows; i++) perm[i] = i;
    for (let i = rows - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const tmp = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = tmp;
    }
    for (let i = 0; i < rows; i++) {
      const src = perm[i]! * rowSize;
      // Same typed-array kind on both sides, so set() copies the row without conversion.
      (out as Float64Array).set((values as Float64Array).subarray(src, src + rowSize), i * rowSize);
    }
    return out;
  });
}

export interface MultinomialOptions {
  /** Op-level seed (see the file comment). */
  seed?: number;
  /** int32 (default) or int64. */
  outputDtype?: 'int32' | 'int64';
}

/**
 * Draws class indices from categorical distributions (tf.multinomial / tf.random.categorical): `logits`
 * [batch, classes] holds unnormalized log-probabilities; the result [batch, numSamples] holds indices drawn
 * independently with probability softmax(logits) per row. A class with logit -Infinity is never drawn; a row
 * whose logits are all -Infinity (or NaN) is an error when it runs. No gradient (TF has none).
 */
export function multinomial(logits: TensorLike, numSamples: number, opts: MultinomialOptions = {}): Tensor {
  const op = 'multinomial';
  checkOptions(op, opts, ['seed', 'outputDtype']);
  opts ??= {};
  const l = convertToTensor(logits, 'logits', op);
  if (l.dtype !== 'float32' && l.dtype !== 'float64') throw new DTypeError(`${op}: 'logits' must be float32 or float64, got ${l.dtype}`);
  if (l.rank !== 2) throw new ShapeError(`${op}: 'logits' must be 2-D [batch, classes], got shape ${fmtShape(l.shape)}`);
  if (typeof numSamples !== 'number' || !Number.isSafeInteger(numSamples) || numSamples < 0) {
    throw new ArgumentError(`${op}: 'numSamples' must be a non-negative integer, got ${String(numSamples)}`);
  }
  const outDType = opts.outputDtype ?? 'int32';
  if (outDType !== 'int32' && outDType !== 'int64') throw new DTypeError(`${op}: 'outputDtype' must be int32 or int64, got ${String(outDType)}`);
  const seed = checkSeed(op, opts.seed);
  const [batch, classes] = l.shape as [number, number];
  if (classes === 0 && batch > 0 && numSamples > 0) throw new ShapeError(`${op}: 'logits' ${fmtShape(l.shape)} has no classes to draw from`);
  // The output's size is bounded like any shape (2^31-1 elements) before anything is allocated or drawn.
  validateShape(op, [batch, numSamples], 'output shape [batch, numSamples]');
  return ENGINE.makeHostTensor([batch, numSamples], outDType, () => {
    const rng = rngFor(op, seed);
    const x = l.dataSync() as Float32Array | Float64Array;
    const out = allocArray(outDType, batch * numSamples);
    const cdf = new Float64Array(classes);
    for (let b = 0; b < batch; b++) {
      const row = x.subarray(b * classes, (b + 1) * classes);
      let max = -Infinity;
      for (const v of row) if (v > max) max = v;
      let total = 0;
      for (let c = 0; c < classes; c++) {
        // exp(l - max) keeps every weight in [0, 1]; a -Infinity logit weighs exactly 0.
        total += row[c]! === -Infinity ? 0 : Math.exp(row[c]! - max);
        cdf[c] = total;
      }
      if (!(total > 0) || !Number.isFinite(total)) {
        throw new ArgumentError(`${op}: row ${b} of 'logits' has no finite logit (all -Infinity or NaN)`);
      }
      for (let k = 0; k < numSamples; k++) {
        const u = rng.uniform() * total;
        // First class whose cumulative weight exceeds u (binary search; ties of zero weight are skipped).
        let lo = 0;
        let hi = classes - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[mid]! > u) hi = mid;
          else lo = mid + 1;
        }
        if (outDType === 'int64') (out as BigInt64Array)[b * numSamples + k] = BigInt(lo);
        else (out as Int32Array)[b * numSamples + k] = lo;
      }
    }
    return out;
  });
}

export interface RandomCropOptions {
  /** Op-level seed (see the file comment). */
  seed?: number;
}

/**
 * A slice of `value` of shape `size` at a uniformly random offset (tf.random_crop): in each dimension the offset
 * is drawn from [0, value.shape[i] - size[i]]. Gradients flow to the cropped window, as through tl.slice.
 */
export function randomCrop(value: TensorLike, size: ShapeLike, opts: RandomCropOptions = {}): Tensor {
  const op = 'randomCrop';
  checkOptions(op, opts, ['seed']);
  opts ??= {};
  const t = convertToTensor(value, 'value', op);
  const s = shapeArg(op, size, 'size');
  if (s.length !== t.rank) {
    throw new ShapeError(`${op}: 'size' ${fmtShape(s)} must have one entry per dimension of 'value' ${fmtShape(t.shape)}`);
  }
  s.forEach((d, i) => {
    if (d > t.shape[i]!) throw new ShapeError(`${op}: 'size' ${fmtShape(s)} is larger than 'value' ${fmtShape(t.shape)} in dimension ${i}`);
  });
  const rng = rngFor(op, checkSeed(op, opts.seed));
  const begin = s.map((d, i) => rng.int(t.shape[i]! - d + 1));
  return slice(t, begin, s);
}
