/**
 * Typed errors. Every message names the op (or file), the argument and, where shapes matter, the shapes,
 * so a user can find the offending call without a stack trace.
 */
export class TensorlaneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that cannot work together (broadcasting, matmul inner dims, reshape sizes, ...). */
export class ShapeError extends TensorlaneError {}

/** A dtype the op does not accept, or two inputs whose dtypes differ. */
export class DTypeError extends TensorlaneError {}

/** An argument of the wrong kind or out of range (axis, perm, rate, padding mode, ...). */
export class ArgumentError extends TensorlaneError {}

/** A backend is absent, failed to load, or lacks a kernel. */
export class BackendError extends TensorlaneError {}

/** A tensor was used after `dispose()`. */
export class DisposedError extends TensorlaneError {}

/** Reading or writing a file failed validation (size, magic, offsets). */
export class FileFormatError extends TensorlaneError {}

/** A backend could not allocate a buffer (a size beyond what its memory can address or grow to). */
export class OutOfMemoryError extends TensorlaneError {}

export function fmtShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null || d < 0 ? '?' : String(d))).join(',')}]`;
}

/** An iterator ran past its end (TF's OutOfRangeError: `getNext()` after the last element of a dataset). */
export class OutOfRangeError extends TensorlaneError {}
