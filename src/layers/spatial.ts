/**
 * Layers that resize the spatial axes of 1-D, 2-D and 3-D data (keras.layers): ZeroPadding1D/2D/3D (zeros at
 * both ends of each axis), Cropping1D/2D/3D (cells cut off both ends), UpSampling1D/2D/3D (each cell repeated,
 * nearest neighbour). The 1-D forms take [batch, steps, features] (no dataFormat, as in Keras); the 2-D and
 * 3-D forms take channelsLast (default) or channelsFirst.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../graph/graph_ops.generated.js';
import { graphAware } from '../graph/op_wrapper.js';
import * as raw from '../ops/index.js';
import { Layer, registerLayer, type LayerArgs, type Shape } from './base_layer.js';
import { baseArgs, checkLayerOptions, intTuple, normDataFormat, requireRank, type DataFormat } from './layer_util.js';

const one = (x: Tensor | Tensor[]): Tensor => (Array.isArray(x) ? x[0]! : x);
const oneShape = (s: Shape | Shape[]): Shape => (Array.isArray(s[0]) ? (s[0] as Shape) : (s as Shape));
const layerShapeOf = (x: Tensor): Shape => x.shape.map((d) => (d < 0 ? null : d));

type Rank = 1 | 2 | 3;
type Pair = [number, number];
type DataFormatArg = DataFormat | 'channels_last' | 'channels_first';
export type SpatialLayerOptions = LayerArgs & { dataFormat?: DataFormatArg };

/**
 * Keras's padding / cropping argument as one [begin, end] pair per spatial axis: n (every side), one number per
 * axis (both sides; for 1-D, the pair [begin, end] itself), or one [begin, end] pair per axis.
 */
function parsePairs(where: string, arg: string, v: unknown, rank: Rank): Pair[] {
  const isCount = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  if (isCount(v)) return Array.from({ length: rank }, () => [v as number, v as number]);
  if (Array.isArray(v)) {
    if (rank === 1 && v.length === 2 && v.every(isCount)) return [[v[0], v[1]]];
    if (v.length === rank && v.every(isCount)) return v.map((n: number) => [n, n]);
    if (v.length === rank && v.every((p) => Array.isArray(p) && p.length === 2 && p.every(isCount))) return v.map((p: Pair) => [p[0], p[1]]);
  }
  const forms = rank === 1 ? 'a non-negative integer or [begin, end]' : `a non-negative integer, a list of ${rank}, or ${rank} [begin, end] pairs`;
  throw new ArgumentError(`${where}: '${arg}' must be ${forms}, got ${JSON.stringify(v)}`);
}

/** The shared parts: the rank, the data format (always channelsLast in 1-D) and where the spatial axes are. */
abstract class SpatialLayer extends Layer {
  readonly dataFormat: DataFormat;

  constructor(readonly rank: Rank, opts: SpatialLayerOptions, keys: readonly string[]) {
    const where = (new.target as unknown as { className: string }).className;
    checkLayerOptions(where, opts, rank === 1 ? keys : [...keys, 'dataFormat']);
    super(baseArgs(opts as Record<string, unknown>));
    this.dataFormat = normDataFormat(where, opts.dataFormat);
  }

  /** The axes of the spatial dimensions in the full (batched) shape. */
  protected spatialAxes(): number[] {
    const first = this.dataFormat === 'channelsFirst' ? 2 : 1;
    return Array.from({ length: this.rank }, (_, i) => first + i);
  }

  protected input(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    requireRank(this.name, layerShapeOf(x), this.rank + 2);
    return x;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), ...(this.rank === 1 ? {} : { dataFormat: this.dataFormat }) };
  }
}

/** Pads the spatial axes with zeros. */
abstract class ZeroPadding extends SpatialLayer {
  readonly padding: Pair[];

  constructor(rank: Rank, padding: unknown, opts: SpatialLayerOptions) {
    super(rank, opts, []);
    this.padding = parsePairs((this.constructor as unknown as { className: string }).className, 'padding', padding, rank);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = this.input(inputs);
    const pads: Pair[] = x.shape.map(() => [0, 0]);
    this.spatialAxes().forEach((a, i) => (pads[a] = this.padding[i]!));
    return ops.pad(x, pads);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = [...oneShape(inputShape)];
    this.spatialAxes().forEach((a, i) => {
      const d = s[a];
      s[a] = d === null || d === undefined ? null : d + this.padding[i]![0] + this.padding[i]![1];
    });
    return s;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: this.padding.map((p) => [...p]) };
  }
}

