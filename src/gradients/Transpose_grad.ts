import type { GradConfig } from '../core/gradients.js';
import { Transpose } from '../core/kernel_names.js';
import { invertPerm, transpose } from '../ops/transpose.js';

export const transposeGrad: GradConfig<'Transpose'> = {
  kernelName: Transpose,
  gradFunc: ([dy], _inputs, _outputs, attrs) => [() => transpose(dy!, invertPerm(attrs.perm))],
};
