/**
 * `tl.summary.FileWriter` (TF 1.x `tf.summary.FileWriter`): appends Events to a tfevents file in `logdir` for
 * TensorBoard. Writes never block training: events are framed into an in-memory queue, and the queue goes to
 * disk with async fs writes on flush(), on close(), every `flushMillis`, when it holds `maxQueue` events, and
 * when the process is about to exit. Each writer owns one file, `events.out.tfevents.<secs>.<hostname>.<pid>.<n>`
 * (TensorBoard reads every file whose name contains "tfevents"), which starts with a file_version event.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, TensorlaneError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { Graph } from '../graph/graph.js';
import { encodeGraphDef } from './graph_def.js';
import { encodeMessage, tbTypes } from './proto.js';
import { frameRecord } from './record_io.js';
import { concatBytes } from '../io/safetensors.js';
import { summaryBytes } from './summary_ops.js';
import { encodeSummary, type SummaryValue } from './summary_values.js';

export interface FileWriterOptions {
  /** Events held in memory before a write is started (default 10, as TF). */
  maxQueue?: number;
  /** Milliseconds between background flushes (default 120 000, TF's flush_secs=120). */
  flushMillis?: number;
  /** Appended to the file name. */
  filenameSuffix?: string;
}

/** An Event as a plain object (protobufjs field names: wallTime, step, fileVersion, summary, graphDef, ...). */
export type EventMessage = Record<string, unknown>;

/** A summary as accepted by addSummary: a summary op's evaluated result, serialized bytes, or {value: [...]}. */
export type SummaryLike = Tensor | Uint8Array | { value: SummaryValue[] };

const FILE_VERSION = 'brain.Event:2';
let writerCount = 0;

// Writers still open when the event loop drains get their queue written (beforeExit allows async work).
const openWriters = new Set<FileWriter>();
let exitHookInstalled = false;
function watchExit(w: FileWriter): void {
  openWriters.add(w);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('beforeExit', () => {
    for (const writer of openWriters) if (writer.pendingEvents > 0) void writer.flush().catch(() => {});
  });
}

