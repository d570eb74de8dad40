/**
 * tl.keras.callbacks: hooks into fit/evaluate/predict, as Keras. Every hook may be async (fit awaits it). The
 * fit loop sets `model` and `params` before onTrainBegin. Logs are plain {name: number} records: per batch
 * the running epoch averages so far, per epoch the epoch's values plus 'val_*'.
 */
import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ArgumentError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import type { Optimizer } from '../train/optimizers/index.js';

export type Logs = Record<string, number>;

/** What callbacks may use of the model being trained. */
export interface CallbackModel {
  stopTraining: boolean;
  optimizer: Optimizer | null;
  getWeights(): Tensor[];
  setWeights(values: Tensor[]): void;
  save(path: string): void | Promise<void>;
  saveWeights(path: string): void | Promise<void>;
}

export interface CallbackParams {
  epochs: number;
  /** Batches per epoch (null when a dataset's length is unknown until the first epoch ends). */
  steps: number | null;
  /** Samples per epoch, when known. */
  samples: number | null;
  verbose: 0 | 1 | 2;
  /** The log keys of an epoch: 'loss', metrics, and their 'val_' twins when validating. */
  metrics: string[];
}

/** Any object with some of these methods is a callback; this class provides the model/params plumbing. */
export interface CallbackLike {
  setModel?(model: CallbackModel): void;
  setParams?(params: CallbackParams): void;
  onTrainBegin?(logs?: Logs): unknown;
  onTrainEnd?(logs?: Logs): unknown;
  onEpochBegin?(epoch: number, logs?: Logs): unknown;
  onEpochEnd?(epoch: number, logs?: Logs): unknown;
  onBatchBegin?(batch: number, logs?: Logs): unknown;
  onBatchEnd?(batch: number, logs?: Logs): unknown;
}

export class Callback implements CallbackLike {
  model: CallbackModel | null = null;
  params: CallbackParams | null = null;
  setModel(model: CallbackModel): void {
    this.model = model;
  }
  setParams(params: CallbackParams): void {
    this.params = params;
  }
  protected requireModel(op: string): CallbackModel {
    if (!this.model) throw new ArgumentError(`${op}: the callback is not attached to a model (pass it to fit's 'callbacks')`);
    return this.model;
  }
}

type Hook = 'onTrainBegin' | 'onTrainEnd' | 'onEpochBegin' | 'onEpochEnd' | 'onBatchBegin' | 'onBatchEnd';

/** Calls each callback's hook in order, awaiting async ones. */
export class CallbackList {
  readonly callbacks: CallbackLike[];
  constructor(callbacks: CallbackLike[], model: CallbackModel, params: CallbackParams) {
    this.callbacks = callbacks;
    for (const c of callbacks) {
      if (c.setModel) c.setModel(model);
      else (c as { model?: CallbackModel }).model = model;
      c.setParams?.(params);
    }
  }
  /** Whether any callback implements `hook` (fit skips batch hooks, and their logs, when none does). */
  has(hook: Hook): boolean {
    return this.callbacks.some((c) => typeof c[hook] === 'function');
  }

  async call(hook: Hook, indexOrLogs?: number | Logs, logs?: Logs): Promise<void> {
    for (const c of this.callbacks) {
      const f = c[hook] as ((...a: unknown[]) => unknown) | undefined;
      if (!f) continue;
      const r = hook === 'onTrainBegin' || hook === 'onTrainEnd' ? f.call(c, indexOrLogs) : f.call(c, indexOrLogs, logs);
      if (r && typeof (r as Promise<void>).then === 'function') await r;
    }
  }
}

/** Validates fit's `callbacks` option. */
export function checkCallbacks(op: string, cbs: unknown): CallbackLike[] {
  if (cbs === undefined || cbs === null) return [];
  const list = Array.isArray(cbs) ? cbs : [cbs];
  list.forEach((c, i) => {
    if (c === null || typeof c !== 'object') throw new ArgumentError(`${op}: callbacks[${i}] must be an object with hooks (onEpochEnd, ...), got ${String(c)}`);
  });
  return list as CallbackLike[];
}

/** Records every epoch's logs: `history.history.loss[i]`, `history.epoch[i]`. fit returns it. */
export class History extends Callback {
  epoch: number[] = [];
  history: Record<string, number[]> = {};
  onTrainBegin(): void {
    this.epoch = [];
    this.history = {};
  }
  onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}

export type Mode = 'auto' | 'min' | 'max';

