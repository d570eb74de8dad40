// js kernels of the 'nn' family: [kernel name, implementation]. Registered by ../register.ts.
import type { KernelFn } from '../../../core/backend.js';
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

// The pooling kernels are written for any number of spatial dims: the 2-D and 3-D names share them.
export const kernels: [string, KernelFn][] = [
  [K.MaxPool, maxPool],
  [K.MaxPool3D, maxPool],
  [K.AvgPool, avgPool],
  [K.AvgPool3D, avgPool],
  [K.MaxPoolGrad, maxPoolGrad],
  [K.MaxPool3DGrad, maxPoolGrad],
  [K.AvgPoolGrad, avgPoolGrad],
  [K.AvgPool3DGrad, avgPoolGrad],
  [K.LRN, lrn],
  [K.LRNGrad, lrnGrad],
  [K.SoftmaxCrossEntropyWithLogits, softmaxCrossEntropyWithLogits],
  [K.SparseSoftmaxCrossEntropyWithLogits, sparseSoftmaxCrossEntropyWithLogits],
  [K.InTopK, inTopK],
];
