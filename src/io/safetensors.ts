/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * (`{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}`, padded with spaces to
 * a multiple of 8 as the reference writer does), then the raw little-endian tensor data; offsets are relative to
 * the start of the data section. Chosen for checkpoints because it holds no code and Python reads it.
 *
 * The reader checks the whole header against the file size before it allocates any tensor, so a truncated or
 * corrupted file is a FileFormatError naming the file and the byte offset or tensor, never garbage weights.
 * Writes are atomic (temp file in the same folder, fsync, rename, fsync of the folder). Files written here carry a
 * CRC32C per tensor in the metadata (checksum.ts), verified on every read; files from other tools have none.
 * Headers are parsed into null-prototype objects, so a tensor named `__proto__` round-trips like any other.
 */
import {
  closeSync, fstatSync, fsyncSync, openSync, readdirSync, readSync, renameSync, unlinkSync, writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { allocArray, isDType, type DType, type TypedArray } from '../core/dtype.js';
import { ArgumentError, FileFormatError, fmtShape } from '../core/errors.js';
import { CHECKSUM_KEY, parseChecksums, tensorChecksum } from './checksum.js';

/** One tensor as stored: dtype, shape and its values (a typed array of the dtype's storage type). */
export interface RawTensor {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

/** A validated header entry; `begin`/`end` are relative to the data section. */
export interface HeaderEntry {
  name: string;
  dtype: DType;
  shape: number[];
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** Entries in data order. */
  entries: HeaderEntry[];
  metadata: Record<string, string>;
  /** Absolute byte offset of the data section (8 + header length). */
  dataStart: number;
  /** Each tensor's CRC32C (checksum.ts), when the writer recorded them; readers verify the data against them. */
  checksums: Map<string, string> | null;
}

const TO_FILE: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32', int64: 'I64', bool: 'BOOL' };
const FROM_FILE: Record<string, DType> = { F32: 'float32', F64: 'float64', I32: 'int32', I64: 'int64', BOOL: 'bool' };
const ITEM_SIZE: Record<DType, number> = { float32: 4, float64: 8, int32: 4, int64: 8, bool: 1 };
/** The reference implementation refuses headers above 100 MB; so do we (a corrupted length must not allocate). */
export const MAX_HEADER_BYTES = 100_000_000;
const META_KEY = '__metadata__';
const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A name that UTF-8 cannot carry unchanged (a lone surrogate becomes U+FFFD when encoded). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function fail(source: string, what: string): never {
  throw new FileFormatError(`safetensors '${source}': ${what}`);
}

// ---- writing ----------------------------------------------------------------------------------------

function checkShape(where: string, name: string, shape: readonly number[]): number {
  if (!Array.isArray(shape)) throw new ArgumentError(`${where}: tensor '${name}' has no shape array`);
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new ArgumentError(`${where}: tensor '${name}' has invalid shape ${fmtShape(shape)}`);
    n *= d;
  }
  return n;
}

/** The little-endian bytes of a typed array (a view on little-endian hosts, a swapped copy otherwise). */
function leBytes(data: TypedArray): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (HOST_LE || data.BYTES_PER_ELEMENT === 1) return bytes;
  const out = bytes.slice();
  swapBytes(out, data.BYTES_PER_ELEMENT);
  return out;
}

function swapBytes(b: Uint8Array, size: number): void {
  for (let i = 0; i < b.length; i += size) {
    for (let a = i, z = i + size - 1; a < z; a++, z--) {
      const t = b[a]!;
      b[a] = b[z]!;
      b[z] = t;
    }
  }
}

/**
 * The file as a list of chunks (length, header, then each tensor's bytes), so large checkpoints are written
 * straight from the tensors' arrays without one big concatenated copy.
 */
