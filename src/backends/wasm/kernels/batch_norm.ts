import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { bnDims } from '../../js/kernels/FusedBatchNorm.js';
import { asWasm } from '../backend_wasm.js';

/** FusedBatchNorm (kernel_names.ts, norm block): outputs y, mean [C], variance [C]. */
export const fusedBatchNorm: KernelFn<'FusedBatchNorm'> = (inputs, a, backend, specs) => {
  const wb = asWasm(backend);
  const [x, scale, offset] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  const [outer, C, inner] = bnDims(x.shape, a.channelsLast);
  const [outs, [py, pm, pv]] = wb.makeOutputs(specs);
  const training = a.isTraining === true;
  wb.ex.FusedBatchNorm(wb.ptr(x), wb.ptr(scale), wb.ptr(offset), training ? 0 : wb.ptr(inputs[3]!), training ? 0 : wb.ptr(inputs[4]!),
    outer, C, inner, a.epsilon, training ? 1 : 0, py!, pm!, pv!);
  return outs;
};

/** FusedBatchNormGrad: outputs dx, dscale, doffset, then dmean, dvariance when !isTraining. */
export const fusedBatchNormGrad: KernelFn<'FusedBatchNormGrad'> = (inputs, a, backend, specs) => {
  const wb = asWasm(backend);
  const x = inputs[1]!;
  const [outer, C, inner] = bnDims(x.shape, a.channelsLast);
  const training = a.isTraining === true;
  // dx, dscale, doffset, then dmean, dvariance when !isTraining (the op's specs say how many).
  const [outs, [pdx, pds, pdo, pdm, pdv]] = wb.makeOutputs(specs);
  const p = inputs.map((t) => wb.ptr(t));
  wb.ex.FusedBatchNormGrad(p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, p[6]!, outer, C, inner, a.epsilon, training ? 1 : 0, pdx!,
    pds!, pdo!, pdm ?? 0, pdv ?? 0);
  return outs;
};
