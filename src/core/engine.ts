import { DataHandle, type Attrs, type Backend, type BackendName, type KernelEntry, type KernelFn, type OutSpec, type TensorInfo } from './backend.js';
import type { KernelAttrs, KernelName } from './kernel_attrs.js';
import { allocArray, bytesPerElement, type DType, type TypedArray } from './dtype.js';
import { BackendError, TensorlaneError, fmtShape } from './errors.js';
import { Rng } from './random.js';
import { shapesEqual } from './shape.js';
import { asTypedAllocationError, checkOutSpecs } from './kernel_guards.js';
import { Tensor } from './tensor.js';
import { setEngine } from './global.js';
import type { AnyGradConfig, RegisteredGradient } from './gradients.js';

export type { OutSpec } from './backend.js';

interface BackendEntry {
  name: BackendName;
  priority: number;
  factory: () => Backend | Promise<Backend>;
  instance?: Backend;
  /** Why the backend is missing (load failure, absent binary, ...). */
  error?: string;
  pending?: Promise<Backend | undefined>;
}

/** A recorded kernel call, for reverse-mode differentiation. Saved tensors share data with the originals. */
export interface TapeNode {
  kernel: string;
  attrs: Attrs;
  inputs: Tensor[];
  outputs: Tensor[];
}

export interface Tape {
  nodes: TapeNode[];
}

interface Scope {
  id: number;
  tracked: Tensor[];
}
let nextScopeId = 1;

/**
 * Intercepts kernel calls whose inputs are symbolic (graph mode); set by the graph module. Returns the
 * symbolic outputs, or undefined to let eager execution proceed.
 */
/** The pseudo-kernel name under which makeHostTensor asks the symbolic handler for a stand-in. */
export const HOST_VALUES = '(host values)';

export type SymbolicHandler = (kernel: string, inputs: Tensor[], attrs: Attrs, outs: OutSpec[]) => Tensor[] | undefined;

export interface MemoryInfo {
  numTensors: number;
  numDataBuffers: number;
  numBytes: number;
  /** Bytes and buffers per backend. */
  backends: Record<string, { numBytes: number; numDataBuffers: number }>;
  /** How many tensors were copied between backends so far. */
  numMoves: number;
}

export class Engine {
  private backendEntries = new Map<BackendName, BackendEntry>();
  /**
   * Handles created while the innermost kernel call runs (null outside one). The engine installs the one
   * DataHandle.onCreate hook that feeds it; runKernel and runKernelAsync only swap this list, so a kernel call
   * allocates no closure.
   */
  private created: DataHandle[] | null = null;
  private kernels = new Map<string, Map<BackendName, KernelFn>>();
  private gradients = new Map<string, RegisteredGradient>();
  private activeName: BackendName = 'js';
  /** Set once the user (setBackend, TL_BACKEND) chose a backend: ready() then keeps it. */
  private pinned = false;
  private deviceStack: BackendName[] = [];
  private scopes: Scope[] = [];
  tapes: Tape[] = [];
  private numTensors = 0;
  private liveHandles = new Set<DataHandle>();
  private numMoves = 0;
  private loggedFallbacks = new Set<string>();
  fallbackLog: string[] = [];
  symbolicHandler: SymbolicHandler | null = null;
  /** Nesting depth of public op calls (and gradient computations): 0 means user code is calling. */
  opDepth = 0;
  /** Test hook: sees the result of every public op called directly by user code (depth 0). */
  onUserResult: ((result: unknown) => void) | null = null;
  rng: Rng = new Rng((Math.random() * 2 ** 32) >>> 0);

  constructor() {
    DataHandle.onCreate = (h) => {
      this.created?.push(h);
    };
  }

  /** Whether a tape is recording kernels now (a gradient may later be taken of what runs). */
  isRecording(): boolean {
    return this.tapes.length > 0;
  }

  // ---- backends -------------------------------------------------------------------------------------

  registerBackend(name: BackendName, factory: () => Backend | Promise<Backend>, priority: number): void {
    this.backendEntries.set(name, { name, priority, factory });
  }

  /** Records why a backend is absent (shown by tl.info and setBackend's error). */
  markBackendMissing(name: BackendName, reason: string, priority = 0): void {
    const e = this.backendEntries.get(name);
    if (e) e.error = reason;
    else this.backendEntries.set(name, { name, priority, factory: () => { throw new BackendError(reason); }, error: reason });
  }

