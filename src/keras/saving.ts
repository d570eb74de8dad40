/**
 * Saving and loading keras models. A model directory holds:
 *   model.json          — format tag, the model's class and config (serializeLayer: layer configs and the
 *                         functional connectivity), the compile config, and the weight keys in order;
 *   weights.safetensors — every weight under '<layer path>/<weight name>' (with the per-tensor CRC32C checksums
 *                         that tl.io writes for the Saver), written atomically.
 * loadModel rebuilds the layers from the registry (registerLayer), sets the weights and re-compiles when the
 * compile config uses names. A missing or damaged file gives a FileFormatError naming it.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, FileFormatError, ShapeError, fmtShape } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Variable } from '../core/variable.js';
import { readSafetensors, writeFileAtomic, writeSafetensors, type RawTensor } from '../io/safetensors.js';
import { Layer, deserializeLayer, serializeLayer } from '../layers/base_layer.js';
import { Lambda } from '../layers/core.js';
import { uniqueScopeName, variableScope } from '../train/variable_scope.js';
import { InputLayer } from './input.js';
import { Model } from './model.js';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.safetensors';
const FORMAT = 'tensorlane-keras';

/** '<layer>/<weight>' keys (nested models add their name as a prefix), in the order of model.weights. */
export function weightKeys(model: Model): string[] {
  const keyOf = new Map<Variable, string>();
  const walk = (m: Model, prefix: string): void => {
    for (const l of m.layers) {
      if (l instanceof InputLayer) continue;
      if (l instanceof Model) {
        walk(l, `${prefix}${l.name}/`);
        continue;
      }
      const used = new Set<string>();
      for (const v of l.weights) {
        if (keyOf.has(v)) continue;
        let short = v.name.replace(/:\d+$/, '').split('/').pop()!;
        if (used.has(short)) short = `${short}_${used.size}`;
        used.add(short);
        keyOf.set(v, `${prefix}${l.name}/${short}`);
      }
    }
  };
  walk(model, '');
  return model.weights.map((v, i) => keyOf.get(v) ?? `weight_${i}`);
}

function weightValues(model: Model): Map<string, RawTensor> {
  const keys = weightKeys(model);
  const values = model.getWeights();
  const out = new Map<string, RawTensor>();
  try {
    values.forEach((t, i) => out.set(keys[i]!, { dtype: t.dtype, shape: [...t.shape], data: t.dataSync() }));
  } finally {
    for (const t of values) t.dispose();
  }
  return out;
}

/** Writes the model's weights to one safetensors file. */
export function saveWeights(model: Model, path: string): void {
  if (typeof path !== 'string' || path === '') throw new ArgumentError(`${model.name}.saveWeights: 'path' must be a non-empty string`);
  writeSafetensors(path, weightValues(model), { producer: 'tensorlane', format: FORMAT });
}

/** Sets the model's weights from a file written by saveWeights (every key must be present, shapes must match). */
export function loadWeights(model: Model, path: string): void {
  const op = `${model.name}.loadWeights`;
  if (!existsSync(path)) throw new FileFormatError(`${op}: weights file '${path}' does not exist`);
  const { tensors } = readSafetensors(path);
  const keys = weightKeys(model);
  const weights = model.weights;
  const values: Tensor[] = [];
  try {
    keys.forEach((k, i) => {
      const r = tensors[k];
      if (!r) throw new FileFormatError(`${op}: '${path}' has no tensor '${k}' (it has ${Object.keys(tensors).slice(0, 10).join(', ')})`);
      const v = weights[i]!;
      if (r.shape.join() !== v.shape.join()) throw new ShapeError(`${op}: '${path}' tensor '${k}' has shape ${fmtShape(r.shape)}, the weight ${fmtShape(v.shape)}`);
      values.push(ENGINE.makeTensor(r.data, r.shape, r.dtype));
    });
    model.setWeights(values);
  } finally {
    for (const t of values) t.dispose();
  }
}

