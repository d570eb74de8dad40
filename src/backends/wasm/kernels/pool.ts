import type { KernelFn } from '../../../core/backend.js';
import type { PoolAttrs } from '../../../core/kernel_attrs.js';
import { asWasm, type WasmBackend } from '../backend_wasm.js';
import type { WasmExports } from '../loader.js';

/**
 * 2-D MaxPool / AvgPool and their gradients (NHWC or NCHW) on the module's pooling kernels. The parameter
 * block layout matches assembly/kernels/pool_util.ts (Q_N ... Q_OUT). Output sizes come from the op (outs).
 */
function dims(shape: readonly number[], nchw: boolean): [number, number, number, number] {
  return nchw ? [shape[0]!, shape[2]!, shape[3]!, shape[1]!] : [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
}

function params(wb: WasmBackend, xShape: readonly number[], yShape: readonly number[], a: PoolAttrs, isMax: boolean,
  px: number, pdy: number, pout: number): number {
  const nchw = a.dataFormat === 'NCHW';
  const [N, H, W, C] = dims(xShape, nchw);
  const [, OH, OW] = dims(yShape, nchw);
  return wb.ints([N, H, W, C, OH, OW, a.ksize[0]!, a.ksize[1]!, a.strides[0]!, a.strides[1]!, a.pads[0]!, a.pads[2]!,
    nchw ? 1 : 0, isMax ? 1 : 0, px, 0, pdy, pout]);
}

/** Binds MaxPool / AvgPool. */
export const poolKernel = (fn: WasmExports['MaxPool' | 'AvgPool'], isMax: boolean): KernelFn<'MaxPool' | 'AvgPool'> =>
  ([x], a, backend, outs) => {
    const wb = asWasm(backend);
    const [out, po] = wb.makeOutput(outs[0]!.shape, 'float32');
    fn(params(wb, x!.shape, out.shape, a, isMax, wb.ptr(x!), 0, po));
    return out;
  };

export const maxPoolGrad: KernelFn<'MaxPoolGrad'> = ([x, y, dy], a, backend, outs) => {
  const wb = asWasm(backend);
  const [out, po] = wb.makeOutput(outs[0]!.shape, 'float32');
  wb.ex.MaxPoolGrad(params(wb, x!.shape, y!.shape, a, true, wb.ptr(x!), wb.ptr(dy!), po));
  return out;
};

export const avgPoolGrad: KernelFn<'AvgPoolGrad'> = ([dy], a, backend, outs) => {
  const wb = asWasm(backend);
  const [out, po] = wb.makeOutput(outs[0]!.shape, 'float32');
  wb.ex.AvgPoolGrad(params(wb, out.shape, dy!.shape, a, false, 0, wb.ptr(dy!), po));
  return out;
};
