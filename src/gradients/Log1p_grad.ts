import type { GradConfig } from '../core/gradients.js';
import { Log1p } from '../core/kernel_names.js';
import { add, div } from '../ops/arithmetic.js';

export const log1pGrad: GradConfig<'Log1p'> = {
  kernelName: Log1p,
  // d log(1+x) = 1/(1+x).
  gradFunc: ([dy], [x]) => [() => div(dy!, add(x!, 1))],
};
