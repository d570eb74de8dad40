/**
 * Convolution layers: Conv1D, Conv2D, Conv3D and their transposes Conv1DTranspose, Conv2DTranspose,
 * Conv3DTranspose (tf.layers / keras.layers); the depthwise and separable ones are in separable_conv.ts.
 * Kernels are [...kernelSize, inChannels, filters] (HWIO), channelsLast by default; the ops do the arithmetic.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Variable } from '../core/variable.js';
import * as ops from '../graph/graph_ops.generated.js';
import { Layer, registerLayer, type Shape } from './base_layer.js';
import { KERNEL_LAYER_KEYS, KernelParams, setActivityRegularizer, type KernelLayerOptions } from './core.js';
import {
  baseArgs, checkLayerOptions, convOutLength, deconvOutLength, intTuple, knownDim, normDataFormat, normPadding, opsFormat,
  positiveInt, requireRank, type DataFormat, type Padding,
} from './layer_util.js';

const one = (x: Tensor | Tensor[]): Tensor => (Array.isArray(x) ? x[0]! : x);
const oneShape = (s: Shape | Shape[]): Shape => (Array.isArray(s[0]) ? (s[0] as Shape) : (s as Shape));

export interface ConvOptions extends KernelLayerOptions {
  strides?: number | number[];
  padding?: Padding | 'VALID' | 'SAME';
  dataFormat?: DataFormat | 'channels_last' | 'channels_first';
  dilationRate?: number | number[];
}

export interface ConvTransposeOptions extends ConvOptions {
  /** Keras's output_padding: extra cells at the end of each spatial axis (a number or one per axis, each < stride). */
  outputPadding?: number | number[] | null;
}

const CONV_KEYS = [...KERNEL_LAYER_KEYS, 'strides', 'padding', 'dataFormat', 'dilationRate'] as const;

/** Adds a [C] bias on the channels axis (last, or 1 for channelsFirst). */
export function addBias(y: Tensor, bias: Variable | undefined, df: DataFormat): Tensor {
  if (!bias) return y;
  if (df === 'channelsLast') return ops.add(y, bias);
  return ops.add(y, ops.reshape(bias, [bias.shape[0]!, ...new Array<number>(y.rank - 2).fill(1)]));
}

/** The N-d convolution layer behind Conv1D, Conv2D and Conv3D. */
export abstract class Conv extends Layer {
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: Padding;
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly params: KernelParams;
  kernel?: Variable;
  bias?: Variable;