export class FileWriter {
  readonly logdir: string;
  /** The event file's path. */
  readonly path: string;
  private queue: Uint8Array[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  private readonly maxQueue: number;
  /** The first failed write; reported by the next flush()/close(). */
  private failure: unknown;

  constructor(logdir: string, graph?: Graph, opts: FileWriterOptions = {}) {
    checkOptions('summary.FileWriter', opts, ['maxQueue', 'flushMillis', 'filenameSuffix']);
    if (typeof logdir !== 'string' || logdir.length === 0) throw new ArgumentError(`summary.FileWriter: logdir must be a non-empty string, got ${JSON.stringify(logdir)}`);
    if (graph !== undefined && graph !== null && !(graph instanceof Graph)) throw new ArgumentError('summary.FileWriter: graph must be a tl.Graph');
    this.maxQueue = positiveInt(opts.maxQueue ?? 10, 'maxQueue');
    const flushMillis = positiveInt(opts.flushMillis ?? 120_000, 'flushMillis');
    const suffix = opts.filenameSuffix ?? '';
    if (typeof suffix !== 'string' || /[/\\]/.test(suffix)) throw new ArgumentError(`summary.FileWriter: filenameSuffix must be a string without path separators, got ${JSON.stringify(suffix)}`);
    this.logdir = logdir;
    const secs = Math.floor(Date.now() / 1000);
    this.path = join(logdir, `events.out.tfevents.${secs}.${hostname()}.${process.pid}.${writerCount++}${suffix}`);
    this.enqueue({ wallTime: Date.now() / 1000, fileVersion: FILE_VERSION });
    if (graph) this.addGraph(graph);
    // The file appears at once (TensorBoard lists the run), written in the background.
    void this.flush().catch(() => {});
    this.timer = setInterval(() => void this.flush().catch(() => {}), flushMillis);
    this.timer.unref();
    watchExit(this);
  }

  /** Events queued in memory, not yet handed to the file system. */
  get pendingEvents(): number {
    return this.queue.length;
  }

  /** Queues an Event (wallTime defaults to now). */
  addEvent(event: EventMessage): void {
    if (event === null || typeof event !== 'object') throw new ArgumentError('FileWriter.addEvent: event must be an object (tensorflow.Event fields)');
    this.enqueue({ wallTime: Date.now() / 1000, ...event });
  }

  /** Queues a summary (the result of sess.run(summaryOp), its bytes, or {value: [...]}) at a global step. */
  addSummary(summary: SummaryLike, step = 0): void {
    checkStep(step, 'FileWriter.addSummary');
    const bytes = summary instanceof Tensor || summary instanceof Uint8Array ? summaryBytes(summary, 'FileWriter.addSummary') : encodeSummaryLike(summary);
    // Decoded and re-encoded inside the Event: a malformed byte string fails here, naming the call.
    let decoded: unknown;
    try {
      decoded = tbTypes().Summary.decode(bytes);
    } catch (e) {
      throw new ArgumentError(`FileWriter.addSummary: the bytes are not a serialized Summary (${(e as Error).message})`);
    }
    this.enqueue({ wallTime: Date.now() / 1000, step, summary: decoded });
  }

  /** Queues the graph for TensorBoard's graph dashboard. */
  addGraph(graph: Graph, step = 0): void {
    if (!(graph instanceof Graph)) throw new ArgumentError('FileWriter.addGraph: graph must be a tl.Graph');
    checkStep(step, 'FileWriter.addGraph');
    this.enqueue({ wallTime: Date.now() / 1000, step, graphDef: encodeGraphDef(graph) });
  }

  /** Queues a SessionLog event (status 'START', 'STOP' or 'CHECKPOINT'); START tells TensorBoard a run restarted. */
  addSessionLog(status: 'START' | 'STOP' | 'CHECKPOINT', step = 0, opts: { checkpointPath?: string; msg?: string } = {}): void {
    if (!['START', 'STOP', 'CHECKPOINT'].includes(status)) throw new ArgumentError(`FileWriter.addSessionLog: status must be 'START', 'STOP' or 'CHECKPOINT', got ${String(status)}`);
    checkOptions('FileWriter.addSessionLog', opts, ['checkpointPath', 'msg']);
    checkStep(step, 'FileWriter.addSessionLog');
    this.enqueue({ wallTime: Date.now() / 1000, step, sessionLog: { status, ...opts } });
  }

  /** Writes everything queued so far; resolves when it is on disk (rejects with a write's error). */
  flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length > 0) {
      const bytes = concatBytes(batch);
      this.chain = this.chain.then(async () => {
        if (this.failure) return;
        try {
          await mkdir(this.logdir, { recursive: true });
          await appendFile(this.path, bytes);
        } catch (e) {
          this.failure = e;
        }
      });
    }
    return this.chain.then(() => {
      if (this.failure) throw new TensorlaneError(`summary.FileWriter: writing '${this.path}' failed: ${(this.failure as Error).message}`);
    });
  }

  /** Flushes and stops the writer; later adds throw. */
  async close(): Promise<void> {
    if (this.closed) return this.chain;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    openWriters.delete(this);
    await this.flush();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private enqueue(event: EventMessage): void {
    if (this.closed) throw new TensorlaneError(`summary.FileWriter: the writer for '${this.path}' is closed`);
    let bytes: Uint8Array;
    try {
      bytes = encodeMessage(tbTypes().Event, event);
    } catch (e) {
      throw new ArgumentError(`summary.FileWriter: not a valid Event: ${(e as Error).message}`);
    }
    this.queue.push(frameRecord(bytes));
    if (this.queue.length >= this.maxQueue) void this.flush().catch(() => {});
  }
}

function encodeSummaryLike(s: { value: SummaryValue[] }): Uint8Array {
  if (s === null || typeof s !== 'object' || !Array.isArray(s.value)) {
    throw new ArgumentError('FileWriter.addSummary: summary must be a summary op result (tensor), bytes, or {value: [...]}');
  }
  return encodeSummary(s.value);
}

function checkStep(step: unknown, where: string): void {
  if (typeof step !== 'number' || !Number.isSafeInteger(step)) throw new ArgumentError(`${where}: step must be an integer, got ${String(step)}`);
}

function positiveInt(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ArgumentError(`summary.FileWriter: ${name} must be a positive integer, got ${String(v)}`);
  return v;
}