type PadArg<R extends Rank> = number | (R extends 1 ? Pair : number[] | Pair[]);

/** [batch, steps, features]: padding n, or [begin, end] zeros around the steps (default 1). */
export class ZeroPadding1D extends ZeroPadding {
  static override readonly className: string = 'ZeroPadding1D';
  constructor(padding: PadArg<1> | [Pair] = 1, opts: LayerArgs = {}) {
    super(1, padding, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { padding, ...rest } = c;
    return new ZeroPadding1D(padding as [Pair], rest);
  }
}

/** Pads rows and columns with zeros: padding n, [h, w] (both sides) or [[top, bottom], [left, right]] (default 1). */
export class ZeroPadding2D extends ZeroPadding {
  static override readonly className: string = 'ZeroPadding2D';
  constructor(padding: PadArg<2> = 1, opts: SpatialLayerOptions = {}) {
    super(2, padding, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { padding, ...rest } = c;
    return new ZeroPadding2D(padding as Pair[], rest);
  }
}

/** Pads depth, rows and columns with zeros: n, [d, h, w] or three [begin, end] pairs (default 1). */
export class ZeroPadding3D extends ZeroPadding {
  static override readonly className: string = 'ZeroPadding3D';
  constructor(padding: PadArg<3> = 1, opts: SpatialLayerOptions = {}) {
    super(3, padding, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { padding, ...rest } = c;
    return new ZeroPadding3D(padding as Pair[], rest);
  }
}

/** Cuts cells off both ends of the spatial axes. */
abstract class Cropping extends SpatialLayer {
  readonly cropping: Pair[];

  constructor(rank: Rank, cropping: unknown, opts: SpatialLayerOptions) {
    super(rank, opts, []);
    this.cropping = parsePairs((this.constructor as unknown as { className: string }).className, 'cropping', cropping, rank);
  }

  /** The cropped size of each spatial axis (null where unknown); too large a cropping is a ShapeError. */
  private croppedSizes(shape: Shape): (number | null)[] {
    return this.spatialAxes().map((a, i) => {
      const d = shape[a] ?? null;
      const [b, e] = this.cropping[i]!;
      if (d === null) return null;
      if (b + e > d) {
        throw new ShapeError(`${this.name}: cropping [${b}, ${e}] of axis ${a} is more than its size ${d} (inputs [${shape.map((x) => x ?? '?').join(',')}])`);
      }
      return d - b - e;
    });
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = this.input(inputs);
    const shape = layerShapeOf(x);
    const sizes = this.croppedSizes(shape);
    const begin = x.shape.map(() => 0);
    const size = x.shape.map(() => -1);
    this.spatialAxes().forEach((a, i) => {
      const [b, e] = this.cropping[i]!;
      begin[a] = b;
      // With no end cropping the slice runs to the end (-1), so an unknown size is fine; otherwise it must be known.
      if (e === 0) return;
      if (sizes[i] === null) {
        throw new ShapeError(`${this.name}: cropping the end of axis ${a} needs its size known, got inputs [${shape.map((d) => d ?? '?').join(',')}]`);
      }
      size[a] = sizes[i]!;
    });
    return ops.slice(x, begin, size);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = [...oneShape(inputShape)];
    const sizes = this.croppedSizes(s);
    this.spatialAxes().forEach((a, i) => (s[a] = sizes[i]!));
    return s;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cropping: this.cropping.map((p) => [...p]) };
  }
}

/** [batch, steps, features]: cropping n, or [begin, end] steps cut off (default [1, 1]). */
export class Cropping1D extends Cropping {
  static override readonly className: string = 'Cropping1D';
  constructor(cropping: PadArg<1> | [Pair] = 1, opts: LayerArgs = {}) {
    super(1, cropping, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { cropping, ...rest } = c;
    return new Cropping1D(cropping as [Pair], rest);
  }
}

/** Cuts rows and columns: n, [h, w] (both sides) or [[top, bottom], [left, right]] (default 0). */
export class Cropping2D extends Cropping {
  static override readonly className: string = 'Cropping2D';
  constructor(cropping: PadArg<2> = 0, opts: SpatialLayerOptions = {}) {
    super(2, cropping, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { cropping, ...rest } = c;
    return new Cropping2D(cropping as Pair[], rest);
  }
}

/** Cuts depth, rows and columns: n, [d, h, w] or three [begin, end] pairs (default 1). */
export class Cropping3D extends Cropping {
  static override readonly className: string = 'Cropping3D';
  constructor(cropping: PadArg<3> = 1, opts: SpatialLayerOptions = {}) {
    super(3, cropping, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { cropping, ...rest } = c;
    return new Cropping3D(cropping as Pair[], rest);
  }
}

// Nearest-neighbour upsampling of an NHWC tensor: each pixel repeated sh x sw times (run-time batch size).
const upsampleNHWC = graphAware('upSampling2d', (x: Tensor, sh: number, sw: number): Tensor => {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const t = raw.tile(raw.reshape(x, [b, h, 1, w, 1, c]), [1, 1, sh, 1, sw, 1]);
  return raw.reshape(t, [b, h * sh, w * sw, c]);
});

// The same for an NDHWC tensor: each voxel repeated sd x sh x sw times.
const upsampleNDHWC = graphAware('upSampling3d', (x: Tensor, sd: number, sh: number, sw: number): Tensor => {
  const [b, d, h, w, c] = x.shape as [number, number, number, number, number];
  const t = raw.tile(raw.reshape(x, [b, d, 1, h, 1, w, 1, c]), [1, 1, sd, 1, sh, 1, sw, 1]);
  return raw.reshape(t, [b, d * sd, h * sh, w * sw, c]);
});

export type UpSamplingOptions = SpatialLayerOptions & { size?: number | number[]; interpolation?: 'nearest' };

/** Repeats each cell `size` times along each spatial axis (nearest neighbour). */
abstract class UpSampling extends SpatialLayer {
  readonly size: number[];

