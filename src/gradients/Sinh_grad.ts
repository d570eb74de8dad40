import type { GradConfig } from '../core/gradients.js';
import { Sinh } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { cosh } from '../ops/unary_math.js';

export const sinhGrad: GradConfig<'Sinh'> = {
  kernelName: Sinh,
  // d sinh x = cosh x.
  gradFunc: ([dy], [x]) => [() => mul(dy!, cosh(x!))],
};
