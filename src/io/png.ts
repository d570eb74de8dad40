/**
 * PNG output with the maintained `pngjs` package: tl.io.encodePng / writePng for images [H, W] (grayscale) or
 * [H, W, 1 | 3 | 4], and imageGrid to tile a batch into one image (e.g. generated digits).
 *
 * Values: float tensors are read as [0, 1] and scaled to 0-255, clipped; int32 tensors are taken as 0-255 and
 * values outside are an ArgumentError; bool is 0 / 255. `{ scale: 'auto' }` min-max normalises any tensor to
 * 0-255 first (a constant image becomes black), handy for filters and activations.
 */
import type pngjsTypes from 'pngjs';
import { lazyPackage } from '../core/lazy_package.js';
import { ENGINE } from '../core/engine.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { writeFileAtomic } from './safetensors.js';

export interface PngOptions {
  /** 'auto': min-max normalise to 0-255; 'unit' (default): floats in [0, 1], ints in 0-255. */
  scale?: 'auto' | 'unit';
}

function checkImage(where: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new ArgumentError(`${where}: 'image' must be a Tensor`);
  t.throwIfDisposed(where);
  if (t.isSymbolic) throw new ArgumentError(`${where}: 'image' is a symbolic (graph) tensor; evaluate it with sess.run first`);
  if (t.dtype === 'int64') throw new DTypeError(`${where}: int64 images are not supported; cast to int32`);
  return t;
}

/** 8-bit values of a tensor, by the rules in the file comment. */
function toBytes(where: string, t: Tensor, scale: 'auto' | 'unit'): Uint8Array {
  const v = t.dataSync() as ArrayLike<number>;
  const out = new Uint8Array(v.length);
  if (scale === 'auto') {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (Number.isNaN(x)) continue;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const range = hi - lo;
    for (let i = 0; i < v.length; i++) out[i] = range > 0 && Number.isFinite(range) && !Number.isNaN(v[i]!) ? Math.round(((v[i]! - lo) / range) * 255) : 0;
    return out;
  }
  if (t.dtype === 'float32' || t.dtype === 'float64') {
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      out[i] = Number.isNaN(x) ? 0 : Math.round(Math.min(1, Math.max(0, x)) * 255);
    }
    return out;
  }
  if (t.dtype === 'bool') {
    for (let i = 0; i < v.length; i++) out[i] = v[i] ? 255 : 0;
    return out;
  }
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x < 0 || x > 255) throw new ArgumentError(`${where}: int32 value ${x} at index ${i} is outside 0-255 (use { scale: 'auto' } to normalise)`);
    out[i] = x;
  }
  return out;
}

/** PNG bytes of an image tensor [H, W] or [H, W, C] with C = 1 (gray), 3 (RGB) or 4 (RGBA). */
export function encodePng(image: Tensor, opts: PngOptions = {}): Uint8Array {
  const where = 'encodePng';
  checkOptions(where, opts, ['scale']);
  const scale = opts.scale ?? 'unit';
  if (scale !== 'auto' && scale !== 'unit') throw new ArgumentError(`${where}: 'scale' must be 'auto' or 'unit', got ${String(scale)}`);
  const t = checkImage(where, image);
  const [h, w, c = 1] = t.shape;
  if ((t.rank !== 2 && t.rank !== 3) || ![1, 3, 4].includes(c)) {
    throw new ShapeError(`${where}: 'image' must be [H, W] or [H, W, 1|3|4], got ${fmtShape(t.shape)}`);
  }
  if (h === 0 || w === 0) throw new ShapeError(`${where}: 'image' ${fmtShape(t.shape)} has no pixels`);
  return pngFromBytes(toBytes(where, t, scale), h!, w!, c);
}

/** Writes encodePng(image) to `path` (atomically: temp file, fsync, rename). */
export function writePng(path: string, image: Tensor, opts: PngOptions = {}): void {
  if (typeof path !== 'string' || path.length === 0) throw new ArgumentError(`writePng: 'path' must be a file path, got ${String(path)}`);
  writeFileAtomic(path, encodePng(image, opts));
}

