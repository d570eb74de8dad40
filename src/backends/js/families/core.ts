// js kernels of the 'core' family (dtype, identity, reshape, broadcast). Registered by ../register.ts.
import type { KernelFn } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { cast, fill } from '../kernels/Cast.js';
import { reshape, identity } from '../kernels/Reshape.js';
import { broadcastTo } from '../kernels/BroadcastTo.js';

export const kernels: [string, KernelFn][] = [
  [K.Cast, cast],
  [K.Fill, fill],
  [K.Identity, identity],
  [K.StopGradient, identity],
  [K.Reshape, reshape],
  [K.BroadcastTo, broadcastTo],
];
