/**
 * Builds a tensorlane Graph from a decoded ONNX model. Each ONNX value becomes a tensor: initializers and
 * everything computed only from them and from Constant nodes are concrete tensors (so shape-computing
 * subgraphs fold at load), graph inputs are placeholders, and every node that reads a placeholder adds graph
 * nodes through the graph-aware public ops. A node whose shape arguments are only known at run time (a
 * Reshape fed by Shape of a dynamic-batch input) becomes one graph node that translates itself on the concrete
 * values when the session runs it; gradients still flow, since its runner calls the same public ops.
 */
import { ENGINE } from '../core/engine.js';
import { ArgumentError, DTypeError, FileFormatError } from '../core/errors.js';
import { Tensor as TensorClass, type Tensor } from '../core/tensor.js';
import { Variable } from '../core/variable.js';
import { Graph } from '../graph/graph.js';
import * as g from '../graph/graph_ops.generated.js';
import { placeholder } from '../graph/placeholder.js';
import { captureConcrete, nodeCalls } from '../graph/op_wrapper.js';
import { decodeTensor, laneDTypeOf, type DecodeContext, type DecodedTensor, type GraphObj, type ModelObj, type NodeObj, type ValueInfoObj } from './model_proto.js';
import { NeedsRuntimeValue, OpContext, type OpDef } from './op_context.js';
import { OPS } from './ops/registry.js';
import { DATA_TYPE_NAMES } from './proto.js';

export const MIN_OPSET = 7;
export const MAX_OPSET = 21;

/** An input or output as the model declares it: symbolic dims are strings (dim_param) or null (unnamed). */
export interface ValueDesc {
  name: string;
  /** The ONNX element type ('float', 'int64', ...). */
  dtype: string;
  shape: (number | string | null)[] | null;
}

export function describeValue(v: ValueInfoObj): ValueDesc {
  const tt = v.type?.tensor_type;
  const dims = tt?.shape?.dim;
  return {
    name: v.name ?? '',
    dtype: DATA_TYPE_NAMES[tt?.elem_type ?? 0] ?? 'undefined',
    shape: dims ? dims.map((d) => (d.dim_value !== undefined ? Number(d.dim_value) : d.dim_param ? d.dim_param : null)) : null,
  };
}

