/**
 * Window iteration shared by the js pooling kernels (2-D and 3-D, channels-last and channels-first). For every
 * output cell it lists the flat offsets of the window's cells that lie inside the input, in row-major window
 * order (the order TF's CPU kernels scan, which decides which of several equal maxima gets the gradient).
 */
import { stridesOf } from '../../../core/shape.js';

import type { PoolAttrs } from '../../../core/kernel_attrs.js';

/**
 * Calls `visit(outOffset, cells, count)` for every output cell; `cells[0..count)` are the input offsets of its
 * window (the buffer is reused between calls). `xShape` and `yShape` are batched (rank nd+2).
 */
export function forEachWindow(
  xShape: readonly number[],
  yShape: readonly number[],
  attrs: PoolAttrs,
  visit: (outOffset: number, cells: Int32Array, count: number) => void,
): void {
  const nd = attrs.ksize.length;
  const channelsLast = attrs.dataFormat[1] !== 'C';
  const sp = (i: number) => (channelsLast ? 1 + i : 2 + i);
  const chAxis = channelsLast ? nd + 1 : 1;
  const xSt = stridesOf(xShape);
  const ySt = stridesOf(yShape);
  const batch = xShape[0]!;
  const channels = xShape[chAxis]!;
  const inSp = Array.from({ length: nd }, (_, i) => xShape[sp(i)]!);
  const outSp = Array.from({ length: nd }, (_, i) => yShape[sp(i)]!);
  const xSp = Array.from({ length: nd }, (_, i) => xSt[sp(i)]!);
  const ySp = Array.from({ length: nd }, (_, i) => ySt[sp(i)]!);
  let outCount = 1;
  for (const d of outSp) outCount *= d;
  let winSize = 1;
  for (const k of attrs.ksize) winSize *= k;
  if (batch === 0 || channels === 0 || outCount === 0) return;
  const cells = new Int32Array(winSize);
  const outPos = new Array<number>(nd).fill(0);
  const lo = new Array<number>(nd);
  const hi = new Array<number>(nd);
  const cur = new Array<number>(nd);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const xBase = n * xSt[0]! + c * xSt[chAxis]!;
      const yBase = n * ySt[0]! + c * ySt[chAxis]!;
      outPos.fill(0);
      for (let o = 0; o < outCount; o++) {
        let yOff = yBase;
        for (let i = 0; i < nd; i++) {
          const start = outPos[i]! * attrs.strides[i]! - attrs.pads[2 * i]!;
          lo[i] = Math.max(start, 0);
          hi[i] = Math.min(start + attrs.ksize[i]!, inSp[i]!);
          yOff += outPos[i]! * ySp[i]!;
        }
        // Row-major walk over the clipped window.
        let count = 0;
        let empty = false;
        for (let i = 0; i < nd; i++) {
          cur[i] = lo[i]!;
          if (lo[i]! >= hi[i]!) empty = true;
        }
        while (!empty) {
          let off = xBase;
          for (let i = 0; i < nd; i++) off += cur[i]! * xSp[i]!;
          cells[count++] = off;
          let d = nd - 1;
          for (; d >= 0; d--) {
            cur[d]!++;
            if (cur[d]! < hi[d]!) break;
            cur[d] = lo[d]!;
          }
          if (d < 0) break;
        }
        visit(yOff, cells, count);
        for (let d = nd - 1; d >= 0; d--) {
          outPos[d]!++;
          if (outPos[d]! < outSp[d]!) break;
          outPos[d] = 0;
        }
      }
    }
  }
}
