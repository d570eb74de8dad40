/**
 * The stages of a pipeline, each a generator of requests (see pipeline.ts). Elements a stage pulls are its own:
 * it passes them on or disposes them, and its `finally` frees what it still buffers when the pass is closed.
 */
import { allocArray, type TypedArray } from '../core/dtype.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, ShapeError, fmtShape } from '../core/errors.js';
import { Rng } from '../core/random.js';
import { Tensor } from '../core/tensor.js';
import { describeSpec, disposeElement, holdElement, leavesOf, specOf, buildFromSpec, toElement, mapLeaves, type Element } from './element.js';
import { END, type Openable, type Pulled, type StageBody } from './pipeline.js';

const PULL0 = { pull: 0 } as const;

/**
 * Applies a user function to a held element: tensors the function creates and does not return are freed (it
 * runs in a tidy), returned tensors become the pipeline's own (a passed-through input stays, anything else is a
 * fresh tensor sharing the data, so a closure's constant is never disposed by the pipeline), and inputs the
 * result does not contain are disposed.
 */
export function applyMap(fn: (el: Element) => unknown, el: Element, where: string): Element {
  const inputs = new Set(leavesOf(el).filter((l): l is Tensor => l instanceof Tensor));
  const passed = new Set<Tensor>();
  let out: Element;
  try {
    out = ENGINE.tidy(() => {
      const r = toElement(fn(el), where);
      return mapLeaves(r, (leaf) => {
        if (leaf instanceof Tensor) {
          if (inputs.has(leaf) && !passed.has(leaf) && !leaf.isDisposed) {
            passed.add(leaf);
            return leaf;
          }
          return ENGINE.shareCopy(leaf);
        }
        return leaf;
      });
    });
  } catch (e) {
    disposeElement(el);
    throw e;
  }
  for (const t of inputs) if (!passed.has(t) && !t.isDisposed) ENGINE.disposeTensor(t);
  return holdElement(out);
}

export function* mapStage(fn: (el: Element) => unknown): StageBody {
  for (;;) {
    const x = yield PULL0;
    if (x === END || x === undefined) return;
    yield { emit: applyMap(fn, x, 'Dataset.map') };
  }
}

/** Evaluates a filter predicate: a JS boolean or a scalar bool tensor. */
function keepElement(pred: (el: Element) => unknown, el: Element): boolean {
  return ENGINE.tidy(() => {
    const r = pred(el);
    if (typeof r === 'boolean') return r;
    if (r instanceof Tensor) {
      if (r.dtype !== 'bool' || r.size !== 1) {
        throw new ArgumentError(`Dataset.filter: the predicate must return a boolean or a scalar bool tensor, got ${r.dtype}${fmtShape(r.shape)}`);
      }
      return r.dataSync()[0] !== 0;
    }
    throw new ArgumentError(`Dataset.filter: the predicate must return a boolean or a scalar bool tensor, got ${typeof r}`);
  }) as boolean;
}

export function* filterStage(pred: (el: Element) => unknown): StageBody {
  for (;;) {
    const x = yield PULL0;
    if (x === END || x === undefined) return;
    let keep = false;
    try {
      keep = keepElement(pred, x);
    } finally {
      if (!keep) disposeElement(x);
    }
    if (keep) yield { emit: x };
  }
}

/** Seeds per pass of a shuffle: a fixed seed gives the same sequence of orders when the pipeline is rebuilt. */
function passSeed(seed: number, pass: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(pass + 1, 0x9e3779b1)) >>> 0;
}

/**
 * shuffle(bufferSize): TF's algorithm. The buffer is filled with the first bufferSize elements; each output is
 * a uniformly chosen buffer slot, refilled from upstream; when upstream ends the buffer drains in random order.
 */
export function* shuffleStage(bufferSize: number, seed: number, pass: number): StageBody {
  const rng = new Rng(passSeed(seed, pass));
  const buf: Element[] = [];
  try {
    let upstreamDone = false;
    for (;;) {
      while (!upstreamDone && buf.length < bufferSize) {
        const x = yield PULL0;
        if (x === END || x === undefined) upstreamDone = true;
        else buf.push(x);
      }
      if (buf.length === 0) return;
      const i = rng.int(buf.length);
      const el = buf[i]!;
      buf[i] = buf[buf.length - 1]!;
      buf.pop();
      yield { emit: el };
    }
  } finally {
    for (const el of buf) disposeElement(el);
  }
}

