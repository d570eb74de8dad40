import type { Attrs, KernelFn, TensorInfo } from '../../../core/backend.js';
import { asWasm, type WasmBackend } from '../backend_wasm.js';
import { poolOutShape, type PoolAttrs } from '../../kernel_shapes.js';

/**
 * 2-D MaxPool / AvgPool and their gradients (NHWC or NCHW) on the module's pooling kernels. The parameter
 * block layout matches assembly/kernels/pool_util.ts (Q_N ... Q_OUT).
 */
function dims(shape: readonly number[], nchw: boolean): [number, number, number, number] {
  return nchw ? [shape[0]!, shape[2]!, shape[3]!, shape[1]!] : [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
}

function params(wb: WasmBackend, xShape: readonly number[], yShape: readonly number[], a: PoolAttrs, isMax: boolean,
  px: number, pdy: number, pout: number): number {
  const nchw = a.dataFormat === 'NCHW';
  const [N, H, W, C] = dims(xShape, nchw);
  const [, OH, OW] = dims(yShape, nchw);
  return wb.ints([N, H, W, C, OH!, OW!, a.ksize[0]!, a.ksize[1]!, a.strides[0]!, a.strides[1]!, a.pads[0]!, a.pads[2]!,
    nchw ? 1 : 0, isMax ? 1 : 0, px, 0, pdy, pout]);
}

function poolKernel(isMax: boolean): KernelFn {
  return (inputs, attrs, backend) => {
    const x = inputs[0] as TensorInfo;
    const a = attrs as unknown as PoolAttrs;
    const wb = asWasm(backend);
    const ys = poolOutShape(x.shape, a);
    const [out, po] = wb.makeOutput(ys, 'float32');
    wb.ex.pool(params(wb, x.shape, ys, a, isMax, wb.ptr(x), 0, po));
    return out;
  };
}

export const maxPool = poolKernel(true);
export const avgPool = poolKernel(false);

export const maxPoolGrad: KernelFn = (inputs, attrs, backend) => {
  const [x, y, dy] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  const a = attrs as unknown as PoolAttrs;
  const wb = asWasm(backend);
  const [out, po] = wb.makeOutput(x.shape, 'float32');
  wb.ex.maxPoolGrad(params(wb, x.shape, y.shape, a, true, wb.ptr(x), wb.ptr(dy), po));
  return out;
};

export const avgPoolGrad: KernelFn = (inputs, attrs, backend) => {
  const dy = inputs[0] as TensorInfo;
  const a = attrs as unknown as PoolAttrs;
  const wb = asWasm(backend);
  const inShape = (attrs as Attrs).inShape as number[];
  const [out, po] = wb.makeOutput(inShape, 'float32');
  wb.ex.avgPoolGrad(params(wb, inShape, dy.shape, a, false, 0, wb.ptr(dy), po));
  return out;
};

