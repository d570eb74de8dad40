/**
 * Index-mapping helpers shared by the data-movement kernels of the linalg_slice family (Transpose, Slice,
 * StridedSlice, Split, Concat, Tile, Pad, MirrorPad, Reverse and their gradient kernels).
 *
 * Every one of those kernels is "separable": the flat index of the source element that lands in output cell
 * (c_0, ..., c_{r-1}) is a sum of one term per dimension, maps[d][c_d]. So each kernel only builds r small
 * Int32Arrays (total length sum(outShape)) and calls one of the two loops below. A negative map entry marks a
 * cell with no source (padding), which `gatherMapped` fills with a constant.
 */
import type { TypedArray } from '../../../core/dtype.js';
import { stridesOf } from '../../../core/shape.js';

/** One value per element, of the array's own element type (number, or bigint for BigInt64Array). */
type Elem = number | bigint;

/**
 * Calls row(base, first) for every row of `shape` (a row: all cells sharing the outer coordinates) in order:
 * base = sum over the outer dims of maps[d][c_d], or -1 when one of them is padding; first = the flat index
 * of the row's first cell. shape has rank >= 1 and no zero dimension.
 */
function forEachRow(shape: readonly number[], maps: readonly Int32Array[], row: (base: number, first: number) => void): void {
  const r = shape.length;
  const n = shape[r - 1]!;
  const coord = new Int32Array(r - 1);
  for (let first = 0; ; first += n) {
    let base = 0;
    let pad = false;
    for (let d = 0; d < r - 1; d++) {
      const m = maps[d]![coord[d]!]!;
      if (m < 0) pad = true;
      base += m;
    }
    row(pad ? -1 : base, first);
    // odometer over the outer dims
    let d = r - 2;
    for (; d >= 0; d--) {
      if (++coord[d]! < shape[d]!) break;
      coord[d] = 0;
    }
    if (d < 0) return;
  }
}

/**
 * dst[flat(c)] = src[sum_d maps[d][c_d]] for every cell c of `shape`, or `fill` where some maps[d][c_d] < 0.
 * src and dst hold the same dtype, so element values are copied unchanged (bigint stays bigint).
 */
export function gatherMapped(src: TypedArray, dst: TypedArray, shape: readonly number[], maps: readonly Int32Array[], fill: Elem = 0): void {
  const s = src as unknown as Elem[];
  const o = dst as unknown as Elem[];
  const r = shape.length;
  if (r === 0) {
    o[0] = s[0]!;
    return;
  }
  if (shape.some((d) => d === 0)) return;
  const inner = maps[r - 1]!;
  const n = shape[r - 1]!;
  forEachRow(shape, maps, (base, first) => {
    if (base < 0) {
      for (let j = 0; j < n; j++) o[first + j] = fill;
      return;
    }
    for (let j = 0; j < n; j++) {
      const m = inner[j]!;
      o[first + j] = m < 0 ? fill : s[base + m]!;
    }
  });
}

/**
 * The adjoint of gatherMapped: for every cell c of `shape` (the layout of src), dst[sum_d maps[d][c_d]] receives
 * src[flat(c)] — added (`accumulate`, floats: gradients of gathers) or assigned (any dtype: Concat). Negative map
 * entries are skipped.
 */
export function scatterMapped(
  src: TypedArray,
  dst: TypedArray,
  shape: readonly number[],
  maps: readonly Int32Array[],
  accumulate: boolean,
): void {
  const s = src as unknown as Elem[];
  const o = dst as unknown as number[];
  const r = shape.length;
  if (r === 0) {
    if (accumulate) o[0]! += s[0] as number;
    else (o as Elem[])[0] = s[0]!;
    return;
  }
  if (shape.some((d) => d === 0)) return;
  const inner = maps[r - 1]!;
  const n = shape[r - 1]!;
  forEachRow(shape, maps, (base, first) => {
    if (base < 0) return;
    for (let j = 0; j < n; j++) {
      const m = inner[j]!;
      if (m < 0) continue;
      if (accumulate) o[base + m]! += s[first + j] as number;
      else (o as Elem[])[base + m] = s[first + j]!;
    }
  });
}

/** maps[d][c] = (start[d] + c * step[d]) * strides[d]: an affine window (slice, strided slice, reverse). */
export function affineMaps(srcShape: readonly number[], outShape: readonly number[], start: readonly number[], step: readonly number[]): Int32Array[] {
  const strides = stridesOf(srcShape);
  return outShape.map((n, d) => {
    const m = new Int32Array(n);
    for (let c = 0; c < n; c++) m[c] = (start[d]! + c * step[d]!) * strides[d]!;
    return m;
  });
}
