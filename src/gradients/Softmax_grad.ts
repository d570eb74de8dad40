import type { GradConfig } from '../core/gradients.js';
import { LogSoftmax, Softmax } from '../core/kernel_names.js';
import { mul, sub } from '../ops/arithmetic.js';
import { sum } from '../ops/reduction.js';
import { exp } from '../ops/unary_math.js';

/** Softmax's Jacobian-vector product: (dy - sum(dy * y, axis)) * y. */
export const softmaxGrad: GradConfig<'Softmax'> = {
  kernelName: Softmax,
  gradFunc: ([dy], _inputs, [y], attrs) => {
    const axis = attrs.axis;
    return [() => mul(sub(dy!, sum(mul(dy!, y!), axis, true)), y!)];
  },
};

/** logSoftmax: dy - softmax(x) * sum(dy, axis), with softmax = exp(y). */
export const logSoftmaxGrad: GradConfig<'LogSoftmax'> = {
  kernelName: LogSoftmax,
  gradFunc: ([dy], _inputs, [y], attrs) => {
    const axis = attrs.axis;
    return [() => sub(dy!, mul(exp(y!), sum(dy!, axis, true)))];
  },
};
