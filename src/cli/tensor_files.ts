/**
 * Tensors from and to files for `tensorlane run`: inputs are `name=file.npy` or `name=file.json` (JSON is
 * {"shape": [...], "data": [...], "dtype"?: "float32"} or nested arrays); outputs go to one JSON file or to a
 * directory of .npy files.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDType, type TypedArray } from '../core/dtype.js';
import { ArgumentError, FileFormatError } from '../core/errors.js';
import * as tl from '../index.js';
import { encodeNpy, parseNpy } from './npy.js';

/** Splits 'name=path' (the name may not be empty; the path may contain '='). */
export function parseInputSpec(spec: string): { name: string; path: string } {
  const i = spec.indexOf('=');
  if (i <= 0 || i === spec.length - 1) throw new ArgumentError(`--input '${spec}': expected name=file.npy or name=file.json`);
  return { name: spec.slice(0, i), path: spec.slice(i + 1) };
}

export async function loadTensorFile(path: string): Promise<tl.Tensor> {
  const bytes = await readFile(path);
  if (path.toLowerCase().endsWith('.npy')) {
    const a = parseNpy(bytes, path);
    return tl.tensor(a.data, a.shape, a.dtype);
  }
  if (path.toLowerCase().endsWith('.json')) {
    let v: unknown;
    try {
      v = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      throw new FileFormatError(`${path}: not valid JSON (${(e as Error).message})`);
    }
    if (Array.isArray(v) || typeof v === 'number') return tl.tensor(v as number[]);
    if (v && typeof v === 'object' && 'data' in v) {
      const o = v as { shape?: unknown; data: unknown; dtype?: unknown };
      if (o.dtype !== undefined && !isDType(o.dtype)) throw new FileFormatError(`${path}: unknown dtype ${JSON.stringify(o.dtype)}`);
      if (o.shape !== undefined && !(Array.isArray(o.shape) && o.shape.every((d) => Number.isInteger(d) && d >= 0))) {
        throw new FileFormatError(`${path}: "shape" must be an array of non-negative integers`);
      }
      return tl.tensor(o.data as number[], o.shape as number[] | undefined, o.dtype as tl.DType | undefined);
    }
    throw new FileFormatError(`${path}: expected {"shape": [...], "data": [...]} or nested arrays`);
  }
  throw new ArgumentError(`${path}: unknown input file type; expected .npy or .json`);
}

/** Writes outputs: `target` ending in .json → one JSON object; otherwise a directory of <name>.npy files. */
export async function saveOutputs(outputs: Record<string, tl.Tensor>, target: string): Promise<string[]> {
  if (target.toLowerCase().endsWith('.json')) {
    await writeFile(target, JSON.stringify(outputsAsJson(outputs)) + '\n');
    return [target];
  }
  await mkdir(target, { recursive: true });
  const written: string[] = [];
  for (const [name, t] of Object.entries(outputs)) {
    const file = join(target, `${name.replace(/[^\w.-]/g, '_')}.npy`);
    await writeFile(file, encodeNpy(t.dataSync<TypedArray>(), t.shape, t.dtype));
    written.push(file);
  }
  return written;
}

export function outputsAsJson(outputs: Record<string, tl.Tensor>): Record<string, { dtype: string; shape: number[]; data: (number | boolean | string)[] }> {
  const out: Record<string, { dtype: string; shape: number[]; data: (number | boolean | string)[] }> = {};
  for (const [name, t] of Object.entries(outputs)) {
    const d = t.dataSync<TypedArray>();
    // int64 as strings beyond 2^53 would lose digits as numbers.
    const data = t.dtype === 'int64' ? Array.from(d as BigInt64Array, (x) => (Number.isSafeInteger(Number(x)) ? Number(x) : x.toString()))
      : t.dtype === 'bool' ? Array.from(d as Uint8Array, (x) => x !== 0) : Array.from(d as Float32Array);
    out[name] = { dtype: t.dtype, shape: [...t.shape], data };
  }
  return out;
}
