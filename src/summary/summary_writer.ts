/**
 * The eager writer, `tl.summary.createFileWriter(logdir)`: writes values at a step directly, no graph or
 * session needed (what a training loop in eager style, or a Keras TensorBoard callback, calls per batch or
 * epoch). Tags are the names as given.
 */
import { ENGINE } from '../core/engine.js';
import { ArgumentError } from '../core/errors.js';
import { checkOptions } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { convertToTensor, type TensorLike } from '../core/tensor_util.js';
import type { Graph } from '../graph/graph.js';
import { FileWriter, type FileWriterOptions } from './file_writer.js';
import {
  audioValues, checkMaxOutputs, checkSampleRate, cleanTag, histogramValue, imageValues, scalarValue, textValue, type SummaryValue,
} from './summary_values.js';

export class SummaryWriter {
  /** The underlying event-file writer (for addEvent, addSessionLog, path). */
  readonly fileWriter: FileWriter;

  constructor(logdir: string, opts: FileWriterOptions = {}) {
    this.fileWriter = new FileWriter(logdir, undefined, opts);
  }

  get logdir(): string {
    return this.fileWriter.logdir;
  }

  /** A scalar (number or shape-[] tensor) at a step. */
  scalar(name: string, value: TensorLike, step: number): void {
    this.write('SummaryWriter.scalar', name, value, step, (tag, t) => [scalarValue(tag, t, 'SummaryWriter.scalar')]);
  }

  /** A histogram of all values (a tensor, array or typed array) at a step. */
  histogram(name: string, values: TensorLike, step: number): void {
    this.write('SummaryWriter.histogram', name, values, step, (tag, t) => [histogramValue(tag, t, 'SummaryWriter.histogram')]);
  }

  /** Images of a [batch, height, width, channels] tensor at a step (the first maxOutputs, default 3). */
  image(name: string, images: TensorLike, step: number, opts: { maxOutputs?: number } = {}): void {
    checkOptions('SummaryWriter.image', opts, ['maxOutputs']);
    const maxOutputs = checkMaxOutputs(opts.maxOutputs ?? 3, 'SummaryWriter.image');
    this.write('SummaryWriter.image', name, images, step, (tag, t) => imageValues(tag, t, maxOutputs, 'SummaryWriter.image'));
  }

  /** Audio clips of a [batch, frames(, channels)] float tensor in [-1, 1] at a step. */
  audio(name: string, clips: TensorLike, sampleRate: number, step: number, opts: { maxOutputs?: number } = {}): void {
    checkOptions('SummaryWriter.audio', opts, ['maxOutputs']);
    checkSampleRate(sampleRate, 'SummaryWriter.audio');
    const maxOutputs = checkMaxOutputs(opts.maxOutputs ?? 3, 'SummaryWriter.audio');
    this.write('SummaryWriter.audio', name, clips, step, (tag, t) => audioValues(tag, t, sampleRate, maxOutputs, 'SummaryWriter.audio'));
  }

  /** Text (Markdown) at a step. */
  text(name: string, value: string | string[], step: number): void {
    const tag = cleanTag(name, 'SummaryWriter.text');
    this.fileWriter.addSummary({ value: [textValue(tag, value, 'SummaryWriter.text')] }, step);
  }

  /** The graph, for the graph dashboard. */
  graph(graph: Graph): void {
    this.fileWriter.addGraph(graph);
  }

  flush(): Promise<void> {
    return this.fileWriter.flush();
  }

  close(): Promise<void> {
    return this.fileWriter.close();
  }

  private write(where: string, name: string, x: TensorLike, step: number, make: (tag: string, t: Tensor) => SummaryValue[]): void {
    const tag = cleanTag(name, where);
    const values = ENGINE.tidy(() => {
      const t = convertToTensor(x, 'value', where);
      if (t.isSymbolic) throw new ArgumentError(`${where}: '${name}' is symbolic; in graph mode use tl.summary.${where.split('.')[1]} and a FileWriter`);
      return make(tag, t);
    });
    this.fileWriter.addSummary({ value: values }, step);
  }
}

/** An eager summary writer for `logdir` (TF 2's tf.summary.create_file_writer, with explicit steps). */
export function createFileWriter(logdir: string, opts: FileWriterOptions = {}): SummaryWriter {
  return new SummaryWriter(logdir, opts);
}
