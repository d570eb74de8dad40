/**
 * `npm run bench:wasm [-- --json] [--only mm1024,conv] [--repeat N]`: tensorlane's wasm backend against
 * tfjs-wasm, one thread each, each engine in its own child process (runner_wasm.ts, runner_tfjs_wasm.ts:
 * RunnerResult lines, the same protocol as run.ts's runners). Prints the median ms, GFLOP/s and the ratio
 * tfjs time / tensorlane time (above 1: tensorlane-wasm is faster). A workload an engine cannot run shows why.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, type RunnerResult } from './workloads.js';
import { WASM_WORKLOADS } from './wasm_workloads.js';

const here = dirname(fileURLToPath(import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const RUNNERS = [
  { name: 'tensorlane-wasm', file: 'runner_wasm.ts' },
  { name: 'tfjs-wasm', file: 'runner_tfjs_wasm.ts' },
];

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const onlyArg = argv.indexOf('--only');
const only = onlyArg >= 0 ? argv[onlyArg + 1]!.split(',') : WASM_WORKLOADS.map((w) => w.name);
const repeatArg = argv.indexOf('--repeat');
const repeat = repeatArg >= 0 ? Math.max(1, Number(argv[repeatArg + 1])) : 3;

function runChild(r: (typeof RUNNERS)[number]): RunnerResult {
  const p = spawnSync(process.execPath, [tsxCli, join(here, r.file), only.join(',')], {
    encoding: 'utf8',
    env: { ...process.env, TL_NUM_THREADS: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = p.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (p.status !== 0 || !line) return { runner: r.name, threads: 1, times: {}, checksums: {}, skipped: `runner failed: ${(p.stderr || '').trim().split('\n').pop()}` };
  return JSON.parse(line) as RunnerResult;
}

// Runs are interleaved (ours, theirs, ours, ...) so load from other processes spreads over both engines.
const pooled = new Map<string, RunnerResult>();
for (let rep = 0; rep < repeat; rep++) {
  // Odd repetitions run the engines in the other order, so neither always follows the other.
  for (const r of rep % 2 === 0 ? RUNNERS : [...RUNNERS].reverse()) {
    const res = runChild(r);
    const prev = pooled.get(r.name);
    if (!prev) pooled.set(r.name, res);
    else for (const [w, t] of Object.entries(res.times)) (prev.times[w] ??= []).push(...t);
  }
}

const rows: { workload: string; runner: string; medianMs: number; minMs: number; gflops: number; runs: number }[] = [];
for (const res of pooled.values()) {
  for (const w of WASM_WORKLOADS.filter((x) => only.includes(x.name))) {
    const t = res.times[w.name];
    if (!t?.length) continue;
    const med = median(t);
    rows.push({ workload: w.name, runner: res.runner, medianMs: med, minMs: Math.min(...t), gflops: w.flops / (med * 1e6), runs: t.length });
  }
}
const ratios: Record<string, number> = {};
const notes: string[] = [];
for (const w of WASM_WORKLOADS.filter((x) => only.includes(x.name))) {
  const a = rows.find((r) => r.workload === w.name && r.runner === 'tensorlane-wasm');
  const b = rows.find((r) => r.workload === w.name && r.runner === 'tfjs-wasm');
  if (a && b) ratios[w.name] = b.medianMs / a.medianMs;
  for (const res of pooled.values()) {
    const err = res.info?.[`${w.name}Error`];
    if (err) notes.push(`${w.name}: ${res.runner} cannot run it: ${String(err)}`);
  }
}
for (const res of pooled.values()) if (res.skipped) notes.push(`${res.runner}: ${res.skipped}`);

if (json) {
  console.log(JSON.stringify({ rows, ratios, notes }, null, 2));
} else {
  console.log(`wasm backends, 1 thread; ${repeat} process runs per engine, medians of all timed iterations`);
  console.log('workload   runner              median ms    min ms   GFLOP/s   runs');
  for (const r of rows.sort((a, b) => a.workload.localeCompare(b.workload) || a.runner.localeCompare(b.runner))) {
    console.log(`${r.workload.padEnd(10)} ${r.runner.padEnd(17)} ${r.medianMs.toFixed(3).padStart(11)} ${r.minMs.toFixed(3).padStart(9)} ${r.gflops.toFixed(1).padStart(9)} ${String(r.runs).padStart(6)}`);
  }
  for (const [w, v] of Object.entries(ratios)) console.log(`${w}: tfjs-wasm / tensorlane-wasm = ${v.toFixed(2)}x`);
  for (const n of notes) console.log(n);
}
