import type { KernelFn } from '../../../core/backend.js';
import { sizeFromShape } from '../../../core/shape.js';
import { asWasm } from '../backend_wasm.js';
import type { KernelExportsOf, WasmExports } from '../loader.js';

/** The unary kernels: every export of assembly/kernels/unary.ts. */
export type UnaryName = KernelExportsOf<'kernels/unary'>;

/** Binds a unary float32 export (alpha: LeakyRelu's / Step's attribute, 0 for the others). */
export const unaryKernel = (fn: WasmExports[UnaryName]): KernelFn<UnaryName> => (inputs, attrs, backend, outs) => {
  const wb = asWasm(backend);
  const [out, po] = wb.makeOutput(outs[0]!.shape, 'float32');
  fn(wb.ptr(inputs[0]!), po, sizeFromShape(outs[0]!.shape), 'alpha' in attrs ? attrs.alpha : 0);
  return out;
};
