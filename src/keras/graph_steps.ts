/**
 * Graph-mode (TF 1.x keras) training: for a model whose weights are graph Variables, the train, test and predict
 * graphs are built ONCE from placeholders (train: loss, metrics, the optimizer's update node and the layers'
 * UPDATE_OPS; test: loss and metrics with training=false) and each batch is one Session.runAsync. The session is
 * the default session of the model's graph (one is made and made default if none, like K.get_session()), and
 * variables it has no value for yet (new layers, optimizer slots) are initialized before the first run.
 */
import { ENGINE } from '../core/engine.js';
import { Tensor } from '../core/tensor.js';
import type { Variable } from '../core/variable.js';
import { getDefaultGraph, inGraphMode, type Graph } from '../graph/graph.js';
import * as ops from '../graph/graph_ops.generated.js';
import type { Operation } from '../graph/operation.js';
import { placeholder } from '../graph/placeholder.js';
import { Session } from '../graph/session.js';
import { getDefaultSession, pushDefaultSession } from '../graph/session_registry.js';
import { globalVariables, variablesInitializer } from '../graph/variables.js';
import type { Batch } from './data_adapter.js';
import type { Model } from './model.js';
import { alignTargets } from './targets.js';
import { totalLoss, type Compiled } from './training.js';

interface Built {
  xs: Tensor[];
  ys: Tensor[];
  sw: Tensor;
  fetches: (Tensor | Operation)[];
  /** Index in fetches where the logged values start. */
  valuesAt: number;
}

interface GraphState {
  graph: Graph;
  session: Session;
  train?: Built;
  test?: Built;
  predict?: { xs: Tensor[]; outs: Tensor[] };
  /** Ones for the sample-weight placeholder when the batch has none, by batch size. */
  ones: Map<number, Tensor>;
}

const states = new WeakMap<Model, GraphState>();

/** True when the model's weights are graph Variables (or it has none yet and graph mode is on). */
export function graphMode(model: Model): boolean {
  const w = model.weights;
  return w.length > 0 ? w[0]!.isSymbolic : inGraphMode();
}

export function releaseGraph(model: Model): void {
  const s = states.get(model);
  if (!s) return;
  for (const t of s.ones.values()) t.dispose();
  states.delete(model);
}

function stateOf(model: Model): GraphState {
  let s = states.get(model);
  if (s) return s;
  const w = model.weights;
  const graph = w.length > 0 ? (w[0]!.graphRef!.graph as Graph) : getDefaultGraph();
  let session: Session | null = null;
  try {
    const d = getDefaultSession('keras');
    if (d.graph === graph) session = d;
  } catch {
    session = null;
  }
  if (!session) {
    session = new Session({ graph });
    pushDefaultSession(session);
  }
  s = { graph, session, ones: new Map() };
  states.set(model, s);
  return s;
}

const asList = (t: Tensor | Tensor[]): Tensor[] => (Array.isArray(t) ? t : [t]);
const inputPlaceholders = (model: Model): Tensor[] => model.inputs.map((k) => placeholder(k.dtype, k.shape));

function build(model: Model, c: Compiled, b: Batch, mode: 'train' | 'test'): Built {
  const xs = inputPlaceholders(model);
  const ys = b.ys.map((y) => placeholder(y.dtype, [null, ...y.shape.slice(1)]));
  const targets = alignTargets(model, c.losses, ys, `${model.name}.${mode === 'train' ? 'fit' : 'evaluate'}`);
  const sw = placeholder('float32', [null]);
  const preds = asList(model.apply(xs.length === 1 ? xs[0]! : xs, { training: mode === 'train' }) as Tensor | Tensor[]);
  const { total, outLosses } = totalLoss(model, c, targets, preds, sw);
  const values: Tensor[] = [total, ...(outLosses.length > 1 ? outLosses : [])];
  c.metrics.forEach((ms, o) => ms.forEach((m) => values.push(ops.mean(m.fn(targets[o]!, preds[o]!)))));
  const fetches: (Tensor | Operation)[] = [];
  if (mode === 'train') {
    const vars = model.trainableWeights;
    if (vars.length > 0) fetches.push(c.optimizer.minimize(total, { varList: vars }) as Operation);
    fetches.push(...model.updates);
  }
  return { xs, ys, sw, fetches: [...fetches, ...values], valuesAt: fetches.length };
}

/** Runs initializers for the graph's variables the session has no value for. */
function initNew(s: GraphState): void {
  const fresh = globalVariables(s.graph).filter((v: Variable) => !s.session.isVariableInitialized(v));
  if (fresh.length > 0) s.session.run(s.graph.asDefault(() => variablesInitializer(fresh, 'keras_init')));
}

function onesFor(s: GraphState, n: number): Tensor {
  let t = s.ones.get(n);
  if (!t) {
    t = ENGINE.keep(ops.ones([n], 'float32'));
    s.ones.set(n, t);
  }
  return t;
}

export async function graphStep(model: Model, c: Compiled, b: Batch, mode: 'train' | 'test'): Promise<number[]> {
  const s = stateOf(model);
  let built = s[mode];
  if (!built) {
    built = s.graph.asDefault(() => build(model, c, b, mode));
    s[mode] = built;
    initNew(s);
  }
  const feeds: [Tensor, Tensor][] = [];
  built.xs.forEach((p, i) => feeds.push([p, b.xs[i]!]));
  built.ys.forEach((p, i) => feeds.push([p, b.ys[i]!]));
  feeds.push([built.sw, b.sw ?? onesFor(s, b.xs[0]!.shape[0]!)]);
  const out = (await s.session.runAsync(built.fetches, feeds)) as (Tensor | null)[];
  const values: number[] = [];
  for (let i = 0; i < out.length; i++) {
    const t = out[i];
    if (!(t instanceof Tensor)) continue;
    if (i >= built.valuesAt) values.push(Number(t.dataSync()[0]));
    t.dispose();
  }
  return values;
}

/** predict's graph step off the main thread where the backend allows (Session.runAsync). */
export async function graphPredict(model: Model, xs: Tensor[]): Promise<Tensor[]> {
  const p = predictGraph(model);
  return (await stateOf(model).session.runAsync(p.outs, p.xs.map((ph, i) => [ph, xs[i]!] as [Tensor, Tensor]))) as Tensor[];
}

function predictGraph(model: Model): { xs: Tensor[]; outs: Tensor[] } {
  const s = stateOf(model);
  if (!s.predict) {
    s.predict = s.graph.asDefault(() => {
      const ph = inputPlaceholders(model);
      return { xs: ph, outs: asList(model.apply(ph.length === 1 ? ph[0]! : ph, { training: false }) as Tensor | Tensor[]) };
    });
    initNew(s);
  }
  return s.predict;
}

/** predict's graph step, synchronous (Session.run): model.predict returns tensors, as in Keras and tfjs. */
export function graphPredictSync(model: Model, xs: Tensor[]): Tensor[] {
  const p = predictGraph(model);
  return stateOf(model).session.run(p.outs, p.xs.map((ph, i) => [ph, xs[i]!] as [Tensor, Tensor])) as Tensor[];
}
