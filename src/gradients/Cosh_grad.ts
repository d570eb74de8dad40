import type { GradConfig } from '../core/gradients.js';
import { Cosh } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { sinh } from '../ops/unary_math.js';

export const coshGrad: GradConfig<'Cosh'> = {
  kernelName: Cosh,
  // d cosh x = sinh x.
  gradFunc: ([dy], [x]) => [() => mul(dy!, sinh(x!))],
};
