/**
 * Packaging: `npm pack` of the checkout with the release prebuilds (linux-x64, and linux-arm64 cross-built, checked
 * by its ELF header), its contents and size checked, installed into a fresh project whose PATH has no
 * C++ compiler, runs a matmul on the native backend; and without the prebuild the install script prints one
 * line and exits 0, leaving the reason in tl.info(). Everything happens in temp copies (the checkout's build/
 * and prebuilds/ are untouched). The install runs offline with an empty npm cache of its own: the package's runtime
 * dependencies are packed from the checkout's node_modules and given to the consumer as local tarballs, so the
 * test never depends on what npm's cache happens to hold (`npm ci` on a new machine fills it with tarballs only,
 * without the registry metadata an offline install of a semver range needs).
 */
import { describe, it, expect } from 'vitest';
import { execFile, spawnSync, type ExecFileOptions } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tl from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hasNative = tl.backends().includes('native');
const hasDist = existsSync(join(root, 'dist', 'index.js'));

/**
 * Runs a command without blocking the event loop (a minute-long spawnSync starves vitest's worker RPC, which then
 * reports an unhandled timeout error); resolves with its stdout, rejects with its output on failure.
 */
function run(cmd: string, args: string[], opts: ExecFileOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: 240_000, maxBuffer: 64 * 1024 * 1024, ...opts }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed (${err.code ?? err.signal}):\n${stdout}\n${stderr}`));
      else resolve(String(stdout));
    });
  });
}

/** A PATH holding links to everything on the current PATH except C/C++ compilers. */
function pathWithoutCompilers(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const compiler = /^(g\+\+|c\+\+|gcc|cc|clang|clang\+\+|cpp|[\w-]*-(g\+\+|gcc|c\+\+))([-.\d]*)$/;
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    if (!d || !existsSync(d)) continue;
    for (const f of readdirSync(d)) {
      if (compiler.test(f) || existsSync(join(dir, f))) continue;
      try { symlinkSync(join(d, f), join(dir, f)); } catch { /* name clash or unreadable: skip */ }
    }
  }
  return dir;
}

/**
 * The prebuilds a release must hold from this host: its own platform, plus linux-arm64 (cross-built) on x86-64
 * Linux when the aarch64 toolchain is present — always in CI, where .ci/run installs it.
 */
function releasePlatforms(): string[] {
  const own = `${process.platform}-${process.arch}`;
  const cross = process.platform === 'linux' && process.arch === 'x64' &&
    (process.env.CI || spawnSync('sh', ['-c', 'command -v aarch64-linux-gnu-g++']).status === 0);
  return cross ? [own, 'linux-arm64'] : [own];
}

/** ELF machine of a .node file (62 x86-64, 183 AArch64). */
function elfMachine(bytes: Buffer): number {
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  return bytes.readUInt16LE(18);
}

/**
 * What the tarball holds: the runtime (dist with its .wasm, the install script, the sources to build from), the
 * prebuilds for `platforms`, the data the demo reads; no tests, benches, TypeScript sources, examples or build
 * outputs, and a bounded size.
 */
async function checkPackageContents(tgz: string, platforms: string[]): Promise<void> {
  const files = (await run('tar', ['tzf', tgz], {})).trim().split('\n').map((f) => f.replace(/^package\//, ''));
  for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'binding.gyp', 'dist/index.js', 'dist/index.d.ts',
    'dist/backends/wasm/tensorlane.wasm', 'scripts/install-native.mjs', 'native/cpu/addon.cc', 'data/digits.csv.gz',
    // the `tensorlane` command, and the TensorBoard schema dist/summary loads at run time
    'bin/tensorlane.js', 'dist/cli/index.js', 'dist/cli/commands.js', 'proto/tensorboard.proto', 'dist/summary/proto.js']) {
    expect(files, f).toContain(f);
  }
  for (const p of platforms) expect(files.filter((f) => f.startsWith(`prebuilds/${p}/`) && f.endsWith('.node')), p).toHaveLength(1);
  const forbidden = /^(test|src|examples|docs|scripts\/(?!install-native\.mjs$)|native\/cpu\/test|build\/|node_modules|\.ci|\.git)/;
  expect(files.filter((f) => forbidden.test(f))).toEqual([]);
  expect(files.filter((f) => f.startsWith('data/')).sort()).toEqual(
    ['data/README.md', 'data/diabetes_data_raw.csv.gz', 'data/diabetes_target.csv.gz', 'data/digits.csv.gz', 'data/iris.csv']);
  expect(statSync(tgz).size).toBeLessThan(6 * 1024 * 1024);
  if (platforms.includes('linux-arm64')) {
    const dir = mkdtempSync(join(tmpdir(), 'tl-tgz-'));
    try {
      await run('tar', ['xzf', tgz, '-C', dir], {});
      const arm = readdirSync(join(dir, 'package', 'prebuilds', 'linux-arm64')).find((f) => f.endsWith('.node'))!;
      expect(elfMachine(readFileSync(join(dir, 'package', 'prebuilds', 'linux-arm64', arm)))).toBe(183);
      const own = readdirSync(join(dir, 'package', 'prebuilds', `${process.platform}-${process.arch}`)).find((f) => f.endsWith('.node'))!;
      expect(elfMachine(readFileSync(join(dir, 'package', 'prebuilds', `${process.platform}-${process.arch}`, own)))).toBe(62);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * The package's runtime dependencies and, transitively, theirs: name -> folder in node_modules, resolved as Node
 * does (a nested node_modules first, then the folders above). One version per name is all a flat consumer
 * package.json can list, so a second version of a name fails here, naming it.
 */
function runtimeDependencyClosure(): Map<string, string> {
  const found = new Map<string, string>();
  const top = root.replace(/\/$/, '');
  const resolve = (name: string, from: string): string => {
    for (let d = from; d.startsWith(top); d = join(d, '..')) {
      const candidate = join(d, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
    }
    throw new Error(`runtime dependency ${name} (needed by ${from}) is not installed`);
  };
  const version = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version as string;
  const visit = (dir: string) => {
    for (const name of Object.keys(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies ?? {})) {
      const at = resolve(name, dir);
      const seen = found.get(name);
      if (seen !== undefined) {
        if (version(seen) !== version(at)) throw new Error(`two versions of ${name} (${version(seen)}, ${version(at)}) among the runtime dependencies`);
        continue;
      }
      found.set(name, at);
      visit(at);
    }
  };
  visit(top);
  return found;
}

/** A .npy file (format 1.0) of float32 values, written here byte by byte from the format's definition. */
function npyFloat32(shape: number[], values: number[]): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n'; // the data starts on a 64-byte boundary
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head.writeUInt8(1, 6);
  head.writeUInt8(0, 7);
  head.writeUInt16LE(header.length, 8);
  const data = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => data.writeFloatLE(v, 4 * i));
  return Buffer.concat([head, Buffer.from(header, 'latin1'), data]);
}

/**
 * The installed package's `tensorlane` command (bin/ → dist/cli), typed as a user types it: `npx tensorlane info`
 * lists the version and the backends; `npx tensorlane run model.onnx --input x=x.npy` runs a tiny ONNX model,
 * y = relu(x·W + b), on tensorlane's own importer (onnxruntime-node, an optional peer, is not installed there);
 * `npx tensorlane convert model.onnx keras_model` saves it as a Keras model that predicts the same.
 */
async function checkInstalledCommand(proj: string, env: NodeJS.ProcessEnv): Promise<void> {
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
  const info = await run('npx', ['--no-install', 'tensorlane', 'info'], { cwd: proj, env });
  expect(info).toMatch(new RegExp(`^tensorlane ${version.replace(/\./g, '\\.')} \\(node v`, 'm'));
  expect(info).toMatch(/^active backend: native$/m);
  for (const b of ['native', 'wasm', 'js']) expect(info, b).toMatch(new RegExp(`^  ${b}\\s+present`, 'm'));

  const { makeModel } = await import('../onnx/make_model.js');
  writeFileSync(join(proj, 'model.onnx'), makeModel({
    inputs: [{ name: 'x', type: 'float', shape: ['N', 3] }],
    outputs: [{ name: 'y', type: 'float', shape: ['N', 2] }],
    initializers: [
      { name: 'W', type: 'float', dims: [3, 2], values: [1, 0, 0, 1, 1, -1] },
      { name: 'b', type: 'float', dims: [2], values: [0.5, -4] },
    ],
    nodes: [
      { op: 'MatMul', inputs: ['x', 'W'], outputs: ['xw'] },
      { op: 'Add', inputs: ['xw', 'b'], outputs: ['z'] },
      { op: 'Relu', inputs: ['z'], outputs: ['y'] },
    ],
  }));
  writeFileSync(join(proj, 'x.npy'), npyFloat32([2, 3], [1, 2, 3, -1, 0, 1]));
  const printed = await run('npx', ['--no-install', 'tensorlane', 'run', 'model.onnx', '--input', 'x=x.npy'], { cwd: proj, env });
  const result = JSON.parse(printed.trim().split('\n').pop()!);
  // x·W = [[4, -1], [0, -1]]; + b = [[4.5, -5], [0.5, -5]]; relu → [[4.5, 0], [0.5, 0]].
  expect(result).toEqual({ y: { dtype: 'float32', shape: [2, 2], data: [4.5, 0, 0.5, 0] } });

  // `tensorlane convert model.onnx dir`: the same model as a Keras model directory (one Dense layer with relu).
  const converted = await run('npx', ['--no-install', 'tensorlane', 'convert', 'model.onnx', 'keras_model'], { cwd: proj, env });
  expect(converted.trim().split('\n').pop()).toBe('wrote keras_model (a Keras model: 2 layers, 8 parameters)');
  writeFileSync(join(proj, 'keras.mjs'), `
    import * as tl from 'tensorlane';
    const m = tl.keras.models.loadModel('keras_model');
    const y = await m.predict(tl.tensor([[1, 2, 3], [-1, 0, 1]]));
    console.log(JSON.stringify(Array.from(y.dataSync())));
  `);
  expect(JSON.parse((await run(process.execPath, ['keras.mjs'], { cwd: proj, env })).trim().split('\n').pop()!)).toEqual([4.5, 0, 0.5, 0]);
}

/** tl.summary from the installed package: dist/summary finds proto/tensorboard.proto; a scalar survives the round trip. */
async function checkInstalledSummaries(proj: string, env: NodeJS.ProcessEnv): Promise<void> {
  writeFileSync(join(proj, 'summary.mjs'), `
    import * as tl from 'tensorlane';
    const writer = new tl.summary.FileWriter('logs');
    writer.addSummary(tl.summary.scalar('loss', 0.25), 3);
    await writer.close();
    const events = await tl.summary.readEvents(writer.path);
    console.log(JSON.stringify(events.map((e) => e.fileVersion ?? [e.step, e.summary.value[0].tag, e.summary.value[0].simpleValue])));
  `);
  const out = JSON.parse((await run(process.execPath, ['summary.mjs'], { cwd: proj, env })).trim().split('\n').pop()!);
  expect(out).toEqual(['brain.Event:2', [3, 'loss', 0.25]]);
}

// Needs the compiled dist/ (npm ci's prepare step builds it) and a working native build to prebuildify.
describe.skipIf(!hasNative || !hasDist)('native packaging', () => {
  it('npm pack + install without a compiler runs matmul on native, the tensorlane command and summaries; without a prebuild the install still succeeds', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'tl-pack-'));
    try {
      // 1. A copy of the checkout (what `npm pack` would see, without node_modules, build outputs and git),
      //    with the release prebuilds made there (`npm run prebuild:all`: this platform, and linux-arm64
      //    cross-built on an x86-64 Linux host with the aarch64 toolchain CI installs).
      const pkg = join(tmp, 'pkg');
      const skip = new Set(['node_modules', '.git', 'build', 'prebuilds', '.vitest-report.json']);
      cpSync(root, pkg, { recursive: true, filter: (src) => !skip.has(relative(root, src).split(sep)[0]!) });
      symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'));
      const release = releasePlatforms();
      await run(process.execPath, ['scripts/prebuild-all.mjs', '--require', release.join(',')], { cwd: pkg });
      const tgz = (await run('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp], { cwd: pkg })).trim().split('\n').pop()!;
      await checkPackageContents(join(tmp, tgz), release);

      // 2. A consumer project, installed offline from an empty cache with no compiler reachable. tensorlane's
      //    runtime dependencies and theirs (cli-progress needs string-width, protobufjs its @protobufjs/* parts)
      //    come as tarballs packed from our node_modules, listed in the consumer's own package.json, so npm
      //    finds every range satisfied locally. (npm 11 skips dependency install scripts unless
      //    approved; older npm runs ours, which finds the prebuild. Either way: no build.)
      const PATH = pathWithoutCompilers(join(tmp, 'bin'));
      const env = {
        ...process.env, PATH, HOME: join(tmp, 'home'), npm_config_cache: join(tmp, 'npm-cache'), npm_config_offline: 'true',
        npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false',
      };
      mkdirSync(env.HOME);
      const deps = join(tmp, 'deps');
      mkdirSync(deps);
      const local: Record<string, string> = {};
      for (const [d, dir] of runtimeDependencyClosure()) {
        const file = (await run('npm', ['pack', dir, '--ignore-scripts', '--pack-destination', deps], { cwd: deps, env })).trim().split('\n').pop()!;
        local[d] = `file:${join(deps, file)}`;
      }
      const proj = join(tmp, 'proj');
      mkdirSync(proj);
      writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true, dependencies: local }));
      await run('npm', ['install', join(tmp, tgz), '--foreground-scripts'], { cwd: proj, env });
      writeFileSync(join(proj, 'run.mjs'), `
        import * as tl from 'tensorlane';
        await tl.ready();
        const c = tl.matMul(tl.tensor([[1, 2], [3, 4]]), tl.tensor([[5, 6], [7, 8]]));
        const n = tl.info().backends.find((b) => b.name === 'native');
        console.log(JSON.stringify({ on: c.dataId.backend.name, c: Array.from(c.dataSync()), binary: n.details?.binary ?? null, reason: n.reason ?? null }));
      `);
      const out1 = JSON.parse((await run(process.execPath, ['run.mjs'], { cwd: proj, env })).trim().split('\n').pop()!);
      expect(out1.on).toBe('native');
      expect(out1.c).toEqual([19, 22, 43, 50]);
      expect(out1.binary).toMatch(/prebuilds/);
      await checkInstalledCommand(proj, env);
      await checkInstalledSummaries(proj, env);

      // 3. No prebuild and no compiler: the install script says why in one line and exits 0.
      const installed = join(proj, 'node_modules', 'tensorlane');
      rmSync(join(installed, 'prebuilds'), { recursive: true, force: true });
      const r = spawnSync(process.execPath, ['scripts/install-native.mjs'], { cwd: installed, env, encoding: 'utf8', timeout: 240_000 });
      expect(r.status).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^tensorlane: native addon not built \(.+\); the wasm\/js backends will be used/);
      const out2 = JSON.parse((await run(process.execPath, ['run.mjs'], { cwd: proj, env })).trim().split('\n').pop()!);
      expect(out2.on).not.toBe('native');
      expect(out2.c).toEqual([19, 22, 43, 50]);
      expect(out2.reason).toMatch(/no prebuilt binary.*not built/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 600_000);
});
