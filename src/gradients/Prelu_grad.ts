import type { GradConfig } from '../core/gradients.js';
import { Prelu } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { greater } from '../ops/compare.js';
import { where } from '../ops/logical.js';
import { unbroadcast } from './grad_util.js';

/** dx = dy where x > 0 else dy * alpha; dalpha = dy * x where x <= 0, summed over the axes alpha was broadcast on. */
export const preluGrad: GradConfig<'Prelu'> = {
  kernelName: Prelu,
  gradFunc: ([dy], [x, alpha]) => {
    const pos = () => greater(x!, 0);
    return [
      () => where(pos(), dy!, mul(dy!, alpha!)),
      () => unbroadcast(where(pos(), 0, mul(dy!, x!)), alpha!.shape),
    ];
  },
};
