import { HeapBackend } from '../heap_backend.js';
import type { AsyncKernelFn, Attrs, Backend, DataHandle, TensorInfo } from '../../core/backend.js';
import type { DType, TypedArray } from '../../core/dtype.js';
import { TensorlaneError } from '../../core/errors.js';
import { sizeFromShape } from '../../core/shape.js';
import type { NativeBinding } from './binding.js';

/** Which inputs a native kernel accepts (the rest falls back to another backend). */
export type SupportFn = (inputs: readonly TensorInfo[], attrs: Attrs) => boolean;

/**
 * The C++ CPU backend. Tensors keep their data in ordinary JS typed arrays, exactly like the js backend, and
 * the addon computes on those arrays in place (no copies in or out, no external buffers). Kernels accept the
 * dtypes (and input counts) the addon lists for them: float32 for the math; int32 / bool for comparisons, Select,
 * Cast; int32 / int64 for Add, Sub, Mul; every dtype for the kernels that move elements (Slice, GatherV2, Concat,
 * OneHot's output) and float32 / float64 / int32 / int64 for ArgMax, ArgMin, ClipByValue (InTopK: float32 /
 * float64). Others fall back to js through `supports`.
 */
export class NativeBackend extends HeapBackend {
  readonly name = 'native' as const;
  /** Kernels that can run off the JS thread (filled by register.ts). */
  readonly asyncKernels = new Map<string, AsyncKernelFn>();
  /**
   * Recycled float32 outputs, by length. A fresh large typed array costs a page fault per 4 KiB on first
   * write (about 1-2 ms for a 4 MiB matmul output, 10-20% of its compute), and a fresh small one is made in
   * the JS heap and then moved out of it the first time the addon asks for its data (~0.6 us of a ~2.7 us
   * small op); so arrays this backend allocated for kernel outputs go back here when freed and are reused by
   * outputs of the same length. Only arrays from makeOutputUninit qualify: they are never handed out
   * (dataSync copies, other backends copy on adopt).
   */
  private pool = new Map<number, Float32Array[]>();
  private pooledBytes = 0;
  private owned = new WeakSet<TypedArray>();
  /** At most this many free arrays of one length (a training step frees a handful of each). */
  static readonly POOL_MAX_PER_LENGTH = 32;
  /**
   * Float32 arrays of at least this size are placed on 64-byte boundaries. V8 puts large backing stores 16
   * bytes past a page boundary, so each row of a matrix and each vector load straddles two cache lines; the
   * GEMM's C tiles then touch 3 lines per row instead of 2 (mm1024 ~3% slower measured).
   */
  static readonly ALIGN_MIN_BYTES = 16 * 1024;
  static readonly POOL_MAX_BYTES = 64 * 1024 * 1024;
  /** Kernel name -> input check (from the dtypes the addon lists); kernels absent here accept float32 inputs only. */
  readonly supportFns = new Map<string, SupportFn>();

  constructor(readonly binding: NativeBinding, readonly file: string) {
    super();
  }

  override free(h: DataHandle): void {
    const v = this.data.get(h);
    this.data.delete(h);
    if (v instanceof Float32Array && this.owned.has(v) && this.pooledBytes + v.byteLength <= NativeBackend.POOL_MAX_BYTES) {
      let list = this.pool.get(v.length);
      if (!list) this.pool.set(v.length, (list = []));
      if (list.length < NativeBackend.POOL_MAX_PER_LENGTH) {
        list.push(v);
        this.pooledBytes += v.byteLength;
      }
    }
  }

  /**
   * A float32 output whose contents are unspecified (possibly a recycled array): for kernels that write
   * every element.
   */
  makeOutputUninit(shape: readonly number[]): [TensorInfo, Float32Array] {
    const n = sizeFromShape(shape);
    let values = this.pool.get(n)?.pop();
    if (values) this.pooledBytes -= values.byteLength;
    else {
      values = this.allocF32(n);
      this.owned.add(values);
    }
    return [super.write(values, shape, 'float32'), values];
  }

  /** Zero-filled outputs; float32 ones cache-line aligned (see ALIGN_MIN_BYTES). */
  override makeOutput(shape: readonly number[], dtype: DType): [TensorInfo, TypedArray] {
    if (dtype !== 'float32') return super.makeOutput(shape, dtype);
    const values = this.allocF32(sizeFromShape(shape));
    return [super.write(values, shape, dtype), values];
  }

  /** Tensors made from JS values: a large misaligned float32 array is moved to an aligned copy once. */
  override write(values: TypedArray, shape: readonly number[], dtype: DType): TensorInfo {
    // The addon refuses resizable and shared buffers (one could shrink or change under a running kernel): keep
    // a plain copy of such data.
    const buf = values.buffer as ArrayBuffer & { resizable?: boolean };
    if (buf.resizable === true || (typeof SharedArrayBuffer !== 'undefined' && values.buffer instanceof SharedArrayBuffer)) values = values.slice() as TypedArray;
    if (values instanceof Float32Array && values.byteLength >= NativeBackend.ALIGN_MIN_BYTES && !this.aligned(values)) {
      const copy = this.allocF32(values.length);
      copy.set(values);
      values = copy;
    }
    return super.write(values, shape, dtype);
  }

  private aligned(v: Float32Array): boolean {
    return (this.binding.alignmentOf(v.buffer as ArrayBuffer) + v.byteOffset) % 64 === 0;
  }

  /** A zero-filled Float32Array of n elements, starting on a 64-byte boundary when it is large. */
  allocF32(n: number): Float32Array {
    const bytes = n * 4;
    if (bytes < NativeBackend.ALIGN_MIN_BYTES) return new Float32Array(n);
    const buf = new ArrayBuffer(bytes + 64);
    const off = (64 - this.binding.alignmentOf(buf)) % 64;
    return new Float32Array(buf, off % 4 === 0 ? off : 0, n);
  }

  adopt(h: DataHandle, values: TypedArray, from: Backend): void {
    // The source frees its copy right after. The js backend's arrays are ordinary JS memory that nothing else
    // holds then, so take the array itself (zero-copy); other backends' arrays may be views of memory they
    // reuse (wasm), so copy those.
    this.data.set(h, from.name === 'js' ? values : (values.slice() as TypedArray));
  }

  /** The Float32Array of a float32 tensor (kernels call this only after supports() accepted the inputs). */
  f32(info: TensorInfo): Float32Array {
    const v = this.readSync(info.dataId);
    if (!(v instanceof Float32Array)) throw new TensorlaneError(`native backend: expected float32 data, got ${info.dtype}`);
    return v;
  }

  supports(kernel: string, inputs: readonly TensorInfo[], attrs: Attrs): boolean {
    const f = this.supportFns.get(kernel);
    return f ? f(inputs, attrs) : inputs.every((t) => t.dtype === 'float32');
  }

  describe(): Record<string, unknown> {
    const i = this.binding.info();
    return {
      isa: i.isa,
      availableIsas: i.availableIsas,
      vectorWidth: i.vectorWidth,
      gemmTile: i.gemmTile,
      threads: i.threads,
      cores: i.cores,
      mallocTuned: i.mallocTuned,
      resizableCheck: i.resizableCheck,
      dtypes: ['float32'],
      buffers: this.data.size,
      pooledBytes: this.pooledBytes,
      binary: this.file,
    };
  }
}

/** The native backend instance a kernel received. */
export function asNative(b: Backend): NativeBackend {
  return b as NativeBackend;
}
