// js kernels of the 'reduce_activation' family: [kernel name, implementation]. Registered by ../register.ts.
import { kernel, type KernelEntry } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { sum } from '../kernels/Sum.js';
import { mean } from '../kernels/Mean.js';
import { prod } from '../kernels/Prod.js';
import { max } from '../kernels/Max.js';
import { min } from '../kernels/Min.js';
import { argMax } from '../kernels/ArgMax.js';
import { argMin } from '../kernels/ArgMin.js';
import { all } from '../kernels/All.js';
import { any } from '../kernels/Any.js';
import { logSumExp } from '../kernels/LogSumExp.js';
import { cumsum } from '../kernels/Cumsum.js';
import { cumprod } from '../kernels/Cumprod.js';
import * as act from '../kernels/activations.js';
import { prelu } from '../kernels/Prelu.js';
import { softmax } from '../kernels/Softmax.js';
import { logSoftmax } from '../kernels/LogSoftmax.js';

export const kernels: KernelEntry[] = [
  kernel(K.Sum, sum),
  kernel(K.Mean, mean),
  kernel(K.Prod, prod),
  kernel(K.Max, max),
  kernel(K.Min, min),
  kernel(K.ArgMax, argMax),
  kernel(K.ArgMin, argMin),
  kernel(K.All, all),
  kernel(K.Any, any),
  kernel(K.LogSumExp, logSumExp),
  kernel(K.Cumsum, cumsum),
  kernel(K.Cumprod, cumprod),
  kernel(K.Relu, act.relu),
  kernel(K.Relu6, act.relu6),
  kernel(K.Elu, act.elu),
  kernel(K.Selu, act.selu),
  kernel(K.LeakyRelu, act.leakyRelu),
  kernel(K.Sigmoid, act.sigmoid),
  kernel(K.Softplus, act.softplus),
  kernel(K.Step, act.step),
  kernel(K.Prelu, prelu),
  kernel(K.Softmax, softmax),
  kernel(K.LogSoftmax, logSoftmax),
];