  /** Initializes a backend synchronously if its factory is synchronous. */
  private initSync(e: BackendEntry): Backend | undefined {
    if (e.instance || e.error) return e.instance;
    try {
      const b = e.factory();
      if (b instanceof Promise) {
        this.initAsync(e);
        return undefined;
      }
      e.instance = b;
    } catch (err) {
      e.error = (err as Error).message;
    }
    return e.instance;
  }

  private initAsync(e: BackendEntry): Promise<Backend | undefined> {
    if (e.instance) return Promise.resolve(e.instance);
    if (e.error) return Promise.resolve(undefined);
    if (!e.pending) {
      e.pending = (async () => {
        try {
          e.instance = await e.factory();
        } catch (err) {
          e.error = (err as Error).message;
        }
        return e.instance;
      })();
    }
    return e.pending;
  }

  /** Resolves once every registered backend has finished loading (or failed). */
  async ready(): Promise<void> {
    await Promise.all([...this.backendEntries.values()].map((e) => this.initAsync(e)));
    // Backends that load asynchronously (wasm in browsers) become the default once present, unless pinned.
    if (!this.pinned) {
      const best = this.sortedEntries().find((e) => e.instance);
      if (best) this.activeName = best.name;
    }
  }

  backendNames(): BackendName[] {
    return this.sortedEntries().filter((e) => e.instance || (!e.error && this.initSync(e))).map((e) => e.name);
  }

  private sortedEntries(): BackendEntry[] {
    return [...this.backendEntries.values()].sort((a, b) => b.priority - a.priority);
  }

  backendStatus(): { name: BackendName; present: boolean; priority: number; reason?: string; details?: Record<string, unknown> }[] {
    return this.sortedEntries().map((e) => ({
      name: e.name,
      present: !!e.instance,
      priority: e.priority,
      ...(e.error ? { reason: e.error } : {}),
      ...(e.instance?.describe ? { details: e.instance.describe() } : {}),
    }));
  }

  getBackendInstance(name: BackendName): Backend | undefined {
    const e = this.backendEntries.get(name);
    return e ? this.initSync(e) : undefined;
  }

  async setBackend(name: string): Promise<boolean> {
    const e = this.backendEntries.get(name as BackendName);
    if (!e) {
      throw new BackendError(`setBackend: unknown backend '${name}'; known backends: ${[...this.backendEntries.keys()].join(', ')}`);
    }
    const b = await this.initAsync(e);
    if (!b) return false;
    this.activeName = e.name;
    this.pinned = true;
    return true;
  }

  /** Selects a backend that loads synchronously (js, native, wasm in Node); false when absent or async-only. */
  setBackendSync(name: string, pin = true): boolean {
    const e = this.backendEntries.get(name as BackendName);
    if (!e) return false;
    const b = this.initSync(e);
    if (!b) return false;
    this.activeName = e.name;
    if (pin) this.pinned = true;
    return true;
  }

  getBackend(): BackendName {
    return this.activeName;
  }

  get activeBackend(): Backend {
    const name = this.deviceStack[this.deviceStack.length - 1] ?? this.activeName;
    const b = this.getBackendInstance(name);
    if (b) return b;
    const js = this.getBackendInstance('js');
    if (!js) throw new BackendError('no backend is available (the js backend failed to load)');
    return js;
  }

  /** Runs fn with kernels preferring backend `name` (tl.device). */
  withDevice<T>(name: BackendName, fn: () => T): T {
    this.deviceStack.push(name);
    try {
      return fn();
    } finally {
      this.deviceStack.pop();
    }
  }

  // ---- kernels and gradients ------------------------------------------------------------------------

  /** Registers `fn` as `backend`'s implementation of `kernel`; its attrs are typed by the kernel's name. */
  registerKernel<N extends KernelName>(kernel: N, backend: BackendName, fn: KernelFn<N>): void;
  /** The unchecked form, for kernel tables keyed by string (the native and wasm glue until they use `kernel()`). */
  registerKernel(kernel: string, backend: BackendName, fn: KernelFn): void;
  registerKernel(kernel: string, backend: BackendName, fn: KernelFn): void {
    let m = this.kernels.get(kernel);
    if (!m) this.kernels.set(kernel, (m = new Map()));
    // Stored unchecked: the engine calls fn only with the attrs recorded for `kernel`.
    m.set(backend, fn);
  }

