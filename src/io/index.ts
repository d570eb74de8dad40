// tl.io: reading and writing tensors and models (safetensors, ...).
import { ENGINE } from '../core/engine.js';
import { ArgumentError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { readSafetensors, writeSafetensors, type RawTensor } from './safetensors.js';

export {
  encodeSafetensors, decodeSafetensors, readSafetensors, readSafetensorsHeader, writeSafetensors, writeFileAtomic,
  MAX_HEADER_BYTES,
} from './safetensors.js';
export type { RawTensor, HeaderEntry, SafetensorsHeader } from './safetensors.js';
export { encodePng, writePng, imageGrid } from './png.js';
export type { PngOptions, ImageGridOptions } from './png.js';

/**
 * Writes concrete tensors to a safetensors file, atomically (temp file, fsync, rename). Keys are the names.
 * `metadata` values must be strings (the format's rule).
 */
export function saveTensors(path: string, tensors: Record<string, Tensor> | Map<string, Tensor>, metadata?: Record<string, string>): void {
  const list = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  const raw = new Map<string, RawTensor>();
  for (const [name, t] of list) {
    if (!(t instanceof Tensor)) throw new ArgumentError(`saveTensors: '${name}' is not a Tensor`);
    if (t.isSymbolic) throw new ArgumentError(`saveTensors: '${name}' is a symbolic (graph) tensor; evaluate it with sess.run first`);
    raw.set(name, { dtype: t.dtype, shape: [...t.shape], data: t.dataSync() });
  }
  writeSafetensors(path, raw, metadata);
}

/** Reads every tensor of a safetensors file into new tensors (the caller owns them). Bad files: FileFormatError. */
export function loadTensors(path: string): Record<string, Tensor> {
  const { tensors } = readSafetensors(path);
  // Null prototype: a tensor named '__proto__' is an entry like any other.
  const out: Record<string, Tensor> = Object.create(null);
  for (const [name, r] of Object.entries(tensors)) out[name] = ENGINE.makeTensor(r.data, r.shape, r.dtype);
  return out;
}
