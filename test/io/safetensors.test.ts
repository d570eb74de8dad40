import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { removeStaleTemps } from '../../src/io/safetensors.js';
import { describeEachBackend } from '../util/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-safetensors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Assembles a file by hand: 8-byte LE length, the header text exactly as given, then the data bytes. */
function handFile(header: string, data: number[] | Uint8Array): Uint8Array {
  const h = Buffer.from(header, 'utf8');
  const out = new Uint8Array(8 + h.length + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, h.length, true);
  dv.setUint32(4, 0, true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

/** Bitwise CRC32C (Castagnoli, reflected 0x82F63B78): the test's own reference, independent of the library. */
function crc32cHex(bytes: Uint8Array): string {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

let fileNo = 0;
function put(bytes: Uint8Array): string {
  const p = join(dir, `case-${fileNo++}.safetensors`);
  writeFileSync(p, bytes);
  return p;
}

/** Every supported dtype, with edge values, in shapes from scalar to rank 6 and size 0. */
function samples(): Record<string, tl.Tensor> {
  return {
    f32_scalar: tl.tensor(-0.15625, [], 'float32'),
    f32_mat: tl.tensor([1.5, -2, NaN, Infinity, -Infinity, 3.4028234663852886e38], [2, 3], 'float32'),
    f64_vec: tl.tensor([Math.PI, -1e-300, 5e-324, 1.7976931348623157e308], [4], 'float64'),
    f64_rank6: tl.tensor(Float64Array.from({ length: 64 }, (_, i) => i / 7 - 3), [2, 2, 2, 2, 2, 2], 'float64'),
    i32: tl.tensor([-2147483648, 2147483647, 0, -1], [2, 2], 'int32'),
    i64: tl.tensor(new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n]), [3], 'int64'),
    bool: tl.tensor([true, false, false, true, true], [5], 'bool'),
    empty_f32: tl.zeros([0], 'float32'),
    empty_i64: tl.tensor(new BigInt64Array(0), [3, 0, 2], 'int64'),
    bool_scalar: tl.tensor(true, [], 'bool'),
  };
}

function expectSame(a: tl.Tensor, b: tl.Tensor): void {
  expect(a.dtype).toBe(b.dtype);
  expect(a.shape).toEqual(b.shape);
  // Bitwise comparison (NaN, -0 and int64 beyond 2^53 included).
  const da = a.dataSync(), db = b.dataSync();
  expect(Buffer.from(da.buffer, da.byteOffset, da.byteLength).equals(Buffer.from(db.buffer, db.byteOffset, db.byteLength))).toBe(true);
}

describeEachBackend('tl.io safetensors round trip', () => {
  it('saveTensors / loadTensors keep every dtype, shape (scalar, size 0, rank 6) and value bit for bit', () => {
    const src = samples();
    const p = join(dir, 'roundtrip.safetensors');
    tl.io.saveTensors(p, src, { note: 'hello' });
    const before = tl.memory().numTensors;
    const back = tl.io.loadTensors(p);
    expect(Object.keys(back).sort()).toEqual(Object.keys(src).sort());
    for (const k of Object.keys(src)) expectSame(back[k]!, src[k]!);
    tl.dispose(back);
    expect(tl.memory().numTensors).toBe(before);
    tl.dispose(src);
    expect(tl.io.readSafetensorsHeader(p).metadata).toEqual({ note: 'hello' });
    // No temp file is left behind by the atomic write.
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('loading repeatedly leaks nothing', () => {
    const p = join(dir, 'leak.safetensors');
    tl.io.saveTensors(p, { a: tl.ones([3, 3]) });
    const before = tl.memory().numTensors;
    for (let i = 0; i < 5; i++) tl.dispose(tl.io.loadTensors(p));
    expect(tl.memory().numTensors).toBe(before);
  });
});

describe('safetensors byte layout', () => {
  it('reads a file assembled by hand (no padding, tensors in any header order)', () => {
    // Data: b (F32 [2]: 1.5, -2), then a (I64 scalar: -3), then c (BOOL [3]: 1,0,1), then d (F64 [1]: 0.1).
    const header = '{"a":{"dtype":"I64","shape":[],"data_offsets":[8,16]},"__metadata__":{"k":"v"},' +
      '"c":{"dtype":"BOOL","shape":[3],"data_offsets":[16,19]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
      '"d":{"dtype":"F64","shape":[1,1],"data_offsets":[19,27]}}';
    const data = [
      0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0, // 1.5f = 0x3FC00000, -2f = 0xC0000000
      0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // -3 as int64
      0x01, 0x00, 0x01,
      0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f, // 0.1 = 0x3FB999999999999A
    ];
    const p = put(handFile(header, data));
    const { tensors, metadata } = tl.io.readSafetensors(p);
    expect(metadata).toEqual({ k: 'v' });
    expect(Array.from(tensors.b!.data as Float32Array)).toEqual([1.5, -2]);
    expect(tensors.a!.shape).toEqual([]);
    expect(tensors.a!.dtype).toBe('int64');
    expect((tensors.a!.data as BigInt64Array)[0]).toBe(-3n);
    expect(Array.from(tensors.c!.data as Uint8Array)).toEqual([1, 0, 1]);
    expect(tensors.d!.shape).toEqual([1, 1]);
    expect((tensors.d!.data as Float64Array)[0]).toBe(0.1);
    const loaded = tl.io.loadTensors(p);
    expect(loaded.c!.arraySync()).toEqual([true, false, true]);
    tl.dispose(loaded);
  });

  it('writes the reference layout: LE length, space-padded 8-aligned header, 8-byte dtypes first', () => {
    const x = tl.tensor([1], [1], 'float32');
    const y = tl.tensor(new BigInt64Array([258n]), [1], 'int64');
    const bytes = tl.io.encodeSafetensors({ x: { dtype: 'float32', shape: [1], data: x.dataSync() }, y: { dtype: 'int64', shape: [1], data: y.dataSync() } });
    tl.dispose([x, y]);
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    expect(bytes.length).toBe(8 + n + 12);
    const text = Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8');
    expect(text.trimEnd().length).toBeGreaterThan(n - 8);
    expect(/^ *$/.test(text.slice(text.trimEnd().length))).toBe(true);
    const dataBytes = bytes.subarray(8 + n);
    expect(JSON.parse(text)).toEqual({
      __metadata__: {
        'tensorlane.crc32c': JSON.stringify({
          y: crc32cHex(concatBytes(Buffer.from(JSON.stringify(['y', 'I64', [1]])), dataBytes.subarray(0, 8))),
          x: crc32cHex(concatBytes(Buffer.from(JSON.stringify(['x', 'F32', [1]])), dataBytes.subarray(8, 12))),
        }),
      },
      y: { dtype: 'I64', shape: [1], data_offsets: [0, 8] },
      x: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
    });
    expect(Array.from(bytes.subarray(8 + n))).toEqual([0x02, 0x01, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x80, 0x3f]);
  });

  it('decodeSafetensors(encodeSafetensors(x)) is the identity on raw arrays', () => {
    const raw = { e: { dtype: 'float64' as const, shape: [0, 4], data: new Float64Array(0) }, s: { dtype: 'int32' as const, shape: [], data: new Int32Array([7]) } };
    const back = tl.io.decodeSafetensors(tl.io.encodeSafetensors(raw));
    expect(back.tensors.e!.shape).toEqual([0, 4]);
    expect(back.tensors.e!.data.length).toBe(0);
    expect(Array.from(back.tensors.s!.data as Int32Array)).toEqual([7]);
  });

  it('writer refuses bad input with an ArgumentError', () => {
    expect(() => tl.io.encodeSafetensors({ a: { dtype: 'float32', shape: [3], data: new Float32Array(2) } })).toThrow(/tensor 'a'.*needs 3 values, got 2/);
    expect(() => tl.io.encodeSafetensors({ __metadata__: { dtype: 'float32', shape: [], data: new Float32Array(1) } })).toThrow(tl.ArgumentError);
    expect(() => tl.io.encodeSafetensors({}, { n: 3 as unknown as string })).toThrow(/metadata 'n' must be a string/);
    const g = new tl.Graph();
    const p = g.asDefault(() => tl.placeholder('float32', [2]));
    expect(() => tl.io.saveTensors(join(dir, 'sym.safetensors'), { p })).toThrow(/'p' is a symbolic/);
  });
});

describe('safetensors reader refuses bad files with a FileFormatError naming the file', () => {
  const good = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}';
  const data12 = new Array(12).fill(0);

  function refuses(bytes: Uint8Array, pattern: RegExp): void {
    const p = put(bytes);
    const before = tl.memory().numTensors;
    let err: unknown;
    try {
      tl.io.loadTensors(p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(tl.FileFormatError);
    expect((err as Error).message).toContain(p);
    expect((err as Error).message).toMatch(pattern);
    expect(tl.memory().numTensors).toBe(before);
    // The in-memory decoder gives the same verdict.
    expect(() => tl.io.decodeSafetensors(bytes, 'mem')).toThrow(tl.FileFormatError);
  }

  it('accepts the well-formed base case', () => {
    const p = put(handFile(good, data12));
    expect(Object.keys(tl.io.readSafetensors(p).tensors).sort()).toEqual(['b', 'w']);
  });

  it('truncated files', () => {
    const full = handFile(good, data12);
    refuses(full.subarray(0, 5), /shorter than the 8-byte header length at byte offset 0/);
    refuses(full.subarray(0, 40), /header length \d+ \(byte offset 0\) runs past the end of the file \(40 bytes\)/);
    refuses(full.subarray(0, full.length - 3), /tensor 'b': data_offsets \[8,12\] run past the end of the file/);
    refuses(handFile(good, data12.slice(0, 8)), /tensor 'b'.*run past the end/);
  });

  it('corrupted headers', () => {
    refuses(handFile(good.replace('}}', '}'), data12), /not valid JSON/);
    refuses(handFile('[1,2,3]', []), /does not start with '\{'/);
    const bin = handFile(good, data12);
    bin[8 + 3] = 0xff;
    refuses(bin, /not valid UTF-8/);
    const huge = handFile(good, data12);
    new DataView(huge.buffer).setUint32(4, 0x10, true); // length ~ 2^36: must not allocate
    refuses(huge, /exceeds the 100000000-byte limit/);
    refuses(handFile(good.replace('"F32","shape":[2]', '"F16","shape":[4]'), data12), /tensor 'w': unsupported dtype "F16"/);
    refuses(handFile(good.replace('[2]', '[-2]'), data12), /tensor 'w': shape \[-2\]/);
    refuses(handFile(good.replace('[0,8]', '[8,0]'), data12), /end before they begin/);
    refuses(handFile(good.replace('"b":{', '"__metadata__":{"x":1},"b":{'), data12), /'__metadata__' entry 'x' is not a string/);
  });

  it('overlapping, gapped, oversized and trailing offsets', () => {
    refuses(handFile(good.replace('[8,12]', '[4,8]'), data12), /tensor 'b' data_offsets \[4,8\] overlap tensor 'w' \[0,8\]/);
    refuses(handFile(good.replace('[8,12]', '[0,4]'), data12), /overlap/);
    const gap = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}';
    refuses(handFile(gap, new Array(16).fill(0)), /gap of 4 bytes before tensor 'b'/);
    refuses(handFile(good, new Array(16).fill(0)), /4 trailing bytes after the last tensor/);
  });

  it('sizes that do not match dtype × shape', () => {
    refuses(handFile(good.replace('"shape":[2]', '"shape":[3]'), data12), /tensor 'w': data_offsets \[0,8\] hold 8 bytes, but F32 × shape \[3\] needs 12/);
    refuses(handFile(good.replace('"F32","shape":[2]', '"F64","shape":[2]'), data12), /tensor 'w'.*F64 × shape \[2\] needs 16/);
    const big = '{"w":{"dtype":"F64","shape":[9007199254740991,1024],"data_offsets":[0,8]}}';
    refuses(handFile(big, new Array(8).fill(0)), /tensor 'w'/);
  });

  it('duplicate names and invalid bool bytes', () => {
    const dup = '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    refuses(handFile(dup, new Array(8).fill(0)), /duplicate tensor name 'w' in the header at byte offset 62/);
    // Escaped keys decode to the same name: still a duplicate.
    const dupEsc = '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"\\u0077":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    refuses(handFile(dupEsc, new Array(8).fill(0)), /duplicate tensor name 'w'/);
    // Same key nested deeper is fine; only top-level names count.
    const nested = '{"__metadata__":{"w":"x"},"w":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}}';
    expect(tl.io.decodeSafetensors(handFile(nested, [1, 0])).tensors.w!.shape).toEqual([2]);
    refuses(handFile(nested, [1, 2]), /tensor 'w': BOOL byte 2 at byte offset \d+ is neither 0 nor 1/);
  });
});

describe('atomic writes', () => {
  it('replaces a file in one step and removes temps of dead writers only', () => {
    const p = join(dir, 'atomic.bin');
    tl.io.writeFileAtomic(p, new Uint8Array([1, 2, 3]));
    tl.io.writeFileAtomic(p, [new Uint8Array([4]), new Uint8Array([5, 6])]);
    expect(Array.from(readFileSync(p))).toEqual([4, 5, 6]);
    // pid 2^22 + 12345 is above the largest pid Linux allows (2^22), so no process has it; ours is alive.
    const dead = join(dir, `.atomic.bin.tmp-${2 ** 22 + 12345}-0`);
    const mine = join(dir, `.atomic.bin.tmp-${process.pid}-99`);
    writeFileSync(dead, 'x');
    writeFileSync(mine, 'x');
    removeStaleTemps(dir);
    const names = readdirSync(dir);
    expect(names).not.toContain(`.atomic.bin.tmp-${2 ** 22 + 12345}-0`);
    expect(names).toContain(`.atomic.bin.tmp-${process.pid}-99`);
    rmSync(mine);
  });
});

describe('checksums and names that plain objects mishandle', () => {
  it('the CRC32C reference of the test is the standard one ("123456789" -> e3069283)', () => {
    expect(crc32cHex(Buffer.from('123456789'))).toBe('e3069283');
  });

  it("a tensor named '__proto__' round-trips through saveTensors / loadTensors and a foreign file", () => {
    const p = join(dir, 'proto.safetensors');
    const t = tl.tensor([5, 6, 7], [3], 'float32');
    const other = tl.tensor([1], [1], 'float32');
    const m = new Map<string, tl.Tensor>([['__proto__', t], ['constructor', other]]);
    tl.io.saveTensors(p, m);
    const back = tl.io.loadTensors(p);
    expect(Object.keys(back).sort()).toEqual(['__proto__', 'constructor']);
    expect(Array.from(back['__proto__']!.dataSync())).toEqual([5, 6, 7]);
    tl.dispose([t, other, ...Object.values(back)]);
    // A file written by another tool (no checksums) with such a name is read, not dropped.
    const foreign = put(handFile('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', new Uint8Array(new Float32Array([2.5]).buffer)));
    const { tensors } = tl.io.readSafetensors(foreign);
    expect(Object.keys(tensors)).toEqual(['__proto__']);
    expect(tensors['__proto__']!.data[0]).toBe(2.5);
  });

  it('names UTF-8 cannot carry and the reserved checksum key are refused at save time', () => {
    const raw = (name: string) => ({ [name]: { dtype: 'float32' as const, shape: [1], data: new Float32Array(1) } });
    expect(() => tl.io.encodeSafetensors(raw('bad\uD800name'))).toThrow(/lone UTF-16 surrogate/);
    expect(() => tl.io.encodeSafetensors(raw('ok'), { 'tensorlane.crc32c': '{}' })).toThrow(/reserved/);
    expect(() => tl.io.encodeSafetensors(raw('ok \u{1F600}'))).not.toThrow();
  });

  it('a flipped byte in any tensor\'s data, or in a name, is a FileFormatError naming the file and the tensor', () => {
    const raw = {
      weights: { dtype: 'float32' as const, shape: [4], data: new Float32Array([1, 2, 3, 4]) },
      bias: { dtype: 'int32' as const, shape: [2], data: new Int32Array([7, 8]) },
    };
    const good = tl.io.encodeSafetensors(raw);
    const n = Number(new DataView(good.buffer).getBigUint64(0, true));
    const p0 = put(good);
    expect(Object.keys(tl.io.readSafetensors(p0).tensors).sort()).toEqual(['bias', 'weights']);
    // Every data byte, one at a time: each flip is caught and the message names the tensor holding that byte.
    const header = JSON.parse(Buffer.from(good.subarray(8, 8 + n)).toString('utf8')) as Record<string, { data_offsets: [number, number] }>;
    for (let i = 8 + n; i < good.length; i++) {
      const bad = good.slice();
      bad[i]! ^= 0x10;
      const off = i - 8 - n;
      const owner = Object.keys(raw).find((k) => header[k]!.data_offsets[0] <= off && off < header[k]!.data_offsets[1])!;
      const p = put(bad);
      expect(() => tl.io.readSafetensors(p), `byte ${i}`).toThrow(tl.FileFormatError);
      expect(() => tl.io.readSafetensors(p)).toThrow(new RegExp(`${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*tensor '${owner}'.*CRC32C`));
    }
    // A name changed to another valid name of the same length: the header no longer pairs with its checksums.
    const text = Buffer.from(good.subarray(8, 8 + n)).toString('utf8').replace('"bias":', '"bIas":');
    const renamed = good.slice();
    renamed.set(Buffer.from(text, 'utf8'), 8);
    const pr = put(renamed);
    expect(() => tl.io.readSafetensorsHeader(pr)).toThrow(/tensor 'bIas' has no checksum/);
  });

  it('a Saver restore of a corrupted checkpoint throws FileFormatError and leaves the variables unchanged', () => {
    const v = tl.variable(tl.tensor([1, 2, 3], [3], 'float32'), true, 'ckv');
    const saver = new tl.train.Saver([v]);
    const file = saver.save(null, join(dir, 'corrupt', 'model'));
    const bytes = readFileSync(file);
    bytes[bytes.length - 2]! ^= 0x01;
    writeFileSync(file, bytes);
    v.assign(tl.tensor([9, 9, 9], [3], 'float32'));
    expect(() => saver.restore(null, file)).toThrow(/tensor 'ckv'.*CRC32C/);
    expect(Array.from(v.dataSync())).toEqual([9, 9, 9]);
    v.dispose();
  });
});
