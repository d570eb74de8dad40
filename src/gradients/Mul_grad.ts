import type { GradConfig } from '../core/gradients.js';
import { Mul } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { unbroadcast } from './grad_util.js';

export const mulGrad: GradConfig<'Mul'> = {
  kernelName: Mul,
  gradFunc: ([dy], [a, b]) => [() => unbroadcast(mul(dy!, b!), a!.shape), () => unbroadcast(mul(dy!, a!), b!.shape)],
};
