// tl.contrib: the tf.contrib.layers and tf.contrib.framework parts the TF 1.x seeds use.
import { addArgScope, argScope } from './arg_scope.js';
import { contribConv2d, contribMaxPool2d, fullyConnected, varianceScalingInitializer, xavierInitializer } from './contrib.js';
import { contribBatchNorm, contribDropout } from './contrib_norm.js';
import { flatten } from './functional.js';
import { l1Regularizer, l2Regularizer, l1l2Regularizer, sumRegularizer } from '../train/regularizers.js';

export const layers = {
  fullyConnected, xavierInitializer, varianceScalingInitializer, l1Regularizer, l2Regularizer, l1l2Regularizer, sumRegularizer,
  batchNorm: contribBatchNorm, dropout: contribDropout, flatten, conv2d: contribConv2d, maxPool2d: contribMaxPool2d,
};
export const framework = { argScope, addArgScope };
