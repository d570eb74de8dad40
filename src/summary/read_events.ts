/**
 * `tl.summary.readEvents(path)`: the Events of a tfevents file as plain objects, for tests, scripts and
 * notebooks. A file still being written (or cut short) yields its whole records; a damaged one a
 * FileFormatError naming the file and the byte offset.
 */
import { FileFormatError } from '../core/errors.js';
import { decodeMessage, tbTypes } from './proto.js';
import { readRecordFile } from './record_io.js';

/** A decoded Event: `wallTime`, `step`, and one of `fileVersion`, `summary`, `graphDef` (bytes), `sessionLog`, ... */
export interface EventRecord {
  wallTime: number;
  step: number;
  fileVersion?: string;
  summary?: { value: Record<string, any>[] };
  graphDef?: Uint8Array;
  sessionLog?: { status?: string; checkpointPath?: string; msg?: string };
  logMessage?: { level?: string; message?: string };
  [field: string]: unknown;
}

export async function readEvents(path: string): Promise<EventRecord[]> {
  const { records } = await readRecordFile(path);
  return records.map((r, i) => {
    try {
      const e = decodeMessage<EventRecord>(tbTypes().Event, r);
      return { ...e, wallTime: e.wallTime ?? 0, step: e.step ?? 0 };
    } catch (err) {
      throw new FileFormatError(`readEvents: ${path}: record ${i} is not a tensorflow.Event (${(err as Error).message})`);
    }
  });
}

/** Decodes an Event's `graphDef` bytes into a plain GraphDef ({node: [{name, op, input, attr}], versions}). */
export function decodeGraphDef(bytes: Uint8Array): { node: { name: string; op: string; input: string[]; device?: string; attr: Record<string, any> }[] } {
  return decodeMessage(tbTypes().GraphDef, bytes);
}

/** Decodes serialized Summary bytes into {value: [...]}. */
export function decodeSummary(bytes: Uint8Array): { value: Record<string, any>[] } {
  return decodeMessage(tbTypes().Summary, bytes);
}
