import type { GradConfig } from '../core/gradients.js';
import { LRN } from '../core/kernel_names.js';
import { lrnGrad } from '../ops/lrn.js';

/** LRN's gradient is its own kernel (LRNGrad); LRNGrad itself has no gradient (no second order through LRN). */
export const lrnGradConfig: GradConfig<'LRN'> = {
  kernelName: LRN,
  gradFunc: ([dy], [x], [y], attrs) => [
    () => lrnGrad(dy!, x!, y!, attrs.depthRadius, attrs.bias, attrs.alpha, attrs.beta),
  ],
};
