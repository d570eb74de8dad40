import type { GradConfig } from '../core/gradients.js';
import { Split } from '../core/kernel_names.js';
import { concat } from '../ops/concat_split.js';

/** The pieces' gradients joined back along the split axis (unused pieces arrive as zeros). */
export const splitGrad: GradConfig<'Split'> = {
  kernelName: Split,
  gradFunc: (dys, _inputs, _outputs, attrs) => [() => concat(dys, attrs.axis)],
};
