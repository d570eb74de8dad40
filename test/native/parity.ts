/**
 * Native-vs-js parity checks for the native kernels' tests: the same op on the same values on both backends must
 * give the same dtype, shape and values (Object.is: NaN equals NaN, but -0 differs from +0, so results match bit
 * for bit up to NaN payloads), or the same error type and message. The native run must really be native: a
 * result left on the js backend means the kernel fell back (native and js share memory, so nothing else shows
 * it), and an error must come from an addon call.
 */
import { expect } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { nativeBinding } from '../../src/backends/native/register.js';

export type Outcome =
  | { dtype: string; shape: number[]; values: (number | bigint)[]; on: string }
  | { error: string; message: string; on: string };

/** f's result (or error) with `backend` active; `on` is the backend that holds the result. */
export function outcome(backend: 'native' | 'js', f: () => Tensor): Outcome {
  try {
    const t = tl.device(`/${backend}:0`, () => tl.tidy(f));
    const r = { dtype: t.dtype, shape: [...t.shape], values: Array.from(t.dataSync() as ArrayLike<number | bigint>), on: t.dataId.backend.name };
    t.dispose();
    return r;
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message, on: backend };
  }
}

/**
 * Runs f on native and on js and expects the same outcome; `nativeOn` is where the native run's result must live
 * ('js' only for inputs the addon is meant to refuse). Returns the js outcome (for hand-computed checks).
 */
export function expectParity(what: string, f: () => Tensor, nativeOn: 'native' | 'js' = 'native'): Outcome {
  const calls = nativeBinding()!.info().calls;
  const n = outcome('native', f);
  const j = outcome('js', f);
  if ('error' in n) {
    if (nativeOn === 'native') expect(nativeBinding()!.info().calls, `${what}: the error came from the addon (${n.error}: ${n.message})`).toBeGreaterThan(calls);
  } else {
    expect(n.on, `${what}: the result's backend`).toBe(nativeOn);
  }
  // Values are compared element by element (Object.is: NaN is NaN, -0 is not +0) and only the first difference is
  // reported: a diff of two large arrays would take minutes to print.
  const strip = (o: Outcome) => ('error' in o ? { error: o.error, message: o.message } : { dtype: o.dtype, shape: o.shape, length: o.values.length });
  expect(strip(n), what).toEqual(strip(j));
  if (!('error' in n) && !('error' in j)) {
    const at = n.values.findIndex((v, i) => !Object.is(v, j.values[i]));
    expect(at < 0 ? null : { at, native: n.values[at], js: j.values[at] }, `${what}: first differing element`).toBeNull();
  }
  return j;
}

/** Deterministic integers in [lo, hi] (xorshift32 from `seed`). */
export function randInts(n: number, seed: number, lo: number, hi: number): number[] {
  let s = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0) || 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    out.push(lo + (s % (hi - lo + 1)));
  }
  return out;
}

/** A tensor of `dtype` from JS numbers (int64 as BigInts, bool as v != 0). */
export function typed(values: readonly number[], shape: number[], dtype: tl.DType): Tensor {
  if (dtype === 'int64') return tl.tensor(BigInt64Array.from(values, (v) => BigInt(Math.trunc(v))), shape, 'int64');
  if (dtype === 'bool') return tl.tensor(Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0)), shape, 'bool');
  return tl.tensor(values as number[], shape, dtype);
}

export const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