  constructor(readonly rank: 1 | 2 | 3, filters: number, kernelSize: number | number[], opts: ConvOptions, extraKeys: readonly string[] = []) {
    // The concrete class's name (Conv2DTranspose, SeparableConv2D), as the user wrote it.
    const where = (new.target as { className?: string }).className ?? `Conv${rank}D`;
    checkLayerOptions(where, opts, [...CONV_KEYS, ...extraKeys]);
    super(baseArgs(opts as Record<string, unknown>));
    this.filters = positiveInt(where, 'filters', filters);
    this.kernelSize = intTuple(where, 'kernelSize', kernelSize, rank);
    this.strides = intTuple(where, 'strides', opts.strides ?? 1, rank);
    this.padding = normPadding(where, opts.padding);
    this.dataFormat = normDataFormat(where, opts.dataFormat);
    this.dilationRate = intTuple(where, 'dilationRate', opts.dilationRate ?? 1, rank);
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new ArgumentError(`${where}: strides > 1 together with dilationRate > 1 is not supported (as in TF)`);
    }
    this.params = new KernelParams(where, opts);
    setActivityRegularizer(this, opts.activityRegularizer);
  }

  protected channelAxis(rank: number): number {
    return this.dataFormat === 'channelsLast' ? rank - 1 : 1;
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = oneShape(inputShape);
    requireRank(this.name, s, this.rank + 2);
    const inC = knownDim(this.name, s, this.channelAxis(s.length), 'channels');
    this.kernel = this.params.kernel(this, [...this.kernelSize, inC, this.filters]);
    this.bias = this.params.bias(this, [this.filters]);
    super.build(inputShape);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    const pad = this.padding === 'same' ? 'SAME' : 'VALID';
    const fmt = opsFormat(this.dataFormat, this.rank);
    let y: Tensor;
    if (this.rank === 1) y = ops.conv1d(x, this.kernel!, this.strides[0]!, pad, { dataFormat: fmt as 'NWC', dilation: this.dilationRate[0]! });
    else if (this.rank === 2) y = ops.conv2d(x, this.kernel!, this.strides, pad, { dataFormat: fmt as 'NHWC', dilations: this.dilationRate });
    else y = ops.conv3d(x, this.kernel!, this.strides, pad, { dataFormat: fmt as 'NDHWC', dilations: this.dilationRate });
    return this.params.activation(addBias(y, this.bias, this.dataFormat));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = oneShape(inputShape);
    const first = this.dataFormat === 'channelsFirst';
    const spatial = first ? s.slice(2) : s.slice(1, -1);
    const out = spatial.map((d, i) => convOutLength(d, this.kernelSize[i]!, this.padding, this.strides[i]!, this.dilationRate[i]!));
    return first ? [s[0] ?? null, this.filters, ...out] : [s[0] ?? null, ...out, this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), filters: this.filters, kernelSize: [...this.kernelSize], strides: [...this.strides], padding: this.padding,
      dataFormat: this.dataFormat, dilationRate: [...this.dilationRate], ...this.params.config(this),
    };
  }

  /** Every concrete conv class takes (filters, kernelSize, opts): rebuilt from its config with those arguments. */
  static override fromConfig(this: unknown, c: Record<string, unknown>): Layer {
    const cls = this as new (filters: number, kernelSize: number[], opts: ConvOptions) => Layer;
    const { filters, kernelSize, ...rest } = c;
    return new cls(filters as number, kernelSize as number[], rest as ConvOptions);
  }
}

export class Conv1D extends Conv {
  static override readonly className: string = 'Conv1D';
  constructor(filters: number, kernelSize: number | number[], opts: ConvOptions = {}) {
    super(1, filters, kernelSize, opts);
  }
}

export class Conv2D extends Conv {
  static override readonly className: string = 'Conv2D';
  constructor(filters: number, kernelSize: number | number[], opts: ConvOptions = {}) {
    super(2, filters, kernelSize, opts);
  }
}

export class Conv3D extends Conv {
  static override readonly className: string = 'Conv3D';
  constructor(filters: number, kernelSize: number | number[], opts: ConvOptions = {}) {
    super(3, filters, kernelSize, opts);
  }
}

/**
 * Transposed convolution (the gradient of the convolution with respect to its input), kernel
 * [...kernelSize, filters, inC]. 1-D runs as 2-D over a height of 1. The output batch -1 is the input's (so one
 * graph serves any batch size).
 */
export abstract class ConvTranspose extends Conv {
  /** Keras's output_padding: extra cells at the end of each spatial axis (each < its stride), or null. */
  readonly outputPadding: number[] | null;

  constructor(rank: 1 | 2 | 3, filters: number, kernelSize: number | number[], opts: ConvTransposeOptions) {
    super(rank, filters, kernelSize, opts, ['outputPadding']);
    const where = (new.target as { className?: string }).className ?? `Conv${rank}DTranspose`;
    const op = opts.outputPadding;
    this.outputPadding = op === undefined || op === null ? null : intTuple(where, 'outputPadding', op, rank, true);
    this.outputPadding?.forEach((p, i) => {
      if (p >= this.strides[i]! && p >= this.dilationRate[i]!) {
        throw new ArgumentError(`${where}: 'outputPadding' ${p} must be smaller than the stride ${this.strides[i]} or the dilation ${this.dilationRate[i]} (axis ${i})`);
      }
    });
  }

