/**
 * tl.keras.layers: every layer class of src/layers plus Input/InputLayer, and tfjs-style lower-camel factories
 * that take ONE config object (`tl.keras.layers.dense({units: 10, activation: 'relu'})`,
 * `tl.keras.layers.maxPooling2d({poolSize: 2})`). A factory moves the arguments the class takes positionally
 * (units, filters, kernelSize, poolSize, ...) out of the config and hands the rest to the class, whose own option
 * check rejects unknown keys.
 */
import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { LayerArgs, Shape } from '../layers/base_layer.js';
import type { ActivationIdentifier } from '../layers/activations.js';
import {
  Dense, Dropout, Flatten, Activation, Reshape, Permute, RepeatVector, Lambda, ActivityRegularization, GaussianNoise,
  type DenseOptions, type DropoutLayerOptions,
} from '../layers/core.js';
import { Conv, Conv1D, Conv2D, Conv3D, Conv1DTranspose, Conv2DTranspose, Conv3DTranspose, type ConvOptions, type ConvTransposeOptions } from '../layers/conv.js';
import {
  DepthwiseConv2D, SeparableConv1D, SeparableConv2D, type DepthwiseConv2DOptions, type SeparableConvOptions,
} from '../layers/separable_conv.js';
import {
  MaxPooling1D, MaxPooling2D, MaxPooling3D, AveragePooling1D, AveragePooling2D, AveragePooling3D,
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D,
  type GlobalPoolingOptions, type PoolingOptions,
} from '../layers/pooling.js';
import { BatchNormalization, LayerNormalization, type BatchNormalizationOptions, type LayerNormalizationOptions } from '../layers/normalization.js';
import { Embedding, type EmbeddingOptions } from '../layers/embedding.js';
import { Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum, Dot } from '../layers/merge.js';
import { LeakyReLU, ReLU, Softmax, PReLU, ELU, ThresholdedReLU, type PReLUOptions } from '../layers/activation_layers.js';
import {
  ZeroPadding1D, ZeroPadding2D, ZeroPadding3D, Cropping1D, Cropping2D, Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D,
  type SpatialLayerOptions, type UpSamplingOptions,
} from '../layers/spatial.js';
import {
  SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, GaussianDropout, AlphaDropout, type SpatialDropoutOptions,
} from '../layers/noise.js';
import type { DataFormat } from '../layers/layer_util.js';
import { InputLayer, type InputLayerArgs } from './input.js';

export { Dense, Dropout, Flatten, Activation, Reshape, Permute, RepeatVector, Lambda, ActivityRegularization, GaussianNoise };
export { Conv, Conv1D, Conv2D, Conv3D, Conv1DTranspose, Conv2DTranspose, Conv3DTranspose, DepthwiseConv2D, SeparableConv1D, SeparableConv2D };
export {
  MaxPooling1D, MaxPooling2D, MaxPooling3D, AveragePooling1D, AveragePooling2D, AveragePooling3D,
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D, GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D,
};
export { BatchNormalization, LayerNormalization, Embedding };
export { Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum, Dot };
export { LeakyReLU, ReLU, Softmax, PReLU, ELU, ThresholdedReLU };
export { ZeroPadding1D, ZeroPadding2D, ZeroPadding3D, Cropping1D, Cropping2D, Cropping3D, UpSampling1D, UpSampling2D, UpSampling3D };
export { SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, GaussianDropout, AlphaDropout };
export { Layer, KerasTensor } from '../layers/base_layer.js';
export { Input, InputLayer } from './input.js';
export type { InputLayerArgs } from './input.js';

type Config = Record<string, unknown>;

/**
 * Splits a factory's config into the named positional values and the rest. `required` keys must be present;
 * the config itself must be an object (a typed error names the factory otherwise).
 */
function split(factory: string, config: unknown, required: readonly string[], optional: readonly string[] = []): [Config, Config] {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new ArgumentError(`tl.keras.layers.${factory}: expected one config object${required.length ? ` with ${required.map((k) => `'${k}'`).join(', ')}` : ''}, got ${config === null ? 'null' : Array.isArray(config) ? 'an array' : typeof config}`);
  }
  const picked: Config = {};
  const rest: Config = { ...(config as Config) };
  for (const k of [...required, ...optional]) {
    if (k in rest) {
      picked[k] = rest[k];
      delete rest[k];
    }
  }
  for (const k of required) if (picked[k] === undefined) throw new ArgumentError(`tl.keras.layers.${factory}: '${k}' is required`);
  return [picked, rest];
}

