import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import type { ConvAttrs } from '../../../core/kernel_attrs.js';
import { asWasm, type WasmBackend } from '../backend_wasm.js';

/**
 * Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter (NHWC or NCHW, HWIO filter, strides, explicit pads,
 * dilations, groups) on the module's im2col + GEMM kernels. The parameter block layout matches
 * assembly/kernels/conv_util.ts (P_N ... P_OUT). The output sizes come from the op (outs), never recomputed.
 */

/** An NHWC or NCHW shape -> [N, H, W, C]. */
function nhwc(shape: readonly number[], nchw: boolean): [number, number, number, number] {
  return nchw ? [shape[0]!, shape[2]!, shape[3]!, shape[1]!] : [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
}

/** The parameter block of x (or dx) shape `xs`, filter shape `fs` and y (or dy) shape `ys`. */
function params(wb: WasmBackend, xs: readonly number[], fs: readonly number[], ys: readonly number[], a: ConvAttrs,
  pa: number, pb: number, pout: number): number {
  const nchw = a.dataFormat === 'NCHW';
  const [N, H, W, C] = nhwc(xs, nchw);
  const [, OH, OW] = nhwc(ys, nchw);
  return wb.ints([N, H, W, C, OH, OW, fs[3]!, fs[0]!, fs[1]!, a.strides[0]!, a.strides[1]!, a.pads[0]!, a.pads[2]!,
    a.dilations[0]!, a.dilations[1]!, a.groups ?? 1, nchw ? 1 : 0, pa, pb, pout]);
}

function run(wb: WasmBackend, ok: number, what: string, out: TensorInfo): TensorInfo {
  if (!ok) throw wb.outOfMemory(`the ${what} scratch buffers`);
  return out;
}

export const conv2d: KernelFn<'Conv2D'> = ([x, f], a, backend, outs) => {
  const wb = asWasm(backend);
  const [out, po] = wb.makeOutput(outs[0]!.shape, 'float32');
  return run(wb, wb.ex.Conv2D(params(wb, x!.shape, f!.shape, out.shape, a, wb.ptr(x!), wb.ptr(f!), po)), 'Conv2D', out);
};

export const conv2dBackpropInput: KernelFn<'Conv2DBackpropInput'> = ([dy, f], a, backend, outs) => {
  const wb = asWasm(backend);
  const [out, po] = wb.makeOutput(outs[0]!.shape, 'float32');
  return run(wb, wb.ex.Conv2DBackpropInput(params(wb, out.shape, f!.shape, dy!.shape, a, wb.ptr(dy!), wb.ptr(f!), po)), 'Conv2DBackpropInput', out);
};

export const conv2dBackpropFilter: KernelFn<'Conv2DBackpropFilter'> = ([x, dy], a, backend, outs) => {
  const wb = asWasm(backend);
  const [out, po] = wb.makeOutput(outs[0]!.shape, 'float32');
  return run(wb, wb.ex.Conv2DBackpropFilter(params(wb, x!.shape, out.shape, dy!.shape, a, wb.ptr(x!), wb.ptr(dy!), po)), 'Conv2DBackpropFilter', out);
};
