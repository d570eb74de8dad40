/**
 * Core layers: Dense, Dropout, Flatten, Activation, Reshape, Permute, RepeatVector, Lambda, ActivityRegularization,
 * GaussianNoise. Each composes graph-aware ops, so it runs eagerly or builds graph nodes, and its gradients come
 * from the ops.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { Graph } from '../graph/graph.js';
import * as ops from '../graph/graph_ops.generated.js';
import { graphAware } from '../graph/op_wrapper.js';
import { placeholder } from '../graph/placeholder.js';
import * as raw from '../ops/index.js';
import type { Regularizer } from '../train/regularizers.js';
import { getActivation, serializeActivation, type ActivationFn, type ActivationIdentifier } from './activations.js';
import { Layer, layerShape, registerLayer, type CallArgs, type LayerArgs, type Shape } from './base_layer.js';
import { baseArgs, checkLayerOptions, inTraining, knownDim, positiveInt, rateIn01, normDataFormat, type DataFormat } from './layer_util.js';
import {
  getConstraint, getInitializer, getRegularizer, serializeObject,
  type ConstraintIdentifier, type InitializerIdentifier, type RegularizerIdentifier,
} from './serialization.js';

const one = (x: Tensor | Tensor[]): Tensor => (Array.isArray(x) ? x[0]! : x);
const oneShape = (s: Shape | Shape[]): Shape => (Array.isArray(s[0]) ? (s[0] as Shape) : (s as Shape));

/** Options of the layers that own a kernel and a bias (Dense and the convolutions). */
export interface KernelLayerOptions extends LayerArgs {
  activation?: ActivationIdentifier;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

export const KERNEL_LAYER_KEYS = [
  'activation', 'useBias', 'kernelInitializer', 'biasInitializer', 'kernelRegularizer', 'biasRegularizer',
  'activityRegularizer', 'kernelConstraint', 'biasConstraint',
] as const;

/** The resolved kernel/bias options and their serialization, shared by Dense and the convolutions. */
export class KernelParams {
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly kernelInitializer;
  readonly biasInitializer;
  readonly kernelRegularizer?: Regularizer;
  readonly biasRegularizer?: Regularizer;
  readonly kernelConstraint;
  readonly biasConstraint;

  constructor(where: string, o: KernelLayerOptions, defaultKernelInit: InitializerIdentifier = 'glorotUniform') {
    this.activation = getActivation(o.activation, where);
    if (o.useBias !== undefined && typeof o.useBias !== 'boolean') throw new ArgumentError(`${where}: 'useBias' must be a boolean, got ${String(o.useBias)}`);
    this.useBias = o.useBias ?? true;
    this.kernelInitializer = getInitializer(o.kernelInitializer ?? defaultKernelInit, where);
    this.biasInitializer = getInitializer(o.biasInitializer ?? 'zeros', where);
    this.kernelRegularizer = getRegularizer(o.kernelRegularizer, where);
    this.biasRegularizer = getRegularizer(o.biasRegularizer, where);
    this.kernelConstraint = getConstraint(o.kernelConstraint, where);
    this.biasConstraint = getConstraint(o.biasConstraint, where);
  }

  config(layer: Layer): Record<string, unknown> {
    return {
      activation: serializeActivation(this.activation, layer.name),
      useBias: this.useBias,
      kernelInitializer: serializeObject(this.kernelInitializer),
      biasInitializer: serializeObject(this.biasInitializer),
      kernelRegularizer: serializeObject(this.kernelRegularizer),
      biasRegularizer: serializeObject(this.biasRegularizer),
      activityRegularizer: serializeObject(layer.activityRegularizer),
      kernelConstraint: serializeObject(this.kernelConstraint),
      biasConstraint: serializeObject(this.biasConstraint),
    };
  }

  kernel(layer: Layer, shape: number[]) {
    return layer.addWeight('kernel', shape, { initializer: this.kernelInitializer, regularizer: this.kernelRegularizer ?? null, constraint: this.kernelConstraint });
  }

  bias(layer: Layer, shape: number[]) {
    if (!this.useBias) return undefined;
    return layer.addWeight('bias', shape, { initializer: this.biasInitializer, regularizer: this.biasRegularizer ?? null, constraint: this.biasConstraint });
  }
}

/** Sets the layer's activity regularizer from the options (shared by the kernel layers). */
export function setActivityRegularizer(layer: Layer, id: RegularizerIdentifier | null | undefined): void {
  const r = getRegularizer(id, layer.name);
  if (r) layer.activityRegularizer = r;
}

// Multiplies the last axis of a rank > 2 x by a [in, units] kernel (TF's tensordot), reshaping with run-time sizes.
export const denseNd = graphAware('tensordot', (x: Tensor, kernel: Tensor): Tensor => {
  const lead = x.shape.slice(0, -1);
  const flat = raw.reshape(x, [lead.reduce((a, b) => a * b, 1), x.shape[x.rank - 1]!]);
  return raw.reshape(raw.matMul(flat, kernel), [...lead, kernel.shape[1]!]);
});

export interface DenseOptions extends KernelLayerOptions {}

/** y = activation(x · kernel + bias) over the last axis (tf.layers.Dense / keras.layers.Dense). */
export class Dense extends Layer {
  static override readonly className: string = 'Dense';
  readonly units: number;
  readonly params: KernelParams;
  kernel?: import('../core/variable.js').Variable;
  bias?: import('../core/variable.js').Variable;

