import type { GradConfig } from '../core/gradients.js';
import { Sub } from '../core/kernel_names.js';
import { neg } from '../ops/unary_math.js';
import { unbroadcast } from './grad_util.js';

export const subGrad: GradConfig<'Sub'> = {
  kernelName: Sub,
  gradFunc: ([dy], [a, b]) => [() => unbroadcast(dy!, a!.shape), () => neg(unbroadcast(dy!, b!.shape))],
};
