/**
 * Where an ONNX model comes from: a path, its bytes, or a model tl.onnx.load already read. load() records the
 * decoded ModelProto of each OnnxModel it returns (and its initializer values, which are Variables after
 * {trainable: true}), so tl.onnx.toKeras can convert a loaded — even fine-tuned — model without reading it again.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ArgumentError, FileFormatError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import type { Session } from '../graph/session.js';
import { modelDir, type ModelObj } from './model_proto.js';
import type { OnnxModel } from './model.js';

export interface SourceBytes {
  bytes: Uint8Array;
  /** Names the source in errors ('<bytes>' for bytes in memory). */
  file: string;
  /** The model's folder, for external data (null for bytes). */
  baseDir: string | null;
}

/** Reads a path, or wraps bytes; `op` names the caller in errors. */
export async function readSource(source: string | Uint8Array | ArrayBuffer, op = 'onnx.load'): Promise<SourceBytes> {
  if (typeof source === 'string') {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(source));
    } catch (e) {
      throw new FileFormatError(`${op}: cannot read '${source}': ${e instanceof Error ? e.message : String(e)}`);
    }
    return { bytes, file: source, baseDir: modelDir(resolve(source)) };
  }
  if (source instanceof Uint8Array) return { bytes: source, file: '<bytes>', baseDir: null };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), file: '<bytes>', baseDir: null };
  throw new ArgumentError(`${op}: 'source' must be a path, a Uint8Array or an ArrayBuffer, got ${source === null ? 'null' : typeof source}`);
}

/** What load() keeps of a model for a later conversion. */
export interface LoadedSource {
  model: ModelObj;
  file: string;
  baseDir: string | null;
  /** An initializer's current value by name (a Variable of a trainable model), or undefined. */
  initializer?: (name: string) => Tensor | undefined;
  /** The session holding the Variables' values. */
  session?: Session | null;
}

const sources = new WeakMap<OnnxModel, LoadedSource>();

export function recordSource(m: OnnxModel, s: LoadedSource): void {
  sources.set(m, s);
}

export function sourceOf(m: OnnxModel): LoadedSource | undefined {
  return sources.get(m);
}
