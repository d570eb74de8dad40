// Gradients of the 'norm' family (fused batch normalization). Registered by ../register_all.ts.
import type { AnyGradConfig } from '../../core/gradients.js';
import { fusedBatchNormGradConfig, fusedBatchNormGradGradConfig } from '../FusedBatchNorm_grad.js';

export const grads: AnyGradConfig[] = [fusedBatchNormGradConfig, fusedBatchNormGradGradConfig];
