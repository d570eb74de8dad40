import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asNative } from '../backend_native.js';

interface Conv2DAttrs {
  strides: number[];
  pads: number[];
  dilations: number[];
  dataFormat: string;
  groups?: number;
}

const nchwOf = (a: Conv2DAttrs) => a.dataFormat === 'NCHW';

/** Conv2D output shape from the resolved attrs (the op checked it is non-negative). */
export function conv2dOutShape(x: readonly number[], filter: readonly number[], a: Conv2DAttrs): number[] {
  const nchw = nchwOf(a);
  const [H, W] = nchw ? [x[2]!, x[3]!] : [x[1]!, x[2]!];
  const eh = (filter[0]! - 1) * a.dilations[0]! + 1, ew = (filter[1]! - 1) * a.dilations[1]! + 1;
  const OH = Math.max(0, Math.floor((H + a.pads[0]! + a.pads[1]! - eh) / a.strides[0]!) + 1);
  const OW = Math.max(0, Math.floor((W + a.pads[2]! + a.pads[3]! - ew) / a.strides[1]!) + 1);
  const OC = filter[3]!;
  return nchw ? [x[0]!, OC, OH, OW] : [x[0]!, OH, OW, OC];
}

/** Conv2D: im2col + the packed GEMM in the addon (NHWC and NCHW, strides, dilations, pads, groups). */
export const conv2d: KernelFn = (inputs, attrs, backend) => {
  const [x, f] = inputs as [TensorInfo, TensorInfo];
  const a = attrs as unknown as Conv2DAttrs;
  const nb = asNative(backend);
  const outShape = conv2dOutShape(x.shape, f.shape, a);
  const [out, o] = nb.makeOutputUninit(outShape);
  nb.binding.conv2d(nb.f32(x), x.shape, nb.f32(f), f.shape, o, outShape, a.strides, a.pads, a.dilations, nchwOf(a), a.groups ?? 1);
  return out;
};

export const conv2dBackpropInput: KernelFn = (inputs, attrs, backend) => {
  const [dy, f] = inputs as [TensorInfo, TensorInfo];
  const a = attrs as unknown as Conv2DAttrs & { inputShape: number[] };
  const nb = asNative(backend);
  const [out, o] = nb.makeOutputUninit(a.inputShape);
  nb.binding.conv2dBackpropInput(nb.f32(dy), dy.shape, nb.f32(f), f.shape, o, a.inputShape, a.strides, a.pads, a.dilations, nchwOf(a), a.groups ?? 1);
  return out;
};

export const conv2dBackpropFilter: KernelFn = (inputs, attrs, backend) => {
  const [x, dy] = inputs as [TensorInfo, TensorInfo];
  const a = attrs as unknown as Conv2DAttrs & { filterShape: number[] };
  const nb = asNative(backend);
  const [out, o] = nb.makeOutputUninit(a.filterShape);
  nb.binding.conv2dBackpropFilter(nb.f32(x), x.shape, nb.f32(dy), dy.shape, o, a.filterShape, a.strides, a.pads, a.dilations, nchwOf(a), a.groups ?? 1);
  return out;
};
