// Data-movement kernels of the 'core' family on native tensors. Native data lives in JS typed arrays exactly
// like js data, and these kernels do no arithmetic, so the js implementations (which only use readSync /
// makeOutput, both provided by NativeBackend) run on native tensors as they are: no copy to js and back.
import type { KernelFn } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { reshape, identity } from '../../js/kernels/Reshape.js';
import { cast, fill } from '../../js/kernels/Cast.js';
import { broadcastTo } from '../../js/kernels/BroadcastTo.js';

export const kernels: [string, KernelFn][] = [
  [K.Reshape, reshape],
  [K.Identity, identity],
  [K.StopGradient, identity],
  [K.Cast, cast],
  [K.Fill, fill],
  [K.BroadcastTo, broadcastTo],
];

/** These accept every dtype. */
export const anyDType = new Set<string>(kernels.map(([k]) => k));
