/**
 * The Layer contract shared by tl.layers (TF 1.x layers) and tl.keras (models built from layers).
 *
 * A layer owns weights made with addWeight (through getVariable, so they are named '<layer scope>/<name>' as TF
 * names them, shared through variableScope/reuse, and their regularization losses reach REGULARIZATION_LOSSES),
 * builds them on first use from the input shape, and computes in `call`. `apply` runs the same code eagerly, into
 * the current graph (symbolic inputs), or, for KerasTensor inputs, only infers the output shape and records where
 * it came from (the Keras functional API).
 *
 * Changes against the contract first agreed (layers helper): LayerArgs also takes `reuse` (TF 1.x layers' reuse
 * of an existing variable scope); Layer also has `dispose()`, `activityRegularizer`, and a static `fromConfig`
 * (default `new cls(config)`) that classes with positional constructor arguments override; `inputSpec`-style
 * checks are left to each layer's build.
 */
import { isDType, isFloatDType, type DType } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import { Variable } from '../core/variable.js';
import { GraphKeys, getDefaultGraph, inGraphMode, type Graph } from '../graph/graph.js';
import { Operation } from '../graph/operation.js';
import { placeholder } from '../graph/placeholder.js';
import { getDefaultSession } from '../graph/session_registry.js';
import { clone } from '../graph/graph_ops.generated.js';
import type { Regularizer } from '../train/regularizers.js';
import { glorotUniform, zeros } from '../train/initializers.js';
import {
  addRegularizer, getVariable, getVariableScope, setConstraint, uniqueScopeName, variableScope, type Reuse, type VariableScope,
} from '../train/variable_scope.js';
import {
  getConstraint, getInitializer, getRegularizer, toSnakeCase,
  type ConstraintIdentifier, type InitializerIdentifier, type RegularizerIdentifier,
} from './serialization.js';

/** A layer-level shape: null is an unknown dimension (the batch, or any dimension of a placeholder). */
export type Shape = (number | null)[];

export interface LayerArgs {
  name?: string;
  trainable?: boolean;
  dtype?: DType;
  /** Input shape without the batch dimension (Keras's input_shape). */
  inputShape?: Shape;
  batchInputShape?: Shape;
  /** TF 1.x: reuse the variables of a layer with the same name (true, false or 'auto'). */
  reuse?: Reuse | null;
}

export interface CallArgs {
  /** Training or inference behaviour (dropout, batch norm): a boolean or a bool scalar tensor/placeholder. */
  training?: boolean | Tensor;
  mask?: Tensor;
}

/** A Keras symbolic tensor (tl.keras.Input output / functional API): shape + dtype + where it came from. */
export class KerasTensor {
  constructor(
    readonly shape: Shape,
    readonly dtype: DType,
    readonly history?: { layer: Layer; inputs: KerasTensor[]; callArgs: CallArgs; outputIndex: number },
    public name?: string,
  ) {}

  get rank(): number {
    return this.shape.length;
  }
}

export interface AddWeightOptions {
  initializer?: InitializerIdentifier;
  regularizer?: RegularizerIdentifier | null;
  constraint?: ConstraintIdentifier | null;
  trainable?: boolean;
  dtype?: DType;
}

/** A class that registerLayer accepts: its className and a way to rebuild it from getConfig(). */
export interface LayerClass {
  readonly className: string;
  fromConfig(config: Record<string, unknown>): Layer;
}

type LayerInputs = Tensor | Tensor[] | KerasTensor | KerasTensor[];

/** A tensor's static shape with unknown (-1) dimensions as null. */
export function layerShape(t: Tensor | KerasTensor): Shape {
  return t instanceof KerasTensor ? [...t.shape] : t.shape.map((d) => (d < 0 ? null : d));
}

const LAYER_ARG_KEYS = ['name', 'trainable', 'dtype', 'inputShape', 'batchInputShape', 'reuse'] as const;

