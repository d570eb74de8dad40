import { ArgumentError, ShapeError, fmtShape } from './errors.js';

export type Shape = number[];

export function sizeFromShape(shape: readonly number[]): number {
  let s = 1;
  for (const d of shape) s *= d;
  return s;
}

export function stridesOf(shape: readonly number[]): number[] {
  const r = shape.length;
  const st = new Array<number>(r);
  let acc = 1;
  for (let i = r - 1; i >= 0; i--) {
    st[i] = acc;
    acc *= shape[i]!;
  }
  return st;
}

/** Is a concrete shape compatible with a static shape (-1 matches any size)? */
export function shapeCompatible(staticShape: readonly number[], shape: readonly number[]): boolean {
  return staticShape.length === shape.length && staticShape.every((d, i) => d < 0 || d === shape[i]);
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** numpy broadcasting of two shapes; -1 (unknown, graph mode) broadcasts as a wildcard. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[], names = ['a', 'b']): Shape {
  const r = Math.max(a.length, b.length);
  const out = new Array<number>(r);
  for (let i = 0; i < r; i++) {
    const da = a[a.length - r + i] ?? 1;
    const db = b[b.length - r + i] ?? 1;
    if (da === db) out[i] = da;
    else if (da === 1) out[i] = db;
    else if (db === 1) out[i] = da;
    else if (da === -1) out[i] = db;
    else if (db === -1) out[i] = da;
    else {
      throw new ShapeError(
        `${op}: shapes of '${names[0]}' ${fmtShape(a)} and '${names[1]}' ${fmtShape(b)} cannot be broadcast together`,
      );
    }
  }
  return out;
}

/** The axes of `inShape` that were broadcast to produce `outShape` (to be summed in the gradient). */
export function broadcastedAxes(inShape: readonly number[], outShape: readonly number[]): number[] {
  const axes: number[] = [];
  const off = outShape.length - inShape.length;
  for (let i = 0; i < outShape.length; i++) {
    const d = i < off ? 1 : inShape[i - off]!;
    if (d === 1 && outShape[i] !== 1) axes.push(i);
    else if (i < off) axes.push(i);
  }
  return axes;
}

/** Normalizes one axis (negative counts from the end) and checks its range. */
export function normAxis(op: string, axis: number, rank: number, arg = 'axis'): number {
  if (!Number.isInteger(axis)) throw new ArgumentError(`${op}: '${arg}' must be an integer, got ${axis}`);
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= Math.max(rank, 1) || (rank === 0 && a !== 0)) {
    throw new ArgumentError(`${op}: '${arg}' ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return a;
}

/** Normalizes an axis list (null/undefined = all axes), sorted and deduplicated. */
export function normAxes(op: string, axis: number | readonly number[] | null | undefined, rank: number): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  if (typeof axis !== 'number' && !Array.isArray(axis)) {
    throw new ArgumentError(`${op}: 'axis' must be an integer or an array of integers, got ${describe(axis)}`);
  }
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = new Set<number>();
  for (const a of list) {
    const n = a < 0 ? a + rank : a;
    if (!Number.isInteger(a) || n < 0 || n >= rank) {
      throw new ArgumentError(`${op}: axis ${a} is out of range for a tensor of rank ${rank}`);
    }
    if (out.has(n)) throw new ArgumentError(`${op}: axis ${a} is repeated`);
    out.add(n);
  }
  return [...out].sort((x, y) => x - y);
}

/** Output shape of a reduction over `axes`. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): Shape {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepDims) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}

export function assertShapesEqual(op: string, a: readonly number[], b: readonly number[], names: [string, string]): void {
  if (!shapesEqual(a, b)) {
    throw new ShapeError(`${op}: '${names[0]}' ${fmtShape(a)} and '${names[1]}' ${fmtShape(b)} must have the same shape`);
  }
}

export function assertRank(op: string, arg: string, shape: readonly number[], ranks: number | readonly number[]): void {
  const ok = typeof ranks === 'number' ? shape.length === ranks : ranks.includes(shape.length);
  if (!ok) {
    throw new ShapeError(`${op}: '${arg}' must have rank ${typeof ranks === 'number' ? ranks : ranks.join(' or ')}, got shape ${fmtShape(shape)}`);
  }
}

/**
 * Limits every shape entry point enforces. A tensor holds at most 2^31-1 elements (the int32 index range the
 * kernels and the wasm/native backends address). The product of the non-zero dimensions obeys the same bound,
 * because a zero-size tensor with a huge dimension ([2^40, 4, 0, 1]) still makes kernels loop over the huge
 * dimensions; and the rank is bounded (TF's limit of 254) so nested-array conversion cannot overflow the stack.
 */
export const MAX_ELEMENTS = 2 ** 31 - 1;
export const MAX_RANK = 254;

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === 'bigint') return `${v}n`;
  // A list of numbers prints as shapes do elsewhere (fmtShape: '?' for an unknown or negative dim).
  if (Array.isArray(v) && v.length <= 8 && v.every((d) => typeof d === 'number' && !Number.isNaN(d))) return fmtShape(v as number[]);
  if (Array.isArray(v)) return `[${v.slice(0, 8).map(describe).join(',')}${v.length > 8 ? ',...' : ''}]`;
  if (v !== null && typeof v === 'object') return ArrayBuffer.isView(v) ? v.constructor.name : 'an object';
  return String(v);
}

/**
 * Checks a shape argument given by a user: an array (or typed array) of non-negative safe integers, at most
 * MAX_RANK long, whose size (and whose product of non-zero dims) is at most MAX_ELEMENTS. Anything else is a
 * ShapeError (ArgumentError when it is not a list at all) naming the op, the argument and the value.
 */
export function validateShape(op: string, shape: unknown, arg = 'shape'): asserts shape is number[] {
  if (!Array.isArray(shape) && !(ArrayBuffer.isView(shape) && !(shape instanceof DataView))) {
    throw new ArgumentError(`${op}: '${arg}' must be an array of dimension sizes, got ${describe(shape)}`);
  }
  const dims = shape as ArrayLike<unknown>;
  if (dims.length > MAX_RANK) throw new ShapeError(`${op}: '${arg}' has rank ${dims.length}, more than the limit of ${MAX_RANK}`);
  let nonZero = 1;
  let size = 1;
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new ShapeError(`${op}: '${arg}' ${describe(shape)} has an invalid dimension ${describe(d)} (dimensions are non-negative integers)`);
    }
    size *= d;
    if (d !== 0) nonZero *= d;
  }
  if (size > MAX_ELEMENTS) throw new ShapeError(`${op}: '${arg}' ${describe(shape)} has more than 2^31-1 elements`);
  if (nonZero > MAX_ELEMENTS) {
    throw new ShapeError(`${op}: '${arg}' ${describe(shape)}: the product of its non-zero dimensions exceeds 2^31-1 (a dimension is too large)`);
  }
}

/**
 * Checks an options argument: undefined or a plain object whose keys are all in `accepted`. Unknown keys are
 * refused (a typo such as 'peephole' would otherwise run silently without the option).
 */
export function checkOptions(op: string, opts: unknown, accepted: readonly string[], arg = 'options'): void {
  if (opts === undefined) return;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts) || ArrayBuffer.isView(opts)) {
    throw new ArgumentError(`${op}: '${arg}' must be an object, got ${describe(opts)}`);
  }
  for (const k of Object.keys(opts)) {
    if (!accepted.includes(k)) {
      throw new ArgumentError(`${op}: unknown option '${k}' in '${arg}'; accepted: ${accepted.length ? accepted.join(', ') : '(none)'}`);
    }
  }
}
