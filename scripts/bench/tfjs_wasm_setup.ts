/**
 * Brings up tfjs-core on its wasm backend (XNNPACK, SIMD build) with one thread, for the benchmark runners that
 * compare against tfjs. The .wasm files ship inside the npm package and are read from node_modules; fetch is
 * replaced so that a download attempt fails loudly instead of going out.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { buildSync } from 'esbuild';

/** Resolves with the folder the .wasm files are read from. */
export async function setupTfjsWasm(): Promise<string> {
  const require = createRequire(import.meta.url);
  const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  setWasmPaths(pathToFileURL(wasmDir + '/').href);
  setThreadsCount(1);
  // tfjs-core's gradients are a separate side-effect entry (dist/register_all_gradients.js, which the full
  // @tensorflow/tfjs package imports). Its ESM files use extensionless imports that Node cannot load, so it is
  // bundled here once; its registrations land in tfjs's global gradient registry, shared with this tf.
  const gradBundle = join(mkdtempSync(join(tmpdir(), 'tl-bench-')), 'tfjs_grads.cjs');
  buildSync({
    entryPoints: [join(dirname(require.resolve('@tensorflow/tfjs-core/package.json')), 'dist', 'register_all_gradients.js')],
    bundle: true, format: 'cjs', platform: 'node', outfile: gradBundle, logLevel: 'silent',
  });
  require(gradBundle);
  globalThis.fetch = (async (u: unknown) => {
    throw new Error(`tfjs-wasm tried to fetch ${String(u)}`);
  }) as typeof fetch;
  await tf.setBackend('wasm');
  await tf.ready();
  return wasmDir;
}
