// Reductions Sum, Mean, Max, Min, Prod of x viewed as [outer, r, inner] over the middle axis (the host splits
// any set of axes into runs of consecutive axes and calls this once per run).
//
// Sum, Mean and Prod accumulate in float64 (f64x2 lanes), as the js oracle does: in float32, 1e8 + 1 - 1e8
// would give 0, and long sums would drift. Max and Min are exact in any precision and stay on f32x4.
// Two loop shapes: inner == 1 reduces contiguous rows; inner > 1 combines whole rows of `inner` lanes at a
// time into a float64 row buffer.

import { alloc, free } from '../alloc';
import { ld, st, splat, vmax, vmin, hmax, hmin } from '../simd';

// Private to this file: which reduction each export below runs.
const SUM = 0, MEAN = 1, MAX = 2, MIN = 3, PROD = 4;

@inline function lo2(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
@inline function hi2(v: v128): v128 { return f64x2.promote_low_f32x4(i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)); }

/** Sum (prod) of r contiguous floats in float64. */
@inline function contiguous64(isProd: bool, x: usize, r: i32): f64 {
  let a0 = f64x2.splat(isProd ? 1 : 0), a1 = a0, a2 = a0, a3 = a0;
  let k = 0;
  for (; k + 8 <= r; k += 8) {
    const p = x + (<usize>k << 2);
    const v0 = ld(p), v1 = ld(p + 16);
    if (isProd) {
      a0 = f64x2.mul(a0, lo2(v0)); a1 = f64x2.mul(a1, hi2(v0)); a2 = f64x2.mul(a2, lo2(v1)); a3 = f64x2.mul(a3, hi2(v1));
    } else {
      a0 = f64x2.add(a0, lo2(v0)); a1 = f64x2.add(a1, hi2(v0)); a2 = f64x2.add(a2, lo2(v1)); a3 = f64x2.add(a3, hi2(v1));
    }
  }
  let s: f64;
  if (isProd) {
    const t = f64x2.mul(f64x2.mul(a0, a1), f64x2.mul(a2, a3));
    s = f64x2.extract_lane(t, 0) * f64x2.extract_lane(t, 1);
    for (; k < r; k++) s *= <f64>load<f32>(x + (<usize>k << 2));
  } else {
    const t = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
    s = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
    for (; k < r; k++) s += <f64>load<f32>(x + (<usize>k << 2));
  }
  return s;
}

@inline function contiguousMinMax(isMax: bool, x: usize, r: i32): f32 {
  let a0 = splat(isMax ? -Infinity : Infinity), a1 = a0;
  let k = 0;
  for (; k + 8 <= r; k += 8) {
    const p = x + (<usize>k << 2);
    if (isMax) { a0 = vmax(a0, ld(p)); a1 = vmax(a1, ld(p + 16)); } else { a0 = vmin(a0, ld(p)); a1 = vmin(a1, ld(p + 16)); }
  }
  let s = isMax ? hmax(vmax(a0, a1)) : hmin(vmin(a0, a1));
  for (; k < r; k++) { const v = load<f32>(x + (<usize>k << 2)); s = isMax ? max<f32>(s, v) : min<f32>(s, v); }
  return s;
}

// Row buffer (float64) for the inner > 1 shape, kept between calls.
let rowBuf: usize = 0;
let rowCap: i32 = 0;

