/**
 * tl.datasets: small data sets bundled with the package (digits, iris, diabetes: each with its licence) and
 * loaders for the MNIST family of IDX files (MNIST, Fashion-MNIST), which are not shipped.
 */
import { readFileSync } from 'node:fs';
import { ENGINE } from '../core/engine.js';
import { FileFormatError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { loadDiabetes, loadDigits } from './bundled.js';
import { IDX_FILES as FILES, readIdxSplit, resolveIdxDir } from './mnist_files.js';

export { readDataSets } from './read_data_sets.js';
export type { DataSet, DataSets, ReadDataSetsOptions } from './read_data_sets.js';

export interface BundledDataset {
  data: Tensor;
  target: Tensor;
  featureNames: string[];
  targetNames?: string[];
  description: string;
  /** Where the data comes from and the terms of its licence: show it where you use the data. */
  licence: string;
}

const UCI_CC_BY = 'Creative Commons Attribution 4.0 International (CC BY 4.0)';

/** The UCI 8x8 handwritten digits: data float32 [1797, 64] (pixel intensities 0-16), target int32 [1797] (0-9). */
export function digits(): BundledDataset {
  const d = loadDigits();
  return {
    data: ENGINE.makeTensor(d.images, [d.numExamples, 64], 'float32'),
    target: ENGINE.makeTensor(d.labels, [d.numExamples], 'int32'),
    featureNames: Array.from({ length: 64 }, (_, i) => `pixel_${Math.floor(i / 8)}_${i % 8}`),
    targetNames: Array.from({ length: 10 }, (_, i) => String(i)),
    description: 'Optical recognition of handwritten digits: 1797 8x8 images, 10 classes',
    licence: `UCI ML repository, "Optical Recognition of Handwritten Digits" (E. Alpaydin, C. Kaynak, 1998). ${UCI_CC_BY}.`,
  };
}

/** Fisher's iris: data float32 [150, 4] (cm), target int32 [150] (0 setosa, 1 versicolor, 2 virginica). */
export function iris(): BundledDataset {
  const name = 'iris.csv';
  const text = readFileSync(new URL(`../../data/${name}`, import.meta.url), 'utf8');
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const head = lines[0]?.split(',') ?? [];
  const n = Number(head[0]);
  const f = Number(head[1]);
  if (head.length < 3 || !Number.isInteger(n) || f !== 4 || lines.length - 1 !== n) {
    throw new FileFormatError(`${name}: line 1 '${lines[0]}' does not describe the ${lines.length - 1} rows that follow`);
  }
  const classes = head.slice(2);
  const data = new Float32Array(n * 4);
  const target = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1]!.split(',');
    if (cells.length !== 5) throw new FileFormatError(`${name}: line ${i + 2} has ${cells.length} columns, expected 5`);
    for (let j = 0; j < 4; j++) {
      const v = Number(cells[j]);
      if (!Number.isFinite(v) || v <= 0) throw new FileFormatError(`${name}: line ${i + 2}, column ${j + 1}: bad value '${cells[j]}'`);
      data[i * 4 + j] = v;
    }
    const y = Number(cells[4]);
    if (!Number.isInteger(y) || y < 0 || y >= classes.length) throw new FileFormatError(`${name}: line ${i + 2}: bad class '${cells[4]}'`);
    target[i] = y;
  }
  return {
    data: ENGINE.makeTensor(data, [n, 4], 'float32'),
    target: ENGINE.makeTensor(target, [n], 'int32'),
    featureNames: ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'],
    targetNames: classes,
    description: "Fisher's iris: 150 flowers, 4 measurements, 3 species",
    licence: `UCI ML repository, "Iris" (R. A. Fisher, 1936). ${UCI_CC_BY}.`,
  };
}

/** Diabetes regression: data float32 [442, 10] (raw, unscaled), target float32 [442] (progression after a year). */
export function diabetes(): BundledDataset {
  const d = loadDiabetes();
  return {
    data: ENGINE.makeTensor(Float32Array.from(d.features), [d.numExamples, 10], 'float32'),
    target: ENGINE.makeTensor(Float32Array.from(d.target), [d.numExamples], 'float32'),
    featureNames: d.featureNames,
    description: 'Diabetes: 442 patients, 10 baseline variables, disease progression one year later',
    licence:
      'B. Efron, T. Hastie, I. Johnstone, R. Tibshirani (2004) "Least Angle Regression", Annals of Statistics; as distributed with scikit-learn (BSD-3-Clause).',
  };
}

// ---- the MNIST family ---------------------------------------------------------------------------------

export interface ImageSplit {
  /** float32 [N, 28, 28] in [0, 1]. */
  images: Tensor;
  /** int32 [N]. */
  labels: Tensor;
}

export interface MnistFamily {
  train: ImageSplit;
  test: ImageSplit;
}

function loadFamily(family: 'mnist' | 'fashion-mnist', where: string, opts: { dir?: string } = {}): MnistFamily {
  checkOptions(where, opts, ['dir']);
  const dir = resolveIdxDir(family, where, opts.dir);
  const split = (images: string, labels: string): ImageSplit => {
    const s = readIdxSplit(dir, images, labels, where, family);
    const px = new Float32Array(s.pixels.length);
    for (let i = 0; i < px.length; i++) px[i] = s.pixels[i]! / 255;
    return { images: ENGINE.makeTensor(px, [s.n, s.h, s.w], 'float32'), labels: ENGINE.makeTensor(Int32Array.from(s.labels), [s.n], 'int32') };
  };
  return { train: split(FILES.trainImages, FILES.trainLabels), test: split(FILES.testImages, FILES.testLabels) };
}

/** MNIST handwritten digits from IDX files in `dir` (see resolveIdxDir): images float32 [N, 28, 28] in [0, 1], labels int32. */
export function mnist(opts: { dir?: string } = {}): MnistFamily {
  return loadFamily('mnist', 'tl.datasets.mnist', opts);
}

/**
 * Fashion-MNIST (Zalando, MIT licence) from IDX files: `dir`, else $TL_DATA_DIR, else
 * /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist package).
 */
export function fashionMnist(opts: { dir?: string } = {}): MnistFamily {
  return loadFamily('fashion-mnist', 'tl.datasets.fashionMnist', opts);
}

