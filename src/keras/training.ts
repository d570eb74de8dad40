/**
 * compile / fit / evaluate / train- and testOnBatch for tl.keras models (predict is in predict.ts).
 *
 * Eager (the model's weights are eager Variables): each step is one optimizer.minimize over a tape-recorded
 * forward pass (forward + backward + update, no graph), with the metrics computed on the same predictions.
 * Graph (the model lives in a tl.Graph, TF 1.x keras): the training, test and predict graphs are built once per
 * model from placeholders, and each batch is one Session.runAsync (graph_steps.ts).
 * fit lets the event loop run (setImmediate) at most every ~10 ms and after each epoch, so timers and I/O keep
 * running without a macrotask per batch; eager steps' losses and metrics stay tensors until someone reads them
 * (epoch_logs.ts).
 */
import { ENGINE } from '../core/engine.js';
import { ArgumentError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import type { Variable } from '../core/variable.js';
import * as raw from '../ops/index.js';
import * as ops from '../graph/graph_ops.generated.js';
import type { Optimizer } from '../train/optimizers/index.js';
import { CallbackList, History, checkCallbacks, type CallbackLike, type Logs } from './callbacks.js';
import { describe, resolveLoss, resolveMetric, resolveOptimizer, type ResolvedLoss, type ResolvedMetric } from './compile.js';
import {
  arrayBatches, arrayData, batchAt, batchRows, checkBatchSize, disposeBatch, ensureBuilt, isBatchSource, iterate, rowsOf, sourceElement, splitLast,
  type ArrayData, type Batch, type BatchSource,
} from './data_adapter.js';
import { graphMode, graphStep, releaseGraph } from './graph_steps.js';
import type { Model } from './model.js';
import { ProgbarLogger } from './progress.js';
import { alignTargets } from './targets.js';
import { EpochAverager, EventLoopYielder, lazyBatchLogs, type YieldEvery } from './epoch_logs.js';

export interface CompileArgs {
  optimizer: string | Optimizer;
  /** One loss for every output, one per output (array), or by output name. */
  loss: unknown;
  /** Metric names/functions for every output, or by output name. */
  metrics?: unknown[] | Record<string, unknown[]>;
  /** Weights of the outputs' losses in the total (array or by output name). */
  lossWeights?: number[] | Record<string, number>;
}

export interface Compiled {
  optimizer: Optimizer;
  losses: ResolvedLoss[];
  lossWeights: number[];
  metrics: ResolvedMetric[][];
  /** Log keys in order: 'loss', per-output losses (several outputs), then metrics. */
  logNames: string[];
  /** What saving stores: names (or null for custom functions). */
  config: Record<string, unknown>;
}

function perOutput<T>(op: string, arg: string, spec: unknown, names: string[], isItem: (v: unknown) => boolean): T[] {
  if (Array.isArray(spec) && !isItem(spec)) {
    if (spec.length !== names.length) throw new ArgumentError(`${op}: '${arg}' has ${spec.length} entries; the model has ${names.length} output(s) (${names.join(', ')})`);
    return spec as T[];
  }
  if (spec !== null && typeof spec === 'object' && !isItem(spec)) {
    const rec = spec as Record<string, T>;
    const extra = Object.keys(rec).filter((k) => !names.includes(k));
    if (extra.length) throw new ArgumentError(`${op}: '${arg}' names unknown output(s) ${extra.join(', ')}; outputs: ${names.join(', ')}`);
    return names.map((n) => rec[n]!);
  }
  return names.map(() => spec as T);
}

export function compile(model: Model, args: CompileArgs): void {
  const op = `${model.name}.compile`;
  if (args === null || typeof args !== 'object') throw new ArgumentError(`${op}: expected {optimizer, loss, metrics?, lossWeights?}, got ${describe(args)}`);
  checkOptions(op, args, ['optimizer', 'loss', 'metrics', 'lossWeights']);
  if (args.loss === undefined) throw new ArgumentError(`${op}: 'loss' is required`);
  if (args.optimizer === undefined) throw new ArgumentError(`${op}: 'optimizer' is required`);
  const optimizer = resolveOptimizer(op, args.optimizer);
  const names = model.outputs.length > 0 ? model.outputNames : ['output'];
  const lossSpecs = perOutput<unknown>(op, 'loss', args.loss, names, (v) => typeof v === 'string' || typeof v === 'function');
  const losses = lossSpecs.map((s, i) => {
    if (s === undefined) throw new ArgumentError(`${op}: no loss for output '${names[i]}'`);
    return resolveLoss(op, s);
  });
  const lw = args.lossWeights === undefined ? names.map(() => 1) : perOutput<number>(op, 'lossWeights', args.lossWeights, names, (v) => typeof v === 'number');
  lw.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isFinite(w)) throw new ArgumentError(`${op}: 'lossWeights' for output '${names[i]}' must be a finite number, got ${String(w)}`);
  });
  let metricSpecs: unknown[][];
  if (args.metrics === undefined) metricSpecs = names.map(() => []);
  else if (Array.isArray(args.metrics)) metricSpecs = names.map(() => args.metrics as unknown[]);
  else metricSpecs = perOutput<unknown[]>(op, 'metrics', args.metrics, names, () => false).map((m) => (m === undefined ? [] : Array.isArray(m) ? m : [m]));
  const multi = names.length > 1;
  const metrics = metricSpecs.map((specs, o) => specs.map((s) => {
    const units = model.outputs[o]?.shape.at(-1) ?? null;
    const m = resolveMetric(op, s, losses[o]!, units);
    return multi ? { ...m, logName: `${names[o]}_${m.logName}` } : m;
  }));
  const logNames = ['loss', ...(multi ? names.map((n) => `${n}_loss`) : []), ...metrics.flat().map((m) => m.logName)];
  const dup = logNames.find((n, i) => logNames.indexOf(n) !== i);
  if (dup) throw new ArgumentError(`${op}: metric '${dup}' is given twice`);
  releaseTraining(model);
  model.optimizer = optimizer;
  model.compiled = {
    optimizer, losses, lossWeights: lw, metrics, logNames,
    config: {
      optimizer: typeof args.optimizer === 'string' ? args.optimizer : { className: optimizer.constructor.name, learningRate: typeof optimizer.learningRate === 'number' ? optimizer.learningRate : null },
      loss: losses.map((l) => l.config),
      metrics: metricSpecs.map((ms) => ms.map((m) => (typeof m === 'string' ? m : resolveMetric(op, m, losses[0]!, null).logName))),
      lossWeights: lw,
    },
  };
}

