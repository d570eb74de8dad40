import type { GradConfig } from '../core/gradients.js';
import { Asin } from '../core/kernel_names.js';
import { div, sub } from '../ops/arithmetic.js';
import { sqrt, square } from '../ops/unary_math.js';

export const asinGrad: GradConfig<'Asin'> = {
  kernelName: Asin,
  // d asin x = 1/sqrt(1 - x^2).
  gradFunc: ([dy], [x]) => [() => div(dy!, sqrt(sub(1, square(x!))))],
};
