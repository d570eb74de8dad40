import type { GradConfig } from '../core/gradients.js';
import { SquaredDifference } from '../core/kernel_names.js';
import { mul, sub } from '../ops/arithmetic.js';
import { neg } from '../ops/unary_math.js';
import { unbroadcast } from './grad_util.js';

export const squaredDifferenceGrad: GradConfig<'SquaredDifference'> = {
  kernelName: SquaredDifference,
  // d(a-b)^2/da = 2(a-b) = -d/db
  gradFunc: ([dy], [a, b]) => {
    const g = () => mul(dy!, mul(sub(a!, b!), 2));
    return [() => unbroadcast(g(), a!.shape), () => unbroadcast(neg(g()), b!.shape)];
  },
};
