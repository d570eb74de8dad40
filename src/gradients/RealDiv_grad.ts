import type { GradConfig } from '../core/gradients.js';
import { RealDiv } from '../core/kernel_names.js';
import { div, mul } from '../ops/arithmetic.js';
import { neg } from '../ops/unary_math.js';
import { unbroadcast } from './grad_util.js';

export const realDivGrad: GradConfig<'RealDiv'> = {
  kernelName: RealDiv,
  // d(a/b)/da = 1/b ; d(a/b)/db = -a/b^2, computed as (-a/b)/b so b^2 cannot overflow first.
  gradFunc: ([dy], [a, b]) => [
    () => unbroadcast(div(dy!, b!), a!.shape),
    () => unbroadcast(mul(dy!, div(div(neg(a!), b!), b!)), b!.shape),
  ],
};
