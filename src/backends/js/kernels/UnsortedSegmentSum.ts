import type { KernelFn, TensorInfo } from '../../../core/backend.js';
import type { TypedArray } from '../../../core/dtype.js';
import { ArgumentError } from '../../../core/errors.js';
import { sizeFromShape } from '../../../core/shape.js';
import { asJs } from '../backend_js.js';
import { indexValues, positionOf } from './index_util.js';

/**
 * dst[dstOffset(m) + i] += src[m * S + i] for rows m < rows (rows with a negative offset are skipped), in the
 * dtype's arithmetic: floats accumulate in float64 and round once; int32 wraps; int64 wraps at 64 bits.
 * `dst` must be zero-filled.
 */
export function addRows(src: TypedArray, dst: TypedArray, S: number, dstOffset: (m: number) => number, rows: number): void {
  if (dst instanceof BigInt64Array) {
    const s = src as BigInt64Array;
    for (let m = 0; m < rows; m++) {
      const d = dstOffset(m);
      if (d < 0) continue;
      for (let i = 0; i < S; i++) dst[d + i] = BigInt.asIntN(64, dst[d + i]! + s[m * S + i]!);
    }
    return;
  }
  const s = src as Float64Array;
  if (dst instanceof Int32Array) {
    for (let m = 0; m < rows; m++) {
      const d = dstOffset(m);
      if (d < 0) continue;
      for (let i = 0; i < S; i++) dst[d + i] = (dst[d + i]! + s[m * S + i]!) | 0;
    }
    return;
  }
  const acc = new Float64Array(dst.length);
  for (let m = 0; m < rows; m++) {
    const d = dstOffset(m);
    if (d < 0) continue;
    for (let i = 0; i < S; i++) acc[d + i] += s[m * S + i]!;
  }
  (dst as Float64Array).set(acc);
}

/** UnsortedSegmentSum: out[ids[m], :] += data[m, :]; negative ids are dropped, ids >= numSegments throw. */
export const unsortedSegmentSum: KernelFn<'UnsortedSegmentSum'> = (inputs, attrs, backend) => {
  const [data, ids] = inputs as [TensorInfo, TensorInfo];
  const numSegments = attrs.numSegments;
  const js = asJs(backend);
  const idv = indexValues(js.readSync(ids.dataId));
  for (let q = 0; q < idv.length; q++) {
    if (idv[q]! >= numSegments) {
      throw new ArgumentError(`unsortedSegmentSum: segmentIds${positionOf(q, ids.shape)} = ${idv[q]} is out of range [0, ${numSegments}) ('numSegments' is ${numSegments})`);
    }
  }
  const S = sizeFromShape(data.shape.slice(ids.shape.length));
  const [out, o] = js.makeOutput([numSegments, ...data.shape.slice(ids.shape.length)], data.dtype);
  addRows(js.readSync(data.dataId), o, S, (m) => (idv[m]! < 0 ? -1 : idv[m]! * S), idv.length);
  return out;
};
