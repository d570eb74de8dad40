/**
 * The thread count onnxruntime sessions use. The native backend's pool setting (tl.getNumThreads()) lives in
 * backends/, which this layer may not import: the composition root (src/index.ts) plugs it in.
 */
let threadSource: () => number = () => 1;

export function setThreadSource(f: () => number): void {
  threadSource = f;
}

export function onnxThreads(): number {
  return threadSource();
}
