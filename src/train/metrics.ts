/**
 * tl.metrics: TF 1.x streaming metrics (tf.metrics.accuracy, precision, recall, mean, mean_iou).
 *
 * Graph mode (TF 1.x): each function returns [value, updateOp]. Its running totals are LOCAL variables (the
 * LOCAL_VARIABLES and METRIC_VARIABLES collections, never saved with the model), set to zero by
 * tl.localVariablesInitializer(). Running updateOp over batches adds each batch's counts to the totals and gives
 * the updated result; `value` reads the result from the totals without changing them; running the local
 * initializer again resets. As in TF, the functions refuse eager tensors outside a graph.
 *
 * Eagerly: the classes (new tl.metrics.Accuracy(), Precision, Recall, Mean, MeanIoU) hold the same totals on the
 * host: `update(...)` adds a batch and returns the updated result, `result()` reads it, `reset()` zeroes it.
 *
 * Both forms share one definition per metric: the totals' shapes, a batch's increments (written in graph-aware
 * ops) and the result computed from the totals, so graph and eager agree by construction.
 */
import { ArgumentError, ShapeError, fmtShape } from '../core/errors.js';
import { shapeCompatible } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { Variable } from '../core/variable.js';
import { checkOptions } from '../core/shape.js';
import { ENGINE } from '../core/engine.js';
import { GraphKeys, getDefaultGraph, graphOf, inGraphMode } from '../graph/graph.js';
import { nameScope } from '../graph/index.js';
import {
  add, cast, div, equal, greater, logicalAnd, logicalNot, matMul, mul, notEqual, oneHot, onesLike, reshape, slice, sub, sum, tensor, transpose, where, zerosLike,
} from '../graph/graph_ops.generated.js';

/** One metric: the shapes of its totals, a batch's increments to them, and its result from the totals. */
interface MetricDef {
  name: string;
  totals: { name: string; shape: number[] }[];
  increments(): Tensor[];
  result(totals: Tensor[]): Tensor;
}

export interface MetricOptions {
  /** Per-example weights, broadcast to the labels' shape (0 leaves an example out). Default 1. */
  weights?: TensorLike;
  /** Name scope of the metric's nodes and local variables. */
  name?: string;
}

/** total / count, and 0 where count is 0 (tf.math.div_no_nan, as TF's metrics do). */
function safeDiv(total: Tensor, count: Tensor): Tensor {
  const positive = greater(count, 0);
  return where(positive, div(total, where(positive, count, onesLike(count))), zerosLike(total));
}

/** weights as float32 broadcast to `like` (a float32 tensor of per-example values); ones when absent. */
function weightsLike(op: string, weights: TensorLike | undefined, like: Tensor): Tensor {
  if (weights === undefined || weights === null) return onesLike(like);
  const w = cast(convertToTensor(weights, 'weights', op), 'float32');
  return mul(onesLike(like), w);
}

function checkSameShape(op: string, labels: Tensor, predictions: Tensor): void {
  if (!shapeCompatible(labels.shape, predictions.shape) && !shapeCompatible(predictions.shape, labels.shape)) {
    throw new ShapeError(`${op}: 'labels' ${fmtShape(labels.shape)} and 'predictions' ${fmtShape(predictions.shape)} must have the same shape`);
  }
}

/** labels and predictions as bool (TF casts both for precision and recall: nonzero is positive). */
function asBool(t: Tensor): Tensor {
  return t.dtype === 'bool' ? t : notEqual(t, zerosLike(t));
}

function accuracyDef(labels: TensorLike, predictions: TensorLike, opts: MetricOptions): MetricDef {
  const op = 'accuracy';
  const l = convertToTensor(labels, 'labels', op);
  let p = convertToTensor(predictions, 'predictions', op);
  checkSameShape(op, l, p);
  return {
    name: op,
    totals: [{ name: 'total', shape: [] }, { name: 'count', shape: [] }],
    increments: () => {
      if (p.dtype !== l.dtype) p = cast(p, l.dtype);
      const correct = cast(equal(l, p), 'float32');
      const w = weightsLike(op, opts.weights, correct);
      return [sum(mul(correct, w)), sum(w)];
    },
    result: ([total, count]) => safeDiv(total!, count!),
  };
}

