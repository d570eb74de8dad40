/** tf.nn.dropout (TF 1.x with `rate`). */
import { FLOAT_DTYPES, assertDType, allocArray } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, ShapeError, fmtShape } from '../core/errors.js';
import { pickRng } from '../core/random.js';
import { broadcastShapes, checkOptions, shapesEqual, sizeFromShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { mul } from './arithmetic.js';
import { identity } from './cast.js';

export interface DropoutOptions {
  /**
   * Shape of the keep/drop mask, broadcast to x's shape: e.g. [batch, 1, 1, channels] drops whole feature maps.
   * null (or -1) entries take x's size in that dimension, as TF's None does. Default: x's shape.
   */
  noiseShape?: readonly (number | null)[];
  /**
   * Op-level seed. Eagerly, a private stream: the same seed gives the same mask. In a graph, the node's stream
   * comes from (graph seed, op seed), and each run draws a fresh mask. Default: the global stream.
   */
  seed?: number;
  /** TF 1.x's keep_prob, in (0, 1]: the same as rate = 1 - keepProb (give one of the two). */
  keepProb?: number;
}

/** The mask's shape: noiseShape with null/-1 filled from x, checked to broadcast to x without growing it. */
function resolveNoiseShape(op: string, xShape: readonly number[], noiseShape: readonly (number | null)[] | undefined): number[] {
  if (noiseShape === undefined || noiseShape === null) return [...xShape];
  if (!Array.isArray(noiseShape)) throw new ArgumentError(`${op}: 'noiseShape' must be an array, got ${JSON.stringify(noiseShape)}`);
  const off = xShape.length - noiseShape.length;
  const shape = noiseShape.map((d, i) => {
    if (d === null || d === -1) {
      if (i + off < 0) throw new ShapeError(`${op}: 'noiseShape' ${JSON.stringify(noiseShape)} has more dimensions than x ${fmtShape(xShape)}`);
      return xShape[i + off]!;
    }
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: 'noiseShape' ${JSON.stringify(noiseShape)} has an invalid dimension ${d}`);
    return d;
  });
  let ok: boolean;
  try {
    ok = shapesEqual(broadcastShapes(op, shape, xShape, ['noiseShape', 'x']), xShape);
  } catch {
    ok = false;
  }
  if (!ok) throw new ShapeError(`${op}: 'noiseShape' ${fmtShape(shape)} must broadcast to the shape of x ${fmtShape(xShape)} (each dimension equal or 1)`);
  return shape;
}

/**
 * Keeps each element with probability 1 - rate, scaled by 1 / (1 - rate), and zeroes the rest, so the expected
 * value is unchanged. rate 0 returns x unchanged (a new handle on the same data).
 *
 * The mask is drawn on the host from the seeded generator (a private one for `seed`, else the engine's stream,
 * reproducible after tl.setRandomSeed), so every backend gets the same mask; x is then multiplied by it and
 * the gradient follows from the multiplication (dy times the same mask). An element is kept when its uniform
 * draw u in [0, 1) satisfies u >= rate, as TF's `random_uniform >= rate`.
 */
export function dropout(x: TensorLike, rate?: number | null, opts: DropoutOptions = {}): Tensor {
  // tidy: the mask (and x, when converted from JS values) are intermediates; the tape keeps its own references.
  return ENGINE.tidy(() => dropoutImpl(x, rate, opts));
}

function dropoutImpl(x: TensorLike, rateArg: number | null | undefined, opts: DropoutOptions): Tensor {
  const op = 'dropout';
  checkOptions(op, opts, ['noiseShape', 'seed', 'keepProb']);
  opts ??= {};
  const t = convertToTensor(x, 'x', op);
  assertDType(op, 'x', t.dtype, FLOAT_DTYPES);
  const rate = resolveRate(op, rateArg, opts.keepProb);
  if (opts.seed !== undefined && (typeof opts.seed !== 'number' || !Number.isFinite(opts.seed))) {
    throw new ArgumentError(`${op}: 'seed' must be a finite number, got ${String(opts.seed)}`);
  }
  const maskShape = resolveNoiseShape(op, t.shape, opts.noiseShape);
  if (rate === 0) return identity(t);
  const scale = 1 / (1 - rate);
  const mask = ENGINE.makeHostTensor(maskShape, t.dtype, () => {
    const rng = pickRng(opts.seed, ENGINE.rng);
    const n = sizeFromShape(maskShape);
    const values = allocArray(t.dtype, n) as Float32Array | Float64Array;
    for (let i = 0; i < n; i++) values[i] = rng.uniform() >= rate ? scale : 0;
    return values;
  });
  return mul(t, mask);
}

/** rate from either `rate` or TF 1.x's `keepProb` (exactly one given). */
function resolveRate(op: string, rate: number | null | undefined, keepProb: number | undefined): number {
  const hasRate = rate !== undefined && rate !== null;
  if (hasRate === (keepProb !== undefined)) {
    throw new ArgumentError(`${op}: give exactly one of 'rate' and 'keepProb', got rate ${String(rate)} and keepProb ${String(keepProb)}`);
  }
  if (!hasRate) {
    if (typeof keepProb !== 'number' || !(keepProb > 0 && keepProb <= 1)) {
      throw new ArgumentError(`${op}: 'keepProb' must be a number in (0, 1], got ${String(keepProb)}`);
    }
    return 1 - keepProb;
  }
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
    throw new ArgumentError(`${op}: 'rate' must be a number in [0, 1), got ${String(rate)}`);
  }
  return rate;
}
