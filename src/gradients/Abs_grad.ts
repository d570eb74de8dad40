import type { GradConfig } from '../core/gradients.js';
import { Abs } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { sign } from '../ops/unary_math.js';

export const absGrad: GradConfig<'Abs'> = {
  kernelName: Abs,
  // abs'(x) = sign(x); abs'(0) = 0, as TF.
  gradFunc: ([dy], [x]) => [() => mul(dy!, sign(x!))],
};