export function requireCompiled(model: Model, op: string): Compiled {
  if (!model.compiled) throw new ArgumentError(`${model.name}.${op}: the model must be compiled first (model.compile({optimizer, loss}))`);
  return model.compiled;
}

/** Drops built training graphs (after compile or dispose). */
export function releaseTraining(model: Model): void {
  releaseGraph(model);
}

// ---- one step, eager --------------------------------------------------------------------------------------

const asList = (t: Tensor | Tensor[]): Tensor[] => (Array.isArray(t) ? t : [t]);

/** Mean of per-sample losses, weighted per sample (Keras' SUM_OVER_BATCH_SIZE: sum(loss * w) / count). */
export function weightedMean(per: Tensor, sw: Tensor | null): Tensor {
  if (!sw) return ops.mean(per);
  const w = per.rank > 1 ? ops.reshape(sw, [sw.shape[0]!, ...per.shape.slice(1).map(() => 1)]) : sw;
  return ops.mean(ops.mul(per, ops.cast(w, per.dtype)));
}

/** The total loss and each output's loss for predictions `preds` (graph-aware: used by graph_steps too). */
export function totalLoss(model: Model, c: Compiled, ys: Tensor[], preds: Tensor[], sw: Tensor | null, mean = weightedMean): { total: Tensor; outLosses: Tensor[] } {
  if (ys.length !== preds.length) throw new ArgumentError(`${model.name}: got ${ys.length} target array(s) for ${preds.length} output(s)`);
  const outLosses = preds.map((p, o) => mean(c.losses[o]!.fn(ys[o]!, p), sw));
  let total = outLosses.length === 1 && c.lossWeights[0] === 1 ? outLosses[0]! : outLosses.map((l, o) => ops.mul(l, c.lossWeights[o]!)).reduce((a, b) => ops.add(a, b));
  for (const r of model.losses) total = ops.add(total, r);
  return { total, outLosses };
}

