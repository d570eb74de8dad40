/**
 * Regularization layers that perturb their inputs only when training (the identity in inference), as
 * keras.layers has them: SpatialDropout1D/2D/3D (whole feature maps dropped), GaussianDropout (multiplicative
 * N(1, rate / (1 - rate)) noise) and AlphaDropout (dropout that keeps SELU's zero mean and unit variance).
 * The noise is drawn by the random ops, so in a graph each run draws anew (seeded by the graph and `seed`).
 */
import { ArgumentError } from '../core/errors.js';
import { SELU_ALPHA, SELU_SCALE } from '../core/selu_constants.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../graph/graph_ops.generated.js';
import { Layer, registerLayer, type CallArgs, type LayerArgs } from './base_layer.js';
import { baseArgs, checkLayerOptions, inTraining, normDataFormat, rateIn01, requireRank, type DataFormat } from './layer_util.js';

const one = (x: Tensor | Tensor[]): Tensor => (Array.isArray(x) ? x[0]! : x);

function checkSeed(where: string, seed: unknown): number | undefined {
  if (seed === undefined || seed === null) return undefined;
  if (!Number.isSafeInteger(seed)) throw new ArgumentError(`${where}: 'seed' must be an integer, got ${String(seed)}`);
  return seed as number;
}

export interface SpatialDropoutOptions extends LayerArgs {
  dataFormat?: DataFormat | 'channels_last' | 'channels_first';
  seed?: number;
}

/**
 * Dropout of whole channels: one keep/drop draw per (example, channel), shared across the spatial axes, so
 * neighbouring (correlated) cells are dropped together. Kept channels are scaled by 1 / (1 - rate).
 */
abstract class SpatialDropout extends Layer {
  readonly rate: number;
  readonly dataFormat: DataFormat;
  readonly seed?: number;

  constructor(readonly rank: 1 | 2 | 3, rate: number, opts: SpatialDropoutOptions) {
    const where = (new.target as unknown as { className: string }).className;
    // SpatialDropout1D has no dataFormat in Keras: its inputs are [batch, steps, channels].
    checkLayerOptions(where, opts, rank === 1 ? ['seed'] : ['dataFormat', 'seed']);
    super(baseArgs(opts as Record<string, unknown>));
    this.rate = rateIn01(where, 'rate', rate);
    this.dataFormat = normDataFormat(where, opts.dataFormat);
    this.seed = checkSeed(where, opts.seed);
  }

  /** [batch, 1, ..., channels] (or [batch, channels, 1, ...]): null takes the input's size at run time. */
  noiseShape(): (number | null)[] {
    const ones = new Array<number | null>(this.rank).fill(1);
    return this.dataFormat === 'channelsLast' ? [null, ...ones, null] : [null, null, ...ones];
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = one(inputs);
    requireRank(this.name, x.shape.map((d) => (d < 0 ? null : d)), this.rank + 2);
    const opts = { noiseShape: this.noiseShape(), ...(this.seed !== undefined ? { seed: this.seed } : {}) };
    return inTraining(args.training, () => ops.dropout(x, this.rate, opts), () => ops.identity(x));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, ...(this.rank === 1 ? {} : { dataFormat: this.dataFormat }), seed: this.seed ?? null };
  }
}

/** Rebuilds a layer whose constructor takes (rate, opts), dropping a null seed. */
function fromRateConfig<T>(make: (rate: number, opts: Record<string, unknown>) => T, c: Record<string, unknown>): T {
  const { rate, seed, ...rest } = c;
  return make(rate as number, { ...rest, ...(seed !== null && seed !== undefined ? { seed } : {}) });
}

/** [batch, steps, channels]: drops whole channels (the same for every step). */
export class SpatialDropout1D extends SpatialDropout {
  static override readonly className: string = 'SpatialDropout1D';
  constructor(rate: number, opts: LayerArgs & { seed?: number } = {}) {
    super(1, rate, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    return fromRateConfig((r, o) => new SpatialDropout1D(r, o), c);
  }
}

/** Images: drops whole feature maps. */
export class SpatialDropout2D extends SpatialDropout {
  static override readonly className: string = 'SpatialDropout2D';
  constructor(rate: number, opts: SpatialDropoutOptions = {}) {
    super(2, rate, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    return fromRateConfig((r, o) => new SpatialDropout2D(r, o), c);
  }
}

/** Volumes: drops whole feature volumes. */
export class SpatialDropout3D extends SpatialDropout {
  static override readonly className: string = 'SpatialDropout3D';
  constructor(rate: number, opts: SpatialDropoutOptions = {}) {
    super(3, rate, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    return fromRateConfig((r, o) => new SpatialDropout3D(r, o), c);
  }
}

/** Multiplies by noise from N(1, rate / (1 - rate)) when training: the same variance as dropout at `rate`. */
export class GaussianDropout extends Layer {
  static override readonly className: string = 'GaussianDropout';
  readonly rate: number;
  readonly seed?: number;

