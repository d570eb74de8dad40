/**
 * Activation and spatial layers Keras has as classes: LeakyReLU, ReLU (with maxValue / negativeSlope /
 * threshold), Softmax (over an axis), ZeroPadding2D, UpSampling2D (nearest neighbour).
 */
import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../graph/graph_ops.generated.js';
import { graphAware } from '../graph/op_wrapper.js';
import * as raw from '../ops/index.js';
import { Layer, registerLayer, type LayerArgs, type Shape } from './base_layer.js';
import { baseArgs, checkLayerOptions, intTuple, normDataFormat, requireRank, type DataFormat } from './layer_util.js';

const one = (x: Tensor | Tensor[]): Tensor => (Array.isArray(x) ? x[0]! : x);
const oneShape = (s: Shape | Shape[]): Shape => (Array.isArray(s[0]) ? (s[0] as Shape) : (s as Shape));

function nonNegative(where: string, arg: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= 0)) throw new ArgumentError(`${where}: '${arg}' must be a number >= 0, got ${String(v)}`);
  return v;
}

/** max(x, alpha * x). */
export class LeakyReLU extends Layer {
  static override readonly className: string = 'LeakyReLU';
  readonly alpha: number;
  constructor(opts: LayerArgs & { alpha?: number } = {}) {
    checkLayerOptions('LeakyReLU', opts, ['alpha']);
    super(baseArgs(opts as Record<string, unknown>));
    this.alpha = nonNegative('LeakyReLU', 'alpha', opts.alpha ?? 0.3);
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    return ops.leakyRelu(one(inputs), this.alpha);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

/** x for x >= threshold, negativeSlope * (x - threshold) below it, capped at maxValue. */
export class ReLU extends Layer {
  static override readonly className: string = 'ReLU';
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;
  constructor(opts: LayerArgs & { maxValue?: number | null; negativeSlope?: number; threshold?: number } = {}) {
    checkLayerOptions('ReLU', opts, ['maxValue', 'negativeSlope', 'threshold']);
    super(baseArgs(opts as Record<string, unknown>));
    this.maxValue = opts.maxValue === undefined || opts.maxValue === null ? null : nonNegative('ReLU', 'maxValue', opts.maxValue);
    this.negativeSlope = nonNegative('ReLU', 'negativeSlope', opts.negativeSlope ?? 0);
    if (typeof (opts.threshold ?? 0) !== 'number') throw new ArgumentError(`ReLU: 'threshold' must be a number, got ${String(opts.threshold)}`);
    this.threshold = opts.threshold ?? 0;
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    let y: Tensor;
    if (this.threshold === 0 && this.negativeSlope === 0) y = ops.relu(x);
    else {
      const above = ops.greaterEqual(x, ops.scalar(this.threshold, x.dtype));
      const below = this.negativeSlope === 0 ? ops.zerosLike(x) : ops.mul(ops.sub(x, this.threshold), this.negativeSlope);
      y = ops.where(above, x, below);
    }
    return this.maxValue === null ? y : ops.minimum(y, ops.scalar(this.maxValue, x.dtype));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), maxValue: this.maxValue, negativeSlope: this.negativeSlope, threshold: this.threshold };
  }
}

