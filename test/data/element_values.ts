/**
 * Helpers the tl.data tests share: an element's JS values (disposing its tensors), a dataset's elements by async
 * or sync iteration, and a check that a piece of work leaves the live tensor count where it found it.
 */
import { expect } from 'vitest';
import * as tl from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

/** int64 values as numbers, nested by shape. */
function nestedNumbers(t: Tensor): unknown {
  const flat = Array.from(t.dataSync() as unknown as ArrayLike<bigint>, Number);
  const nest = (shape: number[], at: number): unknown =>
    shape.length === 0 ? flat[at] : Array.from({ length: shape[0]! }, (_, i) => nest(shape.slice(1), at + i * shape.slice(1).reduce((a, b) => a * b, 1)));
  return nest(t.shape, 0);
}

/** JS values of an element (scalars as numbers, others as nested arrays), disposing its tensors. */
export function toJs(el: unknown): unknown {
  if (el instanceof tl.Tensor) {
    const v = el.rank === 0 ? Number(el.dataSync()[0]) : el.dtype === 'int64' ? nestedNumbers(el) : el.arraySync();
    el.dispose();
    return v;
  }
  if (Array.isArray(el)) return el.map(toJs);
  if (el && typeof el === 'object') return Object.fromEntries(Object.entries(el).map(([k, v]) => [k, toJs(v)]));
  return el;
}

export async function values(ds: tl.data.Dataset): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const el of ds) out.push(toJs(el));
  return out;
}

export function syncValues(ds: tl.data.Dataset): unknown[] {
  const out: unknown[] = [];
  for (const el of ds) out.push(toJs(el));
  return out;
}

/** Runs fn and checks it leaves the live tensor count where it found it. */
export async function expectFlat(fn: () => Promise<void> | void): Promise<void> {
  const before = tl.memory().numTensors;
  await fn();
  expect(tl.memory().numTensors).toBe(before);
}
