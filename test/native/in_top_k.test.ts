/**
 * The native InTopK kernel (in_top_k.cc) against the js kernel, on TF's rules: ties all count as in the top k,
 * a NaN or infinite prediction anywhere in the row or a target outside [0, classes) gives false; float32 and
 * float64 predictions, int32 and int64 targets, k from 0 past classes, and a large batch (the thread pool).
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { expectParity, randInts } from './parity.js';

const hasNative = tl.backends().includes('native');

describe.skipIf(!hasNative)('native InTopK', () => {
  it('hand-computed: ties are in, a NaN row is out', () => {
    const r = tl.device('/native:0', () => tl.inTopK(tl.tensor([[0.1, 0.9, 0.9], [0.5, 0.2, 0.1], [NaN, 1, 2]]), tl.tensor([2, 1, 2], [3], 'int32'), 1));
    expect(r.dataId.backend.name).toBe('native');
    expect(Array.from(r.dataSync())).toEqual([1, 0, 0]);
    r.dispose();
  });

  it('matches js: ties, non-finite rows, out-of-range targets, every k', () => {
    const rows = [
      [1, 2, 2, 3, 0], [4, 4, 4, 4, 4], [0, NaN, 1, 2, 3], [Infinity, 0, 1, 2, 3], [1, 2, 3, 4, -Infinity], [-0, 0, -1, 1, 0],
      [5, 1, 1, 1, 5], [2, 2, 1, 1, 0],
    ];
    const targets = [2, 3, 0, 1, 4, 0, 5, -1];
    let checked = 0;
    for (const pdtype of ['float32', 'float64'] as const) {
      for (const tdtype of ['int32', 'int64'] as const) {
        const t = () => (tdtype === 'int64' ? tl.tensor(BigInt64Array.from(targets, BigInt), [8], 'int64') : tl.tensor(targets, [8], 'int32'));
        for (const k of [0, 1, 2, 3, 5, 6, 100]) {
          expectParity(`${pdtype} ${tdtype} k ${k}`, () => tl.inTopK(tl.tensor(rows.flat(), [8, 5], pdtype), t(), k));
          checked++;
        }
      }
    }
    expect(checked).toBe(2 * 2 * 7);
  });

  it('int64 targets far out of range, zero classes, an empty batch', () => {
    expectParity('huge targets', () => tl.inTopK(tl.tensor([[1, 2], [3, 4], [5, 6]]), tl.tensor([2n ** 62n, -(2n ** 63n), 1n], [3], 'int64'), 1));
    expectParity('[2,0]', () => tl.inTopK(tl.zeros([2, 0]), tl.tensor([0, 0], [2], 'int32'), 1));
    expectParity('[0,5]', () => tl.inTopK(tl.zeros([0, 5]), tl.tensor([], [0], 'int32'), 1));
  });

  it('a large batch (the thread pool)', () => {
    const classes = 100, batch = 3000;
    const p = Float32Array.from(randInts(batch * classes, 5, 0, 20), (v) => v / 4);
    p[777] = NaN;
    const t = randInts(batch, 6, -1, classes);
    for (const k of [1, 5]) expectParity(`[${batch},${classes}] k ${k}`, () => tl.inTopK(tl.tensor(p, [batch, classes]), tl.tensor(t, [batch], 'int32'), k));
  });
});
