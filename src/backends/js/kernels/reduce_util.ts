import type { TensorInfo } from '../../../core/backend.js';
import { reducedShape, stridesOf } from '../../../core/shape.js';

/**
 * For a reduction of `x` over `axes`: the output shape and, for each input flat index, the flat index of the
 * output cell it reduces into. The map is built once per call (O(size)), which keeps every reduction kernel a
 * single pass.
 */
export function reductionMap(x: TensorInfo, axes: readonly number[], keepDims: boolean): { outShape: number[]; outSize: number; map: Int32Array } {
  const shape = x.shape;
  const outShape = reducedShape(shape, axes, keepDims);
  const keptShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const keptStrides = stridesOf(keptShape).map((s, i) => (axes.includes(i) ? 0 : s));
  let size = 1;
  for (const d of shape) size *= d;
  let outSize = 1;
  for (const d of outShape) outSize *= d;
  const map = new Int32Array(size);
  const r = shape.length;
  const coord = new Array<number>(r).fill(0);
  let o = 0;
  for (let i = 0; i < size; i++) {
    map[i] = o;
    // odometer increment, keeping the output offset in step
    for (let d = r - 1; d >= 0; d--) {
      coord[d]!++;
      o += keptStrides[d]!;
      if (coord[d]! < shape[d]!) break;
      o -= keptStrides[d]! * coord[d]!;
      coord[d] = 0;
    }
  }
  return { outShape, outSize, map };
}

/**
 * Folds each output cell's group of `v` (read as JS numbers) with `fold`, starting from `init`. Accumulators are
 * float64 whatever the dtype, so float32 results round once, at the store.
 */
export function foldNumbers(
  v: ArrayLike<number>,
  map: Int32Array,
  outSize: number,
  init: number,
  fold: (acc: number, x: number) => number,
): Float64Array {
  const acc = new Float64Array(outSize).fill(init);
  for (let i = 0; i < v.length; i++) {
    const o = map[i]!;
    acc[o] = fold(acc[o]!, v[i]!);
  }
  return acc;
}

/** foldNumbers for int64 data (exact BigInt arithmetic). */
export function foldBigInts(
  v: BigInt64Array,
  map: Int32Array,
  outSize: number,
  init: bigint,
  fold: (acc: bigint, x: bigint) => bigint,
): BigInt64Array {
  const acc = new BigInt64Array(outSize).fill(init);
  for (let i = 0; i < v.length; i++) {
    const o = map[i]!;
    acc[o] = fold(acc[o]!, v[i]!);
  }
  return acc;
}

/**
 * Splits a shape around one axis into (outer, n, inner): element (o, k, i) lives at (o * n + k) * inner + i.
 * Scans and softmax walk one axis with this.
 */
export function axisSplit(shape: readonly number[], axis: number): { outer: number; n: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return { outer, n: shape[axis] ?? 1, inner };
}
