/**
 * tl.keras.Input / InputLayer: the entry points of a functional model. Input({shape}) returns a KerasTensor of
 * shape [batchSize ?? null, ...shape] whose history is an InputLayer node; models are traced from such tensors.
 */
import { isDType, type DType } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { KerasTensor, Layer, registerLayer, type Shape } from '../layers/base_layer.js';

export interface InputLayerArgs {
  /** Shape without the batch dimension. */
  inputShape?: Shape;
  batchInputShape?: Shape;
  batchSize?: number;
  dtype?: DType;
  name?: string;
}

/** Holds a model input: calling it is the identity; its KerasTensor is `output`. */
export class InputLayer extends Layer {
  static override readonly className = 'InputLayer';
  readonly output: KerasTensor;

  constructor(args: InputLayerArgs = {}) {
    checkOptions('InputLayer', args, ['inputShape', 'batchInputShape', 'batchSize', 'dtype', 'name', 'trainable']);
    const op = 'InputLayer';
    if (args.batchSize !== undefined && !(Number.isInteger(args.batchSize) && args.batchSize > 0)) {
      throw new ArgumentError(`${op}: 'batchSize' must be a positive integer, got ${String(args.batchSize)}`);
    }
    if (args.inputShape === undefined && args.batchInputShape === undefined) throw new ArgumentError(`${op}: 'shape' (inputShape) or 'batchInputShape' is required`);
    const batchInputShape = args.batchInputShape ?? [args.batchSize ?? null, ...args.inputShape!];
    super({ name: args.name, dtype: args.dtype, batchInputShape });
    this.built = true;
    this.output = new KerasTensor([...batchInputShape], this.dtype, { layer: this, inputs: [], callArgs: {}, outputIndex: 0 }, this.name);
  }

  call(inputs: Tensor | Tensor[]): Tensor | Tensor[] {
    return inputs;
  }

  override getConfig(): Record<string, unknown> {
    return { name: this.name, dtype: this.dtype, batchInputShape: [...this.batchInputShape!] };
  }
}
registerLayer(InputLayer);

export interface InputOptions {
  /** The shape of one sample (without the batch dimension); null for unknown sizes. */
  shape?: Shape;
  batchShape?: Shape;
  batchSize?: number;
  dtype?: DType;
  name?: string;
}

/** A symbolic model input (tf.keras.Input). */
export function Input(opts: InputOptions): KerasTensor {
  checkOptions('Input', opts, ['shape', 'batchShape', 'batchSize', 'dtype', 'name']);
  if (opts === undefined || (opts.shape === undefined && opts.batchShape === undefined)) throw new ArgumentError(`Input: 'shape' is required (the shape of one sample, e.g. {shape: [784]})`);
  for (const [arg, s] of [['shape', opts.shape], ['batchShape', opts.batchShape]] as const) {
    if (s !== undefined && (!Array.isArray(s) || s.some((d) => d !== null && !(Number.isInteger(d) && d >= 0)))) {
      throw new ShapeError(`Input: '${arg}' must be an array of non-negative integers or null, got ${JSON.stringify(s)}`);
    }
  }
  if (opts.dtype !== undefined && !isDType(opts.dtype)) throw new DTypeError(`Input: unknown dtype '${String(opts.dtype)}'`);
  const layer = new InputLayer({
    ...(opts.batchShape ? { batchInputShape: opts.batchShape } : { inputShape: opts.shape }),
    ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}),
    ...(opts.dtype ? { dtype: opts.dtype } : {}),
    ...(opts.name ? { name: opts.name } : {}),
  });
  return layer.output;
}
