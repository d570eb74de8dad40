import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { bnDims } from '../../js/kernels/FusedBatchNorm.js';
import type { BatchNormAttrs as BnAttrs } from '../../../core/kernel_attrs.js';
import { asWasm } from '../backend_wasm.js';

/** FusedBatchNorm (kernel_names.ts, norm block): outputs y, mean [C], variance [C]. */
export const fusedBatchNorm: KernelFn = (inputs, attrs, backend) => {
  const wb = asWasm(backend);
  const a = attrs as unknown as BnAttrs;
  const [x, scale, offset] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  const [outer, C, inner] = bnDims(x.shape, a.channelsLast);
  const [yOut, py] = wb.makeOutput(x.shape, 'float32');
  const [mOut, pm] = wb.makeOutput([C], 'float32');
  const [vOut, pv] = wb.makeOutput([C], 'float32');
  const training = a.isTraining === true;
  wb.ex.fusedBatchNorm(wb.ptr(x), wb.ptr(scale), wb.ptr(offset), training ? 0 : wb.ptr(inputs[3]!), training ? 0 : wb.ptr(inputs[4]!),
    outer, C, inner, a.epsilon, training ? 1 : 0, py, pm, pv);
  return [yOut, mOut, vOut];
};

/** FusedBatchNormGrad: outputs dx, dscale, doffset, then dmean, dvariance when !isTraining. */
export const fusedBatchNormGrad: KernelFn = (inputs, attrs, backend) => {
  const wb = asWasm(backend);
  const a = attrs as unknown as BnAttrs;
  const x = inputs[1]!;
  const [outer, C, inner] = bnDims(x.shape, a.channelsLast);
  const training = a.isTraining === true;
  const [dxOut, pdx] = wb.makeOutput(x.shape, 'float32');
  const perC = [0, 1, 2, 3].slice(0, training ? 2 : 4).map(() => wb.makeOutput([C], 'float32'));
  const p = inputs.map((t) => wb.ptr(t));
  wb.ex.fusedBatchNormGrad(p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, p[6]!, outer, C, inner, a.epsilon, training ? 1 : 0, pdx,
    perC[0]![1], perC[1]![1], training ? 0 : perC[2]![1], training ? 0 : perC[3]![1]);
  return [dxOut, ...perC.map((m) => m[0])];
};