/** precision (tp / (tp + fp)) or recall (tp / (tp + fn)): both count true positives and one kind of miss. */
function ratioDef(op: 'precision' | 'recall', labels: TensorLike, predictions: TensorLike, opts: MetricOptions): MetricDef {
  const l = convertToTensor(labels, 'labels', op);
  const p = convertToTensor(predictions, 'predictions', op);
  checkSameShape(op, l, p);
  const miss = op === 'precision' ? 'false_positives' : 'false_negatives';
  return {
    name: op,
    totals: [{ name: 'true_positives', shape: [] }, { name: miss, shape: [] }],
    increments: () => {
      const lb = asBool(l);
      const pb = asBool(p);
      const tp = cast(logicalAnd(lb, pb), 'float32');
      const other = cast(op === 'precision' ? logicalAnd(logicalNot(lb), pb) : logicalAnd(lb, logicalNot(pb)), 'float32');
      const w = weightsLike(op, opts.weights, tp);
      return [sum(mul(tp, w)), sum(mul(other, w))];
    },
    result: ([tp, other]) => safeDiv(tp!, add(tp!, other!)),
  };
}

function meanDef(values: TensorLike, opts: MetricOptions): MetricDef {
  const op = 'mean';
  const v = convertToTensor(values, 'values', op);
  return {
    name: op,
    totals: [{ name: 'total', shape: [] }, { name: 'count', shape: [] }],
    increments: () => {
      const x = cast(v, 'float32');
      const w = weightsLike(op, opts.weights, x);
      return [sum(mul(x, w)), sum(w)];
    },
    result: ([total, count]) => safeDiv(total!, count!),
  };
}

/**
 * Mean intersection-over-union: a confusion matrix [numClasses, numClasses] (rows: labels, columns:
 * predictions) accumulates; IoU_c = cm[c,c] / (row_c + col_c - cm[c,c]), averaged over the classes that occur
 * (a class absent from both labels and predictions is left out, as in TF).
 */
function meanIoUDef(labels: TensorLike, predictions: TensorLike, numClasses: number, opts: MetricOptions): MetricDef {
  const op = 'meanIoU';
  checkNumClasses(op, numClasses);
  const l = convertToTensor(labels, 'labels', op, 'int32');
  const p = convertToTensor(predictions, 'predictions', op, 'int32');
  checkSameShape(op, l, p);
  return {
    name: 'mean_iou',
    totals: [{ name: 'total_confusion_matrix', shape: [numClasses, numClasses] }],
    increments: () => {
      const lf = reshape(cast(l, 'int32'), [-1]);
      const pf = reshape(cast(p, 'int32'), [-1]);
      const lh = oneHot(lf, numClasses);
      // Weights broadcast to the labels' shape, then flattened with them.
      const w = reshape(weightsLike(op, opts.weights, cast(l, 'float32')), [-1, 1]);
      const ph = mul(oneHot(pf, numClasses), w);
      return [matMul(transpose(lh), ph)];
    },
    result: ([cm]) => {
      const eye = tensor(identityValues(numClasses), [numClasses, numClasses], 'float32');
      const diag = sum(mul(cm!, eye), 1);
      const denom = sub(add(sum(cm!, 1), sum(cm!, 0)), diag);
      const valid = cast(greater(denom, 0), 'float32');
      return safeDiv(sum(safeDiv(diag, denom)), sum(valid));
    },
  };
}

export interface AucOptions extends MetricOptions {
  /** Thresholds that discretize the curve (TF's default 200; at least 2). */
  numThresholds?: number;
  /** 'ROC' (default): area under TPR over FPR; 'PR': under precision over recall. */
  curve?: 'ROC' | 'PR';
}

const AUC_EPSILON = 1e-7;

/**
 * Area under the ROC or PR curve, approximated as TF 1.x does: at each of numThresholds thresholds (0 - eps,
 * i / (n - 1) for i in 1..n-2, 1 + eps) a prediction above the threshold is a positive; true/false positives
 * and negatives accumulate per threshold; the area is the trapezoidal sum over the thresholds' points.
 * Predictions are probabilities in [0, 1]; labels are positive when nonzero.
 */
function aucDef(labels: TensorLike, predictions: TensorLike, opts: AucOptions): MetricDef {
  const op = 'auc';
  const { n, curve } = checkAucOptions(op, opts);
  const l = convertToTensor(labels, 'labels', op);
  const p = convertToTensor(predictions, 'predictions', op);
  checkSameShape(op, l, p);
  const thresholds = [-AUC_EPSILON, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + AUC_EPSILON];
  return {
    name: op,
    totals: ['true_positives', 'false_negatives', 'true_negatives', 'false_positives'].map((name) => ({ name, shape: [n] })),
    increments: () => {
      const pf = reshape(cast(p, 'float32'), [1, -1]);
      const lb = reshape(asBool(l), [1, -1]);
      // above[t, i]: prediction i counts as positive at threshold t.
      const above = greater(pf, tensor(thresholds, [n, 1], 'float32'));
      const w = reshape(weightsLike(op, opts.weights, cast(l, 'float32')), [1, -1]);
      const count = (b: Tensor) => sum(mul(cast(b, 'float32'), w), 1);
      const notL = logicalNot(lb);
      const below = logicalNot(above);
      return [count(logicalAnd(lb, above)), count(logicalAnd(lb, below)), count(logicalAnd(notL, below)), count(logicalAnd(notL, above))];
    },
    result: ([tp, fn, tn, fp]) => {
      const eps = AUC_EPSILON;
      const recall = div(tp!, add(add(tp!, fn!), eps));
      const y = curve === 'ROC' ? recall : div(tp!, add(add(tp!, fp!), eps));
      const x = curve === 'ROC' ? div(fp!, add(add(fp!, tn!), eps)) : recall;
      const head = (t: Tensor) => slice(t, [0], [n - 1]);
      const tail = (t: Tensor) => slice(t, [1], [n - 1]);
      return sum(mul(sub(head(x), tail(x)), div(add(head(y), tail(y)), 2)));
    },
  };
}

