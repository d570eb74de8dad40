import type { GradConfig } from '../core/gradients.js';
import { Cos } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { neg, sin } from '../ops/unary_math.js';

export const cosGrad: GradConfig<'Cos'> = {
  kernelName: Cos,
  // d cos x = -sin x.
  gradFunc: ([dy], [x]) => [() => neg(mul(dy!, sin(x!)))],
};
