/**
 * A CommonJS package loaded on first use. The packages behind optional features (PNG output, CSV input, the Keras
 * progress bar, protobuf for ONNX and TensorBoard) stay off `import 'tensorlane'`: loading all four at start-up
 * cost ~80 ms of a ~350 ms import. Browser bundles never reach the require (those features are Node-only there).
 */
import { createRequire } from 'node:module';

export function lazyPackage<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= createRequire(import.meta.url)(name) as T);
}