// ---- core ----

export function dense(config: DenseOptions & { units: number }): Dense {
  const [p, rest] = split('dense', config, ['units']);
  return new Dense(p.units as number, rest);
}

export function dropout(config: DropoutLayerOptions & { rate: number }): Dropout {
  const [p, rest] = split('dropout', config, ['rate']);
  return new Dropout(p.rate as number, rest);
}

export function flatten(config: LayerArgs & { dataFormat?: DataFormat | 'channels_last' | 'channels_first' } = {}): Flatten {
  return new Flatten(split('flatten', config, [])[1]);
}

export function activation(config: LayerArgs & { activation: ActivationIdentifier }): Activation {
  const [p, rest] = split('activation', config, ['activation']);
  return new Activation(p.activation as ActivationIdentifier, rest);
}

export function reshape(config: LayerArgs & { targetShape: number[] }): Reshape {
  const [p, rest] = split('reshape', config, ['targetShape']);
  return new Reshape(p.targetShape as number[], rest);
}

export function permute(config: LayerArgs & { dims: number[] }): Permute {
  const [p, rest] = split('permute', config, ['dims']);
  return new Permute(p.dims as number[], rest);
}

export function repeatVector(config: LayerArgs & { n: number }): RepeatVector {
  const [p, rest] = split('repeatVector', config, ['n']);
  return new RepeatVector(p.n as number, rest);
}

export function lambda(config: LayerArgs & { fn: (x: any) => Tensor; outputShape?: Shape | ((s: Shape | Shape[]) => Shape) }): Lambda {
  const [p, rest] = split('lambda', config, ['fn']);
  return new Lambda(p.fn as (x: unknown) => Tensor, rest);
}

export function activityRegularization(config: LayerArgs & { l1?: number; l2?: number } = {}): ActivityRegularization {
  return new ActivityRegularization(split('activityRegularization', config, [])[1]);
}

export function gaussianNoise(config: LayerArgs & { stddev: number; seed?: number }): GaussianNoise {
  const [p, rest] = split('gaussianNoise', config, ['stddev']);
  return new GaussianNoise(p.stddev as number, rest);
}

// ---- convolution ----

type ConvConfig = ConvOptions & { filters: number; kernelSize: number | number[] };
type ConvTransposeConfig = ConvTransposeOptions & { filters: number; kernelSize: number | number[] };
const conv = <T>(name: string, make: (f: number, k: number | number[], rest: Config) => T) => (config: ConvConfig): T => {
  const [p, rest] = split(name, config, ['filters', 'kernelSize']);
  return make(p.filters as number, p.kernelSize as number | number[], rest);
};

export const conv1d: (config: ConvConfig) => Conv1D = conv('conv1d', (f, k, r) => new Conv1D(f, k, r));
export const conv2d: (config: ConvConfig) => Conv2D = conv('conv2d', (f, k, r) => new Conv2D(f, k, r));
export const conv3d: (config: ConvConfig) => Conv3D = conv('conv3d', (f, k, r) => new Conv3D(f, k, r));
export const conv1dTranspose: (config: ConvTransposeConfig) => Conv1DTranspose = conv('conv1dTranspose', (f, k, r) => new Conv1DTranspose(f, k, r));
export const conv2dTranspose: (config: ConvTransposeConfig) => Conv2DTranspose = conv('conv2dTranspose', (f, k, r) => new Conv2DTranspose(f, k, r));
export const conv3dTranspose: (config: ConvTransposeConfig) => Conv3DTranspose = conv('conv3dTranspose', (f, k, r) => new Conv3DTranspose(f, k, r));

type SeparableConfig = SeparableConvOptions & { filters: number; kernelSize: number | number[] };
export const separableConv1d: (config: SeparableConfig) => SeparableConv1D = conv('separableConv1d', (f, k, r) => new SeparableConv1D(f, k, r));
export const separableConv2d: (config: SeparableConfig) => SeparableConv2D = conv('separableConv2d', (f, k, r) => new SeparableConv2D(f, k, r));

export function depthwiseConv2d(config: DepthwiseConv2DOptions & { kernelSize: number | number[] }): DepthwiseConv2D {
  const [p, rest] = split('depthwiseConv2d', config, ['kernelSize']);
  return new DepthwiseConv2D(p.kernelSize as number | number[], rest);
}

// ---- pooling ----

