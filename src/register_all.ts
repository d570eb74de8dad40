// The composition root: the one place that knows every backend and the gradient registry. It sits at the top
// of src/ (imported by index.ts and the browser entry) so that core/ depends on nothing but itself.
import { ENGINE } from './core/engine.js';
import { registerJsBackend } from './backends/js/register.js';
import { registerNativeBackend } from './backends/native/register.js';
import { registerWasmBackend } from './backends/wasm/register.js';
import { registerAllGradients } from './gradients/register_all.js';

let initialized = false;

/**
 * Registers every backend and gradient once. Backends are tried in priority order (cuda > native > wasm > js);
 * a backend that fails to load is recorded with its reason for tl.info().
 */
export function initialize(): void {
  if (initialized) return;
  initialized = true;
  registerJsBackend();
  registerNativeBackend(); // priority 3; records why when the addon is absent
  registerWasmBackend(); // priority 2; records why when the module is absent or the engine lacks SIMD
  registerAllGradients();
  ENGINE.markBackendMissing(
    'cuda',
    'not built: the CUDA addon (native/cuda, cmake-js) is optional and is only loaded where nvcc built it and a CUDA device is present',
    4,
  );
  const want = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TL_BACKEND;
  // Pin synchronously when possible, so the choice holds from the first op on.
  if (want && !ENGINE.setBackendSync(want)) {
    void ENGINE.setBackend(want)
      .then((ok) => {
        if (!ok) console.warn(`tensorlane: TL_BACKEND=${want} is not available here; using ${ENGINE.getBackend()}`);
      })
      .catch((e: Error) => console.warn(`tensorlane: TL_BACKEND=${want}: ${e.message}`));
  } else if (!want) {
    const best = ENGINE.backendNames()[0];
    if (best) ENGINE.setBackendSync(best, false);
  }
}
