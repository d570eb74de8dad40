/**
 * Convolution layers: Conv1D, Conv2D, Conv3D, Conv2DTranspose, SeparableConv2D (tf.layers / keras.layers).
 * Kernels are [...kernelSize, inChannels, filters] (HWIO), channelsLast by default; the ops do the arithmetic.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Variable } from '../core/variable.js';
import * as ops from '../graph/graph_ops.generated.js';
import { graphAware } from '../graph/op_wrapper.js';
import * as raw from '../ops/index.js';
import { Layer, registerLayer, type Shape } from './base_layer.js';
import { KERNEL_LAYER_KEYS, KernelParams, setActivityRegularizer, type KernelLayerOptions } from './core.js';
import {
  baseArgs, checkLayerOptions, convOutLength, deconvOutLength, intTuple, knownDim, normDataFormat, normPadding, opsFormat,
  positiveInt, requireRank, type DataFormat, type Padding,
} from './layer_util.js';
import {
  getConstraint, getInitializer, getRegularizer, serializeObject,
  type ConstraintIdentifier, type InitializerIdentifier, type RegularizerIdentifier,
} from './serialization.js';

const one = (x: Tensor | Tensor[]): Tensor => (Array.isArray(x) ? x[0]! : x);
const oneShape = (s: Shape | Shape[]): Shape => (Array.isArray(s[0]) ? (s[0] as Shape) : (s as Shape));

export interface ConvOptions extends KernelLayerOptions {
  strides?: number | number[];
  padding?: Padding | 'VALID' | 'SAME';
  dataFormat?: DataFormat | 'channels_last' | 'channels_first';
  dilationRate?: number | number[];
}

const CONV_KEYS = [...KERNEL_LAYER_KEYS, 'strides', 'padding', 'dataFormat', 'dilationRate'] as const;

/** Adds a [C] bias on the channels axis (last, or 1 for channelsFirst). */
function addBias(y: Tensor, bias: Variable | undefined, df: DataFormat): Tensor {
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
}

export class Conv1D extends Conv {
  static override readonly className: string = 'Conv1D';
  constructor(filters: number, kernelSize: number | number[], opts: ConvOptions = {}) {
    super(1, filters, kernelSize, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { filters, kernelSize, ...rest } = c;
    return new Conv1D(filters as number, kernelSize as number[], rest as ConvOptions);
  }
}

export class Conv2D extends Conv {
  static override readonly className: string = 'Conv2D';
  constructor(filters: number, kernelSize: number | number[], opts: ConvOptions = {}) {
    super(2, filters, kernelSize, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { filters, kernelSize, ...rest } = c;
    return new Conv2D(filters as number, kernelSize as number[], rest as ConvOptions);
  }
}

export class Conv3D extends Conv {
  static override readonly className: string = 'Conv3D';
  constructor(filters: number, kernelSize: number | number[], opts: ConvOptions = {}) {
    super(3, filters, kernelSize, opts);
  }
  static override fromConfig(c: Record<string, unknown>): Layer {
    const { filters, kernelSize, ...rest } = c;
    return new Conv3D(filters as number, kernelSize as number[], rest as ConvOptions);
  }
}

// conv2dTranspose needs its full output shape, batch included: taken from x at run time so one graph serves
// any batch size.
const conv2dTransposeDyn = graphAware(
  'conv2dTranspose',
  (x: Tensor, w: Tensor, spatial: [number, number], strides: number[], pad: string, fmt: 'NHWC' | 'NCHW'): Tensor => {
    const outC = w.shape[2]!;
    const outShape = fmt === 'NHWC' ? [x.shape[0]!, ...spatial, outC] : [x.shape[0]!, outC, ...spatial];
    return raw.conv2dTranspose(x, w, outShape, strides, pad, { dataFormat: fmt });
  },
);

/** Transposed 2-D convolution (the gradient of Conv2D with respect to its input); kernel [kh, kw, filters, inC]. */
export class Conv2DTranspose extends Conv {
  static override readonly className: string = 'Conv2DTranspose';
  constructor(filters: number, kernelSize: number | number[], opts: ConvOptions = {}) {
    super(2, filters, kernelSize, opts);
    if (this.dilationRate.some((d) => d !== 1)) throw new ArgumentError(`Conv2DTranspose: dilationRate other than 1 is not supported`);
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = oneShape(inputShape);
    requireRank(this.name, s, 4);
    const inC = knownDim(this.name, s, this.channelAxis(4), 'channels');
    this.kernel = this.params.kernel(this, [...this.kernelSize, this.filters, inC]);
    this.bias = this.params.bias(this, [this.filters]);
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    const last = this.dataFormat === 'channelsLast';
    const spatialIn = last ? x.shape.slice(1, 3) : x.shape.slice(2, 4);
    if (spatialIn.some((d) => d < 0)) throw new ShapeError(`${this.name}: the spatial dimensions of the inputs must be known, got [${x.shape.join(',')}]`);
    const spatial = spatialIn.map((d, i) => deconvOutLength(d, this.kernelSize[i]!, this.padding, this.strides[i]!)!) as [number, number];
    const y = conv2dTransposeDyn(x, this.kernel!, spatial, this.strides, this.padding === 'same' ? 'SAME' : 'VALID', last ? 'NHWC' : 'NCHW');
    return this.params.activation(addBias(y, this.bias, this.dataFormat));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = oneShape(inputShape);
    const first = this.dataFormat === 'channelsFirst';
    const spatial = first ? s.slice(2) : s.slice(1, -1);
    const out = spatial.map((d, i) => deconvOutLength(d, this.kernelSize[i]!, this.padding, this.strides[i]!));
    return first ? [s[0] ?? null, this.filters, ...out] : [s[0] ?? null, ...out, this.filters];
  }

