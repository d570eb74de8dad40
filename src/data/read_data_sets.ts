/**
 * tl.datasets.readDataSets: TF 1.x `input_data.read_data_sets` for the MNIST family. Images are flattened
 * float32 [N, 784] in [0, 1]; labels int32 [N] or one-hot float32 [N, 10]; the first `validationSize` training
 * examples form the validation split (as TF does). `nextBatch` shuffles each epoch and wraps across epochs: the
 * batch that crosses an epoch's end takes the rest of that epoch, then the start of the next, reshuffled one.
 */
import { ENGINE } from '../core/engine.js';
import { ArgumentError } from '../core/errors.js';
import { Rng } from '../core/random.js';
import { checkOptions } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { IDX_FILES, readIdxSplit, resolveIdxDir } from './mnist_files.js';

export interface ReadDataSetsOptions {
  /** Labels as float32 one-hot rows [N, 10] instead of int32 class indices (default false). */
  oneHot?: boolean;
  /** How many of the first training examples form the validation split (default 5000). */
  validationSize?: number;
  /** Seed of the per-epoch shuffles of nextBatch. */
  seed?: number;
}

const CLASSES = 10;

/** One split with TF's DataSet interface. */
export class DataSet {
  /** float32 [N, H*W] in [0, 1]. */
  readonly images: Tensor;
  /** int32 [N], or float32 [N, 10] with oneHot. */
  readonly labels: Tensor;
  readonly numExamples: number;
  private epochs = 0;
  private indexInEpoch = 0;
  private order: Int32Array;
  private readonly rng: Rng;

  constructor(private readonly pixels: Float32Array, private readonly classes: Uint8Array, private readonly rowSize: number, private readonly oneHot: boolean, seed: number) {
    this.numExamples = classes.length;
    this.images = ENGINE.keep(ENGINE.makeTensor(pixels, [this.numExamples, rowSize], 'float32'));
    this.labels = ENGINE.keep(this.makeLabels(Int32Array.from({ length: this.numExamples }, (_, i) => i)));
    this.order = Int32Array.from({ length: this.numExamples }, (_, i) => i);
    this.rng = new Rng(seed);
  }

  get epochsCompleted(): number {
    return this.epochs;
  }

  private makeLabels(rows: Int32Array): Tensor {
    if (!this.oneHot) return ENGINE.makeTensor(Int32Array.from(rows, (r) => this.classes[r]!), [rows.length], 'int32');
    const out = new Float32Array(rows.length * CLASSES);
    rows.forEach((r, i) => (out[i * CLASSES + this.classes[r]!] = 1));
    return ENGINE.makeTensor(out, [rows.length, CLASSES], 'float32');
  }

  private shuffleOrder(): void {
    for (let i = this.order.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      const t = this.order[i]!;
      this.order[i] = this.order[j]!;
      this.order[j] = t;
    }
  }

  /** The next `batchSize` examples as [images, labels] (new tensors the caller owns). */
  nextBatch(batchSize: number, opts: { shuffle?: boolean } = {}): [Tensor, Tensor] {
    checkOptions('DataSet.nextBatch', opts, ['shuffle']);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > this.numExamples) {
      throw new ArgumentError(`DataSet.nextBatch: 'batchSize' must be an integer in [1, ${this.numExamples}], got ${String(batchSize)}`);
    }
    const shuffle = opts.shuffle ?? true;
    if (this.epochs === 0 && this.indexInEpoch === 0 && shuffle) this.shuffleOrder();
    const rows = new Int32Array(batchSize);
    let k = 0;
    while (k < batchSize) {
      if (this.indexInEpoch === this.numExamples) {
        this.epochs++;
        this.indexInEpoch = 0;
        if (shuffle) this.shuffleOrder();
      }
      const take = Math.min(batchSize - k, this.numExamples - this.indexInEpoch);
      rows.set(this.order.subarray(this.indexInEpoch, this.indexInEpoch + take), k);
      k += take;
      this.indexInEpoch += take;
    }
    const px = new Float32Array(batchSize * this.rowSize);
    rows.forEach((r, i) => px.set(this.pixels.subarray(r * this.rowSize, (r + 1) * this.rowSize), i * this.rowSize));
    return [ENGINE.makeTensor(px, [batchSize, this.rowSize], 'float32'), this.makeLabels(rows)];
  }
}

export interface DataSets {
  train: DataSet;
  validation: DataSet;
  test: DataSet;
}

/**
 * Reads the four IDX files from `dir` (else $TL_DATA_DIR, else Debian's Fashion-MNIST folder), as TF 1.x's
 * read_data_sets does.
 */
export function readDataSets(dir?: string, opts: ReadDataSetsOptions = {}): DataSets {
  const where = 'tl.datasets.readDataSets';
  checkOptions(where, opts, ['oneHot', 'validationSize', 'seed']);
  const folder = resolveIdxDir('fashion-mnist', where, dir);
  const oneHot = opts.oneHot ?? false;
  const seed = opts.seed ?? ENGINE.rng.nextU32();
  const train = readIdxSplit(folder, IDX_FILES.trainImages, IDX_FILES.trainLabels, where, 'fashion-mnist');
  const test = readIdxSplit(folder, IDX_FILES.testImages, IDX_FILES.testLabels, where, 'fashion-mnist');
  const v = opts.validationSize ?? 5000;
  if (!Number.isInteger(v) || v < 0 || v > train.n) {
    throw new ArgumentError(`${where}: 'validationSize' must be an integer in [0, ${train.n}] (the training examples), got ${String(v)}`);
  }
  const row = train.h * train.w;
  const scale = (px: Uint8Array) => Float32Array.from(px, (p) => p / 255);
  const trainPx = scale(train.pixels);
  return {
    validation: new DataSet(trainPx.slice(0, v * row), train.labels.slice(0, v), row, oneHot, seed + 1),
    train: new DataSet(trainPx.slice(v * row), train.labels.slice(v), row, oneHot, seed),
    test: new DataSet(scale(test.pixels), test.labels, test.h * test.w, oneHot, seed + 2),
  };
}