  private outLengths(spatialIn: (number | null)[]): (number | null)[] {
    return spatialIn.map((d, i) => deconvOutLength(d, this.kernelSize[i]!, this.padding, this.strides[i]!, this.outputPadding?.[i] ?? null, this.dilationRate[i]!));
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = oneShape(inputShape);
    requireRank(this.name, s, this.rank + 2);
    const inC = knownDim(this.name, s, this.channelAxis(s.length), 'channels');
    this.kernel = this.params.kernel(this, [...this.kernelSize, this.filters, inC]);
    this.bias = this.params.bias(this, [this.filters]);
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    const last = this.dataFormat === 'channelsLast';
    const spatialIn = last ? x.shape.slice(1, -1) : x.shape.slice(2);
    if (spatialIn.some((d) => d < 0)) throw new ShapeError(`${this.name}: the spatial dimensions of the inputs must be known, got [${x.shape.join(',')}]`);
    const spatial = this.outLengths(spatialIn) as number[];
    const pad = this.padding === 'same' ? 'SAME' : 'VALID';
    let y: Tensor;
    if (this.rank === 1) {
      // [b, w, c] -> [b, 1, w, c] (or [b, c, w] -> [b, c, 1, w]) with a [1, k, filters, inC] kernel, and back.
      const hAxis = last ? 1 : 2;
      const outShape = last ? [-1, 1, spatial[0]!, this.filters] : [-1, this.filters, 1, spatial[0]!];
      const y4 = ops.conv2dTranspose(ops.expandDims(x, hAxis), ops.expandDims(this.kernel!, 0), outShape, [1, this.strides[0]!], pad, {
        dataFormat: last ? 'NHWC' : 'NCHW', dilations: [1, this.dilationRate[0]!],
      });
      y = ops.squeeze(y4, [hAxis]);
    } else if (this.rank === 2) {
      const outShape = last ? [-1, ...spatial, this.filters] : [-1, this.filters, ...spatial];
      y = ops.conv2dTranspose(x, this.kernel!, outShape, this.strides, pad, { dataFormat: last ? 'NHWC' : 'NCHW', dilations: this.dilationRate });
    } else {
      const outShape = last ? [-1, ...spatial, this.filters] : [-1, this.filters, ...spatial];
      y = ops.conv3dTranspose(x, this.kernel!, outShape, this.strides, pad, { dataFormat: last ? 'NDHWC' : 'NCDHW', dilations: this.dilationRate });
    }
    return this.params.activation(addBias(y, this.bias, this.dataFormat));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = oneShape(inputShape);
    const first = this.dataFormat === 'channelsFirst';
    const spatial = first ? s.slice(2) : s.slice(1, -1);
    const out = this.outLengths(spatial);
    return first ? [s[0] ?? null, this.filters, ...out] : [s[0] ?? null, ...out, this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), outputPadding: this.outputPadding ? [...this.outputPadding] : null };
  }
}

/** Transposed 1-D convolution; kernel [k, filters, inC]. */
export class Conv1DTranspose extends ConvTranspose {
  static override readonly className: string = 'Conv1DTranspose';
  constructor(filters: number, kernelSize: number | number[], opts: ConvTransposeOptions = {}) {
    super(1, filters, kernelSize, opts);
  }
}

/** Transposed 2-D convolution; kernel [kh, kw, filters, inC]. */
export class Conv2DTranspose extends ConvTranspose {
  static override readonly className: string = 'Conv2DTranspose';
  constructor(filters: number, kernelSize: number | number[], opts: ConvTransposeOptions = {}) {
    super(2, filters, kernelSize, opts);
  }
}

/** Transposed 3-D convolution; kernel [kd, kh, kw, filters, inC]. */
export class Conv3DTranspose extends ConvTranspose {
  static override readonly className: string = 'Conv3DTranspose';
  constructor(filters: number, kernelSize: number | number[], opts: ConvTransposeOptions = {}) {
    super(3, filters, kernelSize, opts);
  }
}

for (const cls of [Conv1D, Conv2D, Conv3D, Conv1DTranspose, Conv2DTranspose, Conv3DTranspose]) registerLayer(cls);
