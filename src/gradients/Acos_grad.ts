import type { GradConfig } from '../core/gradients.js';
import { Acos } from '../core/kernel_names.js';
import { div, sub } from '../ops/arithmetic.js';
import { neg, sqrt, square } from '../ops/unary_math.js';

export const acosGrad: GradConfig<'Acos'> = {
  kernelName: Acos,
  // d acos x = -1/sqrt(1 - x^2).
  gradFunc: ([dy], [x]) => [() => neg(div(dy!, sqrt(sub(1, square(x!)))))],
};