/**
 * Stacks elements of one structure along a new first dim: tensors of equal shape and dtype become one tensor,
 * strings become a string[]. The parts are disposed.
 */
export function stackElements(els: Element[], where: string): Element {
  const spec = specOf(els[0]!);
  const cols = els.map((e, i) => {
    const s = specOf(e);
    if (describeSpec(s) !== describeSpec(spec)) {
      throw new ShapeError(`${where}: cannot batch elements with different shapes or structures: element ${i} is ${describeSpec(s)}, element 0 is ${describeSpec(spec)}`);
    }
    return leavesOf(e);
  });
  const first = cols[0]!;
  const stacked = first.map((leaf, k) => {
    if (typeof leaf === 'string') return cols.map((c) => c[k] as string) as Element;
    const parts = cols.map((c) => c[k] as Tensor);
    const size = leaf.size;
    const out = allocArray(leaf.dtype, size * parts.length);
    parts.forEach((p, i) => (out as Float32Array).set(p.dataSync<TypedArray>() as Float32Array, i * size));
    const t = ENGINE.makeTensor(out, [parts.length, ...leaf.shape], leaf.dtype);
    t.kept = true;
    return t;
  });
  for (const e of els) disposeElement(e);
  return buildFromSpec(spec, stacked as (Tensor | string)[]);
}

function takeStacked(buf: Element[]): Element {
  const out = stackElements(buf, 'Dataset.batch');
  buf.length = 0;
  return out;
}

/**
 * Batches of n buffered elements (and the remainder unless dropRemainder). `take` makes the batch and empties the
 * buffer (freeing the parts); when it throws, the parts stay in the buffer for the finally below. batch stacks,
 * paddedBatch (batching.ts) pads and stacks.
 */
export function* batchStage(n: number, dropRemainder: boolean, take: (buf: Element[]) => Element = takeStacked): StageBody {
  const buf: Element[] = [];
  try {
    for (;;) {
      const x = yield PULL0;
      if (x === END || x === undefined) break;
      buf.push(x);
      if (buf.length === n) yield { emit: take(buf) };
    }
    if (buf.length > 0 && !dropRemainder) yield { emit: take(buf) };
  } finally {
    for (const el of buf) disposeElement(el);
  }
}

/** repeat(count): count < 0 repeats forever; an empty upstream ends the pass instead of looping forever. */
export function* repeatStage(count: number): StageBody {
  for (let epoch = 0; count < 0 || epoch < count; epoch++) {
    if (epoch > 0) yield { reopen: 0 };
    let any = false;
    for (;;) {
      const x = yield PULL0;
      if (x === END || x === undefined) break;
      any = true;
      yield { emit: x };
    }
    if (!any) return;
  }
}

export function* takeStage(n: number): StageBody {
  for (let i = 0; n < 0 || i < n; i++) {
    const x = yield PULL0;
    if (x === END || x === undefined) return;
    yield { emit: x };
  }
}

export function* skipStage(n: number): StageBody {
  for (let i = 0; n < 0 || i < n; i++) {
    const x = yield PULL0;
    if (x === END || x === undefined) return;
    disposeElement(x);
  }
  for (;;) {
    const x = yield PULL0;
    if (x === END || x === undefined) return;
    yield { emit: x };
  }
}

/** zip: one element from each upstream, in the given structure; ends with the shortest. */
export function* zipStage(keys: string[] | null, count: number): StageBody {
  for (;;) {
    const parts: Element[] = [];
    let ended = false;
    for (let k = 0; k < count; k++) {
      const x: Pulled | undefined = yield { pull: k };
      if (x === END || x === undefined) {
        ended = true;
        break;
      }
      parts.push(x);
    }
    if (ended) {
      for (const p of parts) disposeElement(p);
      return;
    }
    yield { emit: keys ? Object.fromEntries(keys.map((key, i) => [key, parts[i]!])) : parts };
  }
}

export function* concatenateStage(): StageBody {
  for (let k = 0; k < 2; k++) {
    for (;;) {
      const x = yield { pull: k };
      if (x === END || x === undefined) break;
      yield { emit: x };
    }
  }
}