/**
 * Per-batch values of the log keys (loss first) as one tensor the caller owns: the total loss itself when it is
 * the only key, else a [k] float32 vector. Nothing is read here (see epoch_logs.ts).
 */
function stepValues(c: Compiled, ys: Tensor[], preds: Tensor[], total: Tensor, outLosses: Tensor[]): Tensor {
  if (outLosses.length <= 1 && c.metrics.every((ms) => ms.length === 0)) return total;
  return ENGINE.tidy(() => {
    const parts: Tensor[] = [total];
    if (outLosses.length > 1) parts.push(...outLosses);
    c.metrics.forEach((ms, o) => ms.forEach((m) => parts.push(raw.mean(m.fn(ys[o]!, preds[o]!)))));
    return raw.stack(parts.map((p) => (p.dtype === 'float32' ? p : raw.cast(p, 'float32'))));
  });
}

/** `vars`: the trainable weights, looked up once per epoch by fit (freezing a layer takes effect next epoch). */
function eagerTrainStep(model: Model, c: Compiled, b: Batch, vars = model.trainableWeights): Tensor {
  let preds: Tensor[] = [];
  let outLosses: Tensor[] = [];
  const ys = alignTargets(model, c.losses, b.ys, `${model.name}.fit`);
  const lossFn = (): Tensor => {
    preds = asList(model.apply(b.xs.length === 1 ? b.xs[0]! : b.xs, { training: true }) as Tensor | Tensor[]);
    const r = totalLoss(model, c, ys, preds, b.sw);
    for (const t of [...preds, ...r.outLosses]) ENGINE.keep(t);
    outLosses = r.outLosses;
    return r.total;
  };
  let total: Tensor;
  if (vars.length === 0) total = ENGINE.tidy(lossFn);
  else total = c.optimizer.minimize(lossFn, { varList: vars, returnLoss: true }) as Tensor;
  let values: Tensor | null = null;
  try {
    values = stepValues(c, ys, preds, total, outLosses);
    return values;
  } finally {
    for (const t of new Set([total, ...preds, ...outLosses])) if (t !== values) t.dispose();
    ys.forEach((y, o) => y !== b.ys[o] && y.dispose());
  }
}

function eagerTestStep(model: Model, c: Compiled, b: Batch): Tensor {
  return ENGINE.tidy(() => {
    const ys = alignTargets(model, c.losses, b.ys, `${model.name}.evaluate`);
    const preds = asList(model.apply(b.xs.length === 1 ? b.xs[0]! : b.xs, { training: false }) as Tensor | Tensor[]);
    const { total, outLosses } = totalLoss(model, c, ys, preds, b.sw);
    return stepValues(c, ys, preds, total, outLosses);
  });
}

/** Eager steps return the values as a tensor (read later); graph steps read them with the session run. */
type StepValues = Tensor | number[];

function trainStep(model: Model, c: Compiled, b: Batch, vars?: Variable[]): StepValues | Promise<number[]> {
  return graphMode(model) ? graphStep(model, c, b, 'train') : ENGINE.tidy(() => eagerTrainStep(model, c, b, vars));
}

function testStep(model: Model, c: Compiled, b: Batch): StepValues | Promise<number[]> {
  return graphMode(model) ? graphStep(model, c, b, 'test') : eagerTestStep(model, c, b);
}

function addStep(avg: EpochAverager, v: StepValues, n: number): void {
  if (Array.isArray(v)) avg.addValues(v, n);
  else avg.addTensor(v, n);
}

/** A step's values as numbers (trainOnBatch / testOnBatch). */
function stepNumbers(v: StepValues): number[] {
  if (Array.isArray(v)) return v;
  try {
    return Array.from(v.dataSync(), Number);
  } finally {
    v.dispose();
  }
}

// ---- fit -------------------------------------------------------------------------------------------------