export function safetensorsChunks(
  tensors: Record<string, RawTensor> | Map<string, RawTensor>,
  metadata: Record<string, string> = {},
  where = 'safetensors',
): Uint8Array[] {
  const list = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== 'string') throw new ArgumentError(`${where}: metadata '${k}' must be a string (the format allows only strings), got ${typeof v}`);
    if (k === CHECKSUM_KEY) throw new ArgumentError(`${where}: metadata key '${CHECKSUM_KEY}' is reserved for the tensors' checksums`);
  }
  const prepared = list.map(([name, t]) => {
    if (typeof name !== 'string') throw new ArgumentError(`${where}: tensor names must be strings, got ${typeof name}`);
    if (name === META_KEY) throw new ArgumentError(`${where}: '${META_KEY}' is reserved and cannot name a tensor`);
    if (LONE_SURROGATE.test(name)) throw new ArgumentError(`${where}: tensor name ${JSON.stringify(name)} holds a lone UTF-16 surrogate, which the file's UTF-8 header cannot store`);
    if (!t || !isDType(t.dtype)) throw new ArgumentError(`${where}: tensor '${name}' has unsupported dtype '${String(t?.dtype)}'`);
    const n = checkShape(where, name, t.shape);
    if (!t.data || t.data.length !== n || t.data.BYTES_PER_ELEMENT !== ITEM_SIZE[t.dtype]) {
      throw new ArgumentError(`${where}: tensor '${name}' (${t.dtype}${fmtShape(t.shape)}) needs ${n} values, got ${t.data?.length ?? 'none'}`);
    }
    let data = t.data;
    // bool must be stored as exactly 0/1 bytes: readers (ours included) refuse anything else.
    if (t.dtype === 'bool' && (data as Uint8Array).some((x) => x > 1)) data = Uint8Array.from(data as Uint8Array, (x) => (x ? 1 : 0));
    const bytes = leBytes(data);
    return { name, dtype: t.dtype, shape: [...t.shape], bytes, crc: tensorChecksum(name, TO_FILE[t.dtype], t.shape, bytes) };
  });
  // Largest items first, then by name (as the reference writer does): each tensor then starts at a multiple of
  // its item size, since the data section starts 8-aligned.
  prepared.sort((a, b) => ITEM_SIZE[b.dtype] - ITEM_SIZE[a.dtype] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Null-prototype objects: assigning '__proto__' to a plain object would set its prototype and drop the entry.
  const header: Record<string, unknown> = Object.create(null);
  const sums: Record<string, string> = Object.create(null);
  for (const t of prepared) sums[t.name] = t.crc;
  header[META_KEY] = Object.assign(Object.create(null), metadata, { [CHECKSUM_KEY]: JSON.stringify(sums) });
  let offset = 0;
  for (const t of prepared) {
    const end = offset + t.bytes.byteLength;
    header[t.name] = { dtype: TO_FILE[t.dtype], shape: t.shape, data_offsets: [offset, end] };
    offset = end;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = new Uint8Array(Math.ceil(json.length / 8) * 8).fill(0x20);
  padded.set(json);
  const len = new Uint8Array(8);
  new DataView(len.buffer).setBigUint64(0, BigInt(padded.length), true);
  return [len, padded, ...prepared.map((t) => t.bytes)];
}

/** The whole file in memory. */
export function encodeSafetensors(tensors: Record<string, RawTensor> | Map<string, RawTensor>, metadata?: Record<string, string>): Uint8Array {
  return concatBytes(safetensorsChunks(tensors, metadata, 'encodeSafetensors'));
}

/** The chunks joined into one array. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Writes a safetensors file atomically. */
export function writeSafetensors(path: string, tensors: Record<string, RawTensor> | Map<string, RawTensor>, metadata?: Record<string, string>): void {
  writeFileAtomic(path, safetensorsChunks(tensors, metadata, `writeSafetensors('${path}')`));
}

let tempCounter = 0;
const TEMP_RE = /^\..+\.tmp-(\d+)-\d+$/;

/**
 * Replaces `path` atomically: the bytes go to a temp file in the same folder (same file system, so rename is
 * atomic), which is fsynced before the rename; the folder is fsynced after it so the rename itself is durable.
 * A crash at any point leaves either the old file or the complete new one.
 */
export function writeFileAtomic(path: string, chunks: Uint8Array[] | Uint8Array): void {
  const target = resolve(path);
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.tmp-${process.pid}-${tempCounter++}`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    for (const c of chunks instanceof Uint8Array ? [chunks] : chunks) writeAll(fd, c);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    tryUnlink(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, target);
  } catch (e) {
    tryUnlink(tmp);
    throw e;
  }
  fsyncDir(dir);
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let o = 0;
  while (o < bytes.length) o += writeSync(fd, bytes, o, Math.min(bytes.length - o, 1 << 30));
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (e) {
    // Windows cannot open or fsync a directory; there the rename is as durable as the OS makes it.
    const code = (e as NodeJS.ErrnoException).code;
    if (process.platform !== 'win32' && code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function tryUnlink(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    /* already gone */
  }
}

/**
 * Removes temp files left in `dir` by writers that were killed mid-write (their process no longer exists).
 * Temps of live processes, this one included, are left alone.
 */
export function removeStaleTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const m = TEMP_RE.exec(n);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    tryUnlink(join(dir, n));
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// ---- reading ----------------------------------------------------------------------------------------

/**
 * Validates the header bytes against the file size: JSON, no duplicate names, known dtypes, valid shapes,
 * offsets inside the data section, sizes equal dtype × shape, tensors contiguous and non-overlapping from 0 to
 * the end of the file. Nothing is allocated for tensors before all of this holds.
 */
export function parseHeader(headerBytes: Uint8Array, fileSize: number, source: string): SafetensorsHeader {
  const dataStart = 8 + headerBytes.length;
  const dataLength = fileSize - dataStart;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    fail(source, `header (bytes 8-${dataStart - 1}) is not valid UTF-8`);
  }
  if (text[0] !== '{') fail(source, `header at byte offset 8 does not start with '{'`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    fail(source, `header (bytes 8-${dataStart - 1}) is not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) fail(source, 'header is not a JSON object');
  // JSON.parse keeps the last of duplicate keys silently; a duplicate name would hide a tensor, so look for one.
  const seen = new Set<string>();
  for (const { key, pos } of topLevelKeys(text)) {
    if (seen.has(key)) fail(source, `duplicate tensor name '${key}' in the header at byte offset ${8 + utf8Length(text.slice(0, pos))}`);
    seen.add(key);
  }
  let metadata: Record<string, string> = Object.create(null);
  const entries: HeaderEntry[] = [];
  for (const [name, raw] of Object.entries(parsed as Record<string, unknown>)) {
    if (name === META_KEY) {
      metadata = parseMetadata(raw, source);
      continue;
    }
    entries.push(parseEntry(name, raw, dataLength, dataStart, source));
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  let prev: HeaderEntry | undefined;
  for (const e of sorted) {
    if (e.begin < pos) {
      fail(source, `tensor '${e.name}' data_offsets [${e.begin},${e.end}] overlap tensor '${prev!.name}' [${prev!.begin},${prev!.end}] (byte offset ${dataStart + e.begin})`);
    }
    if (e.begin > pos) fail(source, `gap of ${e.begin - pos} bytes before tensor '${e.name}' at byte offset ${dataStart + pos} (tensors must be contiguous)`);
    pos = e.end;
    prev = e;
  }
  if (pos !== dataLength) {
    fail(source, `${dataLength - pos} trailing bytes after the last tensor, from byte offset ${dataStart + pos} to the end of the file (${fileSize} bytes)`);
  }
  const checksums = parseChecksums(metadata);
  if (checksums && !(checksums instanceof Map)) fail(source, checksums.error);
  // The checksums are the file's own bookkeeping: callers get back the metadata they wrote.
  delete metadata[CHECKSUM_KEY];
  if (checksums) {
    // Every tensor has its checksum and every checksum its tensor: a damaged name breaks the pairing.
    for (const e of sorted) if (!checksums.has(e.name)) fail(source, `tensor '${e.name}' has no checksum in the header (damaged name or header?)`);
    const names = new Set(sorted.map((e) => e.name));
    for (const k of checksums.keys()) if (!names.has(k)) fail(source, `the header has a checksum for a tensor '${k}' that the file does not hold (damaged name?)`);
  }
  return { entries: sorted, metadata, dataStart, checksums };
}

function parseMetadata(raw: unknown, source: string): Record<string, string> {
  if (raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) fail(source, `'${META_KEY}' must be an object of strings`);
  for (const [k, v] of Object.entries(raw as object)) {
    if (typeof v !== 'string') fail(source, `'${META_KEY}' entry '${k}' is not a string`);
  }
  return Object.assign(Object.create(null) as Record<string, string>, raw as Record<string, string>);
}

function parseEntry(name: string, raw: unknown, dataLength: number, dataStart: number, source: string): HeaderEntry {
  const where = `tensor '${name}'`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(source, `${where}: header entry is not an object`);
  const r = raw as Record<string, unknown>;
  const dtype = typeof r.dtype === 'string' ? FROM_FILE[r.dtype] : undefined;
  if (!dtype) fail(source, `${where}: unsupported dtype ${JSON.stringify(r.dtype)} (supported: F32, F64, I32, I64, BOOL)`);
  const shape = r.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    fail(source, `${where}: shape ${JSON.stringify(shape)} is not a list of non-negative integers`);
  }
  const off = r.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || !off.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    fail(source, `${where}: data_offsets ${JSON.stringify(off)} are not two non-negative integers`);
  }
  const [begin, end] = off as [number, number];
  if (end < begin) fail(source, `${where}: data_offsets [${begin},${end}] end before they begin`);
  if (end > dataLength) {
    fail(source, `${where}: data_offsets [${begin},${end}] run past the end of the file (byte offset ${dataStart + end} > file size ${dataStart + dataLength})`);
  }
  // Every factor is at most the data length (or the size is 0), so the product stays a safe integer.
  let bytes = ITEM_SIZE[dtype];
  for (const d of shape as number[]) bytes = d === 0 || bytes === 0 ? 0 : bytes * d > Number.MAX_SAFE_INTEGER ? Infinity : bytes * d;
  if (bytes !== end - begin) {
    fail(source, `${where}: data_offsets [${begin},${end}] hold ${end - begin} bytes, but ${TO_FILE[dtype]} × shape ${fmtShape(shape as number[])} needs ${bytes}`);
  }
  return { name, dtype, shape: [...(shape as number[])], begin, end };
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** The keys of the outermost object of a valid JSON text, with their character positions. */
function topLevelKeys(text: string): { key: string; pos: number }[] {
  const keys: { key: string; pos: number }[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) {
        keys.push({ key: JSON.parse(text.slice(i, j + 1)) as string, pos: i });
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === '}' || c === ']') {
      depth--;
    } else if (c === ',' && depth === 1) {
      expectKey = true;
    }
  }
  return keys;
}

