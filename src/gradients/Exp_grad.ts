import type { GradConfig } from '../core/gradients.js';
import { Exp } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';

export const expGrad: GradConfig<'Exp'> = {
  kernelName: Exp,
  // d/dx e^x = e^x: reuse the saved output.
  gradFunc: ([dy], _inputs, [y]) => [() => mul(dy!, y!)],
};