export interface FitOptions {
  epochs?: number;
  batchSize?: number;
  verbose?: 0 | 1 | 2;
  callbacks?: CallbackLike | CallbackLike[];
  /** Fraction of the samples (the last ones) held out for validation. */
  validationSplit?: number;
  /** [x, y] or [x, y, sampleWeight] arrays, or a dataset of batches. */
  validationData?: unknown;
  shuffle?: boolean;
  initialEpoch?: number;
  classWeight?: Record<number, number>;
  sampleWeight?: unknown;
  /** Batches per epoch (datasets: continue the same iterator across epochs). */
  stepsPerEpoch?: number;
  validationSteps?: number;
  validationBatchSize?: number;
  /** Where progress goes (default process.stdout). */
  progressStream?: { write(s: string): unknown; isTTY?: boolean };
  /** How often fit lets the event loop run (tfjs' option; see epoch_logs.ts): 'auto' (~10 ms, default), 'batch', 'epoch', 'never' or ms. */
  yieldEvery?: YieldEvery;
}

const FIT_KEYS = ['epochs', 'batchSize', 'verbose', 'callbacks', 'validationSplit', 'validationData', 'shuffle', 'initialEpoch',
  'classWeight', 'sampleWeight', 'stepsPerEpoch', 'validationSteps', 'validationBatchSize', 'progressStream', 'yieldEvery'];

const batchLen = (b: Batch): number => b.xs[0]!.shape[0]!;

