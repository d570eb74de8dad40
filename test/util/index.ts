/**
 * Shared test helpers. Every op test is written once and run on every backend present
 * (`describeEachBackend`), compared with hand-computed values, the js float64 reference, or finite differences.
 */
import { describe, beforeAll, afterAll, expect } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { ENGINE } from '../../src/core/engine.js';

await tl.ready();

/** The backends to test: all present, or the comma list in TL_TEST_BACKENDS. */
export function testBackends(): string[] {
  // 'onnxruntime' runs whole ONNX models only (tl.onnx.load), not single kernels.
  const present = tl.backends().filter((b) => b !== 'onnxruntime');
  const only = process.env.TL_TEST_BACKENDS?.split(',').map((s) => s.trim()).filter(Boolean);
  return only ? present.filter((b) => only.includes(b)) : present;
}

/**
 * Declares the suite once per backend present; inside, tl.getBackend() is that backend. `fn` receives the
 * backend name (use it for per-backend tolerances: float32 backends vs js's float64).
 */
export function describeEachBackend(name: string, fn: (backend: string) => void): void {
  for (const b of testBackends()) {
    describe(`${name} [${b}]`, () => {
      let prev = 'js';
      beforeAll(async () => {
        prev = tl.getBackend();
        const ok = await tl.setBackend(b);
        if (!ok) throw new Error(`backend ${b} reported present but setBackend failed`);
      });
      afterAll(async () => {
        await tl.setBackend(prev);
      });
      fn(b);
    });
  }
}

/** Runs fn with backend `name` active, then restores the previous backend (even when fn throws). */
export async function onBackend(name: string, fn: () => void): Promise<void> {
  const prev = tl.getBackend();
  await tl.setBackend(name);
  try {
    fn();
  } finally {
    await tl.setBackend(prev);
  }
}

type Numeric = number | boolean | bigint | Numeric[];
export type Expected = Tensor | ArrayLike<number> | BigInt64Array | Numeric;

function flat(x: Expected): number[] {
  if (x instanceof tl.Tensor) return Array.from(x.dataSync() as ArrayLike<number | bigint>, Number);
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') return [Number(x)];
  if (Array.isArray(x)) return (x as Numeric[]).flat(Infinity as 1).map((v) => Number(v));
  return Array.from(x as ArrayLike<number>, Number);
}

export interface CloseOpts {
  atol?: number;
  rtol?: number;
  /** Also require this shape (when `actual` is a tensor). */
  shape?: number[];
}

/**
 * |actual - expected| <= atol + rtol * |expected| elementwise (NaN matches NaN, infinities must be equal).
 * Default tolerances follow the dtype of `actual`: float64 1e-9 / 1e-9, otherwise 1e-5 / 1e-4.
 */
export function expectClose(actual: Expected, expected: Expected, opts: CloseOpts = {}): void {
  const isF64 = actual instanceof tl.Tensor && actual.dtype === 'float64';
  const atol = opts.atol ?? (isF64 ? 1e-9 : 1e-5);
  const rtol = opts.rtol ?? (isF64 ? 1e-9 : 1e-4);
  if (opts.shape && actual instanceof tl.Tensor) expect(actual.shape).toEqual(opts.shape);
  if (actual instanceof tl.Tensor && expected instanceof tl.Tensor) expect(actual.shape).toEqual(expected.shape);
  const a = flat(actual);
  const e = flat(expected);
  expect(a.length, 'element count').toBe(e.length);
  const bad: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = e[i]!;
    if (Number.isNaN(y) ? !Number.isNaN(x) : !Number.isFinite(y) ? x !== y : !(Math.abs(x - y) <= atol + rtol * Math.abs(y))) {
      bad.push(`[${i}] got ${x}, expected ${y}`);
      if (bad.length >= 8) break;
    }
  }
  if (bad.length > 0) expect.fail(`values differ (atol ${atol}, rtol ${rtol}):\n  ${bad.join('\n  ')}`);
}

/**
 * Central-difference gradient of sum(f(xs)) with respect to each x (float64 copies), eps 1e-6 by default.
 */
export function numericGrad(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], eps = 1e-6): Float64Array[] {
  const base = xs.map((x) => Float64Array.from(x.dataSync() as Float64Array, Number));
  const evalAt = (vals: Float64Array[]): number =>
    tl.tidy(() => {
      const ts = vals.map((v, i) => tl.tensor(v, xs[i]!.shape, 'float64'));
      const y = f(...ts);
      const d = y.dataSync();
      let s = 0;
      for (let i = 0; i < d.length; i++) s += Number(d[i]);
      return s;
    });
  return base.map((v, k) => {
    const g = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const orig = v[i]!;
      v[i] = orig + eps;
      const up = evalAt(base);
      v[i] = orig - eps;
      const down = evalAt(base);
      v[i] = orig;
      g[i] = (up - down) / (2 * eps);
    }
    void k;
    return g;
  });
}

/**
 * Checks tl.grads(f) against central differences, in float64 (the inputs are cast to float64).
 * Tolerances: atol 1e-5, rtol 1e-3, as the foundation issue fixes.
 */
export function checkGrad(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], opts: { atol?: number; rtol?: number; eps?: number } = {}): void {
  const x64 = xs.map((x) => (x.dtype === 'float64' ? x : tl.cast(x, 'float64')));
  const analytic = tl.grads(f)(x64);
  const numeric = numericGrad(f, x64, opts.eps ?? 1e-6);
  analytic.forEach((g, i) => {
    expect(g.shape).toEqual(x64[i]!.shape);
    expectClose(g, numeric[i]!, { atol: opts.atol ?? 1e-5, rtol: opts.rtol ?? 1e-3 });
  });
  tl.dispose(analytic);
  x64.forEach((x, i) => x !== xs[i] && x.dispose());
}

/**
 * Runs fn (outside any tidy) and checks that nothing is left alive but results fn owns: what it returns and
 * what the public ops it calls directly return (those it may drop). Everything else — an op's intermediates,
 * tensors the engine or tl.grad keep by mistake — is a leak and fails the test.
 */
export function expectNoLeak(fn: () => unknown): void {
  const before = tl.memory().numTensors;
  const owned = new Set<Tensor>();
  const collect = (x: unknown): void => {
    if (x instanceof tl.Tensor) owned.add(x);
    else if (Array.isArray(x)) x.forEach(collect);
    else if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) Object.values(x).forEach(collect);
  };
  const prev = ENGINE.onUserResult;
  ENGINE.onUserResult = collect;
  let result: unknown;
  try {
    result = fn();
  } finally {
    ENGINE.onUserResult = prev;
  }
  collect(result);
  for (const t of owned) if (!t.isDisposed && !(t instanceof tl.Variable)) t.dispose();
  expect(tl.memory().numTensors, 'live tensors after the call (its results disposed)').toBe(before);
}

/** Deterministic random float64 values in [lo, hi). */
export function randValues(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  // Scramble the seed (splitmix32 finalizer) so small seeds do not start the xorshift near zero.
  let s = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b);
  s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35);
  s = (s ^ (s >>> 16)) >>> 0 || 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    out[i] = lo + ((s >>> 0) / 2 ** 32) * (hi - lo);
  }
  return out;
}

/** Tolerances for comparing a backend's float32 result with a float64 reference. */
export function tolFor(backend: string): CloseOpts {
  return backend === 'js' ? { atol: 1e-5, rtol: 1e-4 } : { atol: 1e-4, rtol: 1e-3 };
}