/** The largest value of enumerate's int32 counter (the dtype Dataset.range uses by default). */
const INT32_MAX = 2 ** 31 - 1;

/** enumerate(start): [counter, element] with an int32 scalar counter start, start + 1, ... */
export function* enumerateStage(start: number): StageBody {
  for (let i = start; ; i++) {
    const x = yield PULL0;
    if (x === END || x === undefined) return;
    if (i > INT32_MAX) {
      disposeElement(x);
      throw new ArgumentError(`Dataset.enumerate: the int32 counter passed ${INT32_MAX}`);
    }
    const counter = ENGINE.makeTensor(Int32Array.of(i), [], 'int32');
    counter.kept = true;
    yield { emit: [counter, x] };
  }
}

/** shard(numShards, index): the elements whose position is index modulo numShards. */
export function* shardStage(numShards: number, index: number): StageBody {
  for (let i = 0; ; i++) {
    const x = yield PULL0;
    if (x === END || x === undefined) return;
    if (i % numShards === index) yield { emit: x };
    else disposeElement(x);
  }
}

/** A dataset made from one input element by flatMap / interleave's function, and what frees what it holds. */
export interface NestedDataset {
  source: Openable;
  release(): void;
}

/**
 * interleave(fn, cycleLength, blockLength) in TF's deterministic order: up to cycleLength datasets made from
 * consecutive input elements are open at once, and the stage takes blockLength elements from each in turn. A
 * cycle position whose dataset has ended gets the next input element's dataset when the cycle comes back to it;
 * once the input has ended, ended positions are skipped. flatMap is cycleLength 1, blockLength 1. The driver's
 * slot c + 1 holds cycle position c (slot 0 is the input) and releases a dataset when its slot is detached or
 * the pass is closed.
 */
export function* interleaveStage(make: (el: Element) => NestedDataset, cycleLength: number, blockLength: number): StageBody {
  const isOpen: boolean[] = new Array<boolean>(cycleLength).fill(false);
  let numOpen = 0;
  let cycle = 0;
  let block = 0;
  let inputDone = false;
  const nextInCycle = () => {
    block = 0;
    cycle = (cycle + 1) % cycleLength;
  };
  while (!inputDone || numOpen > 0) {
    if (isOpen[cycle]) {
      const x = yield { pull: cycle + 1 };
      if (x !== END && x !== undefined) {
        if (++block === blockLength) nextInCycle();
        yield { emit: x };
      } else {
        yield { detach: cycle + 1 };
        isOpen[cycle] = false;
        numOpen--;
        nextInCycle();
      }
    } else if (!inputDone) {
      const x = yield PULL0;
      if (x === END || x === undefined) inputDone = true;
      else {
        const nested = make(x);
        yield { attach: cycle + 1, source: nested.source, release: () => nested.release() };
        isOpen[cycle] = true;
        numOpen++;
      }
    } else nextInCycle();
  }
}

/** The contents of a cache(): complete after one full pass, replayed by later passes. */
export interface CacheStore {
  complete: boolean;
  items: Element[];
}

/** A held copy of an element sharing its data (the cache keeps its own tensors). */
export function copyElement(el: Element): Element {
  return holdElement(mapLeaves(el, (leaf) => (leaf instanceof Tensor ? ENGINE.shareCopy(leaf) : leaf)));
}

export function* cacheFillStage(store: CacheStore): StageBody {
  const items: Element[] = [];
  let complete = false;
  try {
    for (;;) {
      const x = yield PULL0;
      if (x === END || x === undefined) break;
      items.push(copyElement(x));
      yield { emit: x };
    }
    complete = true;
  } finally {
    // A pass stopped early leaves no partial cache behind (the next pass fills it again).
    if (complete && !store.complete) {
      store.items = items;
      store.complete = true;
    } else for (const el of items) disposeElement(el);
  }
}

export function* cacheReplay(store: CacheStore): Generator<Element> {
  for (const el of store.items) yield copyElement(el);
}

export function checkCount(where: string, name: string, n: unknown, allowNegativeOne: boolean): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || (n < 0 && !(allowNegativeOne && n === -1)) || (!allowNegativeOne && n < 1)) {
    throw new ArgumentError(`${where}: '${name}' must be ${allowNegativeOne ? 'a non-negative integer or -1' : 'a positive integer'}, got ${String(n)}`);
  }
  return n;
}