  constructor(rank: Rank, opts: UpSamplingOptions) {
    super(rank, opts, rank === 2 ? ['size', 'interpolation'] : ['size']);
    const where = (this.constructor as unknown as { className: string }).className;
    if (opts.interpolation !== undefined && opts.interpolation !== 'nearest') {
      throw new ArgumentError(`${where}: only 'nearest' interpolation is supported, got ${String(opts.interpolation)}`);
    }
    this.size = intTuple(where, 'size', opts.size ?? 2, rank);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = this.input(inputs);
    const s = this.size;
    if (this.rank === 1) return ops.squeeze(upsampleNHWC(ops.expandDims(x, 2), s[0]!, 1), [2]); // [b, w, 1, c]
    const last = this.dataFormat === 'channelsLast';
    const up = (t: Tensor) => (this.rank === 2 ? upsampleNHWC(t, s[0]!, s[1]!) : upsampleNDHWC(t, s[0]!, s[1]!, s[2]!));
    if (last) return up(x);
    const r = x.rank;
    const toLast = [0, ...Array.from({ length: r - 2 }, (_, i) => i + 2), 1];
    const toFirst = [0, r - 1, ...Array.from({ length: r - 2 }, (_, i) => i + 1)];
    return ops.transpose(up(ops.transpose(x, toLast)), toFirst);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = [...oneShape(inputShape)];
    this.spatialAxes().forEach((a, i) => {
      const d = s[a];
      s[a] = d === null || d === undefined ? null : d * this.size[i]!;
    });
    return s;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: [...this.size] };
  }
}

/** [batch, steps, features]: each step repeated `size` times (default 2). */
export class UpSampling1D extends UpSampling {
  static override readonly className: string = 'UpSampling1D';
  constructor(opts: LayerArgs & { size?: number | number[] } = {}) {
    super(1, opts);
  }
}

/** Repeats rows and columns `size` times (default 2). */
export class UpSampling2D extends UpSampling {
  static override readonly className: string = 'UpSampling2D';
  constructor(opts: UpSamplingOptions = {}) {
    super(2, opts);
  }
}

/** Repeats depth, rows and columns `size` times (default 2). */
export class UpSampling3D extends UpSampling {
  static override readonly className: string = 'UpSampling3D';
  constructor(opts: SpatialLayerOptions & { size?: number | number[] } = {}) {
    super(3, opts);
  }
}

for (const cls of [ZeroPadding1D, ZeroPadding2D, ZeroPadding3D, Cropping1D, Cropping2D, Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D]) {
  registerLayer(cls);
}
