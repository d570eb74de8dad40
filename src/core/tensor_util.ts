import { convertArray, dtypeOfArray, isDType, isIntDType, type DType, type TypedArray } from './dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from './errors.js';
import { ENGINE } from './engine.js';
import { MAX_RANK, sizeFromShape, validateShape } from './shape.js';
import { Tensor, type NestedArray } from './tensor.js';

export type TensorLike = Tensor | TypedArray | NestedArray | readonly NestedArray[];

export function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/** Infers the shape of nested JS arrays, rejecting ragged ones. */
export function inferShape(op: string, arg: string, v: unknown): number[] {
  if (isTypedArray(v)) return [v.length];
  if (!Array.isArray(v)) return [];
  const shape: number[] = [];
  let cur: unknown = v;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    // Bounded here so the recursive checks below cannot overflow the stack on a deeply nested array.
    if (shape.length > MAX_RANK) throw new ShapeError(`${op}: '${arg}' is nested deeper than the rank limit of ${MAX_RANK}`);
    cur = cur[0];
  }
  if (isTypedArray(cur)) shape.push(cur.length);
  const check = (x: unknown, dim: number) => {
    if (dim === shape.length) {
      if (Array.isArray(x) || isTypedArray(x)) throw new ShapeError(`${op}: '${arg}' is ragged: nesting deeper than ${fmtShape(shape)}`);
      return;
    }
    if (!(Array.isArray(x) || isTypedArray(x)) || x.length !== shape[dim]) {
      throw new ShapeError(`${op}: '${arg}' is ragged: expected ${shape[dim]} elements at depth ${dim} for shape ${fmtShape(shape)}`);
    }
    if (Array.isArray(x)) for (const e of x) check(e, dim + 1);
  };
  check(v, 0);
  return shape;
}

function flattenInto(v: unknown, out: (number | boolean | bigint)[], depth = 0): void {
  if (depth > MAX_RANK) throw new ShapeError(`'values' is nested deeper than the rank limit of ${MAX_RANK}`);
  if (Array.isArray(v)) for (const e of v) flattenInto(e, out, depth + 1);
  else if (isTypedArray(v)) for (let i = 0; i < v.length; i++) out.push(v[i]!);
  else out.push(v as number);
}

function inferDType(op: string, arg: string, flat: readonly unknown[]): DType {
  if (flat.length === 0) return 'float32';
  const f = flat[0];
  if (typeof f === 'boolean') return 'bool';
  if (typeof f === 'bigint') return 'int64';
  if (typeof f === 'number') return 'float32';
  throw new DTypeError(`${op}: '${arg}' holds a ${typeof f}; expected numbers, booleans or bigints`);
}

/**
 * The dtype a typed array converts to when no dtype is given. Uint8Array is bool (documented, as tfjs does for
 * its data); the other integer arrays become int32 (int64 for BigUint64Array) — the dtype a tfjs/TF user expects
 * for integer data — when every value fits, and are refused otherwise rather than wrapped.
 */
function naturalDType(op: string, arg: string, v: ArrayBufferView): DType {
  if (v instanceof Float32Array) return 'float32';
  if (v instanceof Float64Array) return 'float64';
  if (v instanceof Int32Array) return 'int32';
  if (v instanceof BigInt64Array) return 'int64';
  if (v instanceof Uint8Array && !(v instanceof Uint8ClampedArray)) return 'bool';
  if (v instanceof Int8Array || v instanceof Int16Array || v instanceof Uint16Array || v instanceof Uint8ClampedArray) return 'int32';
  if (v instanceof Uint32Array) return 'int32';
  if (v instanceof BigUint64Array) return 'int64';
  throw new DTypeError(`${op}: '${arg}' is a ${v.constructor.name}, which has no tensor dtype; use a Float32Array, Float64Array, Int32Array, BigInt64Array or Uint8Array (bool)`);
}

/**
 * Refuses values an integer dtype cannot hold: NaN, infinities and values out of range (TF refuses such a
 * conversion; a silent wrap to -2^31 would give wrong results). Fractions truncate toward zero, as tfjs does.
 */
function checkIntValues(op: string, arg: string, values: ArrayLike<unknown>, d: DType): void {
  const [lo, hi] = d === 'int32' ? [-2147483648, 2147483647] : [-(2 ** 63), 2 ** 63];
  const [blo, bhi] = d === 'int32' ? [-2147483648n, 2147483647n] : [-(2n ** 63n), 2n ** 63n - 1n];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const ok = typeof v === 'number' ? (d === 'int32' ? v > lo - 1 && v < hi + 1 : v >= lo && v < hi)
      : typeof v === 'bigint' ? v >= blo && v <= bhi : true;
    if (!ok) throw new DTypeError(`${op}: '${arg}' holds ${String(v)}${typeof v === 'bigint' ? 'n' : ''} at index ${i}, which a ${d} tensor cannot hold`);
  }
}

