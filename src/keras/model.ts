/**
 * tl.keras.Model: a functional model — layers called on KerasTensors from tl.keras.Input, with any number of
 * inputs and outputs, shared layers and nested models. A Model is a Layer, so it nests inside other models and
 * applies to concrete tensors (eager) and to placeholders (graph mode) like any layer. Training (compile, fit,
 * evaluate, predict) lives in training.ts, summary() in summary.ts, saving in saving.ts; the methods here
 * delegate to them.
 */
import { ArgumentError, ShapeError, fmtShape } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import type { TensorLike } from '../core/tensor_util.js';
import type { Variable } from '../core/variable.js';
import type { Operation } from '../graph/operation.js';
import {
  KerasTensor, Layer, deserializeLayer, layerShape, registerLayer, serializeLayer, type CallArgs, type Shape,
} from '../layers/base_layer.js';
import type { Optimizer } from '../train/optimizers/index.js';
import type { CallbackLike, History } from './callbacks.js';
import { InputLayer } from './input.js';
import { networkOutputShapes, runNetwork, traceNetwork, type Network } from './network.js';
import type { Compiled, CompileArgs, EvaluateOptions, FitOptions } from './training.js';
import * as prediction from './predict.js';
import type { PredictOptions } from './predict.js';
import * as training from './training.js';
import { summarize, type SummaryOptions } from './summary.js';
import * as saving from './saving.js';

export interface ModelArgs {
  inputs: KerasTensor | KerasTensor[];
  outputs: KerasTensor | KerasTensor[];
  name?: string;
  trainable?: boolean;
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

export class Model extends Layer {
  static override readonly className: string = 'Model';
  /** The model's input KerasTensors (empty until a Sequential knows its input shape). */
  inputs: KerasTensor[] = [];
  outputs: KerasTensor[] = [];
  protected net: Network | null = null;
  /** Set by a callback (or anyone) during fit: training stops after the current batch. */
  stopTraining = false;
  optimizer: Optimizer | null = null;
  /** compile()'s resolved state; null before compile. */
  compiled: Compiled | null = null;
  /** Per-mode training machinery (graph sessions, built step functions), owned by training.ts. */
  trainingState: unknown = null;

  constructor(args?: ModelArgs | { name?: string; trainable?: boolean }) {
    const a = (args ?? {}) as Partial<ModelArgs>;
    const isFunctional = a.inputs !== undefined || a.outputs !== undefined;
    if (isFunctional) checkOptions('Model', args, ['inputs', 'outputs', 'name', 'trainable']);
    super({ name: a.name, trainable: a.trainable });
    if (isFunctional) {
      if (a.inputs === undefined || a.outputs === undefined) throw new ArgumentError(`Model: both 'inputs' and 'outputs' are required`);
      this.initNetwork(Array.isArray(a.inputs) ? a.inputs : [a.inputs], Array.isArray(a.outputs) ? a.outputs : [a.outputs]);
    }
  }

  protected initNetwork(inputs: KerasTensor[], outputs: KerasTensor[]): void {
    const op = `${(this.constructor as typeof Model).className}('${this.name}')`;
    if (inputs.length === 0 || outputs.length === 0) throw new ArgumentError(`${op}: a model needs at least one input and one output`);
    this.net = traceNetwork(op, inputs, outputs);
    this.inputs = inputs;
    this.outputs = outputs;
    this.built = true;
  }

  /** The model's layers in call order (a functional model lists its InputLayers too, as Keras). */
  get layers(): Layer[] {
    return this.net ? [...this.net.layers] : [];
  }

  /** A layer by name or by index in `layers`. */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.layers;
    if (typeof nameOrIndex === 'number') {
      const l = layers[nameOrIndex];
      if (!Number.isInteger(nameOrIndex) || !l) throw new ArgumentError(`${this.name}.getLayer: index ${nameOrIndex} is out of range (${layers.length} layers)`);
      return l;
    }
    const l = layers.find((x) => x.name === nameOrIndex);
    if (!l) throw new ArgumentError(`${this.name}.getLayer: no layer named '${String(nameOrIndex)}' (layers: ${layers.map((x) => x.name).join(', ')})`);
    return l;
  }

