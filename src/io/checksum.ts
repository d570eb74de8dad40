/**
 * Per-tensor CRC32C checksums for safetensors files written by tensorlane (issue: a file with flipped bytes in
 * its data or in a tensor name restored silently). TF checkpoints carry a CRC32C per record; safetensors has no
 * place for one, so the writer stores them in the header's string metadata under CHECKSUM_KEY, as a JSON object
 * `{name: "crc as 8 hex digits"}`. Each checksum covers the tensor's name, file dtype and shape, then its data
 * bytes as stored, so a flip in any of them is caught. Files from other tools have no such key and load as
 * before. CRC32C (Castagnoli) is the polynomial TF and TensorBoard use; the `crc-32` package computes it.
 */
import crc32c from 'crc-32/crc32c.js';

export const CHECKSUM_KEY = 'tensorlane.crc32c';

/** The checksum of one tensor as stored: name, file dtype ('F32', ...), shape, then the little-endian bytes. */
export function tensorChecksum(name: string, fileDtype: string, shape: readonly number[], bytes: Uint8Array): string {
  const seed = crc32c.str(JSON.stringify([name, fileDtype, shape]));
  return (crc32c.buf(bytes, seed) >>> 0).toString(16).padStart(8, '0');
}

/**
 * Parses the checksum table of a file's metadata: null when the file has none (a file from another tool); an
 * error message when the table itself is damaged.
 */
export function parseChecksums(metadata: Record<string, string>): Map<string, string> | null | { error: string } {
  if (!Object.prototype.hasOwnProperty.call(metadata, CHECKSUM_KEY)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(metadata[CHECKSUM_KEY]!);
  } catch {
    return { error: `metadata '${CHECKSUM_KEY}' is not valid JSON (damaged header?)` };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { error: `metadata '${CHECKSUM_KEY}' is not an object` };
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string' || !/^[0-9a-f]{8}$/.test(v)) return { error: `metadata '${CHECKSUM_KEY}' entry for '${k}' is not a CRC32C` };
    out.set(k, v);
  }
  return out;
}
