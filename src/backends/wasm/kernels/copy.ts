import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import { bytesPerElement } from '../../../core/dtype.js';
import { sizeFromShape } from '../../../core/shape.js';
import { transpose as jsTranspose } from '../../js/kernels/Transpose.js';
import { asWasm } from '../backend_wasm.js';
import { viaJs } from './core.js';
import { prod } from '../../kernel_shapes.js';

/**
 * Concat, Split, Slice and Transpose on wasm memory, any dtype (pure data movement): Concat / Split are row
 * copies of column blocks (assembly/kernels/copy_rows.ts), Slice a strided block copy
 * (assembly/kernels/slice.ts), Transpose the module's odometer walk for 4-byte elements (float32, int32;
 * other sizes go through the js kernel).
 */

export const concat: KernelFn<'Concat'> = (inputs, { axis }, backend, outs) => {
  const wb = asWasm(backend);
  const first = inputs[0]!;
  const bpe = bytesPerElement(first.dtype);
  const outShape = outs[0]!.shape;
  const [out, po] = wb.makeOutput(outShape, first.dtype);
  const outer = prod(outShape, 0, axis), inner = prod(outShape, axis + 1);
  const outRow = outShape[axis]! * inner * bpe;
  let col = 0;
  for (const t of inputs) {
    const row = t.shape[axis]! * inner * bpe;
    if (row > 0 && outer > 0) wb.ex.copyRows(wb.ptr(t), row, po + col, outRow, outer, row);
    col += row;
  }
  return out;
};

export const split: KernelFn<'Split'> = (inputs, { axis }, backend, outSpecs) => {
  const wb = asWasm(backend);
  const x = inputs[0]!;
  const bpe = bytesPerElement(x.dtype);
  const outer = prod(x.shape, 0, axis), inner = prod(x.shape, axis + 1);
  const inRow = x.shape[axis]! * inner * bpe;
  const outs: TensorInfo[] = [];
  let col = 0;
  for (const spec of outSpecs) {
    const [o, po] = wb.makeOutput(spec.shape, x.dtype);
    const row = spec.shape[axis]! * inner * bpe;
    // Pointers are read after each allocation (allocation never moves blocks, only grows memory).
    if (row > 0 && outer > 0) wb.ex.copyRows(wb.ptr(x) + col, inRow, po, row, outer, row);
    col += row;
    outs.push(o);
  }
  return outs;
};

export const slice: KernelFn<'Slice'> = (inputs, { begin }, backend, outs) => {
  const wb = asWasm(backend);
  const x = inputs[0]!;
  const size = outs[0]!.shape;
  const [out, po] = wb.makeOutput(size, x.dtype);
  if (sizeFromShape(size) === 0) return out;
  // Merge trailing dims taken whole into the element run.
  let rank = x.shape.length;
  let elem = bytesPerElement(x.dtype);
  while (rank > 1 && begin[rank - 1] === 0 && size[rank - 1] === x.shape[rank - 1]) {
    elem *= x.shape[rank - 1]!;
    rank--;
  }
  if (rank === 0) {
    wb.ex.copyRows(wb.ptr(x), elem, po, elem, 1, elem);
    return out;
  }
  const r = rank;
  const shp = wb.ints(x.shape.slice(0, r), 0), b = wb.ints(begin.slice(0, r), r), s = wb.ints(size.slice(0, r), 2 * r);
  wb.ex.Slice(wb.ptr(x), po, r, shp, b, s, elem);
  return out;
};

const transposeViaJs = viaJs(jsTranspose);

export const transpose: KernelFn<'Transpose'> = (inputs, attrs, backend, outs) => {
  const x = inputs[0]!;
  if (bytesPerElement(x.dtype) !== 4 || x.shape.length > 8) return transposeViaJs(inputs, attrs, backend, outs);
  const wb = asWasm(backend);
  const [out, po] = wb.makeOutput(outs[0]!.shape, x.dtype);
  if (sizeFromShape(x.shape) === 0 || x.shape.length === 0) {
    if (x.shape.length === 0) wb.ex.copyRows(wb.ptr(x), 4, po, 4, 1, 4);
    return out;
  }
  const r = x.shape.length;
  wb.ex.Transpose(wb.ptr(x), po, r, wb.ints(x.shape, 0), wb.ints(attrs.perm, r));
  return out;
};