  get inputNames(): string[] {
    return this.inputs.map((t, i) => (t.history?.layer instanceof InputLayer ? t.history.layer.name : `input_${i}`));
  }

  get outputNames(): string[] {
    return this.outputs.map((t) => t.history!.layer.name);
  }

  protected requireNetwork(op: string): Network {
    if (!this.net) throw new ArgumentError(`${this.name}.${op}: the model has no layers with a known input shape yet (add an input shape, or call it on data first)`);
    return this.net;
  }

  call(inputs: Tensor | Tensor[], args: CallArgs): Tensor | Tensor[] {
    const net = this.requireNetwork('call');
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    if (xs.length !== this.inputs.length) {
      throw new ArgumentError(`${this.name}: expected ${this.inputs.length} input(s) (${this.inputNames.join(', ')}), got ${xs.length}`);
    }
    xs.forEach((x, i) => {
      const want = this.inputs[i]!.shape;
      const got = layerShape(x);
      const ok = want.length === got.length && want.every((d, k) => d === null || got[k] === null || d === got[k]);
      if (!ok) throw new ShapeError(`${this.name}: input ${i} ('${this.inputNames[i]}') expects shape ${fmtShape(want.map((d) => d ?? -1))}, got ${fmtShape(x.shape)}`);
    });
    const env = runNetwork<Tensor>(net, this.inputs, xs, (n, ins) => {
      if (n.layer instanceof InputLayer) return ins;
      const callArgs: CallArgs = { ...n.callArgs };
      if (callArgs.training === undefined && args.training !== undefined) callArgs.training = args.training;
      const out = n.layer.apply(ins.length === 1 ? ins[0]! : ins, callArgs) as Tensor | Tensor[];
      return Array.isArray(out) ? out : [out];
    });
    const outs = this.outputs.map((o) => env.get(o)!);
    return outs.length === 1 ? outs[0]! : outs;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const net = this.requireNetwork('computeOutputShape');
    const shapes = this.inputs.length === 1 && !Array.isArray((inputShape as Shape[])[0]) ? [inputShape as Shape] : (inputShape as Shape[]);
    const outs = networkOutputShapes(net, this.inputs, this.outputs, shapes);
    return outs.length === 1 ? outs[0]! : outs;
  }

  /** Sub-layers whose weights this model holds (its own layers; nested models aggregate theirs). */
  private get weightLayers(): Layer[] {
    return this.layers.filter((l) => !(l instanceof InputLayer));
  }

  override get trainableWeights(): Variable[] {
    if (!this.trainable) return [];
    return unique(this.weightLayers.flatMap((l) => l.trainableWeights));
  }

  override get nonTrainableWeights(): Variable[] {
    const all = unique(this.weightLayers.flatMap((l) => l.weights));
    if (!this.trainable) return all;
    const trainable = new Set(this.trainableWeights);
    return all.filter((v) => !trainable.has(v));
  }

  override get weights(): Variable[] {
    return [...this.trainableWeights, ...this.nonTrainableWeights];
  }

  override get losses(): Tensor[] {
    return this.weightLayers.flatMap((l) => l.losses);
  }

  override get updates(): (Tensor | Operation)[] {
    return this.weightLayers.flatMap((l) => l.updates);
  }

  override countParams(): number {
    return this.weights.reduce((n, v) => n + v.size, 0);
  }

  override getConfig(): Record<string, unknown> {
    const net = this.requireNetwork('getConfig');
    const layers = net.layers;
    const nodes = net.nodes;
    const ref = (t: KerasTensor): [number, number] => {
      const i = nodes.findIndex((n) => n.outputs.includes(t));
      return [i, nodes[i]!.outputs.indexOf(t)];
    };
    return {
      name: this.name,
      trainable: this.trainable,
      layers: layers.map((l) => serializeLayer(l)),
      nodes: nodes.map((n) => ({
        layer: layers.indexOf(n.layer),
        inputs: n.inputs.map(ref),
        ...(typeof n.callArgs.training === 'boolean' ? { training: n.callArgs.training } : {}),
      })),
      inputs: this.inputs.map(ref),
      outputs: this.outputs.map(ref),
    };
  }