function readHeaderFrom(readAt: (buf: Uint8Array, pos: number) => number, fileSize: number, source: string): SafetensorsHeader {
  if (fileSize < 8) fail(source, `file is ${fileSize} bytes, shorter than the 8-byte header length at byte offset 0`);
  const lenBytes = new Uint8Array(8);
  if (readAt(lenBytes, 0) !== 8) fail(source, 'could not read the header length at byte offset 0');
  const n = new DataView(lenBytes.buffer).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) fail(source, `header length ${n} (byte offset 0) exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  if (8n + n > BigInt(fileSize)) fail(source, `header length ${n} (byte offset 0) runs past the end of the file (${fileSize} bytes): truncated file?`);
  const header = new Uint8Array(Number(n));
  if (readAt(header, 8) !== header.length) fail(source, `could not read the ${n}-byte header at byte offset 8`);
  return parseHeader(header, fileSize, source);
}

/**
 * Allocates the tensor's array, lets `fill` write its little-endian bytes, verifies them against the header's
 * checksum when there is one, then fixes byte order and checks bools.
 */
function decodeValues(e: HeaderEntry, fill: (view: Uint8Array) => void, h: SafetensorsHeader, source: string): TypedArray {
  const dataStart = h.dataStart;
  const n = e.shape.reduce((a, d) => a * d, 1);
  const arr = allocArray(e.dtype, n);
  const view = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
  fill(view);
  const want = h.checksums?.get(e.name);
  if (want !== undefined && tensorChecksum(e.name, TO_FILE[e.dtype], e.shape, view) !== want) {
    fail(source, `tensor '${e.name}' (bytes ${dataStart + e.begin}-${dataStart + e.end - 1}) does not match its CRC32C checksum: the file is corrupted`);
  }
  if (!HOST_LE && arr.BYTES_PER_ELEMENT > 1) swapBytes(view, arr.BYTES_PER_ELEMENT);
  if (e.dtype === 'bool') {
    const bad = view.findIndex((x) => x > 1);
    if (bad >= 0) fail(source, `tensor '${e.name}': BOOL byte ${view[bad]} at byte offset ${dataStart + e.begin + bad} is neither 0 nor 1`);
  }
  return arr;
}

/** Parses a safetensors file held in memory. `source` names it in errors. */
export function decodeSafetensors(bytes: Uint8Array, source = '<buffer>'): { tensors: Record<string, RawTensor>; metadata: Record<string, string> } {
  const readAt = (buf: Uint8Array, pos: number) => {
    const part = bytes.subarray(pos, pos + buf.length);
    buf.set(part);
    return part.length;
  };
  const h = readHeaderFrom(readAt, bytes.length, source);
  const tensors: Record<string, RawTensor> = Object.create(null);
  for (const e of h.entries) {
    const data = decodeValues(e, (view) => view.set(bytes.subarray(h.dataStart + e.begin, h.dataStart + e.end)), h, source);
    tensors[e.name] = { dtype: e.dtype, shape: e.shape, data };
  }
  return { tensors, metadata: h.metadata };
}

function withFile<T>(path: string, fn: (readAt: (buf: Uint8Array, pos: number) => number, size: number) => T): T {
  // A missing file is Node's ENOENT error (it names the path); only format problems are FileFormatErrors.
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const readAt = (buf: Uint8Array, pos: number) => {
      let got = 0;
      while (got < buf.length) {
        const k = readSync(fd, buf, got, Math.min(buf.length - got, 1 << 30), pos + got);
        if (k === 0) break;
        got += k;
      }
      return got;
    };
    return fn(readAt, size);
  } finally {
    closeSync(fd);
  }
}

/** The validated header of a file (names, dtypes, shapes, metadata) without reading tensor data. */
export function readSafetensorsHeader(path: string): SafetensorsHeader {
  return withFile(path, (readAt, size) => readHeaderFrom(readAt, size, path));
}

/**
 * Reads a safetensors file (only the tensors in `names`, when given; unknown names are ignored). The header is
 * validated against the file size first; each tensor is then read straight into its own array.
 */
export function readSafetensors(path: string, names?: Iterable<string>): { tensors: Record<string, RawTensor>; metadata: Record<string, string> } {
  const want = names ? new Set(names) : undefined;
  return withFile(path, (readAt, size) => {
    const h = readHeaderFrom(readAt, size, path);
    const tensors: Record<string, RawTensor> = Object.create(null);
    for (const e of h.entries) {
      if (want && !want.has(e.name)) continue;
      const data = decodeValues(e, (view) => {
        // The file may shrink after the header was checked (another writer): a short read is an error, not zeros.
        if (readAt(view, h.dataStart + e.begin) !== view.length) {
          fail(path, `tensor '${e.name}': file ended while reading bytes ${h.dataStart + e.begin}-${h.dataStart + e.end - 1}`);
        }
      }, h, path);
      tensors[e.name] = { dtype: e.dtype, shape: e.shape, data };
    }
    return { tensors, metadata: h.metadata };
  });
}
