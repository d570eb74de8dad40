import type { GradConfig } from '../core/gradients.js';
import { Pow } from '../core/kernel_names.js';
import { mul, pow, sub } from '../ops/arithmetic.js';
import { greater } from '../ops/compare.js';
import { where } from '../ops/logical.js';
import { log } from '../ops/unary_math.js';
import { unbroadcast } from './grad_util.js';

export const powGrad: GradConfig<'Pow'> = {
  kernelName: Pow,
  gradFunc: ([dy], [a, b], [z]) => [
    // d(a^b)/da = b * a^(b-1)
    () => unbroadcast(mul(dy!, mul(b!, pow(a!, sub(b!, 1)))), a!.shape),
    // d(a^b)/db = a^b * log(a) where a > 0, else 0 (TF's choice). log only sees positive values (1 elsewhere)
    // so that the second-order gradient of the masked-out branch is 0 rather than 0 * inf = NaN.
    () => {
      const pos = greater(a!, 0);
      const logA = where(pos, log(where(pos, a!, 1)), 0);
      return unbroadcast(mul(dy!, mul(z!, logA)), b!.shape);
    },
  ],
};
