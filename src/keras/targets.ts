/**
 * Targets fitted to the model's outputs before losses and metrics see them, as Keras does. A [n] target for a
 * [?, 1] output becomes [n, 1]: without this, meanSquaredError of [n] against [n, 1] broadcasts to [n, n] and
 * trains on a silently wrong loss (the usual regression call, `fit(x, yVector)`). A target that cannot match its
 * output under a built-in loss is refused with both shapes named, before any step runs. User loss functions get
 * the expanded target too but are not shape-checked (they may take any target).
 */
import { ShapeError, fmtShape } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as ops from '../graph/graph_ops.generated.js';
import type { ResolvedLoss } from './compile.js';
import type { Model } from './model.js';

type Dims = readonly (number | null)[];

const known = (d: number | null): d is number => d !== null && d >= 0;

function dimsMatch(got: Dims, want: Dims): boolean {
  return got.length === want.length && got.every((d, i) => !known(d) || !known(want[i]!) || d === want[i]);
}

/** The targets as the losses expect them (new tensors where expanded; the caller frees those not in `ys`). */
export function alignTargets(model: Model, losses: ResolvedLoss[], ys: Tensor[], op: string): Tensor[] {
  return ys.map((y, o) => {
    const out = model.outputs[o]?.shape;
    const loss = losses[o];
    return out && loss ? alignTarget(y, out, loss, `${op}: output '${model.outputNames[o]}'`) : y;
  });
}

function alignTarget(y: Tensor, out: Dims, loss: ResolvedLoss, where: string): Tensor {
  const r = out.length;
  const tail = y.shape.slice(1);
  if (loss.name === 'sparseCategoricalCrossentropy') {
    // Integer labels: the output's shape without its class axis, with or without a trailing 1.
    const want = out.slice(1, -1);
    if (dimsMatch(tail, want) || dimsMatch(tail, [...want, 1])) return y;
    throw new ShapeError(
      `${where} has shape ${fmtShape(out)}; loss 'sparseCategoricalCrossentropy' needs integer labels of shape ${fmtShape([null, ...want])}, got targets of shape ${fmtShape(y.shape)}`,
    );
  }
  const expanded = y.rank === r - 1 && out[r - 1] === 1 ? ops.expandDims(y, -1) : y;
  if (loss.name === '' || dimsMatch(expanded.shape.slice(1), out.slice(1))) return expanded;
  const hint = y.rank === 1 && r === 2 && known(out[1]!) && out[1]! > 1 ? " (for integer class labels use loss 'sparseCategoricalCrossentropy')" : '';
  throw new ShapeError(`${where} has shape ${fmtShape(out)}; loss '${loss.name}' needs targets of the same shape, got ${fmtShape(y.shape)}${hint}`);
}