/** 'auto' means max for accuracy-like and AUC monitors, min otherwise (Keras' rule). */
function resolveMode(op: string, mode: unknown, monitor: string): 'min' | 'max' {
  if (mode !== undefined && mode !== 'auto' && mode !== 'min' && mode !== 'max') {
    throw new ArgumentError(`${op}: 'mode' must be 'auto', 'min' or 'max', got ${String(mode)}`);
  }
  if (mode === 'min' || mode === 'max') return mode;
  return /acc|auc|fmeasure/.test(monitor) ? 'max' : 'min';
}

function checkNumber(op: string, name: string, v: unknown, min: number, integer = false): number {
  if (typeof v !== 'number' || !(v >= min) || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new ArgumentError(`${op}: '${name}' must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${String(v)}`);
  }
  return v;
}

function monitored(op: string, monitor: string, logs: Logs | undefined): number | undefined {
  const v = logs?.[monitor];
  if (v === undefined) {
    process.emitWarning(`${op}: the monitored quantity '${monitor}' is not in the logs (available: ${Object.keys(logs ?? {}).join(', ') || 'none'})`);
  }
  return v;
}

export interface EarlyStoppingOptions {
  monitor?: string;
  minDelta?: number;
  patience?: number;
  mode?: Mode;
  /** Stop unless the monitor beats this value (the starting "best"). */
  baseline?: number;
  /** On stopping, set the weights of the best epoch back. */
  restoreBestWeights?: boolean;
  verbose?: 0 | 1;
}

/** Stops training when `monitor` has not improved by more than `minDelta` for `patience` epochs. */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly baseline: number | undefined;
  readonly restoreBestWeights: boolean;
  readonly verbose: number;
  wait = 0;
  /** The 0-based epoch after which training stopped (0 when it did not stop early). */
  stoppedEpoch = 0;
  best = Infinity;
  private bestWeights: Tensor[] | null = null;

  constructor(opts: EarlyStoppingOptions = {}) {
    super();
    const op = 'EarlyStopping';
    checkOptions(op, opts, ['monitor', 'minDelta', 'patience', 'mode', 'baseline', 'restoreBestWeights', 'verbose']);
    this.monitor = opts.monitor ?? 'val_loss';
    this.minDelta = Math.abs(checkNumber(op, 'minDelta', opts.minDelta ?? 0, -Infinity));
    this.patience = checkNumber(op, 'patience', opts.patience ?? 0, 0, true);
    this.mode = resolveMode(op, opts.mode, this.monitor);
    if (opts.baseline !== undefined) checkNumber(op, 'baseline', opts.baseline, -Infinity);
    this.baseline = opts.baseline;
    this.restoreBestWeights = opts.restoreBestWeights === true;
    this.verbose = opts.verbose ?? 0;
  }

  private improved(current: number, reference: number): boolean {
    return this.mode === 'min' ? current + this.minDelta < reference : current - this.minDelta > reference;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.baseline ?? (this.mode === 'min' ? Infinity : -Infinity);
    this.disposeBest();
  }

  onEpochEnd(epoch: number, logs?: Logs): void {
    const model = this.requireModel('EarlyStopping');
    const current = monitored('EarlyStopping', this.monitor, logs);
    if (current === undefined) return;
    if (this.improved(current, this.best)) {
      this.best = current;
      this.wait = 0;
      if (this.restoreBestWeights) {
        this.disposeBest();
        this.bestWeights = model.getWeights();
      }
      return;
    }
    this.wait += 1;
    if (this.wait >= this.patience) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
      if (this.restoreBestWeights && this.bestWeights) model.setWeights(this.bestWeights);
    }
  }

  onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    this.disposeBest();
  }

  private disposeBest(): void {
    for (const t of this.bestWeights ?? []) t.dispose();
    this.bestWeights = null;
  }
}

export interface ModelCheckpointOptions {
  monitor?: string;
  saveBestOnly?: boolean;
  saveWeightsOnly?: boolean;
  mode?: Mode;
  verbose?: 0 | 1;
}

