/**
 * Graph-mode iterators over datasets (TF 1.x tf.data.Iterator): `getNext()` returns symbolic tensors that
 * feed the graph without a feed dict. The pipeline is JS code, so the IteratorGetNext node calls the JS pass:
 * each session run that needs the node advances it once (a run executes each node once, however many fetches
 * depend on it). The end of data is an OutOfRangeError, as in TF.
 *
 * Iterator state lives in the session (like a variable's value): a token tensor written through the run
 * context keys the pass, so two sessions on one graph iterate independently. Closing a session drops its
 * tokens; a pass abandoned half-way keeps its buffered tensors until the iterator is re-initialized (a pass that
 * reached its end has freed them).
 */
import { ENGINE } from '../core/engine.js';
import { ArgumentError, DTypeError, OutOfRangeError, ShapeError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { getDefaultGraph, type Graph, type GraphNode, type RunContext } from '../graph/graph.js';
import { Operation } from '../graph/operation.js';
import { FailedPreconditionError } from '../graph/session.js';
import type { Dataset } from './dataset.js';
import {
  buildFromSpec, describeSpec, disposeElement, leavesOf, mostSpecificCompatible, releaseElement, specFromTypes, specLeaves, TensorSpec,
  type Element, type ElementSpec,
} from './element.js';
import { END, type ElementIterator, type Pulled } from './pipeline.js';

interface PassState {
  it: ElementIterator;
  /** Held copies of the values bound to the dataset's placeholders for this pass. */
  bound: Tensor[];
}

/** The pass a session's token stands for (keyed by the session's copy of the token). */
const passes = new WeakMap<Tensor, PassState>();

function currentPass(ctx: RunContext, node: GraphNode): PassState | undefined {
  return ctx.isInitialized(node) ? passes.get(ctx.readVariable(node)) : undefined;
}

function closePass(p: PassState): void {
  try {
    p.it.close();
  } finally {
    for (const t of p.bound) if (!t.isDisposed) ENGINE.disposeTensor(t);
  }
}

/** Starts a new pass of `ds` in this session, closing the previous one; `values` are the captures' values. */
function startPass(ctx: RunContext, node: GraphNode, ds: Dataset, values: Tensor[]): void {
  const old = currentPass(ctx, node);
  if (old) closePass(old);
  const captures = ds.captures;
  const bound = values.map((v) => {
    const c = ENGINE.shareCopy(v);
    c.kept = true;
    return c;
  });
  const env = new Map<unknown, unknown>(captures.map((t, i) => [t, bound[i]!]));
  const token = ENGINE.makeTensor(new Int32Array(1), [], 'int32');
  ctx.writeVariable(node, token);
  passes.set(ctx.readVariable(node), { it: ds.open(env), bound });
}

export class DatasetIterator {
  /** The node whose session value is the pass token (never run itself). */
  private readonly stateNode: GraphNode;
  private readonly getNextNodes: GraphNode[] = [];
  private init?: Operation;
  private anyAsync = false;
  private readonly oneShot: Dataset | null;

  /** Internal: use ds.makeOneShotIterator(), ds.makeInitializableIterator() or Iterator.fromStructure(). */
  constructor(
    readonly elementSpec: ElementSpec,
    private readonly graph: Graph,
    kind: { oneShot: Dataset } | { initializable: Dataset } | { reinitializable: true },
  ) {
    this.oneShot = 'oneShot' in kind ? kind.oneShot : null;
    const name = this.oneShot ? 'OneShotIterator' : 'Iterator';
    this.stateNode = graph.addNode({ type: name, name, inputs: [], outputs: [], stateful: true, run: () => [] });
    if (this.oneShot) this.noteAsync(this.oneShot);
    if ('initializable' in kind) this.init = this.makeInitializer(kind.initializable);
  }

  /** The operation that (re)starts the pass; `sess.run(iterator.initializer, feeds)` feeds the dataset's placeholders. */
  get initializer(): Operation {
    if (!this.init) throw new ArgumentError('DatasetIterator.initializer: a one-shot iterator has no initializer (use makeInitializableIterator)');
    return this.init;
  }

  /** TF 1.x `output_types` / `output_shapes` of getNext(). */
  get outputTypes(): unknown {
    return mapSpecLeaves(this.elementSpec, (s) => (s instanceof TensorSpec ? s.dtype : 'string'));
  }

  get outputShapes(): unknown {
    return mapSpecLeaves(this.elementSpec, (s) => (s instanceof TensorSpec ? s.shape.map((d) => (d < 0 ? null : d)) : null));
  }

  private noteAsync(ds: Dataset): void {
    if (!ds.isAsync) return;
    this.anyAsync = true;
    for (const n of this.getNextNodes) n.attrs.asyncOnly = true;
  }

  /**
   * An operation that starts a pass over `ds` (TF's make_initializer): ds must have this iterator's structure
   * and dtypes, and shapes compatible with its static shapes.
   */
  makeInitializer(ds: Dataset, name = 'MakeIterator'): Operation {
    const merged = mostSpecificCompatible('DatasetIterator.makeInitializer', this.elementSpec, ds.elementSpec);
    const mine = specLeaves(this.elementSpec);
    specLeaves(merged).forEach((s, i) => {
      const m = mine[i]!;
      if (s instanceof TensorSpec && m instanceof TensorSpec && m.shape.some((d, k) => d >= 0 && s.shape[k] !== d)) {
        throw new ShapeError(`DatasetIterator.makeInitializer: the dataset's elements ${describeSpec(ds.elementSpec)} do not fit the iterator's ${describeSpec(this.elementSpec)}`);
      }
    });
    this.noteAsync(ds);
    const captures = ds.captures;
    const node = this.graph.addNode({
      type: 'MakeIterator',
      name,
      inputs: captures,
      outputs: [],
      stateful: true,
      run: (ctx, values) => {
        startPass(ctx, this.stateNode, ds, values);
        return [];
      },
    });
    // Control dependencies around the iterator's creation must not gate its initializer.
    node.controlInputs = [];
    return new Operation(node, this.graph);
  }

  /** Symbolic tensors of the next element, in the dataset's structure (a tensor, an array or an object). */
  getNext(name = 'IteratorGetNext'): any {
    const leaves = specLeaves(this.elementSpec);
    const strings = leaves.filter((s) => !(s instanceof TensorSpec)).length;
    if (strings > 0) {
      throw new DTypeError(
        `DatasetIterator.getNext: elements ${describeSpec(this.elementSpec)} hold JS strings, which graph tensors cannot carry ` +
          '(tensorlane has no string dtype); map them to tensors first',
      );
    }
    const node = this.graph.addNode({
      type: 'IteratorGetNext',
      name,
      inputs: [],
      outputs: leaves.map((s) => ({ shape: [...(s as TensorSpec).shape], dtype: (s as TensorSpec).dtype })),
      stateful: true,
      attrs: { asyncOnly: this.anyAsync },
      run: (ctx) => {
        const p = this.pass(ctx, node);
        return this.deliver(node, p, p.it.nextSync());
      },
    });
    node.runAsync = async (ctx) => {
      const p = this.pass(ctx, node);
      return this.deliver(node, p, await p.it.next());
    };
    this.getNextNodes.push(node);
    return buildFromSpec(this.elementSpec, node.outputs);
  }

  private pass(ctx: RunContext, node: GraphNode): PassState {
    let p = currentPass(ctx, this.stateNode);
    if (!p) {
      if (!this.oneShot) {
        throw new FailedPreconditionError(
          `${node.name}: GetNext() failed because the iterator has not been initialized; run its initializer (sess.run(iterator.initializer)) first`,
        );
      }
      startPass(ctx, this.stateNode, this.oneShot, []);
      p = currentPass(ctx, this.stateNode)!;
    }
    return p;
  }

  /** The element's tensors in order, handed to the run (which owns and frees them). */
  private deliver(node: GraphNode, p: PassState, el: Pulled): Tensor[] {
    if (el === END) {
      // An ended pass frees the values bound to its placeholders now, not at the next initialization.
      closePass(p);
      throw new OutOfRangeError(`${node.name}: End of sequence (the dataset is exhausted; re-run the iterator's initializer to start again)`);
    }
    const leaves = leavesOf(el);
    const bad = leaves.findIndex((l) => !(l instanceof Tensor));
    if (bad >= 0 || leaves.length !== node.outputs.length) {
      disposeElement(el);
      throw new ArgumentError(`${node.name}: element does not match the iterator's structure ${describeSpec(this.elementSpec)}`);
    }
    releaseElement(el as Element);
    return leaves as Tensor[];
  }
}

function mapSpecLeaves(spec: ElementSpec, fn: (s: ElementSpec) => unknown): unknown {
  if (Array.isArray(spec)) return spec.map((s) => mapSpecLeaves(s, fn));
  if (spec && typeof spec === 'object' && Object.getPrototypeOf(spec) === Object.prototype) {
    return Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, mapSpecLeaves(v as ElementSpec, fn)]));
  }
  return fn(spec);
}

