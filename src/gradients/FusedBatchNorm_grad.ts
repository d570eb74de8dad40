import type { GradConfig } from '../core/gradients.js';
import { FusedBatchNorm, FusedBatchNormGrad } from '../core/kernel_names.js';
import { runFusedBatchNormGrad } from '../ops/batch_norm_kernels.js';
import { memoGrads, noSecondOrder } from './rnn_grad_util.js';

/**
 * FusedBatchNorm (outputs y, mean, variance): the gradients of x, scale, offset (and of mean, variance in
 * inference) in one FusedBatchNormGrad kernel, from dy and the upstream gradients of the statistics outputs
 * (training: the batch statistics are functions of x, so those flow into dx).
 */
export const fusedBatchNormGradConfig: GradConfig<'FusedBatchNorm'> = {
  kernelName: FusedBatchNorm,
  gradFunc: (dy, inputs, outputs, a) => {
    const [x, scale] = inputs as [typeof inputs[0], typeof inputs[0]];
    const mean = a.isTraining ? outputs[1]! : inputs[3]!;
    const variance = a.isTraining ? outputs[2]! : inputs[4]!;
    return memoGrads(inputs.length, () => runFusedBatchNormGrad(dy[0]!, x!, scale!, mean, variance, dy[1]!, dy[2]!, a));
  },
};

export const fusedBatchNormGradGradConfig = noSecondOrder(FusedBatchNormGrad, 'fusedBatchNorm');