/** The default-domain opset the model imports (refused outside MIN_OPSET..MAX_OPSET). */
export function opsetOf(model: ModelObj, file: string): number {
  const entry = (model.opset_import ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  const v = entry ? Number(entry.version ?? 0) : 1;
  if (v < MIN_OPSET || v > MAX_OPSET) {
    throw new FileFormatError(`onnx.load: '${file}' imports opset ${v}; opsets ${MIN_OPSET} to ${MAX_OPSET} are supported`);
  }
  return v;
}

/** Refuses, before anything is built, a model with an operator or domain the importer lacks. */
export function checkSupported(graph: GraphObj, file: string): void {
  (graph.node ?? []).forEach((n, i) => {
    const op = n.op_type ?? '';
    const name = n.name ? `'${n.name}' (#${i})` : `#${i}`;
    if (n.domain && n.domain !== 'ai.onnx') throw new ArgumentError(`onnx.load: '${file}': node ${name} uses operator ${op} of domain '${n.domain}'; only the default ONNX domain is supported`);
    if (!OPS[op]) throw new ArgumentError(`onnx.load: '${file}': node ${name} uses operator '${op}', which the importer does not support`);
    for (const a of n.attribute ?? []) {
      if (a.g) checkSupported(a.g, file);
      for (const sg of a.graphs ?? []) checkSupported(sg, file);
    }
  });
}

/** One build of the model's nodes: its placeholders and outputs, and how many nodes wait for run-time values. */
export interface BuiltGraph {
  inputs: Record<string, Tensor>;
  outputs: Record<string, Tensor>;
  runtimeNodes: number;
  /** Every value of the build by ONNX name: concrete tensors (initializers, folded constants) or graph tensors. */
  values: Map<string, Tensor>;
}

/**
 * Holds the graph, the initializers (constants, or Variables when trainable) and builds the model's nodes for
 * given input shapes. The first build uses the declared shapes; a model whose shape arguments then depend on
 * run-time values (a dynamic batch flowing through Shape -> Reshape) is built again per concrete input shapes
 * (cached by the caller), in the same graph and with the same Variables, so everything folds statically.
 */
export class GraphBuilder {
  readonly graph = new Graph();
  readonly variables: Variable[] = [];
  private readonly initValues = new Map<string, Tensor>();
  /** ONNX element type names of initializers and graph inputs (the lane dtype merges int8, uint8, int64...). */
  private readonly onnxTypes = new Map<string, string>();
  /** Concrete tensors the builds keep (initializers, folded values): freed by dispose(). */
  private readonly kept: Tensor[] = [];
  /** Constants holding int64/uint values outside int32 (clamped), with what to say when a node misreads them. */
  private readonly wide = new Map<Tensor, string>();

  constructor(private readonly model: ModelObj, readonly opset: number, private readonly dctx: DecodeContext, trainable: boolean) {
    const roles = trainable ? initializerRoles(model.graph!) : null;
    this.graph.asDefault(() => {
      for (const init of model.graph!.initializer ?? []) {
        const d = decodeTensor(init, dctx);
        this.onnxTypes.set(d.name, DATA_TYPE_NAMES[d.onnxType] ?? '');
        const role = roles?.get(d.name);
        if (trainable && (d.dtype === 'float32' || d.dtype === 'float64') && role !== 'static') {
          const v = new Variable(concrete(d, this.kept), { name: safeName(d.name), trainable: role !== 'frozen' });
          this.variables.push(v);
          this.initValues.set(d.name, v);
        } else {
          const t = concrete(d, this.kept);
          if (d.outOfRange !== undefined) this.wide.set(t, `initializer '${d.name}' holds ${d.outOfRange}`);
          this.initValues.set(d.name, t);
        }
      }
    });
  }

  /** Builds the nodes; `shapes` overrides input shapes by name (null = unknown dim). */
  build(shapes?: Record<string, readonly (number | null)[]>): BuiltGraph {
    const gp = this.model.graph!;
    const dctx = this.dctx;
    const values = new Map(this.initValues);
    const inputs: Record<string, Tensor> = {};
    const outputs: Record<string, Tensor> = {};
    const counter = { runtimeNodes: 0 };
    this.graph.asDefault(() => {
      for (const vi of gp.input ?? []) {
        const name = vi.name ?? '';
        if (this.initValues.has(name)) continue; // an initializer listed among the inputs (IR < 4) keeps its value
        const tt = vi.type?.tensor_type;
        if (!tt) throw new FileFormatError(`onnx.load: '${dctx.file}': input '${name}' is not a tensor (sequences and maps are not supported)`);
        const dtype = laneDTypeOf(tt.elem_type ?? 0, `onnx.load: '${dctx.file}': input '${name}'`);
        const declared = (tt.shape?.dim ?? []).map((d) => (d.dim_value !== undefined && Number(d.dim_value) >= 0 ? Number(d.dim_value) : null));
        this.onnxTypes.set(name, DATA_TYPE_NAMES[tt.elem_type ?? 0] ?? '');
        const p = placeholder(dtype, shapes?.[name] ?? declared, safeName(name));
        inputs[name] = p;
        values.set(name, p);
      }
      const scope = { values, onnxTypes: this.onnxTypes, kept: this.kept, wide: this.wide };
      (gp.node ?? []).forEach((n, i) => translateNode(n, i, this.opset, scope, dctx, this.graph, counter));
      for (const vi of gp.output ?? []) {
        const t = values.get(vi.name ?? '');
        if (!t) throw new FileFormatError(`onnx.load: '${dctx.file}': graph output '${vi.name}' is produced by no node`);
        outputs[vi.name ?? ''] = t;
      }
    });
    return { inputs, outputs, runtimeNodes: counter.runtimeNodes, values };
  }

  /** An initializer by name: its constant, or the Variable made from it (trainable: true). */
  initializer(name: string): Tensor | undefined {
    return this.initValues.get(name);
  }

  /**
   * Frees the concrete tensors the builds kept, and the copies of them the graph's nodes captured (which would
   * otherwise hold the initializers' memory as long as the process runs). The graph cannot run afterwards.
   */
  dispose(): void {
    for (const t of this.kept.splice(0)) if (!t.isDisposed) t.dispose();
    const free = (x: unknown): void => {
      if (x instanceof TensorClass) {
        if (!x.graphRef && !x.isDisposed) x.dispose();
      } else if (Array.isArray(x)) x.forEach(free);
      else if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) Object.values(x).forEach(free);
    };
    for (const node of this.graph.nodes) free(nodeCalls.get(node)?.args);
  }
}

