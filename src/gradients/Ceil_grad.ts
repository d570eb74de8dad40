import type { GradConfig } from '../core/gradients.js';
import { Ceil } from '../core/kernel_names.js';
import { zerosLike } from '../ops/creation.js';

export const ceilGrad: GradConfig<'Ceil'> = {
  kernelName: Ceil,
  // Piecewise constant: zero gradient (TF returns none); zeros keep chains working.
  gradFunc: (_dy, [x]) => [() => zerosLike(x!)],
};