export async function fit(model: Model, x: unknown, y?: unknown, opts: FitOptions = {}): Promise<History> {
  const op = `${model.name}.fit`;
  // fit(dataset, opts): the second argument is the options.
  if (isBatchSource(x) && y !== undefined && !(y instanceof Tensor) && !Array.isArray(y) && opts && Object.keys(opts).length === 0) {
    opts = y as FitOptions;
    y = undefined;
  }
  checkOptions(op, opts, FIT_KEYS);
  const c = requireCompiled(model, 'fit');
  const epochs = opts.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 0) throw new ArgumentError(`${op}: 'epochs' must be a non-negative integer, got ${String(opts.epochs)}`);
  const initialEpoch = opts.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new ArgumentError(`${op}: 'initialEpoch' must be a non-negative integer, got ${String(opts.initialEpoch)}`);
  const batchSize = checkBatchSize(op, opts.batchSize);
  const verbose = opts.verbose ?? 1;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new ArgumentError(`${op}: 'verbose' must be 0, 1 or 2, got ${String(verbose)}`);
  const steps = opts.stepsPerEpoch ?? null;
  if (steps !== null && !(Number.isInteger(steps) && steps > 0)) throw new ArgumentError(`${op}: 'stepsPerEpoch' must be a positive integer, got ${String(steps)}`);
  const shuffle = opts.shuffle ?? true;
  const owned: Tensor[] = [];
  const originals = new Set<Tensor>();
  try {
    let train: ArrayData | null = null;
    let source: BatchSource | null = null;
    let val: ArrayData | BatchSource | null = null;
    if (isBatchSource(x)) {
      if (y !== undefined) throw new ArgumentError(`${op}: with a dataset 'x', pass no 'y' (the dataset yields [x, y] batches)`);
      if (opts.validationSplit !== undefined) throw new ArgumentError(`${op}: 'validationSplit' needs arrays; use 'validationData' with a dataset`);
      if (opts.sampleWeight !== undefined || opts.classWeight !== undefined) throw new ArgumentError(`${op}: with a dataset, yield [x, y, sampleWeight] batches instead of 'sampleWeight'/'classWeight'`);
      source = x;
    } else {
      if (y === undefined) throw new ArgumentError(`${op}: 'y' (the targets) is required with array inputs`);
      train = arrayData(model, op, x, y, opts.sampleWeight, opts.classWeight, owned);
      for (const t of [...train.xs, ...train.ys, ...(train.sw ? [train.sw] : [])]) originals.add(t);
      if (opts.validationSplit !== undefined && opts.validationData === undefined) {
        const at = splitLast(op, train.n, opts.validationSplit);
        val = rowsOf(train, at, train.n, owned);
        train = rowsOf(train, 0, at, owned);
        for (const t of [...train.xs, ...train.ys, ...(train.sw ? [train.sw] : [])]) originals.add(t);
      }
    }
    if (opts.validationData !== undefined) {
      const vd = opts.validationData;
      if (isBatchSource(vd)) val = vd;
      else {
        if (!Array.isArray(vd) || (vd.length !== 2 && vd.length !== 3)) throw new ArgumentError(`${op}: 'validationData' must be [x, y], [x, y, sampleWeight] or a dataset`);
        val = arrayData(model, `${op} (validationData)`, vd[0], vd[1], vd[2], undefined, owned);
      }
    }
    const logNames = c.logNames;
    const history = new History();
    const userCbs = checkCallbacks(op, opts.callbacks);
    const all: CallbackLike[] = [history, ...userCbs];
    if (verbose > 0) all.push(new ProgbarLogger(verbose, opts.progressStream ? { stream: opts.progressStream } : {}));
    const stepCount = train ? Math.min(Math.ceil(train.n / batchSize), steps ?? Infinity) : steps;
    const cbs = new CallbackList(all, model, {
      epochs, steps: stepCount, samples: train?.n ?? null, verbose,
      metrics: [...logNames, ...(val ? logNames.map((n) => `val_${n}`) : [])],
    });
    model.stopTraining = false;
    await cbs.call('onTrainBegin', {});
    let iterator: AsyncGenerator<unknown> | null = null;
    // Batch hooks (and the logs they receive) only when some callback has them: a fit nobody watches per batch
    // runs step after step with no per-batch reads or allocations beyond the step itself.
    const batchBegin = cbs.has('onBatchBegin');
    const batchEnd = cbs.has('onBatchEnd');
    const yielder = new EventLoopYielder(op, opts.yieldEvery);
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      await cbs.call('onEpochBegin', epoch, {});
      const avg = new EpochAverager();
      let b = 0;
      // One step: `run` makes the batch and trains on it. Eager steps run inside one tidy with their batch's
      // slices, as a hand-written loop would, so every intermediate is freed in one sweep when the step ends.
      const runBatch = async (size: number, run: () => StepValues | Promise<number[]>): Promise<void> => {
        if (batchBegin) await cbs.call('onBatchBegin', b, { batch: b, size });
        const values = run();
        addStep(avg, values instanceof Promise ? await values : values, size);
        if (batchEnd) await cbs.call('onBatchEnd', b, lazyBatchLogs(avg, b, size, logNames));
        b++;
      };
      // Looked up once per epoch, not per batch: whether the model is a graph model, and its trainable weights.
      const graph = model.weights.length > 0 || model.inputs.length > 0 ? graphMode(model) : null;
      const vars = graph === false ? model.trainableWeights : undefined;
      try {
        if (train) {
          const data = train;
          for (const rows of batchRows(data.n, batchSize, shuffle, steps)) {
            if (graph ?? graphMode(model)) {
              const batch = batchAt(data, rows);
              try {
                await runBatch(rows.size, () => graphStep(model, c, batch, 'train'));
              } finally {
                disposeBatch(batch, originals);
              }
            } else {
              await runBatch(rows.size, () => ENGINE.tidy(() => eagerTrainStep(model, c, batchAt(data, rows), vars)));
            }
            await yielder.maybeYield();
            if (model.stopTraining) break;
          }
        } else {
          if (!iterator || steps === null) iterator = iterate(source!);
          for (;;) {
            if (steps !== null && b >= steps) break;
            let r = await iterator.next();
            if (r.done && steps !== null && b < steps) {
              iterator = iterate(source!);
              r = await iterator.next();
            }
            if (r.done) break;
            const mine: Tensor[] = [];
            const batch = sourceElement(op, r.value, model.inputs.length > 0 ? model.inputNames : ['input'], model.outputs.length > 0 ? model.outputNames : ['output'], mine, true);
            ensureBuilt(model, batch.xs);
            try {
              await runBatch(batchLen(batch), () => trainStep(model, c, batch, vars));
            } finally {
              for (const t of mine) t.dispose();
            }
            await yielder.maybeYield();
            if (model.stopTraining) break;
          }
          if (b === 0) throw new ArgumentError(`${op}: the dataset yielded no batches`);
        }
        const epochLogs = avg.logs(logNames);
        if (val) Object.assign(epochLogs, await runTest(model, c, val, opts.validationBatchSize ?? batchSize, opts.validationSteps ?? null, 'val_', yielder));
        await cbs.call('onEpochEnd', epoch, epochLogs);
      } finally {
        avg.dispose();
      }
      await yielder.epochEnd();
      if (model.stopTraining) break;
    }
    await cbs.call('onTrainEnd', {});
    return history;
  } finally {
    for (const t of owned) if (!t.isDisposed) t.dispose();
  }
}

