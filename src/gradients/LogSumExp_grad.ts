import type { GradConfig } from '../core/gradients.js';
import { LogSumExp } from '../core/kernel_names.js';
import { mul, sub } from '../ops/arithmetic.js';
import { exp } from '../ops/unary_math.js';
import { asKept } from './reduce_grad_util.js';

/** d lse / d x = exp(x - lse) = softmax(x) over the group (cannot overflow: x <= lse). */
export const logSumExpGrad: GradConfig<'LogSumExp'> = {
  kernelName: LogSumExp,
  gradFunc: ([dy], [x], [y], attrs) => {
    const axes = attrs.axes;
    return [() => mul(exp(sub(x!, asKept(y!, x!.shape, axes))), asKept(dy!, x!.shape, axes))];
  },
};
