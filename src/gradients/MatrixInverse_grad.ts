import type { GradConfig } from '../core/gradients.js';
import { MatrixInverse } from '../core/kernel_names.js';
import { matMul } from '../ops/matmul.js';
import { neg } from '../ops/unary_math.js';

/** d(A^-1) = -A^-1 dA A^-1, so dL/dA = -A^-T dy A^-T, computed from the saved output A^-1. */
export const matrixInverseGrad: GradConfig<'MatrixInverse'> = {
  kernelName: MatrixInverse,
  gradFunc: ([dy], _inputs, [inv]) => [() => neg(matMul(matMul(inv!, dy!, true, false), inv!, false, true))],
};
