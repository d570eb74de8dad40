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
import { isTypedArray, makeTensorFrom } from '../core/tensor_util.js';
import { Graph } from '../graph/graph.js';
import { placeholder } from '../graph/placeholder.js';
import { dryRun } from '../graph/symbolic.js';
import {
  isPlainObject, mapSpec, specFromTypes, mostSpecificCompatible, releaseElement, specLeaves, specOf, STRING_SPEC, TensorSpec, buildFromSpec,
  mapLeaves, toElement, disposeElement, type Element, type ElementSpec,
} from './element.js';
import { EMPTY_ENV, END, PrefetchIterator, StageIterator, asyncOnlyError, type ElementIterator, type Env, type Openable, type StageBody } from './pipeline.js';
import { GeneratorIterator, checkSliceable, rangeElements, rowSpecOf, sliceElements, sourceIterator, wholeElement } from './sources.js';
import {
  batchStage, cacheFillStage, cacheReplay, checkCount, concatenateStage, filterStage, mapStage, repeatStage, shuffleStage, skipStage,
  takeStage, zipStage, type CacheStore,
} from './transforms.js';
import { makeInitializableIterator, makeOneShotIterator, type DatasetIterator } from './graph_iterator.js';

/** Internal: what a dataset is made of (sources and stages build these). */
export interface DatasetDef {
  open(env: Env): ElementIterator;
  isAsync: boolean;
  spec(): ElementSpec;
  /** Symbolic tensors (placeholders) the pipeline reads: bound when an initializable iterator starts. */
  captures: Tensor[];
}

export interface ShuffleOptions {
  seed?: number;
  reshuffleEachIteration?: boolean;
}

