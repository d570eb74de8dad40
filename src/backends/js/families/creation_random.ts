// js kernels of the 'creation_random' family: [kernel name, implementation]. Registered by ../register.ts.
// The random ops have no kernels: they draw on the host and upload (see src/ops/random.ts).
import { kernel, type KernelEntry } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { range } from '../kernels/Range.js';
import { linSpace } from '../kernels/LinSpace.js';
import { eye } from '../kernels/Eye.js';

export const kernels: KernelEntry[] = [
  kernel(K.Range, range),
  kernel(K.LinSpace, linSpace),
  kernel(K.Eye, eye),
];