/**
 * How trainable: true treats each initializer: 'static' ones feed shape arguments (they stay constants, so
 * shapes still fold), 'frozen' ones are statistics (non-trainable Variables); the rest are weights.
 */
function initializerRoles(gp: GraphObj): Map<string, 'static' | 'frozen'> {
  const roles = new Map<string, 'static' | 'frozen'>();
  const scan = (g: GraphObj) => {
    for (const n of g.node ?? []) {
      const def = OPS[n.op_type ?? ''];
      (n.input ?? []).forEach((name, i) => {
        if (def?.staticInputs?.includes(i)) roles.set(name, 'static');
        else if (def?.frozenInputs?.includes(i) && roles.get(name) !== 'static') roles.set(name, 'frozen');
      });
      for (const a of n.attribute ?? []) {
        if (a.g) scan(a.g);
        for (const sg of a.graphs ?? []) scan(sg);
      }
    }
  };
  scan(gp);
  return roles;
}

/** Tensor names in ONNX may hold characters graph node names do not (':' marks an output index there). */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.\-/]/g, '_') || 'value';
}

function concrete(d: DecodedTensor, kept: Tensor[]): Tensor {
  const t = ENGINE.keep(g.tensor(d.data, d.dims, d.dtype));
  kept.push(t);
  return t;
}

function nodeLabel(n: NodeObj, i: number): string {
  return n.name ? `${n.name}` : `#${i}`;
}

/** The values in scope by name, and the ONNX element types known for them. */
interface Scope {
  values: Map<string, Tensor>;
  onnxTypes: Map<string, string>;
  kept: Tensor[];
  wide: Map<Tensor, string>;
}

/** Inputs for which an int32-clamped out-of-range value means the same: Slice's starts and ends (ONNX clamps them to the dim). */
const CLAMP_EXACT: Record<string, number[]> = { Slice: [1, 2] };

function translateNode(n: NodeObj, index: number, opset: number, scope: Scope, dctx: DecodeContext, graph: Graph, counter: { runtimeNodes: number }): void {
  const values = scope.values;
  const op = n.op_type ?? '';
  const def = OPS[op]!;
  const label = nodeLabel(n, index);
  const ins = (n.input ?? []).map((name) => {
    if (name === '') return null;
    const t = values.get(name);
    if (!t) throw new FileFormatError(`onnx.load: '${dctx.file}': node '${label}' (${op}) reads '${name}', which no earlier node or initializer produces`);
    return t;
  });
  ins.forEach((t, k) => {
    const why = t ? scope.wide.get(t) : undefined;
    if (why !== undefined && !(CLAMP_EXACT[op] ?? []).includes(k)) {
      throw new DTypeError(`onnx.load: '${dctx.file}': node '${label}' (${op}) input ${k} ('${n.input![k]}'): ${why}, outside the int32 range tensorlane computes integers in`);
    }
  });
  const outNames = n.output ?? [];
  let decodedWide: string | undefined;
  const decode = (t: Parameters<typeof decodeTensor>[0]) => {
    const d = decodeTensor(t, dctx);
    if (d.outOfRange !== undefined) {
      if (op !== 'Constant') throw new DTypeError(`onnx.load: '${dctx.file}': node '${label}' (${op}): tensor attribute holds ${d.outOfRange}, outside the int32 range tensorlane computes integers in`);
      decodedWide = `Constant node '${label}' holds ${d.outOfRange}`;
    }
    return d;
  };
  // If/Loop bodies see the values of the enclosing scopes by name.
  const subgraph = (sg: GraphObj, bound: Tensor[]) => buildSubgraph(sg, bound, opset, scope, dctx, graph, counter);
  const ctx = new OpContext(op, label, opset, ins, n.attribute ?? [], outNames.length, decode, subgraph);
  ctx.inputTypes = (n.input ?? []).map((name) => scope.onnxTypes.get(name) ?? null);
  let outs: (Tensor | null)[];
  try {
    outs = ENGINE.tidy(() => asList(def.translate(ctx)));
  } catch (e) {
    if (!(e instanceof NeedsRuntimeValue)) throw restate(e, op, label);
    outs = runtimeNode(def, ctx, graph);
    counter.runtimeNodes++;
  }
  outNames.forEach((name, k) => {
    if (name === '') return;
    const t = outs[k];
    if (!t) throw new ArgumentError(`onnx ${op} node '${label}': output ${k} ('${name}') is not produced by this importer`);
    if (!t.isSymbolic && !t.kept) {
      ENGINE.keep(t);
      scope.kept.push(t);
    }
    if (decodedWide !== undefined) scope.wide.set(t, decodedWide);
    values.set(name, t);
  });
}