function checkAucOptions(op: string, opts: AucOptions): { n: number; curve: 'ROC' | 'PR' } {
  const n = opts.numThresholds ?? 200;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 2 || n > 1e6) {
    throw new ArgumentError(`${op}: 'numThresholds' must be an integer in [2, 1e6], got ${String(n)}`);
  }
  const curve = opts.curve ?? 'ROC';
  if (curve !== 'ROC' && curve !== 'PR') throw new ArgumentError(`${op}: 'curve' must be 'ROC' or 'PR', got ${String(curve)}`);
  return { n, curve };
}

function checkNumClasses(op: string, numClasses: unknown): void {
  if (typeof numClasses !== 'number' || !Number.isInteger(numClasses) || numClasses < 1) {
    throw new ArgumentError(`${op}: 'numClasses' must be a positive integer, got ${String(numClasses)}`);
  }
}

function identityValues(n: number): number[] {
  return Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
}

// ---- graph mode: [value, updateOp] --------------------------------------------------------------------

const METRIC_OPTIONS = ['weights', 'name'];
const AUC_OPTIONS = ['weights', 'name', 'numThresholds', 'curve'];

function buildStreaming(op: string, inputs: unknown[], opts: MetricOptions | undefined, def: () => MetricDef, accepted = METRIC_OPTIONS): [Tensor, Tensor] {
  checkOptions(op, opts, accepted);
  const sym = inputs.find((x): x is Tensor => x instanceof Tensor && !!x.graphRef);
  if (!sym && !inGraphMode()) {
    throw new ArgumentError(
      `${op}: tl.metrics.${op} builds graph nodes (TF 1.x) and needs graph mode or symbolic inputs; eagerly, use new tl.metrics.${op.charAt(0).toUpperCase() + op.slice(1)}()`,
    );
  }
  const graph = sym ? graphOf(sym) : getDefaultGraph();
  return graph.asDefault(() => {
    const d = def();
    return nameScope(opts?.name ?? d.name, () => {
      const vars = d.totals.map(
        (t) => new Variable(zeroValue(t.shape), { name: t.name, trainable: false, collections: [GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES] }),
      );
      const value = d.result(vars);
      const updated = d.increments().map((inc, i) => vars[i]!.assignAdd(inc));
      return [value, d.result(updated)] as [Tensor, Tensor];
    }, graph);
  });
}

function zeroValue(shape: number[]): Tensor {
  return ENGINE.tidy(() => tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape, 'float32'));
}

/** tf.metrics.accuracy: the (weighted) fraction of predictions equal to labels. */
export function accuracy(labels: TensorLike, predictions: TensorLike, opts?: MetricOptions): [Tensor, Tensor] {
  return buildStreaming('accuracy', [labels, predictions, opts?.weights], opts, () => accuracyDef(labels, predictions, opts ?? {}));
}

/** tf.metrics.precision: true positives / (true positives + false positives); nonzero means positive. */
export function precision(labels: TensorLike, predictions: TensorLike, opts?: MetricOptions): [Tensor, Tensor] {
  return buildStreaming('precision', [labels, predictions, opts?.weights], opts, () => ratioDef('precision', labels, predictions, opts ?? {}));
}

/** tf.metrics.recall: true positives / (true positives + false negatives); nonzero means positive. */
export function recall(labels: TensorLike, predictions: TensorLike, opts?: MetricOptions): [Tensor, Tensor] {
  return buildStreaming('recall', [labels, predictions, opts?.weights], opts, () => ratioDef('recall', labels, predictions, opts ?? {}));
}

/** tf.metrics.mean: the (weighted) mean of every value seen. */
export function mean(values: TensorLike, opts?: MetricOptions): [Tensor, Tensor] {
  return buildStreaming('mean', [values, opts?.weights], opts, () => meanDef(values, opts ?? {}));
}

