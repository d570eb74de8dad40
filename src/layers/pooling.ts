/**
 * Pooling layers: MaxPooling1D/2D/3D, AveragePooling1D/2D/3D (windows), GlobalAverage/GlobalMax Pooling1D/2D/3D
 * (a reduction over every spatial axis, optionally keeping the axes with size 1). 1-D pooling runs as 2-D
 * pooling over a height of 1.
 */
import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../graph/graph_ops.generated.js';
import { Layer, registerLayer, type LayerArgs, type Shape } from './base_layer.js';
import {
  baseArgs, checkLayerOptions, convOutLength, intTuple, normDataFormat, normPadding, opsFormat, requireRank,
  type DataFormat, type Padding,
} from './layer_util.js';

const one = (x: Tensor | Tensor[]): Tensor => (Array.isArray(x) ? x[0]! : x);
const oneShape = (s: Shape | Shape[]): Shape => (Array.isArray(s[0]) ? (s[0] as Shape) : (s as Shape));

export interface PoolingOptions extends LayerArgs {
  padding?: Padding | 'VALID' | 'SAME';
  dataFormat?: DataFormat | 'channels_last' | 'channels_first';
}

type PoolKind = 'max' | 'avg';

abstract class Pooling extends Layer {
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: Padding;
  readonly dataFormat: DataFormat;

  constructor(readonly kind: PoolKind, readonly rank: 1 | 2 | 3, poolSize: number | number[], strides: number | number[] | null | undefined, opts: PoolingOptions) {
    const where = `${kind === 'max' ? 'Max' : 'Average'}Pooling${rank}D`;
    checkLayerOptions(where, opts, ['padding', 'dataFormat']);
    super(baseArgs(opts as Record<string, unknown>));
    this.poolSize = intTuple(where, 'poolSize', poolSize, rank);
    // As Keras: strides default to the pool size.
    this.strides = intTuple(where, 'strides', strides ?? this.poolSize, rank);
    this.padding = normPadding(where, opts.padding);
    this.dataFormat = normDataFormat(where, opts.dataFormat);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    requireRank(this.name, x.shape.map((d) => (d < 0 ? null : d)), this.rank + 2);
    const pad = this.padding === 'same' ? 'SAME' : 'VALID';
    if (this.rank === 1) {
      // [b, w, c] -> [b, 1, w, c] (or [b, c, w] -> [b, c, 1, w]) and back.
      const last = this.dataFormat === 'channelsLast';
      const x4 = ops.expandDims(x, last ? 1 : 2);
      const fmt = last ? 'NHWC' : 'NCHW';
      const f = this.kind === 'max' ? ops.maxPool : ops.avgPool;
      return ops.squeeze(f(x4, [1, this.poolSize[0]!], [1, this.strides[0]!], pad, { dataFormat: fmt }), [last ? 1 : 2]);
    }
    if (this.rank === 2) {
      const f = this.kind === 'max' ? ops.maxPool : ops.avgPool;
      return f(x, this.poolSize, this.strides, pad, { dataFormat: opsFormat(this.dataFormat, 2) as 'NHWC' });
    }
    const f = this.kind === 'max' ? ops.maxPool3d : ops.avgPool3d;
    return f(x, this.poolSize, this.strides, pad, { dataFormat: opsFormat(this.dataFormat, 3) as 'NDHWC' });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = oneShape(inputShape);
    const first = this.dataFormat === 'channelsFirst';
    const spatial = first ? s.slice(2) : s.slice(1, -1);
    const out = spatial.map((d, i) => convOutLength(d, this.poolSize[i]!, this.padding, this.strides[i]!));
    return first ? [s[0] ?? null, s[1] ?? null, ...out] : [s[0] ?? null, ...out, s[s.length - 1] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: [...this.poolSize], strides: [...this.strides], padding: this.padding, dataFormat: this.dataFormat };
  }
}

