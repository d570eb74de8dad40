/**
 * arm64 portability of the CPU kernels, proven on an x86-64 machine (no arm64 hardware or Node binary needed):
 * - native/cpu/test/portable_check.cc checks the kernels (GEMM / MatMul, Conv2D and its backprops, pooling, LSTM,
 *   softmax, vector math, the thread pool) against double-precision loops, and the index / list kernels (GatherV2,
 *   Concat, OneHot, ArgMax, ClipByValue, InTopK, integer Add) through the registration table against hand-written
 *   values (8-byte elements, wrapping stores), linked without Node from the sources
 *   binding.gyp builds (all but addon.cc). It is cross-compiled with aarch64-linux-gnu-g++ and run under
 *   qemu-aarch64, where only the generic ISA may exist; and compiled natively, where it runs every ISA path the
 *   host has (the default one first, then each other one through TL_ISA).
 * - The whole addon (addon.cc included) is cross-built for arm64 by node-gyp, which must leave out the x86 ISA
 *   libraries (binding.gyp decides by target_arch, not by the host's arch).
 * The flags are the addon's Release flags (node-gyp: -O3 -std=gnu++17), so what is checked is what ships.
 *
 * Needs `apt-get install -y g++-aarch64-linux-gnu qemu-user` (.ci/run installs them). Without them the arm64
 * checks are skipped locally, and fail in CI (CI set) so that they can never silently stop running.
 */
import { describe, it, expect } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, cpSync, mkdirSync, openSync, readSync, closeSync } from 'node:fs';
import { availableParallelism, homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const DRIVER = 'native/cpu/test/portable_check.cc';
const INSTALL = 'the arm64 checks need a cross compiler and an emulator: apt-get install -y g++-aarch64-linux-gnu qemu-user';
const inCI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

function has(cmd: string): boolean {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}
const CROSS = 'aarch64-linux-gnu-g++';
const QEMU = ['qemu-aarch64', 'qemu-aarch64-static'].find(has);
const haveCross = has(CROSS) && QEMU !== undefined;
const HOST_CXX = ['g++', 'c++'].find(has);
const hostX86 = process.arch === 'x64' || process.arch === 'ia32';

// The sources the addon builds: binding.gyp's listed files plus every native/cpu/kernels/*.cc (binding.gyp lists
// those by a command, no hand-kept list), without the Node-API files (addon.cc, dispatch/) and the x86-only ISA files.
const gypText = readFileSync(join(root, 'binding.gyp'), 'utf8');
const gypSources = [
  ...[...gypText.matchAll(/"(native\/cpu\/[\w/]+\.cc)"/g)].map((m) => m[1]!),
  ...readdirSync(join(root, 'native/cpu/kernels')).filter((f) => f.endsWith('.cc')).sort().map((f) => `native/cpu/kernels/${f}`),
];
const kernelSources = gypSources.filter((s) => !s.endsWith('/addon.cc') && !s.includes('/dispatch/') && !/\/isa_avx\w*\.cc$/.test(s));
// node-gyp's Release flags for the addon's C++ (see build/*.target.mk), plus warnings.
const FLAGS = ['-O3', '-std=gnu++17', '-pthread', '-Wall', '-Wextra', '-Wno-unused-parameter'];
// binding.gyp's per-ISA flags (x86 hosts only).
const X86_ISAS: [string, string[]][] = [
  ['native/cpu/simd/isa_avx2.cc', ['-mavx2', '-mfma']],
  ['native/cpu/simd/isa_avx512.cc', ['-mavx512f', '-mavx512dq', '-mavx512bw', '-mavx512vl', '-mfma', '-Wno-uninitialized', '-Wno-maybe-uninitialized']],
];

// Checks every run must report (prefixes of the driver's "ok" lines).
const REQUIRED = [
  'gemm 1x1x1', 'gemm 7x13x5 ta tb', 'gemm 33x17x65 ta', 'gemm 100x3x257 tb', 'gemm 1x37x29', 'gemm 41x53x1', 'gemm 40x700x37 ta tb',
  'gemm 33x17x65 acc', 'matmul [2,3,7,13] [3,13,5]', 'matmul [4,11,9] [9,6]', 'matmul [1,9,11] [5,6,9] ta tb',
  'matmul [3,1,17,4] [1,2,23,4] tb',
  ...['conv2d', 'conv2d_backprop_input', 'conv2d_backprop_filter'].flatMap((k) => [`${k} NHWC 2x9x11x6`, `${k} NCHW 2x9x11x6`, `${k} NCHW 1x8x6x5`]),
  ...['max_pool', 'max_pool_grad', 'avg_pool', 'avg_pool_grad'].flatMap((k) => [`${k} NHWC`, `${k} NCHW`]),
  ...['i', 'cs', 'f', 'o', 'ci', 'co', 'h'].map((g) => `lstm_sequence 4x5x7x37 peephole clip ${g}`),
  'lstm_sequence 3x9x13x70 h', 'lstm_sequence 5x2x3x21 peephole states-only h',
  'softmax 3x37x1', 'log_softmax 3x37x1', 'softmax 2x11x5', 'log_softmax 2x11x5',
  'unary Exp', 'unary Log', 'unary Tanh', 'unary Sigmoid',
  'parallel_for 3 threads: every task once', "parallel_for 3 threads: a task's exception is rethrown",
  'gemm 150x333x170: 1 and 3 threads identical', 'gemm 97x401x211 ta tb: 1 and 3 threads identical',
  'gemm 1x5000x1100: 1 and 3 threads identical', 'matmul [6,9,31] [6,31,20]: 1 and 3 threads identical',
  'registry GatherV2 float64 rows, int64 indices', 'registry GatherV2 int64 elements', 'registry GatherV2 index error text',
  'registry Concat int64 axis 1', 'registry OneHot int64 wrap', 'registry OneHot int32 wrap', 'registry OneHot uint8 wrap',
  'registry ArgMax / ArgMin float64 NaN and ties', 'registry ClipByValue signed zeros, NaN', 'registry InTopK ties in, non-finite row out',
  'registry Add int64 wraps',
];

function exec(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((ok, fail) => {
    execFile(cmd, args, { cwd: opts.cwd ?? root, env: opts.env, maxBuffer: 64 << 20, timeout: 300_000 }, (err, stdout, stderr) => {
      if (err) fail(new Error(`${cmd} ${args.join(' ')} failed:\n${stdout}\n${stderr}`));
      else ok(stdout + stderr);
    });
  });
}

/** Compiles each unit to an object (in parallel) and links them into dir/portable_check. */
async function build(cxx: string, units: [string, string[]][], defines: string[], link: string[], dir: string): Promise<string> {
  const queue = units.map(([src, extra], i) => ({ src, extra, obj: join(dir, `${i}.o`) }));
  const jobs = [...queue];
  const worker = async (): Promise<void> => {
    for (let u = jobs.shift(); u; u = jobs.shift()) await exec(cxx, [...FLAGS, ...defines, ...u.extra, '-c', u.src, '-o', u.obj]);
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), queue.length) }, worker));
  const exe = join(dir, 'portable_check');
  await exec(cxx, ['-pthread', ...link, ...queue.map((u) => u.obj), '-o', exe]);
  return exe;
}

