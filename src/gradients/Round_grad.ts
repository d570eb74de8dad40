import type { GradConfig } from '../core/gradients.js';
import { Round } from '../core/kernel_names.js';
import { zerosLike } from '../ops/creation.js';

export const roundGrad: GradConfig<'Round'> = {
  kernelName: Round,
  // Piecewise constant: zero gradient (TF returns none); zeros keep chains working.
  gradFunc: (_dy, [x]) => [() => zerosLike(x!)],
};
