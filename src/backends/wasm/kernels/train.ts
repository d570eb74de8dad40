import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { asWasm, type WasmBackend } from '../backend_wasm.js';
import { sizeFromShape } from '../../../core/shape.js';

/**
 * The optimizer updates (kernel_names.ts, train block) on wasm. attrs.inPlace is ignored: every output is a new
 * buffer, which the contract allows. Scalars are read before any allocation (readSync views move with memory).
 */
const scalars = (wb: WasmBackend, ts: readonly TensorInfo[]): number[] => ts.map((t) => Number(wb.readSync(t.dataId)[0]));

const size = (t: TensorInfo) => sizeFromShape(t.shape);

export const applyGradientDescent: KernelFn<'ApplyGradientDescent'> = (inputs, _attrs, backend, specs) => {
  const wb = asWasm(backend);
  const [x, g, lr] = inputs as [TensorInfo, TensorInfo, TensorInfo];
  const [a] = scalars(wb, [lr]) as [number];
  const [o, [po]] = wb.makeOutputs(specs);
  wb.ex.ApplyGradientDescent(wb.ptr(x), wb.ptr(g), size(x), a, po!);
  return o[0]!;
};

export const applyMomentum: KernelFn<'ApplyMomentum'> = (inputs, attrs, backend, specs) => {
  const wb = asWasm(backend);
  const [x, acc, g, lr, mom] = inputs as TensorInfo[] as [TensorInfo, TensorInfo, TensorInfo, TensorInfo, TensorInfo];
  const [a, m] = scalars(wb, [lr, mom]) as [number, number];
  const [o, [px, pa]] = wb.makeOutputs(specs);
  wb.ex.ApplyMomentum(wb.ptr(x), wb.ptr(acc), wb.ptr(g), size(x), a, m, attrs.useNesterov ? 1 : 0, px!, pa!);
  return o;
};

export const applyAdam: KernelFn<'ApplyAdam'> = (inputs, _attrs, backend, specs) => {
  const wb = asWasm(backend);
  const [x, m, v, g] = inputs as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
  const [lr, b1, b2, eps, p1, p2] = scalars(wb, inputs.slice(4, 10)) as [number, number, number, number, number, number];
  const lrT = (lr * Math.sqrt(1 - p2)) / (1 - p1);
  const [o, [px, pm, pv]] = wb.makeOutputs(specs);
  wb.ex.ApplyAdam(wb.ptr(x), wb.ptr(m), wb.ptr(v), wb.ptr(g), size(x), lrT, b1, b2, eps, px!, pm!, pv!);
  return o;
};

export const applyRMSProp: KernelFn<'ApplyRMSProp'> = (inputs, attrs, backend, specs) => {
  const wb = asWasm(backend);
  const [x, ms, mom, g] = inputs as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
  const [lr, decay, momentum, eps] = scalars(wb, inputs.slice(4, 8)) as [number, number, number, number];
  const mg = attrs.centered ? inputs[8] : undefined;
  const [o, [px, ps, pm, pg]] = wb.makeOutputs(specs);
  wb.ex.ApplyRMSProp(wb.ptr(x), wb.ptr(ms), wb.ptr(mom), wb.ptr(g), mg ? wb.ptr(mg) : 0, size(x), lr, decay, momentum, eps,
    mg ? 1 : 0, px!, ps!, pm!, pg ?? 0);
  return o;
};

export const applyAdagrad: KernelFn<'ApplyAdagrad'> = (inputs, _attrs, backend, specs) => {
  const wb = asWasm(backend);
  const [x, acc, g, lr] = inputs as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
  const [a] = scalars(wb, [lr]) as [number];
  const [o, [px, pa]] = wb.makeOutputs(specs);
  wb.ex.ApplyAdagrad(wb.ptr(x), wb.ptr(acc), wb.ptr(g), size(x), a, px!, pa!);
  return o;
};
