import type { GradConfig } from '../core/gradients.js';
import { Sign } from '../core/kernel_names.js';
import { zerosLike } from '../ops/creation.js';

export const signGrad: GradConfig<'Sign'> = {
  kernelName: Sign,
  // Piecewise constant: zero gradient, registered so chains through sign() still differentiate.
  gradFunc: (_dy, [x]) => [() => zerosLike(x!)],
};
