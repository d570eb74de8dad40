// Softmax and LogSoftmax of x viewed as [outer, n, inner] along the middle axis, max-shifted so exp never
// overflows. Contiguous rows (inner == 1, the usual last-axis case) run on vectors with the vector exp; other
// axes walk each column with a stride.

import { ld, st, splat, vadd, vsub, vmul, vmax, hsum, hmax, vexp } from '../simd';

function rowSoftmax(x: usize, o: usize, n: i32, log: bool): void {
  let m: f32 = -Infinity;
  let i = 0;
  if (n >= 4) {
    let mv = splat(-Infinity);
    for (; i + 4 <= n; i += 4) mv = vmax(mv, ld(x + (<usize>i << 2)));
    m = hmax(mv);
  }
  for (; i < n; i++) m = max<f32>(m, load<f32>(x + (<usize>i << 2)));
  const mv = splat(m);
  let sv = splat(0);
  let s: f32 = 0;
  i = 0;
  // e = exp(x - m), kept in o for softmax (normalized below); log-softmax only needs the sum.
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const e = vexp(vsub(ld(x + off), mv));
    sv = vadd(sv, e);
    if (!log) st(o + off, e);
  }
  s = hsum(sv);
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const e = Mathf.exp(load<f32>(x + off) - m);
    s += e;
    if (!log) store<f32>(o + off, e);
  }
  i = 0;
  if (log) {
    const c = m + Mathf.log(s), cv = splat(c);
    for (; i + 4 <= n; i += 4) { const off = <usize>i << 2; st(o + off, vsub(ld(x + off), cv)); }
    for (; i < n; i++) { const off = <usize>i << 2; store<f32>(o + off, load<f32>(x + off) - c); }
  } else {
    const inv: f32 = 1 / s, iv = splat(inv);
    for (; i + 4 <= n; i += 4) { const off = <usize>i << 2; st(o + off, vmul(ld(o + off), iv)); }
    for (; i < n; i++) { const off = <usize>i << 2; store<f32>(o + off, load<f32>(o + off) * inv); }
  }
}

function strided(x: usize, o: usize, n: i32, inner: i32, log: bool): void {
  const st4 = <usize>inner << 2;
  let m: f32 = -Infinity;
  for (let k = 0; k < n; k++) m = max<f32>(m, load<f32>(x + <usize>k * st4));
  let s: f32 = 0;
  for (let k = 0; k < n; k++) {
    const e = Mathf.exp(load<f32>(x + <usize>k * st4) - m);
    s += e;
    if (!log) store<f32>(o + <usize>k * st4, e);
  }
  if (log) {
    const c = m + Mathf.log(s);
    for (let k = 0; k < n; k++) store<f32>(o + <usize>k * st4, load<f32>(x + <usize>k * st4) - c);
  } else {
    const inv: f32 = 1 / s;
    for (let k = 0; k < n; k++) store<f32>(o + <usize>k * st4, load<f32>(o + <usize>k * st4) * inv);
  }
}

/** (log_)softmax over the middle axis of [outer, n, inner]. */
@inline function softmax(x: usize, outer: i32, n: i32, inner: i32, out: usize, log: bool): void {
  if (n == 0) return;
  for (let a = 0; a < outer; a++) {
    const base = <usize>a * n * inner << 2;
    if (inner == 1) rowSoftmax(x + base, out + base, n, log);
    else for (let i = 0; i < inner; i++) strided(x + base + (<usize>i << 2), out + base + (<usize>i << 2), n, inner, log);
  }
}

// The kernels, exported under their kernel names (the host binds each by name).
export function Softmax(x: usize, outer: i32, n: i32, inner: i32, out: usize): void { softmax(x, outer, n, inner, out, false); }
export function LogSoftmax(x: usize, outer: i32, n: i32, inner: i32, out: usize): void { softmax(x, outer, n, inner, out, true); }
