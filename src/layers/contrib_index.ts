// tl.contrib: the tf.contrib.layers and tf.contrib.framework parts the TF 1.x seeds use.
import { addArgScope, argScope } from './arg_scope.js';
import { fullyConnected, varianceScalingInitializer, xavierInitializer } from './contrib.js';
import { batchNormalization, dropout, flatten, conv2d, maxPooling2d } from './functional.js';
import { l1Regularizer, l2Regularizer, l1l2Regularizer, sumRegularizer } from '../train/regularizers.js';

export const layers = {
  fullyConnected, xavierInitializer, varianceScalingInitializer, l1Regularizer, l2Regularizer, l1l2Regularizer, sumRegularizer,
  batchNorm: batchNormalization, dropout, flatten, conv2d, maxPool2d: maxPooling2d,
};
export const framework = { argScope, addArgScope };