export abstract class Layer {
  /** The layer's base name and variable scope: 'dense', 'dense_1', ... unless given. */
  readonly name: string;
  trainable: boolean;
  built = false;
  /** Without an explicit dtype, a layer takes its first input's float dtype (as TF 1.x layers do). */
  private layerDType: DType;
  private readonly explicitDType: boolean;
  /** Keras: the full input shape this layer expects ([null, ...inputShape]) when given. */
  readonly batchInputShape?: Shape;
  /** Applied to each output; the penalty goes to losses (and REGULARIZATION_LOSSES in graph mode). */
  activityRegularizer?: Regularizer;
  static readonly className: string = 'Layer';

  protected readonly reuse?: Reuse;
  private scope?: VariableScope;
  private readonly ownWeights: Variable[] = [];
  private readonly weightTrainable = new Map<Variable, boolean>();
  private readonly ownLosses: (Tensor | (() => Tensor))[] = [];
  /** Eager activity losses of the latest call only (Keras clears them per call). */
  private callLosses: Tensor[] = [];
  private readonly ownUpdates: (Tensor | Operation)[] = [];

  constructor(args: LayerArgs = {}) {
    const cls = this.constructor as unknown as { className: string };
    const where = cls.className;
    if (args === null || typeof args !== 'object') throw new ArgumentError(`${where}: options must be an object, got ${String(args)}`);
    if (args.name !== undefined && (typeof args.name !== 'string' || args.name === '' || args.name.startsWith('/') || args.name.endsWith('/'))) {
      throw new ArgumentError(`${where}: 'name' must be a non-empty layer name (not starting or ending with '/'), got '${String(args.name)}'`);
    }
    if (args.dtype !== undefined && !isDType(args.dtype)) throw new DTypeError(`${where}: unknown dtype '${String(args.dtype)}'`);
    if (args.reuse !== undefined && args.reuse !== null && args.reuse !== true && args.reuse !== false && args.reuse !== 'auto') {
      throw new ArgumentError(`${where}: 'reuse' must be true, false or 'auto', got ${String(args.reuse)}`);
    }
    for (const [arg, s] of [['inputShape', args.inputShape], ['batchInputShape', args.batchInputShape]] as const) {
      if (s !== undefined && (!Array.isArray(s) || s.some((d) => d !== null && !(Number.isInteger(d) && d >= 0)))) {
        throw new ShapeError(`${where}: '${arg}' must be an array of non-negative integers or null, got ${String(s)}`);
      }
    }
    this.name = args.name ?? uniqueScopeName(toSnakeCase(cls.className));
    this.trainable = args.trainable ?? true;
    this.layerDType = args.dtype ?? 'float32';
    this.explicitDType = args.dtype !== undefined;
    this.reuse = args.reuse ?? undefined;
    const batchInputShape = args.batchInputShape ?? (args.inputShape ? [null, ...args.inputShape] : undefined);
    if (batchInputShape) this.batchInputShape = [...batchInputShape];
  }

  get dtype(): DType {
    return this.layerDType;
  }

  /** Before the first build: adopt the inputs' float dtype unless one was given. */
  private adoptDType(dtype: DType): void {
    if (!this.built && !this.explicitDType && isFloatDType(dtype)) this.layerDType = dtype;
  }

  /** The keys of LayerArgs, for subclasses' checkOptions lists. */
  static readonly baseArgKeys: readonly string[] = LAYER_ARG_KEYS;

  /** Creates the weights for inputs of this shape; called once by apply. Subclasses call super.build last. */
  build(_inputShape: Shape | Shape[]): void {
    this.built = true;
  }

  abstract call(inputs: Tensor | Tensor[], args: CallArgs): Tensor | Tensor[];

  computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  /**
   * Builds on first use (inside variableScope(name), so weights are named '<name>/kernel'), then calls inside the
   * same scope. Concrete or graph tensors go to call(); KerasTensor inputs only give KerasTensor outputs.
   */
  apply(inputs: LayerInputs | TensorLike, args: CallArgs = {}): any {
    const isKeras = inputs instanceof KerasTensor || (Array.isArray(inputs) && inputs.length > 0 && inputs.every((x) => x instanceof KerasTensor));
    if (isKeras) return this.applySymbolic(inputs as KerasTensor | KerasTensor[], args);
    const xs: Tensor | Tensor[] = Array.isArray(inputs) && inputs.length > 0 && inputs.every((x) => x instanceof Tensor)
      ? (inputs as Tensor[])
      : inputs instanceof Tensor
        ? inputs
        : convertToTensor(inputs as TensorLike, 'inputs', `${this.name}.apply`, this.dtype);
    const shapes = Array.isArray(xs) ? xs.map(layerShape) : layerShape(xs);
    this.adoptDType((Array.isArray(xs) ? xs[0] : xs)?.dtype ?? this.dtype);
    return this.inScope(() => {
      if (!this.built) this.build(shapes);
      if (!inGraphMode() && !(Array.isArray(xs) ? xs.some((x) => x.isSymbolic) : xs.isSymbolic)) this.clearCallLosses();
      const out = this.call(xs, args);
      if (this.activityRegularizer) {
        for (const o of Array.isArray(out) ? out : [out]) this.addLoss(this.activityRegularizer(o), true);
      }
      return out;
    });
  }

  private applySymbolic(inputs: KerasTensor | KerasTensor[], args: CallArgs): KerasTensor | KerasTensor[] {
    const shapes = Array.isArray(inputs) ? inputs.map((x) => [...x.shape]) : [...inputs.shape];
    this.adoptDType((Array.isArray(inputs) ? inputs[0] : inputs)?.dtype ?? this.dtype);
    if (!this.built) this.inScope(() => this.build(shapes));
    const out = this.computeOutputShape(shapes);
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const dtype = this.outputDType(list[0]!.dtype);
    const make = (s: Shape, i: number) => new KerasTensor(s, dtype, { layer: this, inputs: list, callArgs: args, outputIndex: i }, `${this.name}/output_${i}`);
    const multi = Array.isArray(out) && out.length > 0 && Array.isArray(out[0]);
    return multi ? (out as Shape[]).map(make) : make(out as Shape, 0);
  }

  /** The dtype of symbolic outputs (the layer's dtype; layers that keep the input dtype override). */
  protected outputDType(_inputDType: DType): DType {
    return this.dtype;
  }

  /** Runs fn in this layer's variable scope: opened by name the first time, reopened (reusing) afterwards. */
  protected inScope<T>(fn: () => T): T {
    if (this.scope) return variableScope(this.scope, () => fn());
    return variableScope(this.name, this.reuse !== undefined ? { reuse: this.reuse } : {}, (scope) => {
      this.scope = scope;
      return fn();
    });
  }

  /** The full variable scope of the layer's weights ('model/dense'), once built. */
  get scopeName(): string | undefined {
    return this.scope?.name;
  }

