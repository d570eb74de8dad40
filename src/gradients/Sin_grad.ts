import type { GradConfig } from '../core/gradients.js';
import { Sin } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { cos } from '../ops/unary_math.js';

export const sinGrad: GradConfig<'Sin'> = {
  kernelName: Sin,
  // d sin x = cos x.
  gradFunc: ([dy], [x]) => [() => mul(dy!, cos(x!))],
};
