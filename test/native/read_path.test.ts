/**
 * Reading a result costs about a copy: a loop of 256x256 matMul + dataSync + dispose must not take fresh page
 * faults for every result it reads (native/cpu/malloc_tune.cc says why it did: glibc trimmed the heap after
 * each GC, so every new 256 KiB ArrayBuffer came from new zero pages). Counted as minor page faults of a child
 * process (/proc/self/stat), not timed: the count does not depend on the machine's load.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as tl from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const linux = process.platform === 'linux' && existsSync('/proc/self/stat');
const glibc = linux && Boolean((process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime);
const hasNative = tl.backends().includes('native');

const script = `
import * as tl from './src/index.ts';
import { readFileSync } from 'node:fs';
await tl.setBackend('native');
const minflt = () => Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')[7]);
const a = tl.randomNormal([256, 256]), b = tl.randomNormal([256, 256]);
let sink = 0;
const step = () => { const c = tl.matMul(a, b); sink += c.dataSync()[0]; c.dispose(); };
for (let i = 0; i < 300; i++) step();
const f0 = minflt();
const N = 1500;
for (let i = 0; i < N; i++) step();
console.log(JSON.stringify({ perRead: (minflt() - f0) / N, tuned: tl.info().backends.find((x) => x.name === 'native').details.mallocTuned, sink: Number.isFinite(sink) }));
`;

function faultsPerRead(env: Record<string, string>): { perRead: number; tuned: boolean } {
  const r = spawnSync(process.execPath, [tsx, '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

// glibc's own defaults with its adaptive mmap threshold switched off (the environment variables fix both values):
// each 256 KiB result is then a fresh mmap, the worst case an untuned process meets. Without them the untuned
// count depends on when V8's GC frees buffers relative to the heap top (measured 1-58 faults per read), too
// unsteady for a control.
const glibcDefaults = { MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };

describe.skipIf(!hasNative || !glibc)('native read path (glibc)', () => {
  it('a read 256x256 result takes few page faults with malloc tuned, and most of its 64 pages without', () => {
    const tuned = faultsPerRead({ TL_NUM_THREADS: '1' });
    expect(tuned.tuned).toBe(true);
    expect(tuned.perRead).toBeLessThan(16);
    // The tuning overrides glibc's thresholds however the environment set them.
    const tunedOverDefaults = faultsPerRead({ TL_NUM_THREADS: '1', ...glibcDefaults });
    expect(tunedOverDefaults.tuned).toBe(true);
    expect(tunedOverDefaults.perRead).toBeLessThan(16);
    // The same loop with the tuning off shows what the test guards against (and that it can fail).
    const plain = faultsPerRead({ TL_NUM_THREADS: '1', TL_MALLOC_TUNE: '0', ...glibcDefaults });
    expect(plain.tuned).toBe(false);
    expect(plain.perRead).toBeGreaterThan(48);
  }, 240_000);
});
