/**
 * tl.onnx: import ONNX models as tensorlane graphs (or run them whole on onnxruntime-node).
 *
 *   const model = await tl.onnx.load('model.onnx');            // any kernel backend, via a tensorlane Graph
 *   const { y } = model.run({ x: tl.tensor(data, [1, 3, 224, 224]) });
 *   const ft = await tl.onnx.load(bytes, { trainable: true });  // float initializers become Variables
 *   const ort = await tl.onnx.load(bytes, { backend: 'onnxruntime' }); await ort.runAsync(feeds);
 */
import { ENGINE } from '../core/engine.js';
import { ArgumentError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import { Session } from '../graph/session.js';
import { variablesInitializer } from '../graph/variables.js';
import { GraphBuilder, checkSupported, describeValue, opsetOf } from './importer.js';
import { decodeModel } from './model_proto.js';
import { readSource, recordSource } from './source.js';
import { OnnxModel } from './model.js';
export { OnnxModel };
import { OrtRunner } from './onnxruntime_runner.js';
import { onnxThreads } from './threads.js';
import { Graph } from '../graph/graph.js';
import { Model } from '../keras/model.js';
import { exportGraph, type ExportOptions } from './export.js';
import { exportKerasModel, type KerasExportOptions } from './export_keras.js';

export type { OnnxFeed } from './model.js';
export type { ValueDesc } from './importer.js';
export { supportedOps } from './ops/registry.js';
export { MIN_OPSET, MAX_OPSET } from './importer.js';
export { exportableOps } from './export.js';
export type { ExportOptions } from './export.js';
export type { KerasExportOptions } from './export_keras.js';
export { toKeras, kerasMappableOps } from './to_keras.js';
export type { ToKerasOptions } from './to_keras.js';

export interface LoadOptions {
  /** 'onnxruntime' runs the whole model in onnxruntime-node; a kernel backend name runs the tensorlane graph there. */
  backend?: string;
  /** Float initializers become graph Variables, so the model can be fine-tuned with any tl.train optimizer. */
  trainable?: boolean;
}

/** Loads an ONNX model from a path or its bytes. */
export async function load(source: string | Uint8Array | ArrayBuffer, options: LoadOptions = {}): Promise<OnnxModel> {
  checkOptions('onnx.load', options, ['backend', 'trainable']);
  const { bytes, file, baseDir } = await readSource(source);
  const backend = options.backend;
  if (backend !== undefined && backend !== 'onnxruntime' && !ENGINE.backendNames().includes(backend as never)) {
    throw new ArgumentError(`onnx.load: backend '${backend}' is not present; present: ${[...ENGINE.backendNames(), 'onnxruntime'].join(', ')}`);
  }
  const model = decodeModel(bytes, file);
  const opset = opsetOf(model, file);
  const gp = model.graph!;
  const initNames = new Set((gp.initializer ?? []).map((t) => t.name ?? ''));
  const inputs = (gp.input ?? []).filter((v) => !initNames.has(v.name ?? '')).map(describeValue);
  const outputs = (gp.output ?? []).map(describeValue);
  if (backend === 'onnxruntime') {
    if (options.trainable) throw new ArgumentError(`onnx.load: trainable models run on the tensorlane graph; backend 'onnxruntime' serves inference only`);
    const runner = await OrtRunner.create(bytes, onnxThreads());
    const ortModel = new OnnxModel(inputs, outputs, opset, 'onnxruntime', null, null, runner);
    recordSource(ortModel, { model, file, baseDir });
    return ortModel;
  }
  checkSupported(gp, file);
  const builder = new GraphBuilder(model, opset, { file, baseDir }, options.trainable === true);
  const session = new Session({ graph: builder.graph, backend: backend as never });
  if (builder.variables.length > 0) session.run(builder.graph.asDefault(() => variablesInitializer(builder.variables)));
  const loaded = new OnnxModel(inputs, outputs, opset, backend ?? ENGINE.getBackend(), builder, session, null);
  recordSource(loaded, { model, file, baseDir, initializer: (name) => builder.initializer(name), session });
  return loaded;
}

/** Options for exporting an imported model: its inputs and outputs are the model's own. */
export type OnnxModelExportOptions = Omit<ExportOptions, 'inputs' | 'outputs' | 'session'>;

/**
 * Writes an ONNX model from a tensorlane Graph (with {inputs, outputs, session}), a tl.keras Model (traced in
 * inference mode, weights at their current values) or an imported OnnxModel (with its Variables' current
 * values, e.g. after fine-tuning). Returns the bytes; `path` also writes them to a file.
 */
async function exportModel(source: Graph, options: ExportOptions): Promise<Uint8Array>;
async function exportModel(source: Model, options?: KerasExportOptions): Promise<Uint8Array>;
async function exportModel(source: OnnxModel, options?: OnnxModelExportOptions): Promise<Uint8Array>;
async function exportModel(source: Graph | Model | OnnxModel, options?: ExportOptions | KerasExportOptions | OnnxModelExportOptions): Promise<Uint8Array> {
  if (source instanceof Graph) return exportGraph(source, options as ExportOptions);
  if (source instanceof Model) return exportKerasModel(source, options as KerasExportOptions);
  if (source instanceof OnnxModel) return exportOnnxModel(source, (options ?? {}) as OnnxModelExportOptions);
  const what = source === null ? 'null' : typeof source === 'object' ? (source as object).constructor?.name ?? 'object' : typeof source;
  throw new ArgumentError(`onnx.export: 'source' must be a tl.Graph, a tl.keras Model or an imported OnnxModel, got ${what}`);
}
export { exportModel as export };

async function exportOnnxModel(m: OnnxModel, options: OnnxModelExportOptions): Promise<Uint8Array> {
  checkOptions('onnx.export', options, ['opset', 'dynamicBatch', 'path']);
  const inputs = m.inputTensors, outputs = m.outputTensors;
  if (!m.graph || !m.session || !inputs || !outputs) {
    throw new ArgumentError(`onnx.export: this OnnxModel runs on backend '${m.backend}' and has no tensorlane graph to export; load it without {backend: 'onnxruntime'}`);
  }
  return exportGraph(m.graph, { ...options, inputs, outputs, session: m.session });
}

/** Runs a model's export in onnxruntime-node: the same run(feeds) interface (async), a BackendError without the package. */
async function toOnnxruntime(bytes: Uint8Array): Promise<OnnxModel> {
  return load(bytes, { backend: 'onnxruntime' });
}

// keras sits below onnx, so the keras Model's toOnnxruntime is installed here (and typed by augmentation).
declare module '../keras/model.js' {
  interface Model {
    /** Exports the model (dynamic batch) and returns it running in onnxruntime-node. */
    toOnnxruntime(options?: Omit<KerasExportOptions, 'path'>): Promise<OnnxModel>;
  }
}
declare module './model.js' {
  interface OnnxModel {
    /** Exports this imported model (its Variables' current values) and returns it running in onnxruntime-node. */
    toOnnxruntime(options?: Omit<OnnxModelExportOptions, 'path'>): Promise<OnnxModel>;
  }
}
Model.prototype.toOnnxruntime = async function (this: Model, options = {}) {
  return toOnnxruntime(await exportKerasModel(this, { dynamicBatch: true, ...options }));
};
OnnxModel.prototype.toOnnxruntime = async function (this: OnnxModel, options = {}) {
  return toOnnxruntime(await exportOnnxModel(this, options));
};
