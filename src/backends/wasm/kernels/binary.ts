import type { KernelFn } from '../../../core/backend.js';
import { asWasm } from '../backend_wasm.js';
import type { KernelExportsOf, WasmExports } from '../loader.js';
import { broadcastStrides, collapse } from '../../kernel_shapes.js';

/** The broadcasting binary kernels: every export of assembly/kernels/binary.ts and compare.ts. */
export type BinaryName = KernelExportsOf<'kernels/binary'> | KernelExportsOf<'kernels/compare'>;

/**
 * Binds a broadcasting binary export. The output (float32, or bool for comparisons) is the one the op inferred;
 * the module walks it with each operand's broadcast strides, collapsed to as few dims as possible.
 */
export const binaryKernel = (fn: WasmExports[BinaryName]): KernelFn<BinaryName> => (inputs, _attrs, backend, outs) => {
  const [a, b] = inputs as [typeof inputs[0], typeof inputs[0]];
  const wb = asWasm(backend);
  const { shape, dtype } = outs[0]!;
  const [out, po] = wb.makeOutput(shape, dtype);
  if (shape.includes(0)) return out;
  const c = collapse(shape, [broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape)]);
  const r = c.shape.length;
  const shp = wb.ints(c.shape, 0), sa = wb.ints(c.strides[0]!, r), sb = wb.ints(c.strides[1]!, 2 * r);
  fn(wb.ptr(a), wb.ptr(b), po, r, shp, sa, sb);
  return out;
};
