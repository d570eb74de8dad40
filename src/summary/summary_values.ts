/**
 * Summary values built from concrete data, shared by graph-mode summary nodes and the eager writer. A value is
 * a plain `tensorflow.Summary.Value` object (protobufjs field names); `encodeSummary` serializes a list of them.
 */
import { toNumberArray, type TypedArray } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { encodeMessage, tbTypes } from './proto.js';
import { histogramOf } from './histogram.js';
import { pngFromBytes } from '../io/png.js';
import { encodeWav, floatImageToBytes, intImageToBytes } from './media.js';

export type SummaryValue = Record<string, unknown> & { tag: string };

/** TF's tag cleaning: characters outside [-/\w.] become '_', and leading slashes go. */
export function cleanTag(name: string, where: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new ArgumentError(`${where}: name must be a non-empty string, got ${JSON.stringify(name)}`);
  return name.replace(/[^-/\w.]/g, '_').replace(/^\/+/, '');
}

function numbers(t: Tensor): ArrayLike<number> {
  return toNumberArray(t.dataSync<TypedArray>());
}

function checkNumeric(t: Tensor, where: string): void {
  if (t.dtype === 'bool') throw new DTypeError(`${where}: expected a numeric tensor, got bool`);
}

export function scalarValue(tag: string, t: Tensor, where = 'summary.scalar'): SummaryValue {
  checkNumeric(t, where);
  if (t.shape.length !== 0) throw new ShapeError(`${where}: '${tag}' must be a scalar (shape []), got shape ${fmtShape(t.shape)}`);
  return { tag, simpleValue: numbers(t)[0]! };
}

export function histogramValue(tag: string, t: Tensor, where = 'summary.histogram'): SummaryValue {
  checkNumeric(t, where);
  return { tag, histo: histogramOf(numbers(t), `${where} '${tag}'`) };
}

/** `tag/image` for one image, `tag/image/0`, `tag/image/1`, ... for several (TF's naming). */
function itemTags(tag: string, kind: string, n: number, maxOutputs: number): string[] {
  return Array.from({ length: n }, (_, i) => (maxOutputs === 1 ? `${tag}/${kind}` : `${tag}/${kind}/${i}`));
}

export function checkMaxOutputs(maxOutputs: unknown, where: string): number {
  if (typeof maxOutputs !== 'number' || !Number.isInteger(maxOutputs) || maxOutputs < 1) {
    throw new ArgumentError(`${where}: maxOutputs must be a positive integer, got ${String(maxOutputs)}`);
  }
  return maxOutputs;
}

/** Images of a [batch, height, width, channels] tensor (channels 1, 3 or 4), the first maxOutputs of them. */
export function imageValues(tag: string, t: Tensor, maxOutputs: number, where = 'summary.image'): SummaryValue[] {
  checkNumeric(t, where);
  if (t.shape.length !== 4 || ![1, 3, 4].includes(t.shape[3]!)) {
    throw new ShapeError(`${where}: '${tag}' must have shape [batch, height, width, channels] with 1, 3 or 4 channels, got ${fmtShape(t.shape)}`);
  }
  const [b, h, w, c] = t.shape as [number, number, number, number];
  const n = Math.min(b, maxOutputs);
  const all = numbers(t);
  const per = h * w * c;
  const isFloat = t.dtype === 'float32' || t.dtype === 'float64';
  return itemTags(tag, 'image', n, maxOutputs).map((itemTag, i) => {
    const vals = Array.prototype.slice.call(all, i * per, (i + 1) * per) as number[];
    const bytes = isFloat ? floatImageToBytes(vals, c) : intImageToBytes(vals);
    return { tag: itemTag, image: { height: h, width: w, colorspace: c, encodedImageString: pngFromBytes(bytes, h, w, c) } };
  });
}

/** Clips of a [batch, frames] or [batch, frames, channels] float tensor in [-1, 1], as WAV. */
export function audioValues(tag: string, t: Tensor, sampleRate: number, maxOutputs: number, where = 'summary.audio'): SummaryValue[] {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') throw new DTypeError(`${where}: '${tag}' must be float32 or float64, got ${t.dtype}`);
  if (t.shape.length !== 2 && t.shape.length !== 3) {
    throw new ShapeError(`${where}: '${tag}' must have shape [batch, frames] or [batch, frames, channels], got ${fmtShape(t.shape)}`);
  }
  checkSampleRate(sampleRate, where);
  const [b, frames] = t.shape as [number, number];
  const channels = t.shape[2] ?? 1;
  const n = Math.min(b, maxOutputs);
  const all = numbers(t);
  const per = frames * channels;
  return itemTags(tag, 'audio', n, maxOutputs).map((itemTag, i) => ({
    tag: itemTag,
    audio: {
      sampleRate,
      numChannels: channels,
      lengthFrames: frames,
      contentType: 'audio/wav',
      encodedAudioString: encodeWav(Array.prototype.slice.call(all, i * per, (i + 1) * per) as number[], frames, channels, sampleRate),
    },
  }));
}

export function checkSampleRate(sampleRate: unknown, where: string): number {
  if (typeof sampleRate !== 'number' || !Number.isInteger(sampleRate) || sampleRate <= 0) {
    throw new ArgumentError(`${where}: sampleRate must be a positive integer (Hz), got ${String(sampleRate)}`);
  }
  return sampleRate;
}

/** A text summary: a string tensor (DT_STRING) for TensorBoard's text plugin, which renders it as Markdown. */
export function textValue(tag: string, text: string | string[], where = 'summary.text'): SummaryValue {
  const list = Array.isArray(text) ? text : [text];
  if (list.some((s) => typeof s !== 'string')) throw new ArgumentError(`${where}: '${tag}' must be a string or an array of strings`);
  const enc = new TextEncoder();
  return {
    tag,
    metadata: { pluginData: { pluginName: 'text' } },
    tensor: {
      dtype: 'DT_STRING',
      tensorShape: Array.isArray(text) ? { dim: [{ size: list.length }] } : {},
      stringVal: list.map((s) => enc.encode(s)),
    },
  };
}

/** Serializes summary values as one `tensorflow.Summary`. */
export function encodeSummary(values: SummaryValue[]): Uint8Array {
  return encodeMessage(tbTypes().Summary, { value: values });
}