export interface ImageGridOptions {
  /** Rows of the grid (default: enough for `cols`, or about a square). */
  rows?: number;
  cols?: number;
  /** Pixels between tiles and around the grid (default 1). */
  padding?: number;
  /** Value of the padding pixels (default 0, in the tensor's own units). */
  padValue?: number;
}

/**
 * Tiles a batch [N, H, W] or [N, H, W, C] into one image [rows*(H+p)+p, cols*(W+p)+p(, C)], row by row; empty
 * cells and padding take `padValue`. Returns a new float32 tensor (ints converted) to pass to writePng.
 */
export function imageGrid(batch: Tensor, opts: ImageGridOptions = {}): Tensor {
  const where = 'imageGrid';
  checkOptions(where, opts, ['rows', 'cols', 'padding', 'padValue']);
  const t = checkImage(where, batch);
  if (t.rank !== 3 && t.rank !== 4) throw new ShapeError(`${where}: 'batch' must be [N, H, W] or [N, H, W, C], got ${fmtShape(t.shape)}`);
  const [n, h, w, c = 1] = t.shape as [number, number, number, number?];
  const pad = opts.padding ?? 1;
  const positive = (k: string, v: unknown) => {
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1)) throw new ArgumentError(`${where}: '${k}' must be a positive integer, got ${String(v)}`);
  };
  positive('rows', opts.rows);
  positive('cols', opts.cols);
  if (!Number.isInteger(pad) || pad < 0) throw new ArgumentError(`${where}: 'padding' must be a non-negative integer, got ${String(pad)}`);
  if (n === 0) throw new ShapeError(`${where}: 'batch' ${fmtShape(t.shape)} is empty`);
  const cols = opts.cols ?? (opts.rows ? Math.ceil(n / opts.rows) : Math.ceil(Math.sqrt(n)));
  const rows = opts.rows ?? Math.ceil(n / cols);
  if (rows * cols < n) throw new ArgumentError(`${where}: a ${rows}x${cols} grid cannot hold ${n} images`);
  const gh = rows * (h + pad) + pad;
  const gw = cols * (w + pad) + pad;
  const out = new Float32Array(gh * gw * c).fill(opts.padValue ?? 0);
  const src = t.dataSync() as ArrayLike<number>;
  for (let i = 0; i < n; i++) {
    const r0 = pad + Math.floor(i / cols) * (h + pad);
    const c0 = pad + (i % cols) * (w + pad);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let k = 0; k < c; k++) out[((r0 + y) * gw + c0 + x) * c + k] = Number(src[((i * h + y) * w + x) * c + k]);
      }
    }
  }
  return ENGINE.makeTensor(out, t.rank === 3 ? [gh, gw] : [gh, gw, c], 'float32');
}

const pngjs = lazyPackage<typeof pngjsTypes>('pngjs');

/** PNG colour types by channel count: grey, grey+alpha, RGB, RGBA (the smallest type that holds the image). */
const COLOR_TYPE = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;

/**
 * PNG bytes of an HWC image of bytes with 1, 2, 3 or 4 channels (the shared encoder of tl.io.encodePng and the
 * TensorBoard image summaries). pngjs takes RGBA input and writes the colour type asked for.
 */
export function pngFromBytes(pixels: Uint8Array, height: number, width: number, channels: number): Uint8Array {
  if (!(channels in COLOR_TYPE)) throw new ArgumentError(`encodePng: ${channels} channels; expected 1, 2, 3 or 4`);
  const { PNG } = pngjs();
  const png = new PNG({ width, height });
  const rgba = png.data;
  for (let p = 0; p < height * width; p++) {
    const s = p * channels;
    const d = p * 4;
    if (channels <= 2) {
      rgba[d] = rgba[d + 1] = rgba[d + 2] = pixels[s]!;
      rgba[d + 3] = channels === 2 ? pixels[s + 1]! : 255;
    } else {
      rgba[d] = pixels[s]!;
      rgba[d + 1] = pixels[s + 1]!;
      rgba[d + 2] = pixels[s + 2]!;
      rgba[d + 3] = channels === 4 ? pixels[s + 3]! : 255;
    }
  }
  const colorType = COLOR_TYPE[channels as 1 | 2 | 3 | 4];
  return new Uint8Array(PNG.sync.write(png, { colorType, inputColorType: 6, inputHasAlpha: true }));
}