export interface BatchOptions {
  dropRemainder?: boolean;
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
      isAsync: list.some((d) => d.isAsync),
      spec: () => (keys ? Object.fromEntries(keys.map((k, i) => [k, list[i]!.elementSpec])) : list.map((d) => d.elementSpec)),
      captures: unionCaptures(list),
    });
  }

  // ---- transformations ------------------------------------------------------------------------------

  private stage(body: () => StageBody, spec: () => ElementSpec, ups: Dataset[] = [this]): Dataset {
    return new Dataset({
      open: (env) => new StageIterator(body(), ups, env),
      isAsync: ups.some((d) => d.isAsync),
      spec,
      captures: unionCaptures(ups),
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
    return new Dataset({
      open: (env) => new PrefetchIterator(this.open(env), n < 0 ? 2 : n),
      isAsync: this.isAsync,
      spec: () => this.elementSpec,
      captures: this.def.captures,
    });
  }

  /**
   * Keeps the elements of the first complete pass in memory and replays them afterwards (put it before
   * shuffle/repeat). In-memory only: a filename is refused. With placeholders, each initialization fills anew.
   */
  cache(filename = ''): Dataset {
    if (filename !== '') throw new ArgumentError(`Dataset.cache: only the in-memory cache is supported; got filename '${filename}'`);
    const stores = new WeakMap<Env, CacheStore>();
    const storeFor = (env: Env) => {
      let s = stores.get(env);
      if (!s) stores.set(env, (s = { complete: false, items: [] }));
      return s;
    };
    return new Dataset({
      open: (env) => {
        const store = storeFor(env);
        return store.complete ? sourceIterator(cacheReplay(store), env) : new StageIterator(cacheFillStage(store), [this], env);
      },
      isAsync: this.isAsync,
      spec: () => this.elementSpec,
      captures: this.def.captures,
    });
  }

  /** This dataset's elements followed by other's (structures and dtypes must match). */
  concatenate(other: Dataset): Dataset {
    if (!(other instanceof Dataset)) throw new ArgumentError('Dataset.concatenate: the argument must be a Dataset');
    return this.stage(() => concatenateStage(), () => mostSpecificCompatible('Dataset.concatenate', this.elementSpec, other.elementSpec), [this, other]);
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
    if (this.def.captures.length > 0) {
      throw new ArgumentError(`${where}: the dataset depends on graph tensors (${this.def.captures.map((t) => t.name).join(', ')}); use makeInitializableIterator()`);
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

/** Whether x is a nested array of numbers / booleans (a tensor value rather than a tuple of components). */
function isNumericNested(x: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (typeof x === 'number' || typeof x === 'boolean') return true;
  return Array.isArray(x) && x.length > 0 && x.every((v) => isNumericNested(v, depth + 1));
}

/** Tensors (captured as handles sharing their data, symbolic ones as they are) in the user's structure. */
function captureStructure(x: unknown, where: string, depth = 0): Element {
  if (depth > 64) throw new ArgumentError(`${where}: structure nests deeper than 64 levels`);
  if (x instanceof Tensor) {
    x.throwIfDisposed(where);
    if (x.isSymbolic) return x;
    const c = ENGINE.shareCopy(x);
    c.kept = true;
    return c;
  }
  if (isTypedArray(x) || isNumericNested(x)) return ENGINE.keep(makeTensorFrom(where, 'x', x as never));
  if (Array.isArray(x)) {
    if (x.length === 0) throw new ArgumentError(`${where}: an empty array has no components`);
    return x.map((v) => captureStructure(v, where, depth + 1));
  }
  if (isPlainObject(x)) {
    if (Object.keys(x).length === 0) throw new ArgumentError(`${where}: an empty object has no components`);
    const out: Record<string, Element> = {};
    for (const [k, v] of Object.entries(x)) out[k] = captureStructure(v, where, depth + 1);
    return out;
  }
  throw new ArgumentError(`${where}: expected a tensor, an array or an object of tensors, got ${x === null ? 'null' : typeof x}`);
}

/** Frees what captureStructure copied (graph tensors stay: they belong to their graph). */
function disposeCaptured(structure: Element): void {
  mapLeaves(structure, (leaf) => {
    if (leaf instanceof Tensor && !leaf.isSymbolic && !leaf.isDisposed) ENGINE.disposeTensor(leaf);
    return leaf;
  });
}

function symbolicLeaves(structure: Element): Tensor[] {
  const out: Tensor[] = [];
  mapLeaves(structure, (leaf) => {
    if (leaf instanceof Tensor && leaf.isSymbolic && !out.includes(leaf)) out.push(leaf);
    return leaf;
  });
  return out;
}

function unionCaptures(list: Dataset[]): Tensor[] {
  return [...new Set(list.flatMap((d) => d.captures))];
}

function specStructure(spec: ElementSpec, leaf: (s: TensorSpec | typeof STRING_SPEC) => unknown): unknown {
  if (spec instanceof TensorSpec || spec === STRING_SPEC) return leaf(spec);
  if (Array.isArray(spec)) return spec.map((s) => specStructure(s, leaf));
  return Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, specStructure(v, leaf)]));
}

/**
 * A spec read from the first element of a fresh synchronous pass, with every dim unknown (later elements may
 * differ). Where dtypes were declared, they win.
 */
function peekSpec(ds: Dataset, where: string, declared?: ElementSpec): ElementSpec {
  if (ds.captures.length > 0 || ds.isAsync) {
    throw new ArgumentError(
      `${where}: the element structure is not known before running (${ds.isAsync ? 'asynchronous source' : 'depends on placeholders'}); ` +
        'give fromGenerator outputTypes and outputShapes, or a map function made of tl ops',
    );
  }
  const it = ds.open(EMPTY_ENV);
  try {
    const el = it.nextSync();
    if (el === END) return declared ?? [];
    const spec = specOf(el, true);
    disposeElement(el);
    return spec;
  } finally {
    it.close();
  }
}

/** The spec of map(fn): a dry run of fn on shape-only stand-ins of the input spec; a first element as fallback. */
function traceMapSpec(input: Dataset, fn: (el: any) => unknown, self: Dataset): ElementSpec {
  const inSpec = input.elementSpec;
  const leaves = specLeaves(inSpec);
  if (leaves.every((s) => s instanceof TensorSpec)) {
    const scratch = new Graph();
    const stand = scratch.asDefault(() => leaves.map((s) => placeholder((s as TensorSpec).dtype, (s as TensorSpec).shape)));
    try {
      const { template, outputs } = dryRun('Dataset.map', (el: unknown) => toDryElement(fn(el)), [buildFromSpec(inSpec, stand)], stand);
      let k = 0;
      return specOfTemplate(template, () => {
        const o = outputs[k++]!;
        return new TensorSpec(o.shape, o.dtype);
      });
    } catch {
      // fn needs values (or uses strings): fall back to running it on a first element.
    }
  }
  return peekSpec(self, 'Dataset.map');
}

/** Numbers and booleans a map function returns stand for scalar tensors (as they become at run time). */
function toDryElement(r: unknown): unknown {
  if (typeof r === 'number') return new TensorSpec([], 'float32');
  if (typeof r === 'boolean') return new TensorSpec([], 'bool');
  if (Array.isArray(r)) return r.map(toDryElement);
  if (isPlainObject(r)) return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toDryElement(v)]));
  return r;
}

function specOfTemplate(t: unknown, nextTensor: () => TensorSpec): ElementSpec {
  if (t instanceof Tensor) return nextTensor();
  if (t instanceof TensorSpec) return t;
  if (typeof t === 'string') return STRING_SPEC;
  if (Array.isArray(t)) return t.map((v) => specOfTemplate(v, nextTensor));
  if (isPlainObject(t)) return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, specOfTemplate(v, nextTensor)]));
  throw new ArgumentError(`Dataset.map: the function returned ${t === null ? 'null' : typeof t}, which is not a dataset element`);
}