interface Run { head: string; ok: string[]; out: string }

/** Runs the driver; expects exit 0, no FAIL line, the PASSED summary and every required check. */
function runDriver(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, timeout: 300_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  expect(r.error, `${what}: ${r.error}`).toBeUndefined();
  expect(r.status, `${what} exited ${r.status}:\n${out}`).toBe(0);
  const lines = out.trim().split('\n');
  expect(lines.filter((l) => l.startsWith('FAIL')), `${what}:\n${out}`).toEqual([]);
  expect(lines.at(-1)).toBe('PASSED: 0 failure(s)');
  const ok = lines.filter((l) => l.startsWith('ok   ')).map((l) => l.slice(5).replace(/ \([^)]*\)$/, ''));
  const missing = REQUIRED.filter((name) => !ok.some((n) => n === name || n.startsWith(`${name} `)));
  expect(missing, `${what}: checks missing from the output:\n${out}`).toEqual([]);
  return { head: lines[0]!, ok, out };
}

function elfMachine(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(20);
    readSync(fd, b, 0, 20, 0);
    expect(b.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    return b.readUInt16LE(18);
  } finally {
    closeSync(fd);
  }
}
const EM_AARCH64 = 183;

/** Where Node's headers are (node-gyp --nodedir): npm's config, the install prefix, or node-gyp's cache. */
function nodeDir(): string | undefined {
  const candidates = [process.env.npm_config_nodedir, resolve(dirname(process.execPath), '..'),
    join(homedir(), '.cache', 'node-gyp', process.versions.node)];
  return candidates.find((d) => d && existsSync(join(d, 'include', 'node', 'node_api.h')));
}

let hostNames: string[] | undefined;

