/**
 * Dataset elements and their specs. An element is a tensor, a JS string (tensorlane has no string dtype: text
 * lines and CSV string columns stay JS strings), or a nested array / plain object of those. A spec mirrors an
 * element with TensorSpec / StringSpec leaves; graph iterators build their symbolic outputs from it.
 *
 * Ownership inside a pipeline: every tensor an element holds while it travels between stages is `kept` (no tidy
 * scope frees it: graph runs execute nodes inside a tidy, and a shuffle buffer outlives the run that filled it).
 * The stage that consumes an element disposes what it does not pass on; the consumer at the end (the eager
 * iterator or the graph node) clears `kept` and hands the tensors to the user, who then owns them.
 */
import { isDType, type DType } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { makeTensorFrom, isTypedArray } from '../core/tensor_util.js';

export type Element = Tensor | string | Element[] | { [key: string]: Element };

/** A tensor component: static shape (-1 for an unknown dim) and dtype. */
export class TensorSpec {
  constructor(readonly shape: number[], readonly dtype: DType) {}
  toString(): string {
    return `${this.dtype}${fmtShape(this.shape)}`;
  }
}

/** A JS string component (or a batch of strings, a string[]). */
export class StringSpec {
  toString(): string {
    return 'string';
  }
}
export const STRING_SPEC = new StringSpec();

export type ElementSpec = TensorSpec | StringSpec | ElementSpec[] | { [key: string]: ElementSpec };

const MAX_DEPTH = 64;

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return !!x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;
}

/** The leaves of an element (tensors and strings) in structure order: arrays by index, objects by key order. */
export function leavesOf(el: Element): (Tensor | string)[] {
  const out: (Tensor | string)[] = [];
  const rec = (x: Element, depth: number) => {
    if (depth > MAX_DEPTH) throw new ArgumentError('Dataset: element nests deeper than 64 levels');
    if (x instanceof Tensor || typeof x === 'string') out.push(x);
    else if (Array.isArray(x)) x.forEach((v) => rec(v, depth + 1));
    else for (const v of Object.values(x)) rec(v, depth + 1);
  };
  rec(el, 0);
  return out;
}

export function tensorsOf(el: Element): Tensor[] {
  return leavesOf(el).filter((l): l is Tensor => l instanceof Tensor);
}

/** The same structure with every leaf mapped. */
export function mapLeaves(el: Element, fn: (leaf: Tensor | string) => Element): Element {
  if (el instanceof Tensor || typeof el === 'string') return fn(el);
  if (Array.isArray(el)) return el.map((v) => mapLeaves(v, fn));
  const out: Record<string, Element> = {};
  for (const [k, v] of Object.entries(el)) out[k] = mapLeaves(v, fn);
  return out;
}

/** Marks an element's tensors as held by the pipeline (no scope frees them). */
export function holdElement<E extends Element>(el: E): E {
  for (const t of tensorsOf(el)) t.kept = true;
  return el;
}

/** Hands an element's tensors to the user: scopes and disposal work on them as on any tensor. */
export function releaseElement<E extends Element>(el: E): E {
  for (const t of tensorsOf(el)) t.kept = false;
  return el;
}

export function disposeElement(el: Element): void {
  for (const t of tensorsOf(el)) if (!t.isDisposed) ENGINE.disposeTensor(t);
}

/**
 * Converts what user code produced (a generator's yield, a map function's result) into an element: tensors
 * and strings stay, numbers and booleans become scalars (float32 / bool, or the dtype `spec` gives), typed
 * arrays become 1-D tensors; arrays and plain objects are structure. Where `spec` has a TensorSpec, a nested
 * number array converts as one tensor of that dtype.
 */
export function toElement(x: unknown, where: string, spec?: ElementSpec, depth = 0): Element {
  if (depth > MAX_DEPTH) throw new ArgumentError(`${where}: element nests deeper than ${MAX_DEPTH} levels`);
  if (x instanceof Tensor) {
    x.throwIfDisposed(where);
    if (x.isSymbolic) throw new ArgumentError(`${where}: a symbolic (graph) tensor cannot be a dataset element; datasets produce concrete values`);
    return x;
  }
  if (typeof x === 'string') return x;
  const dtype = spec instanceof TensorSpec ? spec.dtype : undefined;
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint' || isTypedArray(x) || (dtype && Array.isArray(x))) {
    return makeTensorFrom(where, 'element', x as never, undefined, dtype);
  }
  if (Array.isArray(x)) {
    const sub = Array.isArray(spec) ? spec : undefined;
    return x.map((v, i) => toElement(v, where, sub?.[i], depth + 1));
  }
  if (isPlainObject(x)) {
    const sub = spec && !Array.isArray(spec) && !(spec instanceof TensorSpec) && !(spec instanceof StringSpec) ? spec : undefined;
    const out: Record<string, Element> = {};
    for (const [k, v] of Object.entries(x)) out[k] = toElement(v, where, sub?.[k], depth + 1);
    return out;
  }
  throw new ArgumentError(`${where}: cannot make a dataset element of ${x === null ? 'null' : typeof x}; use tensors, numbers, strings, arrays or objects of them`);
}

