/**
 * tl.keras.layers: the layer classes of src/layers plus Input/InputLayer, and tfjs-style lower-camel factories
 * (`tl.keras.layers.dense({units: 10, activation: 'relu'})`).
 */
import { Dense, Dropout, Flatten, Activation, Reshape, Permute, RepeatVector, Lambda, ActivityRegularization, GaussianNoise } from '../layers/core.js';
import { Conv1D, Conv2D, Conv3D, Conv2DTranspose, SeparableConv2D } from '../layers/conv.js';
import { ArgumentError } from '../core/errors.js';

export { Dense, Dropout, Flatten, Activation, Reshape, Permute, RepeatVector, Lambda, ActivityRegularization, GaussianNoise };
export { Conv1D, Conv2D, Conv3D, Conv2DTranspose, SeparableConv2D };
export { Layer, KerasTensor } from '../layers/base_layer.js';
export { Input, InputLayer } from './input.js';

/** Moves the named positional argument out of a tfjs-style options object. */
function positional<T>(name: string, key: string, opts: Record<string, unknown> | undefined, make: (v: unknown, rest: Record<string, unknown>) => T): T {
  if (opts === null || typeof opts !== 'object') throw new ArgumentError(`${name}: expected an options object with '${key}'`);
  const { [key]: v, ...rest } = opts;
  if (v === undefined) throw new ArgumentError(`${name}: '${key}' is required`);
  return make(v, rest);
}

type Opts = Record<string, unknown>;
export const dense = (o: Opts & { units: number }) => positional('dense', 'units', o, (u, r) => new Dense(u as number, r));
export const dropout = (o: Opts & { rate: number }) => positional('dropout', 'rate', o, (v, r) => new Dropout(v as number, r));
export const flatten = (o: Opts = {}) => new Flatten(o);
export const activation = (o: Opts & { activation: unknown }) => positional('activation', 'activation', o, (v, r) => new Activation(v as never, r));
export const reshape = (o: Opts & { targetShape: number[] }) => positional('reshape', 'targetShape', o, (v, r) => new Reshape(v as number[], r));
export const conv2d = (o: Opts & { filters: number; kernelSize: number | number[] }) =>
  positional('conv2d', 'filters', o, (f, r) => positional('conv2d', 'kernelSize', r, (k, rest) => new Conv2D(f as number, k as number | number[], rest)));
