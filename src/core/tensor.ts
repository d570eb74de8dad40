import type { DataHandle } from './backend.js';
import type { DType, NumericArray, TypedArray } from './dtype.js';
import { DisposedError } from './errors.js';
import { sizeFromShape } from './shape.js';
import { formatTensor } from './format.js';
import { getEngine } from './global.js';

export type NestedArray = number | boolean | bigint | NestedArray[];

let nextId = 1;
export function newTensorId(): number {
  return nextId++;
}

/**
 * An n-dimensional array on one backend. Immutable: ops return new tensors. `id` names the value for
 * gradient tracking (a tape's saved copy shares the id of the tensor it copies).
 */
export class Tensor {
  readonly shape: number[];
  readonly dtype: DType;
  readonly size: number;
  /** The data buffer; replaced when the tensor moves between backends or a Variable is assigned. */
  dataId: DataHandle;
  /** Survives every tidy scope (set by tl.keep, and for variables). */
  kept = false;
  /** The tidy scope that owns this tensor (undefined: none). */
  scopeId?: number;
  /** Name for graph display and debugging (graph tensors: 'node:index'). */
  name?: string;
  /**
   * Set on symbolic (graph-mode) tensors: the graph node that produces this tensor and the output index.
   * A symbolic tensor has a static shape (-1 for unknown dims) and no data; a Session computes its value.
   */
  graphRef?: { graph: unknown; node: unknown; index: number };
  private disposed = false;

  constructor(dataId: DataHandle, shape: number[], dtype: DType, readonly id: number = newTensorId()) {
    this.dataId = dataId;
    this.shape = shape;
    this.dtype = dtype;
    this.size = sizeFromShape(shape);
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The backend holding the data now (`js`, `native`, `wasm`, ...). */
  get backend(): string {
    return this.dataId.backend.name;
  }

  /** True for graph-mode tensors (placeholders, variables and op outputs in a Graph). */
  get isSymbolic(): boolean {
    return this.graphRef !== undefined;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** @internal used by the engine only. */
  markDisposed(): void {
    this.disposed = true;
  }

  throwIfDisposed(where = 'tensor'): void {
    if (this.disposed) {
      throw new DisposedError(`${where}: tensor ${this.name ?? '#' + this.id} of shape [${this.shape}] was disposed and cannot be used`);
    }
  }

  /**
   * A copy of the values: Float32Array, Float64Array, Int32Array, Uint8Array (bool) — or BigInt64Array for int64,
   * which callers name as the type argument (`t.data<BigInt64Array>()`), as tfjs does for its dtypes.
   */
  async data<T extends TypedArray = NumericArray>(): Promise<T> {
    this.throwIfDisposed('data');
    const v = await this.dataId.backend.read(this.dataId);
    return v.slice() as T;
  }

  dataSync<T extends TypedArray = NumericArray>(): T {
    this.throwIfDisposed('dataSync');
    return this.dataId.backend.readSync(this.dataId).slice() as T;
  }

  /** Nested JS arrays (booleans for bool, bigint for int64). A scalar gives a plain value. */
  async array(): Promise<NestedArray> {
    return toNested(await this.data(), this.shape, this.dtype);
  }

  arraySync(): NestedArray {
    return toNested(this.dataSync(), this.shape, this.dtype);
  }

  dispose(): void {
    getEngine().disposeTensor(this);
  }

  toString(verbose = false): string {
    if (this.disposed) return `Tensor(disposed, shape=[${this.shape}], dtype=${this.dtype})`;
    return formatTensor(this.dataId.backend.readSync(this.dataId), this.shape, this.dtype, verbose);
  }

  /**
   * What JSON.stringify writes for a tensor: its kind, dtype and shape. Without it an error message that
   * quotes an argument (`got ${JSON.stringify(x)}`) walks the data handle into the backend and its memory
   * (hundreds of milliseconds on wasm) and prints nothing useful.
   */
  toJSON(): string {
    return `Tensor(${this.dtype}[${this.shape.join(',')}]${this.disposed ? ', disposed' : ''})`;
  }

  print(verbose = false): void {
    console.log(this.toString(verbose));
  }
}

function toNested(values: TypedArray, shape: readonly number[], dtype: DType): NestedArray {
  const get = (i: number): NestedArray => (dtype === 'bool' ? values[i] !== 0 : (values[i] as number | bigint));
  if (shape.length === 0) return get(0);
  const build = (dim: number, offset: number): NestedArray[] => {
    const n = shape[dim]!;
    const out: NestedArray[] = new Array(n);
    if (dim === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = get(offset + i);
      return out;
    }
    const stride = sizeFromShape(shape.slice(dim + 1));
    for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * stride);
    return out;
  };
  return build(0, 0);
}