  constructor(rate: number, opts: LayerArgs & { seed?: number } = {}) {
    checkLayerOptions('GaussianDropout', opts, ['seed']);
    super(baseArgs(opts as Record<string, unknown>));
    this.rate = rateIn01('GaussianDropout', 'rate', rate);
    this.seed = checkSeed('GaussianDropout', opts.seed);
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = one(inputs);
    if (this.rate === 0) return ops.identity(x);
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    // The noise takes x's run-time shape (tl.shape), so one graph serves every batch size.
    return inTraining(args.training, () => ops.mul(x, ops.randomNormal(ops.shape(x), 1, stddev, x.dtype, this.seed)), () => ops.identity(x));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed ?? null };
  }

  static override fromConfig(c: Record<string, unknown>): Layer {
    return fromRateConfig((r, o) => new GaussianDropout(r, o), c);
  }
}

/**
 * Alpha dropout (Klambauer et al. 2017), for SELU networks: dropped inputs are set to SELU's negative
 * saturation -scale * alpha instead of 0, then an affine map a * x + b restores the mean and variance the
 * inputs had, with a = ((1 - rate) (1 + rate alpha'^2))^-1/2 and b = -a alpha' rate (alpha' = -scale * alpha),
 * as Keras computes them.
 */
export class AlphaDropout extends Layer {
  static override readonly className: string = 'AlphaDropout';
  readonly rate: number;
  readonly noiseShape?: (number | null)[];
  readonly seed?: number;

  constructor(rate: number, opts: LayerArgs & { noiseShape?: (number | null)[] | null; seed?: number } = {}) {
    checkLayerOptions('AlphaDropout', opts, ['noiseShape', 'seed']);
    super(baseArgs(opts as Record<string, unknown>));
    this.rate = rateIn01('AlphaDropout', 'rate', rate);
    this.seed = checkSeed('AlphaDropout', opts.seed);
    const ns = opts.noiseShape;
    if (ns !== undefined && ns !== null) {
      if (!Array.isArray(ns) || ns.some((d) => d !== null && !(Number.isInteger(d) && d >= 0))) {
        throw new ArgumentError(`AlphaDropout: 'noiseShape' must be a list of non-negative integers or null, got ${JSON.stringify(ns)}`);
      }
      this.noiseShape = [...ns];
    }
  }

  /** The mask's shape as a 1-D int tensor: noiseShape with null entries taken from x's run-time shape. */
  private maskShape(x: Tensor): Tensor {
    const full = ops.shape(x);
    const ns = this.noiseShape;
    if (!ns) return full;
    if (ns.length !== x.rank) {
      throw new ArgumentError(`${this.name}: 'noiseShape' ${JSON.stringify(ns)} must have one entry per dimension of the inputs [${x.shape.join(',')}]`);
    }
    if (ns.every((d) => d !== null)) return ops.tensor(ns as number[], [ns.length], 'int32');
    return ops.concat(ns.map((d, i) => (d === null ? ops.slice(full, [i], [1]) : ops.tensor([d], [1], 'int32'))), 0);
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = one(inputs);
    if (this.rate === 0) return ops.identity(x);
    const rate = this.rate;
    const alphaP = -SELU_ALPHA * SELU_SCALE;
    const a = ((1 - rate) * (1 + rate * alphaP * alphaP)) ** -0.5;
    const b = -a * alphaP * rate;
    return inTraining(args.training, () => {
      const u = ops.randomUniform(this.maskShape(x), 0, 1, x.dtype, this.seed);
      const kept = ops.cast(ops.greaterEqual(u, ops.scalar(rate, x.dtype)), x.dtype);
      // x where kept, alpha' where dropped; then the affine correction.
      const dropped = ops.add(ops.mul(x, kept), ops.mul(ops.sub(ops.scalar(1, x.dtype), kept), alphaP));
      return ops.add(ops.mul(dropped, a), b);
    }, () => ops.identity(x));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape ?? null, seed: this.seed ?? null };
  }

  static override fromConfig(c: Record<string, unknown>): Layer {
    return fromRateConfig((r, o) => new AlphaDropout(r, o), c);
  }
}

for (const cls of [SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, GaussianDropout, AlphaDropout]) registerLayer(cls);
