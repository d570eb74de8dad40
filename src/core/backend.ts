import type { DType, TypedArray } from './dtype.js';
import type { KernelAttrs, KernelName } from './kernel_attrs.js';

export type BackendName = 'cuda' | 'native' | 'wasm' | 'js' | 'onnxruntime';

/**
 * One buffer of tensor data owned by a backend. Several tensors may share a handle (reshape, clone, a
 * tape's saved copy); `owners` counts them and the backend frees the data when it drops to zero.
 * Moving a tensor between backends keeps the handle and changes `backend`.
 */
export class DataHandle {
  /**
   * How many tensors share this buffer. Kernels may read it: a kernel given `inPlace` may write into an input's
   * buffer and return that same handle only when `owners === 1` (copy-on-write; the engine counts the output
   * as one more owner).
   */
  owners = 0;
  /** Installed once by the engine: every handle is reported, and those created during a kernel call are freed if it throws. */
  static onCreate: ((h: DataHandle) => void) | null = null;
  constructor(public backend: Backend, public readonly bytes: number) {
    DataHandle.onCreate?.(this);
  }
}

/** What a kernel sees of a tensor: its data handle, shape and dtype. */
export interface TensorInfo {
  dataId: DataHandle;
  shape: number[];
  dtype: DType;
}

export type Attrs = Record<string, unknown>;

/** What an op inferred for one output of a kernel: the engine hands these to the kernel, which allocates them. */
export interface OutSpec {
  shape: number[];
  dtype: DType;
}

/** The attrs a kernel of name N receives (the loose `Attrs` when N is not given). */
export type AttrsOf<N extends KernelName | undefined> = N extends KernelName ? KernelAttrs[N] : Attrs;

/**
 * A kernel computes; it never validates user input (ops did) but may assert internal invariants. `outs` are the
 * output shapes and dtypes the op inferred (one per output): kernels allocate them instead of recomputing them.
 * `KernelFn<'MatMul'>` types the attrs from core/kernel_attrs.ts; a function serving several kernels names them
 * all (`KernelFn<'Conv2D' | 'Conv3D'>`). Plain `KernelFn` is the unchecked form (below).
 */
export type KernelFn<N extends KernelName | undefined = undefined> = [N] extends [KernelName]
  ? NamedKernelFn<N & KernelName>
  : UncheckedKernelFn;

/** A kernel whose attrs are those declared for N. */
export type NamedKernelFn<N extends KernelName> = (
  inputs: TensorInfo[],
  attrs: KernelAttrs[N],
  backend: Backend,
  outs: readonly OutSpec[],
) => TensorInfo | TensorInfo[];

/**
 * A kernel whose attrs are not checked: the form of string-keyed kernel tables (the native and wasm glue until
 * they bind with `kernel()`). Its attrs are `any` so that a named kernel (`KernelFn<'Cast'>`) can also sit in
 * such a table, as the native backend's data-movement kernels reuse the js ones.
 */
export type UncheckedKernelFn = (
  inputs: TensorInfo[],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  attrs: any,
  backend: Backend,
  outs: readonly OutSpec[],
) => TensorInfo | TensorInfo[];

/**
 * A kernel that works off the JS thread: it allocates its outputs synchronously and returns them with a promise
 * that settles when they are filled. Inputs and outputs must not be touched until then (the engine holds them).
 */
export type AsyncKernelFn<N extends KernelName | undefined = undefined> = (
  inputs: TensorInfo[],
  attrs: AttrsOf<N>,
  backend: Backend,
  outs: readonly OutSpec[],
) => { result: TensorInfo | TensorInfo[]; done: Promise<void> };

/** A registration entry: a kernel's name and its implementation, typed together (see `kernel()`). */
export type KernelEntry = readonly [KernelName, KernelFn<KernelName>];

/**
 * Pairs a kernel name with an implementation typed for it. The one widening of the attrs type happens here:
 * the engine only ever calls `fn` with the attrs of `name`.
 */
export function kernel<N extends KernelName>(name: N, fn: KernelFn<N>): KernelEntry {
  return [name, fn as unknown as KernelFn<KernelName>];
}

export interface Backend {
  readonly name: BackendName;
  /** Stores `values` (the backend may keep the array itself: callers pass a fresh array). */
  write(values: TypedArray, shape: readonly number[], dtype: DType): TensorInfo;
  /** The values of a handle; for backends with data in JS memory this is the stored array (do not mutate). */
  readSync(h: DataHandle): TypedArray;
  read(h: DataHandle): Promise<TypedArray>;
  /** Releases the data of a handle whose owners dropped to zero. */
  free(h: DataHandle): void;
  /**
   * Takes over a handle's data from backend `from` (copying when memories differ or `from` may reuse it);
   * `from` frees its copy right after.
   */
  adopt(h: DataHandle, values: TypedArray, from: Backend): void;
  /** Where the data lives: JS typed arrays (js, native), wasm linear memory, device memory. Default 'js-heap'. */
  readonly memory?: 'js-heap' | 'wasm' | 'device';
  /** Optional finer check: may this backend run `kernel` on these inputs (dtypes, sizes)? */
  supports?(kernel: string, inputs: readonly TensorInfo[], attrs: Attrs): boolean;
  /** Kernels this backend can also run off the JS thread (used by runKernelAsync / Session.runAsync). */
  readonly asyncKernels?: ReadonlyMap<string, AsyncKernelFn>;
  /** Extra facts for tl.info() (SIMD path, threads, ...). */
  describe?(): Record<string, unknown>;
}
