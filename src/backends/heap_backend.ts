import { DataHandle, type Backend, type BackendName, type TensorInfo } from '../core/backend.js';
import { allocArray, bytesPerElement, type DType, type TypedArray } from '../core/dtype.js';
import { TensorlaneError } from '../core/errors.js';
import { sizeFromShape } from '../core/shape.js';

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
    const values = allocArray(dtype, sizeFromShape(shape));
    return [this.write(values, shape, dtype), values];
  }
}
