/**
 * Where the MNIST-family IDX files are and how one split (images + labels) is read and checked; shared by
 * tl.datasets.mnist / fashionMnist and readDataSets.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError, FileFormatError } from '../core/errors.js';
import { readIdx } from './idx.js';

export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

const SYSTEM_DIRS: Record<string, string> = {
  'fashion-mnist': '/usr/share/datasets/fashion-mnist',
  mnist: '/usr/share/datasets/mnist',
};

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/**
 * The folder to read: `dir`, else $TL_DATA_DIR/<family> (or $TL_DATA_DIR itself when it holds the files), else
 * the Debian package's folder. Absent files are an error that says where to put them.
 */
export function resolveIdxDir(family: 'mnist' | 'fashion-mnist', where: string, dir?: string): string {
  if (dir !== undefined) {
    if (typeof dir !== 'string' || dir.length === 0) throw new ArgumentError(`${where}: 'dir' must be a folder path, got ${String(dir)}`);
    return dir;
  }
  const env = process.env.TL_DATA_DIR;
  if (env) return isDir(join(env, family)) ? join(env, family) : env;
  return SYSTEM_DIRS[family]!;
}

/** The path of one IDX file in dir (name.gz preferred, then the raw name). */
function findIdx(dir: string, base: string, where: string, family: string): string {
  for (const name of [`${base}.gz`, base]) if (existsSync(join(dir, name))) return join(dir, name);
  const hint = family === 'fashion-mnist'
    ? "On Debian/Ubuntu, 'apt-get install dataset-fashion-mnist' installs them in /usr/share/datasets/fashion-mnist."
    : 'Download the four MNIST IDX files (train-images-idx3-ubyte.gz, ...) into one folder.';
  throw new FileFormatError(
    `${where}: ${base}[.gz] not found in '${dir}'. Put ${Object.values(IDX_FILES).map((f) => `${f}[.gz]`).join(', ')} in a folder and ` +
      `pass it as { dir }, or set TL_DATA_DIR. ${hint}`,
  );
}

/** Raw images (uint8, [N, H, W]) and labels (0-9) of one split, checked against each other. */
export function readIdxSplit(dir: string, images: string, labels: string, where: string, family: string): { pixels: Uint8Array; labels: Uint8Array; n: number; h: number; w: number } {
  const ip = findIdx(dir, images, where, family);
  const lp = findIdx(dir, labels, where, family);
  const im = readIdx(ip);
  const lb = readIdx(lp);
  if (im.dims.length !== 3 || !(im.data instanceof Uint8Array)) throw new FileFormatError(`${ip}: expected uint8 images [N, H, W], got dims [${im.dims.join(',')}]`);
  if (lb.dims.length !== 1 || !(lb.data instanceof Uint8Array)) throw new FileFormatError(`${lp}: expected uint8 labels [N], got dims [${lb.dims.join(',')}]`);
  if (lb.dims[0] !== im.dims[0]) throw new FileFormatError(`${lp}: ${lb.dims[0]} labels for ${im.dims[0]} images in ${ip}`);
  const bad = lb.data.findIndex((v) => v > 9);
  if (bad >= 0) throw new FileFormatError(`${lp}: label ${lb.data[bad]} at index ${bad} is not a class 0-9`);
  return { pixels: im.data, labels: lb.data, n: im.dims[0]!, h: im.dims[1]!, w: im.dims[2]! };
}

