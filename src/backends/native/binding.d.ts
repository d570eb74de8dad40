/**
 * The CPU addon's entry points (native/cpu/addon.cc), declared once. Every function validates its arguments
 * (types, counts, lengths against shape products, overflow, output/input overlap) and throws a TypeError or
 * RangeError instead of crashing; the TypeScript backend validates first.
 *
 * Data is passed as the tensors' own typed arrays: the addon reads and writes them in place.
 */
export interface NativeInfo {
  version: string;
  /** The inner-loop path chosen at load: 'avx512', 'avx2' or 'generic'. */
  isa: string;
  /** float32 lanes per vector on that path. */
  vectorWidth: number;
  /** The GEMM register tile, MRxNR. */
  gemmTile: string;
  /** Every path this CPU can run, best first (TL_ISA=<name> forces one of them). */
  availableIsas: string[];
  /** Threads a parallel kernel uses (process-wide pool). */
  threads: number;
  /** Cores this process may run on. */
  cores: number;
  /** Kernel calls made through this addon instance. */
  calls: number;
  /** Whether glibc's mmap/trim thresholds were raised so fresh result arrays reuse mapped memory (malloc_tune.cc). */
  mallocTuned: boolean;
  /** Which buffers get the full resizable-buffer check: 'page-aligned buffers' or 'every buffer'. */
  resizableCheck: string;
  /** runAsync calls of this addon instance queued and not yet settled. */
  pendingAsync: number;
}

/** Element types the addon's kernels take: float32, int32, bool (a Uint8Array of 0/1), float64, int64. */
export type NativeArray = Float32Array | Int32Array | Uint8Array | Float64Array | BigInt64Array;

/** One attr of a kernel's schema: how it travels in run()'s meta (native/cpu/dispatch/parse.h). */
export interface NativeAttrSpec {
  name: string;
  /** bool: 1 slot (-1 absent, 0, 1); number: 2 (present 0/1, value); ints: 1 + n (-1 absent | n, values); enum: 1 (index, -1 absent). */
  kind: 'bool' | 'number' | 'ints' | 'enum';
  /** Absent (undefined) is allowed. */
  optional: boolean;
  /** enum: the accepted strings, in index order. */
  values?: string[];
}

/** One kernel the addon has (native/cpu/kernels/*.cc register themselves by kernel name). */
export interface NativeKernelInfo {
  /** The kernel name of core/kernel_names.ts. */
  name: string;
  /** What `run` takes to call it (an index valid for this addon instance only: resolve by name at load). */
  id: number;
  /** [min, max] counts (a list kernel such as Concat takes up to 4096 inputs; longer lists run on js). */
  inputs: [number, number];
  outputs: [number, number];
  /** Accepted dtypes per input; the last entry covers the remaining inputs. */
  dtypes: string[][];
  /** The attrs it reads, in the order of meta's attr slots (the TS side encodes the op's attrs object by it). */
  attrs: NativeAttrSpec[];
  /** Output k may be input inPlace[k] itself (copy-on-write updates: attrs.inPlace and DataHandle.owners === 1). */
  inPlace: number[];
  /** An output may be a same-shape input, index for index (elementwise kernels run in place). */
  elementwise: boolean;
}

/**
 * The CPU addon's entry points (native/cpu/addon.cc). `run` is the one generic, validated kernel call: it reads
 * meta before taking any data pointer (no argument can run JS), checks lengths against shape products (64-bit,
 * overflow checked), refuses SharedArrayBuffer-backed, resizable and detached buffers, wrong counts and dtypes,
 * unknown ids, malformed meta and output/input overlap, and throws a TypeError / RangeError naming the kernel,
 * the argument and the shapes. Data is passed as the tensors' own typed arrays: the addon reads and writes them
 * in place.
 */
export interface NativeBinding {
  info(): NativeInfo;
  /** Sets the size of the process-wide compute pool (1..1024); it is shared by every worker thread. */
  setNumThreads(n: number): void;
  getNumThreads(): number;
  /** The data address of `buffer` modulo 64 (for placing large arrays on cache-line boundaries). */
  alignmentOf(buffer: ArrayBuffer): number;
  /** The kernels this addon has. */
  kernels(): NativeKernelInfo[];
  /**
   * Runs kernel `id` on `tensors` (its inputs, then its outputs, allocated by the caller with the shapes the op
   * inferred and written in place). `meta` = [input count, (rank, dims...) per tensor, attr slots by the
   * kernel's schema]; see kernels/addon_kernel.ts encodeMeta. It is copied before run returns.
   */
  run(id: number, meta: Float64Array, ...tensors: NativeArray[]): void;
  /** `run` on a libuv worker thread; the arrays are referenced until the promise settles and must stay untouched until then. */
  runAsync(id: number, meta: Float64Array, ...tensors: NativeArray[]): Promise<void>;
}
