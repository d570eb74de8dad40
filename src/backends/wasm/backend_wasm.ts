import { DataHandle, type Attrs, type Backend, type OutSpec, type TensorInfo } from '../../core/backend.js';
import { bytesPerElement, type DType, type TypedArray } from '../../core/dtype.js';
import { OutOfMemoryError, TensorlaneError } from '../../core/errors.js';
import { sizeFromShape } from '../../core/shape.js';
import { JsBackend } from '../js/backend_js.js';
import type { WasmExports } from './loader.js';

/** The largest block assembly/alloc.ts hands out (a 32-bit memory of at most 4 GiB, less its own data). */
const MAX_BLOCK_BYTES = 0xf0000000;

interface Block {
  ptr: number;
  size: number;
  dtype: DType;
}

/** Which inputs a wasm kernel accepts (the rest falls back to another backend). */
export type SupportFn = (inputs: readonly TensorInfo[], attrs: Attrs) => boolean;

/**
 * The WebAssembly backend. Tensor data lives in the module's linear memory, in blocks from the module's own
 * allocator (assembly/alloc.ts): `write`/`adopt` copy in, `free` returns the block, and kernels pass raw
 * pointers to the module, so a chain of wasm kernels never copies. Memory may grow during any allocation,
 * which detaches the old ArrayBuffer: every typed-array view is re-made from `memory.buffer` after it changed
 * (`heap*()`), and views returned by `readSync` are valid only until the next allocation (the engine and the
 * tensors copy at once).
 *
 * Kernels are float32; `supports` sends other dtypes to the js backend. Any dtype can be stored here (a
 * tensor created while wasm is the active backend), and is moved to js by the engine when a kernel needs it.
 */
export class WasmBackend implements Backend {
  readonly name = 'wasm' as const;
  readonly memory = 'wasm' as const;
  private data = new Map<DataHandle, Block>();
  readonly supportFns = new Map<string, SupportFn>();
  private buf: ArrayBuffer | null = null;
  private f32v!: Float32Array;
  private i32v!: Int32Array;
  private u8v!: Uint8Array;
  /** A scratch area for small integer arguments (shapes, strides, conv parameters). */
  private scratch: number;
  private scratchInts = 256;
  /** The private js backend that `viaJs` kernels run on (their inputs are copied out and results copied in). */
  readonly jsScratch = new JsBackend();
  calls = 0;

  constructor(readonly ex: WasmExports, readonly file: string) {
    this.scratch = this.alloc(this.scratchInts * 4);
  }

  private refresh(): void {
    const b = this.ex.memory.buffer as ArrayBuffer;
    if (b !== this.buf) {
      this.buf = b;
      this.f32v = new Float32Array(b);
      this.i32v = new Int32Array(b);
      this.u8v = new Uint8Array(b);
    }
  }

  /** Float32 view of the whole linear memory (re-made after growth). */
  heapF32(): Float32Array {
    this.refresh();
    return this.f32v;
  }

  heapU8(): Uint8Array {
    this.refresh();
    return this.u8v;
  }