/** The spec of a concrete element; `unknownDims` keeps only the ranks (for specs guessed from a first element). */
export function specOf(el: Element, unknownDims = false): ElementSpec {
  if (el instanceof Tensor) return new TensorSpec(unknownDims ? el.shape.map(() => -1) : [...el.shape], el.dtype);
  if (typeof el === 'string') return STRING_SPEC;
  if (Array.isArray(el)) return el.map((v) => specOf(v, unknownDims));
  const out: Record<string, ElementSpec> = {};
  for (const [k, v] of Object.entries(el)) out[k] = specOf(v, unknownDims);
  return out;
}

export function specLeaves(spec: ElementSpec): (TensorSpec | StringSpec)[] {
  if (spec instanceof TensorSpec || spec instanceof StringSpec) return [spec];
  if (Array.isArray(spec)) return spec.flatMap(specLeaves);
  return Object.values(spec).flatMap(specLeaves);
}

/** Rebuilds an element of `spec`'s structure from its leaves in order. */
export function buildFromSpec(spec: ElementSpec, leaves: (Tensor | string)[]): Element {
  let i = 0;
  const rec = (s: ElementSpec): Element => {
    if (s instanceof TensorSpec || s instanceof StringSpec) return leaves[i++]!;
    if (Array.isArray(s)) return s.map(rec);
    const out: Record<string, Element> = {};
    for (const [k, v] of Object.entries(s)) out[k] = rec(v);
    return out;
  };
  return rec(spec);
}

/** A spec with every tensor leaf transformed (batch adds a leading dim). */
export function mapSpec(spec: ElementSpec, fn: (s: TensorSpec) => TensorSpec): ElementSpec {
  if (spec instanceof TensorSpec) return fn(spec);
  if (spec instanceof StringSpec) return spec;
  if (Array.isArray(spec)) return spec.map((s) => mapSpec(s, fn));
  const out: Record<string, ElementSpec> = {};
  for (const [k, v] of Object.entries(spec)) out[k] = mapSpec(v, fn);
  return out;
}

/** A short description of a structure, for error messages. */
export function describeSpec(spec: ElementSpec): string {
  if (spec instanceof TensorSpec || spec instanceof StringSpec) return spec.toString();
  if (Array.isArray(spec)) return `[${spec.map(describeSpec).join(', ')}]`;
  return `{${Object.entries(spec).map(([k, v]) => `${k}: ${describeSpec(v)}`).join(', ')}}`;
}

/**
 * The most specific spec both a and b satisfy (concatenate): same structure and dtypes, dims that differ become
 * unknown. Anything else is a typed error naming `where`.
 */
export function mostSpecificCompatible(where: string, a: ElementSpec, b: ElementSpec): ElementSpec {
  const fail = () => new ArgumentError(`${where}: element structures differ: ${describeSpec(a)} vs ${describeSpec(b)}`);
  if (a instanceof StringSpec || b instanceof StringSpec) {
    if (a instanceof StringSpec && b instanceof StringSpec) return a;
    throw fail();
  }
  if (a instanceof TensorSpec || b instanceof TensorSpec) {
    if (!(a instanceof TensorSpec && b instanceof TensorSpec)) throw fail();
    if (a.dtype !== b.dtype) throw new DTypeError(`${where}: dtypes differ: ${a} vs ${b}`);
    if (a.shape.length !== b.shape.length) throw new ShapeError(`${where}: ranks differ: ${a} vs ${b}`);
    return new TensorSpec(a.shape.map((d, i) => (d === b.shape[i] ? d : -1)), a.dtype);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) throw fail();
    return a.map((s, i) => mostSpecificCompatible(where, s, b[i]!));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k) => !(k in b))) throw fail();
  const out: Record<string, ElementSpec> = {};
  for (const k of ka) out[k] = mostSpecificCompatible(where, a[k]!, (b as Record<string, ElementSpec>)[k]!);
  return out;
}

/** outputTypes / outputShapes (TF's from_generator / Iterator.from_structure arguments) as a spec. */
export function specFromTypes(where: string, types: unknown, shapes: unknown, depth = 0): ElementSpec {
  if (depth > 64) throw new ArgumentError(`${where}: outputTypes nests too deep`);
  if (types === 'string') return STRING_SPEC;
  if (typeof types === 'string') {
    if (!isDType(types)) throw new DTypeError(`${where}: unknown dtype '${types}' in outputTypes`);
    if (shapes === undefined) return new TensorSpec([], types);
    if (!Array.isArray(shapes) || !shapes.every((d) => d === null || (Number.isInteger(d) && d >= 0))) {
      throw new ArgumentError(`${where}: outputShapes entry ${JSON.stringify(shapes)} is not a shape (use null for unknown dims)`);
    }
    return new TensorSpec(shapes.map((d) => (d === null ? -1 : (d as number))), types);
  }
  if (Array.isArray(types)) {
    if (shapes !== undefined && (!Array.isArray(shapes) || shapes.length !== types.length)) throw new ArgumentError(`${where}: outputShapes does not match outputTypes' structure`);
    return types.map((t, i) => specFromTypes(where, t, (shapes as unknown[] | undefined)?.[i], depth + 1));
  }
  if (isPlainObject(types)) {
    if (shapes !== undefined && !isPlainObject(shapes)) throw new ArgumentError(`${where}: outputShapes does not match outputTypes' structure`);
    return Object.fromEntries(Object.entries(types).map(([k, t]) => [k, specFromTypes(where, t, (shapes as Record<string, unknown> | undefined)?.[k], depth + 1)]));
  }
  throw new ArgumentError(`${where}: outputTypes must be a dtype name, 'string', or an array / object of them`);
}

