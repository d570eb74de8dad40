/**
 * Checks the engine makes around every kernel call, whatever the backend: output shapes within the limits
 * before anything is allocated, and allocation failures reported as typed errors.
 */
import type { OutSpec } from './backend.js';
import { OutOfMemoryError, fmtShape } from './errors.js';
import { MAX_ELEMENTS, MAX_RANK, validateShape } from './shape.js';

/**
 * The safety net under every op's own validation: an output shape must be a valid shape within the element
 * limit (core/shape.ts) before any backend allocates it, so a size computed from hostile arguments (a matMul of
 * 2^32 elements, a pad of 1e9) is a typed error naming the kernel instead of a typed-array RangeError or a
 * wrapped 32-bit size in wasm. Returns whether every output is empty (the engine then runs no kernel).
 *
 * It runs on every op, so one pass over each shape decides; only a shape that fails it is looked at again to
 * name what is wrong.
 */
export function checkOutSpecs(kernel: string, specs: readonly OutSpec[]): boolean {
  let allEmpty = specs.length > 0;
  for (const s of specs) {
    const shape = s.shape;
    let size = 1, nonZero = 1, valid = shape.length <= MAX_RANK;
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i]!;
      if (!Number.isSafeInteger(d) || d < 0) valid = false;
      size *= d;
      if (d !== 0) nonZero *= d;
    }
    if (valid && size > MAX_ELEMENTS) {
      // Valid dimensions whose product is over the limit: more than any backend can hold (out of memory,
      // like an allocation that failed).
      throw new OutOfMemoryError(`${kernel}: the output ${s.dtype}${fmtShape(shape)} has ${size} elements, more than the 2^31-1 a tensor can hold`);
    }
    if (!valid || nonZero > MAX_ELEMENTS) validateShape(kernel, shape, 'output shape'); // throws, naming the problem
    if (size !== 0) allEmpty = false;
  }
  return allEmpty;
}

/**
 * A typed-array allocation that failed inside a kernel (the JS heap refused the buffer) is an out-of-memory
 * condition, not a bug of the caller's: report it as OutOfMemoryError naming the kernel and the backend.
 */
export function asTypedAllocationError(kernel: string, backend: string, e: unknown): unknown {
  if (e instanceof OutOfMemoryError) return e.message.startsWith(kernel) ? e : new OutOfMemoryError(`${kernel} on ${backend}: ${e.message}`);
  if (e instanceof RangeError && /Array buffer allocation failed|Invalid typed array length|Invalid array buffer length/.test(e.message)) {
    return new OutOfMemoryError(`${kernel} on ${backend}: could not allocate a buffer (${e.message})`);
  }
  return e;
}
