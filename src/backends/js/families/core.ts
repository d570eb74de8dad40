// js kernels of the 'core' family (dtype, identity, reshape, broadcast). Registered by ../register.ts.
import { kernel, type KernelEntry } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { cast, fill } from '../kernels/Cast.js';
import { reshape, identity } from '../kernels/Reshape.js';
import { broadcastTo } from '../kernels/BroadcastTo.js';

export const kernels: KernelEntry[] = [
  kernel(K.Cast, cast),
  kernel(K.Fill, fill),
  kernel(K.Identity, identity),
  kernel(K.StopGradient, identity),
  kernel(K.Reshape, reshape),
  kernel(K.BroadcastTo, broadcastTo),
];