/**
 * tl.tensor: values (number, boolean, bigint, nested arrays, typed array), optional shape and dtype. Without a
 * dtype, numbers give float32, booleans bool, bigints int64, and a typed array its natural dtype (see
 * naturalDType: Uint8Array is bool, the other integer arrays int32 / int64). Integer dtypes refuse NaN,
 * infinities and out-of-range values.
 */
export function tensor(values: TensorLike, shape?: readonly number[], dtype?: DType): Tensor {
  return makeTensorFrom('tensor', 'values', values, shape, dtype);
}

export function makeTensorFrom(op: string, arg: string, values: TensorLike, shape?: readonly number[], dtype?: DType): Tensor {
  if (values instanceof Tensor) {
    throw new ArgumentError(`${op}: '${arg}' is already a Tensor; use tl.clone or tl.cast`);
  }
  if (dtype !== undefined && !isDType(dtype)) throw new DTypeError(`${op}: unknown dtype '${String(dtype)}'`);
  // The shape argument first: a non-array or a huge size is refused before any value is read or allocated.
  if (shape !== undefined) validateShape(op, shape);
  const inferred = inferShape(op, arg, values);
  let arr: TypedArray;
  if (isTypedArray(values)) {
    const natural = naturalDType(op, arg, values);
    const d = dtype ?? natural;
    if (isIntDType(d)) checkIntValues(op, arg, values as ArrayLike<number | bigint>, d);
    // A Uint8Array is read as bool: normalize to 0/1 so comparisons and sums see booleans.
    arr = d === natural && d !== 'bool' && dtypeOfArray(values) === d ? (values.slice() as TypedArray) : convertArray(values as ArrayLike<number>, d);
    dtype = d;
  } else {
    const flat: (number | boolean | bigint)[] = [];
    flattenInto(values, flat);
    const d = dtype ?? inferDType(op, arg, flat);
    for (const x of flat) {
      const t = typeof x;
      if (t !== 'number' && t !== 'boolean' && t !== 'bigint') {
        throw new DTypeError(`${op}: '${arg}' holds a ${t}; expected numbers, booleans or bigints`);
      }
    }
    if (isIntDType(d)) checkIntValues(op, arg, flat, d);
    arr = convertArray(flat, d);
    dtype = d;
  }
  let finalShape: number[];
  if (shape !== undefined) {
    finalShape = Array.from(shape);
    const n = sizeFromShape(finalShape);
    if (n !== arr.length) {
      if (arr.length === 1 && inferred.length === 0) {
        // A scalar with a shape fills it, as tf.tensor(3, [2, 2]) does not but tf.fill would: be explicit.
        throw new ShapeError(`${op}: a single value cannot fill shape ${fmtShape(finalShape)}; use tl.fill`);
      }
      throw new ShapeError(`${op}: ${arr.length} values do not fit shape ${fmtShape(finalShape)} (${n} elements)`);
    }
  } else finalShape = inferred;
  return ENGINE.makeTensor(arr, finalShape, dtype);
}

/**
 * Converts an op argument to a tensor. Tensors pass through; JS values become tensors of `dtypeHint`
 * (the dtype of the op's other tensor argument, as TF's convert_to_tensor does).
 */
export function convertToTensor(x: TensorLike, arg: string, op: string, dtypeHint?: DType): Tensor {
  if (x instanceof Tensor) {
    x.throwIfDisposed(op);
    return x;
  }
  if (x === null || x === undefined) throw new ArgumentError(`${op}: argument '${arg}' is ${x}`);
  if (typeof x === 'string') throw new DTypeError(`${op}: argument '${arg}' is a string; strings are not supported`);
  let d = dtypeHint;
  if (d && !isTypedArray(x)) {
    // Booleans only convert to bool; numbers to any numeric dtype.
    const flat: unknown[] = [];
    flattenInto(x, flat as (number | boolean | bigint)[]);
    if (flat.length > 0 && typeof flat[0] === 'boolean' && d !== 'bool') d = 'bool';
    if ((d === 'int32' || d === 'int64') && flat.some((v) => typeof v === 'number' && !Number.isSafeInteger(v))) {
      throw new DTypeError(`${op}: argument '${arg}' holds non-integer (or non-finite, or beyond 2^53) values and cannot become ${d}`);
    }
    if (d === 'int32' && flat.some((v) => typeof v === 'number' && (v < -2147483648 || v > 2147483647))) {
      throw new DTypeError(`${op}: argument '${arg}' holds values outside the int32 range`);
    }
  }
  return makeTensorFrom(op, arg, x, undefined, isTypedArray(x) ? undefined : d);
}

/** Like convertToTensor for ops taking several tensors: the first Tensor among them sets the dtype for JS values. */
export function convertAll(op: string, args: [TensorLike, string][]): Tensor[] {
  const first = args.find(([x]) => x instanceof Tensor)?.[0] as Tensor | undefined;
  return args.map(([x, name]) => convertToTensor(x, name, op, first?.dtype));
}
