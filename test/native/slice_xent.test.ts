/**
 * The native Slice and SparseSoftmaxCrossEntropyWithLogits kernels. Slice copies one contiguous run per row of
 * the leading dims; these windows hit every way of splitting a shape into iterated dims and the run (whole
 * trailing dims, a partial innermost dim, a partial leading dim, size-1 and empty windows) for each element type
 * (float64 and int64, 8-byte elements, included), checked against index arithmetic done here. The cross-entropy
 * is checked against a float64 computation.
 */
import { describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { randValues } from '../util/index.js';

const hasNative = tl.backends().includes('native');

/** The expected window of x (row-major values of `shape`), computed by walking every output index. */
function window(values: ArrayLike<number | boolean>, shape: number[], begin: number[], size: number[]): (number | boolean)[] {
  const out: (number | boolean)[] = [];
  const n = size.reduce((a, b) => a * b, 1);
  const idx = size.map(() => 0);
  for (let i = 0; i < n; i++) {
    let off = 0;
    for (let d = 0; d < shape.length; d++) off = off * shape[d]! + begin[d]! + idx[d]!;
    out.push(values[off]!);
    for (let d = size.length - 1; d >= 0; d--) {
      if (++idx[d]! < size[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

describe.skipIf(!hasNative)('native Slice', () => {
  const shapes = [[7], [5, 6], [3, 4, 5], [2, 3, 4, 3]];
  for (const dtype of ['float32', 'int32', 'bool', 'float64', 'int64'] as const) {
    it(`matches index arithmetic for every window kind (${dtype})`, () => {
      let checked = 0;
      for (const shape of shapes) {
        const n = shape.reduce((a, b) => a * b, 1);
        const vals = Array.from({ length: n }, (_, i) => (dtype === 'bool' ? i % 3 === 0 : dtype.startsWith('int') ? i * 7 - 20 : i * 0.5 - 3));
        const x = tl.tensor(vals as number[], shape, dtype);
        expect(x.dataId.backend.name).toBe('native');
        // Per dim: the whole dim, a partial window inside, one element, and (for the first dim) nothing.
        const choices = shape.map((s, d) => [[0, s], [1, Math.max(0, s - 2)], [s - 1, 1], ...(d === 0 ? [[0, 0]] : [])]);
        const pick = (d: number, acc: number[][]): void => {
          if (d === shape.length) {
            const begin = acc.map((c) => c[0]!), size = acc.map((c) => c[1]!);
            const y = tl.slice(x, begin, size);
            expect(y.dataId.backend.name).toBe('native');
            const got = Array.from(y.dataSync() as ArrayLike<number | bigint>, (v) => (dtype === 'bool' ? v !== 0 : Number(v)));
            expect(got, `${dtype} ${JSON.stringify(shape)} begin ${begin} size ${size}`).toEqual(window(vals, shape, begin, size));
            y.dispose();
            checked++;
            return;
          }
          for (const c of choices[d]!) pick(d + 1, [...acc, c]);
        };
        pick(0, []);
        x.dispose();
      }
      expect(checked).toBeGreaterThan(100);
    });
  }

  it('a batch of rows out of a large [N, features] tensor is the right rows', () => {
    const x = tl.tensor(Float32Array.from({ length: 1000 * 784 }, (_, i) => i % 9973), [1000, 784]);
    const y = tl.slice(x, [640, 0], [64, 784]);
    const d = y.dataSync();
    expect(d[0]).toBe((640 * 784) % 9973);
    expect(d[64 * 784 - 1]).toBe((704 * 784 - 1) % 9973);
    tl.dispose([x, y]);
  });
});

describe.skipIf(!hasNative)('native SparseSoftmaxCrossEntropyWithLogits', () => {
  it('equals logSumExp(row) - row[label] computed in float64', () => {
    const rows = 37, classes = 11;
    const z = Float32Array.from(randValues(rows * classes, 3, -20, 20));
    const labels = Int32Array.from({ length: rows }, (_, r) => (r * 5) % classes);
    const loss = tl.sparseSoftmaxCrossEntropyWithLogits(tl.tensor(labels, [rows], 'int32'), tl.tensor(z, [rows, classes]));
    expect(loss.dataId.backend.name).toBe('native');
    const got = loss.dataSync();
    for (let r = 0; r < rows; r++) {
      const row = Array.from(z.subarray(r * classes, (r + 1) * classes));
      const m = Math.max(...row);
      const want = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0)) - row[labels[r]!]!;
      expect(Math.abs(got[r]! - want)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
    }
  });

  it('a label outside [0, classes) is an ArgumentError naming the row', () => {
    expect(() => tl.sparseSoftmaxCrossEntropyWithLogits(tl.tensor([1, 3], [2], 'int32'), tl.zeros([2, 3])).dataSync()).toThrow(tl.ArgumentError);
    expect(() => tl.sparseSoftmaxCrossEntropyWithLogits(tl.tensor([-1, 0], [2], 'int32'), tl.zeros([2, 3])).dataSync()).toThrow(/row 0 holds -1/);
  });
});
