/**
 * Callers of the fused batch-normalization kernels (kernel_names.ts, norm block), shared by the ops in
 * normalization.ts (which validate first) and by the gradient. Not exported from ops/index.ts.
 */
import { ENGINE } from '../core/engine.js';
import type { BatchNormAttrs } from '../core/kernel_attrs.js';
import * as K from '../core/kernel_names.js';
import type { Tensor } from '../core/tensor.js';


const vec = (t: Tensor, C: number) => ({ shape: [C], dtype: t.dtype });

/** [y, mean, variance] from x, scale, offset (and mean, variance when !isTraining). */
export function runFusedBatchNorm(inputs: Tensor[], attrs: BatchNormAttrs): Tensor[] {
  const x = inputs[0]!;
  const C = x.shape[attrs.channelsLast ? x.rank - 1 : 1]!;
  return ENGINE.runKernel(K.FusedBatchNorm, inputs, attrs, [{ shape: [...x.shape], dtype: x.dtype }, vec(x, C), vec(x, C)]);
}

/** [dx, dscale, doffset (, dmean, dvariance)] of FusedBatchNorm. */
export function runFusedBatchNormGrad(dy: Tensor, x: Tensor, scale: Tensor, mean: Tensor, variance: Tensor, dMean: Tensor, dVariance: Tensor,
  attrs: BatchNormAttrs): Tensor[] {
  const C = scale.shape[0]!;
  const specs = [{ shape: [...x.shape], dtype: x.dtype }, vec(x, C), vec(x, C), ...(attrs.isTraining ? [] : [vec(x, C), vec(x, C)])];
  return ENGINE.runKernel(K.FusedBatchNormGrad, [dy, x, scale, mean, variance, dMean, dVariance], attrs, specs);
}