type PoolConfig = PoolingOptions & { poolSize?: number | number[]; strides?: number | number[] | null };
type PoolClass = new (poolSize?: number | number[], strides?: number | number[] | null, opts?: PoolingOptions) => unknown;
const pool = <C extends PoolClass>(name: string, cls: C) => (config: PoolConfig = {}): InstanceType<C> => {
  const [p, rest] = split(name, config, [], ['poolSize', 'strides']);
  return new cls((p.poolSize as number | number[] | undefined) ?? 2, p.strides as number | number[] | null | undefined, rest) as InstanceType<C>;
};

export const maxPooling1d = pool('maxPooling1d', MaxPooling1D);
export const maxPooling2d = pool('maxPooling2d', MaxPooling2D);
export const maxPooling3d = pool('maxPooling3d', MaxPooling3D);
export const averagePooling1d = pool('averagePooling1d', AveragePooling1D);
export const averagePooling2d = pool('averagePooling2d', AveragePooling2D);
export const averagePooling3d = pool('averagePooling3d', AveragePooling3D);
// tfjs's short aliases.
export const maxPool1d = maxPooling1d;
export const maxPool2d = maxPooling2d;
export const avgPool1d = averagePooling1d;
export const avgPool2d = averagePooling2d;
export const avgPool3d = averagePooling3d;

export const globalAveragePooling1d = (config: GlobalPoolingOptions = {}) => new GlobalAveragePooling1D(split('globalAveragePooling1d', config, [])[1]);
export const globalAveragePooling2d = (config: GlobalPoolingOptions = {}) => new GlobalAveragePooling2D(split('globalAveragePooling2d', config, [])[1]);
export const globalAveragePooling3d = (config: GlobalPoolingOptions = {}) => new GlobalAveragePooling3D(split('globalAveragePooling3d', config, [])[1]);
export const globalMaxPooling1d = (config: GlobalPoolingOptions = {}) => new GlobalMaxPooling1D(split('globalMaxPooling1d', config, [])[1]);
export const globalMaxPooling2d = (config: GlobalPoolingOptions = {}) => new GlobalMaxPooling2D(split('globalMaxPooling2d', config, [])[1]);
export const globalMaxPooling3d = (config: GlobalPoolingOptions = {}) => new GlobalMaxPooling3D(split('globalMaxPooling3d', config, [])[1]);
export const globalAvgPool1d = globalAveragePooling1d;
export const globalAvgPool2d = globalAveragePooling2d;
export const globalAvgPool3d = globalAveragePooling3d;
export const globalMaxPool1d = globalMaxPooling1d;
export const globalMaxPool2d = globalMaxPooling2d;
export const globalMaxPool3d = globalMaxPooling3d;

// ---- normalization, embedding ----

export const batchNormalization = (config: BatchNormalizationOptions = {}) => new BatchNormalization(split('batchNormalization', config, [])[1]);
export const layerNormalization = (config: LayerNormalizationOptions = {}) => new LayerNormalization(split('layerNormalization', config, [])[1]);

export function embedding(config: EmbeddingOptions & { inputDim: number; outputDim: number }): Embedding {
  const [p, rest] = split('embedding', config, ['inputDim', 'outputDim']);
  return new Embedding(p.inputDim as number, p.outputDim as number, rest);
}

// ---- merge ----

export const concatenate = (config: LayerArgs & { axis?: number } = {}) => new Concatenate(split('concatenate', config, [])[1]);
export const add = (config: LayerArgs = {}) => new Add(split('add', config, [])[1]);
export const subtract = (config: LayerArgs = {}) => new Subtract(split('subtract', config, [])[1]);
export const multiply = (config: LayerArgs = {}) => new Multiply(split('multiply', config, [])[1]);
export const average = (config: LayerArgs = {}) => new Average(split('average', config, [])[1]);
export const maximum = (config: LayerArgs = {}) => new Maximum(split('maximum', config, [])[1]);
export const minimum = (config: LayerArgs = {}) => new Minimum(split('minimum', config, [])[1]);

export function dot(config: LayerArgs & { axes: number | number[]; normalize?: boolean }): Dot {
  const [p, rest] = split('dot', config, ['axes']);
  return new Dot(p.axes as number | number[], rest);
}

// ---- activations ----

