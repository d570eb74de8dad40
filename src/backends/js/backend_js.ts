import type { Backend, DataHandle } from '../../core/backend.js';
import type { TypedArray } from '../../core/dtype.js';
import { HeapBackend } from '../heap_backend.js';

/**
 * The reference backend: plain loops over typed arrays, float32 and float64, slow and exact by design.
 * Every kernel exists here; it is the oracle the faster backends are tested against and their fallback.
 */
export class JsBackend extends HeapBackend {
  readonly name = 'js' as const;

  adopt(h: DataHandle, values: TypedArray): void {
    // Another backend's values may live in memory it reuses (wasm memory, native's recycled outputs): copy.
    this.data.set(h, values.slice() as TypedArray);
  }

  describe(): Record<string, unknown> {
    return { dtypes: ['float32', 'float64', 'int32', 'int64', 'bool'], buffers: this.data.size };
  }
}

/** The js backend instance a kernel received, with its typed helpers. */
export function asJs(b: Backend): JsBackend {
  return b as JsBackend;
}