function graphFor(ds: Dataset): Graph {
  const caps = ds.captures;
  return caps.length > 0 ? (caps[0]!.graphRef!.graph as Graph) : getDefaultGraph();
}

export function makeOneShotIterator(ds: Dataset): DatasetIterator {
  if (ds.captures.length > 0) {
    throw new ArgumentError(
      `makeOneShotIterator: the dataset depends on placeholders (${ds.captures.map((t) => t.name).join(', ')}); use makeInitializableIterator and feed them to its initializer`,
    );
  }
  return new DatasetIterator(ds.elementSpec, graphFor(ds), { oneShot: ds });
}

export function makeInitializableIterator(ds: Dataset): DatasetIterator {
  return new DatasetIterator(ds.elementSpec, graphFor(ds), { initializable: ds });
}

/** TF 1.x Iterator.from_structure: a reinitializable iterator; `makeInitializer(ds)` binds datasets to it. */
export function iteratorFromStructure(outputTypes: unknown, outputShapes: unknown): DatasetIterator {
  if (outputShapes === undefined) throw new ArgumentError('Iterator.fromStructure: outputShapes is required (null marks an unknown dim)');
  const spec = specFromTypes('Iterator.fromStructure', outputTypes, outputShapes);
  return new DatasetIterator(spec, getDefaultGraph(), { reinitializable: true });
}
