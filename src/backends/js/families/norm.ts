// js kernels of the 'norm' family (fused batch normalization): [kernel name, implementation].
// Registered by ../register.ts.
import type { KernelFn } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { fusedBatchNorm } from '../kernels/FusedBatchNorm.js';
import { fusedBatchNormGrad } from '../kernels/FusedBatchNormGrad.js';

export const kernels: [string, KernelFn][] = [
  [K.FusedBatchNorm, fusedBatchNorm],
  [K.FusedBatchNormGrad, fusedBatchNormGrad],
];
