import type { GradConfig } from '../core/gradients.js';
import { Tan } from '../core/kernel_names.js';
import { div } from '../ops/arithmetic.js';
import { cos, square } from '../ops/unary_math.js';

export const tanGrad: GradConfig<'Tan'> = {
  kernelName: Tan,
  // d tan x = 1/cos^2 x.
  gradFunc: ([dy], [x]) => [() => div(dy!, square(cos(x!)))],
};
