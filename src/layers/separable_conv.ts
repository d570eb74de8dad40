/**
 * Depthwise and separable convolution layers: DepthwiseConv2D (each input channel convolved with its own
 * depthMultiplier filters), SeparableConv1D and SeparableConv2D (that depthwise step, then a pointwise
 * convolution mixing the channels to `filters`), as tf.layers / keras.layers have them.
 */
import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Variable } from '../core/variable.js';
import * as ops from '../graph/graph_ops.generated.js';
import { Layer, registerLayer, type LayerArgs, type Shape } from './base_layer.js';
import { Conv, addBias, type ConvOptions } from './conv.js';
import { KernelParams, setActivityRegularizer } from './core.js';
import type { ActivationIdentifier } from './activations.js';
import {
  baseArgs, checkLayerOptions, convOutLength, intTuple, knownDim, normDataFormat, normPadding, opsFormat, positiveInt, requireRank,
  type DataFormat, type Padding,
} from './layer_util.js';
import { WeightParams, type ConstraintIdentifier, type InitializerIdentifier, type RegularizerIdentifier } from './serialization.js';

const one = (x: Tensor | Tensor[]): Tensor => (Array.isArray(x) ? x[0]! : x);
const oneShape = (s: Shape | Shape[]): Shape => (Array.isArray(s[0]) ? (s[0] as Shape) : (s as Shape));

/** The depthwise convolution of a [b, h, w, c] (or channelsFirst) input with a [kh, kw, c, multiplier] kernel. */
function depthwise(x: Tensor, kernel: Tensor, strides: number[], padding: Padding, df: DataFormat, dilations: number[]): Tensor {
  const fmt = opsFormat(df, 2) as 'NHWC' | 'NCHW';
  return ops.depthwiseConv2d(x, kernel, strides, padding === 'same' ? 'SAME' : 'VALID', { dataFormat: fmt, dilations });
}

export interface DepthwiseConv2DOptions extends LayerArgs {
  strides?: number | number[];
  padding?: Padding | 'VALID' | 'SAME';
  dataFormat?: DataFormat | 'channels_last' | 'channels_first';
  dilationRate?: number | number[];
  depthMultiplier?: number;
  activation?: ActivationIdentifier;
  useBias?: boolean;
  depthwiseInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

const DEPTHWISE_KEYS = [
  'strides', 'padding', 'dataFormat', 'dilationRate', 'depthMultiplier', 'activation', 'useBias', 'biasInitializer', 'biasRegularizer',
  'activityRegularizer', 'biasConstraint', ...WeightParams.keys('depthwise'),
] as const;

/**
 * keras.layers.DepthwiseConv2D: each input channel c convolved with its own depthMultiplier filters, giving
 * output channel c * depthMultiplier + m (no mixing across channels). Weights: depthwise_kernel
 * [kh, kw, inC, depthMultiplier] and bias [inC * depthMultiplier].
 */
export class DepthwiseConv2D extends Layer {
  static override readonly className: string = 'DepthwiseConv2D';
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: Padding;
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly depthMultiplier: number;
  /** Activation and bias options (its kernel* entries are unused: the kernel is the depthwise one). */
  readonly params: KernelParams;
  readonly depthwiseParams: WeightParams;
  depthwiseKernel?: Variable;
  bias?: Variable;

  constructor(kernelSize: number | number[], opts: DepthwiseConv2DOptions = {}) {
    const where = 'DepthwiseConv2D';
    checkLayerOptions(where, opts, DEPTHWISE_KEYS);
    super(baseArgs(opts as Record<string, unknown>));
    this.kernelSize = intTuple(where, 'kernelSize', kernelSize, 2);
    this.strides = intTuple(where, 'strides', opts.strides ?? 1, 2);
    this.padding = normPadding(where, opts.padding);
    this.dataFormat = normDataFormat(where, opts.dataFormat);
    this.dilationRate = intTuple(where, 'dilationRate', opts.dilationRate ?? 1, 2);
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new ArgumentError(`${where}: strides > 1 together with dilationRate > 1 is not supported (as in TF)`);
    }
    this.depthMultiplier = positiveInt(where, 'depthMultiplier', opts.depthMultiplier ?? 1);
    const { activation, useBias, biasInitializer, biasRegularizer, biasConstraint } = opts;
    this.params = new KernelParams(where, { activation, useBias, biasInitializer, biasRegularizer, biasConstraint });
    this.depthwiseParams = new WeightParams('depthwise', where, opts as Record<string, unknown>, 'glorotUniform');
    setActivityRegularizer(this, opts.activityRegularizer);
  }

  private channelAxis(rank: number): number {
    return this.dataFormat === 'channelsLast' ? rank - 1 : 1;
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = oneShape(inputShape);
    requireRank(this.name, s, 4);
    const inC = knownDim(this.name, s, this.channelAxis(4), 'channels');
    this.depthwiseKernel = this.depthwiseParams.make(this, 'depthwise_kernel', [...this.kernelSize, inC, this.depthMultiplier]);
    this.bias = this.params.bias(this, [inC * this.depthMultiplier]);
    super.build(inputShape);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const y = depthwise(one(inputs), this.depthwiseKernel!, this.strides, this.padding, this.dataFormat, this.dilationRate);
    return this.params.activation(addBias(y, this.bias, this.dataFormat));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = oneShape(inputShape);
    const first = this.dataFormat === 'channelsFirst';
    const c = s[this.channelAxis(s.length)] ?? null;
    const outC = c === null ? null : c * this.depthMultiplier;
    const spatial = (first ? s.slice(2) : s.slice(1, -1)).map((d, i) => convOutLength(d, this.kernelSize[i]!, this.padding, this.strides[i]!, this.dilationRate[i]!));
    return first ? [s[0] ?? null, outC, ...spatial] : [s[0] ?? null, ...spatial, outC];
  }

