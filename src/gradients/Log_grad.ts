import type { GradConfig } from '../core/gradients.js';
import { Log } from '../core/kernel_names.js';
import { div } from '../ops/arithmetic.js';

export const logGrad: GradConfig<'Log'> = {
  kernelName: Log,
  // d log x = 1/x.
  gradFunc: ([dy], [x]) => [() => div(dy!, x!)],
};
