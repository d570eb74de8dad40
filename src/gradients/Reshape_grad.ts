import type { GradConfig } from '../core/gradients.js';
import { Cast, Identity, Reshape, StopGradient } from '../core/kernel_names.js';
import { cast, identity } from '../ops/cast.js';
import { reshape } from '../ops/reshape.js';

export const reshapeGrad: GradConfig<'Reshape'> = {
  kernelName: Reshape,
  gradFunc: ([dy], [x]) => [() => reshape(dy!, x!.shape)],
};

export const identityGrad: GradConfig<'Identity'> = {
  kernelName: Identity,
  gradFunc: ([dy]) => [() => identity(dy!)],
};

/** Gradient passes through a cast between float dtypes (cast back); int/bool inputs get none. */
export const castGrad: GradConfig<'Cast'> = {
  kernelName: Cast,
  gradFunc: ([dy], [x]) => [x!.dtype === 'float32' || x!.dtype === 'float64' ? () => cast(dy!, x!.dtype) : null],
};

/** Nothing flows back through stopGradient. */
export const stopGradientGrad: GradConfig<'StopGradient'> = {
  kernelName: StopGradient,
  gradFunc: () => [null],
};