/**
 * Saves the model (a model directory, or a weights file with saveWeightsOnly) after each epoch. `filepath` may
 * hold placeholders filled from the epoch (1-based, as Keras) and the logs: 'ckpt/{epoch:02d}-{val_loss:.2f}'.
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly mode: 'min' | 'max';
  readonly verbose: number;
  best = Infinity;
  /** Paths written so far, in order. */
  readonly saved: string[] = [];

  constructor(filepath: string, opts: ModelCheckpointOptions = {}) {
    super();
    const op = 'ModelCheckpoint';
    if (typeof filepath !== 'string' || filepath === '') throw new ArgumentError(`${op}: 'filepath' must be a non-empty string, got ${String(filepath)}`);
    checkOptions(op, opts, ['monitor', 'saveBestOnly', 'saveWeightsOnly', 'mode', 'verbose']);
    this.filepath = filepath;
    this.monitor = opts.monitor ?? 'val_loss';
    this.saveBestOnly = opts.saveBestOnly === true;
    this.saveWeightsOnly = opts.saveWeightsOnly === true;
    this.mode = resolveMode(op, opts.mode, this.monitor);
    this.verbose = opts.verbose ?? 0;
  }

  onTrainBegin(): void {
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const model = this.requireModel('ModelCheckpoint');
    if (this.saveBestOnly) {
      const current = monitored('ModelCheckpoint', this.monitor, logs);
      if (current === undefined) return;
      if (!(this.mode === 'min' ? current < this.best : current > this.best)) return;
      this.best = current;
    }
    const path = formatPath(this.filepath, epoch + 1, logs);
    if (this.saveWeightsOnly) await model.saveWeights(path);
    else await model.save(path);
    this.saved.push(path);
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: saving model to ${path}`);
  }
}

/** Fills '{epoch}', '{epoch:03d}', '{val_loss:.4f}' style placeholders (Python's format mini-language subset). */
export function formatPath(template: string, epoch: number, logs: Logs): string {
  return template.replace(/\{(\w+)(?::(0?)(\d*)(?:\.(\d+))?([df]?))?\}/g, (whole, name: string, zero: string, width: string, prec: string, type: string) => {
    const value = name === 'epoch' ? epoch : logs[name];
    if (value === undefined) throw new ArgumentError(`ModelCheckpoint: filepath placeholder '${whole}' names '${name}', which is not in the logs (${['epoch', ...Object.keys(logs)].join(', ')})`);
    let s = type === 'd' ? String(Math.round(value)) : prec ? value.toFixed(Number(prec)) : type === 'f' ? value.toFixed(6) : String(value);
    if (width) s = s.padStart(Number(width), zero ? '0' : ' ');
    return s;
  });
}

/** The optimizer's learning rate as a number, for the LR callbacks. */
function currentLr(op: string, model: CallbackModel): number {
  const opt = model.optimizer;
  if (!opt) throw new ArgumentError(`${op}: the model has no optimizer (compile it first)`);
  const lr = opt.learningRate;
  if (typeof lr !== 'number') throw new ArgumentError(`${op}: the optimizer's learning rate must be a number to be changed, got a ${typeof lr === 'function' ? 'function' : 'tensor'}`);
  return lr;
}

export interface ReduceLROnPlateauOptions {
  monitor?: string;
  factor?: number;
  patience?: number;
  mode?: Mode;
  minDelta?: number;
  cooldown?: number;
  minLr?: number;
  verbose?: 0 | 1;
}

