/**
 * Reading files in chunks for datasets: one reader serves synchronous passes (graph `sess.run`, `for of`) with
 * fs.readSync and asynchronous ones (`for await`, `sess.runAsync`) with fs.read, so a file dataset works in
 * both; a file is never read whole into memory. TextLineDataset yields its lines as JS strings (tensorlane has
 * no string dtype): map them to tensors (e.g. split and parse) before batching into a graph.
 */
import { closeSync, openSync, read, readSync } from 'node:fs';
import { ArgumentError, FileFormatError } from '../core/errors.js';
import { disposeElement, STRING_SPEC, type Element, type ElementSpec } from './element.js';
import { Dataset } from './dataset.js';
import { END, StageIterator, type ElementIterator, type Pulled, type StageBody } from './pipeline.js';

const CHUNK = 64 * 1024;

/** Sequential chunks of one file; the descriptor is opened on first use and closed at the end or on close(). */
export class FileChunks {
  private fd: number | null = null;
  private done = false;
  private readonly buf = Buffer.allocUnsafe(CHUNK);

  constructor(readonly path: string) {}

  private open(): number {
    if (this.fd === null) {
      try {
        this.fd = openSync(this.path, 'r');
      } catch (e) {
        this.done = true;
        throw new FileFormatError(`${this.path}: cannot open (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    }
    return this.fd;
  }

  /** The next chunk (a copy), or null at the end of the file. */
  readSync(): Buffer | null {
    if (this.done) return null;
    const n = readSync(this.open(), this.buf, 0, CHUNK, null);
    return this.take(n);
  }

  async read(): Promise<Buffer | null> {
    if (this.done) return null;
    const fd = this.open();
    const n = await new Promise<number>((resolve, reject) => read(fd, this.buf, 0, CHUNK, null, (err, bytes) => (err ? reject(err) : resolve(bytes))));
    return this.take(n);
  }

  private take(n: number): Buffer | null {
    if (n === 0) {
      this.close();
      return null;
    }
    return Buffer.from(this.buf.subarray(0, n));
  }

  close(): void {
    this.done = true;
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}

/**
 * A pass over records parsed from a file's chunks: `feed(chunk)` returns the records a chunk completes and
 * `feed(null)` those left at the end. Shared by text lines and CSV.
 */
export abstract class ChunkedRecordIterator implements ElementIterator {
  readonly isAsync = false;
  private readonly chunks: FileChunks;
  private ready: Element[] = [];
  /** Index of the next ready record (shift() would be quadratic on a chunk's thousands of records). */
  private pos = 0;
  private finished = false;

  constructor(path: string) {
    this.chunks = new FileChunks(path);
  }

  protected abstract feed(chunk: Buffer | null): Element[];

  nextSync(): Pulled {
    while (this.pos >= this.ready.length && !this.finished) this.accept(this.chunks.readSync());
    return this.take();
  }

  async next(): Promise<Pulled> {
    while (this.pos >= this.ready.length && !this.finished) this.accept(await this.chunks.read());
    return this.take();
  }

  private take(): Pulled {
    if (this.pos >= this.ready.length) return END;
    const el = this.ready[this.pos]!;
    this.ready[this.pos++] = '';
    return el;
  }

  private accept(chunk: Buffer | null): void {
    if (chunk === null) this.finished = true;
    try {
      this.ready = this.feed(chunk);
      this.pos = 0;
    } catch (e) {
      this.close();
      throw e;
    }
  }

  close(): void {
    this.finished = true;
    // Records parsed but never taken are freed.
    for (let i = this.pos; i < this.ready.length; i++) disposeElement(this.ready[i]!);
    this.ready = [];
    this.pos = 0;
    this.chunks.close();
  }
}

/** Lines of a UTF-8 file without their '\n' / '\r\n' (a final line without a newline counts). */
class LineIterator extends ChunkedRecordIterator {
  private readonly decoder = new TextDecoder('utf-8');
  private partial = '';

  protected feed(chunk: Buffer | null): Element[] {
    const text = this.partial + (chunk ? this.decoder.decode(chunk, { stream: true }) : this.decoder.decode());
    const lines = text.split('\n');
    this.partial = chunk ? lines.pop()! : '';
    if (!chunk && lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  }
}

/** Concatenates passes over several files, one after another. */
export function* filesInOrder(count: number): StageBody {
  for (let k = 0; k < count; k++) {
    for (;;) {
      const x = yield { pull: k };
      if (x === END || x === undefined) break;
      yield { emit: x };
    }
  }
}

export function checkPaths(where: string, paths: unknown): string[] {
  const list = typeof paths === 'string' ? [paths] : paths;
  if (!Array.isArray(list) || list.length === 0 || !list.every((p) => typeof p === 'string' && p.length > 0)) {
    throw new ArgumentError(`${where}: 'paths' must be a file path or a non-empty array of paths`);
  }
  return list as string[];
}

/** Several files read one after another, each by `perFile`. */
export function filesDataset(paths: string[], perFile: (path: string) => ElementIterator, spec: () => ElementSpec): Dataset {
  const sources = paths.map((p) => ({ isAsync: false, open: () => perFile(p) }));
  return new Dataset({
    open: (env) => (sources.length === 1 ? sources[0]!.open() : new StageIterator(filesInOrder(sources.length), sources, env)),
    isAsync: false,
    spec,
    captures: [],
  });
}

/** TF's tf.data.TextLineDataset: the lines of one or more text files (UTF-8), as JS strings. */
export function TextLineDataset(paths: string | string[]): Dataset {
  const list = checkPaths('TextLineDataset', paths);
  return filesDataset(list, (p) => new LineIterator(p), () => STRING_SPEC);
}
