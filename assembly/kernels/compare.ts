// Comparison kernels (Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual) on float32 with broadcasting,
// writing bool (one byte, 0/1). They sit on the hot path of every Relu gradient (mask = x > 0), so they run
// on the device where x lives instead of sending x to the js backend and back.

import { outerCount, nextDim, rowOffset } from './bcast';

// Private to this file: they select a branch of cmp in each specialized export below.
const EQ = 0, NE = 1, LT = 2, LE = 3, GT = 4, GE = 5;

@inline function cmp(op: i32, x: f32, y: f32): u8 {
  switch (op) {
    case EQ: return <u8>(x == y);
    case NE: return <u8>(x != y);
    case LT: return <u8>(x < y);
    case LE: return <u8>(x <= y);
    case GT: return <u8>(x > y);
    case GE: return <u8>(x >= y);
  }
  return 0;
}

@inline function row(op: i32, a: usize, ia: i32, b: usize, ib: i32, o: usize, n: i32): void {
  const sa = <usize>ia << 2, sb = <usize>ib << 2;
  for (let i = 0; i < n; i++) {
    store<u8>(o + <usize>i, cmp(op, load<f32>(a), load<f32>(b)));
    a += sa;
    b += sb;
  }
}

/** out (bool bytes) = a op b; arguments as in binary.ts. Inlined into each export with a constant op. */
@inline function broadcastRows(op: i32, a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void {
  const last = <usize>(rank - 1) << 2;
  const n = load<i32>(shape + last);
  const ia = load<i32>(sa + last), ib = load<i32>(sb + last);
  const outer = outerCount(rank, shape);
  let o = out;
  for (let r = 0; r < outer; r++) {
    row(op, a + (rowOffset(rank, sa) << 2), ia, b + (rowOffset(rank, sb) << 2), ib, o, n);
    o += <usize>n;
    nextDim(rank, shape);
  }
}

// The kernels, exported under their kernel names (the host binds each by name and registers exactly these).
export function Equal(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(EQ, a, b, out, rank, shape, sa, sb); }
export function NotEqual(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(NE, a, b, out, rank, shape, sa, sb); }
export function Less(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(LT, a, b, out, rank, shape, sa, sb); }
export function LessEqual(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(LE, a, b, out, rank, shape, sa, sb); }
export function Greater(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(GT, a, b, out, rank, shape, sa, sb); }
export function GreaterEqual(a: usize, b: usize, out: usize, rank: i32, shape: usize, sa: usize, sb: usize): void { broadcastRows(GE, a, b, out, rank, shape, sa, sb); }
