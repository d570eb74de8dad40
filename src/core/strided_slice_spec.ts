/**
 * Resolution of a TF StridedSlice spec (begin, end, strides and the five masks) against an input shape, following
 * TF 1.x's ValidateStridedSliceOp. Shared by the stridedSlice op (validation, shape inference), the js kernels
 * StridedSlice and StridedSliceGrad, and any other backend's glue, so all agree on one reading of the spec.
 *
 * Bit i of a mask refers to entry i of begin/end/strides (the "sparse" spec):
 * - ellipsisMask: entry i stands for as many full dims as needed (at most one bit may be set; when no bit is set
 *   an implicit ellipsis follows the last entry);
 * - newAxisMask: entry i inserts a size-1 dim (begin/end/stride ignored);
 * - shrinkAxisMask: entry i picks the single index begin[i] and drops the dim (negative counts from the end);
 * - beginMask / endMask: begin[i] / end[i] is ignored and the widest range in the stride's direction is used.
 */
import { ArgumentError, ShapeError, fmtShape } from './errors.js';
import type { StridedSliceAttrs } from './kernel_attrs.js';


/** The resolved slice: one (begin, stride, size) per input dim, and the output shape. */
export interface ResolvedStridedSlice {
  /** First index read along each input dim (meaningful only where size > 0). */
  begin: number[];
  /** Step along each input dim (non-zero; negative walks backwards). */
  strides: number[];
  /** Number of indices read along each input dim (the "processing shape"). */
  size: number[];
  /** The output shape: `size` with shrunk dims removed and new axes inserted (same element count and order). */
  outShape: number[];
}

const bit = (mask: number, i: number): boolean => ((mask >>> i) & 1) === 1;

/** Resolves `a` against `shape`, throwing ArgumentError / ShapeError (naming `op`) for an invalid spec. */
export function stridedSliceSpec(shape: readonly number[], a: StridedSliceAttrs, op = 'stridedSlice'): ResolvedStridedSlice {
  const n = a.begin.length;
  if (a.end.length !== n || a.strides.length !== n) {
    throw new ArgumentError(
      `${op}: 'begin' (length ${n}), 'end' (length ${a.end.length}) and 'strides' (length ${a.strides.length}) must have the same length`,
    );
  }
  if (n > 31) throw new ArgumentError(`${op}: at most 31 slice entries are supported (the masks are 32-bit), got ${n}`);
  for (const [name, v] of [['begin', a.begin], ['end', a.end], ['strides', a.strides]] as const) {
    for (const x of v) if (!Number.isInteger(x)) throw new ArgumentError(`${op}: '${name}' must hold integers, got [${v.join(',')}]`);
  }
  for (const name of ['beginMask', 'endMask', 'ellipsisMask', 'newAxisMask', 'shrinkAxisMask'] as const) {
    const m = a[name];
    if (!Number.isInteger(m) || m < 0 || m > 0xffffffff) throw new ArgumentError(`${op}: '${name}' must be a non-negative 32-bit integer, got ${m}`);
  }
  if (countBits(a.ellipsisMask) > 1) throw new ArgumentError(`${op}: at most one ellipsis is allowed, but 'ellipsisMask' is ${a.ellipsisMask}`);

  // Sparse -> dense: one entry per input dim. `gather` says where each output dim comes from (a dense dim index,
  // NEW for an inserted axis); shrunk dims are dropped from it.
  const NEW = -1;
  const rank = shape.length;
  let ellipsisAt = -1;
  for (let i = 0; i < n; i++) if (bit(a.ellipsisMask, i)) ellipsisAt = i;
  // Without an explicit ellipsis, an implicit one after the last entry takes every dim the spec does not name.
  const sparseN = ellipsisAt < 0 ? n + 1 : n;
  if (ellipsisAt < 0) ellipsisAt = n;
  let newAfterEllipsis = 0;
  for (let i = ellipsisAt + 1; i < n; i++) if (bit(a.newAxisMask, i)) newAfterEllipsis++;

  const dBegin = new Array<number>(rank).fill(0);
  const dEnd = new Array<number>(rank).fill(0);
  const dStride = new Array<number>(rank).fill(1);
  const dBeginMask = new Array<boolean>(rank).fill(false);
  const dEndMask = new Array<boolean>(rank).fill(false);
  const dShrink = new Array<boolean>(rank).fill(false);
  const gather: number[] = [];
  let full = 0;
  for (let i = 0; i < sparseN; i++) {
    if (i === ellipsisAt) {
      const next = Math.min(rank - (sparseN - i) + 1 + newAfterEllipsis, rank);
      for (; full < next; full++) {
        dBeginMask[full] = dEndMask[full] = true;
        gather.push(full);
      }
    } else if (bit(a.newAxisMask, i)) {
      gather.push(NEW);
    } else {
      if (full >= rank) {
        throw new ShapeError(`${op}: the slice spec names more dims than the input ${fmtShape(shape)} has (entry ${i} of ${n})`);
      }
      dBegin[full] = a.begin[i]!;
      dEnd[full] = a.end[i]!;
      dStride[full] = a.strides[i]!;
      dBeginMask[full] = bit(a.beginMask, i);
      dEndMask[full] = bit(a.endMask, i);
      if (bit(a.shrinkAxisMask, i)) dShrink[full] = true;
      else gather.push(full);
      full++;
    }
  }

  const begin = new Array<number>(rank);
  const size = new Array<number>(rank);
  for (let d = 0; d < rank; d++) {
    const dim = shape[d]!;
    const s = dStride[d]!;
    if (s === 0) throw new ArgumentError(`${op}: 'strides' must be non-zero, got [${a.strides.join(',')}]`);
    if (dShrink[d]) {
      if (s < 0) throw new ArgumentError(`${op}: a shrunk axis (dim ${d}) needs a positive stride, got ${s}`);
      const b = dBegin[d]! < 0 ? dim + dBegin[d]! : dBegin[d]!;
      if (b < 0 || b >= dim) {
        throw new ArgumentError(`${op}: index ${dBegin[d]} is out of range for dim ${d} of size ${dim} (input ${fmtShape(shape)})`);
      }
      begin[d] = b;
      size[d] = 1;
      continue;
    }
    // Valid positions are [0, dim] walking forwards and [-1, dim - 1] walking backwards (-1: before the first).
    const lo = s > 0 ? 0 : -1;
    const hi = s > 0 ? dim : dim - 1;
    const canon = (x: number, masked: boolean, isEnd: boolean): number => {
      if (masked) return (s > 0) !== isEnd ? lo : hi;
      const f = x < 0 ? dim + x : x;
      return f < lo ? lo : f > hi ? hi : f;
    };
    const b = canon(dBegin[d]!, dBeginMask[d]!, false);
    const e = canon(dEnd[d]!, dEndMask[d]!, true);
    const len = e - b;
    begin[d] = b;
    size[d] = len === 0 || (len < 0) !== (s < 0) ? 0 : Math.ceil(len / s);
  }
  const outShape = gather.map((g) => (g === NEW ? 1 : size[g]!));
  return { begin, strides: dStride, size, outShape };
}

function countBits(m: number): number {
  let c = 0;
  for (let x = m >>> 0; x !== 0; x >>>= 1) c += x & 1;
  return c;
}