  static override fromConfig(c: Record<string, unknown>): Layer {
    const { filters, kernelSize, ...rest } = c;
    return new Conv2DTranspose(filters as number, kernelSize as number[], rest as ConvOptions);
  }
}

export interface SeparableConvOptions extends ConvOptions {
  depthMultiplier?: number;
  depthwiseInitializer?: InitializerIdentifier;
  pointwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  pointwiseRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
  pointwiseConstraint?: ConstraintIdentifier | null;
}

const SEPARABLE_KEYS = [
  'depthMultiplier', 'depthwiseInitializer', 'pointwiseInitializer', 'depthwiseRegularizer', 'pointwiseRegularizer',
  'depthwiseConstraint', 'pointwiseConstraint',
] as const;

/**
 * Depthwise 2-D convolution (each input channel with its own depthMultiplier filters) followed by a 1x1
 * pointwise convolution to `filters` channels (tf.layers.SeparableConv2D). Weights: depthwise_kernel
 * [kh, kw, inC, depthMultiplier], pointwise_kernel [1, 1, inC * depthMultiplier, filters], bias.
 */
export class SeparableConv2D extends Conv {
  static override readonly className: string = 'SeparableConv2D';
  readonly depthMultiplier: number;
  private readonly sep;
  depthwiseKernel?: Variable;
  pointwiseKernel?: Variable;

  constructor(filters: number, kernelSize: number | number[], opts: SeparableConvOptions = {}) {
    const { kernelInitializer, kernelRegularizer, kernelConstraint, ...convOpts } = opts;
    if (kernelInitializer !== undefined || kernelRegularizer !== undefined || kernelConstraint !== undefined) {
      throw new ArgumentError(`SeparableConv2D: use depthwise*/pointwise* initializers, regularizers and constraints instead of kernel*`);
    }
    super(2, filters, kernelSize, convOpts, SEPARABLE_KEYS);
    const where = 'SeparableConv2D';
    this.depthMultiplier = positiveInt(where, 'depthMultiplier', opts.depthMultiplier ?? 1);
    this.sep = {
      depthwiseInitializer: getInitializer(opts.depthwiseInitializer ?? 'glorotUniform', where),
      pointwiseInitializer: getInitializer(opts.pointwiseInitializer ?? 'glorotUniform', where),
      depthwiseRegularizer: getRegularizer(opts.depthwiseRegularizer, where),
      pointwiseRegularizer: getRegularizer(opts.pointwiseRegularizer, where),
      depthwiseConstraint: getConstraint(opts.depthwiseConstraint, where),
      pointwiseConstraint: getConstraint(opts.pointwiseConstraint, where),
    };
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = oneShape(inputShape);
    requireRank(this.name, s, 4);
    const inC = knownDim(this.name, s, this.channelAxis(4), 'channels');
    const p = this.sep;
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, inC, this.depthMultiplier], {
      initializer: p.depthwiseInitializer, regularizer: p.depthwiseRegularizer ?? null, constraint: p.depthwiseConstraint,
    });
    this.pointwiseKernel = this.addWeight('pointwise_kernel', [1, 1, inC * this.depthMultiplier, this.filters], {
      initializer: p.pointwiseInitializer, regularizer: p.pointwiseRegularizer ?? null, constraint: p.pointwiseConstraint,
    });
    this.bias = this.params.bias(this, [this.filters]);
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const fmt = opsFormat(this.dataFormat, 2) as 'NHWC' | 'NCHW';
    const pad = this.padding === 'same' ? 'SAME' : 'VALID';
    const d = ops.depthwiseConv2d(one(inputs), this.depthwiseKernel!, this.strides, pad, { dataFormat: fmt, dilations: this.dilationRate });
    const y = ops.conv2d(d, this.pointwiseKernel!, 1, 'VALID', { dataFormat: fmt });
    return this.params.activation(addBias(y, this.bias, this.dataFormat));
  }

  override getConfig(): Record<string, unknown> {
    const { kernelInitializer: _i, kernelRegularizer: _r, kernelConstraint: _c, ...base } = super.getConfig();
    const p = this.sep;
    return {
      ...base, depthMultiplier: this.depthMultiplier,
      depthwiseInitializer: serializeObject(p.depthwiseInitializer), pointwiseInitializer: serializeObject(p.pointwiseInitializer),
      depthwiseRegularizer: serializeObject(p.depthwiseRegularizer), pointwiseRegularizer: serializeObject(p.pointwiseRegularizer),
      depthwiseConstraint: serializeObject(p.depthwiseConstraint), pointwiseConstraint: serializeObject(p.pointwiseConstraint),
    };
  }

  static override fromConfig(c: Record<string, unknown>): Layer {
    const { filters, kernelSize, ...rest } = c;
    return new SeparableConv2D(filters as number, kernelSize as number[], rest as SeparableConvOptions);
  }
}

for (const cls of [Conv1D, Conv2D, Conv3D, Conv2DTranspose, SeparableConv2D]) registerLayer(cls);