/** Multiplies the learning rate by `factor` when `monitor` stalls for `patience` epochs (Keras' rules). */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: number;
  wait = 0;
  cooldownCounter = 0;
  best = Infinity;

  constructor(opts: ReduceLROnPlateauOptions = {}) {
    super();
    const op = 'ReduceLROnPlateau';
    checkOptions(op, opts, ['monitor', 'factor', 'patience', 'mode', 'minDelta', 'cooldown', 'minLr', 'verbose']);
    this.monitor = opts.monitor ?? 'val_loss';
    this.factor = checkNumber(op, 'factor', opts.factor ?? 0.1, 0);
    if (this.factor >= 1) throw new ArgumentError(`${op}: 'factor' must be < 1 (it reduces the rate), got ${this.factor}`);
    this.patience = checkNumber(op, 'patience', opts.patience ?? 10, 0, true);
    this.mode = resolveMode(op, opts.mode, this.monitor);
    this.minDelta = checkNumber(op, 'minDelta', opts.minDelta ?? 1e-4, 0);
    this.cooldown = checkNumber(op, 'cooldown', opts.cooldown ?? 0, 0, true);
    this.minLr = checkNumber(op, 'minLr', opts.minLr ?? 0, 0);
    this.verbose = opts.verbose ?? 0;
  }

  onTrainBegin(): void {
    this.wait = 0;
    this.cooldownCounter = 0;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  onEpochEnd(epoch: number, logs: Logs = {}): void {
    const model = this.requireModel('ReduceLROnPlateau');
    const lr = currentLr('ReduceLROnPlateau', model);
    logs.lr = lr;
    const current = monitored('ReduceLROnPlateau', this.monitor, logs);
    if (current === undefined) return;
    const inCooldown = this.cooldownCounter > 0;
    if (inCooldown) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    const better = this.mode === 'min' ? current < this.best - this.minDelta : current > this.best + this.minDelta;
    if (better) {
      this.best = current;
      this.wait = 0;
    } else if (!inCooldown) {
      this.wait += 1;
      if (this.wait >= this.patience && lr > this.minLr) {
        const next = Math.max(lr * this.factor, this.minLr);
        model.optimizer!.learningRate = next;
        if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${next}`);
        this.cooldownCounter = this.cooldown;
        this.wait = 0;
      }
    }
  }
}

/** Sets the learning rate at the start of each epoch to schedule(epoch, currentLr). */
export class LearningRateScheduler extends Callback {
  constructor(readonly schedule: (epoch: number, lr: number) => number, readonly verbose: 0 | 1 = 0) {
    super();
    if (typeof schedule !== 'function') throw new ArgumentError(`LearningRateScheduler: 'schedule' must be a function (epoch, lr) => lr, got ${String(schedule)}`);
  }

  onEpochBegin(epoch: number): void {
    const model = this.requireModel('LearningRateScheduler');
    const next = this.schedule(epoch, currentLr('LearningRateScheduler', model));
    if (typeof next !== 'number' || !Number.isFinite(next)) throw new ArgumentError(`LearningRateScheduler: the schedule returned ${String(next)} for epoch ${epoch}; expected a finite number`);
    model.optimizer!.learningRate = next;
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${next}`);
  }

  onEpochEnd(_epoch: number, logs: Logs = {}): void {
    logs.lr = currentLr('LearningRateScheduler', this.requireModel('LearningRateScheduler'));
  }
}

/** Writes one CSV row per epoch: 'epoch', then the log keys sorted (Keras' column order). */
export class CSVLogger extends Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | null = null;

  constructor(filename: string, opts: { separator?: string; append?: boolean } = {}) {
    super();
    if (typeof filename !== 'string' || filename === '') throw new ArgumentError(`CSVLogger: 'filename' must be a non-empty string, got ${String(filename)}`);
    checkOptions('CSVLogger', opts, ['separator', 'append']);
    this.filename = filename;
    this.separator = opts.separator ?? ',';
    this.append = opts.append === true;
  }

  onTrainBegin(): void {
    mkdirSync(dirname(this.filename), { recursive: true });
    this.keys = null;
    if (!this.append || !existsSync(this.filename)) writeFileSync(this.filename, '');
  }

  onEpochEnd(epoch: number, logs: Logs = {}): void {
    const sep = this.separator;
    let out = '';
    if (!this.keys) {
      this.keys = Object.keys(logs).sort();
      // Appending to a file that already has rows: no second header.
      if (!(this.append && statSync(this.filename).size > 0)) out += ['epoch', ...this.keys].join(sep) + '\n';
    }
    out += [String(epoch), ...this.keys.map((k) => (logs[k] === undefined ? 'NA' : String(logs[k])))].join(sep) + '\n';
    appendFileSync(this.filename, out);
  }
}

export interface LambdaCallbackHooks {
  onTrainBegin?: (logs?: Logs) => unknown;
  onTrainEnd?: (logs?: Logs) => unknown;
  onEpochBegin?: (epoch: number, logs?: Logs) => unknown;
  onEpochEnd?: (epoch: number, logs?: Logs) => unknown;
  onBatchBegin?: (batch: number, logs?: Logs) => unknown;
  onBatchEnd?: (batch: number, logs?: Logs) => unknown;
}

/** A callback made of the given functions. */
export class LambdaCallback extends Callback {
  constructor(hooks: LambdaCallbackHooks) {
    super();
    const names = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd'] as const;
    checkOptions('LambdaCallback', hooks, names);
    for (const n of names) {
      const f = hooks[n];
      if (f === undefined) continue;
      if (typeof f !== 'function') throw new ArgumentError(`LambdaCallback: '${n}' must be a function, got ${typeof f}`);
      (this as Record<string, unknown>)[n] = f;
    }
  }
}
