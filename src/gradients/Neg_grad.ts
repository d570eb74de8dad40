import type { GradConfig } from '../core/gradients.js';
import { Neg } from '../core/kernel_names.js';
import { neg } from '../ops/unary_math.js';

export const negGrad: GradConfig<'Neg'> = {
  kernelName: Neg,
  gradFunc: ([dy]) => [() => neg(dy!)],
};
