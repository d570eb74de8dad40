/**
 * The per-batch bookkeeping of fit/evaluate kept off the hot path:
 *  - EpochAverager holds each batch's loss/metric values as TENSORS and reads them only when someone looks
 *    (epoch end, or a callback reading a batch's logs), in one read for all pending batches. Reading a value
 *    forces the backend to finish and copies it out; a fit that nobody watches per batch never pays that.
 *    Values are read as float32 and summed in float64 in batch order, so the numbers equal a per-batch read.
 *  - lazyBatchLogs gives callbacks the running averages after batch b as ordinary enumerable keys whose
 *    values are computed on first access (and stay those of batch b even when read later).
 *  - EventLoopYielder lets timers and I/O run during training without paying a macrotask per batch.
 */
import { ENGINE } from '../core/engine.js';
import type { Tensor } from '../core/tensor.js';
import * as raw from '../ops/index.js';
import { ArgumentError } from '../core/errors.js';
import type { Logs } from './callbacks.js';

interface Snapshot {
  sums: number[];
  count: number;
}

export class EpochAverager {
  private pending: { values: Tensor; n: number }[] = [];
  private sums: number[] = [];
  private count = 0;
  /** The running sums after each batch (index = batch), for batch logs read after later batches ran. */
  private readonly snapshots: Snapshot[] = [];

  /** Batches added so far. */
  get batches(): number {
    return this.snapshots.length + this.pending.length;
  }

  /** Takes ownership of `values` (a scalar or a [k] vector: loss first) for a batch of n samples. */
  addTensor(values: Tensor, n: number): void {
    this.pending.push({ values, n });
  }

  /** Values already read (graph steps read them with the session run). */
  addValues(values: number[], n: number): void {
    this.flush();
    this.accumulate(values, n);
  }

  private accumulate(values: ArrayLike<number>, n: number): void {
    for (let i = 0; i < values.length; i++) this.sums[i] = (this.sums[i] ?? 0) + Number(values[i]) * n;
    this.count += n;
    this.snapshots.push({ sums: [...this.sums], count: this.count });
  }

  /** Reads every pending batch's values in one go. */
  flush(): void {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    try {
      const flat = ENGINE.tidy(() => {
        const rows = pending.map((p) => raw.reshape(p.values.dtype === 'float32' ? p.values : raw.cast(p.values, 'float32'), [-1]));
        // A copy: the tensors (and the memory their data lives in) go away below.
        return new Float32Array((rows.length === 1 ? rows[0]! : raw.concat(rows, 0)).dataSync() as Float32Array);
      }) as Float32Array;
      const k = flat.length / pending.length;
      pending.forEach((p, b) => this.accumulate(flat.subarray(b * k, (b + 1) * k), p.n));
    } finally {
      for (const p of pending) p.values.dispose();
    }
  }

  private static toLogs(s: Snapshot | undefined, names: string[], prefix: string): Logs {
    const out: Logs = {};
    names.forEach((k, i) => (out[prefix + k] = s && s.count > 0 ? s.sums[i]! / s.count : NaN));
    return out;
  }

  /** The averages over every batch so far. */
  logs(names: string[], prefix = ''): Logs {
    this.flush();
    return EpochAverager.toLogs({ sums: this.sums, count: this.count }, names, prefix);
  }

  /** The running averages right after batch `batch` (0-based). */
  logsAfter(batch: number, names: string[]): Logs {
    this.flush();
    return EpochAverager.toLogs(this.snapshots[batch], names, '');
  }

  dispose(): void {
    for (const p of this.pending) p.values.dispose();
    this.pending = [];
  }
}

/**
 * {batch, size, loss, acc, ...} for onBatchEnd: the metric keys are enumerable getters that read the values on
 * first access; a callback may also overwrite them (they become plain values).
 */
export function lazyBatchLogs(avg: EpochAverager, batch: number, size: number, names: string[]): Logs {
  const logs: Logs = { batch, size };
  let values: Logs | null = null;
  for (const k of names) {
    Object.defineProperty(logs, k, {
      enumerable: true,
      configurable: true,
      get: () => (values ??= avg.logsAfter(batch, names))[k],
      set: (v: number) => Object.defineProperty(logs, k, { value: v, writable: true, enumerable: true, configurable: true }),
    });
  }
  return logs;
}

/**
 * fit's `yieldEvery` (tfjs' option): 'auto' (default) lets the event loop run at most every ~10 ms; 'batch' after
 * every batch; 'epoch' only between epochs; 'never' not at all; a number: at most every that many ms. Each yield
 * costs more than a macrotask (on a busy machine the process may lose its core and its caches at that point),
 * so 'epoch' trains fastest and 'auto' keeps timers, I/O and progress output responsive.
 */
export type YieldEvery = 'auto' | 'batch' | 'epoch' | 'never' | number;

/** Yields to the event loop (setImmediate) when at least `everyMs` passed since the last yield. */
export class EventLoopYielder {
  private last = performance.now();
  private readonly everyMs: number;
  private readonly betweenEpochs: boolean;

  constructor(op: string, every: YieldEvery = 'auto') {
    if (every === 'auto') this.everyMs = 10;
    else if (every === 'batch') this.everyMs = 0;
    else if (every === 'epoch' || every === 'never') this.everyMs = Infinity;
    else if (typeof every === 'number' && every >= 0) this.everyMs = every;
    else throw new ArgumentError(`${op}: 'yieldEvery' must be 'auto', 'batch', 'epoch', 'never' or a number of milliseconds >= 0, got ${String(every)}`);
    this.betweenEpochs = every !== 'never';
  }

  /** Resolves at once (no macrotask) unless it is time to let timers and I/O run. */
  maybeYield(): Promise<void> | undefined {
    if (performance.now() - this.last < this.everyMs) return undefined;
    return this.yield();
  }

  /** Between epochs (unless 'never'). */
  epochEnd(): Promise<void> | undefined {
    return this.betweenEpochs ? this.yield() : undefined;
  }

  private async yield(): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
    this.last = performance.now();
  }
}
