import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import * as K from '../../../core/kernel_names.js';
import { asWasm } from '../backend_wasm.js';
import { broadcast, broadcastStrides, collapse } from '../../kernel_shapes.js';

/** Kernel names in the module's op-code order (assembly/kernels/binary.ts). */
export const BINARY_OPS = [K.Add, K.Sub, K.Mul, K.RealDiv, K.Maximum, K.Minimum, K.SquaredDifference, K.Pow, K.Atan2, K.FloorDiv, K.FloorMod];
/** Comparison kernel names in the module's op-code order (assembly/kernels/compare.ts). */
export const COMPARE_OPS = [K.Equal, K.NotEqual, K.Less, K.LessEqual, K.Greater, K.GreaterEqual];

function run(name: string, compareOp: boolean): KernelFn {
  const op = (compareOp ? COMPARE_OPS : BINARY_OPS).indexOf(name);
  if (op < 0) throw new Error(`wasm backend: no elementwise op ${name}`);
  return (inputs, _attrs, backend) => {
    const [a, b] = inputs as [TensorInfo, TensorInfo];
    const wb = asWasm(backend);
    const outShape = broadcast(a.shape, b.shape);
    const [out, po] = wb.makeOutput(outShape, compareOp ? 'bool' : 'float32');
    if (outShape.includes(0)) return out;
    const c = collapse(outShape, [broadcastStrides(a.shape, outShape), broadcastStrides(b.shape, outShape)]);
    const r = c.shape.length;
    const shp = wb.ints(c.shape, 0), sa = wb.ints(c.strides[0]!, r), sb = wb.ints(c.strides[1]!, 2 * r);
    (compareOp ? wb.ex.compare : wb.ex.binary)(op, wb.ptr(a), wb.ptr(b), po, r, shp, sa, sb);
    return out;
  };
}

export const binaryKernel = (name: string): KernelFn => run(name, false);
export const compareKernel = (name: string): KernelFn => run(name, true);
