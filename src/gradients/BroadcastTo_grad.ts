import type { GradConfig } from '../core/gradients.js';
import { BroadcastTo } from '../core/kernel_names.js';
import { unbroadcast } from './grad_util.js';

export const broadcastToGrad: GradConfig<'BroadcastTo'> = {
  kernelName: BroadcastTo,
  gradFunc: ([dy], [x]) => [() => unbroadcast(dy!, x!.shape)],
};
