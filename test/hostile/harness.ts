/**
 * Parent side of the hostile suite: runs a backend's cases in a child process (child.ts), with a per-case
 * timeout. A case that hangs (no result line in time) or kills the child is recorded as a failure naming the
 * case, and a fresh child goes on from the next case, so one bad case never takes the runner down.
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

export interface CaseResult {
  i: number;
  name: string;
  ok: boolean;
  how: string;
  /** Time the call took in the child (absent for hangs and crashes). */
  ms?: number;
}

const STARTUP_MS = 60_000;
const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

function runFrom(backend: string, first: number, perCaseMs: number, modPath: string, results: Map<number, CaseResult>): Promise<{ next: number; done: boolean; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, backend, String(first), modPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TL_TEST_BACKENDS: '' },
    });
    // Lower priority: the batch is CPU-bound and runs beside the other test workers, which must stay responsive
    // (vitest's worker RPC times out when they starve).
    try {
      if (child.pid) setPriority(child.pid, 10);
    } catch {
      // not permitted here: run at normal priority
    }
    let current = -1;
    let buf = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    let timedOut = false;
    const arm = (ms = perCaseMs) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, ms);
    };
    arm(STARTUP_MS); // loading the library, the wasm module and the addon, on a busy machine
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('S ')) {
          current = Number(line.slice(2));
          arm();
        } else if (line.startsWith('R ')) {
          const r = JSON.parse(line.slice(2)) as CaseResult;
          results.set(r.i, r);
          current = -1;
        } else if (line === 'D') finished = true;
        else if (line.startsWith('E ')) stderr += line;
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-2000);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (finished) return resolve({ next: -1, done: true });
      if (current < 0) {
        // Died between cases (or before the first): nothing to blame on a case.
        return resolve({ next: -1, done: false, error: `child exited (${code ?? signal}) outside a case: ${stderr.slice(-500)}` });
      }
      const how = timedOut ? `hang: no result within ${perCaseMs} ms` : `crash: child exited with ${code ?? signal}: ${stderr.slice(-300)}`;
      results.set(current, { i: current, name: `case #${current}`, ok: false, how });
      resolve({ next: current + 1, done: false });
    });
  });
}

/** Runs every case of `modPath` (relative to child.ts) on `backend`; returns one result per case run. */
export async function runHostile(backend: string, opts: { perCaseMs?: number; modPath?: string } = {}): Promise<{ results: CaseResult[]; errors: string[] }> {
  const results = new Map<number, CaseResult>();
  const errors: string[] = [];
  let next = 0;
  for (let restarts = 0; restarts < 100; restarts++) {
    const r = await runFrom(backend, next, opts.perCaseMs ?? 10_000, opts.modPath ?? './cases.js', results);
    if (r.done) break;
    if (r.error) {
      errors.push(r.error);
      break;
    }
    next = r.next;
  }
  return { results: [...results.values()].sort((a, b) => a.i - b.i), errors };
}
