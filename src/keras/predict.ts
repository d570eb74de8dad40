/**
 * model.predict / predictOnBatch (synchronous: `const y = model.predict(x)`, as Keras and tfjs users write it)
 * and model.predictAsync (the same, awaiting between batches and, in graph mode, running each batch with
 * Session.runAsync; it also takes asynchronous datasets). Eager: each batch is one forward pass with
 * training = false inside tidy. Graph: the predict graph is built once per model and each batch is one
 * Session run.
 */
import { ENGINE } from '../core/engine.js';
import { ArgumentError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import * as raw from '../ops/index.js';
import {
  arrayBatches, arrayData, checkBatchSize, disposeBatch, ensureBuilt, isBatchSource, iterate, sourceElement, type BatchSource,
} from './data_adapter.js';
import { graphMode, graphPredict, graphPredictSync } from './graph_steps.js';
import type { Model } from './model.js';

export interface PredictOptions {
  batchSize?: number;
  /** At most this many batches. */
  steps?: number;
  verbose?: 0 | 1;
}

const asList = (t: Tensor | Tensor[]): Tensor[] => (Array.isArray(t) ? t : [t]);

function eagerPredict(model: Model, xs: Tensor[]): Tensor[] {
  return ENGINE.tidy(() => asList(model.apply(xs.length === 1 ? xs[0]! : xs, { training: false }) as Tensor | Tensor[]));
}

function predictBatch(model: Model, xs: Tensor[]): Tensor[] {
  return graphMode(model) ? graphPredictSync(model, xs) : eagerPredict(model, xs);
}

function checkPredictOptions(op: string, opts: PredictOptions): { batchSize: number; steps: number | null } {
  checkOptions(op, opts, ['batchSize', 'steps', 'verbose']);
  const steps = opts.steps ?? null;
  if (steps !== null && !(Number.isInteger(steps) && steps > 0)) throw new ArgumentError(`${op}: 'steps' must be a positive integer, got ${String(opts.steps)}`);
  return { batchSize: checkBatchSize(op, opts.batchSize), steps };
}

/** One dataset element's model inputs ([x, y] elements give x). */
function elementInputs(model: Model, op: string, el: unknown, mine: Tensor[]): Tensor[] {
  const x = Array.isArray(el) && el.length >= 2 && model.inputs.length <= 1 ? el[0] : el;
  const b = sourceElement(op, x, model.inputs.length > 0 ? model.inputNames : ['input'], [], mine, false);
  ensureBuilt(model, b.xs);
  return b.xs;
}

/** Concatenates the per-batch outputs (one tensor per model output) and frees the pieces. */
function joinChunks(op: string, chunks: Tensor[][]): Tensor | Tensor[] {
  if (chunks.length === 0) throw new ArgumentError(`${op}: no samples to predict`);
  const outs = chunks[0]!.map((_, o) => (chunks.length === 1 ? chunks[0]![o]! : raw.concat(chunks.map((ch) => ch[o]!), 0)));
  if (chunks.length > 1) for (const ch of chunks) for (const t of ch) t.dispose();
  return outs.length === 1 ? outs[0]! : outs;
}

/**
 * The model's outputs for every sample, computed in batches of `batchSize` and concatenated: one tensor, or one
 * per output. Synchronous; `x` is arrays (one per input) or a synchronously iterable dataset of batches.
 */
export function predict(model: Model, x: unknown, opts: PredictOptions = {}): Tensor | Tensor[] {
  const op = `${model.name}.predict`;
  const { batchSize, steps } = checkPredictOptions(op, opts);
  const chunks: Tensor[][] = [];
  const owned: Tensor[] = [];
  try {
    if (isBatchSource(x)) {
      if (typeof (x as Iterable<unknown>)[Symbol.iterator] !== 'function') {
        throw new ArgumentError(`${op}: 'x' is an asynchronous dataset; use 'await model.predictAsync(x)'`);
      }
      for (const el of x as Iterable<unknown>) {
        if (steps !== null && chunks.length >= steps) break;
        const mine: Tensor[] = [];
        try {
          chunks.push(predictBatch(model, elementInputs(model, op, el, mine)));
        } finally {
          for (const t of mine) t.dispose();
        }
      }
    } else {
      const d = arrayData(model, op, x, undefined, undefined, undefined, owned, false);
      const keep = new Set(d.xs);
      for (const b of arrayBatches(d, batchSize, false, steps)) {
        try {
          chunks.push(predictBatch(model, b.xs));
        } finally {
          disposeBatch(b, keep);
        }
      }
    }
    return joinChunks(op, chunks);
  } catch (e) {
    for (const ch of chunks) for (const t of ch) if (!t.isDisposed) t.dispose();
    throw e;
  } finally {
    for (const t of owned) t.dispose();
  }
}

/** predict that awaits between batches (timers keep running), takes async datasets, and in graph mode runs off the main thread. */
export async function predictAsync(model: Model, x: unknown, opts: PredictOptions = {}): Promise<Tensor | Tensor[]> {
  const op = `${model.name}.predictAsync`;
  const { batchSize, steps } = checkPredictOptions(op, opts);
  const step = (xs: Tensor[]): Promise<Tensor[]> | Tensor[] => (graphMode(model) ? graphPredict(model, xs) : eagerPredict(model, xs));
  const chunks: Tensor[][] = [];
  const owned: Tensor[] = [];
  try {
    if (isBatchSource(x)) {
      for await (const el of iterate(x as BatchSource)) {
        if (steps !== null && chunks.length >= steps) break;
        const mine: Tensor[] = [];
        try {
          chunks.push(await step(elementInputs(model, op, el, mine)));
        } finally {
          for (const t of mine) t.dispose();
        }
      }
    } else {
      const d = arrayData(model, op, x, undefined, undefined, undefined, owned, false);
      const keep = new Set(d.xs);
      for (const b of arrayBatches(d, batchSize, false, steps)) {
        try {
          chunks.push(await step(b.xs));
        } finally {
          disposeBatch(b, keep);
        }
        await new Promise<void>((r) => setImmediate(r));
      }
    }
    return joinChunks(op, chunks);
  } catch (e) {
    for (const ch of chunks) for (const t of ch) if (!t.isDisposed) t.dispose();
    throw e;
  } finally {
    for (const t of owned) t.dispose();
  }
}

/** The outputs for exactly this batch (no batching), synchronously. */
export function predictOnBatch(model: Model, x: unknown): Tensor | Tensor[] {
  const owned: Tensor[] = [];
  try {
    const d = arrayData(model, `${model.name}.predictOnBatch`, x, undefined, undefined, undefined, owned, false);
    const outs = predictBatch(model, d.xs);
    return outs.length === 1 ? outs[0]! : outs;
  } finally {
    for (const t of owned) t.dispose();
  }
}
