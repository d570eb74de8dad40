import type { GradConfig } from '../core/gradients.js';
import { LeakyRelu, Relu, Relu6, Step } from '../core/kernel_names.js';
import { mul } from '../ops/arithmetic.js';
import { cast } from '../ops/cast.js';
import { greater, less } from '../ops/compare.js';
import { zerosLike } from '../ops/creation.js';
import { logicalAnd, where } from '../ops/logical.js';

// Piecewise-linear activations. The masks compare x, as TF's ReluGrad/Relu6Grad/LeakyReluGrad do: the kinks
// get the lower piece (relu'(0) = 0, relu6' = 0 at 0 and 6, leakyRelu'(0) = alpha) and NaN gets 0.

export const reluGrad: GradConfig<'Relu'> = {
  kernelName: Relu,
  gradFunc: ([dy], [x]) => [() => mul(dy!, cast(greater(x!, 0), x!.dtype))],
};

export const relu6Grad: GradConfig<'Relu6'> = {
  kernelName: Relu6,
  gradFunc: ([dy], [x]) => [() => mul(dy!, cast(logicalAnd(greater(x!, 0), less(x!, 6)), x!.dtype))],
};

export const leakyReluGrad: GradConfig<'LeakyRelu'> = {
  kernelName: LeakyRelu,
  gradFunc: ([dy], [x], _outputs, attrs) => [() => where(greater(x!, 0), dy!, mul(dy!, attrs.alpha))],
};

/** step is piecewise constant: zero gradient everywhere (as tfjs). */
export const stepGrad: GradConfig<'Step'> = {
  kernelName: Step,
  gradFunc: (_dy, [x]) => [() => zerosLike(x!)],
};