export const leakyReLU = (config: LayerArgs & { alpha?: number } = {}) => new LeakyReLU(split('leakyReLU', config, [])[1]);
export const reLU = (config: LayerArgs & { maxValue?: number | null; negativeSlope?: number; threshold?: number } = {}) => new ReLU(split('reLU', config, [])[1]);
export const softmax = (config: LayerArgs & { axis?: number } = {}) => new Softmax(split('softmax', config, [])[1]);
export const prelu = (config: PReLUOptions = {}) => new PReLU(split('prelu', config, [])[1]);
export const elu = (config: LayerArgs & { alpha?: number } = {}) => new ELU(split('elu', config, [])[1]);
export const thresholdedReLU = (config: LayerArgs & { theta?: number } = {}) => new ThresholdedReLU(split('thresholdedReLU', config, [])[1]);

// ---- padding, cropping, upsampling ----

type Pair = [number, number];
type Pad1 = number | Pair;
type PadN = number | number[] | Pair[];

/** Splits off a factory's optional positional argument (padding, cropping): absent, the class default applies. */
function spatialArg(name: string, key: string, config: unknown): [PadN | undefined, Config] {
  const [p, rest] = split(name, config, [], [key]);
  return [p[key] as PadN | undefined, rest];
}

export function zeroPadding1d(config: LayerArgs & { padding?: Pad1 } = {}): ZeroPadding1D {
  const [a, rest] = spatialArg('zeroPadding1d', 'padding', config);
  return new ZeroPadding1D(a as Pad1 | undefined, rest);
}
export function zeroPadding2d(config: SpatialLayerOptions & { padding?: PadN } = {}): ZeroPadding2D {
  const [a, rest] = spatialArg('zeroPadding2d', 'padding', config);
  return new ZeroPadding2D(a as Pair[] | undefined, rest);
}
export function zeroPadding3d(config: SpatialLayerOptions & { padding?: PadN } = {}): ZeroPadding3D {
  const [a, rest] = spatialArg('zeroPadding3d', 'padding', config);
  return new ZeroPadding3D(a as Pair[] | undefined, rest);
}
export function cropping1d(config: LayerArgs & { cropping?: Pad1 } = {}): Cropping1D {
  const [a, rest] = spatialArg('cropping1d', 'cropping', config);
  return new Cropping1D(a as Pad1 | undefined, rest);
}
export function cropping2d(config: SpatialLayerOptions & { cropping?: PadN } = {}): Cropping2D {
  const [a, rest] = spatialArg('cropping2d', 'cropping', config);
  return new Cropping2D(a as Pair[] | undefined, rest);
}
export function cropping3d(config: SpatialLayerOptions & { cropping?: PadN } = {}): Cropping3D {
  const [a, rest] = spatialArg('cropping3d', 'cropping', config);
  return new Cropping3D(a as Pair[] | undefined, rest);
}
// tfjs's spelling.
export const cropping2D = cropping2d;

export const upSampling1d = (config: LayerArgs & { size?: number | number[] } = {}) => new UpSampling1D(split('upSampling1d', config, [])[1]);
export const upSampling2d = (config: UpSamplingOptions = {}) => new UpSampling2D(split('upSampling2d', config, [])[1]);
export const upSampling3d = (config: SpatialLayerOptions & { size?: number | number[] } = {}) => new UpSampling3D(split('upSampling3d', config, [])[1]);

// ---- noise and dropout variants ----

export function spatialDropout1d(config: LayerArgs & { rate: number; seed?: number }): SpatialDropout1D {
  const [p, rest] = split('spatialDropout1d', config, ['rate']);
  return new SpatialDropout1D(p.rate as number, rest);
}
export function spatialDropout2d(config: SpatialDropoutOptions & { rate: number }): SpatialDropout2D {
  const [p, rest] = split('spatialDropout2d', config, ['rate']);
  return new SpatialDropout2D(p.rate as number, rest);
}
export function spatialDropout3d(config: SpatialDropoutOptions & { rate: number }): SpatialDropout3D {
  const [p, rest] = split('spatialDropout3d', config, ['rate']);
  return new SpatialDropout3D(p.rate as number, rest);
}
export function gaussianDropout(config: LayerArgs & { rate: number; seed?: number }): GaussianDropout {
  const [p, rest] = split('gaussianDropout', config, ['rate']);
  return new GaussianDropout(p.rate as number, rest);
}
export function alphaDropout(config: LayerArgs & { rate: number; noiseShape?: (number | null)[] | null; seed?: number }): AlphaDropout {
  const [p, rest] = split('alphaDropout', config, ['rate']);
  return new AlphaDropout(p.rate as number, rest);
}

// ---- input ----

export const inputLayer = (config: InputLayerArgs) => new InputLayer(split('inputLayer', config, [])[1]);
