/**
 * tl.keras.Sequential: a linear stack of layers. Once the input shape is known (the first layer's inputShape /
 * batchInputShape, an InputLayer, or the first call or fit), it is a functional model traced from an Input;
 * before that, `add` only collects layers.
 */
import { ArgumentError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import { KerasTensor, Layer, deserializeLayer, registerLayer, serializeLayer, type Shape } from '../layers/base_layer.js';
import { Input, InputLayer } from './input.js';
import { Model } from './model.js';

export interface SequentialArgs {
  layers?: Layer[];
  name?: string;
  trainable?: boolean;
}

export class Sequential extends Model {
  static override readonly className: string = 'Sequential';
  private stack: Layer[] = [];
  private inputLayer: InputLayer | null = null;

  constructor(layers?: Layer[] | SequentialArgs, opts: { name?: string; trainable?: boolean } = {}) {
    const args: SequentialArgs = Array.isArray(layers) ? { layers, ...opts } : (layers ?? {});
    checkOptions('Sequential', args, ['layers', 'name', 'trainable']);
    super({ name: args.name, trainable: args.trainable });
    if (args.layers !== undefined && !Array.isArray(args.layers)) throw new ArgumentError(`Sequential: 'layers' must be an array of layers`);
    for (const l of args.layers ?? []) this.add(l);
  }

  /** The stacked layers (without the InputLayer, as Keras' Sequential.layers). */
  override get layers(): Layer[] {
    return [...this.stack];
  }

  /** Appends a layer; traces the model when the input shape is known. */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) throw new ArgumentError(`${this.name}.add: expected a Layer, got ${layer === null ? 'null' : typeof layer}`);
    if (layer instanceof InputLayer) {
      if (this.stack.length > 0 || this.inputLayer) throw new ArgumentError(`${this.name}.add: an InputLayer must come first`);
      this.inputLayer = layer;
      return;
    }
    if (this.stack.includes(layer)) throw new ArgumentError(`${this.name}.add: layer '${layer.name}' is already in the model`);
    if (layer instanceof Model && layer.outputs.length > 1) throw new ArgumentError(`${this.name}.add: a layer of a Sequential model must have one output; '${layer.name}' has ${layer.outputs.length}`);
    this.stack.push(layer);
    if (this.inputs.length > 0) {
      const out = layer.apply(this.outputs[0]!) as KerasTensor | KerasTensor[];
      if (Array.isArray(out)) throw new ArgumentError(`${this.name}.add: layer '${layer.name}' returns several outputs; Sequential layers must return one`);
      this.initNetwork(this.inputs, [out]);
      return;
    }
    const shape = this.inputLayer?.batchInputShape ?? (this.stack.length === 1 ? firstShape(layer) : undefined);
    if (shape) this.trace(shape);
  }

  /** Removes the last layer. */
  pop(): void {
    if (this.stack.length === 0) throw new ArgumentError(`${this.name}.pop: the model has no layers`);
    this.stack.pop();
    if (this.inputs.length > 0 && this.stack.length > 0) this.trace(this.inputs[0]!.shape);
    else if (this.stack.length === 0) {
      this.net = null;
      this.outputs = [];
    }
  }

  private trace(batchShape: Shape): void {
    let x: KerasTensor = this.inputLayer ? this.inputLayer.output : Input({ batchShape, dtype: this.stack[0]?.dtype });
    const input = x;
    for (const l of this.stack) {
      const out = l.apply(x) as KerasTensor | KerasTensor[];
      if (Array.isArray(out)) throw new ArgumentError(`${this.name}: layer '${l.name}' returns several outputs; Sequential layers must return one`);
      x = out;
    }
    this.initNetwork([input], [x]);
  }

  /** Called with the first input's shape when no input shape was given. */
  override build(inputShape: Shape | Shape[]): void {
    if (this.net) return;
    if (this.stack.length === 0) throw new ArgumentError(`${this.name}: the model has no layers`);
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    this.trace([null, ...s.slice(1)]);
  }

  override getConfig(): Record<string, unknown> {
    const layers = this.stack.map((l) => serializeLayer(l));
    const batchInputShape = this.inputs[0]?.shape;
    return { name: this.name, trainable: this.trainable, layers, ...(batchInputShape ? { batchInputShape: [...batchInputShape] } : {}) };
  }

  static override fromConfig(config: Record<string, unknown>): Layer {
    const c = config as { name?: string; trainable?: boolean; layers?: unknown; batchInputShape?: Shape };
    if (!Array.isArray(c.layers)) throw new ArgumentError(`Sequential.fromConfig: 'layers' must be an array`);
    const m = new Sequential({ name: c.name, trainable: c.trainable ?? true });
    if (c.batchInputShape) m.add(new InputLayer({ batchInputShape: c.batchInputShape }));
    for (const s of c.layers) m.add(deserializeLayer(s as { className: string; config: Record<string, unknown> }));
    return m;
  }
}
registerLayer(Sequential);

function firstShape(layer: Layer): Shape | undefined {
  if (layer.batchInputShape) return layer.batchInputShape;
  if (layer instanceof Model && layer.inputs.length === 1) return layer.inputs[0]!.shape;
  return undefined;
}
