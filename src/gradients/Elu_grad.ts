import type { GradConfig } from '../core/gradients.js';
import { Elu, Selu } from '../core/kernel_names.js';
import { add, mul } from '../ops/arithmetic.js';
import { less } from '../ops/compare.js';
import { where } from '../ops/logical.js';
import { SELU_ALPHA, SELU_SCALE } from '../core/selu_constants.js';

// Written in terms of the output y, as TF's EluGrad/SeluGrad: for x < 0, elu' = e^x = y + 1 and
// selu' = scale * alpha * e^x = y + scale * alpha. At x = 0 (y = 0) the linear piece applies: elu'(0) = 1.

export const eluGrad: GradConfig<'Elu'> = {
  kernelName: Elu,
  gradFunc: ([dy], _inputs, [y]) => [() => where(less(y!, 0), mul(dy!, add(y!, 1)), dy!)],
};

export const seluGrad: GradConfig<'Selu'> = {
  kernelName: Selu,
  gradFunc: ([dy], _inputs, [y]) => [
    () => where(less(y!, 0), mul(dy!, add(y!, SELU_SCALE * SELU_ALPHA)), mul(dy!, SELU_SCALE)),
  ],
};
