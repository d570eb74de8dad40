/**
 * Sparse gradients (TF's IndexedSlices): the gradient of a variable read only through `tl.gather(v, ids)` along
 * axis 0 is a set of rows `values` [K, ...rowShape] at row numbers `indices` [K] (repeats allowed, they add up).
 * TF 1.x optimizers update only those rows (SparseApply* kernels), which differs from a dense update with zero
 * rows for Momentum, RMSProp, Ftrl, the proximal methods and AdagradDA, so the optimizers keep the distinction.
 */
import { ArgumentError, ShapeError, fmtShape } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import { tensor } from '../../core/tensor_util.js';
import * as raw from '../../ops/index.js';
import * as gops from '../../graph/graph_ops.generated.js';

export class IndexedSlices {
  // A private field, so Session.run(slices) fetches just {values, indices} (Object.entries skips it).
  #denseShape: number[];

  /** values: [K, ...rowShape]; indices: int32/int64 [K]; denseShape: the variable's shape. */
  constructor(
    readonly values: Tensor,
    readonly indices: Tensor,
    denseShape: readonly number[],
  ) {
    if (indices.rank !== 1) throw new ShapeError(`IndexedSlices: 'indices' must be rank 1, got ${fmtShape(indices.shape)}`);
    if (indices.dtype !== 'int32' && indices.dtype !== 'int64') {
      throw new ArgumentError(`IndexedSlices: 'indices' must be int32 or int64, got ${indices.dtype}`);
    }
    const rows = denseShape.slice(1);
    const ok = values.rank === denseShape.length && values.shape.slice(1).every((d, i) => d < 0 || rows[i]! < 0 || d === rows[i]);
    if (!ok) {
      const want = `[K${rows.map((d) => ',' + (d < 0 ? '?' : d)).join('')}]`;
      throw new ShapeError(`IndexedSlices: 'values' ${fmtShape(values.shape)} must have shape ${want} for dense shape ${fmtShape(denseShape)}`);
    }
    this.#denseShape = [...denseShape];
  }

  get denseShape(): number[] {
    return [...this.#denseShape];
  }

  get dtype(): Tensor['dtype'] {
    return this.values.dtype;
  }

  /** The dense gradient (repeated indices add up); a graph tensor when the slices are symbolic. */
  toDense(): Tensor {
    const n = this.#denseShape[0]!;
    return gops.unsortedSegmentSum(this.values, this.indices, n);
  }

  /** Frees eager values and indices (no-op for symbolic slices). */
  dispose(): void {
    if (!this.values.isSymbolic) this.values.dispose();
    if (!this.indices.isSymbolic) this.indices.dispose();
  }
}

/** Unique row numbers (first-occurrence order, as TF's unique) and the summed rows of concrete slices. */
export interface DedupedSlices {
  /** int32 [U] */
  indices: Tensor;
  /** [U, ...rowShape] */
  values: Tensor;
  count: number;
}

/**
 * Sums the rows of repeated indices (TF's _deduplicate_indexed_slices, which every optimizer applies before its
 * sparse rule). Indices outside [0, rows) throw, naming the optimizer and the variable.
 */
export function dedupSlices(op: string, varName: string, varShape: readonly number[], s: IndexedSlices): DedupedSlices {
  const rows = varShape[0]!;
  const idx = s.indices.dataSync();
  const k = idx.length;
  if (s.values.shape[0] !== k) {
    throw new ShapeError(`${op}: sparse gradient of '${varName}' has ${k} indices but values ${fmtShape(s.values.shape)}`);
  }
  const firstSlot = new Map<number, number>();
  const uniq: number[] = [];
  const seg = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    const r = Number(idx[i]);
    if (!Number.isInteger(r) || r < 0 || r >= rows) {
      throw new ArgumentError(`${op}: sparse gradient of '${varName}' ${fmtShape(varShape)} has index ${r} at position ${i}, outside [0, ${rows})`);
    }
    let u = firstSlot.get(r);
    if (u === undefined) {
      u = uniq.length;
      firstSlot.set(r, u);
      uniq.push(r);
    }
    seg[i] = u;
  }
  const values = raw.unsortedSegmentSum(s.values, tensor(seg, [k], 'int32'), uniq.length);
  return { indices: tensor(Int32Array.from(uniq), [uniq.length], 'int32'), values, count: uniq.length };
}

/** Row-sparse update helpers on concrete tensors (unique indices). */
export function gatherRows(x: Tensor, indices: Tensor): Tensor {
  return raw.gather(x, indices, 0);
}

/** x with its rows at `indices` (unique) replaced by `rows`; other rows keep their exact values. */
export function scatterRows(x: Tensor, indices: Tensor, rows: Tensor): Tensor {
  const u = indices.shape[0]!;
  const idx2 = raw.reshape(indices, [u, 1]);
  const placed = raw.scatterND(idx2, rows, x.shape);
  const hit = raw.scatterND(idx2, raw.ones([u], 'int32'), [x.shape[0]!]);
  const mask = raw.reshape(raw.greater(hit, 0), [x.shape[0]!, ...x.shape.slice(1).map(() => 1)]);
  return raw.where(mask, placed, x);
}