  override getConfig(): Record<string, unknown> {
    const { kernelInitializer: _i, kernelRegularizer: _r, kernelConstraint: _c, ...kernelParams } = this.params.config(this);
    return {
      ...super.getConfig(), kernelSize: [...this.kernelSize], strides: [...this.strides], padding: this.padding, dataFormat: this.dataFormat,
      dilationRate: [...this.dilationRate], depthMultiplier: this.depthMultiplier, ...kernelParams, ...this.depthwiseParams.config(),
    };
  }

  static override fromConfig(c: Record<string, unknown>): Layer {
    const { kernelSize, ...rest } = c;
    return new DepthwiseConv2D(kernelSize as number[], rest as DepthwiseConv2DOptions);
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

const SEPARABLE_KEYS = ['depthMultiplier', ...WeightParams.keys('depthwise'), ...WeightParams.keys('pointwise')] as const;

/**
 * A depthwise convolution (each input channel with its own depthMultiplier filters) followed by a pointwise
 * (size-1) convolution to `filters` channels. Weights: depthwise_kernel [...kernelSize, inC, depthMultiplier],
 * pointwise_kernel [...ones, inC * depthMultiplier, filters], bias [filters].
 */
export abstract class SeparableConv extends Conv {
  readonly depthMultiplier: number;
  readonly depthwiseParams: WeightParams;
  readonly pointwiseParams: WeightParams;
  depthwiseKernel?: Variable;
  pointwiseKernel?: Variable;

  constructor(rank: 1 | 2, filters: number, kernelSize: number | number[], opts: SeparableConvOptions) {
    const where = (new.target as { className?: string }).className ?? `SeparableConv${rank}D`;
    const { kernelInitializer, kernelRegularizer, kernelConstraint, ...convOpts } = opts ?? {};
    if (kernelInitializer !== undefined || kernelRegularizer !== undefined || kernelConstraint !== undefined) {
      throw new ArgumentError(`${where}: use depthwise*/pointwise* initializers, regularizers and constraints instead of kernel*`);
    }
    super(rank, filters, kernelSize, convOpts, SEPARABLE_KEYS);
    this.depthMultiplier = positiveInt(where, 'depthMultiplier', opts.depthMultiplier ?? 1);
    this.depthwiseParams = new WeightParams('depthwise', where, opts as Record<string, unknown>, 'glorotUniform');
    this.pointwiseParams = new WeightParams('pointwise', where, opts as Record<string, unknown>, 'glorotUniform');
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = oneShape(inputShape);
    requireRank(this.name, s, this.rank + 2);
    const inC = knownDim(this.name, s, this.channelAxis(s.length), 'channels');
    this.depthwiseKernel = this.depthwiseParams.make(this, 'depthwise_kernel', [...this.kernelSize, inC, this.depthMultiplier]);
    const ones = new Array<number>(this.rank).fill(1);
    this.pointwiseKernel = this.pointwiseParams.make(this, 'pointwise_kernel', [...ones, inC * this.depthMultiplier, this.filters]);
    this.bias = this.params.bias(this, [this.filters]);
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    let y: Tensor;
    if (this.rank === 2) {
      const d = depthwise(x, this.depthwiseKernel!, this.strides, this.padding, this.dataFormat, this.dilationRate);
      y = ops.conv2d(d, this.pointwiseKernel!, 1, 'VALID', { dataFormat: opsFormat(this.dataFormat, 2) as 'NHWC' | 'NCHW' });
    } else {
      // Depthwise in 1-D: a conv1d with one group per input channel, its [k, inC, mult] kernel as [k, 1, inC * mult]
      // (output channel c * mult + m is kernel[:, c, m], the row-major order).
      const [k, inC, mult] = this.depthwiseKernel!.shape as [number, number, number];
      const fmt = opsFormat(this.dataFormat, 1) as 'NWC' | 'NCW';
      const pad = this.padding === 'same' ? 'SAME' : 'VALID';
      const d = ops.conv1d(x, ops.reshape(this.depthwiseKernel!, [k, 1, inC * mult]), this.strides[0]!, pad, {
        dataFormat: fmt, dilation: this.dilationRate[0]!, groups: inC,
      });
      y = ops.conv1d(d, this.pointwiseKernel!, 1, 'VALID', { dataFormat: fmt });
    }
    return this.params.activation(addBias(y, this.bias, this.dataFormat));
  }

  override getConfig(): Record<string, unknown> {
    const { kernelInitializer: _i, kernelRegularizer: _r, kernelConstraint: _c, ...base } = super.getConfig();
    return { ...base, depthMultiplier: this.depthMultiplier, ...this.depthwiseParams.config(), ...this.pointwiseParams.config() };
  }
}

export class SeparableConv1D extends SeparableConv {
  static override readonly className: string = 'SeparableConv1D';
  constructor(filters: number, kernelSize: number | number[], opts: SeparableConvOptions = {}) {
    super(1, filters, kernelSize, opts);
  }
}

export class SeparableConv2D extends SeparableConv {
  static override readonly className: string = 'SeparableConv2D';
  constructor(filters: number, kernelSize: number | number[], opts: SeparableConvOptions = {}) {
    super(2, filters, kernelSize, opts);
  }
}

for (const cls of [DepthwiseConv2D, SeparableConv1D, SeparableConv2D]) registerLayer(cls);
