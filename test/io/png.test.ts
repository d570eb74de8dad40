/**
 * tl.io.encodePng / writePng / imageGrid: the PNG is decoded with pngjs and its pixels compared with values
 * computed by hand from the tensor.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-png-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** RGBA bytes of decoded PNG bytes. */
function decode(bytes: Uint8Array): { width: number; height: number; data: number[] } {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, data: Array.from(png.data) };
}

describe('encodePng', () => {
  it('grayscale float [H, W]: [0, 1] scaled to 0-255, clipped, rounded', () => {
    const t = tl.tensor([[0, 0.5, 1], [-1, 2, 0.2]]);
    const { width, height, data } = decode(tl.io.encodePng(t));
    expect([width, height]).toEqual([3, 2]);
    const gray = [0, 128, 255, 0, 255, 51];
    expect(data).toEqual(gray.flatMap((g) => [g, g, g, 255]));
    t.dispose();
  });

  it('RGB and RGBA int32 [H, W, C] are taken as 0-255; values outside are an ArgumentError', () => {
    const rgb = tl.tensor([[[255, 0, 0], [0, 255, 0]]], undefined, 'int32');
    expect(decode(tl.io.encodePng(rgb)).data).toEqual([255, 0, 0, 255, 0, 255, 0, 255]);
    const rgba = tl.tensor([[[1, 2, 3, 4]]], undefined, 'int32');
    expect(decode(tl.io.encodePng(rgba)).data).toEqual([1, 2, 3, 4]);
    const one = tl.tensor([[[7], [9]]], undefined, 'int32');
    expect(decode(tl.io.encodePng(one)).data).toEqual([7, 7, 7, 255, 9, 9, 9, 255]);
    const bad = tl.tensor([[300]], undefined, 'int32');
    expect(() => tl.io.encodePng(bad)).toThrow(/300 at index 0 is outside 0-255/);
    tl.dispose([rgb, rgba, one, bad]);
  });

  it("scale: 'auto' min-max normalises", () => {
    const t = tl.tensor([[-2, 0, 2]]);
    expect(decode(tl.io.encodePng(t, { scale: 'auto' })).data).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
    const flat = tl.tensor([[3, 3]]);
    expect(decode(tl.io.encodePng(flat, { scale: 'auto' })).data).toEqual([0, 0, 0, 255, 0, 0, 0, 255]);
    tl.dispose([t, flat]);
  });

  it('bad shapes, dtypes and options are typed errors', () => {
    const t3 = tl.zeros([2, 2, 2]);
    expect(() => tl.io.encodePng(t3)).toThrow(tl.ShapeError);
    const v = tl.zeros([4]);
    expect(() => tl.io.encodePng(v)).toThrow(/encodePng: 'image' must be \[H, W\]/);
    expect(() => tl.io.encodePng(tl.zeros([1, 1]), { scale: 'max' } as never)).toThrow(tl.ArgumentError);
    expect(() => tl.io.encodePng(tl.zeros([1, 1]), { foo: 1 } as never)).toThrow(/unknown option 'foo'/);
    expect(() => tl.io.encodePng([1] as never)).toThrow(tl.ArgumentError);
    tl.dispose([t3, v]);
  });

  it('writePng writes the same bytes to a file', () => {
    const t = tl.tensor([[0.25, 0.75]]);
    const p = join(dir, 'a.png');
    tl.io.writePng(p, t);
    expect(decode(new Uint8Array(readFileSync(p))).data).toEqual([64, 64, 64, 255, 191, 191, 191, 255]);
    t.dispose();
  });
});

describe('imageGrid', () => {
  it('tiles [N, H, W] row by row with padding; empty cells take padValue', () => {
    // Three 1x2 images: values 1..6.
    const b = tl.tensor([[[1, 2]], [[3, 4]], [[5, 6]]]);
    const g = tl.io.imageGrid(b, { cols: 2, padding: 1, padValue: -1 });
    // rows = 2; height 2*(1+1)+1 = 5, width 2*(2+1)+1 = 7.
    expect(g.shape).toEqual([5, 7]);
    expect(g.arraySync()).toEqual([
      [-1, -1, -1, -1, -1, -1, -1],
      [-1, 1, 2, -1, 3, 4, -1],
      [-1, -1, -1, -1, -1, -1, -1],
      [-1, 5, 6, -1, -1, -1, -1],
      [-1, -1, -1, -1, -1, -1, -1],
    ]);
    const rgb = tl.ones([4, 1, 1, 3]);
    const g2 = tl.io.imageGrid(rgb, { padding: 0 });
    expect(g2.shape).toEqual([2, 2, 3]);
    expect(() => tl.io.imageGrid(b, { rows: 1, cols: 2 })).toThrow(/cannot hold 3/);
    expect(() => tl.io.imageGrid(tl.zeros([2, 2]))).toThrow(tl.ShapeError);
    // A grid of digits as a PNG: the padding is black, the tiles' pixels as given.
    const png = decode(tl.io.encodePng(tl.io.imageGrid(tl.fill([2, 2, 2], 1), { cols: 2 })));
    expect([png.width, png.height]).toEqual([7, 4]);
    expect(png.data.slice(0, 8)).toEqual([0, 0, 0, 255, 0, 0, 0, 255]);
    expect(png.data.slice((1 * 7 + 1) * 4, (1 * 7 + 1) * 4 + 4)).toEqual([255, 255, 255, 255]);
    tl.dispose([b, g, rgb, g2]);
  });
});