/** A Lambda layer anywhere in the model (nested models included) cannot be saved: it holds a JS function. */
function rejectLambdas(model: Model, op: string, path = ''): void {
  for (const l of model.layers) {
    if (l instanceof Lambda) {
      throw new ArgumentError(
        `${op}: Lambda layers cannot be serialized; layer '${path}${l.name}' holds a JavaScript function. ` +
        `Save the weights instead (model.saveWeights) and rebuild the model in code, or write the computation as a layer class registered with registerLayer`,
      );
    }
    if (l instanceof Model) rejectLambdas(l, op, `${path}${l.name}/`);
  }
}

/** Writes a model directory (model.json + weights.safetensors). */
export function saveModel(model: Model, dir: string): void {
  if (typeof dir !== 'string' || dir === '') throw new ArgumentError(`saveModel: 'dir' must be a non-empty string`);
  if (!(model instanceof Model)) throw new ArgumentError(`saveModel: expected a tl.keras model`);
  // Everything that can fail is computed before anything is written: a model that cannot be saved leaves no
  // (half-written) directory behind.
  rejectLambdas(model, 'saveModel');
  const spec = serializeLayer(model);
  const weights = weightValues(model);
  const doc = {
    format: FORMAT,
    version: 1,
    model: spec,
    compileConfig: model.compiled?.config ?? null,
    weightsFile: WEIGHTS_FILE,
    weights: weightKeys(model),
  };
  const json = new TextEncoder().encode(JSON.stringify(doc, null, 1));
  mkdirSync(dir, { recursive: true });
  writeSafetensors(join(dir, WEIGHTS_FILE), weights, { producer: 'tensorlane', format: FORMAT });
  writeFileAtomic(join(dir, MODEL_FILE), json);
}

/** Rebuilds a model saved by model.save / saveModel: same layers, weights and (named) compile settings. */
export function loadModel(dir: string, opts: { compile?: boolean } = {}): Model {
  const op = 'loadModel';
  if (typeof dir !== 'string' || dir === '') throw new ArgumentError(`${op}: 'dir' must be a non-empty string`);
  const file = join(dir, MODEL_FILE);
  if (!existsSync(file)) throw new FileFormatError(`${op}: '${file}' does not exist (not a saved model directory?)`);
  let doc: { format?: string; model?: { className: string; config: Record<string, unknown> }; compileConfig?: Record<string, unknown> | null; weightsFile?: string };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new FileFormatError(`${op}: '${file}' is not valid JSON (${(e as Error).message})`);
  }
  if (doc === null || typeof doc !== 'object' || doc.format !== FORMAT || !doc.model || typeof doc.model.className !== 'string') {
    throw new FileFormatError(`${op}: '${file}' is not a tensorlane keras model file (format '${String(doc?.format)}')`);
  }
  const weightsPath = join(dir, typeof doc.weightsFile === 'string' ? doc.weightsFile : WEIGHTS_FILE);
  if (!existsSync(weightsPath)) throw new FileFormatError(`${op}: weights file '${weightsPath}' does not exist`);
  // A fresh variable scope: the rebuilt layers keep their names without colliding with the saved model's
  // variables when both live in one process.
  let model: Layer;
  try {
    model = variableScope(uniqueScopeName('loaded_model'), () => deserializeLayer(doc.model!));
  } catch (e) {
    if (e instanceof ArgumentError) throw new FileFormatError(`${op}: '${file}': ${e.message}`);
    throw e;
  }
  if (!(model instanceof Model)) throw new FileFormatError(`${op}: '${file}' describes a ${doc.model.className}, not a model`);
  loadWeights(model, weightsPath);
  const cc = doc.compileConfig;
  if ((opts.compile ?? true) && cc && typeof cc.optimizer === 'string' && Array.isArray(cc.loss) && cc.loss.every((l) => typeof l === 'string')) {
    model.compile({
      optimizer: cc.optimizer,
      loss: cc.loss.length === 1 ? cc.loss[0] : cc.loss,
      metrics: Array.isArray(cc.metrics) && cc.metrics.length === 1 ? (cc.metrics[0] as unknown[]) : Array.isArray(cc.metrics) ? Object.fromEntries(model.outputNames.map((n, i) => [n, (cc.metrics as unknown[][])[i]!])) : undefined,
      lossWeights: cc.lossWeights as number[] | undefined,
    });
  }
  return model;
}

export { serializeLayer };
