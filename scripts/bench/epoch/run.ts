/**
 * `npm run bench:epoch [-- --repeat N] [--only pytorch,tensorlane-fit,...]`: one Fashion-MNIST MLP training epoch
 * (spec.ts) on each engine, one thread, each run in its own process; engines interleaved within each repetition.
 * Prints the median epoch seconds per engine and the ratios that the layers/Keras issue asks for:
 *   fit overhead      = tensorlane fit / tensorlane hand-written loop (target <= 1.10)
 *   vs PyTorch        = tensorlane fit / PyTorch (target <= 1.1: "within 1.1x")
 *   vs tfjs-layers    = tfjs-layers-wasm / tensorlane fit (target >= 5)
 * Needs the Fashion-MNIST files (apt-get install dataset-fashion-mnist, or TL_DATA_DIR) and, for the PyTorch
 * runner, Debian's python3-torch at /usr/bin/python3 (skipped with a message when absent).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EpochResult } from './spec.js';
import { dataDir } from './spec.js';

const here = dirname(fileURLToPath(import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const oneThread = { TL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', THREADS: '1' };

const RUNNERS: Record<string, string[]> = {
  'tensorlane-native-loop': [process.execPath, tsxCli, join(here, 'runner_tensorlane.ts'), 'loop', 'native'],
  'tensorlane-native-fit': [process.execPath, tsxCli, join(here, 'runner_tensorlane.ts'), 'fit', 'native'],
  pytorch: ['/usr/bin/python3', join(here, 'runner_torch.py')],
  'tfjs-layers-wasm': [process.execPath, tsxCli, join(here, 'runner_tfjs_layers.ts')],
};

const argv = process.argv.slice(2);
const repeatAt = argv.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Math.max(1, Number(argv[repeatAt + 1])) : 3;
const onlyAt = argv.indexOf('--only');
const names = onlyAt >= 0 ? argv[onlyAt + 1]!.split(',') : Object.keys(RUNNERS);

if (!existsSync(dataDir())) {
  console.error(`Fashion-MNIST not found in ${dataDir()}: apt-get install dataset-fashion-mnist, or set TL_DATA_DIR`);
  process.exit(1);
}

function run(name: string): EpochResult {
  const [cmd, ...args] = RUNNERS[name]!;
  if (!existsSync(cmd!)) return { runner: name, epochSeconds: [], testAccuracy: 0, skipped: `${cmd} not found` };
  const p = spawnSync(cmd!, args, { encoding: 'utf8', env: { ...process.env, ...oneThread }, maxBuffer: 1 << 24 });
  const line = (p.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (p.status !== 0 || !line) return { runner: name, epochSeconds: [], testAccuracy: 0, skipped: `failed: ${(p.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}` };
  return JSON.parse(line) as EpochResult;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const times = new Map<string, number[]>();
const acc = new Map<string, number>();
for (let rep = 0; rep < repeat; rep++) {
  const order = rep % 2 === 0 ? names : [...names].reverse();
  for (const name of order) {
    const r = run(name);
    if (r.skipped) {
      console.error(`${name}: skipped (${r.skipped})`);
      continue;
    }
    times.set(name, [...(times.get(name) ?? []), ...r.epochSeconds]);
    acc.set(name, r.testAccuracy);
    console.error(`rep ${rep + 1}/${repeat} ${name}: ${r.epochSeconds.map((s) => s.toFixed(2)).join(', ')} s, test acc ${(r.testAccuracy * 100).toFixed(1)}%`);
  }
}
const med = (n: string): number => median(times.get(n) ?? []);
console.log(`\nFashion-MNIST MLP 784-300-100-10, Adam, batch 64, one epoch, 1 thread; median of ${repeat} process runs`);
for (const n of names) if (times.has(n)) console.log(`  ${n.padEnd(24)} ${med(n).toFixed(2)} s   (test accuracy ${((acc.get(n) ?? 0) * 100).toFixed(1)}%)`);
const fit = med('tensorlane-native-fit');
const ratio = (a: number, b: number): string => (Number.isFinite(a) && Number.isFinite(b) ? (a / b).toFixed(2) : 'n/a');
console.log(`  fit overhead (fit / hand-written loop):        ${ratio(fit, med('tensorlane-native-loop'))}  (target <= 1.10)`);
console.log(`  tensorlane fit / PyTorch:                      ${ratio(fit, med('pytorch'))}  (target <= 1.10)`);
console.log(`  tfjs-layers-wasm / tensorlane fit (speed-up):  ${ratio(med('tfjs-layers-wasm'), fit)}  (target >= 5)`);