  /**
   * A block of at least `bytes` bytes (16-byte aligned); throws OutOfMemoryError when linear memory cannot hold
   * it. The size is checked here, in exact JS arithmetic, before it reaches the module: alloc takes a 32-bit
   * size, so 2^34 bytes (a [65536, 65536] float32 output) would wrap to 0 and hand back a tiny block that the
   * kernel then overruns, writing over other tensors.
   */
  alloc(bytes: number): number {
    if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > MAX_BLOCK_BYTES) throw this.outOfMemory(`${bytes} bytes`);
    // >>> 0: wasm returns i32, and blocks above 2 GiB would read as negative offsets.
    const p = this.ex.alloc(Math.max(bytes, 4)) >>> 0;
    if (p === 0) throw this.outOfMemory(`${bytes} bytes`);
    return p;
  }

  /** The error for an allocation (of `what`) that linear memory could not hold. */
  outOfMemory(what: string): OutOfMemoryError {
    return new OutOfMemoryError(
      `wasm backend: out of memory allocating ${what} (linear memory is ${this.ex.memory.buffer.byteLength} bytes, at most 4 GiB)`,
    );
  }

  /** Frees a block from `alloc` (scratch buffers of kernels). */
  release(ptr: number): void {
    this.ex.free(ptr);
  }

  /** Copies `values` into a new block (allocated before any handle exists, so a failure leaves nothing behind). */
  private store(values: TypedArray, dtype: DType): Block {
    const bytes = values.length * bytesPerElement(dtype);
    const ptr = this.alloc(bytes);
    this.heapU8().set(new Uint8Array(values.buffer, values.byteOffset, bytes), ptr);
    return { ptr, size: values.length, dtype };
  }

  write(values: TypedArray, shape: readonly number[], dtype: DType): TensorInfo {
    const block = this.store(values, dtype);
    const h = new DataHandle(this, values.length * bytesPerElement(dtype));
    this.data.set(h, block);
    return { dataId: h, shape: [...shape], dtype };
  }

  /** A view of the data in linear memory: valid until the next allocation on this backend. */
  readSync(h: DataHandle): TypedArray {
    const b = this.block(h);
    const buf = this.ex.memory.buffer as ArrayBuffer;
    switch (b.dtype) {
      case 'float32': return new Float32Array(buf, b.ptr, b.size);
      case 'float64': return new Float64Array(buf, b.ptr, b.size);
      case 'int32': return new Int32Array(buf, b.ptr, b.size);
      case 'int64': return new BigInt64Array(buf, b.ptr, b.size);
      case 'bool': return new Uint8Array(buf, b.ptr, b.size);
    }
  }

  async read(h: DataHandle): Promise<TypedArray> {
    return this.readSync(h).slice() as TypedArray;
  }

  free(h: DataHandle): void {
    const b = this.data.get(h);
    if (!b) return;
    this.ex.free(b.ptr);
    this.data.delete(h);
  }

  adopt(h: DataHandle, values: TypedArray): void {
    // Copy into linear memory (the source backend frees its copy right after).
    this.data.set(h, this.store(values, dtypeOfValues(values)));
  }

  private block(h: DataHandle): Block {
    const b = this.data.get(h);
    if (!b) throw new TensorlaneError('wasm backend: read of a buffer that is not on this backend (was it disposed?)');
    return b;
  }

  /** Byte offset of a tensor's data in linear memory. */
  ptr(info: TensorInfo): number {
    return this.block(info.dataId).ptr;
  }

  /** Allocates an (uninitialized) output; returns it with its pointer. */
  makeOutput(shape: readonly number[], dtype: DType): [TensorInfo, number] {
    const size = sizeFromShape(shape);
    const bytes = size * bytesPerElement(dtype); // exact up to 2^53; alloc rejects anything larger than memory
    const ptr = this.alloc(bytes);
    const h = new DataHandle(this, bytes);
    this.data.set(h, { ptr, size, dtype });
    return [{ dataId: h, shape: [...shape], dtype }, ptr];
  }

  /** Allocates the outputs the op inferred (`outs` of a kernel); returns them and their pointers, in order. */
  makeOutputs(specs: readonly OutSpec[]): [TensorInfo[], number[]] {
    const made = specs.map((s) => this.makeOutput(s.shape, s.dtype));
    return [made.map((m) => m[0]), made.map((m) => m[1])];
  }

  /** Writes small integer arguments into the scratch area (at int offset `at`) and returns their pointer. */
  ints(values: readonly number[], at = 0): number {
    if (at + values.length > this.scratchInts) {
      this.ex.free(this.scratch);
      this.scratchInts = Math.max(2 * this.scratchInts, at + values.length);
      this.scratch = this.alloc(this.scratchInts * 4);
    }
    this.refresh();
    const base = (this.scratch >>> 2) + at;
    for (let i = 0; i < values.length; i++) this.i32v[base + i] = values[i]!;
    return this.scratch + at * 4;
  }

  supports(kernel: string, inputs: readonly TensorInfo[], attrs: Attrs): boolean {
    const f = this.supportFns.get(kernel);
    return f ? f(inputs, attrs) : inputs.every((t) => t.dtype === 'float32');
  }

  describe(): Record<string, unknown> {
    return {
      simd: 'wasm simd128 (f32x4)',
      threads: 1,
      dtypes: ['float32'],
      buffers: this.data.size,
      linearMemoryBytes: this.ex.memory.buffer.byteLength,
      allocatedBytes: this.ex.allocatedBytes() >>> 0,
      binary: this.file,
    };
  }
}

function dtypeOfValues(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof BigInt64Array) return 'int64';
  return 'bool';
}

/** The wasm backend instance a kernel received. */
export function asWasm(b: Backend): WasmBackend {
  return b as WasmBackend;
}
