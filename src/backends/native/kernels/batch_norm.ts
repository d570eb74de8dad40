/** FusedBatchNorm / FusedBatchNormGrad (kernel_names.ts, norm block) on the addon. float32 only (supports()). */
import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { bnDims } from '../../js/kernels/FusedBatchNorm.js';
import type { BatchNormAttrs as BnAttrs } from '../../../core/kernel_attrs.js';
import { asNative } from '../backend_native.js';

export const fusedBatchNorm: KernelFn = (inputs, attrs, backend) => {
  const nb = asNative(backend);
  const a = attrs as unknown as BnAttrs;
  const [x, scale, offset] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  const dims = bnDims(x.shape, a.channelsLast);
  const [yOut, y] = nb.makeOutputUninit(x.shape);
  const [mOut, m] = nb.makeOutputUninit([dims[1]]);
  const [vOut, v] = nb.makeOutputUninit([dims[1]]);
  nb.binding.batchNorm(dims, nb.f32(x), nb.f32(scale), nb.f32(offset), a.isTraining ? null : nb.f32(inputs[3]!),
    a.isTraining ? null : nb.f32(inputs[4]!), a.epsilon, y, m, v);
  return [yOut, mOut, vOut];
};

export const fusedBatchNormGrad: KernelFn = (inputs, attrs, backend) => {
  const nb = asNative(backend);
  const a = attrs as unknown as BnAttrs;
  const x = inputs[1]!;
  const dims = bnDims(x.shape, a.channelsLast);
  const outs = [nb.makeOutputUninit(x.shape), ...Array.from({ length: a.isTraining ? 2 : 4 }, () => nb.makeOutputUninit([dims[1]]))];
  const f = (k: number) => nb.f32(inputs[k]!);
  nb.binding.batchNormGrad(dims, f(0), f(1), f(2), f(3), f(4), f(5), f(6), a.epsilon, a.isTraining, outs.map(([, arr]) => arr));
  return outs.map(([info]) => info);
};
