/** tl.keras: Keras-style models (Sequential, functional Model), compile/fit/evaluate/predict, callbacks, saving. */
export { Model } from './model.js';
export type { ModelArgs } from './model.js';
export { Sequential } from './sequential.js';
export type { SequentialArgs } from './sequential.js';
export { Input, InputLayer } from './input.js';
export type { InputOptions } from './input.js';
export type { CompileArgs, FitOptions, EvaluateOptions } from './training.js';
export type { PredictOptions } from './predict.js';
export type { YieldEvery } from './epoch_logs.js';
export type { SummaryOptions } from './summary.js';
export * as callbacks from './callbacks_index.js';
export * as losses from './losses.js';
export * as metrics from './metrics.js';
export * as models from './models.js';
export * as layers from './layers.js';
import { Sequential, type SequentialArgs } from './sequential.js';
import { Model, type ModelArgs } from './model.js';
import { Input, type InputOptions } from './input.js';
import type { KerasTensor } from '../layers/base_layer.js';

/** tfjs-style factory: tl.keras.sequential({layers}). */
export function sequential(args?: SequentialArgs): Sequential {
  return new Sequential(args);
}

/** tfjs-style factory: tl.keras.model({inputs, outputs}). */
export function model(args: ModelArgs): Model {
  return new Model(args);
}

/** tfjs-style factory: tl.keras.input({shape}) (= tl.keras.Input). */
export function input(opts: InputOptions): KerasTensor {
  return Input(opts);
}
