import type { GradConfig } from '../core/gradients.js';
import { Maximum, Minimum } from '../core/kernel_names.js';
import { greaterEqual, lessEqual } from '../ops/compare.js';
import { where } from '../ops/logical.js';
import { unbroadcast } from './grad_util.js';

/** At ties (a == b) the whole gradient goes to `a`, as TF's maximum gradient does. */
export const maximumGrad: GradConfig<'Maximum'> = {
  kernelName: Maximum,
  gradFunc: ([dy], [a, b]) => {
    const toA = () => greaterEqual(a!, b!);
    return [() => unbroadcast(where(toA(), dy!, 0), a!.shape), () => unbroadcast(where(toA(), 0, dy!), b!.shape)];
  },
};

/** At ties (a == b) the whole gradient goes to `a`, as TF's minimum gradient does. */
export const minimumGrad: GradConfig<'Minimum'> = {
  kernelName: Minimum,
  gradFunc: ([dy], [a, b]) => {
    const toA = () => lessEqual(a!, b!);
    return [() => unbroadcast(where(toA(), dy!, 0), a!.shape), () => unbroadcast(where(toA(), 0, dy!), b!.shape)];
  },
};
