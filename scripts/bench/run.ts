/**
 * `npm run bench [-- --json] [--only mm256,mm1024] [--repeat N]`: times each workload on tensorlane-native and
 * onnxruntime-node, with 1 thread and with all threads, each configuration in its own child process, and prints
 * the median ms, GFLOP/s and the ratios (onnxruntime time / tensorlane time: above 1 means tensorlane is faster).
 *
 * Runners are child processes printing one RunnerResult JSON line. To compare another engine (the wasm issue's
 * tfjs-wasm), add an entry to RUNNERS: its file receives the workload list and the thread count.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKLOADS, median, type RunnerResult } from './workloads.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsxCli = require.resolve('tsx/cli');

interface RunnerSpec {
  name: string;
  file: string;
  /** Extra argv after the workload list (the thread count) and env (tensorlane reads TL_NUM_THREADS). */
  args: (threads: number) => string[];
  env: (threads: number) => Record<string, string>;
}

const RUNNERS: RunnerSpec[] = [
  { name: 'tensorlane-native', file: 'runner_tensorlane.ts', args: () => [], env: (t) => ({ TL_NUM_THREADS: String(t) }) },
  { name: 'onnxruntime-node', file: 'runner_onnxruntime.ts', args: (t) => [String(t)], env: () => ({}) },
  // { name: 'tfjs-wasm', file: 'runner_tfjs_wasm.ts', ... }  <- the wasm issue's hook
];

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const onlyArg = argv.indexOf('--only');
const only = onlyArg >= 0 ? argv[onlyArg + 1]!.split(',') : WORKLOADS.map((w) => w.name);
const repeatArg = argv.indexOf('--repeat');
const repeat = repeatArg >= 0 ? Math.max(1, Number(argv[repeatArg + 1])) : 3;
const cores = availableParallelism();
const threadSettings = [...new Set([1, 2, cores])].filter((t) => t <= cores);

function runChild(r: RunnerSpec, threads: number): RunnerResult {
  const p = spawnSync(process.execPath, [tsxCli, join(here, r.file), only.join(','), ...r.args(threads)], {
    encoding: 'utf8',
    env: { ...process.env, ...r.env(threads) },
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = p.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (p.status !== 0 || !line) return { runner: r.name, threads, times: {}, checksums: {}, skipped: `runner failed: ${(p.stderr || '').trim().split('\n').pop()}` };
  return JSON.parse(line) as RunnerResult;
}

// Each configuration runs `repeat` times, interleaved with the others (engines in alternating order), so that
// load from other processes spreads over all of them; every run's per-iteration times are pooled before taking the median.
const pooled = new Map<string, RunnerResult>();
/** Per process run: the median of each workload, by runner@threads (for the paired ratios below). */
const perRep = new Map<string, number[]>();
for (let rep = 0; rep < repeat; rep++) {
  // Odd repetitions run the engines in the other order, so neither always follows the other.
  const order = rep % 2 === 0 ? RUNNERS : [...RUNNERS].reverse();
  for (const threads of threadSettings) {
    for (const r of order) {
      const res = runChild(r, threads);
      const key = `${r.name}@${threads}`;
      for (const [w, t] of Object.entries(res.times)) {
        if (t.length === 0) continue;
        const k = `${w} ${key}`;
        if (!perRep.has(k)) perRep.set(k, []);
        perRep.get(k)![rep] = median(t);
      }
      const prev = pooled.get(key);
      if (!prev) pooled.set(key, res);
      else for (const [w, t] of Object.entries(res.times)) (prev.times[w] ??= []).push(...t);
    }
  }
}

interface Row { workload: string; runner: string; threads: number; medianMs: number; minMs: number; gflops: number; runs: number }
const rows: Row[] = [];
const skipped: string[] = [];
for (const res of pooled.values()) {
  if (res.skipped) skipped.push(`${res.runner}@${res.threads}: ${res.skipped}`);
  for (const w of WORKLOADS.filter((x) => only.includes(x.name))) {
    const t = res.times[w.name];
    if (!t || t.length === 0) continue;
    const med = median(t);
    rows.push({ workload: w.name, runner: res.runner, threads: res.threads, medianMs: med, minMs: Math.min(...t), gflops: w.flops / (med * 1e6), runs: t.length });
  }
}
const find = (w: string, r: string, t: number) => rows.find((x) => x.workload === w && x.runner === r && x.threads === t);
const ratios: Record<string, Record<string, number>> = {};
for (const w of only) {
  const o: Record<string, number> = {};
  for (const t of threadSettings) {
    const a = find(w, 'tensorlane-native', t), b = find(w, 'onnxruntime-node', t);
    if (a && b) o[`ort/tl@${t}`] = b.medianMs / a.medianMs;
    // The same ratio from each pair of back-to-back process runs: its spread shows how much of a difference
    // is the machine's noise (load from other tenants drifts over seconds, and both runs of a pair share it).
    const ta = perRep.get(`${w} tensorlane-native@${t}`), tb = perRep.get(`${w} onnxruntime-node@${t}`);
    if (ta && tb && repeat > 1) {
      const pairs = ta.map((x, i) => (tb[i] !== undefined && x !== undefined ? tb[i]! / x : NaN)).filter((x) => Number.isFinite(x));
      if (pairs.length > 1) {
        o[`paired ort/tl@${t} min`] = Math.min(...pairs);
        o[`paired ort/tl@${t} median`] = median(pairs);
        o[`paired ort/tl@${t} max`] = Math.max(...pairs);
      }
    }
  }
  const t1 = find(w, 'tensorlane-native', 1);
  for (const t of threadSettings.filter((x) => x > 1)) {
    const tt = find(w, 'tensorlane-native', t);
    if (t1 && tt) o[`tl scaling 1->${t}`] = t1.medianMs / tt.medianMs;
  }
  ratios[w] = o;
}

const native = [...pooled.values()].find((r) => r.runner === 'tensorlane-native' && r.info)?.info;
if (json) {
  console.log(JSON.stringify({ cores, native, rows, ratios, skipped }, null, 2));
} else {
  console.log(`cores: ${cores}; native: ${native ? `${native.isa} (${native.gemmTile} tile)` : 'absent'}; ${repeat} process runs per configuration, medians of all timed iterations`);
  console.log('workload   runner              threads  median ms    min ms   GFLOP/s   runs');
  for (const r of rows.sort((a, b) => a.workload.localeCompare(b.workload) || a.runner.localeCompare(b.runner) || a.threads - b.threads)) {
    // Small workloads (mm8: per-call cost) need more digits than milliseconds to three places.
    const ms = (v: number) => (v < 0.1 ? v.toFixed(5) : v.toFixed(3));
    console.log(`${r.workload.padEnd(10)} ${r.runner.padEnd(19)} ${String(r.threads).padStart(7)} ${ms(r.medianMs).padStart(10)} ${ms(r.minMs).padStart(9)} ${r.gflops.toFixed(1).padStart(9)} ${String(r.runs).padStart(6)}`);
  }
  for (const [w, o] of Object.entries(ratios)) {
    console.log(`${w}: ${Object.entries(o).map(([k, v]) => `${k} = ${v.toFixed(2)}x`).join(', ')}`);
  }
  for (const s of skipped) console.log(`skipped ${s}`);
}