/** softmax over `axis` (default -1). */
export class Softmax extends Layer {
  static override readonly className: string = 'Softmax';
  readonly axis: number;
  constructor(opts: LayerArgs & { axis?: number } = {}) {
    checkLayerOptions('Softmax', opts, ['axis']);
    super(baseArgs(opts as Record<string, unknown>));
    this.axis = opts.axis ?? -1;
    if (!Number.isInteger(this.axis)) throw new ArgumentError(`Softmax: 'axis' must be an integer, got ${String(opts.axis)}`);
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    return ops.softmax(one(inputs), this.axis);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

type Pad2 = [[number, number], [number, number]];

/** Pads rows and columns with zeros: padding n, [h, w] (both sides) or [[top, bottom], [left, right]]. */
export class ZeroPadding2D extends Layer {
  static override readonly className: string = 'ZeroPadding2D';
  readonly padding: Pad2;
  readonly dataFormat: DataFormat;
  constructor(padding: number | [number, number] | Pad2 = 1, opts: LayerArgs & { dataFormat?: DataFormat } = {}) {
    checkLayerOptions('ZeroPadding2D', opts, ['dataFormat']);
    super(baseArgs(opts as Record<string, unknown>));
    if (Array.isArray(padding) && Array.isArray(padding[0])) {
      const p = padding as Pad2;
      this.padding = [intTuple('ZeroPadding2D', 'padding', p[0], 2, true), intTuple('ZeroPadding2D', 'padding', p[1], 2, true)] as Pad2;
    } else {
      const [h, w] = intTuple('ZeroPadding2D', 'padding', padding, 2, true) as [number, number];
      this.padding = [[h, h], [w, w]];
    }
    this.dataFormat = normDataFormat('ZeroPadding2D', opts.dataFormat);
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    requireRank(this.name, x.shape.map((d) => (d < 0 ? null : d)), 4);
    const [ph, pw] = this.padding;
    const pads = this.dataFormat === 'channelsLast' ? [[0, 0], ph, pw, [0, 0]] : [[0, 0], [0, 0], ph, pw];
    return ops.pad(x, pads as [number, number][]);
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = [...oneShape(inputShape)];
    const [h, w] = this.dataFormat === 'channelsLast' ? [1, 2] : [2, 3];
    const grow = (d: number | null, p: [number, number]) => (d === null ? null : d + p[0] + p[1]);
    s[h] = grow(s[h] ?? null, this.padding[0]);
    s[w] = grow(s[w] ?? null, this.padding[1]);
    return s;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: this.padding.map((p) => [...p]), dataFormat: this.dataFormat };
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { padding, ...rest } = c;
    return new ZeroPadding2D(padding as Pad2, rest);
  }
}

// Nearest-neighbour upsampling of an NHWC tensor: each pixel repeated sh x sw times (run-time batch size).
const upsampleNHWC = graphAware('upSampling2d', (x: Tensor, sh: number, sw: number): Tensor => {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const t = raw.tile(raw.reshape(x, [b, h, 1, w, 1, c]), [1, 1, sh, 1, sw, 1]);
  return raw.reshape(t, [b, h * sh, w * sw, c]);
});

/** Repeats rows and columns `size` times (nearest neighbour). */
export class UpSampling2D extends Layer {
  static override readonly className: string = 'UpSampling2D';
  readonly size: number[];
  readonly dataFormat: DataFormat;
  constructor(opts: LayerArgs & { size?: number | number[]; dataFormat?: DataFormat; interpolation?: 'nearest' } = {}) {
    checkLayerOptions('UpSampling2D', opts, ['size', 'dataFormat', 'interpolation']);
    super(baseArgs(opts as Record<string, unknown>));
    if (opts.interpolation !== undefined && opts.interpolation !== 'nearest') {
      throw new ArgumentError(`UpSampling2D: only 'nearest' interpolation is supported, got ${String(opts.interpolation)}`);
    }
    this.size = intTuple('UpSampling2D', 'size', opts.size ?? 2, 2);
    this.dataFormat = normDataFormat('UpSampling2D', opts.dataFormat);
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    requireRank(this.name, x.shape.map((d) => (d < 0 ? null : d)), 4);
    const [sh, sw] = this.size as [number, number];
    if (this.dataFormat === 'channelsLast') return upsampleNHWC(x, sh, sw);
    return ops.transpose(upsampleNHWC(ops.transpose(x, [0, 2, 3, 1]), sh, sw), [0, 3, 1, 2]);
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = [...oneShape(inputShape)];
    const [h, w] = this.dataFormat === 'channelsLast' ? [1, 2] : [2, 3];
    s[h] = s[h] === null || s[h] === undefined ? null : s[h]! * this.size[0]!;
    s[w] = s[w] === null || s[w] === undefined ? null : s[w]! * this.size[1]!;
    return s;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: [...this.size], dataFormat: this.dataFormat };
  }
}

for (const cls of [LeakyReLU, ReLU, Softmax, ZeroPadding2D, UpSampling2D]) registerLayer(cls);
