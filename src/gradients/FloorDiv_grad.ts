import type { GradConfig } from '../core/gradients.js';
import { FloorDiv } from '../core/kernel_names.js';
import { zerosLike } from '../ops/creation.js';

export const floorDivGrad: GradConfig<'FloorDiv'> = {
  kernelName: FloorDiv,
  // Piecewise constant: zero almost everywhere (TF returns none). Zeros keep chains through it working.
  gradFunc: (_dy, [a, b]) => [() => zerosLike(a!), () => zerosLike(b!)],
};
