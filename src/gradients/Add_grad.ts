import type { GradConfig } from '../core/gradients.js';
import { Add } from '../core/kernel_names.js';
import { unbroadcast } from './grad_util.js';

export const addGrad: GradConfig<'Add'> = {
  kernelName: Add,
  gradFunc: ([dy], [a, b]) => [() => unbroadcast(dy!, a!.shape), () => unbroadcast(dy!, b!.shape)],
};