  /**
   * A weight '<scope>/<name>' made (or, with reuse, found) by getVariable. The initializer, regularizer and
   * constraint may be given by name; the regularizer's loss joins this layer's losses and REGULARIZATION_LOSSES.
   */
  addWeight(name: string, shape: number[], opts: AddWeightOptions = {}): Variable {
    const where = `${this.name}.addWeight`;
    const initializer = opts.initializer === undefined ? undefined : getInitializer(opts.initializer, where);
    const regularizer = getRegularizer(opts.regularizer, where);
    const constraint = getConstraint(opts.constraint, where);
    const trainable = (opts.trainable ?? true) && this.trainable;
    const dtype = opts.dtype ?? this.dtype;
    let v: Variable;
    if (inGraphMode()) {
      // Graph mode: TF 1.x variable sharing (variableScope / reuse) through getVariable.
      const graph = getDefaultGraph();
      const before = graph.getCollection(GraphKeys.REGULARIZATION_LOSSES).length;
      v = getVariable(name, { shape, dtype, initializer, trainable, constraint, ...(regularizer ? { regularizer } : {}) });
      // getVariable put the new loss in the collection (none when the variable was reused).
      if (regularizer) this.ownLosses.push(...graph.getCollection<Tensor>(GraphKeys.REGULARIZATION_LOSSES).slice(before));
    } else {
      // Eager: the layer object owns its variables (as TF's eager layers do), so a second model with the same
      // layer names never collides with the first; they are named '<scope>/<name>' all the same.
      const scope = getVariableScope().name;
      const value = (initializer ?? (isFloatDType(dtype) ? glorotUniform() : zeros()))(shape, dtype);
      try {
        v = new Variable(value, { name: scope ? `${scope}/${name}` : name, trainable, dtype });
      } finally {
        value.dispose();
      }
      if (constraint) setConstraint(v, constraint);
      if (regularizer) {
        addRegularizer(v, regularizer);
        this.ownLosses.push(() => regularizer(v));
      }
    }
    if (!this.ownWeights.includes(v)) this.ownWeights.push(v);
    this.weightTrainable.set(v, opts.trainable ?? true);
    return v;
  }

  /** Records an update (e.g. a moving-average assign). Graph mode: also in UPDATE_OPS; eagerly it already ran. */
  addUpdate(u: Tensor | Operation): void {
    const symbolic = u instanceof Operation || (u instanceof Tensor && u.isSymbolic);
    if (!symbolic) return;
    this.ownUpdates.push(u);
    const graph = u instanceof Operation ? u.graph : (u.graphRef!.graph as Graph);
    graph.addToCollection(GraphKeys.UPDATE_OPS, u);
  }

  /** Adds a loss (a tensor, or a function recomputing it eagerly). Graph tensors also go to REGULARIZATION_LOSSES. */
  addLoss(l: Tensor | (() => Tensor), perCall = false): void {
    if (l instanceof Tensor && l.isSymbolic) {
      this.ownLosses.push(l);
      (l.graphRef!.graph as Graph).addToCollection(GraphKeys.REGULARIZATION_LOSSES, l);
    } else if (l instanceof Tensor && perCall) {
      this.callLosses.push(l);
    } else if (l instanceof Tensor || typeof l === 'function') {
      this.ownLosses.push(l);
    } else {
      throw new ArgumentError(`${this.name}.addLoss: expected a tensor or a function returning one, got ${String(l)}`);
    }
  }

  private clearCallLosses(): void {
    for (const t of this.callLosses) t.dispose();
    this.callLosses = [];
  }

  get trainableWeights(): Variable[] {
    return this.trainable ? this.ownWeights.filter((v) => this.weightTrainable.get(v)) : [];
  }

  get nonTrainableWeights(): Variable[] {
    return this.trainable ? this.ownWeights.filter((v) => !this.weightTrainable.get(v)) : [...this.ownWeights];
  }

  /** Trainable weights first, then the others (Keras's order). */
  get weights(): Variable[] {
    return [...this.trainableWeights, ...this.nonTrainableWeights];
  }

  /** Weight regularization losses (eager: recomputed from the current weights) and activity losses. */
  get losses(): Tensor[] {
    return [...this.ownLosses.map((l) => (typeof l === 'function' ? l() : l)), ...this.callLosses];
  }

  get updates(): (Tensor | Operation)[] {
    return [...this.ownUpdates];
  }

  /** The weights' current values (graph mode: read in the default session). */
  getWeights(): Tensor[] {
    return this.weights.map((v) => (v.isSymbolic ? (getDefaultSession(`${this.name}.getWeights`).run(v) as Tensor) : clone(v)));
  }

