import type { GradConfig } from '../core/gradients.js';
import { Floor } from '../core/kernel_names.js';
import { zerosLike } from '../ops/creation.js';

export const floorGrad: GradConfig<'Floor'> = {
  kernelName: Floor,
  // Piecewise constant: zero gradient (TF returns none); zeros keep chains working.
  gradFunc: (_dy, [x]) => [() => zerosLike(x!)],
};
