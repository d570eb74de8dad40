// js kernels of the 'conv' family: [kernel name, implementation]. Registered by ../register.ts.
// One direct-loop implementation (kernels/conv_nd.ts) serves the 2-D and 3-D kernels: the attrs carry the
// spatial rank through the filter's shape.
import { kernel, type KernelEntry } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { convBackpropFilter, convBackpropInput, convForward } from '../kernels/conv_nd.js';

export const kernels: KernelEntry[] = [
  kernel(K.Conv2D, convForward),
  kernel(K.Conv2DBackpropInput, convBackpropInput),
  kernel(K.Conv2DBackpropFilter, convBackpropFilter),
  kernel(K.Conv3D, convForward),
  kernel(K.Conv3DBackpropInput, convBackpropInput),
  kernel(K.Conv3DBackpropFilter, convBackpropFilter),
];