/** Builds a subgraph's nodes with its inputs bound to `bound` and the outer values in scope; returns its outputs. */
function buildSubgraph(sg: GraphObj, bound: Tensor[], opset: number, outer: Scope, dctx: DecodeContext, graph: Graph, counter: { runtimeNodes: number }): Tensor[] {
  const values = new Map(outer.values);
  (sg.input ?? []).forEach((vi, i) => {
    if (bound[i]) values.set(vi.name ?? '', bound[i]!);
  });
  for (const init of sg.initializer ?? []) {
    const d = decodeTensor(init, dctx);
    const t = concrete(d, outer.kept);
    if (d.outOfRange !== undefined) outer.wide.set(t, `initializer '${d.name}' holds ${d.outOfRange}`);
    values.set(init.name ?? '', t);
  }
  (sg.node ?? []).forEach((n, i) => translateNode(n, i, opset, { values, onnxTypes: outer.onnxTypes, kept: outer.kept, wide: outer.wide }, dctx, graph, counter));
  return (sg.output ?? []).map((vi) => {
    const t = values.get(vi.name ?? '');
    if (!t) throw new FileFormatError(`onnx.load: '${dctx.file}': subgraph '${sg.name ?? ''}' output '${vi.name}' is produced by no node`);
    return t;
  });
}

function asList(r: (Tensor | null)[] | Tensor): (Tensor | null)[] {
  return Array.isArray(r) ? r : [r];
}

function restate(e: unknown, op: string, label: string): unknown {
  if (e instanceof Error && !e.message.startsWith('onnx ')) e.message = `onnx ${op} node '${label}': ${e.message}`;
  return e;
}

/** One graph node that translates the ONNX node when the session runs it, on concrete input values. */
function runtimeNode(def: OpDef, ctx: OpContext, graph: Graph): Tensor[] {
  if (!def.runtimeShapes) {
    throw ctx.error('a shape argument is only known at run time, which this operator does not support; give the model static input shapes');
  }
  const specs = def.runtimeShapes(ctx);
  const symbolic = ctx.inputs.filter((t): t is Tensor => !!t && t.isSymbolic);
  const fixed = captureConcrete(ctx.inputs);
  const node = graph.addNode({
    type: `Onnx${ctx.op}`,
    name: safeName(ctx.node),
    inputs: symbolic,
    outputs: specs.map((s) => ({ shape: s.shape, dtype: s.dtype })),
    run: (_rc, vals) => {
      const map = new Map(symbolic.map((t, i) => [t, vals[i]!]));
      const concreteIns = fixed.map((t) => (t && t.isSymbolic ? map.get(t)! : t));
      const c = new OpContext(ctx.op, ctx.node, ctx.opset, concreteIns, [...ctx.attrs.values()], ctx.numOutputs, ctx.decode, ctx.subgraph);
      c.inputTypes = ctx.inputTypes;
      return asList(def.translate(c)).filter((t): t is Tensor => !!t);
    },
  });
  return node.outputs;
}
