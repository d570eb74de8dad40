/**
 * Dataset sources: slices of tensors, whole tensors, integer ranges and user generators. Each returns a pass
 * (ElementIterator) whose elements are fresh held tensors.
 */
import { allocArray, type DType, type TypedArray } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, ShapeError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { buildFromSpec, disposeElement, holdElement, mapLeaves, specLeaves, StringSpec, TensorSpec, toElement, type Element, type ElementSpec } from './element.js';
import { asyncOnlyError, emitAll, END, StageIterator, type ElementIterator, type Env, type Pulled } from './pipeline.js';

/** The concrete value of a captured tensor: itself, or what an initializable iterator bound to its placeholder. */
export function resolveCapture(t: Tensor, env: Env, where: string): Tensor {
  if (!t.isSymbolic) return t;
  const v = env.get(t) as Tensor | undefined;
  if (!v) {
    throw new ArgumentError(
      `${where}: the dataset depends on the graph tensor '${t.name}'; use ds.makeInitializableIterator() and run its initializer ` +
        'with a feed for it (eager iteration and one-shot iterators need concrete tensors)',
    );
  }
  return v;
}

/** A held tensor holding rows [i, i+1) of `data` (rows of `rowSize` values), shaped `rowShape`. */
export function rowTensor(data: TypedArray, i: number, rowSize: number, rowShape: number[], dtype: DType): Tensor {
  const vals = allocArray(dtype, rowSize);
  (vals as Float32Array).set((data as Float32Array).subarray(i * rowSize, (i + 1) * rowSize));
  const t = ENGINE.makeTensor(vals, [...rowShape], dtype);
  t.kept = true;
  return t;
}

/**
 * Dataset.fromTensorSlices at construction, as TF checks it: every component has rank >= 1 and the first dims
 * that are known agree (a placeholder's unknown first dim is checked again when its value is bound).
 */
export function checkSliceable(structure: Element): void {
  let n = -1;
  let first = '';
  mapLeaves(structure, (leaf) => {
    const t = leaf as Tensor;
    if (t.rank === 0) throw new ShapeError(`Dataset.fromTensorSlices: component ${fmtShape(t.shape)} is a scalar; slicing needs rank >= 1`);
    const d = t.shape[0]!;
    if (d >= 0 && n >= 0 && d !== n) {
      throw new ShapeError(`Dataset.fromTensorSlices: components disagree on the first dimension (${n} in ${first} vs ${d} in ${fmtShape(t.shape)})`);
    }
    if (d >= 0 && n < 0) [n, first] = [d, fmtShape(t.shape)];
    return leaf;
  });
}

/** Dataset.fromTensorSlices: element i holds row i of every component (all must agree on the first dim). */
export function* sliceElements(structure: Element, env: Env): Generator<Element> {
  const leaves: Tensor[] = [];
  mapLeaves(structure, (leaf) => {
    leaves.push(resolveCapture(leaf as Tensor, env, 'Dataset.fromTensorSlices'));
    return leaf;
  });
  let n = -1;
  for (const t of leaves) {
    if (t.rank === 0) throw new ShapeError(`Dataset.fromTensorSlices: component ${fmtShape(t.shape)} is a scalar; slicing needs rank >= 1`);
    if (n >= 0 && t.shape[0] !== n) {
      throw new ShapeError(`Dataset.fromTensorSlices: components disagree on the first dimension (${n} vs ${t.shape[0]} in ${fmtShape(t.shape)})`);
    }
    n = t.shape[0]!;
  }
  // Values are read once per pass; each element is a copy of its rows (the user's tensor stays untouched).
  const data = leaves.map((t) => t.dataSync<TypedArray>());
  const rowShapes = leaves.map((t) => t.shape.slice(1));
  const rowSizes = rowShapes.map((s) => s.reduce((a, b) => a * b, 1));
  const spec = rowSpecOf(structure);
  for (let i = 0; i < n; i++) {
    yield buildFromSpec(spec, leaves.map((t, k) => rowTensor(data[k]!, i, rowSizes[k]!, rowShapes[k]!, t.dtype)));
  }
}

/** Dataset.fromTensors: one element, the (copied) components themselves. */
export function* wholeElement(structure: Element, env: Env): Generator<Element> {
  yield holdElement(
    mapLeaves(structure, (leaf) => {
      const t = resolveCapture(leaf as Tensor, env, 'Dataset.fromTensors');
      return ENGINE.shareCopy(t);
    }),
  );
}

/** The spec of one slice of a structure of tensors (each leaf loses its first dim). */
export function rowSpecOf(el: Element): ElementSpec {
  if (el instanceof Tensor) return new TensorSpec(el.shape.slice(1), el.dtype);
  if (typeof el === 'string') throw new ArgumentError('Dataset: string components are not tensors');
  if (Array.isArray(el)) return el.map(rowSpecOf);
  const out: Record<string, ElementSpec> = {};
  for (const [k, v] of Object.entries(el)) out[k] = rowSpecOf(v);
  return out;
}

