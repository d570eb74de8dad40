/**
 * compile()'s name resolution: optimizer, loss and metric names (camelCase or Keras' snake_case, plus Keras'
 * short aliases) to tl.train optimizers and the functions of losses.ts / metrics.ts, and back to names for the
 * saved compile config.
 */
import { ArgumentError } from '../core/errors.js';
import {
  AdadeltaOptimizer, AdagradOptimizer, AdamOptimizer, FtrlOptimizer, GradientDescentOptimizer, MomentumOptimizer,
  Optimizer, RMSPropOptimizer,
} from '../train/optimizers/index.js';
import { LOSSES, LOSS_INFO, type LossFn } from './losses.js';
import { METRICS, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, type MetricFn } from './metrics.js';

/** Lower-case without underscores: 'sparse_categorical_crossentropy' and 'sparseCategoricalCrossentropy' meet. */
const key = (name: string): string => name.replace(/_/g, '').toLowerCase();

/** Keras' default learning rates (tf.keras 1.x) for each optimizer name. */
const OPTIMIZERS: Record<string, (lr?: number) => Optimizer> = {
  sgd: (lr = 0.01) => new GradientDescentOptimizer(lr),
  adam: (lr = 0.001) => new AdamOptimizer({ learningRate: lr, epsilon: 1e-7 }),
  rmsprop: (lr = 0.001) => new RMSPropOptimizer({ learningRate: lr, decay: 0.9, epsilon: 1e-7 }),
  adagrad: (lr = 0.01) => new AdagradOptimizer(lr),
  adadelta: (lr = 1.0) => new AdadeltaOptimizer({ learningRate: lr, rho: 0.95, epsilon: 1e-7 }),
  ftrl: (lr = 0.001) => new FtrlOptimizer(lr),
  momentum: (lr = 0.01) => new MomentumOptimizer(lr, 0.9),
};

/** An optimizer given by name ('adam', 'SGD', ...) or as a tl.train optimizer (used as is). */
export function resolveOptimizer(op: string, spec: unknown): Optimizer {
  if (spec instanceof Optimizer) return spec;
  if (typeof spec === 'string') {
    const make = OPTIMIZERS[key(spec)];
    if (make) return make();
    throw new ArgumentError(`${op}: unknown optimizer '${spec}'; known: ${Object.keys(OPTIMIZERS).join(', ')} (or pass a tl.train optimizer)`);
  }
  throw new ArgumentError(`${op}: 'optimizer' must be a name or a tl.train optimizer, got ${describe(spec)}`);
}

const LOSS_ALIASES: Record<string, string> = {
  mse: 'meanSquaredError', mae: 'meanAbsoluteError', mape: 'meanAbsolutePercentageError',
  msle: 'meanSquaredLogarithmicError', kld: 'kullbackLeiblerDivergence', kldivergence: 'kullbackLeiblerDivergence',
  huberloss: 'huber', logcosh: 'logCosh', cosine: 'cosineSimilarity',
};
const LOSS_BY_KEY = new Map(Object.keys(LOSSES).map((n) => [key(n), n]));

export interface ResolvedLoss {
  fn: LossFn;
  /** The canonical name when given by name or a loss object of losses.ts ('' for a user function). */
  name: string;
  /** What the compile config stores: the name given, or a loss object's name and options. */
  config: unknown;
}

export function resolveLoss(op: string, spec: unknown): ResolvedLoss {
  if (typeof spec === 'string') {
    const k = key(spec);
    const name = LOSS_BY_KEY.get(k) ?? LOSS_ALIASES[k];
    if (!name) throw new ArgumentError(`${op}: unknown loss '${spec}'; known: ${Object.keys(LOSSES).join(', ')}, ${Object.keys(LOSS_ALIASES).join(', ')}`);
    return { fn: LOSSES[name]!, name, config: spec };
  }
  if (typeof spec === 'function') {
    const info = LOSS_INFO.get(spec as LossFn);
    if (info) return { fn: spec as LossFn, name: info.name, config: { className: info.name, config: info.config } };
    const builtin = Object.entries(LOSSES).find(([, f]) => f === spec);
    if (builtin) return { fn: spec as LossFn, name: builtin[0], config: builtin[0] };
    return { fn: spec as LossFn, name: '', config: null };
  }
  throw new ArgumentError(`${op}: 'loss' must be a name or a function (yTrue, yPred) => loss, got ${describe(spec)}`);
}

export interface ResolvedMetric {
  fn: MetricFn;
  /** The key in the logs / History ('acc', 'accuracy', 'mse', or the function's name). */
  logName: string;
}

const METRIC_BY_KEY = new Map(Object.keys(METRICS).map((n) => [key(n), n]));

/**
 * A metric by name or function. 'accuracy' / 'acc' picks the variant the loss implies, as Keras: binary for
 * binary crossentropy or a single output unit, sparse for sparse categorical crossentropy, else categorical.
 */
export function resolveMetric(op: string, spec: unknown, loss: ResolvedLoss, outputUnits: number | null): ResolvedMetric {
  if (typeof spec === 'function') {
    const builtin = Object.entries(METRICS).find(([, f]) => f === spec);
    return { fn: spec as MetricFn, logName: builtin?.[0] ?? ((spec as { name?: string }).name || 'metric') };
  }
  if (typeof spec !== 'string') throw new ArgumentError(`${op}: a metric must be a name or a function, got ${describe(spec)}`);
  const k = key(spec);
  if (k === 'accuracy' || k === 'acc') {
    let fn: MetricFn = categoricalAccuracy;
    if (loss.name === 'binaryCrossentropy' || outputUnits === 1) fn = binaryAccuracy;
    else if (loss.name === 'sparseCategoricalCrossentropy') fn = sparseCategoricalAccuracy;
    return { fn, logName: spec };
  }
  const name = METRIC_BY_KEY.get(k) ?? LOSS_ALIASES[k];
  if (!name || !METRICS[name]) {
    throw new ArgumentError(`${op}: unknown metric '${spec}'; known: accuracy, acc, ${Object.keys(METRICS).join(', ')}, ${Object.keys(LOSS_ALIASES).join(', ')}`);
  }
  return { fn: METRICS[name]!, logName: spec };
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  return `${typeof v} ${String(v)}`;
}
