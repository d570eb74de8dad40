/**
 * Histograms as TensorFlow's HistogramSummary builds them: the default bucket limits grow by 10% from 1e-12 to
 * 1e20, mirrored for negative values, with 0 between and ±DBL_MAX at the ends, so every run's histograms share
 * buckets and TensorBoard can draw them over time. A value v falls in the first bucket whose limit is > v.
 * Runs of empty buckets are written as one entry (the limit of the run's last bucket, count 0), as TF does.
 */
import { ArgumentError } from '../core/errors.js';

/** A HistogramProto as a plain object (protobufjs field names). */
export interface HistogramValue {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  bucketLimit: number[];
  bucket: number[];
}

let defaultLimits: Float64Array | undefined;

/** TF's default bucket limits: -DBL_MAX, -1e20.., ..., -1e-12, 0, 1e-12, ..., ~1e20, DBL_MAX (1551 limits). */
export function defaultBucketLimits(): Float64Array {
  if (!defaultLimits) {
    const pos: number[] = [];
    // Same arithmetic as TF (repeated multiplication, not powers), so the limits are bit-identical.
    for (let v = 1e-12; v < 1e20; v *= 1.1) pos.push(v);
    pos.push(Number.MAX_VALUE);
    const neg = pos.map((v) => -v).reverse();
    defaultLimits = Float64Array.from([...neg, 0, ...pos]);
  }
  return defaultLimits;
}

/** Index of the first limit strictly greater than v (C++'s upper_bound). */
function upperBound(limits: Float64Array, v: number): number {
  let lo = 0;
  let hi = limits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (limits[mid]! > v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The histogram of values (finite numbers; NaN or ±Infinity is an ArgumentError, as in TF). */
export function histogramOf(values: ArrayLike<number>, where = 'histogram'): HistogramValue {
  const limits = defaultBucketLimits();
  const counts = new Float64Array(limits.length);
  let min = Number.MAX_VALUE;
  let max = -Number.MAX_VALUE;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new ArgumentError(`${where}: value ${v} at index ${i} is not finite (NaN or Infinity in a histogram summary)`);
    // A value at DBL_MAX itself belongs in the last bucket.
    counts[Math.min(upperBound(limits, v), limits.length - 1)]++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSquares += v * v;
  }
  const bucketLimit: number[] = [];
  const bucket: number[] = [];
  for (let i = 0; i < counts.length; ) {
    let end = limits[i]!;
    let count = counts[i]!;
    i++;
    if (count <= 0) {
      while (i < counts.length && counts[i]! <= 0) {
        end = limits[i]!;
        count = counts[i]!;
        i++;
      }
    }
    bucketLimit.push(end);
    bucket.push(count);
  }
  return { min, max, num: values.length, sum, sumSquares, bucketLimit, bucket };
}