  constructor(units: number, opts: DenseOptions = {}) {
    checkLayerOptions('Dense', opts, KERNEL_LAYER_KEYS);
    super(baseArgs(opts as Record<string, unknown>));
    this.units = positiveInt('Dense', 'units', units);
    this.params = new KernelParams('Dense', opts);
    setActivityRegularizer(this, opts.activityRegularizer);
  }

  override build(inputShape: Shape | Shape[]): void {
    const s = oneShape(inputShape);
    if (s.length < 2) throw new ShapeError(`${this.name}: Dense needs inputs of rank >= 2 ([batch, features]), got shape [${s.join(',')}]`);
    const inDim = knownDim(this.name, s, -1, 'last (features)');
    this.kernel = this.params.kernel(this, [inDim, this.units]);
    this.bias = this.params.bias(this, [this.units]);
    super.build(inputShape);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    let y = x.rank === 2 ? ops.matMul(x, this.kernel!) : denseNd(x, this.kernel!);
    if (this.bias) y = ops.add(y, this.bias);
    return this.params.activation(y);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [...oneShape(inputShape).slice(0, -1), this.units];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), units: this.units, ...this.params.config(this) };
  }

  static override fromConfig(config: Record<string, unknown>): Layer {
    const { units, ...rest } = config;
    return new Dense(units as number, rest as DenseOptions);
  }
}

export interface DropoutLayerOptions extends LayerArgs {
  noiseShape?: (number | null)[];
  seed?: number;
}

/** Zeroes a fraction `rate` of the inputs and scales the rest by 1/(1-rate), only when training. */
export class Dropout extends Layer {
  static override readonly className: string = 'Dropout';
  readonly rate: number;
  readonly noiseShape?: (number | null)[];
  readonly seed?: number;

  constructor(rate = 0.5, opts: DropoutLayerOptions = {}) {
    checkLayerOptions('Dropout', opts, ['noiseShape', 'seed']);
    super(baseArgs(opts as Record<string, unknown>));
    this.rate = rateIn01('Dropout', 'rate', rate);
    if (opts.seed !== undefined && !Number.isInteger(opts.seed)) throw new ArgumentError(`Dropout: 'seed' must be an integer, got ${String(opts.seed)}`);
    this.noiseShape = opts.noiseShape;
    this.seed = opts.seed;
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = one(inputs);
    const opts = { ...(this.noiseShape ? { noiseShape: this.noiseShape } : {}), ...(this.seed !== undefined ? { seed: this.seed } : {}) };
    return inTraining(args.training, () => ops.dropout(x, this.rate, opts), () => ops.identity(x));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape ?? null, seed: this.seed ?? null };
  }

  static override fromConfig(config: Record<string, unknown>): Layer {
    const { rate, noiseShape, seed, ...rest } = config;
    return new Dropout(rate as number, { ...rest, ...(noiseShape ? { noiseShape: noiseShape as (number | null)[] } : {}), ...(seed !== null && seed !== undefined ? { seed: seed as number } : {}) });
  }
}

// Reshape keeping the (run-time) batch size: [b, ...] -> [b, ...target].
export const reshapeKeepBatch = graphAware('reshape', (x: Tensor, target: number[]): Tensor => raw.reshape(x, [x.shape[0]!, ...target]));

/** [batch, d1, d2, ...] -> [batch, d1 * d2 * ...]; channelsFirst inputs are made channels-last first (Keras). */
export class Flatten extends Layer {
  static override readonly className: string = 'Flatten';
  readonly dataFormat: DataFormat;