  /** Registers a backend's table of `kernel(name, fn)` entries. */
  registerKernels(backend: BackendName, entries: readonly KernelEntry[]): void {
    for (const [name, fn] of entries) this.registerKernel(name, backend, fn);
  }

  registerGradient(cfg: AnyGradConfig): void {
    // The registry is keyed by name: backprop passes each gradient the attrs recorded with its own kernel.
    this.gradients.set(cfg.kernelName, cfg as unknown as RegisteredGradient);
  }

  getGradient(kernel: string): RegisteredGradient | undefined {
    return this.gradients.get(kernel);
  }

  /** Whether `backend` registered an implementation of `kernel` (a map lookup). */
  hasKernel(kernel: string, backend: BackendName): boolean {
    return this.kernels.get(kernel)?.has(backend) ?? false;
  }

  /** Kernel name -> backends that implement it. */
  kernelCoverage(): Map<string, BackendName[]> {
    const out = new Map<string, BackendName[]>();
    for (const [k, m] of [...this.kernels.entries()].sort(([a], [b]) => a.localeCompare(b))) out.set(k, [...m.keys()]);
    return out;
  }

  private chooseBackend(kernel: string, inputs: Tensor[], attrs: Attrs): [Backend, KernelFn] {
    const impls = this.kernels.get(kernel);
    if (!impls) throw new BackendError(`${kernel}: no backend implements this kernel`);
    const preferred = this.activeBackend;
    // The common case first, without allocating: the preferred backend implements and accepts the inputs.
    const first = impls.get(preferred.name);
    if (first && (!preferred.supports || preferred.supports(kernel, inputs, attrs))) return [preferred, first];
    const ok = (b: Backend) => {
      const fn = impls.get(b.name);
      return fn && (!b.supports || b.supports(kernel, inputs, attrs)) ? fn : undefined;
    };
    // Fall back first to backends sharing the preferred one's memory (js and native both use JS memory, so no
    // copies), then to the rest, each group by priority.
    const memoryOf = (b: Backend) => b.memory ?? 'js-heap';
    const order = this.sortedEntries().sort((x, y) => {
      const sx = x.instance && memoryOf(x.instance) === memoryOf(preferred) ? 0 : 1;
      const sy = y.instance && memoryOf(y.instance) === memoryOf(preferred) ? 0 : 1;
      return sx - sy || y.priority - x.priority;
    });
    for (const e of order) {
      const b = e.instance;
      if (!b || b === preferred) continue;
      const f = ok(b);
      if (f) {
        const key = `${kernel}:${preferred.name}->${b.name}:${inputs.map((t) => t.dtype).join(',')}`;
        if (!this.loggedFallbacks.has(key)) {
          this.loggedFallbacks.add(key);
          this.fallbackLog.push(key);
          if ((globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TL_LOG_FALLBACK) console.warn(`tensorlane: ${kernel} runs on ${b.name} (not available on ${preferred.name} for these inputs)`);
        }
        return [b, f];
      }
    }
    throw new BackendError(`${kernel}: no present backend accepts inputs of dtypes ${inputs.map((t) => t.dtype).join(', ')}`);
  }

  /** Moves a tensor's data to `target` (all tensors sharing the buffer move with it). */
  moveData(t: Tensor, target: Backend): void {
    const h = t.dataId;
    if (h.backend === target) return;
    const values = h.backend.readSync(h);
    const from = h.backend;
    target.adopt(h, values, from);
    from.free(h);
    h.backend = target;
    this.numMoves++;
  }

  /**
   * Runs one kernel. `outs` is what the op inferred (shape, dtype) for each output: eager results are checked
   * against it, and graph mode builds symbolic outputs from it.
   */
  runKernel<N extends KernelName>(kernel: N, inputs: Tensor[], attrs: KernelAttrs[N], outs: OutSpec): Tensor;
  runKernel<N extends KernelName>(kernel: N, inputs: Tensor[], attrs: KernelAttrs[N], outs: OutSpec[]): Tensor[];
  runKernel(kernel: KernelName, inputs: Tensor[], attrs: KernelAttrs[KernelName], outs: OutSpec | OutSpec[]): Tensor | Tensor[] {
    return this.runKernelUnchecked(kernel, inputs, attrs as Attrs, outs);
  }

  /**
   * runKernel for a name and attrs known only at run time (a recorded call replayed, a kernel name passed through
   * a generic helper): the attrs are not checked against the kernel's declaration.
   */
  runKernelUnchecked(kernel: string, inputs: Tensor[], attrs: Attrs, outs: OutSpec): Tensor;
  runKernelUnchecked(kernel: string, inputs: Tensor[], attrs: Attrs, outs: OutSpec[]): Tensor[];
  runKernelUnchecked(kernel: string, inputs: Tensor[], attrs: Attrs, outs: OutSpec | OutSpec[]): Tensor | Tensor[];
  runKernelUnchecked(kernel: string, inputs: Tensor[], attrs: Attrs, outs: OutSpec | OutSpec[]): Tensor | Tensor[] {
    const single = !Array.isArray(outs);
    const specs = single ? [outs as OutSpec] : (outs as OutSpec[]);
    if (this.symbolicHandler) {
      const sym = this.symbolicHandler(kernel, inputs, attrs, specs);
      if (sym) return single ? sym[0]! : sym;
    }
    for (const t of inputs) {
      t.throwIfDisposed(kernel);
      if (t.graphRef) {
        throw new TensorlaneError(
          `${kernel}: received the symbolic tensor '${t.name}' outside a graph-aware op; use the public tl.* ops in graph mode`,
        );
      }
    }
    const allEmpty = checkOutSpecs(kernel, specs);
    const [backend, fn] = this.chooseBackend(kernel, inputs, attrs);
    for (const t of inputs) if (t.dataId.backend !== backend) this.moveData(t, backend);
    const infos: TensorInfo[] = inputs.map((t) => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }));
    // Collect the buffers the kernel allocates: if it throws (bad index, singular matrix), free them; if it
    // leaves a temporary unowned, free that too.
    const created: DataHandle[] = [];
    const outer = this.created;
    this.created = created;
    let res: TensorInfo | TensorInfo[];
    try {
      // Zero-size work returns at once: every output is empty, so there is nothing to compute, and a kernel
      // must not loop over the other (possibly large) dimensions of an empty tensor.
      res = allEmpty
        ? specs.map((s) => backend.write(allocArray(s.dtype, 0), s.shape, s.dtype))
        : fn(infos, attrs, backend, specs);
    } catch (e) {
      freeUnowned(created);
      throw asTypedAllocationError(kernel, backend.name, e);
    } finally {
      this.created = outer;
    }
    const resList = Array.isArray(res) ? res : [res];
    if (resList.length !== specs.length) {
      throw new TensorlaneError(`${kernel} on ${backend.name}: kernel returned ${resList.length} outputs, op expected ${specs.length}`);
    }
    const outputs = resList.map((info, i) => {
      const s = specs[i]!;
      if (!shapesEqual(info.shape, s.shape) || info.dtype !== s.dtype) {
        throw new TensorlaneError(
          `${kernel} on ${backend.name}: kernel output ${i} is ${info.dtype}${fmtShape(info.shape)}, op inferred ${s.dtype}${fmtShape(s.shape)}`,
        );
      }
      return this.makeTensorFromHandle(info.dataId, s.shape, s.dtype);
    });
    freeUnowned(created);
    // Every kernel is recorded, also those without a gradient, so backprop can tell a path through one (an
    // error) from no path at all.
    if (this.isRecording()) this.record(kernel, attrs, inputs, outputs);
    return single ? outputs[0]! : outputs;
  }

  /**
   * Like runKernel, but when the chosen backend has an off-thread version of the kernel the JS thread stays free
   * while it computes. Outputs are not tracked by any tidy scope (other code may open and close scopes while
   * this awaits): the caller owns them. Without an async version it runs the kernel synchronously.
   */
  async runKernelAsync<N extends KernelName>(kernel: N, inputs: Tensor[], kernelAttrs: KernelAttrs[N], outs: OutSpec): Promise<Tensor> {
    const attrs = kernelAttrs as Attrs;
    checkOutSpecs(kernel, [outs]);
    for (const t of inputs) {
      t.throwIfDisposed(kernel);
      if (t.graphRef) throw new TensorlaneError(`${kernel}: async kernels take concrete tensors, got the symbolic '${t.name}'`);
    }
    const [backend] = this.chooseBackend(kernel, inputs, attrs);
    const afn = backend.asyncKernels?.get(kernel);
    if (!afn) return this.runKernelUnchecked(kernel, inputs, attrs, outs);
    for (const t of inputs) if (t.dataId.backend !== backend) this.moveData(t, backend);
    const infos: TensorInfo[] = inputs.map((t) => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }));
    const tapes = [...this.tapes];
    const created: DataHandle[] = [];
    const outer = this.created;
    this.created = created;
    let started: ReturnType<typeof afn>;
    try {
      started = afn(infos, attrs, backend, [outs]);
    } catch (e) {
      freeUnowned(created);
      throw asTypedAllocationError(kernel, backend.name, e);
    } finally {
      this.created = outer;
    }
    // Hold the inputs' buffers while the worker reads them, even if the caller disposes the tensors meanwhile.
    const held = inputs.map((t) => t.dataId);
    for (const h of held) h.owners++;
    try {
      await started.done;
    } catch (e) {
      freeUnowned(created);
      throw e;
    } finally {
      for (const h of held) this.releaseHandle(h);
    }
    const info = (Array.isArray(started.result) ? started.result[0] : started.result)!;
    if (!shapesEqual(info.shape, outs.shape) || info.dtype !== outs.dtype) {
      throw new TensorlaneError(`${kernel} on ${backend.name}: async kernel output is ${info.dtype}${fmtShape(info.shape)}, op inferred ${outs.dtype}${fmtShape(outs.shape)}`);
    }
    const out = this.makeTensorFromHandle(info.dataId, [...outs.shape], outs.dtype, false);
    freeUnowned(created);
    const saved = this.tapes;
    this.tapes = tapes;
    try {
      if (tapes.length > 0) this.record(kernel, attrs, inputs, [out]);
    } finally {
      this.tapes = saved;
    }
    return out;
  }

  private record(kernel: string, attrs: Attrs, inputs: Tensor[], outputs: Tensor[]): void {
    for (const tape of this.tapes) {
      tape.nodes.push({ kernel, attrs, inputs: inputs.map((t) => this.savedCopy(t)), outputs: outputs.map((t) => this.savedCopy(t)) });
    }
  }

  /** A new tensor over `t`'s data (no copy): the Identity kernel, so tapes record it like any op. */
  shareCopy(t: Tensor): Tensor {
    return this.runKernel('Identity', [t], {}, { shape: [...t.shape], dtype: t.dtype });
  }

  /** A tensor sharing `t`'s data and id, untracked by scopes, for a tape to hold until it is released. */
  savedCopy(t: Tensor): Tensor {
    const c = new Tensor(t.dataId, t.shape, t.dtype, t.id);
    c.dataId.owners++;
    c.kept = true;
    this.numTensors++;
    return c;
  }

  // ---- tensors and memory ---------------------------------------------------------------------------

  makeTensorFromHandle(h: DataHandle, shape: number[], dtype: DType, track = true): Tensor {
    const t = new Tensor(h, shape, dtype);
    if (h.owners === 0) this.liveHandles.add(h);
    h.owners++;
    this.numTensors++;
    if (track) this.track(t);
    return t;
  }

  /**
   * A tensor whose values are computed on the host by `produce` (random draws). While a graph infers shapes (a
   * symbolic handler is set) it is a data-less stand-in and `produce` is not called, so building a graph draws
   * nothing and reads no input values.
   */
  makeHostTensor(shape: number[], dtype: DType, produce: () => TypedArray): Tensor {
    if (this.symbolicHandler) {
      const sym = this.symbolicHandler(HOST_VALUES, [], {}, [{ shape, dtype }]);
      if (sym) return sym[0]!;
    }
    return this.makeTensor(produce(), shape, dtype);
  }

  /** Creates a tensor on the active backend from values (the array is kept, not copied, by JS-memory backends). */
  makeTensor(values: TypedArray, shape: number[], dtype: DType, backend?: Backend): Tensor {
    const b = backend ?? this.activeBackend;
    const info = b.write(values, shape, dtype);
    return this.makeTensorFromHandle(info.dataId, shape, dtype);
  }

  /** Wraps a kernel's output info in a tensor (for ops implemented by several kernel calls inside a backend). */
  makeTensorFromInfo(info: TensorInfo): Tensor {
    return this.makeTensorFromHandle(info.dataId, info.shape, info.dtype);
  }

  zerosArray(dtype: DType, size: number): TypedArray {
    return allocArray(dtype, size);
  }

  disposeTensor(t: Tensor): void {
    if (t.isDisposed) return;
    t.markDisposed();
    this.numTensors--;
    this.releaseHandle(t.dataId);
  }

  /** Counts a tensor constructed outside makeTensorFromHandle (a Variable) in memory(). */
  registerExternalTensor(): void {
    this.numTensors++;
  }

  trackHandle(h: DataHandle): void {
    this.liveHandles.add(h);
  }

  releaseHandle(h: DataHandle): void {
    h.owners--;
    if (h.owners <= 0) {
      this.liveHandles.delete(h);
      h.backend.free(h);
    }
  }

  memory(): MemoryInfo {
    const backends: MemoryInfo['backends'] = {};
    let numBytes = 0;
    for (const h of this.liveHandles) {
      const b = (backends[h.backend.name] ??= { numBytes: 0, numDataBuffers: 0 });
      b.numBytes += h.bytes;
      b.numDataBuffers++;
      numBytes += h.bytes;
    }
    return { numTensors: this.numTensors, numDataBuffers: this.liveHandles.size, numBytes, backends, numMoves: this.numMoves };
  }

  // ---- scopes ---------------------------------------------------------------------------------------

  private track(t: Tensor): void {
    const s = this.scopes[this.scopes.length - 1];
    if (s) {
      s.tracked.push(t);
      t.scopeId = s.id;
    }
  }

  startScope(): void {
    this.scopes.push({ id: nextScopeId++, tracked: [] });
  }

  /** Ends a scope: disposes its tensors except those in `result` (which move to the parent scope) and kept ones. */
  endScope(result?: unknown): void {
    const scope = this.scopes.pop();
    if (!scope) throw new TensorlaneError('endScope: no scope is open');
    if (result instanceof Tensor) {
      // The common result of an op: one tensor (no Set to build).
      for (const t of scope.tracked) if (t !== result && !t.kept) this.disposeTensor(t);
      this.adoptResult(result, scope.id);
      return;
    }
    const keep = new Set<Tensor>();
    collectTensors(result, keep);
    for (const t of scope.tracked) {
      if (keep.has(t) || t.kept) continue;
      this.disposeTensor(t);
    }
    for (const t of keep) this.adoptResult(t, scope.id);
  }

  /** A result of the scope `scopeId` that just ended moves to the parent scope; tensors of outer scopes stay. */
  private adoptResult(t: Tensor, scopeId: number): void {
    if (t.isDisposed || t.kept || t.scopeId !== scopeId) return;
    const parent = this.scopes[this.scopes.length - 1];
    if (parent) {
      parent.tracked.push(t);
      t.scopeId = parent.id;
    } else t.scopeId = undefined;
  }

  tidy<T>(fn: () => T): T {
    return this.tidyApply(fn, undefined, NO_ARGS);
  }

  /** `fn.apply(thisArg, args)` inside a tidy scope: the op wrapper's form, without a closure per call. */
  tidyApply<T>(fn: (...args: never[]) => T, thisArg: unknown, args: readonly unknown[]): T {
    this.startScope();
    let result: T;
    try {
      result = (fn as (...a: unknown[]) => T).apply(thisArg, args as unknown[]);
    } catch (e) {
      this.endScope();
      throw e;
    }
    if (result instanceof Promise) {
      this.endScope();
      throw new TensorlaneError('tidy: the function must not be async (its tensors would be freed before it resolves)');
    }
    this.endScope(result);
    return result;
  }

  keep<T extends Tensor>(t: T): T {
    t.kept = true;
    return t;
  }

  bytesOf(dtype: DType, size: number): number {
    return bytesPerElement(dtype) * size;
  }
}

/** Frees the buffers a kernel call created that no tensor took (temporaries, or all of them after a throw). */
function freeUnowned(created: readonly DataHandle[]): void {
  for (const h of created) if (h.owners === 0) h.backend.free(h);
}

/** Finds every tensor in a (nested) result: tensors, arrays, plain objects. */
export function collectTensors(x: unknown, into: Set<Tensor>): void {
  if (x instanceof Tensor) into.add(x);
  else if (Array.isArray(x)) for (const v of x) collectTensors(v, into);
  else if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    for (const v of Object.values(x)) collectTensors(v, into);
  }
}

const NO_ARGS: readonly unknown[] = [];

export const ENGINE = new Engine();
setEngine(ENGINE);

