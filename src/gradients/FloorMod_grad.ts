import type { GradConfig } from '../core/gradients.js';
import { FloorMod } from '../core/kernel_names.js';
import { floorDiv, mul } from '../ops/arithmetic.js';
import { neg } from '../ops/unary_math.js';
import { unbroadcast } from './grad_util.js';

export const floorModGrad: GradConfig<'FloorMod'> = {
  kernelName: FloorMod,
  // mod(a, b) = a - floor(a/b) * b, with floor(a/b) locally constant: d/da = 1, d/db = -floor(a/b) (as TF).
  gradFunc: ([dy], [a, b]) => [
    () => unbroadcast(dy!, a!.shape),
    () => unbroadcast(mul(dy!, neg(floorDiv(a!, b!))), b!.shape),
  ],
};
