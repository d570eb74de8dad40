/**
 * fit's progress output (Keras' ProgbarLogger). verbose 1 on a TTY: a cli-progress bar per epoch with the running
 * loss and metrics. verbose 2, or verbose 1 when the stream is not a TTY (logs, CI): one line per epoch,
 * `Epoch 3/10 - 1.2s - loss: 0.4123 - acc: 0.8512 - val_loss: 0.5011`. verbose 0: nothing.
 */
import type cliProgressTypes from 'cli-progress';
import { lazyPackage } from '../core/lazy_package.js';
import { Callback, type Logs } from './callbacks.js';

const cliProgressPackage = lazyPackage<typeof cliProgressTypes>('cli-progress');

export interface ProgressOptions {
  /** Where the output goes (default process.stdout). */
  stream?: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
}

/** 'loss: 0.4123 - acc: 0.8512' (Keras' four decimals; tiny values in exponent form). */
export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .map(([k, v]) => `${k}: ${Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(4) : v.toFixed(4)}`)
    .join(' - ');
}

export class ProgbarLogger extends Callback {
  private readonly stream: NonNullable<ProgressOptions['stream']>;
  private bar: cliProgressTypes.SingleBar | null = null;
  private epochStart = 0;

  constructor(readonly verbose: 0 | 1 | 2, opts: ProgressOptions = {}) {
    super();
    this.stream = opts.stream ?? process.stdout;
  }

  private get useBar(): boolean {
    return this.verbose === 1 && this.stream.isTTY === true && this.params?.steps !== null;
  }

  onEpochBegin(epoch: number): void {
    if (this.verbose === 0) return;
    this.epochStart = performance.now();
    if (!this.useBar) return;
    this.stream.write(`Epoch ${epoch + 1}/${this.params!.epochs}\n`);
    const cliProgress = cliProgressPackage();
    this.bar = new cliProgress.SingleBar({
      stream: this.stream as NodeJS.WriteStream,
      format: ' {bar} {value}/{total} - {duration}s - {metrics}',
      hideCursor: true,
      clearOnComplete: false,
      // Redraws at most ~10 times a second: drawing must not slow a fast fit down.
      fps: 10,
    }, cliProgress.Presets.shades_classic);
    this.bar.start(this.params!.steps!, 0, { metrics: '' });
  }

  private lastDraw = 0;

  /** The bar redraws at most 10 times a second: the logs (lazy values) are read only for a redraw. */
  onBatchEnd(batch: number, logs: Logs = {}): void {
    if (!this.bar) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && batch + 1 < this.params!.steps!) {
      this.bar.update(batch + 1);
      return;
    }
    this.lastDraw = now;
    const { batch: _b, size: _s, ...metrics } = logs;
    this.bar.update(batch + 1, { metrics: formatLogs(metrics) });
  }

  onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (this.verbose === 0) return;
    const seconds = ((performance.now() - this.epochStart) / 1000).toFixed(1);
    if (this.bar) {
      this.bar.update({ metrics: formatLogs(logs) });
      this.bar.stop();
      this.bar = null;
      return;
    }
    this.stream.write(`Epoch ${epoch + 1}/${this.params?.epochs ?? '?'} - ${seconds}s - ${formatLogs(logs)}\n`);
  }

  onTrainEnd(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
