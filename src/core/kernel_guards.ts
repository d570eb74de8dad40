/**
 * Checks the engine makes around every kernel call, whatever the backend: output shapes within the limits
 * before anything is allocated, and allocation failures reported as typed errors.
 */
import type { OutSpec } from './backend.js';
import { OutOfMemoryError, fmtShape } from './errors.js';
import { MAX_ELEMENTS, sizeFromShape, validateShape } from './shape.js';

/**
 * The safety net under every op's own validation: an output shape must be a valid shape within the element
 * limit (core/shape.ts) before any backend allocates it, so a size computed from hostile arguments (a matMul of
 * 2^32 elements, a pad of 1e9) is a ShapeError naming the kernel instead of a typed-array RangeError or a
 * wrapped 32-bit size in wasm.
 */
export function checkOutSpecs(kernel: string, specs: readonly OutSpec[]): void {
  for (const s of specs) {
    // Valid dimensions whose product is over the element limit: more than any backend can hold (out of
    // memory, like an allocation that failed); anything else wrong with the shape is a ShapeError.
    const size = sizeFromShape(s.shape);
    if (s.shape.every((d) => Number.isSafeInteger(d) && d >= 0) && size > MAX_ELEMENTS) {
      throw new OutOfMemoryError(`${kernel}: the output ${s.dtype}${fmtShape(s.shape)} has ${size} elements, more than the 2^31-1 a tensor can hold`);
    }
    validateShape(kernel, s.shape, 'output shape');
  }
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
