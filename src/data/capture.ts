/**
 * What a dataset holds between passes: the tensors given to fromTensorSlices / fromTensors (captured as handles
 * sharing their data, so the caller may dispose the originals) and the contents of cache(). A dataset made by the
 * user keeps them as long as it lives. flatMap and interleave make a dataset per input element; they build it
 * inside a ReleaseScope, which records how to free what the dataset holds, and free it when its pass ends.
 */
import { ENGINE } from '../core/engine.js';
import { ArgumentError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { isTypedArray, makeTensorFrom } from '../core/tensor_util.js';
import { isPlainObject, mapLeaves, type Element } from './element.js';

let activeScope: ReleaseScope | null = null;

export class ReleaseScope {
  private readonly releases: (() => void)[] = [];

  /** Runs fn with this scope collecting the releases of the datasets fn makes. */
  run<T>(fn: () => T): T {
    const outer = activeScope;
    activeScope = this;
    try {
      return fn();
    } finally {
      activeScope = outer;
    }
  }

  add(release: () => void): void {
    this.releases.push(release);
  }

  /** Frees everything recorded (once). */
  release(): void {
    for (const r of this.releases.splice(0)) r();
  }
}

/** Records `release` in the active scope, if any; whether one was active (the dataset is then short-lived). */
export function releaseWithScope(release: () => void): boolean {
  activeScope?.add(release);
  return activeScope !== null;
}

/** Whether x is a nested array of numbers / booleans (a tensor value rather than a tuple of components). */
function isNumericNested(x: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (typeof x === 'number' || typeof x === 'boolean') return true;
  return Array.isArray(x) && x.length > 0 && x.every((v) => isNumericNested(v, depth + 1));
}

/** Tensors (captured as handles sharing their data, symbolic ones as they are) in the user's structure. */
export function captureStructure(x: unknown, where: string): Element {
  const made: Tensor[] = [];
  let structure: Element;
  try {
    structure = captureRec(x, where, 0, made);
  } catch (e) {
    // A bad leaf after good ones: free the copies already taken.
    for (const t of made) ENGINE.disposeTensor(t);
    throw e;
  }
  releaseWithScope(() => disposeCaptured(structure));
  return structure;
}

function captureRec(x: unknown, where: string, depth: number, made: Tensor[]): Element {
  if (depth > 64) throw new ArgumentError(`${where}: structure nests deeper than 64 levels`);
  if (x instanceof Tensor) {
    x.throwIfDisposed(where);
    if (x.isSymbolic) return x;
    const c = ENGINE.shareCopy(x);
    c.kept = true;
    made.push(c);
    return c;
  }
  if (isTypedArray(x) || isNumericNested(x)) {
    const t = ENGINE.keep(makeTensorFrom(where, 'x', x as never));
    made.push(t);
    return t;
  }
  if (Array.isArray(x)) {
    if (x.length === 0) throw new ArgumentError(`${where}: an empty array has no components`);
    return x.map((v) => captureRec(v, where, depth + 1, made));
  }
  if (isPlainObject(x)) {
    if (Object.keys(x).length === 0) throw new ArgumentError(`${where}: an empty object has no components`);
    const out: Record<string, Element> = {};
    for (const [k, v] of Object.entries(x)) out[k] = captureRec(v, where, depth + 1, made);
    return out;
  }
  throw new ArgumentError(`${where}: expected a tensor, an array or an object of tensors, got ${x === null ? 'null' : typeof x}`);
}

/** Frees what captureStructure copied (graph tensors stay: they belong to their graph). */
export function disposeCaptured(structure: Element): void {
  mapLeaves(structure, (leaf) => {
    if (leaf instanceof Tensor && !leaf.isSymbolic && !leaf.isDisposed) ENGINE.disposeTensor(leaf);
    return leaf;
  });
}

export function symbolicLeaves(structure: Element): Tensor[] {
  const out: Tensor[] = [];
  mapLeaves(structure, (leaf) => {
    if (leaf instanceof Tensor && leaf.isSymbolic && !out.includes(leaf)) out.push(leaf);
    return leaf;
  });
  return out;
}
