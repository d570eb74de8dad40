/**
 * tl.data.Dataset (TF 1.x tf.data): an immutable description of an input pipeline. Eagerly a dataset is
 * async-iterable (and sync-iterable when every source is synchronous); in graph mode its iterators feed the
 * graph through getNext() (see graph_iterator.ts). Elements are tensors, JS strings, or arrays / objects of them.
 *
 * Memory: each element a pass yields belongs to the caller (dispose it, or work inside tl.tidy); everything the
 * pipeline makes in between is freed by the pipeline. Tensors given to fromTensorSlices / fromTensors are
 * captured (a handle sharing their data), so disposing the original later does not break the dataset.
 */
import type { DType } from '../core/dtype.js';
import { isDType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { paddedBatchSpec, paddedBatchStage, planPadding, unbatchSpec, unbatchStage, type PadPlan, type PaddedBatchOptions } from './batching.js';
import { ReleaseScope, captureStructure, disposeCaptured, releaseWithScope, symbolicLeaves } from './capture.js';
import {
  isPlainObject, mapSpec, specFromTypes, mostSpecificCompatible, releaseElement, specOf, STRING_SPEC, TensorSpec, tensorsOf, toElement, disposeElement,
  type Element, type ElementSpec,
} from './element.js';
import { EMPTY_ENV, END, PrefetchIterator, StageIterator, asyncOnlyError, type ElementIterator, type Env, type Openable, type StageBody } from './pipeline.js';
import { GeneratorIterator, checkSliceable, rangeElements, rowSpecOf, sliceElements, sourceIterator, wholeElement } from './sources.js';
import { peekSpec, traceMapSpec, traceNestedDataset, type NestedTrace } from './spec_trace.js';
import {
  applyMap, batchStage, cacheFillStage, cacheReplay, checkCount, concatenateStage, copyElement, enumerateStage, filterStage, interleaveStage,
  mapStage, repeatStage, shardStage, shuffleStage, skipStage, takeStage, zipStage, type CacheStore, type NestedDataset,
} from './transforms.js';
import { makeInitializableIterator, makeOneShotIterator, type DatasetIterator } from './graph_iterator.js';

/** Internal: what a dataset is made of (sources and stages build these). */
export interface DatasetDef {
  open(env: Env): ElementIterator;
  /** Getters where it depends on upstreams: a flatMap learns it by tracing its function, which waits until needed. */
  readonly isAsync: boolean;
  spec(): ElementSpec;
  /** Symbolic tensors (placeholders) the pipeline reads: bound when an initializable iterator starts. */
  readonly captures: Tensor[];
}

export interface ShuffleOptions {
  seed?: number;
  reshuffleEachIteration?: boolean;
}

export interface BatchOptions {
  dropRemainder?: boolean;
}

export type { PaddedBatchOptions };

export interface InterleaveOptions {
  /** How many datasets (from consecutive input elements) are open at once; required. */
  cycleLength?: number;
  /** How many consecutive elements each yields per turn (default 1). */
  blockLength?: number;
}

export interface GeneratorOptions {
  /** dtypes of the element's components (a structure of dtype names, like the elements). */
  outputTypes?: unknown;
  /** Static shapes of the components (null for an unknown dim); needs outputTypes. */
  outputShapes?: unknown;
}

export class Dataset implements Openable {
  private cachedSpec?: ElementSpec;

  /** Internal: datasets are made by the static constructors and methods. */
  constructor(private readonly def: DatasetDef) {}

  // ---- sources ------------------------------------------------------------------------------------

  /** Elements are the slices of `x` along its first dim (a tensor, or an array / object of tensors). */
  static fromTensorSlices(x: unknown): Dataset {
    const structure = captureStructure(x, 'Dataset.fromTensorSlices');
    try {
      checkSliceable(structure);
    } catch (e) {
      disposeCaptured(structure);
      throw e;
    }
    const spec = rowSpecOf(structure);
    return new Dataset({
      open: (env) => sourceIterator(sliceElements(structure, env), env),
      isAsync: false,
      spec: () => spec,
      captures: symbolicLeaves(structure),
    });
  }

  /** One element: `x` itself (a tensor, or an array / object of tensors). */
  static fromTensors(x: unknown): Dataset {
    const structure = captureStructure(x, 'Dataset.fromTensors');
    return new Dataset({
      open: (env) => sourceIterator(wholeElement(structure, env), env),
      isAsync: false,
      spec: () => specOf(structure),
      captures: symbolicLeaves(structure),
    });
  }

  /**
   * Elements from a generator function, called anew for each pass. A sync generator gives a sync dataset; an
   * async generator (or a function returning an async iterable) gives one that needs for await / runAsync.
   * Numbers become float32 scalars unless `outputTypes` says otherwise; graph iterators take their static
   * shapes from `outputShapes` (else from a first element, with unknown dims).
   */
  static fromGenerator(fn: () => Iterable<unknown> | AsyncIterable<unknown>, opts: GeneratorOptions = {}): Dataset {
    if (typeof fn !== 'function') throw new ArgumentError('Dataset.fromGenerator: the argument must be a function returning an iterable (e.g. a generator function)');
    checkOptions('Dataset.fromGenerator', opts, ['outputTypes', 'outputShapes']);
    const declared = opts.outputTypes === undefined ? undefined : specFromTypes('Dataset.fromGenerator', opts.outputTypes, opts.outputShapes);
    if (opts.outputTypes === undefined && opts.outputShapes !== undefined) throw new ArgumentError('Dataset.fromGenerator: outputShapes needs outputTypes');
    // An async generator function is known to be async before it runs; a plain function returning an async
    // iterable is found out on the first synchronous pull (a typed error pointing at runAsync).
    const isAsync = fn.constructor?.name === 'AsyncGeneratorFunction';
    const ds: Dataset = new Dataset({
      open: () => new GeneratorIterator(fn, isAsync, declared, opts.outputShapes !== undefined),
      isAsync,
      spec: () => (declared && opts.outputShapes !== undefined ? declared : peekSpec(ds, 'Dataset.fromGenerator', declared)),
      captures: [],
    });
    return ds;
  }

  /** Scalars start, start + step, ... below stop (above it for a negative step); range(n) is 0..n-1. int32 by default. */
  static range(start: number, stop?: number, step = 1, opts: { dtype?: DType } = {}): Dataset {
    checkOptions('Dataset.range', opts, ['dtype']);
    if (stop === undefined) [start, stop] = [0, start];
    for (const [k, v] of [['start', start], ['stop', stop], ['step', step]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ArgumentError(`Dataset.range: '${k}' must be a finite number, got ${String(v)}`);
    }
    if (step === 0) throw new ArgumentError("Dataset.range: 'step' must not be 0");
    const dtype = opts.dtype ?? 'int32';
    if (!isDType(dtype) || dtype === 'bool') throw new DTypeError(`Dataset.range: dtype must be numeric, got '${String(dtype)}'`);
    if ((dtype === 'int32' || dtype === 'int64') && ![start, stop, step].every(Number.isInteger)) {
      throw new ArgumentError(`Dataset.range: integer dtype ${dtype} needs integer start/stop/step`);
    }
    return new Dataset({
      open: (env) => sourceIterator(rangeElements(start, stop!, step, dtype), env),
      isAsync: false,
      spec: () => new TensorSpec([], dtype),
      captures: [],
    });
  }

  /** Elements combine one element of each dataset, in the same structure (an array or an object); ends with the shortest. */
  static zip(datasets: Dataset[] | Record<string, Dataset>): Dataset {
    const keys = Array.isArray(datasets) ? null : Object.keys(datasets ?? {});
    const list = Array.isArray(datasets) ? datasets : isPlainObject(datasets) ? Object.values(datasets) : null;
    if (!list || list.length === 0 || !list.every((d) => d instanceof Dataset)) {
      throw new ArgumentError('Dataset.zip: expected a non-empty array or object of Datasets');
    }
    return new Dataset({
      open: (env) => new StageIterator(zipStage(keys, list.length), list, env),
      get isAsync() {
        return list.some((d) => d.isAsync);
      },
      spec: () => (keys ? Object.fromEntries(keys.map((k, i) => [k, list[i]!.elementSpec])) : list.map((d) => d.elementSpec)),
      get captures() {
        return unionCaptures(list);
      },
    });
  }

  // ---- transformations ------------------------------------------------------------------------------

  private stage(body: () => StageBody, spec: () => ElementSpec, ups: Dataset[] = [this]): Dataset {
    return new Dataset({
      open: (env) => new StageIterator(body(), ups, env),
      get isAsync() {
        return ups.some((d) => d.isAsync);
      },
      spec,
      get captures() {
        return unionCaptures(ups);
      },
    });
  }

  /**
   * Applies fn to each element. fn gets the element (tensors, strings, structure) and returns a new one; tensors
   * it makes and does not return are freed. Static shapes for graph iterators come from a dry run of fn on
   * shape-only stand-ins (or, when fn needs values, from a first element).
   */
  map(fn: (el: any) => unknown): Dataset {
    if (typeof fn !== 'function') throw new ArgumentError('Dataset.map: the argument must be a function');
    const ds: Dataset = this.stage(() => mapStage(fn), () => traceMapSpec(this, fn, ds));
    return ds;
  }

  /** Keeps the elements for which pred returns true (a boolean or a scalar bool tensor). */
  filter(pred: (el: any) => unknown): Dataset {
    if (typeof pred !== 'function') throw new ArgumentError('Dataset.filter: the argument must be a function');
    return this.stage(() => filterStage(pred), () => this.elementSpec);
  }

  /**
   * Shuffles with a buffer of bufferSize elements (TF's algorithm: bufferSize >= the dataset's size gives a
   * uniform shuffle). A seed makes the sequence of orders reproducible; with reshuffleEachIteration (default)
   * each pass (epoch, or iterator initialization) uses a different order.
   */
  shuffle(bufferSize: number, opts: ShuffleOptions | number = {}): Dataset {
    checkCount('Dataset.shuffle', 'bufferSize', bufferSize, false);
    const o = typeof opts === 'number' ? { seed: opts } : opts;
    checkOptions('Dataset.shuffle', o, ['seed', 'reshuffleEachIteration']);
    if (o.seed !== undefined && (typeof o.seed !== 'number' || !Number.isInteger(o.seed))) {
      throw new ArgumentError(`Dataset.shuffle: 'seed' must be an integer, got ${String(o.seed)}`);
    }
    const seed = o.seed ?? ENGINE.rng.nextU32();
    const reshuffle = o.reshuffleEachIteration ?? true;
    let pass = 0;
    return this.stage(() => shuffleStage(bufferSize, seed, reshuffle ? pass++ : 0), () => this.elementSpec);
  }

  /** Stacks n consecutive elements; the last batch may be smaller unless dropRemainder. */
  batch(n: number, opts: BatchOptions = {}): Dataset {
    checkCount('Dataset.batch', 'batchSize', n, false);
    checkOptions('Dataset.batch', opts, ['dropRemainder']);
    const drop = opts.dropRemainder ?? false;
    return this.stage(() => batchStage(n, drop), () => mapSpec(this.elementSpec, (s) => new TensorSpec([drop ? n : -1, ...s.shape], s.dtype)));
  }

  /** Repeats the dataset count times (forever when count is omitted or -1). */
  repeat(count = -1): Dataset {
    checkCount('Dataset.repeat', 'count', count, true);
    return this.stage(() => repeatStage(count), () => this.elementSpec);
  }

  /** The first n elements (all for -1). */
  take(n: number): Dataset {
    checkCount('Dataset.take', 'count', n, true);
    return this.stage(() => takeStage(n), () => this.elementSpec);
  }

  /** All but the first n elements (none for -1). */
  skip(n: number): Dataset {
    checkCount('Dataset.skip', 'count', n, true);
    return this.stage(() => skipStage(n), () => this.elementSpec);
  }

  /** Produces up to n elements ahead while the consumer works (asynchronous passes; a no-op for sync runs). */
  prefetch(n: number): Dataset {
    checkCount('Dataset.prefetch', 'bufferSize', n, true);
    const up: Dataset = this;
    return new Dataset({
      open: (env) => new PrefetchIterator(this.open(env), n < 0 ? 2 : n),
      get isAsync() {
        return up.isAsync;
      },
      spec: () => this.elementSpec,
      get captures() {
        return up.captures;
      },
    });
  }

  /**
   * Keeps the elements of the first complete pass in memory and replays them afterwards (put it before
   * shuffle/repeat). In-memory only: a filename is refused. With placeholders, each initialization fills anew.
   */
  cache(filename = ''): Dataset {
    if (filename !== '') throw new ArgumentError(`Dataset.cache: only the in-memory cache is supported; got filename '${filename}'`);
    const stores = new WeakMap<Env, CacheStore>();
    // A dataset made by flatMap / interleave's function frees its cache when its pass ends.
    const made: CacheStore[] = [];
    const shortLived = releaseWithScope(() => {
      for (const st of made.splice(0)) {
        st.complete = false;
        for (const el of st.items.splice(0)) disposeElement(el);
      }
    });
    const storeFor = (env: Env) => {
      let s = stores.get(env);
      if (!s) {
        stores.set(env, (s = { complete: false, items: [] }));
        if (shortLived) made.push(s);
      }
      return s;
    };
    const up: Dataset = this;
    return new Dataset({
      open: (env) => {
        const store = storeFor(env);
        return store.complete ? sourceIterator(cacheReplay(store), env) : new StageIterator(cacheFillStage(store), [this], env);
      },
      get isAsync() {
        return up.isAsync;
      },
      spec: () => this.elementSpec,
      get captures() {
        return up.captures;
      },
    });
  }

  /** This dataset's elements followed by other's (structures and dtypes must match). */
  concatenate(other: Dataset): Dataset {
    if (!(other instanceof Dataset)) throw new ArgumentError('Dataset.concatenate: the argument must be a Dataset');
    return this.stage(() => concatenateStage(), () => mostSpecificCompatible('Dataset.concatenate', this.elementSpec, other.elementSpec), [this, other]);
  }

  /**
   * Like batch, for components whose shapes differ between elements (sequences): each tensor component is padded
   * at the end of every dim to the longest in the batch, or to the size paddedShapes gives (a structure like the
   * elements of shapes, -1 or null for the longest), with paddingValues (one scalar for all components or a
   * structure of them; default 0 / false). Unknown padded dims are unknown (-1) in the spec graph iterators see.
   */
  paddedBatch(batchSize: number, opts: PaddedBatchOptions = {}): Dataset {
    checkCount('Dataset.paddedBatch', 'batchSize', batchSize, false);
    checkOptions('Dataset.paddedBatch', opts, ['paddedShapes', 'paddingValues', 'dropRemainder']);
    const drop = opts.dropRemainder ?? false;
    if (typeof drop !== 'boolean') throw new ArgumentError(`Dataset.paddedBatch: 'dropRemainder' must be a boolean, got ${String(drop)}`);
    // Checked against the element spec now, as TF does; without them, nothing needs the spec before running.
    const plan: PadPlan[] | null = opts.paddedShapes === undefined && opts.paddingValues === undefined ? null : planPadding(this.elementSpec, opts.paddedShapes, opts.paddingValues);
    return this.stage(() => paddedBatchStage(batchSize, drop, plan), () => paddedBatchSpec(this.elementSpec, batchSize, drop, plan));
  }

  /** Splits each element along the first dim of its components (they must agree) into elements: the inverse of batch. */
  unbatch(): Dataset {
    return this.stage(() => unbatchStage(this.elementSpec), () => unbatchSpec(this.elementSpec));
  }

  /**
   * Maps each element to a dataset (fn returns a Dataset) and yields their elements in order. The element, and
   * the datasets fn builds (what fromTensorSlices / fromTensors / cache hold), live until that dataset's pass
   * ends, then are freed. fn is also traced once on shape-only stand-ins for the spec (like map).
   */
  flatMap(fn: (el: any) => Dataset): Dataset {
    if (typeof fn !== 'function') throw new ArgumentError('Dataset.flatMap: the argument must be a function returning a Dataset');
    return this.nested('Dataset.flatMap', fn, 1, 1);
  }

  /**
   * TF's interleave: cycleLength datasets made by fn from consecutive input elements are read in turn,
   * blockLength elements at a time (deterministic order; an ended dataset's place goes to the next input
   * element's). `interleave(fn, cycleLength, blockLength)` is accepted too. cycleLength 1 is flatMap.
   */
  interleave(fn: (el: any) => Dataset, opts: InterleaveOptions | number = {}, blockLength?: number): Dataset {
    if (typeof fn !== 'function') throw new ArgumentError('Dataset.interleave: the argument must be a function returning a Dataset');
    const o = typeof opts === 'number' ? { cycleLength: opts, blockLength } : opts;
    if (typeof opts !== 'number' && blockLength !== undefined) throw new ArgumentError('Dataset.interleave: give blockLength in the options object');
    checkOptions('Dataset.interleave', o, ['cycleLength', 'blockLength']);
    if (o.cycleLength === undefined) {
      throw new ArgumentError("Dataset.interleave: 'cycleLength' is required (TF's AUTOTUNE default depends on the machine's cores; give a number)");
    }
    checkCount('Dataset.interleave', 'cycleLength', o.cycleLength, false);
    checkCount('Dataset.interleave', 'blockLength', o.blockLength ?? 1, false);
    return this.nested('Dataset.interleave', fn, o.cycleLength, o.blockLength ?? 1);
  }

  private nested(where: string, fn: (el: any) => unknown, cycleLength: number, blockLength: number): Dataset {
    const make = (el: Element): NestedDataset => {
      const scope = new ReleaseScope();
      // The element lives as long as its dataset (a generator fn builds may read it). Tensors of it that a pass
      // handed on (a generator yielding it) are no longer held by the pipeline and are left alone.
      scope.add(() => {
        for (const t of tensorsOf(el)) if (t.kept && !t.isDisposed) ENGINE.disposeTensor(t);
      });
      let ds: unknown;
      try {
        ds = scope.run(() => ENGINE.tidy(() => fn(el)));
      } catch (e) {
        scope.release();
        throw e;
      }
      if (!(ds instanceof Dataset)) {
        scope.release();
        throw new ArgumentError(`${where}: the function must return a Dataset, got ${describeValue(ds)}`);
      }
      return { source: ds, release: () => scope.release() };
    };
    const input: Dataset = this;
    let traced: NestedTrace | undefined | null = null;
    const trace = () => (traced === null ? (traced = traceNestedDataset(input, fn, (x): x is Dataset => x instanceof Dataset)) : traced);
    const self: Dataset = new Dataset({
      open: (env) => new StageIterator(interleaveStage(make, cycleLength, blockLength), [this], env, self.isAsync),
      // Whether the datasets fn returns are asynchronous is known from a dry run (else assumed like the input).
      get isAsync() {
        return input.isAsync || (trace()?.isAsync ?? false);
      },
      spec: () => trace()?.spec ?? peekSpec(self, where),
      get captures() {
        return [...new Set([...input.captures, ...(trace()?.captures ?? [])])];
      },
    });
    return self;
  }

  /** Pairs each element with its position: [counter, element], the counter an int32 scalar from start (like range). */
  enumerate(start = 0): Dataset {
    if (typeof start !== 'number' || !Number.isInteger(start) || start < -(2 ** 31) || start > 2 ** 31 - 1) {
      throw new ArgumentError(`Dataset.enumerate: 'start' must be an int32 integer, got ${String(start)}`);
    }
    return this.stage(() => enumerateStage(start), () => [new TensorSpec([], 'int32'), this.elementSpec]);
  }

  /** Every numShards-th element, from position index (TF's shard, for splitting input between workers). */
  shard(numShards: number, index: number): Dataset {
    checkCount('Dataset.shard', 'numShards', numShards, false);
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= numShards) {
      throw new ArgumentError(`Dataset.shard: 'index' must be an integer in [0, ${numShards}), got ${String(index)}`);
    }
    return this.stage(() => shardStage(numShards, index), () => this.elementSpec);
  }

  /** fn(this): a chain of transformations packaged as a function (fn must return a Dataset). */
  apply(fn: (ds: Dataset) => Dataset): Dataset {
    if (typeof fn !== 'function') throw new ArgumentError('Dataset.apply: the argument must be a function taking and returning a Dataset');
    const out: unknown = fn(this);
    if (!(out instanceof Dataset)) throw new ArgumentError(`Dataset.apply: the function must return a Dataset, got ${describeValue(out)}`);
    return out;
  }

  /**
   * Folds the elements of one pass into a state: state = fn(state, element), starting from initial (a tensor,
   * a number (float32 scalar), or an array / object of them); returns the final state, which the caller owns.
   * The state keeps its structure and dtypes. The initial tensors stay the caller's.
   */
  async reduce(initial: unknown, fn: (state: any, el: any) => unknown): Promise<any> {
    if (typeof fn !== 'function') throw new ArgumentError('Dataset.reduce: the second argument must be a function (state, element) => new state');
    let state = ENGINE.tidy(() => copyElement(toElement(initial, 'Dataset.reduce')));
    const initSpec = specOf(state);
    let it: ElementIterator | null = null;
    try {
      it = this.eagerPass('Dataset.reduce');
      for (;;) {
        const el = await it.next();
        if (el === END) break;
        state = applyMap((pair) => fn((pair as Element[])[0], (pair as Element[])[1]), [state, el], 'Dataset.reduce');
        // Same structure and dtypes as the initial state; shapes may change.
        mostSpecificCompatible('Dataset.reduce: the new state and the initial state', initSpec, specOf(state));
      }
    } catch (e) {
      disposeElement(state);
      throw e;
    } finally {
      it?.close();
    }
    return releaseElement(state);
  }

  // ---- passes -----------------------------------------------------------------------------------------

  get isAsync(): boolean {
    return this.def.isAsync;
  }

  /** Symbolic tensors the dataset depends on (bound by an initializable iterator's initializer). */
  get captures(): Tensor[] {
    return [...this.def.captures];
  }

  /** Internal: starts a pass with the captures bound by env. */
  open(env: Env): ElementIterator {
    return this.def.open(env);
  }

  /** The structure, dtypes and static shapes (-1 unknown) of the elements. */
  get elementSpec(): ElementSpec {
    return (this.cachedSpec ??= this.def.spec());
  }

  /** TF 1.x `output_types`: the element's structure with dtype names (or 'string') as leaves. */
  get outputTypes(): unknown {
    return specStructure(this.elementSpec, (s) => (s instanceof TensorSpec ? s.dtype : 'string'));
  }

  /** TF 1.x `output_shapes`: the element's structure with shapes (null for unknown dims) as leaves. */
  get outputShapes(): unknown {
    return specStructure(this.elementSpec, (s) => (s instanceof TensorSpec ? s.shape.map((d) => (d < 0 ? null : d)) : null));
  }

  private eagerPass(where: string): ElementIterator {
    const captures = this.def.captures;
    if (captures.length > 0) {
      throw new ArgumentError(`${where}: the dataset depends on graph tensors (${captures.map((t) => t.name).join(', ')}); use makeInitializableIterator()`);
    }
    return this.open(EMPTY_ENV);
  }

  [Symbol.asyncIterator](): AsyncIterator<any> {
    const it = this.eagerPass('Dataset iteration');
    return {
      next: async () => {
        const el = await it.next();
        return el === END ? { done: true, value: undefined } : { done: false, value: releaseElement(el) };
      },
      return: async () => {
        it.close();
        return { done: true, value: undefined };
      },
    };
  }

  /** Synchronous iteration (for of); datasets with an asynchronous source refuse it. */
  [Symbol.iterator](): Iterator<any> {
    if (this.isAsync) throw asyncOnlyError('Dataset iteration');
    const it = this.eagerPass('Dataset iteration');
    return {
      next: () => {
        const el = it.nextSync();
        return el === END ? { done: true, value: undefined } : { done: false, value: releaseElement(el) };
      },
      return: () => {
        it.close();
        return { done: true, value: undefined };
      },
    };
  }

  /** Every element of one pass (the caller owns the tensors). */
  async toArray(): Promise<any[]> {
    const out: Element[] = [];
    try {
      for await (const el of this) out.push(el);
    } catch (e) {
      for (const el of out) disposeElement(el);
      throw e;
    }
    return out;
  }

  /** Calls fn on each element of one pass; the element is disposed after fn returns (or its promise settles). */
  async forEach(fn: (el: any) => unknown): Promise<void> {
    for await (const el of this) {
      try {
        await fn(el);
      } finally {
        disposeElement(el);
      }
    }
  }

  /** TF 1.x make_one_shot_iterator(): a graph iterator that starts itself on first use (no placeholders). */
  makeOneShotIterator(): DatasetIterator {
    return makeOneShotIterator(this);
  }

  /** TF 1.x make_initializable_iterator(): run `iterator.initializer` (feeding any placeholders) before getNext(). */
  makeInitializableIterator(): DatasetIterator {
    return makeInitializableIterator(this);
  }
}

// ---- helpers --------------------------------------------------------------------------------------

/** What a function returned instead of a Dataset, for error messages. */
function describeValue(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return 'an array';
  if (x instanceof Tensor) return `a tensor ${x.dtype}${JSON.stringify(x.shape)}`;
  if (typeof x === 'object') return x.constructor && x.constructor !== Object ? `a ${x.constructor.name}` : 'an object';
  return typeof x;
}

function unionCaptures(list: Dataset[]): Tensor[] {
  return [...new Set(list.flatMap((d) => d.captures))];
}

function specStructure(spec: ElementSpec, leaf: (s: TensorSpec | typeof STRING_SPEC) => unknown): unknown {
  if (spec instanceof TensorSpec || spec === STRING_SPEC) return leaf(spec);
  if (Array.isArray(spec)) return spec.map((s) => specStructure(s, leaf));
  return Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, specStructure(v, leaf)]));
}