describe('native kernels without Node (portable_check.cc)', () => {
  it('the kernel sources are the generic-ISA set binding.gyp builds', () => {
    expect(kernelSources).toContain('native/cpu/simd/isa_generic.cc');
    expect(kernelSources).toContain('native/cpu/threadpool.cc');
    expect(kernelSources).toContain('native/cpu/cpu_features.cc');
    expect(kernelSources.filter((s) => s.includes('/kernels/')).length).toBeGreaterThan(10);
    for (const [src] of X86_ISAS) expect(existsSync(join(root, src))).toBe(true);
  });

  it.skipIf(!HOST_CXX)(`host build (${process.arch}): every ISA path this CPU has`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-portable-host-'));
    try {
      const units: [string, string[]][] = [[DRIVER, []], ...kernelSources.map((s): [string, string[]] => [s, []])];
      if (hostX86) units.push(...X86_ISAS);
      const exe = await build(HOST_CXX!, units, hostX86 ? ['-DTL_HAVE_X86_ISAS'] : [], [], dir);
      const env = { ...process.env, TL_ISA: '', TL_NUM_THREADS: '' };
      const first = runDriver(exe, [], env, 'host (default ISA)');
      const m = /^arch (\S+) isa (\S+) available (\S+) /.exec(first.head);
      expect(m, first.head).not.toBeNull();
      const isas = m![3]!.split(',');
      expect(isas[0]).toBe(m![2]);  // forcing nothing picks the best path
      expect(isas.at(-1)).toBe('generic');
      for (const isa of isas.slice(1)) {
        const r = runDriver(exe, [], { ...env, TL_ISA: isa }, `host (TL_ISA=${isa})`);
        expect(r.head).toContain(` isa ${isa} `);
        expect(r.ok).toEqual(first.ok);
      }
      hostNames = first.ok;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  it.skipIf(!haveCross && !inCI)('aarch64: cross-compiled, run under qemu-aarch64, generic ISA only', async () => {
    if (!haveCross) throw new Error(`CI is set but ${CROSS} or qemu-aarch64 is missing: ${INSTALL}`);
    const dir = mkdtempSync(join(tmpdir(), 'tl-portable-arm64-'));
    try {
      // Static: qemu then needs no aarch64 sysroot (-L) at run time.
      const exe = await build(CROSS, [[DRIVER, []], ...kernelSources.map((s): [string, string[]] => [s, []])], [], ['-static'], dir);
      expect(elfMachine(exe)).toBe(EM_AARCH64);
      const r = runDriver(QEMU!, [exe], { ...process.env, TL_ISA: '', TL_NUM_THREADS: '' }, 'aarch64 under qemu');
      expect(r.head).toBe('arch aarch64 isa generic available generic gemm 4x16');
      if (hostNames) expect(r.ok).toEqual(hostNames);  // the same checks as on the host, none left out
      console.log(`aarch64 (qemu): ${r.ok.length} checks passed`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  // The whole addon through node-gyp, as `prebuildify --arch arm64` or `node-gyp rebuild --arch=arm64` would build it.
  const nodedir = nodeDir();
  it.skipIf((!haveCross && !inCI) || !nodedir)('aarch64: node-gyp cross-builds the addon without the x86 ISA libraries', async () => {
    if (!haveCross) throw new Error(`CI is set but ${CROSS} or qemu-aarch64 is missing: ${INSTALL}`);
    const dir = mkdtempSync(join(tmpdir(), 'tl-gyp-arm64-'));
    try {
      for (const f of ['binding.gyp', 'package.json']) cpSync(join(root, f), join(dir, f));
      mkdirSync(join(dir, 'native'));
      cpSync(join(root, 'native', 'cpu'), join(dir, 'native', 'cpu'), { recursive: true });
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
      const env = { ...process.env, CC: 'aarch64-linux-gnu-gcc', CXX: CROSS, LINK: CROSS, AR: 'aarch64-linux-gnu-ar' };
      const gyp = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
      await exec(process.execPath, [gyp, 'configure', '--arch=arm64', `--nodedir=${nodedir}`], { cwd: dir, env });
      expect(existsSync(join(dir, 'build', 'tensorlane.target.mk'))).toBe(true);
      expect(existsSync(join(dir, 'build', 'tl_isa_avx2.target.mk'))).toBe(false);
      expect(existsSync(join(dir, 'build', 'tl_isa_avx512.target.mk'))).toBe(false);
      expect(readFileSync(join(dir, 'build', 'tensorlane.target.mk'), 'utf8')).not.toContain('TL_HAVE_X86_ISAS');
      await exec(process.execPath, [gyp, 'build', '--jobs=max', `--nodedir=${nodedir}`], { cwd: dir, env });
      expect(elfMachine(join(dir, 'build', 'Release', 'tensorlane.node'))).toBe(EM_AARCH64);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
