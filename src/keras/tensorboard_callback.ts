/**
 * tl.keras.callbacks.TensorBoard: fit's logs as TensorBoard event files (tl.summary), laid out as Keras does:
 *   <logDir>/train       scalars 'epoch_<key>' per epoch (step = epoch), 'batch_<key>' per batch when
 *                        updateFreq asks (step = batches trained so far), weight histograms every
 *                        histogramFreq epochs (tag = the variable's name), and the graph of a graph-mode model;
 *   <logDir>/validation  the 'val_*' keys of each epoch as 'epoch_<key>' (so TensorBoard overlays the runs).
 * Writes are queued in memory and go to disk asynchronously (FileWriter); each epoch end awaits a flush, so the
 * files are complete whenever a callback after this one (or the caller after fit) reads them.
 */
import { join } from 'node:path';
import { ArgumentError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import type { Graph } from '../graph/graph.js';
import { createFileWriter, type SummaryWriter } from '../summary/summary_writer.js';
import { Callback, type CallbackModel, type Logs } from './callbacks.js';

export interface TensorBoardOptions {
  /** The directory of the run (train/ and validation/ are made below it). */
  logDir: string;
  /** Write weight histograms every this many epochs (0: never). Default 0. */
  histogramFreq?: number;
  /** Write the model's graph (graph-mode models) at the start of training. Default true. */
  writeGraph?: boolean;
  /** 'epoch' (default): scalars once per epoch; 'batch': also after every batch; N: also every N batches. */
  updateFreq?: 'epoch' | 'batch' | number;
}

/** What the callback reads of the model besides CallbackModel: weights with names (graph: symbolic). */
interface WeightedModel extends CallbackModel {
  weights?: readonly { name: string; isSymbolic: boolean; graphRef?: { graph: unknown } | null }[];
}

export class TensorBoard extends Callback {
  readonly logDir: string;
  readonly histogramFreq: number;
  readonly writeGraph: boolean;
  /** Batches between batch-level writes; 0 for 'epoch'. */
  readonly batchEvery: number;
  private train: SummaryWriter | null = null;
  private validation: SummaryWriter | null = null;
  /** Training batches seen over the whole fit: the step of batch-level scalars. */
  private batchStep = 0;

  constructor(opts: TensorBoardOptions) {
    super();
    const op = 'TensorBoard';
    if (opts === null || typeof opts !== 'object') throw new ArgumentError(`${op}: expected an options object {logDir, histogramFreq?, writeGraph?, updateFreq?}, got ${String(opts)}`);
    checkOptions(op, opts, ['logDir', 'histogramFreq', 'writeGraph', 'updateFreq']);
    if (typeof opts.logDir !== 'string' || opts.logDir === '') throw new ArgumentError(`${op}: 'logDir' must be a non-empty string, got ${String(opts.logDir)}`);
    const hf = opts.histogramFreq ?? 0;
    if (!Number.isInteger(hf) || hf < 0) throw new ArgumentError(`${op}: 'histogramFreq' must be an integer >= 0, got ${String(opts.histogramFreq)}`);
    if (opts.writeGraph !== undefined && typeof opts.writeGraph !== 'boolean') throw new ArgumentError(`${op}: 'writeGraph' must be a boolean, got ${String(opts.writeGraph)}`);
    const uf = opts.updateFreq ?? 'epoch';
    if (uf !== 'epoch' && uf !== 'batch' && !(Number.isInteger(uf) && (uf as number) > 0)) {
      throw new ArgumentError(`${op}: 'updateFreq' must be 'epoch', 'batch' or a positive integer (batches), got ${String(uf)}`);
    }
    this.logDir = opts.logDir;
    this.histogramFreq = hf;
    this.writeGraph = opts.writeGraph ?? true;
    this.batchEvery = uf === 'epoch' ? 0 : uf === 'batch' ? 1 : (uf as number);
    // Without batch-level writes there is no batch hook, so fit keeps its per-batch fast path.
    if (this.batchEvery === 0) (this as { onBatchEnd?: unknown }).onBatchEnd = undefined;
  }

  /** The train/ writer's event file (after training began). */
  get trainPath(): string | null {
    return this.train?.fileWriter.path ?? null;
  }

  /** The validation/ writer's event file, once a validation value was written. */
  get validationPath(): string | null {
    return this.validation?.fileWriter.path ?? null;
  }

  onTrainBegin(): void {
    this.train = createFileWriter(join(this.logDir, 'train'));
    this.validation = null;
    this.batchStep = 0;
    const model = this.requireModel('TensorBoard') as WeightedModel;
    const w = model.weights?.[0];
    if (this.writeGraph && w?.isSymbolic && w.graphRef) this.train.graph(w.graphRef.graph as Graph);
  }

  onBatchEnd(_batch: number, logs: Logs = {}): void {
    this.batchStep++;
    if (!this.train || this.batchEvery === 0 || this.batchStep % this.batchEvery !== 0) return;
    for (const [k, v] of Object.entries(logs)) {
      if (k === 'batch' || k === 'size' || typeof v !== 'number') continue;
      this.train.scalar(`batch_${k}`, v, this.batchStep);
    }
  }

  async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const train = this.train;
    if (!train) return;
    for (const [k, v] of Object.entries(logs)) {
      if (typeof v !== 'number') continue;
      if (k.startsWith('val_')) {
        this.validation ??= createFileWriter(join(this.logDir, 'validation'));
        this.validation.scalar(`epoch_${k.slice(4)}`, v, epoch);
      } else {
        train.scalar(`epoch_${k}`, v, epoch);
      }
    }
    if (this.histogramFreq > 0 && epoch % this.histogramFreq === 0) this.writeHistograms(train, epoch);
    await Promise.all([train.flush(), this.validation?.flush()]);
  }

  private writeHistograms(train: SummaryWriter, epoch: number): void {
    const model = this.requireModel('TensorBoard') as WeightedModel;
    const names = (model.weights ?? []).map((v) => v.name.replace(/:\d+$/, ''));
    const values = model.getWeights();
    try {
      values.forEach((t, i) => train.histogram(names[i] ?? `weight_${i}`, t, epoch));
    } finally {
      for (const t of values) t.dispose();
    }
  }

  async onTrainEnd(): Promise<void> {
    const writers = [this.train, this.validation];
    this.train = null;
    this.validation = null;
    await Promise.all(writers.map((w) => w?.close()));
  }
}
