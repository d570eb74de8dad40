// Gradients of the 'nn' family. Registered by ../register_all.ts.
import type { AnyGradConfig } from '../../core/gradients.js';
import {
  avgPool3DGradConfig, avgPool3DGradGradConfig, avgPoolGradConfig, avgPoolGradGradConfig, maxPool3DGradConfig, maxPoolGradConfig,
} from '../Pool_grad.js';
import { lrnGradConfig } from '../LRN_grad.js';
import { topKGradConfig } from '../TopK_grad.js';
import { softmaxCrossEntropyGradConfig, sparseSoftmaxCrossEntropyGradConfig } from '../SoftmaxCrossEntropy_grad.js';

// MaxPoolGrad, MaxPool3DGrad and LRNGrad have no gradient (no second order through max pooling or LRN).
export const grads: AnyGradConfig[] = [
  maxPoolGradConfig,
  maxPool3DGradConfig,
  avgPoolGradConfig,
  avgPool3DGradConfig,
  avgPoolGradGradConfig,
  avgPool3DGradGradConfig,
  lrnGradConfig,
  softmaxCrossEntropyGradConfig,
  sparseSoftmaxCrossEntropyGradConfig,
  topKGradConfig,
];