function rows64(op: i32, x: usize, outer: i32, r: i32, inner: i32, out: usize): bool {
  if (rowCap < inner) { free(rowBuf); rowBuf = alloc(<usize>inner << 3); rowCap = rowBuf ? inner : 0; if (!rowBuf) return false; }
  const isProd = op == PROD;
  const init = f64x2.splat(isProd ? 1 : 0);
  const n2 = inner & ~1;
  for (let o = 0; o < outer; o++) {
    let i = 0;
    for (; i < n2; i += 2) v128.store(rowBuf + (<usize>i << 3), init);
    for (; i < inner; i++) store<f64>(rowBuf + (<usize>i << 3), isProd ? 1 : 0);
    let src = x + (<usize>o * r * inner << 2);
    for (let k = 0; k < r; k++) {
      i = 0;
      for (; i + 4 <= inner; i += 4) {
        const v = ld(src + (<usize>i << 2));
        const d = rowBuf + (<usize>i << 3);
        if (isProd) {
          v128.store(d, f64x2.mul(v128.load(d), lo2(v)));
          v128.store(d + 16, f64x2.mul(v128.load(d + 16), hi2(v)));
        } else {
          v128.store(d, f64x2.add(v128.load(d), lo2(v)));
          v128.store(d + 16, f64x2.add(v128.load(d + 16), hi2(v)));
        }
      }
      for (; i < inner; i++) {
        const d = rowBuf + (<usize>i << 3);
        const v = <f64>load<f32>(src + (<usize>i << 2));
        store<f64>(d, isProd ? load<f64>(d) * v : load<f64>(d) + v);
      }
      src += <usize>inner << 2;
    }
    const dst = out + (<usize>o * inner << 2);
    const scale: f64 = op == MEAN ? 1.0 / <f64>r : 1.0;
    for (i = 0; i < inner; i++) store<f32>(dst + (<usize>i << 2), <f32>(load<f64>(rowBuf + (<usize>i << 3)) * scale));
  }
  return true;
}

function rowsMinMax(isMax: bool, x: usize, outer: i32, r: i32, inner: i32, out: usize): void {
  const v0 = splat(isMax ? -Infinity : Infinity);
  const s0: f32 = isMax ? -Infinity : Infinity;
  for (let o = 0; o < outer; o++) {
    const dst = out + (<usize>o * inner << 2);
    let i = 0;
    for (; i + 4 <= inner; i += 4) st(dst + (<usize>i << 2), v0);
    for (; i < inner; i++) store<f32>(dst + (<usize>i << 2), s0);
    let src = x + (<usize>o * r * inner << 2);
    for (let k = 0; k < r; k++) {
      i = 0;
      for (; i + 4 <= inner; i += 4) {
        const off = <usize>i << 2;
        st(dst + off, isMax ? vmax(ld(dst + off), ld(src + off)) : vmin(ld(dst + off), ld(src + off)));
      }
      for (; i < inner; i++) {
        const off = <usize>i << 2;
        const a = load<f32>(dst + off), b = load<f32>(src + off);
        store<f32>(dst + off, isMax ? max<f32>(a, b) : min<f32>(a, b));
      }
      src += <usize>inner << 2;
    }
  }
}

/** out[o, i] = reduce over k of x[o, k, i]. Returns false if the row buffer could not be allocated. */
@inline function reduce(op: i32, x: usize, outer: i32, r: i32, inner: i32, out: usize): bool {
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      const row = x + (<usize>o * r << 2);
      let v: f32;
      if (op == MAX) v = contiguousMinMax(true, row, r);
      else if (op == MIN) v = contiguousMinMax(false, row, r);
      else if (op == PROD) v = <f32>contiguous64(true, row, r);
      else {
        const s = contiguous64(false, row, r);
        v = op == MEAN ? <f32>(s / <f64>r) : <f32>s; // r == 0: 0/0 = NaN, as TF
      }
      store<f32>(out + (<usize>o << 2), v);
    }
    return true;
  }
  if (op == MAX || op == MIN) {
    rowsMinMax(op == MAX, x, outer, r, inner, out);
    return true;
  }
  return rows64(op, x, outer, r, inner, out);
}

// The kernels, exported under their kernel names (the host binds each by name and registers exactly these).
export function Sum(x: usize, outer: i32, r: i32, inner: i32, out: usize): bool { return reduce(SUM, x, outer, r, inner, out); }
export function Mean(x: usize, outer: i32, r: i32, inner: i32, out: usize): bool { return reduce(MEAN, x, outer, r, inner, out); }
export function Max(x: usize, outer: i32, r: i32, inner: i32, out: usize): bool { return reduce(MAX, x, outer, r, inner, out); }
export function Min(x: usize, outer: i32, r: i32, inner: i32, out: usize): bool { return reduce(MIN, x, outer, r, inner, out); }
export function Prod(x: usize, outer: i32, r: i32, inner: i32, out: usize): bool { return reduce(PROD, x, outer, r, inner, out); }