  static override fromConfig(config: Record<string, unknown>): Layer {
    const op = 'Model.fromConfig';
    const c = config as { name?: string; trainable?: boolean; layers?: unknown; nodes?: unknown; inputs?: unknown; outputs?: unknown };
    if (!Array.isArray(c.layers) || !Array.isArray(c.nodes) || !Array.isArray(c.inputs) || !Array.isArray(c.outputs)) {
      throw new ArgumentError(`${op}: the config needs 'layers', 'nodes', 'inputs' and 'outputs' arrays`);
    }
    const layers = c.layers.map((s) => deserializeLayer(s as { className: string; config: Record<string, unknown> }));
    const outs: KerasTensor[][] = [];
    const get = (r: unknown): KerasTensor => {
      const [i, k] = r as [number, number];
      const t = outs[i]?.[k];
      if (!t) throw new ArgumentError(`${op}: node reference [${String(r)}] is out of order or out of range`);
      return t;
    };
    for (const nd of c.nodes as { layer: number; inputs: unknown[]; training?: boolean }[]) {
      const layer = layers[nd.layer];
      if (!layer) throw new ArgumentError(`${op}: node refers to layer ${nd.layer}, of ${layers.length}`);
      if (layer instanceof InputLayer) {
        outs.push([layer.output]);
        continue;
      }
      const ins = nd.inputs.map(get);
      const out = layer.apply(ins.length === 1 ? ins[0]! : ins, nd.training === undefined ? {} : { training: nd.training }) as KerasTensor | KerasTensor[];
      outs.push(Array.isArray(out) ? out : [out]);
    }
    return new Model({ inputs: c.inputs.map(get), outputs: c.outputs.map(get), name: c.name, trainable: c.trainable ?? true });
  }

  // ---- training (training.ts) ----

  compile(args: CompileArgs): void {
    training.compile(this, args);
  }

  fit(x: unknown, y?: unknown, opts?: FitOptions): Promise<History> {
    return training.fit(this, x, y, opts);
  }

  /**
   * The loss and metrics over the data, averaged per sample: `{loss, acc, ...}`. Asynchronous (it returns
   * numbers, read after every batch has run; it awaits between batches, and graph models run each batch with
   * Session.runAsync): `const {loss} = await model.evaluate(x, y)`.
   */
  evaluate(x: unknown, y?: unknown, opts?: EvaluateOptions): Promise<Record<string, number>> {
    return training.evaluate(this, x, y, opts);
  }

  /**
   * The outputs for every sample (batches of `batchSize`, concatenated): one tensor, or one per output.
   * Synchronous, as in Keras and tfjs: `const y = model.predict(x)`; the caller owns (disposes) the result.
   */
  predict(x: unknown, opts?: PredictOptions): Tensor | Tensor[] {
    return prediction.predict(this, x, opts);
  }

  /** predict, awaiting between batches; takes asynchronous datasets; graph models run off the main thread. */
  predictAsync(x: unknown, opts?: PredictOptions): Promise<Tensor | Tensor[]> {
    return prediction.predictAsync(this, x, opts);
  }

  trainOnBatch(x: unknown, y: unknown, opts?: { sampleWeight?: TensorLike; classWeight?: Record<number, number> }): Promise<Record<string, number>> {
    return training.trainOnBatch(this, x, y, opts);
  }

  testOnBatch(x: unknown, y: unknown, opts?: { sampleWeight?: TensorLike }): Promise<Record<string, number>> {
    return training.testOnBatch(this, x, y, opts);
  }

  /** The outputs for exactly this batch, synchronously. */
  predictOnBatch(x: unknown): Tensor | Tensor[] {
    return prediction.predictOnBatch(this, x);
  }

  /** Prints (printFn, default console.log) and returns a table of layers, output shapes and parameter counts. */
  summary(opts?: SummaryOptions): string {
    return summarize(this, opts);
  }

  // ---- saving (saving.ts) ----

  /** Writes a model directory: topology JSON (with the compile config) and the weights (safetensors). */
  save(dir: string): void {
    saving.saveModel(this, dir);
  }

  saveWeights(path: string): void {
    saving.saveWeights(this, path);
  }

  loadWeights(path: string): void {
    saving.loadWeights(this, path);
  }

  override dispose(): void {
    training.releaseTraining(this);
    for (const l of this.weightLayers) l.dispose();
  }
}
registerLayer(Model);

export type { CallbackLike };