  constructor(opts: LayerArgs & { dataFormat?: DataFormat | 'channels_last' | 'channels_first' } = {}) {
    checkLayerOptions('Flatten', opts, ['dataFormat']);
    super(baseArgs(opts as Record<string, unknown>));
    this.dataFormat = normDataFormat('Flatten', opts.dataFormat);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    let x = one(inputs);
    if (x.rank < 1) throw new ShapeError(`${this.name}: Flatten needs inputs with a batch dimension, got a scalar`);
    if (this.dataFormat === 'channelsFirst' && x.rank > 2) x = ops.transpose(x, [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2), 1]);
    const rest = x.shape.slice(1);
    if (rest.some((d) => d < 0)) {
      throw new ShapeError(`${this.name}: Flatten needs known non-batch dimensions, got [${x.shape.map((d) => (d < 0 ? '?' : d)).join(',')}]`);
    }
    return reshapeKeepBatch(x, [rest.reduce((a, b) => a * b, 1)]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = oneShape(inputShape);
    const rest = s.slice(1);
    return [s[0] ?? null, rest.some((d) => d === null) ? null : (rest as number[]).reduce((a, b) => a * b, 1)];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}

/** Applies an activation given by name or function. */
export class Activation extends Layer {
  static override readonly className: string = 'Activation';
  readonly activation: ActivationFn;

  constructor(activation: ActivationIdentifier, opts: LayerArgs = {}) {
    checkLayerOptions('Activation', opts, []);
    super(opts);
    this.activation = getActivation(activation, 'Activation');
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return this.activation(one(inputs));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: serializeActivation(this.activation, this.name) };
  }

  static override fromConfig(config: Record<string, unknown>): Layer {
    const { activation, ...rest } = config;
    return new Activation(activation as string, rest);
  }
}

/** Reshapes each example to `targetShape` (without the batch dimension; one entry may be -1). */
export class Reshape extends Layer {
  static override readonly className: string = 'Reshape';
  readonly targetShape: number[];

  constructor(targetShape: number[], opts: LayerArgs = {}) {
    checkLayerOptions('Reshape', opts, []);
    super(opts);
    if (!Array.isArray(targetShape) || targetShape.some((d) => !Number.isInteger(d) || d < -1) || targetShape.filter((d) => d === -1).length > 1) {
      throw new ShapeError(`Reshape: 'targetShape' must be a list of non-negative integers with at most one -1, got ${JSON.stringify(targetShape)}`);
    }
    this.targetShape = [...targetShape];
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return reshapeKeepBatch(one(inputs), this.targetShape);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = oneShape(inputShape);
    const t: Shape = [...this.targetShape];
    const k = t.indexOf(-1);
    if (k >= 0) {
      const rest = s.slice(1);
      const known = (this.targetShape.filter((d) => d !== -1)).reduce((a, b) => a * b, 1);
      t[k] = rest.some((d) => d === null) || known === 0 ? null : (rest as number[]).reduce((a, b) => a * b, 1) / known;
      if (t[k] !== null && !Number.isInteger(t[k])) throw new ShapeError(`${this.name}: cannot reshape [${s.join(',')}] to [batch, ${this.targetShape.join(',')}]`);
    }
    return [s[0] ?? null, ...t];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }

  static override fromConfig(config: Record<string, unknown>): Layer {
    const { targetShape, ...rest } = config;
    return new Reshape(targetShape as number[], rest);
  }
}

/** Permutes the non-batch axes: dims is 1-based (Keras), e.g. [2, 1] swaps the two axes after the batch. */
export class Permute extends Layer {
  static override readonly className: string = 'Permute';
  readonly dims: number[];

  constructor(dims: number[], opts: LayerArgs = {}) {
    checkLayerOptions('Permute', opts, []);
    super(opts);
    const sorted = Array.isArray(dims) ? [...dims].sort((a, b) => a - b) : [];
    if (!Array.isArray(dims) || sorted.some((d, i) => d !== i + 1)) {
      throw new ArgumentError(`Permute: 'dims' must be a permutation of 1..n, got ${JSON.stringify(dims)}`);
    }
    this.dims = [...dims];
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    if (x.rank !== this.dims.length + 1) throw new ShapeError(`${this.name}: inputs must have rank ${this.dims.length + 1}, got shape [${x.shape.join(',')}]`);
    return ops.transpose(x, [0, ...this.dims]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = oneShape(inputShape);
    return [s[0] ?? null, ...this.dims.map((d) => s[d] ?? null)];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dims: [...this.dims] };
  }

  static override fromConfig(config: Record<string, unknown>): Layer {
    const { dims, ...rest } = config;
    return new Permute(dims as number[], rest);
  }
}

/** [batch, features] -> [batch, n, features]. */
export class RepeatVector extends Layer {
  static override readonly className: string = 'RepeatVector';
  readonly n: number;

  constructor(n: number, opts: LayerArgs = {}) {
    checkLayerOptions('RepeatVector', opts, []);
    super(opts);
    this.n = positiveInt('RepeatVector', 'n', n);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = one(inputs);
    if (x.rank !== 2) throw new ShapeError(`${this.name}: RepeatVector needs inputs of rank 2, got shape [${x.shape.join(',')}]`);
    return ops.tile(ops.expandDims(x, 1), [1, this.n, 1]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = oneShape(inputShape);
    return [s[0] ?? null, this.n, s[1] ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), n: this.n };
  }

