/**
 * The browser bundle's entry (scripts/build-browser.mjs): the whole public API, with the wasm backend loaded
 * asynchronously from `tensorlane.wasm` next to the bundle (await tl.ready()), or from a URL / bytes given to
 * loadWasmBackend. The native backend is replaced by a stub in the bundle (browsers have no addons).
 */
export * from './index.js';
export { loadWasmBackend } from './backends/wasm/register.js';
export { simdSupported } from './backends/wasm/loader.js';
