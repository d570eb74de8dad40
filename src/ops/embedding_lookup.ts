/**
 * tf.nn.embedding_lookup: rows of an embedding table, which may be split into shards (TF's partitioned
 * variables). Written in existing ops (concat, gather, index arithmetic), so the gradient reaches every shard
 * through concat's and gather's gradients, and graph mode works with symbolic ids: nothing here reads the ids'
 * values except to word the error after gather has refused one.
 */
import { FLOAT_DTYPES, assertDType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { checkOptions, shapesEqual, stridesOf } from '../core/shape.js';
import { Tensor as TensorClass, type Tensor } from '../core/tensor.js';
import { convertToTensor, tensor, type TensorLike } from '../core/tensor_util.js';
import { add, floorDiv, maximum, mod, mul } from './arithmetic.js';
import { greaterEqual, less } from './compare.js';
import { concat } from './concat_split.js';
import { convertIndices, gather } from './gather.js';
import { logicalAnd, where } from './logical.js';
import { sum } from './reduction.js';
import { rsqrt, square } from './unary_math.js';

export type PartitionStrategy = 'mod' | 'div';

export interface EmbeddingLookupOptions {
  /**
   * How ids map to shards when `params` is a list of n > 1 shards (TF's default 'mod'):
   * 'mod': id lives in shard id % n, row floor(id / n); 'div': contiguous blocks, shard p holding the next
   * floor(N / n) ids, plus one more for the first N % n shards (N = total rows).
   */
  partitionStrategy?: PartitionStrategy;
  /** When given, each looked-up embedding whose L2 norm exceeds maxNorm is scaled down to that norm. */
  maxNorm?: number | null;
}

/**
 * The rows of `params` at `ids`: result shape ids.shape + params.shape[1:]. `params` is one tensor, or an array
 * of shards (TF's list of tensors / partitioned variable) that agree in dtype and in every dim but the first;
 * a JS array is always a list of shards, so pass a nested-array table through tl.tensor first. ids: int32/int64
 * of any shape. An id outside the table throws ArgumentError naming it, its position and the shards.
 * For 'div', the shard sizes must follow TF's rule (each floor(N / n), the first N % n one more), as a
 * partitioned variable's are; other sizes are refused since ids would land in the wrong rows.
 */
export function embeddingLookup(params: TensorLike | readonly TensorLike[], ids: TensorLike, opts: EmbeddingLookupOptions = {}): Tensor {
  return ENGINE.tidy(() => embeddingLookupImpl(params, ids, opts));
}

function embeddingLookupImpl(params: TensorLike | readonly TensorLike[], ids: TensorLike, opts: EmbeddingLookupOptions): Tensor {
  const op = 'embeddingLookup';
  checkOptions(op, opts, ['partitionStrategy', 'maxNorm']);
  opts ??= {};
  const strategy = opts.partitionStrategy ?? 'mod';
  if (strategy !== 'mod' && strategy !== 'div') {
    throw new ArgumentError(`${op}: 'partitionStrategy' must be 'mod' or 'div', got ${JSON.stringify(strategy)}`);
  }
  const maxNorm = opts.maxNorm ?? null;
  if (maxNorm !== null && (typeof maxNorm !== 'number' || !(maxNorm > 0) || !Number.isFinite(maxNorm))) {
    throw new ArgumentError(`${op}: 'maxNorm' must be a finite number > 0, got ${String(maxNorm)}`);
  }
  const shards = convertShards(op, params);
  const tids = convertIndices(ids, 'ids', op);
  if (maxNorm !== null) assertDType(op, 'params', shards[0]!.dtype, FLOAT_DTYPES);
  const sizes = shards.map((s) => s.shape[0]!);
  if (strategy === 'div' && shards.length > 1) checkDivSizes(op, sizes);

  let rows: Tensor;
  if (shards.length === 1) {
    rows = lookup(op, shards[0]!, tids, tids, sizes, strategy);
  } else {
    // One table of all rows, shard after shard; each id is mapped to its row there.
    const table = concat(shards, 0);
    const pos = strategy === 'div' ? tids : modPositions(tids, sizes);
    rows = lookup(op, table, pos, tids, sizes, strategy);
  }
  return maxNorm === null ? rows : clipRows(rows, tids.rank, maxNorm);
}

/** The shards as tensors of one dtype, each rank >= 1, equal in every dim but the first. */
function convertShards(op: string, params: TensorLike | readonly TensorLike[]): Tensor[] {
  const list = Array.isArray(params) ? (params as readonly TensorLike[]) : [params as TensorLike];
  if (list.length === 0) throw new ArgumentError(`${op}: 'params' is an empty list of shards; give at least one tensor`);
  const one = list.length === 1;
  // JS values among tensor shards take their dtype, as convertAll does.
  const hint = (list.find((p) => p instanceof TensorClass) as Tensor | undefined)?.dtype;
  const shards = list.map((p, i) => convertToTensor(p, one ? 'params' : `params[${i}]`, op, hint));
  const first = shards[0]!;
  shards.forEach((s, i) => {
    const name = one ? 'params' : `params[${i}]`;
    if (s.rank === 0) throw new ShapeError(`${op}: '${name}' must have rank >= 1 (rows first), got a scalar`);
    if (s.dtype !== first.dtype) {
      throw new DTypeError(
        `${op}: shard 'params[${i}]' is ${s.dtype}${fmtShape(s.shape)} but 'params[0]' is ${first.dtype}${fmtShape(first.shape)}; shards must share a dtype`,
      );
    }
    if (!shapesEqual(s.shape.slice(1), first.shape.slice(1))) {
      throw new ShapeError(
        `${op}: shard 'params[${i}]' ${fmtShape(s.shape)} and 'params[0]' ${fmtShape(first.shape)} must agree in every dim but the first`,
      );
    }
  });
  return shards;
}

/** TF's 'div' layout: N rows over n shards, floor(N / n) each and one more for the first N % n. */
function checkDivSizes(op: string, sizes: readonly number[]): void {
  const n = sizes.length;
  const total = sizes.reduce((a, b) => a + b, 0);
  const expected = sizes.map((_, p) => Math.floor(total / n) + (p < total % n ? 1 : 0));
  if (!shapesEqual(sizes, expected)) {
    throw new ShapeError(
      `${op}: with partitionStrategy 'div', ${n} shards of ${total} rows in all must have ${fmtShape(expected)} rows ` +
        `(floor(N/n), the first N % n one more), got ${fmtShape(sizes)}`,
    );
  }
}

/**
 * 'mod' positions in the concatenated table: shard id % n starts at the sum of the sizes before it, and the id is
 * row floor(id / n) there. Ids that name no row (negative, or past the end of their shard) become -1, so that
 * gather refuses them rather than reading a row of another shard.
 */
function modPositions(ids: Tensor, sizes: readonly number[]): Tensor {
  const n = sizes.length;
  const offsets = sizes.map((_, p) => sizes.slice(0, p).reduce((a, b) => a + b, 0));
  const shard = mod(ids, n);
  const row = floorDiv(ids, n);
  const pos = add(gather(tensor(offsets, [n], ids.dtype), shard), row);
  const valid = logicalAnd(greaterEqual(ids, 0), less(row, gather(tensor([...sizes], [n], ids.dtype), shard)));
  return where(valid, pos, -1);
}

/**
 * gather(table, pos), with gather's refusal of an index restated in terms of the caller's ids and shards. The
 * ids are concrete when gather has refused one (it checks values only when it runs), so reading them is safe.
 */
function lookup(op: string, table: Tensor, pos: Tensor, ids: Tensor, sizes: readonly number[], strategy: PartitionStrategy): Tensor {
  try {
    return gather(table, pos);
  } catch (e) {
    if (!(e instanceof ArgumentError)) throw e;
    const bad = firstBadId(ids, sizes, strategy);
    if (!bad) throw e;
    const total = sizes.reduce((a, b) => a + b, 0);
    const n = sizes.length;
    const modRow = strategy === 'mod' && bad.value >= 0 ? ` (id ${bad.value} would be row ${Math.floor(bad.value / n)} of shard ${modOf(bad.value, n)})` : '';
    const detail =
      n === 1
        ? `is not in [0, ${total}) (the rows of 'params' ${fmtShape(table.shape)})`
        : `names no row of 'params': ${total} rows in ${n} shards of ${fmtShape(sizes)} rows, partitionStrategy '${strategy}'${modRow}`;
    throw new ArgumentError(`${op}: ids${bad.position} = ${bad.value} ${detail}`);
  }
}

const modOf = (v: number, n: number) => ((v % n) + n) % n;

/** The first id that names no row, with its position written like "[1,0]" ("" for scalar ids). */
function firstBadId(ids: Tensor, sizes: readonly number[], strategy: PartitionStrategy): { value: number; position: string } | null {
  const n = sizes.length;
  const total = sizes.reduce((a, b) => a + b, 0);
  const values = ids.dataSync() as ArrayLike<number | bigint>;
  const st = stridesOf(ids.shape);
  for (let q = 0; q < values.length; q++) {
    const v = Number(values[q]);
    const ok = n === 1 || strategy === 'div' ? v >= 0 && v < total : v >= 0 && Math.floor(v / n) < sizes[modOf(v, n)]!;
    if (!ok) {
      const position = ids.rank === 0 ? '' : `[${ids.shape.map((d, i) => Math.floor(q / st[i]!) % d).join(',')}]`;
      return { value: v, position };
    }
  }
  return null;
}

/**
 * TF's clip_by_norm over each embedding (the dims after the ids' dims): x * maxNorm / max(||x||, maxNorm),
 * written as x * maxNorm * rsqrt(max(||x||^2, maxNorm^2)) so that no square root of 0 is differentiated.
 * With rank-1 params each embedding is a single value, clipped to |x| <= maxNorm.
 */
function clipRows(rows: Tensor, idsRank: number, maxNorm: number): Tensor {
  const axes = Array.from({ length: rows.rank - idsRank }, (_, i) => idsRank + i);
  const sq = square(rows);
  const sumSq = axes.length > 0 ? sum(sq, axes, true) : sq;
  return mul(rows, mul(rsqrt(maximum(sumSq, maxNorm * maxNorm)), maxNorm));
}