/** Dataset.range: scalars start, start+step, ... up to (not including) stop. */
export function* rangeElements(start: number, stop: number, step: number, dtype: DType): Generator<Element> {
  const count = Math.max(0, Math.ceil((stop - start) / step));
  for (let i = 0; i < count; i++) {
    const vals = allocArray(dtype, 1);
    if (dtype === 'int64') (vals as BigInt64Array)[0] = BigInt(start + i * step);
    else (vals as Float32Array)[0] = start + i * step;
    const t = ENGINE.makeTensor(vals, [], dtype);
    t.kept = true;
    yield t;
  }
}

export function checkSpecLeavesAreTensors(where: string, spec: ElementSpec): void {
  for (const s of specLeaves(spec)) {
    if (!(s instanceof TensorSpec)) throw new ArgumentError(`${where}: expected tensors only`);
  }
}

/**
 * A pass over a user generator (Dataset.fromGenerator). Yielded values become elements (toElement); tensors a
 * generator yields are owned by the dataset from then on (it disposes them once consumed, as tfjs does).
 * `spec` (from outputTypes/outputShapes) sets dtypes and is checked against every element.
 */
export class GeneratorIterator implements ElementIterator {
  readonly isAsync: boolean;
  private it: Iterator<unknown> | AsyncIterator<unknown> | null = null;
  private done = false;

  constructor(
    private readonly fn: () => Iterable<unknown> | AsyncIterable<unknown>,
    isAsync: boolean,
    private readonly spec?: ElementSpec,
    private readonly checkShapes = false,
  ) {
    this.isAsync = isAsync;
  }

  private start(allowAsync: boolean): Iterator<unknown> | AsyncIterator<unknown> {
    if (this.it) return this.it;
    const src = this.fn();
    if (src && typeof (src as Iterable<unknown>)[Symbol.iterator] === 'function') this.it = (src as Iterable<unknown>)[Symbol.iterator]();
    else if (src && typeof (src as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
      if (!allowAsync) throw asyncOnlyError('Dataset.fromGenerator');
      this.it = (src as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    } else throw new ArgumentError('Dataset.fromGenerator: the function must return an iterable or async iterable (e.g. a generator)');
    return this.it;
  }

  private convert(r: IteratorResult<unknown>): Pulled {
    if (r.done) {
      this.done = true;
      return END;
    }
    const el = ENGINE.tidy(() => holdElement(toElement(r.value, 'Dataset.fromGenerator', this.spec)));
    if (this.spec) {
      try {
        checkAgainstSpec('Dataset.fromGenerator', el, this.spec, this.checkShapes);
      } catch (e) {
        disposeElement(el);
        throw e;
      }
    }
    return el;
  }

  nextSync(): Pulled {
    if (this.done) return END;
    const r = this.start(false).next();
    if (r instanceof Promise) {
      r.catch(() => undefined);
      throw asyncOnlyError('Dataset.fromGenerator');
    }
    return this.convert(r);
  }

  async next(): Promise<Pulled> {
    if (this.done) return END;
    return this.convert(await this.start(true).next());
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    const r = this.it?.return?.();
    if (r instanceof Promise) r.catch(() => undefined);
  }
}

/** Checks a generator's element against the declared structure, dtypes and (known) dims. */
export function checkAgainstSpec(where: string, el: Element, spec: ElementSpec, checkShapes: boolean): void {
  let i = 0;
  const rec = (e: Element, s: ElementSpec): void => {
    if (s instanceof TensorSpec) {
      if (!(e instanceof Tensor)) throw new ArgumentError(`${where}: expected a tensor ${s}, got a ${typeof e === 'string' ? 'string' : 'structure'}`);
      if (e.dtype !== s.dtype) throw new ArgumentError(`${where}: element component ${i} is ${e.dtype}, outputTypes says ${s.dtype}`);
      if (checkShapes && (e.rank !== s.shape.length || s.shape.some((d, k) => d >= 0 && d !== e.shape[k]))) {
        throw new ShapeError(`${where}: element component ${i} has shape ${fmtShape(e.shape)}, outputShapes says ${fmtShape(s.shape)}`);
      }
      i++;
      return;
    }
    if (s instanceof StringSpec) {
      if (typeof e !== 'string') throw new ArgumentError(`${where}: element component ${i} should be a string`);
      i++;
      return;
    }
    if (Array.isArray(s)) {
      if (!Array.isArray(e) || e.length !== s.length) throw new ArgumentError(`${where}: element structure does not match outputTypes (expected ${s.length} components)`);
      s.forEach((sub, k) => rec(e[k]!, sub));
      return;
    }
    if (typeof e === 'string' || e instanceof Tensor || Array.isArray(e)) throw new ArgumentError(`${where}: element structure does not match outputTypes`);
    for (const k of Object.keys(s)) {
      if (!(k in e)) throw new ArgumentError(`${where}: element lacks key '${k}' of outputTypes`);
      rec(e[k]!, (s as Record<string, ElementSpec>)[k]!);
    }
  };
  rec(el, spec);
}

export function sourceIterator(gen: Iterable<Element>, env: Env): ElementIterator {
  return new StageIterator(emitAll(gen), [], env);
}
