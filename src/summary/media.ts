/**
 * Encodings of image and audio summaries: images become PNG (io/png.ts's encoder), audio becomes 16-bit PCM WAV, the formats
 * TensorBoard's image and audio dashboards show.
 */
import { ArgumentError } from '../core/errors.js';

/** Values below this count as zero when choosing a float image's scale (TF's threshold). */
const ZERO_THRESHOLD = 1e-6;

/**
 * Float image values → bytes, per image as TF's ImageSummary does: all values >= 0 are scaled so the largest is
 * 255; with any negative value, 0 maps to 128 and the largest magnitude to ±127. Fractions are truncated (TF
 * casts). Non-finite pixels get a bad colour (red; white in grey images) and are left out of the bounds.
 */
export function floatImageToBytes(values: ArrayLike<number>, channels: number): Uint8Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  let scale: number;
  let offset: number;
  if (lo < 0) {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    scale = m < ZERO_THRESHOLD ? 0 : 127 / m;
    offset = 128;
  } else {
    scale = hi < ZERO_THRESHOLD ? 0 : 255 / hi;
    offset = 0;
  }
  const bad = channels <= 2 ? [255, 255] : [255, 0, 0, 255];
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isFinite(v) ? Math.max(0, Math.min(255, Math.trunc(v * scale + offset))) : bad[i % channels]!;
  }
  return out;
}

/** Integer image values (uint8 semantics) → bytes, clamped to 0..255. */
export function intImageToBytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.max(0, Math.min(255, values[i]!));
  return out;
}

/**
 * Encodes [frames, channels] samples in [-1, 1] (clipped) as 16-bit little-endian PCM WAV. Samples are scaled by
 * 32767 and truncated, as TF's EncodeAudioAsWav does.
 */
export function encodeWav(samples: ArrayLike<number>, frames: number, channels: number, sampleRate: number): Uint8Array {
  const dataBytes = frames * channels * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (off: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[off + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true); // byte rate
  view.setUint16(32, channels * 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < frames * channels; i++) {
    const v = samples[i]!;
    const clipped = Number.isNaN(v) ? 0 : Math.max(-1, Math.min(1, v));
    view.setInt16(44 + i * 2, Math.trunc(clipped * 32767), true);
  }
  return out;
}
