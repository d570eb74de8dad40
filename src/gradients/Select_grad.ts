import type { GradConfig } from '../core/gradients.js';
import { Select } from '../core/kernel_names.js';
import { where } from '../ops/logical.js';
import { unbroadcast } from './grad_util.js';

export const selectGrad: GradConfig<'Select'> = {
  kernelName: Select,
  // dy goes to a where the condition holds and to b elsewhere, summed back over broadcast dims.
  gradFunc: ([dy], [c, a, b]) => [
    null,
    () => unbroadcast(where(c!, dy!, 0), a!.shape),
    () => unbroadcast(where(c!, 0, dy!), b!.shape),
  ],
};
