import type { GradConfig } from '../core/gradients.js';
import { Square } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';

export const squareGrad: GradConfig<'Square'> = {
  kernelName: Square,
  // d x^2 = 2x.
  gradFunc: ([dy], [x]) => [() => mul(dy!, mul(x!, 2))],
};
