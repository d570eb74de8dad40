// Gradients of the 'reduce_activation' family. Registered by ../register_all.ts.
// ArgMax, ArgMin, All and Any have none (int32 / bool outputs).
import type { AnyGradConfig } from '../../core/gradients.js';
import { sumGrad } from '../Sum_grad.js';
import { meanGrad } from '../Mean_grad.js';
import { prodGrad } from '../Prod_grad.js';
import { maxGrad, minGrad } from '../Max_grad.js';
import { logSumExpGrad } from '../LogSumExp_grad.js';
import { cumsumGrad, cumprodGrad } from '../Cumsum_grad.js';
import { reluGrad, relu6Grad, leakyReluGrad, stepGrad } from '../Relu_grad.js';
import { eluGrad, seluGrad } from '../Elu_grad.js';
import { preluGrad } from '../Prelu_grad.js';
import { sigmoidGrad, softplusGrad } from '../Sigmoid_grad.js';
import { softmaxGrad, logSoftmaxGrad } from '../Softmax_grad.js';

export const grads: AnyGradConfig[] = [
  sumGrad, meanGrad, prodGrad, maxGrad, minGrad, logSumExpGrad, cumsumGrad, cumprodGrad,
  reluGrad, relu6Grad, leakyReluGrad, stepGrad, eluGrad, seluGrad, preluGrad, sigmoidGrad, softplusGrad,
  softmaxGrad, logSoftmaxGrad,
];
