// Elementwise binary kernels with numpy broadcasting: Add, Sub, Mul, RealDiv, Maximum, Minimum,
// SquaredDifference on the vector path; Pow, Atan2, FloorDiv, FloorMod lane by lane (no vector form).
// Each row is specialized on whether each operand advances (stride 1) or is broadcast (stride 0) along it,
// so a bias add or a scalar multiply is as fast as a same-shape add.

import { ld, st, splat, vadd, vsub, vmul, vdiv, vmax, vmin } from '../simd';
import { outerCount, nextDim, rowOffset } from './bcast';

// Private to this file: they select a branch of sop/vop in each specialized export below.
const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAX = 4, MIN = 5, SQDIFF = 6, POW = 7, ATAN2 = 8, FLOORDIV = 9, FLOORMOD = 10;

@inline function sop(op: i32, x: f32, y: f32): f32 {
  switch (op) {
    case ADD: return x + y;
    case SUB: return x - y;
    case MUL: return x * y;
    case DIV: return x / y;
    case MAX: return max<f32>(x, y);
    case MIN: return min<f32>(x, y);
    case SQDIFF: { const d = x - y; return d * d; }
    // float64 where float32 library functions lose more than an ulp (pow of large exponents).
    case POW: return <f32>Math.pow(<f64>x, <f64>y);
    case ATAN2: return <f32>Math.atan2(<f64>x, <f64>y);
    case FLOORDIV: return <f32>Math.floor(<f64>x / <f64>y);
    case FLOORMOD: {
      const a = <f64>x, b = <f64>y;
      const r = a % b;
      return <f32>(r != 0 && (r < 0) != (b < 0) ? r + b : r);
    }
  }
  return 0;
}

@inline function vop(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case ADD: return vadd(x, y);
    case SUB: return vsub(x, y);
    case MUL: return vmul(x, y);
    case DIV: return vdiv(x, y);
    case MAX: return vmax(x, y);
    case MIN: return vmin(x, y);
    case SQDIFF: { const d = vsub(x, y); return vmul(d, d); }
  }
  // Lane by lane for the ops without a vector instruction.
  let r = f32x4.splat(sop(op, f32x4.extract_lane(x, 0), f32x4.extract_lane(y, 0)));
  r = f32x4.replace_lane(r, 1, sop(op, f32x4.extract_lane(x, 1), f32x4.extract_lane(y, 1)));
  r = f32x4.replace_lane(r, 2, sop(op, f32x4.extract_lane(x, 2), f32x4.extract_lane(y, 2)));
  r = f32x4.replace_lane(r, 3, sop(op, f32x4.extract_lane(x, 3), f32x4.extract_lane(y, 3)));
  return r;
}

@inline function row(op: i32, a: usize, ia: i32, b: usize, ib: i32, o: usize, n: i32): void {
  let i = 0;
  if (ia != 0 && ib != 0) {
    for (; i + 4 <= n; i += 4) { const off = <usize>i << 2; st(o + off, vop(op, ld(a + off), ld(b + off))); }
    for (; i < n; i++) { const off = <usize>i << 2; store<f32>(o + off, sop(op, load<f32>(a + off), load<f32>(b + off))); }
  } else if (ia != 0) {
    const ys = load<f32>(b), yv = splat(ys);
    for (; i + 4 <= n; i += 4) { const off = <usize>i << 2; st(o + off, vop(op, ld(a + off), yv)); }
    for (; i < n; i++) { const off = <usize>i << 2; store<f32>(o + off, sop(op, load<f32>(a + off), ys)); }
  } else if (ib != 0) {
    const xs = load<f32>(a), xv = splat(xs);
    for (; i + 4 <= n; i += 4) { const off = <usize>i << 2; st(o + off, vop(op, xv, ld(b + off))); }
    for (; i < n; i++) { const off = <usize>i << 2; store<f32>(o + off, sop(op, xs, load<f32>(b + off))); }
  } else {
    const v = sop(op, load<f32>(a), load<f32>(b)), vv = splat(v);
    for (; i + 4 <= n; i += 4) st(o + (<usize>i << 2), vv);
    for (; i < n; i++) store<f32>(o + (<usize>i << 2), v);
  }
}

/**
 * out = a op b over the collapsed output shape `shape` (rank dims, i32 at `shape`); `sa`/`sb` hold each
 * operand's element strides per output dim (0 where it is broadcast). The output is dense. Inlined into each
 * export with a constant op, so the op switches fold away inside the row loops.
 */
@inline function broadcastRows(op: i32, a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void {
  const last = <usize>(rank - 1) << 2;
  const n = load<i32>(shape + last);
  const ia = load<i32>(sa + last), ib = load<i32>(sb + last);
  const outer = outerCount(rank, shape);
  let o = out;
  for (let r = 0; r < outer; r++) {
    row(op, a + (rowOffset(rank, sa) << 2), ia, b + (rowOffset(rank, sb) << 2), ib, o, n);
    o += <usize>n << 2;
    nextDim(rank, shape);
  }
}

// The kernels, exported under their kernel names (the host binds each by name and registers exactly these).
export function Add(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(ADD, a, b, out, rank, shape, sa, sb); }
export function Sub(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(SUB, a, b, out, rank, shape, sa, sb); }
export function Mul(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(MUL, a, b, out, rank, shape, sa, sb); }
export function RealDiv(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(DIV, a, b, out, rank, shape, sa, sb); }
export function Maximum(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(MAX, a, b, out, rank, shape, sa, sb); }
export function Minimum(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(MIN, a, b, out, rank, shape, sa, sb); }
export function SquaredDifference(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(SQDIFF, a, b, out, rank, shape, sa, sb); }
export function Pow(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(POW, a, b, out, rank, shape, sa, sb); }
export function Atan2(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(ATAN2, a, b, out, rank, shape, sa, sb); }
export function FloorDiv(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(FLOORDIV, a, b, out, rank, shape, sa, sb); }
export function FloorMod(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(FLOORMOD, a, b, out, rank, shape, sa, sb); }
