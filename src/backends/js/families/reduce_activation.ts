// js kernels of the 'reduce_activation' family: [kernel name, implementation]. Registered by ../register.ts.
import type { KernelFn } from '../../../core/backend.js';
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

export const kernels: [string, KernelFn][] = [
  [K.Sum, sum],
  [K.Mean, mean],
  [K.Prod, prod],
  [K.Max, max],
  [K.Min, min],
  [K.ArgMax, argMax],
  [K.ArgMin, argMin],
  [K.All, all],
  [K.Any, any],
  [K.LogSumExp, logSumExp],
  [K.Cumsum, cumsum],
  [K.Cumprod, cumprod],
  [K.Relu, act.relu],
  [K.Relu6, act.relu6],
  [K.Elu, act.elu],
  [K.Selu, act.selu],
  [K.LeakyRelu, act.leakyRelu],
  [K.Sigmoid, act.sigmoid],
  [K.Softplus, act.softplus],
  [K.Step, act.step],
  [K.Prelu, prelu],
  [K.Softmax, softmax],
  [K.LogSoftmax, logSoftmax],
];