export class MaxPooling1D extends Pooling {
  static override readonly className: string = 'MaxPooling1D';
  constructor(poolSize: number | number[] = 2, strides?: number | number[] | null, opts: PoolingOptions = {}) {
    super('max', 1, poolSize, strides, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { poolSize, strides, ...rest } = c;
    return new MaxPooling1D(poolSize as number[], strides as number[], rest as PoolingOptions);
  }
}

export class MaxPooling2D extends Pooling {
  static override readonly className: string = 'MaxPooling2D';
  constructor(poolSize: number | number[] = 2, strides?: number | number[] | null, opts: PoolingOptions = {}) {
    super('max', 2, poolSize, strides, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { poolSize, strides, ...rest } = c;
    return new MaxPooling2D(poolSize as number[], strides as number[], rest as PoolingOptions);
  }
}

export class MaxPooling3D extends Pooling {
  static override readonly className: string = 'MaxPooling3D';
  constructor(poolSize: number | number[] = 2, strides?: number | number[] | null, opts: PoolingOptions = {}) {
    super('max', 3, poolSize, strides, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { poolSize, strides, ...rest } = c;
    return new MaxPooling3D(poolSize as number[], strides as number[], rest as PoolingOptions);
  }
}

export class AveragePooling1D extends Pooling {
  static override readonly className: string = 'AveragePooling1D';
  constructor(poolSize: number | number[] = 2, strides?: number | number[] | null, opts: PoolingOptions = {}) {
    super('avg', 1, poolSize, strides, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { poolSize, strides, ...rest } = c;
    return new AveragePooling1D(poolSize as number[], strides as number[], rest as PoolingOptions);
  }
}

export class AveragePooling2D extends Pooling {
  static override readonly className: string = 'AveragePooling2D';
  constructor(poolSize: number | number[] = 2, strides?: number | number[] | null, opts: PoolingOptions = {}) {
    super('avg', 2, poolSize, strides, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { poolSize, strides, ...rest } = c;
    return new AveragePooling2D(poolSize as number[], strides as number[], rest as PoolingOptions);
  }
}

export class AveragePooling3D extends Pooling {
  static override readonly className: string = 'AveragePooling3D';
  constructor(poolSize: number | number[] = 2, strides?: number | number[] | null, opts: PoolingOptions = {}) {
    super('avg', 3, poolSize, strides, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { poolSize, strides, ...rest } = c;
    return new AveragePooling3D(poolSize as number[], strides as number[], rest as PoolingOptions);
  }
}

export interface GlobalPoolingOptions extends LayerArgs {
  dataFormat?: DataFormat | 'channels_last' | 'channels_first';
  /** Keep the pooled axes with size 1 (Keras 2.6+), e.g. [batch, 1, 1, channels]; default false: [batch, channels]. */
  keepdims?: boolean;
}

abstract class GlobalPooling extends Layer {
  readonly dataFormat: DataFormat;
  readonly keepdims: boolean;

  constructor(readonly kind: PoolKind, readonly rank: 1 | 2 | 3, opts: GlobalPoolingOptions) {
    const where = `Global${kind === 'max' ? 'Max' : 'Average'}Pooling${rank}D`;
    checkLayerOptions(where, opts, ['dataFormat', 'keepdims']);
    super(baseArgs(opts as Record<string, unknown>));
    this.dataFormat = normDataFormat(where, opts.dataFormat);
    if (opts.keepdims !== undefined && typeof opts.keepdims !== 'boolean') throw new ArgumentError(`${where}: 'keepdims' must be a boolean, got ${String(opts.keepdims)}`);
    this.keepdims = opts.keepdims ?? false;
  }

  /** The spatial axes, pooled away. */
  private axes(): number[] {
    const first = this.dataFormat === 'channelsFirst' ? 2 : 1;
    return Array.from({ length: this.rank }, (_, i) => first + i);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    requireRank(this.name, x.shape.map((d) => (d < 0 ? null : d)), this.rank + 2);
    return this.kind === 'max' ? ops.max(x, this.axes(), this.keepdims) : ops.mean(x, this.axes(), this.keepdims);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = oneShape(inputShape);
    if (this.keepdims) {
      const pooled = new Set(this.axes());
      return s.map((d, i) => (pooled.has(i) ? 1 : d ?? null));
    }
    return [s[0] ?? null, this.dataFormat === 'channelsFirst' ? s[1] ?? null : s[s.length - 1] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dataFormat: this.dataFormat, keepdims: this.keepdims };
  }
}

export class GlobalAveragePooling1D extends GlobalPooling {
  static override readonly className: string = 'GlobalAveragePooling1D';
  constructor(opts: GlobalPoolingOptions = {}) {
    super('avg', 1, opts);
  }
}
export class GlobalAveragePooling2D extends GlobalPooling {
  static override readonly className: string = 'GlobalAveragePooling2D';
  constructor(opts: GlobalPoolingOptions = {}) {
    super('avg', 2, opts);
  }
}
export class GlobalAveragePooling3D extends GlobalPooling {
  static override readonly className: string = 'GlobalAveragePooling3D';
  constructor(opts: GlobalPoolingOptions = {}) {
    super('avg', 3, opts);
  }
}
export class GlobalMaxPooling1D extends GlobalPooling {
  static override readonly className: string = 'GlobalMaxPooling1D';
  constructor(opts: GlobalPoolingOptions = {}) {
    super('max', 1, opts);
  }
}
export class GlobalMaxPooling2D extends GlobalPooling {
  static override readonly className: string = 'GlobalMaxPooling2D';
  constructor(opts: GlobalPoolingOptions = {}) {
    super('max', 2, opts);
  }
}
export class GlobalMaxPooling3D extends GlobalPooling {
  static override readonly className: string = 'GlobalMaxPooling3D';
  constructor(opts: GlobalPoolingOptions = {}) {
    super('max', 3, opts);
  }
}

for (const cls of [
  MaxPooling1D, MaxPooling2D, MaxPooling3D, AveragePooling1D, AveragePooling2D, AveragePooling3D,
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D,
]) registerLayer(cls);
