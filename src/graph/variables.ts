import { DataHandle } from '../core/backend.js';
import { ENGINE } from '../core/engine.js';
import { DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { graphVariables, Variable, type VariableOptions } from '../core/variable.js';
import { GraphKeys, getDefaultGraph, graphOf, inGraphMode, nodeOf, type Graph, type GraphNode } from './graph.js';
import { Operation } from './operation.js';
import { shapeCompatible } from '../core/shape.js';
import { containsSymbolic } from './symbolic.js';
import { add, sub } from '../ops/arithmetic.js';
import { addOpNode } from './op_wrapper.js';
import { cast } from '../ops/cast.js';

/** Graph-side state of a graph variable. */
interface GraphVarInfo {
  node: GraphNode;
  initializer: Operation;
  initialValue: Tensor;
}
const info = new WeakMap<Variable, GraphVarInfo>();

function storage(): DataHandle {
  // The symbolic tensor's handle: reading it explains that values live in sessions.
  return nodeStorage;
}
const nodeStorage = new DataHandle(
  {
    name: 'js',
    write() { throw new Error('graph variable has no data'); },
    readSync() { throw new DTypeError('this Variable is a graph variable: its value lives in a Session (sess.run(v) or v.eval())'); },
    read() { return Promise.reject(new DTypeError('this Variable is a graph variable: its value lives in a Session')); },
    free() {},
    adopt() { throw new Error('graph variable has no data'); },
  },
  0,
);

graphVariables.impl = {
  active(initialValue) {
    return inGraphMode() || containsSymbolic(initialValue);
  },

  prepare(initialValue, opts) {
    if (initialValue instanceof Tensor) {
      const dtype = opts.dtype ?? initialValue.dtype;
      return { handle: storage(), shape: [...initialValue.shape], dtype };
    }
    const probe = convertToTensor(initialValue, 'initialValue', 'Variable', opts.dtype);
    const out = { handle: storage(), shape: [...probe.shape], dtype: opts.dtype ?? probe.dtype };
    probe.dispose();
    return out;
  },

  attach(v, initialValue, opts: VariableOptions) {
    const graph = initialValue instanceof Tensor && initialValue.graphRef ? graphOf(initialValue) : getDefaultGraph();
    // The initial value: concrete values are kept by the graph; symbolic ones are evaluated by the initializer.
    let init: Tensor;
    if (initialValue instanceof Tensor) {
      init = initialValue.isSymbolic || initialValue.dtype === v.dtype ? initialValue : ENGINE.keep(cast(initialValue, v.dtype));
      if (!init.isSymbolic) ENGINE.keep(init);
    } else {
      init = ENGINE.keep(convertToTensor(initialValue, 'initialValue', 'Variable', v.dtype));
    }
    const node = graph.addNode({
      type: 'VariableV2',
      name: opts.name ?? 'Variable',
      inputs: [],
      outputs: [],
      stateful: true,
      attrs: { dtype: v.dtype, shape: [...v.shape], trainable: v.trainable },
      run: (ctx) => [ctx.readVariable(node)],
    });
    v.graphRef = { graph, node, index: 0 };
    v.name = node.name;
    node.outputs = [v];
    const initInputs = init.isSymbolic ? [init] : [];
    // The initializer is named '<variable>/Assign' as in TF (not prefixed by the current name scope a second time).
    const outerScope = graph.scopePrefix;
    graph.scopePrefix = `${node.name}/`;
    let initNode: ReturnType<typeof graph.addNode>;
    try {
      initNode = graph.addNode({
        type: 'Assign',
        name: 'Assign',
        inputs: initInputs,
        outputs: [],
        stateful: true,
        run: (ctx, vals) => {
          const val = init.isSymbolic ? vals[0]! : init;
          if (val.dtype !== v.dtype) throw new DTypeError(`${node.name}/Assign: initial value is ${val.dtype}, variable is ${v.dtype}`);
          if (!shapeCompatible(v.shape, val.shape)) {
            throw new ShapeError(`${node.name}/Assign: initial value ${fmtShape(val.shape)} does not match variable ${fmtShape(v.shape)}`);
          }
          ctx.writeVariable(node, val);
          return [];
        },
      });
    } finally {
      graph.scopePrefix = outerScope;
    }
    // Graph nodes created under tl.controlDependencies must not gate the initializer.
    initNode.controlInputs = [];
    info.set(v, { node, initializer: new Operation(initNode, graph), initialValue: init });
    for (const key of opts.collections ?? [GraphKeys.GLOBAL_VARIABLES]) graph.addToCollection(key, v);
    if (v.trainable) graph.addToCollection(GraphKeys.TRAINABLE_VARIABLES, v);
  },

  assign(v, value, kind) {
    const { node } = info.get(v)!;
    const graph = graphOf(v);
    const val = value instanceof Tensor ? value : convertToTensor(value, 'value', `${v.name}.${kind}`, v.dtype);
    if (!val.isSymbolic) ENGINE.keep(val);
    if (val.dtype !== v.dtype) throw new DTypeError(`${v.name}.${kind}: value is ${val.dtype}, variable is ${v.dtype}`);
    if (!shapeCompatible(v.shape, val.shape) && !(val.shape.every((d) => d < 0) && val.rank === v.rank)) {
      throw new ShapeError(`${v.name}.${kind}: value ${fmtShape(val.shape)} does not match variable ${fmtShape(v.shape)}`);
    }
    const inputs = val.isSymbolic ? [v, val] : [v];
    const type = kind === 'assign' ? 'Assign' : kind === 'assignAdd' ? 'AssignAdd' : 'AssignSub';
    const n = graph.addNode({
      type,
      name: `${v.name}/${type}`,
      inputs,
      outputs: [{ shape: [...v.shape], dtype: v.dtype }],
      stateful: true,
      run: (ctx, vals) => {
        const current = ctx.readVariable(node);
        const x = val.isSymbolic ? vals[1]! : val;
        const next = kind === 'assign' ? x : kind === 'assignAdd' ? add(current, x) : sub(current, x);
        ctx.writeVariable(node, next);
        return [ENGINE.shareCopy(ctx.readVariable(node))];
      },
    });
    return n.outputs[0]!;
  },
};

/** The initializer operation of a graph variable. */
export function initializerOf(v: Variable): Operation {
  const i = info.get(v);
  if (!i) throw new DTypeError(`${v.name}: only graph variables have an initializer (eager variables are initialized on creation)`);
  return i.initializer;
}

/** One operation running the initializers of `vars` (tf.variables_initializer). */
export function variablesInitializer(vars: Variable[], name = 'init'): Operation {
  const graph = vars.length > 0 ? graphOf(vars[0]!) : getDefaultGraph();
  const node = graph.addNode({
    type: 'NoOp',
    name,
    inputs: [],
    outputs: [],
    run: () => [],
  });
  // Set after creation: tl.controlDependencies around this call must not gate the initializers.
  node.controlInputs = vars.map((v) => initializerOf(v).node);
  return new Operation(node, graph);
}

/** Initializes every global variable of the default graph (tf.global_variables_initializer). */
export function globalVariablesInitializer(): Operation {
  return variablesInitializer(globalVariables(), 'init');
}

/**
 * Initializes every local variable of the default graph (tf.local_variables_initializer): the totals of
 * tl.metrics; running it again resets them.
 */
export function localVariablesInitializer(): Operation {
  return variablesInitializer(localVariables(), 'init_local');
}

/** The variables of the LOCAL_VARIABLES collection (tf.local_variables). */
export function localVariables(graph: Graph = getDefaultGraph()): Variable[] {
  return graph.getCollection<Variable>(GraphKeys.LOCAL_VARIABLES);
}

export function globalVariables(graph: Graph = getDefaultGraph()): Variable[] {
  return graph.getCollection<Variable>(GraphKeys.GLOBAL_VARIABLES);
}

export function trainableVariables(graph: Graph = getDefaultGraph()): Variable[] {
  return graph.getCollection<Variable>(GraphKeys.TRAINABLE_VARIABLES);
}

export { nodeOf, addOpNode };

/** The graph node holding a graph variable (for stateful nodes that read or write it through a RunContext). */
export function variableNode(v: Variable): GraphNode {
  const i = info.get(v);
  if (!i) throw new DTypeError(`${v.name}: not a graph variable`);
  return i.node;
}

/**
 * Adds a stateful node (optimizer updates, counters): `run` gets the run context (ctx.readVariable /
 * ctx.writeVariable with variableNode(v)) and the concrete values of `inputs`, and returns its outputs
 * (described by `outputs`; none for a pure update, which is then fetched as an Operation).
 */
export function addStatefulNode(spec: {
  type: string;
  name?: string;
  inputs: Tensor[];
  outputs?: { shape: number[]; dtype: Tensor['dtype'] }[];
  run: (ctx: import('./graph.js').RunContext, values: Tensor[]) => Tensor[];
  controlInputs?: GraphNode[];
}): { node: GraphNode; op: Operation; outputs: Tensor[] } {
  const graph = spec.inputs.find((t) => t.graphRef)?.graphRef?.graph as Graph | undefined ?? getDefaultGraph();
  const node = graph.addNode({
    type: spec.type,
    name: spec.name,
    inputs: spec.inputs.filter((t) => t.graphRef),
    outputs: spec.outputs ?? [],
    stateful: true,
    controlInputs: spec.controlInputs,
    run: (ctx, vals) => {
      let k = 0;
      const full = spec.inputs.map((t) => (t.graphRef ? vals[k++]! : t));
      return spec.run(ctx, full);
    },
  });
  return { node, op: new Operation(node, graph), outputs: node.outputs };
}
