import type { GradConfig } from '../core/gradients.js';
import { ClipByValue } from '../core/kernel_names.js';
import { greater, less } from '../ops/compare.js';
import { logicalOr, where } from '../ops/logical.js';
import { unbroadcast } from './grad_util.js';

export const clipByValueGrad: GradConfig<'ClipByValue'> = {
  kernelName: ClipByValue,
  // As TF: x gets dy where min <= x <= max (bounds included); min gets dy where x < min, max where x > max.
  gradFunc: ([dy], [x, lo, hi]) => [
    () => where(logicalOr(less(x!, lo!), greater(x!, hi!)), 0, dy!),
    () => unbroadcast(where(less(x!, lo!), dy!, 0), lo!.shape),
    () => unbroadcast(where(greater(x!, hi!), dy!, 0), hi!.shape),
  ],
};
