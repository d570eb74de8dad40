/**
 * tl.data: input pipelines (TF 1.x tf.data). Dataset sources and transformations, graph iterators, CSV and
 * text-line files.
 */
export { Dataset } from './dataset.js';
export type { ShuffleOptions, BatchOptions, GeneratorOptions, PaddedBatchOptions, InterleaveOptions } from './dataset.js';
export { DatasetIterator } from './graph_iterator.js';
export { TensorSpec, StringSpec } from './element.js';
export type { Element, ElementSpec } from './element.js';
import { iteratorFromStructure } from './graph_iterator.js';

/** TF 1.x tf.data.Iterator: `Iterator.fromStructure(outputTypes, outputShapes)` gives a reinitializable iterator. */
export const Iterator = { fromStructure: iteratorFromStructure };
export { TextLineDataset } from './text_files.js';
export { csv } from './csv.js';
export type { CsvOptions, CsvColumnType } from './csv.js';
