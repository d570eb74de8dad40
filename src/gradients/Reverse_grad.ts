import type { GradConfig } from '../core/gradients.js';
import { Reverse } from '../core/kernel_names.js';
import { reverse } from '../ops/reverse.js';

export const reverseGrad: GradConfig<'Reverse'> = {
  kernelName: Reverse,
  gradFunc: ([dy], _inputs, _outputs, attrs) => [() => reverse(dy!, attrs.axes)],
};
