import type { Backend, KernelFn, TensorInfo } from '../../../core/backend.js';
import type { DType } from '../../../core/dtype.js';
import { ArgumentError } from '../../../core/errors.js';
import type { Empty, KernelWithAttrs } from '../../../core/kernel_attrs.js';
import { asJs } from '../backend_js.js';
import { broadcastIndexer } from './broadcast_iter.js';

type NumFn = (a: number, b: number) => number;
type BigFn = (a: bigint, b: bigint) => bigint | boolean;

/**
 * Builds a broadcasting elementwise binary kernel. `num` computes on JS numbers (float32, float64, int32, bool
 * stored as 0/1), `big` on int64 values. `outDType` overrides the output dtype (comparisons give bool).
 * `i32`, when given, replaces `num` for int32 inputs (where float64 arithmetic would lose bits before the
 * wrap, e.g. products past 2^53). int32 results wrap to 32 bits, as TF's do.
 */
export function binaryKernel(name: string, num: NumFn, big?: BigFn, outDType?: DType, i32?: NumFn): KernelFn<KernelWithAttrs<Empty>> {
  return (inputs: TensorInfo[], _attrs, backend: Backend, outs) => {
    const [a, b] = inputs as [TensorInfo, TensorInfo];
    const js = asJs(backend);
    const outShape = outs[0]!.shape;
    const dtype = outDType ?? a.dtype;
    const [out, o] = js.makeOutput(outShape, dtype);
    const av = js.readSync(a.dataId);
    const bv = js.readSync(b.dataId);
    const ia = broadcastIndexer(a.shape, outShape);
    const ib = broadcastIndexer(b.shape, outShape);
    const n = o.length;
    if (a.dtype === 'int64') {
      if (!big) throw new Error(`${name}: int64 is not supported by this kernel`);
      const x = av as BigInt64Array, y = bv as BigInt64Array;
      if (dtype === 'int64') {
        const r = o as BigInt64Array;
        for (let i = 0; i < n; i++) r[i] = big(x[ia(i)]!, y[ib(i)]!) as bigint;
      } else {
        const r = o as Uint8Array;
        for (let i = 0; i < n; i++) r[i] = big(x[ia(i)]!, y[ib(i)]!) ? 1 : 0;
      }
      return out;
    }
    const f = a.dtype === 'int32' && i32 ? i32 : num;
    const x = av as Float64Array, y = bv as Float64Array, r = o as Float64Array;
    for (let i = 0; i < n; i++) r[i] = f(x[ia(i)]!, y[ib(i)]!);
    return out;
  };
}

function intDivByZero(op: string): never {
  // TF's CPU kernels reject integer division by zero the same way (InvalidArgument).
  throw new ArgumentError(`${op}: integer division by zero`);
}

/** floor(a / b) on integers (exact: a / b of two int32 values is never off by one after flooring). */
function floorDivInt(a: number, b: number): number {
  if (b === 0) intDivByZero('floorDiv');
  return Math.floor(a / b);
}

function floorDivBig(a: bigint, b: bigint): bigint {
  if (b === 0n) intDivByZero('floorDiv');
  const q = a / b; // truncates toward zero
  return BigInt.asIntN(64, (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q);
}

/** Floored modulo: the result has the sign of the divisor (TF floormod, Python %). */
function floorMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

function floorModInt(a: number, b: number): number {
  if (b === 0) intDivByZero('mod');
  return floorMod(a, b);
}

function floorModBig(a: bigint, b: bigint): bigint {
  if (b === 0n) intDivByZero('mod');
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}

/** max/min that propagate NaN (Math.max does), so a NaN input is never silently hidden. */
const maxNum: NumFn = (a, b) => Math.max(a, b);
const minNum: NumFn = (a, b) => Math.min(a, b);

export const add = binaryKernel('Add', (a, b) => a + b, (a, b) => BigInt.asIntN(64, a + b));
export const sub = binaryKernel('Sub', (a, b) => a - b, (a, b) => BigInt.asIntN(64, a - b));
export const mul = binaryKernel('Mul', (a, b) => a * b, (a, b) => BigInt.asIntN(64, a * b), undefined, Math.imul);
export const realDiv = binaryKernel('RealDiv', (a, b) => a / b);
export const floorDiv = binaryKernel('FloorDiv', (a, b) => Math.floor(a / b), floorDivBig, undefined, floorDivInt);
export const floorModK = binaryKernel('FloorMod', floorMod, floorModBig, undefined, floorModInt);
export const pow = binaryKernel('Pow', (a, b) => Math.pow(a, b));
export const maximum = binaryKernel('Maximum', maxNum, (a, b) => (a > b ? a : b));
export const minimum = binaryKernel('Minimum', minNum, (a, b) => (a < b ? a : b));
export const squaredDifference = binaryKernel(
  'SquaredDifference',
  (a, b) => (a - b) * (a - b),
  (a, b) => BigInt.asIntN(64, (a - b) * (a - b)),
  undefined,
  (a, b) => {
    const d = (a - b) | 0; // the difference wraps first, as int32 arithmetic in C would
    return Math.imul(d, d);
  },
);
export const atan2 = binaryKernel('Atan2', Math.atan2);

// Comparisons: bool output; bool inputs arrive as 0/1 numbers.
export const equal = binaryKernel('Equal', (a, b) => (a === b ? 1 : 0), (a, b) => a === b, 'bool');
export const notEqual = binaryKernel('NotEqual', (a, b) => (a !== b ? 1 : 0), (a, b) => a !== b, 'bool');
export const less = binaryKernel('Less', (a, b) => (a < b ? 1 : 0), (a, b) => a < b, 'bool');
export const lessEqual = binaryKernel('LessEqual', (a, b) => (a <= b ? 1 : 0), (a, b) => a <= b, 'bool');
export const greater = binaryKernel('Greater', (a, b) => (a > b ? 1 : 0), (a, b) => a > b, 'bool');
export const greaterEqual = binaryKernel('GreaterEqual', (a, b) => (a >= b ? 1 : 0), (a, b) => a >= b, 'bool');
export const logicalAnd = binaryKernel('LogicalAnd', (a, b) => (a && b ? 1 : 0));
export const logicalOr = binaryKernel('LogicalOr', (a, b) => (a || b ? 1 : 0));
