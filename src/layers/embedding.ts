/**
 * Embedding: integer ids -> rows of a trainable [inputDim, outputDim] matrix (a gather, whose gradient reaches
 * only the rows looked up).
 */
import { ArgumentError, DTypeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Variable } from '../core/variable.js';
import * as ops from '../graph/graph_ops.generated.js';
import { randomUniform } from '../train/initializers.js';
import { Layer, registerLayer, type LayerArgs, type Shape } from './base_layer.js';
import { baseArgs, checkLayerOptions, positiveInt } from './layer_util.js';
import {
  getConstraint, getInitializer, getRegularizer, serializeObject,
  type ConstraintIdentifier, type InitializerIdentifier, type RegularizerIdentifier,
} from './serialization.js';

export interface EmbeddingOptions extends LayerArgs {
  /** Default: uniform in [-0.05, 0.05] (Keras's 'uniform'). */
  embeddingsInitializer?: InitializerIdentifier;
  embeddingsRegularizer?: RegularizerIdentifier | null;
  embeddingsConstraint?: ConstraintIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
  /** Id 0 is padding: computeMask gives false where the id is 0 (inputDim then counts it). */
  maskZero?: boolean;
  inputLength?: number | null;
}

export class Embedding extends Layer {
  static override readonly className: string = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  readonly inputLength: number | null;
  private readonly init;
  embeddings?: Variable;

  constructor(inputDim: number, outputDim: number, opts: EmbeddingOptions = {}) {
    const where = 'Embedding';
    checkLayerOptions(where, opts, ['embeddingsInitializer', 'embeddingsRegularizer', 'embeddingsConstraint', 'activityRegularizer', 'maskZero', 'inputLength']);
    const args = baseArgs(opts as Record<string, unknown>) as LayerArgs;
    if (opts.inputLength && !args.batchInputShape && !args.inputShape) args.inputShape = [opts.inputLength];
    super(args);
    this.inputDim = positiveInt(where, 'inputDim', inputDim);
    this.outputDim = positiveInt(where, 'outputDim', outputDim);
    if (opts.maskZero !== undefined && typeof opts.maskZero !== 'boolean') throw new ArgumentError(`${where}: 'maskZero' must be a boolean, got ${String(opts.maskZero)}`);
    this.maskZero = opts.maskZero ?? false;
    this.inputLength = opts.inputLength ?? null;
    this.init = {
      initializer: opts.embeddingsInitializer === undefined ? randomUniform(-0.05, 0.05) : getInitializer(opts.embeddingsInitializer, where),
      regularizer: getRegularizer(opts.embeddingsRegularizer, where),
      constraint: getConstraint(opts.embeddingsConstraint, where),
    };
    const act = getRegularizer(opts.activityRegularizer, where);
    if (act) this.activityRegularizer = act;
  }

  override build(inputShape: Shape | Shape[]): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], {
      initializer: this.init.initializer, regularizer: this.init.regularizer ?? null, constraint: this.init.constraint,
    });
    super.build(inputShape);
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const ids = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (ids.dtype === 'bool' || ids.dtype === 'string' as never) throw new DTypeError(`${this.name}: ids must be integers (or floats holding integers), got ${ids.dtype}`);
    const idx = ids.dtype === 'int32' || ids.dtype === 'int64' ? ids : ops.cast(ids, 'int32');
    return ops.gather(this.embeddings!, idx);
  }

  /** The padding mask (ids != 0) when maskZero, else undefined. */
  computeMask(inputs: Tensor): Tensor | undefined {
    return this.maskZero ? ops.notEqual(inputs, ops.zerosLike(inputs)) : undefined;
  }

  protected override outputDType(): import('../core/dtype.js').DType {
    return this.dtype;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = Array.isArray(inputShape[0]) ? (inputShape[0] as Shape) : (inputShape as Shape);
    return [...s, this.outputDim];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(), inputDim: this.inputDim, outputDim: this.outputDim, maskZero: this.maskZero, inputLength: this.inputLength,
      embeddingsInitializer: serializeObject(this.init.initializer), embeddingsRegularizer: serializeObject(this.init.regularizer),
      embeddingsConstraint: serializeObject(this.init.constraint), activityRegularizer: serializeObject(this.activityRegularizer),
    };
  }

  static override fromConfig(c: Record<string, unknown>): Layer {
    const { inputDim, outputDim, batchInputShape, ...rest } = c;
    return new Embedding(inputDim as number, outputDim as number, { ...(rest as EmbeddingOptions), ...(batchInputShape ? { batchInputShape: batchInputShape as Shape } : {}) });
  }
}

registerLayer(Embedding);
