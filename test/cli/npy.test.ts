/**
 * The .npy reader on files made byte by byte in the test (header text written by hand), and the writer read
 * back by the same hand-made parsing of the header.
 */
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../src/index.js';
import { encodeNpy, parseNpy } from '../../src/cli/npy.js';

/** A version-1.0 .npy file: magic, version, uint16 header length, header, data bytes. */
function npy(header: string, data: number[], version = 1): Uint8Array {
  const lenBytes = version === 1 ? 2 : 4;
  const out = new Uint8Array(8 + lenBytes + header.length + data.length);
  out.set([0x93, 78, 85, 77, 80, 89, version, 0]);
  if (version === 1) out.set([header.length & 255, header.length >> 8], 8);
  else out.set([header.length & 255, header.length >> 8, 0, 0], 8);
  for (let i = 0; i < header.length; i++) out[8 + lenBytes + i] = header.charCodeAt(i);
  out.set(data, 8 + lenBytes + header.length);
  return out;
}

describe('npy reader', () => {
  it('<f4 [2, 2]: little-endian float32 values', () => {
    // 1.0 = 00 00 80 3f, -2.0 = 00 00 00 c0, 0.5 = 00 00 00 3f, 0 = 00 00 00 00
    const a = parseNpy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }\n", [0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0, 0, 0, 0, 0x3f, 0, 0, 0, 0]), 'a.npy');
    expect([a.dtype, a.shape, Array.from(a.data as Float32Array)]).toEqual(['float32', [2, 2], [1, -2, 0.5, 0]]);
  });

  it('<i8, <i4, |b1, |u1, <f8 and a scalar shape ()', () => {
    const i8 = parseNpy(npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", [0xfe, 255, 255, 255, 255, 255, 255, 255]), 'i8');
    expect([i8.dtype, i8.shape, Array.from(i8.data as BigInt64Array)]).toEqual(['int64', [1], [-2n]]);
    const i4 = parseNpy(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", [7, 0, 0, 0, 0, 1, 0, 0]), 'i4');
    expect(Array.from(i4.data as Int32Array)).toEqual([7, 256]);
    const b1 = parseNpy(npy("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", [1, 0, 1]), 'b1');
    expect([b1.dtype, Array.from(b1.data as Uint8Array)]).toEqual(['bool', [1, 0, 1]]);
    const u1 = parseNpy(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", [200, 3]), 'u1');
    expect([u1.dtype, Array.from(u1.data as Int32Array)]).toEqual(['int32', [200, 3]]);
    // 1.5 as float64: 00 00 00 00 00 00 f8 3f; format version 2 (uint32 header length).
    const f8 = parseNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", [0, 0, 0, 0, 0, 0, 0xf8, 0x3f], 2), 'f8');
    expect([f8.dtype, f8.shape, Array.from(f8.data as Float64Array)]).toEqual(['float64', [], [1.5]]);
  });

  it('rejects bad files with FileFormatError naming the file and the problem', () => {
    const bad = (bytes: Uint8Array, re: RegExp) => {
      expect(() => parseNpy(bytes, 'x.npy')).toThrow(FileFormatError);
      expect(() => parseNpy(bytes, 'x.npy')).toThrow(re);
    };
    bad(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), /x\.npy: not a \.npy file/);
    bad(npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", [0, 0, 0, 0]), /dtype '>f4' is not supported/);
    bad(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", [0, 0, 0, 0]), /fortran_order True/);
    bad(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", [0, 0, 0, 0]), /needs 8 data bytes, the file has 4/);
    bad(npy("{'descr': '<f4', 'fortran_order': False, }", []), /no 'shape'/);
    const cut = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", [0, 0, 0, 0]).subarray(0, 20);
    bad(cut, /header length \d+ runs past the end/);
  });

  it('writer: a 64-byte-aligned v1 header and little-endian data', () => {
    const bytes = encodeNpy(new Float32Array([1, -2]), [2], 'float32');
    const headerLen = bytes[8]! | (bytes[9]! << 8);
    expect((10 + headerLen) % 64).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLen));
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2,\), \} *\n$/);
    expect(Array.from(bytes.subarray(10 + headerLen))).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]);
  });
});
