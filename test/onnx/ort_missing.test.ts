/**
 * Without onnxruntime-node (simulated: the package fails to import), toOnnxruntime gives a BackendError that
 * names the package, instead of an untyped module error.
 */
import { describe, it, expect, vi } from 'vitest';
import * as tl from '../../src/index.js';

vi.mock('onnxruntime-node', () => {
  throw new Error("Cannot find package 'onnxruntime-node'");
});

describe('toOnnxruntime without onnxruntime-node', () => {
  it('is a BackendError naming the package', async () => {
    const model = new tl.keras.Sequential([new tl.keras.layers.Dense(2, { inputShape: [3] })]);
    const err = await model.toOnnxruntime().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(tl.BackendError);
    expect(String(err)).toMatch(/needs the optional package onnxruntime-node \(npm install onnxruntime-node\)/);
  });
});
