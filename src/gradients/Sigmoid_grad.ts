import type { GradConfig } from '../core/gradients.js';
import { Sigmoid, Softplus } from '../core/kernel_names.js';
import { mul, sub } from '../ops/arithmetic.js';
import { sigmoid } from '../ops/activation.js';

/** sigmoid' = y (1 - y), from the saved output. */
export const sigmoidGrad: GradConfig<'Sigmoid'> = {
  kernelName: Sigmoid,
  gradFunc: ([dy], _inputs, [y]) => [() => mul(dy!, mul(y!, sub(1, y!)))],
};

/** softplus' = sigmoid(x). */
export const softplusGrad: GradConfig<'Softplus'> = {
  kernelName: Softplus,
  gradFunc: ([dy], [x]) => [() => mul(dy!, sigmoid(x!))],
};
