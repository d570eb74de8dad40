// Gradients of the 'indexing_shape' family. Registered by ../register_all.ts.
import type { AnyGradConfig } from '../../core/gradients.js';
import { gatherV2Grad } from '../GatherV2_grad.js';
import { gatherNdGrad, scatterNdGrad } from '../GatherNd_grad.js';
import { unsortedSegmentSumGrad } from '../UnsortedSegmentSum_grad.js';

export const grads: AnyGradConfig[] = [gatherV2Grad, gatherNdGrad, scatterNdGrad, unsortedSegmentSumGrad];