async function runTest(model: Model, c: Compiled, data: ArrayData | BatchSource, batchSize: number, steps: number | null, prefix = '', yielder = new EventLoopYielder(`${model.name}.evaluate`)): Promise<Logs> {
  const avg = new EpochAverager();
  const step = async (b: Batch): Promise<void> => {
    const v = testStep(model, c, b);
    addStep(avg, v instanceof Promise ? await v : v, batchLen(b));
  };
  try {
    if (isBatchSource(data)) {
      let s = 0;
      for await (const el of iterate(data)) {
        if (steps !== null && s >= steps) break;
        const mine: Tensor[] = [];
        try {
          await step(sourceElement(`${model.name}.evaluate`, el, model.inputNames, model.outputNames, mine, true));
        } finally {
          for (const t of mine) t.dispose();
        }
        s++;
        await yielder.maybeYield();
      }
    } else {
      const keep = new Set([...data.xs, ...data.ys, ...(data.sw ? [data.sw] : [])]);
      for (const b of arrayBatches(data as ArrayData, batchSize, false, steps)) {
        try {
          await step(b);
        } finally {
          disposeBatch(b, keep);
        }
        await yielder.maybeYield();
      }
    }
    return avg.logs(c.logNames, prefix);
  } finally {
    avg.dispose();
  }
}

export interface EvaluateOptions {
  batchSize?: number;
  sampleWeight?: unknown;
  steps?: number;
  verbose?: 0 | 1;
}

/** The loss and metrics over the data, averaged per sample: {loss, acc, ...}. */
export async function evaluate(model: Model, x: unknown, y?: unknown, opts: EvaluateOptions = {}): Promise<Logs> {
  const op = `${model.name}.evaluate`;
  if (isBatchSource(x) && y !== undefined && !(y instanceof Tensor) && !Array.isArray(y)) {
    opts = y as EvaluateOptions;
    y = undefined;
  }
  checkOptions(op, opts, ['batchSize', 'sampleWeight', 'steps', 'verbose']);
  const c = requireCompiled(model, 'evaluate');
  const batchSize = checkBatchSize(op, opts.batchSize);
  if (isBatchSource(x)) return runTest(model, c, x, batchSize, opts.steps ?? null);
  if (y === undefined) throw new ArgumentError(`${op}: 'y' (the targets) is required with array inputs`);
  const owned: Tensor[] = [];
  try {
    return await runTest(model, c, arrayData(model, op, x, y, opts.sampleWeight, undefined, owned), batchSize, opts.steps ?? null);
  } finally {
    for (const t of owned) t.dispose();
  }
}

/** One training step on exactly this batch; returns the batch's loss and metrics. */
export async function trainOnBatch(model: Model, x: unknown, y: unknown, opts: { sampleWeight?: unknown; classWeight?: Record<number, number> } = {}): Promise<Logs> {
  const op = `${model.name}.trainOnBatch`;
  checkOptions(op, opts, ['sampleWeight', 'classWeight']);
  const c = requireCompiled(model, 'trainOnBatch');
  const owned: Tensor[] = [];
  try {
    const d = arrayData(model, op, x, y, opts.sampleWeight, opts.classWeight, owned);
    const v = trainStep(model, c, d);
    const values = stepNumbers(v instanceof Promise ? await v : v);
    return Object.fromEntries(c.logNames.map((k, i) => [k, values[i]!]));
  } finally {
    for (const t of owned) t.dispose();
  }
}

export async function testOnBatch(model: Model, x: unknown, y: unknown, opts: { sampleWeight?: unknown } = {}): Promise<Logs> {
  const op = `${model.name}.testOnBatch`;
  checkOptions(op, opts, ['sampleWeight']);
  const c = requireCompiled(model, 'testOnBatch');
  const owned: Tensor[] = [];
  try {
    const v = testStep(model, c, arrayData(model, op, x, y, opts.sampleWeight, undefined, owned));
    const values = stepNumbers(v instanceof Promise ? await v : v);
    return Object.fromEntries(c.logNames.map((k, i) => [k, values[i]!]));
  } finally {
    for (const t of owned) t.dispose();
  }
}