  static override fromConfig(config: Record<string, unknown>): Layer {
    const { n, ...rest } = config;
    return new RepeatVector(n as number, rest);
  }
}

/** Wraps a function of tensors as a layer. Not serializable (a function has no config). */
export class Lambda extends Layer {
  static override readonly className: string = 'Lambda';
  readonly fn: (x: Tensor | Tensor[]) => Tensor;
  private readonly outputShape?: Shape | ((s: Shape | Shape[]) => Shape);

  constructor(fn: (x: any) => Tensor, opts: LayerArgs & { outputShape?: Shape | ((s: Shape | Shape[]) => Shape) } = {}) {
    checkLayerOptions('Lambda', opts, ['outputShape']);
    super(baseArgs(opts as Record<string, unknown>));
    if (typeof fn !== 'function') throw new ArgumentError(`Lambda: 'fn' must be a function, got ${String(fn)}`);
    this.fn = fn;
    this.outputShape = opts.outputShape;
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return this.fn(inputs);
  }

  /** The given outputShape, else found by building fn on placeholders in a scratch graph. */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    if (typeof this.outputShape === 'function') return this.outputShape(inputShape);
    if (this.outputShape) return [oneShape(inputShape)[0] ?? null, ...this.outputShape];
    const multi = Array.isArray(inputShape[0]);
    const y = new Graph().asDefault(() => {
      const ph = (s: Shape) => placeholder(this.dtype, s);
      return this.fn(multi ? (inputShape as Shape[]).map(ph) : ph(inputShape as Shape));
    });
    return layerShape(y);
  }

  override getConfig(): Record<string, unknown> {
    throw new ArgumentError(`Lambda layers cannot be serialized; layer '${this.name}' holds a JavaScript function (save the weights and rebuild the model in code)`);
  }
}

/** Adds l1 * sum(|x|) + l2 * sum(x^2) of its inputs to the losses; passes them through. */
export class ActivityRegularization extends Layer {
  static override readonly className: string = 'ActivityRegularization';
  readonly l1: number;
  readonly l2: number;

  constructor(opts: LayerArgs & { l1?: number; l2?: number } = {}) {
    checkLayerOptions('ActivityRegularization', opts, ['l1', 'l2']);
    super(baseArgs(opts as Record<string, unknown>));
    for (const k of ['l1', 'l2'] as const) {
      const v = opts[k];
      if (v !== undefined && (typeof v !== 'number' || !(v >= 0))) throw new ArgumentError(`ActivityRegularization: '${k}' must be a non-negative number, got ${String(v)}`);
    }
    this.l1 = opts.l1 ?? 0;
    this.l2 = opts.l2 ?? 0;
    const { l1, l2 } = this;
    const reg = ((x: Tensor) => ops.add(ops.mul(ops.sum(ops.abs(x)), l1), ops.mul(ops.sum(ops.square(x)), l2))) as unknown as Regularizer;
    this.activityRegularizer = Object.assign(reg, { className: 'l1L2', config: { l1, l2 } });
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    return ops.identity(one(inputs));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), l1: this.l1, l2: this.l2 };
  }
}

// x + N(0, stddev^2) noise of x's run-time shape.
const addGaussianNoise = graphAware('gaussianNoise', (x: Tensor, stddev: number, seed?: number): Tensor =>
  raw.add(x, raw.randomNormal(x.shape, 0, stddev, x.dtype, seed)));

/** Adds zero-mean Gaussian noise when training (a regularizer); the identity otherwise. */
export class GaussianNoise extends Layer {
  static override readonly className: string = 'GaussianNoise';
  readonly stddev: number;
  readonly seed?: number;

  constructor(stddev: number, opts: LayerArgs & { seed?: number } = {}) {
    checkLayerOptions('GaussianNoise', opts, ['seed']);
    super(baseArgs(opts as Record<string, unknown>));
    if (typeof stddev !== 'number' || !(stddev >= 0)) throw new ArgumentError(`GaussianNoise: 'stddev' must be a non-negative number, got ${String(stddev)}`);
    this.stddev = stddev;
    this.seed = opts.seed;
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor {
    const x = one(inputs);
    return inTraining(args.training, () => addGaussianNoise(x, this.stddev, this.seed), () => ops.identity(x));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), stddev: this.stddev, ...(this.seed !== undefined ? { seed: this.seed } : {}) };
  }

  static override fromConfig(config: Record<string, unknown>): Layer {
    const { stddev, ...rest } = config;
    return new GaussianNoise(stddev as number, rest);
  }
}

for (const cls of [Dense, Dropout, Flatten, Activation, Reshape, Permute, RepeatVector, ActivityRegularization, GaussianNoise]) registerLayer(cls);
