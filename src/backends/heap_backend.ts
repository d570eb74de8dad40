import { DataHandle, type Backend, type BackendName, type TensorInfo } from '../core/backend.js';
import { allocArray, bytesPerElement, type DType, type TypedArray } from '../core/dtype.js';
import { OutOfMemoryError, TensorlaneError, fmtShape } from '../core/errors.js';
import { sizeFromShape } from '../core/shape.js';

/**
 * The largest single buffer a heap backend allocates (4 GiB). Larger ones are refused with OutOfMemoryError
 * instead of being attempted: with memory overcommit the allocation may "succeed" and the process then
 * thrashes or is killed while the kernel writes it, which a caller cannot catch.
 */
export const MAX_BUFFER_BYTES = 2 ** 32;

/**
 * Storage shared by the backends whose tensors live in ordinary JS typed arrays (js, native): a map from data
 * handle to array, with the reads and allocations every kernel of theirs uses.
 */
export abstract class HeapBackend implements Backend {
  abstract readonly name: BackendName;
  protected data = new Map<DataHandle, TypedArray>();

  abstract adopt(h: DataHandle, values: TypedArray, from: Backend): void;

  write(values: TypedArray, shape: readonly number[], dtype: DType): TensorInfo {
    const h = new DataHandle(this, values.length * bytesPerElement(dtype));
    this.data.set(h, values);
    return { dataId: h, shape: [...shape], dtype };
  }

  readSync(h: DataHandle): TypedArray {
    const v = this.data.get(h);
    if (!v) throw new TensorlaneError(`${this.name} backend: read of a buffer that is not on this backend (was it disposed?)`);
    return v;
  }

  async read(h: DataHandle): Promise<TypedArray> {
    return this.readSync(h);
  }

  free(h: DataHandle): void {
    this.data.delete(h);
  }

  /** Allocates an output of `shape`/`dtype` and returns it with its (zero-filled) array to write into. */
  makeOutput(shape: readonly number[], dtype: DType): [TensorInfo, TypedArray] {
    const n = sizeFromShape(shape);
    const bytes = n * bytesPerElement(dtype);
    if (bytes > MAX_BUFFER_BYTES) {
      throw new OutOfMemoryError(`${this.name} backend: an output ${dtype}${fmtShape(shape)} needs ${bytes} bytes, over the limit of ${MAX_BUFFER_BYTES} bytes per buffer`);
    }
    const values = allocArray(dtype, n);
    return [this.write(values, shape, dtype), values];
  }
}
