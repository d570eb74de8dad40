/**
 * How pipeline stages run. A stage (map, shuffle, batch, ...) is written once, as a generator that yields
 * requests: `{ pull: k }` asks upstream k for its next element (the answer is the element or END), `{ emit }`
 * hands an element downstream, `{ reopen: k }` starts upstream k over (repeat). Stages whose upstreams are made
 * while they run (flatMap, interleave: one dataset per input element) put a dataset in slot k with
 * `{ attach: k, source, release }` (its pass starts at the first pull) and close it with `{ detach: k }`; the driver
 * calls `release` (which frees what the dataset holds) once the slot's pass is closed, also when the whole pass is. A driver runs that generator
 * either synchronously (graph `sess.run`, sync sources) or with awaits (async generators, `for await`), so the
 * same stage code serves both. A stage's `finally` block frees what it buffers when the pipeline is closed early.
 */
import { ArgumentError, TensorlaneError } from '../core/errors.js';
import { disposeElement, type Element } from './element.js';

export const END: unique symbol = Symbol('END');
export type Pulled = Element | typeof END;

export type Request =
  | { pull: number }
  | { emit: Element }
  | { reopen: number }
  | { attach: number; source: Openable; release?: () => void }
  | { detach: number };
export type StageBody = Generator<Request, void, Pulled | undefined>;

/** Values bound to a dataset's symbolic captures (placeholders) when an initializable iterator starts. */
export type Env = ReadonlyMap<unknown, unknown>;
export const EMPTY_ENV: Env = new Map();

/** One pass over a dataset. Elements it returns are held (see element.ts) and owned by the caller. */
export interface ElementIterator {
  readonly isAsync: boolean;
  nextSync(): Pulled;
  next(): Promise<Pulled>;
  /** Stops early: frees buffered elements and closes upstream iterators. Idempotent. */
  close(): void;
}

/** What a stage needs of an upstream dataset: whether it is async and how to start a pass over it. */
export interface Openable {
  readonly isAsync: boolean;
  open(env: Env): ElementIterator;
}

export function asyncOnlyError(where: string): ArgumentError {
  return new ArgumentError(
    `${where}: this dataset has an asynchronous source (an async generator or a file read asynchronously); ` +
      'iterate it with for await / toArray(), and in graph mode run it with sess.runAsync instead of sess.run',
  );
}

/** Serializes async calls: an iterator's next() must not run twice at once (prefetch asks ahead). */
class Queue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.tail.then(fn, fn);
    this.tail = p.catch(() => undefined);
    return p;
  }
}

/** Drives a stage generator over its upstream datasets. */
export class StageIterator implements ElementIterator {
  readonly isAsync: boolean;
  private readonly its: (ElementIterator | null)[];
  /** What each slot's pass is over: the upstreams given, then the datasets a stage attaches. */
  private readonly sources: (Openable | null)[];
  /** Per attached slot: frees what its dataset holds, after its pass is closed. */
  private readonly releases: ((() => void) | undefined)[] = [];
  private done = false;
  private readonly queue = new Queue();

  /** `isAsync` defaults to whether an upstream is; a stage that attaches datasets says whether they may be. */
  constructor(private readonly body: StageBody, ups: readonly Openable[], private readonly env: Env, isAsync?: boolean) {
    this.isAsync = isAsync ?? ups.some((u) => u.isAsync);
    this.sources = [...ups];
    this.its = ups.map(() => null);
  }

  private upstream(k: number): ElementIterator {
    const it = this.its[k];
    if (it) return it;
    const src = this.sources[k];
    if (!src) throw new TensorlaneError(`Dataset: internal error: a stage pulled from the empty slot ${k}`);
    return (this.its[k] = src.open(this.env));
  }

  private reopen(k: number): void {
    this.its[k]?.close();
    this.its[k] = null;
  }

  /** Closes slot k's pass, forgets its dataset and then releases what that dataset holds. */
  private drop(k: number): void {
    this.reopen(k);
    this.sources[k] = null;
    const release = this.releases[k];
    this.releases[k] = undefined;
    release?.();
  }

  /** The requests that change upstreams: reopen, attach, detach. */
  private rewire(req: Exclude<Request, { pull: number } | { emit: Element }>): void {
    if ('reopen' in req) this.reopen(req.reopen);
    else if ('attach' in req) {
      this.drop(req.attach);
      this.sources[req.attach] = req.source;
      this.releases[req.attach] = req.release;
    } else this.drop(req.detach);
  }

  nextSync(): Pulled {
    if (this.done) return END;
    let answer: Pulled | undefined;
    try {
      for (;;) {
        const r = this.body.next(answer);
        if (r.done) return this.finish();
        const req = r.value;
        if ('emit' in req) return req.emit;
        if ('pull' in req) answer = this.upstream(req.pull).nextSync();
        else {
          this.rewire(req);
          answer = undefined;
        }
      }
    } catch (e) {
      this.close();
      throw e;
    }
  }

  next(): Promise<Pulled> {
    return this.queue.run(async () => {
      if (this.done) return END;
      let answer: Pulled | undefined;
      try {
        for (;;) {
          const r = this.body.next(answer);
          if (r.done) return this.finish();
          const req = r.value;
          if ('emit' in req) return req.emit;
          if ('pull' in req) answer = await this.upstream(req.pull).next();
          else {
            this.rewire(req);
            answer = undefined;
          }
        }
      } catch (e) {
        this.close();
        throw e;
      }
    });
  }

  private finish(): typeof END {
    this.close();
    return END;
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    try {
      this.body.return();
    } finally {
      for (let k = 0; k < Math.max(this.its.length, this.sources.length); k++) this.drop(k);
    }
  }
}

/** A source written as a plain generator of elements (no upstream). */
export function* emitAll(gen: Iterable<Element>): StageBody {
  for (const el of gen) yield { emit: el };
}

/**
 * prefetch(n): asynchronously, keeps up to n upstream next() calls in flight, so producing the next elements
 * (file reads, async generators) overlaps with the consumer's work. Synchronously it passes elements through.
 */
export class PrefetchIterator implements ElementIterator {
  readonly isAsync: boolean;
  private pending: Promise<Pulled>[] = [];
  private closed = false;

  constructor(private readonly up: ElementIterator, private readonly size: number) {
    this.isAsync = up.isAsync;
  }

  nextSync(): Pulled {
    if (this.closed) return END;
    if (this.pending.length > 0) throw new ArgumentError('prefetch: a pass started asynchronously cannot continue synchronously');
    return this.up.nextSync();
  }

  async next(): Promise<Pulled> {
    if (this.closed) return END;
    while (this.pending.length < Math.max(1, this.size)) this.pending.push(this.up.isAsync ? this.up.next() : Promise.resolve().then(() => this.up.nextSync()));
    const el = await this.pending.shift()!;
    if (this.closed && el !== END) {
      disposeElement(el);
      return END;
    }
    return el;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Elements already asked for are freed when they arrive.
    for (const p of this.pending) p.then((el) => el !== END && disposeElement(el), () => undefined);
    this.pending = [];
    this.up.close();
  }
}