  /** Sets the weights, in the order of `weights` (graph mode: in the default session). */
  setWeights(values: (Tensor | TensorLike)[]): void {
    const ws = this.weights;
    if (!Array.isArray(values) || values.length !== ws.length) {
      throw new ArgumentError(`${this.name}.setWeights: expected ${ws.length} values (one per weight), got ${Array.isArray(values) ? values.length : String(values)}`);
    }
    ws.forEach((v, i) => {
      const value = convertToTensor(values[i] as TensorLike, `values[${i}]`, `${this.name}.setWeights`, v.dtype);
      if (value.shape.length !== v.shape.length || value.shape.some((d, k) => d !== v.shape[k])) {
        throw new ShapeError(`${this.name}.setWeights: value ${i} has shape ${fmtShape(value.shape)} but weight ${v.name} has ${fmtShape(v.shape)}`);
      }
      if (v.isSymbolic) {
        const { input, op } = assignerOf(v);
        getDefaultSession(`${this.name}.setWeights`).run(op, [[input, value]]);
      } else {
        v.assign(value);
      }
      if (value !== values[i]) value.dispose();
    });
  }

  countParams(): number {
    if (!this.built) throw new ArgumentError(`${this.name}.countParams: the layer is not built yet (call it on an input first)`);
    return this.weights.reduce((n, v) => n + v.size, 0);
  }

  /** Enough to rebuild the layer with fromConfig (JSON: names and numbers). */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { name: this.name, trainable: this.trainable, dtype: this.dtype };
    if (this.batchInputShape) config.batchInputShape = [...this.batchInputShape];
    return config;
  }

  /** Rebuilds a layer from getConfig(); classes with positional constructor arguments override this. */
  static fromConfig(this: new (args: Record<string, unknown>) => Layer, config: Record<string, unknown>): Layer {
    return new this(config);
  }

  /** Eager: frees the weights' memory. The layer is unusable afterwards. */
  dispose(): void {
    for (const v of this.ownWeights) if (!v.isSymbolic) v.dispose();
    this.clearCallLosses();
  }
}

/** Graph mode setWeights: one placeholder + assign per variable, made once and reused. */
const assigners = new WeakMap<Variable, { input: Tensor; op: Tensor }>();
function assignerOf(v: Variable): { input: Tensor; op: Tensor } {
  let a = assigners.get(v);
  if (!a) {
    const graph = v.graphRef!.graph as Graph;
    a = graph.asDefault(() => {
      const input = placeholder(v.dtype, [...v.shape]);
      return { input, op: v.assign(input) };
    });
    assigners.set(v, a);
  }
  return a;
}

const registry = new Map<string, LayerClass>();

/** Serialization registry: every layer class registers itself; tl.keras.models.loadModel rebuilds from it. */
export function registerLayer(cls: LayerClass): void {
  if (!cls || typeof cls.className !== 'string' || cls.className === '' || typeof cls.fromConfig !== 'function') {
    throw new ArgumentError(`registerLayer: expected a Layer class with a static className and fromConfig`);
  }
  registry.set(cls.className, cls);
}

export function getRegisteredLayer(className: string): LayerClass | undefined {
  return registry.get(className);
}

export function serializeLayer(l: Layer): { className: string; config: Record<string, unknown> } {
  const className = (l.constructor as unknown as LayerClass).className;
  if (!registry.has(className)) throw new ArgumentError(`serializeLayer: layer class '${className}' is not registered (registerLayer)`);
  return { className, config: l.getConfig() };
}

export function deserializeLayer(spec: { className: string; config: Record<string, unknown> }): Layer {
  if (!spec || typeof spec.className !== 'string') throw new ArgumentError(`deserializeLayer: expected {className, config}, got ${String(spec)}`);
  const cls = registry.get(spec.className);
  if (!cls) throw new ArgumentError(`deserializeLayer: unknown layer class '${spec.className}'; registered: ${[...registry.keys()].join(', ')}`);
  return cls.fromConfig(spec.config ?? {});
}
