/**
 * The `tensorlane` command, run as a user runs it: `node bin/tensorlane.js ...` in a child process (async, so
 * the test runner is never blocked). Exit codes and where messages go (stdout/stderr) are part of the contract.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as tl from '../../src/index.js';
import { benchCommand, CliError } from '../../src/cli/commands.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'tensorlane.js');
const tmp = mkdtempSync(join(tmpdir(), 'tl-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('tensorlane command', () => {
  it('--version prints the package version; --help lists the subcommands', async () => {
    const [v, h] = await Promise.all([cli('--version'), cli('--help')]);
    expect(v).toMatchObject({ code: 0, stdout: `${tl.VERSION}\n` });
    expect(h.code).toBe(0);
    for (const sub of ['info', 'bench', 'run', 'convert', 'demo']) expect(h.stdout).toMatch(new RegExp(`^  ${sub}\\b`, 'm'));
  });

  it('info: version, every backend (present, or missing with the reason), cpu and threads', async () => {
    const r = await cli('info', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.version).toBe(tl.VERSION);
    expect(report.backends.map((b: any) => b.name).sort()).toEqual(tl.info().backends.map((b) => b.name).sort());
    for (const b of report.backends) if (!b.present) expect(typeof b.reason).toBe('string');
    expect(report.cpu.logicalCores).toBeGreaterThan(0);
    expect(report.threads).toBeGreaterThan(0);
  });

  it('an unknown subcommand or option fails with a message on stderr', async () => {
    const [bad, badOpt] = await Promise.all([cli('trian'), cli('info', '--bogus')]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/unknown command 'trian'/);
    expect(bad.stdout).toBe('');
    expect(badOpt.code).not.toBe(0);
    expect(badOpt.stderr).toMatch(/unknown option '--bogus'/);
  });

  it('run: a bad .npy input is reported with the file; without tl.onnx the command says so', async () => {
    const model = join(tmp, 'm.onnx');
    writeFileSync(model, new Uint8Array([8, 7]));
    const badNpy = join(tmp, 'bad.npy');
    writeFileSync(badNpy, new Uint8Array([0x93, 78, 85, 77, 80, 89, 1, 0, 200, 0]));
    const good = join(tmp, 'x.json');
    writeFileSync(good, JSON.stringify({ shape: [2], data: [1, 2] }));
    const [npyErr, guarded, missing] = await Promise.all([
      cli('run', model, '--input', `x=${badNpy}`),
      cli('run', model, '--input', `x=${good}`),
      cli('run', join(tmp, 'nope.onnx')),
    ]);
    expect(npyErr.code).not.toBe(0);
    expect(npyErr.stderr).toContain(`tensorlane run: npy: ${badNpy}: header length 200 runs past the end`);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no such file/);
    if (!('onnx' in tl)) {
      expect(guarded.code).not.toBe(0);
      expect(guarded.stderr).toMatch(/tensorlane run: run needs ONNX support \(tl\.onnx\)/);
    } else {
      // With tl.onnx present the (invalid) model bytes reach tl.onnx.load, which rejects them.
      expect(guarded.stderr).not.toMatch(/needs ONNX support/);
    }
  });

  it('convert: both directions in --help; bad ONNX sources and targets are reported; guarded when tl.keras / tl.onnx are absent', async () => {
    const dir = join(tmp, 'saved');
    rmSync(dir, { recursive: true, force: true });
    const bad = join(tmp, 'bad.onnx');
    writeFileSync(bad, new Uint8Array([8, 7]));
    const [help, badModel, missing, toOnnx, opset, guarded] = await Promise.all([
      cli('convert', '--help'),
      cli('convert', bad, dir),
      cli('convert', join(tmp, 'nope.onnx'), dir),
      cli('convert', bad, join(tmp, 'again.onnx')),
      cli('convert', bad, dir, '--opset', '13'),
      cli('convert', tmp, join(tmp, 'out.onnx')),
    ]);
    expect(help.code).toBe(0);
    const helpText = help.stdout.replace(/\s+/g, ' '); // commander wraps long lines
    expect(helpText).toMatch(/Keras saved-model directory to ONNX, or an ONNX model to a Keras saved-model directory/);
    expect(helpText).toMatch(/source a Keras saved-model directory, or an \.onnx file/);
    expect(helpText).toMatch(/the directory to save the Keras model in \(ONNX → Keras\)/);
    for (const r of [badModel, missing, toOnnx, opset]) {
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
    }
    if ('onnx' in tl) expect(badModel.stderr).toMatch(/^tensorlane convert: onnx\.toKeras: '.*bad\.onnx' has no graph/);
    expect(missing.stderr).toMatch(/no such file '.*nope\.onnx'/);
    expect(toOnnx.stderr).toMatch(/must be a directory for the Keras model/);
    expect(opset.stderr).toMatch(/--opset applies to Keras → ONNX only/);
    if (!('keras' in tl)) {
      expect(guarded.code).not.toBe(0);
      expect(guarded.stderr).toMatch(/convert needs Keras model support \(tl\.keras\.models\.loadModel\)/);
    }
  });

  it('bench: outside a checkout (no scripts/bench/run.ts) it explains instead of running', async () => {
    const lines: string[] = [];
    await expect(benchCommand({ log: (l) => lines.push(l) }, [], tmp + '/')).rejects.toThrow(CliError);
    await expect(benchCommand({ log: (l) => lines.push(l) }, [], tmp + '/')).rejects.toThrow(/source checkout.*npm run bench/);
    expect(lines).toEqual([]);
  });
});
