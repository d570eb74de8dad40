import type { Attrs, KernelFn, TensorInfo } from '../../../core/backend.js';
import { asWasm, type WasmBackend } from '../backend_wasm.js';

/**
 * Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter (NHWC or NCHW, HWIO filter, strides, explicit pads,
 * dilations, groups) on the module's im2col + GEMM kernels. The parameter block layout matches
 * assembly/kernels/conv_util.ts (P_N ... P_OUT).
 */
interface ConvAttrs {
  strides: number[];
  pads: number[];
  dilations: number[];
  dataFormat: string;
  groups: number;
}

interface Geometry {
  N: number; H: number; W: number; C: number; OH: number; OW: number; OC: number; KH: number; KW: number;
}

/** x shape (NHWC or NCHW) -> [N, H, W, C]. */
function nhwc(shape: readonly number[], nchw: boolean): [number, number, number, number] {
  return nchw ? [shape[0]!, shape[2]!, shape[3]!, shape[1]!] : [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
}

function outSize(inSize: number, k: number, stride: number, dil: number, p0: number, p1: number): number {
  return Math.floor((inSize + p0 + p1 - ((k - 1) * dil + 1)) / stride) + 1;
}

function geometry(xShape: readonly number[], fShape: readonly number[], a: ConvAttrs): Geometry {
  const nchw = a.dataFormat === 'NCHW';
  const [N, H, W, C] = nhwc(xShape, nchw);
  const [KH, KW, , OC] = fShape as [number, number, number, number];
  return {
    N, H, W, C, KH, KW, OC,
    OH: outSize(H, KH, a.strides[0]!, a.dilations[0]!, a.pads[0]!, a.pads[1]!),
    OW: outSize(W, KW, a.strides[1]!, a.dilations[1]!, a.pads[2]!, a.pads[3]!),
  };
}

function params(wb: WasmBackend, g: Geometry, a: ConvAttrs, pa: number, pb: number, pout: number): number {
  return wb.ints([
    g.N, g.H, g.W, g.C, g.OH, g.OW, g.OC, g.KH, g.KW, a.strides[0]!, a.strides[1]!, a.pads[0]!, a.pads[2]!,
    a.dilations[0]!, a.dilations[1]!, a.groups ?? 1, a.dataFormat === 'NCHW' ? 1 : 0, pa, pb, pout,
  ]);
}

function yShape(g: Geometry, nchw: boolean): number[] {
  return nchw ? [g.N, g.OC, g.OH, g.OW] : [g.N, g.OH, g.OW, g.OC];
}

function check(ok: number, what: string): void {
  if (!ok) throw new Error(`wasm backend: out of memory for the ${what} scratch buffers`);
}

export const conv2d: KernelFn = (inputs, attrs, backend) => {
  const [x, f] = inputs as [TensorInfo, TensorInfo];
  const a = attrs as unknown as ConvAttrs;
  const wb = asWasm(backend);
  const g = geometry(x.shape, f.shape, a);
  const [out, po] = wb.makeOutput(yShape(g, a.dataFormat === 'NCHW'), 'float32');
  check(wb.ex.conv2d(params(wb, g, a, wb.ptr(x), wb.ptr(f), po)), 'Conv2D');
  return out;
};

export const conv2dBackpropInput: KernelFn = (inputs, attrs, backend) => {
  const [dy, f] = inputs as [TensorInfo, TensorInfo];
  const a = attrs as unknown as ConvAttrs;
  const wb = asWasm(backend);
  const inputShape = (attrs as Attrs).inputShape as number[];
  const g = geometry(inputShape, f.shape, a);
  const [out, po] = wb.makeOutput(inputShape, 'float32');
  check(wb.ex.conv2dBackpropInput(params(wb, g, a, wb.ptr(dy), wb.ptr(f), po)), 'Conv2DBackpropInput');
  return out;
};

export const conv2dBackpropFilter: KernelFn = (inputs, attrs, backend) => {
  const [x, dy] = inputs as [TensorInfo, TensorInfo];
  const a = attrs as unknown as ConvAttrs;
  const wb = asWasm(backend);
  const filterShape = (attrs as Attrs).filterShape as number[];
  const g = geometry(x.shape, filterShape, a);
  const [out, po] = wb.makeOutput(filterShape, 'float32');
  check(wb.ex.conv2dBackpropFilter(params(wb, g, a, wb.ptr(x), wb.ptr(dy), po)), 'Conv2DBackpropFilter');
  return out;
};
