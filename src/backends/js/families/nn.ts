// js kernels of the 'nn' family: [kernel name, implementation]. Registered by ../register.ts.
import { kernel, type KernelEntry } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { maxPool } from '../kernels/MaxPool.js';
import { avgPool } from '../kernels/AvgPool.js';
import { maxPoolGrad } from '../kernels/MaxPoolGrad.js';
import { avgPoolGrad } from '../kernels/AvgPoolGrad.js';
import { lrn } from '../kernels/LRN.js';
import { lrnGrad } from '../kernels/LRNGrad.js';
import { softmaxCrossEntropyWithLogits } from '../kernels/SoftmaxCrossEntropyWithLogits.js';
import { sparseSoftmaxCrossEntropyWithLogits } from '../kernels/SparseSoftmaxCrossEntropyWithLogits.js';
import { inTopK } from '../kernels/InTopK.js';
import { topK } from '../kernels/TopK.js';

// The pooling kernels are written for any number of spatial dims: the 2-D and 3-D names share them.
export const kernels: KernelEntry[] = [
  kernel(K.MaxPool, maxPool),
  kernel(K.MaxPool3D, maxPool),
  kernel(K.AvgPool, avgPool),
  kernel(K.AvgPool3D, avgPool),
  kernel(K.MaxPoolGrad, maxPoolGrad),
  kernel(K.MaxPool3DGrad, maxPoolGrad),
  kernel(K.AvgPoolGrad, avgPoolGrad),
  kernel(K.AvgPool3DGrad, avgPoolGrad),
  kernel(K.LRN, lrn),
  kernel(K.LRNGrad, lrnGrad),
  kernel(K.SoftmaxCrossEntropyWithLogits, softmaxCrossEntropyWithLogits),
  kernel(K.SparseSoftmaxCrossEntropyWithLogits, sparseSoftmaxCrossEntropyWithLogits),
  kernel(K.InTopK, inTopK),
  kernel(K.TopK, topK),
];
