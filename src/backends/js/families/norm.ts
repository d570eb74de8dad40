// js kernels of the 'norm' family (fused batch normalization): [kernel name, implementation].
// Registered by ../register.ts.
import { kernel, type KernelEntry } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { fusedBatchNorm } from '../kernels/FusedBatchNorm.js';
import { fusedBatchNormGrad } from '../kernels/FusedBatchNormGrad.js';

export const kernels: KernelEntry[] = [
  kernel(K.FusedBatchNorm, fusedBatchNorm),
  kernel(K.FusedBatchNormGrad, fusedBatchNormGrad),
];
