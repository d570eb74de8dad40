import type { GradConfig } from '../core/gradients.js';
import { Atan2 } from '../core/kernel_names.js';
import { add, div, mul } from '../ops/arithmetic.js';
import { neg, square } from '../ops/unary_math.js';
import { unbroadcast } from './grad_util.js';

export const atan2Grad: GradConfig<'Atan2'> = {
  kernelName: Atan2,
  // atan2(a, b): d/da = b / (a^2 + b^2), d/db = -a / (a^2 + b^2).
  gradFunc: ([dy], [a, b]) => {
    const den = () => add(square(a!), square(b!));
    return [
      () => unbroadcast(mul(dy!, div(b!, den())), a!.shape),
      () => unbroadcast(mul(dy!, div(neg(a!), den())), b!.shape),
    ];
  },
};