/** tf.metrics.auc: area under the ROC (default) or PR curve, from per-threshold counts. */
export function auc(labels: TensorLike, predictions: TensorLike, opts?: AucOptions): [Tensor, Tensor] {
  return buildStreaming('auc', [labels, predictions, opts?.weights], opts, () => aucDef(labels, predictions, opts ?? {}), AUC_OPTIONS);
}

/** tf.metrics.mean_iou over `numClasses` classes (labels and predictions are class ids). */
export function meanIoU(labels: TensorLike, predictions: TensorLike, numClasses: number, opts?: MetricOptions): [Tensor, Tensor] {
  return buildStreaming('meanIoU', [labels, predictions, opts?.weights], opts, () => meanIoUDef(labels, predictions, numClasses, opts ?? {}));
}

// ---- eager: objects with update / result / reset ------------------------------------------------------

/** A streaming metric for eager code: the totals live on the host (float64), so no tensor stays alive. */
abstract class EagerMetric {
  private totals: Float64Array[] | null = null;
  private shapes: number[][] = [];
  private resultOf: MetricDef['result'] | null = null;

  /** Adds one batch: `make` converts the arguments and defines the metric (inside a tidy, so nothing leaks). */
  protected accumulate(make: () => MetricDef): Tensor {
    const incs = ENGINE.tidy(() => {
      const def = make();
      if (!this.totals) {
        this.shapes = def.totals.map((t) => t.shape);
        this.totals = def.totals.map((t) => new Float64Array(t.shape.reduce((a, b) => a * b, 1)));
      }
      this.resultOf = def.result;
      return def.increments().map((t) => Float64Array.from(t.dataSync() as ArrayLike<number>));
    });
    incs.forEach((inc, i) => inc.forEach((v, j) => (this.totals![i]![j]! += v)));
    return this.result();
  }

  /** The result over every batch since construction or the last reset (0 before any update). */
  result(): Tensor {
    const totals = this.totals;
    const resultOf = this.resultOf;
    if (!totals || !resultOf) return tensor(0);
    return ENGINE.tidy(() => resultOf(totals.map((t, i) => tensor(Float32Array.from(t), this.shapes[i]!, 'float32'))));
  }

  /** Forgets every batch seen. */
  reset(): void {
    this.totals?.forEach((t) => t.fill(0));
  }
}

function checkEager(op: string, opts: unknown): void {
  checkOptions(op, opts, ['weights']);
}

export class Accuracy extends EagerMetric {
  update(labels: TensorLike, predictions: TensorLike, opts: { weights?: TensorLike } = {}): Tensor {
    checkEager('Accuracy.update', opts);
    return this.accumulate(() => accuracyDef(labels, predictions, opts ?? {}));
  }
}

export class Precision extends EagerMetric {
  update(labels: TensorLike, predictions: TensorLike, opts: { weights?: TensorLike } = {}): Tensor {
    checkEager('Precision.update', opts);
    return this.accumulate(() => ratioDef('precision', labels, predictions, opts ?? {}));
  }
}

export class Recall extends EagerMetric {
  update(labels: TensorLike, predictions: TensorLike, opts: { weights?: TensorLike } = {}): Tensor {
    checkEager('Recall.update', opts);
    return this.accumulate(() => ratioDef('recall', labels, predictions, opts ?? {}));
  }
}

export class Mean extends EagerMetric {
  update(values: TensorLike, opts: { weights?: TensorLike } = {}): Tensor {
    checkEager('Mean.update', opts);
    return this.accumulate(() => meanDef(values, opts ?? {}));
  }
}

export class AUC extends EagerMetric {
  constructor(readonly opts: { numThresholds?: number; curve?: 'ROC' | 'PR' } = {}) {
    super();
    checkOptions('AUC', opts, ['numThresholds', 'curve']);
    checkAucOptions('AUC', opts ?? {});
  }

  update(labels: TensorLike, predictions: TensorLike, opts: { weights?: TensorLike } = {}): Tensor {
    checkEager('AUC.update', opts);
    return this.accumulate(() => aucDef(labels, predictions, { ...this.opts, ...(opts ?? {}) }));
  }
}

export class MeanIoU extends EagerMetric {
  constructor(readonly numClasses: number) {
    super();
    checkNumClasses('MeanIoU', numClasses);
  }

  update(labels: TensorLike, predictions: TensorLike, opts: { weights?: TensorLike } = {}): Tensor {
    checkEager('MeanIoU.update', opts);
    return this.accumulate(() => meanIoUDef(labels, predictions, this.numClasses, opts ?? {}));
  }
}
